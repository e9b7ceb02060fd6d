//! The integration tests, one binary (one link, shared helpers): each module builds fixture
//! sites (`tests/fixtures/`) or the bundled site into temporary folders and checks the output,
//! the command line, the dev server or the browser. `tests/ingest_linear.rs` stays a binary of
//! its own: it times ingest, and the other tests running beside it would skew the timings.

#[path = "../support/adversarial.rs"]
mod adversarial;
mod common;

mod build;
mod cli;
mod compat;
mod e2e;
mod errors;
mod fuzz;
mod ingest;
mod sass;
mod security;
mod serve;
mod shortcodes;
mod theme;
mod warm;
mod zola;
