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
/// of what Zola writes. Returns the copy, built, when the sites are there.
fn builds_like_zola(name: &str) -> Option<tempfile::TempDir> {
    let sites = zola_sites()?;
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
    // Code shows calls on purpose (`{{/* gallery() */}}` is written out as `{{ gallery() }}`,
    // as in Zola); anywhere else a call left as text is a shortcode that did not run.
    let code = regex::Regex::new(r"(?s)<pre[ >].*?</pre>|<code[ >].*?</code>").unwrap();
    let call = regex::Regex::new(r"\{\{\s*[A-Za-z_][A-Za-z0-9_]*\(|\{%\s*[A-Za-z_][A-Za-z0-9_]*\(")
        .unwrap();
    for path in written
        .iter()
        .filter(|p| !statics.contains(*p) && !theme_statics.contains(*p))
    {
        let text = std::fs::read_to_string(public.join(path)).unwrap();
        let text = code.replace_all(&text, "");
        assert!(
            !call.is_match(&text),
            "{name}: a shortcode call is left as text in {path}"
        );
    }
    Some(site)
}

#[test]
fn zolas_test_site_builds_with_every_page_zola_writes() {
    builds_like_zola("test_site");
}

/// Zola's documentation: every page, styled (its Sass compiled to the stylesheet its pages
/// load), its images resized, and its elasticlunr index finds "shortcodes".
#[test]
fn zolas_docs_build_styled_and_searchable() {
    let Some(site) = builds_like_zola("docs") else {
        return;
    };
    let public = site.path().join("public");
    // Tera 1 escapes `/` in what it prints (`&#x2F;site.css`), as in Zola.
    let read = |path: &str| {
        std::fs::read_to_string(public.join(path))
            .unwrap()
            .replace("&#x2F;", "/")
    };
    let index = read("index.html");
    assert!(index.contains("/site.css\""), "the pages load site.css");
    let css = std::fs::read_to_string(public.join("site.css")).unwrap();
    assert!(
        css.len() > 1000 && css.contains('{'),
        "site.css is compiled Sass: {}",
        css.len()
    );
    let images = std::fs::read_dir(public.join("processed_images"))
        .unwrap()
        .count();
    assert!(images > 0);
    let page = read("documentation/content/image-processing/index.html");
    assert!(
        page.contains("/processed_images/01-zola."),
        "resized images are shown"
    );
    // elasticlunr's trie: the stemmed word, letter by letter, then the documents that have it.
    let search: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(public.join("search_index.en.json")).unwrap(),
    )
    .unwrap();
    let mut node = &search["index"]["body"]["root"];
    for letter in "shortcod".chars() {
        node = &node[letter.to_string()];
    }
    let docs = node["docs"].as_object().expect("the word is indexed");
    assert!(
        docs.contains_key("https://www.getzola.org/documentation/content/shortcodes/"),
        "{:?}",
        docs.keys().collect::<Vec<_>>()
    );
    assert!(public.join("elasticlunr.min.js").is_file());
}

/// Zola's multilingual test site: each language's pages, sections, taxonomies and feeds at
/// its own URLs, `lang` and `translations` in every template, and a search index for each
/// language that asks for one.
#[test]
fn zolas_multilingual_site_builds_each_language() {
    let Some(site) = builds_like_zola("test_site_i18n") else {
        return;
    };
    let public = site.path().join("public");
    let read = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    let page = read("fr/blog/something/index.html");
    assert!(page.contains("Quelque chose"), "{page}");
    assert!(page.contains("Language: fr"), "{page}");
    assert!(
        page.contains("Translated in en: Something https://example.com/blog/something/"),
        "{page}"
    );
    // get_page(path = t.path) found the English version's content.
    assert!(page.contains("<p>A blog post</p>"), "{page}");
    let home = read("index.html");
    assert!(home.contains("Language: en"), "{home}");
    assert!(
        home.contains("Translated in fr: Accueil https://example.com/fr/"),
        "{home}"
    );
    // Each language's taxonomies hold its own pages only.
    let tags = read("fr/tags/index.html");
    assert!(
        tags.contains("bonjour bonjour 1 fr") && !tags.contains("hello"),
        "{tags}"
    );
    assert!(read("tags/index.html").contains("hello hello 1 en"));
    // Feeds: the site's and French's, and the terms' of `authors` and `auteurs`.
    for feed in [
        "atom.xml",
        "fr/atom.xml",
        "authors/queen-elizabeth/atom.xml",
        "fr/auteurs/vincent-prouillet/atom.xml",
    ] {
        assert!(public.join(feed).is_file(), "{feed}");
    }
    let fr_feed = read("fr/atom.xml");
    assert!(
        fr_feed.contains("Quelque chose") && !fr_feed.contains(">Something<"),
        "{fr_feed}"
    );
    assert!(!public.join("it/atom.xml").exists());
    // Search: English and Italian build an index (`[languages.it] build_search_index`),
    // French does not.
    assert!(public.join("search/en/index.js").is_file());
    assert!(public.join("search/it/index.js").is_file());
    assert!(!public.join("search/fr").exists());
    // A bundle's files beside each of its translations, as Zola copies them.
    assert!(public.join("blog/with-assets/some.js").is_file());
    assert!(public.join("fr/blog/with-assets/some.js").is_file());
}
