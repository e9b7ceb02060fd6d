//! Shortcodes in hand-written content (Zola's syntax), on the `shortcodes` fixture: HTML and
//! markdown templates, bodies, escapes, errors at the call, never in raw sources, and a
//! template edit while serving.

use crate::common::*;
use gazette::serve::Session;

#[test]
fn calls_render_in_place_and_escapes_stay_text() {
    let site = copy_fixture("shortcodes");
    let root = site.path();
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let post = read(root, "post/index.html");
    // Markdown output is rendered with the page; a list argument reaches the template.
    assert!(
        post.contains(r#"<img src="/cat.png" alt="A cat" /> <em>320, 640</em>"#),
        "{post}"
    );
    // HTML output is put in as it is; alone in its paragraph, it replaces the paragraph.
    assert!(
        post.contains("\n<aside class=\"note\" data-nth=\"1\"><strong>Heads up</strong><div>\nMind the &lt;gap&gt;.\n</div></aside>\n"),
        "{post}"
    );
    assert!(!post.contains("<p><aside"), "{post}");
    assert!(
        post.contains(r#"<p>Inline <aside class="note" data-nth="2"><strong>second</strong></aside> here.</p>"#),
        "{post}"
    );
    // Escaped calls and template-looking text are written out.
    assert!(
        post.contains(r#"<code>{{ figure(src="x") }}</code>"#),
        "{post}"
    );
    assert!(post.contains("<code>{{ page.title }}</code>"), "{post}");
    // Sections call them too; nothing is left over anywhere.
    assert!(read(root, "index.html").contains(r#"data-nth="1"><strong>home</strong>"#));
    for (path, bytes) in snapshot_tree(&root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("gazetteshortcodeoutput"), "{path}: {text}");
        assert!(
            !text.contains("{% note") && !text.contains("{% end"),
            "{path}: {text}"
        );
    }
}

#[test]
fn an_unknown_shortcode_is_an_error_at_its_call() {
    let site = copy_fixture("shortcodes");
    let root = site.path();
    assert!(gazette(root, &["build"]).status.success());
    let before = snapshot_tree(&root.join("public"));
    std::fs::write(
        root.join("content/bad.md"),
        "+++\ntitle = \"Bad\"\n+++\n\nText {{ figur(src=\"x\") }} and {{ note(title=) }}.\n",
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/bad.md:5:6") && err.contains("unknown shortcode `figur`"),
        "{err}"
    );
    assert!(err.contains("did you mean `figure`?"), "{err}");
    assert!(
        err.contains("content/bad.md:5:31") && err.contains("shortcode `note`"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        before == snapshot_tree(&root.join("public")),
        "public/ changed"
    );
}

/// A raw source is someone else's text: a call in it never runs, even when the site has a
/// shortcode of that name (the normalizer drops template syntax, and pages it made are never
/// expanded).
#[test]
fn raw_sources_never_run_shortcodes() {
    let site = copy_bundled_site();
    let root = site.path();
    std::fs::create_dir_all(root.join("templates/shortcodes")).unwrap();
    std::fs::write(
        root.join("templates/shortcodes/youtube.html"),
        "<iframe src=\"{{ id }}\"></iframe>",
    )
    .unwrap();
    std::fs::write(
        root.join("content/sources/shortcode-attempt.md"),
        "# How Acme uses Go\n\nAcme uses Go for payments. {{ youtube(id=\"javascript:alert(1)\") }} \
         and {% unknown() %}x{% end %}.\n",
    )
    .unwrap();
    let out = gazette(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (path, bytes) in snapshot_tree(&root.join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("<iframe"),
            "{path}"
        );
    }
    let page = read(root, "sources/shortcode-attempt/index.html");
    assert!(page.contains("Acme uses Go for payments."), "{page}");
}

/// Editing a shortcode's template while serving re-renders the pages that call it, as a full
/// build would.
#[test]
fn a_shortcode_template_edit_rerenders_its_pages_while_serving() {
    let site = copy_fixture("shortcodes");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let first = session.rebuild_all().unwrap();
    let template = root.join("templates/shortcodes/note.html");
    std::fs::write(&template, "<mark>{{ title }} #{{ nth }}</mark>\n").unwrap();
    let after = session.rebuild(&[template]).unwrap();
    let post = String::from_utf8_lossy(&after["post/index.html"]).into_owned();
    assert!(post.contains("<mark>Heads up #1</mark>"), "{post}");
    assert_ne!(first["post/index.html"], after["post/index.html"]);
    let fresh = Session::new(root, "http://127.0.0.1:1111", false)
        .rebuild_all()
        .unwrap();
    assert_eq!(*after, *fresh);
}
