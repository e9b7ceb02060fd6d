//! `gazette serve`: build into memory, serve it, watch the sources, rebuild on change, and tell
//! open pages to reload (or show the error) over Server-Sent Events.
//!
//! Nothing is written to disk: the output directory stays exactly as `build` left it. The site
//! is an immutable map swapped whole. A rebuild may publish in two stages (the edited pages,
//! then the lists that show them); requests for outputs of the second stage wait for it, so no
//! request gets a page older than the reload that asked for it. A failed rebuild keeps (or goes
//! back to) the last good site.

pub mod http;
pub mod net;
pub mod reload;
pub mod session;

use crate::sync::{Locked, ReadWrite};
use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::error::{Error, Errors};
use http::SiteFiles;
use reload::Hub;
pub use session::Session;

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Port; when absent, 1111 or the next free one.
    pub port: Option<u16>,
    /// Address to bind.
    pub bind: IpAddr,
    /// Open the browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// What each connection is held to.
    pub limits: net::Limits,
}

/// State shared by the request threads and the rebuild loop.
pub struct Shared {
    current: Mutex<Current>,
    /// Signalled when pending outputs are up to date.
    settled: Condvar,
    error: RwLock<Option<String>>,
    build_id: RwLock<String>,
    /// Live-reload clients.
    pub hub: Hub,
    /// Event streams open now, and the most allowed.
    event_streams: AtomicUsize,
    max_event_streams: usize,
}

/// The site being served, and which of its outputs a rebuild is still rendering.
struct Current {
    files: Arc<SiteFiles>,
    pending: HashSet<String>,
    /// Whether the open pages were told to reload since the rebuild began.
    reloaded: bool,
}

/// Threads answering requests (a thread per request cost more than the answer). More than the
/// cores: a request may wait for an output of a rebuild's second stage.
const REQUEST_WORKERS: usize = 8;

/// The longest a request waits for an output being rendered before it gets the previous one.
const PENDING_WAIT: Duration = Duration::from_secs(30);

impl Shared {
    fn new(max_event_streams: usize) -> Shared {
        Shared {
            current: Mutex::new(Current {
                files: Arc::default(),
                pending: HashSet::new(),
                reloaded: false,
            }),
            settled: Condvar::new(),
            error: RwLock::new(None),
            build_id: RwLock::new(format!(
                "{}",
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            )),
            hub: Hub::default(),
            event_streams: AtomicUsize::new(0),
            max_event_streams,
        }
    }

    /// Whether every live-reload stream place is taken (a new one gets 503).
    fn event_streams_full(&self) -> bool {
        self.event_streams.load(Ordering::Acquire) >= self.max_event_streams
    }

