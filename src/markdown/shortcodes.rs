//! Shortcodes in hand-written content, in Zola's syntax: `{{ name(key=value, ...) }}` inline,
//! `{% name(key=value) %}body{% end %}` with a body. `{{/* ... */}}` and `{%/* ... */%}` are
//! written out as `{{ ... }}` and `{% ... %}`, for pages that show a call.
//!
//! This module finds the calls and checks their arguments; a [`Shortcodes`] (the site's
//! `templates/shortcodes/`, rendered by tera) renders each. As in Zola, calls are found
//! everywhere in the text, code blocks too (escape them there), and a call of an unknown
//! shortcode is an error, never text. Raw sources are never expanded: what a document someone
//! else wrote says must not run templates.

use serde::Serialize;

/// What a shortcode's template gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Markdown (`shortcodes/NAME.md`), rendered with the page.
    Markdown,
    /// HTML (`shortcodes/NAME.html`), put into the page as it is.
    Html,
}

/// A shortcode argument's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// `"text"`, `'text'` or `` `text` ``.
    Text(String),
    /// `42`, `-1`.
    Integer(i64),
    /// `1.5`.
    Float(f64),
    /// `true`, `false`.
    Bool(bool),
    /// `[1, "a"]`.
    List(Vec<Arg>),
}

/// One call, as its template sees it.
#[derive(Debug)]
pub struct Call<'a> {
    /// The shortcode's name.
    pub name: &'a str,
    /// Its arguments, in the order written.
    pub args: Vec<(String, Arg)>,
    /// The text between `{% name() %}` and `{% end %}`.
    pub body: Option<&'a str>,
    /// Which call of this shortcode in the document it is, from 1.
    pub nth: usize,
    /// The page or section whose text makes the call.
    pub caller: &'a Caller,
}

/// The page or section whose text calls a shortcode: its template sees it as `page` or
/// `section`, with the fields known before the site is rendered (as in Zola).
#[derive(Debug, Clone, Default, Hash, Serialize)]
pub struct Caller {
    /// Whether it is a section (`section`) rather than a page (`page`).
    #[serde(skip)]
    pub is_section: bool,
    /// Its file, relative to `content/`.
    pub relative_path: String,
    /// Its URL path.
    pub path: String,
    pub permalink: String,
    pub title: Option<String>,
    /// Its language (the template's `lang` too).
    pub lang: String,
    /// Its files beside it, as `/`-rooted paths below `content/` (Zola's `assets`).
    pub assets: Vec<String>,
}

/// The site's shortcodes.
pub trait Shortcodes: Sync + Send + std::fmt::Debug {
    /// What `name` gives, or `None` when the site has no such shortcode.
    fn output(&self, name: &str) -> Option<Output>;
    /// Renders one call; the error says what went wrong in the template.
    fn render(&self, call: &Call) -> Result<String, String>;
    /// Every shortcode name (for "did you mean").
    fn names(&self) -> Vec<String>;
    /// A hash of every shortcode template: a page whose text did not change is rendered again
    /// when it changes.
    fn fingerprint(&self) -> u64;
    /// The link a heading with anchor `id` gets (`insert_anchor_links`): the site's
    /// `anchor-link.html` when it has one, else Zola's built-in link.
    fn anchor_link(&self, id: &str, _level: u32) -> Result<String, String> {
        Ok(default_anchor_link(id))
    }
}

/// Zola's built-in `anchor-link.html`: a 🔗 link to the heading, named for screen readers.
pub fn default_anchor_link(id: &str) -> String {
    let mut escaped = String::new();
    pulldown_cmark_escape::escape_html(&mut escaped, id).expect("writing to a String cannot fail");
    format!(
        "<a class=\"zola-anchor\" href=\"#{escaped}\" aria-label=\"Anchor link for: {escaped}\">🔗</a>"
    )
}

/// A problem with a call, at a byte offset of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where the call starts.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// The text with every call replaced: markdown output in place, HTML output by a placeholder
/// that [`Expanded::put_back`] swaps for it once the markdown is rendered (the HTML must not
/// be read as markdown).
#[derive(Debug, Default)]
pub struct Expanded {
    /// The text to render.
    pub text: String,
    /// HTML outputs, by placeholder number.
    pub html: Vec<String>,
    /// Problems found, in text order.
    pub problems: Vec<Problem>,
}

