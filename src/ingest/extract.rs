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
//! threshold. Phrase cues are first cleaned by `validate` (a proper name, not a person named in
//! the document). The curated data file only merges spellings and rejects; it is not needed
//! to find a company.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::LazyLock;

use super::candidates::{self, Origin};
use super::evidence::{self, Feature, Judgement, Sighting};
use super::knowledge::Knowledge;
use super::normalize::Normalized;
use super::text::{self, Block, BlockKind, contains_word};
use super::{ComparisonKind, ComparisonMention, Cue, Mention};

/// One word of a proper name: a capitalized word, or a word with inner capitals or digits
/// (`iOS`, `Iron.io`, `AT&T`, `GRAIL`).
const WORD: &str = r"(?:[A-Z][\w&.'’+-]*[\w&+]|[A-Z]|[a-z]+[A-Z][\w]*)";

static NAME: LazyLock<String> =
    LazyLock::new(|| format!(r"{WORD}(?:\s+(?:{WORD}|of|de|for))*?(?:\s+{WORD})?"));
static NAME_LIST: LazyLock<String> = LazyLock::new(|| {
    let n = &*NAME;
    format!(
        r"{n}(?:\s*,\s*{n})*(?:\s*,?\s+(?:and|&|or)\s+(?:of course\s+|even\s+|finally\s+)?{n})?"
    )
});

static GO_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Go|Golang|golang)\s+(?:at|@)\s+([\w][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})")
        .unwrap()
});
static MENTIONS_GO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bGo\b|\b[Gg]olang\b").unwrap());
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?:Today|Now|Since \d{{4}}|In \d{{4}}|Later|Eventually|Also|Meanwhile),?\s+)?({})(?:\s*,\s*[^,]{{1,100}},)?\s+(?:(?:also|now|all|both|famously|still|later|eventually|quickly|recently|has|have|had|been|is|are|was|were|already|then|first|soon)\s+)*(\w+)",
        *NAME_LIST
    ))
    .unwrap()
});
static LIKE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:[Cc]ompan(?:y|ies)|organi[sz]ations?|teams?|adopters|users|businesses|enterprises|firms|customers|brands)\s+(?:like|such as|including|as diverse as|ranging from)\s+({})", *NAME_LIST)).unwrap()
});
static ROLL_CALL: LazyLock<Regex> = LazyLock::new(|| {
    let n = &*NAME;
    Regex::new(&format!(
        r"({n}(?:\s*,\s*{n}){{2,}}(?:\s*,?\s+(?:and|&)\s+{n})?)"
    ))
    .unwrap()
});
static ROLL_CALL_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)compan|organi[sz]ation|adopt|in production|users of|roll call|who uses")
        .unwrap()
});
static COMPANY_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)who uses|use cases|case stud|companies|organi[sz]ations|in production|users of go|customers").unwrap()
});
static PERSON_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:\bby|\bsays|\bsaid|\bfounder|\bengineer|\bdeveloper|\bCTO|\bCEO|\bauthor)\s+({WORD}(?:\s+{WORD}){{1,2}})"
    ))
    .unwrap()
});
static PERSON_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({WORD}\s+{WORD}),\s+(?:who|founder|the founder|CTO|CEO)\b"
    ))
    .unwrap()
});
static MIGRATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bfrom\s+(.{1,90}?)|(?:^|[\s(])([^\s,;]{1,20}(?:\s*/\s*[^\s,;]{1,20})?))\s+to\s+(?:Go|Golang)\b").unwrap()
});
static REPLACED_WITH_GO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:replaced|replacing|replace)\b(.{1,90}?)\bwith\s+Go\b").unwrap()
});
static BUILT_ON_THEN_GO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:built on|written in)\s+(.{1,40}?),?\s+(?:but|and)\b.{0,120}?\bto\s+Go\b")
        .unwrap()
});
static REWRITE_IN_GO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:rewr\w*|port\w*|mov\w*|migrat\w*)\b(.{1,60}?)\b(?:in|into|with)\s+Go\b")
        .unwrap()
});
static MOVED_TO_GO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:moved|moving|migrat\w*|switch\w*|rewr\w*|port\w*)\b.{0,100}?\bto\s+Go\b")
        .unwrap()
});
static STARTED_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:started(?: life)? on|was built on|were built on|ran on|used to run on|began on)\s+(.{1,50}?)(?:[.;](?:\s|$)|$)").unwrap()
});
static MIGRATION_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bfrom\b|migrat|mov(?:e|ed|ing)\b|switch|rewr|port(?:ed|ing)\b|went|replac")
        .unwrap()
});
static COMPARISON_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bthan\b|\bvs\.?|\bversus\b|compar|\bunlike\b|instead of|faster|slower|\bslow\b|\bfast\b|outperform|\bbetter\b|\bworse\b|heav|lighter|fraction of|productiv|expressive|verbose|elegant|powerful|remains the choice|alternative|overhead|\beasier\b|\bharder\b|\bsimpler\b|\bless memory|\bmore memory|\band not\b|\bfarewell\b|\bgoodbye\b").unwrap()
});
static USE_X_WHEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bUse\s+(.{1,30}?)\s+when\b").unwrap());
static OTHER_WINS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\buse\s+\S+\s+when\b|remains the choice|consider alternatives|better suited|better choice|than Go\b|than Go['’]s|more expressive|ship features very quickly").unwrap()
});

