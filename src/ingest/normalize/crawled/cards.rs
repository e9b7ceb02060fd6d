//! Case-study cards: a bullet that is one link over logo images, parsed into a company, a
//! text and a URL; and the index that tells whether a promo repeats a card. Separate from
//! [`super::transform`], which only decides where the cards go.

use super::chrome::remove_icons;
use super::link_syntax::link_at;
use super::{Promo, RawCard, md_to_plain};
use crate::ingest::normalize::Card;
use crate::ingest::normalize::sanitize::resolve_url;
use crate::ingest::text::{collapse, contains_word, is_question_word};

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

/// Small words of titles and sentences alike: they neither start a summary on their own nor
/// end a title.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "for", "nor", "of", "in", "on", "at", "to", "by", "with",
    "from", "as", "via", "vs", "into", "over", "our", "we", "its", "their", "it",
];

/// Splits a card's text, which the listing prints as its title and its summary with nothing
/// between ("Acme Uses Go for Payments Go gives Acme ..."), into the two. The summary starts
/// at the first capitalised word (or opening quote) that begins a sentence: a lowercase
/// content word follows within three words, with only small words between (or a name, after a
/// capitalised small word: "At Acme, we use"); the word before is not a dash, a comma or a small
/// word, and a "How X ..." title has had its subject and verb. `None` when no such place is found: the text
/// is then all summary.
pub(super) fn split_title(text: &str) -> Option<(&str, &str)> {
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let small = |w: &str| SMALL_WORDS.contains(&bare(w).as_str());
    let capitalised = |w: &str| {
        w.trim_start_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let content_lowercase = |w: &str| {
        let b = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        b.chars().next().is_some_and(char::is_lowercase) && !small(w)
    };
    // "How Acme builds ...": a title that opens with a question word has a clause to finish.
    let opens_clause = words
        .first()
        .is_some_and(|(_, w)| is_question_word(&bare(w)));
    for i in 2..words.len().saturating_sub(1) {
        let (at, word) = words[i];
        let prev = words[i - 1].1;
        let after_break = prev.ends_with([',', ':', '–', '—', '-', '&']) || small(prev);
        if after_break {
            continue;
        }
        // "How Acme Builds ...": subject and verb come first, whatever their case.
        if opens_clause && i < 4 && !words[1..i].iter().any(|(_, w)| content_lowercase(w)) {
            continue;
        }
        if word.starts_with(['“', '"']) {
            return Some((text[..at].trim_end(), &text[at..]));
        }
        if !capitalised(word) {
            continue;
        }
        // "Journey At the time": the sentence starts at "At", not before it.
        if capitalised(words[i + 1].1) && small(words[i + 1].1) {
            continue;
        }
        let starts_sentence = words[i + 1..words.len().min(i + 4)]
            .iter()
            .map(|(_, w)| *w)
            .take_while(|w| small(w) || content_lowercase(w) || small(word))
            .any(content_lowercase);
        if starts_sentence {
            return Some((text[..at].trim_end(), &text[at..]));
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::split_title;

    #[test]
    fn titles_are_told_from_the_summaries_printed_after_them() {
        let cases = [
            (
                "Acme Uses Go for Payments & Rewards Go provides Acme with speed.",
                Some("Acme Uses Go for Payments & Rewards"),
            ),
            (
                "Acme - A Serverless and Go Journey At the time, nobody knew Go.",
                Some("Acme - A Serverless and Go Journey"),
            ),
            (
                "Bigslice - A cluster system in Go At Acme, we use Go for most tasks.",
                Some("Bigslice - A cluster system in Go"),
            ),
            (
                "How Acme Labs builds backend systems in Go Acme is a gaming company.",
                Some("How Acme Labs builds backend systems in Go"),
            ),
            (
                "Acme - Open sourcing our Go libraries About a year ago, we moved to Go.",
                Some("Acme - Open sourcing our Go libraries"),
            ),
            (
                "Acme - Skipper, an HTTP router in Go Acme routes all traffic through it.",
                Some("Acme - Skipper, an HTTP router in Go"),
            ),
            (
                "Acme – Why We Chose Go “Go’s simplicity let us scale.”",
                Some("Acme – Why We Chose Go"),
            ),
            (
                "Acme - Why We Write Everything in Go In 2014, we wrote a tool.",
                Some("Acme - Why We Write Everything in Go"),
            ),
            (
                "How Acme Embraces Go Learn about how Acme uses Go.",
                Some("How Acme Embraces Go"),
            ),
            ("Acme – Data tools in Go at scale", None),
        ];
        for (text, title) in cases {
            let got = split_title(text);
            assert_eq!(got.map(|(t, _)| t), title, "{text}");
            if let Some((t, summary)) = got {
                assert_eq!(format!("{t} {summary}"), text);
            }
        }
    }
}
