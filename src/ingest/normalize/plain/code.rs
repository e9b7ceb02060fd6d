//! Unfenced code in plain text: where code regions start and end, and their language.
//! Separate because it is a line classifier of its own, run before the text is read as
//! blocks.

use super::{Region, list_marker};

pub(super) fn code_regions(lines: &[&str]) -> Vec<Region> {
    let n = lines.len();
    let mut regions = Vec::new();
    let mut i = 0;
    while i < n {
        match region_from(lines, i) {
            Ok(end) => {
                let lang = detect_language(&lines[i..end]);
                regions.push(Region {
                    start: i,
                    end,
                    lang,
                });
                i = end;
            }
            Err(next) => i = next.max(i + 1),
        }
    }
    regions
}

/// If a code region starts at line `i`, its end (exclusive); otherwise the next line worth
/// trying.
fn region_from(lines: &[&str], i: usize) -> Result<usize, usize> {
    let line = lines[i];
    let t = line.trim();
    if t.is_empty() {
        return Err(i + 1);
    }
    if is_indented(line) {
        // A run of indented lines: code when most of it looks like code, and not the
        // continuation of a list item.
        let run_end = (i..lines.len())
            .find(|&j| !(lines[j].trim().is_empty() || is_indented(lines[j])))
            .unwrap_or(lines.len());
        let prev = (0..i).rev().find(|&j| !lines[j].trim().is_empty());
        if prev.is_some_and(|j| list_marker(lines[j].trim()).is_some()) {
            return Err(run_end);
        }
        let mut end = i;
        let mut code = 0;
        let mut total = 0;
        let mut j = i;
        while j < lines.len() && (lines[j].trim().is_empty() || is_indented(lines[j])) {
            if !lines[j].trim().is_empty() {
                total += 1;
                if code_like(lines[j].trim()) {
                    code += 1;
                }
                end = j + 1;
            }
            j += 1;
        }
        return if total > 0 && code * 2 >= total {
            Ok(end)
        } else {
            Err(run_end)
        };
    }
    let starts = strong_code_line(t)
        || shell_prompt(t)
        || (is_comment(t)
            && next_code_line(lines, i)
                .is_some_and(|j| strong_code_line(lines[j].trim()) || is_indented(lines[j])));
    if !starts {
        return Err(i + 1);
    }
    let mut end = i + 1;
    let mut j = i + 1;
    while j < lines.len() {
        let l = lines[j];
        let lt = l.trim();
        if lt.is_empty() {
            j += 1;
            continue;
        }
        let continues = is_indented(l)
            || lt.starts_with(['}', ')', ']'])
            || is_comment(lt)
            || shell_prompt(lt)
            || (strong_code_line(lt) || code_like(lt)) && !prose_like(lt);
        if !continues {
            break;
        }
        end = j + 1;
        j += 1;
    }
    Ok(end)
}

fn next_code_line(lines: &[&str], i: usize) -> Option<usize> {
    (i + 1..lines.len().min(i + 6))
        .find(|&j| !lines[j].trim().is_empty() && !is_comment(lines[j].trim()))
}

fn is_indented(line: &str) -> bool {
    line.starts_with("    ") || line.starts_with('\t')
}

fn is_comment(t: &str) -> bool {
    t.starts_with("//") || t.starts_with("/*") || t.starts_with("#!")
}

fn shell_prompt(t: &str) -> bool {
    t.strip_prefix("$ ")
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_ascii_lowercase() || matches!(c, '.' | '/' | '~'))
}

fn ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn dotted_ident(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(ident)
}

/// A line that is code beyond reasonable doubt.
// Longer than 80 lines on purpose: a table of each language's unmistakable line openings,
// one match on the first word, read top to bottom.
fn strong_code_line(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let Some(&first) = words.first() else {
        return false;
    };
    match first {
        // Go
        "package" => words.len() == 2 && ident(words[1]),
        "import" => {
            t == "import ("
                || (words.len() == 2 && words[1].starts_with('"'))
                || (words.len() == 2 && dotted_ident(words[1]))
                || (words.len() == 4
                    && dotted_ident(words[1])
                    && words[2] == "as"
                    && ident(words[3]))
                || (t.contains(" from ")
                    && (t.ends_with('\'')
                        || t.ends_with('"')
                        || t.ends_with("';")
                        || t.ends_with("\";")))
        }
        "func" => t.contains('(') && (t.ends_with('{') || t.ends_with(')') || t.contains(") ")),
        "type" => {
            words.len() >= 3
                && ident(words[1])
                && (matches!(
                    words[2],
                    "struct" | "interface" | "func" | "map" | "=" | "struct{" | "interface{"
                ) || words[2].starts_with('[')
                    || words[2].starts_with('*'))
        }
        "var" | "const" | "let" => {
            t == "var ("
                || t == "const ("
                || (words.len() >= 3 && (words[2] == "=" || words[2] == ":=" || words[1] == "mut"))
        }
        // Python
        "def" | "async" if t.contains('(') && t.ends_with(':') => true,
        "class" => words.len() >= 2 && (t.ends_with(':') || t.ends_with('{')),
        "from" => words.len() >= 4 && dotted_ident(words[1]) && words[2] == "import",
        "if" if t.starts_with("if __name__") => true,
        // JavaScript
        "function" | "function*" => t.contains('('),
        "export" => {
            words.len() >= 2
                && matches!(
                    words[1],
                    "default"
                        | "const"
                        | "function"
                        | "class"
                        | "async"
                        | "let"
                        | "type"
                        | "interface"
                )
        }
        "module.exports" => true,
        // Rust
        "fn" => t.contains('('),
        "pub" => {
            (words.len() >= 2
                && matches!(
                    words[1],
                    "fn" | "struct"
                        | "enum"
                        | "mod"
                        | "use"
                        | "trait"
                        | "const"
                        | "static"
                        | "type"
                ))
                || t.starts_with("pub(")
        }
        "impl" => t.ends_with('{'),
        "use" => t.ends_with(';') && t.contains("::"),
        "mod" => words.len() == 2 && t.ends_with(';'),
        "struct" | "enum" | "trait" => words.len() >= 2 && (t.ends_with('{') || t.ends_with(';')),
        // C, Java
        "#include" => true,
        "public" | "private" | "protected" => {
            (t.contains('(') && (t.ends_with('{') || t.ends_with(';'))) || t.contains(" class ")
        }
        _ => {
            t.starts_with("#[")
                || t.starts_with("console.")
                || t.starts_with("int main(")
                || (t.starts_with('@')
                    && t.len() > 1
                    && ident(t[1..].split('(').next().unwrap_or_default())
                    && words.len() == 1)
        }
    }
}

