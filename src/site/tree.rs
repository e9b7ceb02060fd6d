//! The site's tree: the sections of the content's folders in each language, with their URLs
//! and subsections, and each page in its section with its slug and URL.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{Page, Section, SectionId, languages, urls};
use crate::config::Config;
use crate::content::SectionFile;

/// The sections of `files` (and of `translated`, the other languages'), with their URLs and
/// subsections, and the section of each content folder in each language.
pub(super) fn sections_of(
    config: &Config,
    files: BTreeMap<String, SectionFile>,
    translated: Vec<SectionFile>,
) -> (Vec<Section>, HashMap<(String, String), SectionId>) {
    let mut sections: Vec<Section> = files
        .into_values()
        .chain(translated)
        .map(|file| {
            let lang = file
                .lang
                .clone()
                .unwrap_or_else(|| config.default_language.clone());
            let path = urls::in_language(
                &config.default_language,
                &lang,
                &urls::section_path(&file.dir, config.slugify.paths),
            );
            Section {
                permalink: config.permalink(&path),
                path,
                file,
                pages: Vec::new(),
                subsections: Vec::new(),
                lang,
                translations: Vec::new(),
                rendered: Arc::default(),
                render_key: 0,
            }
        })
        .collect();
    let by_dir: HashMap<(String, String), SectionId> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.lang.clone(), s.file.dir.clone()), i))
        .collect();
    let parents: Vec<(SectionId, SectionId)> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.file.dir.is_empty())
        // A section in a page bundle has no parent section (Zola lists it nowhere), nor has a
        // translation whose parent folder has none in its language.
        .filter_map(|(i, s)| {
            let parent = s.file.dir.rsplit_once('/').map_or("", |(p, _)| p);
            Some((*by_dir.get(&(s.lang.clone(), parent.to_string()))?, i))
        })
        .collect();
    for (parent, child) in parents {
        sections[parent].subsections.push(child);
    }
    (sections, by_dir)
}

/// The pages of `files`, each in its section, with its slug and URLs.
pub(super) fn pages_of(
    config: &Config,
    files: Vec<languages::PageInLanguage>,
    sections: &[Section],
    by_dir: &HashMap<(String, String), SectionId>,
) -> Vec<Page> {
    // Slugs and URLs for 10k pages are a good part of a dev server's structural rebuild.
    files
        .into_par_iter()
        .with_max_len(256)
        .map(|languages::PageInLanguage { file, lang, stem }| {
            let section = by_dir[&(lang.clone(), file.section.clone())];
            let slugs = config.slugify.paths;
            let slug = match &file.meta.slug {
                Some(slug) => slugs.path(slug),
                None if config.slugify.paths_keep_dates => slugs.path(&stem),
                None => slugs.path(stem.get(file.date_prefix..).unwrap_or(&stem)),
            };
            let path = match file.meta.path.as_deref() {
                // A page's own `path` is where it is, in any language (as in Zola).
                Some(own) => urls::normalize_path(own),
                None => urls::page_path(None, &sections[section].path, &slug),
            };
            Page {
                permalink: config.permalink(&path),
                path,
                slug,
                section,
                lang,
                translations: Vec::new(),
                backlinks: Vec::new(),
                file,
                rendered: Arc::default(),
                render_key: 0,
            }
        })
        .collect()
}
