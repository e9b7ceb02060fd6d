//! Functions and filters templates can call: `get_url`, `get_page`, `get_section`,
//! `get_taxonomy`, `get_taxonomy_url`, `load_data`; filters `date` and `slugify`.
//!
//! They read a [`Lookup`] built once per build and shared by every render thread (the dev
//! server updates it in place when it patches an edited page in).

use crate::sync::ReadWrite;
use foldhash::{HashMap, HashMapExt};
use std::sync::{Arc, RwLock};
use tera::{Kwargs, State, Tera, Value};

use super::images::{Images, Metadata, Resize, Resized};
use super::values::SiteValues;
use crate::config::Config;
use crate::content::Date;
use crate::content::data::{self, DataFiles};
use crate::site::Site;

/// What template functions can look up, by the paths users write.
#[derive(Debug, Default)]
pub struct Lookup {
    base_url: String,
    /// The site's folder and theme, for the functions that read a file of the site.
    root: std::path::PathBuf,
    theme: Option<String>,
    permalinks: HashMap<String, String>,
    pages: HashMap<String, Value>,
    sections: HashMap<String, Value>,
    /// By [`Lookup::taxonomy_key`]: (language, name).
    taxonomies: HashMap<(String, String), Value>,
    /// Each taxonomy's term permalinks by name and slug, by (language, taxonomy).
    term_urls: HashMap<(String, String), HashMap<String, String>>,
    default_language: String,
    /// `trans()`'s strings: (language, key) to text.
    translations: HashMap<(String, String), String>,
    data: std::collections::BTreeMap<String, Value>,
    /// `resize_image` and `get_image_metadata`, and the images they made.
    images: Arc<Images>,
}

impl Lookup {
    /// Indexes the site's values by content path, taxonomy name and data file.
    pub fn new(
        root: &std::path::Path,
        site: &Site,
        values: &SiteValues,
        data_files: &DataFiles,
        images: Arc<Images>,
    ) -> Lookup {
        let mut l = Lookup::of_files(root, &site.config, images);
        (l.permalinks).reserve(site.pages.len() + site.sections.len());
        l.pages.reserve(site.pages.len());
        l.sections.reserve(site.sections.len());
        for (i, p) in site.pages.iter().enumerate() {
            l.permalinks
                .insert(p.file.relative.clone(), p.permalink.clone());
            l.pages
                .insert(p.file.relative.clone(), values.pages[i].clone());
        }
        for (i, s) in site.sections.iter().enumerate() {
            // By the `_index.md` path, which sections without one answer to as well.
            l.permalinks.insert(s.index_path(), s.permalink.clone());
            l.sections
                .insert(s.index_path(), values.sections[i].clone());
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            let key = l.taxonomy_key(&tax.config.name, Some(&tax.lang));
            l.taxonomies.insert(key.clone(), taxonomy_entry(values, t));
            l.term_urls.insert(key, tax.term_urls());
        }
        for (k, v) in data_files {
            l.data.insert(k.clone(), Value::from_serializable(v));
        }
        l
    }

    /// Takes in the new values of page `id` after it was patched in place (see
    /// `Site::patch_page`): the page, its section and its taxonomies.
    pub fn update_page(&mut self, site: &Site, values: &SiteValues, id: usize) {
        let page = &site.pages[id];
        self.pages
            .insert(page.file.relative.clone(), values.pages[id].clone());
        let section = &site.sections[page.section];
        self.sections
            .insert(section.index_path(), values.sections[page.section].clone());
        let mut taxonomies: Vec<usize> = site.terms_of(id).into_iter().map(|(t, _)| t).collect();
        taxonomies.dedup();
        for t in taxonomies {
            let tax = &site.taxonomies[t];
            let key = self.taxonomy_key(&tax.config.name, Some(&tax.lang));
            self.taxonomies.insert(key, taxonomy_entry(values, t));
        }
    }
}

