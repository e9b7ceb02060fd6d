//! Taxonomies: group pages by the terms their front matter lists.

use foldhash::{HashMap, HashMapExt};

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

/// A term while grouping: its taxonomy (index in the declared list), slug, pages, and how
/// often each spelling names it.
struct TermGroup<'a> {
    taxonomy: usize,
    slug: String,
    pages: Vec<PageId>,
    /// Spellings (trimmed) with their counts; a term has a handful.
    spellings: Vec<(&'a str, usize)>,
}

/// What one spelling of a term, in one taxonomy, stands for: its group, or why it has none.
#[derive(Clone, Copy)]
enum Spelling {
    /// The term of group `.0` (in `collect`'s `groups`).
    Term(usize),
    /// Slugifies to nothing: the spelling is left out.
    Empty,
    /// The preprocessor fills the taxonomy and knows no such term.
    Unknown,
}

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
    // Each (taxonomy, spelling) pair is slugified and looked up once: a 10k-page site names
    // the same few hundred terms fifty thousand times, and the dev server does this on every
    // structural edit. After that, a page's term costs one lookup in `spelled`.
    let mut groups: Vec<TermGroup> = Vec::new();
    let mut group_of_slug: HashMap<(usize, String), usize> = HashMap::new();
    let mut spelled: HashMap<(usize, &str), Spelling> = HashMap::new();
    for (id, page) in pages.iter().enumerate() {
        for (name, terms) in &page.file.meta.taxonomies {
            let found =
                (declared.iter()).position(|(lang, t)| *lang == page.lang && &t.name == name);
            let Some(t) = found else {
                errors.push(unknown_taxonomy(config, page, name));
                continue;
            };
            for term in terms {
                let spelling = *spelled.entry((t, term.as_str())).or_insert_with(|| {
                    let slug = extension
                        .term_slug(name, term)
                        .unwrap_or_else(|| config.slugify.taxonomies.path(term));
                    if slug.is_empty() {
                        return Spelling::Empty;
                    }
                    if extension.knows_term(name, &slug) == Some(false) {
                        return Spelling::Unknown;
                    }
                    let next = groups.len();
                    let group = *group_of_slug.entry((t, slug.clone())).or_insert(next);
                    if group == next {
                        groups.push(TermGroup {
                            taxonomy: t,
                            slug,
                            pages: Vec::new(),
                            spellings: Vec::new(),
                        });
                    }
                    Spelling::Term(group)
                });
                let group = match spelling {
                    Spelling::Term(group) => &mut groups[group],
                    Spelling::Empty => continue,
                    Spelling::Unknown => {
                        errors.push(unnamed_term(page, name, term));
                        continue;
                    }
                };
                // Two spellings of one term on a page count once (pages come in order, so
                // the page is the group's last if it is in it).
                if group.pages.last() == Some(&id) {
                    continue;
                }
                group.pages.push(id);
                let trimmed = term.trim();
                match group.spellings.iter_mut().find(|(s, _)| *s == trimmed) {
                    Some((_, count)) => *count += 1,
                    None => group.spellings.push((trimmed, 1)),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut by_taxonomy: Vec<Vec<TermGroup>> = (0..declared.len()).map(|_| Vec::new()).collect();
    for group in groups {
        by_taxonomy[group.taxonomy].push(group);
    }
    Ok(declared
        .into_iter()
        .zip(by_taxonomy)
        .map(|((lang, tc), terms)| taxonomy_of(config, lang, tc, terms))
        .collect())
}

/// A taxonomy from its grouped terms: each term named by its most used spelling (the first in
/// byte order among equals), terms in slug order.
fn taxonomy_of(
    config: &Config,
    lang: &str,
    tc: &TaxonomyConfig,
    mut terms: Vec<TermGroup>,
) -> Taxonomy {
    terms.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
    let segment = urls::taxonomy_segment(&tc.name, config.slugify.taxonomies);
    let path = urls::in_language(
        &config.default_language,
        lang,
        &urls::taxonomy_path(&segment),
    );
    let terms: Vec<Term> = terms
        .into_iter()
        .map(|group| {
            let name = (group.spellings.iter())
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(n, _)| n.to_string())
                .unwrap_or_default();
            let term_path = urls::term_path_under(&path, &group.slug);
            Term {
                name,
                permalink: config.permalink(&term_path),
                path: term_path,
                slug: group.slug,
                pages: group.pages,
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
