//! The `[markdown]` table and its `[markdown.highlighting]`.

use serde::{Deserialize, Serialize};

use super::yes;

/// The `[markdown]` table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Highlight fenced code at build time, with CSS classes.
    #[serde(default = "yes")]
    pub highlight_code: bool,
    /// Turn straight quotes and dashes into typographic ones.
    #[serde(default)]
    pub smart_punctuation: bool,
    /// Zola compatibility: only `false` is supported.
    #[serde(default, skip_serializing)]
    pub render_emoji: bool,
    /// Zola compatibility: only `false` is supported.
    #[serde(default, skip_serializing)]
    pub external_links_external: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            smart_punctuation: false,
            render_emoji: false,
            external_links_external: false,
        }
    }
}
