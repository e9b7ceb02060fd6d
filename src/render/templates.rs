//! Loading templates: Gazette's built-ins, then the theme's, then the site's own, each layer
//! overriding the one before file by file; and turning tera's errors into messages that name
//! the template file, line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tera::{ErrorKind, Tera};

use super::functions::{self, SharedLookup};
use crate::config::Config;
use crate::content::{display, read_utf8};
use crate::error::Error;

/// Templates Gazette provides when neither the theme nor the site does.
const BUILTINS: &[(&str, &str)] = &[
    ("atom.xml", include_str!("builtins/atom.xml")),
    ("rss.xml", include_str!("builtins/rss.xml")),
    ("sitemap.xml", include_str!("builtins/sitemap.xml")),
    ("robots.txt", include_str!("builtins/robots.txt")),
    ("404.html", include_str!("builtins/404.html")),
    ("alias.html", include_str!("builtins/alias.html")),
];

/// Template sources by name, with the file each came from.
#[derive(Debug, Clone, Default)]
pub struct TemplateSources {
    sources: BTreeMap<String, (Option<PathBuf>, String)>,
    searched: Vec<PathBuf>,
}

impl TemplateSources {
    /// The templates whose names start with `prefix` (`shortcodes/`), with their text.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.sources
            .range(prefix.to_string()..)
            .take_while(move |(name, _)| name.starts_with(prefix))
            .map(|(name, (_, text))| (name.as_str(), text.as_str()))
    }

    /// Reads built-ins, `themes/<theme>/templates/` and `templates/` under `root`.
    pub fn read(root: &Path, config: &Config) -> Result<TemplateSources, Error> {
        let mut t = TemplateSources::default();
        for (name, text) in BUILTINS {
            t.sources
                .insert((*name).to_string(), (None, (*text).to_string()));
        }
        if let Some(theme) = &config.theme {
            let theme_dir = root.join("themes").join(theme);
            if !theme_dir.is_dir() {
                return Err(Error::in_file(
                    crate::config::CONFIG_FILE,
                    format!("theme `{theme}` not found: there is no themes/{theme}/ directory"),
                )
                .with_hint(
                    "install the theme under themes/, or remove `theme` to use only templates/",
                ));
            }
            t.add_dir(root, &theme_dir.join("templates"))?;
        }
        t.add_dir(root, &root.join("templates"))?;
        Ok(t)
    }

    fn add_dir(&mut self, root: &Path, dir: &Path) -> Result<(), Error> {
        self.searched.push(display(root, dir));
        if !dir.is_dir() {
            return Ok(());
        }
        let (files, mut refused) = crate::content::walk::files(root, dir, |_| false);
        if !refused.is_empty() {
            return Err(refused.swap_remove(0));
        }
        for (key, path) in files {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let shown = display(root, &path);
            let text = read_utf8(&path, &shown)?;
            self.sources.insert(key, (Some(shown), text));
        }
        Ok(())
    }

    /// Whether a template of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// For every template, a hash of the texts it depends on: itself, what it extends or
    /// includes (transitively), and every template that defines components (any template may
    /// call a component).
    pub fn dependency_fingerprints(&self) -> HashMap<String, u64> {
        use std::hash::{Hash, Hasher};
        static REFERENCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r#"\{%-?\s*(?:extends|include)\s+["']([^"']+)["']"#)
                .expect("valid regex")
        });
        let components: Vec<&String> = self
            .sources
            .iter()
            .filter(|(_, (_, t))| t.contains("{% component") || t.contains("{%- component"))
            .map(|(k, _)| k)
            .collect();
        self.sources
            .keys()
            .map(|name| {
                let mut seen: std::collections::BTreeSet<&str> =
                    components.iter().map(|c| c.as_str()).collect();
                let mut stack = vec![name.as_str()];
                while let Some(n) = stack.pop() {
                    seen.insert(n);
                    if let Some((_, text)) = self.sources.get(n) {
                        for cap in REFERENCE.captures_iter(text) {
                            let target = cap.get(1).map_or("", |m| m.as_str());
                            if let Some((k, _)) = self.sources.get_key_value(target)
                                && !seen.contains(k.as_str())
                            {
                                stack.push(k.as_str());
                            }
                        }
                    }
                }
                let mut h = super::signatures::hasher();
                for n in seen {
                    (n, self.sources.get(n).map(|(_, t)| t.as_str())).hash(&mut h);
                }
                (name.clone(), h.finish())
            })
            .collect()
    }
}