/// Words that start sentences or headings but never names.
const NOT_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "We",
    "Our",
    "They",
    "Their",
    "Many",
    "Most",
    "Some",
    "Every",
    "Each",
    "All",
    "A",
    "An",
    "In",
    "At",
    "On",
    "For",
    "When",
    "Where",
    "What",
    "Why",
    "How",
    "If",
    "Today",
    "Now",
    "Since",
    "After",
    "Before",
    "With",
    "Without",
    "From",
    "To",
    "Teams",
    "Companies",
    "Major",
    "Large",
    "Other",
    "Others",
    "Both",
    "Neither",
    "One",
    "Two",
    "Three",
    "Ten",
    "Here",
    "There",
    "Even",
    "Also",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "Go",
    "Golang",
    "Use",
    "Using",
    "Learn",
    "Read",
    "See",
    "Find",
    "Why",
    "Who",
    "Which",
    "While",
    "Within",
    "Over",
    "Under",
    "Between",
    "Scaling",
    "Strangle",
    "Most",
    "None",
    "Nobody",
    "Everyone",
    "You",
    "Your",
    "He",
    "She",
    "His",
    "Her",
    "I",
    "My",
    "Us",
    "Case",
    "Studies",
    "Study",
    "Introduction",
    "Benchmarks",
    "Conference",
    "Meetup",
    "Tooling",
    "Conclusion",
    "Performance",
    "Memory",
    "Deployment",
    "Concurrency",
    "Real-World",
    "Leaving",
    "Massive",
    "Graceful",
    "Writing",
    "Building",
    "How",
    "Inside",
    "Why",
    "Moving",
    "Farewell",
    "Can",
    "Is",
    "Are",
    "Was",
    "Were",
    "Did",
    "Does",
    "Do",
    "Should",
    "Would",
    "Could",
    "Will",
    "May",
    "Might",
    "Must",
    "New",
    "Old",
    "First",
    "Last",
    "Next",
    "Previous",
    "Single",
    "Typical",
    "Recently",
    "Updated",
    "View",
    "More",
    "Less",
    "As",
    "Because",
    "Although",
    "Though",
    "Once",
    "Until",
    "Unless",
    "Whether",
    "Instead",
    "Thanks",
    "According",
    "Like",
    "Unlike",
    "Besides",
    "Despite",
    "During",
    "Following",
    "Given",
    "Then",
    "Later",
    "Eventually",
    "Finally",
];

/// Words that cannot follow a subject as its verb.
const NOT_VERBS: &[&str] = &[
    "the", "a", "an", "our", "its", "their", "his", "her", "my", "your", "this", "that", "these",
    "those", "of", "in", "on", "at", "to", "for", "from", "with", "by", "as", "and", "or", "but",
    "if", "when", "while",
];

