//! What lets the dev server re-render only what a change can affect.
//!
//! Every output is known by its path and gets a signature: a hash of everything in its template
//! context (the page's render key, the render keys of every page in a list, the pager...), the
//! templates it can use (its own, what it extends or includes, the components), and the
//! site-wide inputs every template sees (config, data files). Templates may also read other
//! pages and URLs through functions; those reads are recorded while rendering, with the
//! fingerprint of what they read. An output is rendered again only when its signature or one
//! of its recorded reads changed. The randomized test in `tests/it/serve.rs` checks the result
//! against fresh full builds.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use tera::Value;

use super::SiteValues;
use super::functions::Read;
use crate::site::Site;

/// Page values kept between builds, by content path and render key.
pub type ValueCache = crate::cache::Stamped<String, Value>;

/// One output as last rendered.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Files written beside it, by path (the search index's chunks).
    pub beside: Vec<super::Output>,
    signature: u64,
    reads: Vec<(Read, u64)>,
}

/// An output just rendered: where it goes, its bytes, its signature, what its templates read.
pub(super) struct Fresh {
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
    pub beside: Vec<super::Output>,
    pub signature: u64,
    pub reads: Vec<Read>,
}

/// Every output of the last build, by output path (what identifies an output across builds).
#[derive(Debug, Default)]
pub struct RenderMemo {
    pub(super) outputs: HashMap<String, Rendered>,
    /// How many outputs the last render actually rendered (the rest were reused).
    pub last_rendered: usize,
}

impl RenderMemo {
    /// The current outputs and the files beside them, by path.
    pub fn files(&self) -> impl Iterator<Item = (&String, &Arc<Vec<u8>>)> {
        self.outputs.iter().flat_map(|(path, r)| {
            std::iter::once((path, &r.bytes)).chain(r.beside.iter().map(|(p, b)| (p, b)))
        })
    }

    /// Whether some output was written at `path`.
    pub(crate) fn has_output(&self, path: &str) -> bool {
        self.outputs.contains_key(path)
    }

    /// Whether the previous output at `path` is still good: nothing it depends on changed.
    pub(super) fn reusable(
        &self,
        path: &str,
        signature: u64,
        site: &Site,
        values: &SiteValues,
    ) -> bool {
        self.outputs.get(path).is_some_and(|r| {
            r.signature == signature
                && r.reads
                    .iter()
                    .all(|(read, fp)| read_fingerprint(site, values, read) == *fp)
        })
    }

    /// Remembers an output just rendered, with the current fingerprint of each thing it read.
    /// Returns the files its previous version wrote beside it that this one does not.
    pub(super) fn store(&mut self, fresh: Fresh, site: &Site, values: &SiteValues) -> Vec<String> {
        let reads = fresh.reads.into_iter().map(|r| {
            let fp = read_fingerprint(site, values, &r);
            (r, fp)
        });
        let kept: std::collections::HashSet<&str> =
            fresh.beside.iter().map(|(p, _)| p.as_str()).collect();
        let dropped = self
            .outputs
            .get(&fresh.path)
            .map(|old| {
                old.beside
                    .iter()
                    .filter(|(p, _)| !kept.contains(p.as_str()))
                    .map(|(p, _)| p.clone())
                    .collect()
            })
            .unwrap_or_default();
        let reads = reads.collect();
        self.outputs.insert(
            fresh.path,
            Rendered {
                bytes: fresh.bytes,
                beside: fresh.beside,
                signature: fresh.signature,
                reads,
            },
        );
        dropped
    }
}

/// What an in-place page edit touched, for [`RenderMemo::read_touched`].
pub(crate) struct Touched<'a> {
    /// Content paths of the edited pages.
    pub pages: std::collections::HashSet<&'a str>,
    /// Their sections.
    pub sections: &'a std::collections::HashSet<usize>,
    /// The taxonomies they have terms in.
    pub taxonomies: std::collections::HashSet<&'a str>,
}

