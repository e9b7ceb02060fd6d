//! The document's title when its header gives none: the first heading or paragraph line,
//! tidied. Separate because it reads the finished markdown, after every rewrite.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::md_options;
use crate::ingest::text::collapse;

/// Plain text of the first heading, skipping generic ones ("Introduction", "Overview") when a
/// more specific heading follows.
pub(crate) fn first_heading(md: &str) -> Option<String> {
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
pub(crate) fn first_line(md: &str) -> Option<String> {
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
pub(crate) fn tidy_title(title: &str) -> String {
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
