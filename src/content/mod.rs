//! Content loading: walk `content/`, read each file, split and parse its front matter.
//!
//! Every directory is a section (its `_index.md` is optional), every other `.md` file is a
//! page, and any other file is an asset copied beside the pages. Nothing here knows about URLs
//! or templates: that is the site model's job.

pub mod data;
pub mod date;
pub mod front_matter;
pub mod walk;

use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::PathGlobs;
use crate::error::{Error, Errors, line_col};
pub use date::Date;
pub use front_matter::{PageMeta, SectionMeta, SortBy};

/// The content directory's name under the site root.
pub const CONTENT_DIR: &str = "content";

/// A page file, parsed.
#[derive(Debug, Clone)]
pub struct PageFile {
    /// Path relative to `content/`, with `/` separators: `blog/hello.md`.
    pub relative: String,
    /// Path for messages, relative to the site root: `content/blog/hello.md`.
    pub display_path: PathBuf,
    /// The section directory it belongs to, relative to `content/` (`""` for the root).
    pub section: String,
    /// The name the default slug comes from: the file stem, or the directory of an `index.md`.
    pub stem: String,
    /// What follows the first `.` of the file's name (`fr` of `post.fr.md` or `index.fr.md`):
    /// its language on a site with languages, where `stem` ends with it too.
    pub name_suffix: Option<String>,
    /// How many bytes at the start of `stem` are a date and its separator
    /// (`2016-10-08_a-post`), 0 when it does not start with one. The slug leaves them out
    /// unless `[slugify] paths_keep_dates`; a page without a front matter `date` takes it.
    pub date_prefix: usize,
    /// Parsed front matter (shared: the dev server clones the site's content for every
    /// structural rebuild, and the metadata is most of a page's bytes besides its body).
    pub meta: Arc<PageMeta>,
    /// The front matter as written (without its delimiters), for errors about a value that
    /// parsed but is wrong (see [`front_matter::position_of`]).
    pub front_matter: Arc<str>,
    /// 1-based line of the file where `front_matter` starts.
    pub front_matter_line: usize,
    /// Markdown after the front matter (shared: cheap to clone, dropped once rendered).
    pub body: Arc<str>,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// Hash of everything the page is made from (its file's bytes, or for an ingested page
    /// the source's bytes and the terms found): equal fingerprints, equal page.
    pub fingerprint: u64,
}

/// A section directory, with its `_index.md` when it has one.
#[derive(Debug, Clone, Default)]
pub struct SectionFile {
    /// Directory relative to `content/` (`""` for the root).
    pub dir: String,
    /// `dir/_index.md` relative to `content/`, when the file exists (`dir/_index.fr.md` for a
    /// translation).
    pub index_relative: Option<String>,
    /// The language of a translation (`_index.fr.md`); `None` for the default language.
    pub lang: Option<String>,
    /// Path for messages.
    pub display_path: PathBuf,
    /// Parsed front matter (defaults without `_index.md`).
    pub meta: SectionMeta,
    /// Markdown after the front matter.
    pub body: Arc<str>,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// Hash of the `_index.md` bytes (0 without one).
    pub fingerprint: u64,
}

/// A non-markdown file under `content/`, copied to the same relative path.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub source: PathBuf,
    /// Path relative to `content/`.
    pub relative: String,
}

/// A raw document to ingest (under one of the `[ingest] sources` directories).
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Absolute path on disk.
    pub source: PathBuf,
    /// Path relative to `content/`.
    pub relative: String,
    /// Path for messages, relative to the site root.
    pub display_path: PathBuf,
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Raw documents, for ingest.
    pub raw: Vec<RawFile>,
    /// Pages, in path order.
    pub pages: Vec<PageFile>,
    /// Sections by directory.
    pub sections: BTreeMap<String, SectionFile>,
    /// Sections in the site's other languages (`blog/_index.fr.md`), by that path.
    pub translated_sections: BTreeMap<String, SectionFile>,
    /// Other files.
    pub assets: Vec<Asset>,
}

