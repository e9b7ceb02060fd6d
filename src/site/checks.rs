//! What the site model checks before rendering: `@/` links that lead nowhere, and two
//! outputs on one URL.

use std::collections::BTreeMap;
use std::path::PathBuf;

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
        let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut errors = Vec::new();
        // `at`: the line and column of the front matter field that makes the URL, if any.
        let mut claim = |url: String, owner: PathBuf, what: &str, at: Option<(usize, usize)>| {
            if let Some(existing) = owners.get(&url) {
                let message = format!("{what} `{url}` is also produced by {}", existing.display());
                let error = match at {
                    Some((line, col)) => Error::at(&owner, line, col, message),
                    None => Error::in_file(&owner, message),
                };
                errors
                    .push(error.with_hint(
                        "give one of them another `slug` or `path` in its front matter",
                    ));
            } else {
                owners.insert(url, owner);
            }
        };
        claim(
            "/404.html".into(),
            PathBuf::from("the 404 page"),
            "the URL",
            None,
        );
        let mut counts = vec![0usize; self.sections.len()];
        for p in &self.pages {
            counts[p.section] += 1;
        }
        for (s, &count) in self.sections.iter().zip(&counts) {
            let owner = s.file.index_relative.as_ref().map_or_else(
                || PathBuf::from(format!("content/{}", s.file.dir)),
                |_| s.file.display_path.clone(),
            );
            claim(s.path.clone(), owner.clone(), "the URL", None);
            // Its pagers, and the redirect from pager 1 (see `render::plan`).
            if s.file.meta.paginate_by.is_some() {
                for n in 2..=pager_count(count, s.file.meta.paginate_by) {
                    claim(s.pager_path(n), owner.clone(), "the pager URL", None);
                }
                if let Some(redirect) = s.first_pager_redirect(count) {
                    claim(redirect, owner, "the redirect", None);
                }
            }
        }
        for p in &self.pages {
            let meta = &p.file.meta;
            let made_by = [("path", &meta.path), ("slug", &meta.slug)]
                .into_iter()
                .find_map(|(field, value)| Some(field_position(p, field, value.as_deref()?)));
            claim(
                p.path.clone(),
                p.file.display_path.clone(),
                "the URL",
                made_by,
            );
            for alias in &meta.aliases {
                claim(
                    normalize_alias(alias),
                    p.file.display_path.clone(),
                    "the alias",
                    Some(field_position(p, "aliases", alias)),
                );
            }
        }
        for t in &self.taxonomies {
            let owner = PathBuf::from(format!("config.toml (taxonomy {})", t.config.name));
            claim(t.path.clone(), owner.clone(), "the URL", None);
            for n in 2..=t.list_pager_count() {
                claim(t.list_pager_path(n), owner.clone(), "the pager URL", None);
            }
            if let Some(redirect) = t.list_redirect_path() {
                claim(redirect, owner, "the redirect", None);
            }
            for term in &t.terms {
                let owner = PathBuf::from(format!(
                    "config.toml (taxonomy {} term {})",
                    t.config.name, term.name
                ));
                claim(term.path.clone(), owner.clone(), "the URL", None);
                if t.config.paginate_by.is_some() {
                    for n in 2..=pager_count(term.pages.len(), t.config.paginate_by) {
                        claim(term.pager_path(n), owner.clone(), "the pager URL", None);
                    }
                    claim(term.first_pager_redirect(), owner, "the redirect", None);
                }
            }
        }
        errors
    }
}
