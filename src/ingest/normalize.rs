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
    /// Title and summary text, chrome removed.
    pub text: String,
    /// The case study, as an absolute URL.
    pub url: String,
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
    /// Original URL (`source_url` of a crawl), if known.
    pub source_url: Option<String>,
    /// Clean markdown body (see the contract above).
    pub markdown: String,
    /// Cards of a crawled listing.
    pub cards: Vec<Card>,
}

/// Normalizes `text` (already checked to be UTF-8 and non-empty). `path` is for messages and
/// for the extension (`.md`, `.markdown`, `.txt`). Malformed front matter is an error with
/// file and line.
pub fn normalize(text: &str, path: &Path) -> Result<Normalized, Error> {
    let _ = path;
    Ok(Normalized {
        shape: Shape::Markdown,
        title: text.lines().next().unwrap_or_default().trim().to_string(),
        description: None,
        date: None,
        source_url: None,
        markdown: text.to_string(),
        cards: Vec::new(),
    })
}
