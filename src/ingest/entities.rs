//! Entities merged across documents: companies, domains and language comparisons, each with
//! the evidence every source gave for it.
//!
//! Ingest gives per-document mentions; here one company mentioned by four documents becomes
//! one entity with four pieces of evidence, and gets its domains (curated, else from the
//! evidence, else from its documents, else a fallback, so every company has one).

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use crate::ingest::knowledge::Knowledge;
use crate::ingest::{ComparisonKind, ComparisonMention, Cue, Mention, NormalizedDoc};

/// The taxonomy names entities populate.
pub const COMPANIES: &str = "companies";
/// See [`COMPANIES`].
pub const DOMAINS: &str = "domains";
/// See [`COMPANIES`].
pub const COMPARISONS: &str = "comparisons";

/// One piece of evidence, with the source page it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The quoted sentence.
    pub quote: String,
    /// Source page path relative to `content/`.
    pub source: String,
    /// How it was found (companies) or the claim's theme (comparisons).
    pub kind: String,
    /// Companies involved (migrations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub companies: Vec<String>,
    /// Whether the quote is a title that names the subject, not a sentence (shown as a title).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub titled: bool,
}

impl Evidence {
    /// A quote of `source`, found as `kind`, about no company in particular.
    fn new(quote: &str, source: &str, kind: &str) -> Evidence {
        Evidence {
            quote: quote.to_string(),
            source: source.to_string(),
            kind: kind.to_string(),
            companies: Vec::new(),
            titled: false,
        }
    }
}

/// Adds `item` to `list` unless it is there already (lists keep the order things were found in).
fn push_new(list: &mut Vec<String>, item: &String) {
    if !list.contains(item) {
        list.push(item.clone());
    }
}

/// The domains the evidence gives companies, while merging.
#[derive(Default)]
struct FoundDomains {
    /// By company slug.
    of_company: BTreeMap<String, BTreeSet<String>>,
    /// Which sources gave a company each domain, by (company, domain): a domain page lists
    /// the documents that put its companies there, not every document that names them.
    sources: BTreeMap<(String, String), BTreeSet<String>>,
}

/// A company using Go.
#[derive(Debug, Clone, Serialize)]
pub struct Company {
    /// Canonical name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Home page: curated, else the one a company list links.
    pub homepage: Option<String>,
    /// The groups company lists show it under (a country or region heading).
    pub listed_under: Vec<String>,
    /// Domain slugs.
    pub domains: Vec<String>,
    /// Every mention.
    pub mentions: Vec<Evidence>,
    /// Case-study link, when a card gives one.
    pub case_study: Option<String>,
    /// Comparison slugs of the languages it moved from.
    pub moved_from: Vec<String>,
    /// Source pages (relative to `content/`), sorted.
    pub sources: Vec<String>,
}

/// A domain and its companies.
#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    /// Display name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Company slugs.
    pub companies: Vec<String>,
    /// The best-evidenced companies (most mentions first, at most [`LEADING_COMPANIES`]):
    /// what a company page shows as related, so a page never lists a whole domain.
    pub leading: Vec<String>,
    /// Source pages.
    pub sources: Vec<String>,
}

/// How many companies a domain offers as related to each of its companies.
pub const LEADING_COMPANIES: usize = 12;

/// A comparison of Go with another language.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// "Go vs Java".
    pub name: String,
    /// `go-vs-java`.
    pub slug: String,
    /// "Java".
    pub language: String,
    /// Comparative sentences, with their theme in `kind`.
    pub claims: Vec<Evidence>,
    /// Moves from the language to Go.
    pub migrations: Vec<Evidence>,
    /// Comparison tables (markdown) with their source in `source`.
    pub tables: Vec<Evidence>,
    /// Source pages.
    pub sources: Vec<String>,
}

/// Everything ingest found, merged.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// By slug.
    pub companies: BTreeMap<String, Company>,
    /// By slug.
    pub domains: BTreeMap<String, Domain>,
    /// By slug.
    pub comparisons: BTreeMap<String, Comparison>,
}

impl Entities {
    /// Merges the documents' mentions. `docs` pairs each source page's path (relative to
    /// `content/`) with its ingest result.
    pub fn merge(docs: &[(String, &NormalizedDoc)], k: &Knowledge) -> Entities {
        let mut e = Entities::default();
        let mut found = FoundDomains::default();
        for (source, doc) in docs {
            for m in &doc.mentions {
                e.add_mention(source, m, k, &mut found);
            }
            for cm in &doc.comparisons {
                e.add_comparison(source, cm, k);
            }
        }
        e.classify(k, &found);
        for c in e.comparisons.values_mut() {
            c.sources.sort();
        }
        e
    }

