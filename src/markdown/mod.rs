//! Markdown to HTML: pulldown-cmark plus what a site needs on top of it: unique heading ids and a
//! table of contents, a summary before `<!-- more -->`, `@/` internal links resolved to
//! permalinks, and fenced code highlighted at build time.
//!
//! Rendering is a pure function of the text and a link resolver, so pages render in parallel.

mod addresses;
mod footnotes;
pub mod giallo;
pub mod highlight;
mod links;
pub mod shortcodes;

pub use addresses::breakable_url;
use addresses::push_text;
pub use links::ExternalLinks;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

use crate::config::AnchorLinks;
use crate::error::line_col;

/// The marker that ends a page's summary.
pub const SUMMARY_MARKER: &str = "<!-- more -->";

/// The pulldown-cmark extensions Gazette renders with. Ingest sanitizes raw documents under
/// these same options, so they must stay one definition.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Rendering switches, from `[markdown]` in the config (Zola's meaning for Zola's keys).
#[derive(Debug, Clone, Default, Hash, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Highlight fenced code.
    pub highlight_code: bool,
    /// Typographic quotes and dashes.
    pub smart_punctuation: bool,
    /// Definition lists (`term` then `: definition`).
    pub definition_list: bool,
    /// GitHub's alerts: `> [!NOTE]` is a `<blockquote class="markdown-alert-note">`.
    pub github_alerts: bool,
    /// Images get `loading="lazy" decoding="async"`, with their text as plain alt text.
    pub lazy_async_image: bool,
    /// Footnotes at the bottom, numbered, with links back (see [`footnotes`]).
    pub bottom_footnotes: bool,
    /// Attributes of external links.
    pub external_links: ExternalLinks,
    /// Where headings get a link to themselves (Zola's `insert_anchor_links`).
    pub anchor_links: crate::config::AnchorLinks,
    /// How heading titles become ids (Zola's `[slugify] anchors`).
    pub anchors: crate::config::SlugStrategy,
    /// Whether `:smile:` in text becomes its emoji, as GitHub and Zola's `render_emoji` write
    /// it (never in code).
    pub render_emoji: bool,
    /// Zola 0.22's highlighting (`[markdown.highlighting]`), instead of Gazette's classes.
    pub zola_highlighter: Option<std::sync::Arc<giallo::ZolaHighlighter>>,
}

/// One heading, with the ones nested under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u32,
    /// The anchor id (unique in the page).
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Deeper headings until the next one at this level or above.
    pub children: Vec<Heading>,
}

/// A link to another content file (`@/blog/post.md#anchor`), kept so anchors can be checked
/// once every page has rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct InternalLink {
    /// Target path relative to `content/`.
    pub target: String,
    /// Anchor, without `#`.
    pub anchor: Option<String>,
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column in the source file.
    pub column: usize,
    /// What the target resolved to (`None`: there is no such content file).
    pub permalink: Option<String>,
}

/// The result of rendering one document.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The HTML body.
    pub html: String,
    /// HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    /// Table of contents.
    pub toc: Vec<Heading>,
    /// Every heading id, for anchor checks.
    pub heading_ids: Vec<String>,
    /// Words in the text (not counting markup).
    pub word_count: usize,
    /// `@/` links, resolved or not.
    pub internal_links: Vec<InternalLink>,
    /// What could not be rendered (a shortcode call, a code block in a language no grammar
    /// knows with `error_on_missing_language`): (line, column, what, how to fix it).
    pub problems: Vec<(usize, usize, String, String)>,
}

