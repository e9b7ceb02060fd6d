//! Property tests over untrusted input (issue 9): front matter, markdown rendering and
//! ingest, on arbitrary text and on text built from the adversarial alphabet of
//! `tests/support/adversarial.rs`. Each property says what holds for every input: no panic,
//! bounded output, and the sanitizer's promise that normalized markdown renders to HTML
//! with no script, event handler, `javascript:` URL or embedded frame.
//!
//! The case counts keep the whole file to a few seconds in a debug `cargo test`;
//! `PROPTEST_CASES=5000 cargo test --release --test fuzz` runs more. Inputs that once failed
//! are kept in `proptest-regressions/fuzz.txt` (replayed first on every run) and as `#[test]`s
//! below. `FUZZ_VERBOSE=1` prints, per ingested input, whether it was accepted and the sizes.

use crate::adversarial;

use gazette::content::{PageMeta, front_matter};
use gazette::ingest::{Knowledge, ingest};
use gazette::markdown::{MarkdownOptions, render};
use proptest::prelude::*;
use std::path::Path;
use std::sync::LazyLock;

/// `cases` unless PROPTEST_CASES asks for another number.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c.max_shrink_iters = 2000;
    // Integration tests have no lib.rs beside them for proptest's default location.
    c.failure_persistence = Some(Box::new(
        proptest::test_runner::FileFailurePersistence::Direct("proptest-regressions/fuzz.txt"),
    ));
    c
}

static KNOWLEDGE: LazyLock<Knowledge> = LazyLock::new(|| {
    Knowledge::load(Path::new(env!("CARGO_MANIFEST_DIR")), "data/companies.toml").unwrap()
});

/// Pieces of markup that the normalizer, the sanitizer or the renderer treat specially.
const ALPHABET: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "](",
    "(",
    ")",
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "|",
    "<",
    ">",
    "&",
    "&amp;",
    "&#",
    ";",
    "- ",
    "* ",
    "1. ",
    "  ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "!",
    "![",
    "#",
    "# ",
    "> ",
    "]: ",
    ":",
    "\"",
    "'",
    "{",
    "}",
    "=",
    "~",
    "\\",
    "+++",
    "---",
    "a",
    "Go",
    "Acme uses Go. ",
    "<div>",
    "</div>",
    "<b>",
    "</b>",
    "<p>",
    "<li>",
    "<table>",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=javascript:alert(1)>",
    "javascript:",
    "JaVaScRiPt:",
    "&#106;avascript:",
    "data:text/html,",
    "http://x.test/",
    "/rel",
    "source_url: https://example.com/a/\n",
    "title: T\n",
    "_arrow_forward_",
    "(opens in new window)",
    "RECENTLY UPDATED",
    "package main\n",
    "func f() {\n",
    "é",
    "漢",
    "\u{1}",
    "\r",
    "\u{feff}",
    "<!--",
    "-->",
    "<!-- more -->",
    "{#id .c onclick=x}",
];

/// Text made of `ALPHABET` pieces.
fn adversarial_text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max_pieces)
        .prop_map(|pieces| pieces.concat())
}

/// Arbitrary text: any characters, or mostly ASCII punctuation and spaces.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,400}",
        "[ -~\\n\\t]{0,600}",
        "[\\[\\]()*_`|<>&!#>\\- \\n]{0,600}",
    ]
}

/// One of the adversarial shapes at a small size.
fn shape_text() -> impl Strategy<Value = String> {
    (0..adversarial::SHAPES.len(), 1usize..3000).prop_map(|(i, n)| (adversarial::SHAPES[i].make)(n))
}

fn file_name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&["doc.md", "doc.txt", "doc", "doc.markdown"][..])
}

fn header() -> impl Strategy<Value = &'static str> {
    prop::sample::select(
        adversarial::WRAPPERS
            .iter()
            .map(|w| w.header)
            .collect::<Vec<_>>(),
    )
}

// ---------------------------------------------------------------------------------------------
// Safety of rendered HTML

