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

mod html;
mod links;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

// `markup` and `urls` are named here too: the code of `links` reaches them as `super::…`.
use super::markup::{self, apply_edits, md_options};
use super::urls;
use crate::markdown::SUMMARY_MARKER;
use html::{clean_html, clean_text};
pub(super) use links::{Base, md_dest, resolve_url, rewrite_links};

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

/// One pass of edits over `md` as parsed with `opts`: unsafe HTML, links, images, fence
/// info strings and heading attributes, each as (byte range, replacement). `strict` treats
/// every HTML block as text.
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
            Event::Start(tag) if is_container(tag) => containers += 1,
            Event::End(end) => {
                if is_container_end(end) {
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
                // Only a top-level block can be rewritten whole: inside a container its
                // lines carry the container's markers.
                let whole = containers == 0 && !strict;
                html_block_edits(md, range, &events[k + 1..end], whole, &mut edits);
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
            Event::InlineHtml(h) => inline_html_edit(h, range, &mut open_inline, &mut edits),
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
                edits.push(fence_info_edit(md, range, info));
            }
            Event::Start(Tag::Heading { attrs, .. }) if !attrs.is_empty() => {
                edits.extend(heading_attrs_edit(md, range));
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

/// Whether a tag opens a container block (whose lines carry its markers).
fn is_container(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::Item
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

/// Whether a tag end closes a container block.
fn is_container_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// An inline HTML tag: kept, opened (`open_inline` until its close), closed, or dropped.
fn inline_html_edit(
    h: &str,
    range: &Range<usize>,
    open_inline: &mut Vec<(String, Range<usize>)>,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    match inline_tag(h) {
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
    }
}

/// The edits of an HTML block: rewritten whole (`whole`) when cleaning changed it, else each
/// of its lines (`inner`) reduced to text.
fn html_block_edits(
    md: &str,
    range: &Range<usize>,
    inner: &[(Event<'_>, Range<usize>)],
    whole: bool,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    let src = &md[range.clone()];
    if whole {
        if src.trim() != SUMMARY_MARKER {
            let cleaned = clean_html(src);
            if cleaned.trim() != src.trim() {
                let mut rep = cleaned.trim().to_string();
                rep.push_str("\n\n");
                edits.push((range.clone(), rep));
            }
        }
        return;
    }
    for (e, r) in inner {
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

/// A fenced code block's info string cut to its language word: it ends up in a class
/// attribute.
fn fence_info_edit(md: &str, range: &Range<usize>, info: &str) -> (Range<usize>, String) {
    let src = &md[range.clone()];
    let line_end = src.find('\n').unwrap_or(src.len());
    let line = &src[..line_end];
    let fence_start = line.len() - line.trim_start().len();
    let fence_char = line[fence_start..].chars().next().unwrap_or('`');
    let info_start = fence_start
        + (line.len() - fence_start - line[fence_start..].trim_start_matches(fence_char).len());
    let lang: String = info
        .trim()
        .chars()
        .take_while(|c| is_info_char(*c))
        .collect();
    (range.start + info_start..range.start + line_end, lang)
}

/// A heading's `{...}` attribute block escaped, so it stays text.
fn heading_attrs_edit(md: &str, range: &Range<usize>) -> Option<(Range<usize>, String)> {
    let src = &md[range.clone()];
    let text_part = match src.trim_end().rfind('\n') {
        // Setext: the attribute block ends the text, before the underline.
        Some(i) => &src[..i],
        None => src,
    };
    let at = range.start + text_part.rfind('{')?;
    Some((at..at, "\\".to_string()))
}

fn is_info_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '.' | '#')
}

fn info_is_clean(info: &str) -> bool {
    info.chars().all(is_info_char)
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
