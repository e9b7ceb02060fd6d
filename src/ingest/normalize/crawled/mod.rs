//! Crawled web pages: navigation chrome removed, case-study cards parsed.
//!
//! Cues (general, not tied to one site):
//!
//! - **Breadcrumbs**: at the top of the page, numbered items that are a single link
//!   (`1. [ Why Go ](/solutions/)`), or a line of links joined by `>`, `›`, `/`, `|`.
//! - **Icon ligatures**: Material icon names rendered as text, `_snake_case_` words such as
//!   `_arrow_forward_` or `_navigate_before_` (single words like `_close_` only when a line holds
//!   nothing else).
//! - **Accessibility and widget text**: "Opens in new window.", "Skip to main content", …
//! - **Carousels / promos**: a bullet that is only an image, an ALL-CAPS eyebrow
//!   ("RECENTLY UPDATED"), a heading and a summary ending in a call-to-action link ("Learn more").
//!   Items that repeat a card (same company or URL) are dropped; others are kept as a heading,
//!   the summary and a "Learn more" link.
//! - **Cards**: a bullet whose whole content is one link whose text starts with logo images:
//!   `* [ ![Name](logo) ![Name](logo) Title summary  View Case Study ](url)`. The company is the
//!   first non-empty alt text; the text loses its logos, icon words and trailing call to action.
//! - Repeated images (the same alt twice in a row: dark and light logos) are kept once.

mod cards;
mod chrome;
mod link_syntax;
mod promos;

use super::Card;
use super::markup::{escape_heading, escape_inline, escape_line_start, fence_mask, md_options};
use super::sanitize::{Base, md_dest};
use crate::ingest::text::collapse;
use cards::{KnownCards, image_bullet_alt, parse_card, split_title};
use chrome::{clean_line, icon_tokens, is_breadcrumb};
use promos::{atx, is_eyebrow, parse_promo};
use pulldown_cmark::{Event, Parser};

/// What [`transform`] produces.
pub(super) struct CrawledOut {
    pub markdown: String,
    pub cards: Vec<Card>,
}

/// Crawl chrome without a header: at least two distinct cues.
pub(super) fn looks_crawled(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    let cues = [
        lower.contains("opens in new window") || lower.contains("opens in a new window"),
        body.lines().any(|l| icon_tokens(l).iter().any(|t| t.multi)),
        body.lines().filter(|l| parse_card(l).is_some()).count() >= 2,
        body.lines().any(|l| is_eyebrow(l.trim()))
            && body.lines().any(|l| image_bullet_alt(l.trim()).is_some()),
        body.lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| is_breadcrumb(l.trim())),
    ];
    cues.iter().filter(|&&c| c).count() >= 2
}

/// A card as written, before URL resolution.
struct RawCard {
    name: String,
    text_md: String,
    url: String,
}

/// A carousel / promo item.
struct Promo {
    level: usize,
    title: String,
    alt: String,
    summary: String,
    url: Option<String>,
}

enum Piece {
    Line(String),
    Cards,
    Promo(Promo),
}

/// Rewrites a crawled body; `base` (the page's URL) makes card links absolute.
pub(super) fn transform(body: &str, base: Option<&Base<'_>>) -> CrawledOut {
    let body = super::markup::trim_lines(body);
    let lines: Vec<&str> = body.split('\n').collect();
    let code = fence_mask(&lines);
    let (pieces, raw_cards) = pieces_of(&lines, &code);
    let cards: Vec<Card> = raw_cards.iter().map(|rc| card_of(rc, base)).collect();
    let known = KnownCards::new(&cards, pieces.iter().any(|p| matches!(p, Piece::Promo(_))));
    let mut out = String::with_capacity(body.len());
    for piece in &pieces {
        match piece {
            Piece::Line(l) => {
                out.push_str(l);
                out.push('\n');
            }
            Piece::Cards => write_cards(&mut out, &cards, &raw_cards),
            Piece::Promo(p) if known.repeated_by(p, base.map(|b| b.url)) => {}
            Piece::Promo(p) => write_promo(&mut out, p),
        }
    }
    CrawledOut {
        markdown: out,
        cards,
    }
}

