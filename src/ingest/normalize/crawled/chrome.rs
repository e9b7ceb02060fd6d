//! Crawl chrome: icon ligatures, accessibility and widget phrases, repeated logos and
//! breadcrumb lines, found and removed line by line. Separate from the card and promo parsing,
//! which only reuses the removals.

use super::link_syntax::{Matches, link_at};

pub(super) struct IconToken {
    start: usize,
    end: usize,
    pub(super) multi: bool,
    known: bool,
}

const ICON_WORDS: &[&str] = &[
    "close", "menu", "search", "launch", "home", "share", "check", "add", "remove", "info", "help",
    "done", "clear", "star", "language", "public", "email", "link", "download", "edit", "delete",
    "settings", "expand", "apps", "more", "refresh",
];

/// `_snake_case_` icon ligatures in a line.
pub(super) fn icon_tokens(line: &str) -> Vec<IconToken> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary_before = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'[' | b'(');
        if b[i] != b'_' || !boundary_before {
            i += 1;
            continue;
        }
        let mut k = i + 1;
        while k < b.len() && (b[k].is_ascii_lowercase() || b[k].is_ascii_digit() || b[k] == b'_') {
            k += 1;
        }
        let token = &line[i..k];
        let boundary_after = k == b.len()
            || matches!(
                b[k],
                b' ' | b'\t' | b']' | b')' | b'.' | b',' | b';' | b':' | b'!' | b'?'
            );
        let inner = token
            .strip_prefix('_')
            .and_then(|t| t.strip_suffix('_'))
            .unwrap_or_default();
        let well_formed = !inner.is_empty()
            && !inner.starts_with('_')
            && !inner.ends_with('_')
            && !inner.contains("__")
            && inner.starts_with(|c: char| c.is_ascii_lowercase());
        if boundary_after && well_formed {
            out.push(IconToken {
                start: i,
                end: k,
                multi: inner.contains('_'),
                known: ICON_WORDS.contains(&inner),
            });
            i = k;
        } else {
            i = k.max(i + 1);
        }
    }
    out
}

/// Removes icon ligatures: `_multi_word_` always, single known words when the line holds
/// nothing else.
pub(super) fn remove_icons(line: &str) -> String {
    let tokens = icon_tokens(line);
    if tokens.is_empty() {
        return line.to_string();
    }
    let only_icons = {
        let mut rest = String::new();
        let mut pos = 0;
        for t in &tokens {
            rest.push_str(&line[pos..t.start]);
            pos = t.end;
        }
        rest.push_str(&line[pos..]);
        rest.trim().is_empty() && tokens.iter().all(|t| t.multi || t.known)
    };
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    for t in &tokens {
        if t.multi || only_icons {
            out.push_str(&line[pos..t.start]);
            pos = t.end;
        }
    }
    out.push_str(&line[pos..]);
    out
}

/// Accessibility and widget phrases removed wherever they appear.
const INLINE_CHROME: &[&str] = &[
    "(opens in a new window)",
    "(opens in new window)",
    "(opens in a new tab)",
    "(opens in new tab)",
    "opens in a new window.",
    "opens in new window.",
    "opens in a new window",
    "opens in new window",
    "opens in a new tab",
    "opens in new tab",
];

/// Lines removed when they hold only this.
const LINE_CHROME: &[&str] = &[
    "skip to main content",
    "skip to content",
    "skip to navigation",
    "back to top",
    "toggle navigation",
    "toggle menu",
    "share",
    "menu",
    "close",
    "search",
    "previous",
    "next",
    "accept cookies",
    "cookie settings",
];

pub(super) fn remove_phrases(line: &str) -> String {
    let mut s = line.to_string();
    for phrase in INLINE_CHROME {
        s = remove_phrase(&s, phrase);
    }
    let t = s.trim().trim_end_matches(['.', ':']).to_ascii_lowercase();
    if LINE_CHROME.contains(&t.as_str()) {
        return String::new();
    }
    s
}

/// `s` without `phrase` (lowercase ASCII), ignoring ASCII case: what removing the first
/// occurrence until there is none gives (a removal can bring a new one together: "opens in
/// opens in new windownew window"), in one pass instead of one search of the whole line per
/// occurrence. Each byte goes onto the output, and an output that ends with the phrase drops
/// it: the first occurrence is the first to end, and the text before it holds none.
fn remove_phrase(s: &str, phrase: &str) -> String {
    let p = phrase.as_bytes();
    let Some(&last) = p.last() else {
        return s.to_string();
    };
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    for &byte in s.as_bytes() {
        out.push(byte);
        if byte.eq_ignore_ascii_case(&last)
            && out.len() >= p.len()
            && out[out.len() - p.len()..].eq_ignore_ascii_case(p)
        {
            out.truncate(out.len() - p.len());
        }
    }
    // Only whole ASCII characters were removed.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Keeps one of two adjacent images with the same alt text (dark and light logos).
///
/// One walk over the line: each image is compared with the ones right after it, the repeats
/// are skipped, and the walk goes on after the last of them. Links are found through
/// [`Matches`], so a line of `![` costs no rescans.
fn dedupe_images(line: &str) -> String {
    if !line.contains("![") {
        return line.to_string();
    }
    let s = line;
    let m = Matches::new(s);
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(rel) = s.get(from..).and_then(|r| r.find("![")) {
        let at = from + rel;
        let Some(first) = m.span(s, at) else {
            from = at + 2;
            continue;
        };
        let alt = &s[first.text.clone()];
        let mut resume = first.end;
        loop {
            let next = resume + (s[resume..].len() - s[resume..].trim_start().len());
            match m.span(s, next) {
                Some(again) if s[next..].starts_with("![") && s[again.text.clone()] == *alt => {
                    resume = again.end;
                }
                _ => break,
            }
        }
        if resume > first.end {
            out.push_str(&s[copied..first.end]);
            copied = resume;
        }
        from = resume;
    }
    out.push_str(&s[copied..]);
    out
}

/// A line with its chrome removed; `None` when nothing but chrome was there.
pub(super) fn clean_line(line: &str) -> Option<String> {
    let had = !line.trim().is_empty();
    let s = dedupe_images(&remove_phrases(&remove_icons(line)));
    let s = s.trim_end().to_string();
    if had && s.trim().is_empty() {
        return None;
    }
    Some(s)
}

/// Breadcrumb lines: a numbered item that is one link, or links joined by separators.
pub(super) fn is_breadcrumb(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits)
        && let Some(rest) = t[digits..]
            .strip_prefix(". ")
            .or_else(|| t[digits..].strip_prefix(") "))
    {
        let rest = rest.trim();
        return rest.starts_with('[')
            && link_at(rest, 0).is_some_and(|(_, _, end)| rest[end..].trim().is_empty());
    }
    // `[Home](/) › [Docs](/docs) › Page`
    let mut links = 0;
    let mut pos = 0;
    let mut separator = false;
    while pos < t.len() {
        if t[pos..].starts_with('[')
            && let Some((_, _, end)) = link_at(t, pos)
        {
            links += 1;
            pos = end;
            continue;
        }
        let c = t[pos..].chars().next().unwrap_or(' ');
        // Anything but a separator between the links: no breadcrumb. Stopping here also keeps
        // the test linear: a `[` that opens no link scanned the rest of the line.
        if !(c.is_whitespace() || matches!(c, '>' | '›' | '»' | '/' | '|' | '·' | '•' | '→'))
        {
            return false;
        }
        separator |= !c.is_whitespace();
        pos += c.len_utf8();
    }
    links >= 2 && separator
}
