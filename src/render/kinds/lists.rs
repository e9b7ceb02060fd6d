//! Lists: section and term pagers, taxonomy lists, feeds.

use std::hash::{DefaultHasher, Hash};
use tera::Value;

use super::sign_everything;
use super::{Affected, Cx, Edit, Kind};
use crate::error::Error;
use crate::render::paginate::{Pagination, insert_paginator, list_paginator};
use crate::render::signatures;
use crate::render::{Templates, base_context, output_file};
use crate::site::{Site, pager_path};

/// `specific` when the site or theme has that template, else `generic`.
fn specific_or(templates: &Templates, specific: String, generic: &str) -> String {
    if templates.contains(&specific) {
        specific
    } else {
        generic.to_string()
    }
}

/// One pager of a section (the section's page when it is not paginated).
#[derive(Debug)]
pub(super) struct SectionPager {
    pub id: usize,
    pub pager: usize,
}

impl Kind for SectionPager {
    fn name(&self) -> &'static str {
        "section"
    }

    fn path(&self, site: &Site) -> String {
        output_file(&site.sections[self.id].pager_path(self.pager))
    }

    fn template(&self, site: &Site, _templates: &Templates) -> String {
        let s = &site.sections[self.id];
        let default = if s.is_root() {
            "index.html"
        } else {
            "section.html"
        };
        s.file
            .meta
            .template
            .as_deref()
            .unwrap_or(default)
            .to_string()
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        signatures::section_signature(cx.site, self.id).hash(h)
    }

    fn affected_by(&self, _site: &Site, edit: &Edit) -> Affected {
        Affected::maybe(edit.sections.contains(&self.id))
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let site = cx.site;
        let s = &site.sections[self.id];
        let path = s.pager_path(self.pager);
        let template = &self.template(site, cx.templates);
        let mut c = base_context(site, &path, &s.lang);
        let value = &cx.values.sections[self.id];
        c.insert_value("section", value.clone());
        insert_paginator(
            &mut c,
            value,
            Pagination {
                per: s.file.meta.paginate_by,
                reversed: s.file.meta.paginate_reversed,
            },
            self.pager,
            &s.path,
            |n| s.pager_path(n),
            &site.config,
        );
        let what = s.file.index_relative.as_ref().map_or_else(
            || format!("section {}", s.path),
            |_| s.file.display_path.display().to_string(),
        );
        cx.templates.render(template, &c, &what)
    }
}

/// One pager of a taxonomy's list of terms.
#[derive(Debug)]
pub(super) struct TaxonomyList {
    pub id: usize,
    pub pager: usize,
}

impl Kind for TaxonomyList {
    fn name(&self) -> &'static str {
        "taxonomy list"
    }

    fn path(&self, site: &Site) -> String {
        output_file(&site.taxonomies[self.id].list_pager_path(self.pager))
    }

    fn template(&self, site: &Site, templates: &Templates) -> String {
        specific_or(
            templates,
            format!("{}/list.html", site.taxonomies[self.id].config.name),
            "taxonomy_list.html",
        )
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        // Every pager shows the range of every other, so all terms count.
        self.pager.hash(h);
        signatures::taxonomy_signature(cx.site, cx.values, self.id).hash(h)
    }

    fn affected_by(&self, _site: &Site, edit: &Edit) -> Affected {
        Affected::maybe(edit.taxonomies.contains(&self.id))
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let site = cx.site;
        let tax = &site.taxonomies[self.id];
        let mut c = base_context(site, &tax.list_pager_path(self.pager), &tax.lang);
        c.insert_value("taxonomy", cx.values.taxonomies[self.id].clone());
        let terms = &cx.values.terms[self.id];
        c.insert_value(
            "terms",
            Value::from(terms[tax.list_pager_terms(self.pager)].to_vec()),
        );
        if let Some(p) = list_paginator(site, tax, terms, self.pager) {
            c.insert_value("paginator", p);
        }
        let template = &self.template(site, cx.templates);
        cx.templates
            .render(template, &c, &format!("the {} list", tax.config.name))
    }
}

/// One pager of a taxonomy term's page list.
#[derive(Debug)]
pub(super) struct TermPager {
    pub taxonomy: usize,
    pub term: usize,
    pub pager: usize,
}

