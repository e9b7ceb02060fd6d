//! Front matter: the `+++` TOML or `---` YAML block at the top of a content file, and the
//! fields pages and sections may set.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use super::date::Date;
use crate::error::{Error, Result};
use crate::formats::{self, Format};

/// Fields a page's front matter may set. Unknown fields are errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// Page title.
    pub title: Option<String>,
    /// Short description for lists, feeds and meta tags.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Last update.
    pub updated: Option<Date>,
    /// Drafts are only built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Last URL segment, instead of the file name.
    pub slug: Option<String>,
    /// Whole URL path, instead of section + slug.
    pub path: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Sort key for `sort_by = "weight"`.
    pub weight: Option<i64>,
    /// Template to render with, instead of the section's `page_template` or `page.html`.
    pub template: Option<String>,
    /// Terms per taxonomy name.
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Free data for templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    Date,
    /// A to Z.
    Title,
    /// Lightest first.
    Weight,
    /// By file path (the default).
    #[default]
    None,
}

/// Fields a section's `_index.md` may set. Unknown fields are errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    /// Section title.
    pub title: Option<String>,
    /// Short description.
    pub description: Option<String>,
    /// Page order.
    #[serde(default)]
    pub sort_by: SortBy,
    /// Pages per pager; no pagination when absent.
    pub paginate_by: Option<usize>,
    /// URL segment of pagers (`/blog/page/2/`).
    pub paginate_path: Option<String>,
    /// Template for the section page, instead of `section.html` (`index.html` for the root).
    pub template: Option<String>,
    /// Template for its pages, instead of `page.html`.
    pub page_template: Option<String>,
    /// Sort key among sibling sections.
    pub weight: Option<i64>,
    /// Free data for templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A content file split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter language, if there is a block.
    pub format: Option<Format>,
    /// The front matter text, without delimiters.
    pub front_matter: &'a str,
    /// 1-based line the front matter text starts on.
    pub front_matter_line: usize,
    /// The body after the block.
    pub body: &'a str,
    /// 1-based line the body starts on.
    pub body_line: usize,
}

/// Splits `text` into front matter and body. A file with no block is all body.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or_default().trim_end();
    let (delimiter, format) = match first_line {
        "+++" => ("+++", Format::Toml),
        "---" => ("---", Format::Yaml),
        _ => {
            return Ok(Split {
                format: None,
                front_matter: "",
                front_matter_line: 1,
                body: text,
                body_line: 1,
            });
        }
    };
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for (line, l) in (2..).zip(text[start..].split_inclusive('\n')) {
        if l.trim_end() == delimiter {
            return Ok(Split {
                format: Some(format),
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Error::at(
        path,
        1,
        1,
        format!("front matter opened with `{delimiter}` is never closed"),
    )
    .with_hint(format!(
        "add a line with only `{delimiter}` after the front matter"
    )))
}

/// Parses the front matter of `split` into `T` (an empty block, or none, gives the defaults).
pub fn parse<T: for<'de> Deserialize<'de> + Default>(split: &Split<'_>, path: &Path) -> Result<T> {
    match split.format {
        None => Ok(T::default()),
        Some(format) => formats::parse(format, split.front_matter, path, split.front_matter_line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_toml_and_counts_body_line() {
        let s = split("+++\ntitle = \"A\"\n+++\nbody\n", p()).unwrap();
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        let meta: PageMeta = parse(&s, p()).unwrap();
        assert_eq!(meta.title.as_deref(), Some("A"));
    }

    #[test]
    fn splits_yaml_with_crlf() {
        let s = split("---\r\ntitle: B\r\n---\r\nbody", p()).unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        let meta: PageMeta = parse(&s, p()).unwrap();
        assert_eq!(meta.title.as_deref(), Some("B"));
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Hi\n", p()).unwrap();
        assert_eq!(s.format, None);
        assert_eq!(s.body, "# Hi\n");
    }

    #[test]
    fn unclosed_block_is_an_error() {
        let err = split("+++\ntitle = 1\n", p()).unwrap_err();
        assert!(err.to_string().contains("never closed"), "{err}");
    }

    #[test]
    fn wrong_type_points_at_the_field_line() {
        let s = split("+++\ntitle = \"A\"\ndraft = \"yes\"\n+++\n", p()).unwrap();
        let err = parse::<PageMeta>(&s, p()).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, Some(3), "{err}");
    }

    #[test]
    fn bad_date_points_at_the_field_line() {
        let s = split("---\ntitle: A\ndate: 2024-02-30\n---\n", p()).unwrap();
        let err = parse::<PageMeta>(&s, p()).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, Some(3), "{err}");
        assert!(err.message.contains("2024-02-30"), "{err}");
    }
}
