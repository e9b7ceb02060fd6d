//! Zola's languages: `[languages.<code>]` tables for the site's other languages, and the
//! `[translations]` strings of `trans()`. Content in another language is `name.<code>.md`
//! (see `content`), at URLs under `/<code>/` (see `site::urls`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::{SearchConfig, TaxonomyConfig};

/// One `[languages.<code>]` table, with Zola's keys.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The site's title in this language (`config.title` when absent).
    #[serde(default)]
    pub title: Option<String>,
    /// The site's description in this language.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether this language gets its own feed (`/<code>/atom.xml`).
    #[serde(default)]
    pub generate_feeds: bool,
    /// Its feed files; the site's when absent.
    #[serde(default)]
    pub feed_filenames: Option<Vec<String>>,
    /// Whether this language's pages get a search index of their own.
    #[serde(default)]
    pub build_search_index: bool,
    /// The taxonomies its pages can be classified in (none by default, as in Zola).
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Its `[search]` settings; the site's when absent.
    #[serde(default)]
    pub search: Option<SearchConfig>,
    /// Its strings for `trans()`.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
}

/// Whether `tag` can be a language code: letters, digits, `-` and `_`, as in `fr` or `pt-BR`.
pub fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
