//! Ingest: raw documents (crawled pages, plain-text articles, wiki pages, Hugo pages) become
//! clean pages plus the entities they mention.
//!
//! `ingest` is a pure function of one file's bytes and the curated knowledge, so it can run in
//! parallel, be cached per file, and be tested per shape. [`entities`] then merges the
//! mentions of all documents into one entity per company, domain and comparison.

pub mod candidates;
pub mod comparisons;
pub mod cues;
pub mod entities;
mod entity_values;
pub mod evidence;
mod extension;
pub mod extract;
pub mod knowledge;
pub mod lexicon;
pub mod names;
pub mod normalize;
pub mod text;

use serde::Serialize;
use std::path::Path;

use crate::error::{Error, line_col};
pub use knowledge::Knowledge;
pub use normalize::{Normalized, Shape};

/// How a company mention was found (shown on the company page as the kind of evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cue {
    /// A case-study card of a crawled listing.
    Card,
    /// A "Go at X" title.
    GoAt,
    /// A heading under "Who uses Go".
    Section,
    /// The subject of a sentence saying it uses or moved to Go.
    Sentence,
    /// A roll call ("companies like X, Y and Z").
    RollCall,
    /// A header field naming the document's subject (`company: Dropbox`).
    Header,
    /// The title's prefix ("Dropbox - Open sourcing our Go libraries").
    Title,
    /// A list entry led by a link (a company list's line, a migration list's story).
    ListEntry,
}

/// A document showing a company using Go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Canonical company name.
    pub company: String,
    /// The sentence that shows it.
    pub quote: String,
    /// How it was found.
    pub cue: Cue,
    /// A case-study link, when a card gives one.
    pub case_study: Option<String>,
    /// The company's own site, when the document links it (a company list's entry).
    pub homepage: Option<String>,
    /// The group the document lists it under (a company list's country or region heading).
    pub group: Option<String>,
    /// Languages it moved from (comparison slugs).
    pub moved_from: Vec<String>,
    /// Domains the quote is evidence for.
    pub domains: Vec<String>,
}

impl Mention {
    /// Whether the quote is a title that names the company ("Go at the BBC", a heading), not a
    /// sentence about it: it is shown as a title, not as a quotation.
    pub fn quote_is_title(&self) -> bool {
        matches!(self.cue, Cue::GoAt | Cue::Title | Cue::Section | Cue::Card)
            && !text::reads_as_sentence(&self.quote)
    }
}

/// What a document says about Go and another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ComparisonKind {
    /// A comparative sentence.
    Claim {
        /// The sentence.
        quote: String,
        /// performance, memory, concurrency, deployment, productivity,
        /// where-the-other-language-wins, or general.
        theme: String,
    },
    /// A move from the language to Go.
    Migration {
        /// The sentence.
        quote: String,
        /// Who moved, when the sentence or card names them.
        companies: Vec<String>,
    },
    /// A comparison table (GFM markdown).
    Table {
        /// The table.
        markdown: String,
    },
}

/// One comparison found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonMention {
    /// `go-vs-<lang>`.
    pub slug: String,
    /// What was found.
    #[serde(flatten)]
    pub kind: ComparisonKind,
}

/// A raw document, normalized, with what it mentions.
#[derive(Debug, Clone)]
pub struct NormalizedDoc {
    /// Metadata and clean markdown.
    pub normalized: Normalized,
    /// Companies shown using Go.
    pub mentions: Vec<Mention>,
    /// Language comparisons.
    pub comparisons: Vec<ComparisonMention>,
}

/// What is wrong with `config` for ingest (`text` is `config.toml`, named `path` in messages):
/// with an `[ingest]` table, the taxonomies entities fill must be declared.
pub fn config_errors(config: &crate::config::Config, text: &str, path: &Path) -> Vec<Error> {
    use entities::{COMPANIES, COMPARISONS, DOMAINS};
    let missing: Vec<&str> = [COMPANIES, DOMAINS, COMPARISONS]
        .into_iter()
        .filter(|name| config.ingest.is_some() && config.taxonomy(name).is_none())
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let quoted: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
    let declare: Vec<String> = missing
        .iter()
        .map(|m| format!("{{ name = \"{m}\" }}"))
        .collect();
    let (taxonomies, are, them) = match missing.len() {
        1 => ("taxonomy", "is", "it"),
        _ => ("taxonomies", "are", "them"),
    };
    vec![crate::config::key_error(
        text,
        path,
        "[ingest]",
        format!(
            "[ingest] fills the {} {taxonomies}, which {are} not declared",
            quoted.join(", ")
        ),
        &format!("declare {them}: taxonomies = [{}]", declare.join(", ")),
    )]
}

/// The file extensions raw documents may have (content decides which files are raw).
pub use crate::content::RAW_EXTENSIONS;

/// Ingests one raw document. `display_path` is used in messages. Empty, binary and non-UTF-8
/// files and malformed front matter are errors naming the file (and line where it applies).
pub fn ingest(
    bytes: &[u8],
    display_path: &Path,
    knowledge: &Knowledge,
) -> Result<NormalizedDoc, Error> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::in_file(display_path, "the source is empty")
            .with_hint("add content or delete the file"));
    }
    if bytes.contains(&0) {
        return Err(Error::in_file(
            display_path,
            "the source looks binary (it contains NUL bytes)",
        )
        .with_hint("sources must be text: .md, .markdown or .txt"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..valid]), valid);
        Error::at(display_path, line, col, "the source is not valid UTF-8")
            .with_hint("convert it to UTF-8")
    })?;
    let normalized = normalize::normalize(text, display_path)?;
    let (mentions, comparisons) = extract::extract(&normalized, knowledge);
    Ok(NormalizedDoc {
        normalized,
        mentions,
        comparisons,
    })
}

