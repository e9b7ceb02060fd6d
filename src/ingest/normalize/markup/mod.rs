//! Markdown-level helpers shared by every shape, and the wiki / Hugo / markdown rewrites.

mod cues;
mod escape;
mod fences;
mod title;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

use crate::ingest::text::collapse;
use cues::is_bullet;
pub(super) use cues::{html_tag_at, looks_hugo, looks_wiki, markdown_cues};
pub(super) use escape::{escape_heading, escape_inline, escape_line_start};
pub(super) use fences::{code_lines, fence_mask, finish};
#[cfg(test)]
pub(super) use fences::{fence_is_closed, fence_run};
pub(super) use title::{first_heading, first_line, tidy_title};

/// The extensions the site's renderer enables (`markdown::render`); structure is judged with
/// the same ones.
pub(super) fn md_options() -> Options {
    crate::markdown::parser_options()
}

/// Line endings to LF, a leading BOM and control characters (other than tab and newline)
/// removed.
pub(super) fn preprocess(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len() + 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            '\u{feff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Applies non-overlapping replacements (an edit overlapping an earlier one is skipped; the
/// callers iterate until nothing changes).
pub(super) fn apply_edits(src: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut out = String::with_capacity(src.len());
    let mut pos = 0;
    for (r, rep) in edits {
        if r.start < pos
            || r.end > src.len()
            || r.start > r.end
            || !src.is_char_boundary(r.start)
            || !src.is_char_boundary(r.end)
        {
            continue;
        }
        out.push_str(&src[pos..r.start]);
        out.push_str(&rep);
        pos = r.end;
    }
    out.push_str(&src[pos..]);
    out
}

/// Rewrites every heading as an ATX heading with plain text: emphasis, links and inline HTML
/// are reduced to their text; `{#id .class}` is kept, other attributes are dropped; empty
/// headings are removed.
pub(super) fn plain_headings(md: &str) -> String {
    let mut edits = Vec::new();
    let mut current: Option<(Range<usize>, u32, String, String)> = None;
    // Inside an autolink to an unsafe URL: its text (the URL) is dropped too.
    let mut skip = false;
    for (event, range) in Parser::new_ext(md, md_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                dest_url,
                ..
            }) => skip = !super::sanitize::url_is_safe(&dest_url, false),
            Event::End(TagEnd::Link) => skip = false,
            Event::Text(_) | Event::Code(_) if skip => {}
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let mut suffix = String::new();
                if let Some(id) = id.filter(|i| is_attr_token(i)) {
                    suffix.push_str(&format!("#{id}"));
                }
                for c in classes.iter().filter(|c| is_attr_token(c)) {
                    if !suffix.is_empty() {
                        suffix.push(' ');
                    }
                    suffix.push_str(&format!(".{c}"));
                }
                current = Some((range, level as u32, String::new(), suffix));
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => {
                if let Some(c) = current.as_mut() {
                    c.2.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = current.as_mut() {
                    c.2.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((range, level, text, suffix)) = current.take() {
                    let text = collapse(
                        text.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace()),
                    );
                    let mut new = String::new();
                    if !text.is_empty() {
                        new = format!("{} {}", "#".repeat(level as usize), escape_heading(&text));
                        if !suffix.is_empty() {
                            new.push_str(&format!(" {{{suffix}}}"));
                        }
                    }
                    let old = &md[range.clone()];
                    let ends_nl = old.ends_with('\n');
                    if ends_nl {
                        new.push('\n');
                    }
                    if old != new {
                        edits.push((range, new));
                    }
                }
            }
            _ => {}
        }
    }
    apply_edits(md, edits)
}

