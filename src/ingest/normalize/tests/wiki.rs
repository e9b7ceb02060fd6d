//! Wiki pages, Hugo pages and markdown.

use super::*;

const WIKI: &str = "# Introduction\n\nWhy people use Go.\n\nThis is partly redundant with [[GoUsers]] and [[Why Go|WhyGo]]\n\n\n\
# Why Go\n\n  * [Go at Acme](http://acme.example/go) by Jane Doe (YouTube)\n  * [Go at Beta (Thing)](https://beta.example/) by John Roe #1\n  \
* [Gopher Blog](http://blog.example/)\n\n\n\n# Benchmarks\n\n  * [X vs Go](https://bench.example/)";

#[test]
fn wiki_bullets_and_links() {
    let n = norm(WIKI, "wiki.txt");
    assert_eq!(n.shape, Shape::Wiki);
    let md = &n.markdown;
    assert!(
        md.contains("\n- [Go at Acme](http://acme.example/go) by Jane Doe (YouTube)\n"),
        "{md}"
    );
    assert!(
        md.contains("\n- [Go at Beta (Thing)](https://beta.example/) by John Roe #1\n"),
        "{md}"
    );
    assert!(md.contains("redundant with GoUsers and Why Go\n"), "{md}");
    assert!(!md.contains("[["), "{md}");
    assert!(!md.contains("\n\n\n"), "blank runs not collapsed:\n{md}");
    assert!(md.contains("# Why Go\n\n- [Go at Acme]"), "{md}");
    // "Introduction" is generic: the title is the next heading.
    assert_eq!(n.title, "Why Go");
    let h = html(md);
    assert_eq!(h.matches("<li>").count(), 4, "{h}");
    assert!(
        h.contains("<a href=\"http://acme.example/go\">Go at Acme</a> by Jane Doe (YouTube)"),
        "{h}"
    );
}

const HUGO: &str = "---
title: \"Go for Cloud & Network Services\"
linkTitle: \"Cloud & Network Services\"
description: \"Build services with Go.\"
date: 2019-10-04T15:26:31-04:00
series: Use Cases
resources:
- name: icon
  src: globe.png
  params:
    alt: globe
---

### _Go helps enterprises build Cloud systems_

## **Why use Go for Cloud Computing**

First paragraph.
 
Second paragraph after a line holding a space. 

## **Who uses Go for Cloud Computing**

### **American Express**

American Express uses Go.

### **AT&T**

**Bold lead sentence that is not a heading.** More text.

Frameworks include [Go Kit](https://gokit.io/[), [Go Micro](https://micro.example/docs.html), and more.

*   [Docker](https://www.docker.com/)—a product
*    [Awesome Go](https://awesome-go.com/) - a list
";

#[test]
fn hugo_headings_are_plain_and_front_matter_is_read() {
    let n = norm(HUGO, "cloud.md");
    assert_eq!(n.shape, Shape::Hugo);
    assert_eq!(n.title, "Go for Cloud & Network Services");
    assert_eq!(n.description.as_deref(), Some("Build services with Go."));
    assert_eq!(n.date.as_deref(), Some("2019-10-04T15:26:31-04:00"));
    let md = &n.markdown;
    for h in [
        "### Go helps enterprises build Cloud systems\n",
        "## Why use Go for Cloud Computing\n",
        "## Who uses Go for Cloud Computing\n",
        "### American Express\n",
        "### AT&T\n",
    ] {
        assert!(md.contains(h), "missing `{h}`:\n{md}");
    }
    for line in md.lines().filter(|l| l.starts_with('#')) {
        assert!(!line.contains("**") && !line.contains('_'), "{line}");
    }
    assert!(
        md.contains("**Bold lead sentence that is not a heading.** More text."),
        "{md}"
    );
    let h = html(md);
    assert!(h.contains("<h3>AT&amp;T</h3>"), "{h}");
}

#[test]
fn hugo_space_lines_and_broken_links() {
    let n = norm(HUGO, "cloud.md");
    let md = &n.markdown;
    assert!(
        md.contains("First paragraph.\n\nSecond paragraph after a line holding a space.\n"),
        "{md}"
    );
    assert!(
        !md.lines().any(|l| !l.is_empty() && l.trim().is_empty()),
        "{md:?}"
    );
    assert!(md.contains("[Go Kit](https://gokit.io/)"), "{md}");
    let h = html(md);
    assert!(
        h.contains("<p>First paragraph.</p>\n<p>Second paragraph"),
        "{h}"
    );
    assert!(h.contains("<a href=\"https://gokit.io/\">Go Kit</a>, <a href=\"https://micro.example/docs.html\">Go Micro</a>"), "{h}");
    assert!(
        h.contains("<li><a href=\"https://www.docker.com/\">Docker</a>—a product</li>"),
        "{h}"
    );
}

#[test]
fn markdown_with_toml_front_matter_is_kept() {
    let text = "+++\ntitle = \"Notes\"\ndate = 2024-05-01\nweird_key = [1, 2]\n[extra]\nx = 1\n+++\n\
        Intro *emphasis* and `code`.\n\n```rust\nfn main() {}\n\n\n\n// end\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    let n = norm(text, "notes.md");
    assert_eq!(n.shape, Shape::Markdown);
    assert_eq!(n.title, "Notes");
    assert_eq!(n.date.as_deref(), Some("2024-05-01"));
    assert!(
        n.markdown.starts_with("Intro *emphasis* and `code`.\n"),
        "{}",
        n.markdown
    );
    // Blank lines inside code are not collapsed.
    assert!(
        n.markdown.contains("fn main() {}\n\n\n\n// end\n```"),
        "{}",
        n.markdown
    );
    assert!(html(&n.markdown).contains("<table>"));
}

#[test]
fn markdown_headings_become_plain_atx() {
    let text = "Setext *title*\n==============\n\n## [Linked](https://x.example) `code` heading ##\n\n### Tagged {#keep .me onclick=alert(1)}\n\n#### **\n\ntext\n";
    let n = norm(text, "h.md");
    let md = &n.markdown;
    assert!(md.starts_with("# Setext title\n"), "{md}");
    assert!(md.contains("\n## Linked code heading\n"), "{md}");
    assert!(md.contains("\n### Tagged {#keep .me}\n"), "{md}");
    assert!(!md.contains("####"), "{md}");
    assert_eq!(n.title, "Setext title");
    assert_safe(md);
}

#[test]
fn title_falls_back_to_heading_then_first_line() {
    assert_eq!(
        norm("Some text first.\n\n## Real Title\n\nMore.\n", "a.md").title,
        "Real Title"
    );
    assert_eq!(
        norm("Only *a* paragraph here.\nSecond line.\n", "a.md").title,
        "Only a paragraph here."
    );
    assert_eq!(
        norm("---\n---\n", "my-empty_page.md").title,
        "my empty page"
    );
}
