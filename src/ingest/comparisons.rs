//! Language comparisons: the claims a document makes about Go against another language (with
//! a theme: performance, memory, ...), the migrations it tells of ("moved from Python to Go"),
//! and tables with a Go column beside another language's. Separate from the company decision
//! in [`super::extract`]: a comparison is found by its sentence, whoever made it.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use super::knowledge::Knowledge;
use super::normalize::Normalized;
use super::text::{self, Block, BlockKind};
use super::{ComparisonKind, ComparisonMention, Mention};

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
/// Phrases that say the other language is the one to pick.
static OTHER_WINS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\buse\s+\S+\s+when\b|remains the choice|consider alternatives|ship features very quickly").unwrap()
});
/// "better suited", "more expressive": the other language wins unless Go is what they describe
/// ("Go is a better choice", "Go was better suited").
static PRAISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\bGo(?:lang)?(?:['’]s\s+\w+)?\s+(?:is|was|remains|seems|proved|turned out to be)\s+(?:\w+\s+){0,3})?\b(?:better suited|better choice|more expressive)").unwrap()
});
/// "<comparative> than Go": who wins depends on the comparative ("slower than Go" favours Go,
/// "a richer ecosystem than Go" the other language). Up to three words before "than".
static THAN_GO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)((?:[\w-]+\s+){0,2}[\w-]+)\s+than\s+(?:Go|Golang)\b").unwrap()
});
/// Comparatives that favour what is compared with Go when it has more of them.
const OTHER_BETTER: &[&str] = &[
    "better",
    "faster",
    "quicker",
    "richer",
    "mature",
    "expressive",
    "flexible",
    "powerful",
    "easier",
    "simpler",
    "cheaper",
    "safer",
    "productive",
    "larger",
    "bigger",
    "broader",
    "wider",
    "nicer",
    "cleaner",
    "stronger",
    "smaller",
    "lighter",
    "concise",
];
/// Comparatives that favour Go when the other language has more of them.
const OTHER_WORSE: &[&str] = &[
    "slower",
    "worse",
    "heavier",
    "verbose",
    "harder",
    "complex",
    "costlier",
    "bloated",
    "memory",
    "latency",
    "boilerplate",
];

/// Whether a comparative sentence says the other language wins: it recommends it ("use
/// Python when ..."), praises it and not Go, or gives it more of a good thing ("a richer
/// ecosystem than Go") or less of a bad one ("less memory than Go"). A sentence that favours
/// Go ("Java is slower than Go", "Go is a better choice") never does.
fn other_language_wins(sentence: &str) -> bool {
    if OTHER_WINS.is_match(sentence) {
        return true;
    }
    if PRAISE.captures_iter(sentence).any(|c| c.get(1).is_none()) {
        return true;
    }
    THAN_GO.captures_iter(sentence).any(|c| {
        let words: Vec<String> = c[1].split_whitespace().map(str::to_lowercase).collect();
        let less = words.iter().any(|w| w == "less" || w == "fewer");
        let better = words.iter().any(|w| OTHER_BETTER.contains(&w.as_str()));
        let worse = words.iter().any(|w| OTHER_WORSE.contains(&w.as_str()));
        if less {
            worse && !better
        } else {
            better && !worse
        }
    })
}

/// Whether sentence `s` tells of a move to Go ("from PHP to Go", "replaced Java with Go").
pub(super) fn is_migration(s: &str) -> bool {
    MIGRATION.is_match(s) || REPLACED_WITH_GO.is_match(s)
}

/// Languages named in `text`, by comparison slug. `C` needs care: not `C++`, `C#`, `C
/// extensions`, or a capital C that starts a word like "C-suite".
pub(super) fn languages_in(text: &str, k: &Knowledge) -> Vec<String> {
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
    if other_language_wins(sentence) {
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

/// The comparisons and migrations of a document, and the languages each company moved from
/// (added to its `mentions`).
pub(super) fn find(
    blocks: &[Block],
    doc: &Normalized,
    k: &Knowledge,
    mentions: &mut [Mention],
) -> Vec<ComparisonMention> {
    let companies: BTreeSet<String> = mentions.iter().map(|m| m.company.clone()).collect();
    // Mentions by company: updating them looks up the few a sentence names instead of
    // going through all of them for every sentence.
    let mut by_company: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        by_company.entry(m.company.clone()).or_default().push(i);
    }
    let mut found = Found {
        k,
        spellings: Spellings::new(&companies, k),
        mentions,
        by_company,
        out: Vec::new(),
        seen: BTreeSet::new(),
    };
    for b in blocks.iter().filter(|b| b.kind == BlockKind::Table) {
        tables(b, k, &mut found.out);
    }
    found.started_on(blocks, doc);
    for (sentence, card_company, block) in texts_of(blocks, doc) {
        found.sentence(&sentence, card_company.as_deref(), block);
    }
    found.out
}

/// Each sentence to look at, with the company it is about when a card or the header says
/// so, and the block it is in: the body's sentences and link texts, each card's title and
/// sentences, the header's description and quote.
fn texts_of<'b>(blocks: &'b [Block], doc: &Normalized) -> Vec<(String, Option<String>, &'b Block)> {
    let mut texts: Vec<(String, Option<String>, &Block)> = Vec::new();
    for b in blocks.iter().filter(|b| b.kind != BlockKind::Table) {
        for s in text::sentences(&b.text) {
            texts.push((s, None, b));
        }
        for l in &b.links {
            texts.push((l.text.clone(), None, b));
        }
    }
    let Some(first) = blocks.first() else {
        return texts;
    };
    for card in &doc.cards {
        // A card's title is a sentence of its own ("Why we moved from Python to Go").
        for s in card
            .title
            .iter()
            .cloned()
            .chain(text::sentences(&card.text))
        {
            texts.push((s, Some(card.name.clone()), first));
        }
    }
    // The header's description and quote are text like the body's, about its subject.
    let subject = doc.subject.as_ref();
    let header_texts = doc
        .description
        .iter()
        .chain(subject.and_then(|s| s.quote.as_ref()));
    for t in header_texts {
        for s in text::sentences(t) {
            texts.push((s, subject.map(|s| s.name.clone()), first));
        }
    }
    texts
}

