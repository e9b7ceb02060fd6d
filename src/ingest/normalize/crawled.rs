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

use super::Card;
use super::markup::{escape_heading, escape_inline, escape_line_start, fence_mask, md_options};
use super::sanitize::{Base, md_dest, resolve_url};
use crate::ingest::text::{collapse, contains_word};
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
        if let Some((promo, next)) = parse_promo(&lines, &code, i) {
            pieces.push(Piece::Promo(promo));
            i = next;
            continue;
        }
        if is_eyebrow(t)
            && next_nonblank(&lines, i).is_some_and(|j| !code[j] && atx(lines[j]).is_some())
        {
            i += 1;
            continue;
        }
        if let Some(line) = clean_line(lines[i]) {
            pieces.push(Piece::Line(line));
        }
        i += 1;
    }

    let cards: Vec<Card> = raw_cards
        .iter()
        .map(|rc| {
            Card {
                name: rc.name.clone(),
                text: md_to_plain(&rc.text_md),
                // Parsed and re-serialized: a card's link becomes a page's case-study link.
                url: super::urls::resolve(&rc.url, base.map(|b| b.url)).unwrap_or_default(),
            }
        })
        .collect();

    let known = KnownCards::new(&cards, pieces.iter().any(|p| matches!(p, Piece::Promo(_))));
    let mut out = String::with_capacity(body.len());
    for piece in &pieces {
        match piece {
            Piece::Line(l) => {
                out.push_str(l);
                out.push('\n');
            }
            Piece::Cards => {
                out.push_str("\n## Case studies\n\n");
                for (card, raw) in cards.iter().zip(&raw_cards) {
                    out.push_str(&format!("### {}\n\n", escape_heading(&card.name)));
                    let text = collapse(&raw.text_md);
                    if !text.is_empty() {
                        out.push_str(&escape_line_start(&text));
                        out.push_str("\n\n");
                    }
                    if !card.url.is_empty() {
                        out.push_str(&format!(
                            "[Read the {} case study]({})\n\n",
                            escape_inline(&card.name),
                            md_dest(&card.url)
                        ));
                    }
                }
            }
            Piece::Promo(p) => {
                if known.repeated_by(p, base.map(|b| b.url)) {
                    continue;
                }
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
        }
    }
    CrawledOut {
        markdown: out,
        cards,
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

// ---------------------------------------------------------------------------------------------
// Link syntax scanning (byte-wise; the delimiters are ASCII).

/// Index just past the delimiter closing the one at `open` (backslash escapes honoured).
fn matching(s: &str, open: usize, o: u8, c: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            x if x == o => depth += 1,
            x if x == c => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the parts of a link written at some byte are: the text between the brackets, the
/// inside of the parentheses, and the end (just past `)`).
struct LinkSpan {
    text: std::ops::Range<usize>,
    inside: std::ops::Range<usize>,
    end: usize,
}

impl LinkSpan {
    /// The destination: the first word inside the parentheses (or the `<…>` form).
    fn dest<'a>(&self, s: &'a str) -> &'a str {
        let inside = s[self.inside.clone()].trim();
        if let Some(rest) = inside.strip_prefix('<') {
            rest.split('>').next().unwrap_or_default()
        } else {
            inside.split(char::is_whitespace).next().unwrap_or_default()
        }
    }
}

/// The span of `[text](dest)` or `![alt](src)` starting at byte `at`, with `close(open, o, c)`
/// answering what [`matching`] would.
fn link_span(
    s: &str,
    at: usize,
    close: impl Fn(usize, u8, u8) -> Option<usize>,
) -> Option<LinkSpan> {
    let b = s.as_bytes();
    let open = if b.get(at) == Some(&b'!') { at + 1 } else { at };
    if b.get(open) != Some(&b'[') {
        return None;
    }
    let text_end = close(open, b'[', b']')?;
    if b.get(text_end) != Some(&b'(') {
        return None;
    }
    let end = close(text_end, b'(', b')')?;
    Some(LinkSpan {
        text: open + 1..text_end - 1,
        inside: text_end + 1..end - 1,
        end,
    })
}

/// `[text](dest)` or `![alt](src)` starting at byte `at`: (text, destination, end).
fn link_at(s: &str, at: usize) -> Option<(&str, &str, usize)> {
    let span = link_span(s, at, |open, o, c| matching(s, open, o, c))?;
    Some((&s[span.text.clone()], span.dest(s), span.end))
}

/// What [`matching`] returns for every opening delimiter of one line, found in one pass, for
/// the scans that try a link at many places of a line: calling [`matching`] at each would
/// rescan the rest of the line every time (quadratic on a line of `[` or `![`).
struct Matches {
    brackets: Vec<usize>,
    parens: Vec<usize>,
}

impl Matches {
    fn new(s: &str) -> Matches {
        Matches {
            brackets: all_matching(s, b'[', b']'),
            parens: all_matching(s, b'(', b')'),
        }
    }

    /// [`link_span`] at `at`, in constant time.
    fn span(&self, s: &str, at: usize) -> Option<LinkSpan> {
        link_span(s, at, |open, o, _| {
            let table = if o == b'[' {
                &self.brackets
            } else {
                &self.parens
            };
            table.get(open).copied().filter(|&e| e != usize::MAX)
        })
    }
}

/// For each byte `p` of `s` that is `o`, `matching(s, p, o, c)` (`usize::MAX` for `None` and
/// for other bytes).
///
/// Scanning from `p` tokenizes the rest of the line as one scan from the start does (after the
/// delimiter at `p`, escaped or not, both go on at `p + 1`), so with `level[q]` the balance of
/// the unescaped delimiters up to `q`, the match of `p` is the first unescaped `c` after `p`
/// where the level drops to `level[p] - 1`. One sweep from the right keeps, per level, the
/// nearest such closer.
fn all_matching(s: &str, o: u8, c: u8) -> Vec<usize> {
    let b = s.as_bytes();
    let n = b.len();
    let mut level = vec![0isize; n];
    let mut closer = vec![false; n];
    let mut depth = 0isize;
    let mut i = 0;
    while i < n {
        if b[i] == b'\\' {
            level[i] = depth;
            if i + 1 < n {
                level[i + 1] = depth;
            }
            i += 2;
            continue;
        }
        if b[i] == o {
            depth += 1;
        } else if b[i] == c {
            depth -= 1;
            closer[i] = true;
        }
        level[i] = depth;
        i += 1;
    }
    let lo = level.iter().copied().min().unwrap_or(0).min(0) - 1;
    let hi = level.iter().copied().max().unwrap_or(0).max(0);
    let mut nearest = vec![usize::MAX; (hi - lo + 1) as usize];
    let mut out = vec![usize::MAX; n];
    for q in (0..n).rev() {
        if b[q] == o {
            let at = nearest[(level[q] - 1 - lo) as usize];
            if at != usize::MAX {
                out[q] = at + 1;
            }
        }
        if closer[q] {
            nearest[(level[q] - lo) as usize] = q;
        }
    }
    out
}

fn strip_bullet(t: &str) -> Option<&str> {
    ["* ", "- ", "+ "]
        .iter()
        .find_map(|b| t.strip_prefix(b))
        .map(str::trim_start)
}

/// The alt text of a bullet that is only an image.
fn image_bullet_alt(t: &str) -> Option<String> {
    let rest = strip_bullet(t)?;
    if !rest.starts_with("![") {
        return None;
    }
    let (alt, _, end) = link_at(rest, 0)?;
    rest[end..].trim().is_empty().then(|| md_to_plain(alt))
}

fn parse_card(line: &str) -> Option<RawCard> {
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

fn is_cta(text: &str) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Chrome

struct IconToken {
    start: usize,
    end: usize,
    multi: bool,
    known: bool,
}

const ICON_WORDS: &[&str] = &[
    "close", "menu", "search", "launch", "home", "share", "check", "add", "remove", "info", "help",
    "done", "clear", "star", "language", "public", "email", "link", "download", "edit", "delete",
    "settings", "expand", "apps", "more", "refresh",
];

/// `_snake_case_` icon ligatures in a line.
fn icon_tokens(line: &str) -> Vec<IconToken> {
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
fn remove_icons(line: &str) -> String {
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

fn remove_phrases(line: &str) -> String {
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
fn clean_line(line: &str) -> Option<String> {
    let had = !line.trim().is_empty();
    let s = dedupe_images(&remove_phrases(&remove_icons(line)));
    let s = s.trim_end().to_string();
    if had && s.trim().is_empty() {
        return None;
    }
    Some(s)
}

/// Breadcrumb lines: a numbered item that is one link, or links joined by separators.
fn is_breadcrumb(t: &str) -> bool {
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

/// A short ALL-CAPS label ("RECENTLY UPDATED", "FEATURED").
fn is_eyebrow(t: &str) -> bool {
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
fn atx(line: &str) -> Option<(usize, String)> {
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
fn parse_promo(lines: &[&str], code: &[bool], i: usize) -> Option<(Promo, usize)> {
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
/// The links are found through [`Matches`]: trying [`link_at`] at every `[` from the right
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

/// The cards of a page, indexed for [`KnownCards::repeated_by`]: comparing every promo with
/// every card was quadratic on a long listing.
struct KnownCards<'a> {
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
    fn new(cards: &'a [Card], promos: bool) -> KnownCards<'a> {
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
    fn repeated_by(&self, p: &Promo, base: Option<&str>) -> bool {
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
