//! The pipeline, end to end: config -> content -> site model -> template values -> render ->
//! output. `build`, `check` and `serve` all run this one function with different sinks; `serve`
//! keeps what it can reuse between builds in `incremental::Caches`.

mod check;
pub use check::check;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::config::Config;
use crate::content::{self, data};
use crate::error::{Error, Errors};
use crate::incremental::disk::DiskCache;
use crate::incremental::{Built, Caches, free_beside};
use crate::ingest::entities::Entities;
use crate::ingest::{self, Knowledge, NormalizedDoc};
use crate::markdown::giallo::ZolaHighlighter;
use crate::markdown::{ExternalLinks, MarkdownOptions};
use crate::output::{self, DirSink, Sink};
use crate::render::functions::Lookup;
use crate::render::images::Images;
use crate::render::{self, SiteValues, TemplateSources, Templates};
use crate::site::Site;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds `config.toml`).
    pub root: PathBuf,
    /// Overrides `base_url` (e.g. for a preview deploy).
    pub base_url: Option<String>,
    /// Overrides `output_dir`; relative paths are relative to the current directory.
    pub output_dir: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Treat a raw source that cannot be ingested as an error instead of skipping it.
    pub strict: bool,
    /// `gazette build` neither reads nor writes its cache in `.gazette-cache/build/`: every
    /// output is rendered.
    pub no_cache: bool,
}

/// Counts of what a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Pages rendered.
    pub pages: usize,
    /// Sections rendered.
    pub sections: usize,
    /// Taxonomies.
    pub taxonomies: usize,
    /// Terms over all taxonomies.
    pub terms: usize,
    /// Files written, static files included.
    pub files: usize,
    /// Of those, outputs taken unchanged from the last build (see [`build`]).
    pub reused: usize,
    /// Wall time in milliseconds.
    pub millis: u128,
    /// Where the output went.
    pub output: PathBuf,
    /// Problems that did not stop the build (raw sources skipped), one message each.
    pub warnings: Vec<Error>,
}

/// `1 page`, `2 pages`.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

impl BuildReport {
    /// The report of a build of `site` that wrote `files` files, started at `started`.
    fn of(site: &Site, files: usize, started: Instant, warnings: Vec<Error>) -> BuildReport {
        BuildReport {
            pages: site.pages.len(),
            sections: site.sections.len(),
            taxonomies: site.taxonomies.len(),
            terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
            files,
            reused: 0,
            millis: started.elapsed().as_millis(),
            output: PathBuf::new(),
            warnings,
        }
    }

    /// The one summary line `build` ends with.
    pub fn summary(&self) -> String {
        let n = counted;
        let reused = match self.reused {
            0 => String::new(),
            r => format!(" ({r} unchanged since the last build)"),
        };
        format!(
            "Built {}, {}, {} ({}): {}{reused} in {} ms -> {}",
            n(self.pages, "page", "pages"),
            n(self.sections, "section", "sections"),
            n(self.taxonomies, "taxonomy", "taxonomies"),
            n(self.terms, "term", "terms"),
            n(self.files, "file", "files"),
            self.millis,
            self.output.display()
        )
    }
}

/// Loads the config with command-line overrides applied.
pub fn load_config(options: &BuildOptions) -> Result<Config, Errors> {
    let mut config = Config::load(&options.root)?;
    if config.ingest.is_some() {
        // Ingest's own needs are checked by ingest, the only stage that knows them.
        let path = options.root.join(crate::config::CONFIG_FILE);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let path = path.strip_prefix(".").unwrap_or(&path);
        let errors = ingest::config_errors(&config, &text, path);
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
    }
    if let Some(url) = &options.base_url {
        // Checked here, not by the config parser: the value is the one typed on the command
        // line (not trimmed of its `/`), and a flag has no line or column.
        if let Err(problem) = crate::config::check_base_url(url) {
            return Err(Errors(vec![
                Error::new(format!("--base-url `{url}` {problem}"))
                    .with_hint(
                        "give the address the site is published at, e.g. --base-url https://example.org/docs/; \
                         feeds, the sitemap and canonical links need one. To preview the output \
                         anywhere (file://, any server and path), keep relative_urls = true: \
                         pages then link to each other relatively whatever base_url says"
                            .to_string(),
                    ),
            ]));
        }
        let text = format!("base_url = {}", toml::Value::String(url.clone()));
        let check = Config::parse(&text, Path::new("--base-url"))?;
        config.base_url = check.base_url;
    }
    Ok(config)
}

