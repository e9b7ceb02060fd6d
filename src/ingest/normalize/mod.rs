//! Normalizing one raw document: detect its shape, read its metadata, and produce clean,
//! safe CommonMark.
//!
//! CONTRACT (relied on by `extract.rs`):
//! - `markdown` is CommonMark with GFM tables; every heading is an ATX heading whose text is
//!   plain (no `**`, `_` or links); bare-line headings of plain text become `##`/`###`.
//! - Crawled case-study cards are returned in `cards` (structured) and rendered in `markdown`
//!   under a `## Case studies` heading as `### <name>` + paragraph + a link line.
//! - Wiki bullets stay list items with their link: `- [Go at X](url) by Person`.
//! - Unfenced code is fenced with its language; tables are GFM tables with a blank line before.
//! - Raw HTML is sanitized: no script, event handler or `javascript:` URL survives.
//! - Relative links of a crawled page are absolute (resolved against `source_url`).
//!
//! The pipeline, all pure functions of the text (and the path's extension):
//!
//! 1. [`markup::preprocess`]: CRLF / CR to LF, control characters dropped, BOM removed.
//! 2. [`front::read`]: the `---` YAML or `+++` TOML header, read leniently (unknown keys are
//!    fine; malformed blocks are errors with file and line).
//! 3. [`detect`]: the shape, from content cues (the extension is only a hint).
//! 4. A per-shape rewrite: [`crawled`], [`plain`], or [`markup`] (wiki, Hugo, markdown).
//! 5. Shared passes: plain ATX headings, link repair / resolution, closed fences, collapsed
//!    blank lines, then [`sanitize`] (raw HTML through ammonia, unsafe URLs dropped), iterated
//!    until the markdown is stable.

mod calls;
mod crawled;
mod front;
mod markup;
mod plain;
mod sanitize;
#[cfg(test)]
mod tests;
mod urls;

use crate::error::Error;
use std::path::Path;

/// The five shapes raw documents come in (plus plain markdown, handled as is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// A crawled web page: YAML header (source_url, title, crawl_date) and crawled markdown.
    Crawled,
    /// Plain text with bare-line headings, pipe tables and `- ` lists.
    PlainArticle,
    /// Plain text with unfenced code and pull quotes.
    PlainCodeArticle,
    /// A wiki page of `# Heading` sections and link bullets.
    Wiki,
    /// A Hugo page: YAML front matter and `### **Company**` sections.
    Hugo,
    /// Ordinary markdown with no special shape.
    Markdown,
}

/// A case-study card of a crawled listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The company, from the logo's alt text.
    pub name: String,
    /// The card's title, when it can be told from the summary the listing prints right after it.
    pub title: Option<String>,
    /// The summary (the whole text when no title was told apart), chrome removed.
    pub text: String,
    /// The case study, as an absolute URL.
    pub url: String,
}

/// The organisation a document is about, as its header names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The name, as written.
    pub name: String,
    /// The header's quote, if any (collapsed whitespace, plain text).
    pub quote: Option<String>,
    /// The header's link, when it is an absolute http(s) URL.
    pub link: Option<String>,
}

/// A normalized document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The detected shape.
    pub shape: Shape,
    /// Title: front matter, else first heading, else first line.
    pub title: String,
    /// Description from front matter, if any.
    pub description: Option<String>,
    /// Date: front matter date or crawl date, as `YYYY-MM-DD` or RFC 3339.
    pub date: Option<String>,
    /// Whether `date` is the crawl date (the page says when it was fetched, not published).
    pub date_is_crawl: bool,
    /// Original URL (`source_url` of a crawl), if known.
    pub source_url: Option<String>,
    /// Clean markdown body (see the contract above).
    pub markdown: String,
    /// Cards of a crawled listing.
    pub cards: Vec<Card>,
    /// The organisation the header says the document is about.
    pub subject: Option<Subject>,
    /// Template calls and shortcodes of the source that were dropped (see `calls`).
    pub dropped_calls: Vec<String>,
}

/// `md` made safe to render, as a normalized body is: for markdown that extraction rebuilds
/// from a source's pieces (a comparison table from its cells), which is new text the
/// normalizer never saw whole.
pub fn sanitized(md: &str) -> String {
    sanitize::settle(md)
}

