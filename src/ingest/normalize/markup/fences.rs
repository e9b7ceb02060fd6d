//! Code blocks and fences: which lines are code (line by line, or as the renderer sees it),
//! and the final tidy that closes open fences and collapses blank lines. Separate because
//! every shape and the sanitizer need it, apart from any one rewrite.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

use super::{apply_edits, md_options};

/// For each line, whether it is inside a fenced code block (fence lines included), judged
/// line by line (for text that is not yet markdown).
pub(crate) fn fence_mask(lines: &[&str]) -> Vec<bool> {
    let mut mask = vec![false; lines.len()];
    let mut open: Option<(char, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        let indent = indent_columns(line);
        let t = line.trim();
        match open {
            None => {
                if indent <= 3
                    && let Some((c, n)) = fence_run(t)
                    && !(c == '`' && t[n..].contains('`'))
                {
                    open = Some((c, n));
                    mask[i] = true;
                }
            }
            Some((c, n)) => {
                mask[i] = true;
                if indent <= 3
                    && let Some((c2, n2)) = fence_run(t)
                    && c2 == c
                    && n2 >= n
                    && t[n2..].trim().is_empty()
                {
                    open = None;
                }
            }
        }
    }
    mask
}

/// Leading indentation in columns (a tab goes to the next multiple of four).
fn indent_columns(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col = (col / 4 + 1) * 4,
            _ => break,
        }
    }
    col
}

/// `(char, length)` of a fence (three or more backticks or tildes) starting `t`.
pub(crate) fn fence_run(t: &str) -> Option<(char, usize)> {
    let c = t.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = t.len() - t.trim_start_matches(c).len();
    (n >= 3).then_some((c, n))
}

/// For each line of `md`, whether it belongs to a code block (fenced or indented), as the
/// renderer sees it.
pub(crate) fn code_lines(md: &str) -> Vec<bool> {
    let starts = line_starts(md);
    let mut mask = vec![false; starts.len()];
    for (event, range) in Parser::new_ext(md, md_options()).into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(_)) = event {
            let first = line_of(&starts, range.start);
            let last = line_of(&starts, range.end.saturating_sub(1).max(range.start));
            for m in mask.iter_mut().take(last + 1).skip(first) {
                *m = true;
            }
        }
    }
    mask
}

fn line_starts(s: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(s.match_indices('\n').map(|(i, _)| i + 1));
    v
}

fn line_of(starts: &[usize], offset: usize) -> usize {
    match starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    }
}

/// Closes unclosed fences, removes leading blank lines, collapses runs of blank lines outside
/// code and ends the text with exactly one newline (or returns an empty string).
pub(crate) fn finish(md: &str) -> String {
    let md = close_fences(md);
    let code = code_lines(&md);
    let mut out = String::with_capacity(md.len() + 1);
    let mut blank_run = 0;
    for (i, line) in md.split('\n').enumerate() {
        let in_code = code.get(i).copied().unwrap_or(false);
        if !in_code && line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if blank_run > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Closes fenced blocks left open (at the end of the text or of their list item / quote): a
/// closing fence is inserted after the block with the container prefix of its opening line;
/// if that does not work, the opening fence is escaped (the block becomes text, which the
/// caller sanitizes again).
fn close_fences(md: &str) -> String {
    let mut cur = md.to_string();
    for attempt in 0..4 {
        let mut edits = Vec::new();
        for (event, range) in Parser::new_ext(&cur, md_options()).into_offset_iter() {
            let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) = event else {
                continue;
            };
            let src = &cur[range.clone()];
            let first = src.lines().next().unwrap_or_default();
            let trimmed = first.trim_start();
            let Some((c, n)) = fence_run(trimmed) else {
                continue;
            };
            if fence_is_closed(src, c, n) {
                continue;
            }
            if attempt == 0 {
                let line_start = cur[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let prefix: String = cur[line_start..range.start]
                    .chars()
                    .chain(first[..first.len() - trimmed.len()].chars())
                    .map(|ch| if ch == '>' || ch == '\t' { ch } else { ' ' })
                    .collect();
                let newline = if cur[..range.end].ends_with('\n') {
                    ""
                } else {
                    "\n"
                };
                let fence: String = std::iter::repeat_n(c, n).collect();
                edits.push((range.end..range.end, format!("{newline}{prefix}{fence}\n")));
            } else {
                let at = range.start + (first.len() - trimmed.len());
                edits.push((at..at, "\\".to_string()));
            }
        }
        if edits.is_empty() {
            break;
        }
        cur = apply_edits(&cur, edits);
    }
    cur
}

/// Whether the source of a fenced block (opened by `n` × `c`) ends with its closing fence.
pub(crate) fn fence_is_closed(src: &str, c: char, n: usize) -> bool {
    let body = src.trim_end_matches('\n');
    let lines: Vec<&str> = body.lines().collect();
    if lines.len() < 2 {
        return false;
    }
    let last = lines[lines.len() - 1]
        .trim_start_matches(|ch: char| ch == '>' || ch.is_whitespace())
        .trim_end();
    fence_run(last).is_some_and(|(c2, n2)| c2 == c && n2 >= n && last[n2..].trim().is_empty())
}
