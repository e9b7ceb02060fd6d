//! `config.toml`: the site's settings.
//!
//! Unknown keys are errors (a typo must not be silently ignored). Keys that Zola users carry
//! over are accepted where Gazette does the same thing, and rejected with a clear message where
//! it does not (rather than accepted and ignored).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Errors};
use crate::formats::{self, Format};

mod globs;
mod languages;
mod markdown;
mod recovery;
mod search;
mod slugify;

pub use globs::PathGlobs;
pub use languages::LanguageConfig;
pub use markdown::{AnchorLinks, HighlightStyle, HighlightingConfig, MarkdownConfig};
use recovery::{offset_of, set_entry_aside};
pub use search::{IndexFormat, SearchConfig};
pub use slugify::{SlugStrategy, SlugifyConfig};

/// The file name of the site configuration, at the site root.
pub const CONFIG_FILE: &str = "config.toml";

/// Site configuration, as read from `config.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Absolute URL the site is published at, e.g. `https://example.org` (required).
    pub base_url: String,
    /// Site title.
    #[serde(default)]
    pub title: String,
    /// Site description, used in feeds and meta tags.
    #[serde(default)]
    pub description: String,
    /// Theme name: templates and static files come from `themes/<theme>/`.
    #[serde(default)]
    pub theme: Option<String>,
    /// Where `build` writes, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// The author of pages that name none, in feeds (Zola's `author`).
    #[serde(default)]
    pub author: Option<String>,
    /// Glob patterns of files and folders under `content/` to leave out (Zola's key), as
    /// compiled in [`Config::ignored_content_globs`].
    #[serde(default)]
    pub ignored_content: Vec<String>,
    /// Glob patterns of files and folders under `static/` (the site's and the theme's) not to
    /// copy (Zola's key).
    #[serde(default)]
    pub ignored_static: Vec<String>,
    /// `ignored_content`, compiled once the file is read.
    #[serde(skip)]
    pub ignored_content_globs: PathGlobs,
    /// `ignored_static`, compiled once the file is read.
    #[serde(skip)]
    pub ignored_static_globs: PathGlobs,
    /// How file names, terms and headings become URL parts.
    #[serde(default)]
    pub slugify: SlugifyConfig,
    /// Language code for `<html lang>` and feeds.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Zola's `[languages.<code>]`: the site's other languages, by code.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// Zola's `[translations]`: the default language's strings for `trans()`.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// Taxonomies pages can be classified in.
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Whether to write a site-wide feed.
    #[serde(default)]
    pub generate_feeds: bool,
    /// Feed files to write (`atom.xml`, `rss.xml`); each is also a template name.
    #[serde(default = "default_feed_filenames")]
    pub feed_filenames: Vec<String>,
    /// Maximum number of pages in a feed (all when absent).
    #[serde(default)]
    pub feed_limit: Option<usize>,
    /// Whether to write `sitemap.xml`.
    #[serde(default = "yes")]
    pub generate_sitemap: bool,
    /// Zola's: whether the sitemap leaves out the pagers of sections and terms (`page/2/`).
    #[serde(default)]
    pub exclude_paginated_pages_in_sitemap: ExcludePaginated,
    /// Zola's: static files are hard links to their sources in the output instead of copies
    /// (an edit of the output then edits the source).
    #[serde(default)]
    pub hard_link_static: bool,
    /// Zola's: the files and folders of the previous output whose names start with `.` (a
    /// `.git`) are kept in the new one.
    #[serde(default)]
    pub preserve_dotfiles_in_output: bool,
    /// Whether to write `robots.txt`.
    #[serde(default = "yes")]
    pub generate_robots_txt: bool,
    /// Whether the site's `sass/` is compiled to CSS (a theme's always is), as in Zola; see
    /// [`crate::output::sass`].
    #[serde(default)]
    pub compile_sass: bool,
    /// Zola compatibility: only `false` is supported.
    #[serde(default, skip_serializing)]
    pub minify_html: bool,
    /// Whether pages link to the site's own files with page-relative URLs, so the built folder
    /// works from `file://` and from any static server (see [`crate::render::relative`]).
    #[serde(default)]
    pub relative_urls: bool,
    /// Whether to write the search index (`search/<default_language>/`, see
    /// `render::search`) for the theme's search page.
    #[serde(default)]
    pub build_search_index: bool,
    /// Zola's `[search]`: with it, the search index is also written in the form Zola's themes
    /// load (`search_index.<lang>.js` or `.json`).
    #[serde(default)]
    pub search: Option<SearchConfig>,
    /// Markdown rendering options.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// How `check` treats broken links, and the limits of `check --external`.
    #[serde(default)]
    pub link_checker: LinkCheckerConfig,
    /// Raw documents to ingest, when present.
    #[serde(default)]
    pub ingest: Option<IngestConfig>,
    /// Free data for templates, as `config.extra`.
    #[serde(default)]
    pub extra: toml::Table,
}