    /// Takes in one company mention of `source`.
    fn add_mention(
        &mut self,
        source: &String,
        m: &Mention,
        k: &Knowledge,
        found: &mut FoundDomains,
    ) {
        let slug = slug::slugify(&m.company);
        let c = self.companies.entry(slug.clone()).or_insert_with(|| {
            let info = k.company(&m.company);
            Company {
                name: m.company.clone(),
                slug: slug.clone(),
                homepage: info.and_then(|i| i.homepage.clone()),
                listed_under: Vec::new(),
                domains: info.map(|i| i.domains.clone()).unwrap_or_default(),
                mentions: Vec::new(),
                case_study: None,
                moved_from: Vec::new(),
                sources: Vec::new(),
            }
        });
        // One sentence found by two cues (a section and its first statement) is shown once,
        // with the longer quote.
        if let Some(existing) = c.mentions.iter_mut().find(|e| {
            &e.source == source && (e.quote.contains(&m.quote) || m.quote.contains(&e.quote))
        }) {
            if m.quote.len() > existing.quote.len() {
                existing.quote = m.quote.clone();
                existing.titled = m.quote_is_title();
            }
        } else {
            c.mentions.push(Evidence {
                titled: m.quote_is_title(),
                ..Evidence::new(&m.quote, source, cue_name(m.cue))
            });
        }
        if c.case_study.is_none() {
            c.case_study = m.case_study.clone();
        }
        if c.homepage.is_none() {
            c.homepage = m.homepage.clone();
        }
        if let Some(group) = &m.group {
            push_new(&mut c.listed_under, group);
        }
        for language in &m.moved_from {
            push_new(&mut c.moved_from, language);
        }
        push_new(&mut c.sources, source);
        for d in &m.domains {
            found
                .sources
                .entry((slug.clone(), d.clone()))
                .or_default()
                .insert(source.clone());
        }
        found
            .of_company
            .entry(slug)
            .or_default()
            .extend(m.domains.iter().cloned());
    }

