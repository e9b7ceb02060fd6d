//! A dev-server session: the site's inputs and the last good build, rebuilt on change.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::http::SiteFiles;
use crate::error::Errors;
use crate::incremental::{self, Caches};
use crate::output::MemorySink;
use crate::pipeline::{self, BuildOptions};

/// Directories whose changes can change the site (besides `config.toml`).
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static", "data", "sass"];

/// The inputs and options of one `serve` run, and what it keeps between rebuilds.
pub struct Session {
    root: PathBuf,
    options: BuildOptions,
    caches: Caches,
    /// The site as last built.
    files: Arc<SiteFiles>,
    /// What the last patch left to render (see [`Session::finish`]), and the site before it.
    later: Option<(incremental::Patch, Arc<SiteFiles>)>,
    rendered: usize,
    patched: bool,
}

/// The first stage of a rebuild: the site with the edited pages in it, and the outputs that
/// may still change until [`Session::finish`] is called.
pub struct Staged {
    /// The site.
    pub files: Arc<SiteFiles>,
    /// Output paths not up to date yet (empty when the rebuild is complete).
    pub pending: Vec<String>,
}

impl Session {
    /// A session for the site at `root`, published under `base_url`.
    pub fn new(root: &Path, base_url: &str, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            options: BuildOptions {
                root: root.to_path_buf(),
                base_url: Some(base_url.to_string()),
                drafts,
                ..BuildOptions::default()
            },
            caches: Caches::default(),
            files: Arc::default(),
            later: None,
            rendered: 0,
            patched: false,
        }
    }

    /// Whether a changed path is one of the site's inputs (editor swap files and the output
    /// directory are not).
    pub fn is_input(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".tmp")
        {
            return false;
        }
        rel == Path::new(crate::config::CONFIG_FILE)
            || WATCHED_DIRS.iter().any(|d| rel.starts_with(d))
    }

    /// Builds everything from scratch.
    pub fn rebuild_all(&mut self) -> Result<Arc<SiteFiles>, Errors> {
        self.later = None;
        self.caches = Caches::default();
        self.build()
    }

    /// Rebuilds after `changed` paths changed, completely (both stages).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Arc<SiteFiles>, Errors> {
        self.rebuild_first(changed)?;
        self.finish()
    }

    /// The first stage of a rebuild after `changed` paths changed. Pages edited in place are
    /// patched into the last build and rendered; the outputs showing them are left for
    /// [`Session::finish`]. Anything else runs the pipeline, which re-renders only outputs
    /// whose signature changed (see `crate::incremental`): `config.toml` and `data/` from
    /// scratch, content files read again.
    pub fn rebuild_first(&mut self, changed: &[PathBuf]) -> Result<Staged, Errors> {
        self.finish()?;
        self.rendered = 0;
        self.patched = false;
        let full = changed.iter().any(|p| {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            rel == Path::new(crate::config::CONFIG_FILE) || rel.starts_with("data")
        });
        if full {
            self.rebuild_all()?;
        } else if let Some(copied) =
            incremental::patch_static(&self.root, &mut self.caches, changed)
        {
            let copied = copied?;
            self.patched = true;
            self.take_in(&crate::render::Written {
                files: copied,
                ..Default::default()
            });
            self.rendered = 0;
        } else if let Some(rendered) =
            incremental::patch_templates(&self.root, &mut self.caches, changed)
        {
            let rendered = rendered?;
            self.patched = true;
            self.take_in(&rendered);
        } else if let Some(patched) =
            incremental::patch(&self.root, self.options.drafts, &mut self.caches, changed)
        {
            let patched = patched?;
            self.patched = true;
            let last_good = self.files.clone();
            self.take_in(&patched.rendered);
            let pending = patched.pending(&self.caches);
            self.later = Some((patched, last_good));
            return Ok(Staged {
                files: self.files.clone(),
                pending,
            });
        } else {
            for p in changed {
                self.caches.load.invalidate(p);
            }
            // Added to, not replaced: a build that failed early left its changes unread.
            self.caches.changed.extend_from_slice(changed);
            self.build()?;
        }
        Ok(Staged {
            files: self.files.clone(),
            pending: Vec::new(),
        })
    }

    /// Completes the rebuild [`Session::rebuild_first`] started, and returns the site. On
    /// failure the site goes back to what it was before the rebuild.
    pub fn finish(&mut self) -> Result<Arc<SiteFiles>, Errors> {
        if let Some((patched, last_good)) = self.later.take() {
            match incremental::finish_patch(&mut self.caches, patched) {
                Ok(rendered) => self.take_in(&rendered),
                Err(e) => {
                    self.files = last_good;
                    return Err(e);
                }
            }
        }
        Ok(self.files.clone())
    }

    /// The site as last built (the last good one after a failure).
    pub fn files(&self) -> Arc<SiteFiles> {
        self.files.clone()
    }

    /// Whether the last rebuild took a fast path: pages patched into the kept build, or static
    /// files copied with nothing else done.
    pub fn patched(&self) -> bool {
        self.patched
    }

    /// How many outputs the last rebuild rendered (the others were reused).
    pub fn last_rendered(&self) -> usize {
        self.rendered
    }

    /// Puts freshly rendered outputs into the site.
    fn take_in(&mut self, rendered: &crate::render::Written) {
        self.rendered += rendered.outputs;
        if rendered.files.is_empty() && rendered.dropped.is_empty() {
            return;
        }
        let mut files = (*self.files).clone();
        for path in &rendered.dropped {
            files.remove(path);
        }
        for (path, bytes) in &rendered.files {
            files.insert(path.clone(), bytes.clone());
        }
        self.files = Arc::new(files);
    }

    fn build(&mut self) -> Result<Arc<SiteFiles>, Errors> {
        let config = pipeline::load_config(&self.options)?;
        let sink = MemorySink::default();
        pipeline::run_with(&self.options, config, &sink, true, Some(&mut self.caches))?;
        self.rendered = self.caches.memo.last_rendered();
        // Static files and assets come from the sink; rendered outputs (which win over static
        // files of the same path, as in `build`) from the memo.
        let mut files: SiteFiles = sink
            .into_files()
            .into_iter()
            .map(|(k, v)| (k, Arc::new(v)))
            .collect();
        for (path, bytes) in self.caches.memo.files() {
            files.insert(path.clone(), bytes.clone());
        }
        self.files = Arc::new(files);
        Ok(self.files.clone())
    }
}
