//! Every internal link of the rendered site, checked: each `href`, `src` and `srcset` of each
//! HTML file that points inside the site (a relative URL, a root-relative one, or an absolute
//! one under `base_url`) must reach a file the build wrote, and its `#fragment` an element with
//! that `id` (or an `<a name>`) in the target page.
//!
//! This works on the output, not on the markdown: it sees links written by hand (`[x](/blog/)`,
//! `../nope/`), links the templates make, and links to static files, which is what readers
//! follow. `@/` links are checked, with their source position, by the site model. External
//! links are collected here and fetched by [`super::external`].
//!
//! HTML is read with html5ever's tokenizer (already built for the sanitizer), so entities,
//! comments and `<script>` bodies are handled the way browsers handle them.

use crate::sync::Locked;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::Mutex;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use rayon::prelude::*;

use super::{Sink, checked_output_path};
use crate::error::Result;

/// Keeps what `check` needs of a build: the HTML of every page and the path of every file.
#[derive(Default)]
pub struct CheckSink {
    html: Mutex<BTreeMap<String, String>>,
    paths: Mutex<BTreeSet<String>>,
}

impl Sink for CheckSink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        checked_output_path(path)?;
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            lock(&self.html).insert(path.to_string(), text);
        }
        lock(&self.paths).insert(path.to_string());
        Ok(())
    }

    /// A copied file only needs to exist: it is not read.
    fn copy(&self, path: &str, _source: &Path, _shown: &Path) -> Result<()> {
        checked_output_path(path)?;
        lock(&self.paths).insert(path.to_string());
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.locked()
}

/// A link of a rendered page that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    /// The output file the link is in (`blog/post/index.html`).
    pub page: String,
    /// The line of that file.
    pub line: u64,
    /// The URL as written in the attribute.
    pub url: String,
    /// What is wrong, in words.
    pub problem: String,
    /// The published path or anchor closest to what the link asks for, when one is close.
    pub nearest: Option<String>,
    /// Whether the page exists and only the `#anchor` is missing in it.
    pub anchor_missing: bool,
}

/// One link or anchor target found in a page.
struct Found {
    url: String,
    line: u64,
}

/// The links and the anchor targets of one HTML file.
#[derive(Default)]
struct PageLinks {
    links: Vec<Found>,
    ids: HashSet<String>,
}

struct Collector(RefCell<PageLinks>);

/// Attributes that hold a URL a reader's browser follows or loads.
fn url_attributes(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" | "area" | "link" => &["href"],
        "img" | "source" => &["src", "srcset"],
        "script" | "iframe" | "video" | "audio" | "track" | "embed" | "input" => &["src"],
        _ => &[],
    }
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        let mut page = self.0.borrow_mut();
        let wanted = url_attributes(name);
        // `<link rel="canonical">` and feed links are absolute by design; they are checked
        // like any other: they must exist too.
        for attr in &tag.attrs {
            let key: &str = &attr.name.local;
            let value: &str = &attr.value;
            if key == "id" || (name == "a" && key == "name") {
                page.ids.insert(value.to_string());
            } else if key == "srcset" && wanted.contains(&"srcset") {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        page.links.push(Found {
                            url: url.to_string(),
                            line,
                        });
                    }
                }
            } else if wanted.contains(&key) {
                page.links.push(Found {
                    url: value.to_string(),
                    line,
                });
            }
        }
        // A script's or style's body is text, never tags.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "noscript" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