/// Placeholders are letters and digits only, so no markdown rule changes them.
const PLACEHOLDER: &str = "gazetteshortcodeoutput";

impl Expanded {
    /// `html` with each placeholder replaced by its output; one alone in a paragraph replaces
    /// the paragraph (the output is a block of its own).
    pub fn put_back(&self, html: &str) -> String {
        if self.html.is_empty() {
            return html.to_string();
        }
        let mut out = html.to_string();
        // Last first, so `...output1` is not taken for a part of `...output12`.
        for (i, output) in self.html.iter().enumerate().rev() {
            let token = placeholder(i);
            out = out
                .replace(&format!("<p>{token}</p>"), output)
                .replace(&token, output);
        }
        out
    }
}

fn placeholder(i: usize) -> String {
    format!("{PLACEHOLDER}{i}x")
}

/// Finds and renders every shortcode call of `text`.
pub fn expand(text: &str, shortcodes: &dyn Shortcodes, caller: &Caller) -> Expanded {
    let mut out = Expanded {
        text: String::with_capacity(text.len()),
        ..Expanded::default()
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut rest = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find('{') {
        let start = at + found;
        let tail = &text[start..];
        let (escape_open, escape_close, plain) = if tail.starts_with("{{/*") {
            ("{{/*", "*/}}", "{{")
        } else if tail.starts_with("{%/*") {
            ("{%/*", "*/%}", "{%")
        } else {
            ("", "", "")
        };
        if !escape_open.is_empty() {
            // Written out: `{{/* name() */}}` is `{{ name() }}`.
            let Some(close) = tail.find(escape_close) else {
                at = start + escape_open.len();
                continue;
            };
            let closing = if plain == "{{" { "}}" } else { "%}" };
            out.text.push_str(&text[rest..start]);
            out.text.push_str(plain);
            out.text.push_str(&tail[escape_open.len()..close]);
            out.text.push_str(closing);
            rest = start + close + escape_close.len();
            at = rest;
            continue;
        }
        let Some(parsed) = parse_call(text, start) else {
            at = start + 1;
            continue;
        };
        // Template code shown in a page (`{{ get_url(path=asset) }}` in a code block) is not a
        // call of a shortcode: as in Zola, arguments that are no values make it text, unless
        // the name is a shortcode's, where it is a slip worth an error.
        if parsed.args.is_err() && shortcodes.output(parsed.name).is_none() {
            at = start + 1;
            continue;
        }
        out.text.push_str(&text[rest..start]);
        rest = parsed.end;
        at = parsed.end;
        let nth = counts.entry(parsed.name.to_string()).or_default();
        *nth += 1;
        match parsed.args {
            Err(message) => out.problems.push(Problem {
                offset: start,
                message: format!("shortcode `{}`: {message}", parsed.name),
                hint: "write arguments as name=value, separated by commas; values are \"text\", \
                       numbers, true, false or [lists]"
                    .into(),
            }),
            Ok(args) => {
                let call = Call {
                    name: parsed.name,
                    args,
                    body: parsed.body,
                    nth: *nth,
                    caller,
                };
                render_call(&call, start, shortcodes, &mut out);
            }
        }
    }
    out.text.push_str(&text[rest..]);
    out
}

/// Renders `call` (found at `offset`) into `out`, or notes why it cannot be.
fn render_call(call: &Call, offset: usize, shortcodes: &dyn Shortcodes, out: &mut Expanded) {
    let Some(kind) = shortcodes.output(call.name) else {
        let names = shortcodes.names();
        let near = crate::error::nearest(call.name, names.iter().map(String::as_str));
        let escaped = if call.body.is_some() {
            "{%/* ... */%}"
        } else {
            "{{/* ... */}}"
        };
        out.problems.push(Problem {
            offset,
            message: format!("unknown shortcode `{}`", call.name),
            hint: match near {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "add templates/shortcodes/{}.html (or .md), or write the call out as {escaped}",
                    call.name
                ),
            },
        });
        return;
    };
    // A template file's last newline is not part of what it says: inline, it would break
    // the line.
    match (shortcodes.render(call), kind) {
        (Ok(text), Output::Markdown) => out.text.push_str(text.trim_end()),
        (Ok(html), Output::Html) => {
            out.text.push_str(&placeholder(out.html.len()));
            out.html.push(html.trim_end().to_string());
        }
        (Err(message), _) => out.problems.push(Problem {
            offset,
            message: format!("shortcode `{}` failed: {message}", call.name),
            hint: format!("check templates/shortcodes/{}", call.name),
        }),
    }
}