/// Verbs that make the subject of a sentence a user of Go.
const USER_VERBS: &[&str] = &[
    "uses",
    "use",
    "used",
    "using",
    "adopted",
    "adopts",
    "adopt",
    "runs",
    "run",
    "ran",
    "running",
    "moved",
    "migrated",
    "migrates",
    "rewrote",
    "rewrites",
    "rewritten",
    "replaced",
    "replaces",
    "switched",
    "switches",
    "chose",
    "chooses",
    "built",
    "builds",
    "put",
    "puts",
    "ported",
    "ports",
    "relies",
    "rely",
    "deployed",
    "deploys",
    "writes",
    "wrote",
    "write",
    "started",
    "introduced",
    "embraced",
    "powers",
    "depends",
    "bet",
    "taps",
    "tapped",
];

/// A candidate of a phrase cue, before validation.
struct Candidate {
    raw: String,
    quote: String,
    cue: Cue,
    case_study: Option<String>,
    /// For a heading: whether it labels a group of entries (a country over companies).
    group_label: bool,
    /// For a sentence: whether it is a list entry's link title.
    entry_title: bool,
    /// For such a sentence: the entry's link (whose host may spell the name).
    entry_link: Option<String>,
}

/// Whether sentence `s` of block `b` is (part of) the title of a list entry led by a link: an
/// article's title, whose grammar says nothing about who uses Go.
fn is_entry_title(b: &Block, s: &str) -> bool {
    b.kind == BlockKind::ListItem
        && b.links.first().is_some_and(|l| {
            let title = l.text.trim();
            !title.is_empty()
                && (s.starts_with(title) || title.contains(s.trim_end_matches(['.', '!', '?'])))
        })
}

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
    let mut more = self::comparisons(&blocks, doc, k, &mut mentions);
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
    let people = people(blocks);
    let mut candidates = Vec::new();
    let structural = candidates::structural(doc, blocks);
    let facts = evidence::Facts::new(
        blocks,
        structural
            .iter()
            .filter_map(|c| Some((c.group_index?, c.name.as_str(), c.link.as_deref()?))),
    );
    let mut judgements = Vec::new();

    for card in &doc.cards {
        candidates.push(Candidate {
            raw: card.name.clone(),
            quote: short_quote(&card.text),
            cue: Cue::Card,
            case_study: Some(card.url.clone()),
            group_label: false,
            entry_title: false,
            entry_link: None,
        });
    }
    for (i, b) in blocks.iter().enumerate() {
        collect_from_block(b, &blocks[i + 1..], &mut candidates);
    }

    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut migrations: Vec<ComparisonMention> = Vec::new();
    for c in candidates {
        let strong = matches!(c.cue, Cue::Card | Cue::GoAt);
        let Some(name) = validate(&c.raw, k, &people, strong) else {
            continue;
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
            &facts,
            k,
        );
        let kept = judgement.kept();
        if explain {
            judgements.push((name.clone(), judgement));
        }
        if !kept || !seen.insert((name.clone(), c.quote.clone())) {
            continue;
        }
        mentions.push(Mention {
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
    judge_structural(
        structural,
        doc,
        &facts,
        k,
        &mut seen,
        &mut mentions,
        &mut migrations,
        explain.then_some(&mut judgements),
    );
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
    (mentions, migrations, judgements)
}

/// Weighs the structural candidates (header subject, title prefix, list entries) and adds the
/// kept ones to `mentions`; an entry under a heading that is a language ("## Python" over
/// "[Company: how we moved](...)") is a migration from it.
#[allow(clippy::too_many_arguments)]
fn judge_structural(
    structural: Vec<candidates::Candidate>,
    doc: &Normalized,
    facts: &evidence::Facts,
    k: &Knowledge,
    seen: &mut BTreeSet<(String, String)>,
    mentions: &mut Vec<Mention>,
    migrations: &mut Vec<ComparisonMention>,
    judgements: Option<&mut Vec<(String, Judgement)>>,
) {
    let mut judgements = judgements;
    let subject = doc.subject.as_ref().map(|s| s.name.to_lowercase());
    for c in structural {
        let Some(raw) = clean_entry_name(&c.name) else {
            continue;
        };
        let name = k.company(&raw).map_or(raw, |info| info.name.clone());
        let (cue, base) = match c.origin {
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
        };
        // The title names the header's subject: one mention, already counted.
        if c.origin == Origin::TitlePrefix && subject.as_deref() == Some(&name.to_lowercase()) {
            continue;
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
        if c.origin == Origin::TitlePrefix && MENTIONS_GO.is_match(&doc.title) {
            judgement.features.push(Feature {
                name: "title-about-go",
                weight: 0.5,
            });
        }
        let kept = judgement.kept();
        let homepage_link = judgement.features.iter().any(|f| f.name == "homepage-link");
        if let Some(j) = judgements.as_deref_mut() {
            j.push((name.clone(), judgement));
        }
        if !kept || !seen.insert((name.clone(), c.quote.clone())) {
            continue;
        }
        let moved_from: Vec<String> = c
            .group
            .as_deref()
            .filter(|g| evidence::is_language(g, k))
            .map(|g| languages_in(g, k))
            .unwrap_or_default();
        for slug in &moved_from {
            migrations.push(ComparisonMention {
                slug: slug.clone(),
                kind: ComparisonKind::Migration {
                    quote: c.quote.clone(),
                    companies: vec![name.clone()],
                },
            });
        }
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
        mentions.push(Mention {
            domains,
            company: name,
            quote: short_quote(&c.quote),
            cue,
            case_study,
            homepage,
            group: c.group.clone().filter(|_| c.origin == Origin::ListEntry),
            moved_from,
        });
    }
}

/// A list entry's or header's name, cleaned: no trailing "(formerly ...)", no possessive, no
/// surrounding punctuation. `None` when nothing name-like is left.
fn clean_entry_name(raw: &str) -> Option<String> {
    let mut name = raw.trim();
    if let Some(i) = name.find(" (") {
        name = &name[..i];
    }
    let name = name
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '.')
        .trim_end_matches(['.', ','])
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    let words = name.split_whitespace().count();
    let signs = name.chars().filter(|c| c.is_alphanumeric()).count();
    (words > 0 && words <= 6 && signs >= 2).then(|| name.to_string())
}

fn collect_from_block(b: &Block, following: &[Block], out: &mut Vec<Candidate>) {
    // "Go at X" in link texts (wiki bullets, card titles) and in the text itself.
    let mut go_at_texts: Vec<&str> = b.links.iter().map(|l| l.text.as_str()).collect();
    go_at_texts.push(&b.text);
    for t in go_at_texts {
        for cap in GO_AT.captures_iter(t) {
            out.push(Candidate {
                raw: cap[1].to_string(),
                quote: b.text.clone(),
                cue: Cue::GoAt,
                case_study: None,
                group_label: false,
                entry_title: false,
                entry_link: None,
            });
        }
    }
    if let BlockKind::Heading(level) = b.kind {
        let under_users = b.context.iter().any(|(_, h)| COMPANY_CONTEXT.is_match(h));
        if level >= 2 && under_users {
            let head = b.text.split(':').next().unwrap_or_default();
            if head.split_whitespace().count() <= 6 {
                let quote = following
                    .iter()
                    .take_while(|f| !matches!(f.kind, BlockKind::Heading(l) if l <= level))
                    .find(|f| f.kind != BlockKind::Table && !f.text.is_empty())
                    .map(|f| short_quote(&f.text))
                    .unwrap_or_else(|| b.text.clone());
                // A heading over entries led by links labels a group (a country over its
                // companies, a language over its migration stories): it is not an entity.
                let section: Vec<&Block> = following
                    .iter()
                    .take_while(|f| !matches!(f.kind, BlockKind::Heading(l) if l <= level))
                    .filter(|f| !matches!(f.kind, BlockKind::Heading(_)))
                    .collect();
                let entries = section
                    .iter()
                    .filter(|f| {
                        f.kind == BlockKind::ListItem
                            && f.links
                                .first()
                                .is_some_and(|l| f.text.trim_start().starts_with(l.text.trim()))
                    })
                    .count();
                let group_label = entries >= 1 && entries * 2 >= section.len();
                for name in split_list(head) {
                    out.push(Candidate {
                        raw: name,
                        quote: quote.clone(),
                        cue: Cue::Section,
                        case_study: None,
                        group_label,
                        entry_title: false,
                        entry_link: None,
                    });
                }
            }
        }
    }
    if b.kind == BlockKind::Table {
        return;
    }
    for s in text::sentences(&b.text) {
        if !MENTIONS_GO.is_match(&s) {
            continue;
        }
        let is_migration = MIGRATION.is_match(&s) || REPLACED_WITH_GO.is_match(&s);
        if let Some(cap) = SUBJECT.captures(&s) {
            let verb = cap[2].to_lowercase();
            // In a migration sentence any verb will do ("Ozon rewrote its services from C# to
            // Go"), but it must be a verb: "Rewriting the Agent ..." has no subject.
            let verb_like = !NOT_VERBS.contains(&verb.as_str());
            if verb_like && (is_migration || USER_VERBS.contains(&verb.as_str())) {
                for name in split_list(&cap[1]) {
                    out.push(Candidate {
                        raw: name,
                        quote: s.clone(),
                        cue: Cue::Sentence,
                        case_study: None,
                        group_label: false,
                        entry_title: is_entry_title(b, &s),
                        entry_link: b
                            .links
                            .first()
                            .filter(|_| is_entry_title(b, &s))
                            .map(|l| l.url.clone()),
                    });
                }
            }
        }
        for cap in LIKE_LIST.captures_iter(&s) {
            // The list runs to the end of the sentence: the name pattern alone stops early on
            // a name of several words ("..., Monzo, New York Times, ..."). A piece that goes on
            // after its name ("Lyft use Go") ends the list: what follows is the sentence
            // ("Companies like Uber and Lyft use Go, Kubernetes and Docker").
            let start = cap.get(1).map_or(0, |m| m.start());
            let mut ended = false;
            let names = split_list(&s[start..]).into_iter().map_while(|piece| {
                if ended {
                    return None;
                }
                let name = proper_prefix(&piece)?;
                ended = name.len() < piece.trim_end_matches(['.', '!', '?']).len();
                Some(name)
            });
            for name in names {
                out.push(Candidate {
                    raw: name,
                    quote: s.clone(),
                    cue: Cue::RollCall,
                    case_study: None,
                    group_label: false,
                    entry_title: false,
                    entry_link: None,
                });
            }
        }
        if ROLL_CALL_CUE.is_match(&s) {
            for cap in ROLL_CALL.captures_iter(&s) {
                for name in split_list(&cap[1]) {
                    out.push(Candidate {
                        raw: name,
                        quote: s.clone(),
                        cue: Cue::RollCall,
                        case_study: None,
                        group_label: false,
                        entry_title: false,
                        entry_link: None,
                    });
                }
            }
        }
    }
}

/// The capitalized words that start `piece` ("Acme" of "Acme for payments"); `None` when it
/// does not start with a capital, which ends a list.
fn proper_prefix(piece: &str) -> Option<String> {
    let words: Vec<&str> = piece
        .split_whitespace()
        .take_while(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || ["of", "de", "&"].contains(w)
        })
        .collect();
    let name = words
        .join(" ")
        .trim_end_matches(['.', '!', '?'])
        .to_string();
    (!words.is_empty()).then_some(name)
}

/// "A, B, and C" / "A and B" / "A & B" into names.
fn split_list(s: &str) -> Vec<String> {
    let s = s
        .replace(" and of course ", ",")
        .replace(" and even ", ",")
        .replace(" and finally ", ",")
        .replace(" and ", ",")
        .replace(" or ", ",")
        .replace(" & ", ",");
    s.split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// People the document names ("by Rob Pike", "says Jane Doe", "Jane Doe, who led ..."): their
/// names are never companies.
fn people(blocks: &[Block]) -> HashSet<String> {
    let mut out = HashSet::new();
    for b in blocks {
        for cap in PERSON_CUE.captures_iter(&b.text) {
            out.insert(cap[1].to_lowercase());
        }
        for cap in PERSON_AFTER.captures_iter(&b.text) {
            out.insert(cap[1].to_lowercase());
        }
    }
    out
}

/// Cleans a raw name and decides whether it is a company; returns its canonical name.
/// `strong` cues (a card, a "Go at X" title) name a company even when written in lowercase.
fn validate(raw: &str, k: &Knowledge, people: &HashSet<String>, strong: bool) -> Option<String> {
    let mut name = raw
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '.')
        .trim_end_matches('.')
        .to_string();
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            name = stripped.to_string();
        }
    }
    // A trailing product in parentheses was cut by the caller; a trailing generic word is not
    // part of the name ("Google engineers").
    if name.is_empty() {
        return None;
    }
    if let Some(known) = k.company(&name) {
        return (!k.is_rejected(&known.name)).then(|| known.name.clone());
    }
    if k.is_rejected(&name) || people.contains(&name.to_lowercase()) {
        return None;
    }
    // Stop at a word that cannot continue a name ("ByteDance Go was introduced" -> "ByteDance").
    let mut words: Vec<String> = name.split_whitespace().map(String::from).collect();
    if let Some(cut) = words
        .iter()
        .skip(1)
        .position(|w| NOT_NAMES.contains(&w.as_str()))
    {
        words.truncate(cut + 1);
        name = words.join(" ");
        if let Some(known) = k.company(&name) {
            return (!k.is_rejected(&known.name)).then(|| known.name.clone());
        }
        if k.is_rejected(&name) {
            return None;
        }
    }
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    if strong
        && words.len() == 1
        && words[0]
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '.')
    {
        let mut chars = words[0].chars();
        let first = chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default();
        words[0] = first + chars.as_str();
        name = words[0].clone();
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let first = words[0];
    if NOT_NAMES.contains(&first) || !first.chars().next().is_some_and(|c| c.is_uppercase()) {
        return None;
    }
    // "Rewriting", "Scaling": a capitalized gerund starts a sentence, not a company name.
    if words.len() == 1
        && first.len() > 5
        && first.ends_with("ing")
        && first[1..].chars().all(|c| c.is_lowercase())
    {
        return None;
    }
    // A name made only of generic words is a phrase, not a name.
    if words.iter().all(|w| NOT_NAMES.contains(w)) {
        return None;
    }
    // Each word of a multi-word name is capitalized ("Delivery Hero", not "Delivery rides").
    if !words.iter().all(|w| {
        w.chars().next().is_some_and(|c| c.is_uppercase()) || ["of", "de", "for"].contains(w)
    }) {
        return None;
    }
    Some(name)
}