/// The lines of a body sorted out: breadcrumbs and eyebrows dropped, cards and promos taken
/// apart, the rest cleaned. Returns the pieces in order, and the cards.
fn pieces_of(lines: &[&str], code: &[bool]) -> (Vec<Piece>, Vec<RawCard>) {
    let n = lines.len();
    // Breadcrumbs: the link lists at the very top.
    let mut skip = vec![false; n];
    for i in 0..n {
        if code[i] {
            break;
        }
        let t = lines[i].trim();
        if t.is_empty() {
            continue;
        }
        if !is_breadcrumb(t) {
            break;
        }
        skip[i] = true;
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut raw_cards: Vec<RawCard> = Vec::new();
    let mut i = 0;
    while i < n {
        if skip[i] {
            i += 1;
            continue;
        }
        if code[i] {
            pieces.push(Piece::Line(lines[i].to_string()));
            i += 1;
            continue;
        }
        let t = lines[i].trim();
        if let Some(card) = parse_card(t) {
            if raw_cards.is_empty() {
                pieces.push(Piece::Cards);
            }
            raw_cards.push(card);
            i += 1;
            continue;
        }
        if let Some((promo, next)) = parse_promo(lines, code, i) {
            pieces.push(Piece::Promo(promo));
            i = next;
            continue;
        }
        if is_eyebrow(t)
            && next_nonblank(lines, i).is_some_and(|j| !code[j] && atx(lines[j]).is_some())
        {
            i += 1;
            continue;
        }
        if let Some(line) = clean_line(lines[i]) {
            pieces.push(Piece::Line(line));
        }
        i += 1;
    }
    (pieces, raw_cards)
}

/// A card as the page's data: its title and summary as text, its link resolved.
fn card_of(rc: &RawCard, base: Option<&Base<'_>>) -> Card {
    let (title, summary) = match split_title(&rc.text_md) {
        Some((title, summary)) => (Some(md_to_plain(title)), md_to_plain(summary)),
        None => (None, md_to_plain(&rc.text_md)),
    };
    Card {
        name: rc.name.clone(),
        title,
        text: summary,
        // Parsed and re-serialized: a card's link becomes a page's case-study link.
        url: super::urls::resolve(&rc.url, base.map(|b| b.url)).unwrap_or_default(),
    }
}

/// The cards as a "Case studies" section: a heading per company, its summary, its link.
fn write_cards(out: &mut String, cards: &[Card], raw_cards: &[RawCard]) {
    out.push_str("\n## Case studies\n\n");
    for (card, raw) in cards.iter().zip(raw_cards) {
        out.push_str(&format!("### {}\n\n", escape_heading(&card.name)));
        let text = collapse(&raw.text_md);
        // The summary is the card's text; its title labels the link, so that the paragraph
        // under the company's heading is a sentence, not a title glued to one.
        let (title, summary) = split_title(&text).unwrap_or(("", &text));
        if !summary.is_empty() {
            out.push_str(&escape_line_start(summary));
            out.push_str("\n\n");
        }
        if !card.url.is_empty() {
            let label = match card.title.as_deref() {
                Some(t) if !title.is_empty() => escape_inline(t),
                _ => format!("Read the {} case study", escape_inline(&card.name)),
            };
            out.push_str(&format!("[{label}]({})\n\n", md_dest(&card.url)));
        }
    }
}

/// A promo block as a heading, its summary and a "Learn more" link.
fn write_promo(out: &mut String, p: &Promo) {
    out.push_str(&format!(
        "\n{} {}\n\n",
        "#".repeat(p.level),
        escape_heading(&p.title)
    ));
    if !p.summary.is_empty() {
        out.push_str(&escape_line_start(&p.summary));
        out.push_str("\n\n");
    }
    if let Some(url) = &p.url {
        out.push_str(&format!("[Learn more]({})\n\n", md_dest(url)));
    }
}

fn next_nonblank(lines: &[&str], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty())
}

/// Plain text of inline markdown.
fn md_to_plain(md: &str) -> String {
    let mut s = String::new();
    for event in Parser::new_ext(md, md_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    collapse(&s)
}
