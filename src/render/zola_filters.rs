//! What Zola's filters and `get_hash` do, once, for both template engines: Tera 1 (Zola's
//! sites, `tera1.rs`) and Tera 2 (Gazette's, `functions.rs`) wrap these in their own calling
//! conventions. Each error is the message the template author sees.

use base64::Engine;

/// `markdown`: the text rendered as markdown (without the page's shortcodes or links); with
/// `inline`, a single paragraph without its `<p>`.
pub fn markdown(text: &str, inline: bool) -> String {
    let options = crate::markdown::MarkdownOptions::default();
    let html = crate::markdown::render(text, 1, &options, &|_| None).html;
    if !inline {
        return html;
    }
    match (html.trim_end().strip_prefix("<p>")).and_then(|t| t.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// `base64_encode`.
pub fn base64_encode(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// `base64_decode`: the decoded bytes as text (invalid UTF-8 replaced).
pub fn base64_decode(text: &str) -> Result<String, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| format!("base64_decode: `{text}` is not base64: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `regex_replace(pattern, rep)`: every match replaced, `$1` for groups.
pub fn regex_replace(text: &str, pattern: &str, rep: &str) -> Result<String, String> {
    let re = regex::Regex::new(pattern)
        .map_err(|e| format!("regex_replace: bad pattern `{pattern}`: {e}"))?;
    Ok(re.replace_all(text, rep).into_owned())
}

/// `num_format`: an integer with its thousands grouped, as Zola's default locale (`en`) writes
/// it: `1,234,567`.
pub fn num_format(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `striptags`: the text of some HTML, its tags removed (entities are left as they are, as
/// in Tera 1).
pub fn striptags(html: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(<!--.*?-->|<[^>]*>)").expect("valid regex")
    });
    TAG.replace_all(html, "").trim().to_string()
}

/// `urlencode`: percent-encoding of everything but letters, digits, `-_.~` and `/`, as Tera 1.
pub fn urlencode(text: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    percent_encoding::utf8_percent_encode(text, KEEP).to_string()
}

/// `get_hash`: the SHA-2 digest (`sha_type` 256, 384 or 512) of `bytes`, in base64 or hex.
pub fn hash(bytes: &[u8], sha_type: u64, base64: bool) -> Result<String, String> {
    let algorithm = match sha_type {
        256 => &ring::digest::SHA256,
        384 => &ring::digest::SHA384,
        512 => &ring::digest::SHA512,
        _ => {
            return Err(format!(
                "get_hash: `sha_type` must be 256, 384 or 512, not {sha_type}"
            ));
        }
    };
    let digest = ring::digest::digest(algorithm, bytes);
    Ok(if base64 {
        base64::engine::general_purpose::STANDARD.encode(digest.as_ref())
    } else {
        digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// `get_url(..., cachebust=true)`'s query: `?h=` and the start of the file's SHA-256.
pub fn cachebust(bytes: &[u8]) -> String {
    let hex = hash(bytes, 256, false).unwrap_or_default();
    format!("?h={}", &hex[..20])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_give_what_zolas_give() {
        assert_eq!(markdown("*x*", true), "<em>x</em>");
        assert_eq!(markdown("a\n\nb", true), "<p>a</p>\n<p>b</p>\n");
        assert_eq!(base64_encode("hi"), "aGk=");
        assert_eq!(base64_decode("aGk=").unwrap(), "hi");
        assert!(base64_decode("%%").is_err());
        assert_eq!(regex_replace("a1b22", "[0-9]+", "#").unwrap(), "a#b#");
        assert!(regex_replace("a", "(", "").is_err());
        assert_eq!(num_format(1234567), "1,234,567");
        assert_eq!(num_format(-1000), "-1,000");
        assert_eq!(num_format(12), "12");
        assert_eq!(striptags("<p>a <b>b</b><!-- c --></p>"), "a b");
        assert_eq!(urlencode("a b/é?"), "a%20b/%C3%A9%3F");
        assert_eq!(
            hash(b"abc", 256, false).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(hash(b"abc", 128, true).is_err());
        assert_eq!(cachebust(b"abc"), "?h=ba7816bf8f01cfea4141");
    }
}
