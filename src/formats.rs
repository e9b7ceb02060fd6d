//! Parsing TOML, YAML and JSON from user files into typed values, with errors that point at the
//! file, line and column.
//!
//! Front matter is a block inside a larger file, so callers pass the line the block starts on;
//! the parsers only see the block and report positions within it.

use serde::de::DeserializeOwned;
use std::path::Path;

use crate::error::{Error, Result, line_col};

/// The data languages Gazette reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML (config, `+++` front matter, data files).
    Toml,
    /// YAML (`---` front matter, data files).
    Yaml,
    /// JSON (data files).
    Json,
}

impl Format {
    /// The format a data file's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "toml" => Some(Format::Toml),
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
            Format::Json => "JSON",
        }
    }
}

/// Parses `text` (which starts on line `first_line` of `path`) as `format` into `T`.
pub fn parse<T: DeserializeOwned>(
    format: Format,
    text: &str,
    path: &Path,
    first_line: usize,
) -> Result<T> {
    let shift = first_line.saturating_sub(1);
    match format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            Error::at(
                path,
                line + shift,
                col,
                format!("invalid TOML: {}", tidy(e.message())),
            )
            .with_hint(hint_for(format))
        }),
        Format::Yaml => {
            // An empty YAML block means no fields, as an empty TOML block does.
            let text = if text.trim().is_empty() { "{}" } else { text };
            serde_saphyr::from_str(text).map_err(|e| {
                let (line, col) = e
                    .location()
                    .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
                Error::at(
                    path,
                    line + shift,
                    col.max(1),
                    format!("invalid YAML: {}", yaml_message(&e)),
                )
                .with_hint(hint_for(format))
            })
        }
        Format::Json => serde_json::from_str(text).map_err(|e| {
            Error::at(
                path,
                e.line() + shift,
                e.column().max(1),
                format!("invalid JSON: {}", strip_json_position(&e)),
            )
            .with_hint(hint_for(format))
        }),
    }
}

fn hint_for(format: Format) -> String {
    format!(
        "fix the {} at that position; field names and types are listed in the README",
        format.name()
    )
}

/// toml's messages end with a newline and sometimes repeat themselves; keep the first line.
fn tidy(message: &str) -> String {
    message
        .trim()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// saphyr's Display adds a source snippet and the position; we print our own position, so keep
/// only the first line of the message and drop a trailing " at line X column Y".
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // "line 2 column 7: message": the position is ours to print, shifted to the file.
    let first = match first.split_once(": ") {
        Some((pos, rest)) if pos.starts_with("line ") && pos.contains(" column ") => rest,
        _ => first,
    };
    match first.find(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

fn strip_json_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
    }

    #[test]
    fn toml_error_is_shifted_to_file_line() {
        let err = parse::<Fm>(Format::Toml, "title = 5\n", Path::new("a.md"), 2).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(9)));
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }

    #[test]
    fn yaml_error_has_line() {
        let err =
            parse::<Fm>(Format::Yaml, "title: ok\ntitel: x\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, Some(3), "{err}");
        assert!(err.message.contains("titel"), "{}", err.message);
    }

    #[test]
    fn json_error_has_line() {
        let err =
            parse::<Fm>(Format::Json, "{\n \"title\": }", Path::new("d.json"), 1).unwrap_err();
        assert_eq!(err.location.unwrap().line, Some(2));
    }
}
