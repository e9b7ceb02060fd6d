//! Phrase cues: companies a sentence or heading names as users of Go ("Go at X", "X moved
//! its billing to Go", "companies like X, Y and Z", a heading under "Who uses Go"). Each cue
//! only proposes a candidate; [`super::names::validate`] cleans it and [`super::evidence`]
//! decides.

use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

use super::Cue;
use super::comparisons;
use super::lexicon::is_function_word;
use super::text::{self, Block, BlockKind};

/// One word of a proper name: a capitalized word, or a word with inner capitals or digits
/// (`iOS`, `Iron.io`, `AT&T`, `GRAIL`).
pub(super) const WORD: &str = r"(?:[A-Z][\w&.'’+-]*[\w&+]|[A-Z]|[a-z]+[A-Z][\w]*)";

static NAME: LazyLock<String> =
    LazyLock::new(|| format!(r"{WORD}(?:\s+(?:{WORD}|of|de|for))*?(?:\s+{WORD})?"));
static NAME_LIST: LazyLock<String> = LazyLock::new(|| {
    let n = &*NAME;
    format!(
        r"{n}(?:\s*,\s*{n})*(?:\s*,?\s+(?:and|&|or)\s+(?:of course\s+|even\s+|finally\s+)?{n})?"
    )
});

static GO_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Go|Golang|golang)\s+(?:at|@)\s+(?:the\s+)?([\w][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})")
        .unwrap()
});
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
pub(super) struct Candidate {
    pub(super) raw: String,
    pub(super) quote: String,
    pub(super) cue: Cue,
    pub(super) case_study: Option<String>,
    /// For a heading: whether it labels a group of entries (a country over companies).
    pub(super) group_label: bool,
    /// For a sentence: whether it is a list entry's link title.
    pub(super) entry_title: bool,
    /// For such a sentence: the entry's link (whose host may spell the name).
    pub(super) entry_link: Option<String>,
}

impl Candidate {
    /// A candidate a cue found in running text: no link, no group, not an entry's title.
    fn plain(raw: String, quote: String, cue: Cue) -> Candidate {
        Candidate {
            raw,
            quote,
            cue,
            case_study: None,
            group_label: false,
            entry_title: false,
            entry_link: None,
        }
    }
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

/// Adds the phrase-cue candidates of block `b` (with the blocks after it, for a heading's
/// section) to `out`.
pub(super) fn collect_from_block(b: &Block, following: &[Block], out: &mut Vec<Candidate>) {
    // "Go at X" in link texts (wiki bullets, card titles) and in the text itself.
    let mut go_at_texts: Vec<&str> = b.links.iter().map(|l| l.text.as_str()).collect();
    go_at_texts.push(&b.text);
    for t in go_at_texts {
        for cap in GO_AT.captures_iter(t) {
            out.push(Candidate::plain(
                cap[1].to_string(),
                b.text.clone(),
                Cue::GoAt,
            ));
        }
    }
    if let BlockKind::Heading(level) = b.kind {
        section_cue(b, level, following, out);
    }
    if b.kind == BlockKind::Table {
        return;
    }
    for s in text::sentences(&b.text) {
        sentence_cues(b, &s, out);
    }
}

/// The section cue: a short heading under a heading about users of Go names companies,
/// quoted with the first text of its section.
fn section_cue(b: &Block, level: u32, following: &[Block], out: &mut Vec<Candidate>) {
    let under_users = b.context.iter().any(|(_, h)| COMPANY_CONTEXT.is_match(h));
    if level >= 2 && under_users {
        let head = b.text.split(':').next().unwrap_or_default();
        if head.split_whitespace().count() <= 6 {
            let quote = following
                .iter()
                .take_while(|f| !matches!(f.kind, BlockKind::Heading(l) if l <= level))
                .find(|f| f.kind != BlockKind::Table && !f.text.is_empty())
                .map(|f| text::short_quote(&f.text))
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

/// The cues of sentence `s` of block `b` that mentions Go: "X uses Go", "companies like X, Y
/// and Z", roll calls.
fn sentence_cues(b: &Block, s: &str, out: &mut Vec<Candidate>) {
    if !text::mentions_go(s) {
        return;
    }
    let is_migration = comparisons::is_migration(s);
    if let Some(cap) = SUBJECT.captures(s) {
        let verb = cap[2].to_lowercase();
        // In a migration sentence any verb will do ("Ozon rewrote its services from C# to
        // Go"), but it must be a verb: "Rewriting the Agent ..." has no subject.
        // A function word ("Learn about how ...") is not a verb.
        let verb_like = !is_function_word(&verb);
        if verb_like && (is_migration || USER_VERBS.contains(&verb.as_str())) {
            for name in split_list(&cap[1]) {
                out.push(Candidate {
                    raw: name,
                    quote: s.to_string(),
                    cue: Cue::Sentence,
                    case_study: None,
                    group_label: false,
                    entry_title: is_entry_title(b, s),
                    entry_link: b
                        .links
                        .first()
                        .filter(|_| is_entry_title(b, s))
                        .map(|l| l.url.clone()),
                });
            }
        }
    }
    for cap in LIKE_LIST.captures_iter(s) {
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
            out.push(Candidate::plain(name, s.to_string(), Cue::RollCall));
        }
    }
    if ROLL_CALL_CUE.is_match(s) {
        for cap in ROLL_CALL.captures_iter(s) {
            for name in split_list(&cap[1]) {
                out.push(Candidate::plain(name, s.to_string(), Cue::RollCall));
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
pub(super) fn people(blocks: &[Block]) -> HashSet<String> {
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
