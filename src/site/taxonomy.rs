//! Taxonomies: group pages by the terms their front matter lists.

use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;

use super::Extension;
use super::{Page, PageId, urls};
use crate::config::{Config, TaxonomyConfig};
use crate::error::Error;

/// A taxonomy (`tags`) and its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its `[[taxonomies]]` entry (or its language's, `[languages.fr] taxonomies`).
    pub config: TaxonomyConfig,
    /// The language of its pages: each language has its own taxonomies, as in Zola.
    pub lang: String,
    /// URL path of the list page, `/tags/`.
    pub path: String,
    /// Absolute URL of the list page.
    pub permalink: String,
    /// Terms, by slug.
    pub terms: Vec<Term>,
    /// Their indices by name and slug (see [`Taxonomy::term_urls`]).
    by_key: HashMap<String, usize>,
}

/// One term (`rust`) and its pages.
#[derive(Debug, Clone)]
pub struct Term {
    /// Display name: the spelling most pages use.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// URL path, `/tags/rust/`.
    pub path: String,
    /// Absolute URL.
    pub permalink: String,
    /// Pages, newest first.
    pub pages: Vec<PageId>,
}

/// What `get_taxonomy_url(name = ...)` finds in `by_key` (a taxonomy's [`Taxonomy::term_urls`]
/// or its own index): the entry of `name`, else of `slugify(name)`. The template function and
/// the dev server's check of what it read both ask this, so they cannot disagree.
pub fn find_term<'a, V, S: std::hash::BuildHasher>(
    by_key: &'a std::collections::HashMap<String, V, S>,
    name: &str,
) -> Option<&'a V> {
    (by_key.get(name)).or_else(|| by_key.get(&slug::slugify(name)))
}

impl Taxonomy {
    /// The permalink of the term `get_taxonomy_url(name = ...)` finds (see [`find_term`]).
    pub fn term_permalink(&self, name: &str) -> Option<&str> {
        let &i = find_term(&self.by_key, name)?;
        Some(&self.terms[i].permalink)
    }

    /// Each term's permalink by its name (what front matter says) and its slug (what URLs
    /// say), for [`find_term`].
    pub fn term_urls(&self) -> HashMap<String, String> {
        (self.by_key.iter())
            .map(|(key, &i)| (key.clone(), self.terms[i].permalink.clone()))
            .collect()
    }

    /// Its terms' indices by name and slug; a later term wins a key two share.
    fn index(terms: &[Term]) -> HashMap<String, usize> {
        let mut by_key = HashMap::new();
        for (i, t) in terms.iter().enumerate() {
            by_key.insert(t.name.clone(), i);
            by_key.insert(t.slug.clone(), i);
        }
        by_key
    }

    /// How many pagers the list page has (1 unless `terms_per_page` is set).
    pub fn list_pager_count(&self) -> usize {
        urls::pager_count(self.terms.len(), self.config.terms_per_page)
    }

    /// Where the list's pagers go: `/tags/`, `/tags/page/2/`.
    pub fn list_pager_path(&self, n: usize) -> String {
        urls::pager_path(&self.path, "page", n)
    }

    /// The redirect from `/tags/page/1/` to `/tags/`, when the list has pagers.
    pub fn list_redirect_path(&self) -> Option<String> {
        self.config
            .terms_per_page
            .map(|_| urls::first_pager_redirect(&self.path, "page"))
    }

    /// The terms on list pager `n` (1-based).
    pub fn list_pager_terms(&self, n: usize) -> std::ops::Range<usize> {
        match self.config.terms_per_page {
            Some(per) if per > 0 => {
                let start = ((n - 1) * per).min(self.terms.len());
                start..(start + per).min(self.terms.len())
            }
            _ => 0..self.terms.len(),
        }
    }
}

impl Term {
    /// Where pagers go: `/tags/rust/page/2/`.
    pub fn pager_path(&self, n: usize) -> String {
        urls::pager_path(&self.path, "page", n)
    }

    /// The redirect from `/tags/rust/page/1/` to `/tags/rust/` (written when the taxonomy is
    /// paginated).
    pub fn first_pager_redirect(&self) -> String {
        urls::first_pager_redirect(&self.path, "page")
    }
}

/// Where `value` of front matter field `field` is written in a page file.
fn position_of(file: &crate::content::PageFile, field: &str, value: &str) -> (usize, usize) {
    crate::content::front_matter::position_of(
        &file.front_matter,
        file.front_matter_line,
        field,
        value,
    )
}

/// A term while grouping: the spellings used (with counts) and its pages.
type TermGroup = (BTreeMap<String, usize>, Vec<PageId>);

