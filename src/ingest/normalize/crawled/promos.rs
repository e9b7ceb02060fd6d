//! Carousel and promo items: an image bullet, an ALL-CAPS eyebrow, a heading and a summary
//! ending in a call-to-action link, read into a [`Promo`]. Separate from the cards, which
//! are one line each; a promo spans several.

use super::cards::{image_bullet_alt, is_cta, parse_card};
use super::chrome::{remove_icons, remove_phrases};
use super::link_syntax::Matches;
use super::{Promo, md_to_plain, next_nonblank};
use crate::ingest::text::collapse;

/// A short ALL-CAPS label ("RECENTLY UPDATED", "FEATURED").
pub(super) fn is_eyebrow(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    (1..=4).contains(&words)
        && letters >= 3
        && t.chars().all(|c| {
            c.is_uppercase()
                || c.is_ascii_digit()
                || c.is_whitespace()
                || matches!(c, '&' | '-' | '\'')
        })
}

/// `(level, text)` of an ATX heading line.
pub(super) fn atx(line: &str) -> Option<(usize, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = line.trim();
    let hashes = t.len() - t.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((hashes, md_to_plain(rest.trim().trim_end_matches('#'))))
}

/// A promo item starting at line `i`: image bullet, optional eyebrow, heading, summary.
pub(super) fn parse_promo(lines: &[&str], code: &[bool], i: usize) -> Option<(Promo, usize)> {
    let alt = image_bullet_alt(lines[i].trim())?;
    let usable = |j: usize| j < lines.len() && !code[j];
    let mut j = next_nonblank(lines, i).unwrap_or(lines.len());
    let mut eyebrow = false;
    if usable(j) && is_eyebrow(lines[j].trim()) {
        eyebrow = true;
        j = next_nonblank(lines, j).unwrap_or(lines.len());
    }
    let mut heading = None;
    if usable(j)
        && let Some(h) = atx(lines[j])
    {
        heading = Some(h);
        j = next_nonblank(lines, j).unwrap_or(lines.len());
    }
    if heading.is_none() && !eyebrow {
        return None;
    }
    let mut summary = Vec::new();
    while usable(j)
        && !lines[j].trim().is_empty()
        && atx(lines[j]).is_none()
        && image_bullet_alt(lines[j].trim()).is_none()
        && parse_card(lines[j]).is_none()
    {
        summary.push(lines[j].trim());
        j += 1;
    }
    let summary = remove_phrases(&remove_icons(&summary.join(" ")));
    let (summary, url) = split_cta_link(&summary);
    if !eyebrow && url.is_none() {
        return None;
    }
    let (level, title) = heading.unwrap_or((2, alt.clone()));
    Some((
        Promo {
            level,
            title: if title.is_empty() { alt.clone() } else { title },
            alt,
            summary: collapse(&summary),
            url,
        },
        j,
    ))
}

/// Splits a trailing call-to-action link (`[Learn more](url)`) off a summary.
///
/// The links are found through [`Matches`]: trying `link_at` at every `[` from the right
/// rescanned the rest of the summary each time.
fn split_cta_link(s: &str) -> (String, Option<String>) {
    let t = s.trim_end();
    if !t.ends_with(')') {
        return (t.to_string(), None);
    }
    let m = Matches::new(t);
    let mut search = t.len();
    while let Some(pos) = t[..search].rfind('[') {
        if let Some(span) = m.span(t, pos)
            && span.end == t.len()
        {
            if is_cta(&md_to_plain(&t[span.text.clone()])) {
                return (
                    t[..pos].trim_end().to_string(),
                    Some(span.dest(t).to_string()),
                );
            }
            break;
        }
        search = pos;
    }
    (t.to_string(), None)
}
