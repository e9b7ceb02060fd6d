//! What each kind of edit re-renders, and what a failed rebuild leaves served.

use super::*;

/// Outputs rendered again by the last rebuild: reused outputs are the very same allocation.
fn rerendered(before: &SiteFiles, after: &SiteFiles) -> Vec<String> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k).is_none_or(|b| !std::sync::Arc::ptr_eq(b, v)))
        .map(|(k, _)| k.clone())
        .collect()
}

#[test]
fn a_raw_source_edit_rerenders_only_the_entities_of_that_source() {
    let site = copy_bundled_site();
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let first = session.rebuild_all().unwrap();
    let source = root.join("content/sources/go-dev-case-studies.md");
    // Entity pages, split by whether the edited source is one of their sources (then the source
    // page is in the term's page list, and the entity page shows it).
    let export: serde_json::Value = serde_json::from_slice(&first["data/taxonomies.json"]).unwrap();
    let (mut of_source, mut others) = (Vec::new(), Vec::new());
    for kind in ["companies", "domains", "comparisons"] {
        for entity in export[kind].as_array().unwrap() {
            let page = format!("{kind}/{}/index.html", entity["slug"].as_str().unwrap());
            let sources = entity["sources"].as_array().unwrap();
            if sources
                .iter()
                .any(|s| s == "content/sources/go-dev-case-studies.md")
            {
                of_source.push(page);
            } else {
                others.push(page);
            }
        }
    }
    assert!(!of_source.is_empty() && others.len() > 10, "{others:?}");
    let text = std::fs::read_to_string(&source).unwrap();
    let edits = [
        // A line that names nobody.
        format!("{text}\nA closing line that names nobody.\n"),
        // Monzo's quote changes.
        text.replace("Go is a perfect language", "Go is a fine language"),
    ];
    let mut before = first;
    for edit in edits {
        std::fs::write(&source, edit).unwrap();
        let after = session.rebuild(std::slice::from_ref(&source)).unwrap();
        assert_eq!(*after, *full_build(root).unwrap());
        let again = rerendered(&before, &after);
        assert!(again.contains(&"sources/go-dev-case-studies/index.html".to_string()));
        assert!(again.contains(&"companies/monzo/index.html".to_string()));
        let stray: Vec<&String> = others.iter().filter(|p| again.contains(p)).collect();
        assert!(
            stray.is_empty(),
            "entity pages not sourced from the edit: {stray:?}"
        );
        before = after;
    }
}

#[test]
fn a_new_page_rerenders_only_the_lists_it_joins() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let before = session.rebuild_all().unwrap();
    // Sorts before every other page, so every page's position in the site changes.
    let new = root.join("content/aaa.md");
    std::fs::write(&new, "+++\ntitle = \"Aaa\"\n+++\nNew.\n").unwrap();
    let after = session.rebuild(std::slice::from_ref(&new)).unwrap();
    assert_eq!(*after, *full_build(root).unwrap());
    let again = rerendered(&before, &after);
    assert!(again.contains(&"aaa/index.html".to_string()), "{again:?}");
    // The page beside it in its section shows it (`page.lower`): that one changed too.
    assert!(
        again.contains(&"about-us/index.html".to_string()),
        "{again:?}"
    );
    for untouched in [
        "blog/first/index.html",
        "docs/install/index.html",
        "tags/rust/index.html",
    ] {
        assert!(
            !again.contains(&untouched.to_string()),
            "{untouched} rendered again: {again:?}"
        );
    }
}

#[test]
fn a_page_renamed_under_the_same_url_shows_its_new_source() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    session.rebuild_all().unwrap();
    // about.md sets `path`, so its URL stays; what it shows of its file changes.
    let (from, to) = (
        root.join("content/about.md"),
        root.join("content/about-page.md"),
    );
    std::fs::rename(&from, &to).unwrap();
    let after = session.rebuild(&[from, to]).unwrap();
    assert_eq!(*after, *full_build(root).unwrap());
    let page = String::from_utf8_lossy(&after["about-us/index.html"]).into_owned();
    assert!(page.contains("about-page.md"), "{page}");
}

#[test]
fn a_failed_second_stage_goes_back_to_the_last_good_site() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let before = session.rebuild_all().unwrap();
    // The page renders; the docs list showing it fails (docs.html throws on this flag).
    let install = root.join("content/docs/install.md");
    let text = std::fs::read_to_string(&install).unwrap();
    let broken = text.replacen(
        "weight = 2\n",
        "weight = 2\n[extra]\nfail_the_list = true\n",
        1,
    );
    std::fs::write(&install, &broken).unwrap();
    let staged = session
        .rebuild_first(std::slice::from_ref(&install))
        .unwrap();
    assert!(session.patched());
    assert!(
        staged.pending.contains(&"docs/index.html".to_string()),
        "{:?}",
        staged.pending
    );
    let error = session.finish().unwrap_err().to_string();
    assert!(
        error.contains("a page asked the docs list to fail"),
        "{error}"
    );
    assert!(full_build(root).is_err());
    assert_eq!(*session.files(), *before, "not the last good site");
    // Fixed: back in step with a full build.
    std::fs::write(&install, &text).unwrap();
    let fixed = session.rebuild(std::slice::from_ref(&install)).unwrap();
    assert_eq!(*fixed, *full_build(root).unwrap());
}