/// Groups pages into the configured taxonomies. A page naming an undeclared taxonomy is an
/// error (it would otherwise vanish silently).
pub(super) fn collect(
    config: &Config,
    pages: &[Page],
    extension: &dyn Extension,
) -> Result<Vec<Taxonomy>, Vec<Error>> {
    let mut errors = Vec::new();
    // Each language's taxonomies, the default language's first.
    let declared: Vec<(&str, &TaxonomyConfig)> = (config.all_languages().into_iter())
        .flat_map(|lang| config.taxonomies_of(lang).iter().map(move |t| (lang, t)))
        .collect();
    // Each (taxonomy, spelling) pair is slugified and checked once: a 10k-page site names the
    // same few hundred terms fifty thousand times, and the dev server does this on every
    // structural edit. `groups` holds each taxonomy's terms by slug (sorted for the output);
    // `spelled` maps a spelling to its slug (in `slugs`), and whether the preprocessor knows
    // the term.
    let mut groups: Vec<BTreeMap<String, TermGroup>> = vec![BTreeMap::new(); declared.len()];
    let mut slugs: Vec<String> = Vec::new();
    let mut spelled: HashMap<(usize, &str), (usize, bool)> = HashMap::new();
    for (id, page) in pages.iter().enumerate() {
        for (name, terms) in &page.file.meta.taxonomies {
            let found =
                (declared.iter()).position(|(lang, t)| *lang == page.lang && &t.name == name);
            let Some(t) = found else {
                errors.push(unknown_taxonomy(config, page, name));
                continue;
            };
            let mut seen: Vec<usize> = Vec::new();
            for term in terms {
                let (nth, known) = *spelled.entry((t, term.as_str())).or_insert_with(|| {
                    let slug = extension
                        .term_slug(name, term)
                        .unwrap_or_else(|| config.slugify.taxonomies.path(term));
                    let known = slug.is_empty() || extension.knows_term(name, &slug) != Some(false);
                    slugs.push(slug);
                    (slugs.len() - 1, known)
                });
                let slug = slugs[nth].as_str();
                // Two spellings of one term on a page count once.
                if slug.is_empty() || seen.iter().any(|&i| slugs[i] == slug) {
                    continue;
                }
                if !known {
                    errors.push(unnamed_term(page, name, term));
                    continue;
                }
                let group = match groups[t].get_mut(slug) {
                    Some(group) => group,
                    None => groups[t].entry(slug.to_string()).or_default(),
                };
                match group.0.get_mut(term.trim()) {
                    Some(count) => *count += 1,
                    None => {
                        group.0.insert(term.trim().to_string(), 1);
                    }
                }
                group.1.push(id);
                seen.push(nth);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(declared
        .into_iter()
        .zip(groups)
        .map(|((lang, tc), terms)| taxonomy_of(config, lang, tc, terms))
        .collect())
}

/// A taxonomy from its grouped terms: each term named by its most used spelling.
fn taxonomy_of(
    config: &Config,
    lang: &str,
    tc: &TaxonomyConfig,
    terms: BTreeMap<String, TermGroup>,
) -> Taxonomy {
    let segment = urls::taxonomy_segment(&tc.name, config.slugify.taxonomies);
    let path = urls::in_language(
        &config.default_language,
        lang,
        &urls::taxonomy_path(&segment),
    );
    let terms: Vec<Term> = terms
        .into_iter()
        .map(|(slug, (spellings, pages))| {
            let name = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            let term_path = urls::term_path_under(&path, &slug);
            Term {
                name,
                permalink: config.permalink(&term_path),
                path: term_path,
                slug,
                pages,
            }
        })
        .collect();
    Taxonomy {
        permalink: config.permalink(&path),
        by_key: Taxonomy::index(&terms),
        terms,
        path,
        config: tc.clone(),
        lang: lang.to_string(),
    }
}

/// A page names a taxonomy config.toml does not declare.
fn unknown_taxonomy(config: &Config, page: &Page, name: &str) -> Error {
    let declared: Vec<&str> = (config.taxonomies_of(&page.lang).iter())
        .map(|t| t.name.as_str())
        .collect();
    let (line, column) = position_of(&page.file, name, name);
    Error::at(
        &page.file.display_path,
        line,
        column,
        format!("unknown taxonomy `{name}` in front matter"),
    )
    .with_hint(if page.lang != config.default_language {
        format!(
            "the page is in `{}`: declare the taxonomy for that language in config.toml, [languages.{}] taxonomies = [{{ name = \"{name}\" }}]",
            page.lang, page.lang
        )
    } else if declared.is_empty() {
        format!("declare it in config.toml: taxonomies = [{{ name = \"{name}\" }}]")
    } else if let Some(near) = crate::error::nearest(name, declared.iter().copied()) {
        format!("did you mean `{near}`? Or add `{name}` to config.toml's taxonomies")
    } else {
        format!(
            "declared taxonomies are: {}; or add `{name}` to config.toml",
            declared.join(", ")
        )
    })
}

/// A page gives a term of a preprocessor's taxonomy that no source names: the entity
/// taxonomies' terms are what the sources say, and their pages show each term's evidence,
/// which a name written by hand has none of.
fn unnamed_term(page: &Page, name: &str, term: &str) -> Error {
    let (line, column) = position_of(&page.file, name, term);
    Error::at(
        &page.file.display_path,
        line,
        column,
        format!("`{name}` term `{term}` is not one the raw sources name, so it has no page"),
    )
    .with_hint(format!(
        "use a term listed on the site's /{name}/ page, or add a raw source that names `{term}`"
    ))
}
