//! Evidence for and against a candidate company, as named, weighted features, and the
//! decision: a candidate is kept when its score reaches [`THRESHOLD`].
//!
//! Every candidate, whatever found it (a header field, a list entry, a sentence, a heading),
//! goes through [`weigh`]: the cue that found it gives its base weight, and the same features
//! count for and against all of them. The weights are set by hand on the development corpus
//! (`tests/gold/real.toml`), precision first: a wrong company is worse than a missing one, so
//! each feature against outweighs any one feature for. `gazette ingest --explain` prints them.
//!
//! Negative knowledge comes from data, not lists in code: countries, regions, cities and first names
//! from maintained data sets ([`super::lexicon`]), programming languages from the knowledge
//! file's vocabulary. What is here is the
//! shape of things: which links are third-party platforms, which words make a name an
//! organisation's.

use std::collections::{BTreeMap, HashSet};

use super::knowledge::Knowledge;
use super::lexicon::{is_city, is_country, is_person_name, is_region};
use super::text::{Block, BlockKind};

/// The score a candidate needs to be kept.
pub const THRESHOLD: f32 = 2.0;

/// One piece of evidence: a name `--explain` prints and its weight (negative: against).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Feature {
    /// What was seen, in kebab-case.
    pub name: &'static str,
    /// How much it counts.
    pub weight: f32,
}

/// The evidence about one candidate and the decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// Every feature that applied, the cue's base weight first.
    pub features: Vec<Feature>,
}

impl Judgement {
    /// The sum of the weights.
    pub fn score(&self) -> f32 {
        self.features.iter().map(|f| f.weight).sum()
    }

    /// Whether the candidate is kept.
    pub fn kept(&self) -> bool {
        self.score() >= THRESHOLD
    }

    /// "name +w, name -w" for messages.
    pub fn describe(&self) -> String {
        self.features
            .iter()
            .map(|f| format!("{} {:+.1}", f.name, f.weight))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a candidate is, as [`weigh`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct Sighting<'a> {
    /// The cleaned name.
    pub name: &'a str,
    /// The cue that found it and its base weight.
    pub cue: Feature,
    /// The link it leads, if any.
    pub link: Option<&'a str>,
    /// The text that shows it.
    pub quote: &'a str,
    /// For list entries: its group (see [`Facts::group_share`]).
    pub group_index: Option<usize>,
    /// For headings: whether the heading labels a group of other candidates.
    pub group_label: bool,
    /// For sentences: whether the sentence is a list entry's link title (an article's title).
    pub entry_title: bool,
    /// For list entries: whether text follows the link (what the entry is).
    pub described: bool,
}

/// Facts about the whole document that single candidates are weighed against.
#[derive(Debug, Default)]
pub struct Facts {
    /// Words the document writes in lowercase at least twice ("servers", "developers"): a
    /// one-word name that is one of them is more likely a common word in a heading than a
    /// company. Once is not enough: a brand may be spelled in lowercase ("Go at bitly").
    lowercase_words: HashSet<String>,
    /// Per list group: how many entries, how many lead with a homepage link, and how many
    /// are named like a Go community.
    groups: BTreeMap<usize, Group>,
}

#[derive(Debug, Default)]
struct Group {
    entries: usize,
    homepages: usize,
    communities: usize,
}

/// A Go community's name ("Golang Berlin", "Gophers Jakarta", "Kyoto.go", "Go Graz", "Women
/// Who Go"): a user group or meetup, not a company.
static GO_COMMUNITY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)golang|gopher|\.go$|^go\s|\bwho\s+go\b|\bmeetups?\b|\buser\s+groups?\b|\bgo\s+(?:community|club|night)\b",
    )
    .unwrap()
});