/// [`render`], with the shortcode calls of `text` expanded first (see [`shortcodes`]). The
/// positions of problems are those of the calls in `text`; an `@/` link after a call whose
/// output has more or fewer lines than the call is reported on the line it has in the output.
pub fn render_with_shortcodes(
    text: &str,
    first_line: usize,
    options: &MarkdownOptions,
    resolve: &dyn Fn(&str) -> Option<String>,
    (shortcodes, caller): (&dyn shortcodes::Shortcodes, &shortcodes::Caller),
) -> Rendered {
    let anchor = |id: &str, level: u32| shortcodes.anchor_link(id, level);
    if !text.contains("{{") && !text.contains("{%") {
        return render_inner(text, first_line, options, resolve, &anchor);
    }
    let expanded = shortcodes::expand(text, shortcodes, caller);
    let mut out = render_inner(&expanded.text, first_line, options, resolve, &anchor);
    out.html = expanded.put_back(&out.html);
    out.summary = out.summary.map(|s| expanded.put_back(&s));
    let calls = (expanded.problems.into_iter())
        .map(|p| problem_at(text, first_line, p.offset, p.message, &p.hint));
    out.problems.splice(0..0, calls);
    out
}

/// Renders `text`, whose first line is line `first_line` of its file. `resolve` maps a content
/// path (`blog/post.md`) to its permalink.
pub fn render(
    text: &str,
    first_line: usize,
    options: &MarkdownOptions,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Rendered {
    render_inner(text, first_line, options, resolve, &|id, _| {
        Ok(shortcodes::default_anchor_link(id))
    })
}

/// Makes the link a heading gets with `insert_anchor_links`: its HTML, or what went wrong.
type AnchorLink<'a> = dyn Fn(&str, u32) -> Result<String, String> + 'a;

/// The words of `text`, as `split_whitespace().count()` counts them. On ASCII text (nearly all
/// of it) a word starts at each non-space after a space, counted in blocks small enough for
/// a byte counter, which the compiler vectorizes: ~15x faster than decoding every character,
/// which made word counting a tenth of a build's time.
pub(crate) fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let Some(&first) = bytes.first() else {
        return 0;
    };
    // What `char::is_whitespace` is true of below 128: space, and \t \n \x0B \x0C \r.
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let mut words = usize::from(!space(first));
    let (before, after) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    for (x, y) in before.chunks(128).zip(after.chunks(128)) {
        let mut starts: u8 = 0;
        for (&p, &q) in x.iter().zip(y) {
            starts += u8::from(space(p) & !space(q));
        }
        words += usize::from(starts);
    }
    words
}