    fn current(&self) -> std::sync::MutexGuard<'_, Current> {
        self.current.locked()
    }

    /// The site to answer `url` from: when a rebuild is still rendering a file the answer may
    /// come from (the page, or the 404 page if there is no page), waits until it is done, so
    /// no request is answered with a page older than the reload that asked for it. After
    /// [`PENDING_WAIT`] it answers anyway.
    pub fn files_for(&self, url: &str) -> Arc<SiteFiles> {
        let mut current = self.current();
        if current.pending.is_empty() {
            return current.files.clone(); // the common case: no rebuild in its second stage
        }
        let keys = http::lookup_keys(url);
        let deadline = Instant::now() + PENDING_WAIT;
        loop {
            let missing = !keys.iter().any(|k| current.files.contains_key(k));
            let waiting = keys.iter().any(|k| current.pending.contains(k))
                || (missing && current.pending.contains("404.html"));
            let left = deadline.saturating_duration_since(Instant::now());
            if !waiting || left.is_zero() {
                return current.files.clone();
            }
            current = self
                .settled
                .wait_timeout(current, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn error(&self) -> Option<String> {
        self.error.reading().clone()
    }

    /// Publishes the first stage of a rebuild: the new site, or the error that kept the old
    /// one. Outputs in `pending` are still being rendered: requests for them wait for
    /// [`Shared::settle`].
    pub fn publish(&self, result: Result<(Arc<SiteFiles>, Vec<String>), Errors>) {
        let (files, pending) = match result {
            Ok(staged) => staged,
            Err(errors) => {
                let files = self.current().files.clone();
                return self.settle(files, Some(errors));
            }
        };
        // Compared outside the lock: requests go on meanwhile (only this thread publishes).
        let change = compare(&self.current().files.clone(), &files);
        let had_error = self.error.writing().take().is_some();
        let mut current = self.current();
        current.files = files;
        current.pending = pending.into_iter().collect();
        current.reloaded = match change {
            Change::Pages => true,
            Change::Styles => had_error,
            Change::None => false,
        };
        if current.reloaded {
            self.hub.broadcast("reload", "");
        } else if change == Change::Styles {
            self.hub.broadcast("css", "");
        } else if had_error {
            // Nothing to show again: only the overlay goes.
            self.hub.broadcast("ok", "");
        }
    }

    /// Ends a rebuild: serves `files` (the complete site, or with `error` the last good one)
    /// and lets the requests waiting for pending outputs go. Pages that were not told to
    /// reload yet are told now if anything changed.
    pub fn settle(&self, files: Arc<SiteFiles>, error: Option<Errors>) {
        let change = compare(&self.current().files.clone(), &files);
        let mut current = self.current();
        current.files = files;
        current.pending.clear();
        match error {
            None => {
                if change != Change::None && !current.reloaded {
                    current.reloaded = true;
                    self.hub.broadcast("reload", "");
                }
            }
            Some(errors) => {
                let text = errors.to_string();
                eprintln!("{text}\n(serving the last good build)");
                *self.error.writing() = Some(text.clone());
                self.hub.broadcast("error", &text);
            }
        }
        self.settled.notify_all();
    }
}

/// What a rebuild changed, as far as open pages care.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    None,
    /// Only stylesheets: swapped in place.
    Styles,
    /// Anything else: pages reload.
    Pages,
}

fn compare(old: &SiteFiles, new: &SiteFiles) -> Change {
    if old.len() != new.len() || old.is_empty() {
        return Change::Pages;
    }
    let mut change = Change::None;
    for ((ka, va), (kb, vb)) in old.iter().zip(new) {
        if ka != kb {
            return Change::Pages;
        }
        // Arc equality compares pointers first: unchanged outputs are the same allocation.
        if va != vb {
            if !ka.ends_with(".css") {
                return Change::Pages;
            }
            change = Change::Styles;
        }
    }
    change
}

/// [`handle`], with a panic reported and contained: a request thread must outlive any request.
fn handle_caught(shared: &Shared, request: tiny_http::Request) {
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(shared, request)));
    if caught.is_err() {
        eprintln!("warning: a request failed inside the server (reported above); serving on");
    }
}

/// Handles one request against the shared state; an event stream holds the calling thread for
/// as long as its page is open.
pub fn handle(shared: &Shared, request: tiny_http::Request) {
    let url = request.url().to_string();
    let method = request.method().as_str().to_string();
    // Every value is ASCII made here (types, the encoded redirect); one that is not is left out.
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    if url.split('?').next() == Some(http::EVENTS_PATH) {
        let open = shared.event_streams.fetch_add(1, Ordering::AcqRel);
        let _stream_slot = StreamSlot(&shared.event_streams);
        if open >= shared.max_event_streams {
            let response = tiny_http::Response::from_string("too many live-reload streams\n")
                .with_status_code(503);
            let response = match header("Retry-After", "1") {
                Some(h) => response.with_header(h),
                None => response,
            };
            let _ = request.respond(response);
            return;
        }
        let id = shared.build_id.reading().clone();
        let stream = shared.hub.subscribe(&id);
        if let Some(e) = shared.error() {
            shared.hub.broadcast("error", &e);
        }
        // Written by hand on the raw connection: tiny_http buffers chunked bodies, and events
        // must reach the browser the moment they happen.
        let mut out = request.into_writer();
        stream.pump(&mut *out);
        return;
    }
    let files = shared.files_for(&url);
    let reply = http::respond(&method, &url, &files);
    // HTML gets the live-reload script; every other file is sent from the shared site as is.
    let body = if reply.content_type.starts_with("text/html") && method == "GET" {
        Arc::new(reload::inject(&reply.body, shared.error().as_deref()))
    } else {
        reply.body
    };
    let length = body.len();
    let headers = [
        header("Content-Type", reply.content_type),
        header("Cache-Control", "no-store"),
        reply
            .location
            .as_deref()
            .and_then(|l| header("Location", l)),
    ];
    let response = tiny_http::Response::new(
        tiny_http::StatusCode(reply.status),
        headers.into_iter().flatten().collect(),
        std::io::Cursor::new(Bytes(body)),
        Some(length),
        None,
    );
    let _ = request.respond(response);
}

