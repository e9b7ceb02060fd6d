//! Rendering: every output of the site (pages, section and term pagers, taxonomy lists, feeds,
//! sitemap, robots.txt, 404, alias redirects) through tera, in parallel, into an output sink.

pub mod entity_values;
pub mod functions;
pub mod incremental;
pub mod relative;
pub mod templates;
pub mod values;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Context, Value};

use crate::error::{Error, Errors};
use crate::output::Sink;
use crate::site::{PageId, Site, normalize_alias, pager_count, pager_path};
pub use incremental::{RenderMemo, ValueCache};
pub use templates::{TemplateSources, Templates};
pub use values::SiteValues;

/// One file the build writes.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    Page(usize),
    Section {
        id: usize,
        pager: usize,
    },
    TaxonomyList {
        id: usize,
        pager: usize,
    },
    Term {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    Feed {
        term: Option<(usize, usize)>,
        file: String,
    },
    Sitemap,
    Robots,
    NotFound,
    Alias {
        at: String,
        to: String,
    },
    EntitiesJson,
    SearchIndex,
}

/// A rendered file: its output path and bytes.
pub type Output = (String, Arc<Vec<u8>>);

/// What a render with a memo changed.
#[derive(Debug, Default)]
pub struct Written {
    /// How many outputs were rendered.
    pub outputs: usize,
    /// The files written: each output, then the files written beside it (the search index's
    /// chunks).
    pub files: Vec<Output>,
    /// Files an output wrote beside it last time and no longer does.
    pub dropped: Vec<String>,
    /// How many files were written to the sink (with or without a memo).
    pub written: usize,
}

/// How many files of each kind a render wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderStats {
    /// Files written.
    pub files: usize,
}

/// Renders the whole site into `sink`. Template errors are collected; when many outputs fail
/// the same way (a bug in `page.html` fails every page), each distinct error is reported once.
///
/// With a memo, outputs whose signature did not change are reused instead of rendered (and not
/// written to `sink`), and outputs the site no longer has are forgotten.
pub fn render_site(
    site: &Site,
    values: &SiteValues,
    templates: &Templates,
    sink: &dyn Sink,
    memo: Option<(&mut RenderMemo, u64)>,
) -> Result<RenderStats, Errors> {
    let jobs = plan(site);
    let written = match memo {
        Some((memo, globals)) => {
            let written = render_jobs(
                site,
                values,
                templates,
                sink,
                Some((&mut *memo, globals)),
                &jobs,
            )?;
            let keep: std::collections::HashSet<String> =
                jobs.iter().map(|job| output_path(site, job)).collect();
            memo.outputs.retain(|path, _| keep.contains(path));
            written
        }
        None => render_jobs(site, values, templates, sink, None, &jobs)?,
    };
    Ok(RenderStats {
        files: written.written,
    })
}

