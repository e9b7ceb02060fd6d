//! The `[slugify]` table: how file names, taxonomy terms and headings become URL parts, with
//! Zola's three strategies.

use serde::{Deserialize, Serialize};

/// How text becomes part of a URL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStrategy {
    /// ASCII, lowercase, `-` between words (`Héllo World` is `hello-world`).
    #[default]
    On,
    /// Only what no file system allows is removed (`<>:"/\|?*`, and spaces and dots at the
    /// end); case and letters stay.
    Safe,
    /// Unchanged.
    Off,
}

impl SlugStrategy {
    /// `text` as a path part (a file name, a front matter `slug`, a term).
    pub fn path(self, text: &str) -> String {
        match self {
            SlugStrategy::On => slug::slugify(text),
            SlugStrategy::Safe => text
                .trim_end_matches([' ', '.'])
                .chars()
                .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
                .collect(),
            SlugStrategy::Off => text.to_string(),
        }
    }

    /// `text` as a heading anchor: with `safe` and `off` only spaces change (to `_`), since a
    /// space cannot be in an anchor and nothing else is a problem there.
    pub fn anchor(self, text: &str) -> String {
        match self {
            SlugStrategy::On => slug::slugify(text),
            SlugStrategy::Safe | SlugStrategy::Off => text.replace(' ', "_"),
        }
    }
}

/// The `[slugify]` table.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SlugifyConfig {
    /// Section folders, page file names and front matter `slug`s.
    #[serde(default)]
    pub paths: SlugStrategy,
    /// Taxonomy names and terms.
    #[serde(default)]
    pub taxonomies: SlugStrategy,
    /// Heading anchors (only `on` is supported yet).
    #[serde(default)]
    pub anchors: SlugStrategy,
    /// Whether a page file's date prefix (`2016-10-08_a-post.md`) stays in its slug.
    #[serde(default)]
    pub paths_keep_dates: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_strategies() {
        let text = "Héllo: Wörld?. ";
        assert_eq!(SlugStrategy::On.path(text), "hello-world");
        assert_eq!(SlugStrategy::Safe.path(text), "Héllo Wörld");
        assert_eq!(SlugStrategy::Off.path(text), text);
        assert_eq!(SlugStrategy::On.anchor("A b"), "a-b");
        assert_eq!(SlugStrategy::Safe.anchor("A b?"), "A_b?");
        assert_eq!(SlugStrategy::Off.anchor("A b"), "A_b");
    }
}
