//! A dev-server session: the site's inputs and the last good build, rebuilt on change.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::http::SiteFiles;
use crate::build::{self, BuildOptions, Caches};
use crate::error::Errors;
use crate::output::MemorySink;

/// Directories whose changes can change the site (besides `config.toml`).
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static", "data"];

/// The inputs and options of one `serve` run, and what it keeps between rebuilds.
pub struct Session {
    root: PathBuf,
    options: BuildOptions,
    caches: Caches,
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
    pub fn rebuild_all(&mut self) -> Result<SiteFiles, Errors> {
        self.caches = Caches::default();
        self.build()
    }

    /// Rebuilds after `changed` paths changed: `config.toml` and `data/` start over; a content
    /// file is read again; everything else is found out by comparing signatures (see
    /// `render::incremental`).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<SiteFiles, Errors> {
        let full = changed.iter().any(|p| {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            rel == Path::new(crate::config::CONFIG_FILE) || rel.starts_with("data")
        });
        if full {
            return self.rebuild_all();
        }
        for p in changed {
            self.caches.load.invalidate(p);
        }
        self.caches.changed = changed.to_vec();
        self.build()
    }

    /// How many outputs the last rebuild rendered (the others were reused).
    pub fn last_rendered(&self) -> usize {
        self.caches.memo.last_rendered
    }

    fn build(&mut self) -> Result<SiteFiles, Errors> {
        let config = build::load_config(&self.options)?;
        let sink = MemorySink::default();
        build::run_with(&self.options, config, &sink, true, Some(&mut self.caches))?;
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
        Ok(files)
    }
}
