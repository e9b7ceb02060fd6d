//! Loading templates: Gazette's built-ins, then the theme's, then the site's own, each layer
//! overriding the one before file by file; and turning tera's errors into messages that name
//! the template file, line and column.
//!
//! Two engines: Tera 2 for Gazette's own themes and sites, Tera 1 (see `tera1.rs`) for Zola
//! sites and themes, whose templates Tera 2 does not read (macros, Tera 1's filters). A site's
//! templates are Tera 1 when they do not compile as Tera 2 and do as Tera 1.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tera::{ErrorKind, Tera};

use super::tera1::Tera1;

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

/// A template's variables, for whichever engine renders the template.
#[derive(Debug, Clone, Default)]
pub struct Context(BTreeMap<Cow<'static, str>, tera::Value>);

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// Sets `key` to `value`, serialized.
    pub fn insert<T: serde::Serialize + ?Sized>(
        &mut self,
        key: impl Into<Cow<'static, str>>,
        value: &T,
    ) {
        self.0
            .insert(key.into(), tera::Value::from_serializable(value));
    }

    /// Sets `key` to a value already built (shared, not copied).
    pub fn insert_value(&mut self, key: impl Into<Cow<'static, str>>, value: tera::Value) {
        self.0.insert(key.into(), value);
    }

    /// The variable `key`, if set.
    pub fn get(&self, key: &str) -> Option<&tera::Value> {
        self.0.get(key)
    }

    /// The variables, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &tera::Value)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    fn to_tera2(&self) -> tera::Context {
        let mut c = tera::Context::new();
        for (k, v) in &self.0 {
            c.insert_value(k.clone(), v.clone());
        }
        c
    }
}

/// Template sources by name, with the file each came from.
#[derive(Debug, Clone, Default)]
pub struct TemplateSources {
    sources: BTreeMap<String, (Option<PathBuf>, String)>,
    searched: Vec<PathBuf>,
    /// The names that are a theme template's second name, its path (Tera 1 only).
    theme_paths: std::collections::HashSet<String>,
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
            // Zola also names a theme's templates by their path (`sample/templates/index.html`),
            // so a site's template can extend the theme's one it overrides. Only Tera 1 sees
            // these names: in Tera 2 the copies would define every component twice.
            let theirs: Vec<(String, (Option<PathBuf>, String))> = (t.sources.iter())
                .filter(|(_, (origin, _))| {
                    origin
                        .as_ref()
                        .is_some_and(|o| o.starts_with(Path::new("themes").join(theme)))
                })
                .map(|(k, v)| (format!("{theme}/templates/{k}"), v.clone()))
                .collect();
            t.theme_paths = theirs.iter().map(|(k, _)| k.clone()).collect();
            t.sources.extend(theirs);
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

