//! The pages ingest makes: at scale, evidence links, comparison summaries, source
//! descriptions, and what is never a company.

use super::*;

/// A source with 2,000 list entries gives 2,000 company pages, and the companies index stays
/// usable: pagers of at most 1,000 (config.toml's `terms_per_page`), none over 150 KB, each
/// naming the range of every pager, every company on exactly one of them.
#[test]
fn two_thousand_list_entries_give_two_thousand_company_pages() {
    // Made-up names from syllables (no list knows them), each with a homepage that spells it.
    let syllables = [
        "zor", "vex", "qua", "lin", "tro", "mek", "sar", "bel", "dun", "fia", "kor", "rap",
    ];
    let mut names = Vec::new();
    'outer: for a in syllables {
        for b in syllables {
            for c in syllables {
                if names.len() == 2_000 {
                    break 'outer;
                }
                names.push(format!("{a}{b}{c}"));
            }
        }
    }
    let mut list =
        String::from("# Companies using Go\n\nOrganisations that use Go in production.\n\n");
    for (i, n) in names.iter().enumerate() {
        if i % 250 == 0 {
            list.push_str(&format!("\n### Region {}\n\n", i / 250 + 1));
        }
        let mut display = n.clone();
        display[..1].make_ascii_uppercase();
        list.push_str(&format!(
            "- [{display}](https://www.{n}.com) - Payments platform written in Go\n"
        ));
    }
    let site = site_with_sources(&[("users.md".into(), list.into_bytes())]);
    let out = gazette(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let companies = site.path().join("public/companies");
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !companies.join(n).join("index.html").is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "{} without a page: {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );

    let mut pagers = vec![companies.join("index.html")];
    for n in 2.. {
        let p = companies.join(format!("page/{n}/index.html"));
        if !p.is_file() {
            break;
        }
        pagers.push(p);
    }
    assert!(
        pagers.len() >= 2,
        "one list page for {} companies",
        names.len()
    );
    let mut listed: BTreeMap<String, usize> = BTreeMap::new();
    for p in &pagers {
        let html = std::fs::read_to_string(p).unwrap();
        assert!(
            html.len() <= 150_000,
            "{} is {} bytes",
            p.display(),
            html.len()
        );
        for n in 2..=pagers.len() {
            assert!(
                html.contains(&format!("companies/page/{n}/index.html\"")),
                "{} links no pager {n}",
                p.display()
            );
        }
        for n in &names {
            if html.contains(&format!("companies/{n}/index.html\"")) {
                *listed.entry(n.clone()).or_default() += 1;
            }
        }
    }
    let unlisted = names.iter().filter(|n| !listed.contains_key(*n)).count();
    let twice = listed.values().filter(|&&c| c > 1).count();
    assert_eq!(
        (unlisted, twice),
        (0, 0),
        "companies not on a pager, and on two"
    );
}

/// Evidence links land on the quoted sentence: each link from a company, domain or comparison
/// page to a source page carries a text fragment (`#:~:text=start,end`) whose words are on
/// that page, and every kind of page has such links.
#[test]
fn evidence_links_land_on_the_quoted_sentence() {
    let site = built_bundled_site();
    let root = site.path();
    let plain = gazette::render::search::text_of;
    let (mut landed, mut missed) = (0, Vec::new());
    let mut by_kind = std::collections::BTreeMap::new();
    for kind in ["companies", "comparisons", "domains"] {
        for entry in std::fs::read_dir(root.join("public").join(kind)).unwrap() {
            let page = entry.unwrap().path().join("index.html");
            let Ok(html) = std::fs::read_to_string(&page) else {
                continue;
            };
            for link in html.split("href=\"").skip(1) {
                let href = &link[..link.find('"').unwrap()];
                let Some((url, fragment)) = href.split_once("#:~:text=") else {
                    continue;
                };
                // `../../sources/x/index.html` (relative_urls) or `https://…/sources/x/`.
                let Some(path) = url.split_once("sources/").map(|(_, p)| p) else {
                    continue; // the original, elsewhere
                };
                if url.starts_with("http") && !url.contains("gazette.example.org") {
                    continue;
                }
                let path = path.trim_end_matches("index.html");
                let source = std::fs::read_to_string(
                    root.join("public/sources").join(path).join("index.html"),
                )
                .unwrap_or_else(|e| panic!("{href}: {e}"));
                let text = plain(&source);
                let found = fragment.replace("&amp;", "&").split(',').all(|part| {
                    let words = percent_encoding::percent_decode_str(part).decode_utf8_lossy();
                    text.contains(words.as_ref())
                });
                if found {
                    landed += 1;
                    *by_kind.entry(kind).or_insert(0) += 1;
                } else {
                    missed.push(format!("{}: {href}", page.display()));
                }
            }
        }
    }
    assert!(
        landed > 20,
        "only {landed} evidence links with a text fragment"
    );
    assert_eq!(
        by_kind.len(),
        3,
        "kinds of pages with such links: {by_kind:?}"
    );
    assert!(
        missed.len() * 10 <= landed,
        "{} of {} text fragments are not on their page: {:#?}",
        missed.len(),
        landed + missed.len(),
        &missed[..missed.len().min(10)]
    );
}

