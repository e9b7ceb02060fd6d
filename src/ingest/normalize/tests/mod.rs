//! The normalizer on each kind of document, hostile input and the real seeds.

use super::*;
use pulldown_cmark::{Options, Parser, html::push_html};

fn norm(text: &str, name: &str) -> Normalized {
    normalize(text, Path::new(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn html_with(md: &str, opts: Options) -> String {
    let mut s = String::new();
    push_html(&mut s, Parser::new_ext(md, opts));
    s
}

fn html(md: &str) -> String {
    html_with(md, markup::md_options())
}

/// The tags of rendered HTML (text is escaped by the renderer, so `<` only opens tags),
/// honouring quoted attribute values.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = html.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '<' {
            continue;
        }
        let mut quote: Option<char> = None;
        let mut end = html.len();
        for (j, d) in chars.by_ref() {
            match quote {
                Some(q) if d == q => quote = None,
                Some(_) => {}
                None if d == '"' || d == '\'' => quote = Some(d),
                None if d == '>' => {
                    end = j + 1;
                    break;
                }
                None => {}
            }
        }
        out.push(html[i..end].to_string());
    }
    out
}

/// `(name, value)` attributes of a tag.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let chars: Vec<char> = inner.chars().collect();
    let mut i = chars
        .iter()
        .take_while(|c| !c.is_whitespace() && **c != '/')
        .count();
    let mut out = Vec::new();
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_lowercase();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let q = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != q {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// Structural safety of rendered HTML: no dangerous element, no event handler or style
/// attribute, no script-capable URL.
fn unsafe_markup(html: &str) -> Vec<String> {
    let mut bad = Vec::new();
    for tag in tags(html) {
        let lower = tag.to_lowercase();
        let name: String = lower
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "script"
                | "iframe"
                | "svg"
                | "object"
                | "embed"
                | "style"
                | "math"
                | "form"
                | "base"
                | "meta"
                | "link"
                | "frame"
        ) {
            bad.push(tag.clone());
        }
        if (lower.starts_with("<!") || lower.starts_with("<?")) && lower != "<!-- more -->" {
            bad.push(tag.clone());
        }
        for (attr, value) in attributes(&tag) {
            let url: String = value
                .to_lowercase()
                .replace("&#x09;", "")
                .replace("&#9;", "")
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            let script_url = url.starts_with("javascript:")
                || url.starts_with("vbscript:")
                || url.starts_with("data:text");
            if attr.starts_with("on")
                || attr == "style"
                || attr == "srcdoc"
                || attr == "formaction"
                || script_url
            {
                bad.push(tag.clone());
            }
        }
    }
    bad
}

/// Safe under every option set, and stable: sanitizing again changes nothing.
fn assert_safe(md: &str) {
    for opts in sanitize::option_sets() {
        let h = html_with(md, opts);
        let bad = unsafe_markup(&h);
        assert!(
            bad.is_empty(),
            "unsafe markup {bad:?}\nin html:\n{h}\nfrom markdown:\n{md}"
        );
    }
    assert_eq!(
        markup::finish(&sanitize::sanitize(md)),
        md,
        "not stable under sanitize"
    );
}

fn assert_no_text(hay: &str, needles: &[&str]) {
    let lower = hay.to_lowercase();
    for n in needles {
        assert!(!lower.contains(&n.to_lowercase()), "`{n}` found in:\n{hay}");
    }
}

/// Every fenced block ends with its closing fence, as the renderer parses it.
fn fences_closed(md: &str) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Tag};
    Parser::new_ext(md, markup::md_options())
        .into_offset_iter()
        .all(|(e, r)| match e {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                let src = &md[r];
                let first = src.lines().next().unwrap_or_default().trim_start();
                markup::fence_run(first).is_some_and(|(c, n)| markup::fence_is_closed(src, c, n))
            }
            _ => true,
        })
}

const CHROME: &[&str] = &[
    "_arrow_forward_",
    "Opens in new window",
    "_navigate_",
    "View Case Study",
    "RECENTLY UPDATED",
];

mod crawled;
mod front_matter;
mod plain;
mod robustness;
mod sanitizing;
mod seeds;
mod wiki;
