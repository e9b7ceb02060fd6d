//! Signatures: what each output kind's signature covers, as hashes comparable across builds.
//!
//! Every output gets a signature: a hash of everything in its template context (the page's
//! render key, the render keys of every page in a list, the pager...), the templates it can
//! use (its own, what it extends or includes, the components), and the site-wide inputs every
//! template sees (config, data files). Each kind in `kinds/` says what goes into its own
//! signature, with these helpers; the dev server's memo (`crate::incremental`) re-renders an
//! output only when its signature or one of its recorded reads changed.

use std::hash::{Hash, Hasher};

use super::SiteValues;
use crate::site::Site;

/// The signature of the sitemap: every URL, and the pages' dates (it shows nothing else).
pub fn sitemap_signature(site: &Site) -> u64 {
    let mut h = hasher();
    site.sitemap_entries().hash(&mut h);
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