impl Content {
    /// Whether `dir` is a page bundle: the directory of an `index.md` page.
    pub fn is_bundle(&self, dir: &str) -> bool {
        !dir.is_empty()
            && self
                .pages
                .iter()
                .any(|p| bundle_of(&p.relative) == Some(dir))
    }

    /// Whether anything was loaded from `relative` or below it (a page, a section directory,
    /// an asset, a raw source): when such a path vanishes, the content must be walked again.
    pub fn has_at_or_under(&self, relative: &str) -> bool {
        let prefix = format!("{relative}/");
        let hit = |p: &str| p == relative || p.starts_with(&prefix);
        self.pages.iter().any(|p| hit(&p.relative))
            || self.sections.keys().any(|d| hit(d))
            || self.assets.iter().any(|a| hit(&a.relative))
            || self.raw.iter().any(|r| hit(&r.relative))
    }

    /// Whether `relative` is a raw source (ingested, not parsed as a page).
    pub fn is_raw_source(&self, relative: &str) -> bool {
        self.raw.iter().any(|r| r.relative == relative)
    }

    /// Replaces the page loaded from `page.relative` (the dev server patched it in place).
    pub fn replace_page(&mut self, page: PageFile) {
        if let Some(old) = self.pages.iter_mut().find(|p| p.relative == page.relative) {
            *old = page;
        }
    }
}

/// The bundle folder of a bundle's page file: `blog/post` for `blog/post/index.md` (or, in
/// another language, `blog/post/index.fr.md`).
pub fn bundle_of(relative: &str) -> Option<&str> {
    let (dir, name) = relative.rsplit_once('/')?;
    let stem = name.strip_suffix(".md")?;
    (stem == "index"
        || stem
            .strip_prefix("index.")
            .is_some_and(|l| !l.contains('.')))
    .then_some(dir)
}

/// Whether file name `name` is a section's index: `_index.md`, or a translation's
/// `_index.fr.md`; with the language of a translation.
pub fn section_index_language(name: &str) -> Option<Option<&str>> {
    let stem = name.strip_suffix(".md")?;
    if stem == "_index" {
        return Some(None);
    }
    let lang = stem.strip_prefix("_index.")?;
    (!lang.is_empty() && !lang.contains('.')).then_some(Some(lang))
}

/// Reads and parses one page file (`relative` to `content/`).
pub fn load_page(root: &Path, path: &Path, relative: &str) -> Result<PageFile, Error> {
    parse_page(root, path.to_path_buf(), relative.to_string())
}

/// `path` relative to `root/content`, `/`-separated; `None` outside it.
pub fn content_relative(root: &Path, path: &Path) -> Option<String> {
    let dir = root.join(CONTENT_DIR);
    path.starts_with(&dir).then(|| relative_slash(&dir, path))
}

enum Entry {
    Page(PathBuf, String),
    SectionIndex(PathBuf, String),
}

/// Loads `root/content`. Drafts are dropped unless `drafts` is set; files and folders that
/// `ignored` matches (the site's `ignored_content`) are not read at all. All file errors are
/// collected, so one build reports every broken file.
pub fn load(
    root: &Path,
    drafts: bool,
    raw_dirs: &[String],
    ignored: &PathGlobs,
    cache: Option<&LoadCache>,
) -> Result<Content, Errors> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(Errors(vec![
            Error::in_file(CONTENT_DIR, "the content directory does not exist")
                .with_hint("create content/ with an _index.md, or run `gazette init`"),
        ]));
    }
    let mut content = Content::default();
    content
        .sections
        .insert(String::new(), SectionFile::default());
    let mut errors = Vec::new();
    let mut entries = content.walk(root, raw_dirs, ignored, &mut errors);
    content.leave_out_bundled(&mut entries, &mut errors);
    for result in parse_entries(root, entries, cache) {
        match result {
            Ok(Parsed::Page(page)) => {
                if drafts || !page.meta.draft {
                    content.pages.push(page);
                }
            }
            Ok(Parsed::Section(section)) => match &section.index_relative {
                Some(index) if section.lang.is_some() => {
                    content.translated_sections.insert(index.clone(), *section);
                }
                _ => {
                    content.sections.insert(section.dir.clone(), *section);
                }
            },
            Err(e) => errors.push(e),
        }
    }
    if !drafts {
        content.leave_out_draft_sections();
    }
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(Errors(errors))
    }
}

