//! The site model: sections, pages and taxonomies with their URLs and order, built once from
//! the loaded content and then read-only.
//!
//! This is where URLs are decided (so two files claiming one URL are caught here), markdown is
//! rendered (in parallel, with `@/` links resolved against the URL table) and lists are sorted.

mod checks;
pub mod extension;
mod languages;
mod order;
mod relations;
mod taxonomy;
mod tree;
pub mod urls;

use foldhash::HashMap;
use rayon::prelude::*;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Asset, Content, PageFile, SectionFile, SortBy};
use crate::error::{Error, Errors};
use crate::markdown::shortcodes::{Caller, Shortcodes};
use crate::markdown::{self, MarkdownOptions, Rendered};
pub use extension::{Extension, NoExtension, TermSearch};
pub use order::{newest_pages, sort_pages};
pub use taxonomy::{Taxonomy, Term, find_term};
use tree::{pages_of, sections_of};
pub use urls::{normalize_alias, output_file, pager_count, pager_path};

/// Index into [`Site::pages`].
pub type PageId = usize;
/// Index into [`Site::sections`].
pub type SectionId = usize;

/// A page with its URL and rendered markdown.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file it came from (its body is dropped once rendered).
    pub file: PageFile,
    /// URL path, `/blog/hello/`.
    pub path: String,
    /// Absolute URL.
    pub permalink: String,
    /// Last URL segment.
    pub slug: String,
    /// The section it belongs to.
    pub section: SectionId,
    /// Its language's code (`config.default_language` unless its file is `name.fr.md`).
    pub lang: String,
    /// Its versions in every language, itself included, the default language first (Zola's
    /// `translations`); empty on a site without languages.
    pub translations: Vec<PageId>,
    /// The pages whose text links to it with an `@/` link (Zola's `backlinks`).
    pub backlinks: Vec<PageId>,
    /// Rendered markdown (shared with the dev server's cache).
    pub rendered: Arc<Rendered>,
    /// Identifies the rendered result: equal keys, equal page value.
    pub render_key: u64,
}

impl Page {
    /// The title, or the slug when the front matter has none.
    pub fn title(&self) -> &str {
        self.file.meta.title.as_deref().unwrap_or(&self.slug)
    }
}

