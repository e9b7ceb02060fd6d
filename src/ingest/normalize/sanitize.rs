//! Safety: whatever markdown leaves here renders (with raw HTML passed through) to HTML with no
//! script, event handler, `javascript:` URL or embedded frame.
//!
//! The markdown is parsed with pulldown-cmark (with the renderer's extensions, and again with
//! every extra extension it might gain) and rewritten where needed:
//!
//! - HTML blocks at top level go through ammonia with a conservative allowlist (formatting,
//!   lists, tables, `a href`, `img src`; http/https/mailto URLs only; no `style`, no `on*`, no
//!   `script`/`iframe`/`svg`/`object`, whose content is dropped). HTML blocks inside lists or
//!   quotes are reduced to their escaped text.
//! - Inline HTML keeps only attribute-less formatting tags (`<b>`, `<em>`, `<code>`, `<br>`, …)
//!   that are balanced within their block; every other tag is removed (its text stays).
//! - Link and image destinations must be relative or http(s)/mailto/ftp/tel (raster `data:`
//!   images); otherwise the link becomes its text (an autolink disappears). Whitespace,
//!   control characters and case tricks are removed before the check; entities are already
//!   decoded by the parser. Site-internal `@/` links are dropped too.
//! - Heading attribute blocks with `key=value` pairs are escaped; fence info strings keep
//!   their language word only.
//!
//! Edits can create new constructs (removing a tag joins its neighbours), so the pass repeats
//! until nothing changes; if that never happens the text becomes a code block.

use ammonia::Builder;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::markup::{apply_edits, md_options};
use crate::markdown::SUMMARY_MARKER;

const MAX_PASSES: usize = 12;

/// Option sets the markdown must be safe under: the renderer's, and the renderer's plus every
/// extension that adds syntax (metadata blocks excluded: they hide text from the check).
pub(super) fn option_sets() -> [Options; 2] {
    [
        md_options(),
        md_options()
            | Options::ENABLE_GFM
            | Options::ENABLE_DEFINITION_LIST
            | Options::ENABLE_SUPERSCRIPT
            | Options::ENABLE_SUBSCRIPT
            | Options::ENABLE_WIKILINKS
            | Options::ENABLE_MATH,
    ]
}

/// Makes `md` safe to render (see the module docs).
pub(super) fn sanitize(md: &str) -> String {
    let mut cur = md.to_string();
    for pass in 0..MAX_PASSES {
        let strict = pass >= MAX_PASSES / 2;
        let mut changed = false;
        for opts in option_sets() {
            let edits = pass_edits(&cur, opts, strict);
            if !edits.is_empty() {
                let next = apply_edits(&cur, edits);
                if next != cur {
                    cur = next;
                    changed = true;
                }
            }
        }
        if !changed {
            return cur;
        }
    }
    as_code_block(&cur)
}

/// Sanitizes and tidies (`markup::finish`) until neither changes the text, so the result is
/// both safe and final.
pub(super) fn settle(md: &str) -> String {
    let mut cur = md.to_string();
    for _ in 0..4 {
        let next = super::markup::finish(&sanitize(&cur));
        if next == cur {
            return cur;
        }
        cur = next;
    }
    super::markup::finish(&as_code_block(&cur))
}

/// The whole text as one fenced block: the renderer escapes it.
fn as_code_block(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{}\n{fence}\n", text.trim_end())
}