impl Content {
    /// Walks `root/content`: directories become sections, raw sources and assets are taken
    /// in, and the markdown files to parse are returned, in walk order.
    fn walk(
        &mut self,
        root: &Path,
        raw_dirs: &[String],
        ignored: &PathGlobs,
        errors: &mut Vec<Error>,
    ) -> Vec<Entry> {
        let content_dir = root.join(CONTENT_DIR);
        let mut entries = Vec::new();
        let entries_walked = walk::walk(root, &content_dir, |e| {
            is_ignored(e.file_name().to_str().unwrap_or(""))
                || ignored.matches(&relative_slash(&content_dir, e.path()))
        });
        for entry in entries_walked {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let relative = relative_slash(&content_dir, entry.path());
            if entry.file_type().is_dir() {
                self.sections
                    .entry(relative.clone())
                    .or_insert_with(|| SectionFile {
                        dir: relative,
                        ..SectionFile::default()
                    });
            } else if is_raw(&relative, raw_dirs) {
                self.raw.push(RawFile {
                    display_path: display(root, entry.path()),
                    source: entry.into_path(),
                    relative,
                });
            } else if section_index_language(&entry.file_name().to_string_lossy()).is_some() {
                entries.push(Entry::SectionIndex(entry.into_path(), relative));
            } else if relative.ends_with(".md") {
                entries.push(Entry::Page(entry.into_path(), relative));
            } else {
                self.assets.push(Asset {
                    source: entry.into_path(),
                    relative,
                });
            }
        }
        entries
    }

    /// A section whose `_index.md` says `draft = true` is left out with everything in it
    /// (subsections, pages, assets), as in Zola; a translation's (`_index.fr.md`) with its
    /// pages in that language.
    fn leave_out_draft_sections(&mut self) {
        let drafts: Vec<String> = (self.sections.values())
            .filter(|s| s.meta.draft && !s.dir.is_empty())
            .map(|s| format!("{}/", s.dir))
            .collect();
        let translated: Vec<(String, String)> = (self.translated_sections.values())
            .filter(|s| s.meta.draft && !s.dir.is_empty())
            .map(|s| (format!("{}/", s.dir), s.lang.clone().unwrap_or_default()))
            .collect();
        if drafts.is_empty() && translated.is_empty() {
            return;
        }
        let under = |relative: &str| drafts.iter().any(|d| relative.starts_with(d.as_str()));
        // A page file in language `lang` ends `.lang.md`.
        let translated_under = |relative: &str| {
            (translated.iter()).any(|(d, lang)| {
                relative.starts_with(d.as_str()) && relative.ends_with(&format!(".{lang}.md"))
            })
        };
        self.sections.retain(|dir, _| !under(&format!("{dir}/")));
        self.translated_sections.retain(|_, s| {
            let dir = format!("{}/", s.dir);
            let drafted = |(d, lang): &(String, String)| {
                dir.starts_with(d.as_str()) && s.lang.as_deref() == Some(lang.as_str())
            };
            !under(&dir) && !translated.iter().any(drafted)
        });
        self.pages
            .retain(|p| !under(&p.relative) && !translated_under(&p.relative));
        self.assets.retain(|a| !under(&a.relative));
        self.raw.retain(|r| !under(&r.relative));
    }

