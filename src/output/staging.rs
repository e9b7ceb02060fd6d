//! The output directory's atomic replacement: a build writes into a staging directory beside
//! the output and swaps it in only when every file was written.
//!
//! The swap leaves either the old or the new output in place at every instant, even when the
//! process is killed in the middle:
//!
//! - On Linux the two directories are exchanged in one step (`renameat2` with
//!   `RENAME_EXCHANGE`); the staging directory then holds the old output, which is removed.
//! - Where that is missing (another system, a file system without it), the old output is moved
//!   aside and the new one moved in: two renames with a moment between them with no output. A
//!   build killed right there leaves the old output aside, and the next build puts it back
//!   before anything else.
//!
//! A build holds an exclusive lock on the output's parent directory from start to swap, so two
//! builds into one place take turns. While holding it, a build removes what killed builds left
//! beside the output (`.gazette-staging.<name>.*`, `.gazette-old.<name>.*`): no other build can
//! be using them. Folders named the way earlier versions named them (`.gazette-staging-*`,
//! `.gazette-old-*`, with no lock) are removed once they are an hour old.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{Sink, checked_output_path};
use crate::error::{Error, Result};

/// Staging and set-aside folders of earlier versions, which took no lock: removed only once no
/// build could still be writing them.
const LEGACY_AGE: Duration = Duration::from_secs(3600);

/// Writes into a staging directory; [`DirSink::commit`] swaps it into place.
pub struct DirSink {
    staging: tempfile::TempDir,
    target: PathBuf,
    /// Held until the sink is dropped: the parent directory's lock (see the module docs).
    _lock: Option<File>,
}

impl DirSink {
    /// Prepares a staging directory beside `target` (same file system, so the swap is a rename),
    /// after waiting for any other build into the same place and clearing what killed builds
    /// left there.
    pub fn new(target: &Path) -> Result<DirSink> {
        let parent = parent_of(target);
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(parent, "create the output's parent directory", &e))?;
        let name = output_name(target);
        let lock = lock_dir(parent, target);
        if lock.is_some() {
            recover(parent, target, &name)?;
        }
        remove_legacy(parent);
        let staging = tempfile::Builder::new()
            .prefix(&format!("{}{name}.", Leftover::Staging.prefix()))
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, "create a staging directory", &e))?;
        Ok(DirSink {
            staging,
            target: target.to_path_buf(),
            _lock: lock,
        })
    }

    /// Replaces the target with what was written. Until this call, the target is untouched.
    pub fn commit(self) -> Result<()> {
        self.commit_keeping_dotfiles(false)
    }

    /// [`DirSink::commit`]; with `dotfiles`, the files and folders of the previous output
    /// whose names start with `.` (a `.git`, a `.well-known` the build does not write) move
    /// into the new one, as Zola's `preserve_dotfiles_in_output` keeps them.
    pub fn commit_keeping_dotfiles(self, dotfiles: bool) -> Result<()> {
        let staged = self.staging.keep();
        let target = &self.target;
        if dotfiles {
            keep_dotfiles(target, &staged)?;
        }
        fault_point("before-swap");
        if std::fs::symlink_metadata(target).is_err() {
            return std::fs::rename(&staged, target).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                Error::io(target, "move the new output into place", &e)
            });
        }
        let exchanged =
            if std::env::var_os("GAZETTE_FAULT_SWAP").is_some_and(|v| v == "two-renames") {
                Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
            } else {
                exchange(&staged, target)
            };
        match exchanged {
            Ok(()) => {
                fault_point("after-swap");
                // `staged` now holds the previous output. Should removing it fail, the next
                // build removes it.
                remove_in_parallel(&staged);
                Ok(())
            }
            Err(_) => swap_by_two_renames(&staged, target),
        }
    }
}

