//! Bare-line headings: whether a line of plain text is one, and which level each heading
//! gets (Title Case `##` over sentence case `###`). Separate from the block reader, which
//! only asks these questions.

use super::{Block, is_rule, is_table_row, list_marker};

/// The heading test on the line alone.
pub(super) fn heading_candidate(t: &str) -> bool {
    let len = t.chars().count();
    if len == 0 || len > 100 {
        return false;
    }
    let words = t.split_whitespace().count();
    if words > 14 {
        return false;
    }
    let Some(first) = t.chars().next() else {
        return false;
    };
    if !(first.is_uppercase()
        || first.is_numeric()
        || (first.is_alphabetic() && !first.is_lowercase()))
    {
        return false;
    }
    if list_marker(t).is_some() || is_table_row(t) || is_rule(t) {
        return false;
    }
    // Last significant character (closing quotes and brackets skipped).
    let last = t
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»'))
        .unwrap_or(first);
    match last {
        '.' | ',' | ';' | ':' | '!' | '…' | '-' | '–' | '—' => return false,
        '?' if words > 10 => return false,
        _ => {}
    }
    if t.contains(['{', '}', ';', '=', '<', '>', '`', '|', '\\'])
        || t.contains("://")
        || t.contains("--")
    {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let visible = t.chars().filter(|c| !c.is_whitespace()).count();
    if letters == 0 || letters * 10 < visible * 6 {
        return false;
    }
    !has_inner_sentence_break(t)
}

/// Whether `t` holds more than one sentence ("Goroutines are cheap. Channels are not magic").
fn has_inner_sentence_break(t: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "vs", "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "inc", "no", "vol", "fig", "jr",
        "sr", "ltd", "co",
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    for pair in words.windows(2) {
        let (w, next) = (pair[0], pair[1]);
        if !w.ends_with(['.', '!', '?']) {
            continue;
        }
        if !next.chars().next().is_some_and(|c| c.is_uppercase()) {
            continue;
        }
        let bare = w.trim_end_matches(['.', '!', '?']).to_lowercase();
        if ABBREVIATIONS.contains(&bare.as_str()) || bare.chars().count() <= 1 {
            continue;
        }
        return true;
    }
    false
}

/// Whether a paragraph line ends a sentence (so a heading may follow it).
pub(super) fn ends_sentence(line: &str) -> bool {
    let last = line
        .trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '*' | '_'));
    matches!(last, Some('.' | '!' | '?' | ':' | ';' | '…'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Title,
    Sentence,
    Ambiguous,
}

pub(super) fn heading_levels(blocks: &[Block]) -> Vec<usize> {
    let cases: Vec<Case> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(case_of(h)),
            _ => None,
        })
        .collect();
    let has_title = cases.contains(&Case::Title);
    let has_sentence = cases.contains(&Case::Sentence);
    let opens_with_title = cases.iter().find(|c| **c != Case::Ambiguous) == Some(&Case::Title);
    if !(has_title && has_sentence && opens_with_title) {
        return vec![2; cases.len()];
    }
    let mut levels = Vec::with_capacity(cases.len());
    let mut previous = 2;
    for c in cases {
        let level = match c {
            Case::Title => 2,
            Case::Sentence => 3,
            Case::Ambiguous => previous,
        };
        levels.push(level);
        previous = level;
    }
    levels
}

fn case_of(heading: &str) -> Case {
    const SMALL: &[&str] = &[
        "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "of", "in", "on", "at",
        "to", "by", "up", "as", "via", "vs", "vs.", "per", "from", "with", "into", "onto", "over",
        "than", "off", "out", "versus",
    ];
    let mut significant = 0;
    let mut lower = 0;
    let mut after_colon = false;
    for (k, raw) in heading.split_whitespace().enumerate() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let starts_clause = k == 0 || after_colon;
        after_colon = raw.ends_with(':');
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !word.chars().any(char::is_alphabetic) {
            continue;
        }
        let small = SMALL.contains(&word.to_lowercase().as_str());
        if k == 0 {
            continue;
        }
        if small && !starts_clause {
            continue;
        }
        significant += 1;
        if first.is_lowercase() {
            lower += 1;
        }
    }
    if lower > 0 {
        Case::Sentence
    } else if significant >= 1 {
        Case::Title
    } else {
        Case::Ambiguous
    }
}
