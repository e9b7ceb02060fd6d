//! Walking the site's input folders, with one policy for symbolic links.
//!
//! Every folder a build reads (`content/`, `static/`, `templates/`, `themes/`, `data/`) is walked
//! here, by `build`, `check` and `serve` alike, so they all see the same files:
//!
//! - A symbolic link is **followed when its target, fully resolved, is inside the site root**
//!   (a shared image folder, a partial linked from another template folder). A link to a folder
//!   is walked like the folder.
//! - A link whose target is **outside the site root**, a **broken** link and a **loop** are errors
//!   that name the link. Nothing outside the site root is read, so a link such as
//!   `content/passwd.txt -> /etc/passwd` can never be published or served.
//!
//! The site root is resolved once too, so a site reached through a symlinked path works.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::display;
use crate::error::Error;

/// Every entry under `dir` (itself included, at depth 0), in file-name order, with symbolic links
/// resolved by the module's policy. `skip` prunes entries (and what is below them) before any
/// link is looked at. Problems come back in walk order as errors naming the path.
pub fn walk(
    root: &Path,
    dir: &Path,
    skip: impl Fn(&DirEntry) -> bool,
) -> Vec<Result<DirEntry, Error>> {
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let refused: RefCell<Vec<Error>> = RefCell::default();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && skip(e) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            match link_target(&site, e.path()) {
                Ok(_) => true,
                Err(reason) => {
                    refused
                        .borrow_mut()
                        .push(link_error(root, e.path(), &reason));
                    false
                }
            }
        });
    let mut out = Vec::new();
    for entry in walker {
        out.extend(refused.borrow_mut().drain(..).map(Err));
        match entry {
            Ok(e) => out.push(Ok(e)),
            Err(e) => out.push(Err(walk_error(root, dir, &e))),
        }
    }
    out.extend(refused.into_inner().into_iter().map(Err));
    out
}

/// The files under `dir` (by [`walk`]'s policy and `skip`), each with its key: the path below
/// `dir` joined with `/`, the same on every platform. Folders are left out; the problems of the
/// walk come back beside the files, so a caller can report every one at once.
pub fn files(
    root: &Path,
    dir: &Path,
    skip: impl Fn(&DirEntry) -> bool,
) -> (Vec<(String, PathBuf)>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for entry in walk(root, dir, skip) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                files.push((super::relative_slash(dir, e.path()), e.into_path()));
            }
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    (files, errors)
}

/// Where the link at `path` leads, when that is inside `site` (the resolved site root).
fn link_target(site: &Path, path: &Path) -> Result<PathBuf, String> {
    let target = std::fs::canonicalize(path).map_err(|e| {
        let to = std::fs::read_link(path)
            .map(|t| format!(" (to {})", t.display()))
            .unwrap_or_default();
        format!("cannot follow the symbolic link{to}: {e}")
    })?;
    if target.starts_with(site) {
        Ok(target)
    } else {
        Err(format!(
            "the symbolic link points outside the site, to {}",
            target.display()
        ))
    }
}

fn link_error(root: &Path, path: &Path, reason: &str) -> Error {
    Error::in_file(display(root, path), reason.to_string()).with_hint(
        "Gazette follows symbolic links only to files and folders inside the site root; \
         copy the file into the site, or remove the link",
    )
}

fn walk_error(root: &Path, dir: &Path, e: &walkdir::Error) -> Error {
    let path = e.path().unwrap_or(dir);
    if let Some(ancestor) = e.loop_ancestor() {
        return link_error(
            root,
            path,
            &format!(
                "the symbolic link makes a loop back to {}",
                display(root, ancestor).display()
            ),
        );
    }
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        let reason = match std::fs::read_link(path) {
            Ok(t) => format!("broken symbolic link to {}", t.display()),
            Err(_) => "broken symbolic link".to_string(),
        };
        return link_error(root, path, &reason);
    }
    let reason = e
        .io_error()
        .map_or_else(|| e.to_string(), ToString::to_string);
    Error::in_file(display(root, path), format!("cannot read: {reason}"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(root: &Path, dir: &Path) -> (Vec<String>, Vec<String>) {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for r in walk(root, dir, |_| false) {
            match r {
                Ok(e) if e.file_type().is_file() => files.push(
                    e.path()
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                ),
                Ok(_) => {}
                Err(e) => errors.push(e.to_string()),
            }
        }
        (files, errors)
    }

    #[test]
    fn links_inside_the_site_are_followed_and_links_out_are_errors() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("real")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(content.join("real/a.md"), "a").unwrap();
        std::fs::write(root.join("shared/logo.svg"), "<svg/>").unwrap();
        symlink(root.join("shared"), content.join("linked-dir")).unwrap();
        symlink(root.join("shared/logo.svg"), content.join("logo.svg")).unwrap();
        symlink(
            outside.path().join("secret.txt"),
            content.join("passwd.txt"),
        )
        .unwrap();
        symlink(outside.path(), content.join("out-dir")).unwrap();
        symlink(root.join("nowhere"), content.join("broken.md")).unwrap();
        symlink(&content, content.join("real/loop")).unwrap();

        let (files, errors) = names(root, &content);
        assert_eq!(files, ["linked-dir/logo.svg", "logo.svg", "real/a.md"]);
        let text = errors.join("\n");
        assert!(
            text.contains("content/passwd.txt: the symbolic link points outside the site"),
            "{text}"
        );
        assert!(
            text.contains("content/out-dir: the symbolic link points outside"),
            "{text}"
        );
        assert!(text.contains("content/broken.md: "), "{text}");
        assert!(text.contains("content/real/loop: "), "{text}");
        assert_eq!(errors.len(), 4, "{text}");
        assert!(!text.contains("secret\n"));
    }
}