/// Which pagers `sitemap.xml` leaves out (Zola's `exclude_paginated_pages_in_sitemap`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExcludePaginated {
    /// Every pager is listed.
    #[default]
    None,
    /// No pager is listed, only each list's first page.
    All,
}

/// One `[[taxonomies]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Name, used in front matter and URLs (`/tags/`).
    pub name: String,
    /// Pages per pager on term pages; no pagination when absent.
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// Whether each term gets its own feed.
    #[serde(default)]
    pub feed: bool,
    /// Terms per pager of the list page (`/tags/`, then `/tags/page/2/`, ...); one list page
    /// when absent. For taxonomies with thousands of terms, such as the companies of a big
    /// list of users.
    #[serde(default)]
    pub terms_per_page: Option<usize>,
}

/// The `[ingest]` table: which content directories hold raw documents.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IngestConfig {
    /// Directories under `content/` whose `.md`, `.markdown` and `.txt` files are raw
    /// documents to normalize, not hand-written pages.
    pub sources: Vec<String>,
    /// The curated knowledge file, relative to the site root; ingest says the default.
    #[serde(default)]
    pub knowledge: Option<String>,
}

/// Whether a broken link fails `check` or is only reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkLevel {
    /// A broken link is an error: `check` exits 1.
    #[default]
    Error,
    /// A broken link is printed as a warning.
    Warn,
}

/// The `[link_checker]` table: Zola's keys (`skip_prefixes`, `skip_anchor_prefixes`,
/// `internal_level`, `external_level`), plus the limits of `check --external`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkCheckerConfig {
    /// External URLs starting with one of these are never fetched.
    #[serde(default)]
    pub skip_prefixes: Vec<String>,
    /// Links starting with one of these have their `#anchor` left unchecked.
    #[serde(default)]
    pub skip_anchor_prefixes: Vec<String>,
    /// What a broken internal link is.
    #[serde(default)]
    pub internal_level: LinkLevel,
    /// What a broken external link is.
    #[serde(default)]
    pub external_level: LinkLevel,
    /// Seconds one request may take.
    #[serde(default = "default_link_timeout")]
    pub timeout: f64,
    /// How many times a link that did not answer (or answered 5xx) is asked again.
    #[serde(default = "default_link_retries")]
    pub retries: u32,
    /// How many links are fetched at once.
    #[serde(default = "default_link_concurrency")]
    pub concurrency: usize,
    /// How many links of one host are fetched at once.
    #[serde(default = "default_link_per_host")]
    pub per_host: usize,
    /// How long a link that worked is not asked again (`.gazette-cache/`).
    #[serde(default = "default_link_cache_hours")]
    pub cache_hours: u64,
}

fn default_link_timeout() -> f64 {
    10.0
}
fn default_link_retries() -> u32 {
    2
}
fn default_link_concurrency() -> usize {
    8
}
fn default_link_per_host() -> usize {
    2
}
fn default_link_cache_hours() -> u64 {
    24
}

impl Default for LinkCheckerConfig {
    fn default() -> Self {
        LinkCheckerConfig {
            skip_prefixes: Vec::new(),
            skip_anchor_prefixes: Vec::new(),
            internal_level: LinkLevel::Error,
            external_level: LinkLevel::Error,
            timeout: default_link_timeout(),
            retries: default_link_retries(),
            concurrency: default_link_concurrency(),
            per_host: default_link_per_host(),
            cache_hours: default_link_cache_hours(),
        }
    }
}