fn short_quote(text: &str) -> String {
    let mut out = String::new();
    for s in text::sentences(text) {
        if !out.is_empty() && out.len() + s.len() > 320 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s);
    }
    out
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

/// Languages named in `text`, by comparison slug. `C` needs care: not `C++`, `C#`, `C
/// extensions`, or a capital C that starts a word like "C-suite".
pub fn languages_in(text: &str, k: &Knowledge) -> Vec<String> {
    let mut out = Vec::new();
    for l in &k.languages {
        let found = l
            .aliases
            .iter()
            .chain(std::iter::once(&l.name))
            .any(|alias| {
                text.match_indices(alias.as_str()).any(|(i, _)| {
                    let before = text[..i].chars().next_back();
                    let rest = &text[i + alias.len()..];
                    let after = rest.chars().next();
                    let boundary_before = !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
                    let boundary_after = !after
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '+' || c == '#');
                    let c_guard = alias != "C"
                        || !(rest.starts_with(" extension")
                            || rest.starts_with("-")
                            || before == Some('.')
                            || before == Some('-'));
                    boundary_before && boundary_after && c_guard
                })
            });
        if found {
            out.push(l.slug.clone());
        }
    }
    out
}

fn theme(sentence: &str) -> &'static str {
    let s = sentence.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if OTHER_WINS.is_match(sentence) {
        "where-the-other-language-wins"
    } else if has(&[
        "fast",
        "slow",
        "latency",
        "throughput",
        "speed",
        "perform",
        "benchmark",
        "p99",
        "requests per second",
        "cpu",
        "compile",
    ]) {
        "performance"
    } else if has(&["memory", " ram", "footprint", "garbage", "heap", " mb"]) {
        "memory"
    } else if has(&[
        "concurren",
        "goroutine",
        "thread",
        "parallel",
        "async",
        "event loop",
        "callback",
    ]) {
        "concurrency"
    } else if has(&[
        "deploy",
        "binary",
        "container",
        "startup",
        "start up",
        "started faster",
        "dependenc",
        "interpreter",
        "runtime",
        "pod",
        "linux",
    ]) {
        "deployment"
    } else if has(&[
        "productiv",
        "simple",
        "simplicity",
        "learn",
        "readab",
        "maintain",
        "developer",
        "syntax",
        "tooling",
        "type system",
        "verbose",
        "expressive",
        "boilerplate",
        "easy",
        "easier",
        "elegant",
    ]) {
        "productivity"
    } else {
        "general"
    }
}

