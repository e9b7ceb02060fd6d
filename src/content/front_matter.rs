//! Front matter: the `+++` TOML or `---` YAML block at the top of a content file, and the
//! fields pages and sections may set.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use super::date::Date;
use crate::error::{Error, Result};
use crate::formats::{self, Format};

/// Fields a page's front matter may set. Unknown fields are errors.
#[derive(Debug, Clone, Deserialize)]
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
    /// Who wrote it (Zola's `authors`): `page.authors`, and the authors of its feed entries.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Whether the page gets its own HTML file (Zola's `render`); with `false` it is still in
    /// its section's lists and `get_page`, as in Zola, but has no page and is not in the
    /// sitemap.
    #[serde(default = "yes")]
    pub render: bool,
    /// Whether the search index holds it.
    #[serde(default = "yes")]
    pub in_search_index: bool,
    /// Free data for templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn yes() -> bool {
    true
}

/// The defaults are those of an empty front matter, so they are written once, in the serde
/// attributes (`render` is true, most switches false).
fn empty_front_matter<T: for<'de> Deserialize<'de>>() -> T {
    toml::from_str("").expect("every front matter field has a default")
}

impl Default for PageMeta {
    fn default() -> Self {
        empty_front_matter()
    }
}

impl Default for SectionMeta {
    fn default() -> Self {
        empty_front_matter()
    }
}

/// How a section orders its pages (Zola's values).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Newest first.
    Date,
    /// Most recently updated first (`updated`, else `date`).
    UpdateDate,
    /// A to Z, ignoring case.
    Title,
    /// By the bytes of the title (capitals first).
    TitleBytes,
    /// Lightest first.
    Weight,
    /// By slug.
    Slug,
    /// By file path (the default).
    #[default]
    None,
}

/// Fields a section's `_index.md` may set. Unknown fields are errors.
#[derive(Debug, Clone, Deserialize)]
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
    /// Drafts (and everything in them) are only built with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Whether the section gets its own page (its pages are written either way).
    #[serde(default = "yes")]
    pub render: bool,
    /// The section's URL redirects there instead of showing a list (a path on the site, or
    /// an absolute URL).
    pub redirect_to: Option<String>,
    /// Its pages are listed in the parent section's pages too (their URLs do not change).
    #[serde(default)]
    pub transparent: bool,
    /// Old URLs that redirect to the section.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether the section has its own feed (`blog/atom.xml`).
    #[serde(default)]
    pub generate_feeds: bool,
    /// Pagers list the pages in reverse order.
    #[serde(default)]
    pub paginate_reversed: bool,
    /// Heading anchor links for its pages, instead of `[markdown]`'s.
    pub insert_anchor_links: Option<crate::config::AnchorLinks>,
    /// Whether the search index holds the section and its pages.
    #[serde(default = "yes")]
    pub in_search_index: bool,
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

/// Splits `text` into front matter and body. A file with no block is all body. Blank lines
/// before the block are allowed, as in Zola.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut blank_lines, mut blank_bytes) = (0, 0);
    for l in text.split_inclusive('\n') {
        if !l.trim().is_empty() || !l.ends_with('\n') {
            break;
        }
        blank_lines += 1;
        blank_bytes += l.len();
    }
    let opened = text[blank_bytes..]
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end();
    if blank_lines > 0 && matches!(opened, "+++" | "---") {
        let mut split = split(&text[blank_bytes..], path).map_err(|e| e.shifted(blank_lines))?;
        split.front_matter_line += blank_lines;
        split.body_line += blank_lines;
        return Ok(split);
    }
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

/// Why a URL path from front matter (`path`, an alias, `paginate_path`) cannot name an output
/// file, if it cannot. Output files are written at these paths under the output directory, so
/// anything that could climb out of it or mean something else on another system is refused
/// here, where the error can name the field, rather than only at write time.
pub fn unsafe_url_path(value: &str) -> Option<&'static str> {
    if value.chars().any(|c| c.is_control()) {
        return Some("it contains a NUL or control character");
    }
    if value.contains('\\') {
        return Some("it contains a backslash; URL paths use `/`");
    }
    let trimmed = value.trim();
    if trimmed.starts_with("//") || trimmed.contains("://") {
        return Some("it is a URL with a host, not a path on this site");
    }
    let segments = || trimmed.split('/').filter(|s| !s.is_empty());
    if segments().any(|s| s == ".." || s == ".") {
        return Some(
            "`.` and `..` segments are not allowed (they could leave the output directory)",
        );
    }
    if segments().next().is_some_and(|s| s.contains(':')) {
        return Some("a `:` in the first segment reads as a drive or a scheme");
    }
    None
}

/// Checks the URL paths a page's front matter sets (`path`, `aliases`): the error names the
/// file, the line and column of the offending value, and the field.
pub fn check_page_paths(split: &Split<'_>, path: &Path, meta: &PageMeta) -> Result<()> {
    if let Some(p) = &meta.path {
        check_field(split, path, "path", p)?;
    }
    for alias in &meta.aliases {
        check_field(split, path, "aliases", alias)?;
    }
    Ok(())
}

