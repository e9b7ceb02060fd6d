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

/// The heading test on the line alone.
pub(super) fn heading_candidate(t: &str) -> bool {
    let len = t.chars().count();
    if len == 0 || len > 100 {
        return false;
    }
    let words = t.split_whitespace().count();
    if words > 14 {
        return false;
    }
    let Some(first) = t.chars().next() else {
        return false;
    };
    if !(first.is_uppercase()
        || first.is_numeric()
        || (first.is_alphabetic() && !first.is_lowercase()))
    {
        return false;
    }
    if list_marker(t).is_some() || is_table_row(t) || is_rule(t) {
        return false;
    }
    // Last significant character (closing quotes and brackets skipped).
    let last = t
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»'))
        .unwrap_or(first);
    match last {
        '.' | ',' | ';' | ':' | '!' | '…' | '-' | '–' | '—' => return false,
        '?' if words > 10 => return false,
        _ => {}
    }
    if t.contains(['{', '}', ';', '=', '<', '>', '`', '|', '\\'])
        || t.contains("://")
        || t.contains("--")
    {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let visible = t.chars().filter(|c| !c.is_whitespace()).count();
    if letters == 0 || letters * 10 < visible * 6 {
        return false;
    }
    !has_inner_sentence_break(t)
}

/// Whether `t` holds more than one sentence ("Goroutines are cheap. Channels are not magic").
fn has_inner_sentence_break(t: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "vs", "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "inc", "no", "vol", "fig", "jr",
        "sr", "ltd", "co",
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    for pair in words.windows(2) {
        let (w, next) = (pair[0], pair[1]);
        if !w.ends_with(['.', '!', '?']) {
            continue;
        }
        if !next.chars().next().is_some_and(|c| c.is_uppercase()) {
            continue;
        }
        let bare = w.trim_end_matches(['.', '!', '?']).to_lowercase();
        if ABBREVIATIONS.contains(&bare.as_str()) || bare.chars().count() <= 1 {
            continue;
        }
        return true;
    }
    false
}

/// Whether a paragraph line ends a sentence (so a heading may follow it).
fn ends_sentence(line: &str) -> bool {
    let last = line
        .trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '*' | '_'));
    matches!(last, Some('.' | '!' | '?' | ':' | ';' | '…'))
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

// ---------------------------------------------------------------------------------------------
// Heading levels

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Title,
    Sentence,
    Ambiguous,
}

fn heading_levels(blocks: &[Block]) -> Vec<usize> {
    let cases: Vec<Case> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(case_of(h)),
            _ => None,
        })
        .collect();
    let has_title = cases.contains(&Case::Title);
    let has_sentence = cases.contains(&Case::Sentence);
    let opens_with_title = cases.iter().find(|c| **c != Case::Ambiguous) == Some(&Case::Title);
    if !(has_title && has_sentence && opens_with_title) {
        return vec![2; cases.len()];
    }
    let mut levels = Vec::with_capacity(cases.len());
    let mut previous = 2;
    for c in cases {
        let level = match c {
            Case::Title => 2,
            Case::Sentence => 3,
            Case::Ambiguous => previous,
        };
        levels.push(level);
        previous = level;
    }
    levels
}

fn case_of(heading: &str) -> Case {
    const SMALL: &[&str] = &[
        "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "of", "in", "on", "at",
        "to", "by", "up", "as", "via", "vs", "vs.", "per", "from", "with", "into", "onto", "over",
        "than", "off", "out", "versus",
    ];
    let mut significant = 0;
    let mut lower = 0;
    let mut after_colon = false;
    for (k, raw) in heading.split_whitespace().enumerate() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let starts_clause = k == 0 || after_colon;
        after_colon = raw.ends_with(':');
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !word.chars().any(char::is_alphabetic) {
            continue;
        }
        let small = SMALL.contains(&word.to_lowercase().as_str());
        if k == 0 {
            continue;
        }
        if small && !starts_clause {
            continue;
        }
        significant += 1;
        if first.is_lowercase() {
            lower += 1;
        }
    }
    if lower > 0 {
        Case::Sentence
    } else if significant >= 1 {
        Case::Title
    } else {
        Case::Ambiguous
    }
}

// ---------------------------------------------------------------------------------------------
// Code regions

fn code_regions(lines: &[&str]) -> Vec<Region> {
    let n = lines.len();
    let mut regions = Vec::new();
    let mut i = 0;
    while i < n {
        match region_from(lines, i) {
            Ok(end) => {
                let lang = detect_language(&lines[i..end]);
                regions.push(Region {
                    start: i,
                    end,
                    lang,
                });
                i = end;
            }
            Err(next) => i = next.max(i + 1),
        }
    }
    regions
}

