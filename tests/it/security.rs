//! Untrusted input can neither run in the reader's browser nor make Gazette read or write
//! outside the site and its output: hostile raw sources, front matter paths and aliases that
//! climb out of `public/`, symbolic links out of the site, an unknown entity term, one huge word.

use crate::common::*;
use std::path::Path;

/// Every HTML or XML output, by path.
fn markup_outputs(public: &Path) -> Vec<(String, String)> {
    snapshot_tree(public)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// A start tag as a browser reads it: its name and its attributes (name, value as written).
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
    /// Byte offset just past the tag's `>`.
    end: usize,
}

/// Reads the start tags of `html`, attribute by attribute, with quoted values taken whole (so a
/// `onerror=` inside an escaped attribute value is text, as it is to a browser). Comments and
/// end tags are skipped. Enough for the output Gazette writes; not a general HTML parser.
fn start_tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let n = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
                i += 1;
            }
            let attr = html[n..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i] as char;
                    let v = i + 1;
                    i = html[v..].find(q).map_or(b.len(), |e| v + e);
                    value = html[v..i.min(b.len())].to_string();
                    i += 1;
                } else {
                    let v = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v..i].to_string();
                }
            }
            attributes.push((attr, value));
        }
        tags.push(Tag {
            name,
            attributes,
            end: i.min(b.len()),
        });
    }
    tags
}