/// Renders `jobs` (all of them without a memo; with one, those whose signature or recorded
/// reads changed, storing what they render). Returns the outputs rendered (with a memo). On
/// error the memo is left as it was.
pub(crate) fn render_jobs(
    site: &Site,
    values: &SiteValues,
    templates: &Templates,
    sink: &dyn Sink,
    memo: Option<(&mut RenderMemo, u64)>,
    jobs: &[Job],
) -> Result<Written, Errors> {
    let previous = memo.as_ref().map(|(m, _)| &**m);
    let globals = memo.as_ref().map_or(0, |(_, g)| *g);
    let neighbours = &if templates.reads_neighbours() {
        neighbours(site)
    } else {
        Vec::new()
    };
    let results: Vec<Result<(usize, Option<incremental::Fresh>), Error>> = jobs
        .par_iter()
        .map(|job| {
            let path = output_path(site, job);
            let signature = previous
                .map(|_| signature(site, values, templates, job, &path, globals, neighbours));
            if let (Some(prev), Some(sig)) = (previous, signature)
                && prev.reusable(&path, sig, site, values)
            {
                return Ok((0, None));
            }
            let mut beside = Vec::new();
            let (rendered, reads) = functions::recording(|| {
                render_job(site, values, templates, job, neighbours, &mut beside)
            });
            let mut text = rendered?;
            // The 404 page is served at any missing URL, at any depth: its links stay absolute.
            if site.config.relative_urls && path.ends_with(".html") && path != "404.html" {
                text = relative::relativize(&text, &path, &site.config.base_url);
            }
            sink.write(&path, text.as_bytes())?;
            for (file, content) in &beside {
                sink.write(file, content.as_bytes())?;
            }
            let files = 1 + beside.len();
            let fresh = signature.map(|signature| incremental::Fresh {
                path,
                bytes: Arc::new(text.into_bytes()),
                beside: beside
                    .into_iter()
                    .map(|(file, content)| (file, Arc::new(content.into_bytes())))
                    .collect(),
                signature,
                reads,
            });
            Ok((files, fresh))
        })
        .collect();
    let mut errors: BTreeMap<String, (Error, usize)> = BTreeMap::new();
    let mut fresh = Vec::new();
    let mut written = Written::default();
    for r in results {
        match r {
            Ok((files, f)) => {
                written.written += files;
                fresh.extend(f);
            }
            Err(e) => {
                let key = dedupe_key(&e);
                errors
                    .entry(key)
                    .and_modify(|(_, n)| *n += 1)
                    .or_insert((e, 1));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Errors(
            errors
                .into_values()
                .map(|(mut e, n)| {
                    if let Some(outputs) = &mut e.outputs {
                        outputs.others = n - 1;
                    }
                    e
                })
                .collect(),
        ));
    }
    if let Some((memo, _)) = memo {
        memo.last_rendered = fresh.len();
        written.outputs = fresh.len();
        for f in fresh {
            written.files.push((f.path.clone(), f.bytes.clone()));
            written.files.extend(f.beside.iter().cloned());
            written.dropped.extend(memo.store(f, site, values));
        }
    }
    Ok(written)
}

/// The outputs that may show pages `ids` after they were patched in place (same URLs, same
/// lists; see `Site::patch_page`): first the pages themselves, then everything else whose
/// signature covers them (their sections and terms with every pager, taxonomy lists, feeds,
/// sitemap, indexes) or that read them through a template function. Which of those really
/// changed, their signatures decide when they are rendered.
pub(crate) fn affected_by_pages(
    site: &Site,
    templates: &Templates,
    memo: &RenderMemo,
    ids: &[usize],
) -> (Vec<Job>, Vec<Job>) {
    let templates_read_neighbours = templates.reads_neighbours();
    use std::collections::HashSet;
    let pages: HashSet<usize> = ids.iter().copied().collect();
    let sections: HashSet<usize> = ids.iter().map(|&i| site.pages[i].section).collect();
    let terms: HashSet<(usize, usize)> = ids.iter().flat_map(|&i| site.terms_of(i)).collect();
    let taxonomies: HashSet<usize> = terms.iter().map(|&(t, _)| t).collect();
    let touched = incremental::Touched {
        pages: ids
            .iter()
            .map(|&i| site.pages[i].file.relative.as_str())
            .collect(),
        sections: &sections,
        taxonomies: taxonomies
            .iter()
            .map(|&t| site.taxonomies[t].config.name.as_str())
            .collect(),
    };
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    for job in plan(site) {
        let covered = match &job {
            Job::Page(id) => {
                if pages.contains(id) {
                    first.push(job);
                    continue;
                }
                // Its neighbours show its title and link (`page.lower`, `page.higher`), and a
                // re-sort changes who they are: every page of its section is a candidate, and
                // the signature (which covers the neighbours) says which really changed.
                templates_read_neighbours && sections.contains(&site.pages[*id].section)
            }
            Job::Section { id, .. } => sections.contains(id),
            Job::Term { taxonomy, term, .. } => terms.contains(&(*taxonomy, *term)),
            Job::Feed { term: Some(t), .. } => terms.contains(t),
            Job::TaxonomyList { id, .. } => taxonomies.contains(id),
            Job::Feed { term: None, .. } | Job::Sitemap | Job::EntitiesJson | Job::SearchIndex => {
                true
            }
            Job::Robots | Job::NotFound | Job::Alias { .. } => false,
        };
        if covered || memo.read_touched(&output_path(site, &job), &touched, site) {
            rest.push(job);
        }
    }
    (first, rest)
}

/// Everything in a job's template context, as one hash (see [`incremental`]).
fn signature(
    site: &Site,
    values: &SiteValues,
    templates: &Templates,
    job: &Job,
    path: &str,
    globals: u64,
    neighbours: &[Neighbours],
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = incremental::hasher();
    globals.hash(&mut h);
    // Only the templates this output can use: its own, what it extends and includes, and the
    // components every template may call.
    templates
        .dependency_fingerprint(&template_of(site, templates, job))
        .hash(&mut h);
    // The kind of output and where it goes (not the job itself: its page and term indices
    // shift as pages come and go).
    (std::mem::discriminant(job), path).hash(&mut h);
    match job {
        Job::Page(id) => {
            let p = &site.pages[*id];
            (
                p.render_key,
                &p.path,
                &site.sections[p.section].file.meta.page_template,
            )
                .hash(&mut h);
            // `page.lower` and `page.higher` show the neighbours' titles and links.
            if let Some(&(lower, higher)) = neighbours.get(*id) {
                for n in [lower, higher] {
                    n.map(|n| (site.pages[n].render_key, &site.pages[n].path))
                        .hash(&mut h);
                }
            }
        }
        Job::Section { id, .. } => incremental::section_signature(site, *id).hash(&mut h),
        Job::TaxonomyList { id, pager } => {
            // Every pager shows the range of every other, so all terms count.
            pager.hash(&mut h);
            incremental::taxonomy_signature(site, values, *id).hash(&mut h)
        }
        Job::Term { taxonomy, term, .. } => {
            incremental::term_signature(site, values, *taxonomy, *term).hash(&mut h)
        }
        Job::Feed {
            term: Some((t, i)), ..
        } => incremental::term_signature(site, values, *t, *i).hash(&mut h),
        Job::Sitemap => incremental::sitemap_signature(site).hash(&mut h),
        Job::Feed { term: None, .. } | Job::EntitiesJson | Job::SearchIndex => {
            for p in &site.pages {
                (p.render_key, &p.path).hash(&mut h);
            }
            // The search index shows sections' titles and descriptions: their render keys.
            for s in &site.sections {
                (s.render_key, &s.path).hash(&mut h);
            }
            for t in 0..site.taxonomies.len() {
                incremental::taxonomy_signature(site, values, t).hash(&mut h);
            }
        }
        Job::Alias { to, .. } => to.hash(&mut h),
        Job::Robots | Job::NotFound => {}
    }
    h.finish()
}

/// Errors that differ only in which output hit them are one error.
fn dedupe_key(e: &Error) -> String {
    Error {
        outputs: None,
        ..e.clone()
    }
    .to_string()
}

fn plan(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    for (id, s) in site.sections.iter().enumerate() {
        for pager in 1..=pager_count(s.pages.len(), s.file.meta.paginate_by) {
            jobs.push(Job::Section { id, pager });
        }
        if s.file.meta.paginate_by.is_some() && !s.pages.is_empty() {
            let segment = s.file.meta.paginate_path.as_deref().unwrap_or("page");
            jobs.push(Job::Alias {
                at: format!("{}{segment}/1/", s.path),
                to: s.permalink.clone(),
            });
        }
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        for pager in 1..=tax.list_pager_count() {
            jobs.push(Job::TaxonomyList { id: t, pager });
        }
        if let Some(at) = tax.list_redirect_path() {
            jobs.push(Job::Alias {
                at,
                to: tax.permalink.clone(),
            });
        }
        for (i, term) in tax.terms.iter().enumerate() {
            for pager in 1..=pager_count(term.pages.len(), tax.config.paginate_by) {
                jobs.push(Job::Term {
                    taxonomy: t,
                    term: i,
                    pager,
                });
            }
            if tax.config.paginate_by.is_some() {
                jobs.push(Job::Alias {
                    at: format!("{}page/1/", term.path),
                    to: term.permalink.clone(),
                });
            }
            if tax.config.feed {
                for file in &site.config.feed_filenames {
                    jobs.push(Job::Feed {
                        term: Some((t, i)),
                        file: file.clone(),
                    });
                }
            }
        }
    }
    if site.config.generate_feeds {
        for file in &site.config.feed_filenames {
            jobs.push(Job::Feed {
                term: None,
                file: file.clone(),
            });
        }
    }
    if site.config.generate_sitemap {
        jobs.push(Job::Sitemap);
    }
    if site.config.generate_robots_txt {
        jobs.push(Job::Robots);
    }
    jobs.push(Job::NotFound);
    if site.config.ingest.is_some() {
        jobs.push(Job::EntitiesJson);
    }
    if site.config.build_search_index {
        jobs.push(Job::SearchIndex);
    }
    for p in &site.pages {
        for alias in &p.file.meta.aliases {
            jobs.push(Job::Alias {
                at: normalize_alias(alias),
                to: p.permalink.clone(),
            });
        }
    }
    jobs
}

/// `/blog/post/` is written as `blog/post/index.html`; `/old.html` as `old.html`.
/// The output file a URL path is written to: `/blog/post/` is `blog/post/index.html`.
pub fn output_file(url_path: &str) -> String {
    let p = url_path.trim_start_matches('/');
    if p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".txt") {
        p.to_string()
    } else {
        format!("{p}index.html")
    }
}