/// A call found in the text: its name, its arguments (or why they cannot be read), its body,
/// and where it ends.
struct Parsed<'a> {
    name: &'a str,
    args: Result<Vec<(String, Arg)>, String>,
    body: Option<&'a str>,
    end: usize,
}

/// The call at `start` (`{{ name(...) }}`, or `{% name(...) %}...{% end %}`), if the text
/// there is one. Text that only looks like template syntax (`{{ page.title }}`) is not.
fn parse_call(text: &str, start: usize) -> Option<Parsed<'_>> {
    let tail = &text[start..];
    let (with_body, close) = if tail.starts_with("{{") {
        (false, "}}")
    } else if tail.starts_with("{%") {
        (true, "%}")
    } else {
        return None;
    };
    let mut s = Scanner {
        text,
        at: start + 2,
    };
    s.skip_space();
    let name = s.ident()?;
    s.skip_space();
    if !s.eat("(") {
        return None;
    }
    let args = s.args();
    // Arguments that cannot be read still make a call, when it closes where one would.
    if args.is_err() {
        s.at = text[s.at..].find(')').map(|i| s.at + i + 1)?;
    }
    s.skip_space();
    if !s.eat(close) {
        return None;
    }
    let mut end = s.at;
    let body = if with_body {
        let (body_end, after) = find_end_tag(text, end)?;
        let body = &text[end..body_end];
        end = after;
        Some(body)
    } else {
        None
    };
    Some(Parsed {
        name,
        args,
        body,
        end,
    })
}

/// Where the `{% end %}` after `from` starts, and where it ends.
fn find_end_tag(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(i) = text[at..].find("{%") {
        let start = at + i;
        let mut s = Scanner {
            text,
            at: start + 2,
        };
        s.skip_space();
        if s.eat("end") {
            s.skip_space();
            if s.eat("%}") {
                return Some((start, s.at));
            }
        }
        at = start + 2;
    }
    None
}