/// Runs the pipeline into `sink`. With `fail_on_broken_links`, broken `@/` links are errors;
/// without, they are returned for the caller to list.
pub fn run(
    options: &BuildOptions,
    config: Config,
    sink: &dyn Sink,
    fail_on_broken_links: bool,
) -> Result<(BuildReport, Vec<Error>), Errors> {
    run_with(options, config, sink, fail_on_broken_links, None)
}

/// [`run`], keeping what can be reused in `caches`: with them, only outputs whose inputs changed
/// are rendered and written to `sink` (the rest are in `caches.memo`).
pub fn run_with(
    options: &BuildOptions,
    config: Config,
    sink: &dyn Sink,
    fail_on_broken_links: bool,
    mut caches: Option<&mut Caches>,
) -> Result<(BuildReport, Vec<Error>), Errors> {
    let started = Instant::now();
    let mut timer = PhaseTimer::new();
    if let Some(c) = caches.as_deref_mut() {
        c.keep(None);
    }
    let root = &options.root;
    let config = Arc::new(config);
    let sources = TemplateSources::read(root, &config).map_err(|e| Errors(vec![e]))?;
    let data_files = data::load(root)?;
    let raw_dirs = config
        .ingest
        .as_ref()
        .map(|i| i.sources.clone())
        .unwrap_or_default();
    let mut content = match caches.as_deref_mut() {
        Some(c) => c.content(
            root,
            options.drafts,
            &raw_dirs,
            &config.ignored_content_globs,
        )?,
        None => content::load(
            root,
            options.drafts,
            &raw_dirs,
            &config.ignored_content_globs,
            None,
        )?,
    };
    timer.done("load content");
    // Ingest is the site's preprocessor: it adds pages, and the site asks it about its terms.
    let (extension, warnings): (Arc<dyn crate::site::Extension>, _) = match &config.ingest {
        Some(ingest_config) => {
            let knowledge =
                Knowledge::for_config(root, Some(ingest_config)).map_err(|e| Errors(vec![e]))?;
            let (entities, warnings) = ingest_sources(&mut content, &knowledge, options.strict)?;
            (Arc::new(entities), warnings)
        }
        None => (Arc::new(crate::site::NoExtension), Vec::new()),
    };
    let images = match caches.as_deref_mut() {
        Some(c) => c.images(root, &config),
        None => Arc::new(Images::new(root, config.theme.as_deref(), &config.base_url)),
    };
    let shortcodes = render::shortcodes::SiteShortcodes::compile(
        &sources,
        &config,
        Lookup::of_files(root, &config, images.clone()),
    )
    .map_err(|e| Errors(vec![e]))?;
    let markdown = markdown_options(root, &config)?;
    let mut site = Site::build(
        config.clone(),
        content,
        extension,
        Arc::new(shortcodes),
        markdown,
        caches.as_deref().map(|c| &c.markdown),
    )?;
    timer.done("ingest + site model + markdown");
    let broken = site.broken_links();
    if fail_on_broken_links && !broken.is_empty() {
        return Err(Errors(broken));
    }
    let values = SiteValues::build(&mut site, caches.as_deref().and_then(|c| c.value_cache()));
    let lookup = Arc::new(std::sync::RwLock::new(Lookup::new(
        root,
        &site,
        &values,
        &data_files,
        images.clone(),
    )));
    let templates = Templates::compile(&sources, lookup.clone(), values.config.clone())
        .map_err(|e| Errors(vec![e]))?;

    timer.done("values + templates");
    let (statics, assets) = copy_static_files(root, &config, &site, sink)?;
    let stylesheets = write_stylesheets(root, &config, &site, &statics, sink)?;
    timer.done("static files + Sass");
    let globals = globals_of(&config, &data_files);
    let memo = caches
        .as_deref_mut()
        .map(|c| (&mut c.memo as &mut dyn render::Memo, globals));
    let stats = render::render_site(&site, &values, &templates, sink, memo)?;
    let processed_images = copy_processed_images(root, &images, sink)?;
    timer.done("render");
    let files = stats.files + statics.len() + stylesheets + assets + processed_images;
    let report = BuildReport::of(&site, files, started, warnings);
    match caches {
        Some(c) => c.keep(Some(Built::new(
            (site, values),
            (templates, lookup),
            globals,
            statics,
        ))),
        // Freeing a big site's model takes as long as a tenth of its build: it is done beside
        // the commit (and, in `gazette build`, cut short when the process exits).
        None => free_beside((site, values, templates, lookup)),
    }
    Ok((report, broken))
}

