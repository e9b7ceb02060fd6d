//! Plain-text articles.

use super::*;

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

pub(super) const CODE_ARTICLE: &str = "What Companies Use Go in Production\n\n\
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
