//! Building fixture sites end to end and checking what lands in the output.

use crate::common::*;

#[test]
fn basic_fixture_builds_every_kind_of_output() {
    let site = copy_fixture("basic");
    let root = site.path();
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    assert!(
        summary.starts_with("Built 7 pages, 3 sections, 2 taxonomies (4 terms):")
            && summary.contains(" ms -> "),
        "{summary}"
    );

    // Pretty URLs, slug from file name, `path` override, page bundle with its asset.
    for f in [
        "index.html",
        "blog/first/index.html",
        "blog/second/index.html",
        "about-us/index.html",
        "blog/bundle/index.html",
        "blog/bundle/diagram.svg",
        "docs/index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "rss.xml",
        "tags/index.html",
        "tags/rust/index.html",
        "tags/go/atom.xml",
        "authors/ada/index.html",
    ] {
        assert!(root.join("public").join(f).is_file(), "missing {f}");
    }
    // Drafts are left out without --drafts.
    assert!(!root.join("public/blog/draft").exists());

    // The site's templates/page.html overrides the theme's, file by file.
    let first = read(root, "blog/first/index.html");
    assert!(!first.contains("THEME PAGE TEMPLATE"));
    assert!(
        first.contains("<h2 id=\"setup\">") && first.contains("<h2 id=\"setup-1\">"),
        "{first}"
    );
    assert!(
        first.contains("<table>")
            && first.contains("<del>old</del>")
            && first.contains("type=\"checkbox\"")
    );
    assert!(
        first.contains("class=\"language-go\"") && first.contains("hl-keyword"),
        "code not highlighted"
    );
    assert!(
        first.contains("<div class=\"summary\"><p>The summary paragraph.</p>"),
        "{first}"
    );
    assert!(
        first.contains("https://fixture.example.org/blog/first/#setup-1"),
        "toc permalinks"
    );
    assert!(first.contains("<p class=\"mood\">happy</p>"));
    assert!(first.contains("January 10, 2024"));

    // Static files: theme's, and the site's overriding the theme's.
    assert!(read(root, "theme.css").contains("sans-serif"));
    assert_eq!(read(root, "override.css"), "/* site version */\n");

    // Internal links resolved to permalinks with anchors.
    let home = read(root, "index.html");
    assert!(
        home.contains("href=\"https://fixture.example.org/blog/first/#setup\""),
        "{home}"
    );
    // Template functions.
    assert!(home.contains("<p id=\"blog-count\">4</p>"), "{home}");
    assert!(home.contains("<li>Go=2</li><li>Rust=2</li>"), "{home}");
    assert!(home.contains("<p id=\"first-url\">https://fixture.example.org/blog/first/</p>"));
    assert!(home.contains("<p id=\"term-url\">https://fixture.example.org/tags/rust/</p>"));
    assert!(home.contains("<p id=\"author\">Ada: Wrote the first post.</p>"));
    assert!(home.contains("<p id=\"tagline\">fixtures all the way down</p>"));

    // Section sorted by date (newest first) and paginated by 2.
    let blog = read(root, "blog/index.html");
    assert!(
        blog.contains("<li>Third post</li><li>Second post</li>"),
        "{blog}"
    );
    assert!(
        blog.contains("1/2 prev= next=https://fixture.example.org/blog/page/2/"),
        "{blog}"
    );
    let blog2 = read(root, "blog/page/2/index.html");
    assert!(
        blog2.contains("<li>First post</li><li>A bundle</li>"),
        "{blog2}"
    );
    assert!(read(root, "blog/page/1/index.html").contains("url=https://fixture.example.org/blog/"));
    // Weight order and a section template from front matter.
    assert!(read(root, "docs/index.html").contains("<li>Usage</li><li>Install</li>"));

    // Taxonomies: terms merged by slug (Rust/rust), pages newest first, display name kept.
    let rust = read(root, "tags/rust/index.html");
    assert!(
        rust.contains("<h1>Rust</h1>") && rust.contains("<li>Second post</li><li>First post</li>"),
        "{rust}"
    );

    // Aliases redirect.
    for alias in ["old/first/index.html", "legacy.html"] {
        assert!(
            read(root, alias).contains("url=https://fixture.example.org/blog/first/"),
            "{alias}"
        );
    }

    // Feeds: site-wide newest first; per-term feed only has the term's pages.
    let atom = read(root, "atom.xml");
    let third = atom.find("<title>Third post</title>").unwrap();
    let bundle = atom.find("<title>A bundle</title>").unwrap();
    assert!(third < bundle, "atom order");
    let go_feed = read(root, "tags/go/atom.xml");
    assert!(go_feed.contains("Third post") && !go_feed.contains("Second post"));
    assert!(read(root, "rss.xml").contains("<rss"));

    // Sitemap lists pages with lastmod from `updated`, sorted.
    let sitemap = read(root, "sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://fixture.example.org/blog/second/</loc>\n    <lastmod>2024-03-01</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(read(root, "robots.txt").contains("Sitemap: https://fixture.example.org/sitemap.xml"));
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = copy_fixture("basic");
    let out = gazette(site.path(), &["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(site.path(), "blog/draft/index.html").contains("Unfinished"));
}

#[test]
fn base_url_and_output_dir_flags_override_config() {
    let site = copy_fixture("basic");
    let target = site.path().join("elsewhere/out");
    let out = gazette(
        site.path(),
        &[
            "build",
            "--base-url",
            "https://preview.example.net/x",
            "--output-dir",
            target.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(target.join("index.html")).unwrap();
    assert!(
        page.contains("https://preview.example.net/x/blog/first/#setup"),
        "{page}"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn building_twice_is_byte_identical() {
    let site = copy_fixture("basic");
    let a = site.path().join("a");
    let b = site.path().join("b");
    for dir in [&a, &b] {
        let out = gazette(
            site.path(),
            &["build", "--output-dir", dir.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let (ta, tb) = (snapshot_tree(&a), snapshot_tree(&b));
    assert!(ta.len() > 30);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between two builds");
    }
}

#[test]
fn rebuild_replaces_stale_files() {
    let site = copy_fixture("basic");
    assert!(gazette(site.path(), &["build"]).status.success());
    std::fs::remove_file(site.path().join("content/blog/third.md")).unwrap();
    assert!(gazette(site.path(), &["build"]).status.success());
    assert!(
        !site.path().join("public/blog/third").exists(),
        "output of a deleted page survived"
    );
    // No staging directories are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".gazette-") && n != ".gazette-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn snapshots_of_large_outputs() {
    let site = copy_fixture("basic");
    assert!(gazette(site.path(), &["build"]).status.success());
    insta::assert_snapshot!("first_post", read(site.path(), "blog/first/index.html"));
    insta::assert_snapshot!("atom_feed", read(site.path(), "atom.xml"));
    insta::assert_snapshot!("sitemap", read(site.path(), "sitemap.xml"));
}

#[test]
fn bundled_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output-dir")
        .arg(dir.path().join("public"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(home.contains("Go in Production"));
}

/// A build killed at any step of the output swap leaves a whole output, old or new, never none
/// and never a mix; the next build clears what the killed one left beside it.
#[test]
fn a_build_killed_during_the_swap_leaves_the_old_or_the_new_output() {
    let leftovers = |root: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".gazette-") && n != ".gazette-cache")
            .collect()
    };
    for (fault, swap) in [
        ("before-swap", "exchange"),
        ("after-swap", "exchange"),
        ("before-swap", "two-renames"),
        ("between-renames", "two-renames"),
    ] {
        let site = copy_fixture("basic");
        let root = site.path();
        assert!(gazette(root, &["build"]).status.success());
        let old = snapshot_tree(&root.join("public"));
        let post = root.join("content/blog/first.md");
        let text = std::fs::read_to_string(&post).unwrap();
        std::fs::write(&post, format!("{text}\nA new line.\n")).unwrap();
        let reference = tempfile::tempdir().unwrap();
        let reference_out = reference.path().join("public");
        let out = gazette(
            root,
            &["build", "--output-dir", reference_out.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let new = snapshot_tree(&reference_out);
        assert_ne!(old, new);

        let killed = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .arg("build")
            .current_dir(root)
            .env("GAZETTE_FAULT", fault)
            .env("GAZETTE_FAULT_SWAP", swap)
            .output()
            .unwrap();
        assert!(
            !killed.status.success(),
            "{fault}/{swap}: the fault did not fire"
        );
        let after_kill = root.join("public");
        if fault == "between-renames" {
            // The one moment with no output: the old one is aside, put back by the next build.
            assert!(!after_kill.exists());
        } else {
            let seen = snapshot_tree(&after_kill);
            assert!(seen == old || seen == new, "{fault}/{swap}: a mixed output");
        }
        // Killed, it cleaned nothing up: its staging (or set-aside) folder is still there.
        assert!(!leftovers(root).is_empty(), "{fault}/{swap}");

        // The next build recovers and clears the leftovers.
        let out = gazette(root, &["build"]);
        assert!(out.status.success(), "{fault}/{swap}: {}", stderr(&out));
        assert_eq!(snapshot_tree(&root.join("public")), new, "{fault}/{swap}");
        assert!(
            leftovers(root).is_empty(),
            "{fault}/{swap}: {:?}",
            leftovers(root)
        );
    }
}

/// A failed build after a killed one still leaves the (recovered) previous output in place.
#[test]
fn a_failed_build_after_a_killed_swap_keeps_the_previous_output() {
    let site = copy_fixture("basic");
    let root = site.path();
    assert!(gazette(root, &["build"]).status.success());
    let old = snapshot_tree(&root.join("public"));
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("build")
        .current_dir(root)
        .env("GAZETTE_FAULT", "between-renames")
        .env("GAZETTE_FAULT_SWAP", "two-renames")
        .output()
        .unwrap();
    assert!(!killed.status.success());
    std::fs::write(root.join("content/blog/broken.md"), "+++\ntitle = \n+++\n").unwrap();
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(snapshot_tree(&root.join("public")), old);
}

/// With `relative_urls = true` every link to the site's own files is relative to the page and
/// names a file (`../about/index.html`), so the folder works from `file://` and any static
/// server; canonical links, Open Graph, feeds and the sitemap keep absolute URLs; and `check`
/// follows the relative links.
#[test]
fn relative_urls_keep_every_link_inside_the_folder() {
    let site = copy_fixture("basic");
    edit_config(site.path(), |t| {
        t.replacen("theme =", "relative_urls = true\ntheme =", 1)
    });
    let out = gazette(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let root = site.path();
    let first = read(root, "blog/first/index.html");
    assert!(
        first.contains("href=\"../../blog/first/index.html#setup\""),
        "{first}"
    );
    let home = read(root, "index.html");
    assert!(
        home.contains("href=\"blog/first/index.html#setup\""),
        "{home}"
    );
    for (file, html) in snapshot_tree(&root.join("public")) {
        if !file.ends_with(".html") || file == "404.html" {
            continue;
        }
        let html = String::from_utf8(html).unwrap();
        for attr in ["href=\"", "src=\""] {
            for value in html.split(attr).skip(1) {
                let value = value.split('"').next().unwrap();
                let canonical = html.contains(&format!("rel=\"canonical\" {attr}{value}\""));
                assert!(
                    canonical || !value.starts_with("https://fixture.example.org"),
                    "{file}: {attr}{value}"
                );
            }
        }
    }
    // What other sites and feed readers read stays absolute.
    assert!(
        read(root, "sitemap.xml").contains("<loc>https://fixture.example.org/blog/first/</loc>")
    );
    assert!(read(root, "atom.xml").contains("https://fixture.example.org/blog/first/"));
    let check = gazette(root, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

/// What one file of the search index hands to the search page (its script's JSON argument).
fn search_file(root: &std::path::Path, dir: &str, name: &str) -> serde_json::Value {
    let script = read(root, &format!("{dir}{name}.js"));
    let prefix = format!("gazetteSearchLoaded(\"{name}\",");
    let json = script
        .strip_prefix(&prefix)
        .and_then(|s| s.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("{name}.js is not a search file: {script}"));
    serde_json::from_str(json).unwrap()
}

/// The search index is in its language's folder, in fragments: the entry says which chunk
/// holds which words, a word lists its documents, and each result carries a kind and a
/// snippet of what the document says.
#[test]
fn the_search_index_is_in_fragments_named_by_language_and_results_have_snippets() {
    let site = copy_fixture("basic");
    edit_config(site.path(), |t| {
        t.replacen("theme =", "default_language = \"fr\"\ntheme =", 1)
    });
    let out = gazette(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.path().join("public/search/en").exists());
    let dir = "search/fr/";
    let entry = search_file(site.path(), dir, "index");
    let per_chunk = entry["perChunk"].as_u64().unwrap() as usize;
    let docs = entry["docs"].as_u64().unwrap() as usize;
    let rows: Vec<serde_json::Value> = (0..docs.div_ceil(per_chunk))
        .flat_map(|k| {
            search_file(site.path(), dir, &format!("r{k}"))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(rows.len(), docs);
    let first = rows
        .iter()
        .position(|r| r[2].as_str().unwrap().ends_with("/blog/first/"))
        .expect("the first post is a result");
    assert_eq!(rows[first][1], "Page");
    let snippet = rows[first][3].as_str().unwrap();
    assert!(
        !snippet.is_empty() && snippet.chars().count() <= 161,
        "{snippet}"
    );
    // The word chunks cover their ranges in order, and a word of the post lists it.
    let ranges = entry["words"].as_array().unwrap();
    let mut found = false;
    for (k, range) in ranges.iter().enumerate() {
        let chunk = search_file(site.path(), dir, &format!("w{k}"));
        let words: Vec<&String> = chunk.as_object().unwrap().keys().collect();
        assert_eq!(words.first().unwrap().as_str(), range[0].as_str().unwrap());
        assert_eq!(words.last().unwrap().as_str(), range[1].as_str().unwrap());
        if let Some(postings) = chunk.get("first") {
            let mut doc = 0;
            for pair in postings.as_array().unwrap().chunks(2) {
                doc += pair[0].as_u64().unwrap() as usize;
                found |= doc == first;
            }
        }
    }
    assert!(found, "the word \"first\" does not list the first post");
}

/// A taxonomy may be named as Zola allows (`podcast_authors`); its URL is the name's slug, as
/// Zola makes it. Two names with one slug, or a name with nothing to make a URL of, are errors.
#[test]
fn taxonomy_names_that_are_not_slugs_get_their_slug_as_url() {
    let site = copy_fixture("basic");
    let root = site.path();
    let with = |extra: &str| {
        edit_config(root, |c| {
            c.replace(
                "  { name = \"authors\" },",
                &format!("  {{ name = \"authors\" }},\n{extra}"),
            )
        })
    };
    with("  { name = \"podcast_authors\", feed = true },");
    std::fs::write(
        root.join("content/blog/episode.md"),
        "+++\ntitle = \"Episode\"\ndate = 2024-01-02\n[taxonomies]\npodcast_authors = [\"Some Person\"]\n+++\nTalk.\n",
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(root, "podcast-authors/index.html").contains("Some Person"));
    assert!(read(root, "podcast-authors/some-person/index.html").contains("Episode"));
    assert!(read(root, "podcast-authors/some-person/atom.xml").contains("Episode"));
    for (extra, expected) in [
        (
            "  { name = \"podcast-authors\" },",
            "taxonomies `podcast-authors` and `podcast_authors` would both be at /podcast-authors/",
        ),
        (
            "  { name = \"!!\" },",
            "taxonomy name `!!` has no letter or digit",
        ),
    ] {
        with(extra);
        let out = gazette(root, &["build"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        edit_config(root, |c| c.replace(&format!("{extra}\n"), ""));
    }
}

/// Zola's URL rules: a file name's date prefix is the page's date and leaves its slug (kept
/// with `paths_keep_dates`), a folder keeps its name, `[slugify] paths = "safe"` keeps letters
/// and case, and `author` is the feed's author of pages that name none.
#[test]
fn urls_follow_zolas_slug_rules_and_the_config_author_is_in_feeds() {
    let site = copy_fixture("basic");
    let root = site.path();
    let write = |rel: &str, text: &str| write(root, rel, text);
    write(
        "content/blog/2016-10-08_a-post-with-dates.md",
        "+++\ntitle = \"Dated\"\n+++\nBody.\n",
    );
    write(
        "content/notes_2024/_index.md",
        "+++\ntitle = \"Notes\"\ntemplate = \"docs.html\"\n+++\n",
    );
    write(
        "content/notes_2024/Été.md",
        "+++\ntitle = \"Summer\"\n+++\nWarm.\n",
    );
    edit_config(root, |c| {
        format!("author = \"config@example.com (Config Author)\"\n{c}")
    });
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dated = read(root, "blog/a-post-with-dates/index.html");
    assert!(dated.contains("Dated") && dated.contains("2016"), "{dated}");
    assert!(read(root, "notes_2024/ete/index.html").contains("Summer"));
    let feed = read(root, "atom.xml");
    assert!(
        feed.contains("<author><name>config@example.com (Config Author)</name></author>"),
        "{feed}"
    );
    edit_config(root, |c| {
        format!("{c}\n[slugify]\npaths = \"safe\"\npaths_keep_dates = true\n")
    });
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(root, "notes_2024/Été/index.html").contains("Summer"));
    assert!(read(root, "blog/2016-10-08_a-post-with-dates/index.html").contains("Dated"));
    edit_config(root, |c| {
        c.replace("paths = \"safe\"", "anchors = \"safe\"")
    });
    // Heading ids keep their case with `anchors = "safe"` (see it::zola::slugify_anchors_*):
    // a link to `#setup` is now broken, and says what the anchors are.
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("broken anchor `#setup`") && stderr(&out).contains("Setup"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ignored_content_and_ignored_static_leave_files_out_as_in_zola() {
    let site = copy_fixture("basic");
    let root = site.path();
    let write = |rel: &str, text: &str| write(root, rel, text);
    let page = "+++\ntitle = \"Left out\"\n+++\nNot here.\n";
    write("content/blog/ignored.md", page);
    write(
        "content/blog/kept/index.md",
        "+++\ntitle = \"Kept\"\n+++\nHere.\n",
    );
    write("content/blog/kept/chart.xlsx", "x");
    write("content/blog/kept/photo.txt", "x");
    write("content/build_folder/deep/page.md", page);
    write("static/temp.notes", "x");
    write("static/css/kept.css", "a{}");
    write("static/drafts/old.css", "a{}");
    edit_config(root, |c| {
        format!(
            "ignored_content = [\"*/ignored.md\", \"*.xlsx\", \"**/build_folder\"]\n\
             ignored_static = [\"temp.*\", \"drafts\"]\n{c}"
        )
    });
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = root.join("public");
    assert!(read(root, "blog/kept/index.html").contains("Here."));
    assert!(public.join("blog/kept/photo.txt").is_file());
    assert!(public.join("css/kept.css").is_file());
    for gone in [
        "blog/ignored/index.html",
        "blog/kept/chart.xlsx",
        "build_folder/index.html",
        "build_folder/deep/page/index.html",
        "temp.notes",
        "drafts/old.css",
    ] {
        assert!(!public.join(gone).exists(), "{gone} was written");
    }
    let sitemap = read(root, "sitemap.xml");
    assert!(!sitemap.contains("ignored"), "{sitemap}");

    edit_config(root, |c| c.replace("\"temp.*\"", "\"temp[\""));
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("config.toml:2:1: ignored_static: `temp[` is not a glob"),
        "{text}"
    );
    assert!(
        public.join("css/kept.css").is_file(),
        "the last output survives"
    );
}

#[test]
fn zolas_markdown_switches_reach_the_pages() {
    let site = copy_fixture("basic");
    let root = site.path();
    std::fs::write(
        root.join("content/links.md"),
        "+++\ntitle = \"Links\"\n+++\n[Go](https://go.dev/) and [home](/).\n\nTerm\n: Meaning\n",
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = read(root, "links/index.html");
    assert!(
        before.contains("<a href=\"https://go.dev/\">Go</a>"),
        "{before}"
    );
    edit_config(root, |c| {
        c.replace(
            "[markdown]\n",
            "[markdown]\nexternal_links_class = \"external\"\nexternal_links_no_follow = true\ndefinition_list = true\n",
        )
    });
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = read(root, "links/index.html");
    assert!(
        after.contains("<a class=\"external\" rel=\"nofollow\" href=\"https://go.dev/\">Go</a>"),
        "{after}"
    );
    assert!(
        after.contains("<a href=\"/\">home</a>") || after.contains("href=\"../"),
        "{after}"
    );
    assert!(after.contains("<dt>Term</dt>"), "{after}");
}

/// `[markdown.highlighting]`: Zola 0.22's highlighter, its themes, a site's own JSON theme,
/// inline colours or classes with `giallo.css`, and its errors at the key.
#[test]
fn zolas_highlighting_settings_are_applied() {
    let site = copy_fixture("basic");
    let root = site.path();
    std::fs::write(
        root.join("content/code.md"),
        "+++\ntitle = \"Code\"\n+++\n```rust,linenos\nfn main() { let s = \"<b>\"; }\n```\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("highlight_themes")).unwrap();
    std::fs::write(
        root.join("highlight_themes/mine.json"),
        r##"{"name": "Mine", "type": "dark", "colors": {"editor.foreground": "#101010", "editor.background": "#fafafa"},
            "tokenColors": [{"scope": "keyword", "settings": {"foreground": "#ab0001"}}]}"##,
    )
    .unwrap();
    let with = |table: &str| {
        edit_config(root, |c| {
            let c = c
                .split("\n[markdown.highlighting]")
                .next()
                .unwrap()
                .to_string();
            format!("{c}\n[markdown.highlighting]\n{table}")
        });
        gazette(root, &["build"])
    };
    let out = with("theme = \"mine\"\nextra_themes = [\"highlight_themes/mine.json\"]\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "code/index.html");
    assert!(page.contains("<pre class=\"giallo\""), "{page}");
    assert!(
        page.contains("color: #AB0001") || page.contains("color: #ab0001"),
        "{page}"
    );
    assert!(page.contains("&lt;b&gt;"), "{page}");
    assert!(!root.join("public/giallo.css").exists());

    let out = with("theme = \"catppuccin-mocha\"\nstyle = \"class\"\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "code/index.html");
    assert!(page.contains("class=\"z-"), "{page}");
    assert!(read(root, "giallo.css").contains(".z-"));

    let out = with(
        "light_theme = \"catppuccin-latte\"\ndark_theme = \"catppuccin-mocha\"\nstyle = \"class\"\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.join("public/giallo-light.css").is_file());
    assert!(root.join("public/giallo-dark.css").is_file());

    let out = with("theme = \"no-such-theme\"\n");
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("config.toml:")
            && text.contains("there is no highlighting theme `no-such-theme`"),
        "{text}"
    );
    assert!(
        root.join("public/giallo-dark.css").is_file(),
        "the last output survives"
    );

    let out = with("theme = \"catppuccin-mocha\"\nerror_on_missing_language = true\n");
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(
        root.join("content/code.md"),
        "+++\ntitle = \"Code\"\n+++\nText.\n\n```klingon\nx\n```\n",
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("content/code.md:6:1: no grammar highlights the language `klingon`"),
        "{text}"
    );
}

/// A term is named by the spelling most pages use, and a page giving two spellings of one
/// term (one slug) is listed under it once.
#[test]
fn a_term_takes_its_most_used_spelling_and_lists_each_page_once() {
    let site = copy_fixture("basic");
    let root = site.path();
    write(
        root,
        "templates/taxonomy_single.html",
        "{{ term.name }}|{% for p in term.pages %}{{ p.title }};{% endfor %}",
    );
    for (file, title, authors) in [
        ("alpha", "Alpha", r#""Jane Doe", "jane doe""#),
        ("beta", "Beta", r#""jane doe""#),
        ("gamma", "Gamma", r#""jane doe", "Someone Else""#),
    ] {
        write(
            root,
            &format!("content/blog/{file}.md"),
            &format!(
                "+++\ntitle = \"{title}\"\ndate = 2024-01-0{}\n[taxonomies]\nauthors = [{authors}]\n+++\nText.\n",
                title.len() % 9
            ),
        );
    }
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let term = read(root, "authors/jane-doe/index.html");
    let (name, pages) = term.split_once('|').unwrap();
    assert_eq!(name, "jane doe");
    let mut listed: Vec<&str> = pages.split(';').filter(|t| !t.is_empty()).collect();
    listed.sort();
    assert_eq!(listed, ["Alpha", "Beta", "Gamma"]);
    assert!(read(root, "authors/someone-else/index.html").starts_with("Someone Else|Gamma;"));
}

/// `feed_limit` keeps the newest pages, newest first, whatever order the files come in; pages
/// of one date go by URL, as in the full list (the site's feed picks them without sorting
/// every page).
#[test]
fn a_feed_limit_keeps_the_newest_pages_in_order() {
    let site = copy_fixture("basic");
    let root = site.path();
    edit_config(root, |c| {
        c.replace(
            "generate_feeds = true",
            "generate_feeds = true\nfeed_limit = 9",
        )
    });
    let blog = std::fs::read_to_string(root.join("content/blog/_index.md")).unwrap();
    write(
        root,
        "content/blog/_index.md",
        &blog.replacen("+++\n", "+++\ngenerate_feeds = true\n", 1),
    );
    // Forty pages, file names and dates in unrelated orders (enough that picking the newest
    // is not done by sorting them all); two pages share the newest date.
    for i in 0..40 {
        let day = (i * 17) % 40 + 1;
        let date = format!("2030-{:02}-{:02}", 1 + day / 28, 1 + day % 28);
        let date = if i == 3 {
            "2030-02-13".to_string()
        } else {
            date
        };
        let text = format!("+++\ntitle = \"Limit {i}\"\ndate = {date}\n+++\nText.\n");
        write(root, &format!("content/blog/limit-{i}.md"), &text);
    }
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let titles = |feed: &str| -> Vec<String> {
        (feed.split("<entry").skip(1))
            .filter_map(|e| {
                Some(
                    e.split("<title>")
                        .nth(1)?
                        .split("</title>")
                        .next()?
                        .to_string(),
                )
            })
            .collect()
    };
    // Limit 7's date is the newest too: the URL puts Limit 3 first.
    let newest = [3, 7, 14, 21, 28, 35, 2, 9, 16].map(|i| format!("Limit {i}"));
    assert_eq!(titles(&read(root, "atom.xml")), newest);
    assert_eq!(titles(&read(root, "blog/atom.xml")), newest);
}
