//! The build cache on disk: what `gazette build` keeps in `.gazette-cache/build/` so that the
//! next build renders only what changed since.
//!
//! It holds two things, and nothing a build cannot make again:
//! - every page's and section's rendered markdown, under the key that made it (the file's
//!   bytes, its URL, the markdown options, the shortcodes; see `Site::render_body`), in
//!   `markdown/`: a fixed number of shard files by id, each rewritten only when one of its
//!   bodies changed;
//! - in `outputs.bin`, the memo of every output (see [`super::memo`]): its signature and what
//!   its templates read, without its bytes. The bytes are in the last build's output folder;
//!   an output whose signature and reads did not change is hard-linked from there into the
//!   new one.
//!
//! What the keys do not cover, the cache's `inputs` stamp does, and a stamp that differs
//! throws the whole cache away: the Gazette binary itself, the build's options, and the size
//! and time of every file of the site other than the markdown in `content/` (config, templates,
//! themes, data, static files, assets: anything a template or shortcode may read), leaving out
//! top-level hidden folders and other tools' build folders (see `site_inputs`). Content
//! markdown is read in full on every build, so its edits are seen by its bytes. An output file
//! changed or removed by hand since the last build is rendered again, not reused. Templates
//! that call Tera 1's `now()`, `get_env()` or `get_random()` give different output each run,
//! so such a site gets no cache; nor does a build that resized images (which output or body
//! asked for which image is not recorded). `tests/it/warm.rs` compares warm builds with cold
//! ones over random edits.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{BufReader, BufWriter, Write};

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Caches;
use super::memo::{RenderMemo, SavedOutput};
use crate::content::file_stamp;
use crate::markdown::Rendered;
use crate::site::MarkdownCache;

/// Bumped whenever what is saved changes shape or meaning.
const FORMAT: u32 = 3;
/// The folder of the cache, in the site's `.gazette-cache/`.
const DIR: &str = "build";
/// The memo of outputs, in [`DIR`].
const OUTPUTS: &str = "outputs.bin";
/// The folder of rendered markdown, in [`DIR`].
const MARKDOWN: &str = "markdown";
/// How many files the rendered markdown is saved in.
const SHARDS: usize = 128;
/// Template calls whose result differs from run to run (Tera 1's, for Zola sites).
const UNREPEATABLE: [&str; 3] = ["now(", "get_env(", "get_random("];

/// What a build saves in `outputs.bin`.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    format: u32,
    inputs: u64,
    outputs: Vec<SavedOutput>,
    /// Each output file's stamp as written (size and time), by output path.
    stamps: Vec<(String, u64)>,
}

/// One rendered markdown as saved in a shard of `markdown/`: `M` is borrowed while saving (the
/// site still shares it) and owned when loading; both are written alike.
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedMarkdown<M> {
    id: String,
    key: u64,
    rendered: M,
}

/// The build cache of one site and output folder.
pub struct DiskCache {
    dir: PathBuf,
    output: PathBuf,
    inputs: u64,
}

impl DiskCache {
    /// The cache of a build of the site at `root` into `output`, with `options` (anything that
    /// changes what a build makes: drafts, `--base-url`). `None` when the site cannot have one:
    /// its cache folder is a link or not a folder (it could lead writes out of the site), or its
    /// templates call a function whose result differs from run to run.
    pub fn open(root: &Path, output: &Path, options: impl Hash) -> Option<DiskCache> {
        let output = std::path::absolute(output).ok()?;
        let dir = crate::cache::site_folder(root, DIR).ok()?;
        let mut h = crate::render::signatures::hasher();
        (FORMAT, env!("CARGO_PKG_VERSION"), &output, options).hash(&mut h);
        // The binary: another build of Gazette may render differently.
        std::env::current_exe()
            .ok()
            .and_then(|exe| file_stamp(&exe))
            .hash(&mut h);
        let inputs = site_inputs(root, &output, &mut h)?;
        Some(DiskCache {
            dir,
            output,
            inputs,
        })
    }

