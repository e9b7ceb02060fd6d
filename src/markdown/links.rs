//! Zola's `[markdown]` switches for links and images: attributes on external links
//! (`external_links_*`) and lazy images (`lazy_async_image`).

use pulldown_cmark_escape::{escape_href, escape_html};

/// What external links get: `class`, `target="_blank"` and `rel` words, from the config.
#[derive(Debug, Clone, Default, Hash, PartialEq, Eq)]
pub struct ExternalLinks {
    /// `external_links_class`.
    pub class: Option<String>,
    /// `external_links_target_blank` (adds `rel="noopener"` too, so the new tab cannot reach
    /// back into the page).
    pub target_blank: bool,
    /// `external_links_no_follow`: `rel="nofollow"`.
    pub no_follow: bool,
    /// `external_links_no_referrer`: `rel="noreferrer"`.
    pub no_referrer: bool,
    /// `external_links_external`: `rel="external"`.
    pub external: bool,
}

impl ExternalLinks {
    /// The opening `<a>` for a link to `url` titled `title`, when `url` is external and some
    /// switch is on; `None` leaves the link as the renderer writes it.
    pub fn open_tag(&self, url: &str, title: &str) -> Option<String> {
        let on = self.class.is_some()
            || self.target_blank
            || self.no_follow
            || self.no_referrer
            || self.external;
        if !on || !is_external(url) {
            return None;
        }
        let mut tag = String::from("<a");
        if let Some(class) = &self.class {
            tag.push_str(" class=\"");
            push_escaped(&mut tag, class);
            tag.push('"');
        }
        let rel: Vec<&str> = [
            (self.target_blank, "noopener"),
            (self.no_follow, "nofollow"),
            (self.no_referrer, "noreferrer"),
            (self.external, "external"),
        ]
        .into_iter()
        .filter_map(|(on, word)| on.then_some(word))
        .collect();
        if !rel.is_empty() {
            tag.push_str(&format!(" rel=\"{}\"", rel.join(" ")));
        }
        if self.target_blank {
            tag.push_str(" target=\"_blank\"");
        }
        tag.push_str(" href=\"");
        escape_href(&mut tag, url).expect("writing to a String cannot fail");
        tag.push('"');
        if !title.is_empty() {
            tag.push_str(" title=\"");
            push_escaped(&mut tag, title);
            tag.push('"');
        }
        tag.push('>');
        Some(tag)
    }
}

/// Whether a link leaves the site: an absolute http(s) URL or a scheme-relative `//host/`.
fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || url.starts_with("//")
}

/// An `<img>` that the browser loads lazily and decodes off the main thread. As in Zola, the
/// alt text is the image's text without its markup.
pub fn lazy_image(src: &str, alt: &str, title: &str) -> String {
    let mut tag = String::from("<img src=\"");
    escape_href(&mut tag, src).expect("writing to a String cannot fail");
    tag.push_str("\" alt=\"");
    push_escaped(&mut tag, alt);
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        push_escaped(&mut tag, title);
        tag.push('"');
    }
    tag.push_str(" loading=\"lazy\" decoding=\"async\" />");
    tag
}

fn push_escaped(out: &mut String, text: &str) {
    escape_html(out, text).expect("writing to a String cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_external_links_get_the_switches() {
        let all = ExternalLinks {
            class: Some("ext\"x".into()),
            target_blank: true,
            no_follow: true,
            no_referrer: true,
            external: true,
        };
        assert_eq!(
            all.open_tag("https://a.org/?q=\"1\"", "T<").unwrap(),
            "<a class=\"ext&quot;x\" rel=\"noopener nofollow noreferrer external\" target=\"_blank\" href=\"https://a.org/?q=%221%22\" title=\"T&lt;\">"
        );
        assert!(all.open_tag("//cdn.org/x", "").is_some());
        for internal in ["/blog/", "../a.html", "#top", "mailto:a@b.org", "HTTPX:/x"] {
            assert_eq!(all.open_tag(internal, ""), None, "{internal}");
        }
        assert_eq!(ExternalLinks::default().open_tag("https://a.org", ""), None);
    }

    #[test]
    fn lazy_images_escape_what_they_carry() {
        assert_eq!(
            lazy_image("a b.png", "x\" onload=\"y", ""),
            "<img src=\"a%20b.png\" alt=\"x&quot; onload=&quot;y\" loading=\"lazy\" decoding=\"async\" />"
        );
    }
}
