//! The real seeds and fixtures.

use super::*;

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
        what_each_seed_gives(&name, &n);
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

/// What each seed (by its number) and each fixture (by its name) must come out as.
fn what_each_seed_gives(name: &str, n: &Normalized) {
    let md = &n.markdown;
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
    match name {
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
