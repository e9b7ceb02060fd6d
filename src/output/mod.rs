//! Output sinks: where rendered files go.
//!
//! A build writes into a staging directory beside the output and swaps it in only when every
//! file was written, so a failed build leaves the previous output exactly as it was. `check`
//! discards what it renders; the dev server (later) keeps it in memory.

pub mod search;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use walkdir::WalkDir;

use crate::error::{Error, Result};

/// Something rendered files can be written to, from many threads at once.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (relative, `/`-separated, e.g. `blog/post/index.html`).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;

    /// Copies a file from disk to `path`.
    fn copy(&self, path: &str, source: &Path, shown: &Path) -> Result<()> {
        let bytes = std::fs::read(source).map_err(|e| Error::io(shown, "read the file", &e))?;
        self.write(path, &bytes)
    }
}

/// Writes into a staging directory; [`DirSink::commit`] swaps it into place.
pub struct DirSink {
    staging: tempfile::TempDir,
    target: PathBuf,
}

impl DirSink {
    /// Prepares a staging directory beside `target` (same file system, so the swap is a rename).
    pub fn new(target: &Path) -> Result<DirSink> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(parent, "create the output's parent directory", &e))?;
        let staging = tempfile::Builder::new()
            .prefix(".gazette-staging-")
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, "create a staging directory", &e))?;
        Ok(DirSink {
            staging,
            target: target.to_path_buf(),
        })
    }

    /// Replaces the target with what was written. Until this call, the target is untouched.
    pub fn commit(self) -> Result<()> {
        let staged = self.staging.keep();
        if self.target.exists() {
            let parent = self
                .target
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let old = tempfile::Builder::new()
                .prefix(".gazette-old-")
                .tempdir_in(parent)
                .map_err(|e| Error::io(parent, "create a directory for the old output", &e))?;
            let old_path = old.path().join("previous");
            std::fs::rename(&self.target, &old_path)
                .map_err(|e| Error::io(&self.target, "move the previous output aside", &e))?;
            if let Err(e) = std::fs::rename(&staged, &self.target) {
                // Put the previous output back so nothing is lost.
                let _ = std::fs::rename(&old_path, &self.target);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(Error::io(
                    &self.target,
                    "move the new output into place",
                    &e,
                ));
            }
            drop(old); // removes the previous output
        } else if let Err(e) = std::fs::rename(&staged, &self.target) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::io(
                &self.target,
                "move the new output into place",
                &e,
            ));
        }
        Ok(())
    }
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let full = self.staging.path().join(path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(path, "create the output directory", &e))?;
        }
        std::fs::write(&full, bytes).map_err(|e| Error::io(path, "write the output file", &e))
    }
}

/// Keeps every file in memory (for `check`, tests and the dev server).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// The files written, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Discards everything (for `check`, which only wants the errors).
pub struct DiscardSink;

impl Sink for DiscardSink {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }
}

/// Static files to copy: the theme's `static/`, then the site's `static/` (which wins on the same
/// path). Returns (output path, source file), sorted.
pub fn static_files(root: &Path, theme: Option<&str>) -> Vec<(String, PathBuf)> {
    let mut files = BTreeMap::new();
    let mut dirs = Vec::new();
    if let Some(theme) = theme {
        dirs.push(root.join("themes").join(theme).join("static"));
    }
    dirs.push(root.join("static"));
    for dir in dirs {
        for entry in WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(std::result::Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(key, entry.into_path());
        }
    }
    files.into_iter().collect()
}
