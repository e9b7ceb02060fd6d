//! The `paginator` value of paginated lists: sections, terms and taxonomy lists.

use super::Context;
use std::collections::BTreeMap;
use tera::Value;

use crate::site::{Site, pager_count};

/// How a list is cut into pagers: how many items each, and whether from the end (a section's
/// `paginate_reversed`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Pagination {
    pub per: Option<usize>,
    pub reversed: bool,
}

fn paginator(
    items: &Value,
    how: Pagination,
    pager: usize,
    base: &str,
    path_of: impl Fn(usize) -> String,
    permalink: impl Fn(&str) -> String,
) -> Option<Value> {
    let all = items.as_array().unwrap_or_default();
    paginator_fields(all, how, pager, base, path_of, permalink).map(Value::from)
}

/// The fields of a `paginator` over `all` (a section's or term's pages, a taxonomy's terms).
fn paginator_fields(
    all: &[Value],
    how: Pagination,
    pager: usize,
    base: &str,
    path_of: impl Fn(usize) -> String,
    permalink: impl Fn(&str) -> String,
) -> Option<BTreeMap<&'static str, Value>> {
    let per = how.per?;
    let total = pager_count(all.len(), Some(per));
    let start = ((pager - 1) * per).min(all.len());
    let end = (start + per).min(all.len());
    let items: Vec<Value> = if how.reversed {
        all.iter()
            .rev()
            .skip(start)
            .take(end - start)
            .cloned()
            .collect()
    } else {
        all[start..end].to_vec()
    };
    let mut f: BTreeMap<&'static str, Value> = BTreeMap::new();
    f.insert("paginate_by", per.into());
    f.insert("pages", Value::from(items));
    f.insert("current_index", pager.into());
    f.insert("number_pagers", total.into());
    f.insert("total_pages", all.len().into());
    f.insert("base_url", permalink(base).into());
    f.insert("first", permalink(&path_of(1)).into());
    f.insert("last", permalink(&path_of(total)).into());
    f.insert(
        "previous",
        (pager > 1).then(|| permalink(&path_of(pager - 1))).into(),
    );
    f.insert(
        "next",
        (pager < total)
            .then(|| permalink(&path_of(pager + 1)))
            .into(),
    );
    Some(f)
}

/// The `paginator` of a taxonomy list pager: a section's, with `terms` and `total_terms` as
/// well as `pages` and `total_pages`, and `pagers` naming each pager's first and last term so
/// a reader can jump by name. `None` when the list is one page.
pub(super) fn list_paginator(
    site: &Site,
    tax: &crate::site::Taxonomy,
    terms: &[Value],
    pager: usize,
) -> Option<Value> {
    let permalink = |p: &str| site.config.permalink(p);
    let how = Pagination {
        per: tax.config.terms_per_page,
        reversed: false,
    };
    let mut f = paginator_fields(
        terms,
        how,
        pager,
        &tax.path,
        |n| tax.list_pager_path(n),
        permalink,
    )?;
    let name = |i: usize| tax.terms.get(i).map_or("", |t| t.name.as_str());
    let pagers: Vec<Value> = (1..=tax.list_pager_count())
        .map(|n| {
            let range = tax.list_pager_terms(n);
            let mut p: BTreeMap<&'static str, Value> = BTreeMap::new();
            p.insert("index", n.into());
            p.insert("permalink", permalink(&tax.list_pager_path(n)).into());
            p.insert("first", name(range.start).into());
            p.insert("last", name(range.end.saturating_sub(1)).into());
            Value::from(p)
        })
        .collect();
    f.insert("terms", f["pages"].clone());
    f.insert("total_terms", terms.len().into());
    f.insert("pagers", Value::from(pagers));
    Some(Value::from(f))
}

/// Adds `paginator` for pager `pager` of a paginated list value (a section or a term).
pub(super) fn insert_paginator(
    c: &mut Context,
    list: &Value,
    how: Pagination,
    pager: usize,
    base: &str,
    path_of: impl Fn(usize) -> String,
    config: &crate::config::Config,
) {
    let pages = list
        .get_from_path("pages")
        .cloned()
        .unwrap_or_else(|| Value::from(Vec::<Value>::new()));
    if let Some(p) = paginator(&pages, how, pager, base, path_of, |p| config.permalink(p)) {
        c.insert_value("paginator", p);
    }
}
