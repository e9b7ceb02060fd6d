//! What a preprocessor (ingest) adds to the site model, behind a small interface in the way
//! mdBook's preprocessors work: the core asks it about terms and pages and gets opaque values
//! back (template values, search text, files), and never learns what they mean. Without
//! `[ingest]` the site has [`NoExtension`].

use std::fmt::Debug;
use tera::Value;

use super::Site;
use crate::content::PageFile;
use crate::error::Error;

/// A term as the search index shows it.
pub struct TermSearch {
    /// What the result says it is ("Company").
    pub kind: String,
    /// The text searched and shown.
    pub body: String,
    /// Text searched but not shown.
    pub also: String,
}

/// What a preprocessor knows of the site it fed.
pub trait Extension: Debug + Send + Sync {
    /// For a taxonomy it fills, whether it knows the term `slug` (a page naming an unknown
    /// one is an error); `None` for the other taxonomies.
    fn knows_term(&self, _taxonomy: &str, _slug: &str) -> Option<bool> {
        None
    }

    /// The slug it gives the term `name` when that is not the slugified name.
    fn term_slug(&self, _taxonomy: &str, _name: &str) -> Option<String> {
        None
    }

    /// The value templates see as `term.entity`.
    fn term_value(&self, _site: &Site, _taxonomy: &str, _slug: &str) -> Option<Value> {
        None
    }

    /// How the search index shows a term of a taxonomy it fills.
    fn term_search(&self, _taxonomy: &str, _slug: &str) -> Option<TermSearch> {
        None
    }

    /// Whether it made the page (such pages are rebuilt with its sources, never patched in
    /// place), and the kind search results show for it.
    fn made(&self, _page: &PageFile) -> Option<&'static str> {
        None
    }

    /// The files it writes, by output path.
    fn file_paths(&self) -> Vec<String> {
        Vec::new()
    }

    /// The content of its file at `path`.
    fn file(&self, _site: &Site, path: &str) -> Result<String, Error> {
        Err(Error::new(format!("no file {path}")))
    }
}

/// The extension of a site without a preprocessor: it knows nothing.
#[derive(Debug, Default)]
pub struct NoExtension;

impl Extension for NoExtension {}