    /// Whether some template uses a tag only Tera 1 has (`macro`, `import`),
    /// so its errors are best explained as Tera 1's.
    fn looks_like_tera1(&self) -> bool {
        static TERA1_TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"\{%-?\s*(?:macro|import)\s").expect("valid regex")
        });
        self.sources.values().any(|(_, t)| TERA1_TAG.is_match(t))
    }

    /// For every template, a hash of the texts it depends on: itself, what it extends or
    /// includes (transitively), and every template that defines components (any template may
    /// call a component).
    pub fn dependency_fingerprints(&self) -> HashMap<String, u64> {
        use std::hash::{Hash, Hasher};
        static REFERENCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+["']([^"']+)["']"#)
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

/// The engine that renders a site's templates.
enum Engine {
    /// Gazette's own: Tera 2.
    Tera2(Box<Tera>),
    /// Zola's: Tera 1.
    Tera1(Box<Tera1>),
}

/// A loaded tera instance plus what is needed to explain its errors.
pub struct Templates {
    engine: Engine,
    dependencies: HashMap<String, u64>,
    origins: HashMap<String, PathBuf>,
    /// Where each template's `{% extends %}` tag is (line, column), for errors about it.
    extends_at: HashMap<String, (usize, usize)>,
    searched: Vec<PathBuf>,
    /// Whether some template reads `page.lower` or `page.higher`.
    neighbours_read: bool,
    /// `config` as a page in another language sees it: with that language's `title` and
    /// `description` (`[languages.fr]`), as in Zola. By language code.
    language_configs: HashMap<String, tera::Value>,
}

/// `config` for each of the site's other languages that has a title or description of its
/// own.
fn language_configs(config: &tera::Value) -> HashMap<String, tera::Value> {
    use tera::value::Key;
    let (Some(site), Some(languages)) = (
        config.as_map(),
        config
            .get_from_path("languages")
            .and_then(tera::Value::as_map),
    ) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for (code, language) in languages {
        let mut own = site.clone();
        let mut changed = false;
        for field in ["title", "description"] {
            if let Some(v) = language.get_from_path(field).filter(|v| !v.is_none()) {
                own.insert(Key::from(field), v.clone());
                changed = true;
            }
        }
        if changed {
            out.insert(code.to_string(), tera::Value::from(own));
        }
    }
    out
}

/// From Tera's "Field `titel` is not defined. Available fields: a, b, title": the available
/// field nearest the missing one, when it is close enough to be a slip.
fn nearest_field(message: &str) -> Option<&str> {
    let (missing, rest) = message.strip_prefix("Field `")?.split_once('`')?;
    let fields = rest.split_once("Available fields: ")?.1;
    crate::error::nearest(missing, fields.trim_end_matches('.').split(", "))
}

impl Templates {
    /// Compiles `sources` with Gazette's functions bound to `lookup` and `config` as a global,
    /// with Tera 2, or with Tera 1 when they are a Zola site's templates.
    pub fn compile(
        sources: &TemplateSources,
        lookup: SharedLookup,
        config: tera::Value,
    ) -> Result<Templates, Error> {
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
            engine: Engine::Tera2(Box::default()),
            dependencies: sources.dependency_fingerprints(),
            origins,
            extends_at,
            searched: sources.searched.clone(),
            neighbours_read: sources
                .sources
                .values()
                .any(|(_, t)| NEIGHBOURS.is_match(t)),
            language_configs: language_configs(&config),
        };
        let list: Vec<(&str, &str)> = (sources.sources.iter())
            .filter(|(k, _)| !sources.theme_paths.contains(k.as_str()))
            .map(|(k, (_, t))| (k.as_str(), t.as_str()))
            .collect();
        // Gazette's built-in templates are Tera 2; a Tera 1 site gets their Tera 1 versions.
        let list1: Vec<(&str, &str)> = (sources.sources.iter())
            .map(|(k, (origin, t))| match origin {
                None => (k.as_str(), super::tera1::builtin(k).unwrap_or(t.as_str())),
                Some(_) => (k.as_str(), t.as_str()),
            })
            .collect();
        let tera1 = || Tera1::compile(&list1, lookup.clone(), &config);
        let mut tera = Tera::new();
        functions::register(&mut tera, lookup.clone());
        tera.global_context().insert_value("config", config.clone());
        match tera.add_raw_templates(list) {
            Ok(()) => templates.engine = Engine::Tera2(Box::new(tera)),
            Err(e) => match tera1() {
                Ok(t1) => templates.engine = Engine::Tera1(Box::new(t1)),
                Err(e1) if sources.looks_like_tera1() => {
                    return Err(templates.explain_tera1(&e1, None));
                }
                Err(_) => return Err(templates.explain(&e, None)),
            },
        }
        Ok(templates)
    }

    /// Whether the templates are rendered by Tera 1 (a Zola site's).
    pub fn is_tera1(&self) -> bool {
        matches!(self.engine, Engine::Tera1(_))
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
        match &self.engine {
            Engine::Tera2(tera) => tera.contains_template(name),
            Engine::Tera1(tera) => tera.contains(name),
        }
    }

    /// Renders `name` with `context`; `what` says which output it was for, in errors.
    pub fn render(&self, name: &str, context: &Context, what: &str) -> Result<String, Error> {
        if !self.contains(name) {
            return Err(self.missing(name, what));
        }
        let lang = context.get("lang").and_then(tera::Value::as_str);
        let own_config = lang.and_then(|l| self.language_configs.get(l));
        let with_config;
        let context = match own_config {
            Some(config) => {
                with_config = {
                    let mut c = context.clone();
                    c.insert_value("config", config.clone());
                    c
                };
                &with_config
            }
            None => context,
        };
        match &self.engine {
            Engine::Tera2(tera) => tera
                .render(name, &context.to_tera2())
                .map_err(|e| self.explain(&e, Some(what))),
            Engine::Tera1(tera) => tera
                .render(name, context)
                .map_err(|e| self.explain_tera1(&e, Some(what))),
        }
    }

    /// Turns a Tera 1 error into one message naming the template file (and the line and column
    /// of a syntax error: Tera 1 gives no position for the others).
    fn explain_tera1(&self, e: &tera1::Error, what: Option<&str>) -> Error {
        let error = match super::tera1::explain(e) {
            super::tera1::Explained::At { template, line, col, message } => {
                Error::at(self.origin(&template), line, col, format!("template syntax error: {message}"))
                    .with_hint("fix the tag or expression at that position (the site's templates are Tera 1, as in Zola)")
            }
            super::tera1::Explained::In { template, message } => {
                let error = match template {
                    Some(t) => Error::in_file(self.origin(&t), format!("template error: {message}")),
                    None => Error::new(format!("template error: {message}")),
                };
                error.with_hint("the site's templates are Tera 1, as in Zola: check the variable, filter or call named above; `x | default(value=...)` or `{% if x %}` handle values that may be missing")
            }
        };
        match what {
            Some(w) => error.while_making(w),
            None => error,
        }
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
