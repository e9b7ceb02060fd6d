//! The `[markdown]` table and its `[markdown.highlighting]`, with Zola 0.22's keys.

use serde::{Deserialize, Serialize};

use super::yes;

/// The `[markdown]` table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Highlight fenced code at build time, with CSS classes (Gazette's themes); with a
    /// `[markdown.highlighting]` table, code is highlighted the way Zola 0.22 does instead.
    #[serde(default = "yes")]
    pub highlight_code: bool,
    /// Zola 0.22's highlighting: a theme, inline colours or classes, extra grammars.
    #[serde(default)]
    pub highlighting: Option<HighlightingConfig>,
    /// Turn straight quotes and dashes into typographic ones.
    #[serde(default)]
    pub smart_punctuation: bool,
    /// Zola compatibility: only `false` is supported.
    #[serde(default, skip_serializing)]
    pub render_emoji: bool,
    /// A class for every external link (`class="external"`).
    #[serde(default)]
    pub external_links_class: Option<String>,
    /// External links open in a new tab (with `rel="noopener"`).
    #[serde(default)]
    pub external_links_target_blank: bool,
    /// External links get `rel="nofollow"`.
    #[serde(default)]
    pub external_links_no_follow: bool,
    /// External links get `rel="noreferrer"`.
    #[serde(default)]
    pub external_links_no_referrer: bool,
    /// External links get `rel="external"`.
    #[serde(default)]
    pub external_links_external: bool,
    /// Definition lists (`term` then `: definition`).
    #[serde(default)]
    pub definition_list: bool,
    /// Images get `loading="lazy" decoding="async"`.
    #[serde(default)]
    pub lazy_async_image: bool,
    /// Footnotes at the bottom, GitHub's way.
    #[serde(default)]
    pub bottom_footnotes: bool,
    /// GitHub's alerts (`> [!NOTE]`).
    #[serde(default)]
    pub github_alerts: bool,
    /// A link beside (or around) every heading; only `"none"` is supported yet.
    #[serde(default)]
    pub insert_anchor_links: AnchorLinks,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            highlighting: None,
            smart_punctuation: false,
            render_emoji: false,
            external_links_class: None,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            external_links_external: false,
            definition_list: false,
            lazy_async_image: false,
            bottom_footnotes: false,
            github_alerts: false,
            insert_anchor_links: AnchorLinks::None,
        }
    }
}

/// Where a heading's anchor link goes (Zola's `insert_anchor_links`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    /// No link.
    #[default]
    None,
    /// Before the heading's text.
    Left,
    /// After the heading's text.
    Right,
    /// The whole heading is the link.
    Heading,
}

/// `[markdown.highlighting]`, Zola 0.22's.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightingConfig {
    /// One theme for every reader.
    #[serde(default)]
    pub theme: Option<String>,
    /// The theme of light mode, with `dark_theme`.
    #[serde(default)]
    pub light_theme: Option<String>,
    /// The theme of dark mode, with `light_theme`.
    #[serde(default)]
    pub dark_theme: Option<String>,
    /// Colours inline on each span, or classes with a stylesheet written beside the site.
    #[serde(default)]
    pub style: HighlightStyle,
    /// JSON TextMate grammars, relative to the site root.
    #[serde(default)]
    pub extra_grammars: Vec<String>,
    /// JSON TextMate themes, relative to the site root.
    #[serde(default)]
    pub extra_themes: Vec<String>,
    /// A fence naming a language no grammar knows is an error, not plain text.
    #[serde(default)]
    pub error_on_missing_language: bool,
}

/// How highlighted code carries its colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HighlightStyle {
    /// `style="color: #…"` on each span.
    #[default]
    Inline,
    /// Classes (`z-keyword`), with `giallo.css` (or `giallo-light.css` and `giallo-dark.css`).
    Class,
}