/// `output_dir` when config.toml does not set it.
pub(crate) fn default_output_dir() -> String {
    "public".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_feed_filenames() -> Vec<String> {
    vec!["atom.xml".into()]
}
pub(crate) fn yes() -> bool {
    true
}

impl Config {
    /// Reads and validates `config.toml` under `root`. Every problem is reported at once, in
    /// file order.
    pub fn load(root: &Path) -> Result<Config, Errors> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Errors(vec![
                Error::io(&path, "read the site configuration", &e).with_hint(
                    "run `gazette init` to create a site, or pass --root to point at one",
                ),
            ])
        })?;
        // Named as the user typed the root: `config.toml`, not `./config.toml`.
        Config::parse(&text, path.strip_prefix(".").unwrap_or(&path))
    }

    /// Parses configuration text; `path` is only used in messages. A key that is unknown or
    /// of the wrong type is reported and set aside so the rest can still be read: every
    /// problem comes in one run, in file order.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Errors> {
        let mut errors = Vec::new();
        let mut work = text.to_string();
        let config = loop {
            match formats::parse::<Config>(Format::Toml, &work, path, 1) {
                Ok(config) => break Some(config),
                Err(e) => {
                    let at = e
                        .location
                        .as_ref()
                        .and_then(|l| Some(offset_of(&work, l.line?, l.column?)));
                    // Setting the entry aside did not help, or removed a required key that
                    // was already reported as wrong.
                    if errors.contains(&e)
                        || (!errors.is_empty() && e.kind == crate::error::ErrorKind::MissingField)
                    {
                        break None;
                    }
                    errors.push(e);
                    // Set the entry aside and read on; stop when it cannot be found (a
                    // syntax error, a missing key) or after many.
                    let cleared = at.is_some_and(|at| set_entry_aside(&mut work, at));
                    if !cleared || errors.len() >= 50 {
                        break None;
                    }
                }
            }
        };
        if let Some(mut config) = config {
            let given = config.base_url.clone();
            config.base_url = config.base_url.trim_end_matches('/').to_string();
            if errors.is_empty() {
                errors.extend(config.validate(text, path, &given));
                if errors.is_empty() {
                    // Validation compiled these already: they cannot fail here.
                    config.ignored_content_globs =
                        PathGlobs::new(&config.ignored_content).unwrap_or_default();
                    config.ignored_static_globs =
                        PathGlobs::new(&config.ignored_static).unwrap_or_default();
                    return Ok(config);
                }
            }
        }
        errors.sort_by_key(|e| {
            e.location
                .as_ref()
                .map_or((0, 0), |l| (l.line.unwrap_or(0), l.column.unwrap_or(0)))
        });
        Err(Errors(errors))
    }

    fn validate(&self, text: &str, path: &Path, given_base_url: &str) -> Vec<Error> {
        let mut errors = Vec::new();
        let at_key =
            |key: &str, message: String, hint: &str| key_error(text, path, key, message, hint);
        if let Err(problem) = check_base_url(given_base_url) {
            errors.push(at_key(
                "base_url",
                format!("base_url `{given_base_url}` {problem}"),
                "write it as base_url = \"https://example.org\" (with a path if the site is published under one)",
            ));
        }
        let tag = &self.default_language;
        if !languages::is_language_tag(tag) {
            errors.push(at_key(
                "default_language",
                format!("default_language `{tag}` is not a language tag"),
                "write a tag such as \"en\", \"fr\" or \"pt-BR\" (letters, digits and -)",
            ));
        }
        let unsupported = [("minify_html", self.minify_html)];
        for (key, on) in unsupported {
            if on {
                errors.push(at_key(
                    key,
                    format!("`{key} = true` is not supported by Gazette"),
                    "remove the key or set it to false",
                ));
            }
        }
        for name in &self.feed_filenames {
            if name != "atom.xml" && name != "rss.xml" {
                errors.push(at_key(
                    "feed_filenames",
                    format!("unknown feed file `{name}`"),
                    "use \"atom.xml\", \"rss.xml\" or both",
                ));
            }
        }
        for (key, patterns) in [
            ("ignored_content", &self.ignored_content),
            ("ignored_static", &self.ignored_static),
        ] {
            if let Err(problem) = PathGlobs::new(patterns) {
                errors.push(at_key(
                    key,
                    format!("{key}: {problem}"),
                    "write glob patterns such as \"*.xlsx\", \"drafts/**\" or \"*/ignored.md\"",
                ));
            }
        }
        errors.extend(self.taxonomy_errors(&self.taxonomies, &at_key));
        errors.extend(self.language_errors(&at_key));
        errors
    }

    /// What is wrong with `[languages]`: codes, and each language's taxonomies and feeds.
    fn language_errors(&self, at_key: &dyn Fn(&str, String, &str) -> Error) -> Vec<Error> {
        let mut errors = Vec::new();
        for (code, language) in &self.languages {
            let key = format!("[languages.{code}]");
            if code == &self.default_language {
                errors.push(at_key(
                    &key,
                    format!(
                        "`{code}` is the default language: it needs no [languages.{code}] table"
                    ),
                    "remove the table; the default language's settings are the top-level keys",
                ));
            } else if !languages::is_language_tag(code) {
                errors.push(at_key(
                    &key,
                    format!("`{code}` is not a language code"),
                    "use a code such as \"fr\" or \"pt-BR\" (letters, digits and -)",
                ));
            }
            for name in language.feed_filenames.iter().flatten() {
                if name != "atom.xml" && name != "rss.xml" {
                    errors.push(at_key(
                        &key,
                        format!("unknown feed file `{name}` in [languages.{code}]"),
                        "use \"atom.xml\", \"rss.xml\" or both",
                    ));
                }
            }
            errors.extend(
                self.taxonomy_errors(&language.taxonomies, &|_, message, hint| {
                    at_key(&key, format!("[languages.{code}]: {message}"), hint)
                }),
            );
        }
        errors
    }

    /// The `[languages.<code>]` table of `lang`, unless it is the default language (whose
    /// settings are the top-level keys).
    fn other_language(&self, lang: &str) -> Option<&LanguageConfig> {
        self.languages
            .get(lang)
            .filter(|_| lang != self.default_language)
    }

    /// The taxonomies of language `lang` (the top-level ones for the default language).
    pub fn taxonomies_of(&self, lang: &str) -> &[TaxonomyConfig] {
        self.other_language(lang)
            .map_or(&self.taxonomies, |l| &l.taxonomies)
    }

    /// The feed files of language `lang`'s site-wide feed, when it has one.
    pub fn feeds_of(&self, lang: &str) -> Option<&[String]> {
        let (on, files) = match self.other_language(lang) {
            Some(l) => (l.generate_feeds, l.feed_filenames.as_deref()),
            None => (self.generate_feeds, None),
        };
        on.then(|| files.unwrap_or(&self.feed_filenames))
    }

    /// The feed files of a section's or term's feed in language `lang`.
    pub fn feed_filenames_of(&self, lang: &str) -> &[String] {
        (self.other_language(lang))
            .and_then(|l| l.feed_filenames.as_deref())
            .unwrap_or(&self.feed_filenames)
    }

    /// Whether language `lang` has a search index.
    pub fn searches_in(&self, lang: &str) -> bool {
        self.other_language(lang)
            .map_or(self.build_search_index, |l| l.build_search_index)
    }

    /// Zola's `[search]` settings of language `lang` (its own, else the site's).
    pub fn search_of(&self, lang: &str) -> Option<&SearchConfig> {
        (self.other_language(lang))
            .and_then(|l| l.search.as_ref())
            .or(self.search.as_ref())
    }

    /// Every language of the site, the default first.
    pub fn all_languages(&self) -> Vec<&str> {
        std::iter::once(self.default_language.as_str())
            .chain(
                self.languages
                    .keys()
                    .map(String::as_str)
                    .filter(|l| *l != self.default_language),
            )
            .collect()
    }

    /// What is wrong with the declared taxonomies: names, duplicates, pagination.
    fn taxonomy_errors(
        &self,
        taxonomies: &[TaxonomyConfig],
        at_key: &dyn Fn(&str, String, &str) -> Error,
    ) -> Vec<Error> {
        let mut errors = Vec::new();
        let mut seen = std::collections::BTreeMap::new();
        for t in taxonomies {
            // As in Zola, the URL is the name's slug: `podcast_authors` is at /podcast-authors/.
            let segment = crate::site::urls::taxonomy_segment(&t.name, self.slugify.taxonomies);
            if segment.is_empty() {
                errors.push(at_key(
                    "taxonomies",
                    format!(
                        "taxonomy name `{}` has no letter or digit to make its URL of",
                        t.name
                    ),
                    "use names like \"tags\" or \"podcast_authors\"",
                ));
            } else if let Some(other) = seen.insert(segment.clone(), &t.name) {
                let message = if *other == t.name {
                    format!("taxonomy `{}` is declared twice", t.name)
                } else {
                    format!(
                        "taxonomies `{other}` and `{}` would both be at /{segment}/",
                        t.name
                    )
                };
                errors.push(at_key("taxonomies", message, "remove or rename one"));
            }
            for (key, value) in [
                ("paginate_by", t.paginate_by),
                ("terms_per_page", t.terms_per_page),
            ] {
                if value == Some(0) {
                    errors.push(at_key(
                        "taxonomies",
                        format!("{key} must be at least 1"),
                        "remove it to disable pagination",
                    ));
                }
            }
        }
        errors
    }

    /// The taxonomy declared under `name`, if any.
    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    /// An absolute URL for a site path such as `/blog/` (which must start with `/`).
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// An error about a key of `config.toml` (text `text`, named `path` in messages), at the first
/// line starting with `key` (line 1 when there is none): checks made after parsing, here or in
/// a later stage, point at the key they are about.
pub fn key_error(text: &str, path: &Path, key: &str, message: String, hint: &str) -> Error {
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1);
    Error::at(path, line, 1, message).with_hint(hint.to_string())
}