/// What each function answers, whichever engine calls it. Each records what it read.
impl Lookup {
    /// A lookup that knows the site's files but no content yet (for shortcodes, which render
    /// with the markdown, before there are pages to look up).
    pub fn of_files(root: &std::path::Path, config: &Config, images: Arc<Images>) -> Lookup {
        let mut translations = HashMap::new();
        let languages = std::iter::once((&config.default_language, &config.translations))
            .chain((config.languages.iter()).map(|(code, l)| (code, &l.translations)));
        for (lang, strings) in languages {
            for (key, text) in strings {
                translations.insert((lang.clone(), key.clone()), text.clone());
            }
        }
        Lookup {
            base_url: config.base_url.clone(),
            root: root.to_path_buf(),
            theme: config.theme.clone(),
            images,
            default_language: config.default_language.clone(),
            translations,
            ..Lookup::default()
        }
    }

    /// How taxonomy `name` of language `lang` (the default one when `None`) is found.
    fn taxonomy_key(&self, name: &str, lang: Option<&str>) -> (String, String) {
        let lang = lang.unwrap_or(&self.default_language);
        (lang.to_string(), name.to_string())
    }

    /// The names of language `lang`'s taxonomies, for "did you mean".
    fn taxonomy_names<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a String> {
        (self.taxonomies.keys())
            .filter(move |(l, _)| l == lang)
            .map(|(_, name)| name)
    }

    /// `trans(key, lang)`: the text of `key` in language `lang` (the default one when `None`),
    /// from `[translations]` or `[languages.<lang>.translations]`.
    pub fn trans(&self, key: &str, lang: Option<&str>) -> Result<String, String> {
        let lang = lang.unwrap_or(&self.default_language);
        self.translations
            .get(&(lang.to_string(), key.to_string()))
            .cloned()
            .ok_or_else(|| {
                let table = if lang == self.default_language {
                    "[translations]".to_string()
                } else {
                    format!("[languages.{lang}.translations]")
                };
                format!("trans: no translation of `{key}` in language `{lang}`: add `{key} = \"...\"` to {table} in config.toml")
            })
    }

    /// `resize_image(...)`.
    pub fn resize_image(&self, resize: &Resize) -> Result<Resized, String> {
        self.images.resize(resize)
    }

    /// `get_image_metadata(path)`.
    pub fn image_metadata(&self, path: &str) -> Result<Metadata, String> {
        self.images.metadata(path)
    }

    /// `get_url(path)`: the permalink of `@/` content, an absolute URL as it is, or a path
    /// under the site's base URL.
    pub fn url(&self, path: &str, lang: Option<&str>) -> Result<String, String> {
        let lang = lang.filter(|l| *l != self.default_language);
        if let Some(rel) = path.strip_prefix("@/") {
            let (file, anchor) = rel
                .split_once('#')
                .map_or((rel, None), |(f, a)| (f, Some(a)));
            // In another language, the file's translation: `blog/_index.md` is
            // `blog/_index.fr.md`.
            let translated =
                lang.and_then(|l| file.strip_suffix(".md").map(|f| format!("{f}.{l}.md")));
            let file = translated.as_deref().unwrap_or(file);
            record(Read::Url(file.to_string()));
            let permalink = self.permalinks.get(file).ok_or_else(|| {
                format!("get_url: no content file `{file}` (paths are relative to content/)")
            })?;
            return Ok(match anchor {
                Some(a) => format!("{permalink}#{a}"),
                None => permalink.clone(),
            });
        }
        if path.starts_with("http://") || path.starts_with("https://") {
            return Ok(path.to_string());
        }
        Ok(match lang {
            Some(lang) => format!("{}/{lang}/{}", self.base_url, path.trim_start_matches('/')),
            None => format!("{}/{}", self.base_url, path.trim_start_matches('/')),
        })
    }

