use super::*;
use pulldown_cmark::{Options, Parser, html::push_html};

fn norm(text: &str, name: &str) -> Normalized {
    normalize(text, Path::new(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn html_with(md: &str, opts: Options) -> String {
    let mut s = String::new();
    push_html(&mut s, Parser::new_ext(md, opts));
    s
}

fn html(md: &str) -> String {
    html_with(md, markup::md_options())
}

/// The tags of rendered HTML (text is escaped by the renderer, so `<` only opens tags),
/// honouring quoted attribute values.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = html.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '<' {
            continue;
        }
        let mut quote: Option<char> = None;
        let mut end = html.len();
        for (j, d) in chars.by_ref() {
            match quote {
                Some(q) if d == q => quote = None,
                Some(_) => {}
                None if d == '"' || d == '\'' => quote = Some(d),
                None if d == '>' => {
                    end = j + 1;
                    break;
                }
                None => {}
            }
        }
        out.push(html[i..end].to_string());
    }
    out
}

/// `(name, value)` attributes of a tag.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let chars: Vec<char> = inner.chars().collect();
    let mut i = chars
        .iter()
        .take_while(|c| !c.is_whitespace() && **c != '/')
        .count();
    let mut out = Vec::new();
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_lowercase();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let q = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != q {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// Structural safety of rendered HTML: no dangerous element, no event handler or style
/// attribute, no script-capable URL.
fn unsafe_markup(html: &str) -> Vec<String> {
    let mut bad = Vec::new();
    for tag in tags(html) {
        let lower = tag.to_lowercase();
        let name: String = lower
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "script"
                | "iframe"
                | "svg"
                | "object"
                | "embed"
                | "style"
                | "math"
                | "form"
                | "base"
                | "meta"
                | "link"
                | "frame"
        ) {
            bad.push(tag.clone());
        }
        if (lower.starts_with("<!") || lower.starts_with("<?")) && lower != "<!-- more -->" {
            bad.push(tag.clone());
        }
        for (attr, value) in attributes(&tag) {
            let url: String = value
                .to_lowercase()
                .replace("&#x09;", "")
                .replace("&#9;", "")
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            let script_url = url.starts_with("javascript:")
                || url.starts_with("vbscript:")
                || url.starts_with("data:text");
            if attr.starts_with("on")
                || attr == "style"
                || attr == "srcdoc"
                || attr == "formaction"
                || script_url
            {
                bad.push(tag.clone());
            }
        }
    }
    bad
}

/// Safe under every option set, and stable: sanitizing again changes nothing.
fn assert_safe(md: &str) {
    for opts in sanitize::option_sets() {
        let h = html_with(md, opts);
        let bad = unsafe_markup(&h);
        assert!(
            bad.is_empty(),
            "unsafe markup {bad:?}\nin html:\n{h}\nfrom markdown:\n{md}"
        );
    }
    assert_eq!(
        markup::finish(&sanitize::sanitize(md)),
        md,
        "not stable under sanitize"
    );
}

fn assert_no_text(hay: &str, needles: &[&str]) {
    let lower = hay.to_lowercase();
    for n in needles {
        assert!(!lower.contains(&n.to_lowercase()), "`{n}` found in:\n{hay}");
    }
}

/// Every fenced block ends with its closing fence, as the renderer parses it.
fn fences_closed(md: &str) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Tag};
    Parser::new_ext(md, markup::md_options())
        .into_offset_iter()
        .all(|(e, r)| match e {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                let src = &md[r];
                let first = src.lines().next().unwrap_or_default().trim_start();
                markup::fence_run(first).is_some_and(|(c, n)| markup::fence_is_closed(src, c, n))
            }
            _ => true,
        })
}

const CHROME: &[&str] = &[
    "_arrow_forward_",
    "Opens in new window",
    "_navigate_",
    "View Case Study",
    "RECENTLY UPDATED",
];

// ---------------------------------------------------------------------------------------------
// Plain text articles

