//! Code highlighting the way Zola 0.22 does it, for sites with `[markdown.highlighting]`:
//! [giallo] with its built-in VS Code grammars and themes plus the site's JSON TextMate files,
//! colours inline (`style="color: #…"`) or as `z-` classes with a stylesheet per theme.
//!
//! Gazette's own themes keep [`super::highlight`] (syntect, `hl-` classes).

use giallo::{
    HighlightOptions, HtmlRenderer, ParsedFence, Registry, ThemeVariant, parse_markdown_fence,
};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::OnceLock;

use crate::config::{HighlightStyle, HighlightingConfig};

/// The class prefix of `style = "class"`, Zola's: `<span class="z-keyword">`.
const CLASS_PREFIX: &str = "z-";

/// A loaded highlighter: the grammars and themes, and the site's choice among them.
pub struct ZolaHighlighter {
    registry: Registry,
    theme: ThemeVariant<String>,
    classes: bool,
    error_on_missing_language: bool,
    /// What the output depends on (settings and the extra files' bytes), for render caches.
    fingerprint: u64,
}

impl std::fmt::Debug for ZolaHighlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZolaHighlighter")
            .field("theme", &self.theme)
            .field("classes", &self.classes)
            .finish_non_exhaustive()
    }
}

impl Hash for ZolaHighlighter {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

impl PartialEq for ZolaHighlighter {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint == other.fingerprint
    }
}
impl Eq for ZolaHighlighter {}