/// Holds one place among the open event streams until dropped.
struct StreamSlot<'a>(&'a AtomicUsize);

impl Drop for StreamSlot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Shared file bytes as a response body (no copy per request).
struct Bytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Binds `port`, or 1111 and up when none was asked for.
fn bind(options: &ServeOptions) -> Result<(tiny_http::Server, u16), Error> {
    let ports: Vec<u16> = match options.port {
        Some(p) => vec![p],
        None => (1111..1211).collect(),
    };
    for port in &ports {
        if let Ok(server) = net::listen(SocketAddr::new(options.bind, *port), &options.limits) {
            let actual = server.server_addr().to_ip().map_or(*port, |a| a.port());
            return Ok((server, actual));
        }
    }
    Err(
        Error::new(format!("cannot listen on {}:{}", options.bind, ports[0])).with_hint(
            if options.port.is_some() {
                "the port is taken; pick another with --port, or leave it out"
            } else {
                "ports 1111-1210 are all taken; pass --port"
            },
        ),
    )
}

/// Runs the dev server until the process is stopped.
pub fn serve(mut options: ServeOptions) -> Result<(), Errors> {
    // The watcher reports absolute paths; with a relative root (`.`, the default) no event
    // would match the site's folders and no edit would ever show.
    options.root = absolute_root(&options.root).map_err(|e| Errors(vec![e]))?;
    let (server, port) = bind(&options).map_err(|e| Errors(vec![e]))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the site reachable from other machines",
            options.bind
        );
    }
    let host = if options.bind.is_unspecified() || options.bind.is_loopback() {
        "127.0.0.1".to_string()
    } else {
        options.bind.to_string()
    };
    let base_url = format!("http://{host}:{port}");
    let mut session = Session::new(&options.root, &base_url, options.drafts);
    let started = Instant::now();
    let first = session.rebuild_all();
    let shared = Arc::new(Shared::new(options.limits.max_event_streams));
    match &first {
        Ok(files) => println!(
            "Built {} files in {} ms",
            files.len(),
            started.elapsed().as_millis()
        ),
        Err(_) => eprintln!("The site does not build yet; serving the error until it does."),
    }
    shared.publish(first.map(|files| (files, Vec::new())));
    let (watcher, events) = start_watching(&options.root)?;
    println!(
        "Serving {} at {base_url}/ (Ctrl-C to stop)",
        options.root.display()
    );
    if options.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(format!("{base_url}/"))
            .spawn();
    }
    let server = Arc::new(server);
    for _ in 0..REQUEST_WORKERS {
        let shared = shared.clone();
        let server = server.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let stream = request.url().split('?').next() == Some(http::EVENTS_PATH);
                if stream && !shared.event_streams_full() {
                    // An event stream stays open as long as its page: a thread of its own.
                    let shared = shared.clone();
                    let spawned =
                        std::thread::Builder::new().spawn(move || handle_caught(&shared, request));
                    if spawned.is_err() {
                        eprintln!("warning: no thread for a live-reload stream");
                    }
                } else {
                    handle_caught(&shared, request);
                }
            }
        });
    }
    watch(&options.root, watcher, events, &mut session, &shared)
}

/// `root` as the absolute, resolved path the file watcher reports events under.
fn absolute_root(root: &Path) -> Result<PathBuf, Error> {
    root.canonicalize().map_err(|e| {
        Error::in_file(root, format!("cannot open the site folder: {e}"))
            .with_hint("pass --root with the folder that holds config.toml, or run from it")
    })
}

/// Collects file events until the inputs have been quiet for a moment: editors save in several
/// steps (write a temp file, rename it over the original), and one save should be one rebuild.
fn debounced(
    rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
) -> Option<Vec<PathBuf>> {
    use notify::EventKind;
    let relevant = |e: &notify::Event| {
        matches!(
            e.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
        )
    };
    let mut paths = Vec::new();
    loop {
        let first = rx.recv().ok()?;
        if let Ok(e) = first
            && relevant(&e)
        {
            paths.extend(e.paths);
            break;
        }
    }
    // An editor's save (temp file, rename, maybe a backup removed) takes well under the quiet
    // window; a long burst (a checkout) is cut after a while so the first pages show anyway.
    let started = Instant::now();
    while started.elapsed() < DEBOUNCE_LIMIT {
        match rx.recv_timeout(DEBOUNCE_QUIET) {
            Ok(Ok(e)) if relevant(&e) => paths.extend(e.paths),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// How long the inputs must be quiet before a rebuild starts.
const DEBOUNCE_QUIET: Duration = Duration::from_millis(10);
/// The longest a burst of changes is collected into one rebuild.
const DEBOUNCE_LIMIT: Duration = Duration::from_millis(500);

type Events = std::sync::mpsc::Receiver<notify::Result<notify::Event>>;

/// Starts watching the site's inputs. Done before the server announces itself, so no edit made
/// after "Serving ..." can be missed.
fn start_watching(root: &Path) -> Result<(notify::RecommendedWatcher, Events), Errors> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Errors(vec![Error::new(format!("cannot watch files: {e}"))]))?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Errors(vec![Error::in_file(root, format!("cannot watch: {e}"))]))?;
    for dir in session::WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }
    Ok((watcher, rx))
}

