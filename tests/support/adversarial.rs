//! Adversarial raw sources for ingest (issue 9): each shape repeats one construct that a
//! normalizer pass could handle in super-linear time, up to a given size. Shared by the
//! linearity tests (`tests/ingest_linear.rs`), the fuzz tests (`tests/it/fuzz.rs`) and the
//! benchmark (`benches/ingest_adversarial.rs`).
#![allow(dead_code)]

/// A shape: a name and a generator of about `n` bytes of body text.
pub struct Shape {
    pub name: &'static str,
    pub make: fn(usize) -> String,
}

/// `unit` repeated until the text is at least `n` bytes.
pub fn repeat_to(unit: &str, n: usize) -> String {
    let count = n.div_ceil(unit.len().max(1));
    unit.repeat(count)
}

/// `unit(i)` for i = 0, 1, … until the text is at least `n` bytes.
fn numbered(n: usize, unit: impl Fn(usize) -> String) -> String {
    let mut s = String::with_capacity(n + 64);
    let mut i = 0;
    while s.len() < n {
        s.push_str(&unit(i));
        i += 1;
    }
    s
}

/// Half `open`, then half `close`: one deep nest.
fn nested(n: usize, open: &str, close: &str) -> String {
    let half = n / 2 / open.len().max(close.len());
    format!("{}x{}", open.repeat(half), close.repeat(half))
}

