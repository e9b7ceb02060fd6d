//! Sanitization.

use super::*;

/// The payloads whose very strings must not reach the rendered HTML.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
];

/// More tricks: the rendered HTML must be structurally safe (no dangerous element, handler
/// attribute or script URL; their words may survive as escaped text).
const TRICKS: &[&str] = &[
    "<iframe src=\"https://evil.example\"></iframe>",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "<IMG SRC=\"jav&#x09;ascript:alert(1)\">",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<p style=\"background:url(javascript:alert(1))\">styled</p>",
    "<a href=\"  javascript:alert(1)\">x</a> and <b onclick=alert(1)>bold</b>",
    "<scr<script>ipt>alert(1)</script>",
    "<details open ontoggle=alert(1)><summary>s</summary>d</details>",
    "<object data=\"javascript:alert(1)\"></object><embed src=x>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!-- <script>alert(1)</script> -->",
    "[[javascript:alert(1)]]",
    "# Heading {onclick=alert(1)}",
    "> <img src=x onerror=alert(1)>\n> <script>alert(1)</script>",
    "- <svg onload=alert(1)>\n- [x](javascript:alert(1))",
    "[a](javascript:alert(1)\"title\") [b](javascript:alert(1) 'title')",
    "<a href=javascript:alert(1)>",
    "`safe` <b>x</b><img[x](javascript:1)src=x onerror=alert(1)>",
];

fn payload_contexts(payload: &str) -> [(String, &'static str); 5] {
    [
        (format!("# Title\n\n{payload}\n"), "doc.md"),
        (
            format!("Intro text here.\n\n{payload}\n\nMore text.\n"),
            "doc.md",
        ),
        (
            format!("---\nsource_url: https://example.com/\ntitle: T\n---\n\n{payload}\n"),
            "crawl.md",
        ),
        (
            format!("A plain title\n\nSome prose before.\n{payload}\nAfter it.\n"),
            "plain.txt",
        ),
        (
            format!("---\ntitle: T\nlinkTitle: t\n---\n\n### **{payload}**\n\n{payload}\n"),
            "hugo.md",
        ),
    ]
}

#[test]
fn sanitization_removes_scripts_handlers_and_js_urls() {
    for payload in PAYLOADS.iter().chain(TRICKS) {
        for (text, name) in payload_contexts(payload) {
            let n = norm(&text, name);
            assert_safe(&n.markdown);
        }
    }
    for payload in PAYLOADS {
        for (text, name) in payload_contexts(payload) {
            let n = norm(&text, name);
            for opts in sanitize::option_sets() {
                let h = html_with(&n.markdown, opts).to_lowercase();
                for bad in ["<script", "onerror", "onload", "javascript:"] {
                    assert!(
                        !h.contains(bad),
                        "`{bad}` survives {payload:?} in {name}:\n{}\n{h}",
                        n.markdown
                    );
                }
            }
        }
    }
}

#[test]
fn relative_links_resolve_against_the_page_url_or_become_text() {
    let text = "See [the list](/solutions/list), [a page](GoUsers), ![logo](../logo.png), \
        [in page](#top) and [elsewhere](https://example.org/x).\n";
    let h = html(&norm(text, "a.md").markdown);
    assert!(
        h.contains("See the list, a page, logo, <a href=\"#top\">in page</a> and <a href=\"https://example.org/x\">elsewhere</a>."),
        "{h}"
    );
    let crawled = format!("---\nsource_url: https://go.dev/solutions/acme\n---\n{text}");
    let h = html(&norm(&crawled, "b.md").markdown);
    assert!(h.contains("href=\"https://go.dev/solutions/list\""), "{h}");
    assert!(h.contains("src=\"https://go.dev/logo.png\""), "{h}");
}

#[test]
fn sanitization_keeps_safe_markup() {
    let text = "Intro with <b>bold</b>, <em>em</em> and a<br>break.\n\n<details>\n<summary>More</summary>\n\n\
        Body\n</details>\n\n<a href=\"https://ok.example/\" onclick=\"x()\">ok</a> link\n\n\
        <div align=\"center\"><img src=\"https://ok.example/a.png\" alt=\"A\" onerror=\"x()\"></div>\n\n\
        [mail](mailto:a@example.com) [rel](../x) [anchor](#top) ![img](https://ok.example/i.png)\n";
    let n = norm(text, "safe.md");
    let h = html(&n.markdown);
    assert!(
        h.contains("<b>bold</b>") && h.contains("<em>em</em>") && h.contains("<br>"),
        "{h}"
    );
    assert!(
        h.contains("<details>") && h.contains("<summary>More</summary>"),
        "{h}"
    );
    assert!(
        h.contains("<img src=\"https://ok.example/a.png\" alt=\"A\">"),
        "{h}"
    );
    assert!(
        h.contains("href=\"mailto:a@example.com\"") && h.contains("href=\"#top\""),
        "{h}"
    );
    // No page URL to resolve it against: a relative link would be broken here; its text stays.
    assert!(!h.contains("href=\"../x\"") && h.contains(" rel "), "{h}");
    assert!(!h.contains("onclick") && !h.contains("onerror"), "{h}");
    assert_safe(&n.markdown);
}

#[test]
fn unbalanced_inline_tags_are_dropped() {
    let n = norm(
        "Some <b>bold text that never closes.\n\nNext </i>paragraph <i>ok</i>.\n",
        "u.md",
    );
    assert_eq!(
        html(&n.markdown),
        "<p>Some bold text that never closes.</p>\n<p>Next paragraph <i>ok</i>.</p>\n"
    );
}