/// For each event that starts a tag, the index of the event that ends it (the last event for
/// one never ended), found in one pass with a stack: searching forward from each start
/// would be quadratic in the nesting depth (images nest in image text).
fn tag_ends(events: &[(Event<'_>, Range<usize>)]) -> Vec<usize> {
    let last = events.len().saturating_sub(1);
    let mut ends: Vec<usize> = (0..events.len()).map(|k| last.max(k)).collect();
    let mut open = Vec::new();
    for (j, (e, _)) in events.iter().enumerate() {
        match e {
            Event::Start(_) => open.push(j),
            Event::End(_) => {
                if let Some(k) = open.pop() {
                    ends[k] = j;
                }
            }
            _ => {}
        }
    }
    ends
}

/// Whether `inner` lies within `outer`, an edit already made. A link or image inside a link
/// or image being replaced needs no edit of its own (it would overlap, and `apply_edits`
/// would skip it; the next pass sees what is left); skipping it early also saves working out
/// its replacement, which costs the length of its text, at every level of a deep nest.
fn within(inner: &Range<usize>, outer: Option<&Range<usize>>) -> bool {
    outer.is_some_and(|o| o.start <= inner.start && inner.end <= o.end)
}

/// Source text of the events strictly between `k` and `end`.
fn children_source(md: &str, events: &[(Event<'_>, Range<usize>)], k: usize, end: usize) -> String {
    let inner = events.get(k + 1..end).unwrap_or_default();
    let start = inner.iter().map(|(_, r)| r.start).min();
    let stop = inner.iter().map(|(_, r)| r.end).max();
    match (start, stop) {
        (Some(s), Some(e))
            if s <= e && e <= md.len() && md.is_char_boundary(s) && md.is_char_boundary(e) =>
        {
            md[s..e].to_string()
        }
        _ => String::new(),
    }
}

enum InlineTag {
    Keep,
    Open(String),
    Close(String),
}

/// Classifies an inline HTML fragment; `None` means remove it.
fn inline_tag(html: &str) -> Option<InlineTag> {
    let t = html.trim();
    if t == SUMMARY_MARKER {
        return Some(InlineTag::Keep);
    }
    let inner = t.strip_prefix('<')?.strip_suffix('>')?;
    let (close, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let inner = inner.trim_end();
    let (inner, self_closing) = match inner.strip_suffix('/') {
        Some(rest) => (rest.trim_end(), true),
        None => (inner, false),
    };
    if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let name = inner.to_ascii_lowercase();
    const VOID: &[&str] = &["br", "wbr"];
    const PAIRED: &[&str] = &[
        "b", "i", "em", "strong", "code", "kbd", "sub", "sup", "del", "s", "ins", "mark", "u",
        "small", "q", "cite", "var", "samp", "abbr", "dfn", "span", "tt",
    ];
    if VOID.contains(&name.as_str()) {
        return (!close).then_some(InlineTag::Keep);
    }
    if PAIRED.contains(&name.as_str()) && !self_closing {
        return Some(if close {
            InlineTag::Close(name)
        } else {
            InlineTag::Open(name)
        });
    }
    None
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn pass_edits(md: &str, opts: Options, strict: bool) -> Vec<(Range<usize>, String)> {
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(md, opts).into_offset_iter().collect();
    let ends = tag_ends(&events);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // The last link or image replaced whole.
    let mut replaced: Option<Range<usize>> = None;
    let mut containers = 0usize;
    let mut open_inline: Vec<(String, Range<usize>)> = Vec::new();
    let mut k = 0;
    while k < events.len() {
        let (event, range) = &events[k];
        match event {
            Event::Start(
                Tag::BlockQuote(_)
                | Tag::Item
                | Tag::List(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            ) => containers += 1,
            Event::End(end) => {
                if matches!(
                    end,
                    TagEnd::BlockQuote(_)
                        | TagEnd::Item
                        | TagEnd::List(_)
                        | TagEnd::FootnoteDefinition
                        | TagEnd::DefinitionList
                        | TagEnd::DefinitionListTitle
                        | TagEnd::DefinitionListDefinition
                ) {
                    containers = containers.saturating_sub(1);
                }
                if !is_inline_end(end) {
                    for (_, r) in open_inline.drain(..) {
                        edits.push((r, String::new()));
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                let end = ends[k];
                let src = &md[range.clone()];
                if containers == 0 && !strict {
                    if src.trim() != SUMMARY_MARKER {
                        let cleaned = clean_html(src);
                        if cleaned.trim() != src.trim() {
                            let mut rep = cleaned.trim().to_string();
                            rep.push_str("\n\n");
                            edits.push((range.clone(), rep));
                        }
                    }
                } else {
                    for (e, r) in &events[k + 1..end] {
                        if let Event::Html(h) = e {
                            let cleaned = clean_text(h);
                            if cleaned.trim_end() != h.trim_end() {
                                let mut rep = cleaned.trim_end().to_string();
                                if h.ends_with('\n') {
                                    rep.push('\n');
                                }
                                edits.push((r.clone(), rep));
                            }
                        }
                    }
                }
                k = end + 1;
                continue;
            }
            Event::Html(h) => {
                // Outside an HTML block (should not happen): text only.
                let cleaned = clean_text(h);
                if cleaned != h.as_ref() {
                    edits.push((range.clone(), cleaned));
                }
            }
            Event::InlineHtml(h) => match inline_tag(h) {
                Some(InlineTag::Keep) => {}
                Some(InlineTag::Open(name)) => open_inline.push((name, range.clone())),
                Some(InlineTag::Close(name)) => {
                    if open_inline.last().is_some_and(|(n, _)| *n == name) {
                        open_inline.pop();
                    } else {
                        edits.push((range.clone(), String::new()));
                    }
                }
                None => edits.push((range.clone(), String::new())),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !within(range, replaced.as_ref()) && !url_is_safe(dest_url, false) => {
                let end = ends[k];
                let rep = match link_type {
                    // Their text is the URL itself.
                    LinkType::Autolink
                    | LinkType::Email
                    | LinkType::WikiLink { has_pothole: false } => String::new(),
                    _ => children_source(md, &events, k, end),
                };
                edits.push((range.clone(), rep));
                replaced = Some(range.clone());
            }
            Event::Start(Tag::Image { dest_url, .. })
                if !within(range, replaced.as_ref()) && !url_is_safe(dest_url, true) =>
            {
                let end = ends[k];
                let rep = super::markup::escape_inline(&children_source(md, &events, k, end));
                edits.push((range.clone(), rep));
                replaced = Some(range.clone());
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if !info_is_clean(info) => {
                // Keep the language word only: the info string ends up in a class attribute.
                let src = &md[range.clone()];
                let line_end = src.find('\n').unwrap_or(src.len());
                let line = &src[..line_end];
                let fence_start = line.len() - line.trim_start().len();
                let fence_char = line[fence_start..].chars().next().unwrap_or('`');
                let info_start = fence_start
                    + (line.len()
                        - fence_start
                        - line[fence_start..].trim_start_matches(fence_char).len());
                let lang: String = info
                    .trim()
                    .chars()
                    .take_while(|c| is_info_char(*c))
                    .collect();
                edits.push((range.start + info_start..range.start + line_end, lang));
            }
            Event::Start(Tag::Heading { attrs, .. }) if !attrs.is_empty() => {
                let src = &md[range.clone()];
                let text_part = match src.trim_end().rfind('\n') {
                    // Setext: the attribute block ends the text, before the underline.
                    Some(i) => &src[..i],
                    None => src,
                };
                if let Some(p) = text_part.rfind('{') {
                    let at = range.start + p;
                    edits.push((at..at, "\\".to_string()));
                }
            }
            _ => {}
        }
        k += 1;
    }
    for (_, r) in open_inline {
        edits.push((r, String::new()));
    }
    edits
}

fn is_info_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '.' | '#')
}

fn info_is_clean(info: &str) -> bool {
    info.chars().all(is_info_char)
}

fn content_dropping_tags() -> HashSet<&'static str> {
    [
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "textarea",
        "select",
        "noembed",
        "noframes",
        "xmp",
        "title",
        "head",
        "form",
        "button",
        "base",
        "link",
        "meta",
        "plaintext",
    ]
    .into_iter()
    .collect()
}

/// How deep elements may nest in HTML handed to ammonia. Its parser (html5ever) looks down
/// the stack of open elements at most tags (is a `p` in scope, where does this end tag
/// close), so its time is the number of tags times the depth: quadratic on a block of
/// `<div>` × 100 000. Deeper HTML is shown as escaped text instead (see [`nests_deeper`]).
const MAX_HTML_DEPTH: usize = 256;

/// Whether `html` may make html5ever hold more than `limit` open elements. The estimate errs
/// high, so that no input slips past it: every start tag of a non-void element opens one; an
/// end tag closes the element on top (after those whose end tags are implied, like `li` or
/// `td`) and is otherwise taken to close nothing; a start tag of a list item, cell, row or
/// paragraph first closes one of its kind on top. (html5ever closes misnested elements in
/// other ways, and may reopen formatting elements after they close; counting them as open
/// stays above its stack. Well-nested HTML is estimated exactly.) Linear: constant work per
/// `<`.
fn nests_deeper(html: &str, limit: usize) -> bool {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image", "isindex",
    ];
    const IMPLIED_END: &[&str] = &[
        "p", "li", "dt", "dd", "option", "optgroup", "rb", "rp", "rt", "rtc", "tbody", "td",
        "tfoot", "th", "thead", "tr",
    ];
    let b = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + p + 1;
        i = at;
        let close = b.get(at) == Some(&b'/');
        let from = at + usize::from(close);
        let len = b[from..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || !b[from].is_ascii_alphabetic() {
            continue;
        }
        let name = html[from..from + len].to_ascii_lowercase();
        i = from + len;
        if close {
            while stack
                .last()
                .is_some_and(|top| *top != name && IMPLIED_END.contains(&top.as_str()))
            {
                stack.pop();
            }
            if stack.last() == Some(&name) {
                stack.pop();
            }
        } else if !VOID.contains(&name.as_str()) {
            if IMPLIED_END.contains(&name.as_str()) && stack.last() == Some(&name) {
                stack.pop();
            }
            stack.push(name);
            if stack.len() > limit {
                return true;
            }
        }
    }
    false
}

/// HTML shown as text: `&`, `<` and `>` as entities (the fallback for HTML nested too deep
/// for ammonia; nothing in it is markup any more).
fn escape_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    for c in html.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Sanitizes an HTML block with a conservative allowlist.
fn clean_html(html: &str) -> String {
    if nests_deeper(html, MAX_HTML_DEPTH) {
        return escape_html(html);
    }
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "wbr",
    ]
    .into_iter()
    .collect();
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    attrs.insert("a", ["href", "title"].into_iter().collect());
    attrs.insert(
        "img",
        ["src", "alt", "title", "width", "height"]
            .into_iter()
            .collect(),
    );
    attrs.insert("td", ["colspan", "rowspan", "align"].into_iter().collect());
    attrs.insert(
        "th",
        ["colspan", "rowspan", "align", "scope"]
            .into_iter()
            .collect(),
    );
    attrs.insert("ol", ["start", "reversed"].into_iter().collect());
    attrs.insert("abbr", ["title"].into_iter().collect());
    attrs.insert("details", ["open"].into_iter().collect());
    let mut b = Builder::default();
    b.tags(tags)
        .clean_content_tags(content_dropping_tags())
        .tag_attributes(attrs)
        .generic_attributes(["lang"].into_iter().collect())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true);
    b.clean(html).to_string()
}

/// The text of an HTML fragment, escaped (no tags survive).
fn clean_text(html: &str) -> String {
    if nests_deeper(html, MAX_HTML_DEPTH) {
        return escape_html(html);
    }
    let mut b = Builder::empty();
    b.clean_content_tags(content_dropping_tags());
    b.clean(html).to_string()
}

/// Whether a link (or image) destination is safe to render.
pub(super) fn url_is_safe(dest: &str, image: bool) -> bool {
    let cleaned: String = dest
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}')
        })
        .collect::<String>()
        .to_ascii_lowercase();
    if cleaned.starts_with("@/") {
        return false;
    }
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            let scheme = &cleaned[..i];
            match scheme {
                "http" | "https" | "mailto" | "ftp" | "ftps" | "tel" => true,
                "data" if image => {
                    let rest = &cleaned[i + 1..];
                    [
                        "image/png",
                        "image/jpeg",
                        "image/jpg",
                        "image/gif",
                        "image/webp",
                        "image/avif",
                    ]
                    .iter()
                    .any(|m| rest.starts_with(m))
                }
                _ => false,
            }
        }
        _ => true,
    }
}