#[test]
fn a_template_edit_rerenders_only_the_outputs_that_use_it() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let before = session.rebuild_all().unwrap();
    // docs.html is the template of the docs section only.
    let docs = root.join("themes/mini/templates/docs.html");
    let text = std::fs::read_to_string(&docs).unwrap();
    std::fs::write(&docs, text.replace("<h1>", "<h1 class=\"docs\">")).unwrap();
    let after = session.rebuild(&[docs]).unwrap();
    assert_eq!(
        session.last_rendered(),
        1,
        "only docs/index.html uses docs.html"
    );
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(changed, ["docs/index.html"]);
    // The base template is extended by everything: every HTML output is rendered again.
    let base = root.join("themes/mini/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replace("<body", "<body class=\"x\"")).unwrap();
    session.rebuild(&[base]).unwrap();
    assert!(session.last_rendered() >= 15, "{}", session.last_rendered());
}

/// Resized images and `get_hash` while serving: an image a reused output (or a page's
/// cached markdown) asked for is still served after a rebuild, and editing a static file a
/// template hashes renders that template again (its `integrity` would be stale otherwise).
#[test]
fn images_and_hashed_static_files_stay_right_while_serving() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(root, "config.toml", "base_url = \"https://x.org\"\n");
    image::RgbImage::from_fn(40, 20, |x, _| image::Rgb([x as u8, 0, 0]))
        .save(root.join("static_photo.png"))
        .unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::rename(root.join("static_photo.png"), root.join("static/photo.png")).unwrap();
    write(root, "static/app.js", "let v = 1;");
    write(
        root,
        "templates/index.html",
        r#"{% set i = resize_image(path="photo.png", width=10, height=10, op="fill") %}<img src="{{ i.url }}"><script integrity="{{ get_hash(path="app.js") }}"></script>"#,
    );
    write(root, "templates/section.html", "section");
    write(root, "templates/page.html", "{{ page.content | safe }}");
    write(
        root,
        "templates/shortcodes/thumb.html",
        r#"{% set i = resize_image(path="photo.png", width=8, height=8, op="scale") %}{{ i.url }}"#,
    );
    write(
        root,
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n{{ thumb() }}\n",
    );
    write(root, "content/b.md", "+++\ntitle = \"B\"\n+++\nB.\n");
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let first = session.rebuild_all().unwrap();
    let images = |files: &SiteFiles| {
        files
            .keys()
            .filter(|k| k.starts_with("processed_images/"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(images(&first).len(), 2, "{:?}", images(&first));
    // An edit elsewhere: the home page and a's markdown are reused, their images stay.
    let b = root.join("content/b.md");
    write(root, "content/b.md", "+++\ntitle = \"B\"\n+++\nB again.\n");
    let after = session.rebuild(std::slice::from_ref(&b)).unwrap();
    assert_eq!(images(&after), images(&first));
    assert_eq!(images(&after), images(&full_build(root).unwrap()));
    // A new page goes through the whole pipeline, reusing the rest: the images stay too.
    write(root, "content/c.md", "+++\ntitle = \"C\"\n+++\nC.\n");
    let after = session.rebuild(&[root.join("content/c.md")]).unwrap();
    assert_eq!(images(&after), images(&first));
    // The hashed script changes: the home page's integrity follows.
    write(root, "static/app.js", "let v = 2;");
    let after = session.rebuild(&[root.join("static/app.js")]).unwrap();
    assert_eq!(after["index.html"], full_build(root).unwrap()["index.html"]);
}

/// A template edit re-renders the kept site with the new templates, without building the site
/// again, and only the outputs using that template; a site with shortcodes builds again (a
/// shortcode may import macros from any template), and a broken template keeps the last site.
#[test]
fn a_template_edit_rerenders_only_what_uses_it_without_a_rebuild() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let before = session.rebuild_all().unwrap();
    let page = root.join("templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("<article", "<article data-edited", 1)).unwrap();
    let after = session.rebuild(std::slice::from_ref(&page)).unwrap();
    assert!(
        session.patched(),
        "a template edit should take the fast path"
    );
    let again = rerendered(&before, &after);
    assert!(
        !again.is_empty()
            && again.iter().all(|p| {
                let html = String::from_utf8_lossy(&after[p]).into_owned();
                html.contains("data-edited")
            }),
        "{again:?}"
    );
    assert!(after.len() > again.len() + 5, "{again:?}");

    std::fs::write(&page, "{% block content %}{{ oops( }}").unwrap();
    assert!(session.rebuild(std::slice::from_ref(&page)).is_err());
    assert_eq!(session.files().len(), after.len());

    write(root, "templates/shortcodes/hi.html", "hi");
    std::fs::write(&page, &text).unwrap();
    session.rebuild(std::slice::from_ref(&page)).unwrap();
    std::fs::write(&page, text.replacen("<article", "<article data-again", 1)).unwrap();
    session.rebuild(std::slice::from_ref(&page)).unwrap();
    assert!(
        !session.patched(),
        "with shortcodes, a template edit builds the site again"
    );
}
