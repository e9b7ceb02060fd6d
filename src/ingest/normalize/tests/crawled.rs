//! Crawled pages.

use super::*;

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