/// giallo's built-in grammars and themes, read once per process (about 50 ms).
fn builtin() -> Result<&'static Registry, String> {
    static BUILTIN: OnceLock<Result<Registry, String>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| Registry::builtin().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Why a `[markdown.highlighting]` cannot be loaded: the key it is about and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingProblem {
    /// The config key (`theme`, `extra_grammars`, ...).
    pub key: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

fn problem(key: &'static str, message: String, hint: &str) -> SettingProblem {
    SettingProblem {
        key,
        message,
        hint: hint.to_string(),
    }
}

impl ZolaHighlighter {
    /// Loads the highlighter `settings` ask for, reading extra grammars and themes below
    /// `root` only (a path that leaves the site is refused).
    pub fn load(root: &Path, settings: &HighlightingConfig) -> Result<Self, SettingProblem> {
        let mut registry = builtin()
            .map_err(|e| {
                problem(
                    "theme",
                    format!("the built-in themes did not load: {e}"),
                    "",
                )
            })?
            .clone();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        for (key, files) in [
            ("extra_grammars", &settings.extra_grammars),
            ("extra_themes", &settings.extra_themes),
        ] {
            for file in files {
                let path = inside_site(&site, file).ok_or_else(|| {
                    problem(
                        key,
                        format!("`{file}` is not a file inside the site"),
                        "give a path relative to the site root, such as \"syntaxes/mylang.json\"",
                    )
                })?;
                let bytes = std::fs::read(&path).map_err(|e| {
                    problem(key, format!("cannot read `{file}`: {e}"), "check the path")
                })?;
                bytes.hash(&mut hasher);
                let added = if key == "extra_grammars" {
                    registry.add_grammar_from_path(&path)
                } else {
                    registry.add_theme_from_path(&path)
                };
                added.map_err(|e| {
                    problem(
                        key,
                        format!("`{file}` is not a JSON TextMate file giallo can read: {e}"),
                        "use a grammar or theme in VS Code's JSON form",
                    )
                })?;
            }
        }
        registry.link_grammars();
        let theme = match (&settings.theme, &settings.light_theme, &settings.dark_theme) {
            (Some(theme), None, None) => ThemeVariant::Single(theme.clone()),
            (None, Some(light), Some(dark)) => ThemeVariant::Dual {
                light: light.clone(),
                dark: dark.clone(),
            },
            _ => {
                return Err(problem(
                    "theme",
                    "[markdown.highlighting] needs `theme`, or both `light_theme` and `dark_theme`"
                        .into(),
                    "for example theme = \"catppuccin-mocha\"",
                ));
            }
        };
        let names = match &theme {
            ThemeVariant::Single(t) => vec![("theme", t)],
            ThemeVariant::Dual { light, dark } => {
                vec![("light_theme", light), ("dark_theme", dark)]
            }
        };
        for (key, name) in names {
            if !registry.contains_theme(name) {
                return Err(problem(
                    key,
                    format!("there is no highlighting theme `{name}`"),
                    "use one of giallo's built-in themes (https://github.com/getzola/giallo#built-in) or the name inside a file of extra_themes",
                ));
            }
        }
        (
            format!("{theme:?}"),
            settings.style,
            settings.error_on_missing_language,
        )
            .hash(&mut hasher);
        Ok(ZolaHighlighter {
            registry,
            theme,
            classes: settings.style == HighlightStyle::Class,
            error_on_missing_language: settings.error_on_missing_language,
            fingerprint: hasher.finish(),
        })
    }

    /// A fenced block (`info` is the text after the fence: `rust,linenos,hl_lines=2`) as
    /// Zola writes it. An unknown language is plain text, or an error with
    /// `error_on_missing_language`.
    pub fn highlight(&self, code: &str, info: &str) -> Result<String, String> {
        let fence: ParsedFence = parse_markdown_fence(info);
        let mut lang = fence.lang.as_str();
        if !self.registry.contains_grammar(lang) {
            if self.error_on_missing_language {
                return Err(format!("no grammar highlights the language `{lang}`"));
            }
            lang = giallo::PLAIN_GRAMMAR_NAME;
        }
        let theme = match &self.theme {
            ThemeVariant::Single(t) => ThemeVariant::Single(t.as_str()),
            ThemeVariant::Dual { light, dark } => ThemeVariant::Dual {
                light: light.as_str(),
                dark: dark.as_str(),
            },
        };
        let options = HighlightOptions::new(lang, theme).fallback_to_plain(true);
        let highlighted = self
            .registry
            .highlight(code, &options)
            .map_err(|e| format!("the code could not be highlighted: {e}"))?;
        let renderer = HtmlRenderer {
            css_class_prefix: self.classes.then(|| CLASS_PREFIX.to_string()),
            ..HtmlRenderer::default()
        };
        let mut html = renderer.render(&highlighted, &fence.options);
        html.push('\n');
        Ok(html)
    }

    /// The stylesheets `style = "class"` needs, as (output path, CSS): `giallo.css`, or
    /// `giallo-light.css` and `giallo-dark.css` for two themes. None with inline colours.
    pub fn stylesheets(&self) -> Vec<(String, String)> {
        if !self.classes {
            return Vec::new();
        }
        match &self.theme {
            ThemeVariant::Single(t) => self
                .registry
                .generate_css(t, CLASS_PREFIX)
                .map(|css| vec![("giallo.css".to_string(), css)])
                .unwrap_or_default(),
            ThemeVariant::Dual { light, dark } => self
                .registry
                .generate_dual_css(light, dark, CLASS_PREFIX)
                .map(|(l, d)| {
                    vec![
                        ("giallo-light.css".to_string(), l),
                        ("giallo-dark.css".to_string(), d),
                    ]
                })
                .unwrap_or_default(),
        }
    }
}

/// `file` (relative to the site) resolved, when it is an existing file inside `site`.
fn inside_site(site: &Path, file: &str) -> Option<std::path::PathBuf> {
    let path = site.join(file).canonicalize().ok()?;
    (path.starts_with(site) && path.is_file()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(theme: &str, style: HighlightStyle) -> HighlightingConfig {
        HighlightingConfig {
            theme: Some(theme.into()),
            style,
            ..HighlightingConfig::default()
        }
    }

    #[test]
    fn code_is_highlighted_inline_or_with_classes_and_escaped() {
        let dir = tempfile::tempdir().unwrap();
        let inline = ZolaHighlighter::load(
            dir.path(),
            &settings("catppuccin-mocha", HighlightStyle::Inline),
        )
        .unwrap();
        let html = inline.highlight("let x = \"<b>\";\n", "rust").unwrap();
        assert!(html.starts_with("<pre class=\"giallo\" style="), "{html}");
        assert!(html.contains("style=\"color: #"), "{html}");
        assert!(
            html.contains("&lt;b&gt;") && !html.contains("<b>"),
            "{html}"
        );
        assert!(inline.stylesheets().is_empty());
        let plain = inline.highlight("<x>\n", "nosuchlanguage").unwrap();
        assert!(plain.contains("&lt;x&gt;"), "{plain}");

        let classes = ZolaHighlighter::load(
            dir.path(),
            &settings("catppuccin-mocha", HighlightStyle::Class),
        )
        .unwrap();
        let html = classes.highlight("fn main() {}\n", "rust,linenos").unwrap();
        assert!(html.contains("class=\"z-"), "{html}");
        assert!(!html.contains("style=\"color"), "{html}");
        let sheets = classes.stylesheets();
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].0, "giallo.css");
        assert!(sheets[0].1.contains(".z-"), "{}", sheets[0].1);
        assert_ne!(inline, classes, "the fingerprint follows the settings");
    }

    #[test]
    fn bad_settings_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = ZolaHighlighter::load(dir.path(), &settings("nope", HighlightStyle::Inline))
            .unwrap_err();
        assert_eq!(err.key, "theme");
        assert!(err.message.contains("`nope`"), "{err:?}");
        let mut outside = settings("catppuccin-mocha", HighlightStyle::Inline);
        outside.extra_themes = vec!["../../../../etc/passwd".into()];
        let err = ZolaHighlighter::load(dir.path(), &outside).unwrap_err();
        assert_eq!(err.key, "extra_themes");
        let strict = HighlightingConfig {
            error_on_missing_language: true,
            ..settings("catppuccin-mocha", HighlightStyle::Inline)
        };
        let h = ZolaHighlighter::load(dir.path(), &strict).unwrap();
        assert!(h.highlight("x", "nosuchlanguage").is_err());
        assert!(h.highlight("x", "").is_ok(), "no language is plain text");
    }
}
