//! Extraction: which companies a normalized document shows using Go, and which language
//! comparisons it makes.
//!
//! Precision comes first: a wrong company on the site is worse than a missing one. Candidates
//! come from structure ([`candidates`]: the header's subject field, the title's prefix, list
//! entries led by a link) and from phrase cues (a case-study card, a "Go at X" title, a heading
//! under "Who uses Go", the subject of a sentence that says it uses or moved to Go, a
//! "companies like X, Y and Z" roll call). Every one is weighed by [`evidence`] (the cue's
//! weight plus features for and against: a homepage link, a host that spells the name, a list
//! of homepages; a country, a language, a platform link, a title-like name) and kept at the
//! threshold. Phrase cues ([`cues`]) are first cleaned by [`names::validate`] (a proper name, not a person named in
//! the document). The curated data file only merges spellings and rejects; it is not needed
//! to find a company.

use std::collections::{BTreeMap, BTreeSet};

use super::candidates::{self, Origin};
use super::comparisons;
use super::cues;
use super::evidence::{self, Feature, Judgement, Sighting};
use super::knowledge::Knowledge;
use super::names;
use super::normalize::Normalized;
use super::text::{self, Block, contains_word};
use super::{ComparisonKind, ComparisonMention, Cue, Mention};

/// The base weight of each cue (see [`evidence`]): how much being found this way says.
fn cue_feature(cue: Cue) -> Feature {
    let (name, weight) = match cue {
        Cue::Card => ("case-study-card", 4.0),
        Cue::Header => ("subject-field", 4.0),
        Cue::GoAt => ("go-at-title", 3.0),
        Cue::Sentence => ("adoption-sentence", 2.5),
        Cue::RollCall => ("roll-call", 2.5),
        Cue::Section => ("section-heading", 2.0),
        Cue::Title => ("title-prefix", 1.0),
        Cue::ListEntry => ("list-entry", 0.5),
    };
    Feature { name, weight }
}

/// Extracts company mentions and comparisons from a normalized document.
pub fn extract(doc: &Normalized, k: &Knowledge) -> (Vec<Mention>, Vec<ComparisonMention>) {
    let blocks = text::blocks(&doc.markdown);
    let (mut mentions, mut comparisons, _) = judge(doc, &blocks, k, false);
    let mut more = comparisons::find(&blocks, doc, k, &mut mentions);
    comparisons.append(&mut more);
    (mentions, comparisons)
}

/// Every candidate of `doc` with its evidence (kept or not), for `gazette ingest --explain`.
pub fn explain(doc: &Normalized, k: &Knowledge) -> Vec<(String, Judgement)> {
    judge(doc, &text::blocks(&doc.markdown), k, true).2
}

/// The kept mentions, the migrations that list structure shows, and (when `explain`) every
/// judgement made.
fn judge(
    doc: &Normalized,
    blocks: &[Block],
    k: &Knowledge,
    explain: bool,
) -> (
    Vec<Mention>,
    Vec<ComparisonMention>,
    Vec<(String, Judgement)>,
) {
    let people = cues::people(blocks);
    let mut candidates = Vec::new();
    let structural = candidates::structural(doc, blocks);
    let facts = evidence::Facts::new(
        blocks,
        structural
            .iter()
            .filter_map(|c| Some((c.group_index?, c.name.as_str(), c.link.as_deref()?))),
        k,
    );
    for card in &doc.cards {
        candidates.push(cues::Candidate {
            raw: card.name.clone(),
            quote: text::short_quote(&card.text),
            cue: Cue::Card,
            case_study: Some(card.url.clone()),
            group_label: false,
            entry_title: false,
            entry_link: None,
        });
    }
    for (i, b) in blocks.iter().enumerate() {
        cues::collect_from_block(b, &blocks[i + 1..], &mut candidates);
    }
    let mut judged = Judged {
        judgements: explain.then(Vec::new),
        ..Judged::default()
    };
    for c in candidates {
        judged.cue_candidate(c, k, &people, &facts);
    }
    let subject = doc.subject.as_ref().map(|s| s.name.to_lowercase());
    for c in structural {
        judged.structural(c, doc, subject.as_ref(), &facts, k);
    }
    let mut mentions = judged.mentions;
    // A card and a heading for the same company: the card carries the case study; keep one
    // case-study link per company.
    let case_studies: BTreeMap<String, String> = mentions
        .iter()
        .filter_map(|m| m.case_study.clone().map(|u| (m.company.clone(), u)))
        .collect();
    for m in &mut mentions {
        if m.case_study.is_none() {
            m.case_study = case_studies.get(&m.company).cloned();
        }
    }
    let judgements = judged.judgements.unwrap_or_default();
    (mentions, judged.migrations, judgements)
}

/// The cue a structural candidate counts as, and the feature it starts its weighing with.
fn structural_cue(origin: Origin) -> (Cue, Feature) {
    match origin {
        Origin::SubjectField => (Cue::Header, cue_feature(Cue::Header)),
        Origin::TitlePrefix => (Cue::Title, cue_feature(Cue::Title)),
        Origin::ListEntry => (Cue::ListEntry, cue_feature(Cue::ListEntry)),
        Origin::LinkTitlePrefix => (
            Cue::ListEntry,
            Feature {
                name: "link-title-prefix",
                weight: 1.0,
            },
        ),
    }
}

/// What [`judge`] has kept so far.
#[derive(Default)]
struct Judged {
    /// (company, quote) pairs kept: each is one mention.
    seen: BTreeSet<(String, String)>,
    mentions: Vec<Mention>,
    migrations: Vec<ComparisonMention>,
    /// Every judgement, when asked to explain.
    judgements: Option<Vec<(String, Judgement)>>,
}

