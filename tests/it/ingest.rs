//! Ingest against the hand-labeled gold lists: precision and recall of the companies the build
//! extracts from each raw document, and every labeled comparison found. Also bad sources and
//! script injection, end to end.

use crate::common::*;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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

/// The real development corpus (`../shared/corpus/real/`, documents other people wrote) and
/// its labels (`tests/gold/real.toml`).
#[derive(Deserialize)]
struct RealGold {
    doc: Vec<RealDoc>,
}

#[derive(Deserialize)]
struct RealDoc {
    file: String,
    companies: Vec<String>,
    #[serde(default)]
    doubtful: Vec<String>,
    #[serde(default)]
    not_companies: Vec<String>,
    #[serde(default)]
    domains: BTreeMap<String, String>,
}

/// A company name as scoring compares it: case, a leading "the", legal suffixes and trailing
/// punctuation do not count ("Mercari, Inc." is "mercari").
fn comparable(name: &str) -> String {
    let mut s = name.to_lowercase();
    s = s.trim_start_matches("the ").to_string();
    loop {
        let t = s.trim_end_matches(|c: char| c == '.' || c == ',' || c.is_whitespace());
        let stripped = [
            " inc", " llc", " ltd", " gmbh", " n.v", " b.v", " s.a", " ag", " se", " corp", " co",
            " plc", " oy", " ab", " as", " srl", " s.r.l", " sas",
        ]
        .iter()
        .find_map(|suffix| t.strip_suffix(suffix));
        match stripped {
            Some(rest) => s = rest.to_string(),
            None => {
                s = t.to_string();
                break;
            }
        }
    }
    s
}

/// Precision and recall on the real corpus, overall and without the GoUsers list (which holds
/// most of the labelled names), with a per-document report.
struct RealScore {
    precision: f64,
    recall: f64,
    precision_small: f64,
    recall_small: f64,
    /// Of the labelled domains whose company got any domain: how many got it first.
    domains_right: usize,
    domains_with_evidence: usize,
    report: String,
}

fn real_corpus() -> Option<(std::path::PathBuf, RealGold)> {
    let corpus = repo().join("../shared/corpus/real");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is not here", corpus.display());
        return None;
    }
    let gold: RealGold =
        toml::from_str(&std::fs::read_to_string(repo().join("tests/gold/real.toml")).unwrap())
            .unwrap();
    Some((corpus, gold))
}

/// The source file name a corpus document gets in `content/sources/`.
fn flat(file: &str) -> String {
    file.replace('/', "-")
}

/// A copy of the bundled site with every document of the real corpus among its sources.
fn site_with_real_corpus(corpus: &Path, gold: &RealGold) -> tempfile::TempDir {
    let sources: Vec<(String, Vec<u8>)> = gold
        .doc
        .iter()
        .map(|d| (flat(&d.file), std::fs::read(corpus.join(&d.file)).unwrap()))
        .collect();
    site_with_sources(&sources)
}

fn score_real(root: &Path, gold: &RealGold) -> RealScore {
    let got = extracted(root);
    let empty = (BTreeSet::new(), BTreeSet::new());
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut tp_small, mut fp_small, mut fn_small) = (0usize, 0usize, 0usize);
    let mut wrong_kind = Vec::new();
    let mut report = String::new();
    for d in &gold.doc {
        let found: BTreeSet<String> = got
            .get(&flat(&d.file))
            .unwrap_or(&empty)
            .0
            .iter()
            .map(|c| comparable(c))
            .collect();
        let labeled: BTreeSet<String> = d.companies.iter().map(|c| comparable(c)).collect();
        let doubtful: BTreeSet<String> = d.doubtful.iter().map(|c| comparable(c)).collect();
        let not: BTreeSet<String> = d.not_companies.iter().map(|c| comparable(c)).collect();
        let scored: Vec<&String> = found.iter().filter(|c| !doubtful.contains(*c)).collect();
        let hits = scored.iter().filter(|c| labeled.contains(**c)).count();
        let false_pos: Vec<&String> = scored
            .iter()
            .copied()
            .filter(|c| !labeled.contains(*c))
            .collect();
        let missed: Vec<&String> = labeled.iter().filter(|c| !found.contains(*c)).collect();
        wrong_kind.extend(
            false_pos
                .iter()
                .filter(|c| not.contains(**c))
                .map(|c| format!("{}: {c}", d.file)),
        );
        tp += hits;
        fp += false_pos.len();
        fn_ += missed.len();
        if !d.file.contains("GoUsers") {
            tp_small += hits;
            fp_small += false_pos.len();
            fn_small += missed.len();
        }
        report.push_str(&format!(
            "{:<28} P {:.2} R {:.2} ({hits} of {} found, {} of {} labelled)\n    false: {:?}\n    missed: {:?}\n",
            d.file,
            hits as f64 / (hits + false_pos.len()).max(1) as f64,
            hits as f64 / labeled.len().max(1) as f64,
            hits + false_pos.len(),
            hits,
            labeled.len(),
            false_pos.iter().take(12).collect::<Vec<_>>(),
            missed.iter().take(12).collect::<Vec<_>>(),
        ));
    }
    // Domains: the company's first domain against the label, where it got any domain.
    let json: serde_json::Value =
        serde_json::from_str(&read(root, "data/taxonomies.json")).unwrap();
    let primary: BTreeMap<String, Option<String>> = json["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                comparable(c["name"].as_str().unwrap()),
                c["domains"][0].as_str().map(str::to_string),
            )
        })
        .collect();
    let (mut domains_right, mut domains_with_evidence, mut domains_wrong) = (0, 0, Vec::new());
    for d in &gold.doc {
        for (company, slug) in &d.domains {
            if let Some(Some(got)) = primary.get(&comparable(company)) {
                domains_with_evidence += 1;
                if got == slug {
                    domains_right += 1;
                } else {
                    domains_wrong.push(format!("{company}: {got}, not {slug}"));
                }
            }
        }
    }
    report.push_str(&format!(
        "domains: {domains_right} of {domains_with_evidence} right; wrong: {domains_wrong:?}\n"
    ));
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let score = RealScore {
        domains_right,
        domains_with_evidence,
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
        precision_small: ratio(tp_small, tp_small + fp_small),
        recall_small: ratio(tp_small, tp_small + fn_small),
        report: format!(
            "{report}overall: {tp} right, {fp} wrong, {fn_} missed\nlabelled not-companies found: {wrong_kind:?}\n"
        ),
    };
    println!(
        "{}overall: precision {:.3} recall {:.3}; without GoUsers: precision {:.3} recall {:.3}",
        score.report, score.precision, score.recall, score.precision_small, score.recall_small
    );
    score
}

