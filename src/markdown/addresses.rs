//! Web addresses in text: a bare address becomes a link, and every address can break between
//! its parts (never inside its host) on a narrow screen.

use pulldown_cmark::{CowStr, Event};
use std::ops::Range;

/// Pushes the text at `source[i]` and the text events right after it, as one (the parser
/// splits text at `_` and `*` runs: one address can come in pieces), its addresses made
/// breakable and, outside a link, links. Returns the index of the next event.
pub(super) fn push_text<'a>(
    source: &[(Event<'a>, Range<usize>)],
    i: usize,
    in_link: bool,
    events: &mut Vec<Event<'a>>,
    word_count: &mut usize,
) -> usize {
    let mut end = i + 1;
    while matches!(source.get(end), Some((Event::Text(_), _))) {
        end += 1;
    }
    let joined: CowStr = match &source[i].0 {
        Event::Text(first) if end == i + 1 => first.clone(),
        _ => source[i..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect::<String>()
            .into(),
    };
    *word_count += super::count_words(&joined);
    if in_link && looks_like_url(&joined) {
        events.push(Event::InlineHtml(breakable_url(&joined).into()));
    } else if !in_link && (joined.contains("https://") || joined.contains("http://")) {
        linkify(&joined, events);
    } else {
        events.push(Event::Text(joined));
    }
    end
}

/// `text` with each bare web address in it (`https://…` after a space or at the start) made a
/// link that breaks between its parts; the trailing punctuation of a sentence stays outside.
fn linkify<'a>(text: &str, events: &mut Vec<Event<'a>>) {
    let mut rest = text;
    while let Some(at) = find_address(rest) {
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
            .map_or(rest.len(), |j| at + j);
        let mut url = &rest[at..end];
        loop {
            let trimmed = url.trim_end_matches(['.', ',', ':', ';', '!', '?', '\'', '*', '_']);
            // A `)` closes the address's own `(` or, unbalanced, the sentence's.
            let unbalanced = trimmed.matches(')').count() > trimmed.matches('(').count();
            let trimmed = match trimmed.strip_suffix(')') {
                Some(t) if unbalanced => t,
                _ => trimmed,
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        let scheme_only = url.trim_end_matches('/').ends_with(':');
        if !scheme_only {
            if at > 0 {
                events.push(Event::Text(rest[..at].to_string().into()));
            }
            let mut href = String::new();
            pulldown_cmark_escape::escape_href(&mut href, url)
                .expect("writing to a String cannot fail");
            events.push(Event::InlineHtml(
                format!("<a href=\"{href}\">{}</a>", breakable_url(url)).into(),
            ));
        } else {
            events.push(Event::Text(rest[..at + url.len()].to_string().into()));
        }
        rest = &rest[at + url.len()..];
    }
    if !rest.is_empty() {
        events.push(Event::Text(rest.to_string().into()));
    }
}

/// Where the first bare address in `text` starts: `http://` or `https://` at the start or
/// after a space or an opening bracket.
fn find_address(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("http").map(|i| from + i) {
        let rest = &text[i..];
        let starts = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([{".contains(c));
        if starts && (rest.starts_with("https://") || rest.starts_with("http://")) {
            return Some(i);
        }
        from = i + 4;
    }
    None
}

/// Whether a text is one web address shown as such (a bare or autolinked URL).
fn looks_like_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace)
}

/// A web address as HTML text that a narrow screen breaks between its parts, never inside the
/// host name: `<wbr>` after the `//` and after each `/` and `=` of the path, before each `?`,
/// `#` and `&` (where typographers break addresses), and the host in a `<span class="host">`
/// that themes keep on one line (browsers would break it at its hyphens). The text is
/// HTML-escaped, so the result is safe to put in a page whatever the address holds.
pub fn breakable_url(url: &str) -> String {
    let escape = |out: &mut String, s: &str| {
        pulldown_cmark_escape::escape_html(out, s).expect("writing to a String cannot fail")
    };
    let mut out = String::with_capacity(url.len() + 48);
    let host_at = url.find("://").map_or(0, |i| i + 3);
    let path_at = url[host_at..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |j| host_at + j);
    if host_at > 0 && path_at > host_at {
        escape(&mut out, &url[..host_at]);
        out.push_str("<wbr><span class=\"host\">");
        escape(&mut out, &url[host_at..path_at]);
        out.push_str("</span>");
    } else {
        escape(&mut out, &url[..path_at]);
    }
    let mut rest = &url[path_at..];
    while let Some(i) = rest.find(['/', '=', '?', '#', '&']) {
        let (c, after) = (&rest[i..i + 1], &rest[i + 1..]);
        escape(&mut out, &rest[..i]);
        if c == "/" || c == "=" {
            escape(&mut out, c);
            out.push_str("<wbr>");
        } else {
            out.push_str("<wbr>");
            escape(&mut out, c);
        }
        rest = after;
    }
    escape(&mut out, rest);
    out
}