const PLAIN: &str = "If you follow backend trends, one pattern is hard to miss: Go keeps showing up. It is everywhere.\n\
Teams adopt it for APIs -- and they keep it.\n\
The Rise of Go: From Internal Tool to Industry Standard\n\
Go was created at Google in 2007. It compiles fast.\n\
Goroutines: lightweight concurrency at scale\n\
A goroutine is cheap. You can run millions.\n\
Performance: Go vs. Java vs. Node.js\n\
Raw benchmarks only tell part of the story.\n\
| Metric | Go | Java |\n\
|---|---|---|\n\
| Startup | Milliseconds | Seconds |\n\
| Memory | Low | High |\n\
Where Go wins decisively\n\
Memory and startup time.\n\
Frameworks and libraries\n\
- Gin, Echo: HTTP frameworks.\n\
- GORM, sqlx: database access.\n\
Choose Go when:\n\
- You need high concurrency.\n\
Conclusion\n\
Go is a safe choice for backend systems.";

#[test]
fn plain_bare_lines_become_headings() {
    let n = norm(PLAIN, "article.txt");
    assert_eq!(n.shape, Shape::PlainArticle);
    let md = &n.markdown;
    for h in [
        "## The Rise of Go: From Internal Tool to Industry Standard\n",
        "### Goroutines: lightweight concurrency at scale\n",
        "## Performance: Go vs. Java vs. Node.js\n",
        "### Where Go wins decisively\n",
        "### Frameworks and libraries\n",
    ] {
        assert!(md.contains(h), "missing `{h}` in:\n{md}");
    }
    // The long first line is a paragraph, so the title is the first heading.
    assert!(md.starts_with("If you follow backend trends"), "{md}");
    assert_eq!(
        n.title,
        "The Rise of Go: From Internal Tool to Industry Standard"
    );
    // A line ending with a colon introduces a list: a paragraph.
    assert!(
        md.contains("\nChoose Go when:\n\n- You need high concurrency.\n"),
        "{md}"
    );
    // One-word headings take the level of the previous heading... here a section.
    assert!(
        md.contains("\n### Conclusion\n") || md.contains("\n## Conclusion\n"),
        "{md}"
    );
    // Every line is its own paragraph.
    assert!(
        md.contains("It is everywhere.\n\nTeams adopt it for APIs — and they keep it.\n"),
        "{md}"
    );
    let h = html(md);
    assert!(h.contains("<h2"), "{h}");
    assert!(h.contains("<h3"), "{h}");
}

#[test]
fn plain_heading_levels_are_flat_without_a_title_case_outline() {
    let text = "What Companies Use Go\n\nMajor companies like Google use Go.\n\nThe infrastructure roll call\n\n\
        You open a repository. The language is Go.\n\nFrom Perl to Go at Example Corp\n\nIt moved to Go.\n\n\
        When to reach for Go\n\nUse Go when you need a network service.\n";
    let n = norm(text, "a.txt");
    assert_eq!(n.title, "What Companies Use Go");
    assert!(
        !n.markdown.contains("What Companies Use Go"),
        "title repeated:\n{}",
        n.markdown
    );
    for h in [
        "## The infrastructure roll call",
        "## From Perl to Go at Example Corp",
        "## When to reach for Go",
    ] {
        assert!(n.markdown.contains(h), "missing `{h}`:\n{}", n.markdown);
    }
    assert!(!n.markdown.contains("###"), "{}", n.markdown);
}

#[test]
fn plain_table_gets_a_blank_line_and_renders() {
    let n = norm(PLAIN, "article.txt");
    assert!(
        n.markdown
            .contains("part of the story.\n\n| Metric | Go | Java |\n|---|---|---|\n"),
        "{}",
        n.markdown
    );
    let h = html(&n.markdown);
    assert!(h.contains("<table>"), "{h}");
    assert!(h.contains("<td>Milliseconds</td>"), "{h}");

    // A table without a delimiter row gets one.
    let n = norm(
        "A title line\n\nSome text here.\n| a | b |\n| 1 | 2 |\n\nMore text.\n",
        "t.txt",
    );
    assert!(html(&n.markdown).contains("<table>"), "{}", n.markdown);
}

