//! Gazette: a static site generator.
//!
//! The pipeline, one module per stage:
//! [`config`] -> [`content`] (walk, front matter, data files) -> [`site`] (sections, pages,
//! taxonomies, URLs; runs [`markdown`]) -> [`render`] (tera) -> [`output`] (sinks, static files).
//! [`pipeline`] runs it end to end; [`incremental`] keeps what a dev session's rebuilds reuse;
//! [`serve`] is the dev server and [`cli`] the `gazette` command on top.

pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod formats;
pub mod incremental;
pub mod ingest;
pub mod init;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod sync;

pub use error::{Error, Errors};
