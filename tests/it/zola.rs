//! Zola's front matter and conventions on small sites of our own (the Zola sites themselves are
//! checked in `compat`): each field does what it does in Zola.

use crate::common::*;

#[test]
fn section_front_matter_does_what_it_does_in_zola() {
    let site = copy_fixture("basic");
    let root = site.path();
    let page = |title: &str, date: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n{title} body.\n")
    };
    // A posts section with transparent yearly folders, reversed pagination and its own feed.
    write(
        root,
        "content/posts/_index.md",
        "+++\ntitle = \"Posts\"\nsort_by = \"date\"\npaginate_by = 2\npaginate_reversed = true\ngenerate_feeds = true\naliases = [\"/articles/\"]\n+++\n",
    );
    write(
        root,
        "content/posts/2018/_index.md",
        "+++\ntransparent = true\nrender = false\n+++\n",
    );
    write(
        root,
        "content/posts/2018/old.md",
        &page("Old", "2018-01-01"),
    );
    write(root, "content/posts/mid.md", &page("Mid", "2019-01-01"));
    write(root, "content/posts/new.md", &page("New", "2020-01-01"));
    write(
        root,
        "content/posts/newest.md",
        &page("Newest", "2021-01-01"),
    );
    // A hidden page, a page kept out of search, a redirecting section, a draft section.
    write(
        root,
        "content/posts/hidden.md",
        "+++\ntitle = \"Hidden\"\ndate = 2017-01-01\nrender = false\n+++\nHidden body.\n",
    );
    write(
        root,
        "content/posts/quiet.md",
        "+++\ntitle = \"Quiet\"\ndate = 2016-01-01\nin_search_index = false\nauthors = [\"Ada\", \"Grace\"]\n+++\nQuietword body.\n",
    );
    write(
        root,
        "content/go/_index.md",
        "+++\nredirect_to = \"posts/new\"\n+++\n",
    );
    write(
        root,
        "content/wip/_index.md",
        "+++\ndraft = true\npaginate_by = 5\n+++\n",
    );
    write(root, "content/wip/secret.md", &page("Secret", "2020-02-02"));

    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = root.join("public");
    // Transparent: the 2018 page is listed in posts (5 pages, as the page with render = false
    // is in no list: 3 pagers of 2, reversed: the oldest first), its own section page is not
    // written, its URL does not change.
    let first = read(root, "posts/index.html");
    assert!(first.contains("1/3"), "{first}");
    assert!(
        first.contains("<li>Quiet</li><li>Old</li>"),
        "reversed order: {first}"
    );
    let last = read(root, "posts/page/3/index.html");
    assert!(
        last.contains("<ol class=\"pages\"><li>Newest</li></ol>"),
        "{last}"
    );
    let middle = read(root, "posts/page/2/index.html");
    assert!(middle.contains("<li>Mid</li><li>New</li>"), "{middle}");
    assert!(!first.contains("Hidden") && !middle.contains("Hidden"));
    assert!(read(root, "posts/2018/old/index.html").contains("Old body."));
    assert!(!public.join("posts/2018/index.html").exists());
    // render = false: not written, not in the sitemap.
    assert!(!public.join("posts/hidden/index.html").exists());
    let sitemap = read(root, "sitemap.xml");
    assert!(
        !sitemap.contains("posts/hidden") && !sitemap.contains("posts/2018/<"),
        "{sitemap}"
    );
    // The section feed lists the section's pages, with each page's authors.
    let feed = read(root, "posts/atom.xml");
    assert!(
        feed.contains("<title>New</title>") && feed.contains("<title>Old</title>"),
        "{feed}"
    );
    assert!(!feed.contains("<title>Secret</title>"), "{feed}");
    assert!(
        feed.contains("<author><name>Ada</name></author>\n    <author><name>Grace</name></author>"),
        "{feed}"
    );
    // Aliases and redirect_to are redirects.
    let alias = read(root, "articles/index.html");
    assert!(
        alias.contains("https://fixture.example.org/posts/"),
        "{alias}"
    );
    let redirect = read(root, "go/index.html");
    assert!(
        redirect.contains("https://fixture.example.org/posts/new/"),
        "{redirect}"
    );
    // A draft section and what it holds are left out, unless drafts are asked for.
    assert!(!public.join("wip").exists());
    // in_search_index = false: not found by search.
    let index: String = walk_text(&public.join("search"));
    assert!(
        !index.contains("quietword"),
        "a page kept out of search was indexed"
    );
    assert!(
        index.contains("mid"),
        "the search index holds the other pages"
    );

    let out = gazette(root, &["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(root, "wip/secret/index.html").contains("Secret body."));
}

/// Every file's text under `dir`, lowercased, for a search over the search index fragments.
fn walk_text(dir: &std::path::Path) -> String {
    let mut all = String::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            all.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    all.to_lowercase()
}

/// Every `sort_by` value orders a section's pages as Zola does, ties by URL.
#[test]
fn sort_by_takes_zolas_values() {
    let site = copy_fixture("basic");
    let root = site.path();
    write(
        root,
        "content/list/_index.md",
        "+++\ntitle = \"List\"\nsort_by = \"slug\"\n+++\n",
    );
    // Charlie and alpha share a date: their URLs order them.
    for (file, title, weight, date, updated) in [
        ("c.md", "alpha", 3, "2024-05-05", "2024-03-03"),
        ("a.md", "Charlie", 2, "2024-05-05", "2024-02-02"),
        ("b.md", "bravo", 1, "2024-04-04", "2024-01-01"),
    ] {
        write(
            root,
            &format!("content/list/{file}"),
            &format!(
                "+++\ntitle = \"{title}\"\nweight = {weight}\ndate = {date}\nupdated = {updated}\n+++\n"
            ),
        );
    }
    let order = |sort: &str| {
        edit_front(root, sort);
        let out = gazette(root, &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let html = read(root, "list/index.html");
        let at = |t: &str| html.find(&format!("<li>{t}</li>")).unwrap();
        let mut titles = ["alpha", "Charlie", "bravo"];
        titles.sort_by_key(|t| at(t));
        titles.join(",")
    };
    assert_eq!(order("slug"), "Charlie,bravo,alpha");
    assert_eq!(order("title"), "alpha,bravo,Charlie");
    assert_eq!(order("title_bytes"), "Charlie,alpha,bravo");
    assert_eq!(order("weight"), "bravo,Charlie,alpha");
    assert_eq!(order("date"), "Charlie,alpha,bravo");
    assert_eq!(order("update_date"), "alpha,Charlie,bravo");
    assert_eq!(order("none"), "Charlie,bravo,alpha");
}

fn edit_front(root: &std::path::Path, sort: &str) {
    write(
        root,
        "content/list/_index.md",
        &format!("+++\ntitle = \"List\"\nsort_by = \"{sort}\"\npaginate_by = 10\n+++\n"),
    );
}

#[test]
fn insert_anchor_links_follows_the_config_the_section_and_anchor_link_html() {
    let site = copy_fixture("basic");
    let root = site.path();
    write(
        root,
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n## Setup & go\n",
    );
    write(
        root,
        "content/left/_index.md",
        "+++\ninsert_anchor_links = \"left\"\npaginate_by = 5\n+++\n",
    );
    write(
        root,
        "content/left/b.md",
        "+++\ntitle = \"B\"\n+++\n## Install\n",
    );
    edit_config(root, |c| {
        c.replace(
            "[markdown]\n",
            "[markdown]\ninsert_anchor_links = \"right\"\n",
        )
    });
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let a = read(root, "a/index.html");
    assert!(
        a.contains("<h2 id=\"setup-go\">Setup &amp; go<a class=\"zola-anchor\" href=\"#setup-go\" aria-label=\"Anchor link for: setup-go\">🔗</a></h2>"),
        "{a}"
    );
    let b = read(root, "left/b/index.html");
    assert!(
        b.contains("<h2 id=\"install\"><a class=\"zola-anchor\" href=\"#install\""),
        "{b}"
    );

    write(
        root,
        "templates/anchor-link.html",
        "<a class=\"mine\" href=\"#{{ id }}\">§{{ level }}</a>",
    );
    edit_config(root, |c| c.replace("\"right\"", "\"heading\""));
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let a = read(root, "a/index.html");
    assert!(
        a.contains(
            "<h2 id=\"setup-go\"><a class=\"mine\" href=\"#setup-go\">Setup &amp; go</a></h2>"
        ),
        "{a}"
    );
    assert!(
        read(root, "left/b/index.html")
            .contains("<a class=\"mine\" href=\"#install\">§2</a>Install")
    );
}

/// A Zola site with a Zola theme: its templates are Tera 1 (macros, `set_global`, a missing key
/// in `if`, `extends` of the theme's path, `get_hash`, `get_section` with subsections as
/// paths), its shortcodes too, and its `[search]` index is elasticlunr's JSON.
#[test]
fn a_zola_sites_tera_1_templates_render_as_in_zola() {
    let site = copy_fixture("zola-tera1");
    let root = site.path();
    let out = gazette_from(root, ".", &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = read(root, "index.html");
    // The site's index.html extends the theme's one it overrides, by the theme's path.
    assert!(
        index.contains("<title>Home of A Zola site</title>"),
        "{index}"
    );
    // Tera 1 escapes as Zola does.
    assert!(index.contains("small &amp; plain"), "{index}");
    // A macro of the theme, over get_section's pages (by date, newest first).
    assert!(
        index.contains(
            r#"<li><span class="title">SECOND POST</span></li><li><span class="title">FIRST POST</span></li><li><span class="title">A BUNDLE</span></li>"#
        ),
        "{index}"
    );
    // get_hash: the SHA-384 of the static file, in base64.
    use base64::Engine;
    let digest = ring::digest::digest(
        &ring::digest::SHA384,
        &std::fs::read(root.join("static/js/app.js")).unwrap(),
    );
    let hash = base64::engine::general_purpose::STANDARD.encode(digest.as_ref());
    assert!(index.contains(&format!("sha384-{hash}")), "{index}");
    let post = read(root, "blog/first/index.html");
    assert!(
        post.contains("<title>First post | A Zola site</title>"),
        "{post}"
    );
    assert!(
        post.contains(r#"<aside class="note">Remember this!</aside>"#),
        "{post}"
    );
    assert!(post.contains(r#"<p class="seen">page</p>"#), "{post}");
    assert!(!post.contains("never"), "{post}");
    // A section in a page bundle is written, and listed by no section (as in Zola).
    let nested = read(root, "blog/bundle/nested/index.html");
    assert!(nested.contains("<h1>Nested in a bundle</h1>"), "{nested}");
    assert!(read(root, "blog/bundle/index.html").contains("A page with a folder."));
    let blog = read(root, "blog/index.html");
    assert!(!blog.contains("<i>"), "{blog}");
    // Zola's search index, beside Gazette's own.
    let index: serde_json::Value =
        serde_json::from_str(&read(root, "search_index.en.json")).unwrap();
    let docs = &index["documentStore"]["docs"];
    let first = &docs["https://tera1.example.org/blog/first/"];
    assert_eq!(first["title"], "First post", "{index}");
    assert_eq!(first["description"], "The first one", "{index}");
    assert!(
        first["body"].as_str().unwrap().contains("shortcodes"),
        "{index}"
    );
    assert!(root.join("public/elasticlunr.min.js").is_file());
    assert!(root.join("public/search/en/index.js").is_file());
    // Languages: the French version at /fr/, each version linking the others, `trans()` in
    // the page's language, French's own section, taxonomy and feed.
    let fr = read(root, "fr/blog/first/index.html");
    assert!(fr.contains("Bonjour du premier billet."), "{fr}");
    // `config.title` is the language's own there, as in Zola.
    assert!(
        fr.contains("<title>Premier billet | Un site Zola</title>"),
        "{fr}"
    );
    let versions = r#"<ul class="versions"><li lang="en"><a href="https://tera1.example.org/blog/first/">First post</a></li><li lang="fr"><a href="https://tera1.example.org/fr/blog/first/">Premier billet</a></li></ul>"#;
    assert!(fr.contains(versions), "{fr}");
    assert!(post.contains(versions), "{post}");
    assert!(fr.contains(r#"<p class="more">Lire la suite</p>"#), "{fr}");
    assert!(post.contains(r#"<p class="more">Read more</p>"#), "{post}");
    let fr_blog = read(root, "fr/blog/index.html");
    assert!(
        fr_blog.contains("<h1>Blogue</h1>") && fr_blog.contains("Premier billet"),
        "{fr_blog}"
    );
    assert!(!fr_blog.contains("Second post"), "{fr_blog}");
    assert!(read(root, "fr/tags/bonjour/index.html").contains("Premier billet"));
    assert!(read(root, "fr/atom.xml").contains("Premier billet"));
    assert!(
        !root.join("public/atom.xml").exists(),
        "English has no feed"
    );
    // The French pages are not in the English search index, nor the English in the French.
    let en_index = read(root, "search_index.en.json");
    assert!(!en_index.contains("Premier billet"));
}

/// A file in a language the site does not have is an error that names the file and the
/// languages; on a site without languages, a dot in a file name is part of its name.
#[test]
fn a_file_in_an_unknown_language_is_an_error() {
    let site = copy_fixture("zola-tera1");
    let root = site.path();
    write(
        root,
        "content/blog/first.de.md",
        "+++\ntitle = \"Erster\"\n+++\n",
    );
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/blog/first.de.md"), "{err}");
    assert!(
        err.contains("`de` is not one of the site's languages"),
        "{err}"
    );
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(root, "config.toml", "base_url = \"https://x.org\"\n");
    write(
        root,
        "templates/page.html",
        "{{ page.slug }} {{ page.lang }}",
    );
    write(root, "templates/index.html", "home");
    write(root, "templates/section.html", "section");
    write(
        root,
        "content/notes/v1.2.md",
        "+++\ntitle = \"Version 1.2\"\n+++\n",
    );
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(root, "notes/v1-2/index.html"), "v1-2 en");
}

/// A Tera 1 error names the template; a syntax error its line and column.
#[test]
fn a_tera_1_error_names_the_template_and_place() {
    let site = copy_fixture("zola-tera1");
    let root = site.path();
    write(
        root,
        "themes/plain/templates/page.html",
        "{% extends \"index.html\" %}\n{% block content %}{{ page.nothing.here }}{% endblock content %}\n",
    );
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("themes/plain/templates/page.html"), "{err}");
    assert!(err.contains("page.nothing.here"), "{err}");
    write(
        root,
        "themes/plain/templates/page.html",
        "{% extends \"index.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
    );
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("themes/plain/templates/page.html:2:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Zola's image functions in a shortcode over the page's assets: `resize_image` writes each
/// size once under `processed_images/`, `get_image_metadata` reads the source's size, and a
/// second build reuses the cached images.
#[test]
fn resize_image_and_get_image_metadata_work_over_page_assets() {
    let site = copy_fixture("zola-tera1");
    let root = site.path();
    image::RgbImage::from_fn(300, 150, |x, y| image::Rgb([x as u8, y as u8, 7]))
        .save(root.join("content/blog/bundle/photo.png"))
        .unwrap();
    write(root, "content/blog/bundle/notes.txt", "not an image");
    write(
        root,
        "templates/shortcodes/gallery.html",
        r#"{% for asset in page.assets %}{% if asset is matching("[.]png$") %}{% set meta = get_image_metadata(path=asset) %}{% set small = resize_image(path=asset, width=100, op="fit_width") %}{% set square = resize_image(path=asset, width=40, height=40, op="fill", format="jpg") %}<img src="{{ small.url }}" width="{{ small.width }}" height="{{ small.height }}" data-orig="{{ meta.width }}x{{ meta.height }}"><img src="{{ square.url }}">{% endif %}{% endfor %}"#,
    );
    write(
        root,
        "content/blog/bundle/index.md",
        "+++\ntitle = \"A bundle\"\ndate = 2023-05-05\n+++\nA page with a folder.\n\n{{ gallery() }}\n",
    );
    let out = gazette_from(root, ".", &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "blog/bundle/index.html").replace("&#x2F;", "/");
    let small = regex::Regex::new(
        r#"<img src="https://tera1.example.org/(processed_images/photo\.[0-9a-f]{16}\.png)" width="100" height="50" data-orig="300x150">"#,
    )
    .unwrap();
    let path = &small.captures(&page).unwrap_or_else(|| panic!("{page}"))[1];
    let written = image::open(root.join("public").join(path)).unwrap();
    assert_eq!((written.width(), written.height()), (100, 50));
    let square = regex::Regex::new(r#"(processed_images/photo\.[0-9a-f]{16}\.jpg)"#).unwrap();
    let path = &square.captures(&page).unwrap()[1];
    let written = image::open(root.join("public").join(path)).unwrap();
    assert_eq!((written.width(), written.height()), (40, 40));
    // Made once: a second build finds them in the cache and writes the same files.
    let cached = root.join(".gazette-cache/processed_images");
    let before = std::fs::read_dir(&cached).unwrap().count();
    assert_eq!(before, 2);
    let out = gazette_from(root, ".", &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&cached).unwrap().count(), before);
    assert!(root.join("public").join(path).is_file());
    // A path out of the site is refused with the call's place.
    write(
        root,
        "content/blog/bundle/index.md",
        "+++\ntitle = \"A bundle\"\n+++\n{{ resize_image_of(path=\"../../../etc/passwd\") }}\n",
    );
    write(
        root,
        "templates/shortcodes/resize_image_of.html",
        "{% set i = resize_image(path=path, width=10, height=10) %}{{ i.url }}",
    );
    let out = gazette_from(root, ".", &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/blog/bundle/index.md:4:1"), "{err}");
    assert!(err.contains("leaves the site"), "{err}");
}

/// Zola's filters and functions in Gazette's own (Tera 2) templates, and the page fields
/// Zola gives: `backlinks`, `ancestors`, `assets`.
#[test]
fn zolas_filters_and_page_fields_work_in_tera_2_templates() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(
        root,
        "config.toml",
        "base_url = \"https://x.org\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    write(root, "templates/index.html", "home");
    write(root, "templates/section.html", "section");
    write(root, "templates/taxonomy_list.html", "tags");
    write(root, "templates/taxonomy_single.html", "tag");
    write(
        root,
        "templates/page.html",
        r##"{{ "*a* <b>" | markdown(inline=true) }}|{{ "*a*" | markdown(inline=true) | safe }}|{{ "a1b22" | regex_replace(pattern="[0-9]+", rep="#") }}|{{ 1234567 | num_format }}|{{ [1, 2, 3, 4] | slice(start=1, end=-1) | join(sep=",") }}|{{ [1] | concat(with=[2, 3]) | join(sep=",") }}|{{ "<p>x <i>y</i></p>" | striptags }}|{{ "a b/é" | urlencode }}|{{ {"k": [1, "two"]} | json_encode | safe }}|{{ "hi" | base64_encode | base64_decode }}|{{ get_hash(literal="abc", sha_type=256, base64=false) }}|{% set t = get_taxonomy_term(kind="tags", term="Rust") %}{{ t.name }}|{% for b in page.backlinks %}{{ b.title }}@{{ b.permalink }}{% endfor %}|{{ page.ancestors | join(sep=",") }}|{{ page.assets | join(sep=",") }}|{{ page.lang }}"##,
    );
    write(
        root,
        "content/docs/guide/index.md",
        "+++\ntitle = \"Guide\"\n\n[taxonomies]\ntags = [\"Rust\"]\n+++\nThe guide.\n",
    );
    write(root, "content/docs/guide/shot.png", "not really");
    write(
        root,
        "content/docs/intro.md",
        "+++\ntitle = \"Intro\"\n+++\nRead [the guide](@/docs/guide/index.md).\n",
    );
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let guide = read(root, "docs/guide/index.html");
    let fields: Vec<&str> = guide.split('|').collect();
    assert_eq!(
        fields,
        [
            // Not marked safe, as in Zola: the template says `| safe` for its own text.
            "&lt;em&gt;a&lt;/em&gt; &lt;b&gt;",
            "<em>a</em>",
            "a#b#",
            "1,234,567",
            "2,3",
            "1,2,3",
            "x y",
            "a%20b/%C3%A9",
            r#"{"k":[1,"two"]}"#,
            "hi",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "Rust",
            "Intro@https://x.org/docs/intro/",
            "_index.md,docs/_index.md",
            "/docs/guide/shot.png",
            "en",
        ],
        "{guide}"
    );
    let intro = read(root, "docs/intro/index.html");
    assert!(intro.contains("||_index.md,docs/_index.md||en"), "{intro}");
}

/// Zola's output keys: the sitemap lists pagers unless `exclude_paginated_pages_in_sitemap =
/// "all"`, `hard_link_static` links static files instead of copying them, and
/// `preserve_dotfiles_in_output` keeps a `.git` of the previous output.
#[test]
fn zolas_sitemap_static_and_dotfile_keys_do_what_they_do_in_zola() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    let config = |extra: &str| {
        write(
            root,
            "config.toml",
            &format!("base_url = \"https://x.org\"\n{extra}"),
        )
    };
    write(root, "templates/index.html", "home");
    write(
        root,
        "templates/section.html",
        "{{ paginator.current_index }}",
    );
    write(root, "templates/page.html", "{{ page.title }}");
    write(
        root,
        "content/blog/_index.md",
        "+++\npaginate_by = 1\n+++\n",
    );
    write(root, "content/blog/a.md", "+++\ntitle = \"A\"\n+++\n");
    write(root, "content/blog/b.md", "+++\ntitle = \"B\"\n+++\n");
    write(root, "static/app.js", "let x = 1;");
    config("");
    write(root, "public/.git/HEAD", "ref: refs/heads/main\n");
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sitemap = read(root, "sitemap.xml");
    assert!(sitemap.contains("https://x.org/blog/page/2/"), "{sitemap}");
    assert!(!sitemap.contains("https://x.org/blog/page/1/"), "{sitemap}");
    assert!(
        !root.join("public/.git").exists(),
        "a build replaces the output whole"
    );
    config(
        "exclude_paginated_pages_in_sitemap = \"all\"\nhard_link_static = true\npreserve_dotfiles_in_output = true\n",
    );
    write(root, "public/.git/HEAD", "ref: refs/heads/main\n");
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sitemap = read(root, "sitemap.xml");
    assert!(!sitemap.contains("page/2"), "{sitemap}");
    assert!(sitemap.contains("https://x.org/blog/"), "{sitemap}");
    assert_eq!(read(root, ".git/HEAD"), "ref: refs/heads/main\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let source = std::fs::metadata(root.join("static/app.js")).unwrap();
        let output = std::fs::metadata(root.join("public/app.js")).unwrap();
        assert_eq!(source.ino(), output.ino(), "a hard link, not a copy");
    }
    config("exclude_paginated_pages_in_sitemap = \"some\"\n");
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("config.toml:2"), "{}", stderr(&out));
}

/// Languages as Zola has them in the corners: a bundle whose folder has a dot, a page's own
/// `path` (not under `/fr/`), a folder without `_index.fr.md` (its settings hold in French),
/// `_index.en.md` for the default language, a shortcode's `lang`, and `section.subsections`
/// in Tera 1 (the `_index` path of every subsection, for `get_section`).
#[test]
fn languages_in_their_corners_work_as_in_zola() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(
        root,
        "config.toml",
        "base_url = \"https://x.org\"\n\n[translations]\nhi = \"Hello\"\n\n[languages.fr]\n\n[languages.fr.translations]\nhi = \"Bonjour\"\n",
    );
    write(
        root,
        "templates/macros.html",
        "{% macro t(p) %}{{ p.title }}{% endmacro t %}",
    );
    write(
        root,
        "templates/index.html",
        r#"{% import "macros.html" as m %}{{ section.title }}:{% for s in section.subsections %}{% set sub = get_section(path=s) %}[{{ s }}={{ sub.path }}]{% endfor %}"#,
    );
    write(root, "templates/section.html", "plain section");
    write(
        root,
        "templates/list.html",
        r#"{% import "macros.html" as m %}list:{% for p in section.pages %}{{ m::t(p=p) }},{% endfor %}"#,
    );
    write(
        root,
        "templates/page.html",
        "{{ page.title }} {{ page.content | safe }}",
    );
    write(
        root,
        "templates/shortcodes/greet.html",
        r#"{{ lang }}:{{ trans(key="hi", lang=lang) }}"#,
    );
    write(root, "content/_index.en.md", "+++\ntitle = \"Home\"\n+++\n");
    write(
        root,
        "content/news/_index.md",
        "+++\ntemplate = \"list.html\"\nsort_by = \"title\"\n+++\n",
    );
    write(root, "content/news/b.md", "+++\ntitle = \"B\"\n+++\n");
    write(
        root,
        "content/news/a.fr.md",
        "+++\ntitle = \"A fr\"\n+++\n{{ greet() }}\n",
    );
    write(root, "content/news/c.fr.md", "+++\ntitle = \"C fr\"\n+++\n");
    write(
        root,
        "content/v1.2/index.md",
        "+++\ntitle = \"Release\"\n+++\n",
    );
    write(
        root,
        "content/v1.2/index.fr.md",
        "+++\ntitle = \"Version\"\npath = \"a-propos\"\n+++\n",
    );
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Tera 1 escapes `/` as Zola's pages have it.
    let read = |path: &str| read(root, path).replace("&#x2F;", "/");
    // `_index.en.md` is the home, and every subsection answers to its `_index` path, the
    // folder without one too.
    let home = read("index.html");
    assert!(home.starts_with("Home:"), "{home}");
    assert!(home.contains("[news/_index.md=/news/]"), "{home}");
    // The French news folder has no `_index.fr.md`: the folder's template and order hold.
    assert_eq!(read("fr/news/index.html"), "list:A fr,C fr,");
    assert!(read("fr/news/a/index.html").contains("fr:Bonjour"));
    // A bundle whose folder has a dot, and a French page's own path, as Zola places them.
    assert!(read("v1-2/index.html").starts_with("Release"));
    assert!(read("a-propos/index.html").starts_with("Version"));
    assert!(!root.join("public/fr/a-propos").exists());
}

/// `[slugify] anchors`: `safe` and `off` keep a heading's title as its id but for its spaces,
/// and an id is escaped wherever it is written.
#[test]
fn slugify_anchors_safe_keeps_the_title_and_escapes_it() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(
        root,
        "config.toml",
        "base_url = \"https://x.org\"\n\n[slugify]\nanchors = \"safe\"\n",
    );
    write(root, "templates/index.html", "home");
    write(root, "templates/section.html", "section");
    write(
        root,
        "templates/page.html",
        "{{ page.content | safe }}{% for h in page.toc %}<a href=\"{{ h.permalink }}\">{{ h.title }}</a>{% endfor %}",
    );
    write(
        root,
        "content/p.md",
        "+++\ntitle = \"P\"\n+++\n## Über alles\n\n## Say `\"<x>\"`\n",
    );
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "p/index.html");
    assert!(page.contains(r#"id="Über_alles""#), "{page}");
    // The id keeps `"<x>"`, escaped in the attribute and in the link.
    assert!(page.contains(r#"id="Say_&quot;&lt;x&gt;&quot;""#), "{page}");
    assert!(!page.contains("<x>"), "{page}");
}

/// `[markdown] render_emoji`: GitHub's `:name:` in text is its emoji; code keeps the name.
#[test]
fn render_emoji_turns_names_into_emoji_outside_code() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(
        root,
        "config.toml",
        "base_url = \"https://x.org\"\n\n[markdown]\nrender_emoji = true\n",
    );
    write(root, "templates/index.html", "home");
    write(root, "templates/section.html", "section");
    write(root, "templates/page.html", "{{ page.content | safe }}");
    write(
        root,
        "content/p.md",
        "+++\ntitle = \"P\"\n+++\nShip it :rocket: `:rocket:` :not_an_emoji:\n\n```\n:rocket:\n```\n",
    );
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "p/index.html");
    assert!(
        page.contains("Ship it 🚀 <code>:rocket:</code> :not_an_emoji:"),
        "{page}"
    );
    assert!(page.contains("<code>:rocket:\n</code>"), "{page}");
}