impl RenderMemo {
    /// Whether the templates of the output at `path` read, through a function, something a
    /// page edit touched.
    pub(crate) fn read_touched(&self, path: &str, touched: &Touched, site: &Site) -> bool {
        self.outputs.get(path).is_some_and(|r| {
            r.reads.iter().any(|(read, _)| match read {
                Read::Page(rel) => touched.pages.contains(rel.as_str()),
                Read::Section(rel) => site
                    .section_by_index_path(rel)
                    .is_some_and(|s| touched.sections.contains(&s)),
                Read::Taxonomy(name) => touched.taxonomies.contains(name.as_str()),
                // URLs and terms do not change when a page is patched in place.
                Read::TermUrls(_) | Read::Url(_) => false,
            })
        })
    }
}

/// The signature of the sitemap: every URL, and the pages' dates (it shows nothing else).
pub fn sitemap_signature(site: &Site) -> u64 {
    let mut h = hasher();
    for p in &site.pages {
        let m = &p.file.meta;
        (
            &p.permalink,
            m.updated.as_ref().or(m.date.as_ref()).map(|d| d.ymd()),
        )
            .hash(&mut h);
    }
    for s in &site.sections {
        s.permalink.hash(&mut h);
    }
    for t in &site.taxonomies {
        t.permalink.hash(&mut h);
        for term in &t.terms {
            term.permalink.hash(&mut h);
        }
    }
    h.finish()
}

/// A hasher with fixed keys, so signatures are comparable across builds.
pub fn hasher() -> std::collections::hash_map::DefaultHasher {
    std::collections::hash_map::DefaultHasher::new()
}

/// The signature of a section's value: its own render key, its pages, its subsections.
pub fn section_signature(site: &Site, id: usize) -> u64 {
    let s = &site.sections[id];
    let mut h = hasher();
    (s.render_key, &s.path).hash(&mut h);
    for &p in &s.pages {
        site.pages[p].render_key.hash(&mut h);
    }
    for &sub in &s.subsections {
        let sub = &site.sections[sub];
        (sub.render_key, &sub.path, sub.pages.len()).hash(&mut h);
    }
    h.finish()
}

/// The signature of a term's value: name, URL, pages, and its entity when it has one.
pub fn term_signature(site: &Site, values: &SiteValues, taxonomy: usize, term: usize) -> u64 {
    let tax = &site.taxonomies[taxonomy];
    let t = &tax.terms[term];
    let mut h = hasher();
    (&t.name, &t.slug, &t.path, tax.terms.len()).hash(&mut h);
    for &p in &t.pages {
        site.pages[p].render_key.hash(&mut h);
    }
    values.entity_keys[taxonomy][term].hash(&mut h);
    h.finish()
}

/// The signature of a whole taxonomy (its list page, `get_taxonomy`).
pub fn taxonomy_signature(site: &Site, values: &SiteValues, taxonomy: usize) -> u64 {
    let mut h = hasher();
    site.taxonomies[taxonomy].config.name.hash(&mut h);
    for i in 0..site.taxonomies[taxonomy].terms.len() {
        term_signature(site, values, taxonomy, i).hash(&mut h);
    }
    h.finish()
}

/// The current fingerprint of something a template read.
fn read_fingerprint(site: &Site, values: &SiteValues, read: &Read) -> u64 {
    match read {
        Read::Page(rel) => site
            .page_by_relative
            .get(rel)
            .map_or(0, |&i| site.pages[i].render_key),
        Read::Section(rel) => site
            .section_by_index_path(rel)
            .map_or(0, |i| section_signature(site, i)),
        Read::Taxonomy(name) => site
            .taxonomies
            .iter()
            .position(|t| &t.config.name == name)
            .map_or(0, |t| taxonomy_signature(site, values, t)),
        Read::Url(rel) => {
            let permalink = match site.page_by_relative.get(rel) {
                Some(&i) => Some(&site.pages[i].permalink),
                None => site
                    .section_by_index_path(rel)
                    .map(|i| &site.sections[i].permalink),
            };
            let mut h = hasher();
            permalink.hash(&mut h);
            h.finish()
        }
        Read::TermUrls(name) => {
            let mut h = hasher();
            if let Some(t) = site.taxonomies.iter().find(|t| &t.config.name == name) {
                for term in &t.terms {
                    (&term.name, &term.slug).hash(&mut h);
                }
            }
            h.finish()
        }
    }
}
