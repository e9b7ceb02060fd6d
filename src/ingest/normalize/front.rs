//! The header of a raw document: `---` YAML or `+++` TOML, read leniently.
//!
//! Raw documents come from crawlers and other tools, so unknown keys are ignored and scalar
//! values of any type are accepted; but a block that is never closed or does not parse is an
//! error with file and line (via `content::front_matter::split` and `formats::parse`).

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_json::Value;
use std::path::Path;

use crate::content::Date;
use crate::content::front_matter;
use crate::error::Error;
use crate::formats;

/// Metadata read from the header.
#[derive(Debug, Clone, Default)]
pub(super) struct Meta {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Normalized to `YYYY-MM-DD` or RFC 3339 (always accepted by `Date::parse`).
    pub date: Option<String>,
    /// Whether `date` is when the page was crawled (`crawl_date`), not when it was published.
    pub date_is_crawl: bool,
    pub source_url: Option<String>,
    /// The organisation the document is about, from a field that names it.
    pub subject: Option<String>,
    /// The header's quote (a case study's pull quote).
    pub quote: Option<String>,
    /// The header's link (a case study's company or story link).
    pub link: Option<String>,
    /// Every top-level key, lowercased (for shape cues).
    pub keys: Vec<String>,
}

impl Meta {
    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
}

/// A document split into header and body.
#[derive(Debug)]
pub(super) struct Front<'a> {
    pub meta: Meta,
    /// Whether there was a header block.
    pub has_block: bool,
    pub body: &'a str,
}

/// Reads the header of `text` (already preprocessed: LF line endings).
pub(super) fn read<'a>(text: &'a str, path: &Path) -> Result<Front<'a>, Error> {
    // A header after a few blank lines is still a header.
    let mut skipped = 0;
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        if !line.trim().is_empty() {
            break;
        }
        rest = after;
        skipped += 1;
    }
    let first = rest.lines().next().unwrap_or_default().trim_end();
    if first != "---" && first != "+++" {
        return Ok(Front {
            meta: Meta::default(),
            has_block: false,
            body: text,
        });
    }
    let split = front_matter::split(rest, path).map_err(|e| shift(e, skipped))?;
    let Some(format) = split.format else {
        return Ok(Front {
            meta: Meta::default(),
            has_block: false,
            body: text,
        });
    };
    let value: Value = formats::parse(format, split.front_matter, path, split.front_matter_line)
        .map_err(|e| shift(e, skipped))?;
    Ok(Front {
        meta: meta_from(&value),
        has_block: true,
        body: split.body,
    })
}

fn shift(mut e: Error, lines: usize) -> Error {
    if let Some(loc) = e.location.as_mut()
        && let Some(line) = loc.line.as_mut()
    {
        *line += lines;
    }
    e
}

/// Header fields that name the organisation a document is about (case-study front matter).
const SUBJECT_FIELDS: &[&str] = &[
    "company",
    "organization",
    "organisation",
    "customer",
    "client",
    "brand",
];

fn meta_from(value: &Value) -> Meta {
    let Some(map) = value.as_object() else {
        return Meta::default();
    };
    let get = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|name| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .and_then(|(_, v)| scalar(v))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        })
    };
    Meta {
        title: get(&["title"]),
        description: get(&["description"]),
        date: get(&["date", "crawl_date", "publishdate", "published"])
            .as_deref()
            .and_then(normalize_date),
        date_is_crawl: get(&["date", "publishdate", "published"]).is_none()
            && get(&["crawl_date"]).is_some(),
        source_url: get(&["source_url"]),
        subject: get(SUBJECT_FIELDS),
        quote: get(&["quote", "pullquote"]),
        link: get(&["link", "url", "website", "homepage"]),
        keys: map.keys().map(|k| k.to_ascii_lowercase()).collect(),
    }
}

/// A scalar as text; TOML dates arrive as a one-entry map.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(m) if m.len() == 1 => m.values().next().and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            _ => None,
        }),
        _ => None,
    }
}

/// Normalizes a date to `YYYY-MM-DD` or RFC 3339; `None` if it is not a date.
pub(super) fn normalize_date(text: &str) -> Option<String> {
    let t = text.trim();
    let out = if NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok()
        || DateTime::parse_from_rfc3339(t).is_ok()
    {
        Some(t.to_string())
    } else if let Some(d) = [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
    ]
    .iter()
    .find_map(|f| DateTime::parse_from_str(t, f).ok())
    {
        Some(d.to_rfc3339())
    } else if let Some(d) = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    {
        // No zone: taken as UTC, as `Date::parse` does.
        Some(d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    } else {
        [
            "%Y/%m/%d",
            "%B %d, %Y",
            "%b %d, %Y",
            "%d %B %Y",
            "%d %b %Y",
            "%B %d %Y",
        ]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .map(|d| d.format("%Y-%m-%d").to_string())
    };
    out.filter(|d| Date::parse(d).is_ok())
}
