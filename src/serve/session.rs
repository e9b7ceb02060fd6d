//! A dev-server session: the site's inputs and the last good build, rebuilt on change.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::http::SiteFiles;
use crate::build::{self, BuildOptions};
use crate::error::Errors;
use crate::output::MemorySink;

/// Directories whose changes can change the site (besides `config.toml`).
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static", "data"];

/// The inputs and options of one `serve` run.
pub struct Session {
    root: PathBuf,
    options: BuildOptions,
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
        }
    }

    /// Whether a changed path is one of the site's inputs (editor swap files and the output
    /// directory are not).
    pub fn is_input(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else { return false };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
            return false;
        }
        rel == Path::new(crate::config::CONFIG_FILE) || WATCHED_DIRS.iter().any(|d| rel.starts_with(d))
    }

    /// Builds everything from scratch.
    pub fn rebuild_all(&mut self) -> Result<SiteFiles, Errors> {
        let config = build::load_config(&self.options)?;
        let sink = MemorySink::default();
        build::run(&self.options, config, &sink, true)?;
        Ok(sink.into_files().into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }

    /// Rebuilds after `changed` paths changed.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<SiteFiles, Errors> {
        let _ = changed;
        self.rebuild_all()
    }
}