/// Why `url` cannot be a site's `base_url`, if it cannot: it must be an absolute http(s) URL
/// with a host, and no query or fragment (feeds, the sitemap and canonical links are made from
/// it).
pub fn check_base_url(url: &str) -> Result<(), &'static str> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err("is not an absolute http(s) URL");
    }
    match url::Url::parse(url) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => {
            if u.query().is_some() || u.fragment().is_some() {
                Err("has a query or fragment; a base URL is a scheme, a host and a path")
            } else {
                Ok(())
            }
        }
        Ok(_) | Err(_) => Err("is not an absolute http(s) URL with a host name"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Errors> {
        Config::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn minimal_config_has_defaults() {
        let c = parse("base_url = \"https://example.org/\"\n").unwrap();
        assert_eq!(c.base_url, "https://example.org");
        assert_eq!(c.output_dir, "public");
        assert!(c.markdown.highlight_code);
        assert_eq!(c.permalink("/a/"), "https://example.org/a/");
    }

    #[test]
    fn unknown_key_names_key_file_and_line() {
        let err = parse("base_url = \"https://e.org\"\ntitel = \"x\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("error: config.toml:2:"), "{text}");
        assert!(text.contains("titel"), "{text}");
    }

    #[test]
    fn missing_base_url_is_an_error() {
        let err = parse("title = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("base_url"), "{err}");
    }

    #[test]
    fn every_problem_comes_at_once_in_file_order() {
        let text = "base_url = \"https://e.org\"\nzebra = 1\ntitle = 3\n\n[markdown]\nhighlight_code = \"yes\"\nbogus = true\n\n[[taxonomies]]\nname = \"tags\"\nalpha = 2\n";
        let err = parse(text).unwrap_err();
        let lines: Vec<usize> = err
            .0
            .iter()
            .map(|e| e.location.as_ref().unwrap().line.unwrap())
            .collect();
        assert_eq!(lines, [2, 3, 6, 7, 11], "{err}");
        let text = err.to_string();
        for needle in ["`zebra`", "`bogus`", "`alpha`", "expected a string"] {
            assert!(text.contains(needle), "{needle} missing in:\n{text}");
        }
        // A required key of the wrong type is one problem, not also a missing key.
        let err = parse("base_url = 3\ntitle = 4\n").unwrap_err();
        assert_eq!(err.0.len(), 2, "{err}");
        assert!(!err.to_string().contains("missing field"), "{err}");
        // Validation problems come together too, once the file reads.
        let err = parse("base_url = \"ftp://e.org\"\nminify_html = true\n").unwrap_err();
        assert_eq!(err.0.len(), 2, "{err}");
    }

    #[test]
    fn unsupported_zola_switch_is_refused() {
        let err = parse("base_url = \"https://e.org\"\nminify_html = true\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("config.toml:2:1: `minify_html = true`"),
            "{err}"
        );
    }
}
