//! Whether a phrase a cue found is a proper name that can be a company: cleaned of
//! punctuation and possessives, cut at words that never continue a name, not a person the
//! document names, and spelled as the curated data spells it when it knows the company.

use std::collections::HashSet;

use super::knowledge::Knowledge;
use super::lexicon::is_function_word;
use super::text::{is_go_word, is_question_word};

/// Whether `word` never continues a company's name: a function word ("The", "We", "After":
/// NLTK's English stop words, from the `stop-words` crate), the language itself ("Go",
/// "Golang"), or an adverb or a gerund ("Eventually", "Scaling"), which start sentences and
/// headings. Nouns of headings ("Performance") are left to the evidence: the document writes
/// them in lowercase too.
fn never_in_a_name(word: &str) -> bool {
    function_or_language(word) || inflected(word)
}

/// A function word or the language's name: never a name's first word either.
fn function_or_language(word: &str) -> bool {
    is_function_word(&word.to_lowercase()) || is_go_word(word)
}

/// A capitalised adverb or gerund of six letters or more ("Recently", "Rewriting").
fn inflected(word: &str) -> bool {
    let lower = word.to_lowercase();
    word.chars().count() > 5
        && word.chars().skip(1).all(char::is_lowercase)
        && (lower.ends_with("ing") || lower.ends_with("ly"))
}

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
    if let Some(cut) = words.iter().skip(1).position(|w| never_in_a_name(w)) {
        // "Learn how Riot uses Go": a question word opens a clause; what stands before it is a
        // verb, not a name.
        if is_question_word(&words[cut + 1].to_lowercase()) {
            return None;
        }
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
    // "The", "Go": a sentence's first word, not a company's; so is "Rewriting" or "Recently"
    // alone ("Booking Holdings" is a name).
    let opener = function_or_language(first) || (words.len() == 1 && inflected(first));
    if opener || !first.chars().next().is_some_and(|c| c.is_uppercase()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_end_where_function_words_and_the_language_begin() {
        let k = Knowledge::default();
        let none = HashSet::new();
        let v = |raw: &str| validate(raw, &k, &none, false);
        assert_eq!(
            v("ByteDance Go was introduced").as_deref(),
            Some("ByteDance")
        );
        assert_eq!(v("Acme and its teams").as_deref(), Some("Acme"));
        assert_eq!(v("Booking Holdings").as_deref(), Some("Booking Holdings"));
        assert_eq!(v("Acme Scaling").as_deref(), Some("Acme"));
        // Sentence openers are not names.
        assert_eq!(v("The company"), None);
        assert_eq!(v("Recently"), None);
        assert_eq!(v("Go"), None);
        assert_eq!(v("Delivery rides"), None);
        assert_eq!(v("Learn how Riot"), None);
    }
}