/// The URL a page's relative links resolve against, and how much resolving may still add to
/// the text. Each resolved link grows by about the length of the URL, so a long URL over a
/// page of short relative links would make the output (and every later pass) quadratic in
/// the input: the URL is capped at [`Base::MAX_URL`] bytes, and once the links resolved have
/// added twice the length of the text plus [`Base::SPARE`] bytes, the rest stay relative.
pub(super) struct Base<'a> {
    pub url: &'a str,
    budget: std::cell::Cell<usize>,
}

impl<'a> Base<'a> {
    /// Longer page URLs are not used as a base (2048 is the usual limit of browsers and
    /// sitemaps).
    pub const MAX_URL: usize = 2048;
    /// What resolving may add beyond twice the length of the text.
    pub const SPARE: usize = 64 << 10;

    /// The base for a text of `text_len` bytes; `None` for a URL longer than
    /// [`Base::MAX_URL`].
    pub fn new(url: &'a str, text_len: usize) -> Option<Base<'a>> {
        (url.len() <= Self::MAX_URL).then(|| Base {
            url,
            budget: std::cell::Cell::new(text_len.saturating_mul(2).saturating_add(Self::SPARE)),
        })
    }

    /// `href` resolved ([`resolve_url`]) while the budget lasts, else trimmed.
    pub fn resolve(&self, href: &str) -> String {
        let resolved = resolve_url(self.url, href);
        let growth = resolved.len().saturating_sub(href.len());
        match self.budget.get().checked_sub(growth) {
            Some(left) => {
                self.budget.set(left);
                resolved
            }
            None => href.trim().to_string(),
        }
    }
}

/// `href` resolved against the absolute URL `base` and re-serialized (see [`super::urls`]);
/// `href` as written when it cannot be resolved, for the link checks downstream to judge.
pub(super) fn resolve_url(base: &str, href: &str) -> String {
    super::urls::resolve(href, Some(base)).unwrap_or_else(|| href.trim().to_string())
}

/// A URL written as a markdown link destination (spaces, angle brackets and unbalanced
/// parentheses percent-encoded).
pub(super) fn md_dest(url: &str) -> String {
    let mut depth = 0i32;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    balanced = false;
                }
            }
            _ => {}
        }
    }
    balanced &= depth == 0;
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            '(' if !balanced => out.push_str("%28"),
            ')' if !balanced => out.push_str("%29"),
            c if c.is_whitespace() || c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        "<>".to_string()
    } else {
        out
    }
}