impl Kind for TermPager {
    fn name(&self) -> &'static str {
        "term"
    }

    fn path(&self, site: &Site) -> String {
        output_file(&site.taxonomies[self.taxonomy].terms[self.term].pager_path(self.pager))
    }

    fn template(&self, site: &Site, templates: &Templates) -> String {
        specific_or(
            templates,
            format!("{}/single.html", site.taxonomies[self.taxonomy].config.name),
            "taxonomy_single.html",
        )
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        signatures::term_signature(cx.site, cx.values, self.taxonomy, self.term).hash(h)
    }

    fn affected_by(&self, _site: &Site, edit: &Edit) -> Affected {
        Affected::maybe(edit.terms.contains(&(self.taxonomy, self.term)))
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let site = cx.site;
        let tax = &site.taxonomies[self.taxonomy];
        let t = &tax.terms[self.term];
        let path = t.pager_path(self.pager);
        let mut c = base_context(site, &path, &tax.lang);
        let value = &cx.values.terms[self.taxonomy][self.term];
        c.insert_value("taxonomy", cx.values.taxonomies[self.taxonomy].clone());
        c.insert_value("term", value.clone());
        insert_paginator(
            &mut c,
            value,
            Pagination {
                per: tax.config.paginate_by,
                reversed: false,
            },
            self.pager,
            &t.path,
            |n| pager_path(&t.path, "page", n),
            &site.config,
        );
        let template = &self.template(site, cx.templates);
        cx.templates.render(
            template,
            &c,
            &format!("{} term `{}`", tax.config.name, t.name),
        )
    }
}

/// An Atom or RSS feed: of the whole site, or of one term.
#[derive(Debug)]
pub(super) struct Feed {
    pub of: FeedOf,
    pub file: String,
}

/// Whose pages a feed lists.
#[derive(Debug, Clone, Copy)]
pub(super) enum FeedOf {
    /// Every page of one language, newest first (the language's home section).
    Site(usize),
    /// One term's pages (a taxonomy with `feed = true`).
    Term(usize, usize),
    /// One section's pages (its `generate_feeds = true`).
    Section(usize),
}

impl Kind for Feed {
    fn name(&self) -> &'static str {
        "feed"
    }

    fn path(&self, site: &Site) -> String {
        let base = match self.of {
            FeedOf::Term(t, i) => &site.taxonomies[t].terms[i].path,
            FeedOf::Section(id) => &site.sections[id].path,
            FeedOf::Site(home) => &site.sections[home].path,
        };
        format!("{}{}", base.trim_start_matches('/'), self.file)
    }

    fn template(&self, _site: &Site, _templates: &Templates) -> String {
        self.file.clone()
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        match self.of {
            FeedOf::Term(t, i) => signatures::term_signature(cx.site, cx.values, t, i).hash(h),
            FeedOf::Section(id) => signatures::section_signature(cx.site, id).hash(h),
            FeedOf::Site(_) => sign_everything(cx, h),
        }
    }

    fn affected_by(&self, _site: &Site, edit: &Edit) -> Affected {
        match self.of {
            FeedOf::Term(t, i) => Affected::maybe(edit.terms.contains(&(t, i))),
            FeedOf::Section(id) => Affected::maybe(edit.sections.contains(&id)),
            FeedOf::Site(_) => Affected::Maybe,
        }
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let (site, values) = (cx.site, cx.values);
        let config = &site.config;
        let limit = config.feed_limit.unwrap_or(usize::MAX);
        let (ids, base_path): (Vec<usize>, String) = match self.of {
            FeedOf::Term(t, i) => {
                let term = &site.taxonomies[t].terms[i];
                (term.pages.clone(), term.path.clone())
            }
            FeedOf::Section(id) => {
                let s = &site.sections[id];
                let mut ids = s.pages.clone();
                crate::site::newest_pages(&mut ids, limit, &site.pages);
                (ids, s.path.clone())
            }
            FeedOf::Site(home) => {
                let home = &site.sections[home];
                let mut ids: Vec<usize> = (0..site.pages.len())
                    .filter(|&i| site.pages[i].lang == home.lang)
                    .collect();
                crate::site::newest_pages(&mut ids, limit, &site.pages);
                (ids, home.path.clone())
            }
        };
        let ids: Vec<usize> = ids.into_iter().take(limit).collect();
        let last_updated = ids
            .iter()
            .filter_map(|&i| {
                let m = &site.pages[i].file.meta;
                m.updated.as_ref().or(m.date.as_ref())
            })
            .max()
            .map(|d| d.as_str().to_string())
            .unwrap_or_else(|| "1970-01-01".to_string());
        let feed_path = format!("{base_path}{}", self.file);
        let lang = match self.of {
            FeedOf::Term(t, _) => &site.taxonomies[t].lang,
            FeedOf::Section(id) | FeedOf::Site(id) => &site.sections[id].lang,
        };
        let mut c = base_context(site, &feed_path, lang);
        c.insert("feed_url", &config.permalink(&feed_path));
        c.insert("last_updated", &last_updated);
        c.insert_value(
            "pages",
            Value::from(
                ids.iter()
                    .map(|&i| values.pages[i].clone())
                    .collect::<Vec<_>>(),
            ),
        );
        match self.of {
            FeedOf::Term(t, i) => {
                c.insert_value("taxonomy", values.taxonomies[t].clone());
                c.insert_value("term", values.terms[t][i].clone());
            }
            FeedOf::Section(id) => c.insert_value("section", values.sections[id].clone()),
            FeedOf::Site(_) => {}
        }
        cx.templates
            .render(&self.file, &c, &format!("the feed {feed_path}"))
    }
}
