//! Rendering: every output of the site (pages, section and term pagers, taxonomy lists, feeds,
//! sitemap, robots.txt, 404, alias redirects) through tera, in parallel, into an output sink.

pub mod functions;
pub mod images;
mod kinds;
mod paginate;
pub mod relative;
pub mod search;
pub mod shortcodes;
pub mod signatures;
pub mod templates;
mod tera1;
pub mod values;
pub mod zola_filters;
mod zola_functions;
pub mod zola_search;

use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::error::{Error, Errors};
use crate::output::Sink;
use crate::site::Site;
pub use crate::site::output_file;
use kinds::Affected;
pub(crate) use kinds::{Job, plan};
pub use templates::{Context, TemplateSources, Templates};
pub use values::{SiteValues, ValueCache};

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

/// What lets a render skip the outputs whose inputs did not change: the dev server's memo of
/// the last build (the memo in `src/incremental/`). A render without one renders everything.
pub trait Memo: Sync {
    /// Whether the output at `path`, whose signature is now `signature`, is still as last
    /// rendered: same signature, and nothing its templates read changed.
    fn reusable(&self, path: &str, signature: u64, site: &Site, values: &SiteValues) -> bool;
    /// Remembers the outputs just rendered. Returns the files their previous versions wrote
    /// beside them that they no longer do.
    fn store_all(&mut self, fresh: Vec<Fresh>, site: &Site, values: &SiteValues) -> Vec<String>;
    /// Forgets every output that is not at one of `paths`.
    fn keep_only(&mut self, paths: &HashSet<String>);
    /// Whether it keeps the bytes of what it stores (a build's memo does not: they are in
    /// the output folder), so a render need not hold them until it stores them.
    fn keeps_bytes(&self) -> bool {
        true
    }
}

/// An output just rendered: where it goes, its bytes, its signature, what its templates read.
pub struct Fresh {
    /// Output path.
    pub path: String,
    /// The bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Files written beside it, by path (the search index's chunks).
    pub beside: Vec<Output>,
    /// Its signature (see [`signatures`]).
    pub signature: u64,
    /// What its templates read through functions.
    pub reads: Vec<functions::Read>,
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
    memo: Option<(&mut dyn Memo, u64)>,
) -> Result<RenderStats, Errors> {
    let jobs = plan(site, templates.is_tera1());
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
            memo.keep_only(&jobs.iter().map(|job| job.path(site)).collect());
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
    memo: Option<(&mut dyn Memo, u64)>,
    jobs: &[Job],
) -> Result<Written, Errors> {
    let previous = memo.as_ref().map(|(m, _)| &**m);
    let globals = memo.as_ref().map_or(0, |(_, g)| *g);
    let neighbours = &if templates.reads_neighbours() {
        kinds::neighbours(site)
    } else {
        Vec::new()
    };
    let cx = kinds::Cx {
        site,
        values,
        templates,
        neighbours,
    };
    // Listing pages cost hundreds of times what a page does and come last in the plan; left
    // to rayon's adaptive splitting, one worker rendered them all (a third of the phase spent
    // on one core). Small pieces let the idle worker steal.
    let results: Vec<Result<(usize, Option<Fresh>), Error>> = jobs
        .par_iter()
        .with_max_len(4)
        .map(|job| render_one(&cx, job.as_ref(), sink, previous, globals))
        .collect();
    let mut failed = Vec::new();
    let mut fresh = Vec::new();
    let mut written = Written::default();
    for r in results {
        match r {
            Ok((files, f)) => {
                written.written += files;
                fresh.extend(f);
            }
            Err(e) => failed.push(e),
        }
    }
    if !failed.is_empty() {
        return Err(merged(failed));
    }
    if let Some((memo, _)) = memo {
        written.outputs = fresh.len();
        for f in &fresh {
            written.files.push((f.path.clone(), f.bytes.clone()));
            written.files.extend(f.beside.iter().cloned());
        }
        written.dropped = memo.store_all(fresh, site, values);
    }
    Ok(written)
}