fn base_context(site: &Site, path: &str) -> Context {
    let mut c = Context::new();
    c.insert("current_path", path);
    c.insert("current_url", &site.config.permalink(path));
    c.insert("lang", &site.config.default_language);
    c
}

fn paginator(
    items: &Value,
    per: Option<usize>,
    pager: usize,
    base: &str,
    path_of: impl Fn(usize) -> String,
    permalink: impl Fn(&str) -> String,
) -> Option<Value> {
    let all = items.as_array().unwrap_or_default();
    paginator_fields(all, per, pager, base, path_of, permalink).map(Value::from)
}

/// The fields of a `paginator` over `all` (a section's or term's pages, a taxonomy's terms).
fn paginator_fields(
    all: &[Value],
    per: Option<usize>,
    pager: usize,
    base: &str,
    path_of: impl Fn(usize) -> String,
    permalink: impl Fn(&str) -> String,
) -> Option<BTreeMap<&'static str, Value>> {
    let per = per?;
    let total = pager_count(all.len(), Some(per));
    let start = ((pager - 1) * per).min(all.len());
    let end = (start + per).min(all.len());
    let mut f: BTreeMap<&'static str, Value> = BTreeMap::new();
    f.insert("paginate_by", per.into());
    f.insert("pages", Value::from(all[start..end].to_vec()));
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
fn list_paginator(
    site: &Site,
    tax: &crate::site::Taxonomy,
    terms: &[Value],
    pager: usize,
) -> Option<Value> {
    let permalink = |p: &str| site.config.permalink(p);
    let mut f = paginator_fields(
        terms,
        tax.config.terms_per_page,
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
fn insert_paginator(
    c: &mut Context,
    list: &Value,
    per: Option<usize>,
    pager: usize,
    base: &str,
    path_of: impl Fn(usize) -> String,
    config: &crate::config::Config,
) {
    let pages = list
        .get_from_path("pages")
        .cloned()
        .unwrap_or_else(|| Value::from(Vec::<Value>::new()));
    if let Some(p) = paginator(&pages, per, pager, base, path_of, |p| config.permalink(p)) {
        c.insert_value("paginator", p);
    }
}

/// The template a job renders with.
fn template_of(site: &Site, templates: &Templates, job: &Job) -> String {
    let specific_or = |specific: String, generic: &str| {
        if templates.contains(&specific) {
            specific
        } else {
            generic.to_string()
        }
    };
    match job {
        Job::Page(id) => {
            let page = &site.pages[*id];
            let section = &site.sections[page.section];
            page.file
                .meta
                .template
                .as_deref()
                .or(section.file.meta.page_template.as_deref())
                .unwrap_or("page.html")
                .to_string()
        }
        Job::Section { id, .. } => {
            let s = &site.sections[*id];
            let default = if s.is_root() {
                "index.html"
            } else {
                "section.html"
            };
            s.file
                .meta
                .template
                .as_deref()
                .unwrap_or(default)
                .to_string()
        }
        Job::TaxonomyList { id, .. } => specific_or(
            format!("{}/list.html", site.taxonomies[*id].config.name),
            "taxonomy_list.html",
        ),
        Job::Term { taxonomy, .. } => specific_or(
            format!("{}/single.html", site.taxonomies[*taxonomy].config.name),
            "taxonomy_single.html",
        ),
        Job::Feed { file, .. } => file.clone(),
        Job::Sitemap => "sitemap.xml".into(),
        Job::Robots => "robots.txt".into(),
        Job::NotFound => "404.html".into(),
        Job::Alias { .. } => "alias.html".into(),
        Job::EntitiesJson | Job::SearchIndex => String::new(),
    }
}

/// Where a job's output goes: its identity across builds (two outputs never share a path),
/// where page and term indices shift as pages come and go.
pub(crate) fn output_path(site: &Site, job: &Job) -> String {
    match job {
        Job::Page(id) => output_file(&site.pages[*id].path),
        Job::Section { id, pager } => output_file(&site.sections[*id].pager_path(*pager)),
        Job::TaxonomyList { id, pager } => {
            output_file(&site.taxonomies[*id].list_pager_path(*pager))
        }
        Job::Term {
            taxonomy,
            term,
            pager,
        } => output_file(&site.taxonomies[*taxonomy].terms[*term].pager_path(*pager)),
        Job::Feed { term, file } => match term {
            Some((t, i)) => format!(
                "{}{file}",
                site.taxonomies[*t].terms[*i].path.trim_start_matches('/')
            ),
            None => file.clone(),
        },
        Job::Sitemap => "sitemap.xml".into(),
        Job::Robots => "robots.txt".into(),
        Job::NotFound => "404.html".into(),
        Job::SearchIndex => crate::output::search::search_index_file(&site.config.default_language),
        Job::EntitiesJson => "data/taxonomies.json".into(),
        Job::Alias { at, .. } => output_file(at),
    }
}

/// A page's neighbours in its section (Zola's `page.lower` and `page.higher`): the earlier or
/// lighter one, and the later or heavier one.
type Neighbours = (Option<PageId>, Option<PageId>);

/// Every page's [`Neighbours`], in one pass over the sections: linear in the site. A section
/// sorted by date lists the newest first, so its earlier page is the next one in the list.
fn neighbours(site: &Site) -> Vec<Neighbours> {
    let mut out = vec![(None, None); site.pages.len()];
    for s in &site.sections {
        let newest_first = s.file.meta.sort_by == crate::content::SortBy::Date;
        for (k, &id) in s.pages.iter().enumerate() {
            let before = k.checked_sub(1).map(|j| s.pages[j]);
            let after = s.pages.get(k + 1).copied();
            out[id] = if newest_first {
                (after, before)
            } else {
                (before, after)
            };
        }
    }
    out
}

/// What `page.lower` and `page.higher` show of a neighbour.
fn neighbour_value(site: &Site, id: PageId) -> Value {
    let p = &site.pages[id];
    let mut f = BTreeMap::new();
    f.insert("title", Value::from(p.title()));
    f.insert("permalink", Value::from(p.permalink.as_str()));
    f.insert("path", Value::from(p.path.as_str()));
    f.insert(
        "date",
        Value::from(p.file.meta.date.as_ref().map(|d| d.as_str().to_string())),
    );
    Value::from(f)
}

fn render_job(
    site: &Site,
    values: &SiteValues,
    templates: &Templates,
    job: &Job,
    neighbours: &[Neighbours],
    beside: &mut Vec<(String, String)>,
) -> Result<String, Error> {
    let config = &site.config;
    match job {
        Job::Page(id) => {
            let page = &site.pages[*id];
            let template = &template_of(site, templates, job);
            let mut c = base_context(site, &page.path);
            match neighbours.get(*id) {
                Some(&(lower, higher)) => {
                    let mut value = values.pages[*id].as_map().cloned().unwrap_or_default();
                    for (key, n) in [("lower", lower), ("higher", higher)] {
                        value.insert(key.into(), n.map(|n| neighbour_value(site, n)).into());
                    }
                    c.insert_value("page", Value::from(value));
                }
                None => c.insert_value("page", values.pages[*id].clone()),
            }
            let what = page.file.display_path.display().to_string();
            // A template the page's own front matter names: point at that field.
            if !templates.contains(template)
                && page.file.meta.template.as_deref() == Some(template.as_str())
            {
                let (line, col) = crate::content::front_matter::position_of(
                    &page.file.front_matter,
                    page.file.front_matter_line,
                    "template",
                    template,
                );
                let missing = templates.missing(template, &what);
                let mut e = Error::at(&page.file.display_path, line, col, missing.message);
                e.hint = missing.hint;
                return Err(e);
            }
            templates.render(template, &c, &what)
        }
        Job::Section { id, pager } => {
            let s = &site.sections[*id];
            let path = s.pager_path(*pager);
            let template = &template_of(site, templates, job);
            let mut c = base_context(site, &path);
            let value = &values.sections[*id];
            c.insert_value("section", value.clone());
            insert_paginator(
                &mut c,
                value,
                s.file.meta.paginate_by,
                *pager,
                &s.path,
                |n| s.pager_path(n),
                config,
            );
            let what = s.file.index_relative.as_ref().map_or_else(
                || format!("section {}", s.path),
                |_| s.file.display_path.display().to_string(),
            );
            templates.render(template, &c, &what)
        }
        Job::TaxonomyList { id, pager } => {
            let tax = &site.taxonomies[*id];
            let mut c = base_context(site, &tax.list_pager_path(*pager));
            c.insert_value("taxonomy", values.taxonomies[*id].clone());
            let terms = &values.terms[*id];
            c.insert_value(
                "terms",
                Value::from(terms[tax.list_pager_terms(*pager)].to_vec()),
            );
            if let Some(p) = list_paginator(site, tax, terms, *pager) {
                c.insert_value("paginator", p);
            }
            let template = &template_of(site, templates, job);
            templates.render(template, &c, &format!("the {} list", tax.config.name))
        }
        Job::Term {
            taxonomy,
            term,
            pager,
        } => {
            let tax = &site.taxonomies[*taxonomy];
            let t = &tax.terms[*term];
            let path = t.pager_path(*pager);
            let mut c = base_context(site, &path);
            let value = &values.terms[*taxonomy][*term];
            c.insert_value("taxonomy", values.taxonomies[*taxonomy].clone());
            c.insert_value("term", value.clone());
            insert_paginator(
                &mut c,
                value,
                tax.config.paginate_by,
                *pager,
                &t.path,
                |n| pager_path(&t.path, "page", n),
                config,
            );
            let template = &template_of(site, templates, job);
            templates.render(
                template,
                &c,
                &format!("{} term `{}`", tax.config.name, t.name),
            )
        }
        Job::Feed { term, file } => {
            let (ids, base_path): (Vec<usize>, String) = match term {
                Some((t, i)) => {
                    let term = &site.taxonomies[*t].terms[*i];
                    (term.pages.clone(), term.path.clone())
                }
                None => {
                    let mut ids: Vec<usize> = (0..site.pages.len()).collect();
                    crate::site::sort_pages(&mut ids, crate::content::SortBy::Date, &site.pages);
                    (ids, "/".to_string())
                }
            };
            let limit = config.feed_limit.unwrap_or(usize::MAX);
            let ids: Vec<usize> = ids.into_iter().take(limit).collect();
            let last_updated = ids
                .iter()
                .filter_map(|&i| {
                    let m = &site.pages[i].file.meta;
                    m.updated.as_ref().or(m.date.as_ref())
                })
                .max()
                .map(|d| d.as_str().to_string())
                .unwrap_or_else(|| "1970-01-01".to_string());
            let feed_path = format!("{base_path}{file}");
            let mut c = base_context(site, &feed_path);
            c.insert("feed_url", &config.permalink(&feed_path));
            c.insert("last_updated", &last_updated);
            c.insert_value(
                "pages",
                Value::from(
                    ids.iter()
                        .map(|&i| values.pages[i].clone())
                        .collect::<Vec<_>>(),
                ),
            );
            if let Some((t, i)) = term {
                c.insert_value("taxonomy", values.taxonomies[*t].clone());
                c.insert_value("term", values.terms[*t][*i].clone());
            }
            templates.render(file, &c, &format!("the feed {feed_path}"))
        }
        Job::Sitemap => {
            let mut entries: Vec<(String, Option<String>)> = Vec::new();
            for p in &site.pages {
                let m = &p.file.meta;
                entries.push((
                    p.permalink.clone(),
                    m.updated.as_ref().or(m.date.as_ref()).map(|d| d.ymd()),
                ));
            }
            for s in &site.sections {
                entries.push((s.permalink.clone(), None));
            }
            for t in &site.taxonomies {
                entries.push((t.permalink.clone(), None));
                entries.extend(t.terms.iter().map(|term| (term.permalink.clone(), None)));
            }
            entries.sort();
            let list: Vec<Value> = entries
                .into_iter()
                .map(|(permalink, lastmod)| {
                    let mut f: BTreeMap<&'static str, Value> = BTreeMap::new();
                    f.insert("permalink", permalink.into());
                    f.insert("lastmod", lastmod.into());
                    Value::from(f)
                })
                .collect();
            let mut c = base_context(site, "/sitemap.xml");
            c.insert_value("entries", Value::from(list));
            templates.render("sitemap.xml", &c, "sitemap.xml")
        }
        Job::Robots => {
            let c = base_context(site, "/robots.txt");
            templates.render("robots.txt", &c, "robots.txt")
        }
        Job::NotFound => {
            let c = base_context(site, "/404.html");
            templates.render("404.html", &c, "404.html")
        }
        // The entry file is the output; the chunks go beside it.
        Job::SearchIndex => {
            let mut files = crate::output::search::search_index(site, values);
            let entry = files.remove(0).1;
            *beside = files;
            Ok(entry)
        }
        Job::EntitiesJson => {
            let json = serde_json::to_string_pretty(&entity_values::export(site))
                .map_err(|e| Error::new(format!("cannot write data/taxonomies.json: {e}")))?;
            Ok(json + "\n")
        }
        Job::Alias { at, to } => {
            let mut c = base_context(site, at);
            c.insert("permalink", to);
            templates.render("alias.html", &c, &format!("the redirect {at}"))
        }
    }
}