    /// `get_url(path, lang, trailing_slash, cachebust)`: [`Lookup::url`], with a `/` at the
    /// end, and `?h=` and the start of the file's SHA-256 so browsers fetch it again when it
    /// changes.
    pub fn url_with(
        &self,
        path: &str,
        lang: Option<&str>,
        trailing_slash: bool,
        cachebust: bool,
    ) -> Result<String, String> {
        let mut url = self.url(path, lang)?;
        if trailing_slash && !url.ends_with('/') {
            url.push('/');
        }
        if cachebust {
            let file = self.site_file(path)?;
            let bytes =
                std::fs::read(&file).map_err(|e| format!("get_url: cannot read `{path}`: {e}"))?;
            url.push_str(&super::zola_filters::cachebust(&bytes));
        }
        Ok(url)
    }

    /// `get_page(path)`.
    pub fn page(&self, path: &str) -> Result<Value, String> {
        let rel = path.trim_start_matches("@/");
        record(Read::Page(rel.to_string()));
        self.pages.get(rel).cloned().ok_or_else(|| {
            format!(
                "get_page: no page `{path}`{} (paths are relative to content/, e.g. blog/post.md)",
                did_you_mean(path, self.pages.keys())
            )
        })
    }

    /// `get_section(path)`.
    pub fn section(&self, path: &str) -> Result<Value, String> {
        let rel = path.trim_start_matches("@/");
        record(Read::Section(rel.to_string()));
        self.sections.get(rel).cloned().ok_or_else(|| {
            format!(
                "get_section: no section `{path}`{} (use the _index.md path, e.g. blog/_index.md)",
                did_you_mean(path, self.sections.keys())
            )
        })
    }

    /// `get_taxonomy(kind, lang)`: the taxonomy and its terms.
    pub fn taxonomy(&self, kind: &str, lang: Option<&str>) -> Result<Value, String> {
        record(Read::Taxonomy(kind.to_string()));
        let key = self.taxonomy_key(kind, lang);
        self.taxonomies.get(&key).cloned().ok_or_else(|| {
            format!(
                "get_taxonomy: no taxonomy `{kind}` in config.toml{}",
                did_you_mean(kind, self.taxonomy_names(&key.0))
            )
        })
    }

    /// `get_taxonomy_term(kind, term)`: one term, by name or slug, with its pages.
    pub fn taxonomy_term(
        &self,
        kind: &str,
        term: &str,
        lang: Option<&str>,
    ) -> Result<Value, String> {
        let taxonomy = self.taxonomy(kind, lang)?;
        let items = taxonomy
            .as_map()
            .and_then(|m| m.get(&tera::value::Key::Str("items")))
            .and_then(Value::as_array)
            .map(<[Value]>::to_vec)
            .unwrap_or_default();
        let field = |t: &Value, f: &'static str| {
            t.as_map()
                .and_then(|m| m.get(&tera::value::Key::Str(f)))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let slug = slug::slugify(term);
        items
            .iter()
            .find(|t| {
                field(t, "name").as_deref() == Some(term) || field(t, "slug") == Some(slug.clone())
            })
            .cloned()
            .ok_or_else(|| format!("get_taxonomy_term: no term `{term}` in taxonomy `{kind}`"))
    }

    /// `get_taxonomy_url(kind, name)`: a term's permalink, by name or slug.
    pub fn term_url(&self, kind: &str, name: &str, lang: Option<&str>) -> Result<String, String> {
        let key = self.taxonomy_key(kind, lang);
        record(Read::TermUrl {
            lang: key.0.clone(),
            kind: kind.to_string(),
            name: name.to_string(),
        });
        let terms = self.term_urls.get(&key).ok_or_else(|| {
            format!(
                "get_taxonomy_url: no taxonomy `{kind}` in config.toml{}",
                did_you_mean(
                    kind,
                    self.taxonomy_names(lang.unwrap_or(&self.default_language))
                )
            )
        })?;
        let found = crate::site::find_term(terms, name);
        found.cloned().ok_or_else(|| {
            format!(
                "get_taxonomy_url: no term `{name}` in taxonomy `{kind}`{}",
                did_you_mean(name, terms.keys())
            )
        })
    }