/// If a code region starts at line `i`, its end (exclusive); otherwise the next line worth
/// trying.
fn region_from(lines: &[&str], i: usize) -> Result<usize, usize> {
    let line = lines[i];
    let t = line.trim();
    if t.is_empty() {
        return Err(i + 1);
    }
    if is_indented(line) {
        // A run of indented lines: code when most of it looks like code, and not the
        // continuation of a list item.
        let run_end = (i..lines.len())
            .find(|&j| !(lines[j].trim().is_empty() || is_indented(lines[j])))
            .unwrap_or(lines.len());
        let prev = (0..i).rev().find(|&j| !lines[j].trim().is_empty());
        if prev.is_some_and(|j| list_marker(lines[j].trim()).is_some()) {
            return Err(run_end);
        }
        let mut end = i;
        let mut code = 0;
        let mut total = 0;
        let mut j = i;
        while j < lines.len() && (lines[j].trim().is_empty() || is_indented(lines[j])) {
            if !lines[j].trim().is_empty() {
                total += 1;
                if code_like(lines[j].trim()) {
                    code += 1;
                }
                end = j + 1;
            }
            j += 1;
        }
        return if total > 0 && code * 2 >= total {
            Ok(end)
        } else {
            Err(run_end)
        };
    }
    let starts = strong_code_line(t)
        || shell_prompt(t)
        || (is_comment(t)
            && next_code_line(lines, i)
                .is_some_and(|j| strong_code_line(lines[j].trim()) || is_indented(lines[j])));
    if !starts {
        return Err(i + 1);
    }
    let mut end = i + 1;
    let mut j = i + 1;
    while j < lines.len() {
        let l = lines[j];
        let lt = l.trim();
        if lt.is_empty() {
            j += 1;
            continue;
        }
        let continues = is_indented(l)
            || lt.starts_with(['}', ')', ']'])
            || is_comment(lt)
            || shell_prompt(lt)
            || (strong_code_line(lt) || code_like(lt)) && !prose_like(lt);
        if !continues {
            break;
        }
        end = j + 1;
        j += 1;
    }
    Ok(end)
}

fn next_code_line(lines: &[&str], i: usize) -> Option<usize> {
    (i + 1..lines.len().min(i + 6))
        .find(|&j| !lines[j].trim().is_empty() && !is_comment(lines[j].trim()))
}

fn is_indented(line: &str) -> bool {
    line.starts_with("    ") || line.starts_with('\t')
}

fn is_comment(t: &str) -> bool {
    t.starts_with("//") || t.starts_with("/*") || t.starts_with("#!")
}

fn shell_prompt(t: &str) -> bool {
    t.strip_prefix("$ ")
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_ascii_lowercase() || matches!(c, '.' | '/' | '~'))
}

fn ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn dotted_ident(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(ident)
}

/// A line that is code beyond reasonable doubt.
fn strong_code_line(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let Some(&first) = words.first() else {
        return false;
    };
    match first {
        // Go
        "package" => words.len() == 2 && ident(words[1]),
        "import" => {
            t == "import ("
                || (words.len() == 2 && words[1].starts_with('"'))
                || (words.len() == 2 && dotted_ident(words[1]))
                || (words.len() == 4
                    && dotted_ident(words[1])
                    && words[2] == "as"
                    && ident(words[3]))
                || (t.contains(" from ")
                    && (t.ends_with('\'')
                        || t.ends_with('"')
                        || t.ends_with("';")
                        || t.ends_with("\";")))
        }
        "func" => t.contains('(') && (t.ends_with('{') || t.ends_with(')') || t.contains(") ")),
        "type" => {
            words.len() >= 3
                && ident(words[1])
                && (matches!(
                    words[2],
                    "struct" | "interface" | "func" | "map" | "=" | "struct{" | "interface{"
                ) || words[2].starts_with('[')
                    || words[2].starts_with('*'))
        }
        "var" | "const" | "let" => {
            t == "var ("
                || t == "const ("
                || (words.len() >= 3 && (words[2] == "=" || words[2] == ":=" || words[1] == "mut"))
        }
        // Python
        "def" | "async" if t.contains('(') && t.ends_with(':') => true,
        "class" => words.len() >= 2 && (t.ends_with(':') || t.ends_with('{')),
        "from" => words.len() >= 4 && dotted_ident(words[1]) && words[2] == "import",
        "if" if t.starts_with("if __name__") => true,
        // JavaScript
        "function" | "function*" => t.contains('('),
        "export" => {
            words.len() >= 2
                && matches!(
                    words[1],
                    "default"
                        | "const"
                        | "function"
                        | "class"
                        | "async"
                        | "let"
                        | "type"
                        | "interface"
                )
        }
        "module.exports" => true,
        // Rust
        "fn" => t.contains('('),
        "pub" => {
            (words.len() >= 2
                && matches!(
                    words[1],
                    "fn" | "struct"
                        | "enum"
                        | "mod"
                        | "use"
                        | "trait"
                        | "const"
                        | "static"
                        | "type"
                ))
                || t.starts_with("pub(")
        }
        "impl" => t.ends_with('{'),
        "use" => t.ends_with(';') && t.contains("::"),
        "mod" => words.len() == 2 && t.ends_with(';'),
        "struct" | "enum" | "trait" => words.len() >= 2 && (t.ends_with('{') || t.ends_with(';')),
        // C, Java
        "#include" => true,
        "public" | "private" | "protected" => {
            (t.contains('(') && (t.ends_with('{') || t.ends_with(';'))) || t.contains(" class ")
        }
        _ => {
            t.starts_with("#[")
                || t.starts_with("console.")
                || t.starts_with("int main(")
                || (t.starts_with('@')
                    && t.len() > 1
                    && ident(t[1..].split('(').next().unwrap_or_default())
                    && words.len() == 1)
        }
    }
}