impl DirSink {
    /// Where `path` goes in the staging directory, its folder made.
    fn prepared(&self, path: &str) -> Result<PathBuf> {
        let full = self.staging.path().join(checked_output_path(path)?);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(path, "create the output directory", &e))?;
        }
        Ok(full)
    }
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let full = self.prepared(path)?;
        std::fs::write(&full, bytes).map_err(|e| Error::io(path, "write the output file", &e))
    }

    fn link(&self, path: &str, source: &Path, shown: &Path) -> Result<()> {
        let full = self.prepared(path)?;
        // Another file system, or one without hard links: a copy is the same file.
        match std::fs::hard_link(source, &full) {
            Ok(()) => Ok(()),
            Err(_) => self.copy(path, source, shown),
        }
    }
}

/// Moves the dot-named entries of `target` that `staged` does not have into `staged`.
fn keep_dotfiles(target: &Path, staged: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(target) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with('.') || staged.join(&name).exists() {
            continue;
        }
        std::fs::rename(entry.path(), staged.join(&name))
            .map_err(|e| Error::io(entry.path(), "keep the file in the new output", &e))?;
    }
    Ok(())
}

/// The fallback swap: old output aside, new one in, old one removed.
fn swap_by_two_renames(staged: &Path, target: &Path) -> Result<()> {
    let parent = parent_of(target);
    let aside = tempfile::Builder::new()
        .prefix(&format!(
            "{}{}.",
            Leftover::Aside.prefix(),
            output_name(target)
        ))
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, "create a directory for the old output", &e))?
        .keep();
    let old = aside.join(ASIDE_CHILD);
    std::fs::rename(target, &old)
        .map_err(|e| Error::io(target, "move the previous output aside", &e))?;
    fault_point("between-renames");
    if let Err(e) = std::fs::rename(staged, target) {
        // Put the previous output back so nothing is lost.
        let _ = std::fs::rename(&old, target);
        let _ = std::fs::remove_dir_all(staged);
        let _ = std::fs::remove_dir_all(&aside);
        return Err(Error::io(target, "move the new output into place", &e));
    }
    remove_in_parallel(&aside);
    Ok(())
}

/// The folder inside a set-aside directory that holds the previous output.
const ASIDE_CHILD: &str = "previous";

/// What a killed build can leave beside the output.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Leftover {
    /// A staging directory: a half-written new output, or the old one after an exchange.
    Staging,
    /// A set-aside directory of the fallback swap; holds the previous output.
    Aside,
}

impl Leftover {
    fn prefix(self) -> &'static str {
        match self {
            Leftover::Staging => ".gazette-staging.",
            Leftover::Aside => ".gazette-old.",
        }
    }
}

/// Holding the lock: puts back an output a killed fallback swap left aside, then removes every
/// leftover of `target`'s builds.
fn recover(parent: &Path, target: &Path, name: &str) -> Result<()> {
    let mut leftovers = Vec::new();
    for kind in [Leftover::Staging, Leftover::Aside] {
        let prefix = format!("{}{name}.", kind.prefix());
        let Ok(entries) = std::fs::read_dir(parent) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix)
                && entry.file_type().is_ok_and(|t| t.is_dir())
            {
                leftovers.push((kind, entry.path()));
            }
        }
    }
    if std::fs::symlink_metadata(target).is_err()
        && let Some((_, aside)) = leftovers
            .iter()
            .find(|(k, p)| *k == Leftover::Aside && p.join(ASIDE_CHILD).is_dir())
    {
        std::fs::rename(aside.join(ASIDE_CHILD), target).map_err(|e| {
            Error::io(
                target,
                "put back the output a killed build had moved aside",
                &e,
            )
        })?;
    }
    for (_, path) in leftovers {
        let _ = std::fs::remove_dir_all(path);
    }
    Ok(())
}

/// Removes leftovers of earlier versions' builds (see [`LEGACY_AGE`]).
fn remove_legacy(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let legacy = name.starts_with(".gazette-staging-") || name.starts_with(".gazette-old-");
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > LEGACY_AGE);
        if legacy && old && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Locks `parent` for this build, waiting (and saying so) while another build holds it. `None`
