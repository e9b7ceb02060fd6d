//! Negative knowledge from maintained data sets: whether a name is a country, a region, a
//! city or a person rather than a company, and which words are function words that never make a name. The word lists and where they come from are in `lexicon/`
//! (its README says how to refresh them); countries come from the `celes` crate (ISO 3166).

use std::collections::HashSet;
use std::sync::LazyLock;

/// Lowercase entries of a word list: one a line, `#` lines are comments.
fn word_list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

static FIRST_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("lexicon/first_names.txt")));

static REGIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("lexicon/regions.txt")));

static CITIES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("lexicon/cities.txt")));

static FUNCTION_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| stop_words::get("en").iter().copied().collect());

/// Whether `word` (lowercase) is an English function word: an article, pronoun, preposition,
/// conjunction or auxiliary (NLTK's English stop words, from the `stop-words` crate).
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(word)
}

/// Titles written before a person's name ("Dr. Dobb", "Prof. Knuth").
const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "prof", "sir", "dame"];

/// A name's letters and digits, lowercased: "Hong Kong" and "hong-kong" are one key.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `name` is a country (ISO 3166 name or alias, as `celes` knows them).
pub fn is_country(name: &str) -> bool {
    let key = squash(name);
    // Codes ("US", "DE") are not looked up: a two- or three-letter name is more often a company.
    key.len() > 3
        && (celes::Country::from_name(&key).is_ok() || celes::Country::from_alias(&key).is_ok())
}

/// Whether `name` is a world region or subregion ("Africa", "North America", "Western Europe").
pub fn is_region(name: &str) -> bool {
    REGIONS.contains(name.trim().to_lowercase().as_str())
}

/// Whether `name` is a city of at least 300,000 inhabitants. Names of three letters or fewer
/// are not looked up ("Aba", "Van"): they are more often abbreviations or companies.
pub fn is_city(name: &str) -> bool {
    let name = name.trim().to_lowercase();
    name.chars().filter(|c| c.is_alphanumeric()).count() > 3 && CITIES.contains(name.as_str())
}

/// Whether `name` is written like a person's name: an honorific and a name ("Dr. Dobb"), or a
/// common first name, an optional middle initial and a capitalised surname ("Steven Yue",
/// "Richard L. Hudson"). `not_a_surname` says which last words make it an organisation's
/// name instead ("Josh Software", "Ki Labs").
pub fn is_person_name(name: &str, not_a_surname: impl Fn(&str) -> bool) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.as_str().chars().any(char::is_lowercase)
            && chars
                .as_str()
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
    };
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    if rest.is_empty() || rest.len() > 3 {
        return false;
    }
    let first = first.trim_end_matches('.').to_lowercase();
    if HONORIFICS.contains(&first.as_str()) {
        return rest.iter().all(|w| capitalised(w));
    }
    let initial = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase) && c.as_str() == "."
    };
    let (surname, middle) = rest.split_last().expect("rest is not empty");
    middle.len() <= 1
        && capitalised(words[0])
        && FIRST_NAMES.contains(first.as_str())
        && middle.iter().all(|w| initial(w))
        && capitalised(surname)
        && !not_a_surname(surname)
        && !is_country(surname)
        && !is_region(surname)
        && !is_city(surname)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_come_from_iso_3166() {
        assert!(is_country("Argentina"));
        assert!(is_country("Hong Kong"));
        assert!(is_country("United Kingdom"));
        assert!(!is_country("Dropbox"));
        assert!(!is_country("SAP"));
    }

    #[test]
    fn regions_come_from_the_list() {
        assert!(is_region("Africa"));
        assert!(is_region("North America"));
        assert!(is_region("western europe"));
        assert!(!is_region("Amazon"));
    }

    #[test]
    fn cities_come_from_the_list() {
        assert!(is_city("Berlin"));
        assert!(is_city("São Paulo"));
        assert!(is_city("buenos aires"));
        assert!(!is_city("Dropbox"));
        // Too short to tell from an abbreviation.
        assert!(!is_city("Van"));
    }

    #[test]
    fn people_are_told_from_organisations() {
        let org = |w: &str| matches!(w.to_lowercase().as_str(), "software" | "labs" | "media");
        assert!(is_person_name("Steven Yue", org));
        assert!(is_person_name("Richard L. Hudson", org));
        assert!(is_person_name("Dr. Dobb", org));
        assert!(!is_person_name("Josh Software", org));
        assert!(!is_person_name("Alma Media", org));
        assert!(!is_person_name("Grace", org));
        assert!(!is_person_name("Michael Page Indonesia", org));
        assert!(!is_person_name("Dropbox Paper", org));
        assert!(!is_person_name("steven yue", org));
    }
}
