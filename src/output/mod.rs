//! Output sinks: where rendered files go.
//!
//! A build writes into a staging directory beside the output and swaps it in only when every
//! file was written, so a failed build leaves the previous output exactly as it was. `check`
//! discards what it renders; the dev server (later) keeps it in memory.

pub mod external;
pub mod links;
pub mod sass;
mod staging;

pub use staging::DirSink;

use crate::sync::Locked;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config::PathGlobs;
use crate::content::walk::files as files_under;
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

    /// Puts a file from disk at `path` as a hard link where the sink can (Zola's
    /// `hard_link_static`), else as a copy.
    fn link(&self, path: &str, source: &Path, shown: &Path) -> Result<()> {
        self.copy(path, source, shown)
    }
}

/// `path` when it is a relative output path that stays inside the output directory. The site
/// model already refuses such paths in front matter, with the field's position; this is the
/// last check before a byte is written, whatever made the path.
pub fn checked_output_path(path: &str) -> Result<&str> {
    let reason = if path.is_empty() {
        Some("it is empty")
    } else if path.starts_with('/') {
        Some("it is absolute")
    } else {
        crate::content::front_matter::unsafe_url_path(path)
    };
    match reason {
        None => Ok(path),
        Some(reason) => Err(Error::new(format!(
            "refusing to write the output file {path:?}: {reason}"
        ))
        .with_hint("every output path must stay inside the output directory")),
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
        self.files.into_value()
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        checked_output_path(path)?;
        let mut files = self.files.locked();
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Discards everything (for a patch that only wants the errors).
pub struct DiscardSink;

impl Sink for DiscardSink {
    fn write(&self, path: &str, _: &[u8]) -> Result<()> {
        checked_output_path(path).map(|_| ())
    }
}

/// Static files to copy: the theme's `static/`, then the site's `static/` (which wins on the same
/// path), leaving out what `ignored` (the site's `ignored_static`) matches. Returns (output path,
/// source file), sorted, and the links refused by the symlink policy of
/// [`crate::content::walk`].
pub fn static_files(
    root: &Path,
    theme: Option<&str>,
    ignored: &PathGlobs,
) -> (Vec<(String, PathBuf)>, Vec<Error>) {
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    let mut dirs = Vec::new();
    if let Some(theme) = theme {
        dirs.push(root.join("themes").join(theme).join("static"));
    }
    dirs.push(root.join("static"));
    for dir in dirs {
        if !dir.exists() {
            continue;
        }
        let (found, refused) = files_under(root, &dir, |e| {
            ignored.matches(&crate::content::relative_slash(&dir, e.path()))
        });
        files.extend(found);
        errors.extend(refused);
    }
    (files.into_iter().collect(), errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sinks_refuse_paths_outside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let sink = DirSink::new(&target).unwrap();
        for bad in [
            "../victim.html",
            "a/../../victim.html",
            "/etc/x",
            "a\\b",
            "x\0y",
            "C:/x",
            "",
        ] {
            assert!(sink.write(bad, b"x").is_err(), "{bad:?} was written");
            assert!(MemorySink::default().write(bad, b"x").is_err(), "{bad:?}");
        }
        sink.write("ok/index.html", b"x").unwrap();
        sink.commit().unwrap();
        assert!(target.join("ok/index.html").is_file());
        assert!(!dir.path().join("victim.html").exists());
    }
}
