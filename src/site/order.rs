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
        // Each order the lists use ranks every page once; the lists then sort by rank (an
        // integer), not by comparing dates, titles and paths again in every list a page is in.
        // A dev server's structural rebuild sorts them all again.
        let mut orders: Vec<SortBy> = (self.sections.iter())
            .map(|s| s.file.meta.sort_by)
            .chain((!self.taxonomies.is_empty()).then_some(SortBy::Date))
            .collect();
        orders.sort_by_key(|&by| by as u8);
        orders.dedup();
        let ranks: Vec<(SortBy, Vec<u32>)> = (orders.into_par_iter())
            .map(|by| (by, ranks(by, &self.pages)))
            .collect();
        let rank_of = |by: SortBy| &ranks.iter().find(|(b, _)| *b == by).expect("ranked").1;
        (self.sections.par_iter_mut()).for_each(|section| {
            let rank = rank_of(section.file.meta.sort_by);
            section.pages.sort_unstable_by_key(|&id| rank[id]);
        });
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
        if self.taxonomies.is_empty() {
            return;
        }
        let rank = rank_of(SortBy::Date);
        (self.taxonomies.iter_mut())
            .flat_map(|t| &mut t.terms)
            .collect::<Vec<_>>()
            .into_par_iter()
            .for_each(|term| term.pages.sort_unstable_by_key(|&id| rank[id]));
    }
}

/// Each page's place among all pages in the order `by`: a list sorted by these ranks is in the
/// order [`sort_pages`] gives it. Ranks are unique, and both sorts are stable over lists built
/// in id order, so even pages that tie keep the order of their ids in both.
fn ranks(by: SortBy, pages: &[Page]) -> Vec<u32> {
    let mut ids: Vec<PageId> = (0..pages.len()).collect();
    if by == SortBy::Title {
        // Lowercased once per page, not once per comparison.
        let lower: Vec<String> = pages.par_iter().map(|p| p.title().to_lowercase()).collect();
        ids.par_sort_by(|&a, &b| {
            (lower[a].cmp(&lower[b])).then_with(|| pages[a].path.cmp(&pages[b].path))
        });
    } else {
        ids.par_sort_by(|&a, &b| compare(by, &pages[a], &pages[b]));
    }
    let mut rank = vec![0u32; pages.len()];
    for (place, id) in ids.into_iter().enumerate() {
        rank[id] = place as u32;
    }
    rank
}

/// Sorts page ids; pages missing the sort key go last, and ties fall back to the URL so the
/// order never depends on the file system.
pub fn sort_pages(ids: &mut [PageId], by: SortBy, pages: &[Page]) {
    ids.sort_by(|&a, &b| compare(by, &pages[a], &pages[b]));
}

/// Keeps the `limit` newest of `ids`, newest first (as [`sort_pages`] by date orders them,
/// since no two pages share a URL): a site's feed picks its few entries from every page
/// without sorting them all.
pub fn newest_pages(ids: &mut Vec<PageId>, limit: usize, pages: &[Page]) {
    // Ids decide last, so the order is total even if two pages compared equal.
    let order = |a: &PageId, b: &PageId| {
        compare(SortBy::Date, &pages[*a], &pages[*b]).then_with(|| a.cmp(b))
    };
    if limit < ids.len() {
        ids.select_nth_unstable_by(limit, order);
        ids.truncate(limit);
    }
    ids.sort_unstable_by(order);
}

/// The order of two pages in a list sorted `by`, the URL deciding ties.
fn compare(by: SortBy, pa: &Page, pb: &Page) -> std::cmp::Ordering {
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