    /// A directory with an `index.md` is a page bundle, not a section: its other files (and
    /// subdirectories) are the page's assets. A subdirectory with its own `_index.md` is a
    /// section again, as in Zola (one that no section lists, since its parent is a page), with
    /// its pages; other markdown in a bundle is an error.
    fn leave_out_bundled(&mut self, entries: &mut Vec<Entry>, errors: &mut Vec<Error>) {
        let mut bundles: Vec<String> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Page(_, rel) => bundle_of(rel).map(str::to_string),
                Entry::SectionIndex(..) => None,
            })
            .collect();
        bundles.dedup();
        if bundles.is_empty() {
            return;
        }
        let indexed: HashSet<String> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::SectionIndex(_, rel) => rel.rsplit_once('/').map(|(d, _)| d.to_string()),
                Entry::Page(..) => None,
            })
            .collect();
        let in_bundle = |dir: &str| {
            bundles
                .iter()
                .any(|b| dir == b || dir.starts_with(&format!("{b}/")))
        };
        // A folder that is a section although it is in a bundle: it has an `_index.md` and is
        // not the bundle's own folder.
        let nested_section = |dir: &str| indexed.contains(dir) && !bundles.iter().any(|b| b == dir);
        self.sections
            .retain(|dir, _| !in_bundle(dir) || nested_section(dir));
        self.translated_sections
            .retain(|_, s| !in_bundle(&s.dir) || nested_section(&s.dir));
        entries.retain(|e| {
            let (Entry::Page(_, rel) | Entry::SectionIndex(_, rel)) = e;
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            let bundled = in_bundle(dir) && !nested_section(dir);
            let own_index = matches!(e, Entry::Page(..))
                && bundle_of(rel).is_some_and(|b| bundles.iter().any(|x| x == b));
            if bundled && !own_index {
                errors.push(
                    Error::in_file(
                        format!("{CONTENT_DIR}/{rel}"),
                        "markdown file inside a page bundle (a directory with an index.md)",
                    )
                    .with_hint(
                        "move it out of the bundle, give its folder an _index.md to make it a section, or rename the bundle's index.md to make the directory a section",
                    ),
                );
                false
            } else {
                true
            }
        });
    }
}

/// Parses the markdown files, in parallel, each from `cache` when it has it unchanged.
fn parse_entries(
    root: &Path,
    entries: Vec<Entry>,
    cache: Option<&LoadCache>,
) -> Vec<Result<Parsed, Error>> {
    entries
        .into_par_iter()
        .with_max_len(16)
        .map(|e| {
            let path = match &e {
                Entry::Page(p, _) | Entry::SectionIndex(p, _) => p.clone(),
            };
            if let Some(hit) = cache.and_then(|c| c.get(&path)) {
                return Ok(hit);
            }
            let parsed = parse_entry(root, e)?;
            if let Some(c) = cache {
                c.put(&path, &parsed);
            }
            Ok(parsed)
        })
        .collect()
}

/// A parsed content file. A section is boxed: pages are most of a site, and each would
/// otherwise take a section's size.
#[derive(Clone)]
enum Parsed {
    Page(PageFile),
    Section(Box<SectionFile>),
}

fn parse_entry(root: &Path, entry: Entry) -> Result<Parsed, Error> {
    match entry {
        Entry::Page(path, relative) => parse_page(root, path, relative).map(Parsed::Page),
        Entry::SectionIndex(path, relative) => {
            parse_section(root, path, relative).map(|s| Parsed::Section(Box::new(s)))
        }
    }
}

fn parse_page(root: &Path, path: PathBuf, relative: String) -> Result<PageFile, Error> {
    let display_path = display(root, &path);
    let text = read_utf8(&path, &display_path)?;
    let split = front_matter::split(&text, &display_path)?;
    let mut meta: PageMeta = front_matter::parse(&split, &display_path)?;
    front_matter::check_page_paths(&split, &display_path, &meta)?;
    let (section, file_name) = match relative.rsplit_once('/') {
        Some((dir, name)) => (dir.to_string(), name),
        None => (String::new(), relative.as_str()),
    };
    let stem = file_name.trim_end_matches(".md");
    let name_suffix = stem.split_once('.').map(|(_, suffix)| suffix.to_string());
    // `blog/post/index.md` is the page `blog/post`, with its assets beside it (and
    // `index.fr.md` its translation: the stem keeps the language, for the site to split).
    let (section, stem) = match bundle_of(&relative) {
        Some(_) if !section.is_empty() => {
            let lang = stem.strip_prefix("index").unwrap_or_default();
            match section.rsplit_once('/') {
                Some((parent, dir)) => (parent.to_string(), format!("{dir}{lang}")),
                None => (String::new(), format!("{section}{lang}")),
            }
        }
        _ => (section, stem.to_string()),
    };
    let dated = date::in_file_name(&stem);
    let date_prefix = dated.as_ref().map_or(0, |(prefix, _)| *prefix);
    if meta.date.is_none() {
        meta.date = dated.map(|(_, date)| date);
    }
    Ok(PageFile {
        meta: Arc::new(meta),
        front_matter: Arc::from(split.front_matter),
        front_matter_line: split.front_matter_line,
        body: Arc::from(split.body),
        body_line: split.body_line,
        fingerprint: fingerprint(text.as_bytes()),
        section,
        stem,
        name_suffix,
        date_prefix,
        relative,
        display_path,
    })
}

