//! Sass: `compile_sass = true` compiles the site's `sass/` as Zola does, run from the site's
//! own folder; an error is file:line:col and leaves the last output; `serve` recompiles on save.

use crate::common::*;
use gazette::serve::Session;

fn with_sass(root: &std::path::Path) {
    edit_config(root, |c| format!("compile_sass = true\n{c}"));
    let write = |rel: &str, text: &str| write(root, rel, text);
    write("sass/_colors.scss", "$accent: #ff6600;\n");
    write(
        "sass/site.scss",
        "@use 'colors';\nnav { a { color: colors.$accent; } }\n",
    );
    write("sass/extra/print.sass", "body\n  margin: 0\n");
}

#[test]
fn compile_sass_writes_css_beside_the_pages_and_errors_keep_the_last_output() {
    let site = copy_fixture("basic");
    let root = site.path();
    with_sass(root);
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(root, "site.css"), "nav a{color:#f60}");
    assert_eq!(read(root, "extra/print.css"), "body{margin:0}");
    assert!(!root.join("public/_colors.css").exists());
    assert!(!root.join("public/colors.css").exists());

    std::fs::write(
        root.join("sass/site.scss"),
        "@use 'colors';\nnav {\n  a { color: colors.$acent; }\n}\n",
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("sass/site.scss:3:"), "{err}");
    assert!(err.contains("Undefined variable"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(read(root, "site.css"), "nav a{color:#f60}");
}

#[test]
fn serve_recompiles_sass_on_save() {
    let site = copy_fixture("basic");
    let root = site.path();
    with_sass(root);
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let first = session.rebuild_all().unwrap();
    assert_eq!(&**first.get("site.css").unwrap(), b"nav a{color:#f60}");
    let partial = root.join("sass/_colors.scss");
    std::fs::write(&partial, "$accent: #0066ff;\n").unwrap();
    let after = session.rebuild(std::slice::from_ref(&partial)).unwrap();
    assert_eq!(&**after.get("site.css").unwrap(), b"nav a{color:#06f}");
    let print = root.join("sass/extra/print.sass");
    std::fs::remove_file(&print).unwrap();
    let after = session.rebuild(std::slice::from_ref(&print)).unwrap();
    assert!(after.get("extra/print.css").is_none());
}
