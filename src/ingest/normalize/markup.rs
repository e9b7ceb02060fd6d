//! Markdown-level helpers shared by every shape, and the wiki / Hugo / markdown rewrites.

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

use super::front::Meta;
use crate::ingest::text::collapse;

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

/// For each line, whether it is inside a fenced code block (fence lines included), judged
/// line by line (for text that is not yet markdown).
pub(super) fn fence_mask(lines: &[&str]) -> Vec<bool> {
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
pub(super) fn fence_run(t: &str) -> Option<(char, usize)> {
    let c = t.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = t.len() - t.trim_start_matches(c).len();
    (n >= 3).then_some((c, n))
}

/// For each line of `md`, whether it belongs to a code block (fenced or indented), as the
/// renderer sees it.
pub(super) fn code_lines(md: &str) -> Vec<bool> {
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

/// Escapes heading text so that it stays plain text: no emphasis, links, code spans, HTML,
/// attribute blocks or closing `#` sequence.
pub(super) fn escape_heading(text: &str) -> String {
    let mut s = escape_inline(text);
    if s.ends_with('#') {
        let trimmed = s.trim_end_matches('#');
        if trimmed.is_empty() || trimmed.ends_with(' ') {
            let n = s.len() - trimmed.len();
            s = format!("{trimmed}\\{}", "#".repeat(n));
        }
    }
    s
}

/// Escapes the characters that could turn plain text into markup inside a line.
pub(super) fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' => next.is_some_and(|n| n.is_ascii_punctuation()) || next.is_none(),
            '`' | '*' | '[' | ']' | '{' | '}' | '<' | '|' => true,
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '~' => next == Some('~') || prev == Some('~'),
            '&' => looks_like_entity(&chars[i + 1..]),
            '!' => next == Some('['),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn looks_like_entity(rest: &[char]) -> bool {
    let body: String = rest
        .iter()
        .take(33)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !body.is_empty() && rest.get(body.chars().count()) == Some(&';')
}

/// Escapes what would make a paragraph line start a block of another kind.
pub(super) fn escape_line_start(line: &str) -> String {
    let t = line.trim_start();
    let first = t.chars().next();
    let needs = match first {
        Some('#' | '>' | '=' | '|' | '+' | '-' | '*' | '`' | '~') => true,
        Some(c) if c.is_ascii_digit() => {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            matches!(t[digits..].chars().next(), Some('.' | ')'))
        }
        _ => false,
    };
    if !needs {
        return t.to_string();
    }
    if first.is_some_and(|c| c.is_ascii_digit()) {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    format!("\\{t}")
}

/// Closes unclosed fences, removes leading blank lines, collapses runs of blank lines outside
/// code and ends the text with exactly one newline (or returns an empty string).
pub(super) fn finish(md: &str) -> String {
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
pub(super) fn fence_is_closed(src: &str, c: char, n: usize) -> bool {
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

/// Plain text of the first heading, skipping generic ones ("Introduction", "Overview") when a
/// more specific heading follows.
pub(super) fn first_heading(md: &str) -> Option<String> {
    let mut headings = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(md, md_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = current
                    .take()
                    .map(|h| collapse(&h))
                    .filter(|h| !h.is_empty())
                {
                    headings.push(h);
                    if headings.len() >= 8 {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    const GENERIC: &[&str] = &[
        "introduction",
        "intro",
        "overview",
        "contents",
        "table of contents",
        "summary",
        "abstract",
        "background",
        "preface",
        "about",
        "toc",
    ];
    headings
        .iter()
        .find(|h| !GENERIC.contains(&h.to_lowercase().trim_end_matches(':')))
        .or(headings.first())
        .cloned()
}

/// Plain text of the first non-empty paragraph line.
pub(super) fn first_line(md: &str) -> Option<String> {
    let mut text = String::new();
    let mut in_para = false;
    for event in Parser::new_ext(md, md_options()) {
        match event {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::Text(t) | Event::Code(t) if in_para => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_para => break,
            Event::End(TagEnd::Paragraph) => {
                if !text.trim().is_empty() {
                    break;
                }
                in_para = false;
            }
            _ => {}
        }
    }
    let text = collapse(&text);
    (!text.is_empty()).then_some(text)
}

/// Collapses whitespace and shortens a title to at most 150 characters, at a word boundary.
pub(super) fn tidy_title(title: &str) -> String {
    let t = collapse(title);
    if t.chars().count() <= 150 {
        return t;
    }
    let mut out = String::new();
    for word in t.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > 149 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = t.chars().take(149).collect();
    }
    out.push('…');
    out
}

/// Lines of `body` that carry markdown syntax (outside fences): ATX headings, fences, links
/// and images, strong emphasis, HTML tags, reference definitions, setext underlines.
pub(super) fn markdown_cues(body: &str) -> usize {
    let lines: Vec<&str> = body.split('\n').collect();
    let mut count = 0;
    let mut in_fence = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if fence_run(t).is_some() {
            count += 1;
            in_fence = !in_fence;
            continue;
        }
        if in_fence || t.is_empty() {
            continue;
        }
        let atx = {
            let hashes = t.len() - t.trim_start_matches('#').len();
            (1..=6).contains(&hashes) && t[hashes..].starts_with(' ')
        };
        let link = t.contains("](") && t.contains('[');
        let strong = t.matches("**").count() >= 2 || t.matches("__").count() >= 2;
        let html = html_tag_start(t);
        let refdef = t.starts_with('[') && t.contains("]: ");
        let setext = i > 0
            && !lines[i - 1].trim().is_empty()
            && t.len() >= 3
            && (t.chars().all(|c| c == '=')
                || (t.chars().all(|c| c == '-') && !lines[i - 1].trim().starts_with('|')));
        let wiki = t.contains("[[") && t.contains("]]");
        if atx || link || strong || html || refdef || setext || wiki {
            count += 1;
        }
    }
    count
}

fn html_tag_start(t: &str) -> bool {
    t.match_indices('<').any(|(i, _)| html_tag_at(&t[i + 1..])) && t.contains('>')
}

/// Whether the text after a `<` opens (or closes) a tag of a known HTML element, a comment or
/// a declaration.
pub(super) fn html_tag_at(after: &str) -> bool {
    if after.starts_with('!') || after.starts_with('?') {
        return true;
    }
    let after = after.strip_prefix('/').unwrap_or(after);
    let name: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let next = after[name.len()..].chars().next();
    !name.is_empty()
        && next.is_none_or(|c| c.is_whitespace() || c == '>' || c == '/')
        && HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
}

/// HTML (and embedded SVG / MathML) element names.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "portal",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
    "animate",
    "set",
    "use",
    "foreignobject",
    "mglyph",
    "malignmark",
    "mtext",
    "annotation",
];

/// A wiki page: `[[WikiLinks]]`, or `# Heading` sections made mostly of link bullets.
pub(super) fn looks_wiki(body: &str) -> bool {
    let lines: Vec<&str> = body.split('\n').collect();
    let fences = fence_mask(&lines);
    let mut link_bullets = 0;
    let mut other = 0;
    let mut headings = 0;
    for (line, &code) in lines.iter().zip(&fences) {
        if code {
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if find_wiki_link(t, 0).is_some() {
            return true;
        }
        if t.starts_with('#') {
            headings += 1;
        } else if is_bullet(t) && t[2..].trim_start().starts_with('[') {
            link_bullets += 1;
        } else {
            other += 1;
        }
    }
    headings > 0 && link_bullets >= 3 && link_bullets * 3 >= (link_bullets + other) * 2
}

fn is_bullet(t: &str) -> bool {
    t.len() >= 2 && matches!(t.as_bytes()[0], b'*' | b'-' | b'+') && t.as_bytes()[1] == b' '
}

/// A Hugo page: Hugo-only header keys, emphasis-wrapped headings, shortcodes, or lines of
/// spaces used as blank lines.
pub(super) fn looks_hugo(meta: &Meta, body: &str) -> bool {
    const KEYS: &[&str] = &[
        "linktitle",
        "resources",
        "series",
        "menu",
        "lastmod",
        "layout",
        "outputs",
        "publishdate",
    ];
    if KEYS.iter().any(|k| meta.has_key(k)) {
        return true;
    }
    let mut cues = 0;
    for line in body.lines() {
        let t = line.trim_start();
        let hashes = t.len() - t.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) {
            let rest = t[hashes..].trim();
            if (rest.starts_with("**") && rest.ends_with("**"))
                || (rest.starts_with('_') && rest.ends_with('_') && rest.len() > 2)
            {
                cues += 1;
            }
        }
        if t.starts_with("{{<") || t.starts_with("{{%") {
            cues += 1;
        }
        if !line.is_empty() && line.trim().is_empty() {
            cues += 1;
        }
    }
    cues >= 2
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
