//! Robustness: odd, huge and pseudo-random inputs.

use super::*;

#[test]
fn odd_inputs_never_panic() {
    let long_line = "word ".repeat(20_000);
    let deep = format!("{}x{}", "[".repeat(5000), "]".repeat(5000));
    let quotes = ">".repeat(2000);
    let stars = "*".repeat(10_000);
    let inputs: Vec<String> = vec![
        String::new(),
        " ".into(),
        "\n\n\n".into(),
        "x".into(),
        "Title\r\nLine two.\r\n\r\nThird line\r\nEnd.".into(),
        "Title\rOld mac\rlines".into(),
        "\u{feff}# BOM heading\n".into(),
        "nul\u{0}char and \u{1b}[31m escape \u{7f}".into(),
        "ünïcödé Ω ≈ 漢字 🦀 \u{202e}reversed\u{202c} \u{200b}zero width".into(),
        "漢字の見出し\n\n本文です。\n\n次の見出し\n\n本文。".into(),
        long_line,
        deep,
        quotes,
        stars,
        "```\nunclosed fence".into(),
        "~~~~\n```\n".into(),
        "    indented code only".into(),
        "---".into(),
        "+++".into(),
        "---\n---".into(),
        "| a |\n| b |".into(),
        "- \n- \n*".into(),
        "<".into(),
        "<!--".into(),
        "<div>".into(),
        "[".into(),
        "![](".into(),
        "_a_b_".into(),
        "package".into(),
        "func".into(),
        "}\n)\n]".into(),
        "# \n## \n### #".into(),
        "1.\n2)\n• ".into(),
        "A\n\nB\n\nC\n\nD".into(),
    ];
    for (k, input) in inputs.iter().enumerate() {
        for name in ["x.md", "x.txt", "x"] {
            let result = std::panic::catch_unwind(|| normalize(input, Path::new(name)));
            let Ok(result) = result else {
                panic!("panic on input {k} ({name})")
            };
            if let Ok(n) = result {
                assert_safe(&n.markdown);
                assert!(fences_closed(&n.markdown), "input {k}: {}", n.markdown);
                assert!(!n.title.is_empty());
                assert!(n.markdown.is_empty() || n.markdown.ends_with('\n'));
            }
        }
    }
}

#[test]
fn line_endings_do_not_matter() {
    let lf = norm(super::plain::CODE_ARTICLE, "c.txt");
    let crlf = norm(&super::plain::CODE_ARTICLE.replace('\n', "\r\n"), "c.txt");
    assert_eq!(lf, crlf);
    let trailing = norm(&format!("{}\n", super::plain::CODE_ARTICLE), "c.txt");
    assert_eq!(lf, trailing);
}

/// The tricky fragments pseudo-random documents are stitched from.
const PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "  ",
    "    ",
    "\t",
    "# ",
    "## ",
    "- ",
    "* ",
    "1. ",
    "> ",
    "| a | b |\n|---|---|\n",
    "```",
    "~~~",
    "`",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "<",
    ">",
    "/",
    "script",
    "img",
    "svg",
    "onerror",
    "=",
    "\"",
    "'",
    "javascript",
    ":",
    "alert(1)",
    "&#",
    "x",
    ";",
    "{",
    "}",
    "#",
    "_",
    "**",
    "Go",
    "package main",
    "func f() {",
    "Hello world.",
    "RECENTLY UPDATED",
    "_arrow_forward_",
    "* [ ![A](/a.svg) ![A](/b.svg) A text  View Case Study ](/x)",
    "[[Wiki]]",
    "---",
    "é",
    "漢",
    "\u{0}",
    "\r",
    "&lt;",
    "<a href=",
    "data:",
    "vbscript",
    "<!--",
    "-->",
    "<details>",
    "</",
    "style=",
    "  * ",
    "\\",
    "<img src=x onerror=alert(1)>",
    "<a href=javascript:alert(1)>",
    "\n<div>\n",
    "<pre>",
    "</pre>",
    "<script>",
    "</script>",
    "[x]: javascript:y\n",
    "<javascript:alert(1)>",
    " {onclick=alert(1)}",
    "&#106;",
    "<!-- more -->",
    "<svg onload=alert(1)>",
    "[x](",
    "\n    ",
    "<b>",
    "</b>",
    "<iframe>",
    "javascript:alert(1)",
    "=x ",
    "' onmouseover='",
    "<style>",
    "\n```js\n",
    "\n~~~\n",
];

/// Deterministic pseudo-random documents stitched from tricky fragments.
#[test]
fn pseudo_random_documents_are_safe() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..400 {
        let len = 5 + (next() % 60) as usize;
        let mut doc = String::new();
        for _ in 0..len {
            doc.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        let name = ["r.md", "r.txt", "r"][round % 3];
        let result = std::panic::catch_unwind(|| normalize(&doc, Path::new(name)));
        let Ok(result) = result else {
            panic!("panic on {doc:?}")
        };
        if let Ok(n) = result {
            assert_safe(&n.markdown);
            assert!(fences_closed(&n.markdown), "{doc:?}\n{}", n.markdown);
            assert_eq!(
                normalize(&doc, Path::new(name)).ok(),
                Some(n),
                "not deterministic: {doc:?}"
            );
        }
    }
}