/// The page a raw document becomes: its normalized markdown with metadata, the original URL
/// and file in `extra`, and `terms` (from the merged entities) as taxonomies.
pub fn to_page_file(
    raw: &crate::content::RawFile,
    doc: &NormalizedDoc,
    terms: std::collections::BTreeMap<String, Vec<String>>,
    source_fingerprint: u64,
) -> Result<crate::content::PageFile, Error> {
    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        source_fingerprint.hash(&mut h);
        terms.hash(&mut h);
        h.finish()
    };
    let n = &doc.normalized;
    let date = n
        .date
        .as_deref()
        .map(crate::content::Date::parse)
        .transpose()
        .map_err(|e| {
            Error::in_file(&raw.display_path, e).with_hint("fix the date in the source's header")
        })?;
    let (section, file_name) = raw
        .relative
        .rsplit_once('/')
        .unwrap_or(("", raw.relative.as_str()));
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let mut extra = serde_json::Map::new();
    extra.insert(
        "source_file".into(),
        raw.display_path.to_string_lossy().replace('\\', "/").into(),
    );
    extra.insert("original_url".into(), n.source_url.clone().into());
    // How the source pages label the date: when it was published, or only when it was fetched.
    let label = if n.date_is_crawl {
        "Crawled on"
    } else {
        "Published"
    };
    extra.insert("date_label".into(), label.into());
    extra.insert(
        "shape".into(),
        serde_json::to_value(n.shape).unwrap_or_default(),
    );
    extra.insert(extension::MADE_BY_INGEST.into(), true.into());
    Ok(crate::content::PageFile {
        relative: raw.relative.clone(),
        display_path: raw.display_path.clone(),
        section: section.to_string(),
        stem: stem.to_string(),
        // Raw sources are in the site's default language.
        name_suffix: None,
        date_prefix: 0,
        meta: std::sync::Arc::new(crate::content::PageMeta {
            title: Some(n.title.clone()),
            // Every source gets a description on the sources index: its own, or its opening.
            description: n.description.clone().or_else(|| text::summary(&n.markdown)),
            date,
            taxonomies: terms.into_iter().filter(|(_, v)| !v.is_empty()).collect(),
            extra,
            ..Default::default()
        }),
        body: std::sync::Arc::from(n.markdown.as_str()),
        // Made here, not written: a problem is the source's, and is reported against it.
        front_matter: std::sync::Arc::from(""),
        front_matter_line: 1,
        body_line: 1,
        fingerprint,
    })
}

/// `gazette ingest FILE`: the normalized front matter (TOML, with the entities found) and the
/// markdown, as the build will see them. With `candidates`, `gazette ingest --explain FILE`:
/// every candidate company with its score, its evidence and whether it was kept.
pub fn explain(root: &Path, file: &Path, candidates: bool) -> Result<String, Error> {
    let config = crate::config::Config::load(root).ok();
    let knowledge = Knowledge::for_config(root, config.as_ref().and_then(|c| c.ingest.as_ref()))?;
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, "read the file", &e))?;
    let doc = ingest(&bytes, file, &knowledge)?;
    if candidates {
        return Ok(explain_candidates(&doc.normalized, &knowledge));
    }
    let relative = file.to_string_lossy().to_string();
    let entities = entities::Entities::merge(&[(relative.clone(), &doc)], &knowledge);
    let n = &doc.normalized;
    let mut fm = toml::Table::new();
    fm.insert("title".into(), n.title.clone().into());
    if let Some(d) = &n.description {
        fm.insert("description".into(), d.clone().into());
    }
    if let Some(d) = &n.date {
        fm.insert("date".into(), d.clone().into());
    }
    let mut taxonomies = toml::Table::new();
    for (k, v) in entities.terms_for(&relative) {
        taxonomies.insert(
            k,
            toml::Value::Array(v.into_iter().map(toml::Value::from).collect()),
        );
    }
    fm.insert("taxonomies".into(), taxonomies.into());
    let mut extra = toml::Table::new();
    extra.insert(
        "shape".into(),
        format!("{:?}", n.shape).to_lowercase().into(),
    );
    if let Some(u) = &n.source_url {
        extra.insert("original_url".into(), u.clone().into());
    }
    let evidence: Vec<toml::Value> = doc
        .mentions
        .iter()
        .map(|m| {
            let mut t = toml::Table::new();
            t.insert("company".into(), m.company.clone().into());
            t.insert("quote".into(), m.quote.clone().into());
            toml::Value::Table(t)
        })
        .collect();
    extra.insert("mentions".into(), toml::Value::Array(evidence));
    if !n.dropped_calls.is_empty() {
        let dropped = n
            .dropped_calls
            .iter()
            .map(|d| toml::Value::from(d.as_str()));
        extra.insert(
            "dropped_calls".into(),
            toml::Value::Array(dropped.collect()),
        );
    }
    fm.insert("extra".into(), extra.into());
    let front =
        toml::to_string(&fm).map_err(|e| Error::new(format!("cannot print front matter: {e}")))?;
    Ok(format!("+++\n{front}+++\n{}", n.markdown))
}

/// One line per candidate: kept or not, score, name, the evidence; then the threshold.
fn explain_candidates(doc: &Normalized, knowledge: &Knowledge) -> String {
    let mut out = String::new();
    for (name, judgement) in extract::explain(doc, knowledge) {
        out.push_str(&format!(
            "{} {:>5.1}  {name}  [{}]\n",
            if judgement.kept() {
                "kept   "
            } else {
                "dropped"
            },
            judgement.score(),
            judgement.describe()
        ));
    }
    out.push_str(&format!(
        "(kept at a score of {:.1} or more)\n",
        evidence::THRESHOLD
    ));
    out
}