    /// Takes in one comparison or migration `source` states.
    fn add_comparison(&mut self, source: &String, cm: &ComparisonMention, k: &Knowledge) {
        let language = k
            .languages
            .iter()
            .find(|l| l.slug == cm.slug)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| cm.slug.trim_start_matches("go-vs-").to_string());
        let cmp = self
            .comparisons
            .entry(cm.slug.clone())
            .or_insert_with(|| Comparison {
                name: format!("Go vs {language}"),
                slug: cm.slug.clone(),
                language: language.clone(),
                claims: Vec::new(),
                migrations: Vec::new(),
                tables: Vec::new(),
                sources: Vec::new(),
            });
        match &cm.kind {
            ComparisonKind::Claim { quote, theme } => {
                cmp.claims.push(Evidence::new(quote, source, theme));
            }
            ComparisonKind::Migration { quote, companies } => cmp.migrations.push(Evidence {
                companies: companies.clone(),
                ..Evidence::new(quote, source, "migration")
            }),
            ComparisonKind::Table { markdown } => {
                cmp.tables.push(Evidence::new(markdown, source, "table"));
            }
        }
        push_new(&mut cmp.sources, source);
    }

    /// Puts each company in its domains, and ranks each domain's companies. Domains: curated
    /// first; else what the evidence says (a case study's subject gets what its document is
    /// about). A company with no evidence stays unclassified: a default domain would be a
    /// claim no source makes.
    fn classify(&mut self, k: &Knowledge, found: &FoundDomains) {
        for (slug, c) in &mut self.companies {
            if c.domains.is_empty() {
                c.domains = found
                    .of_company
                    .get(slug)
                    .map(|d| d.iter().cloned().collect())
                    .unwrap_or_default();
                c.domains.truncate(3);
            }
            c.sources.sort();
            for d in &c.domains {
                let dom = self.domains.entry(d.clone()).or_insert_with(|| Domain {
                    name: k.domain_name(d),
                    slug: d.clone(),
                    companies: Vec::new(),
                    leading: Vec::new(),
                    sources: Vec::new(),
                });
                dom.companies.push(slug.clone());
                // A domain no source gave (the curated file's) rests on the sources that show
                // the company at all.
                let contributing: Vec<&String> = match found.sources.get(&(slug.clone(), d.clone()))
                {
                    Some(sources) => sources.iter().collect(),
                    None => c.sources.iter().collect(),
                };
                for s in contributing {
                    push_new(&mut dom.sources, s);
                }
            }
        }
        for d in self.domains.values_mut() {
            d.sources.sort();
            let mut by_evidence: Vec<(usize, &String)> = d
                .companies
                .iter()
                .map(|s| (self.companies.get(s).map_or(0, |c| c.mentions.len()), s))
                .collect();
            by_evidence.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            d.leading = by_evidence
                .into_iter()
                .take(LEADING_COMPANIES)
                .map(|(_, s)| s.clone())
                .collect();
        }
    }

    /// The terms a source page gets in each entity taxonomy (names).
    pub fn terms_for(&self, source: &str) -> BTreeMap<String, Vec<String>> {
        let companies: Vec<&Company> = self
            .companies
            .values()
            .filter(|c| c.sources.iter().any(|s| s == source))
            .collect();
        let domains: BTreeSet<String> = companies
            .iter()
            .flat_map(|c| c.domains.iter())
            .filter_map(|d| self.domains.get(d))
            .map(|d| d.name.clone())
            .collect();
        let comparisons: Vec<String> = self
            .comparisons
            .values()
            .filter(|c| c.sources.iter().any(|s| s == source))
            .map(|c| c.name.clone())
            .collect();
        let mut out = BTreeMap::new();
        out.insert(
            COMPANIES.to_string(),
            companies.iter().map(|c| c.name.clone()).collect(),
        );
        out.insert(DOMAINS.to_string(), domains.into_iter().collect());
        out.insert(COMPARISONS.to_string(), comparisons);
        out
    }

    /// For a taxonomy ingest fills (companies, domains, comparisons): whether it has the term
    /// `slug`. `None` for any other taxonomy.
    pub fn knows_term(&self, taxonomy: &str, slug: &str) -> Option<bool> {
        match taxonomy {
            COMPANIES => Some(self.companies.contains_key(slug)),
            DOMAINS => Some(self.domains.contains_key(slug)),
            COMPARISONS => Some(self.comparisons.contains_key(slug)),
            _ => None,
        }
    }

    /// Term slugs for names whose slug is not simply their slugified name (`Go vs C++` is
    /// `go-vs-cpp`, not `go-vs-c`), per taxonomy.
    pub fn term_slug(&self, taxonomy: &str, name: &str) -> Option<String> {
        match taxonomy {
            COMPANIES => self
                .companies
                .values()
                .find(|c| c.name == name)
                .map(|c| c.slug.clone()),
            DOMAINS => self
                .domains
                .values()
                .find(|d| d.name == name)
                .map(|d| d.slug.clone()),
            COMPARISONS => self
                .comparisons
                .values()
                .find(|c| c.name == name)
                .map(|c| c.slug.clone()),
            _ => None,
        }
    }
}

fn cue_name(cue: Cue) -> &'static str {
    match cue {
        Cue::Card => "Case-study card",
        Cue::GoAt => "“Go at” title",
        Cue::Section => "Section",
        Cue::Sentence => "Statement",
        Cue::RollCall => "Roll call",
        Cue::Header => "Case-study header",
        Cue::Title => "Title",
        Cue::ListEntry => "List entry",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A domain's sources are the documents that put its companies there, not every document
    /// that names one of them.
    #[test]
    fn a_domain_lists_the_sources_that_gave_it() {
        let k = Knowledge::parse(
            "[[domain]]\nslug = \"payments\"\nname = \"Payments\"\nkeywords = [\"payments\"]\n",
        )
        .unwrap();
        let doc =
            |text: &str| crate::ingest::ingest(text.as_bytes(), Path::new("doc.md"), &k).unwrap();
        let a = doc("# Payments at scale\n\nZarvex uses Go for its payments platform.\n");
        let b = doc("# Notes\n\nZarvex uses Go. So does the team next door.\n");
        let e = Entities::merge(&[("a.md".into(), &a), ("b.md".into(), &b)], &k);
        let zarvex = e.companies.get("zarvex").expect("Zarvex is found");
        assert_eq!(zarvex.sources, ["a.md", "b.md"]);
        assert_eq!(e.domains["payments"].sources, ["a.md"]);
    }
}