impl Facts {
    /// Reads `blocks`; `entries` are the list entries' (group, name, link).
    pub fn new<'a>(
        blocks: &[Block],
        entries: impl Iterator<Item = (usize, &'a str, &'a str)>,
        k: &Knowledge,
    ) -> Facts {
        let mut lowercase_once = HashSet::new();
        let mut lowercase_words = HashSet::new();
        for b in blocks {
            if matches!(b.kind, BlockKind::Heading(_)) {
                continue;
            }
            // Prose words only: "mattermost.com" or a path says nothing about the word.
            for token in b.text.split_whitespace() {
                if token.contains(['.', '/', '@', ':', '_']) && token.len() > 1 {
                    let inner = token.trim_end_matches(['.', ',', ':', ';']);
                    if inner.contains(['.', '/', '@', ':', '_']) {
                        continue;
                    }
                }
                let w = token.trim_matches(|c: char| !c.is_alphanumeric());
                if w.len() > 2
                    && w.chars().all(|c| c.is_lowercase())
                    && !lowercase_once.insert(w.to_string())
                {
                    lowercase_words.insert(w.to_string());
                }
            }
        }
        let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
        for (group, name, link) in entries {
            let g = groups.entry(group).or_default();
            g.entries += 1;
            g.homepages += usize::from(is_homepage(link, k));
            g.communities += usize::from(GO_COMMUNITY.is_match(name));
        }
        Facts {
            lowercase_words,
            groups,
        }
    }

    /// Share of a group's entries that lead with a homepage link, when it has at least three.
    fn group_share(&self, group: usize) -> Option<f32> {
        self.groups
            .get(&group)
            .filter(|g| g.entries >= 3)
            .map(|g| g.homepages as f32 / g.entries as f32)
    }

    /// Whether at least half of a group's entries are named like Go communities.
    fn group_of_communities(&self, group: usize) -> bool {
        self.groups
            .get(&group)
            .is_some_and(|g| g.communities * 2 >= g.entries)
    }
}

/// Weighs one sighting against the document's facts and the knowledge file's vocabulary.
pub fn weigh(s: &Sighting<'_>, facts: &Facts, k: &Knowledge) -> Judgement {
    let mut f = vec![s.cue];
    let mut add = |name, weight| f.push(Feature { name, weight });
    let words: Vec<&str> = s.name.split_whitespace().collect();
    // An empty link (a card whose link was lost) says nothing, for or against.
    if let Some(link) = s.link.filter(|l| !l.trim().is_empty()) {
        let host = host_of(link);
        if link.starts_with('#') || host.is_none() {
            add("in-page-link", -3.0);
        } else if is_platform(link, k) {
            add("platform-link", -3.0);
        } else if is_homepage(link, k) {
            add("homepage-link", 1.5);
        }
        if host.is_some_and(|h| host_matches(&h, s.name)) {
            add("host-matches-name", 1.5);
        }
    }
    if let Some(share) = s.group_index.and_then(|g| facts.group_share(g)) {
        if share >= 0.6 {
            add("list-of-homepages", 1.0);
        } else if share <= 0.2 {
            add("list-of-articles", -1.0);
        }
    }
    if s.described {
        add("described", 0.5);
    }
    if GO_COMMUNITY.is_match(s.name) {
        add("names-a-go-community", -3.0);
    } else if s.group_index.is_some_and(|g| facts.group_of_communities(g)) {
        add("among-go-communities", -3.0);
    }
    if s.entry_title {
        add("an-entry-title", -1.0);
    }
    if words.iter().any(|w| super::text::is_go_word(w)) {
        add("names-go", -2.5);
    }
    if words.iter().all(|w| is_organisation_word(w)) {
        // "Companies using Go ...": the word for organisations, not the name of one.
        add("only-organisation-words", -4.0);
    } else if words.last().is_some_and(|w| is_organisation_word(w)) {
        add("organisation-word", 1.0);
    }
    if s.group_label {
        add("labels-a-group", -3.0);
    }
    if is_country(s.name) {
        add("country", -5.0);
    } else if is_region(s.name) {
        add("region", -5.0);
    } else if is_city(s.name) {
        add("city", -3.0);
    }
    // A surname is not an organisation word ("Josh Software") nor a word the document writes
    // in lowercase ("Case Studies").
    let not_a_surname =
        |w: &str| is_organisation_word(w) || facts.lowercase_words.contains(&w.to_lowercase());
    if is_person_name(s.name, not_a_surname) {
        add("person-name", -4.0);
    }
    if is_language(s.name, k) {
        add("language", -5.0);
    }
    if k.is_rejected(s.name) {
        add("known-non-company", -5.0);
    }
    let lowercase = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .filter(|w| !CONNECTORS.contains(w))
        .count();
    if words.len() > 5 || lowercase >= 2 {
        add("reads-as-a-title", -2.5);
    }
    if words
        .iter()
        .all(|w| facts.lowercase_words.contains(&w.to_lowercase()))
    {
        add("common-words", -2.5);
    }
    Judgement { features: f }
}

