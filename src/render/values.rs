//! Template values for the site model, built once per build and shared.
//!
//! Each page's value is serialized once; every list that contains the page (its section, its
//! terms, feeds, pagers, `get_page`) holds a clone of the same `tera::Value`, which is a
//! reference-counted pointer. A term with 3,000 pages therefore costs 3,000 pointers, however
//! many pagers or pages show it.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::Value;

use crate::markdown::Rendered;

use crate::markdown::Heading;
use crate::site::{Page, PageId, Section, Site, Taxonomy, Term};
use tera::value::Key;

/// Page values kept between builds, by content path and render key.
pub type ValueCache = crate::cache::Stamped<String, Value>;

/// All template values of one build.
#[derive(Debug, Clone)]
pub struct SiteValues {
    /// `config`.
    pub config: Value,
    /// `page`, by page id.
    pub pages: Vec<Value>,
    /// `section`, by section id (with its pages).
    pub sections: Vec<Value>,
    /// `taxonomy`, by taxonomy index.
    pub taxonomies: Vec<Value>,
    /// `term`, by taxonomy index then term index (with its pages).
    pub terms: Vec<Vec<Value>>,
    /// A hash of each term's `entity` value (what the preprocessor gives it; 0 without one), so
    /// the dev server re-renders a term page exactly when what it shows of it changed.
    pub entity_keys: Vec<Vec<u64>>,
}

type Fields = BTreeMap<&'static str, Value>;

