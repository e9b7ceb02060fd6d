//! Template calls in raw documents, understood and never leaked: Go-template calls of go.dev's
//! pages (`{{pullquote `yaml`}}`, `{{projects `yaml`}}`, `{{raw `html`}}`, `{{pkg "path"
//! "text"}}`), Hugo shortcodes (`{{< x >}}`, `{{% x %}}`) and Zola shortcodes (`{{ x(...) }}`,
//! `{% x(...) %}...{% end %}`).
//!
//! A quote becomes a blockquote with its author, title and company; a list of projects becomes
//! a list of `[Company](homepage) - what it does` entries (a company list, for the extractor);
//! tools, books and libraries become text whose entries are not led by links (they are
//! products, not companies); a call whose arguments are text keeps the text; anything else is
//! dropped and named in [`Expanded::dropped`]. Fenced code is left alone: a Go template in a
//! code sample is content.
//!
//! Linear in the body: every search for a pattern resumes where the last one for it stopped,
//! and a call left unclosed when the next one begins is scanned no further.

use serde_json::Value;

/// A body with its template calls expanded.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The markdown.
    pub markdown: String,
    /// What was dropped, one entry per call (`"toolsblurbs"`, `"hugo shortcode youtube"`).
    pub dropped: Vec<String>,
}

/// Expands the template calls of `body` (LF line endings).
pub fn expand(body: &str) -> Expanded {
    if !body.contains("{{") && !body.contains("{%") {
        return Expanded {
            markdown: body.to_string(),
            dropped: Vec::new(),
        };
    }
    let mut out = Expanded::default();
    let mut prose = String::new();
    let mut fence: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let marker = ["```", "~~~"]
            .into_iter()
            .find(|m| indent <= 3 && trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                Scanner::default().run(&prose, &mut out);
                prose.clear();
                fence = Some(m);
                out.markdown.push_str(line);
            }
            (Some(open), Some(m)) if m == open => {
                fence = None;
                out.markdown.push_str(line);
            }
            (Some(_), _) => out.markdown.push_str(line),
            (None, None) => prose.push_str(line),
        }
    }
    Scanner::default().run(&prose, &mut out);
    out
}

/// Where each pattern was last found (or that it is missing after some point): a search from
/// a position before the known place gives that place again without scanning, so all the
/// searches for one pattern together scan the text once.
#[derive(Default)]
struct Scanner {
    /// (pattern, searched from, found at).
    known: Vec<(&'static str, usize, Option<usize>)>,
}

impl Scanner {
    /// Finds `what` in `text` at or after `from`.
    fn find(&mut self, text: &str, from: usize, what: &'static str) -> Option<usize> {
        if let Some(&(_, searched, found)) = self.known.iter().find(|k| k.0 == what)
            && searched <= from
            && found.is_none_or(|f| f >= from)
        {
            return found;
        }
        let found = text[from..].find(what).map(|i| from + i);
        self.known.retain(|k| k.0 != what);
        self.known.push((what, from, found));
        found
    }

