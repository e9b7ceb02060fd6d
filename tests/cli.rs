//! `gazette init`, `gazette check` and `--help`.

mod common;
use common::*;

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
    assert!(err.contains("9 broken internal links."), "{err}");
    assert!(!site.path().join("public").exists(), "check must not write");
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