impl SiteValues {
    /// Builds every value. The rendered HTML moves from the model into the values, so each
    /// page's HTML is held once.
    pub fn build(site: &mut Site, cache: Option<&ValueCache>) -> SiteValues {
        let ancestors: Vec<Value> = (0..site.sections.len())
            .map(|id| {
                let above = site.ancestors(id).into_iter();
                Value::from(
                    above
                        .map(|a| site.sections[a].index_path())
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        // What is around each page is read from the whole site, then each page's value takes
        // its HTML: two parallel passes, a shared one and one page by page.
        let shared = &*site;
        let found: Vec<Found> = (0..shared.pages.len())
            .into_par_iter()
            .with_max_len(64)
            .map(|id| {
                let above = |site: &Site| {
                    let section = site.pages[id].section;
                    let mut above = ancestors[section].as_array().map(<[Value]>::to_vec);
                    let own = site.sections[section].index_path();
                    above.get_or_insert_default().push(own.into());
                    Value::from(above.unwrap_or_default())
                };
                cached_or_around(shared, id, above, cache)
            })
            .collect();
        let pages: Vec<Value> = (site.pages.par_iter_mut())
            .zip(found)
            .with_max_len(64)
            .map(|(p, found)| page_value_of(p, found, cache))
            .collect();
        let section_around: Vec<(Value, Value)> = (site.sections.iter())
            .zip(ancestors)
            .map(|(s, ancestors)| {
                let translations = translations_value(s.translations.iter().map(|&t| {
                    let t = &site.sections[t];
                    (
                        t.lang.as_str(),
                        t.title(),
                        t.permalink.as_str(),
                        t.index_path(),
                    )
                }));
                (translations, ancestors)
            })
            .collect();
        let summaries: Vec<Value> = (site.sections.iter())
            .zip(&section_around)
            .map(|(s, around)| Value::from(section_fields(s, around)))
            .collect();
        let sections: Vec<Value> = (site.sections.iter_mut())
            .zip(&section_around)
            .map(|(s, around)| {
                let mut f = section_fields(s, around);
                f.insert("content", take_html(&mut s.rendered).into());
                f.insert(
                    "pages",
                    Value::from(
                        s.pages
                            .iter()
                            .map(|&i| pages[i].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                f.insert(
                    "subsections",
                    Value::from(
                        s.subsections
                            .iter()
                            .map(|&i| summaries[i].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                f.insert("toc", toc_value(&s.rendered.toc, &s.permalink));
                Value::from(f)
            })
            .collect();
        let taxonomies: Vec<Value> = site.taxonomies.iter().map(taxonomy_value).collect();
        let (terms, entity_keys) = site
            .taxonomies
            .iter()
            .map(|t| {
                t.terms
                    .iter()
                    .map(|term| {
                        let entity = site.extension.term_value(site, &t.config.name, &term.slug);
                        let key = entity.as_ref().map_or(0, |e| {
                            crate::content::fingerprint(
                                serde_json::to_string(e).unwrap_or_default().as_bytes(),
                            )
                        });
                        (term_value(term, &pages, entity), key)
                    })
                    .unzip::<_, _, Vec<_>, Vec<_>>()
            })
            .unzip();
        SiteValues {
            config: Value::from_serializable(&*site.config),
            pages,
            sections,
            taxonomies,
            terms,
            entity_keys,
        }
    }

    /// Takes in page `id` after `Site::patch_page`: its own value, and the lists it is in (its
    /// section and its terms), whose order may have changed. (The lookup of template functions
    /// holds values too: see `Lookup::update_page`.)
    pub fn patch_page(&mut self, site: &mut Site, id: PageId, cache: Option<&ValueCache>) {
        // A page patched in place stays in its section: the sections above it are as they were.
        let kept = self.pages[id].get_from_path("ancestors").cloned();
        let above = |_: &Site| kept.unwrap_or_else(|| Value::from(Vec::<Value>::new()));
        let found = cached_or_around(site, id, above, cache);
        self.pages[id] = page_value_of(&mut site.pages[id], found, cache);
        let s = site.pages[id].section;
        self.sections[s] = with_pages(&self.sections[s], &site.sections[s].pages, &self.pages);
        for (t, i) in site.terms_of(id) {
            let pages = &site.taxonomies[t].terms[i].pages;
            self.terms[t][i] = with_pages(&self.terms[t][i], pages, &self.pages);
        }
    }
}

/// A list's value (a section or a term) with its `pages` replaced; its other fields are kept.
fn with_pages(list: &Value, ids: &[PageId], pages: &[Value]) -> Value {
    let mut map = list.as_map().cloned().unwrap_or_default();
    map.insert(
        Key::from("pages"),
        Value::from(ids.iter().map(|&i| pages[i].clone()).collect::<Vec<_>>()),
    );
    Value::from(map)
}

/// What a page's value shows of other pages and sections (Zola's fields).
struct Around {
    translations: Value,
    backlinks: Value,
    /// The `_index` paths of the sections above it, the root first.
    ancestors: Value,
    assets: Value,
}

impl Around {
    /// Page `id`'s, with `ancestors` the `_index` paths of the sections above it.
    fn of_page(site: &Site, id: PageId, ancestors: Value) -> Around {
        let p = &site.pages[id];
        let translations = translations_value(p.translations.iter().map(|&t| {
            let t = &site.pages[t];
            (
                t.lang.as_str(),
                t.title().to_string(),
                t.permalink.as_str(),
                t.file.relative.clone(),
            )
        }));
        let backlinks = (p.backlinks.iter()).map(|&b| {
            let b = &site.pages[b];
            let mut f = Fields::new();
            f.insert("title", b.title().into());
            f.insert("permalink", b.permalink.as_str().into());
            Value::from(f)
        });
        Around {
            translations,
            backlinks: Value::from(backlinks.collect::<Vec<_>>()),
            ancestors,
            assets: Value::from(site.page_assets(id)),
        }
    }
}

/// What the first pass over the pages finds for one page (see [`cached_or_around`]).
enum Found {
    /// Its value, from the cache.
    Cached(Value),
    /// What is around it, for [`page_value_of`] to make its value from.
    Around(Around),
}

/// Page `id`'s value from `cache` when its render key is there (what it shows of other pages
/// is in the key); else what is around the page, with `ancestors` made only then. It reads
/// the whole site, so it runs for every page at once; [`page_value_of`] finishes each page.
fn cached_or_around(
    site: &Site,
    id: PageId,
    ancestors: impl FnOnce(&Site) -> Value,
    cache: Option<&ValueCache>,
) -> Found {
    let p = &site.pages[id];
    if let Some(hit) = cache.and_then(|c| c.get(&p.file.relative, p.render_key)) {
        return Found::Cached(hit);
    }
    Found::Around(Around::of_page(site, id, ancestors(site)))
}

/// The value of page `p` from what [`cached_or_around`] found (it takes the page's HTML), stored
/// in `cache` when new.
fn page_value_of(p: &mut Page, found: Found, cache: Option<&ValueCache>) -> Value {
    match found {
        Found::Cached(hit) => hit,
        Found::Around(around) => {
            let v = page_value(p, around);
            if let Some(c) = cache {
                c.put(p.file.relative.clone(), p.render_key, v.clone());
            }
            v
        }
    }
}

/// Zola's `translations`: each version's `lang`, `title`, `permalink` and `path` (its file
/// relative to `content/`, for `get_page`; its `_index` file for a section).
fn translations_value<'a>(
    versions: impl Iterator<Item = (&'a str, String, &'a str, String)>,
) -> Value {
    Value::from(
        versions
            .map(|(lang, title, permalink, path)| {
                let mut f = Fields::new();
                f.insert("lang", lang.into());
                f.insert("title", title.into());
                f.insert("permalink", permalink.into());
                f.insert("path", path.into());
                Value::from(f)
            })
            .collect::<Vec<_>>(),
    )
}

fn page_value(p: &mut Page, around: Around) -> Value {
    let meta = &p.file.meta;
    let mut f = Fields::new();
    f.insert("relative_path", p.file.relative.as_str().into());
    f.insert("lang", p.lang.as_str().into());
    f.insert("translations", around.translations);
    f.insert("backlinks", around.backlinks);
    f.insert("ancestors", around.ancestors);
    f.insert("assets", around.assets);
    f.insert("path", p.path.as_str().into());
    f.insert("permalink", p.permalink.as_str().into());
    f.insert("slug", p.slug.as_str().into());
    f.insert("title", p.title().into());
    f.insert("description", meta.description.clone().into());
    f.insert(
        "date",
        meta.date.as_ref().map(|d| d.as_str().to_string()).into(),
    );
    f.insert(
        "updated",
        meta.updated.as_ref().map(|d| d.as_str().to_string()).into(),
    );
    f.insert("draft", meta.draft.into());
    f.insert("weight", meta.weight.into());
    f.insert("aliases", Value::from(meta.aliases.clone()));
    f.insert("authors", Value::from(meta.authors.clone()));
    f.insert("render", meta.render.into());
    f.insert("in_search_index", meta.in_search_index.into());
    f.insert(
        "components",
        Value::from(
            p.path
                .split('/')
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect::<Vec<_>>(),
        ),
    );
    let taxonomies: BTreeMap<String, Value> = meta
        .taxonomies
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.clone())))
        .collect();
    f.insert("taxonomies", Value::from(taxonomies));
    f.insert("extra", Value::from_serializable(&meta.extra));
    f.insert("word_count", p.rendered.word_count.into());
    f.insert(
        "reading_time",
        p.rendered.word_count.div_ceil(200).max(1).into(),
    );
    f.insert("toc", toc_value(&p.rendered.toc, &p.permalink));
    f.insert("summary", p.rendered.summary.clone().into());
    f.insert("content", take_html(&mut p.rendered).into());
    Value::from(f)
}

/// The HTML, moved out when nothing else holds the rendered page (a plain build), copied when
/// a dev-session cache does.
fn take_html(rendered: &mut Arc<Rendered>) -> String {
    match Arc::get_mut(rendered) {
        Some(r) => std::mem::take(&mut r.html),
        None => rendered.html.clone(),
    }
}

fn section_fields(s: &Section, (translations, ancestors): &(Value, Value)) -> Fields {
    let meta = &s.file.meta;
    let mut f = Fields::new();
    // The `_index.md` path `get_section` answers to, for a folder without one too.
    f.insert("relative_path", s.index_path().into());
    f.insert("lang", s.lang.as_str().into());
    f.insert("translations", translations.clone());
    f.insert("ancestors", ancestors.clone());
    f.insert("path", s.path.as_str().into());
    f.insert("permalink", s.permalink.as_str().into());
    f.insert("title", s.title().into());
    f.insert("description", meta.description.clone().into());
    f.insert("weight", meta.weight.into());
    f.insert("draft", meta.draft.into());
    f.insert("aliases", Value::from(meta.aliases.clone()));
    f.insert("generate_feeds", meta.generate_feeds.into());
    f.insert("transparent", meta.transparent.into());
    f.insert("extra", Value::from_serializable(&meta.extra));
    f.insert("word_count", s.rendered.word_count.into());
    f.insert("page_count", s.pages.len().into());
    f
}

fn taxonomy_value(t: &Taxonomy) -> Value {
    let mut f = Fields::new();
    f.insert("name", t.config.name.as_str().into());
    f.insert("lang", t.lang.as_str().into());
    f.insert("path", t.path.as_str().into());
    f.insert("permalink", t.permalink.as_str().into());
    f.insert("paginate_by", t.config.paginate_by.into());
    f.insert("feed", t.config.feed.into());
    f.insert("term_count", t.terms.len().into());
    Value::from(f)
}

fn term_value(term: &Term, pages: &[Value], entity: Option<Value>) -> Value {
    let mut f = Fields::new();
    f.insert("name", term.name.as_str().into());
    f.insert("slug", term.slug.as_str().into());
    f.insert("path", term.path.as_str().into());
    f.insert("permalink", term.permalink.as_str().into());
    f.insert("page_count", term.pages.len().into());
    f.insert("entity", entity.into());
    f.insert(
        "pages",
        Value::from(
            term.pages
                .iter()
                .map(|&i| pages[i].clone())
                .collect::<Vec<_>>(),
        ),
    );
    Value::from(f)
}

fn toc_value(toc: &[Heading], permalink: &str) -> Value {
    Value::from(
        toc.iter()
            .map(|h| {
                let mut f = Fields::new();
                f.insert("level", h.level.into());
                f.insert("id", h.id.as_str().into());
                f.insert("title", h.title.as_str().into());
                f.insert("permalink", format!("{permalink}#{}", h.id).into());
                f.insert("children", toc_value(&h.children, permalink));
                Value::from(f)
            })
            .collect::<Vec<_>>(),
    )
}