/// Normalizes `text` (already checked to be UTF-8 and non-empty). `path` is for messages and
/// for the extension (`.md`, `.markdown`, `.txt`). Malformed front matter is an error with
/// file and line.
pub fn normalize(text: &str, path: &Path) -> Result<Normalized, Error> {
    let text = markup::preprocess(text);
    let front = front::read(&text, path)?;
    let meta = &front.meta;
    let source_url = meta.source_url.as_deref().and_then(urls::absolute_http);
    let shape = detect(&front, Hint::from_path(path));
    let base = source_url
        .as_deref()
        .and_then(|u| sanitize::Base::new(u, text.len()));

    let mut cards = Vec::new();
    let mut plain_title = None;
    let expanded = calls::expand(front.body);
    let body = expanded.markdown.as_str();
    let body = match shape {
        Shape::Crawled => {
            let out = crawled::transform(body, base.as_ref());
            cards = out.cards;
            out.markdown
        }
        Shape::PlainArticle | Shape::PlainCodeArticle => {
            let out = plain::transform(body, meta.title.as_deref());
            plain_title = out.title;
            out.markdown
        }
        Shape::Wiki => markup::wiki(body),
        Shape::Hugo => markup::hugo(body),
        Shape::Markdown => markup::markdown(body),
    };

    let body = markup::plain_headings(&body);
    let body = sanitize::rewrite_links(&body, base.as_ref());
    let markdown = sanitize::settle(&markup::finish(&body));

    let title = meta
        .title
        .clone()
        .or(plain_title)
        .or_else(|| markup::first_heading(&markdown))
        .or_else(|| markup::first_line(&markdown))
        .map(|t| calls::defuse(&markup::tidy_title(&t)))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback_title(path));

    Ok(Normalized {
        shape,
        title,
        description: meta
            .description
            .as_deref()
            .map(|d| calls::defuse(&crate::ingest::text::collapse(d)))
            .filter(|d| !d.is_empty()),
        date: meta.date.clone(),
        date_is_crawl: meta.date_is_crawl,
        source_url,
        markdown,
        cards,
        subject: meta.subject.as_deref().map(|name| Subject {
            name: calls::defuse(&crate::ingest::text::collapse(name)),
            quote: meta
                .quote
                .as_deref()
                .map(|q| calls::defuse(&crate::ingest::text::collapse(q)))
                .filter(|q| !q.is_empty()),
            link: meta.link.as_deref().and_then(urls::absolute_http),
        }),
        dropped_calls: expanded.dropped,
    })
}

/// What the file's extension suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    Markdown,
    Text,
    None,
}

impl Hint {
    fn from_path(path: &Path) -> Hint {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => Hint::Markdown,
            Some("txt" | "text") => Hint::Text,
            _ => Hint::None,
        }
    }
}

/// Decides the shape from content cues; the extension only breaks ties between plain text
/// and markdown.
fn detect(front: &front::Front<'_>, hint: Hint) -> Shape {
    let meta = &front.meta;
    let body = front.body;
    if meta.has_key("source_url") || meta.has_key("crawl_date") || crawled::looks_crawled(body) {
        return Shape::Crawled;
    }
    let md_cues = markup::markdown_cues(body);
    let plain = plain::analyze(body);
    if front.has_block {
        // A header over plain text (no markdown at all, but bare headings or code) is still
        // plain text.
        let plain_body = md_cues == 0 && (plain.code_regions > 0 || plain.headings >= 2);
        return if markup::looks_hugo(meta, body) {
            Shape::Hugo
        } else if plain_body {
            plain_shape(&plain)
        } else {
            Shape::Markdown
        };
    }
    let is_plain = match hint {
        Hint::Text => md_cues < 2,
        Hint::Markdown => md_cues == 0 && (plain.code_regions > 0 || plain.headings >= 2),
        Hint::None => md_cues == 0,
    };
    if is_plain {
        return plain_shape(&plain);
    }
    if markup::looks_wiki(body) {
        Shape::Wiki
    } else if markup::looks_hugo(meta, body) {
        Shape::Hugo
    } else {
        Shape::Markdown
    }
}

fn plain_shape(plain: &plain::Analysis) -> Shape {
    if plain.code_regions > 0 {
        Shape::PlainCodeArticle
    } else {
        Shape::PlainArticle
    }
}

/// A title when the document has none: the file name, made readable.
fn fallback_title(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .replace(['-', '_'], " ");
    let stem = crate::ingest::text::collapse(&stem);
    if stem.is_empty() {
        "Untitled".to_string()
    } else {
        stem
    }
}