impl Judged {
    /// Weighs a candidate a phrase cue found (a card, "Go at X", a sentence, a section).
    fn cue_candidate(
        &mut self,
        c: cues::Candidate,
        k: &Knowledge,
        people: &std::collections::HashSet<String>,
        facts: &evidence::Facts,
    ) {
        let strong = matches!(c.cue, Cue::Card | Cue::GoAt);
        let Some(name) = names::validate(&c.raw, k, people, strong) else {
            return;
        };
        let judgement = evidence::weigh(
            &Sighting {
                name: &name,
                cue: cue_feature(c.cue),
                link: c.case_study.as_deref().or(c.entry_link.as_deref()),
                quote: &c.quote,
                group_index: None,
                group_label: c.group_label,
                entry_title: c.entry_title,
                described: false,
            },
            facts,
            k,
        );
        let kept = judgement.kept();
        if let Some(j) = self.judgements.as_mut() {
            j.push((name.clone(), judgement));
        }
        if !kept || !self.seen.insert((name.clone(), c.quote.clone())) {
            return;
        }
        self.mentions.push(Mention {
            domains: domain_evidence(&c.quote, k),
            company: name,
            quote: c.quote,
            cue: c.cue,
            case_study: c.case_study,
            homepage: None,
            group: None,
            moved_from: Vec::new(),
        });
    }

    /// Weighs a structural candidate (header subject, title prefix, list entry) and keeps it
    /// if it holds; an entry under a heading that is a language ("## Python" over "[Company:
    /// how we moved](...)") is a migration from it.
    fn structural(
        &mut self,
        c: candidates::Candidate,
        doc: &Normalized,
        subject: Option<&String>,
        facts: &evidence::Facts,
        k: &Knowledge,
    ) {
        let Some(raw) = names::clean_entry_name(&c.name) else {
            return;
        };
        let name = k.company(&raw).map_or(raw, |info| info.name.clone());
        let (cue, base) = structural_cue(c.origin);
        // The title names the header's subject: one mention, already counted.
        if c.origin == Origin::TitlePrefix && subject == Some(&name.to_lowercase()) {
            return;
        }
        let mut judgement = evidence::weigh(
            &Sighting {
                name: &name,
                cue: base,
                link: c.link.as_deref(),
                quote: &c.quote,
                // A "Name: title" entry names who wrote the story; a list of stories is not
                // evidence against that.
                group_index: c
                    .group_index
                    .filter(|_| c.origin != Origin::LinkTitlePrefix),
                group_label: false,
                entry_title: false,
                described: c.described,
            },
            facts,
            k,
        );
        if c.origin == Origin::TitlePrefix && text::mentions_go(&doc.title) {
            judgement.features.push(Feature {
                name: "title-about-go",
                weight: 0.5,
            });
        }
        let kept = judgement.kept();
        let homepage_link = judgement.features.iter().any(|f| f.name == "homepage-link");
        if let Some(j) = self.judgements.as_mut() {
            j.push((name.clone(), judgement));
        }
        if !kept || !self.seen.insert((name.clone(), c.quote.clone())) {
            return;
        }
        let moved_from = self.migrations_under(&c, &name, k);
        let case_study = match c.origin {
            Origin::LinkTitlePrefix => c.link.clone(),
            _ => None,
        };
        let homepage = c
            .link
            .clone()
            .filter(|_| c.origin == Origin::ListEntry && homepage_link);
        // The document's subject: what the whole document is about says its domain.
        let mut domains = domain_evidence(&c.quote, k);
        if domains.is_empty() && c.origin == Origin::SubjectField {
            domains = dominant_domains(&doc.markdown, k);
        }
        self.mentions.push(Mention {
            domains,
            company: name,
            quote: text::short_quote(&c.quote),
            cue,
            case_study,
            homepage,
            group: c.group.clone().filter(|_| c.origin == Origin::ListEntry),
            moved_from,
        });
    }

    /// The languages a list entry's heading names ("## Python" over "[Company: how we moved]"):
    /// migrations from each of them, kept, and returned.
    fn migrations_under(
        &mut self,
        c: &candidates::Candidate,
        name: &str,
        k: &Knowledge,
    ) -> Vec<String> {
        let moved_from: Vec<String> = c
            .group
            .as_deref()
            .filter(|g| evidence::is_language(g, k))
            .map(|g| comparisons::languages_in(g, k))
            .unwrap_or_default();
        for slug in &moved_from {
            self.migrations.push(ComparisonMention {
                slug: slug.clone(),
                kind: ComparisonKind::Migration {
                    quote: c.quote.clone(),
                    companies: vec![name.to_string()],
                },
            });
        }
        moved_from
    }
}

/// Domain slugs whose keywords appear (as whole words) in `text`.
pub fn domain_evidence(text: &str, k: &Knowledge) -> Vec<String> {
    let lower = text.to_lowercase();
    k.domains
        .iter()
        .filter(|d| d.keywords.iter().any(|kw| contains_word(&lower, kw)))
        .map(|d| d.slug.clone())
        .collect()
}

/// The domain with the most keyword hits in a whole document (none when no keyword occurs).
pub fn dominant_domains(markdown: &str, k: &Knowledge) -> Vec<String> {
    let lower = markdown.to_lowercase();
    let mut best: Vec<(usize, &str)> = k
        .domains
        .iter()
        .map(|d| {
            (
                d.keywords
                    .iter()
                    .filter(|kw| contains_word(&lower, kw))
                    .count(),
                d.slug.as_str(),
            )
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    best.into_iter()
        .take(1)
        .map(|(_, s)| s.to_string())
        .collect()
}
