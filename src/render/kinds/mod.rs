//! The table of output kinds. Each kind of file the build writes says, in its own `impl`, where
//! it goes, which template it renders with, what its signature covers (see [`signatures`]),
//! which in-place page edits can change it, and how it is rendered. Adding a kind is a struct
//! here (in [`pages`], [`lists`] or [`files`]) and a line in [`plan`].
//!
//! [`signatures`]: super::signatures

mod files;
mod lists;
mod pages;

use std::collections::HashSet;
use std::fmt::Debug;
use std::hash::{DefaultHasher, Hash};

use super::{SiteValues, Templates, signatures};
use crate::error::Error;
use crate::site::{PageId, Site, normalize_alias, pager_count};
use files::{Alias, ExtensionFile, Fixed, SearchIndex, Sitemap, ZolaSearchIndex};
use lists::{Feed, FeedOf, SectionPager, TaxonomyList, TermPager};
use pages::PageOutput;

/// One file the build writes.
pub(crate) type Job = Box<dyn Kind>;

/// What a kind of output has to say about itself.
pub(crate) trait Kind: Debug + Send + Sync {
    /// A name for the kind, the same for all outputs of it (part of every signature).
    fn name(&self) -> &'static str;

    /// Where the output goes: its identity across builds (two outputs never share a path;
    /// page and term indices shift as pages come and go, paths do not).
    fn path(&self, site: &Site) -> String;

    /// The template it renders with; empty for outputs made without one.
    fn template(&self, _site: &Site, _templates: &Templates) -> String {
        String::new()
    }

    /// Hashes what its template context holds (besides the templates and its path).
    fn sign(&self, cx: &Cx, h: &mut DefaultHasher);

    /// Whether an in-place edit of some pages can change it.
    fn affected_by(&self, site: &Site, edit: &Edit) -> Affected;

    /// Renders it. Files to write beside it go in `beside` (the search index's chunks).
    fn render(&self, cx: &Cx, beside: &mut Vec<(String, String)>) -> Result<String, Error>;
}

/// What outputs are made from.
pub(crate) struct Cx<'a> {
    pub site: &'a Site,
    pub values: &'a SiteValues,
    pub templates: &'a Templates,
    /// Every page's neighbours when a template shows them; empty otherwise.
    pub neighbours: &'a [Neighbours],
}

/// Pages edited in place (same URLs, same lists), and what they touch.
pub(crate) struct Edit {
    pub pages: HashSet<PageId>,
    pub sections: HashSet<usize>,
    pub terms: HashSet<(usize, usize)>,
    pub taxonomies: HashSet<usize>,
    /// Whether some template shows `page.lower` or `page.higher`.
    pub neighbours_shown: bool,
}

/// How an edit reaches an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Affected {
    /// It is an edited page: rendered first.
    Itself,
    /// Its signature covers an edited page: rendered after the pages, if it changed.
    Maybe,
    /// Only through what its templates read by function, if anything.
    No,
}

impl Affected {
    pub(super) fn maybe(covered: bool) -> Affected {
        if covered {
            Affected::Maybe
        } else {
            Affected::No
        }
    }
}