/// HTML with `<pre>` and `<code>` elements removed: a template in a code sample is content.
fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let next = ["<pre", "<code"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min();
        let Some((i, tag)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let close = if tag == "<pre" { "</pre>" } else { "</code>" };
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => return out,
        }
    }
}

/// Per-document and overall precision and recall of the companies the build finds in the
/// real corpus. Precision first: a wrong company is worse than a missing one. The floors guard
/// what ingest reaches today (the ingest issue's goal is precision 0.90 and recall 0.85 on the
/// whole corpus; the figures print). Also: no template call of these sources reaches a page,
/// and `gazette ingest --explain` runs on each of them.
#[test]
fn real_documents_precision_and_recall() {
    let Some((corpus, gold)) = real_corpus() else {
        return;
    };
    let site = site_with_real_corpus(&corpus, &gold);
    let score = score_real(site.path(), &gold);
    let floors = [
        ("precision", score.precision, 0.95),
        ("recall", score.recall, 0.90),
        ("precision without GoUsers", score.precision_small, 0.90),
        ("recall without GoUsers", score.recall_small, 0.65),
        (
            "primary domain right",
            score.domains_right as f64 / score.domains_with_evidence.max(1) as f64,
            0.80,
        ),
    ];
    for (what, value, floor) in floors {
        assert!(
            value >= floor,
            "{what} {value:.3} < {floor}\n{}",
            score.report
        );
    }
    // No template call of a source on any page: its own, the company pages that quote it,
    // the lists and the search index.
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.path().join("public")) {
        let entry = entry.unwrap();
        let is_output = entry
            .path()
            .extension()
            .is_some_and(|e| e == "html" || e == "json" || e == "xml");
        if !is_output {
            continue;
        }
        pages += 1;
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let prose = outside_code(&text);
        for call in ["{{", "{%"] {
            assert!(
                !prose.contains(call),
                "{} shows a template call: …{}…",
                entry.path().display(),
                prose
                    .split(call)
                    .nth(1)
                    .unwrap_or_default()
                    .chars()
                    .take(80)
                    .collect::<String>()
            );
        }
    }
    assert!(pages > gold.doc.len(), "only {pages} output files");
    for d in &gold.doc {
        let stem = flat(&d.file);
        let stem = stem.trim_end_matches(".md").to_lowercase();
        let page = site
            .path()
            .join("public/sources")
            .join(&stem)
            .join("index.html");
        assert!(page.is_file(), "{} has no page", d.file);
        let source = site.path().join("content/sources").join(flat(&d.file));
        let out = gazette(
            site.path(),
            &["ingest", "--explain", source.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}: {}", d.file, stderr(&out));
        assert!(
            stdout(&out).contains("(kept at a score of"),
            "{}: {}",
            d.file,
            stdout(&out)
        );
    }
}

/// `data/companies.toml` is optional: without its company entries and its list of
/// non-companies (domains and languages kept), recall on the real corpus drops by at most 0.10
/// and precision stays high. The data file merges spellings; it does not find companies.
#[test]
fn real_documents_without_the_curated_companies() {
    let Some((corpus, gold)) = real_corpus() else {
        return;
    };
    let site = site_with_real_corpus(&corpus, &gold);
    let with = score_real(site.path(), &gold);
    let data = site.path().join("data/companies.toml");
    let mut table: toml::Table = toml::from_str(&std::fs::read_to_string(&data).unwrap()).unwrap();
    assert!(table.remove("company").is_some() && table.remove("not_companies").is_some());
    std::fs::write(&data, toml::to_string(&table).unwrap()).unwrap();
    let without = score_real(site.path(), &gold);
    assert!(
        with.recall - without.recall <= 0.10,
        "recall {:.3} with the curated companies, {:.3} without",
        with.recall,
        without.recall
    );
    assert!(
        without.precision >= 0.90,
        "precision without the curated companies: {:.3}\n{}",
        without.precision,
        without.report
    );
}

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
