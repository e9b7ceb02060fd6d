//! The memo of the last build's outputs, which lets a rebuild re-render only what a change
//! can affect.
//!
//! Every output is known by its path and kept with its signature (see `render::signatures`).
//! Templates may also read other pages and URLs through functions; those reads are recorded
//! while rendering, with the fingerprint of what they read. An output is rendered again only
//! when its signature or one of its recorded reads changed. The randomized test in
//! `tests/it/serve.rs` checks the result against fresh full builds.

use foldhash::HashMap;
use rayon::prelude::*;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::render::functions::Read;
use crate::render::signatures::{hasher, section_signature, taxonomy_signature};
use crate::render::{Fresh, Memo, Output, SiteValues};
use crate::site::Site;

/// One output as last rendered.
#[derive(Debug, Clone)]
struct Rendered {
    bytes: Arc<Vec<u8>>,
    /// Files written beside it, by path (the search index's chunks).
    beside: Vec<Output>,
    signature: u64,
    reads: Vec<(Read, u64)>,
}

/// Every output of the last build, by output path (what identifies an output across builds).
#[derive(Debug, Default)]
pub struct RenderMemo {
    outputs: HashMap<String, Rendered>,
    /// How many outputs the last render actually rendered (the rest were reused).
    last_rendered: usize,
    /// The outputs' bytes are in the last build's output folder, not here (`gazette build`'s
    /// memo, see `incremental::disk`): it keeps no bytes, so a build's memory does not grow
    /// with its output.
    on_disk: bool,
    /// Paths of the outputs the last render rendered.
    fresh: HashSet<String>,
}

/// One output as a build saves it: its path, signature and reads, and the files beside it.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct SavedOutput {
    /// Output path.
    pub path: String,
    /// Its signature.
    pub signature: u64,
    /// What its templates read, with the fingerprint each had.
    pub reads: Vec<(Read, u64)>,
    /// Paths of the files written beside it.
    pub beside: Vec<String>,
}

impl RenderMemo {
    /// The memo of a `gazette build` whose outputs from last time are `saved` (each checked
    /// to be still in the output folder as written): it keeps no bytes.
    pub fn on_disk(saved: Vec<SavedOutput>) -> RenderMemo {
        let outputs = saved
            .into_iter()
            .map(|o| {
                let rendered = Rendered {
                    bytes: Arc::default(),
                    beside: (o.beside.into_iter())
                        .map(|p| (p, Arc::default()))
                        .collect(),
                    signature: o.signature,
                    reads: o.reads,
                };
                (o.path, rendered)
            })
            .collect();
        RenderMemo {
            outputs,
            on_disk: true,
            ..RenderMemo::default()
        }
    }

    /// Every output, for saving, sorted by path.
    pub fn saved(&self) -> Vec<SavedOutput> {
        let mut all: Vec<SavedOutput> = (self.outputs.iter())
            .map(|(path, r)| SavedOutput {
                path: path.clone(),
                signature: r.signature,
                reads: r.reads.clone(),
                beside: r.beside.iter().map(|(p, _)| p.clone()).collect(),
            })
            .collect();
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all
    }

    /// The files of the outputs the last render reused rather than rendered: each output's
    /// own path and the files beside it. A build takes them from its last output.
    pub fn reused_files(&self) -> Vec<&str> {
        (self.outputs.iter())
            .filter(|(path, _)| !self.fresh.contains(path.as_str()))
            .flat_map(|(path, r)| {
                std::iter::once(path.as_str()).chain(r.beside.iter().map(|(p, _)| p.as_str()))
            })
            .collect()
    }

    /// The current outputs and the files beside them, by path (their bytes are empty in a
    /// build's memo, see [`RenderMemo::on_disk`]).
    pub fn files(&self) -> impl Iterator<Item = (&String, &Arc<Vec<u8>>)> {
        self.outputs.iter().flat_map(|(path, r)| {
            std::iter::once((path, &r.bytes)).chain(r.beside.iter().map(|(p, b)| (p, b)))
        })
    }

    /// How many outputs the last render actually rendered (the rest were reused).
    pub fn last_rendered(&self) -> usize {
        self.last_rendered
    }

    /// Whether some output was written at `path`.
    pub fn has_output(&self, path: &str) -> bool {
        self.outputs.contains_key(path)
    }

    /// Whether some output's templates read file `path` itself (`get_hash`, `get_url` with
    /// `cachebust`, `resize_image`): then an edit of it must render them again.
    pub fn read_file(&self, path: &std::path::Path) -> bool {
        let Ok(real) = path.canonicalize() else {
            return false;
        };
        let real = real.to_string_lossy();
        (self.outputs.values())
            .any(|r| (r.reads.iter()).any(|(read, _)| matches!(read, Read::File(f) if *f == real)))
    }

    /// Whether the templates of the output at `path` read, through a function, something a
    /// page edit touched.
    pub fn read_touched(&self, path: &str, touched: &Touched, site: &Site) -> bool {
        self.outputs.get(path).is_some_and(|r| {
            r.reads.iter().any(|(read, _)| match read {
                Read::Page(rel) => touched.pages.contains(rel.as_str()),
                Read::Section(rel) => site
                    .section_by_index_path(rel)
                    .is_some_and(|s| touched.sections.contains(&s)),
                Read::Taxonomy(name) => touched.taxonomies.contains(name.as_str()),
                // URLs and terms do not change when a page is patched in place.
                Read::TermUrl { .. } | Read::Url(_) | Read::File(_) => false,
            })
        })
    }

