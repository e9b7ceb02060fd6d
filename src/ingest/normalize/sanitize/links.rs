//! Link repair and resolution: a crawler's trailing `[` dropped from destinations, relative
//! links (and reference definitions) made absolute against the page URL, within a growth
//! budget. Separate from the safety passes: it changes where links point, not what is allowed.

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use std::ops::Range;

use super::{tag_ends, within};
use crate::ingest::normalize::markup::{apply_edits, md_options};

/// The URL a page's relative links resolve against, and how much resolving may still add to
/// the text. Each resolved link grows by about the length of the URL, so a long URL over a
/// page of short relative links would make the output (and every later pass) quadratic in
/// the input: the URL is capped at [`Base::MAX_URL`] bytes, and once the links resolved have
/// added twice the length of the text plus [`Base::SPARE`] bytes, the rest stay relative.
pub(crate) struct Base<'a> {
    pub url: &'a str,
    budget: std::cell::Cell<usize>,
}

impl<'a> Base<'a> {
    /// Longer page URLs are not used as a base (2048 is the usual limit of browsers and
    /// sitemaps).
    pub const MAX_URL: usize = 2048;
    /// What resolving may add beyond twice the length of the text.
    pub const SPARE: usize = 64 << 10;

    /// The base for a text of `text_len` bytes; `None` for a URL longer than
    /// [`Base::MAX_URL`].
    pub fn new(url: &'a str, text_len: usize) -> Option<Base<'a>> {
        (url.len() <= Self::MAX_URL).then(|| Base {
            url,
            budget: std::cell::Cell::new(text_len.saturating_mul(2).saturating_add(Self::SPARE)),
        })
    }

    /// `href` resolved ([`resolve_url`]) while the budget lasts, else trimmed.
    pub fn resolve(&self, href: &str) -> String {
        let resolved = resolve_url(self.url, href);
        let growth = resolved.len().saturating_sub(href.len());
        match self.budget.get().checked_sub(growth) {
            Some(left) => {
                self.budget.set(left);
                resolved
            }
            None => href.trim().to_string(),
        }
    }
}

/// `href` resolved against the absolute URL `base` and re-serialized (see [`super::urls`]);
/// `href` as written when it cannot be resolved, for the link checks downstream to judge.
pub(crate) fn resolve_url(base: &str, href: &str) -> String {
    super::urls::resolve(href, Some(base)).unwrap_or_else(|| href.trim().to_string())
}

/// A URL written as a markdown link destination (spaces, angle brackets and unbalanced
/// parentheses percent-encoded).
pub(crate) fn md_dest(url: &str) -> String {
    let mut depth = 0i32;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    balanced = false;
                }
            }
            _ => {}
        }
    }
    balanced &= depth == 0;
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            '(' if !balanced => out.push_str("%28"),
            ')' if !balanced => out.push_str("%29"),
            c if c.is_whitespace() || c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        "<>".to_string()
    } else {
        out
    }
}

fn escape_title(t: &str) -> String {
    t.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

/// Repairs inline link destinations (a crawler's trailing `[`) and, with a base URL, makes
/// relative ones absolute (reference definitions too); without one, a relative link becomes
/// its text.
pub(crate) fn rewrite_links(md: &str, base: Option<&Base<'_>>) -> String {
    let mut cur = md.to_string();
    for _ in 0..4 {
        let edits = link_edits(&cur, base);
        if edits.is_empty() {
            break;
        }
        let next = apply_edits(&cur, edits);
        if next == cur {
            break;
        }
        cur = next;
    }
    match base {
        Some(base) => rewrite_definitions(&cur, base),
        None => cur,
    }
}

/// A destination that is neither absolute (`https:`, `mailto:`) nor in-page (`#part`) nor
/// empty: `/solutions/acme`, `GoUsers`, `../img.png`.
fn is_relative(dest: &str) -> bool {
    !dest.is_empty() && !dest.starts_with('#') && url::Url::parse(dest).is_err()
}

fn fix_dest(dest: &str, base: Option<&Base<'_>>) -> String {
    let mut d = dest.trim().to_string();
    while d.len() > 1 && d.ends_with(['[', '(', '{', '<']) {
        d.pop();
    }
    match base {
        Some(b) if !d.is_empty() => b.resolve(&d),
        _ => d,
    }
}

fn link_edits(md: &str, base: Option<&Base<'_>>) -> Vec<(Range<usize>, String)> {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(md, md_options())
        .into_offset_iter()
        .collect();
    let ends = tag_ends(&events);
    let mut edits = Vec::new();
    // The last link or image rewritten: those inside it wait for the next round.
    let mut rewritten: Option<Range<usize>> = None;
    for (k, (event, range)) in events.iter().enumerate() {
        if within(range, rewritten.as_ref()) {
            continue;
        }
        let (image, dest, title) = match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title,
                ..
            }) => (false, dest_url, title),
            Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url,
                title,
                ..
            }) => (true, dest_url, title),
            _ => continue,
        };
        let new = fix_dest(dest, base);
        // With no page URL to resolve against, a relative link points into the source's own
        // site, which this site is not: it would be broken here. Its text stays, unlinked.
        let unlinked = base.is_none() && is_relative(&new);
        if new == dest.as_ref() && !unlinked {
            continue;
        }
        let src = &md[range.clone()];
        let prefix = if image { "![" } else { "[" };
        if !src.starts_with(prefix) || !src.ends_with(')') {
            continue;
        }
        let end = ends[k];
        let text_from = range.start + prefix.len();
        let text_end = events
            .get(k + 1..end)
            .unwrap_or_default()
            .iter()
            .map(|(_, r)| r.end)
            .max()
            .unwrap_or(text_from)
            .max(text_from);
        let Some(p) = md.get(text_end..range.end).and_then(|s| s.find("](")) else {
            continue;
        };
        let p = text_end + p;
        if unlinked {
            edits.push((range.clone(), md[text_from..p].to_string()));
            rewritten = Some(range.clone());
            continue;
        }
        let mut rep = md[range.start..p].to_string();
        rep.push_str("](");
        rep.push_str(&md_dest(&new));
        if !title.is_empty() {
            rep.push_str(" \"");
            rep.push_str(&escape_title(title));
            rep.push('"');
        }
        rep.push(')');
        edits.push((range.clone(), rep));
        rewritten = Some(range.clone());
    }
    edits
}

/// `[label]: /relative` definitions, resolved against `base` (outside code).
fn rewrite_definitions(md: &str, base: &Base<'_>) -> String {
    let lines: Vec<&str> = md.split('\n').collect();
    let code = super::markup::code_lines(md);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if code.get(i).copied().unwrap_or(false) {
            out.push(line.to_string());
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let t = line.trim_start();
        let def = (indent <= 3 && t.starts_with('['))
            .then(|| t.find("]:"))
            .flatten()
            .filter(|&j| j > 1 && !t[1..j].contains(['[', ']']));
        let Some(j) = def else {
            out.push(line.to_string());
            continue;
        };
        let after = &t[j + 2..];
        let dest_start = after.len() - after.trim_start().len();
        let rest = after.trim_start();
        let dest_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let dest = &rest[..dest_len];
        if dest.is_empty() || dest.starts_with('<') {
            out.push(line.to_string());
            continue;
        }
        let new = fix_dest(dest, Some(base));
        out.push(format!(
            "{}{}{}{}{}",
            &line[..indent],
            &t[..j + 2],
            &after[..dest_start],
            md_dest(&new),
            &rest[dest_len..]
        ));
    }
    out.join("\n")
}