/// Every output of the site, in a stable order. `zola_theme`: the templates are a Zola
/// site's (Tera 1), whose search pages load Zola's form of the index.
pub(crate) fn plan(site: &Site, zola_theme: bool) -> Vec<Job> {
    // `render = false`: still listed, never written (as in Zola).
    let mut jobs: Vec<Job> = (0..site.pages.len())
        .filter(|&id| site.pages[id].file.meta.render)
        .map(|id| Box::new(PageOutput { id }) as Job)
        .collect();
    let alias = |jobs: &mut Vec<Job>, at: String, to: &str| {
        jobs.push(Box::new(Alias {
            at,
            to: to.to_string(),
        }))
    };
    for (id, s) in site.sections.iter().enumerate() {
        let meta = &s.file.meta;
        if let Some(to) = &meta.redirect_to {
            alias(&mut jobs, s.path.clone(), &site.redirect_permalink(to));
        } else if meta.render {
            for pager in 1..=pager_count(s.pages.len(), meta.paginate_by) {
                jobs.push(Box::new(SectionPager { id, pager }));
            }
            if let Some(at) = s.first_pager_redirect() {
                alias(&mut jobs, at, &s.permalink);
            }
        }
        for at in &meta.aliases {
            alias(&mut jobs, normalize_alias(at), &s.permalink);
        }
        if meta.generate_feeds {
            for file in site.config.feed_filenames_of(&s.lang) {
                jobs.push(Box::new(Feed {
                    of: FeedOf::Section(id),
                    file: file.clone(),
                }));
            }
        }
        // Each language's site-wide feed, at its home (`/atom.xml`, `/fr/atom.xml`).
        if s.is_root() {
            for file in site.config.feeds_of(&s.lang).unwrap_or_default() {
                jobs.push(Box::new(Feed {
                    of: FeedOf::Site(id),
                    file: file.clone(),
                }));
            }
        }
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        for pager in 1..=tax.list_pager_count() {
            jobs.push(Box::new(TaxonomyList { id: t, pager }));
        }
        if let Some(at) = tax.list_redirect_path() {
            alias(&mut jobs, at, &tax.permalink);
        }
        for (i, term) in tax.terms.iter().enumerate() {
            for pager in 1..=pager_count(term.pages.len(), tax.config.paginate_by) {
                jobs.push(Box::new(TermPager {
                    taxonomy: t,
                    term: i,
                    pager,
                }));
            }
            if tax.config.paginate_by.is_some() {
                alias(&mut jobs, term.first_pager_redirect(), &term.permalink);
            }
            if tax.config.feed {
                for file in site.config.feed_filenames_of(&tax.lang) {
                    jobs.push(Box::new(Feed {
                        of: FeedOf::Term(t, i),
                        file: file.clone(),
                    }));
                }
            }
        }
    }
    if site.config.generate_sitemap {
        jobs.push(Box::new(Sitemap));
    }
    if site.config.generate_robots_txt {
        jobs.push(Box::new(Fixed::ROBOTS));
    }
    jobs.push(Box::new(Fixed::NOT_FOUND));
    for path in site.extension.file_paths() {
        jobs.push(Box::new(ExtensionFile { path }));
    }
    let mut with_script = true;
    for lang in site.config.all_languages() {
        if !site.config.searches_in(lang) {
            continue;
        }
        jobs.push(Box::new(SearchIndex {
            lang: lang.to_string(),
        }));
        // Zola writes its index whenever search is on; Gazette's themes use Gazette's.
        if site.config.search_of(lang).is_some() || zola_theme {
            jobs.push(Box::new(ZolaSearchIndex {
                lang: lang.to_string(),
                with_script,
            }));
            with_script = false;
        }
    }
    for p in site.pages.iter().filter(|p| p.file.meta.render) {
        for at in &p.file.meta.aliases {
            alias(&mut jobs, normalize_alias(at), &p.permalink);
        }
    }
    jobs
}

/// A page's neighbours in its section (Zola's `page.lower` and `page.higher`): the earlier or
/// lighter one, and the later or heavier one.
pub(crate) type Neighbours = (Option<PageId>, Option<PageId>);

/// Every page's [`Neighbours`], in one pass over the sections: linear in the site. A section
/// sorted by date lists the newest first, so its earlier page is the next one in the list.
pub(crate) fn neighbours(site: &Site) -> Vec<Neighbours> {
    let mut out = vec![(None, None); site.pages.len()];
    for s in &site.sections {
        let newest_first = matches!(
            s.file.meta.sort_by,
            crate::content::SortBy::Date | crate::content::SortBy::UpdateDate
        );
        for (k, &id) in s.pages.iter().enumerate() {
            let before = k.checked_sub(1).map(|j| s.pages[j]);
            let after = s.pages.get(k + 1).copied();
            out[id] = if newest_first {
                (after, before)
            } else {
                (before, after)
            };
        }
    }
    out
}

/// Hashes what outputs of the whole site show: every page, section and taxonomy.
pub(super) fn sign_everything(cx: &Cx, h: &mut DefaultHasher) {
    for p in &cx.site.pages {
        (p.render_key, &p.path).hash(h);
    }
    // The search index shows sections' titles and descriptions: their render keys.
    for s in &cx.site.sections {
        (s.render_key, &s.path).hash(h);
    }
    for t in 0..cx.site.taxonomies.len() {
        signatures::taxonomy_signature(cx.site, cx.values, t).hash(h);
    }
}