fn escape_title(t: &str) -> String {
    t.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

/// Repairs inline link destinations (a crawler's trailing `[`) and, with a base URL, makes
/// relative ones absolute; reference definitions too.
pub(super) fn rewrite_links(md: &str, base: Option<&Base<'_>>) -> String {
    let mut cur = md.to_string();
    for _ in 0..4 {
        let edits = link_edits(&cur, base);
        if edits.is_empty() {
            break;
        }
        let next = apply_edits(&cur, edits);
        if next == cur {
            break;
        }
        cur = next;
    }
    match base {
        Some(base) => rewrite_definitions(&cur, base),
        None => cur,
    }
}

fn fix_dest(dest: &str, base: Option<&Base<'_>>) -> String {
    let mut d = dest.trim().to_string();
    while d.len() > 1 && d.ends_with(['[', '(', '{', '<']) {
        d.pop();
    }
    match base {
        Some(b) if !d.is_empty() => b.resolve(&d),
        _ => d,
    }
}

fn link_edits(md: &str, base: Option<&Base<'_>>) -> Vec<(Range<usize>, String)> {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(md, md_options())
        .into_offset_iter()
        .collect();
    let ends = tag_ends(&events);
    let mut edits = Vec::new();
    // The last link or image rewritten: those inside it wait for the next round.
    let mut rewritten: Option<Range<usize>> = None;
    for (k, (event, range)) in events.iter().enumerate() {
        if within(range, rewritten.as_ref()) {
            continue;
        }
        let (image, dest, title) = match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title,
                ..
            }) => (false, dest_url, title),
            Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url,
                title,
                ..
            }) => (true, dest_url, title),
            _ => continue,
        };
        let new = fix_dest(dest, base);
        if new == dest.as_ref() {
            continue;
        }
        let src = &md[range.clone()];
        let prefix = if image { "![" } else { "[" };
        if !src.starts_with(prefix) || !src.ends_with(')') {
            continue;
        }
        let end = ends[k];
        let text_from = range.start + prefix.len();
        let text_end = events
            .get(k + 1..end)
            .unwrap_or_default()
            .iter()
            .map(|(_, r)| r.end)
            .max()
            .unwrap_or(text_from)
            .max(text_from);
        let Some(p) = md.get(text_end..range.end).and_then(|s| s.find("](")) else {
            continue;
        };
        let p = text_end + p;
        let mut rep = md[range.start..p].to_string();
        rep.push_str("](");
        rep.push_str(&md_dest(&new));
        if !title.is_empty() {
            rep.push_str(" \"");
            rep.push_str(&escape_title(title));
            rep.push('"');
        }
        rep.push(')');
        edits.push((range.clone(), rep));
        rewritten = Some(range.clone());
    }
    edits
}

/// `[label]: /relative` definitions, resolved against `base` (outside code).
fn rewrite_definitions(md: &str, base: &Base<'_>) -> String {
    let lines: Vec<&str> = md.split('\n').collect();
    let code = super::markup::code_lines(md);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if code.get(i).copied().unwrap_or(false) {
            out.push(line.to_string());
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let t = line.trim_start();
        let def = (indent <= 3 && t.starts_with('['))
            .then(|| t.find("]:"))
            .flatten()
            .filter(|&j| j > 1 && !t[1..j].contains(['[', ']']));
        let Some(j) = def else {
            out.push(line.to_string());
            continue;
        };
        let after = &t[j + 2..];
        let dest_start = after.len() - after.trim_start().len();
        let rest = after.trim_start();
        let dest_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let dest = &rest[..dest_len];
        if dest.is_empty() || dest.starts_with('<') {
            out.push(line.to_string());
            continue;
        }
        let new = fix_dest(dest, Some(base));
        out.push(format!(
            "{}{}{}{}{}",
            &line[..indent],
            &t[..j + 2],
            &after[..dest_start],
            md_dest(&new),
            &rest[dest_len..]
        ));
    }
    out.join("\n")
}
