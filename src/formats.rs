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
            failure(format, path, line + shift, col, &tidy(e.message()))
        }),
        Format::Yaml => {
            // An empty YAML block means no fields, as an empty TOML block does.
            let text = if text.trim().is_empty() { "{}" } else { text };
            serde_saphyr::from_str(text).map_err(|e| {
                let (line, col) = e
                    .location()
                    .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
                failure(format, path, line + shift, col.max(1), &yaml_message(&e))
            })
        }
        Format::Json => serde_json::from_str(text).map_err(|e| {
            failure(
                format,
                path,
                e.line() + shift,
                e.column().max(1),
                &strip_json_position(&e),
            )
        }),
    }
}

/// A parse error at a position. An unknown field near a known one says only that, with the
/// known one as the help (`generate_feed` -> "did you mean `generate_feeds`?") instead of the
/// list of every field.
fn failure(format: Format, path: &Path, line: usize, col: usize, message: &str) -> Error {
    let error = failure_of(format, path, line, col, message);
    // serde says so only in its text; from here on the kind says it.
    if message.starts_with("missing field") {
        error.of_kind(crate::error::ErrorKind::MissingField)
    } else {
        error
    }
}

fn failure_of(format: Format, path: &Path, line: usize, col: usize, message: &str) -> Error {
    let kind = format.name();
    match nearest_field(message) {
        Some(field) => {
            let short = message.split(", expected").next().unwrap_or(message);
            Error::at(path, line, col, format!("invalid {kind}: {short}"))
                .with_hint(format!("did you mean `{field}`?"))
        }
        None => {
            Error::at(path, line, col, format!("invalid {kind}: {message}")).with_hint(format!(
                "fix the {kind} at that position; field names and types are listed in the README"
            ))
        }
    }
}

/// From serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`"):
/// the expected field closest to `x`, when it is close enough to be a slip.
fn nearest_field(message: &str) -> Option<String> {
    let rest = message.split_once("unknown field `")?.1;
    let (unknown, expected) = rest.split_once('`')?;
    crate::error::nearest(unknown, expected.split('`').skip(1).step_by(2)).map(str::to_string)
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

    #[test]
    fn an_unknown_field_suggests_the_nearest_one() {
        let near = |m: &str| nearest_field(m);
        assert_eq!(
            near("unknown field `generate_feed`, expected one of `title`, `generate_feeds`, `feed_limit`")
                .as_deref(),
            Some("generate_feeds")
        );
        assert_eq!(
            near("unknown field `Titel`, expected `title` or `date`").as_deref(),
            Some("title")
        );
        assert_eq!(
            near("unknown field `colour_scheme`, expected one of `title`, `date`"),
            None
        );
        assert_eq!(near("invalid type: string, expected a boolean"), None);
    }

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