/// A line that reads like code in context (inside a region).
fn code_like(t: &str) -> bool {
    if strong_code_line(t) || t.starts_with(['}', ')', ']']) || is_comment(t) {
        return true;
    }
    if t.ends_with(['{', '(', '[', ';', ',']) || t.ends_with("=>") || t.ends_with(" \\") {
        return !prose_like(t);
    }
    let first = t.split_whitespace().next().unwrap_or_default();
    let first_word = first.trim_end_matches(':');
    const KEYWORDS: &[&str] = &[
        "if", "for", "while", "switch", "case", "return", "else", "elif", "try", "except", "catch",
        "finally", "select", "match", "go", "defer", "break", "continue", "default", "print",
        "println", "raise", "yield", "await", "throw", "echo", "export", "cd", "sudo", "pass",
        "del", "with", "loop", "do", "done", "fi", "then", "end",
    ];
    if KEYWORDS.contains(&first_word) && !prose_like(t) {
        return true;
    }
    // Assignment or call: `x := f()`, `x = 1`, `fmt.Println(x)`, `x++`.
    let lead: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '*' | '&'))
        .collect();
    if !lead.is_empty()
        && lead
            .chars()
            .next()
            .is_some_and(|c| !c.is_uppercase() || lead.contains('.'))
    {
        let rest = t[lead.len()..].trim_start();
        if rest.starts_with(":=")
            || rest.starts_with("= ")
            || rest.starts_with("+=")
            || rest.starts_with("-=")
            || rest.starts_with("++")
            || rest.starts_with("--")
            || rest.starts_with('(')
            || rest.starts_with("<-")
            || rest.starts_with(", ")
        {
            return !prose_like(t);
        }
    }
    t.starts_with("<-")
}

/// A line that reads like an English sentence.
fn prose_like(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let first_upper = t.chars().next().is_some_and(char::is_uppercase);
    let ends = t.ends_with(['.', '!', '?', ':']) || t.ends_with(".\"") || t.ends_with(".”");
    let codeish = t.contains(":=")
        || t.contains('{')
        || t.contains('}')
        || t.contains(';')
        || t.contains("()");
    if codeish {
        return false;
    }
    (first_upper && words >= 4 && ends) || words >= 10
}

/// Scores the languages a region could be in; Go wins ties, "text" when nothing matches.
// Longer than 80 lines on purpose: the scoring table of every language, in one place so the
// weights can be compared side by side.
fn detect_language(lines: &[&str]) -> &'static str {
    let text = lines.join("\n");
    let count = |needle: &str| text.matches(needle).count() as i32;
    let starts = |prefix: &str| {
        lines
            .iter()
            .filter(|l| l.trim_start().starts_with(prefix))
            .count() as i32
    };
    let mut scores: Vec<(&'static str, i32)> = vec![
        (
            "go",
            3 * starts("package ")
                + 3 * starts("func ")
                + 2 * count(":=")
                + 3 * starts("import (")
                + 2 * count("fmt.")
                + 2 * count("err != nil")
                + count("chan ")
                + 2 * count("go func")
                + 2 * starts("defer ")
                + count("struct {")
                + count("interface{"),
        ),
        (
            "python",
            3 * starts("def ")
                + 3 * starts("from ")
                + 2 * count("self.")
                + count("print(")
                + 2 * starts("elif ")
                + count("None")
                + 3 * count("__name__")
                + starts("import ") * i32::from(!text.contains("import (")),
        ),
        (
            "rust",
            3 * starts("fn ")
                + 3 * count("let mut ")
                + 2 * starts("impl")
                + 3 * starts("pub fn")
                + 3 * starts("use std::")
                + 2 * starts("#[")
                + 3 * count("println!")
                + 2 * count("&mut ")
                + count("::")
                + count("Vec<"),
        ),
        (
            "javascript",
            2 * starts("function")
                + starts("const ")
                + 2 * count("=> ")
                + 3 * count("console.")
                + 3 * count("require(")
                + 2 * starts("export ")
                + 2 * count("===")
                + 2 * count("document."),
        ),
        (
            "bash",
            3 * lines.iter().filter(|l| shell_prompt(l.trim())).count() as i32
                + 4 * starts("#!/bin/")
                + 2 * starts("sudo ")
                + starts("echo ")
                + starts("cd ")
                + starts("curl ")
                + starts("apt"),
        ),
        (
            "java",
            3 * count("public static") + 3 * count("System.out") + 2 * count("public class"),
        ),
        ("c", 3 * starts("#include") + 2 * count("printf(")),
    ];
    // Stable: ties keep the order above (Go first).
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    match scores.first() {
        Some((lang, score)) if *score > 0 => lang,
        _ => "text",
    }
}