#[test]
fn plain_lists_are_kept() {
    let n = norm(PLAIN, "article.txt");
    assert!(
        n.markdown
            .contains("\n- Gin, Echo: HTTP frameworks.\n- GORM, sqlx: database access.\n"),
        "{}",
        n.markdown
    );
    let h = html(&n.markdown);
    assert!(h.contains("<li>Gin, Echo: HTTP frameworks.</li>"), "{h}");
}

const CODE_ARTICLE: &str = "What Companies Use Go in Production\n\n\
Major companies like Google use Go.\n\n\
The minimal service pattern\n\n\
Here is the simplest pattern: a service that listens and shuts down cleanly.\n\n\
package main\n\n\
import (\n    \"fmt\"\n    \"net/http\"\n)\n\n\
// handle answers one request.\n\
func handle(w http.ResponseWriter, r *http.Request) {\n    ctx := r.Context()\n\n    fmt.Fprint(w, \"ok\")\n    _ = ctx\n}\n\n\
The handler writes a response. It never blocks.\n\n\
func main() {\n    mux := http.NewServeMux()\n\n    mux.HandleFunc(\"/\", handle)\n}\n\n\
Goroutines are cheap. Channels are not magic.\n\n\
Where production systems break\n\n\
The runtime will panic with fatal error: all goroutines are asleep - deadlock! if every goroutine blocks. \
The community accepts if err != nil { return err } as boilerplate, and receivers look like (f *fetcher) Run(...).\n\n\
Where to go next";

#[test]
fn unfenced_code_is_fenced_with_its_blank_lines() {
    let n = norm(CODE_ARTICLE, "code.txt");
    assert_eq!(n.shape, Shape::PlainCodeArticle);
    let md = &n.markdown;
    assert!(
        md.contains("```go\npackage main\n\nimport (\n    \"fmt\"\n    \"net/http\"\n)\n\n// handle answers one request.\nfunc handle("),
        "{md}"
    );
    assert!(
        md.contains("    ctx := r.Context()\n\n    fmt.Fprint(w, \"ok\")"),
        "blank line inside the block lost:\n{md}"
    );
    assert!(
        md.contains("    _ = ctx\n}\n```\n\nThe handler writes a response."),
        "{md}"
    );
    assert!(
        md.contains("```go\nfunc main() {\n    mux := http.NewServeMux()\n\n    mux.HandleFunc"),
        "{md}"
    );
    let h = html(md);
    assert_eq!(h.matches("<pre").count(), 2, "{h}");
    assert_eq!(h.matches("language-go").count(), 2, "{h}");
    assert!(fences_closed(md));
    assert!(md.contains("## The minimal service pattern"), "{md}");
}

#[test]
fn prose_with_code_like_text_and_pull_quotes_stay_paragraphs() {
    let n = norm(CODE_ARTICLE, "code.txt");
    let md = &n.markdown;
    assert!(
        md.contains(
            "\nThe runtime will panic with fatal error: all goroutines are asleep - deadlock!"
        ),
        "{md}"
    );
    assert!(md.contains("if err != nil { return err }"), "{md}");
    assert!(md.contains("(f \\*fetcher) Run(...)"), "{md}");
    assert!(
        md.contains("\nGoroutines are cheap. Channels are not magic.\n"),
        "{md}"
    );
    assert!(!md.contains("# Goroutines are cheap"), "{md}");
    // The last line has nothing under it: not a heading.
    assert!(md.ends_with("\nWhere to go next\n"), "{md}");
    let h = html(md);
    assert!(
        h.contains("<p>Goroutines are cheap. Channels are not magic.</p>"),
        "{h}"
    );
    assert!(h.contains("(f *fetcher) Run(...)"), "{h}");
}

