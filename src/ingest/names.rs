//! Whether a phrase a cue found is a proper name that can be a company: cleaned of
//! punctuation and possessives, cut at words that never continue a name, not a person the
//! document names, and spelled as the curated data spells it when it knows the company.

use std::collections::HashSet;

use super::knowledge::Knowledge;

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

/// A list entry's or header's name, cleaned: no trailing "(formerly ...)", no possessive, no
/// surrounding punctuation. `None` when nothing name-like is left.
pub(super) fn clean_entry_name(raw: &str) -> Option<String> {
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

/// Cleans a raw name and decides whether it is a company; returns its canonical name.
/// `strong` cues (a card, a "Go at X" title) name a company even when written in lowercase.
pub(super) fn validate(
    raw: &str,
    k: &Knowledge,
    people: &HashSet<String>,
    strong: bool,
) -> Option<String> {
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
