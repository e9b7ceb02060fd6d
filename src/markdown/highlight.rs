//! Build-time syntax highlighting of fenced code, as spans with CSS classes (`hl-…`), so the
//! theme's stylesheet decides the colors and pages ship no JavaScript for it.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix; a theme styles `.hl-keyword`, `.hl-string`, …
pub const CLASS_PREFIX: &str = "hl-";

/// syntect's defaults lack TOML (and a few others); two-face adds bat's set. Loading it costs
/// tens of milliseconds, so it is done on first use only.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Common names people put after the fence that syntect does not know as tokens.
fn canonical(lang: &str) -> &str {
    match lang {
        "golang" => "go",
        "shell" | "sh" | "console" | "zsh" => "bash",
        "js" | "node" | "nodejs" => "javascript",
        "py" | "python3" => "python",
        "yml" => "yaml",
        "rs" => "rust",
        "ts" => "typescript",
        other => other,
    }
}

/// Renders a fenced block as `<pre><code>`: highlighted when the language is known, escaped
/// plain text otherwise.
pub fn highlight(code: &str, lang: &str, enabled: bool) -> String {
    let lang = lang.trim().to_ascii_lowercase();
    let mut out = String::with_capacity(code.len() * 2 + 64);
    if lang.is_empty() {
        out.push_str("<pre tabindex=\"0\"><code>");
    } else {
        let l = escape(&lang);
        out.push_str(&format!(
            "<pre class=\"code\" data-lang=\"{l}\" tabindex=\"0\"><code class=\"language-{l}\">"
        ));
    }
    let syntax = if enabled && !lang.is_empty() {
        let set = syntaxes();
        set.find_syntax_by_token(canonical(&lang)).map(|s| (set, s))
    } else {
        None
    };
    match syntax {
        Some((set, syntax)) => {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(
                syntax,
                set,
                ClassStyle::SpacedPrefixed {
                    prefix: CLASS_PREFIX,
                },
            );
            let ok = LinesWithEndings::from(code).all(|line| {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_ok()
            });
            if ok {
                out.push_str(&generator.finalize());
            } else {
                out.push_str(&escape(code));
            }
        }
        None => out.push_str(&escape(code)),
    }
    out.push_str("</code></pre>\n");
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_languages_are_highlighted() {
        for (lang, code) in [
            ("go", "func main() {}\n"),
            ("rust", "fn main() {}\n"),
            ("python", "def f():\n    return 1\n"),
            ("javascript", "const a = 1;\n"),
            ("java", "class A {}\n"),
            ("bash", "echo hi\n"),
            ("toml", "a = 1\n"),
            ("yaml", "a: 1\n"),
            ("json", "{\"a\": 1}\n"),
        ] {
            let html = highlight(code, lang, true);
            assert!(
                html.contains("class=\"hl-"),
                "{lang} not highlighted: {html}"
            );
        }
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let html = highlight("<b>&</b>\n", "nosuchlang", true);
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(!html.contains("hl-"));
    }
}