#[test]
fn code_languages_are_detected() {
    let cases = [
        (
            "def greet(name):\n    return f\"hi {name}\"\n\nprint(greet(\"go\"))",
            "python",
        ),
        (
            "fn main() {\n    let mut v = Vec::new();\n    v.push(1);\n    println!(\"{:?}\", v);\n}",
            "rust",
        ),
        (
            "function greet(name) {\n  console.log(`hi ${name}`);\n}\n\nconst x = greet(\"go\");",
            "javascript",
        ),
        ("$ go build ./...\n$ ./server --port 8080", "bash"),
        (
            "package main\n\nfunc main() {\n    x := 1\n    _ = x\n}",
            "go",
        ),
    ];
    for (code, lang) in cases {
        let text = format!(
            "A short title\n\nSome explanation comes first.\n\n{code}\n\nAnd then the prose goes on.\n"
        );
        let n = norm(&text, "c.txt");
        assert_eq!(n.shape, Shape::PlainCodeArticle, "{lang}: {}", n.markdown);
        assert!(
            n.markdown.contains(&format!("```{lang}\n")),
            "{lang}:\n{}",
            n.markdown
        );
        assert!(
            n.markdown.contains("```\n\nAnd then the prose goes on.\n"),
            "{lang}:\n{}",
            n.markdown
        );
        assert!(fences_closed(&n.markdown));
    }
}

#[test]
fn plain_text_markup_characters_stay_literal() {
    let text = "Notes on pointers\n\nYou never pass a *string or a *int. Use snake_case and _private names.\n\n\
        # not a heading in plain text\n\n2014. A good year.\n\nUse Vec<T> and a < b.\n";
    let n = norm(text, "p.txt");
    let h = html(&n.markdown);
    assert!(
        h.contains("You never pass a *string or a *int. Use snake_case and _private names."),
        "{h}"
    );
    assert!(!h.contains("<h1"), "{h}");
    assert!(!h.contains("<ol"), "{h}");
    assert_eq!(n.shape, Shape::PlainArticle);
    assert!(h.contains("Use Vec&lt;T&gt; and a &lt; b."), "{h}");
}

// ---------------------------------------------------------------------------------------------
// Crawled pages

const CRAWLED: &str = "---
source_url: https://gophers.example.org/solutions/case-studies
title: Case Studies - Gopher Stories
crawl_date: 2025-07-25T12:08:27.703201
watsonmd_version: 0.1.0
---

1. [ Why Go ](/solutions/)
  2. [ Case Studies ](/solutions/case-studies)


  * ![Using Go at Acme](/images/acme_carousel.png)

RECENTLY UPDATED

##  Using Go at Acme 

Acme adopted Go in 2015 to build its services. [Learn more _arrow_forward_ ](/solutions/acme/)

  * ![Zeta Builds Things with Go](/images/zeta.png)

RECENTLY UPDATED

##  Zeta Builds Things with Go 

Zeta writes its build farm in Go. [Learn more _arrow_forward_ ](/solutions/zeta)




Opens in new window. 

