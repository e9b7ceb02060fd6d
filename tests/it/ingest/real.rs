//! The real development corpus: precision and recall of what ingest extracts from documents
//! other people wrote.

use super::*;

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
