//! The dev server's fast path: content pages edited in place are patched into the last build
//! instead of running the pipeline again.
//!
//! A full rebuild of a 10,000-page site spends most of its time on whole-site passes (walking
//! the content, grouping taxonomies, checking URLs, sorting, building values, comparing the
//! signature of every output). An edit that keeps a page's URL, aliases, taxonomies and draft
//! state changes none of what those passes decide, so the page is swapped into the kept model,
//! the lists it is in are re-sorted, and only the outputs that can show it are considered. The
//! randomized test in `tests/it/serve.rs` checks the result against fresh full builds.
//!
//! Rendering is split in two so the browser hears about the edit as soon as the edited page
//! itself is ready: [`patch`] renders the pages, [`finish_patch`] the lists, feeds and indexes
//! that show them (the server holds requests for those until then).

use std::path::{Path, PathBuf};

use super::Caches;
use super::memo::Touched;
use crate::content;
use crate::error::Errors;
use crate::output::DiscardSink;
use crate::render::{self, Job};
use crate::sync::ReadWrite;

/// An edit patched into the last build: the outputs rendered so far, and those left for
/// [`finish_patch`].
pub struct Patch {
    /// Outputs rendered (the edited pages).
    pub rendered: render::Written,
    later: Vec<Job>,
}

impl Patch {
    /// The output paths [`finish_patch`] may still change.
    pub fn pending(&self, caches: &Caches) -> Vec<String> {
        match caches.built.as_ref() {
            Some(built) => self.later.iter().map(|job| job.path(&built.site)).collect(),
            None => Vec::new(),
        }
    }
}

/// Patches the content pages among `changed` into the last build and renders them. `None`
/// when the change is not an in-place page edit, or there is no last build: the caller runs
/// the pipeline instead. On error the kept build is dropped, so the next rebuild starts over.
pub fn patch(
    root: &Path,
    drafts: bool,
    caches: &mut Caches,
    changed: &[PathBuf],
) -> Option<Result<Patch, Errors>> {
    caches.built.as_ref()?;
    // A patch renders into nothing but the served outputs: it copies no image a page asks for.
    if caches.made_images() {
        return None;
    }
    let edited = edited_pages(root, caches, changed)?;
    let mut files = Vec::with_capacity(edited.len());
    for (path, relative) in &edited {
        caches.load.invalidate(path);
        match content::load_page(root, path, relative) {
            Ok(file) if drafts || !file.meta.draft => files.push(file),
            Ok(_) => return None,
            Err(e) => return Some(Err(caches.failed(Errors(vec![e])))),
        }
    }
    let built = caches.built.as_mut()?;
    let ids: Vec<usize> = files
        .iter()
        .map(|f| built.site.patchable(f))
        .collect::<Option<_>>()?;

    for (&id, file) in ids.iter().zip(files) {
        if let Some(content) = caches.content.as_mut() {
            content.replace_page(file.clone());
        }
        if !built.site.patch_page(id, file, Some(&caches.markdown)) {
            // Other pages' backlinks changed: the pipeline builds the site again.
            caches.keep(None);
            return None;
        }
        built
            .values
            .patch_page(&mut built.site, id, Some(&caches.values));
        built
            .lookup
            .writing()
            .update_page(&built.site, &built.values, id);
    }
    let mut broken = built.site.broken_links();
    broken.extend(built.site.render_errors());
    if !broken.is_empty() {
        return Some(Err(caches.failed(Errors(broken))));
    }
    let touched = Touched::by_pages(&built.site, &ids);
    let (first, later) = render::affected_by_pages(&built.site, &built.templates, &ids, |path| {
        caches.memo.read_touched(path, &touched, &built.site)
    });
    let memo = Some((&mut caches.memo as &mut dyn render::Memo, built.globals));
    match render::render_jobs(
        &built.site,
        &built.values,
        &built.templates,
        &DiscardSink,
        memo,
        &first,
    ) {
        Ok(rendered) => Some(Ok(Patch { rendered, later })),
        Err(e) => Some(Err(caches.failed(e))),
    }
}

/// Renders what [`patch`] left: the outputs that may show the edited pages and changed.
pub fn finish_patch(caches: &mut Caches, patch: Patch) -> Result<render::Written, Errors> {
    let Some(built) = caches.built.as_ref() else {
        return Ok(render::Written::default());
    };
    let memo = Some((&mut caches.memo as &mut dyn render::Memo, built.globals));
    render::render_jobs(
        &built.site,
        &built.values,
        &built.templates,
        &DiscardSink,
        memo,
        &patch.later,
    )
    .map_err(|e| caches.failed(e))
}