/// The tags of rendered HTML (text is escaped, so `<` only opens tags), quoted attribute
/// values honoured.
fn tags(html: &str) -> Vec<&str> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let start = i;
        let mut quote = None;
        i += 1;
        while i < b.len() {
            match (quote, b[i]) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b[i]),
                (None, b'>') => break,
                _ => {}
            }
            i += 1;
        }
        i = (i + 1).min(b.len());
        out.push(&html[start..i]);
    }
    out
}

/// `(name, value)` pairs of a tag's attributes, names lowercased.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let mut rest = inner.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            break;
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = tail;
        }
        out.push((name, value));
    }
    out
}

/// The scheme of a URL attribute as a browser reads it: entities decoded, whitespace and
/// control characters dropped, lowercased.
fn scheme(value: &str) -> String {
    let decoded = value
        .replace("&amp;", "&")
        .replace("&#58;", ":")
        .replace("&colon;", ":");
    let cleaned: String = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => cleaned[..i].to_string(),
        _ => String::new(),
    }
}

/// What in `html` breaks the sanitizer's promise.
fn unsafe_markup(html: &str) -> Vec<String> {
    const BAD_TAGS: &[&str] = &[
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
        "style", "base", "meta", "link", "form", "template",
    ];
    let mut bad = Vec::new();
    for tag in tags(html) {
        let lower = tag.to_ascii_lowercase();
        let name: String = lower
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if BAD_TAGS.contains(&name.as_str()) {
            bad.push(tag.to_string());
        }
        for (attr, value) in attributes(tag) {
            let url_attr = matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "poster" | "srcset"
            );
            let s = scheme(&value);
            let unsafe_url = url_attr
                && (matches!(s.as_str(), "javascript" | "vbscript" | "file")
                    || (s == "data" && !(name == "img" && attr == "src")));
            if attr.starts_with("on") || attr == "style" || unsafe_url {
                bad.push(format!("{attr}={value:?} in {tag}"));
            }
        }
    }
    bad
}

fn render_html(md: &str) -> String {
    render(md, 1, &MarkdownOptions::default(), &|_| None).html
}