    /// Remembers one output just rendered, with `reads` the current fingerprint of each thing
    /// it read. Returns the files its previous version wrote beside it that this one does not.
    fn store(&mut self, fresh: Fresh, reads: Vec<(Read, u64)>) -> Vec<String> {
        let kept: HashSet<&str> = fresh.beside.iter().map(|(p, _)| p.as_str()).collect();
        let dropped = self
            .outputs
            .get(&fresh.path)
            .map(|old| {
                old.beside
                    .iter()
                    .filter(|(p, _)| !kept.contains(p.as_str()))
                    .map(|(p, _)| p.clone())
                    .collect()
            })
            .unwrap_or_default();
        self.fresh.insert(fresh.path.clone());
        self.outputs.insert(
            fresh.path,
            Rendered {
                bytes: fresh.bytes,
                beside: fresh.beside,
                signature: fresh.signature,
                reads,
            },
        );
        dropped
    }
}

impl Memo for RenderMemo {
    fn reusable(&self, path: &str, signature: u64, site: &Site, values: &SiteValues) -> bool {
        self.outputs.get(path).is_some_and(|r| {
            r.signature == signature
                && r.reads
                    .iter()
                    .all(|(read, fp)| read_fingerprint(site, values, read) == *fp)
        })
    }

    fn store_all(&mut self, fresh: Vec<Fresh>, site: &Site, values: &SiteValues) -> Vec<String> {
        self.last_rendered = fresh.len();
        self.fresh.clear();
        // Fingerprinting what each output read is most of the work when every output was
        // rendered (a template edit): it runs on all cores, the memo's updates after.
        let fingerprinted: Vec<(Fresh, Vec<(Read, u64)>)> = (fresh.into_par_iter())
            .with_max_len(64)
            .map(|mut f| {
                let reads = (std::mem::take(&mut f.reads).into_iter())
                    .map(|r| {
                        let fp = read_fingerprint(site, values, &r);
                        (r, fp)
                    })
                    .collect();
                (f, reads)
            })
            .collect();
        fingerprinted
            .into_iter()
            .flat_map(|(f, reads)| self.store(f, reads))
            .collect()
    }

    fn keep_only(&mut self, paths: &HashSet<String>) {
        self.outputs.retain(|path, _| paths.contains(path));
    }

    fn keeps_bytes(&self) -> bool {
        !self.on_disk
    }
}

/// What an in-place page edit touched, for [`RenderMemo::read_touched`].
pub struct Touched<'a> {
    /// Content paths of the edited pages.
    pub pages: HashSet<&'a str>,
    /// Their sections.
    pub sections: HashSet<usize>,
    /// The taxonomies they have terms in.
    pub taxonomies: HashSet<&'a str>,
}

impl<'a> Touched<'a> {
    /// What editing pages `ids` in place touches.
    pub fn by_pages(site: &'a Site, ids: &[usize]) -> Touched<'a> {
        Touched {
            pages: ids
                .iter()
                .map(|&i| site.pages[i].file.relative.as_str())
                .collect(),
            sections: ids.iter().map(|&i| site.pages[i].section).collect(),
            taxonomies: ids
                .iter()
                .flat_map(|&i| site.terms_of(i))
                .map(|(t, _)| site.taxonomies[t].config.name.as_str())
                .collect(),
        }
    }
}

/// The current fingerprint of something a template read.
fn read_fingerprint(site: &Site, values: &SiteValues, read: &Read) -> u64 {
    match read {
        Read::Page(rel) => site
            .page_by_relative
            .get(rel)
            .map_or(0, |&i| site.pages[i].render_key),
        Read::Section(rel) => site
            .section_by_index_path(rel)
            .map_or(0, |i| section_signature(site, i)),
        // Every language's taxonomy of that name: `get_taxonomy(kind, lang)` reads one.
        Read::Taxonomy(name) => {
            let mut h = hasher();
            for (t, _) in
                (site.taxonomies.iter().enumerate()).filter(|(_, t)| &t.config.name == name)
            {
                taxonomy_signature(site, values, t).hash(&mut h);
            }
            h.finish()
        }
        Read::Url(rel) => {
            let permalink = match site.page_by_relative.get(rel) {
                Some(&i) => Some(&site.pages[i].permalink),
                None => site
                    .section_by_index_path(rel)
                    .map(|i| &site.sections[i].permalink),
            };
            let mut h = hasher();
            permalink.hash(&mut h);
            h.finish()
        }
        // Its size and time: an output check must not read the file (every page of a site may
        // hash the same script).
        Read::File(path) => crate::content::file_stamp(std::path::Path::new(path)).unwrap_or(0),
        Read::TermUrl { lang, kind, name } => {
            let taxonomy =
                (site.taxonomies.iter()).find(|t| &t.config.name == kind && &t.lang == lang);
            let mut h = hasher();
            (
                taxonomy.is_some(),
                taxonomy.and_then(|t| t.term_permalink(name)),
            )
                .hash(&mut h);
            h.finish()
        }
    }
}