/// Templates edited, added or removed: the kept model and values are rendered with the new
/// templates, and, as in a full rebuild, only the outputs whose template closure changed are
/// rendered (see `render::signatures`); the model does not depend on the templates.
///
/// `None`, for the pipeline to run, unless every change is under the site's or its theme's
/// `templates/`, outside `shortcodes/`, and the site has no shortcode or anchor templates (a
/// shortcode may import macros from any template, and the markdown it renders is part of the
/// model). `None` too when the edit changes which engine (Tera 1 or 2) reads the templates.
pub fn patch_templates(
    root: &Path,
    caches: &mut Caches,
    changed: &[PathBuf],
) -> Option<Result<render::Written, Errors>> {
    if caches.made_images() {
        return None;
    }
    let built = caches.built.as_ref()?;
    let theme = built.site.config.theme.as_ref();
    let dirs: Vec<PathBuf> = std::iter::once(root.join("templates"))
        .chain(theme.map(|t| root.join("themes").join(t).join("templates")))
        .collect();
    let is_template = |path: &Path| {
        dirs.iter().any(|dir| {
            path.strip_prefix(dir)
                .is_ok_and(|rel| !rel.starts_with("shortcodes"))
        })
    };
    if changed.is_empty() || !changed.iter().all(|p| is_template(p)) {
        return None;
    }
    let sources = match render::TemplateSources::read(root, &built.site.config) {
        Ok(sources) => sources,
        Err(e) => return Some(Err(caches.failed(Errors(vec![e])))),
    };
    if sources.under("shortcodes/").next().is_some() || sources.contains("anchor-link.html") {
        return None;
    }
    let config = built.values.config.clone();
    let templates = match render::Templates::compile(&sources, built.lookup.clone(), config) {
        Ok(t) => t,
        Err(e) => return Some(Err(caches.failed(Errors(vec![e])))),
    };
    if templates.is_tera1() != built.templates.is_tera1()
        || templates.reads_neighbours() != built.templates.reads_neighbours()
    {
        return None;
    }
    let built = caches.built.as_mut()?;
    built.templates = templates;
    let jobs = render::plan(&built.site, built.templates.is_tera1());
    let memo = Some((&mut caches.memo as &mut dyn render::Memo, built.globals));
    let rendered = render::render_jobs(
        &built.site,
        &built.values,
        &built.templates,
        &DiscardSink,
        memo,
        &jobs,
    );
    match rendered {
        // A template that now resizes an image: only the pipeline copies the image.
        Ok(_) if caches.made_images() => {
            caches.keep(None);
            None
        }
        Ok(rendered) => Some(Ok(rendered)),
        Err(e) => Some(Err(caches.failed(e))),
    }
}

/// Static files edited in place: their new bytes, by output path (nothing is rendered). `None`
/// unless every change is a file the last build copied from `static/` (or the theme's) that
/// no rendered output or content asset shadows: new, removed or replaced files run the
/// pipeline.
pub fn patch_static(
    root: &Path,
    caches: &mut Caches,
    changed: &[PathBuf],
) -> Option<Result<Vec<render::Output>, Errors>> {
    let built = caches.built.as_ref()?;
    let mut out = Vec::with_capacity(changed.len());
    for path in changed {
        let source = built.statics.iter().find(|(_, source)| source == path);
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            // Gone: fine if it was in a static directory but never a static file there (an
            // editor's temporary file); anything else is for the pipeline to sort out.
            let theme_static = built
                .site
                .config
                .theme
                .as_ref()
                .map(|t| root.join("themes").join(t).join("static"));
            let in_static_dir = path.starts_with(root.join("static"))
                || theme_static.is_some_and(|d| path.starts_with(d));
            if in_static_dir && !built.statics.iter().any(|(_, s)| s.starts_with(path)) {
                continue;
            }
            return None;
        };
        // A symlink is not copied by a build (it could point anywhere): not here either.
        if !meta.is_file() {
            return None;
        }
        let (output, _) = source?;
        if caches.memo.has_output(output)
            || built.site.assets.iter().any(|a| &a.relative == output)
            // A template hashes or resizes it: what shows it must be rendered again.
            || caches.memo.read_file(path)
        {
            return None;
        }
        match std::fs::read(path) {
            Ok(bytes) => out.push((output.clone(), std::sync::Arc::new(bytes))),
            Err(e) => {
                let shown = content::display(root, path);
                let error = crate::error::Error::io(&shown, "read the file", &e);
                return Some(Err(caches.failed(Errors(vec![error]))));
            }
        }
    }
    (!out.is_empty()).then_some(Ok(out))
}

/// The changed paths as (path, path relative to `content/`) of existing pages edited in
/// place. `None` if any change is something else: a new, vanished or renamed file that was
/// part of the content, a section's `_index.md`, a raw source, an asset, anything outside
/// `content/`. Paths that vanished and never were content (an editor's temporary file) are
/// left out.
fn edited_pages(
    root: &Path,
    caches: &Caches,
    changed: &[PathBuf],
) -> Option<Vec<(PathBuf, String)>> {
    let content = caches.content.as_ref()?;
    let site = &caches.built.as_ref()?.site;
    let mut edited = Vec::new();
    for path in changed {
        let relative = content::content_relative(root, path)?;
        if path.is_file() {
            let page = relative.ends_with(".md")
                && !relative.ends_with("_index.md")
                && !content.is_raw_source(&relative)
                && site.page_by_relative.contains_key(&relative);
            if !page {
                return None;
            }
            edited.push((path.clone(), relative));
        } else if path.exists() || content.has_at_or_under(&relative) {
            return None;
        }
    }
    (!edited.is_empty()).then_some(edited)
}
