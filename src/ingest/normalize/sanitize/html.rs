//! Raw HTML through ammonia: the allowlist for HTML blocks, the text of fragments, and the
//! nesting limit that keeps html5ever linear. Separate from the markdown passes, which only
//! hand it the HTML they find.

use ammonia::Builder;
use std::collections::{HashMap, HashSet};

fn content_dropping_tags() -> HashSet<&'static str> {
    [
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "textarea",
        "select",
        "noembed",
        "noframes",
        "xmp",
        "title",
        "head",
        "form",
        "button",
        "base",
        "link",
        "meta",
        "plaintext",
    ]
    .into_iter()
    .collect()
}

/// How deep elements may nest in HTML handed to ammonia. Its parser (html5ever) looks down
/// the stack of open elements at most tags (is a `p` in scope, where does this end tag
/// close), so its time is the number of tags times the depth: quadratic on a block of
/// `<div>` × 100 000. Deeper HTML is shown as escaped text instead (see [`nests_deeper`]).
/// 128 is far deeper than documents nest (those of the real corpus: 2 levels at most) and
/// keeps the cost at the limit small: at 256 a block just under it took 3x what a linear pass
/// would.
const MAX_HTML_DEPTH: usize = 128;

/// Whether `html` may make html5ever hold more than `limit` open elements. The estimate errs
/// high, so that no input slips past it: every start tag of a non-void element opens one; an
/// end tag closes the element on top (after those whose end tags are implied, like `li` or
/// `td`) and is otherwise taken to close nothing; a start tag of a list item, cell, row or
/// paragraph first closes one of its kind on top. (html5ever closes misnested elements in
/// other ways, and may reopen formatting elements after they close; counting them as open
/// stays above its stack. Well-nested HTML is estimated exactly.) Linear: constant work per
/// `<`.
fn nests_deeper(html: &str, limit: usize) -> bool {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image", "isindex",
    ];
    const IMPLIED_END: &[&str] = &[
        "p", "li", "dt", "dd", "option", "optgroup", "rb", "rp", "rt", "rtc", "tbody", "td",
        "tfoot", "th", "thead", "tr",
    ];
    let b = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + p + 1;
        i = at;
        let close = b.get(at) == Some(&b'/');
        let from = at + usize::from(close);
        let len = b[from..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || !b[from].is_ascii_alphabetic() {
            continue;
        }
        let name = html[from..from + len].to_ascii_lowercase();
        i = from + len;
        if close {
            while stack
                .last()
                .is_some_and(|top| *top != name && IMPLIED_END.contains(&top.as_str()))
            {
                stack.pop();
            }
            if stack.last() == Some(&name) {
                stack.pop();
            }
        } else if !VOID.contains(&name.as_str()) {
            if IMPLIED_END.contains(&name.as_str()) && stack.last() == Some(&name) {
                stack.pop();
            }
            stack.push(name);
            if stack.len() > limit {
                return true;
            }
        }
    }
    false
}

/// HTML shown as text: `&`, `<` and `>` as entities (the fallback for HTML nested too deep
/// for ammonia; nothing in it is markup any more).
fn escape_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    for c in html.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The elements an HTML block may keep: text structure, tables, figures; no forms, frames,
/// scripts, styles or embedded content.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// The attributes each element may keep (besides `lang`, which any may).
const ALLOWED_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("img", &["src", "alt", "title", "width", "height"]),
    ("td", &["colspan", "rowspan", "align"]),
    ("th", &["colspan", "rowspan", "align", "scope"]),
    ("ol", &["start", "reversed"]),
    ("abbr", &["title"]),
    ("details", &["open"]),
];

/// Sanitizes an HTML block with a conservative allowlist.
pub(super) fn clean_html(html: &str) -> String {
    if nests_deeper(html, MAX_HTML_DEPTH) {
        return escape_html(html);
    }
    let tags: HashSet<&str> = ALLOWED_TAGS.iter().copied().collect();
    let attrs: HashMap<&str, HashSet<&str>> = ALLOWED_ATTRIBUTES
        .iter()
        .map(|(tag, names)| (*tag, names.iter().copied().collect()))
        .collect();
    let mut b = Builder::default();
    b.tags(tags)
        .clean_content_tags(content_dropping_tags())
        .tag_attributes(attrs)
        .generic_attributes(["lang"].into_iter().collect())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true);
    b.clean(html).to_string()
}

/// The text of an HTML fragment, escaped (no tags survive).
pub(super) fn clean_text(html: &str) -> String {
    if nests_deeper(html, MAX_HTML_DEPTH) {
        return escape_html(html);
    }
    let mut b = Builder::empty();
    b.clean_content_tags(content_dropping_tags());
    b.clean(html).to_string()
}
