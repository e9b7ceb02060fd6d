//! Data files under `data/` (TOML, YAML, JSON), loaded once per build for `load_data`.

use std::collections::BTreeMap;
use std::path::Path;

use super::{display, read_utf8};
use crate::error::Errors;
use crate::formats::{self, Format};

/// The data directory's name under the site root.
pub const DATA_DIR: &str = "data";

/// Parsed data files by path relative to `data/` (`companies.toml`).
pub type DataFiles = BTreeMap<String, serde_json::Value>;

/// Reads every data file. A missing `data/` is no data; a malformed file is an error naming
/// its line.
pub fn load(root: &Path) -> Result<DataFiles, Errors> {
    let dir = root.join(DATA_DIR);
    let mut files = DataFiles::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let (found, mut errors) = super::walk::files(root, &dir, |_| false);
    for (key, path) in found {
        let Some(format) = Format::from_extension(&path) else {
            continue;
        };
        let shown = display(root, &path);
        let parsed = read_utf8(&path, &shown)
            .and_then(|text| formats::parse::<serde_json::Value>(format, &text, &shown, 1));
        match parsed {
            Ok(value) => {
                files.insert(key, value);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(Errors(errors))
    }
}

/// The key under which a template's `load_data(path=...)` finds a file: paths may be written
/// relative to `data/` or to the site root.
pub fn key(path: &str) -> &str {
    path.trim_start_matches("./").trim_start_matches("data/")
}
