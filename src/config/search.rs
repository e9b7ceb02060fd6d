//! Zola's `[search]` table: what goes into the search index Zola's themes load, and in which
//! form. With it, a build with `build_search_index = true` writes that index beside Gazette's
//! own (see `render::zola_search::zola_index`).

use serde::{Deserialize, Serialize};

/// The `[search]` table, with Zola's keys and defaults.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Whether titles are indexed.
    #[serde(default = "yes")]
    pub include_title: bool,
    /// Whether descriptions are indexed.
    #[serde(default)]
    pub include_description: bool,
    /// Whether dates are indexed.
    #[serde(default)]
    pub include_date: bool,
    /// Whether URL paths are indexed.
    #[serde(default)]
    pub include_path: bool,
    /// Whether the text of pages and sections is indexed.
    #[serde(default = "yes")]
    pub include_content: bool,
    /// The text indexed of each page, at most this many characters.
    #[serde(default)]
    pub truncate_content_length: Option<usize>,
    /// The form of the index file.
    #[serde(default)]
    pub index_format: IndexFormat,
}

fn yes() -> bool {
    true
}

/// The form of Zola's search index: elasticlunr's, as a script (`search_index.en.js`, which
/// sets `window.searchIndex`) or as JSON (`search_index.en.json`); or Fuse.js's.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum IndexFormat {
    /// `search_index.<lang>.js`: `window.searchIndex = {...};`.
    #[default]
    ElasticlunrJavascript,
    /// `search_index.<lang>.json`.
    ElasticlunrJson,
    /// `search_index.<lang>.js` for Fuse.js: `window.searchIndex = [...];`.
    FuseJavascript,
    /// `search_index.<lang>.json` for Fuse.js.
    FuseJson,
}

impl IndexFormat {
    /// Whether the index is a script rather than JSON.
    pub fn is_script(self) -> bool {
        matches!(
            self,
            IndexFormat::ElasticlunrJavascript | IndexFormat::FuseJavascript
        )
    }

    /// Whether the index is elasticlunr's (Zola then writes `elasticlunr.min.js` too).
    pub fn is_elasticlunr(self) -> bool {
        matches!(
            self,
            IndexFormat::ElasticlunrJavascript | IndexFormat::ElasticlunrJson
        )
    }
}

impl Default for SearchConfig {
    fn default() -> SearchConfig {
        toml::from_str("").expect("every field has a default")
    }
}