    /// `load_data(path)`: a file of `data/`.
    pub fn data(&self, path: &str) -> Result<Value, String> {
        self.data.get(data::key(path)).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.data.keys().map(String::as_str).collect();
            format!(
                "load_data: no data file `{path}` under data/ (known: {})",
                known.join(", ")
            )
        })
    }

    /// `get_hash(path | literal, sha_type, base64)`: the digest of a file of the site or of
    /// a string.
    pub fn hash(
        &self,
        path: Option<&str>,
        literal: Option<&str>,
        sha_type: u64,
        base64: bool,
    ) -> Result<String, String> {
        let bytes = match (path, literal) {
            (Some(path), None) => {
                let file = self.site_file(path)?;
                std::fs::read(&file).map_err(|e| format!("get_hash: cannot read `{path}`: {e}"))?
            }
            (None, Some(literal)) => literal.as_bytes().to_vec(),
            _ => {
                return Err(
                    "get_hash: give either `path` (a file of the site) or `literal` (a string)"
                        .to_string(),
                );
            }
        };
        super::zola_filters::hash(&bytes, sha_type, base64)
    }

    /// The file of the site Zola's file functions mean by `path` (see
    /// `tera1::find_site_file`).
    pub fn site_file(&self, path: &str) -> Result<std::path::PathBuf, String> {
        super::tera1::find_site_file(&self.root, self.theme.as_deref(), path)
    }
}

/// What `get_taxonomy` returns: the taxonomy and its terms.
fn taxonomy_entry(values: &SiteValues, t: usize) -> Value {
    let mut map = BTreeFields::new();
    map.insert("kind", values.taxonomies[t].clone());
    map.insert("items", Value::from(values.terms[t].clone()));
    Value::from(map)
}

/// The lookup as template functions hold it: the dev server updates it in place after an edit
/// rather than compiling every template again.
pub type SharedLookup = Arc<RwLock<Lookup>>;

type BTreeFields = std::collections::BTreeMap<&'static str, Value>;

/// Something a template read through a function, beyond its own context. Recorded per output
/// so the dev server knows which outputs a change can affect.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Read {
    /// `get_page(path)`.
    Page(String),
    /// `get_section(path)`.
    Section(String),
    /// `get_taxonomy(kind)`.
    Taxonomy(String),
    /// `get_taxonomy_url(kind, name, lang)`: only the URL of that one term, or that there is
    /// none (so a new term re-renders only the pages that ask for it).
    TermUrl {
        /// The language (the default one when the call names none).
        lang: String,
        /// The taxonomy.
        kind: String,
        /// The name asked for.
        name: String,
    },
    /// `get_url(path="@/...")`: only the URL of that content file.
    Url(String),
    /// `get_hash(path)`, `get_url(cachebust=true)`: the bytes of that file (its real path).
    File(String),
}

thread_local! {
    static READS: std::cell::RefCell<Vec<Read>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub(super) fn record(read: Read) {
    READS.with(|r| r.borrow_mut().push(read));
}

/// Runs `f` (a render on this thread) and returns what its templates read through functions.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<Read>) {
    READS.with(|r| r.borrow_mut().clear());
    let out = f();
    let mut reads = READS.with(|r| std::mem::take(&mut *r.borrow_mut()));
    reads.sort();
    reads.dedup();
    (out, reads)
}

pub(super) fn read(lookup: &SharedLookup) -> std::sync::RwLockReadGuard<'_, Lookup> {
    lookup.reading()
}

/// `; did you mean `x`?` when a known name is near `word`, else nothing.
fn did_you_mean<'a>(word: &str, known: impl Iterator<Item = &'a String>) -> String {
    let word = word.trim_start_matches("@/");
    crate::error::nearest(word, known.map(String::as_str))
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default()
}

