//! Page-relative URLs (`relative_urls = true`): the built folder works wherever it is opened,
//! from `file://`, from any static server on any port and path, and at `base_url`.
//!
//! Templates and markdown make links absolute (`{{ get_url(...) }}` gives
//! `https://example.org/about/`) or root-relative (`/about/`); both leave the folder when it is
//! opened anywhere but at `base_url`. After rendering, each `href`, `src`, `srcset`, `action` and
//! `poster` value that points inside the site becomes relative to the page, and a link to a
//! directory names its `index.html` (a browser opening `file://` shows a directory listing for
//! `about/`). What must stay absolute stays: `<link rel="canonical">`, Open Graph `<meta>`
//! values, feeds and the sitemap (this runs on HTML pages only). Hugo's `relativeURLs` works the
//! same way, on the text of the page.

/// The attributes whose values are URLs a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "srcset", "action", "poster"];

/// `html`, the page written at `file` (`blog/post/index.html`), with every internal URL made
/// relative to it. `base_url` is the site's.
pub fn relativize(html: &str, file: &str, base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let base_path = url::Url::parse(base_url)
        .map(|u| u.path().trim_end_matches('/').to_string())
        .unwrap_or_default();
    let up = "../".repeat(file.matches('/').count());
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while let Some((at, name_len)) = next_attribute(html, pos) {
        let value_start = at + name_len + 2; // name, `=` and the opening quote
        let quote = html.as_bytes()[at + name_len + 1] as char;
        let Some(len) = html[value_start..].find(quote) else {
            break;
        };
        let value_end = value_start + len;
        out.push_str(&html[pos..value_start]);
        pos = value_end;
        let value = &html[value_start..value_end];
        // Inside a tag: its `<` comes after the last `>`.
        let tag_start = html[..at].rfind('<');
        let in_tag = tag_start.is_some_and(|t| !html[t..at].contains('>'));
        let tag_end = html[value_end..]
            .find('>')
            .map_or(html.len(), |i| value_end + i);
        let canonical = tag_start.is_some_and(|t| html[t..tag_end].contains("rel=\"canonical\""));
        if !in_tag || canonical {
            out.push_str(value);
        } else if html[at..].starts_with("srcset") {
            let parts: Vec<String> = value
                .split(',')
                .map(|candidate| {
                    let candidate = candidate.trim();
                    let (url, size) = candidate.split_once(' ').unwrap_or((candidate, ""));
                    let url = relative(url, base, &base_path, &up);
                    if size.is_empty() {
                        url
                    } else {
                        format!("{url} {size}")
                    }
                })
                .collect();
            out.push_str(&parts.join(", "));
        } else {
            out.push_str(&relative(value, base, &base_path, &up));
        }
    }
    out.push_str(&html[pos..]);
    out
}

/// The next ` name="` or ` name='` of a URL attribute in `text` from `from`: its offset and
/// the length of the name.
fn next_attribute(text: &str, mut from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    while let Some(i) = text[from..].find('=') {
        let eq = from + i;
        from = eq + 1;
        let quoted = matches!(bytes.get(eq + 1), Some(b'"' | b'\''));
        if !quoted {
            continue;
        }
        for name in URL_ATTRIBUTES {
            let Some(at) = eq.checked_sub(name.len()) else {
                continue;
            };
            let spaced = at > 0 && bytes[at - 1].is_ascii_whitespace();
            if spaced && text[at..eq].eq_ignore_ascii_case(name) {
                return Some((at, name.len()));
            }
        }
    }
    None
}