    /// The next `{{` or `{%` at or after `from`.
    fn next_open(&mut self, text: &str, from: usize) -> Option<usize> {
        let a = self.find(text, from, "{{");
        let b = self.find(text, from, "{%");
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn run(&mut self, text: &str, out: &mut Expanded) {
        let mut pos = 0;
        while let Some(i) = self.next_open(text, pos) {
            out.markdown.push_str(&text[pos..i]);
            pos = match self.call(text, i, out) {
                Ok(end) => end,
                // Unclosed: the braces go, the text stays. The text the failed call read is
                // not read again (a line of `{{"\"` would otherwise be read once per call).
                Err(resume) => {
                    out.dropped.push("an unclosed {{ or {%".to_string());
                    let resume = resume.max(i + 2);
                    out.markdown.push_str(&defuse(&text[i + 2..resume]));
                    resume
                }
            };
        }
        out.markdown.push_str(&text[pos..]);
    }

    /// Handles the call at `start`; returns where the text resumes. `Err` when the call is
    /// not closed, with how far it was read (the text up to there is kept without braces).
    fn call(&mut self, text: &str, start: usize, out: &mut Expanded) -> Result<usize, usize> {
        let unclosed = start + 2;
        let rest = &text[start..];
        for (open, close, kind) in [
            ("{{<", ">}}", "hugo shortcode"),
            ("{{%", "%}}", "hugo shortcode"),
        ] {
            if rest.starts_with(open) {
                let end = self.find(text, start + 3, close).ok_or(unclosed)?;
                let name = first_word(&text[start + 3..end]);
                out.dropped.push(format!("{kind} {name}"));
                return Ok(end + 3);
            }
        }
        if rest.starts_with("{%") {
            let end = self.find(text, start + 2, "%}").ok_or(unclosed)?;
            let name = first_word(&text[start + 2..end]);
            if name != "end" {
                out.dropped.push(format!("zola shortcode {name}"));
            }
            return Ok(end + 2);
        }
        // `{{ name(...) }}` (Zola) or `{{name args}}` (Go template).
        let inner_start = start + 2;
        let after_space =
            inner_start + (text[inner_start..].len() - text[inner_start..].trim_start().len());
        let name: String = text[after_space..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let mut at = after_space + name.len();
        if text[at..].starts_with('(') {
            let end = self.find(text, at, "}}").ok_or(unclosed)?;
            out.dropped.push(format!("zola shortcode {name}"));
            return Ok(end + 2);
        }
        let mut args: Vec<Arg> = Vec::new();
        loop {
            let skipped = text[at..].len() - text[at..].trim_start().len();
            at += skipped;
            let rest = &text[at..];
            if rest.starts_with("}}") {
                at += 2;
                break;
            }
            if rest.starts_with('`') {
                let end = self.find(text, at + 1, "`").ok_or(unclosed)?;
                args.push(Arg::Raw(text[at + 1..end].to_string()));
                at = end + 1;
            } else if rest.starts_with('"') {
                let (value, len) = quoted(rest).map_err(|read| at + read)?;
                args.push(Arg::Text(value));
                at += len;
            } else if rest.is_empty() || rest.starts_with("{{") || rest.starts_with("{%") {
                // Unclosed before the next call begins: the next call is scanned from there,
                // so no text is scanned more than twice.
                return Err(unclosed);
            } else {
                // A bare word (a pipeline, a variable): consumed, not kept.
                let len = rest
                    .find(|c: char| c.is_whitespace() || "{}`\"".contains(c))
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| rest.chars().next().map_or(1, char::len_utf8));
                args.push(Arg::Other);
                at += len;
            }
        }
        // What a call renders is not scanned again: braces in it stay text, never a call.
        out.markdown
            .push_str(&defuse(&render(&name, &args, &mut out.dropped)));
        Ok(at)
    }
}

fn first_word(s: &str) -> String {
    s.trim()
        .trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect()
}

/// `text` with a space after every `{` that would open a call (`{{`, `{%`), so no template
/// call of a raw source reaches a page, whatever renders it later.
pub(crate) fn defuse(text: &str) -> String {
    if !text.contains("{{") && !text.contains("{%") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '{' && matches!(chars.peek(), Some('{' | '%')) {
            out.push(' ');
        }
    }
    out
}

/// A `"..."` string at the start of `s` with Go's escapes: (value, bytes taken). `Err` with
/// the bytes read when the line ends first.
fn quoted(s: &str) -> Result<(String, usize), usize> {
    let mut value = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((value, i + 1)),
            '\\' => {
                if let Some((_, e)) = chars.next() {
                    value.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
            }
            '\n' => return Err(i),
            c => value.push(c),
        }
    }
    Err(s.len())
}

enum Arg {
    /// A backtick string: YAML for go.dev's calls, HTML for `raw`.
    Raw(String),
    /// A quoted string.
    Text(String),
    /// Anything else.
    Other,
}

/// The markdown a call stands for.
fn render(name: &str, args: &[Arg], dropped: &mut Vec<String>) -> String {
    let yaml = || match args.first() {
        Some(Arg::Raw(text)) => serde_saphyr::from_str::<Value>(text).ok(),
        _ => None,
    };
    let lower = name.to_ascii_lowercase();
    let rendered = match lower.as_str() {
        "pullquote" | "backgroundquote" | "quote" | "testimonial" => yaml().map(|v| quote(&v)),
        "projects" => yaml().map(|v| projects(&v)),
        "toolsblurbs" => yaml().map(|v| blurbs(&v)),
        "books" => yaml().map(|v| titled_list(&v, "title", None)),
        "libraries" => yaml().map(|v| libraries(&v)),
        "raw" => match args.first() {
            Some(Arg::Raw(t) | Arg::Text(t)) => Some(t.clone()),
            _ => None,
        },
        "pkg" => match args {
            [Arg::Text(path), rest @ ..] => {
                let text = match rest.first() {
                    Some(Arg::Text(t)) => t.clone(),
                    _ => path.clone(),
                };
                Some(format!(
                    "[{}](https://pkg.go.dev/{})",
                    one_line(&text),
                    path.trim_start_matches('/')
                ))
            }
            _ => None,
        },
        _ => {
            let texts: Vec<String> = args
                .iter()
                .filter_map(|a| match a {
                    Arg::Text(t) => Some(one_line(t)),
                    _ => None,
                })
                .collect();
            (!texts.is_empty() && texts.len() == args.len()).then(|| texts.join(" "))
        }
    };
    rendered.unwrap_or_else(|| {
        dropped.push(if name.is_empty() {
            "a {{ }} expression".to_string()
        } else {
            format!("{{{{{name}}}}}")
        });
        String::new()
    })
}