/// A cursor over the text of a call.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = self.rest().starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(i, c)| !(c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
            .map_or(rest.len(), |(i, _)| i);
        (len > 0).then(|| {
            self.at += len;
            &rest[..len]
        })
    }

    /// `key=value, ...)`, up to and with the closing parenthesis.
    fn args(&mut self) -> Result<Vec<(String, Arg)>, String> {
        let mut args = Vec::new();
        loop {
            self.skip_space();
            if self.eat(")") {
                return Ok(args);
            }
            let key = self.ident().ok_or("expected an argument name")?;
            self.skip_space();
            if !self.eat("=") {
                return Err(format!("expected `=` after `{key}`"));
            }
            self.skip_space();
            let value = self.value()?;
            if args.iter().any(|(k, _)| k == key) {
                return Err(format!("argument `{key}` is given twice"));
            }
            args.push((key.to_string(), value));
            self.skip_space();
            if !self.eat(",") && !self.rest().starts_with(')') {
                return Err(format!("expected `,` or `)` after the value of `{key}`"));
            }
        }
    }

    fn value(&mut self) -> Result<Arg, String> {
        let rest = self.rest();
        let quote = rest.chars().next().ok_or("expected a value")?;
        if matches!(quote, '"' | '\'' | '`') {
            return self.quoted(quote).map(Arg::Text);
        }
        if self.eat("[") {
            let mut items = Vec::new();
            loop {
                self.skip_space();
                if self.eat("]") {
                    return Ok(Arg::List(items));
                }
                items.push(self.value()?);
                self.skip_space();
                if !self.eat(",") && !self.rest().starts_with(']') {
                    return Err("expected `,` or `]` in a list".into());
                }
            }
        }
        if self.eat("true") {
            return Ok(Arg::Bool(true));
        }
        if self.eat("false") {
            return Ok(Arg::Bool(false));
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
            .unwrap_or(rest.len());
        let number = &rest[..len];
        let value = if let Ok(i) = number.parse::<i64>() {
            Arg::Integer(i)
        } else if let Ok(f) = number.parse::<f64>() {
            Arg::Float(f)
        } else {
            let shown: String = rest.chars().take(20).collect();
            return Err(format!("`{shown}` is not a value"));
        };
        self.at += len;
        Ok(value)
    }

    /// A quoted string, with `\` escaping the quote and itself.
    fn quoted(&mut self, quote: char) -> Result<String, String> {
        let mut out = String::new();
        let mut chars = self.rest().char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, c)) => out.push(c),
                    None => break,
                },
                c if c == quote => {
                    self.at += i + c.len_utf8();
                    return Ok(out);
                }
                c => out.push(c),
            }
        }
        Err(format!("a {quote}string{quote} is not closed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shortcodes `note` (HTML) and `list` (markdown) that show their arguments.
    #[derive(Debug)]
    struct Two;

    impl Shortcodes for Two {
        fn output(&self, name: &str) -> Option<Output> {
            match name {
                "note" => Some(Output::Html),
                "list" => Some(Output::Markdown),
                _ => None,
            }
        }
        fn render(&self, call: &Call) -> Result<String, String> {
            let args = serde_json::to_string(&call.args).unwrap();
            Ok(format!(
                "[{} {} {args} {:?}]",
                call.name, call.nth, call.body
            ))
        }
        fn names(&self) -> Vec<String> {
            vec!["note".into(), "list".into()]
        }
        fn fingerprint(&self) -> u64 {
            0
        }
    }

    #[test]
    fn calls_are_found_with_their_arguments_bodies_and_counts() {
        let e = expand(
            "a {{ list(n=1, s=\"x, \\\"y\\\"\", f=1.5, b=true, l=[1, 'z']) }} b \
             {% list() %}\nbody {{ not.a.call }}\n{% end %} {{list()}}",
            &Two,
            &Caller::default(),
        );
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert_eq!(
            e.text,
            "a [list 1 [[\"n\",1],[\"s\",\"x, \\\"y\\\"\"],[\"f\",1.5],[\"b\",true],[\"l\",[1,\"z\"]]] None] b \
             [list 2 [] Some(\"\\nbody {{ not.a.call }}\\n\")] [list 3 [] None]"
        );
    }

    #[test]
    fn html_output_is_put_back_after_markdown() {
        let e = expand(
            "{{ note(a=1) }}\n\nand *{{ note() }}*",
            &Two,
            &Caller::default(),
        );
        assert_eq!(e.html.len(), 2);
        assert!(!e.text.contains("note"), "{}", e.text);
        let html = e.put_back(&format!(
            "<p>{}</p>\n<p>and <em>{}</em></p>",
            placeholder(0),
            placeholder(1)
        ));
        assert_eq!(
            html,
            "[note 1 [[\"a\",1]] None]\n<p>and <em>[note 2 [] None]</em></p>"
        );
    }

    #[test]
    fn escapes_are_written_out_and_unknown_names_are_problems() {
        let e = expand(
            "{{/* note(a=1) */}} {%/* list() */%} {{ youtube() }} {{ notes() }} {{ list(a=) }}",
            &Two,
            &Caller::default(),
        );
        assert!(
            e.text.starts_with("{{ note(a=1) }} {% list() %} "),
            "{}",
            e.text
        );
        let messages: Vec<(&str, &str)> = e
            .problems
            .iter()
            .map(|p| (p.message.as_str(), p.hint.as_str()))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert_eq!(messages[0].0, "unknown shortcode `youtube`");
        assert!(messages[0].1.contains("{{/* ... */}}"), "{}", messages[0].1);
        assert_eq!(
            messages[1],
            ("unknown shortcode `notes`", "did you mean `note`?")
        );
        assert!(
            messages[2].0.contains("`=`") || messages[2].0.contains("value"),
            "{}",
            messages[2].0
        );
        assert_eq!(
            e.problems[2].offset,
            "{{/* note(a=1) */}} {%/* list() */%} {{ youtube() }} {{ notes() }} ".len()
        );
    }

    #[test]
    fn text_that_only_looks_like_a_call_is_left_alone() {
        for text in [
            "{{ page.title }}",
            "{% if x %}",
            "{{ x(",
            "{%/* never closed",
            "{{ a() } }",
            "{{ get_url(path=asset) }}",
        ] {
            let e = expand(text, &Two, &Caller::default());
            assert_eq!(e.text, text);
            assert!(e.problems.is_empty(), "{text}: {:?}", e.problems);
        }
    }
}