/// What [`find`] has found so far, and what it looks things up in.
struct Found<'a> {
    k: &'a Knowledge,
    spellings: Spellings,
    mentions: &'a mut [Mention],
    /// Indices into `mentions`, by company.
    by_company: BTreeMap<String, Vec<usize>>,
    out: Vec<ComparisonMention>,
    /// (language, kind, quote) already found: each is reported once.
    seen: BTreeSet<(String, &'static str, String)>,
}

impl Found<'_> {
    /// "Grab started life on Ruby and Node.js. ... we moved the core services to Go": the
    /// starting point of a move stated in the same block is a migration too.
    fn started_on(&mut self, blocks: &[Block], doc: &Normalized) {
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
                        self.k
                            .company(c)
                            .map_or_else(|| c.to_string(), |i| i.name.clone())
                    })
                    .into_iter()
                    .collect();
                for slug in languages_in(&cap[1], self.k) {
                    if self.seen.insert((slug.clone(), "m", quote.clone())) {
                        self.moved_from(&companies, &slug);
                        self.out.push(ComparisonMention {
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
    }

    /// The migrations and comparison claims of one sentence.
    fn sentence(&mut self, s: &str, card_company: Option<&str>, block: &Block) {
        let langs = languages_in(s, self.k);
        if langs.is_empty() {
            return;
        }
        let migrated = migrated_from(s, block, self.k);
        let known = |name: &str| {
            self.k
                .company(name)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| name.to_string())
        };
        let who: Vec<String> = self
            .spellings
            .named_in(s)
            .into_iter()
            .chain(card_company.map(known))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for slug in &migrated {
            if self.seen.insert((slug.clone(), "m", s.to_string())) {
                self.out.push(ComparisonMention {
                    slug: slug.clone(),
                    kind: ComparisonKind::Migration {
                        quote: s.to_string(),
                        companies: who.clone(),
                    },
                });
            }
            self.moved_from(&who, slug);
        }
        // Claims: a comparative sentence naming the language ("Use Python when ..." under a
        // heading about Go counts too).
        let use_when =
            USE_X_WHEN.is_match(s) && block.context.iter().any(|(_, h)| text::mentions_go(h));
        if COMPARISON_CUE.is_match(s) || use_when {
            for slug in langs.iter().filter(|l| !migrated.contains(l)) {
                if self.seen.insert((slug.clone(), "c", s.to_string())) {
                    self.out.push(ComparisonMention {
                        slug: slug.clone(),
                        kind: ComparisonKind::Claim {
                            quote: s.to_string(),
                            theme: theme(s).to_string(),
                        },
                    });
                }
            }
        }
    }

    /// Adds `slug` to the languages each of `companies` moved from.
    fn moved_from(&mut self, companies: &[String], slug: &str) {
        for c in companies {
            for &i in self.by_company.get(c).into_iter().flatten() {
                let m = &mut self.mentions[i];
                if !m.moved_from.iter().any(|l| l == slug) {
                    m.moved_from.push(slug.to_string());
                }
            }
        }
    }
}

/// The languages a sentence says were left for Go (those before "to Go", "replaced with Go",
/// ...), when it says so with a migration verb, or is a link or heading.
fn migrated_from(s: &str, block: &Block, k: &Knowledge) -> Vec<String> {
    let segments: Vec<String> = MIGRATION
        .captures_iter(s)
        .filter_map(|c| {
            c.get(1)
                .or_else(|| c.get(2))
                .map(|m| m.as_str().to_string())
        })
        .chain(REPLACED_WITH_GO.captures_iter(s).map(|c| c[1].to_string()))
        .chain(BUILT_ON_THEN_GO.captures_iter(s).map(|c| c[1].to_string()))
        .chain(REWRITE_IN_GO.captures_iter(s).map(|c| c[1].to_string()))
        .collect();
    let mut migrated: Vec<String> = Vec::new();
    if !segments.is_empty()
        && (MIGRATION_VERB.is_match(s)
            || block.links.iter().any(|l| l.text == s)
            || matches!(block.kind, BlockKind::Heading(_)))
    {
        for seg in &segments {
            migrated.extend(languages_in(seg, k));
        }
    }
    migrated.sort();
    migrated.dedup();
    migrated
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_that_favours_go_is_never_where_the_other_language_wins() {
        for favours_go in [
            "Python is slower than Go for CPU-bound work.",
            "Java is more verbose than Go.",
            "Go is a better choice than Java for network services.",
            "Go was better suited to our services than Ruby.",
            "The Node.js services used more memory than Go.",
            "Scala is less mature than Go for this.",
        ] {
            assert_ne!(
                theme(favours_go),
                "where-the-other-language-wins",
                "{favours_go}"
            );
        }
        for favours_other in [
            "Java has a richer ecosystem than Go.",
            "Scala is more expressive than Go.",
            "Python is better suited to notebooks.",
            "Use Python when you need a notebook.",
            "Rust uses less memory than Go.",
            "Kotlin remains the choice for Android.",
        ] {
            assert_eq!(
                theme(favours_other),
                "where-the-other-language-wins",
                "{favours_other}"
            );
        }
        assert_eq!(theme("Java is slower than Go under load."), "performance");
    }
}
