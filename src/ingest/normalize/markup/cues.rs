//! Shape cues: whether a body is markdown at all, a wiki page or a Hugo page, and whether a
//! `<` opens a real HTML tag. Separate because detection only reads the text; the rewrites
//! live in the parent module.

use super::fences::{fence_mask, fence_run};
use super::find_wiki_link;
use crate::ingest::normalize::front::Meta;

/// Lines of `body` that carry markdown syntax (outside fences): ATX headings, fences, links
/// and images, strong emphasis, HTML tags, reference definitions, setext underlines.
pub(crate) fn markdown_cues(body: &str) -> usize {
    let lines: Vec<&str> = body.split('\n').collect();
    let mut count = 0;
    let mut in_fence = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if fence_run(t).is_some() {
            count += 1;
            in_fence = !in_fence;
            continue;
        }
        if in_fence || t.is_empty() {
            continue;
        }
        let atx = {
            let hashes = t.len() - t.trim_start_matches('#').len();
            (1..=6).contains(&hashes) && t[hashes..].starts_with(' ')
        };
        let link = t.contains("](") && t.contains('[');
        let strong = t.matches("**").count() >= 2 || t.matches("__").count() >= 2;
        let html = html_tag_start(t);
        let refdef = t.starts_with('[') && t.contains("]: ");
        let setext = i > 0
            && !lines[i - 1].trim().is_empty()
            && t.len() >= 3
            && (t.chars().all(|c| c == '=')
                || (t.chars().all(|c| c == '-') && !lines[i - 1].trim().starts_with('|')));
        let wiki = t.contains("[[") && t.contains("]]");
        if atx || link || strong || html || refdef || setext || wiki {
            count += 1;
        }
    }
    count
}

fn html_tag_start(t: &str) -> bool {
    t.match_indices('<').any(|(i, _)| html_tag_at(&t[i + 1..])) && t.contains('>')
}

/// Whether the text after a `<` opens (or closes) a tag of a known HTML element, a comment or
/// a declaration.
pub(crate) fn html_tag_at(after: &str) -> bool {
    if after.starts_with('!') || after.starts_with('?') {
        return true;
    }
    let after = after.strip_prefix('/').unwrap_or(after);
    let name: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let next = after[name.len()..].chars().next();
    !name.is_empty()
        && next.is_none_or(|c| c.is_whitespace() || c == '>' || c == '/')
        && HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
}

/// HTML (and embedded SVG / MathML) element names.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "portal",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
    "animate",
    "set",
    "use",
    "foreignobject",
    "mglyph",
    "malignmark",
    "mtext",
    "annotation",
];

/// A wiki page: `[[WikiLinks]]`, or `# Heading` sections made mostly of link bullets.
pub(crate) fn looks_wiki(body: &str) -> bool {
    let lines: Vec<&str> = body.split('\n').collect();
    let fences = fence_mask(&lines);
    let mut link_bullets = 0;
    let mut other = 0;
    let mut headings = 0;
    for (line, &code) in lines.iter().zip(&fences) {
        if code {
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if find_wiki_link(t, 0).is_some() {
            return true;
        }
        if t.starts_with('#') {
            headings += 1;
        } else if is_bullet(t) && t[2..].trim_start().starts_with('[') {
            link_bullets += 1;
        } else {
            other += 1;
        }
    }
    headings > 0 && link_bullets >= 3 && link_bullets * 3 >= (link_bullets + other) * 2
}

pub(super) fn is_bullet(t: &str) -> bool {
    t.len() >= 2 && matches!(t.as_bytes()[0], b'*' | b'-' | b'+') && t.as_bytes()[1] == b' '
}

/// A Hugo page: Hugo-only header keys, emphasis-wrapped headings, shortcodes, or lines of
/// spaces used as blank lines.
pub(crate) fn looks_hugo(meta: &Meta, body: &str) -> bool {
    const KEYS: &[&str] = &[
        "linktitle",
        "resources",
        "series",
        "menu",
        "lastmod",
        "layout",
        "outputs",
        "publishdate",
    ];
    if KEYS.iter().any(|k| meta.has_key(k)) {
        return true;
    }
    let mut cues = 0;
    for line in body.lines() {
        let t = line.trim_start();
        let hashes = t.len() - t.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) {
            let rest = t[hashes..].trim();
            if (rest.starts_with("**") && rest.ends_with("**"))
                || (rest.starts_with('_') && rest.ends_with('_') && rest.len() > 2)
            {
                cues += 1;
            }
        }
        if t.starts_with("{{<") || t.starts_with("{{%") {
            cues += 1;
        }
        if !line.is_empty() && line.trim().is_empty() {
            cues += 1;
        }
    }
    cues >= 2
}