/// A section (a directory of `content/`).
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` (or defaults) it came from.
    pub file: SectionFile,
    /// URL path, `/blog/` (`/` for the root).
    pub path: String,
    /// Absolute URL.
    pub permalink: String,
    /// Its own pages, in the section's sort order.
    pub pages: Vec<PageId>,
    /// Direct subsections, by weight then path.
    pub subsections: Vec<SectionId>,
    /// Its language's code.
    pub lang: String,
    /// Its versions in every language, itself included (see [`Page::translations`]).
    pub translations: Vec<SectionId>,
    /// Rendered `_index.md` body.
    pub rendered: Arc<Rendered>,
    /// Identifies the rendered result.
    pub render_key: u64,
}

impl Section {
    /// The title, or the directory name when `_index.md` has none.
    pub fn title(&self) -> String {
        match &self.file.meta.title {
            Some(t) => t.clone(),
            None => match self.file.dir.rsplit('/').next() {
                Some(name) if !name.is_empty() => title_case(name),
                _ => String::new(),
            },
        }
    }

    /// What its rendered markdown is cached under (pages' are their content paths).
    pub fn markdown_id(&self) -> String {
        format!("section:{}", self.index_path())
    }

    /// The path templates name it by (`get_section`, `get_url`): its `_index.md` relative to
    /// `content/` (`blog/_index.md`, `_index.md` for the root), whether or not the file exists.
    pub fn index_path(&self) -> String {
        let name = match &self.file.lang {
            Some(lang) => format!("_index.{lang}.md"),
            None => "_index.md".to_string(),
        };
        if self.file.dir.is_empty() {
            name
        } else {
            format!("{}/{name}", self.file.dir)
        }
    }

    /// Whether this is the home page section.
    pub fn is_root(&self) -> bool {
        self.file.dir.is_empty()
    }

    /// Where pagers go: `/blog/page/2/`.
    pub fn pager_path(&self, n: usize) -> String {
        pager_path(&self.path, self.pager_segment(), n)
    }

    /// The redirect from `/blog/page/1/` to `/blog/`, when the section is paginated, as in
    /// Zola even when it has no pages yet.
    pub fn first_pager_redirect(&self) -> Option<String> {
        (self.file.meta.paginate_by.is_some_and(|n| n > 0))
            .then(|| urls::first_pager_redirect(&self.path, self.pager_segment()))
    }

    fn pager_segment(&self) -> &str {
        self.file.meta.paginate_path.as_deref().unwrap_or("page")
    }
}

/// Where `value` of front matter `field` is written in page `p`'s file.
fn field_position(p: &Page, field: &str, value: &str) -> (usize, usize) {
    crate::content::front_matter::position_of(
        &p.file.front_matter,
        p.file.front_matter_line,
        field,
        value,
    )
}

/// Rendered markdown kept between builds of a dev session, by content path and render key.
pub type MarkdownCache = crate::cache::Stamped<String, Arc<Rendered>>;

/// The whole site model.
#[derive(Debug)]
pub struct Site {
    /// Configuration.
    pub config: Arc<Config>,
    /// Pages, in content path order.
    pub pages: Vec<Page>,
    /// Sections, in directory order (the root first).
    pub sections: Vec<Section>,
    /// Taxonomies in config order.
    pub taxonomies: Vec<Taxonomy>,
    /// Files to copy from `content/`.
    pub assets: Vec<Asset>,
    /// What the preprocessor (ingest) knows of the site; [`NoExtension`] without one.
    pub extension: Arc<dyn Extension>,
    /// The shortcodes hand-written pages may call (never those the preprocessor made).
    pub shortcodes: Arc<dyn Shortcodes>,
    /// How markdown renders (from `[markdown]`).
    pub markdown: MarkdownOptions,
    /// Page ids by path relative to `content/`.
    pub page_by_relative: HashMap<String, PageId>,
    /// Section ids by `_index.md` path relative to `content/` (`_index.md`, `blog/_index.md`).
    pub section_by_relative: HashMap<String, SectionId>,
}

impl Site {
    /// Builds the model: URLs, markdown, order, taxonomies. Every problem found is returned.
    pub fn build(
        config: Arc<Config>,
        content: Content,
        extension: Arc<dyn Extension>,
        shortcodes: Arc<dyn Shortcodes>,
        markdown: MarkdownOptions,
        cache: Option<&MarkdownCache>,
    ) -> Result<Site, Errors> {
        let mut errors = Vec::new();
        let mut default_sections = content.sections;
        let (files, translated) = languages::resolve(
            &config,
            content.pages,
            &mut default_sections,
            content.translated_sections,
        )
        .map_err(Errors)?;
        let (sections, by_dir) = sections_of(&config, default_sections, translated);
        let pages = pages_of(&config, files, &sections, &by_dir);
        let t0 = std::time::Instant::now();
        let taxonomies = match taxonomy::collect(&config, &pages, extension.as_ref()) {
            Ok(t) => t,
            Err(e) => {
                errors.extend(e);
                Vec::new()
            }
        };

        let mut site = Site {
            page_by_relative: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.file.relative.clone(), i))
                .collect(),
            section_by_relative: sections
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.file.index_relative.clone().map(|r| (r, i)))
                .collect(),
            config,
            pages,
            sections,
            taxonomies,
            assets: {
                // Sorted, so a folder's assets are one run (see `assets_under`).
                let mut assets = content.assets;
                assets.sort_by(|a, b| a.relative.cmp(&b.relative));
                assets
            },
            extension,
            shortcodes,
            markdown,
        };
        site.link_translations();
        let t1 = std::time::Instant::now();
        errors.extend(site.check_url_collisions());
        let t2 = std::time::Instant::now();
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        site.render_markdown(cache);
        let problems = site.render_errors();
        if !problems.is_empty() {
            return Err(Errors(problems));
        }
        site.link_backlinks();
        site.key_shown_neighbours();
        let t3 = std::time::Instant::now();
        site.sort();
        if std::env::var_os("GAZETTE_TIMINGS").is_some() {
            eprintln!(
                "    taxonomies {:?} collisions {:?} markdown {:?} sort {:?}",
                t1 - t0,
                t2 - t1,
                t3 - t2,
                t3.elapsed()
            );
        }
        Ok(site)
    }

    /// The section templates name by `path` (see [`Section::index_path`]).
    pub fn section_by_index_path(&self, path: &str) -> Option<SectionId> {
        self.section_by_relative
            .get(path)
            .copied()
            .or_else(|| self.sections.iter().position(|s| s.index_path() == path))
    }

    /// Everything in the markdown that could not be rendered (shortcode calls, code in an
    /// unknown language when that is an error), where it is written.
    pub fn render_errors(&self) -> Vec<Error> {
        let pages = self
            .pages
            .iter()
            .map(|p| (&p.file.display_path, &p.rendered));
        let sections = (self.sections.iter()).map(|s| (&s.file.display_path, &s.rendered));
        pages
            .chain(sections)
            .flat_map(|(file, rendered)| {
                rendered
                    .problems
                    .iter()
                    .map(move |(line, column, message, hint)| {
                        Error::at(file, *line, *column, message.clone()).with_hint(hint.clone())
                    })
            })
            .collect()
    }

    fn heading_ids_of(&self, relative: &str) -> Option<&[String]> {
        if let Some(&i) = self.page_by_relative.get(relative) {
            return Some(&self.pages[i].rendered.heading_ids);
        }
        self.section_by_relative
            .get(relative)
            .map(|&i| self.sections[i].rendered.heading_ids.as_slice())
    }

    /// The key of a page or section before its links are resolved: the file's bytes, which
    /// file it is (its value shows its path and, without a title, its name), its URL and the
    /// options.
    fn markdown_key(
        &self,
        fingerprint: u64,
        source: &str,
        path: &str,
        options: &MarkdownOptions,
    ) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (
            fingerprint,
            source,
            path,
            options,
            self.shortcodes.fingerprint(),
        )
            .hash(&mut h);
        h.finish()
    }

    /// How the markdown of section `id` and of its pages renders: the site's options, with
    /// the section's own `insert_anchor_links` when it sets one (as in Zola).
    fn options_for(&self, id: SectionId) -> std::borrow::Cow<'_, MarkdownOptions> {
        match self.sections[id].file.meta.insert_anchor_links {
            Some(anchors) if anchors != self.markdown.anchor_links => {
                std::borrow::Cow::Owned(MarkdownOptions {
                    anchor_links: anchors,
                    ..self.markdown.clone()
                })
            }
            _ => std::borrow::Cow::Borrowed(&self.markdown),
        }
    }

    /// The permalink an `@/` link target (a path relative to `content/`) resolves to.
    fn resolve_link(&self, target: &str) -> Option<String> {
        let permalink = match self.page_by_relative.get(target) {
            Some(&i) => &self.pages[i].permalink,
            None => &self.sections[*self.section_by_relative.get(target)?].permalink,
        };
        Some(permalink.clone())
    }

    /// Renders one body, or takes it from the cache when its `@/` links still resolve to the
    /// same URLs. Returns it with its render key: `key` plus what its links resolved to, so
    /// one page's URL changing re-renders only the pages that link to it.
    fn render_body(
        &self,
        cache: Option<&MarkdownCache>,
        id: &str,
        body: &str,
        line: usize,
        (key, options): (u64, &MarkdownOptions),
        caller: Option<markdown::shortcodes::Caller>,
    ) -> (u64, Arc<Rendered>) {
        // What a shortcode sees of its caller (its assets) is part of what the body renders to.
        let key = match &caller {
            Some(c) => {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                (key, c).hash(&mut h);
                h.finish()
            }
            None => key,
        };
        let same_links = |r: &Rendered| {
            r.internal_links
                .iter()
                .all(|l| self.resolve_link(&l.target) == l.permalink)
        };
        let rendered = match cache.and_then(|c| c.get(id, key)).filter(|r| same_links(r)) {
            Some(hit) => hit,
            None => {
                let resolve = |p: &str| self.resolve_link(p);
                let rendered = Arc::new(match &caller {
                    Some(caller) => {
                        let shortcodes = (self.shortcodes.as_ref(), caller);
                        markdown::render_with_shortcodes(body, line, options, &resolve, shortcodes)
                    }
                    None => markdown::render(body, line, options, &resolve),
                });
                if let Some(c) = cache {
                    c.put(id.to_string(), key, rendered.clone());
                }
                rendered
            }
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        for link in &rendered.internal_links {
            link.permalink.hash(&mut h);
        }
        (h.finish(), rendered)
    }

    fn render_markdown(&mut self, cache: Option<&MarkdownCache>) {
        let site = &*self;
        // Pages differ in length by section, and sections come in order: small pieces let
        // an idle worker steal (see render::render_jobs).
        let page_out: Vec<(u64, Arc<Rendered>)> = site
            .pages
            .par_iter()
            .with_max_len(16)
            .map(|p| {
                let options = site.options_for(p.section);
                let key =
                    site.markdown_key(p.file.fingerprint, &p.file.relative, &p.path, &options);
                // What a raw source says must not run templates.
                let hand_written = site.extension.made(&p.file).is_none();
                let caller = hand_written.then(|| site.caller_of_page(p));
                let (body, line) = (&p.file.body, p.file.body_line);
                let id = &p.file.relative;
                site.render_body(cache, id, body, line, (key, &options), caller)
            })
            .collect();
        let section_out: Vec<(u64, Arc<Rendered>)> = site
            .sections
            .par_iter()
            .enumerate()
            .map(|(i, s)| {
                let options = site.options_for(i);
                let id = s.markdown_id();
                let key = site.markdown_key(s.file.fingerprint, &id, &s.path, &options);
                let (body, line) = (&s.file.body, s.file.body_line);
                let caller = Some(site.caller_of_section(s));
                site.render_body(cache, &id, body, line, (key, &options), caller)
            })
            .collect();
        for (p, (key, r)) in self.pages.iter_mut().zip(page_out) {
            p.rendered = r;
            p.render_key = key;
            p.file.body = Arc::from(""); // rendered; the markdown is no longer needed
        }
        for (s, (key, r)) in self.sections.iter_mut().zip(section_out) {
            s.rendered = r;
            s.render_key = key;
            s.file.body = Arc::from("");
        }
    }

    /// The page `file` replaces, when it can be patched in place: an existing page whose URL,
    /// aliases, taxonomies and draft state are unchanged, so every list keeps the same members
    /// and every URL stays put (only orders may change). `None` means the site must be built
    /// again.
    pub fn patchable(&self, file: &PageFile) -> Option<PageId> {
        let id = *self.page_by_relative.get(&file.relative)?;
        let (old, new) = (&self.pages[id].file.meta, &file.meta);
        let same = old.path == new.path
            && old.slug == new.slug
            && old.aliases == new.aliases
            && old.taxonomies == new.taxonomies
            && old.draft == new.draft
            && old.render == new.render
            // Lists of other sections hold it: rebuilt whole, to keep them sorted.
            && !self.sections[self.pages[id].section].file.meta.transparent
            // A translation's title is shown by its other versions: rebuilt whole. So is a
            // page whose new title shows in the backlinks of the pages it links to.
            && self.config.languages.is_empty()
            && (old.title == new.title || self.linked_pages(id).is_empty())
            // Pages the preprocessor made are rebuilt with their sources.
            && self.extension.made(&self.pages[id].file).is_none()
            && self.extension.made(file).is_none();
        same.then_some(id)
    }

    /// Puts the new version of page `id` in place (see [`Site::patchable`]): renders its
    /// markdown and re-sorts the lists it is in, its section and its terms. Returns false when
    /// the new version links to other pages than the old one did: their backlinks changed,
    /// and the site must be built again.
    pub fn patch_page(
        &mut self,
        id: PageId,
        mut file: PageFile,
        cache: Option<&MarkdownCache>,
    ) -> bool {
        let linked = self.linked_pages(id);
        let options = self.options_for(self.pages[id].section);
        let path = &self.pages[id].path;
        let key = self.markdown_key(file.fingerprint, &file.relative, path, &options);
        let (body, line) = (&file.body, file.body_line);
        let caller = Some(Caller {
            title: file.meta.title.clone(),
            ..self.caller_of_page(&self.pages[id])
        });
        let (key, rendered) =
            self.render_body(cache, &file.relative, body, line, (key, &options), caller);
        drop(options);
        file.body = Arc::from("");
        let page = &mut self.pages[id];
        page.file = file;
        page.rendered = rendered;
        page.render_key = key;
        let section = &mut self.sections[page.section];
        sort_pages(&mut section.pages, section.file.meta.sort_by, &self.pages);
        for (t, i) in self.terms_of(id) {
            sort_pages(
                &mut self.taxonomies[t].terms[i].pages,
                SortBy::Date,
                &self.pages,
            );
        }
        self.linked_pages(id) == linked
    }

    /// The terms page `id` is in, as (taxonomy, term) indices.
    pub fn terms_of(&self, id: PageId) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (t, tax) in self.taxonomies.iter().enumerate() {
            for (i, term) in tax.terms.iter().enumerate() {
                if term.pages.contains(&id) {
                    found.push((t, i));
                }
            }
        }
        found
    }

    /// The sections whose lists hold a page in section `section`: that one, and its parent
    /// while the section it is in is `transparent` (Zola's yearly folders under `posts/`).
    pub fn listing_sections(&self, section: SectionId) -> Vec<SectionId> {
        let mut out = vec![section];
        let mut at = section;
        while self.sections[at].file.meta.transparent {
            let (dir, lang) = (&self.sections[at].file.dir, &self.sections[at].lang);
            let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
            let parent =
                (self.sections.iter()).position(|s| s.file.dir == parent_dir && &s.lang == lang);
            match parent {
                Some(parent) if parent != at => {
                    out.push(parent);
                    at = parent;
                }
                _ => break,
            }
        }
        out
    }

    /// What `sitemap.xml` lists, as (permalink, last change): every page and section that has
    /// its own HTML (not `render = false`, not a redirect), every taxonomy and term.
    pub fn sitemap_entries(&self) -> Vec<(Cow<'_, str>, Option<String>)> {
        let mut entries: Vec<(Cow<'_, str>, Option<String>)> = Vec::new();
        for p in self.pages.iter().filter(|p| p.file.meta.render) {
            let m = &p.file.meta;
            let last = m.updated.as_ref().or(m.date.as_ref()).map(|d| d.ymd());
            entries.push((Cow::Borrowed(&p.permalink), last));
        }
        // Pagers are listed too, as in Zola, unless `exclude_paginated_pages_in_sitemap`.
        let pagers =
            self.config.exclude_paginated_pages_in_sitemap == crate::config::ExcludePaginated::None;
        let pager_count = |count: usize, per: Option<usize>| match pagers {
            true => pager_count(count, per),
            false => 1,
        };
        for s in &self.sections {
            if s.file.meta.render && s.file.meta.redirect_to.is_none() {
                entries.push((Cow::Borrowed(&s.permalink), None));
                for n in 2..=pager_count(s.pages.len(), s.file.meta.paginate_by) {
                    entries.push((self.config.permalink(&s.pager_path(n)).into(), None));
                }
            }
        }
        for t in &self.taxonomies {
            entries.push((Cow::Borrowed(&t.permalink), None));
            for term in &t.terms {
                entries.push((Cow::Borrowed(&term.permalink), None));
                for n in 2..=pager_count(term.pages.len(), t.config.paginate_by) {
                    entries.push((self.config.permalink(&term.pager_path(n)).into(), None));
                }
            }
        }
        entries
    }

    /// Whether the search index holds page `id`: it has its own HTML and neither it nor its
    /// section says `in_search_index = false`.
    pub fn page_is_searchable(&self, id: PageId) -> bool {
        let p = &self.pages[id];
        p.file.meta.render
            && p.file.meta.in_search_index
            && self.sections[p.section].file.meta.in_search_index
    }

    /// Whether the search index holds section `id`: it has its own page and does not say
    /// `in_search_index = false`.
    pub fn section_is_searchable(&self, id: SectionId) -> bool {
        let m = &self.sections[id].file.meta;
        m.render && m.redirect_to.is_none() && m.in_search_index
    }

    /// Where a section's `redirect_to` leads: an absolute URL as it is, a site path made a
    /// permalink (`docs/intro` is `<base_url>/docs/intro/`).
    pub fn redirect_permalink(&self, to: &str) -> String {
        let lower = to.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return to.to_string();
        }
        let path = to.trim().trim_start_matches('/');
        let last = path.rsplit('/').next().unwrap_or("");
        let is_file = last.contains('.') || path.contains(['#', '?']);
        if path.is_empty() || path.ends_with('/') || is_file {
            self.config.permalink(&format!("/{path}"))
        } else {
            self.config.permalink(&format!("/{path}/"))
        }
    }
}

fn title_case(name: &str) -> String {
    let words: Vec<String> = name
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    words.join(" ")
}