/// Checks a section's `paginate_path` and `aliases` (see [`check_page_paths`]).
pub fn check_section_paths(split: &Split<'_>, path: &Path, meta: &SectionMeta) -> Result<()> {
    if let Some(p) = &meta.paginate_path {
        check_field(split, path, "paginate_path", p)?;
    }
    for alias in &meta.aliases {
        check_field(split, path, "aliases", alias)?;
    }
    Ok(())
}

fn check_field(split: &Split<'_>, path: &Path, field: &str, value: &str) -> Result<()> {
    let Some(reason) = unsafe_url_path(value) else {
        return Ok(());
    };
    let (line, column) = value_position(split, field, value);
    Err(Error::at(
        path,
        line,
        column,
        format!("`{field}` value {value:?} cannot be an output path: {reason}"),
    )
    .with_hint("write a URL path inside the site, such as `/blog/old-post/` or `old/page.html`"))
}

fn value_position(split: &Split<'_>, field: &str, value: &str) -> (usize, usize) {
    position_of(split.front_matter, split.front_matter_line, field, value)
}

/// Where `value` of `field` is written in `front_matter` (whose first line is line
/// `first_line` of its file), as a 1-based (line, column): the first line from the field's
/// line on that holds the value (an array may span lines), else the field's line, else the
/// block's first line. For errors about a value that parsed but is wrong.
pub fn position_of(
    front_matter: &str,
    first_line: usize,
    field: &str,
    value: &str,
) -> (usize, usize) {
    let lines: Vec<&str> = front_matter.lines().collect();
    let is_field = |l: &str| {
        l.trim_start()
            .strip_prefix(field)
            .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
    };
    let Some(start) = lines.iter().position(|l| is_field(l)) else {
        return (first_line, 1);
    };
    // As written: the value itself, or with the escapes of a quoted TOML or YAML string.
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    for (i, l) in lines.iter().enumerate().skip(start) {
        if i > start && is_key_line(l) {
            break;
        }
        if let Some(col) = l.find(value).or_else(|| l.find(&escaped)) {
            // Point at the opening quote when there is one.
            let col = if col > 0 && matches!(l.as_bytes()[col - 1], b'"' | b'\'') {
                col - 1
            } else {
                col
            };
            return (first_line + i, l[..col].chars().count() + 1);
        }
    }
    let indent = lines[start].len() - lines[start].trim_start().len();
    (first_line + start, indent + 1)
}

/// Whether a front matter line starts another field (`key =` or `key:`).
fn is_key_line(l: &str) -> bool {
    let t = l.trim_start();
    let key_len = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(t.len());
    key_len > 0 && t[key_len..].trim_start().starts_with(['=', ':'])
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
    fn blank_lines_may_come_before_the_block() {
        let s = split("\n  \n+++  \ntemplate = \"x.html\"\n+++   \nbody\n", p()).unwrap();
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(s.front_matter, "template = \"x.html\"\n");
        assert_eq!((s.front_matter_line, s.body_line), (4, 6));
        let e = split("\n+++\ntitle = 1\n", p()).unwrap_err();
        assert!(e.to_string().contains(":2:1"), "{e}");
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

    #[test]
    fn url_paths_that_leave_the_output_are_refused() {
        for bad in [
            "../../victim.html",
            "/../../x/",
            "a/../../b",
            "./x",
            "a\\..\\b",
            "x\0y",
            "C:/Windows/x.html",
            "c:x",
            "//evil.example/x",
            "https://evil.example/x",
        ] {
            assert!(unsafe_url_path(bad).is_some(), "{bad:?} was accepted");
        }
        for good in [
            "/about/",
            "about",
            "old/post.html",
            "/",
            "a.b/c..d/",
            "café/",
        ] {
            assert_eq!(unsafe_url_path(good), None, "{good:?} was refused");
        }
    }

    #[test]
    fn a_bad_alias_names_its_line_column_and_field() {
        let text =
            "+++\ntitle = \"A\"\naliases = [\n  \"/ok/\",\n  \"../../victim.html\",\n]\n+++\n";
        let s = split(text, p()).unwrap();
        let meta: PageMeta = parse(&s, p()).unwrap();
        let err = check_page_paths(&s, p(), &meta).unwrap_err();
        let loc = err.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (Some(5), Some(3)), "{err}");
        assert!(err.message.contains("`aliases`"), "{err}");
        assert!(err.message.contains("../../victim.html"), "{err}");
    }

    #[test]
    fn a_bad_path_in_yaml_names_its_line() {
        let s = split("---\ntitle: A\npath: /../../x/\n---\n", p()).unwrap();
        let meta: PageMeta = parse(&s, p()).unwrap();
        let err = check_page_paths(&s, p(), &meta).unwrap_err();
        let loc = err.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (Some(3), Some(7)), "{err}");
        assert!(err.message.contains("`path`"), "{err}");
    }

    #[test]
    fn a_bad_paginate_path_is_refused() {
        let s = split("+++\npaginate_path = \"../up\"\n+++\n", p()).unwrap();
        let meta: SectionMeta = parse(&s, p()).unwrap();
        let err = check_section_paths(&s, p(), &meta).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, Some(2), "{err}");
    }
}
