//! Escaping plain text for markdown: inside a line, in a heading, and at a line start.
//! Separate because every shape writes plain text into markdown through these.

/// Escapes heading text so that it stays plain text: no emphasis, links, code spans, HTML,
/// attribute blocks or closing `#` sequence.
pub(crate) fn escape_heading(text: &str) -> String {
    let mut s = escape_inline(text);
    if s.ends_with('#') {
        let trimmed = s.trim_end_matches('#');
        if trimmed.is_empty() || trimmed.ends_with(' ') {
            let n = s.len() - trimmed.len();
            s = format!("{trimmed}\\{}", "#".repeat(n));
        }
    }
    s
}

/// Escapes the characters that could turn plain text into markup inside a line.
pub(crate) fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' => next.is_some_and(|n| n.is_ascii_punctuation()) || next.is_none(),
            '`' | '*' | '[' | ']' | '{' | '}' | '<' | '|' => true,
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '~' => next == Some('~') || prev == Some('~'),
            '&' => looks_like_entity(&chars[i + 1..]),
            '!' => next == Some('['),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn looks_like_entity(rest: &[char]) -> bool {
    let body: String = rest
        .iter()
        .take(33)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !body.is_empty() && rest.get(body.chars().count()) == Some(&';')
}

/// Escapes what would make a paragraph line start a block of another kind.
pub(crate) fn escape_line_start(line: &str) -> String {
    let t = line.trim_start();
    let first = t.chars().next();
    let needs = match first {
        Some('#' | '>' | '=' | '|' | '+' | '-' | '*' | '`' | '~') => true,
        Some(c) if c.is_ascii_digit() => {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            matches!(t[digits..].chars().next(), Some('.' | ')'))
        }
        _ => false,
    };
    if !needs {
        return t.to_string();
    }
    if first.is_some_and(|c| c.is_ascii_digit()) {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    format!("\\{t}")
}