fn comparisons(
    blocks: &[Block],
    doc: &Normalized,
    k: &Knowledge,
    mentions: &mut [Mention],
) -> Vec<ComparisonMention> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let companies: BTreeSet<String> = mentions.iter().map(|m| m.company.clone()).collect();
    let spellings = Spellings::new(&companies, k);
    // Mentions by company: updating them looks up the few a sentence names instead of
    // going through all of them for every sentence.
    let mut by_company: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        by_company.entry(m.company.clone()).or_default().push(i);
    }
    let mut texts: Vec<(String, Option<String>, &Block)> = Vec::new();
    for b in blocks {
        if b.kind == BlockKind::Table {
            tables(b, k, &mut out);
            continue;
        }
        for s in text::sentences(&b.text) {
            texts.push((s, None, b));
        }
        for l in &b.links {
            texts.push((l.text.clone(), None, b));
        }
    }
    for card in &doc.cards {
        for s in text::sentences(&card.text) {
            texts.push((s, Some(card.name.clone()), &blocks[0]));
        }
    }
    // The header's description and quote are text like the body's, about its subject.
    let subject = doc.subject.as_ref();
    let header_texts = doc
        .description
        .iter()
        .chain(subject.and_then(|s| s.quote.as_ref()));
    if let Some(first) = blocks.first() {
        for t in header_texts {
            for s in text::sentences(t) {
                texts.push((s, subject.map(|s| s.name.clone()), first));
            }
        }
    }
    // "Grab started life on Ruby and Node.js. ... we moved the core services to Go": the
    // starting point of a move stated in the same block is a migration too.
    let block_texts = blocks.iter().map(|b| (b.text.as_str(), None)).chain(
        doc.cards
            .iter()
            .map(|c| (c.text.as_str(), Some(c.name.as_str()))),
    );
    for (text, card) in block_texts {
        if !MOVED_TO_GO.is_match(text) {
            continue;
        }
        for cap in STARTED_ON.captures_iter(text) {
            let quote = text::sentences(text)
                .into_iter()
                .find(|s| s.contains(&cap[0]))
                .unwrap_or_else(|| cap[0].to_string());
            let companies: Vec<String> = card
                .map(|c| {
                    k.company(c)
                        .map_or_else(|| c.to_string(), |i| i.name.clone())
                })
                .into_iter()
                .collect();
            for slug in languages_in(&cap[1], k) {
                if seen.insert((slug.clone(), "m", quote.clone())) {
                    for c in &companies {
                        for &i in by_company.get(c).into_iter().flatten() {
                            let m = &mut mentions[i];
                            if !m.moved_from.contains(&slug) {
                                m.moved_from.push(slug.clone());
                            }
                        }
                    }
                    out.push(ComparisonMention {
                        slug,
                        kind: ComparisonKind::Migration {
                            quote: quote.clone(),
                            companies: companies.clone(),
                        },
                    });
                }
            }
        }
    }
    let known = |name: &str| {
        k.company(name)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| name.to_string())
    };
    for (s, card_company, block) in texts {
        let langs = languages_in(&s, k);
        if langs.is_empty() {
            continue;
        }
        // Migrations: the languages before "to Go".
        let mut migrated: Vec<String> = Vec::new();
        let segments: Vec<String> = MIGRATION
            .captures_iter(&s)
            .filter_map(|c| {
                c.get(1)
                    .or_else(|| c.get(2))
                    .map(|m| m.as_str().to_string())
            })
            .chain(REPLACED_WITH_GO.captures_iter(&s).map(|c| c[1].to_string()))
            .chain(BUILT_ON_THEN_GO.captures_iter(&s).map(|c| c[1].to_string()))
            .chain(REWRITE_IN_GO.captures_iter(&s).map(|c| c[1].to_string()))
            .collect();
        if !segments.is_empty()
            && (MIGRATION_VERB.is_match(&s)
                || block.links.iter().any(|l| l.text == s)
                || matches!(block.kind, BlockKind::Heading(_)))
        {
            for seg in &segments {
                migrated.extend(languages_in(seg, k));
            }
        }
        migrated.sort();
        migrated.dedup();
        let who: Vec<String> = spellings
            .named_in(&s)
            .into_iter()
            .chain(card_company.iter().map(|c| known(c)))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for slug in &migrated {
            if seen.insert((slug.clone(), "m", s.clone())) {
                out.push(ComparisonMention {
                    slug: slug.clone(),
                    kind: ComparisonKind::Migration {
                        quote: s.clone(),
                        companies: who.clone(),
                    },
                });
            }
            for c in &who {
                for &i in by_company.get(c).into_iter().flatten() {
                    let m = &mut mentions[i];
                    if !m.moved_from.contains(slug) {
                        m.moved_from.push(slug.clone());
                    }
                }
            }
        }
        // Claims: a comparative sentence naming the language ("Use Python when ..." under a
        // heading about Go counts too).
        let use_when =
            USE_X_WHEN.is_match(&s) && block.context.iter().any(|(_, h)| MENTIONS_GO.is_match(h));
        if COMPARISON_CUE.is_match(&s) || use_when {
            for slug in langs.iter().filter(|l| !migrated.contains(l)) {
                if seen.insert((slug.clone(), "c", s.clone())) {
                    out.push(ComparisonMention {
                        slug: slug.clone(),
                        kind: ComparisonKind::Claim {
                            quote: s.clone(),
                            theme: theme(&s).to_string(),
                        },
                    });
                }
            }
        }
    }
    out
}