/// Copies the static files (the site's and its theme's) and the content assets into `sink`.
/// Returns the static files copied, by output path, and how many assets.
fn copy_static_files(
    root: &Path,
    config: &Config,
    site: &Site,
    sink: &dyn Sink,
) -> Result<(Vec<(String, PathBuf)>, usize), Errors> {
    let (statics, mut copy_errors) =
        output::static_files(root, config.theme.as_deref(), &config.ignored_static_globs);
    copy_errors.par_extend(statics.par_iter().filter_map(|(path, source)| {
        let shown = content::display(root, source);
        let put = if config.hard_link_static {
            sink.link(path, source, &shown)
        } else {
            sink.copy(path, source, &shown)
        };
        put.err()
    }));
    // Content assets where they are, and again beside each translation of their bundle.
    let mut assets: Vec<(String, PathBuf)> = (site.assets.iter())
        .map(|a| (a.relative.clone(), a.source.clone()))
        .collect();
    assets.extend(site.translated_assets());
    copy_errors.par_extend(assets.par_iter().filter_map(|(path, source)| {
        sink.copy(path, source, &content::display(root, source))
            .err()
    }));
    if !copy_errors.is_empty() {
        return Err(Errors(copy_errors));
    }
    Ok((statics, assets.len()))
}

/// Copies the images that `resize_image` made for this build into `sink` (see
/// [`render::images`]). Returns how many.
fn copy_processed_images(root: &Path, images: &Images, sink: &dyn Sink) -> Result<usize, Errors> {
    let made = images.made();
    let errors: Vec<Error> = (made.par_iter())
        .filter_map(|(path, file)| sink.copy(path, file, &content::display(root, file)).err())
        .collect();
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    Ok(made.len())
}

/// Compiles the Sass (see [`output::sass`]) into `sink`, but where a static file has the path
/// (it wins, as in Zola). Returns how many stylesheets were written.
fn write_stylesheets(
    root: &Path,
    config: &Config,
    site: &Site,
    statics: &[(String, PathBuf)],
    sink: &dyn Sink,
) -> Result<usize, Errors> {
    let mut sheets: Vec<(String, Vec<u8>)> = output::sass::compile(root, config)?
        .into_iter()
        .map(|s| (s.path, s.css))
        .collect();
    // Zola's `style = "class"` highlighting: one stylesheet per theme at the output's root.
    if let Some(zola) = &site.markdown.zola_highlighter {
        sheets.extend((zola.stylesheets().into_iter()).map(|(path, css)| (path, css.into_bytes())));
    }
    let shadowed = |path: &str| statics.iter().any(|(p, _)| p == path);
    let errors: Vec<Error> = sheets
        .par_iter()
        .filter(|(path, _)| !shadowed(path))
        .filter_map(|(path, css)| sink.write(path, css).err())
        .collect();
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    Ok(sheets.iter().filter(|(path, _)| !shadowed(path)).count())
}

/// How markdown renders, from `[markdown]`: Zola's switches, and Zola's highlighter loaded
/// when the site has `[markdown.highlighting]` (an unknown theme or an unreadable grammar is
/// an error at its key).
fn markdown_options(root: &Path, config: &Config) -> Result<MarkdownOptions, Errors> {
    let m = &config.markdown;
    let zola_highlighter = match &m.highlighting {
        Some(settings) => match ZolaHighlighter::load(root, settings) {
            Ok(h) => Some(Arc::new(h)),
            Err(p) => {
                let path = root.join(crate::config::CONFIG_FILE);
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let shown = content::display(root, &path);
                let error = crate::config::key_error(&text, &shown, p.key, p.message, &p.hint);
                return Err(Errors(vec![error]));
            }
        },
        None => None,
    };
    Ok(MarkdownOptions {
        highlight_code: m.highlight_code,
        smart_punctuation: m.smart_punctuation,
        definition_list: m.definition_list,
        github_alerts: m.github_alerts,
        lazy_async_image: m.lazy_async_image,
        bottom_footnotes: m.bottom_footnotes,
        anchor_links: m.insert_anchor_links,
        anchors: config.slugify.anchors,
        render_emoji: m.render_emoji,
        external_links: ExternalLinks {
            class: m.external_links_class.clone(),
            target_blank: m.external_links_target_blank,
            no_follow: m.external_links_no_follow,
            no_referrer: m.external_links_no_referrer,
            external: m.external_links_external,
        },
        zola_highlighter,
    })
}

