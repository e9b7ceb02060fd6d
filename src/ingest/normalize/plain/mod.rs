//! Plain-text articles: bare-line headings, unfenced code, pipe tables and `- ` lists become
//! markdown.
//!
//! Heuristics (all per line, on trimmed text):
//!
//! - **Code regions** start at a line that is unmistakably code at column 0 (`package main`,
//!   `import (`, `func …(`, `type X struct`, `def f(…):`, `fn main()`, `function f(`,
//!   `$ cmd`, …), or at a `//` / `#!` comment followed by such a line, or at a run of indented
//!   lines that are mostly code-like. A region goes on through blank lines, indented lines,
//!   closing brackets and code-like column-0 lines, and ends at its last code line before a
//!   prose line. Its language is scored from keywords (Go, Python, Rust, JavaScript, Bash, …).
//! - **Headings** are short lines (≤ 100 characters, ≤ 14 words) that start with a capital or
//!   digit, do not end in `.`, `,`, `;`, `:` or `!`, hold a single sentence and no code
//!   punctuation, follow a finished block, and are followed by more text. Levels: when the
//!   document mixes Title Case headings ("The Go Ecosystem: Mature and Production-Ready") with
//!   sentence-case ones ("Where Go wins decisively") and opens with Title Case, Title Case is
//!   `##` and sentence case `###` (one-word headings take the previous level); otherwise every
//!   heading is `##`.
//! - The first line is the title when it looks like a heading; it is not repeated in the body.
//! - Every line is its own block when the text has (almost) no blank lines; otherwise blocks
//!   are separated by blank lines, as usual.
//! - One-line pull quotes ending with a period stay paragraphs. ` -- ` becomes an em dash.
//! - `*`, `_` and `<Generic>` stay literal; tags of real HTML elements are left for the
//!   sanitizer (they are removed, not shown).

mod code;
mod headings;

use code::code_regions;
use headings::{ends_sentence, heading_candidate, heading_levels};

/// What [`transform`] produces.
pub(super) struct PlainOut {
    pub markdown: String,
    /// The first line, when it is the title.
    pub title: Option<String>,
}

/// Cues for shape detection.
pub(super) struct Analysis {
    pub code_regions: usize,
    pub headings: usize,
}

/// Counts code regions and bare-line headings without building markdown.
pub(super) fn analyze(body: &str) -> Analysis {
    let lines: Vec<&str> = body.split('\n').collect();
    let regions = code_regions(&lines);
    let doc = Doc::new(&lines, &regions);
    let headings = (0..lines.len())
        .filter(|&i| doc.in_code[i].is_none() && heading_candidate(lines[i].trim()))
        .count();
    Analysis {
        code_regions: regions.len(),
        headings,
    }
}

/// Rewrites a plain-text body as markdown. `header_title` is the title from a header, if any:
/// the first line is only taken as the title (and removed) when it agrees.
pub(super) fn transform(body: &str, header_title: Option<&str>) -> PlainOut {
    let lines: Vec<&str> = body.split('\n').collect();
    let regions = code_regions(&lines);
    let doc = Doc::new(&lines, &regions);

    // The first line is the title when it reads like one.
    let mut start = 0;
    let mut title = None;
    if let Some(first) = lines.iter().position(|l| !l.trim().is_empty())
        && doc.in_code[first].is_none()
    {
        let t = lines[first].trim();
        let more = lines[first + 1..].iter().any(|l| !l.trim().is_empty());
        let agrees = header_title.is_none_or(|h| {
            crate::ingest::text::collapse(h).to_lowercase()
                == crate::ingest::text::collapse(t).to_lowercase()
        });
        if heading_candidate(t) && more && agrees {
            title = Some(crate::ingest::text::collapse(t));
            start = first + 1;
        }
    }

    let blocks = doc.blocks(start);
    PlainOut {
        markdown: render(blocks),
        title,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading(String),
    Para(Vec<String>),
    List(Vec<String>),
    Table(Vec<String>),
    Code(&'static str, Vec<String>),
    Rule,
}

#[derive(Debug, Clone)]
struct Region {
    start: usize,
    end: usize,
    lang: &'static str,
}

struct Doc<'a> {
    lines: &'a [&'a str],
    regions: &'a [Region],
    /// Region index per line.
    in_code: Vec<Option<usize>>,
    /// Each line is its own block (no blank lines to separate them).
    line_mode: bool,
    /// Typical width of hard-wrapped text, when the text is wrapped.
    wrap_width: Option<usize>,
}