/// Ingests `text`; on success checks the bounds and the safety of the result.
fn check_ingest(text: &str, file: &str) -> Result<(), TestCaseError> {
    let Ok(doc) = ingest(text.as_bytes(), Path::new(file), &KNOWLEDGE) else {
        if std::env::var_os("FUZZ_VERBOSE").is_some() {
            eprintln!("ERR");
        }
        return Ok(());
    };
    if std::env::var_os("FUZZ_VERBOSE").is_some() {
        eprintln!("OK {} {}", text.len(), doc.normalized.markdown.len());
    }
    let n = &doc.normalized;
    // Escapes (`\*`, `&lt;`), added delimiter rows and card links grow the text by a small
    // factor; resolving relative links adds at most twice the text plus 64 KiB.
    let limit = 16 * text.len() + (64 << 10) + 4096;
    prop_assert!(
        n.markdown.len() <= limit,
        "markdown of {} bytes from {} bytes",
        n.markdown.len(),
        text.len()
    );
    prop_assert!(n.title.chars().count() <= 160, "title: {:?}", n.title);
    let html = render_html(&n.markdown);
    let bad = unsafe_markup(&html);
    prop_assert!(
        bad.is_empty(),
        "unsafe {bad:?}\nhtml:\n{html}\nmarkdown:\n{}",
        n.markdown
    );
    for m in &doc.mentions {
        prop_assert!(!m.company.is_empty());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(128))]

    /// Ingest of arbitrary text: no panic, bounded output, safe HTML.
    #[test]
    fn ingest_arbitrary_text(head in header(), body in any_text(), file in file_name()) {
        check_ingest(&format!("{head}{body}"), file)?;
    }

    /// Ingest of text made of the adversarial alphabet.
    #[test]
    fn ingest_adversarial_alphabet(head in header(), body in adversarial_text(120), file in file_name()) {
        check_ingest(&format!("{head}{body}"), file)?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Ingest of the adversarial shapes, at random sizes under random headers.
    #[test]
    fn ingest_adversarial_shapes(head in header(), body in shape_text(), file in file_name()) {
        check_ingest(&format!("{head}{body}"), file)?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Front matter: splitting and parsing never panic, the parts come from the text, and
    /// a block that parses keeps the body after it.
    #[test]
    fn front_matter_never_panics(
        delim in prop::sample::select(&["+++", "---", "", "+++\r", "\u{feff}---"][..]),
        inner in prop_oneof![adversarial_text(40), any_text()],
        close in any::<bool>(),
        body in "\\PC{0,80}",
    ) {
        let text = if close {
            format!("{delim}\n{inner}\n{}\n{body}", delim.trim_start_matches('\u{feff}'))
        } else {
            format!("{delim}\n{inner}{body}")
        };
        if let Ok(split) = front_matter::split(&text, Path::new("a.md")) {
            prop_assert!(text.contains(split.front_matter));
            prop_assert!(text.ends_with(split.body));
            let _ = front_matter::parse::<PageMeta>(&split, Path::new("a.md"));
        }
    }

    /// A title written by a TOML or YAML serializer reads back unchanged.
    #[test]
    fn front_matter_title_round_trips(title in "\\PC{0,60}", yaml in any::<bool>()) {
        let block = if yaml {
            format!("---\ntitle: {}\n---\nbody\n", serde_json::to_string(&title).unwrap())
        } else {
            let mut t = toml::Table::new();
            t.insert("title".into(), title.clone().into());
            format!("+++\n{}+++\nbody\n", toml::to_string(&t).unwrap())
        };
        let split = front_matter::split(&block, Path::new("a.md")).unwrap();
        let meta: PageMeta = front_matter::parse(&split, Path::new("a.md")).unwrap();
        prop_assert_eq!(meta.title.as_deref(), Some(title.as_str()));
        prop_assert_eq!(split.body, "body\n");
    }

    /// Rendering never panics and the HTML is a bounded multiple of the markdown (every
    /// construct renders to a fixed amount of markup around its text; the largest is a
    /// footnote reference, about 13 bytes of HTML per byte).
    #[test]
    fn markdown_renders_bounded(
        md in prop_oneof![adversarial_text(150), any_text(), shape_text()],
        switches in proptest::array::uniform6(any::<bool>()),
    ) {
        // Zola's switches too: each changes the events the renderer writes.
        let [smart, definitions, alerts, lazy, bottom, external] = switches;
        let options = MarkdownOptions {
            smart_punctuation: smart,
            definition_list: definitions,
            github_alerts: alerts,
            lazy_async_image: lazy,
            bottom_footnotes: bottom,
            external_links: gazette::markdown::ExternalLinks {
                class: external.then(|| "external".to_string()),
                target_blank: external,
                no_follow: external,
                ..Default::default()
            },
            ..MarkdownOptions::default()
        };
        let rendered = render(&md, 1, &options, &|_| None);
        prop_assert!(
            rendered.html.len() <= 32 * md.len() + 4096,
            "{} bytes of HTML from {} of markdown",
            rendered.html.len(),
            md.len()
        );
        prop_assert!(rendered.toc.len() <= md.len());
    }
}

// ---------------------------------------------------------------------------------------------
// The checker itself must be able to fail.

#[test]
fn the_safety_check_finds_unsafe_markup() {
    for html in [
        "<p><script>alert(1)</script></p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVaScRiPt&#58;alert(1)\">x</a>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://x\"></iframe>",
        "<a href='data:text/html,x'>x</a>",
    ] {
        assert!(!unsafe_markup(html).is_empty(), "{html}");
    }
    assert!(
        unsafe_markup("<p>javascript:alert(1) &lt;script&gt;</p><a href=\"https://x\">x</a>")
            .is_empty()
    );
}