/// Fails when any output has a live inline script, event handler, script URL or frame.
fn assert_inert(public: &Path) {
    let mut found = Vec::new();
    for (path, text) in markup_outputs(public) {
        for tag in start_tags(&text) {
            let mut flag = |what: &str| found.push(format!("{path}: {what} in <{}>", tag.name));
            if matches!(tag.name.as_str(), "iframe" | "object" | "embed" | "frame") {
                flag("a frame");
            }
            if tag.name == "script" {
                let body = &text[tag.end..];
                let body = &body[..body.find("</script").unwrap_or(body.len())];
                if tag.attributes.iter().all(|(n, _)| n != "src") || !body.trim().is_empty() {
                    flag("an inline script");
                }
            }
            for (name, value) in &tag.attributes {
                if name.starts_with("on") {
                    flag(&format!("the event handler {name}={value:?}"));
                }
                let url: String = value
                    .replace("&#58;", ":")
                    .replace("&colon;", ":")
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let is_url = matches!(
                    name.as_str(),
                    "href" | "src" | "action" | "formaction" | "xlink:href" | "data" | "poster"
                );
                if is_url
                    && ["javascript:", "vbscript:", "data:text"]
                        .iter()
                        .any(|s| url.starts_with(s))
                {
                    flag(&format!("the script URL {name}={value:?}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "live markup from a source:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_tag_scanner_sees_what_a_browser_runs() {
    let html = r#"<p title="a onclick=x">t</p><a href=" JavaScript:alert(1)" onmouseover='x'>
        <script>alert(1)</script><script src="/a.js" defer></script><!-- <iframe> -->"#;
    let tags = start_tags(html);
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["p", "a", "script", "script"]);
    assert_eq!(
        tags[0].attributes,
        [("title".to_string(), "a onclick=x".to_string())]
    );
    assert_eq!(tags[1].attributes[1].0, "onmouseover");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), html).unwrap();
    let caught = std::panic::catch_unwind(|| assert_inert(dir.path()));
    let message = *caught.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("onmouseover")
            && message.contains("script URL")
            && message.contains("inline script"),
        "{message}"
    );
    assert!(!message.contains("onclick"), "{message}");
}

/// Every file of the search index is one call handing JSON to the search page: a source's text
/// in it is a JSON string, never code.
fn assert_search_files_are_data(public: &Path) {
    let dir = public.join("search/en");
    let mut seen = 0;
    for f in std::fs::read_dir(&dir).unwrap() {
        let path = f.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let script = std::fs::read_to_string(&path).unwrap();
        let json = script
            .strip_prefix(&format!("gazetteSearchLoaded(\"{name}\","))
            .and_then(|s| s.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{}: not one call: {script}", path.display()));
        assert!(
            serde_json::from_str::<serde_json::Value>(json).is_ok(),
            "{}: the argument is not JSON",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 3, "the search index has {seen} files");
}

#[test]
fn hostile_raw_sources_never_run_in_the_reader_browser() {
    let site = copy_bundled_site();
    let root = site.path();
    for entry in std::fs::read_dir(fixture("hostile")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "README.md" {
            std::fs::copy(
                &path,
                root.join("content/sources").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = root.join("public");
    assert_inert(&public);
    assert_search_files_are_data(&public);

    // The hostile text did reach the site, as text: the test looks where the attack was.
    let evil = read(root, "companies/evilcorp/index.html");
    assert!(
        evil.contains(r#"href="https://go.dev/solutions/x%22onmouseover=%22alert(1)""#),
        "the case-study link should be there, percent-encoded: {evil}"
    );
    let bad = read(root, "companies/badco/index.html");
    assert!(
        bad.contains("https://go.dev/a/%22%3E%3Cscript%3Ealert(2)%3C/script%3E"),
        "{bad}"
    );
    let js = read(root, "companies/jsco/index.html");
    assert!(!js.to_lowercase().contains("javascript:"), "{js}");
    let all: String = markup_outputs(&public)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(all.contains("alert(&#39;title&#39;)") || all.contains("alert('title')"));
}

#[test]
fn front_matter_paths_cannot_write_outside_the_output() {
    for (field, value, line, column) in [
        ("aliases", r#"aliases = ["../../victim.html"]"#, 3, 12),
        ("path", r#"path = "/../../x/""#, 3, 8),
        (
            "aliases",
            r#"aliases = ["/ok/", "a\\..\\..\\b.html"]"#,
            3,
            20,
        ),
        ("aliases", r#"aliases = ["C:/Windows/x.html"]"#, 3, 12),
        ("path", r#"path = "//evil.example/x""#, 3, 8),
    ] {
        let parent = tempfile::tempdir().unwrap();
        let root = parent.path().join("site");
        copy_dir(&fixture("basic"), &root);
        std::fs::write(parent.path().join("victim.html"), "mine").unwrap();
        assert!(gazette(&root, &["build"]).status.success());
        let before = snapshot_tree(&root.join("public"));
        std::fs::write(
            root.join("content/blog/evil.md"),
            format!("+++\ntitle = \"Evil\"\n{value}\n+++\nbody\n"),
        )
        .unwrap();
        let out = gazette(&root, &["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{value}: {err}");
        assert!(
            err.contains(&format!(
                "content/blog/evil.md:{line}:{column}: `{field}` value"
            )),
            "{value}: {err}"
        );
        assert_eq!(
            std::fs::read_to_string(parent.path().join("victim.html")).unwrap(),
            "mine"
        );
        assert!(!parent.path().join("x").exists() && !root.join("x").exists());
        assert_eq!(snapshot_tree(&root.join("public")), before, "{value}");
        // `check` and the dev server read the same front matter.
        assert_eq!(gazette(&root, &["check"]).status.code(), Some(1));
    }
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_only_inside_the_site() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0").unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    std::fs::write(
        outside.path().join("dir/page.md"),
        "+++\ntitle = \"Out\"\n+++\n",
    )
    .unwrap();

    let site = copy_fixture("basic");
    let root = site.path();
    // Inside the site: followed, a file and a folder alike.
    std::fs::create_dir_all(root.join("shared/pics")).unwrap();
    std::fs::write(root.join("shared/pics/logo.svg"), "<svg/>").unwrap();
    symlink(root.join("shared/pics"), root.join("static/pics")).unwrap();
    symlink(
        root.join("shared/pics/logo.svg"),
        root.join("content/blog/logo.svg"),
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.join("public/pics/logo.svg").is_file());
    assert!(root.join("public/blog/logo.svg").is_file());

    // Outside the site: an error naming the link, in every folder the build reads.
    for (link, target) in [
        ("content/passwd.txt", outside.path().join("passwd")),
        ("content/out", outside.path().join("dir")),
        ("static/passwd.txt", outside.path().join("passwd")),
        ("templates/passwd.html", outside.path().join("passwd")),
        ("data/passwd.toml", outside.path().join("passwd")),
    ] {
        symlink(&target, root.join(link)).unwrap();
        let before = snapshot_tree(&root.join("public"));
        let out = gazette(root, &["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{link}: {err}");
        assert!(
            err.contains(&format!(
                "{link}: the symbolic link points outside the site"
            )),
            "{link}: {err}"
        );
        assert_eq!(snapshot_tree(&root.join("public")), before);
        std::fs::remove_file(root.join(link)).unwrap();
    }
    // A broken link names itself too.
    symlink(root.join("nowhere"), root.join("content/broken.md")).unwrap();
    let out = gazette(root, &["build"]);
    assert!(
        stderr(&out).contains("content/broken.md: broken symbolic link"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_entity_term_names_the_page_line_and_term() {
    let site = copy_bundled_site();
    let root = site.path();
    std::fs::write(
        root.join("content/hand.md"),
        "+++\ntitle = \"Hand\"\n\n[taxonomies]\ncompanies = [\"Acme\"]\n+++\nHello\n",
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: content/hand.md:5:14: `companies` term `Acme` is not one"),
        "{err}"
    );
    assert!(
        !err.contains("templates/"),
        "template errors instead of the page: {err}"
    );
}

/// One word far longer than any a reader searches for, in a raw source and a page, with the
/// search index on (the bundled site's setting): the build succeeds in bounded time and the
/// index leaves the word out. It used to overflow the stack at about 11.7k characters.
#[test]
fn one_huge_word_does_not_crash_the_build() {
    let site = copy_bundled_site();
    let root = site.path();
    let blob = "QUJD".repeat(300_000); // 1.2 MB of base64
    let brackets = "[".repeat(12_000);
    std::fs::write(
        root.join("content/sources/blob.txt"),
        format!("A blob\nGo is used at Blobco. {blob}\n{brackets}\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/long.md"),
        format!(
            "+++\ntitle = \"Long\"\n+++\n{}\n\nhttps://x.example/{}\n",
            "y".repeat(20_000),
            "z".repeat(20_000)
        ),
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index: String = std::fs::read_dir(root.join("public/search/en"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(!index.contains(&"QUJD".repeat(20)));
    assert!(index.contains("/long/\""));
}