/// The companies a text names: those whose name, or an alias the data file gives them,
/// occurs in it. One automaton over every spelling finds them in one scan of the text;
/// testing each company against each sentence was quadratic on a page naming many.
struct Spellings {
    /// `None` when there are no spellings, or too many for an automaton.
    finder: Option<aho_corasick::AhoCorasick>,
    patterns: Vec<String>,
    /// The company of each spelling, by pattern index.
    company_of: Vec<String>,
    /// Companies with an empty spelling, which every text contains.
    always: Vec<String>,
}

impl Spellings {
    fn new(companies: &BTreeSet<String>, k: &Knowledge) -> Spellings {
        let mut patterns: Vec<String> = Vec::new();
        let mut company_of = Vec::new();
        let mut always = Vec::new();
        for c in companies {
            let aliases = k
                .company(c)
                .map(|info| info.aliases.as_slice())
                .unwrap_or_default();
            for spelling in std::iter::once(c).chain(aliases) {
                if spelling.is_empty() {
                    always.push(c.clone());
                } else {
                    patterns.push(spelling.clone());
                    company_of.push(c.clone());
                }
            }
        }
        let finder = (!patterns.is_empty())
            .then(|| aho_corasick::AhoCorasick::new(&patterns).ok())
            .flatten();
        Spellings {
            finder,
            patterns,
            company_of,
            always,
        }
    }

