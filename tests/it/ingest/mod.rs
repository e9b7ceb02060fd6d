//! Ingest against the hand-labeled gold lists: precision and recall of the companies the build
//! extracts from each raw document, and every labeled comparison found. Also bad sources and
//! script injection, end to end.

use crate::common::*;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod pages;
mod real;

#[derive(Deserialize)]
struct Gold {
    seed: Vec<Seed>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Seed {
    file: String,
    original: String,
    shape: String,
    companies: Vec<String>,
    #[serde(default)]
    doubtful: Vec<String>,
    comparisons: Vec<String>,
    #[serde(default)]
    doubtful_comparisons: Vec<String>,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gold(name: &str) -> Gold {
    toml::from_str(&std::fs::read_to_string(repo().join("tests/gold").join(name)).unwrap()).unwrap()
}

/// A copy of the bundled site whose content/sources/ holds `sources` (name -> bytes).
fn site_with_sources(sources: &[(String, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for keep in [
        "config.toml",
        "data",
        "themes",
        "content/_index.md",
        "content/about.md",
        "content/sources/_index.md",
    ] {
        let from = repo().join(keep);
        let to = dir.path().join(keep);
        if from.is_dir() {
            copy_dir(&from, &to);
        } else {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&from, &to).unwrap();
        }
    }
    for (name, bytes) in sources {
        std::fs::write(dir.path().join("content/sources").join(name), bytes).unwrap();
    }
    dir
}

/// A copy of the bundled site with its own sources.
fn bundled_site() -> tempfile::TempDir {
    let site = site_with_sources(&[]);
    copy_dir(
        &repo().join("content/sources"),
        &site.path().join("content/sources"),
    );
    site
}

/// The bundled site, built.
fn built_bundled_site() -> tempfile::TempDir {
    let site = bundled_site();
    let out = gazette(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site
}

/// Builds `root` and returns, per source file name, the companies and comparisons the export
/// lists for it.
fn extracted(root: &Path) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let out = gazette(root, &["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_str(&read(root, "data/taxonomies.json")).unwrap();
    let mut per_file: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for (kind, key) in [("companies", "name"), ("comparisons", "slug")] {
        for entity in json[kind].as_array().unwrap() {
            for source in entity["sources"].as_array().unwrap() {
                let file = source
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string();
                let entry = per_file.entry(file).or_default();
                let value = entity[key].as_str().unwrap().to_lowercase();
                if kind == "companies" {
                    entry.0.insert(value)
                } else {
                    entry.1.insert(value)
                };
            }
        }
    }
    per_file
}

struct Score {
    tp: usize,
    fp: Vec<String>,
    fn_: Vec<String>,
    missing_comparisons: Vec<String>,
}

fn score(gold: &Gold, got: &BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>) -> Score {
    let mut s = Score {
        tp: 0,
        fp: vec![],
        fn_: vec![],
        missing_comparisons: vec![],
    };
    let empty = (BTreeSet::new(), BTreeSet::new());
    for seed in &gold.seed {
        let (companies, comparisons) = got.get(&seed.file).unwrap_or(&empty);
        let labeled: BTreeSet<String> = seed.companies.iter().map(|c| c.to_lowercase()).collect();
        let doubtful: BTreeSet<String> = seed.doubtful.iter().map(|c| c.to_lowercase()).collect();
        for c in companies.iter().filter(|c| !doubtful.contains(*c)) {
            if labeled.contains(c) {
                s.tp += 1;
            } else {
                s.fp.push(format!("{}: {c}", seed.file));
            }
        }
        for c in labeled.iter().filter(|c| !companies.contains(*c)) {
            s.fn_.push(format!("{}: {c}", seed.file));
        }
        for cmp in &seed.comparisons {
            if !comparisons.contains(cmp) {
                s.missing_comparisons.push(format!("{}: {cmp}", seed.file));
            }
        }
    }
    s
}

fn check(label: &str, gold: &Gold, got: &BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>) {
    let s = score(gold, got);
    let precision = s.tp as f64 / (s.tp + s.fp.len()).max(1) as f64;
    let recall = s.tp as f64 / (s.tp + s.fn_.len()).max(1) as f64;
    println!(
        "{label}: precision {precision:.3} ({} / {}), recall {recall:.3} ({} / {})",
        s.tp,
        s.tp + s.fp.len(),
        s.tp,
        s.tp + s.fn_.len()
    );
    println!(
        "  false positives: {:?}\n  missed: {:?}\n  missing comparisons: {:?}",
        s.fp, s.fn_, s.missing_comparisons
    );
    assert!(
        precision >= 0.95,
        "{label}: precision {precision:.3} < 0.95; false positives: {:?}",
        s.fp
    );
    assert!(
        recall >= 0.90,
        "{label}: recall {recall:.3} < 0.90; missed: {:?}",
        s.fn_
    );
    assert!(
        s.missing_comparisons.is_empty(),
        "{label}: comparisons not found: {:?}",
        s.missing_comparisons
    );
}

#[test]
fn seeds_meet_precision_and_recall() {
    let gold = gold("seeds.toml");
    // The bundled site's sources are the seeds, byte for byte.
    let seeds_dir = repo().join("../shared/seeds");
    for seed in &gold.seed {
        let ours = std::fs::read(repo().join("content/sources").join(&seed.file)).unwrap();
        if seeds_dir.is_dir() {
            assert_eq!(
                ours,
                std::fs::read(seeds_dir.join(&seed.original)).unwrap(),
                "{} differs from its seed",
                seed.file
            );
        }
    }
    let site = bundled_site();
    check("seeds", &gold, &extracted(site.path()));
}

#[test]
fn new_documents_meet_the_same_bar() {
    let gold = gold("fixtures.toml");
    let sources: Vec<(String, Vec<u8>)> = gold
        .seed
        .iter()
        .map(|s| {
            (
                s.file.clone(),
                std::fs::read(fixture("ingest").join(&s.file)).unwrap(),
            )
        })
        .collect();
    let site = site_with_sources(&sources);
    check("fixtures", &gold, &extracted(site.path()));
}

#[test]
fn bundled_site_has_pages_for_sources_and_entities() {
    let site = bundled_site();
    let root = site.path();
    let out = gazette(root, &["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_str(&read(root, "data/taxonomies.json")).unwrap();
    for kind in ["companies", "domains", "comparisons"] {
        let list = json[kind].as_array().unwrap();
        assert!(!list.is_empty(), "no {kind}");
        let slugs: Vec<&str> = list.iter().map(|e| e["slug"].as_str().unwrap()).collect();
        let mut sorted = slugs.clone();
        sorted.sort();
        assert_eq!(slugs, sorted, "{kind} not sorted by slug");
        for e in list {
            let slug = e["slug"].as_str().unwrap();
            assert!(
                root.join("public")
                    .join(kind)
                    .join(slug)
                    .join("index.html")
                    .is_file(),
                "no page for {kind}/{slug}"
            );
            assert!(
                e["permalink"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("/{kind}/{slug}/"))
            );
            for s in e["sources"].as_array().unwrap() {
                assert!(
                    root.join(s.as_str().unwrap()).is_file(),
                    "source {s} is not a file"
                );
            }
        }
    }
    // A company's domains are domains the site has; a company no source classifies has none
    // (its page says "Unclassified") rather than a default one.
    let domain_slugs: BTreeSet<&str> = json["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["slug"].as_str().unwrap())
        .collect();
    for c in json["companies"].as_array().unwrap() {
        for d in c["domains"].as_array().unwrap() {
            assert!(
                domain_slugs.contains(d.as_str().unwrap()),
                "{}: unknown domain {d}",
                c["name"]
            );
        }
        assert!(c["mentions"].as_u64().unwrap() >= 1);
    }
    for page in [
        "go-dev-case-studies",
        "why-go-for-high-performance-backends",
        "what-companies-use-go-in-production",
        "why-go-wiki",
        "go-for-cloud-and-network-services",
    ] {
        assert!(
            root.join("public/sources")
                .join(page)
                .join("index.html")
                .is_file(),
            "no page for source {page}"
        );
    }
    // Comparison slugs are the stable ones, not slugified names (C++ is not C).
    for slug in [
        "go-vs-java",
        "go-vs-nodejs",
        "go-vs-python",
        "go-vs-cpp",
        "go-vs-csharp",
        "go-vs-c",
    ] {
        assert!(
            root.join("public/comparisons")
                .join(slug)
                .join("index.html")
                .is_file(),
            "no {slug}"
        );
    }
}

#[test]
fn bad_sources_are_skipped_with_a_reason_unless_strict() {
    let site = site_with_sources(&[
        ("empty.txt".into(), b"\n  \n".to_vec()),
        ("binary.md".into(), vec![0x89, b'P', b'N', b'G', 0, 0, 1]),
        ("latin1.txt".into(), b"Caf\xe9 society uses Go\n".to_vec()),
        (
            "broken.md".into(),
            b"---\ntitle: [unclosed\n---\nbody\n".to_vec(),
        ),
        (
            "fine.md".into(),
            b"# Fine\n\nAcme Corp uses Go for payments.\n".to_vec(),
        ),
    ]);
    let root = site.path();
    let out = gazette(root, &["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for needle in [
        "warning: content/sources/empty.txt: skipped this source: the source is empty",
        "warning: content/sources/binary.md: skipped this source: the source looks binary",
        "warning: content/sources/latin1.txt:1:4: skipped this source: the source is not valid UTF-8",
        "warning: content/sources/broken.md:2:",
    ] {
        assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
    }
    assert!(read(root, "sources/fine/index.html").contains("Fine"));
    assert!(!root.join("public/sources/empty").exists());

    let before = snapshot_tree(&root.join("public"));
    let strict = gazette(root, &["build", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains("content/sources/empty.txt: the source is empty"));
    assert!(
        before == snapshot_tree(&root.join("public")),
        "public/ changed after a failed build"
    );
}

#[test]
fn malformed_hand_written_page_is_still_an_error() {
    let site = site_with_sources(&[]);
    std::fs::write(site.path().join("content/bad.md"), "+++\ntitle = \n+++\n").unwrap();
    let out = gazette(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/bad.md:2:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn crawled_script_never_reaches_the_output() {
    let hostile = "---\nsource_url: https://example.com/x\ntitle: Hostile\ncrawl_date: 2025-01-01\n---\n\n\
        # Hostile page\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
        [click](javascript:alert(1)) and [again](JaVaScRiPt:alert(2)) and <a href=\"javascript:alert(3)\">html</a>\n\n\
        <svg onload=alert(4)></svg> <iframe src=\"https://evil.example\"></iframe>\n\nEvilCorp uses Go.\n";
    let site = site_with_sources(&[("hostile.md".into(), hostile.as_bytes().to_vec())]);
    let out = gazette(site.path(), &["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (path, bytes) in snapshot_tree(&site.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for bad in [
            "<script>alert",
            "onerror=",
            "onload=",
            "javascript:",
            "<iframe",
        ] {
            assert!(!text.contains(bad), "`{bad}` reached {path}");
        }
    }
}

#[test]
fn gazette_ingest_prints_front_matter_and_markdown_for_every_source() {
    for entry in std::fs::read_dir(repo().join("content/sources")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() == "_index.md" {
            continue;
        }
        let out = gazette(repo(), &["ingest", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
        let text = stdout(&out);
        assert!(
            text.starts_with("+++\n") && text.contains("\ntitle = "),
            "{}: {text}",
            path.display()
        );
        assert!(
            text.contains("[taxonomies]") && text.matches("+++").count() >= 2,
            "{text}"
        );
    }
}
