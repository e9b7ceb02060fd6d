//! The `gazette` command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

use crate::error::Errors;
use crate::pipeline::{self, BuildOptions};

/// Gazette: a fast, friendly static site generator.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about, long_about = None)]
pub struct Cli {
    /// The site's root directory (the one with config.toml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Gazette's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with a config, sample content and the default theme.
    ///
    /// DIR defaults to --root (the current directory). Refuses to overwrite existing files.
    Init {
        /// Where to create the site.
        dir: Option<PathBuf>,
    },
    /// Build the site into the output directory (public/ by default).
    ///
    /// The build renders into a staging directory and swaps it in at the end: a failed build
    /// leaves the previous output untouched. Ends with one summary line. What it rendered is
    /// kept in .gazette-cache/build/, so the next build renders only what changed.
    Build {
        /// Publish under this URL instead of config.toml's base_url.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Write here instead of config.toml's output_dir.
        #[arg(long, value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Fail (exit 1) when a raw source cannot be ingested, instead of skipping it.
        #[arg(long)]
        strict: bool,
        /// Render every output, neither reading nor writing the build cache
        /// (.gazette-cache/build/).
        #[arg(long)]
        no_cache: bool,
    },
    /// Build without writing anything and list every broken internal link and anchor.
    ///
    /// Every `href` and `src` of the rendered pages that points inside the site is checked
    /// (relative, root-relative or under `base_url`), with its `#anchor`. Exits 1 if any link
    /// is broken or the site does not build.
    Check {
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Also fetch every link to another site (limits and skip list in `[link_checker]`).
        #[arg(long)]
        external: bool,
    },
    /// Serve the site locally with live reload, rebuilding on every change.
    ///
    /// Keeps the built site in memory (public/ is never touched), reloads open pages after a
    /// rebuild (stylesheets alone are swapped in place), and shows build errors as an overlay
    /// in the browser until the file is fixed. Stop with Ctrl-C.
    Serve {
        /// Port to listen on (default: 1111, or the next free port).
        #[arg(long)]
        port: Option<u16>,
        /// Address to bind; anything but loopback exposes the site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Milliseconds a connection has to deliver a request head (and stay idle); see
        /// the README. Hidden: the defaults suit people, tests make them small.
        #[arg(long, hide = true)]
        head_timeout_ms: Option<u64>,
        /// The most connections open at once.
        #[arg(long, hide = true)]
        max_connections: Option<usize>,
        /// The most live-reload event streams open at once.
        #[arg(long, hide = true)]
        max_event_streams: Option<usize>,
    },
    /// Show what the build understands of a raw document: its normalized front matter (with the
    /// companies, domains and comparisons found) and markdown.
    ///
    /// FILE is any .md, .markdown or .txt file; the curated knowledge comes from the site's
    /// [ingest] knowledge file (data/companies.toml) when --root points at a site.
    Ingest {
        /// The raw document.
        file: PathBuf,
        /// List every candidate company instead: its score, the evidence for and against,
        /// and whether it was kept.
        #[arg(long)]
        explain: bool,
    },
}

fn print_errors(errors: &Errors) {
    eprintln!("{errors}");
}

fn print_warnings(warnings: &[crate::Error]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
    if !warnings.is_empty() {
        eprintln!("(use --strict to make these errors)");
    }
}

/// Runs a parsed command; returns the exit code (0 ok, 1 user error).
pub fn run(cli: Cli) -> i32 {
    let root = cli.root;
    match cli.command {
        Command::Init { dir } => init(&dir.unwrap_or(root)),
        Command::Build {
            base_url,
            output_dir,
            drafts,
            strict,
            no_cache,
        } => build(BuildOptions {
            root,
            base_url,
            output_dir,
            drafts,
            strict,
            no_cache,
        }),
        Command::Serve {
            port,
            bind,
            open,
            drafts,
            head_timeout_ms,
            max_connections,
            max_event_streams,
        } => {
            let defaults = crate::serve::net::Limits::default();
            let limits = crate::serve::net::Limits {
                head_timeout: head_timeout_ms.map_or(defaults.head_timeout, |ms| {
                    std::time::Duration::from_millis(ms.max(1))
                }),
                max_connections: max_connections.unwrap_or(defaults.max_connections),
                max_event_streams: max_event_streams.unwrap_or(defaults.max_event_streams),
                ..defaults
            };
            exit_code(crate::serve::serve(crate::serve::ServeOptions {
                root,
                port,
                bind,
                open,
                drafts,
                limits,
            }))
        }
        Command::Ingest { file, explain } => match crate::ingest::explain(&root, &file, explain) {
            Ok(text) => {
                print!("{text}");
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        },
        Command::Check { drafts, external } => check(
            BuildOptions {
                root,
                drafts,
                ..BuildOptions::default()
            },
            external,
        ),
    }
}

/// 0, or 1 with the errors printed.
fn exit_code(result: Result<(), Errors>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(errors) => {
            print_errors(&errors);
            1
        }
    }
}

/// `gazette init`: the starter site, and where to go next.
fn init(dir: &std::path::Path) -> i32 {
    match crate::init::scaffold(dir) {
        Ok(files) => {
            // Where people go next: into the folder, to preview it.
            let next = if dir == std::path::Path::new(".") {
                "gazette serve".to_string()
            } else {
                format!("cd {} && gazette serve", dir.display())
            };
            println!(
                "Created a new site in {} ({files} files). Next: {next}",
                dir.display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// `gazette build`: the summary line, or the errors and what became of the previous output.
fn build(options: BuildOptions) -> i32 {
    match pipeline::build(&options) {
        Ok(report) => {
            print_warnings(&report.warnings);
            println!("{}", report.summary());
            0
        }
        Err(errors) => {
            print_errors(&errors);
            match pipeline::previous_output(&options) {
                Some(dir) => eprintln!(
                    "Build failed; the previous output in {} was left as it was.",
                    dir.strip_prefix(".").unwrap_or(&dir).display()
                ),
                None => eprintln!("Build failed; nothing was written."),
            }
            1
        }
    }
}

/// `gazette check`: every broken link, or what was checked.
fn check(options: BuildOptions, external: bool) -> i32 {
    match pipeline::check(&options, external) {
        Ok((report, broken)) if broken.is_empty() => {
            print_warnings(&report.warnings);
            let kind = if external { "" } else { " internal" };
            println!(
                "Checked {} and {}: no broken{kind} links.",
                pipeline::counted(report.pages, "page", "pages"),
                pipeline::counted(report.sections, "section", "sections")
            );
            0
        }
        Ok((_, broken)) => {
            let n = broken.len();
            print_errors(&Errors(broken));
            eprintln!("{}.", pipeline::counted(n, "broken link", "broken links"));
            1
        }
        Err(errors) => {
            print_errors(&errors);
            1
        }
    }
}