/// Every shape, in the order of issue 9's list.
pub const SHAPES: &[Shape] = &[
    // Template calls (issue 10): unclosed calls, raw strings spanning other calls, shortcodes.
    Shape {
        name: "template-calls-unclosed",
        make: |n| repeat_to("{{ a `{{ b ", n),
    },
    // Calls whose quoted argument never closes on one long line: each would read to the end.
    Shape {
        name: "template-calls-open-quotes",
        make: |n| repeat_to("{{\\\"", n),
    },
    Shape {
        name: "template-calls",
        make: |n| {
            numbered(n, |i| {
                format!(
                    "{{{{pullquote `\n  author: A{i}\n  quote: q\n`}}}} {{{{< x{i} >}}}} {{% s{i}() %}}t{{% end %}} "
                )
            })
        },
    },
    Shape {
        name: "open-brackets",
        make: |n| repeat_to("[", n),
    },
    Shape {
        name: "close-brackets",
        make: |n| repeat_to("]", n),
    },
    Shape {
        name: "nested-brackets",
        make: |n| nested(n, "[", "]"),
    },
    Shape {
        name: "bracket-pairs",
        make: |n| repeat_to("[a](", n),
    },
    Shape {
        name: "stars",
        make: |n| repeat_to("*", n),
    },
    Shape {
        name: "underscores",
        make: |n| repeat_to("_", n),
    },
    Shape {
        name: "backticks",
        make: |n| repeat_to("`", n),
    },
    Shape {
        name: "backtick-runs",
        make: |n| numbered(n, |i| format!("{} ", "`".repeat(i % 64 + 1))),
    },
    Shape {
        name: "pipes",
        make: |n| repeat_to("|", n),
    },
    Shape {
        name: "table-rows",
        make: |n| repeat_to("| a | b |\n", n),
    },
    Shape {
        name: "angle-brackets",
        make: |n| repeat_to("<", n),
    },
    Shape {
        name: "tags",
        make: |n| repeat_to("<a <b ", n),
    },
    Shape {
        name: "html-nest",
        make: |n| nested(n, "<div>", "</div>"),
    },
    Shape {
        name: "html-misnest",
        make: |n| format!("<div>{}", repeat_to("<b><div></b>", n)),
    },
    Shape {
        name: "html-reopen",
        make: |n| {
            format!(
                "<div>{}",
                numbered(n, |i| format!("<p><b class=c{i}></p>x"))
            )
        },
    },
    Shape {
        name: "html-items",
        make: |n| format!("<ul>{}", repeat_to("<li>a", n)),
    },
    Shape {
        name: "html-tables",
        make: |n| nested(n, "<table><tr><td>", "</td></tr></table>"),
    },
    Shape {
        name: "ampersands",
        make: |n| repeat_to("&", n),
    },
    Shape {
        name: "entities",
        make: |n| repeat_to("&amp;&#", n),
    },
    Shape {
        name: "list-markers",
        make: |n| repeat_to("- ", n),
    },
    Shape {
        name: "deep-indent",
        make: |n| numbered(n, |i| format!("{}- a\n", " ".repeat(i * 2 % 4000))),
    },
    Shape {
        name: "quote-markers",
        make: |n| repeat_to("> ", n),
    },
    Shape {
        name: "quote-lines",
        make: |n| numbered(n, |i| format!("{}a\n", "> ".repeat(i % 200))),
    },
    Shape {
        name: "long-line",
        make: |n| repeat_to("word ", n),
    },
    Shape {
        name: "short-lines",
        make: |n| repeat_to("a\n", n),
    },
    Shape {
        name: "blank-lines",
        make: |n| repeat_to("a\n\n", n),
    },
    Shape {
        name: "bangs",
        make: |n| repeat_to("!", n),
    },
    Shape {
        name: "image-opens",
        make: |n| repeat_to("![", n),
    },
    Shape {
        name: "images",
        make: |n| repeat_to("![a](b) ", n),
    },
    Shape {
        name: "hashes",
        make: |n| repeat_to("#", n),
    },
    Shape {
        name: "headings",
        make: |n| repeat_to("# a\n", n),
    },
    Shape {
        name: "link-definitions",
        make: |n| numbered(n, |i| format!("[l{i}]: /u{i}\n[l{i}]\n")),
    },
    Shape {
        name: "emphasis-runs",
        make: |n| repeat_to("*a", n),
    },
    Shape {
        name: "emphasis-mixed",
        make: |n| repeat_to("*a_b**c__", n),
    },
    Shape {
        name: "fences",
        make: |n| repeat_to("```\n", n),
    },
    Shape {
        name: "crawl-chrome",
        make: |n| repeat_to("_arrow_forward_ (opens in new window) ", n),
    },
    Shape {
        name: "cards",
        make: |n| {
            numbered(n, |i| {
                format!("* [ ![C{i}](/l.png) ![C{i}](/l.png) Title  View Case Study ](/c/{i})\n")
            })
        },
    },
    Shape {
        name: "wiki-links",
        make: |n| repeat_to("[[a]] [[", n),
    },
    // A long page URL, the base of every relative link below it.
    Shape {
        name: "long-base-url",
        make: |n| {
            format!(
                "---\nsource_url: https://example.com/{}/\n---\n{}",
                "a".repeat(n / 2),
                repeat_to("[a](b) ", n / 2)
            )
        },
    },
    // Many companies, each in many comparisons.
    Shape {
        name: "company-sentences",
        make: |n| numbered(n, |i| format!("Co{i} uses Go instead of Python. ")),
    },
    // A crawled listing of cards and promos.
    Shape {
        name: "promos-cards",
        make: |n| {
            numbered(n, |i| {
                format!(
                    "* [ ![C{i}](/l.png) Title  View Case Study ](/c/{i})\n\n* ![P{i}](/p.png)\n\n## Promo {i}\n\nSummary [Learn more](/x{i})\n\n"
                )
            })
        },
    },
];

/// How a body reaches the normalizer: the header and file name pick the shape pass.
pub struct Wrapper {
    pub name: &'static str,
    pub file: &'static str,
    pub header: &'static str,
}

pub const WRAPPERS: &[Wrapper] = &[
    Wrapper {
        name: "md",
        file: "doc.md",
        header: "",
    },
    Wrapper {
        name: "txt",
        file: "doc.txt",
        header: "",
    },
    Wrapper {
        name: "crawled",
        file: "doc.md",
        header: "---\nsource_url: https://example.com/a/b/\ntitle: Crawled\n---\n",
    },
    Wrapper {
        name: "hugo",
        file: "doc.md",
        header: "---\ntitle: Hugo\nlastmod: 2024-01-01\n---\n",
    },
];

/// The raw source: header plus a body of about `n` bytes.
pub fn source(shape: &Shape, wrapper: &Wrapper, n: usize) -> String {
    format!("{}{}", wrapper.header, (shape.make)(n))
}
