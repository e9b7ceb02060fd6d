//! Case-study cards: a bullet that is one link over logo images, parsed into a company, a
//! text and a URL; and the index that tells whether a promo repeats a card. Separate from
//! [`super::transform`], which only decides where the cards go.

use super::chrome::remove_icons;
use super::link_syntax::link_at;
use super::{Promo, RawCard, md_to_plain};
use crate::ingest::normalize::Card;
use crate::ingest::normalize::sanitize::resolve_url;
use crate::ingest::text::{collapse, contains_word};

fn strip_bullet(t: &str) -> Option<&str> {
    ["* ", "- ", "+ "]
        .iter()
        .find_map(|b| t.strip_prefix(b))
        .map(str::trim_start)
}

/// The alt text of a bullet that is only an image.
pub(super) fn image_bullet_alt(t: &str) -> Option<String> {
    let rest = strip_bullet(t)?;
    if !rest.starts_with("![") {
        return None;
    }
    let (alt, _, end) = link_at(rest, 0)?;
    rest[end..].trim().is_empty().then(|| md_to_plain(alt))
}

pub(super) fn parse_card(line: &str) -> Option<RawCard> {
    let rest = strip_bullet(line.trim())?;
    if !rest.starts_with('[') {
        return None;
    }
    let (text, url, end) = link_at(rest, 0)?;
    if !rest[end..].trim().is_empty() {
        return None;
    }
    let mut s = text.trim_start();
    let mut alts = Vec::new();
    while s.starts_with("![") {
        let (alt, _, e) = link_at(s, 0)?;
        alts.push(md_to_plain(alt));
        s = s[e..].trim_start();
    }
    if alts.is_empty() {
        return None;
    }
    let text_md = collapse(&strip_cta(&remove_icons(s)));
    let name = alts
        .into_iter()
        .find(|a| !a.is_empty())
        .or_else(|| name_from_title(&md_to_plain(&text_md)))?;
    Some(RawCard {
        name,
        text_md,
        url: url.to_string(),
    })
}

/// A company name from a card title such as "Acme – Why we chose Go".
fn name_from_title(text: &str) -> Option<String> {
    [" – ", " — ", " - ", ": "].iter().find_map(|sep| {
        let head = text.split(sep).next()?.trim();
        (head.len() < text.len() && (1..=5).contains(&head.split_whitespace().count()))
            .then(|| head.to_string())
    })
}

const CTA_VERBS: &[&str] = &[
    "view", "read", "learn", "see", "watch", "explore", "discover", "open", "visit", "find", "get",
];

pub(super) fn is_cta(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty() && words.len() <= 4 && CTA_VERBS.contains(&words[0].to_lowercase().as_str())
}

/// Removes a trailing call to action ("  View Case Study", "Read more").
fn strip_cta(s: &str) -> String {
    let s = s.trim_end();
    if let Some(i) = s.rfind("  ")
        && is_cta(&s[i..])
    {
        return s[..i].trim_end().to_string();
    }
    const SUFFIXES: &[&str] = &[
        "view case study",
        "read case study",
        "read the case study",
        "read more",
        "learn more",
        "read the story",
        "view story",
    ];
    for suffix in SUFFIXES {
        if s.len() > suffix.len() {
            let at = s.len() - suffix.len();
            if s.is_char_boundary(at)
                && s[at..].eq_ignore_ascii_case(suffix)
                && s[..at].ends_with(char::is_whitespace)
            {
                return s[..at].trim_end().to_string();
            }
        }
    }
    s.to_string()
}

/// The cards of a page, indexed for [`KnownCards::repeated_by`]: comparing every promo with
/// every card was quadratic on a long listing.
pub(super) struct KnownCards<'a> {
    cards: &'a [Card],
    /// Card URLs, normalized.
    urls: std::collections::HashSet<String>,
    /// Whether some card name (two characters or more, lowercase) is a whole word of a text:
    /// one regex, built when there are promos to test and names to look for (`None` when
    /// there are none, or the regex is too large to build).
    names: Option<regex::Regex>,
    /// Whether a card has such a name.
    any_name: bool,
}

impl<'a> KnownCards<'a> {
    pub(super) fn new(cards: &'a [Card], promos: bool) -> KnownCards<'a> {
        let urls = cards
            .iter()
            .filter(|c| !c.url.is_empty())
            .map(|c| normalize_card_url(&c.url))
            .collect();
        let mut names: Vec<String> = cards
            .iter()
            .map(|c| c.name.to_lowercase())
            .filter(|n| n.chars().count() >= 2)
            .collect();
        names.sort();
        names.dedup();
        let any_name = !names.is_empty();
        // Whole names, as `text::contains_word` finds them: no letter or digit on either side.
        let names = (promos && !names.is_empty())
            .then(|| {
                let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
                regex::RegexBuilder::new(&format!(
                    r"(?:^|[^\p{{Alphabetic}}\p{{N}}])(?:{})(?:$|[^\p{{Alphabetic}}\p{{N}}])",
                    alternatives.join("|")
                ))
                .size_limit(64 << 20)
                .build()
                .ok()
            })
            .flatten();
        KnownCards {
            cards,
            urls,
            names,
            any_name,
        }
    }

    /// Whether a promo repeats a card: it names the company, or links to the same URL.
    pub(super) fn repeated_by(&self, p: &Promo, base: Option<&str>) -> bool {
        let hay = format!("{} {}", p.alt, p.title).to_lowercase();
        let url = p.url.as_deref().map(|u| match base {
            Some(b) => resolve_url(b, u),
            None => u.to_string(),
        });
        if url.is_some_and(|u| self.urls.contains(&normalize_card_url(&u))) {
            return true;
        }
        match &self.names {
            _ if !self.any_name => false,
            Some(names) => names.is_match(&hay),
            // A regex too large to build: one card at a time.
            None => self.cards.iter().any(|c| {
                let name = c.name.to_lowercase();
                name.chars().count() >= 2 && contains_word(&hay, &name)
            }),
        }
    }
}

fn normalize_card_url(u: &str) -> String {
    u.trim_end_matches('/').to_ascii_lowercase()
}
