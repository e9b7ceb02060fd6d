//! Zola's own sites (`../shared/compat/zola/`, beside the project, under Zola's licence: they
//! are read there, never copied into the project) build unchanged, from their own folder with
//! no `--root`, as a Zola user runs Gazette: no error, every HTML file Zola writes for the site
//! is written (the lists are in `tests/compat/`), and no shortcode call is left as text.
//!
//! Without `../shared` the test skips; under `CI=true` it fails instead.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where Zola's sites are, when they are there.
fn zola_sites() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/compat/zola");
    let missing = (!dir.is_dir()).then(|| format!("{} is not there", dir.display()));
    if skip_or_fail(missing) {
        return None;
    }
    Some(dir)
}

/// The HTML files under `dir`, by path below it.
fn html_files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Builds Zola's site `name` in a copy, from its own folder, and checks it against the list
/// of what Zola writes.
fn builds_like_zola(name: &str) {
    let Some(sites) = zola_sites() else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    copy_dir(&sites.join(name), site.path());
    let out = gazette_from(site.path(), ".", &["build"]);
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    let public = site.path().join("public");
    let written = html_files(&public);
    let list = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/compat/{name}.urls")),
    )
    .unwrap();
    let expected: BTreeSet<&str> = (list.lines())
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    let missing: Vec<&&str> = expected.iter().filter(|p| !written.contains(**p)).collect();
    assert!(
        missing.is_empty(),
        "{name}: Zola writes these, Gazette does not: {missing:?}"
    );
    // Static files are copied as they are; everything else was rendered.
    let statics = html_files(&site.path().join("static"));
    let theme_statics: BTreeSet<String> = std::fs::read_dir(site.path().join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|t| html_files(&t.path().join("static")))
        .collect();
    let call = regex::Regex::new(r"\{\{\s*[A-Za-z_][A-Za-z0-9_]*\(|\{%\s*[A-Za-z_][A-Za-z0-9_]*\(")
        .unwrap();
    for path in written
        .iter()
        .filter(|p| !statics.contains(*p) && !theme_statics.contains(*p))
    {
        let text = std::fs::read_to_string(public.join(path)).unwrap();
        assert!(
            !call.is_match(&text),
            "{name}: a shortcode call is left as text in {path}"
        );
    }
}

#[test]
fn zolas_test_site_builds_with_every_page_zola_writes() {
    builds_like_zola("test_site");
}