fn render_inner(
    text: &str,
    first_line: usize,
    options: &MarkdownOptions,
    resolve: &dyn Fn(&str) -> Option<String>,
    anchor: &AnchorLink,
) -> Rendered {
    let mut flags = parser_options();
    for (on, flag) in [
        (options.smart_punctuation, Options::ENABLE_SMART_PUNCTUATION),
        (options.definition_list, Options::ENABLE_DEFINITION_LIST),
        (options.github_alerts, Options::ENABLE_GFM),
    ] {
        if on {
            flags |= flag;
        }
    }
    let mut source: Vec<(Event, Range<usize>)> =
        Parser::new_ext(text, flags).into_offset_iter().collect();
    if options.render_emoji {
        render_emoji(&mut source);
    }
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::with_capacity(source.len());
    let mut headings = Headings {
        anchors: options.anchors,
        ..Headings::default()
    };
    let mut summary_at = None;
    let mut inside = Inside::default();
    // What closes the heading being written when its anchor link goes after or around it.
    let mut heading_close: Option<String> = None;
    let mut i = 0;
    while i < source.len() {
        let (event, range) = &source[i];
        inside.track(event);
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = find_end(&source, i);
                let unique = headings.add(*level, id.as_deref(), &source[i + 1..end]);
                out.heading_ids.push(unique.clone());
                let link = match options.anchor_links {
                    AnchorLinks::None => None,
                    _ => match anchor(&unique, heading_number(*level)) {
                        Ok(html) => Some(html),
                        Err(message) => {
                            let hint = "fix templates/anchor-link.html";
                            out.problems.push(problem_at(
                                text,
                                first_line,
                                range.start,
                                message,
                                hint,
                            ));
                            None
                        }
                    },
                };
                events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(unique)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                if let Some(link) = link {
                    match options.anchor_links {
                        AnchorLinks::Left => events.push(Event::Html(link.into())),
                        AnchorLinks::Right => heading_close = Some(link),
                        // Only the opening `<a …>` is kept, around the heading's text.
                        _ => {
                            let open = link.find('>').map_or("", |end| &link[..=end]);
                            events.push(Event::Html(open.to_string().into()));
                            heading_close = Some("</a>".into());
                        }
                    }
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(close) = heading_close.take() {
                    events.push(Event::Html(close.into()));
                }
                events.push(event.clone());
            }
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) => {
                let dest = if dest_url.starts_with("@/") {
                    resolve_internal(dest_url, text, range.start, first_line, resolve, &mut out)
                } else {
                    dest_url.clone()
                };
                match tag {
                    Tag::Image { title, .. } if options.lazy_async_image => {
                        let end = find_end(&source, i);
                        let alt = plain_text(&source[i + 1..end]);
                        out.word_count += count_words(&alt);
                        events.push(Event::Html(links::lazy_image(&dest, &alt, title).into()));
                        source[i + 1..=end]
                            .iter()
                            .for_each(|(e, _)| inside.track(e));
                        i = end + 1;
                        continue;
                    }
                    Tag::Link { title, .. } => {
                        match options.external_links.open_tag(&dest, title) {
                            Some(open) => events.push(Event::Html(open.into())),
                            None => events.push(Event::Start(with_destination(tag, dest))),
                        }
                    }
                    _ => events.push(Event::Start(with_destination(tag, dest))),
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(&source, i);
                let (html, words) = match code_block(kind, &source[i + 1..end], options) {
                    Ok(done) => done,
                    Err(message) => {
                        let hint = "name a language giallo knows, add its grammar to extra_grammars, or set error_on_missing_language = false";
                        out.problems
                            .push(problem_at(text, first_line, range.start, message, hint));
                        (Event::Html("".into()), 0)
                    }
                };
                out.word_count += words;
                events.push(html);
                i = end + 1;
                continue;
            }
            Event::Html(html) | Event::InlineHtml(html)
                if summary_at.is_none() && html.contains(SUMMARY_MARKER) =>
            {
                summary_at = Some(events.len());
                events.push(event.clone());
            }
            Event::Text(t) if inside.image > 0 => {
                out.word_count += count_words(t);
                events.push(event.clone());
            }
            Event::Text(_) => {
                i = push_text(
                    &source,
                    i,
                    inside.link > 0,
                    &mut events,
                    &mut out.word_count,
                );
                continue;
            }
            _ => events.push(event.clone()),
        }
        i += 1;
    }
    out.toc = nest(&headings.flat);
    let finish = |events: Vec<Event>| match options.bottom_footnotes {
        true => to_html(footnotes::to_bottom(events)),
        false => to_html(events),
    };
    if let Some(at) = summary_at {
        out.summary = Some(finish(close_open_tags(&events[..at])));
    }
    out.html = finish(events);
    out
}

/// A problem at byte `offset` of `text` (whose first line is line `first_line` of its file), in
/// the form of [`Rendered::problems`].
fn problem_at(
    text: &str,
    first_line: usize,
    offset: usize,
    message: String,
    hint: &str,
) -> (usize, usize, String, String) {
    let (line, column) = line_col(text, offset);
    (line + first_line - 1, column, message, hint.to_string())
}

/// The text of inline events, without their markup (an image's alt text).
fn plain_text(inner: &[(Event, Range<usize>)]) -> String {
    inner
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

/// A link or image tag pointing at `dest` instead.
fn with_destination<'a>(tag: &Tag<'a>, dest: CowStr<'a>) -> Tag<'a> {
    let mut tag = tag.clone();
    if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
        *dest_url = dest;
    }
    tag
}

/// How many links and images the current event is inside: inside a link an address in the
/// text is not linked again; inside an image the text is its alt text, left as it is.
#[derive(Default)]
struct Inside {
    link: usize,
    image: usize,
}

impl Inside {
    fn track(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Link { .. }) => self.link += 1,
            Event::End(TagEnd::Link) => self.link = self.link.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => self.image += 1,
            Event::End(TagEnd::Image) => self.image = self.image.saturating_sub(1),
            _ => {}
        }
    }
}

