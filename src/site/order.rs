//! The order of lists: pages in their sections and terms, subsections by weight.

use super::{Page, PageId, SectionId, Site};
use crate::content::SortBy;
use rayon::prelude::*;

impl Site {
    pub(super) fn sort(&mut self) {
        let listings: Vec<Vec<SectionId>> = (0..self.sections.len())
            .map(|s| self.listing_sections(s))
            .collect();
        // A page with `render = false` is in no section's list, as in Zola (its terms and
        // `get_page` still have it).
        for (id, page) in self.pages.iter().enumerate() {
            if !page.file.meta.render {
                continue;
            }
            for &s in &listings[page.section] {
                self.sections[s].pages.push(id);
            }
        }
        // Every list is sorted on its own: on all cores, since a dev server's structural
        // rebuild sorts them all again.
        let pages = &self.pages;
        (self.sections.par_iter_mut())
            .for_each(|section| sort_pages(&mut section.pages, section.file.meta.sort_by, pages));
        let sections = &self.sections;
        let order: Vec<Vec<SectionId>> = sections
            .iter()
            .map(|s| {
                let mut subs = s.subsections.clone();
                subs.sort_by(|&a, &b| {
                    let (a, b) = (&sections[a], &sections[b]);
                    weight_order(a.file.meta.weight, b.file.meta.weight)
                        .then_with(|| a.path.cmp(&b.path))
                });
                subs
            })
            .collect();
        for (s, subs) in self.sections.iter_mut().zip(order) {
            s.subsections = subs;
        }
        let pages = &self.pages;
        (self.taxonomies.iter_mut())
            .flat_map(|t| &mut t.terms)
            .collect::<Vec<_>>()
            .into_par_iter()
            .for_each(|term| sort_pages(&mut term.pages, SortBy::Date, pages));
    }
}

/// Sorts page ids; pages missing the sort key go last, and ties fall back to the URL so the
/// order never depends on the file system.
pub fn sort_pages(ids: &mut [PageId], by: SortBy, pages: &[Page]) {
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        let primary = match by {
            SortBy::Date => newest_first(pa.file.meta.date.as_ref(), pb.file.meta.date.as_ref()),
            SortBy::UpdateDate => newest_first(last_change(pa), last_change(pb)),
            SortBy::Title => pa.title().to_lowercase().cmp(&pb.title().to_lowercase()),
            SortBy::TitleBytes => pa.title().cmp(pb.title()),
            SortBy::Slug => pa.slug.cmp(&pb.slug),
            SortBy::Weight => weight_order(pa.file.meta.weight, pb.file.meta.weight),
            SortBy::None => std::cmp::Ordering::Equal,
        };
        primary.then_with(|| pa.path.cmp(&pb.path))
    });
}

/// When a page last changed: `updated`, else `date`.
fn last_change(p: &Page) -> Option<&crate::content::Date> {
    p.file.meta.updated.as_ref().or(p.file.meta.date.as_ref())
}

/// Newest first; pages without a date after the others.
fn newest_first(
    a: Option<&crate::content::Date>,
    b: Option<&crate::content::Date>,
) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

fn weight_order(a: Option<i64>, b: Option<i64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}