    /// The caches the last build saved, when they were made from the same inputs; empty
    /// caches otherwise (a missing, stale or unreadable file is a cold build, never an error).
    /// Outputs no longer in the output folder as written are left out, so they are rendered.
    pub fn load(&self) -> Caches {
        let saved: Option<Saved> = read(&self.dir.join(OUTPUTS));
        // Without the memo the bodies are not read either: the last build left no cache (it
        // made images) or was made from other inputs.
        let Some(saved) = saved.filter(|s| s.format == FORMAT && s.inputs == self.inputs) else {
            return Caches::for_build(MarkdownCache::default(), RenderMemo::on_disk(Vec::new()));
        };
        let stamps: HashMap<String, u64> = saved.stamps.into_iter().collect();
        // Still the file this build wrote: not a link put in its place, same size and time.
        let intact = |path: &str| {
            let file = self.output.join(path);
            let plain = std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file());
            let stamp = file_stamp(&file);
            plain && stamp.is_some() && stamps.get(path) == stamp.as_ref()
        };
        let outputs = (saved.outputs.into_iter())
            .filter(|o| intact(&o.path) && o.beside.iter().all(|b| intact(b)))
            .collect();
        // Only plain files in a plain folder: a link could lead the reads out of the site.
        let dir = self.dir.join(MARKDOWN);
        let files: Vec<PathBuf> = (is_plain(&dir, true))
            .then(|| std::fs::read_dir(&dir).ok())
            .flatten()
            .map(|d| {
                (d.flatten())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default();
        // A shard of other inputs (left by a build whose clean-up failed) is not read.
        let markdown: Vec<(String, u64, Arc<Rendered>)> = (files.par_iter())
            .filter_map(|file| read::<(u64, Vec<SavedMarkdown<Rendered>>)>(file))
            .filter(|(inputs, _)| *inputs == self.inputs)
            .flat_map(|(_, shard)| shard)
            .map(|m| (m.id, m.key, Arc::new(m.rendered)))
            .collect();
        Caches::for_build(
            MarkdownCache::from_entries(markdown),
            RenderMemo::on_disk(outputs),
        )
    }

    /// Where the last output is: the folder the reused outputs are taken from.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Saves the rendered markdown of the site `caches` built, in [`SHARDS`] files by id: a
    /// shard is written only when one of its bodies changed (its name is the hash of what it
    /// holds), so a first build writes a few big files, not one per page, and a one-page edit
    /// rewrites one shard. Can run while the output is committed.
    pub fn save_markdown(&self, caches: &Caches) {
        let Some(site) = caches.site() else { return };
        let dir = self.dir.join(MARKDOWN);
        if !is_plain(&dir, true) && std::fs::create_dir(&dir).is_err() {
            return;
        }
        let ids: HashSet<String> = (site.pages.iter())
            .map(|p| p.file.relative.clone())
            .chain(site.sections.iter().map(|s| s.markdown_id()))
            .collect();
        let entries = caches.markdown.entries();
        let mut shards: Vec<Vec<SavedMarkdown<&Rendered>>> =
            (0..SHARDS).map(|_| Vec::new()).collect();
        for (id, key, rendered) in entries.iter().filter(|(id, _, _)| ids.contains(id)) {
            let mut h = crate::render::signatures::hasher();
            id.hash(&mut h);
            shards[(h.finish() % SHARDS as u64) as usize].push(SavedMarkdown {
                id: id.clone(),
                key: *key,
                rendered,
            });
        }
        // Named by the inputs stamp and what the shard holds (its ids and keys, in id order).
        let named: HashMap<String, &Vec<SavedMarkdown<&Rendered>>> = (shards.iter())
            .filter(|shard| !shard.is_empty())
            .map(|shard| {
                let mut h = crate::render::signatures::hasher();
                self.inputs.hash(&mut h);
                shard.iter().for_each(|m| (&m.id, m.key).hash(&mut h));
                (format!("{:016x}.bin", h.finish()), shard)
            })
            .collect();
        let existing: HashSet<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        (existing.par_iter())
            .filter(|name| !named.contains_key(*name))
            .for_each(|name| {
                let _ = std::fs::remove_file(dir.join(name));
            });
        (named.par_iter())
            .filter(|(name, _)| !existing.contains(*name))
            .for_each(|(name, shard)| {
                let _ = write(&dir.join(name), &(self.inputs, shard));
            });
    }

    /// Saves the memo of the outputs after the build was committed to the output folder, with
    /// the stamp of each file as it is there. A memo that cannot be written is removed: the
    /// next build is cold, not wrong.
    pub fn save_outputs(&self, caches: &Caches) {
        let file = self.dir.join(OUTPUTS);
        let outputs = caches.memo.saved();
        let mut stamps = Vec::new();
        for o in &outputs {
            for path in std::iter::once(&o.path).chain(&o.beside) {
                match file_stamp(&self.output.join(path)) {
                    Some(stamp) => stamps.push((path.clone(), stamp)),
                    None => {
                        let _ = std::fs::remove_file(&file);
                        return;
                    }
                }
            }
        }
        let saved = Saved {
            format: FORMAT,
            inputs: self.inputs,
            outputs,
            stamps,
        };
        if write(&file, &saved).is_err() {
            let _ = std::fs::remove_file(&file);
        }
    }

    /// Removes the cache: the next build is cold.
    pub fn clear(&self) {
        let _ = std::fs::remove_file(self.dir.join(OUTPUTS));
        let _ = std::fs::remove_dir_all(self.dir.join(MARKDOWN));
    }
}

/// Whether `path` is a folder (`folder`) or a file, itself and not a link to one.
fn is_plain(path: &Path, folder: bool) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| if folder { m.is_dir() } else { m.is_file() })
}