pub(super) fn fail(message: String) -> tera::Error {
    tera::Error::message(message)
}

/// The filters Gazette adds to Tera's (registered by [`register`]).
pub const FILTERS: &[&str] = &[
    "date",
    "slugify",
    "breakable_url",
    "markdown",
    "base64_encode",
    "base64_decode",
    "regex_replace",
    "num_format",
    "striptags",
    "urlencode",
    "json_encode",
    "slice",
    "concat",
    "filter",
];
/// The functions Gazette adds to Tera's (registered by [`register`]).
pub const FUNCTIONS: &[&str] = &[
    "get_url",
    "get_page",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_url",
    "get_taxonomy_term",
    "load_data",
    "trans",
    "resize_image",
    "get_image_metadata",
    "get_hash",
];
/// Tera 2's own filters, for "did you mean" (its registry is private; a test checks the list
/// against it).
pub const TERA_FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];
/// Tera 2's own functions.
pub const TERA_FUNCTIONS: &[&str] = &["range", "throw"];

/// Registers Gazette's functions and filters on `tera`. Must happen before templates are added,
/// since tera checks at load time that every called function exists.
pub fn register(tera: &mut Tera, lookup: SharedLookup) {
    let l = lookup.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            let slash = kwargs.get::<bool>("trailing_slash")?.unwrap_or(false);
            let cachebust = kwargs.get::<bool>("cachebust")?.unwrap_or(false);
            (read(&l).url_with(path, lang, slash, cachebust)).map_err(fail)
        },
    );
    let l = lookup.clone();
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            read(&l)
                .page(&kwargs.must_get::<String>("path")?)
                .map_err(fail)
        },
    );
    let l = lookup.clone();
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            read(&l)
                .section(&kwargs.must_get::<String>("path")?)
                .map_err(fail)
        },
    );
    let l = lookup.clone();
    tera.register_function(
        "get_taxonomy",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            read(&l)
                .taxonomy(
                    &kwargs.must_get::<String>("kind")?,
                    kwargs.get::<&str>("lang")?,
                )
                .map_err(fail)
        },
    );
    let l = lookup.clone();
    tera.register_function(
        "get_taxonomy_url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let kind: String = kwargs.must_get("kind")?;
            let name: String = kwargs.must_get("name")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            read(&l).term_url(&kind, &name, lang).map_err(fail)
        },
    );
    super::zola_functions::register(tera, lookup.clone());
    let l = lookup.clone();
    tera.register_function(
        "trans",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            read(&l).trans(&key, lang).map_err(fail)
        },
    );
    let l = lookup;
    tera.register_function(
        "load_data",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            read(&l)
                .data(&kwargs.must_get::<String>("path")?)
                .map_err(fail)
        },
    );
    register_filters(tera);
}

/// The `date` filter's format strings, each parsed once: the filter runs once per page a
/// list shows, and chrono would read the format string again on every call.
#[derive(Default)]
struct DateFormats {
    parsed: RwLock<HashMap<String, Arc<[chrono::format::Item<'static>]>>>,
}

impl DateFormats {
    /// Formats kept at most: a template could make its format from page data.
    const KEPT: usize = 64;