fn scan_page(html: &str) -> PageLinks {
    let tokenizer = Tokenizer::new(
        Collector(RefCell::new(PageLinks::default())),
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// The URL a file is served at, relative to the site's root: `blog/post/index.html` is
/// `blog/post/`.
fn served_path(file: &str) -> &str {
    file.strip_suffix("index.html").unwrap_or(file)
}

/// A link to another site, found in a rendered page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExternalLink {
    /// The URL without its fragment (what is fetched).
    pub url: String,
    /// The output file it is in.
    pub page: String,
    /// The line of that file.
    pub line: u64,
    /// The URL as written in the attribute.
    pub written: String,
}

/// What [`scan_site`] finds: the broken internal links, and every external http(s) link.
pub struct Scan {
    /// Broken internal links, sorted by page and line.
    pub broken: Vec<BrokenLink>,
    /// External links, sorted by URL then page.
    pub external: Vec<ExternalLink>,
}

/// One link of a page, sorted out.
enum Sorted {
    Broken(BrokenLink),
    External(ExternalLink),
}

/// Reads every rendered page once: the broken internal links and the external links.
/// `base_url` is the site's (what absolute internal links start with).
pub fn scan_site(sink: CheckSink, base_url: &str) -> Scan {
    let html = sink.html.into_value();
    let paths = sink.paths.into_value();
    let mut scan = Scan {
        broken: Vec::new(),
        external: Vec::new(),
    };
    let Ok(mut base) = url::Url::parse(base_url) else {
        return scan;
    };
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    let scanned: BTreeMap<&str, PageLinks> = html
        .par_iter()
        .map(|(file, text)| (file.as_str(), scan_page(text)))
        .collect();
    let sorted: Vec<Sorted> = scanned
        .par_iter()
        .flat_map_iter(|(file, page)| {
            let here = base.join(served_path(file)).ok();
            let (base, scanned, paths) = (&base, &scanned, &paths);
            page.links.iter().filter_map(move |link| {
                let written = link.url.trim();
                // Empty, and `@/` (checked with its source position by the site model).
                if written.is_empty() || written.starts_with("@/") {
                    return None;
                }
                let mut target = here.as_ref()?.join(written).ok()?;
                if is_internal(&target, base) {
                    let (problem, nearest, anchor_missing) =
                        problem(&target, base, paths, scanned)?;
                    return Some(Sorted::Broken(BrokenLink {
                        page: file.to_string(),
                        line: link.line,
                        url: link.url.clone(),
                        problem,
                        nearest,
                        anchor_missing,
                    }));
                }
                if !matches!(target.scheme(), "http" | "https") {
                    return None; // mailto:, data:, javascript:
                }
                target.set_fragment(None);
                Some(Sorted::External(ExternalLink {
                    url: target.to_string(),
                    page: file.to_string(),
                    line: link.line,
                    written: link.url.clone(),
                }))
            })
        })
        .collect();
    for s in sorted {
        match s {
            Sorted::Broken(b) => scan.broken.push(b),
            Sorted::External(e) => scan.external.push(e),
        }
    }
    scan.broken.sort();
    scan.external.sort();
    scan
}

/// Whether `target` is under the site's `base` (same scheme, host, port and path prefix).
fn is_internal(target: &url::Url, base: &url::Url) -> bool {
    matches!(target.scheme(), "http" | "https" | "file")
        && target.scheme() == base.scheme()
        && target.host_str() == base.host_str()
        && target.port_or_known_default() == base.port_or_known_default()
        && target.path().starts_with(base.path())
}

/// What is wrong with the internal link `target`, the nearest thing that exists, and whether
/// only its anchor is missing; `None` when it is fine.
fn problem(
    target: &url::Url,
    base: &url::Url,
    paths: &BTreeSet<String>,
    scanned: &BTreeMap<&str, PageLinks>,
) -> Option<(String, Option<String>, bool)> {
    let rel = &target.path()[base.path().len()..];
    let rel = percent_encoding::percent_decode_str(rel)
        .decode_utf8_lossy()
        .into_owned();
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if paths.contains(&rel) {
        rel.clone()
    } else if paths.contains(&format!("{rel}/index.html")) {
        // A static server redirects `/blog` to `/blog/`.
        format!("{rel}/index.html")
    } else {
        rel.clone()
    };
    if !paths.contains(&file) {
        let served = paths.iter().map(|p| served_path(p));
        let nearest = crate::error::nearest(&rel, served).map(|p| format!("/{p}"));
        return Some((format!("nothing is published at /{rel}"), nearest, false));
    }
    let fragment = target.fragment().unwrap_or_default();
    // Text fragments (`#:~:text=`) point at words, not at an element.
    if fragment.is_empty() || fragment.starts_with(":~:") {
        return None;
    }
    let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    let page = scanned.get(file.as_str())?;
    if page.ids.contains(fragment.as_ref()) {
        return None;
    }
    let nearest = crate::error::nearest(&fragment, page.ids.iter().map(String::as_str));
    Some((
        format!("/{rel} has no element with id `{fragment}`"),
        nearest.map(|id| format!("#{id}")),
        true,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Vec<BrokenLink> {
        let sink = CheckSink::default();
        for (path, body) in files {
            sink.write(path, body.as_bytes()).unwrap();
        }
        scan_site(sink, "https://example.org/docs/").broken
    }

    #[test]
    fn every_form_of_internal_link_is_checked() {
        let page = r##"<!doctype html><title>a <a href="/in-title/"></title>
<link rel="stylesheet" href="../../style.css">
<link rel="canonical" href="https://example.org/docs/blog/a/">
<a href="../b/">ok</a> <a href="../b/#part">ok</a> <a href="#top" id="top">ok</a>
<a href="/docs/blog/">ok</a> <a href="https://example.org/docs/blog">ok, redirected</a>
<a href="https://example.com/elsewhere/">external</a> <a href="mailto:x@example.org">mail</a>
<a href="../b/#:~:text=some%20words">text fragment</a> <a href="@/nope.md">reported elsewhere</a>
<a href="../nope/">1</a>
<a href="/docs/blog/nope/">2</a>
<a href="https://example.org/docs/gone.html">3</a>
<a href="../b/#missing">4</a>
<img src="../../missing.png" srcset="../../ok.png 1x, ../../gone.png 2x">
<script>var s = '<a href="/docs/in-script/">';</script>
<a href="/docs/blog/bb/">5</a> <a href="../b/#prat">6</a>
"##;
        let broken = site(&[
            ("blog/a/index.html", page),
            ("blog/b/index.html", r#"<h2 id="part">Part</h2>"#),
            ("blog/index.html", ""),
            ("style.css", ""),
            ("ok.png", ""),
        ]);
        let got: Vec<(&str, u64, &str)> = broken
            .iter()
            .map(|b| (b.url.as_str(), b.line, b.problem.as_str()))
            .collect();
        let nearest: Vec<Option<&str>> = broken.iter().map(|b| b.nearest.as_deref()).collect();
        assert_eq!(
            nearest,
            [
                None,
                None,
                None,
                None,
                None,
                None,
                Some("#part"),
                Some("/blog/b/")
            ]
        );
        assert_eq!(
            got,
            [
                ("../nope/", 8, "nothing is published at /blog/nope/"),
                ("/docs/blog/nope/", 9, "nothing is published at /blog/nope/"),
                (
                    "https://example.org/docs/gone.html",
                    10,
                    "nothing is published at /gone.html"
                ),
                (
                    "../b/#missing",
                    11,
                    "/blog/b/ has no element with id `missing`"
                ),
                ("../../gone.png", 12, "nothing is published at /gone.png"),
                (
                    "../../missing.png",
                    12,
                    "nothing is published at /missing.png"
                ),
                ("../b/#prat", 14, "/blog/b/ has no element with id `prat`"),
                ("/docs/blog/bb/", 14, "nothing is published at /blog/bb/"),
            ]
        );
    }

    #[test]
    fn external_links_are_collected_without_their_fragment() {
        let sink = CheckSink::default();
        let page = r#"<a href="https://example.com/x/#part">x</a> <a href="mailto:a@example.org">m</a>
<a href="/docs/">ours</a> <a href="//cdn.example.net/a.js">cdn</a>"#;
        sink.write("index.html", page.as_bytes()).unwrap();
        let urls: Vec<(String, u64)> = scan_site(sink, "https://example.org/docs/")
            .external
            .into_iter()
            .map(|l| (l.url, l.line))
            .collect();
        assert_eq!(
            urls,
            [
                ("https://cdn.example.net/a.js".to_string(), 2),
                ("https://example.com/x/".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_link_above_the_base_path_is_not_the_sites() {
        // `/elsewhere/` on the same host is outside `/docs/`: another site's.
        let broken = site(&[("index.html", r#"<a href="/elsewhere/">x</a>"#)]);
        assert!(broken.is_empty(), "{broken:?}");
    }
}
