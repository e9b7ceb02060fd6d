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
    assert!(err.contains("2 broken internal links."), "{err}");
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