/// Whether `name` is one of the knowledge file's programming languages (name or alias).
pub fn is_language(name: &str, k: &Knowledge) -> bool {
    let name = name.trim();
    k.languages.iter().any(|l| {
        l.name.eq_ignore_ascii_case(name) || l.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    })
}

/// Whether `word` ends an organisation's name ("Labs", "Inc.").
/// Plurals count ("Companies", "Studios").
fn is_organisation_word(word: &str) -> bool {
    let lower = word.trim_end_matches(['.', ',']).to_lowercase();
    let singular = lower
        .strip_suffix("ies")
        .map(|stem| format!("{stem}y"))
        .or_else(|| lower.strip_suffix('s').map(str::to_string));
    ORG_WORDS.contains(&lower.as_str()) || singular.is_some_and(|s| ORG_WORDS.contains(&s.as_str()))
}

/// Words that end an organisation's name.
const ORG_WORDS: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "gmbh",
    "ag",
    "corp",
    "corporation",
    "company",
    "co",
    "labs",
    "lab",
    "technologies",
    "technology",
    "software",
    "systems",
    "solutions",
    "group",
    "bank",
    "studio",
    "studios",
    "games",
    "team",
    "networks",
    "media",
    "b.v",
    "n.v",
    "s.a",
    "plc",
    "oy",
    "ab",
    "srl",
    "sas",
    "pty",
];

/// Lowercase words that may stand inside a name ("Bank of America", "Mercado de ...").
const CONNECTORS: &[&str] = &[
    "of", "de", "for", "and", "&", "the", "la", "du", "von", "van",
];

/// The host of an absolute http(s) URL, lowercased, without `www.`.
fn host_of(link: &str) -> Option<String> {
    let url = url::Url::parse(link).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

fn on_platform(host: &str, platform: &str) -> bool {
    host == platform || host.ends_with(&format!(".{platform}"))
}

/// A post, profile, repository or event on a third-party platform (the data file's
/// `[links]` hosts). The platform's own front page is not: it is the homepage of the company
/// that runs it ("[Medium](https://medium.com)").
fn is_platform(link: &str, k: &Knowledge) -> bool {
    let Some(host) = host_of(link) else {
        return false;
    };
    let segments = path_segments(link);
    // `someone.medium.com` is a profile even without a path; `medium.com` alone is not.
    let on_a_platform = k
        .links
        .platforms
        .iter()
        .any(|p| on_platform(&host, p) && (segments >= 1 || host != *p));
    if on_a_platform {
        return true;
    }
    // A repository (owner/repo) is a project, not an organisation.
    segments >= 2 && on_code_host(&host, k)
}

fn on_code_host(host: &str, k: &Knowledge) -> bool {
    k.links.code_hosts.iter().any(|p| on_platform(host, p))
}

/// A site's front page: an http(s) link with no path, or only a language (`/en/`, `/pt-br`),
/// or an organisation's page on a code host (`github.com/acme`); not a platform.
fn is_homepage(link: &str, k: &Knowledge) -> bool {
    let Ok(url) = url::Url::parse(link) else {
        return false;
    };
    let Some(host) = host_of(link) else {
        return false;
    };
    if is_platform(link, k) || url.query().is_some() {
        return false;
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    match segments.as_slice() {
        [] => true,
        [one] => {
            let language = one.len() <= 5
                && one
                    .split('-')
                    .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()));
            language || on_code_host(&host, k) || one.starts_with("index.")
        }
        _ => false,
    }
}

