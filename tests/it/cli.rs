//! `gazette init`, `gazette check` and `--help`.

use crate::common::*;

#[test]
fn init_then_build_works() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("x");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = gazette(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let post = read(&site, "blog/hello-gazette/index.html");
    assert!(
        post.contains("Hello, Gazette") && post.contains("hl-"),
        "{post}"
    );
    assert!(read(&site, "tags/meta/atom.xml").contains("Hello, Gazette"));
    let out = gazette(&site, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The starter is a blog and docs a person would publish as is: the nav leads to its sections,
/// posts lead to the ones beside them, lists show each post's `<!-- more -->` summary, the
/// footer credits Gazette once, and none of the knowledge site comes along.
#[test]
fn the_starter_is_a_clean_blog_with_docs() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = gazette(dir.path(), &["init", "site"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Next: cd site && gazette serve"),
        "{}",
        stdout(&out)
    );
    let out = gazette(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Built 5 pages, 3 sections, 1 taxonomy (2 terms):"),
        "{}",
        stdout(&out)
    );
    let home = read(&site, "index.html");
    for (name, href) in [
        ("Blog", "blog/index.html"),
        ("Docs", "docs/index.html"),
        ("About", "about/index.html"),
        ("Tags", "tags/index.html"),
    ] {
        assert!(
            home.contains(&format!("<a href=\"{href}\">{name}</a>")),
            "{name}: {home}"
        );
    }
    assert_eq!(home.matches("Built with Gazette").count(), 1, "{home}");
    // Posts, newest first, each with its summary; each post links the one beside it.
    let blog = read(&site, "blog/index.html");
    assert!(
        blog.contains("<div class=\"summary\"><p>Gazette turned this markdown into a page."),
        "{blog}"
    );
    let newer = read(&site, "blog/writing-posts/index.html");
    assert!(
        newer.contains("rel=\"prev\" href=\"../../blog/hello-gazette/index.html\"><span>Older</span> Hello, Gazette</a>"),
        "{newer}"
    );
    let older = read(&site, "blog/hello-gazette/index.html");
    assert!(
        older.contains("<span>Newer</span> Writing posts</a>"),
        "{older}"
    );
    // Docs in weight order: the first leads to the second.
    let start = read(&site, "docs/getting-started/index.html");
    assert!(
        start.contains("<span>Next</span> Checking links</a>"),
        "{start}"
    );
    for knowledge in [
        "templates/companies",
        "templates/search.html",
        "static/search.js",
    ] {
        assert!(
            !site.join("themes/gazette").join(knowledge).exists(),
            "{knowledge} came with the starter"
        );
    }
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "keep me").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("config.toml: already exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("config.toml")).unwrap(),
        "keep me"
    );
}

#[test]
fn check_lists_every_broken_link_and_anchor() {
    let site = copy_fixture("broken-links");
    let out = gazette(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("content/posts/a.md:5:10: broken internal link `@/posts/missing.md`"),
        "{err}"
    );
    assert!(
        err.contains("content/posts/a.md:7:5: broken anchor `#nowhere` in link to `@/posts/b.md`"),
        "{err}"
    );
    assert!(err.contains("its anchors are: details"), "{err}");
    // Links as people write them, checked on the rendered output, at their source position.
    for line in [
        "content/posts/c.md:5:17: broken link `/posts/nope/`: nothing is published at /posts/nope/",
        "content/posts/c.md:5:43: broken link `../nope/`: nothing is published at /posts/nope/",
        "content/posts/c.md:6:25: broken link `https://e.org/posts/gone/`: nothing is published at /posts/gone/",
        "content/posts/c.md:6:72: broken link `../b/#nowhere-else`: /posts/b/ has no element with id `nowhere-else`",
        "content/posts/c.md:11:22: broken link `/images/missing.png`: nothing is published at /images/missing.png",
        "content/posts/c.md:12:19: broken link `/posts/bb/`: nothing is published at /posts/bb/",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    assert!(err.contains("did you mean `/posts/b/`?"), "{err}");
    // A template's broken link is reported once, not once per page.
    assert_eq!(err.matches("broken link `/archive/`").count(), 1, "{err}");
    assert!(
        err.contains("broken link `/archive/` on posts/a/index.html (line 3) and 2 other pages"),
        "{err}"
    );
    // The `@/` link with a broken anchor is not reported a second time from the output.
    assert_eq!(err.matches("#nowhere`").count(), 1, "{err}");
    assert!(err.contains("9 broken links."), "{err}");
    assert!(!site.path().join("public").exists(), "check must not write");
    // The same places with relative URLs on (the bundled site's and the starter's setting):
    // the links are found where the author wrote them, not as the output rewrote them.
    edit_config(site.path(), |t| format!("relative_urls = true\n{t}"));
    let relative = stderr(&gazette(site.path(), &["check"]));
    for line in [
        "content/posts/c.md:5:17: broken link `/posts/nope/`",
        "content/posts/c.md:6:25: broken link `https://e.org/posts/gone/`",
        "content/posts/c.md:11:22: broken link `/images/missing.png`",
    ] {
        assert!(relative.contains(line), "{line}\n{relative}");
    }
    assert!(relative.contains("9 broken links."), "{relative}");
}

#[test]
fn check_passes_on_a_clean_site() {
    let site = copy_fixture("basic");
    let out = gazette(site.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("no broken internal links"));
}

#[test]
fn every_command_explains_itself() {
    for cmd in [
        vec!["--help"],
        vec!["init", "--help"],
        vec!["build", "--help"],
        vec!["check", "--help"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(&cmd)
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = stdout(&out);
        assert!(
            text.contains("Usage:") && text.contains("--root"),
            "{cmd:?}: {text}"
        );
    }
}

/// `build` and `check` work as users run them: from the site's folder with no `--root`, with a
/// relative `--root` from elsewhere, in a folder named with spaces and non-ASCII characters, and
/// with a relative `--output-dir` (relative to the current folder).
#[test]
fn build_works_from_the_site_folder_and_with_relative_roots() {
    let parent = tempfile::tempdir().unwrap();
    let name = "my site ☕ café";
    let site = parent.path().join(name);
    copy_dir(&fixture("basic"), &site);

    let out = gazette(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(&site, "blog/first/index.html").contains("First"));

    // `--output-dir` is relative to the current folder, like any path typed on the command line.
    let out = gazette_from(parent.path(), name, &["build", "--output-dir", "out dir"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        parent
            .path()
            .join("out dir/blog/first/index.html")
            .is_file()
    );
    std::fs::remove_dir_all(parent.path().join("out dir")).unwrap();

    let out = gazette_from(&site.join("content"), "..", &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The staging folders are gone, nothing was written beside the site.
    let beside: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, [std::ffi::OsString::from(name)]);
}

/// A failed build says what it left: the previous output when there is one, and that nothing
/// was written when there was none (it used to claim a previous output that did not exist).
#[test]
fn a_failed_build_says_whether_there_was_a_previous_output() {
    let site = copy_fixture("basic");
    let post = site.path().join("content/blog/first.md");
    let good = std::fs::read_to_string(&post).unwrap();
    let broken = good.replacen("+++", "+++\ntitle = ", 1);
    std::fs::write(&post, &broken).unwrap();

    let out = gazette(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Build failed; nothing was written."),
        "{}",
        stderr(&out)
    );
    assert!(!site.path().join("public").exists());

    std::fs::write(&post, &good).unwrap();
    let out = gazette(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(&post, &broken).unwrap();
    let out = gazette(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("the previous output in ") && text.contains("was left as it was"),
        "{text}"
    );
    assert!(read(site.path(), "blog/first/index.html").contains("First"));
}

/// A local server with every answer a link checker meets: `check --external` reports the
/// 404 and the one that hangs (after its time limit and retries), follows the redirect, asks
/// again the flaky one and with GET the one that refuses HEAD, skips `skip_prefixes`, and a
/// second run answers the links that worked from its cache.
#[test]
fn check_external_fetches_every_outside_link_with_limits_and_a_cache() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    let hits: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
    let flaky = Arc::new(AtomicUsize::new(0));
    for _ in 0..4 {
        let (server, hits, flaky) = (server.clone(), hits.clone(), flaky.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let path = request.url().to_string();
                let head = *request.method() == tiny_http::Method::Head;
                hits.lock().unwrap().push(path.clone());
                let status = match path.as_str() {
                    "/ok" => 200,
                    "/moved" => {
                        let to = tiny_http::Header::from_bytes("Location", "/ok").unwrap();
                        let _ = request.respond(tiny_http::Response::empty(301).with_header(to));
                        continue;
                    }
                    "/hang" => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        200
                    }
                    "/flaky" if flaky.fetch_add(1, Ordering::SeqCst) == 0 => 503,
                    "/flaky" => 200,
                    "/no-head" if head => 405,
                    "/no-head" => 200,
                    _ => 404,
                };
                let _ = request.respond(tiny_http::Response::empty(status));
            }
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let at = format!("http://127.0.0.1:{port}");
    let files = [
        (
            "config.toml".to_string(),
            format!(
                "base_url = \"https://e.org\"\n[link_checker]\ntimeout = 0.5\nretries = 1\n\
                 per_host = 2\nskip_prefixes = [\"{at}/skipped\"]\n"
            ),
        ),
        (
            "templates/page.html".into(),
            "{{ page.content | safe }}".into(),
        ),
        (
            "templates/section.html".into(),
            "{{ section.title }}".into(),
        ),
        ("templates/index.html".into(), "home".into()),
        ("content/_index.md".into(), "+++\n+++\n".into()),
        (
            "content/links.md".into(),
            format!(
                "+++\ntitle = \"Links\"\n+++\n[ok]({at}/ok) [moved]({at}/moved) [flaky]({at}/flaky)\n\
                 [no head]({at}/no-head) [skipped]({at}/skipped/x)\n\n[gone]({at}/gone#part)\n\n\
                 [hangs]({at}/hang)\n"
            ),
        ),
    ];
    for (path, text) in &files {
        let path = site.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    // Without --external nothing is fetched.
    let out = gazette(site, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(hits.lock().unwrap().is_empty());

    let out = gazette(site, &["check", "--external"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "content/links.md:7:8: external link `{at}/gone#part`: the server answered 404"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "content/links.md:9:9: external link `{at}/hang`: no answer"
        )),
        "{err}"
    );
    assert!(err.contains("2 broken links."), "{err}");
    let asked = hits.lock().unwrap().clone();
    assert!(
        !asked.iter().any(|p| p.starts_with("/skipped")),
        "{asked:?}"
    );
    // The hanging one was asked once more after its timeout; the flaky one until it answered.
    assert_eq!(
        asked.iter().filter(|p| *p == "/hang").count(),
        2,
        "{asked:?}"
    );
    assert!(
        asked.iter().filter(|p| *p == "/flaky").count() >= 2,
        "{asked:?}"
    );

    // A second run asks again only what did not work.
    hits.lock().unwrap().clear();
    let out = gazette(site, &["check", "--external"]);
    assert_eq!(out.status.code(), Some(1));
    let asked = hits.lock().unwrap().clone();
    for worked in ["/ok", "/moved", "/flaky", "/no-head"] {
        assert!(
            !asked.iter().any(|p| p == worked),
            "{worked} asked again: {asked:?}"
        );
    }
    assert!(asked.iter().any(|p| p == "/gone"), "{asked:?}");
    assert!(site.join(".gazette-cache/external-links.json").is_file());
}

/// `internal_level = "warn"` (Zola's key) prints the broken links and lets the check pass;
/// `skip_anchor_prefixes` leaves the anchors of matching links unchecked.
#[test]
fn link_checker_levels_and_skipped_anchors() {
    let site = copy_fixture("broken-links");
    edit_config(site.path(), |t| {
        format!(
            "{t}\n[link_checker]\ninternal_level = \"warn\"\nskip_anchor_prefixes = [\"../b/\"]\n"
        )
    });
    let out = gazette(site.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: content/posts/c.md:5:17: broken link `/posts/nope/`"),
        "{err}"
    );
    assert!(!err.contains("nowhere-else"), "{err}");
}
