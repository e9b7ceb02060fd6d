//! URLs taken from raw sources (a crawl's `source_url`, a card's link, a link in the body).
//!
//! Raw sources are untrusted, so a URL from one is never passed on as written: it is parsed
//! with the `url` crate (the WHATWG URL standard browsers use) and re-serialized, which
//! percent-encodes quotes, angle brackets, spaces and controls. What comes out can still only be
//! printed escaped, like any other value, but it can no longer close an attribute or smuggle a
//! scheme past a check made on different text than the browser reads.

use url::Url;

/// Schemes a link taken from a source may keep. Anything else (`javascript:`, `data:`,
/// `vbscript:`, `file:`, custom schemes) is dropped.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "ftp", "ftps", "tel"];

/// `raw` as an absolute `http(s)` URL with a host, re-serialized; `None` when it is not one.
/// Used for the address a source was crawled from, which later resolves its relative links.
pub fn absolute_http(raw: &str) -> Option<String> {
    let url = Url::parse(raw.trim()).ok()?;
    (matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty()))
        .then(|| url.to_string())
}

/// `raw` resolved against `base` (an absolute URL, when known) and re-serialized. `None` when
/// it does not parse, is relative with no base to resolve it against, or has a scheme other
/// than [`LINK_SCHEMES`].
pub fn resolve(raw: &str, base: Option<&str>) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let url = match base.and_then(|b| Url::parse(b).ok()) {
        Some(base) => base.join(raw).ok()?,
        None => Url::parse(raw).ok()?,
    };
    LINK_SCHEMES
        .contains(&url.scheme())
        .then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_card_links_cannot_leave_the_attribute() {
        let base = Some("https://go.dev/solutions/");
        for raw in [
            r#"x"onmouseover="alert(1)"#,
            r#"/a/"><script>alert(2)</script>"#,
            "/a/'onfocus='alert(3)",
            "https://example.com/<img src=x onerror=alert(4)>",
        ] {
            let url = resolve(raw, base).expect("a relative link resolves against the base");
            // A `'` may stay (the URL standard leaves it in paths); templates escape it.
            assert!(!url.contains(['"', '<', '>', ' ']), "{raw:?} gave {url:?}");
            assert!(url.starts_with("https://"), "{url}");
        }
    }

    #[test]
    fn scripts_and_unknown_schemes_are_dropped() {
        for raw in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
        ] {
            assert_eq!(resolve(raw, Some("https://go.dev/")), None, "{raw:?}");
            assert_eq!(resolve(raw, None), None, "{raw:?}");
        }
    }

    #[test]
    fn relative_links_need_a_base() {
        assert_eq!(resolve("/solutions/dropbox", None), None);
        assert_eq!(
            resolve("../dropbox", Some("https://go.dev/solutions/case-studies/")).as_deref(),
            Some("https://go.dev/solutions/dropbox")
        );
        assert_eq!(
            resolve("https://www.dropbox.com", None).as_deref(),
            Some("https://www.dropbox.com/")
        );
    }

    #[test]
    fn only_http_with_a_host_is_a_source_address() {
        assert_eq!(
            absolute_http("https://go.dev/solutions/dropbox").as_deref(),
            Some("https://go.dev/solutions/dropbox")
        );
        assert_eq!(absolute_http("/solutions/dropbox"), None);
        assert_eq!(absolute_http("javascript:alert(1)"), None);
        assert_eq!(absolute_http("mailto:a@b.c"), None);
        assert_eq!(
            absolute_http("https://go.dev/a\"b").as_deref(),
            Some("https://go.dev/a%22b")
        );
    }
}