/// Reads and parses one section index file (`relative` to `content/`).
pub fn parse_section(root: &Path, path: PathBuf, relative: String) -> Result<SectionFile, Error> {
    let display_path = display(root, &path);
    let text = read_utf8(&path, &display_path)?;
    let split = front_matter::split(&text, &display_path)?;
    let meta: SectionMeta = front_matter::parse(&split, &display_path)?;
    front_matter::check_section_paths(&split, &display_path, &meta)?;
    let (dir, name) = relative.rsplit_once('/').unwrap_or(("", relative.as_str()));
    let lang = section_index_language(name).flatten().map(str::to_string);
    let dir = dir.to_string();
    Ok(SectionFile {
        dir,
        lang,
        index_relative: Some(relative),
        display_path,
        meta,
        body: Arc::from(split.body),
        body_line: split.body_line,
        fingerprint: fingerprint(text.as_bytes()),
    })
}

/// A stable hash of some bytes (the same in every run, unlike a randomly seeded hasher).
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Parsed files kept between builds of a dev session: a file whose size and modification time
/// did not change, and that the watcher did not report, is not read again.
#[derive(Default)]
pub struct LoadCache {
    files: crate::cache::Stamped<PathBuf, Parsed>,
}

impl LoadCache {
    /// Forgets `path`, so the next load reads it again whatever its metadata says.
    pub fn invalidate(&self, path: &Path) {
        self.files.forget(path);
    }

    fn get(&self, path: &Path) -> Option<Parsed> {
        self.files.get(path, file_stamp(path)?)
    }

    fn put(&self, path: &Path, parsed: &Parsed) {
        if let Some(stamp) = file_stamp(path) {
            self.files.put(path.to_path_buf(), stamp, parsed.clone());
        }
    }
}

/// A file's size and modification time, as one stamp.
pub fn file_stamp(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let meta = std::fs::metadata(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (meta.modified().ok()?, meta.len()).hash(&mut h);
    Some(h.finish())
}

/// Reads a file that must be UTF-8, saying where the first bad byte is if it is not.
pub fn read_utf8(path: &Path, display_path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(display_path, "read the file", &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, col) = line_col(&text, valid);
        Error::at(display_path, line, col, "the file is not valid UTF-8").with_hint(
            "save it with UTF-8 encoding (most editors offer this under 'Save with encoding')",
        )
    })
}

/// The file extensions raw documents may have.
pub const RAW_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Whether a file is a raw document: inside a raw directory, with a raw extension, and not
/// the directory's hand-written `_index.md`.
pub fn is_raw(relative: &str, raw_dirs: &[String]) -> bool {
    let in_dir = raw_dirs
        .iter()
        .any(|d| relative.starts_with(&format!("{}/", d.trim_matches('/'))));
    let ext_ok = relative
        .rsplit_once('.')
        .is_some_and(|(_, e)| RAW_EXTENSIONS.contains(&e));
    in_dir && ext_ok && !relative.ends_with("/_index.md")
}

/// The order [`load`] finds files in: depth first, each directory's entries by name.
pub fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// Editor droppings and hidden files are not content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// `path` relative to `base`, with `/` between its parts.
pub fn relative_slash(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A path as shown in messages: relative to the site root when it is inside it.
pub fn display(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
