//! Incremental rebuilds: what lets `gazette serve` redo only what an edit can change.
//!
//! - [`Caches`]: what a dev session keeps between builds (parsed files, rendered markdown,
//!   page values, the last build's model and its outputs).
//! - [`refresh`]: changed content files taken into the last loaded content, or a full walk
//!   asked for.
//! - [`patch`]: pages edited in place swapped into the last build's model, and the outputs
//!   that can show them re-rendered; static files edited in place copied.
//! - [`disk`]: what `gazette build` keeps in `.gazette-cache/build/` for the next build
//!   (rendered markdown, and the memo of its outputs, which stay in the output folder).
//! - [`memo`]: every output of the last build with its signature and what its templates read,
//!   behind `render::Memo`, so a render skips the outputs that are still good.
//!
//! Two pieces stay with the stage they serve, so that no stage below the pipeline depends on
//! this folder: what each output kind's signature covers is declared with the kind
//! (`render::signatures`, used by `render/kinds/`), and the one generic cache every stage
//! keeps its values in is `crate::cache::Stamped`. Only the pipeline and the dev server call
//! this module. The randomized test in `tests/it/serve.rs` checks every kind of edit against
//! fresh full builds.

pub mod disk;
pub mod memo;
pub mod patch;
pub mod refresh;

pub use memo::RenderMemo;
pub use patch::{Patch, finish_patch, patch, patch_static, patch_templates};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::PathGlobs;
use crate::content::{self, Content};
use crate::error::Errors;
use crate::render::functions::SharedLookup;
use crate::render::images::Images;
use crate::render::{SiteValues, Templates, ValueCache};
use crate::site::{MarkdownCache, Site};

/// What a dev session keeps between builds so a rebuild only redoes what changed.
#[derive(Default)]
pub struct Caches {
    /// Parsed content files.
    pub load: content::LoadCache,
    /// Rendered markdown.
    pub markdown: MarkdownCache,
    /// Page template values.
    pub values: ValueCache,
    /// Rendered outputs and what each depended on.
    pub memo: RenderMemo,
    /// The content of the last build (hand-written pages; raw sources are ingested again).
    content: Option<Content>,
    /// Paths changed since the last build (set by the dev server before a rebuild).
    pub changed: Vec<PathBuf>,
    /// The last good build's model, which an edit can be patched into (none after a failure).
    built: Option<Built>,
    /// The image functions and every image they made this session: an output or a page's
    /// markdown taken from the caches does not ask for its images again.
    images: Option<Arc<Images>>,
    /// The caches of one `gazette build` (see [`disk`]), not of a dev session: content and
    /// page values are not kept, nor the outputs' bytes, so memory stays that of a build.
    for_build: bool,
}

/// What a build leaves for the next edit to patch: the model, its template values, and the
/// templates with the lookup their functions read.
pub struct Built {
    site: Site,
    values: SiteValues,
    templates: Templates,
    lookup: SharedLookup,
    globals: u64,
    /// Static files copied, by output path.
    statics: Vec<(String, PathBuf)>,
}

impl Built {
    /// What a build leaves: its model and values, its templates and their lookup, the hash of
    /// its site-wide inputs (see `render::signatures`), and the static files it copied.
    pub fn new(
        (site, values): (Site, SiteValues),
        (templates, lookup): (Templates, SharedLookup),
        globals: u64,
        statics: Vec<(String, PathBuf)>,
    ) -> Built {
        Built {
            site,
            values,
            templates,
            lookup,
            globals,
            statics,
        }
    }
}

impl Caches {
    /// The caches of one `gazette build`: the markdown and the memo of outputs it loaded from
    /// disk (see [`disk`]).
    pub fn for_build(markdown: MarkdownCache, memo: RenderMemo) -> Caches {
        Caches {
            markdown,
            memo,
            for_build: true,
            ..Caches::default()
        }
    }

    /// The page values kept between builds (none for a build: each value is used once).
    pub fn value_cache(&self) -> Option<&ValueCache> {
        (!self.for_build).then_some(&self.values)
    }

    /// The session's image functions for the site at `root` (new ones when the site's
    /// folder, theme or base URL changed).
    pub fn images(&mut self, root: &Path, config: &crate::config::Config) -> Arc<Images> {
        let theme = config.theme.as_deref();
        match &self.images {
            Some(kept) if kept.serves(root, theme, &config.base_url) => kept.clone(),
            _ => {
                let fresh = Arc::new(Images::new(root, theme, &config.base_url));
                self.images = Some(fresh.clone());
                fresh
            }
        }
    }

    /// Whether some template or shortcode of this session resized an image: a page edit
    /// then goes through the pipeline, which copies the images it asks for.
    pub fn made_images(&self) -> bool {
        self.images.as_ref().is_some_and(|i| !i.made().is_empty())
    }

    /// Keeps a build for the next edit to patch (`None` forgets the last one).
    pub fn keep(&mut self, built: Option<Built>) {
        let old = std::mem::replace(&mut self.built, built);
        // Freeing a big site's model (a value per page) is a good part of a rebuild's time: a
        // dev session does it beside the rebuild rather than before it.
        if let Some(old) = old.filter(|_| !self.for_build) {
            free_beside(old);
        }
    }

    /// The model of the last good build, if one is kept.
    pub fn site(&self) -> Option<&Site> {
        self.built.as_ref().map(|b| &b.site)
    }

    /// The site's content for the next build: the last content refreshed from what changed,
    /// or walked again when a change needs it. Raw sources are left out: they are ingested
    /// again every time, as their pages depend on all of them.
    pub fn content(
        &mut self,
        root: &Path,
        drafts: bool,
        raw_dirs: &[String],
        ignored: &PathGlobs,
    ) -> Result<Content, Errors> {
        if self.for_build {
            return content::load(root, drafts, raw_dirs, ignored, None);
        }
        let changed = std::mem::take(&mut self.changed);
        let reusable = match self.content.as_mut() {
            Some(previous) => {
                match refresh::refresh(previous, root, &changed, drafts, raw_dirs, ignored) {
                    Ok(reusable) => reusable,
                    Err(e) => {
                        // Half refreshed, and without the file that failed: walk again next time.
                        self.content = None;
                        return Err(e);
                    }
                }
            }
            None => false,
        };
        if !reusable {
            // If the walk fails, the next build must walk again, not refresh stale content.
            self.content = None;
            self.content = Some(content::load(
                root,
                drafts,
                raw_dirs,
                ignored,
                Some(&self.load),
            )?);
        }
        let mut content = self.content.clone().unwrap_or_default();
        content
            .pages
            .retain(|p| !content.raw.iter().any(|r| r.relative == p.relative));
        Ok(content)
    }

    /// Forgets the kept build (it may be half patched) and the loaded content (it may lack the
    /// edit that failed), so the next rebuild starts over, and passes the error on.
    fn failed(&mut self, errors: Errors) -> Errors {
        self.built = None;
        self.content = None;
        errors
    }
}

/// Drops `value` on a thread of its own, at the lowest priority. Freeing a big site's model (a
/// value per page) takes a good part of a build's time, and nothing waits for it: a dev
/// session frees the last model beside the next rebuild, which should not share its cores
/// with it, and `gazette build` exits without waiting for it.
pub fn free_beside<T: Send + 'static>(value: T) {
    std::thread::spawn(move || {
        // Linux's priorities are per thread (elsewhere this would lower the whole process's).
        #[cfg(target_os = "linux")]
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
        drop(value)
    });
}