/// The hash of what every output's context holds: the config and the data files. Templates
/// are not in it (each output hashes only the templates it depends on), nor are URLs (each
/// output's signature covers the URLs its context shows, and `get_url` is a recorded read).
fn globals_of(config: &Config, data_files: &data::DataFiles) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = render::signatures::hasher();
    serde_json::to_string(config)
        .unwrap_or_default()
        .hash(&mut h);
    serde_json::to_string(data_files)
        .unwrap_or_default()
        .hash(&mut h);
    h.finish()
}

/// With `GAZETTE_TIMINGS` set, how long each build phase took, the CPU time it used (on
/// every core: against the wall time, how parallel it ran) and the memory held after it, on
/// stderr (for profiling).
struct PhaseTimer {
    on: bool,
    last: Instant,
    last_cpu: u64,
}

impl PhaseTimer {
    fn new() -> PhaseTimer {
        PhaseTimer {
            on: std::env::var_os("GAZETTE_TIMINGS").is_some(),
            last: Instant::now(),
            last_cpu: cpu_ticks().unwrap_or(0),
        }
    }

    fn done(&mut self, phase: &str) {
        if self.on {
            let ms = self.last.elapsed().as_secs_f64() * 1000.0;
            // Resident memory now (Linux), to see which phase holds what.
            let pages = std::fs::read_to_string("/proc/self/statm")
                .ok()
                .and_then(|s| {
                    s.split_whitespace()
                        .nth(1)
                        .and_then(|n| n.parse::<u64>().ok())
                });
            let mb = pages.map_or(String::new(), |p| {
                format!(", {} MB resident", (p * 4096) >> 20)
            });
            let cpu = cpu_ticks().unwrap_or(0);
            // Ticks are hundredths of a second on Linux.
            let cpu_ms = cpu.saturating_sub(self.last_cpu) * 10;
            eprintln!("  {phase}: {ms:.1} ms, {cpu_ms} ms of CPU{mb}");
            self.last = Instant::now();
            self.last_cpu = cpu;
        }
    }
}