/// A field of a YAML map as one line of text.
fn field(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(one_line)
        .filter(|s| !s.is_empty())
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `> the quote` paragraphs, then `> — Author, title, Company`.
fn quote(v: &Value) -> String {
    let mut out = String::from("\n\n");
    let text = v.get("quote").and_then(Value::as_str).unwrap_or_default();
    for (i, paragraph) in text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push_str(">\n");
        }
        out.push_str(&format!("> {}\n", one_line(paragraph)));
    }
    let who: Vec<String> = ["author", "title", "company"]
        .iter()
        .filter_map(|k| field(v, k))
        .collect();
    if !who.is_empty() {
        out.push_str(&format!(">\n> — {}\n", who.join(", ")));
    }
    out.push('\n');
    out
}

fn items(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

/// `- [Company](homepage) - what it does`.
fn projects(v: &Value) -> String {
    let mut out = String::from("\n\n");
    for p in items(v) {
        let Some(company) = field(p, "company").or_else(|| field(p, "title")) else {
            continue;
        };
        let desc = field(p, "desc").or_else(|| field(p, "description"));
        match field(p, "url") {
            Some(url) => out.push_str(&format!("- [{company}]({url})")),
            None => out.push_str(&format!("- {company}")),
        }
        if let Some(d) = desc {
            out.push_str(&format!(" - {d}"));
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

/// A tool per paragraph: `**Docker**: what it is.`
fn blurbs(v: &Value) -> String {
    let mut out = String::from("\n\n");
    for t in items(v) {
        let Some(title) = field(t, "title") else {
            continue;
        };
        let text: Vec<String> = t
            .get("paragraphs")
            .map(items)
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.as_str().map(one_line))
            .collect();
        out.push_str(&format!("**{title}**: {}\n\n", text.join(" ")));
    }
    out
}

/// `- *Title*: description` (not led by a link: a book or a library is not a company).
fn titled_list(v: &Value, key: &str, heading: Option<&str>) -> String {
    let mut out = String::from("\n\n");
    if let Some(h) = heading {
        out.push_str(&format!("**{h}**\n\n"));
    }
    for b in items(v) {
        let Some(title) = field(b, key) else {
            continue;
        };
        out.push_str(&format!("- *{title}*"));
        if let Some(d) = field(b, "desc") {
            out.push_str(&format!(": {d}"));
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

fn libraries(v: &Value) -> String {
    items(v)
        .iter()
        .map(|group| {
            let heading = field(group, "title");
            titled_list(
                group.get("items").unwrap_or(&Value::Null),
                "text",
                heading.as_deref(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_projects_and_text_calls_become_markdown() {
        let body = "Intro.\n\n{{pullquote `\n  author: Ann Lee\n  title: CTO\n  company: Acme\n  quote: |\n    Go is fast.\n\n    And simple.\n`}}\n\nSee {{pkg \"github.com/a/b\" \"b\"}} and {{raw `<b>x</b>`}}.\n\n{{projects `\n  - company: Initech\n    url: https://initech.example/\n    desc: Uses Go for billing.\n`}}\n";
        let e = expand(body);
        assert!(
            e.markdown
                .contains("> Go is fast.\n>\n> And simple.\n>\n> — Ann Lee, CTO, Acme"),
            "{}",
            e.markdown
        );
        assert!(
            e.markdown
                .contains("[b](https://pkg.go.dev/github.com/a/b)")
        );
        assert!(e.markdown.contains("<b>x</b>"));
        assert!(
            e.markdown
                .contains("- [Initech](https://initech.example/) - Uses Go for billing.")
        );
        assert!(!e.markdown.contains("{{"), "{}", e.markdown);
        assert!(e.dropped.is_empty(), "{:?}", e.dropped);
    }

    #[test]
    fn shortcodes_and_unknown_calls_are_dropped_and_named_but_code_is_kept() {
        let body = "a {{< youtube id=\"x\" >}} b {{% note %}}c{{% /note %}} d {{ gist(url=\"u\") }} {% quote() %}q{% end %} {{.Site.Title}} {{unknown `x: 1`}}\n\n```\n{{.Name}}\n```\n{{ never closed";
        let e = expand(body);
        let outside = e.markdown.split("```").next().unwrap();
        assert!(
            !outside.contains("{{") && !outside.contains("{%"),
            "{}",
            e.markdown
        );
        assert!(e.markdown.contains("```\n{{.Name}}\n```"));
        assert!(e.markdown.contains("c") && e.markdown.contains("q"));
        for name in [
            "hugo shortcode youtube",
            "hugo shortcode note",
            "zola shortcode gist",
            "zola shortcode quote",
            "{{unknown}}",
        ] {
            assert!(
                e.dropped.iter().any(|d| d == name),
                "{name} not in {:?}",
                e.dropped
            );
        }
        assert!(!e.markdown.ends_with("{{ never closed"));
    }

    #[test]
    fn unclosed_calls_leave_no_braces() {
        for body in [
            "{{`".repeat(50),
            "{{ a {{ b `x".repeat(20),
            "{%{{<{{%".repeat(30),
        ] {
            let e = expand(&body);
            assert!(
                !e.markdown.contains("{{") && !e.markdown.contains("{%"),
                "{}",
                e.markdown
            );
        }
    }
}