/// A loaded tera instance plus what is needed to explain its errors.
pub struct Templates {
    tera: Tera,
    dependencies: HashMap<String, u64>,
    origins: HashMap<String, PathBuf>,
    /// Where each template's `{% extends %}` tag is (line, column), for errors about it.
    extends_at: HashMap<String, (usize, usize)>,
    searched: Vec<PathBuf>,
    /// Whether some template reads `page.lower` or `page.higher`.
    neighbours_read: bool,
}

/// From Tera's "Field `titel` is not defined. Available fields: a, b, title": the available
/// field nearest the missing one, when it is close enough to be a slip.
fn nearest_field(message: &str) -> Option<&str> {
    let (missing, rest) = message.strip_prefix("Field `")?.split_once('`')?;
    let fields = rest.split_once("Available fields: ")?.1;
    crate::error::nearest(missing, fields.trim_end_matches('.').split(", "))
}

impl Templates {
    /// Compiles `sources` with Gazette's functions bound to `lookup` and `config` as a global.
    pub fn compile(
        sources: &TemplateSources,
        lookup: SharedLookup,
        config: tera::Value,
    ) -> Result<Templates, Error> {
        let mut tera = Tera::new();
        functions::register(&mut tera, lookup);
        tera.global_context().insert_value("config", config);
        let origins: HashMap<String, PathBuf> = sources
            .sources
            .iter()
            .map(|(k, (p, _))| {
                (
                    k.clone(),
                    p.clone()
                        .unwrap_or_else(|| PathBuf::from(format!("<built-in {k}>"))),
                )
            })
            .collect();
        let extends_at = sources
            .sources
            .iter()
            .filter_map(|(k, (_, text))| {
                let tag = text.match_indices("{%").map(|(i, _)| i).find(|&i| {
                    text[i + 2..]
                        .trim_start_matches('-')
                        .trim_start()
                        .starts_with("extends")
                })?;
                Some((k.clone(), crate::error::line_col(text, tag)))
            })
            .collect();
        static NEIGHBOURS: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"\.(?:lower|higher)\b").expect("valid"));
        let mut templates = Templates {
            tera,
            dependencies: sources.dependency_fingerprints(),
            origins,
            extends_at,
            searched: sources.searched.clone(),
            neighbours_read: sources
                .sources
                .values()
                .any(|(_, t)| NEIGHBOURS.is_match(t)),
        };
        let list: Vec<(&str, &str)> = sources
            .sources
            .iter()
            .map(|(k, (_, t))| (k.as_str(), t.as_str()))
            .collect();
        if let Err(e) = templates.tera.add_raw_templates(list) {
            return Err(templates.explain(&e, None));
        }
        Ok(templates)
    }

    /// The hash of everything template `name` depends on (0 when there is no such template).
    pub fn dependency_fingerprint(&self, name: &str) -> u64 {
        self.dependencies.get(name).copied().unwrap_or(0)
    }

    /// Whether some template reads a page's neighbours (`page.lower`, `page.higher`): only
    /// then are they given to pages, and part of what a page's output depends on.
    pub fn reads_neighbours(&self) -> bool {
        self.neighbours_read
    }

    /// Whether a template of that name is loaded.
    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name` with `context`; `what` says which output it was for, in errors.
    pub fn render(&self, name: &str, context: &tera::Context, what: &str) -> Result<String, Error> {
        if !self.contains(name) {
            return Err(self.missing(name, what));
        }
        self.tera
            .render(name, context)
            .map_err(|e| self.explain(&e, Some(what)))
    }

    /// The error for a template that does not exist.
    pub fn missing(&self, name: &str, what: &str) -> Error {
        let dirs: Vec<String> = self
            .searched
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let error = Error::new(format!("template `{name}` not found (needed for {what})"));
        match self.nearest_template(name) {
            Some(near) => error.with_hint(format!(
                "did you mean `{near}`? Otherwise create it in {}",
                dirs.join(" or ")
            )),
            None => error.with_hint(format!("create it in {}", dirs.join(" or "))),
        }
    }

    /// The loaded template whose name is closest to `name`, when it is close enough to be a slip.
    fn nearest_template(&self, name: &str) -> Option<&str> {
        crate::error::nearest(name, self.origins.keys().map(String::as_str))
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// Turns a tera error into one message naming the template file, line and column.
    pub fn explain(&self, e: &tera::Error, what: Option<&str>) -> Error {
        let error = self.explain_kind(e, what);
        match what {
            Some(w) => error.while_making(w),
            None => error,
        }
    }

    fn explain_kind(&self, e: &tera::Error, what: Option<&str>) -> Error {
        match e.kind() {
            ErrorKind::SyntaxError(r) => Error::at(
                self.origin(r.filename()),
                r.span().start_line,
                r.span().start_col + 1,
                format!("template syntax error: {}", r.message()),
            )
            .with_hint("fix the tag or expression at that position"),
            ErrorKind::RenderingError(r) => {
                let hint = "check the variable or call at that position; `x?.y` or `x | default(value=...)` handle values that may be missing";
                let hint = match nearest_field(r.message()) {
                    Some(near) => format!("did you mean `{near}`? Otherwise {hint}"),
                    None => hint.to_string(),
                };
                Error::at(
                    self.origin(r.filename()),
                    r.span().start_line,
                    r.span().start_col + 1,
                    format!("template error: {}", r.message()),
                )
                .with_hint(hint)
            }
            ErrorKind::MissingParent { current, parent } => {
                let message = format!("template extends `{parent}`, which does not exist");
                let error = match self.extends_at.get(current) {
                    Some(&(line, col)) => Error::at(self.origin(current), line, col, message),
                    None => Error::in_file(self.origin(current), message),
                };
                let dirs = self
                    .searched
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" or ");
                match self.nearest_template(parent) {
                    Some(near) => error.with_hint(format!(
                        "did you mean `{near}`? Otherwise create {parent} in {dirs}"
                    )),
                    None => error.with_hint(format!("create {parent} in {dirs}")),
                }
            }
            ErrorKind::TemplateNotFound(name) => self.missing(name, what.unwrap_or("an include")),
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => Error::in_file(
                self.origin(tpl),
                format!("circular extends: {}", inheritance_chain.join(" -> ")),
            ),
            ErrorKind::CircularInclude { tpl, include_chain } => Error::in_file(
                self.origin(tpl),
                format!("circular include: {}", include_chain.join(" -> ")),
            ),
            _ => self
                .reference_error(&e.to_string())
                .unwrap_or_else(|| Error::new(format!("template error: {e}"))),
        }
    }

    /// Tera reports unknown filters, tests, functions and components, and blocks missing from
    /// a parent, as text: one report per place, `error: Unknown filter `x`` then
    /// ` --> page.html:2:34`. The first becomes an error in Gazette's form (the template's
    /// file, line and column, and a help line); the others are counted in it.
    fn reference_error(&self, text: &str) -> Option<Error> {
        let mut places = text.split("\n\n").filter_map(|report| {
            let mut lines = report.lines();
            let message = lines.next()?.strip_prefix("error: ")?;
            let place = lines.next()?.trim_start().strip_prefix("--> ")?;
            let mut parts = place.rsplitn(3, ':');
            let col: usize = parts.next()?.parse().ok()?;
            let line: usize = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), line, col, message.to_string()))
        });
        let (name, line, col, message) = places.next()?;
        let more = places.count();
        let more = match more {
            0 => String::new(),
            n => format!(
                " (and {n} more unknown name{} in the templates)",
                if n == 1 { "" } else { "s" }
            ),
        };
        let mut chars = message.chars();
        let message: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        use super::functions::{FILTERS, FUNCTIONS, TERA_FILTERS, TERA_FUNCTIONS};
        let unknown = message.split('`').nth(1).unwrap_or_default();
        let suggest = |known: &[&[&str]], what: &str, ours: &[&str]| {
            let all = known.iter().flat_map(|k| k.iter().copied());
            let theirs = ours
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let list = format!("{what} are Tera's own plus {theirs} (README, Templates)");
            match crate::error::nearest(unknown, all) {
                Some(near) => format!("did you mean `{near}`? The {list}"),
                None => format!("the {list}"),
            }
        };
        let hint = if message.starts_with("unknown filter") {
            suggest(&[FILTERS, TERA_FILTERS], "filters", FILTERS)
        } else if message.starts_with("unknown function") {
            suggest(&[FUNCTIONS, TERA_FUNCTIONS], "functions", FUNCTIONS)
        } else {
            "check the name at that position against the README's Templates section".to_string()
        };
        Some(Error::at(self.origin(&name), line, col, format!("{message}{more}")).with_hint(hint))
    }
}