/// The process's user and system time so far, in clock ticks (Linux's /proc/self/stat).
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at the state, field 3;
    // utime and stime are fields 14 and 15.
    let after_name = &stat[stat.rfind(')')? + 2..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

/// Ingests every raw source in parallel, merges what they mention, and adds one page per source
/// to `content`. A source that cannot be ingested is skipped with a warning (an error with
/// `strict`), so one bad crawl does not take the site down.
fn ingest_sources(
    content: &mut content::Content,
    knowledge: &Knowledge,
    strict: bool,
) -> Result<(Entities, Vec<Error>), Errors> {
    let results: Vec<Result<(NormalizedDoc, u64), Error>> = content
        .raw
        .par_iter()
        .map(|raw| {
            let bytes = std::fs::read(&raw.source)
                .map_err(|e| Error::io(&raw.display_path, "read the source", &e))?;
            let doc = ingest::ingest(&bytes, &raw.display_path, knowledge)?;
            Ok((doc, content::fingerprint(&bytes)))
        })
        .collect();
    let mut problems = Vec::new();
    let mut docs = Vec::new();
    for (raw, result) in content.raw.iter().zip(results) {
        match result {
            Ok((doc, fp)) => docs.push((raw, doc, fp)),
            Err(e) => problems.push(e),
        }
    }
    let pairs: Vec<(String, &NormalizedDoc)> = docs
        .iter()
        .map(|(raw, doc, _)| (raw.relative.clone(), doc))
        .collect();
    let entities = Entities::merge(&pairs, knowledge);
    for (raw, doc, fp) in &docs {
        match ingest::to_page_file(raw, doc, entities.terms_for(&raw.relative), *fp) {
            Ok(page) => content.pages.push(page),
            Err(e) => problems.push(e),
        }
    }
    content.pages.sort_by(|a, b| a.relative.cmp(&b.relative));
    if strict && !problems.is_empty() {
        return Err(Errors(problems));
    }
    let warnings = problems
        .into_iter()
        .map(|mut e| {
            e.message = format!("skipped this source: {}", e.message);
            e
        })
        .collect();
    Ok((entities, warnings))
}

/// `gazette build`: renders into a staging directory and swaps it in. On any error the
/// previous output is left exactly as it was. Unless `no_cache`, what the last build left in
/// its cache (see [`crate::incremental::disk`]) saves rendering what did not change: those
/// outputs are hard-linked from the previous output.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Errors> {
    let started = Instant::now();
    let config = load_config(options)?;
    let output = output_dir(options, &config);
    let sink = DirSink::new(&output).map_err(|e| Errors(vec![e]))?;
    let keep_dotfiles = config.preserve_dotfiles_in_output;
    let cache_options = (options.drafts, options.strict, &options.base_url);
    let disk = (!options.no_cache)
        .then(|| DiskCache::open(&options.root, &output, cache_options))
        .flatten();
    let Some(disk) = disk else {
        let (mut report, _) = run(options, config, &sink, true)?;
        let mut timer = PhaseTimer::new();
        sink.commit_keeping_dotfiles(keep_dotfiles)
            .map_err(|e| Errors(vec![e]))?;
        timer.done("commit");
        report.output = output;
        report.millis = started.elapsed().as_millis();
        return Ok(report);
    };
    let mut timer = PhaseTimer::new();
    let mut caches = disk.load();
    timer.done("load the build cache");
    let (mut report, _) = run_with(options, config, &sink, true, Some(&mut caches))?;
    timer = PhaseTimer::new();
    let reused = caches.memo.reused_files();
    let errors: Vec<Error> = (reused.par_iter())
        .filter_map(|path| {
            let source = disk.output().join(path);
            let shown = content::display(&options.root, &source);
            sink.link(path, &source, &shown)
                .map_err(|e| e.with_hint("build again with --no-cache to render every output"))
                .err()
        })
        .collect();
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    report.files += reused.len();
    report.reused = reused.len();
    timer.done("link unchanged outputs");
    // Which output or body asked for a resized image is not recorded, so a build that made
    // images leaves no cache: the next one renders everything and makes its images again.
    if caches.made_images() {
        disk.clear();
    }
    // The bodies are saved while the old output is removed: neither waits for the other.
    let committed = std::thread::scope(|s| {
        if !caches.made_images() {
            s.spawn(|| disk.save_markdown(&caches));
        }
        sink.commit_keeping_dotfiles(keep_dotfiles)
    });
    committed.map_err(|e| Errors(vec![e]))?;
    timer.done("commit, save the markdown");
    if !caches.made_images() {
        disk.save_outputs(&caches);
    }
    free_beside(caches);
    timer.done("save the outputs' memo");
    report.output = output;
    report.millis = started.elapsed().as_millis();
    Ok(report)
}

/// Where a build writes: `--output-dir`, else the config's `output_dir` under the root.
fn output_dir(options: &BuildOptions, config: &Config) -> PathBuf {
    match &options.output_dir {
        Some(dir) => dir.clone(),
        None => options.root.join(&config.output_dir),
    }
}

/// The output a build of `options` would replace, when there is one (a folder with files in
/// it): what a failed build leaves as it was. `None` when there is none yet.
pub fn previous_output(options: &BuildOptions) -> Option<PathBuf> {
    // A config that does not read still has an output from its last good build: where the
    // default puts it, unless --output-dir says otherwise.
    let dir = match load_config(options) {
        Ok(config) => output_dir(options, &config),
        Err(_) => options
            .output_dir
            .clone()
            .unwrap_or_else(|| options.root.join(crate::config::default_output_dir())),
    };
    let has_files = std::fs::read_dir(&dir).ok()?.next().is_some();
    has_files.then_some(dir)
}
