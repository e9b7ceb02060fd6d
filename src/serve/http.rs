//! The dev server's request handling: a pure function from (method, URL, current site) to a
//! response, so it is tested without sockets. Files come only from the in-memory site, so no
//! request can reach the file system, whatever its path says.

use std::collections::BTreeMap;
use std::sync::Arc;

/// The files of one build, by output path (`blog/post/index.html`).
pub type SiteFiles = BTreeMap<String, Arc<Vec<u8>>>;

/// The path live-reload clients listen on.
pub const EVENTS_PATH: &str = "/__gazette/events";

/// A response to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// `Location`, for redirects.
    pub location: Option<String>,
    /// The body (empty for HEAD).
    pub body: Arc<Vec<u8>>,
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Decodes and checks a request path. `None` means the request is malformed or hostile
/// (`..`, encoded separators, backslashes, NUL): answer 400.
pub fn clean_path(raw_url: &str) -> Option<String> {
    let path = raw_url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(path).collect();
    let decoded = String::from_utf8(bytes).ok()?;
    // An encoded slash or dot-dot must not become structure after decoding.
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    if decoded.contains('\\') || decoded.contains('\0') || decoded.starts_with("//") {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(':') => return None,
            s => parts.push(s),
        }
    }
    let mut clean = parts.join("/");
    if decoded.ends_with('/') && !clean.is_empty() {
        clean.push('/');
    }
    Some(clean)
}

/// The files [`respond`] looks for to answer `raw_url` (its page, or the directory index it
/// redirects to); when none exists, it answers with `404.html`.
pub fn lookup_keys(raw_url: &str) -> Vec<String> {
    let Some(path) = clean_path(raw_url) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    if path.is_empty() || path.ends_with('/') {
        keys.push(format!("{path}index.html"));
    } else {
        keys.push(format!("{path}/index.html"));
        keys.push(path);
    }
    keys
}

/// What a redirect's `Location` percent-encodes: everything but unreserved characters and `/`.
const LOCATION_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Answers a GET or HEAD for `raw_url` from `files`. Other methods get 405.
pub fn respond(method: &str, raw_url: &str, files: &SiteFiles) -> Reply {
    let text = |status, body: &str| Reply {
        status,
        content_type: "text/plain; charset=utf-8",
        location: None,
        body: Arc::new(body.as_bytes().to_vec()),
    };
    if method != "GET" && method != "HEAD" {
        return text(405, "method not allowed\n");
    }
    let Some(path) = clean_path(raw_url) else {
        return text(400, "bad request path\n");
    };
    let mut reply = if path.is_empty() || path.ends_with('/') {
        let key = format!("{path}index.html");
        files.get(&key).map(|b| ok(&key, b.clone()))
    } else if let Some(body) = files.get(&path) {
        Some(ok(&path, body.clone()))
    } else if files.contains_key(&format!("{path}/index.html")) {
        // The path was decoded: encode it again, so a header carries only ASCII.
        let encoded = percent_encoding::utf8_percent_encode(&path, LOCATION_ESCAPES);
        Some(Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            location: Some(format!("/{encoded}/")),
            body: Arc::new(Vec::new()),
        })
    } else {
        None
    }
    .unwrap_or_else(|| match files.get("404.html") {
        Some(body) => Reply {
            status: 404,
            ..ok("404.html", body.clone())
        },
        None => text(404, "not found\n"),
    });
    if method == "HEAD" {
        reply.body = Arc::new(Vec::new());
    }
    reply
}

fn ok(path: &str, body: Arc<Vec<u8>>) -> Reply {
    Reply {
        status: 200,
        content_type: content_type(path),
        location: None,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteFiles {
        let mut f = SiteFiles::new();
        for (k, v) in [
            ("index.html", "home"),
            ("blog/index.html", "blog"),
            ("style.css", "css"),
            ("404.html", "nope"),
            ("img/a.webp", "x"),
        ] {
            f.insert(k.to_string(), Arc::new(v.as_bytes().to_vec()));
        }
        f
    }

    #[test]
    fn serves_index_files_and_types() {
        let s = site();
        assert_eq!(respond("GET", "/", &s).body.as_slice(), b"home");
        let r = respond("GET", "/blog/", &s);
        assert_eq!(
            (r.status, r.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert_eq!(
            respond("GET", "/style.css?v=1", &s).content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(respond("GET", "/img/a.webp", &s).content_type, "image/webp");
    }

    #[test]
    fn directory_without_slash_redirects() {
        let r = respond("GET", "/blog", &site());
        assert_eq!((r.status, r.location.as_deref()), (301, Some("/blog/")));
        let mut s = site();
        s.insert("über/index.html".into(), Arc::new(b"u".to_vec()));
        let r = respond("GET", "/%C3%BCber", &s);
        assert_eq!(r.location.as_deref(), Some("/%C3%BCber/"));
    }

    #[test]
    fn missing_is_the_site_404() {
        let r = respond("GET", "/nothing/here", &site());
        assert_eq!((r.status, r.body.as_slice()), (404, &b"nope"[..]));
    }

    #[test]
    fn head_has_no_body_and_post_is_refused() {
        let r = respond("HEAD", "/", &site());
        assert_eq!((r.status, r.body.len()), (200, 0));
        assert_eq!(respond("POST", "/", &site()).status, 405);
    }

    #[test]
    fn hostile_paths_never_resolve() {
        for p in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a%2f..%2f..%2fetc",
            "/..\\..\\windows",
            "/%00",
            "//etc/passwd",
            "/C:/Windows",
        ] {
            let r = respond("GET", p, &site());
            assert!(r.status == 400 || r.status == 404, "{p}: {}", r.status);
        }
    }
}