    /// `format` parsed, or `None` if chrono cannot read it.
    fn parsed(&self, format: &str) -> Option<Arc<[chrono::format::Item<'static>]>> {
        if let Some(items) = self.parsed.reading().get(format) {
            return Some(items.clone());
        }
        let items: Arc<[_]> = (chrono::format::StrftimeItems::new(format).parse_to_owned())
            .ok()?
            .into();
        let mut parsed = self.parsed.writing();
        if parsed.len() < Self::KEPT {
            parsed.insert(format.to_string(), items.clone());
        }
        Some(items)
    }
}

/// Gazette's filters: `date`, `slugify`, `breakable_url`; and Zola's.
fn register_filters(tera: &mut Tera) {
    super::zola_functions::register_filters(tera);
    let formats = DateFormats::default();
    tera.register_filter(
        "date",
        move |value: Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let format: String = kwargs
                .get("format")?
                .unwrap_or_else(|| "%Y-%m-%d".to_string());
            // A page without a date gives none: say so, not "expected &str, got none".
            let Some(value) = value.as_str() else {
                return Err(fail(if value.is_none() || value.is_undefined() {
                    "date: no date to format (the page has no `date` in its front matter); add one, or guard the call with {% if page.date %}".to_string()
                } else {
                    format!("date: `{value}` is not a date (give it a date such as 2024-05-01)")
                }));
            };
            let date = Date::parse(value).map_err(fail)?;
            let invalid = || {
                fail(format!(
                    "date: invalid format string `{format}` (see chrono's strftime)"
                ))
            };
            let items = formats.parsed(&format).ok_or_else(invalid)?;
            let mut out = String::new();
            use std::fmt::Write;
            write!(out, "{}", date.instant().format_with_items(items.iter()))
                .map_err(|_| invalid())?;
            Ok(out)
        },
    );
    tera.register_filter("slugify", |value: &str, _: Kwargs, _: &State| {
        slug::slugify(value)
    });
    // A web address shown as text, breakable on narrow screens between its parts but never
    // inside the host name. Safe: the filter escapes the address itself.
    tera.register_filter("breakable_url", |value: &str, _: Kwargs, _: &State| {
        Value::safe_string(&crate::markdown::breakable_url(value))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name lists behind "did you mean" are what Tera really knows: each compiles, and a
    /// slip does not.
    #[test]
    fn the_lists_of_filters_and_functions_are_what_tera_knows() {
        let compiles = |source: &str| {
            let mut tera = Tera::new();
            register(&mut tera, SharedLookup::default());
            tera.add_raw_template("t", source).is_ok()
        };
        for f in FILTERS.iter().chain(TERA_FILTERS) {
            assert!(compiles(&format!("{{{{ 1 | {f} }}}}")), "filter {f}");
        }
        for f in FUNCTIONS.iter().chain(TERA_FUNCTIONS) {
            assert!(compiles(&format!("{{{{ {f}() }}}}")), "function {f}");
        }
        assert!(!compiles("{{ 1 | slugifi }}"));
        assert!(!compiles("{{ get_pag() }}"));
    }

    /// The `date` filter formats with each format string it was given, kept or not, and says
    /// which format string chrono cannot read.
    #[test]
    fn the_date_filter_formats_and_names_a_bad_format() {
        let mut tera = Tera::new();
        register(&mut tera, SharedLookup::default());
        let render = |tera: &mut Tera, source: &str| {
            tera.add_raw_template("t", source).unwrap();
            let mut context = tera::Context::new();
            context.insert("day", "2024-03-09");
            tera.render("t", &context).map_err(|e| format!("{e:?}"))
        };
        // The second use of a format is served from what the first parsed.
        let twice = r#"{{ day | date(format="%d.%m.%Y") }} {{ day | date(format="%d.%m.%Y") }}"#;
        assert_eq!(render(&mut tera, twice).unwrap(), "09.03.2024 09.03.2024");
        assert_eq!(render(&mut tera, "{{ day | date }}").unwrap(), "2024-03-09");
        // More formats than are kept still format.
        let many: String = (0..DateFormats::KEPT + 3)
            .map(|n| format!(r#"{{{{ day | date(format="%Y/{n}") }}}}"#))
            .collect();
        let expected: String = (0..DateFormats::KEPT + 3)
            .map(|n| format!("2024/{n}"))
            .collect();
        assert_eq!(render(&mut tera, &many).unwrap(), expected);
        let bad = render(&mut tera, r#"{{ day | date(format="%Q") }}"#).unwrap_err();
        assert!(bad.contains("invalid format string `%Q`"), "{bad}");
    }
}
