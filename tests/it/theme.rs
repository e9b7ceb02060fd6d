//! The default theme on the bundled site: every page has a unique title, a description, a
//! canonical link and Open Graph tags; weights stay small; every page is valid HTML (the Nu Html
//! Checker, `vnu-jar`, needs Java) and has no serious or critical axe-core violations; key pages
//! work at 375 and 1280 px; the companies filter and search work (headless Chromium). The tool
//! tests skip where Java, Chromium or the npm packages are missing, except under CI=true.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the bundled site under `base_url` into a temp dir; returns (dir, public path).
fn build(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--base-url", base_url, "--output-dir"])
        .arg(&public)
        .arg("--root")
        .arg(repo())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, public)
}

fn html_pages(public: &Path) -> BTreeMap<String, String> {
    snapshot_tree(public)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
        .filter(|(_, v)| !v.contains("http-equiv=\"refresh\""))
        .collect()
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = text.find(start)? + start.len();
    let j = text[i..].find(end)? + i;
    Some(&text[i..j])
}

#[test]
fn every_page_has_unique_title_description_canonical_and_og() {
    let (_dir, public) = build("https://example.org");
    let pages = html_pages(&public);
    assert!(pages.len() > 50, "{} pages", pages.len());
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for (path, html) in &pages {
        let title =
            between(html, "<title>", "</title>").unwrap_or_else(|| panic!("{path}: no <title>"));
        if let Some(other) = titles.insert(title.to_string(), path.clone()) {
            panic!("{path} and {other} share the title `{title}`");
        }
        let description =
            between(html, "<meta name=\"description\" content=\"", "\"").unwrap_or_default();
        assert!(
            !description.trim().is_empty(),
            "{path}: empty meta description"
        );
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://example.org/"),
            "{path}: no canonical link"
        );
        for og in ["og:title", "og:description", "og:url", "og:type"] {
            assert!(
                html.contains(&format!("<meta property=\"{og}\"")),
                "{path}: no {og}"
            );
        }
        assert!(
            html.contains("type=\"application/atom+xml\""),
            "{path}: feed not linked"
        );
        assert!(
            html.contains("class=\"skip-link\" href=\"#main\""),
            "{path}: no skip link"
        );
    }
}

#[test]
fn weights_stay_small() {
    let (_dir, public) = build("https://example.org");
    let files = snapshot_tree(&public);
    let css: usize = files
        .iter()
        .filter(|(k, _)| k.ends_with(".css"))
        .map(|(_, v)| v.len())
        .sum();
    let search_bundle = ["elasticlunr.min.js", "search.js"];
    let js: usize = files
        .iter()
        .filter(|(k, _)| {
            k.ends_with(".js") && !search_bundle.contains(&k.as_str()) && !k.starts_with("search/")
        })
        .map(|(_, v)| v.len())
        .sum();
    println!("css {css} bytes, js {js} bytes");
    assert!(css < 30 * 1024, "CSS is {css} bytes");
    assert!(js < 30 * 1024, "JavaScript is {js} bytes");
    for (k, v) in files.iter().filter(|(k, _)| k.ends_with(".html")) {
        assert!(v.len() < 150 * 1024, "{k} is {} bytes", v.len());
    }
}

#[test]
fn every_page_is_valid_html() {
    let jar = repo().join("tests/e2e/node_modules/vnu-jar/build/dist/vnu.jar");
    let missing = if Command::new("java").arg("-version").output().is_err() {
        Some("java not found (apt-get install default-jre-headless)".to_string())
    } else if !jar.is_file() {
        Some("vnu-jar missing (run `npm ci` in tests/e2e)".to_string())
    } else {
        None
    };
    if skip_or_fail(missing) {
        return;
    }
    let (_dir, public) = build("https://example.org");
    let pages: Vec<PathBuf> = html_pages(&public).keys().map(|k| public.join(k)).collect();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .unwrap();
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        out.status.success() && report.trim().is_empty(),
        "HTML errors in {} pages:\n{report}",
        pages.len()
    );
}

#[test]
fn accessible_responsive_filterable_and_searchable_in_chromium() {
    if skip_or_fail(browser_tools_missing(&["playwright-core", "axe-core"])) {
        return;
    }
    let port = free_port();
    let (_dir, public) = build(&format!("http://127.0.0.1:{port}"));
    run_node_script(
        "theme.mjs",
        &[public.as_os_str(), port.to_string().as_ref()],
    );
}

/// A source with long web addresses (tests/fixtures/long-addresses) in a copy of the bundled
/// site, on a 375 px screen: each address breaks between its parts, its host moves to the next
/// line whole when it fits on one, and nothing overflows.
#[test]
fn long_addresses_keep_their_host_whole_at_375_px_in_chromium() {
    if skip_or_fail(browser_tools_missing(&["playwright-core"])) {
        return;
    }
    let site = copy_bundled_site();
    std::fs::copy(
        repo().join("tests/fixtures/long-addresses/engineering-blog-move.md"),
        site.path().join("content/sources/engineering-blog-move.md"),
    )
    .unwrap();
    let out = gazette(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let page = public.join("sources/engineering-blog-move/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<span class=\"host\">engineering.pay-example-co.com</span>/<wbr>2019"),
        "{html}"
    );
    run_node_script(
        "long_urls.mjs",
        &[
            public.as_os_str(),
            "sources/engineering-blog-move/index.html".as_ref(),
            "sources/index.html".as_ref(),
        ],
    );
}

/// The bundled site built for its real `base_url`, then opened where people open a built
/// folder: from `file://` and from a static server on another port and path. Styled, no
/// console error, no request outside the folder, links stay inside it (`relative_urls`).
#[test]
fn previews_from_file_and_any_static_server_in_chromium() {
    if skip_or_fail(browser_tools_missing(&["playwright-core"])) {
        return;
    }
    let port = free_port();
    let (_dir, public) = build("https://gazette.example.org");
    run_node_script(
        "preview.mjs",
        &[public.as_os_str(), port.to_string().as_ref()],
    );
}