impl<'a> Doc<'a> {
    fn new(lines: &'a [&'a str], regions: &'a [Region]) -> Doc<'a> {
        let mut in_code = vec![None; lines.len()];
        for (k, r) in regions.iter().enumerate() {
            for slot in in_code.iter_mut().take(r.end).skip(r.start) {
                *slot = Some(k);
            }
        }
        let prose: Vec<usize> = (0..lines.len()).filter(|&i| in_code[i].is_none()).collect();
        let blank = prose
            .iter()
            .filter(|&&i| lines[i].trim().is_empty())
            .count();
        let nonblank = prose.len() - blank;
        let line_mode = nonblank >= 3 && blank * 10 < nonblank;

        // Wrapped text: several paragraphs of two or more lines, none very long.
        let mut multi_runs = 0;
        let mut widths = Vec::new();
        let mut run = 0;
        for &i in &prose {
            let len = lines[i].trim_end().chars().count();
            if len == 0 {
                if run >= 2 {
                    multi_runs += 1;
                }
                run = 0;
            } else {
                run += 1;
                widths.push(len);
            }
        }
        if run >= 2 {
            multi_runs += 1;
        }
        widths.sort_unstable();
        let p90 = widths.get(widths.len() * 9 / 10).copied().unwrap_or(0);
        let wrap_width = (!line_mode && multi_runs >= 2 && p90 <= 120).then_some(p90);
        Doc {
            lines,
            regions,
            in_code,
            line_mode,
            wrap_width,
        }
    }

    fn is_blank(&self, i: usize) -> bool {
        self.lines[i].trim().is_empty()
    }

    /// The next non-blank line after `i`, if any.
    fn next_nonblank(&self, i: usize) -> Option<usize> {
        (i + 1..self.lines.len()).find(|&j| !self.is_blank(j))
    }

    fn blocks(&self, start: usize) -> Vec<Block> {
        let lines = self.lines;
        let n = lines.len();
        let mut blocks: Vec<Block> = Vec::new();
        let mut para: Vec<String> = Vec::new();
        let flush = |para: &mut Vec<String>, blocks: &mut Vec<Block>| {
            if !para.is_empty() {
                blocks.push(Block::Para(std::mem::take(para)));
            }
        };
        let mut i = start;
        while i < n {
            if let Some(k) = self.in_code[i] {
                flush(&mut para, &mut blocks);
                let r = &self.regions[k];
                blocks.push(Block::Code(r.lang, dedent(&lines[r.start.max(i)..r.end])));
                i = r.end;
                continue;
            }
            let t = lines[i].trim();
            if t.is_empty() {
                flush(&mut para, &mut blocks);
                i += 1;
                continue;
            }
            if is_rule(t) {
                flush(&mut para, &mut blocks);
                blocks.push(Block::Rule);
                i += 1;
                continue;
            }
            if is_table_row(t) {
                flush(&mut para, &mut blocks);
                let mut rows = Vec::new();
                while i < n && self.in_code[i].is_none() && is_table_row(lines[i].trim()) {
                    rows.push(lines[i].trim().to_string());
                    i += 1;
                }
                blocks.push(Block::Table(rows));
                continue;
            }
            if list_marker(t).is_some() {
                flush(&mut para, &mut blocks);
                let mut items: Vec<String> = Vec::new();
                while i < n && self.in_code[i].is_none() {
                    let t = lines[i].trim();
                    if t.is_empty() {
                        break;
                    }
                    if list_marker(t).is_some() {
                        items.push(t.to_string());
                    } else if self.continues_item(i, t)
                        && let Some(last) = items.last_mut()
                    {
                        last.push('\n');
                        last.push_str(t);
                    } else {
                        break;
                    }
                    i += 1;
                }
                blocks.push(Block::List(items));
                continue;
            }
            if self.is_heading(i, &para, &blocks) {
                flush(&mut para, &mut blocks);
                blocks.push(Block::Heading(crate::ingest::text::collapse(t)));
                i += 1;
                continue;
            }
            para.push(t.to_string());
            if self.line_mode {
                flush(&mut para, &mut blocks);
            }
            i += 1;
        }
        flush(&mut para, &mut blocks);
        blocks
    }

    /// Whether line `i` (text `t`) continues the list item above it (wrapped text only).
    fn continues_item(&self, i: usize, t: &str) -> bool {
        let starts_block = is_table_row(t)
            || is_rule(t)
            || (heading_candidate(t) && self.next_nonblank(i).is_some());
        !self.line_mode && !starts_block
    }

    fn is_heading(&self, i: usize, para: &[String], blocks: &[Block]) -> bool {
        let t = self.lines[i].trim();
        if !heading_candidate(t) {
            return false;
        }
        // Something must follow: a last line is a closing remark, not a heading.
        let Some(next) = self.next_nonblank(i) else {
            return false;
        };
        if self.line_mode {
            return match blocks.last() {
                Some(Block::Para(p)) => p.last().is_none_or(|l| ends_sentence(l)),
                _ => true,
            };
        }
        if !para.is_empty() {
            return false;
        }
        // Directly followed by prose in wrapped text: only a clearly short line is a heading.
        if next == i + 1
            && self.in_code[next].is_none()
            && let Some(width) = self.wrap_width
        {
            let nt = self.lines[next].trim();
            if !is_table_row(nt) && list_marker(nt).is_none() {
                return t.chars().count() * 10 <= width * 6;
            }
        }
        true
    }
}