/// Renders `job` into `sink`, unless the memo's previous version is still good: how many files
/// it wrote, and (with a memo) what to remember of it.
fn render_one(
    cx: &kinds::Cx,
    job: &dyn kinds::Kind,
    sink: &dyn Sink,
    previous: Option<&dyn Memo>,
    globals: u64,
) -> Result<(usize, Option<Fresh>), Error> {
    let (site, values) = (cx.site, cx.values);
    let path = job.path(site);
    let signature = previous.map(|_| signature(cx, job, &path, globals));
    if let (Some(prev), Some(sig)) = (previous, signature)
        && prev.reusable(&path, sig, site, values)
    {
        return Ok((0, None));
    }
    let mut beside = Vec::new();
    let (rendered, reads) = functions::recording(|| job.render(cx, &mut beside));
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
    let keep = previous.is_some_and(|m| m.keeps_bytes());
    let held = |text: String| Arc::new(if keep { text.into_bytes() } else { Vec::new() });
    let fresh = signature.map(|signature| Fresh {
        path,
        bytes: held(text),
        beside: (beside.into_iter())
            .map(|(file, content)| (file, held(content)))
            .collect(),
        signature,
        reads,
    });
    Ok((files, fresh))
}

/// Errors that differ only in which output hit them, as one each (a bug in `page.html` fails
/// every page), counting the others.
fn merged(failed: Vec<Error>) -> Errors {
    let mut errors: BTreeMap<String, (Error, usize)> = BTreeMap::new();
    for e in failed {
        errors
            .entry(dedupe_key(&e))
            .and_modify(|(_, n)| *n += 1)
            .or_insert((e, 1));
    }
    Errors(
        errors
            .into_values()
            .map(|(mut e, n)| {
                if let Some(outputs) = &mut e.outputs {
                    outputs.others = n - 1;
                }
                e
            })
            .collect(),
    )
}

/// The outputs that may show pages `ids` after they were patched in place (same URLs, same
/// lists; see `Site::patch_page`): first the pages themselves, then everything else whose
/// signature covers them (their sections and terms with every pager, taxonomy lists, feeds,
/// sitemap, indexes) or that read them through a template function (`read_them`, asked of the
/// output paths no signature covers). Which of those really changed, their signatures decide
/// when they are rendered.
pub(crate) fn affected_by_pages(
    site: &Site,
    templates: &Templates,
    ids: &[usize],
    read_them: impl Fn(&str) -> bool,
) -> (Vec<Job>, Vec<Job>) {
    let terms: HashSet<(usize, usize)> = ids.iter().flat_map(|&i| site.terms_of(i)).collect();
    let edit = kinds::Edit {
        pages: ids.iter().copied().collect(),
        sections: ids.iter().map(|&i| site.pages[i].section).collect(),
        taxonomies: terms.iter().map(|&(t, _)| t).collect(),
        terms,
        neighbours_shown: templates.reads_neighbours(),
    };
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    for job in plan(site, templates.is_tera1()) {
        match job.affected_by(site, &edit) {
            Affected::Itself => first.push(job),
            Affected::Maybe => rest.push(job),
            Affected::No if read_them(&job.path(site)) => rest.push(job),
            Affected::No => {}
        }
    }
    (first, rest)
}

/// Everything in a job's template context, as one hash (see [`signatures`]).
fn signature(cx: &kinds::Cx, job: &dyn kinds::Kind, path: &str, globals: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = signatures::hasher();
    globals.hash(&mut h);
    // Only the templates this output can use: its own, what it extends and includes, and the
    // components every template may call.
    cx.templates
        .dependency_fingerprint(&job.template(cx.site, cx.templates))
        .hash(&mut h);
    // The kind of output and where it goes (not the job itself: its page and term indices
    // shift as pages come and go).
    (job.name(), path).hash(&mut h);
    job.sign(cx, &mut h);
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

/// What every template sees: `current_path`, `current_url`, and `lang`, the language of what
/// it renders.
fn base_context(site: &Site, path: &str, lang: &str) -> Context {
    let mut c = Context::new();
    c.insert("current_path", path);
    c.insert("current_url", &site.config.permalink(path));
    c.insert("lang", lang);
    c
}
