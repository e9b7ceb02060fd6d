//! `refresh` on real folders, against `content::load`.

use super::*;
use crate::content::load;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(CONTENT_DIR).join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn remove(root: &Path, rel: &str) {
    let p = root.join(CONTENT_DIR).join(rel);
    if p.is_dir() {
        std::fs::remove_dir_all(p).unwrap();
    } else {
        std::fs::remove_file(p).unwrap();
    }
}

/// Everything `load` decides, in order: pages, assets, sections, raw files.
type Summary = (
    Vec<(String, u64)>,
    Vec<(String, PathBuf)>,
    Vec<(String, Option<String>, u64)>,
    Vec<String>,
);

fn summary(c: &Content) -> Summary {
    (
        c.pages
            .iter()
            .map(|p| (p.relative.clone(), p.fingerprint))
            .collect(),
        c.assets
            .iter()
            .map(|a| (a.relative.clone(), a.source.clone()))
            .collect(),
        c.sections
            .values()
            .map(|s| (s.dir.clone(), s.index_relative.clone(), s.fingerprint))
            .collect(),
        c.raw.iter().map(|r| r.relative.clone()).collect(),
    )
}

#[test]
#[cfg(unix)] // for the symlink
fn refresh_gives_what_a_fresh_load_gives_or_asks_for_one() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(root, "_index.md", "+++\n+++\n");
    write(root, "blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    write(root, "blog/a.md", &page("a"));
    write(root, "blog/a/x.md", &page("x"));
    write(root, "blog/z.md", &page("z"));
    write(root, "blog/bundle/index.md", &page("bundle"));
    write(root, "blog/bundle/pic.svg", "<svg/>");
    write(root, "blog/hidden/index.md", "+++\ndraft = true\n+++\n");
    write(root, "blog/hidden/pic.png", "png");
    write(root, "blog/empty/keep.txt", "x");
    write(root, "raw/doc.txt", "Some raw text.");
    let raw_dirs = ["raw".to_string()];
    let ignored = crate::config::PathGlobs::default();
    let fresh = || load(root, false, &raw_dirs, &ignored, None).unwrap();
    let mut content = fresh();
    let dir = root.join(CONTENT_DIR);
    std::fs::write(root.join("shared.png"), "png").unwrap();
    for (what, change, reported, in_place) in steps() {
        change(root);
        let changed: Vec<PathBuf> = reported.iter().map(|r| dir.join(r)).collect();
        let refreshed = refresh(&mut content, root, &changed, false, &raw_dirs, &ignored).unwrap();
        assert_eq!(refreshed, in_place, "{what}");
        if refreshed {
            // Refreshes build on each other: drift would show here.
            assert_eq!(summary(&content), summary(&fresh()), "{what}");
        } else {
            content = fresh();
        }
    }
}

/// A page with a title and a body.
fn page(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\nBody.\n")
}

/// A change to the site, made in the folder it is given.
type Change = Box<dyn Fn(&Path)>;

/// Each step: what it does, the paths a watcher reports, and whether refresh may take it in
/// place (it must never take in a change and get it wrong).
// Longer than 80 lines on purpose: a table of steps, one entry per kind of change.
#[cfg(unix)]
fn steps() -> Vec<(&'static str, Change, Vec<&'static str>, bool)> {
    let link = |r: &Path| {
        std::os::unix::fs::symlink(r.join("shared.png"), r.join("content/blog/link.png")).unwrap()
    };
    vec![
        (
            "a page sorting between a/x.md and a.md",
            Box::new(|r| write(r, "blog/a-b.md", &page("ab"))),
            vec!["blog/a-b.md"],
            true,
        ),
        (
            "a page edited",
            Box::new(|r| write(r, "blog/z.md", &page("z2"))),
            vec!["blog/z.md"],
            true,
        ),
        (
            "a page made a draft",
            Box::new(|r| write(r, "blog/z.md", "+++\ndraft = true\n+++\n")),
            vec!["blog/z.md"],
            true,
        ),
        (
            "a draft published",
            Box::new(|r| write(r, "blog/z.md", &page("z3"))),
            vec!["blog/z.md"],
            true,
        ),
        (
            "a section index edited",
            Box::new(|r| write(r, "blog/_index.md", "+++\ntitle = \"B\"\n+++\n")),
            vec!["blog/_index.md"],
            true,
        ),
        (
            "a bundle page edited",
            Box::new(|r| write(r, "blog/bundle/index.md", &page("b2"))),
            vec!["blog/bundle/index.md"],
            true,
        ),
        (
            "an asset added to a bundle",
            Box::new(|r| write(r, "blog/bundle/b.png", "png")),
            vec!["blog/bundle/b.png"],
            true,
        ),
        (
            "an asset removed",
            Box::new(|r| remove(r, "blog/bundle/pic.svg")),
            vec!["blog/bundle/pic.svg"],
            true,
        ),
        (
            "a page removed",
            Box::new(|r| remove(r, "blog/a.md")),
            vec!["blog/a.md"],
            true,
        ),
        (
            "a raw source edited",
            Box::new(|r| write(r, "raw/doc.txt", "Other text.")),
            vec!["raw/doc.txt"],
            true,
        ),
        (
            "a temporary file come and gone",
            Box::new(|_| {}),
            vec!["blog/4913"],
            true,
        ),
        (
            "a page in a new directory",
            Box::new(|r| write(r, "news/n.md", &page("n"))),
            vec!["news", "news/n.md"],
            false,
        ),
        (
            "a draft bundle's index removed",
            Box::new(|r| remove(r, "blog/hidden/index.md")),
            vec!["blog/hidden/index.md"],
            false,
        ),
        (
            "a directory replaced by a file",
            Box::new(|r| {
                remove(r, "blog/empty");
                write(r, "blog/empty", "now a file");
            }),
            vec!["blog/empty"],
            false,
        ),
        (
            "a known directory reported",
            Box::new(|_| {}),
            vec!["blog"],
            false,
        ),
        (
            "a symlink to a file in the site",
            Box::new(link),
            vec!["blog/link.png"],
            false,
        ),
        (
            "a rename that only changes case",
            Box::new(|r| write(r, "blog/case.md", &page("c"))),
            vec!["blog/Case.md", "blog/case.md"],
            false,
        ),
    ]
}