    fn named_in(&self, text: &str) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.always.iter().cloned().collect();
        match &self.finder {
            Some(finder) => {
                for m in finder.find_overlapping_iter(text) {
                    out.insert(self.company_of[m.pattern().as_usize()].clone());
                }
            }
            None => {
                for (p, c) in self.patterns.iter().zip(&self.company_of) {
                    if text.contains(p.as_str()) {
                        out.insert(c.clone());
                    }
                }
            }
        }
        out
    }
}

/// A table with a `Go` column beside another language's column compares the two.
fn tables(b: &Block, k: &Knowledge, out: &mut Vec<ComparisonMention>) {
    let Some(header) = b.table.first() else {
        return;
    };
    if !header.iter().any(|h| h == "Go" || h.starts_with("Go ")) {
        return;
    }
    let langs: BTreeSet<String> = header.iter().flat_map(|h| languages_in(h, k)).collect();
    if langs.is_empty() {
        return;
    }
    let mut md = String::new();
    for (i, row) in b.table.iter().enumerate() {
        md.push_str("| ");
        md.push_str(
            &row.iter()
                .map(|c| c.replace('|', "\\|"))
                .collect::<Vec<_>>()
                .join(" | "),
        );
        md.push_str(" |\n");
        if i == 0 {
            md.push_str(&"|---".repeat(row.len()));
            md.push_str("|\n");
        }
    }
    // Cells are plain text again (entities decoded): the table must be sanitized anew.
    let md = super::normalize::sanitized(&md);
    for slug in langs {
        out.push(ComparisonMention {
            slug,
            kind: ComparisonKind::Table {
                markdown: md.clone(),
            },
        });
    }
}