_navigate_before_ _navigate_next_

  * [ ![Acme](/images/logos/acme_dark.svg) ![Acme](/images/logos/acme_light.svg) Using Go at Acme Acme adopted Go in 2015 to build its services.  View Case Study ](/solutions/acme/)
  * [ ![Beta Labs](/images/logos/beta.svg) ![Beta Labs](/images/logos/beta.svg) Graceful restarts in Go “We restart without dropping a connection.”  View Case Study ](https://blog.beta.example/restarts/?utm_source=x&utm_medium=y)
  * [ ![Gamma](/images/logos/gamma_dark.png) ![Gamma](/images/logos/gamma_light.png) Gamma – Data tools [,written in Go,] at scale  View Case Study ](../stories/gamma)";

#[test]
fn crawled_chrome_is_removed() {
    let n = norm(CRAWLED, "crawl.md");
    assert_eq!(n.shape, Shape::Crawled);
    assert_no_text(&n.markdown, CHROME);
    assert_no_text(&n.markdown, &["Why Go", "acme_light", "Learn more _"]);
    // The carousel item repeating a card is dropped; the others stay once.
    assert_eq!(
        n.markdown.matches("Acme adopted Go in 2015").count(),
        1,
        "{}",
        n.markdown
    );
    assert_eq!(
        n.markdown.matches("Zeta writes its build farm").count(),
        1,
        "{}",
        n.markdown
    );
    assert!(
        n.markdown.contains("## Zeta Builds Things with Go\n"),
        "{}",
        n.markdown
    );
    assert!(
        n.markdown
            .contains("[Learn more](https://gophers.example.org/solutions/zeta)"),
        "{}",
        n.markdown
    );
    assert_no_text(&html(&n.markdown), CHROME);
}

#[test]
fn crawled_cards_are_parsed() {
    let n = norm(CRAWLED, "crawl.md");
    let names: Vec<&str> = n.cards.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Acme", "Beta Labs", "Gamma"]);
    assert_eq!(
        n.cards[0].url,
        "https://gophers.example.org/solutions/acme/"
    );
    // The listing prints a card's title and summary with nothing between; they are told apart.
    assert_eq!(n.cards[0].title.as_deref(), Some("Using Go at Acme"));
    assert_eq!(
        n.cards[0].text,
        "Acme adopted Go in 2015 to build its services."
    );
    assert_eq!(
        n.cards[1].url,
        "https://blog.beta.example/restarts/?utm_source=x&utm_medium=y"
    );
    assert_eq!(n.cards[1].title.as_deref(), Some("Graceful restarts in Go"));
    assert_eq!(
        n.cards[1].text,
        "“We restart without dropping a connection.”"
    );
    assert_eq!(n.cards[2].url, "https://gophers.example.org/stories/gamma");
    // A title alone stays whole.
    assert_eq!(n.cards[2].title, None);
    assert_eq!(
        n.cards[2].text,
        "Gamma – Data tools [,written in Go,] at scale"
    );
    for c in &n.cards {
        assert!(c.url.starts_with("https://"), "{c:?}");
        assert!(
            !c.text.contains("View Case Study") && !c.text.contains("!["),
            "{c:?}"
        );
    }
    let md = &n.markdown;
    assert!(
        md.contains(
            "## Case studies\n\n### Acme\n\nAcme adopted Go in 2015 to build its services.\n\n\
             [Using Go at Acme](https://gophers.example.org/solutions/acme/)\n"
        ),
        "{md}"
    );
    assert!(md.contains("### Beta Labs\n"), "{md}");
    assert!(
        md.contains("[Read the Gamma case study](https://gophers.example.org/stories/gamma)"),
        "{md}"
    );
    let h = html(md);
    assert!(h.contains("<h3>Beta Labs</h3>"), "{h}");
}

#[test]
fn crawled_relative_links_are_resolved() {
    let text = "---\nsource_url: https://example.com/blog/post/\ntitle: Post\n---\n\n\
        See [the docs](/docs/intro), [a sibling](../other?x=1#top), [same dir](next.html), \
        [query](?page=2) and ![logo](img/logo.png \"Logo\").\n\n[ref]: /about\n\nUse [ref] and [absolute](https://other.example/x).\n";
    let n = norm(text, "post.md");
    let md = &n.markdown;
    for want in [
        "[the docs](https://example.com/docs/intro)",
        "[a sibling](https://example.com/blog/other?x=1#top)",
        "[same dir](https://example.com/blog/post/next.html)",
        "[query](https://example.com/blog/post/?page=2)",
        "![logo](https://example.com/blog/post/img/logo.png \"Logo\")",
        "[ref]: https://example.com/about",
        "[absolute](https://other.example/x)",
    ] {
        assert!(md.contains(want), "missing `{want}`:\n{md}");
    }
    assert!(
        html(md).contains("href=\"https://example.com/about\""),
        "{md}"
    );
}

#[test]
fn crawled_metadata_is_read() {
    let n = norm(CRAWLED, "crawl.md");
    assert_eq!(n.title, "Case Studies - Gopher Stories");
    assert_eq!(
        n.source_url.as_deref(),
        Some("https://gophers.example.org/solutions/case-studies")
    );
    assert_eq!(n.date.as_deref(), Some("2025-07-25T12:08:27Z"));
    assert!(crate::content::Date::parse(n.date.as_deref().unwrap()).is_ok());
    assert_eq!(n.description, None);
}

#[test]
fn crawl_chrome_without_a_header_is_still_a_crawl() {
    let body = CRAWLED.split("---\n").nth(2).unwrap();
    let n = norm(body, "page.md");
    assert_eq!(n.shape, Shape::Crawled);
    assert_eq!(n.cards.len(), 3);
    // No base URL: a relative card link cannot be resolved to where it pointed, so it is
    // dropped rather than left to point somewhere on this site.
    assert_eq!(n.cards[0].url, "");
    assert_eq!(n.cards[2].url, "");
    // An absolute one is kept.
    assert!(n.cards[1].url.starts_with("https://blog.beta.example/"));
    assert_no_text(&n.markdown, CHROME);
}

// ---------------------------------------------------------------------------------------------
// Wiki, Hugo, markdown

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

// ---------------------------------------------------------------------------------------------
// Front matter

#[test]
fn front_matter_errors_point_at_file_and_line() {
    let cases: [(&str, usize); 4] = [
        ("---\ntitle: A\nbody without a closing line\n", 1),
        ("---\ntitle: [unclosed\n---\nbody\n", 2),
        ("+++\ntitle = \"A\"\ndate = \n+++\nbody\n", 3),
        ("\n\n---\ntitle: ok\n  bad: indentation: here\n---\n", 5),
    ];
    for (text, line) in cases {
        let err = normalize(text, Path::new("src/a.md")).unwrap_err();
        let loc = err.location.as_ref().expect("a location");
        assert_eq!(loc.path, Path::new("src/a.md"), "{err}");
        assert_eq!(loc.line, Some(line), "{text:?}: {err}");
    }
}

#[test]
fn unknown_front_matter_keys_and_odd_values_are_fine() {
    let text = "---\ntitle: 2024\ndescription: true\ndate: not a date\nresources:\n- name: x\n  params: {a: 1}\nfoo: [1, 2]\n---\nBody.\n";
    let n = norm(text, "odd.md");
    assert_eq!(n.title, "2024");
    assert_eq!(n.description.as_deref(), Some("true"));
    assert_eq!(n.date, None);
}

#[test]
fn dates_are_normalized() {
    for (input, want) in [
        ("2025-07-25", Some("2025-07-25")),
        ("2025-07-25T12:08:27.703201", Some("2025-07-25T12:08:27Z")),
        ("2025-07-25 12:08:27", Some("2025-07-25T12:08:27Z")),
        (
            "2019-10-04T15:26:31-04:00",
            Some("2019-10-04T15:26:31-04:00"),
        ),
        (
            "2019-10-04 15:26:31 +0200",
            Some("2019-10-04T15:26:31+02:00"),
        ),
        ("July 4, 2021", Some("2021-07-04")),
        ("2024-02-30", None),
        ("yesterday", None),
    ] {
        let got = front::normalize_date(input);
        assert_eq!(got.as_deref(), want, "{input}");
        if let Some(d) = got {
            assert!(crate::content::Date::parse(&d).is_ok(), "{d}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sanitization

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

// ---------------------------------------------------------------------------------------------
// Robustness

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
    let lf = norm(CODE_ARTICLE, "c.txt");
    let crlf = norm(&CODE_ARTICLE.replace('\n', "\r\n"), "c.txt");
    assert_eq!(lf, crlf);
    let trailing = norm(&format!("{CODE_ARTICLE}\n"), "c.txt");
    assert_eq!(lf, trailing);
}

/// Deterministic pseudo-random documents stitched from tricky fragments.
#[test]
fn pseudo_random_documents_are_safe() {
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

// ---------------------------------------------------------------------------------------------
// The real seeds and fixtures

#[test]
fn seeds_and_fixtures_normalize_cleanly() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds/");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ingest/");
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    match std::fs::read_dir(seeds) {
        Ok(dir) => files.extend(dir.filter_map(|e| e.ok()).map(|e| e.path())),
        Err(_) => eprintln!("note: {seeds} is missing; checking the fixtures only"),
    }
    files.extend(
        std::fs::read_dir(fixtures)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path()),
    );
    files.sort();
    assert!(files.len() >= 3);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let n = normalize(&text, path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let md = &n.markdown;
        assert_no_text(md, CHROME);
        assert!(fences_closed(md), "{name}: unclosed fence");
        assert_safe(md);
        assert!(!n.title.is_empty(), "{name}");
        for line in md.lines().filter(|l| l.starts_with('#')) {
            assert!(!line.contains("**"), "{name}: {line}");
        }
        let h = html(md);
        let shape = n.shape;
        let prefix = name.get(..3).unwrap_or_default();
        match prefix {
            "000" => {
                assert_eq!(shape, Shape::Crawled);
                assert_eq!(n.cards.len(), 27, "{name}");
                assert!(
                    n.cards.iter().all(|c| c.url.starts_with("https://")),
                    "{:?}",
                    n.cards
                );
                let paypal = n.cards.iter().find(|c| c.name == "PayPal").unwrap();
                assert_eq!(paypal.url, "https://go.dev/solutions/paypal");
                assert_eq!(
                    n.source_url.as_deref(),
                    Some("https://go.dev/solutions/case-studies")
                );
                assert_eq!(n.title, "Case Studies - The Go Programming Language");
                assert_eq!(n.date.as_deref(), Some("2025-07-25T12:08:27Z"));
                assert!(!md.contains("](/"), "relative link left:\n{md}");
            }
            "001" => {
                assert_eq!(shape, Shape::PlainArticle);
                assert!(h.contains("<table>"), "{name}");
                assert!(
                    md.contains("\n## Real-World Use Cases: Who Uses Go and Why\n"),
                    "{md}"
                );
                assert!(
                    md.contains("\n### Uber: millions of requests per second\n"),
                    "{md}"
                );
                assert!(
                    md.contains("\n### Tooling\n") && md.contains("\n## Conclusion\n"),
                    "{md}"
                );
            }
            "002" => {
                assert_eq!(shape, Shape::PlainCodeArticle);
                assert_eq!(h.matches("<pre").count(), 4, "{name}:\n{md}");
                assert_eq!(n.title, "What Companies Use Go in Production");
                assert!(md.contains("\n## When to reach for Go\n"), "{md}");
                assert!(!md.contains("# Goroutines are cheap"), "{md}");
            }
            "003" => {
                assert_eq!(shape, Shape::Wiki);
                assert!(md.contains("\n- [Go at SoundCloud](https://developers.soundcloud.com/blog/go-at-soundcloud) by Peter Bourgon\n"));
                assert!(!md.contains("[[") && !md.contains("\n\n\n"));
            }
            "004" => {
                assert_eq!(shape, Shape::Hugo);
                assert!(
                    md.contains("\n### AT&T\n") && md.contains("\n### American Express\n"),
                    "{md}"
                );
                assert_eq!(n.date.as_deref(), Some("2019-10-04T15:26:31-04:00"));
                assert!(n.description.is_some());
            }
            _ => {}
        }
        match name.as_str() {
            "gopher-stories-case-studies.md" => {
                assert_eq!(shape, Shape::Crawled);
                assert_eq!(n.cards.len(), 8);
                assert!(n.cards.iter().all(|c| c.url.starts_with("https://")));
            }
            "marketplaces-moving-to-go.txt" => {
                assert_eq!(shape, Shape::PlainCodeArticle);
                assert!(
                    h.contains("<table>") && h.matches("<pre").count() == 2,
                    "{md}"
                );
            }
            "go-production-talks-wiki.md" => assert_eq!(shape, Shape::Wiki),
            _ => {}
        }
    }
}

#[test]
fn hostile_crawl_is_neutralized() {
    let hostile = "---\nsource_url: https://example.com/x\ntitle: Hostile\ncrawl_date: 2025-01-01\n---\n\n\
        # Hostile page\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
        [click](javascript:alert(1)) and [again](JaVaScRiPt:alert(2)) and <a href=\"javascript:alert(3)\">html</a>\n\n\
        <svg onload=alert(4)></svg> <iframe src=\"https://evil.example\"></iframe>\n\nEvilCorp uses Go.\n";
    let n = norm(hostile, "hostile.md");
    assert_eq!(n.shape, Shape::Crawled);
    assert_eq!(n.date.as_deref(), Some("2025-01-01"));
    assert_safe(&n.markdown);
    let h = html(&n.markdown).to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "<svg",
    ] {
        assert!(!h.contains(bad), "`{bad}` in:\n{h}");
    }
    assert!(h.contains("click and again and html"), "{h}");
    assert!(h.contains("evilcorp uses go."), "{h}");
}

#[test]
fn wrapped_plain_text_with_indented_code_and_prompts() {
    let text = "Why We Moved Our Workers to Go\n\nFor years our background workers ran on Ruby. They were easy\n\
        to write and hard to run: memory grew without bound and the\nqueue backed up every Monday morning.\n\n\
        The rewrite\nWe started with the smallest worker, the one that resizes\nimages, and ported it in a week.\n\n\
        Results\n\nThe Go worker uses a tenth of the memory. Here is the core:\n\n\
        \x20   func resize(img image.Image) image.Image {\n\x20       return imaging.Resize(img, 800, 0)\n\x20   }\n\n\
        To deploy it we run:\n\n$ go build -o worker ./cmd/worker\n$ ./worker --queue images\n\n\
        What we learned\n\n* Measure first.\n* Port the simplest thing.\n  Then the next one.\n\nThanks for reading\n";
    let n = norm(text, "workers.txt");
    assert_eq!(n.shape, Shape::PlainCodeArticle);
    assert_eq!(n.title, "Why We Moved Our Workers to Go");
    let md = &n.markdown;
    // Wrapped lines stay one paragraph; a short line before text is a heading.
    assert!(
        md.contains("For years our background workers ran on Ruby. They were easy\nto write"),
        "{md}"
    );
    assert!(
        md.contains("## The rewrite\n\nWe started with the smallest worker"),
        "{md}"
    );
    assert!(md.contains("## Results\n"), "{md}");
    // Indented code is fenced and dedented.
    assert!(md.contains("```go\nfunc resize(img image.Image) image.Image {\n    return imaging.Resize(img, 800, 0)\n}\n```"), "{md}");
    assert!(
        md.contains("```bash\n$ go build -o worker ./cmd/worker\n$ ./worker --queue images\n```"),
        "{md}"
    );
    assert!(
        md.contains("- Measure first.\n- Port the simplest thing.\n  Then the next one.\n"),
        "{md}"
    );
    assert!(md.ends_with("\nThanks for reading\n"), "{md}");
    assert_eq!(html(md).matches("<pre").count(), 2);
}

#[test]
fn a_header_over_plain_text_is_still_plain_text() {
    let text = "---\ntitle: Moving to Go\ndate: 2024-03-01\nauthor: someone\n---\nMoving to Go\n\nWe moved last year.\n\n\
        The first service\n\nIt was small.\n\npackage main\n\nfunc main() {\n}\n\nThat was it.\n";
    let n = norm(text, "moving.md");
    assert_eq!(n.shape, Shape::PlainCodeArticle);
    assert_eq!(n.title, "Moving to Go");
    assert_eq!(n.date.as_deref(), Some("2024-03-01"));
    assert!(
        n.markdown
            .starts_with("We moved last year.\n\n## The first service\n"),
        "{}",
        n.markdown
    );
    assert!(
        n.markdown.contains("```go\npackage main\n"),
        "{}",
        n.markdown
    );
    // A different header title keeps the first line as a heading.
    let n = norm(
        &text.replace("title: Moving to Go", "title: Another"),
        "moving.md",
    );
    assert_eq!(n.title, "Another");
    assert!(
        n.markdown.starts_with("## Moving to Go\n"),
        "{}",
        n.markdown
    );
}
