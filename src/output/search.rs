//! The site-wide search index: an elasticlunr index (the format mdBook and Zola use) of every
//! page, section and taxonomy term, plus what a result shows (title, kind, URL). The theme's
//! search page loads it with elasticlunr.js, so search works on any static host.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::render::SiteValues;
use crate::site::Site;

/// The file the index is written to, named after the site's language as Zola names it
/// (`search_index.en.json`); a language code that is not a plain tag falls back to `en`.
pub fn search_index_file(language: &str) -> String {
    let tag = language.trim().to_ascii_lowercase();
    let plain = !tag.is_empty()
        && tag.len() <= 16
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    format!(
        "search_index.{}.json",
        if plain { tag.as_str() } else { "en" }
    )
}

/// How long a result's snippet is, at most, in characters.
const SNIPPET: usize = 160;

#[derive(Serialize)]
struct Doc {
    title: String,
    kind: String,
    url: String,
    /// The start of what the document says, so a reader can judge the hit.
    snippet: String,
}

/// The first words of `text`, up to [`SNIPPET`] characters, cut at a word.
fn snippet(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > SNIPPET {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[derive(Serialize)]
struct SearchFile {
    docs: BTreeMap<String, Doc>,
    index: serde_json::Value,
}

/// Builds the index JSON. Entity pages (companies, domains, comparisons) are documents with
/// their name as title and their evidence as body, so a search for a company finds its page
/// before the articles that mention it.
pub fn search_index(site: &Site, values: &SiteValues) -> String {
    let mut index = elasticlunr::Index::new(&["title", "body"]);
    let mut docs = BTreeMap::new();
    // `body` is searched and its start shown; `also` is searched but not shown (a company's
    // domains).
    let mut add = |path: &str, url: &str, title: &str, kind: &str, body: &str, also: &str| {
        let searched = format!("{also} {body}");
        index.add_doc(path, [indexable(title), indexable(&searched)]);
        docs.insert(
            path.to_string(),
            Doc {
                title: title.to_string(),
                kind: kind.to_string(),
                url: url.to_string(),
                snippet: snippet(body),
            },
        );
    };
    for (i, p) in site.pages.iter().enumerate() {
        let html = values.pages[i]
            .get_from_path("content")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let kind = if p.file.meta.extra.contains_key("ingested") {
            "Source"
        } else {
            "Page"
        };
        add(&p.path, &p.permalink, p.title(), kind, &text_of(html), "");
    }
    for s in &site.sections {
        let description = s.file.meta.description.clone().unwrap_or_default();
        add(
            &s.path,
            &s.permalink,
            &s.title(),
            "Section",
            &description,
            "",
        );
    }
    let e = &site.entities;
    for t in &site.taxonomies {
        for term in &t.terms {
            let mut also = String::new();
            let (kind, body) = match t.config.name.as_str() {
                // A company's domains are searched too: "payments" finds every company in
                // payments and fintech, not only those whose quotes say the word.
                crate::site::entities::COMPANIES => (
                    "Company",
                    e.companies.get(&term.slug).map(|c| {
                        also = c
                            .domains
                            .iter()
                            .filter_map(|d| e.domains.get(d))
                            .map(|d| d.name.as_str())
                            .collect::<Vec<_>>()
                            .join(" ");
                        c.mentions
                            .iter()
                            .map(|m| m.quote.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    }),
                ),
                crate::site::entities::DOMAINS => (
                    "Domain",
                    e.domains.get(&term.slug).map(|d| {
                        d.companies
                            .iter()
                            .filter_map(|c| e.companies.get(c))
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    }),
                ),
                crate::site::entities::COMPARISONS => (
                    "Comparison",
                    e.comparisons.get(&term.slug).map(|c| {
                        c.claims
                            .iter()
                            .chain(&c.migrations)
                            .map(|m| m.quote.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    }),
                ),
                other => (other, None),
            };
            let kind = if kind == t.config.name {
                capitalize(kind)
            } else {
                kind.to_string()
            };
            add(
                &term.path,
                &term.permalink,
                &term.name,
                &kind,
                &body.unwrap_or_default(),
                &also,
            );
        }
    }
    let file = SearchFile {
        docs,
        index: serde_json::from_str(&index.to_json()).unwrap_or_default(),
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// The longest word the index takes, in characters. elasticlunr stores each word in a trie of
/// one node per character and walks it recursively, so one long token (a base64 blob, a long
/// URL, a run of brackets) overflowed the stack and a 5 MB token took gigabytes. Nobody searches
/// for a word that long; dropping such words bounds the index's depth and size.
pub const MAX_INDEXED_WORD: usize = 64;

/// `text` without the words longer than [`MAX_INDEXED_WORD`] characters.
fn indexable(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| w.chars().count() <= MAX_INDEXED_WORD)
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The text of an HTML fragment: tags dropped, common entities decoded, code kept.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_too_long_to_search_are_left_out() {
        let long = "x".repeat(MAX_INDEXED_WORD + 1);
        let just = "y".repeat(MAX_INDEXED_WORD);
        assert_eq!(
            indexable(&format!("Go {long} is {just} fast")),
            format!("Go is {just} fast")
        );
    }

    #[test]
    fn text_of_drops_tags_and_decodes_entities() {
        assert_eq!(
            text_of("<p>Go &amp; <em>Rust</em></p>\n<pre><code>a &lt; b</code></pre>"),
            "Go & Rust a < b"
        );
    }
}