/// A comparison page opens with what it rests on: the claims and how many sources they come
/// from, and says so when most come from one article.
#[test]
fn comparison_pages_say_how_many_claims_and_sources_they_rest_on() {
    let site = built_bundled_site();
    let mut checked = 0;
    for entry in std::fs::read_dir(site.path().join("public/comparisons")).unwrap() {
        let Ok(html) = std::fs::read_to_string(entry.unwrap().path().join("index.html")) else {
            continue;
        };
        let lead = html
            .split("<p class=\"lead\">")
            .nth(1)
            .and_then(|l| l.split("</p>").next())
            .expect("a comparison page opens with a summary");
        let claims: usize = lead.split(" claim").next().unwrap().trim().parse().unwrap();
        let migrations: usize = lead
            .split(" migration")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        // Every claim and migration is quoted on the page.
        let shown = html.matches("<li><blockquote>").count();
        assert_eq!(claims + migrations, shown, "{lead}");
        let sources: usize = lead
            .split(" from ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(sources >= 1 || claims == 0, "{lead}");
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} comparison pages");
}

/// Every source with content has a description on the sources index: its own, or its opening
/// sentences (the seeds' .txt articles and a wiki page have none of their own).
#[test]
fn every_source_on_the_sources_index_has_a_description() {
    let site = built_bundled_site();
    let index = read(site.path(), "sources/index.html");
    let list = index.split("<ul class=\"page-list\">").nth(1).unwrap();
    let items: Vec<&str> = list.split("<li>").skip(1).collect();
    assert!(items.len() >= 5, "{} sources listed", items.len());
    for item in items {
        let description = item
            .split("<p>")
            .nth(1)
            .and_then(|p| p.split("</p>").next());
        assert!(
            description.is_some_and(|d| d.trim().len() >= 20),
            "no description: {item}"
        );
    }
}

/// People (a first name and a surname, an honorific), cities, regions and platform links stand where
/// companies stand in real lists: as "Name: title" link prefixes with their own domains, as
/// list entries with homepages, under city headings. None of them is a company; the
/// companies beside them still are. The names are made up, so no data file knows them.
#[test]
fn people_cities_and_platform_links_are_never_companies() {
    let file = "stories-people-and-offices.md";
    let site = site_with_sources(&[(
        file.to_string(),
        std::fs::read(fixture("ingest").join(file)).unwrap(),
    )]);
    let got = extracted(site.path());
    let companies: Vec<&str> = got
        .get(file)
        .map(|(c, _)| c.iter().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        companies,
        [
            "azulejo cloud",
            "brotzeit labs",
            "ferrovia",
            "harbourline",
            "kapa logistics",
            "kranwerk",
            "quillstack",
            "tallyform"
        ]
    );
}

/// A crawled listing prints each card's title and summary with nothing between: the quote is
/// the summary, never the two glued together. A bare title ("Go at BBC") names the company but
/// says nothing about it: it is shown as a title, not as a quotation.
#[test]
fn card_quotes_are_summaries_and_bare_titles_are_not_quoted() {
    let site = built_bundled_site();
    let amex = read(site.path(), "companies/american-express/index.html");
    assert!(
        amex.contains("<blockquote><p>Go provides American Express with the speed"),
        "{amex}"
    );
    assert!(!amex.contains("American Express Uses Go for Payments &amp; Rewards Go provides"));
    let bbc = read(site.path(), "companies/bbc/index.html");
    assert!(
        bbc.contains("Named in the title <cite>Go at BBC</cite>"),
        "{bbc}"
    );
    assert!(!bbc.contains("<blockquote><p>Go at BBC"), "{bbc}");
    // The source page shows the card's title as its case-study link, after the summary.
    let listing = read(site.path(), "sources/go-dev-case-studies/index.html");
    assert!(
        listing.contains(">American Express Uses Go for Payments &amp; Rewards</a>"),
        "{listing}"
    );
}