/// `url` relative to a page `up` levels below the site's root (`up` is `../` repeated), when
/// it is the site's: under `base` (`https://example.org/docs`) or under its path
/// (`/docs/...`). A directory gets its `index.html`, also in a link already relative
/// (`../dropbox/`): opened from `file://`, a directory shows a listing, not the page.
fn relative(url: &str, base: &str, base_path: &str, up: &str) -> String {
    if is_relative_path(url) {
        let split = url.find(['?', '#']).unwrap_or(url.len());
        let (path, suffix) = url.split_at(split);
        return format!("{}{suffix}", with_index(path));
    }
    let inside = if let Some(rest) = url.strip_prefix(base) {
        Some(rest)
    } else if url.starts_with('/') && !url.starts_with("//") {
        url.strip_prefix(base_path)
    } else {
        None
    };
    let Some(rest) = inside.filter(|r| r.is_empty() || r.starts_with(['/', '?', '#'])) else {
        return url.to_string();
    };
    let rest = rest.trim_start_matches('/');
    let split = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, suffix) = rest.split_at(split);
    format!("{up}{}{suffix}", with_index(path))
}

/// A URL path with the file a static server would serve for it: a directory's `index.html`.
fn with_index(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or_default();
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if last == "." || last == ".." || !last.contains('.') {
        // `/blog` is the directory `/blog/` on every static server.
        format!("{path}/index.html")
    } else {
        path.to_string()
    }
}

/// Whether `url` is a path relative to the page (`../x/`, `x/`, `./`), not a URL with a scheme,
/// a root path, a protocol-relative URL, or only a query or fragment.
fn is_relative_path(url: &str) -> bool {
    let scheme = url.find(':').is_some_and(|i| {
        i > 0
            && url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    !url.is_empty() && !scheme && !url.starts_with(['/', '#', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/docs/";

    #[test]
    fn relative_links_to_directories_get_their_index() {
        let html = r##"<a href="../dropbox/">d</a> <a href="./">h</a> <a href="..">u</a> <a href="google/#x">g</a> <a href="a.png">i</a> <a href="#top">t</a> <a href="mailto:x@y.org">m</a> <a href="?q=1">q</a>"##;
        assert_eq!(
            relativize(html, "companies/page/2/index.html", BASE),
            r##"<a href="../dropbox/index.html">d</a> <a href="./index.html">h</a> <a href="../index.html">u</a> <a href="google/index.html#x">g</a> <a href="a.png">i</a> <a href="#top">t</a> <a href="mailto:x@y.org">m</a> <a href="?q=1">q</a>"##
        );
    }

    #[test]
    fn internal_urls_become_relative_to_the_page() {
        let html = r##"<link rel="stylesheet" href="https://example.org/docs/style.css">
<link rel="canonical" href="https://example.org/docs/blog/post/">
<meta property="og:url" content="https://example.org/docs/blog/post/">
<a href="https://example.org/docs/">home</a> <a href="/docs/about/">about</a>
<a href="/docs/blog">blog</a> <a href="https://example.org/docs/tags/go/#top">tag</a>
<a href="https://example.com/elsewhere/">out</a> <a href="/other/">not ours</a> <a href="#x">x</a>
<img src="/docs/a.png" srcset="/docs/a.png 1x, https://example.org/docs/a@2x.png 2x">
<form action="https://example.org/docs/search/?q=1"></form>
<pre><code>href="/docs/in-code/"</code></pre>"##;
        let got = relativize(html, "blog/post/index.html", BASE);
        let want = r##"<link rel="stylesheet" href="../../style.css">
<link rel="canonical" href="https://example.org/docs/blog/post/">
<meta property="og:url" content="https://example.org/docs/blog/post/">
<a href="../../index.html">home</a> <a href="../../about/index.html">about</a>
<a href="../../blog/index.html">blog</a> <a href="../../tags/go/index.html#top">tag</a>
<a href="https://example.com/elsewhere/">out</a> <a href="/other/">not ours</a> <a href="#x">x</a>
<img src="../../a.png" srcset="../../a.png 1x, ../../a@2x.png 2x">
<form action="../../search/index.html?q=1"></form>
<pre><code>href="/docs/in-code/"</code></pre>"##;
        assert_eq!(got, want);
    }

    #[test]
    fn the_root_page_links_without_going_up() {
        let got = relativize(
            r#"<a href="https://example.org/about/">a</a>"#,
            "index.html",
            "https://example.org",
        );
        assert_eq!(got, r#"<a href="about/index.html">a</a>"#);
    }
}