/// The headings met so far: their ids (each unique in the page) and, in order, their level,
/// id and title (for the table of contents).
#[derive(Default)]
struct Headings {
    used_ids: HashMap<String, usize>,
    flat: Vec<(u32, String, String)>,
    /// How a title becomes an id (`[slugify] anchors`).
    anchors: crate::config::SlugStrategy,
}

impl Headings {
    /// Takes in a heading whose inner events are `inner`: its id is the one the author gave,
    /// or the slug of its title, made unique. Returns the id.
    fn add(
        &mut self,
        level: HeadingLevel,
        id: Option<&str>,
        inner: &[(Event, Range<usize>)],
    ) -> String {
        let title: String = inner
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let wanted = id
            .map(str::to_string)
            .unwrap_or_else(|| match self.anchors.anchor(&title) {
                id if id.trim().is_empty() => "section".to_string(),
                id => id,
            });
        let unique = unique_id(&mut self.used_ids, wanted);
        self.flat
            .push((heading_number(level), unique.clone(), title));
        unique
    }
}

/// Replaces GitHub's emoji names (`:smile:`) in the text outside code blocks with their
/// emoji (inline code is not text, so it keeps them).
fn render_emoji(source: &mut [(Event, Range<usize>)]) {
    static REPLACER: std::sync::LazyLock<gh_emoji::Replacer> =
        std::sync::LazyLock::new(gh_emoji::Replacer::new);
    let mut in_code = false;
    for (event, _) in source.iter_mut() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code && t.contains(':') => {
                if let std::borrow::Cow::Owned(replaced) = REPLACER.replace_all(t) {
                    *t = replaced.into();
                }
            }
            _ => {}
        }
    }
}

/// A code block whose inner events are `inner`, highlighted (or escaped), and how many words
/// it holds; an error when Zola's highlighting is asked to refuse its language.
fn code_block<'a>(
    kind: &CodeBlockKind,
    inner: &[(Event, Range<usize>)],
    options: &MarkdownOptions,
) -> Result<(Event<'a>, usize), String> {
    let code: String = inner
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let info = match kind {
        CodeBlockKind::Fenced(info) => info.as_ref(),
        CodeBlockKind::Indented => "",
    };
    let html = match &options.zola_highlighter {
        Some(zola) => zola.highlight(&code, info)?,
        None => {
            let lang = info.split([' ', ',', '{']).next().unwrap_or("");
            highlight::highlight(&code, lang, options.highlight_code)
        }
    };
    Ok((Event::Html(html.into()), count_words(&code)))
}

fn to_html<'a>(events: impl IntoIterator<Item = Event<'a>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Index of the event closing the tag opened at `start`.
fn find_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The summary stops mid-document: close whatever is still open so it is well-formed HTML.
fn close_open_tags<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut open: Vec<TagEnd> = Vec::new();
    for e in events {
        match e {
            Event::Start(t) => open.push(t.to_end()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    let mut v = events.to_vec();
    v.extend(open.into_iter().rev().map(Event::End));
    v
}

fn resolve_internal<'a>(
    dest: &str,
    text: &str,
    offset: usize,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Option<String>,
    out: &mut Rendered,
) -> CowStr<'a> {
    let target = &dest[2..];
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (target, None),
    };
    let (line, column) = line_col(text, offset);
    let permalink = resolve(path);
    out.internal_links.push(InternalLink {
        target: path.to_string(),
        anchor: anchor.clone(),
        line: line + first_line - 1,
        column,
        permalink: permalink.clone(),
    });
    match (permalink, anchor) {
        (Some(p), Some(a)) => format!("{p}#{a}").into(),
        (Some(p), None) => p.into(),
        (None, _) => dest.to_string().into(),
    }
}

fn heading_number(level: HeadingLevel) -> u32 {
    level as u32
}

fn unique_id(used: &mut HashMap<String, usize>, wanted: String) -> String {
    let count = used.entry(wanted.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        return wanted;
    }
    let mut n = *count - 1;
    loop {
        let candidate = format!("{wanted}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(candidate.clone(), 1);
            return candidate;
        }
        n += 1;
    }
}

