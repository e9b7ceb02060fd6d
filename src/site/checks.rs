//! What the site model checks before rendering: `@/` links that lead nowhere, and two
//! outputs on one URL.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use super::{Site, field_position, normalize_alias, pager_count};
use crate::error::Error;

impl Site {
    /// Every `@/` link whose file or anchor does not exist, one error each, in file order.
    pub fn broken_links(&self) -> Vec<Error> {
        let sources = self
            .pages
            .iter()
            .map(|p| (&p.file.display_path, &p.rendered))
            .chain(
                self.sections
                    .iter()
                    .map(|s| (&s.file.display_path, &s.rendered)),
            );
        let mut errors = Vec::new();
        for (path, rendered) in sources {
            for link in &rendered.internal_links {
                if link.permalink.is_none() {
                    let known = self.pages.iter().map(|p| p.file.relative.as_str()).chain(
                        self.sections
                            .iter()
                            .filter_map(|s| s.file.index_relative.as_deref()),
                    );
                    let hint = match crate::error::nearest(&link.target, known) {
                        Some(near) => format!("did you mean `@/{near}`?"),
                        None => "internal links are paths relative to content/, e.g. [text](@/blog/post.md)".to_string(),
                    };
                    errors.push(
                        Error::at(path, link.line, link.column, format!("broken internal link `@/{}`: there is no content file at that path", link.target))
                            .with_hint(hint),
                    );
                } else if let Some(anchor) = &link.anchor {
                    let ids = self.heading_ids_of(&link.target).unwrap_or_default();
                    if !ids.iter().any(|id| id == anchor) {
                        let known = if ids.is_empty() {
                            "it has no headings".to_string()
                        } else {
                            format!("its anchors are: {}", ids.join(", "))
                        };
                        errors.push(
                            Error::at(
                                path,
                                link.line,
                                link.column,
                                format!("broken anchor `#{anchor}` in link to `@/{}`", link.target),
                            )
                            .with_hint(known),
                        );
                    }
                }
            }
        }
        errors.sort_by_key(|e| e.to_string());
        errors
    }

    /// Two things may not write the same URL; report each clash naming both files.
    pub(super) fn check_url_collisions(&self) -> Vec<Error> {
        let mut claims = Claims::default();
        claims.claim("/404.html", Owner::NotFoundPage, "the URL", || None);
        self.claim_sections(&mut claims);
        self.claim_pages(&mut claims);
        self.claim_taxonomies(&mut claims);
        claims.errors
    }