/// A line that reads like code in context (inside a region).
fn code_like(t: &str) -> bool {
    if strong_code_line(t) || t.starts_with(['}', ')', ']']) || is_comment(t) {
        return true;
    }
    if t.ends_with(['{', '(', '[', ';', ',']) || t.ends_with("=>") || t.ends_with(" \\") {
        return !prose_like(t);
    }
    let first = t.split_whitespace().next().unwrap_or_default();
    let first_word = first.trim_end_matches(':');
    const KEYWORDS: &[&str] = &[
        "if", "for", "while", "switch", "case", "return", "else", "elif", "try", "except", "catch",
        "finally", "select", "match", "go", "defer", "break", "continue", "default", "print",
        "println", "raise", "yield", "await", "throw", "echo", "export", "cd", "sudo", "pass",
        "del", "with", "loop", "do", "done", "fi", "then", "end",
    ];
    if KEYWORDS.contains(&first_word) && !prose_like(t) {
        return true;
    }
    // Assignment or call: `x := f()`, `x = 1`, `fmt.Println(x)`, `x++`.
    let lead: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '*' | '&'))
        .collect();
    if !lead.is_empty()
        && lead
            .chars()
            .next()
            .is_some_and(|c| !c.is_uppercase() || lead.contains('.'))
    {
        let rest = t[lead.len()..].trim_start();
        if rest.starts_with(":=")
            || rest.starts_with("= ")
            || rest.starts_with("+=")
            || rest.starts_with("-=")
            || rest.starts_with("++")
            || rest.starts_with("--")
            || rest.starts_with('(')
            || rest.starts_with("<-")
            || rest.starts_with(", ")
        {
            return !prose_like(t);
        }
    }
    t.starts_with("<-")
}

/// A line that reads like an English sentence.
fn prose_like(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let first_upper = t.chars().next().is_some_and(char::is_uppercase);
    let ends = t.ends_with(['.', '!', '?', ':']) || t.ends_with(".\"") || t.ends_with(".”");
    let codeish = t.contains(":=")
        || t.contains('{')
        || t.contains('}')
        || t.contains(';')
        || t.contains("()");
    if codeish {
        return false;
    }
    (first_upper && words >= 4 && ends) || words >= 10
}

/// Scores the languages a region could be in; Go wins ties, "text" when nothing matches.
fn detect_language(lines: &[&str]) -> &'static str {
    let text = lines.join("\n");
    let count = |needle: &str| text.matches(needle).count() as i32;
    let starts = |prefix: &str| {
        lines
            .iter()
            .filter(|l| l.trim_start().starts_with(prefix))
            .count() as i32
    };
    let mut scores: Vec<(&'static str, i32)> = vec![
        (
            "go",
            3 * starts("package ")
                + 3 * starts("func ")
                + 2 * count(":=")
                + 3 * starts("import (")
                + 2 * count("fmt.")
                + 2 * count("err != nil")
                + count("chan ")
                + 2 * count("go func")
                + 2 * starts("defer ")
                + count("struct {")
                + count("interface{"),
        ),
        (
            "python",
            3 * starts("def ")
                + 3 * starts("from ")
                + 2 * count("self.")
                + count("print(")
                + 2 * starts("elif ")
                + count("None")
                + 3 * count("__name__")
                + starts("import ") * i32::from(!text.contains("import (")),
        ),
        (
            "rust",
            3 * starts("fn ")
                + 3 * count("let mut ")
                + 2 * starts("impl")
                + 3 * starts("pub fn")
                + 3 * starts("use std::")
                + 2 * starts("#[")
                + 3 * count("println!")
                + 2 * count("&mut ")
                + count("::")
                + count("Vec<"),
        ),
        (
            "javascript",
            2 * starts("function")
                + starts("const ")
                + 2 * count("=> ")
                + 3 * count("console.")
                + 3 * count("require(")
                + 2 * starts("export ")
                + 2 * count("===")
                + 2 * count("document."),
        ),
        (
            "bash",
            3 * lines.iter().filter(|l| shell_prompt(l.trim())).count() as i32
                + 4 * starts("#!/bin/")
                + 2 * starts("sudo ")
                + starts("echo ")
                + starts("cd ")
                + starts("curl ")
                + starts("apt"),
        ),
        (
            "java",
            3 * count("public static") + 3 * count("System.out") + 2 * count("public class"),
        ),
        ("c", 3 * starts("#include") + 2 * count("printf(")),
    ];
    // Stable: ties keep the order above (Go first).
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    match scores.first() {
        Some((lang, score)) if *score > 0 => lang,
        _ => "text",
    }
}