/// Reads one saved value; `None` when the file is missing, a link, or not one (a cold start).
fn read<T: serde::de::DeserializeOwned>(file: &Path) -> Option<T> {
    if !is_plain(file, false) {
        return None;
    }
    let f = std::fs::File::open(file).ok()?;
    let limit = f.metadata().ok()?.len();
    let options = bincode::Options::with_limit(bincode::DefaultOptions::new(), limit);
    bincode::Options::deserialize_from(options, BufReader::new(f)).ok()
}

/// Writes one value beside `file` and renames it over: a killed build leaves the old file or
/// the new one, never half of one.
fn write<T: serde::Serialize>(file: &Path, value: &T) -> std::io::Result<()> {
    let dir = file.parent().ok_or(std::io::ErrorKind::NotFound)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = BufWriter::new(temp.as_file_mut());
        bincode::Options::serialize_into(bincode::DefaultOptions::new(), &mut w, value)
            .map_err(std::io::Error::other)?;
        w.flush()?;
    }
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Whether template `text` calls one of [`UNREPEATABLE`] (`now(`, not `known(`).
fn calls_unrepeatable(text: &str) -> bool {
    UNREPEATABLE.iter().any(|call| {
        text.match_indices(call).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    })
}

/// Hashes into `h` the path, size and time of every file of the site at `root` that is not
/// content markdown, the cache or the output; returns the hash, or `None` when a template
/// calls something whose result differs from run to run.
fn site_inputs(root: &Path, output: &Path, h: &mut impl Hasher) -> Option<u64> {
    // Not inputs: the output, Gazette's own folders, hidden folders at the top (`.git`), and
    // the folders other tools keep their builds in: marked with a CACHEDIR.TAG (Cargo's
    // `target/`), and npm's `node_modules`. A site kept in a code repository would otherwise
    // stat them all.
    let skipped = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        let folder = e.file_type().is_dir();
        name.starts_with(".gazette")
            || (folder && e.depth() == 1 && name.starts_with('.'))
            || (folder && (name == "node_modules" || e.path().join("CACHEDIR.TAG").is_file()))
            || std::path::absolute(e.path()).is_ok_and(|p| p == output)
    };
    let walk = walkdir::WalkDir::new(root).sort_by_file_name();
    for entry in walk.into_iter().filter_entry(|e| !skipped(e)) {
        let entry = entry.ok()?;
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(path);
        let markdown = relative.starts_with(crate::content::CONTENT_DIR)
            && path.extension().is_some_and(|e| e == "md");
        if markdown || entry.file_type().is_dir() {
            continue;
        }
        relative.hash(h);
        file_stamp(path).hash(h);
        let template = relative.components().any(|c| c.as_os_str() == "templates");
        if template && calls_unrepeatable(&std::fs::read_to_string(path).unwrap_or_default()) {
            return None;
        }
    }
    Some(h.finish())
}