    /// Each section's URL, its pagers and the redirect from pager 1 (see `render::plan`).
    fn claim_sections<'a>(&'a self, claims: &mut Claims<'a>) {
        let mut counts = vec![0usize; self.sections.len()];
        let listings: Vec<Vec<usize>> = (0..self.sections.len())
            .map(|s| self.listing_sections(s))
            .collect();
        for p in &self.pages {
            for &s in &listings[p.section] {
                counts[s] += 1;
            }
        }
        for (s, &count) in self.sections.iter().zip(&counts) {
            let owner = match s.file.index_relative {
                Some(_) => Owner::File(&s.file.display_path),
                None => Owner::Folder(&s.file.dir),
            };
            claims.claim(&s.path, owner, "the URL", || None);
            for alias in &s.file.meta.aliases {
                claims.claim(normalize_alias(alias), owner, "the alias", || None);
            }
            if s.file.meta.redirect_to.is_some() || !s.file.meta.render {
                continue; // no pagers
            }
            if s.file.meta.paginate_by.is_some() {
                for n in 2..=pager_count(count, s.file.meta.paginate_by) {
                    claims.claim(s.pager_path(n), owner, "the pager URL", || None);
                }
                if let Some(redirect) = s.first_pager_redirect() {
                    claims.claim(redirect, owner, "the redirect", || None);
                }
            }
        }
    }

    /// Each page's URL and aliases, at the front matter field that makes them.
    fn claim_pages<'a>(&'a self, claims: &mut Claims<'a>) {
        for p in &self.pages {
            let meta = &p.file.meta;
            let owner = Owner::File(&p.file.display_path);
            let made_by = || {
                [("path", &meta.path), ("slug", &meta.slug)]
                    .into_iter()
                    .find_map(|(field, value)| Some(field_position(p, field, value.as_deref()?)))
            };
            claims.claim(&p.path, owner, "the URL", made_by);
            for alias in &meta.aliases {
                claims.claim(normalize_alias(alias), owner, "the alias", || {
                    Some(field_position(p, "aliases", alias))
                });
            }
        }
    }

    /// Each taxonomy's list with its pagers and redirect, and each term's page with its own.
    fn claim_taxonomies<'a>(&'a self, claims: &mut Claims<'a>) {
        for t in &self.taxonomies {
            let owner = Owner::Taxonomy(&t.config.name);
            claims.claim(&t.path, owner, "the URL", || None);
            for n in 2..=t.list_pager_count() {
                claims.claim(t.list_pager_path(n), owner, "the pager URL", || None);
            }
            if let Some(redirect) = t.list_redirect_path() {
                claims.claim(redirect, owner, "the redirect", || None);
            }
            for term in &t.terms {
                let owner = Owner::Term(&t.config.name, &term.name);
                claims.claim(&term.path, owner, "the URL", || None);
                if t.config.paginate_by.is_some() {
                    for n in 2..=pager_count(term.pages.len(), t.config.paginate_by) {
                        claims.claim(term.pager_path(n), owner, "the pager URL", || None);
                    }
                    claims.claim(term.first_pager_redirect(), owner, "the redirect", || None);
                }
            }
        }
    }
}

/// What writes a URL, as an error names it. Borrowed from the site: a dev server checks every
/// URL on each structural edit, and only a clash needs the name spelled out.
#[derive(Clone, Copy)]
enum Owner<'a> {
    /// A content file, as shown.
    File(&'a Path),
    /// A section folder without an `_index.md`, relative to `content/`.
    Folder(&'a str),
    /// A taxonomy's list, by name.
    Taxonomy(&'a str),
    /// A term's page: (taxonomy, term).
    Term(&'a str, &'a str),
    /// The 404 page.
    NotFoundPage,
}

impl Owner<'_> {
    /// The file (or config entry) an error about this owner points at.
    fn shown(self) -> PathBuf {
        match self {
            Owner::File(path) => path.to_path_buf(),
            Owner::Folder(dir) => PathBuf::from(format!("content/{dir}")),
            Owner::Taxonomy(name) => PathBuf::from(format!("config.toml (taxonomy {name})")),
            Owner::Term(name, term) => {
                PathBuf::from(format!("config.toml (taxonomy {name} term {term})"))
            }
            Owner::NotFoundPage => PathBuf::from("the 404 page"),
        }
    }
}

/// The URLs claimed so far, by owner, and the clashes found.
#[derive(Default)]
struct Claims<'a> {
    owners: foldhash::HashMap<Cow<'a, str>, Owner<'a>>,
    errors: Vec<Error>,
}

impl<'a> Claims<'a> {
    /// `owner` writes `what` at `url`; `at` gives the line and column of the front matter
    /// field that makes the URL, if any (looked for only when the URL clashes).
    fn claim(
        &mut self,
        url: impl Into<Cow<'a, str>>,
        owner: Owner<'a>,
        what: &str,
        at: impl FnOnce() -> Option<(usize, usize)>,
    ) {
        match self.owners.entry(url.into()) {
            Entry::Occupied(existing) => {
                let message = format!(
                    "{what} `{}` is also produced by {}",
                    existing.key(),
                    existing.get().shown().display()
                );
                let error = match at() {
                    Some((line, col)) => Error::at(owner.shown(), line, col, message),
                    None => Error::in_file(owner.shown(), message),
                };
                self.errors
                    .push(error.with_hint(
                        "give one of them another `slug` or `path` in its front matter",
                    ));
            }
            Entry::Vacant(free) => {
                free.insert(owner);
            }
        }
    }
}