fn path_segments(link: &str) -> usize {
    url::Url::parse(link).map_or(0, |u| {
        u.path_segments()
            .map_or(0, |s| s.filter(|p| !p.is_empty()).count())
    })
}

/// Whether the host's labels spell the name ("nellcorp.com" for "Nellcorp", "blog.disqus.com"
/// for "Disqus", "getstream.io" for "Stream").
fn host_matches(host: &str, name: &str) -> bool {
    let squashed: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if squashed.len() < 3 {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let site = &labels[..labels.len().saturating_sub(1)];
    site.iter().any(|label| {
        let label = label.replace('-', "");
        label == squashed
            || (squashed.len() >= 4 && label.contains(&squashed))
            || (label.len() >= 4 && squashed.starts_with(&label))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn hosts_spell_names() {
        assert!(host_matches("nellcorp.com", "Nellcorp"));
        assert!(host_matches("blog.disqus.com", "Disqus"));
        assert!(
            host_matches("getstream.io", "Stream.io") || host_matches("getstream.io", "Stream")
        );
        assert!(!host_matches("github.com", "Acme"));
    }

    #[test]
    fn links_are_told_apart() {
        let k = Knowledge::parse(
            "[links]\nplatforms = [\"medium.com\", \"meetup.com\"]\ncode_hosts = [\"github.com\"]",
        )
        .unwrap();
        assert!(is_homepage("https://www.example.com/", &k));
        assert!(is_homepage("https://example.com/en", &k));
        assert!(is_homepage("https://github.com/acme", &k));
        assert!(!is_homepage("https://leanpub.com/rb2go", &k));
        assert!(!is_homepage(
            "https://example.com/blog/2016/how-we-moved-to-go",
            &k
        ));
        assert!(is_platform("https://github.com/acme/widget", &k));
        assert!(!is_platform("https://github.com/acme", &k));
        assert!(is_platform("https://medium.com/@someone/post", &k));
        assert!(is_platform("https://www.meetup.com/golang-berlin/", &k));
        // The platform's own front page is its company's homepage.
        assert!(!is_platform("https://medium.com/", &k));
        assert!(is_homepage("https://medium.com", &k));
        assert!(is_platform("https://someone.medium.com/", &k));
        // The bundled data file lists the platforms.
        let bundled =
            Knowledge::load(Path::new(env!("CARGO_MANIFEST_DIR")), "data/companies.toml").unwrap();
        assert!(is_platform("https://twitter.com/acme/status/1", &bundled));
        assert!(is_platform("https://gitlab.com/acme/widget", &bundled));
    }

    #[test]
    fn an_empty_link_is_no_evidence() {
        let k = Knowledge::default();
        let facts = Facts::new(&[], std::iter::empty(), &k);
        let sighting = |link| Sighting {
            name: "Acme",
            cue: Feature {
                name: "case-study-card",
                weight: 4.0,
            },
            link,
            quote: "",
            group_index: None,
            group_label: false,
            entry_title: false,
            described: false,
        };
        let features = |j: Judgement| j.features.iter().map(|f| f.name).collect::<Vec<_>>();
        assert_eq!(
            features(weigh(&sighting(Some("")), &facts, &k)),
            ["case-study-card"]
        );
        assert!(features(weigh(&sighting(Some("#top")), &facts, &k)).contains(&"in-page-link"));
    }
}