/// Rebuilds on every change until the watcher stops.
fn watch(
    root: &Path,
    mut watcher: notify::RecommendedWatcher,
    rx: Events,
    session: &mut Session,
    shared: &Shared,
) -> Result<(), Errors> {
    use notify::{RecursiveMode, Watcher};
    while let Some(paths) = debounced(&rx) {
        // A watched directory that appears later (static/ created after start) is watched now.
        for dir in session::WATCHED_DIRS {
            let path = root.join(dir);
            if path.is_dir() && paths.iter().any(|p| p == &path) {
                let _ = watcher.watch(&path, RecursiveMode::Recursive);
            }
        }
        let changed: Vec<PathBuf> = paths.into_iter().filter(|p| session.is_input(p)).collect();
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        let staged = session.rebuild_first(&changed);
        let ok = staged.is_ok();
        // The edited pages go out first; requests for the lists showing them wait for the rest.
        let pending = staged.as_ref().is_ok_and(|s| !s.pending.is_empty());
        shared.publish(staged.map(|s| (s.files, s.pending)));
        let result = if pending {
            let result = session.finish();
            let ok = result.is_ok();
            // On failure the session is back to the last good site.
            shared.settle(session.files(), result.err());
            ok
        } else {
            ok
        };
        if result {
            println!(
                "Rebuilt after {} change(s): {} outputs re-rendered in {} ms",
                changed.len(),
                session.last_rendered(),
                started.elapsed().as_millis()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn site(files: &[(&str, &str)]) -> Arc<SiteFiles> {
        Arc::new(
            files
                .iter()
                .map(|(k, v)| (k.to_string(), Arc::new(v.as_bytes().to_vec())))
                .collect(),
        )
    }

    /// Asks for `url` on another thread; the receiver gets the body it was answered with.
    fn ask(shared: &Arc<Shared>, url: &str) -> mpsc::Receiver<Vec<u8>> {
        let (tx, rx) = mpsc::channel();
        let (shared, url) = (shared.clone(), url.to_string());
        std::thread::spawn(move || {
            let files = shared.files_for(&url);
            let _ = tx.send(http::respond("GET", &url, &files).body.to_vec());
        });
        rx
    }

    #[test]
    fn requests_wait_only_for_the_outputs_they_need() {
        let shared = Arc::new(Shared::new(64));
        shared.publish(Ok((
            site(&[("a/index.html", "a1"), ("404.html", "nf1")]),
            Vec::new(),
        )));
        // A rebuild leaves the 404 page and b pending.
        let staged = site(&[("a/index.html", "a2"), ("404.html", "nf1")]);
        shared.publish(Ok((staged, vec!["404.html".into(), "b/index.html".into()])));
        let a = ask(&shared, "/a/");
        let missing = ask(&shared, "/nowhere/");
        let b = ask(&shared, "/b/");
        let bound = Duration::from_secs(10);
        // An existing page does not wait for the 404 page.
        assert_eq!(a.recv_timeout(bound).unwrap(), b"a2");
        // A missing page (answered with the 404 page) and a pending page wait for the rest.
        assert!(missing.recv_timeout(Duration::from_millis(300)).is_err());
        assert!(b.try_recv().is_err());
        let done = site(&[
            ("a/index.html", "a2"),
            ("b/index.html", "b2"),
            ("404.html", "nf2"),
        ]);
        shared.settle(done, None);
        assert_eq!(missing.recv_timeout(bound).unwrap(), b"nf2");
        assert_eq!(b.recv_timeout(bound).unwrap(), b"b2");
    }
}