/// Code lines without trailing whitespace and without the indentation they all share.
fn dedent(lines: &[&str]) -> Vec<String> {
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            let l = l.trim_end();
            // Blank lines are shorter than `common`; the indentation is ASCII, so `get` is exact.
            l.get(common..)
                .filter(|_| l.len() >= common)
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

fn is_rule(t: &str) -> bool {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ['-', '*', '_', '=']
            .iter()
            .any(|&m| compact.chars().all(|c| c == m))
}

fn is_table_row(t: &str) -> bool {
    t.starts_with('|') && t.len() >= 3 && t[1..].contains('|')
}

/// `(marker, rest)` of a list item: `- `, `* `, `+ `, `• ` or `1. ` / `1) `.
fn list_marker(t: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "* ", "+ ", "• ", "· "] {
        if let Some(rest) = t.strip_prefix(bullet)
            && !rest.trim().is_empty()
        {
            return Some(("-".to_string(), rest.trim_start()));
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        for delim in [". ", ") "] {
            if let Some(body) = rest.strip_prefix(delim)
                && !body.trim().is_empty()
            {
                return Some((
                    format!("{}{}", &t[..digits], &delim[..1]),
                    body.trim_start(),
                ));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Rendering

fn render(mut blocks: Vec<Block>) -> String {
    // A heading with nothing under it is a closing line, not a heading.
    while let Some(Block::Heading(_)) = blocks.last() {
        if let Some(Block::Heading(h)) = blocks.pop() {
            blocks.push(Block::Para(vec![h]));
            break;
        }
    }
    let levels = heading_levels(&blocks);
    let mut out = String::new();
    let mut heading_index = 0;
    for block in &blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match block {
            Block::Heading(text) => {
                let level = levels.get(heading_index).copied().unwrap_or(2);
                heading_index += 1;
                out.push_str(&"#".repeat(level));
                out.push(' ');
                out.push_str(&super::markup::escape_heading(text));
                out.push('\n');
            }
            Block::Para(lines) => {
                for l in lines {
                    out.push_str(&prose(l));
                    out.push('\n');
                }
            }
            Block::List(items) => {
                for item in items {
                    let mut parts = item.split('\n');
                    let first = parts.next().unwrap_or_default();
                    let (marker, rest) = list_marker(first).unwrap_or(("-".to_string(), first));
                    let indent = " ".repeat(marker.chars().count() + 1);
                    out.push_str(&marker);
                    out.push(' ');
                    out.push_str(&prose(rest));
                    out.push('\n');
                    for cont in parts {
                        out.push_str(&indent);
                        out.push_str(&prose(cont));
                        out.push('\n');
                    }
                }
            }
            Block::Table(rows) => out.push_str(&table(rows)),
            Block::Code(lang, lines) => {
                let longest = lines.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                out.push_str(&fence);
                out.push_str(lang);
                out.push('\n');
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
                out.push_str(&fence);
                out.push('\n');
            }
            Block::Rule => out.push_str("---\n"),
        }
    }
    out
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// A paragraph line: dashes, escapes, and no accidental block syntax at its start.
fn prose(line: &str) -> String {
    super::markup::escape_line_start(&escape_prose(line))
}

/// Inline escapes for plain text: `*` and `_` are literal, `<tag` is text, ` -- ` is a dash.
fn escape_prose(line: &str) -> String {
    let line = line.replace(" -- ", " — ");
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '*' => true,
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            // A tag of a real HTML element is left to the sanitizer (crawled text is untrusted);
            // `Vec<T>` or `a <b` stays literal.
            '<' => {
                let after: String = chars[i + 1..].iter().take(40).collect();
                next.is_some_and(|n| n.is_ascii_alphabetic() || n == '/')
                    && !super::markup::html_tag_at(&after)
                    && !autolink_at(&after)
            }
            '&' => {
                let rest: String = chars[i + 1..].iter().take(33).collect();
                let body: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
                    .collect();
                !body.is_empty() && rest[body.len()..].starts_with(';')
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the text after a `<` is an autolink (`<https://…>`): left for the sanitizer, which
/// keeps safe ones and removes the rest.
fn autolink_at(after: &str) -> bool {
    let scheme: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        .collect();
    (2..=32).contains(&scheme.len()) && after[scheme.len()..].starts_with(':')
}

/// A GFM table, with a delimiter row added when the text has none.
fn table(rows: &[String]) -> String {
    let mut out = String::new();
    let cells = |row: &str| -> usize {
        let inner = row.trim().trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        inner.split('|').count().max(1)
    };
    let is_delimiter = |row: &str| {
        row.contains('-')
            && row
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    };
    for (k, row) in rows.iter().enumerate() {
        out.push_str(row);
        out.push('\n');
        if k == 0 && !rows.get(1).is_some_and(|r| is_delimiter(r)) {
            out.push('|');
            for _ in 0..cells(row) {
                out.push_str("---|");
            }
            out.push('\n');
        }
    }
    out
}