/// where directories cannot be locked: the build goes on, but leaves leftovers alone.
fn lock_dir(parent: &Path, target: &Path) -> Option<File> {
    let dir = File::open(parent).ok()?;
    match dir.try_lock() {
        Ok(()) => Some(dir),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another gazette build writing to {} ...",
                target.display()
            );
            dir.lock().ok().map(|()| dir)
        }
        Err(std::fs::TryLockError::Error(_)) => None,
    }
}

fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The output folder's own name, as the leftovers beside it are named after it.
fn output_name(target: &Path) -> String {
    target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
}

/// Swaps two directories in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Swaps two directories in one step: not available here, so the caller falls back.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Test hook: with `GAZETTE_FAULT=<point>` in the environment the process aborts at that point
/// of the swap, as if killed there (no destructor runs). `GAZETTE_FAULT_SWAP=two-renames` takes
/// the fallback swap. Used by the tests that prove the swap is atomic.
fn fault_point(point: &str) {
    if std::env::var_os("GAZETTE_FAULT").is_some_and(|p| p == point) {
        std::process::abort();
    }
}

/// Removes the folder `dir` (a previous output) and everything in it, its subfolders on all
/// cores: removing 10k pages' folders one by one was a tenth of a build. Errors are ignored,
/// as the next build removes what is left. Links are removed, never followed (`DirEntry`'s
/// file type does not follow them, and `remove_dir_all` does not either).
fn remove_in_parallel(dir: &Path) {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.flatten().collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|entry| {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_in_parallel(&entry.path());
        } else {
            let _ = std::fs::remove_file(entry.path());
        }
    });
    let _ = std::fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_output(dir: &Path, marker: &str) {
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("index.html"), marker).unwrap();
        std::fs::write(dir.join("a/index.html"), marker).unwrap();
    }

    #[test]
    fn commit_replaces_the_output_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        write_output(&target, "old");
        let sink = DirSink::new(&target).unwrap();
        sink.write("index.html", b"new").unwrap();
        sink.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        assert!(
            !target.join("a").exists(),
            "stale files of the old output stay"
        );
        let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1);
    }

    #[test]
    #[cfg(unix)]
    fn removing_the_old_output_removes_links_but_nothing_they_lead_to() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep.txt"), "mine").unwrap();
        let target = dir.path().join("public");
        write_output(&target, "old");
        std::os::unix::fs::symlink(outside.path(), target.join("a/linked-folder")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("keep.txt"), target.join("link.txt"))
            .unwrap();
        let sink = DirSink::new(&target).unwrap();
        sink.write("index.html", b"new").unwrap();
        sink.commit().unwrap();
        assert!(!target.join("a").exists() && !target.join("link.txt").exists());
        assert_eq!(
            std::fs::read_to_string(outside.path().join("keep.txt")).unwrap(),
            "mine"
        );
        let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1);
    }

    #[test]
    fn the_fallback_swap_replaces_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        write_output(&target, "old");
        let staged = dir.path().join("staged");
        write_output(&staged, "new");
        swap_by_two_renames(&staged, &target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1);
    }

    #[test]
    fn leftovers_of_killed_builds_are_cleared_and_an_output_set_aside_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        // A fallback swap killed between its renames: no output, the old one aside.
        write_output(&dir.path().join(".gazette-old.public.x1/previous"), "old");
        write_output(&dir.path().join(".gazette-staging.public.x2"), "half");
        // Another output's leftovers are not this build's business.
        write_output(&dir.path().join(".gazette-staging.other.x3"), "other");
        let sink = DirSink::new(&target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert!(!dir.path().join(".gazette-old.public.x1").exists());
        assert!(!dir.path().join(".gazette-staging.public.x2").exists());
        assert!(dir.path().join(".gazette-staging.other.x3").exists());
        drop(sink);
    }
}