/// Turns a flat list of (level, id, title) into a tree.
fn nest(flat: &[(u32, String, String)]) -> Vec<Heading> {
    fn take(flat: &[(u32, String, String)], pos: &mut usize, min_level: u32) -> Vec<Heading> {
        let mut out = Vec::new();
        while *pos < flat.len() {
            let (level, id, title) = &flat[*pos];
            if *level < min_level {
                break;
            }
            *pos += 1;
            let children = take(flat, pos, level + 1);
            out.push(Heading {
                level: *level,
                id: id.clone(),
                title: title.clone(),
                children,
            });
        }
        out
    }
    let mut pos = 0;
    let mut out = Vec::new();
    while pos < flat.len() {
        let level = flat[pos].0;
        out.extend(take(flat, &mut pos, level));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bare_addresses_in_text_become_links_without_their_punctuation() {
        let html = super::render(
            "See https://blog.example.org/why-go. Or (https://x.example/a_(b)) and \"https://\" and [https://in.example/](https://in.example/).",
            1,
            &opts(),
            &|_| None,
        )
        .html;
        assert!(html.contains(r#"See <a href="https://blog.example.org/why-go">https://<wbr><span class="host">blog.example.org</span>/<wbr>why-go</a>. Or (<a href="https://x.example/a_(b)">"#), "{html}");
        assert!(html.contains("</a>) and"), "{html}");
        assert!(html.contains(r#"and "https://" and"#), "{html}");
        assert_eq!(html.matches("<a ").count(), 3, "{html}");
        // Not inside an `@/` link, nor in an image's alt text.
        let html = super::render(
            "[see https://a.example/x](@/p.md) ![at https://b.example/y](i.png)",
            1,
            &opts(),
            &|_| Some("/p/".to_string()),
        )
        .html;
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(html.contains(r#"alt="at https://b.example/y""#), "{html}");
    }

    #[test]
    fn addresses_break_after_the_host_and_stay_escaped() {
        assert_eq!(
            super::breakable_url("https://engineering.example.com/blog/a?x=1&y=\"<b>\"#top"),
            "https://<wbr><span class=\"host\">engineering.example.com</span>/<wbr>blog/<wbr>a<wbr>?x=<wbr>1<wbr>&amp;y=<wbr>&quot;&lt;b&gt;&quot;<wbr>#top"
        );
        assert_eq!(
            super::breakable_url("https://go.dev"),
            "https://<wbr><span class=\"host\">go.dev</span>"
        );
        assert_eq!(super::breakable_url("not a <url>"), "not a &lt;url&gt;");
        let html = super::render(
            "See <https://blog.example.org/posts/why-go> and https://x.example/a/b.",
            1,
            &opts(),
            &|_| None,
        )
        .html;
        assert!(
            html.contains("blog.example.org</span>/<wbr>posts/<wbr>why-go</a>"),
            "{html}"
        );
    }

    use super::*;

    fn opts() -> MarkdownOptions {
        MarkdownOptions {
            highlight_code: true,
            ..MarkdownOptions::default()
        }
    }

    fn md(text: &str) -> Rendered {
        render(text, 1, &opts(), &|p| {
            (p == "blog/a.md").then(|| "https://e.org/blog/a/".to_string())
        })
    }

    #[test]
    fn gfm_extensions_are_on() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot\n",
        );
        for needle in ["<table>", "<del>x</del>", "type=\"checkbox\"", "footnote"] {
            assert!(r.html.contains(needle), "missing {needle}: {}", r.html);
        }
    }

    #[test]
    fn heading_ids_are_unique_and_nested_in_toc() {
        let r = md("# Intro\n\n## Setup\n\n## Setup\n\n# Intro {#custom}\n");
        assert_eq!(r.heading_ids, ["intro", "setup", "setup-1", "custom"]);
        assert!(r.html.contains("<h2 id=\"setup-1\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children.len(), 2);
    }

    #[test]
    fn summary_stops_at_marker() {
        let r = md("First para.\n\n<!-- more -->\n\nSecond.\n");
        assert_eq!(r.summary.as_deref(), Some("<p>First para.</p>\n"));
        assert!(r.html.contains("Second."));
        assert!(md("no marker").summary.is_none());
    }

    #[test]
    fn internal_links_resolve_and_record_position() {
        let r = md("See [a](@/blog/a.md#setup)\nand [b](@/nope.md).\n");
        assert!(
            r.html.contains("href=\"https://e.org/blog/a/#setup\""),
            "{}",
            r.html
        );
        assert_eq!(r.internal_links.len(), 2);
        assert!(r.internal_links[0].permalink.is_some());
        let broken = &r.internal_links[1];
        assert!(broken.permalink.is_none());
        assert_eq!((broken.line, broken.column), (2, 5));
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let r = md("```go\nfunc main() {}\n```\n");
        assert!(
            r.html.contains("language-go") && r.html.contains("hl-"),
            "{}",
            r.html
        );
    }

    #[test]
    fn words_are_counted() {
        assert_eq!(md("one *two* three\n").word_count, 3);
    }

    #[test]
    fn zolas_markdown_switches_change_the_output_only_when_on() {
        let text = "Term\n: Meaning\n\n> [!NOTE]\n> Careful.\n\n![a *b*](@/blog/a.md \"T\") [out](https://go.dev/) [in](/about/)\n";
        let plain = md(text).html;
        assert!(
            !plain.contains("<dl>") && !plain.contains("markdown-alert"),
            "{plain}"
        );
        assert!(
            plain.contains("<img src=\"https://e.org/blog/a/\" alt=\"a b\" title=\"T\" />"),
            "{plain}"
        );
        assert!(plain.contains("<a href=\"https://go.dev/\">"), "{plain}");
        let options = MarkdownOptions {
            definition_list: true,
            github_alerts: true,
            lazy_async_image: true,
            external_links: ExternalLinks {
                class: Some("external".into()),
                target_blank: true,
                ..ExternalLinks::default()
            },
            ..opts()
        };
        let r = render(text, 1, &options, &|p| {
            (p == "blog/a.md").then(|| "https://e.org/blog/a/".to_string())
        });
        for needle in [
            "<dl>",
            "<dt>Term</dt>",
            "<blockquote class=\"markdown-alert-note\">",
            "<img src=\"https://e.org/blog/a/\" alt=\"a b\" title=\"T\" loading=\"lazy\" decoding=\"async\" />",
            "<a class=\"external\" rel=\"noopener\" target=\"_blank\" href=\"https://go.dev/\">out</a>",
            "<a href=\"/about/\">in</a>",
        ] {
            assert!(r.html.contains(needle), "missing {needle}: {}", r.html);
        }
        assert_eq!(r.internal_links.len(), 1);
        // Text after a lazy image is still linked as text, not as an image's alt.
        let r = render("![x](a.png) see https://go.dev/", 1, &options, &|_| None);
        assert!(r.html.contains("href=\"https://go.dev/\""), "{}", r.html);
    }

    #[test]
    fn bottom_footnotes_are_applied_to_body_and_summary() {
        let options = MarkdownOptions {
            bottom_footnotes: true,
            ..opts()
        };
        let r = render(
            "A[^1]\n\n<!-- more -->\n\n[^1]: Note.\n\nB\n",
            1,
            &options,
            &|_| None,
        );
        assert!(r.html.ends_with("</ol>\n</footer>\n"), "{}", r.html);
        assert!(r.summary.unwrap().contains("href=\"#fn-1\">[1]</a>"));
    }

    #[test]
    fn count_words_counts_as_split_whitespace_does() {
        for text in [
            "",
            "  ",
            "one",
            " one two\tthree\nfour\x0bfive\x0c six\r\n",
            "a\u{a0}b c\u{2003}d é",
            "x\x1fy",
            &"word ".repeat(300),
            &" \t\r\n\x0b\x0c".repeat(100),
            &"a\tb".repeat(200),
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