fn is_attr_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// Finds `[[Target]]` / `[[Label|Target]]` from byte `from`: (start, end, label).
///
/// Each `[[` is closed by the first `]]` after it; that `]]` is found once for all the `[[`
/// before it (searching again from every `[[` was quadratic on a line of `[`), and when there
/// is none, no later `[[` has one either.
fn find_wiki_link(s: &str, from: usize) -> Option<(usize, usize, String)> {
    let mut at = from;
    // The first `]]` at or after `closer_from`, as an absolute offset.
    let mut closer: Option<usize> = None;
    let mut closer_from = usize::MAX;
    while let Some(i) = s.get(at..)?.find("[[") {
        let start = at + i;
        let inner_start = start + 2;
        if closer_from > inner_start || closer.is_some_and(|c| c < inner_start) {
            closer = s[inner_start..].find("]]").map(|j| inner_start + j);
            closer_from = inner_start;
        }
        // No `]]` after this `[[` means none after any later one either.
        let close = closer?;
        let j = close - inner_start;
        let inner = &s[inner_start..inner_start + j];
        if !inner.is_empty()
            && inner.len() <= 200
            && !inner.contains(['[', ']', '\n'])
            && !inner.trim().is_empty()
            && !inner.starts_with(' ')
        {
            let label = inner.split('|').next().unwrap_or(inner);
            let label = label.split('#').next().unwrap_or(label).trim();
            let label = if label.is_empty() {
                inner.trim()
            } else {
                label
            };
            return Some((start, inner_start + j + 2, label.to_string()));
        }
        at = inner_start;
    }
    None
}

/// Per-line cleanup shared by wiki, Hugo and crawled pages (outside fenced code): lines of
/// spaces become blank and trailing whitespace goes.
fn clean_lines(body: &str, mut each: impl FnMut(&str) -> Option<String>) -> String {
    let lines: Vec<&str> = body.split('\n').collect();
    let code = fence_mask(&lines);
    let mut out = String::with_capacity(body.len());
    for (line, &in_code) in lines.iter().zip(&code) {
        if in_code {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let trimmed = line.trim_end();
        if trimmed.trim().is_empty() {
            out.push('\n');
            continue;
        }
        if let Some(l) = each(trimmed) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

/// Wiki pages: `[[Links]]` become their text, flat bullet lists use `- `.
pub(super) fn wiki(body: &str) -> String {
    let text = clean_lines(body, |line| {
        let mut s = String::new();
        let mut pos = 0;
        while let Some((start, end, label)) = find_wiki_link(line, pos) {
            s.push_str(&line[pos..start]);
            // `[[javascript:…]]` is not a page name.
            if super::sanitize::url_is_safe(&label, false) {
                s.push_str(&escape_inline(&label));
            }
            pos = end;
        }
        s.push_str(&line[pos..]);
        Some(s)
    });
    flatten_bullets(&text)
}

/// Rewrites runs of bullets that all share one indentation (0 to 3 spaces) as `- ` items.
fn flatten_bullets(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let code = fence_mask(&lines);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let bullet = |j: usize| -> Option<usize> {
            let l = lines[j];
            let indent = l.len() - l.trim_start_matches(' ').len();
            (!code[j] && indent <= 3 && is_bullet(l.trim_start())).then_some(indent)
        };
        let Some(indent) = bullet(i) else {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        };
        let mut j = i;
        let mut same = true;
        while j < lines.len() && !lines[j].trim().is_empty() {
            match bullet(j) {
                Some(k) if k == indent => {}
                _ => same = false,
            }
            j += 1;
        }
        for line in &lines[i..j] {
            if same {
                out.push(format!("- {}", line.trim_start()[2..].trim_start()));
            } else {
                out.push(line.to_string());
            }
        }
        i = j;
    }
    out.join("\n")
}

/// Hugo pages: lines of spaces become blank, shortcode-only lines go (headings are made plain
/// by [`plain_headings`]).
pub(super) fn hugo(body: &str) -> String {
    clean_lines(body, |line| {
        let t = line.trim();
        let shortcode = (t.starts_with("{{<") && t.ends_with(">}}"))
            || (t.starts_with("{{%") && t.ends_with("%}}"));
        (!shortcode).then(|| line.to_string())
    })
}

/// Ordinary markdown: kept as is, except that lines of spaces become blank.
pub(super) fn markdown(body: &str) -> String {
    let lines: Vec<&str> = body.split('\n').collect();
    lines
        .iter()
        .map(|l| if l.trim().is_empty() { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Crawled pages: trailing whitespace removed, lines of spaces blank.
pub(super) fn trim_lines(body: &str) -> String {
    clean_lines(body, |line| Some(line.to_string()))
}
