//! How pages and sections relate beyond their section: their versions in other languages,
//! the pages that link to them, the sections above them, the files beside them, and what a
//! shortcode called in their text sees of them.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::{Page, PageId, Section, SectionId, Site, languages};
use crate::markdown::shortcodes::Caller;

impl Site {
    /// Finds each page's and section's versions in the other languages: the files of one
    /// folder and name, whatever their language (`blog/post.md`, `blog/post.fr.md`).
    pub(super) fn link_translations(&mut self) {
        if self.config.languages.is_empty() {
            return;
        }
        let order = self.config.all_languages();
        let rank = |lang: &str| order.iter().position(|l| *l == lang).unwrap_or(usize::MAX);
        let mut pages: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, p) in self.pages.iter().enumerate() {
            let key = languages::translation_key(&p.file.relative, &p.lang);
            pages.entry(key).or_default().push(id);
        }
        for mut ids in pages.into_values() {
            ids.sort_by_key(|&i| rank(&self.pages[i].lang));
            for &i in &ids {
                self.pages[i].translations = ids.clone();
            }
        }
        let mut sections: HashMap<String, Vec<SectionId>> = HashMap::new();
        for (id, s) in self.sections.iter().enumerate() {
            sections.entry(s.file.dir.clone()).or_default().push(id);
        }
        for mut ids in sections.into_values() {
            ids.sort_by_key(|&i| rank(&self.sections[i].lang));
            for &i in &ids {
                self.sections[i].translations = ids.clone();
            }
        }
    }

    /// Finds the pages that link to each page (with `@/` links in their text).
    pub(super) fn link_backlinks(&mut self) {
        let mut backlinks: Vec<Vec<PageId>> = vec![Vec::new(); self.pages.len()];
        for (from, p) in self.pages.iter().enumerate() {
            for link in &p.rendered.internal_links {
                if let Some(&to) = self.page_by_relative.get(&link.target)
                    && to != from
                    && backlinks[to].last() != Some(&from)
                {
                    backlinks[to].push(from);
                }
            }
        }
        for (p, links) in self.pages.iter_mut().zip(backlinks) {
            p.backlinks = links;
        }
    }

    /// A page or section shows its translations' titles and links, and a page its
    /// backlinks': they are part of its key, so the dev server renders it again when one of
    /// them changes.
    pub(super) fn key_shown_neighbours(&mut self) {
        let keyed = |key: u64, shown: Vec<(&str, String, &str)>| {
            if shown.is_empty() {
                return key;
            }
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (key, shown).hash(&mut h);
            h.finish()
        };
        let page_keys: Vec<u64> = (self.pages.iter())
            .map(|p| {
                let shown = (p.translations.iter().chain(&p.backlinks))
                    .map(|&t| {
                        let t = &self.pages[t];
                        (t.lang.as_str(), t.title().to_string(), t.permalink.as_str())
                    })
                    .collect();
                keyed(p.render_key, shown)
            })
            .collect();
        let section_keys: Vec<u64> = (self.sections.iter())
            .map(|s| {
                let shown = (s.translations.iter())
                    .map(|&t| {
                        let t = &self.sections[t];
                        (t.lang.as_str(), t.title(), t.permalink.as_str())
                    })
                    .collect();
                keyed(s.render_key, shown)
            })
            .collect();
        for (p, key) in self.pages.iter_mut().zip(page_keys) {
            p.render_key = key;
        }
        for (s, key) in self.sections.iter_mut().zip(section_keys) {
            s.render_key = key;
        }
    }

    /// The copies of a bundle's files beside each of its translations, as Zola writes them:
    /// (output path, source). `blog/post/photo.jpg` is also at `fr/blog/post/photo.jpg` when
    /// `blog/post/index.fr.md` is at `/fr/blog/post/`.
    pub fn translated_assets(&self) -> Vec<(String, std::path::PathBuf)> {
        let mut out = Vec::new();
        for p in self
            .pages
            .iter()
            .filter(|p| p.lang != self.config.default_language)
        {
            let Some(dir) = crate::content::bundle_of(&p.file.relative) else {
                continue;
            };
            let dir = format!("{dir}/");
            let start = self
                .assets
                .partition_point(|a| a.relative.as_str() < dir.as_str());
            for a in self.assets[start..]
                .iter()
                .take_while(|a| a.relative.starts_with(&dir))
            {
                let below = &a.relative[dir.len()..];
                out.push((
                    format!("{}{below}", p.path.trim_start_matches('/')),
                    a.source.clone(),
                ));
            }
        }
        out
    }

    /// The files of page `id`'s bundle, as Zola's `assets` give them (`/blog/post/photo.jpg`);
    /// none for a page that is a single file.
    pub fn page_assets(&self, id: PageId) -> Vec<String> {
        self.assets_of(&self.pages[id])
    }

    /// A bundle's files, in its subfolders too; a page file has none.
    pub(super) fn assets_of(&self, p: &Page) -> Vec<String> {
        match crate::content::bundle_of(&p.file.relative) {
            Some(dir) => self.assets_under(&format!("{dir}/"), true),
            None => Vec::new(),
        }
    }

    /// The sections above section `id`, the root first, in its language (Zola's
    /// `ancestors`, by their `_index` paths).
    pub fn ancestors(&self, id: SectionId) -> Vec<SectionId> {
        let s = &self.sections[id];
        let mut out = Vec::new();
        let mut dir = s.file.dir.as_str();
        while !dir.is_empty() {
            dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
            let found = (self.sections.iter()).position(|x| x.file.dir == dir && x.lang == s.lang);
            out.extend(found);
        }
        out.reverse();
        out
    }

    /// What a shortcode called in page `p`'s text sees as `page`.
    pub(super) fn caller_of_page(&self, p: &Page) -> Caller {
        let assets = self.assets_of(p);
        Caller {
            is_section: false,
            relative_path: p.file.relative.clone(),
            path: p.path.clone(),
            permalink: p.permalink.clone(),
            title: p.file.meta.title.clone(),
            lang: p.lang.clone(),
            assets,
        }
    }

    /// What a shortcode called in section `s`'s text sees as `section`: its assets are the
    /// files beside its `_index.md`.
    pub(super) fn caller_of_section(&self, s: &Section) -> Caller {
        let dir = if s.file.dir.is_empty() {
            String::new()
        } else {
            format!("{}/", s.file.dir)
        };
        Caller {
            is_section: true,
            relative_path: s.index_path(),
            path: s.path.clone(),
            permalink: s.permalink.clone(),
            title: s.file.meta.title.clone(),
            lang: s.lang.clone(),
            assets: self.assets_under(&dir, false),
        }
    }

    /// The content assets in folder `dir` (`blog/post/`), as Zola's `assets` give them
    /// (`/blog/post/photo.jpg`), with those of its subfolders when `deep`.
    pub(super) fn assets_under(&self, dir: &str, deep: bool) -> Vec<String> {
        let start = self.assets.partition_point(|a| a.relative.as_str() < dir);
        (self.assets[start..].iter())
            .take_while(|a| a.relative.starts_with(dir))
            .filter(|a| deep || !a.relative[dir.len()..].contains('/'))
            .map(|a| format!("/{}", a.relative))
            .collect()
    }

    /// The pages page `id`'s text links to (it is in their `backlinks`).
    pub(super) fn linked_pages(&self, id: PageId) -> std::collections::BTreeSet<PageId> {
        (self.pages[id].rendered.internal_links.iter())
            .filter_map(|l| self.page_by_relative.get(&l.target).copied())
            .filter(|&to| to != id)
            .collect()
    }
}
