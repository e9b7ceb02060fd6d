//! One error type for everything a user can get wrong.
//!
//! Every error that comes from a user's file carries the file, and where it applies the line and
//! column, plus a hint saying how to fix it. The CLI prints it as one block and exits 1; nothing
//! in the pipeline panics on bad input.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a user's file an error was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as given (usually relative to the site root, for short messages).
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

/// What kind of problem an error is, for code that treats kinds differently: it matches on
/// this, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorKind {
    /// Anything without a special treatment.
    #[default]
    Other,
    /// A file lacks a required field (serde's "missing field").
    MissingField,
}

/// The outputs an error happened in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// The one being made when it happened (a template error while rendering
    /// `content/about.md`); shown after the message.
    pub first: String,
    /// How many others failed with the same error (reported once).
    pub others: usize,
}

/// A user-facing error: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// Where the problem is, if it comes from a file.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Which outputs it happened in, for errors met while making outputs (boxed: most errors
    /// have none, and `Result<_, Error>` stays small).
    pub outputs: Option<Box<Outputs>>,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The same error `lines` further down its file (for a part of a file read on its own).
    pub fn shifted(mut self, lines: usize) -> Self {
        if let Some(line) = self.location.as_mut().and_then(|l| l.line.as_mut()) {
            *line += lines;
        }
        self
    }

    /// An error not tied to a file.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Other,
            location: None,
            message: message.into(),
            outputs: None,
            hint: None,
        }
    }

    /// An error about a whole file.
    pub fn in_file(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error {
            location: Some(Location {
                path: path.as_ref().to_path_buf(),
                line: None,
                column: None,
            }),
            ..Error::new(message)
        }
    }

    /// An error at a line and column of a file (both 1-based).
    pub fn at(
        path: impl AsRef<Path>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Error {
            location: Some(Location {
                path: path.as_ref().to_path_buf(),
                line: Some(line),
                column: Some(column),
            }),
            ..Error::new(message)
        }
    }

    /// Sets what kind of problem it is.
    pub fn of_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// Says which output was being made when it happened.
    pub fn while_making(mut self, what: impl Into<String>) -> Self {
        self.outputs = Some(Box::new(Outputs {
            first: what.into(),
            others: 0,
        }));
        self
    }

    /// Adds the "how to fix it" part.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// An I/O failure on a path, with the OS reason.
    pub fn io(path: impl AsRef<Path>, action: &str, err: &std::io::Error) -> Self {
        Error::in_file(path, format!("cannot {action}: {err}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{}", loc.path.display())?;
            if let Some(line) = loc.line {
                write!(f, ":{line}")?;
                if let Some(col) = loc.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(outputs) = &self.outputs {
            write!(f, " (while rendering {})", outputs.first)?;
            match outputs.others {
                0 => {}
                1 => write!(f, " (and 1 more output with the same error)")?,
                n => write!(f, " (and {n} more outputs with the same error)")?,
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Several errors found in one pass (e.g. every broken link), reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        Ok(())
    }
}

/// The candidate closest to `word` (case-insensitive edit distance) when it is close enough
/// to be a slip: for "did you mean" hints. Close enough is one edit in a short name, and one
/// per four characters in a longer one (`shout` is not a slip of `sort`).
pub fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= 1.max(c.len() / 4) && *distance < c.len())
        .min()
        .map(|(_, c)| c)
}

/// Converts a byte offset into `text` to a 1-based (line, column), counting columns in chars.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 100), (3, 2));
    }

    #[test]
    fn display_names_file_line_and_hint() {
        let e = Error::at("content/a.md", 3, 7, "bad date").with_hint("use YYYY-MM-DD");
        assert_eq!(
            e.to_string(),
            "content/a.md:3:7: bad date\n  help: use YYYY-MM-DD"
        );
    }
}
