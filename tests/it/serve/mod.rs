//! The dev server: incremental rebuilds equal full builds; HTTP behaviour, live reload and the
//! error overlay through a real server on an ephemeral loopback port; hostile paths; a bounded
//! load run.

use crate::common::*;
use gazette::serve::Session;
use gazette::serve::http::SiteFiles;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub(crate) mod random;
mod rebuilds;

fn full_build(root: &Path) -> Result<std::sync::Arc<gazette::serve::http::SiteFiles>, String> {
    Session::new(root, "http://127.0.0.1:1111", false)
        .rebuild_all()
        .map_err(|e| e.to_string())
}

/// A raw HTTP/1.1 GET (or any method) so hostile paths reach the server unnormalized.
fn request(port: u16, method: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // A server that refuses a connection answers before the request is sent and closes, so
    // the write may meet a closed socket; what was answered is still read below.
    let _ = write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    );
    answer(s)
}

/// Everything the server sends on `s` until it closes, split into status, head and body.
/// A reset after the answer (the server closed with our request unread) keeps what came.
fn answer(mut s: TcpStream) -> (u16, String, String) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if buf.is_empty() && e.kind() == std::io::ErrorKind::WouldBlock => {
                panic!("no answer within the read timeout")
            }
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        l.split_once(':')
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    })
}

/// Reads SSE events until one named `name` arrives (or times out).
fn wait_for_event(stream: &mut BufReader<TcpStream>, name: &str) -> bool {
    wait_for_any(stream, &[name])
}

/// Reads SSE events until one of `names` arrives (or times out).
fn wait_for_any(stream: &mut BufReader<TcpStream>, names: &[&str]) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        match stream.read_line(&mut line) {
            Ok(0) => return false,
            Ok(_) if names.iter().any(|n| line.trim() == format!("event: {n}")) => return true,
            Ok(_) => {}
            Err(_) => {}
        }
    }
    false
}

fn events(port: u16) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    write!(
        s,
        "GET /__gazette/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    assert!(wait_for_event(&mut r, "hello"), "no hello event");
    r
}

#[test]
fn serves_pages_types_redirects_and_404() {
    let site = copy_fixture("basic");
    let server = start(site.path());
    let (status, head, body) = request(server.port, "GET", "/blog/first/");
    assert_eq!(status, 200);
    assert_eq!(
        header(&head, "Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        body.contains("First post") && body.contains("/__gazette/events"),
        "live reload script missing"
    );
    assert!(
        body.contains(&format!("http://127.0.0.1:{}/", server.port)),
        "base_url not rewritten to the local address"
    );
    let (status, head, _) = request(server.port, "GET", "/blog");
    assert_eq!((status, header(&head, "Location")), (301, Some("/blog/")));
    let (status, _, body) = request(server.port, "GET", "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    for (path, ty) in [
        ("/theme.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/blog/bundle/diagram.svg", "image/svg+xml"),
    ] {
        let (status, head, _) = request(server.port, "GET", path);
        assert_eq!(
            (status, header(&head, "Content-Type")),
            (200, Some(ty)),
            "{path}"
        );
    }
    let (status, head, body) = request(server.port, "HEAD", "/");
    assert_eq!(status, 200);
    assert!(body.is_empty() && header(&head, "Content-Type").is_some());
    assert!(
        !site.path().join("public").exists(),
        "serve must not write public/"
    );
}

#[test]
fn edits_reload_and_errors_show_an_overlay_until_fixed() {
    let site = copy_fixture("basic");
    let root = site.path();
    let server = start(root);
    let mut sse = events(server.port);

    let post = root.join("content/blog/third.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, text.replace("Third.", "Third, freshly edited.")).unwrap();
    assert!(
        wait_for_event(&mut sse, "reload"),
        "no reload after an edit"
    );
    assert!(
        request(server.port, "GET", "/blog/third/")
            .2
            .contains("Third, freshly edited.")
    );

    let css = root.join("static/override.css");
    std::fs::write(&css, "/* css only */\n").unwrap();
    assert!(
        wait_for_event(&mut sse, "css"),
        "a stylesheet change should swap CSS, not reload"
    );

    let template = root.join("templates/page.html");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        good.replace("{{ page.title }}</h1>", "{{ page.title </h1>"),
    )
    .unwrap();
    assert!(
        wait_for_event(&mut sse, "error"),
        "no error event for a broken template"
    );
    let (status, _, body) = request(server.port, "GET", "/blog/third/");
    assert_eq!(status, 200, "the last good site must still be served");
    assert!(
        body.contains("__gazette_overlay") && body.contains("templates/page.html"),
        "overlay missing: {body}"
    );

    std::fs::write(&template, good).unwrap();
    // Fixed back to the last good site: the overlay is cleared ("ok"), or the page reloads.
    assert!(
        wait_for_any(&mut sse, &["ok", "reload"]),
        "no event once fixed"
    );
    assert!(
        !request(server.port, "GET", "/blog/third/")
            .2
            .contains("__gazette_overlay\" role"),
        "overlay should be gone"
    );
}

#[test]
fn hostile_paths_never_leave_the_site() {
    let site = copy_fixture("basic");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("static/passwd")).unwrap();
    let server = start(site.path());
    let hostile = [
        "/../../../../etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/blog/../../etc/passwd",
        "/blog/%2e%2e/%2e%2e/etc/passwd",
        "/..\\..\\etc\\passwd",
        "/%5c..%5c..%5cetc%5cpasswd",
        "/etc/passwd%00.html",
        "/%00",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/./././../etc/passwd",
        "/blog/./../../../etc/shadow",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/passwd",
        "/static/passwd",
        "/.%2e/.%2e/etc/passwd",
    ];
    for path in hostile {
        let (status, _, body) = request(server.port, "GET", path);
        assert!(status == 400 || status == 404, "{path}: status {status}");
        assert!(!body.contains("root:"), "{path} leaked a system file");
    }
}

#[test]
fn bounded_load_run_has_no_failures() {
    let site = copy_fixture("basic");
    let server = start(site.path());
    let port = server.port;
    let paths = [
        "/",
        "/blog/",
        "/blog/first/",
        "/tags/rust/",
        "/theme.css",
        "/atom.xml",
        "/nope/",
    ];
    let until = Instant::now() + Duration::from_secs(3);
    let handles: Vec<_> = (0..50)
        .map(|i| {
            std::thread::spawn(move || {
                let (mut ok, mut failed) = (0u32, 0u32);
                let mut n = i;
                while Instant::now() < until {
                    let path = paths[n % paths.len()];
                    n += 1;
                    let (status, _, _) = request(port, "GET", path);
                    if status == 200 || (path == "/nope/" && status == 404) {
                        ok += 1
                    } else {
                        failed += 1
                    }
                }
                (ok, failed)
            })
        })
        .collect();
    let (ok, failed) = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "load: 50 connections for 3 s: {ok} ok, {failed} failed, {:.0} req/s",
        ok as f64 / 3.0
    );
    assert_eq!(failed, 0);
    assert!(ok > 100, "only {ok} requests completed");
}

/// Every way users start the server sees edits: from the site's folder with no `--root` (the
/// default `.`), `--root .`, a relative `--root` from the parent folder; in a folder whose name
/// has spaces and non-ASCII characters. (Every earlier test used an absolute temporary path,
/// and with a relative root no edit ever showed.)
#[test]
fn edits_show_however_the_server_is_started() {
    let parent = tempfile::tempdir().unwrap();
    let name = "my site ☕ café";
    let root = parent.path().join(name);
    copy_dir(&fixture("basic"), &root);
    let ways: [(&Path, Option<&str>); 3] = [
        (&root, None),
        (&root, Some(".")),
        (parent.path(), Some(name)),
    ];
    for (i, (cwd, root_arg)) in ways.into_iter().enumerate() {
        let server = start_from(cwd, root_arg);
        let mut sse = events(server.port);
        let post = root.join("content/blog/third.md");
        let text = std::fs::read_to_string(&post).unwrap();
        let marker = format!("Edited in way {i}.");
        std::fs::write(&post, format!("{text}\n{marker}\n")).unwrap();
        assert!(
            wait_for_event(&mut sse, "reload"),
            "no reload with cwd {} and --root {root_arg:?}",
            cwd.display()
        );
        let (status, _, body) = request(server.port, "GET", "/blog/third/");
        assert_eq!(status, 200);
        assert!(body.contains(&marker), "edit {i} not served: {body}");
    }
}

/// A raw source with one huge word, saved while the bundled site (search index on) is served:
/// the server rebuilds, stays up and serves the new source. It used to die of a stack overflow.
#[test]
fn a_huge_word_saved_while_serving_does_not_kill_the_server() {
    let site = copy_bundled_site();
    let root = site.path();
    let server = start(root);
    let mut sse = events(server.port);
    let blob = "QUJD".repeat(300_000);
    std::fs::write(
        root.join("content/sources/blob.txt"),
        format!(
            "A huge blob\nGo is used here. {blob}\n{}\n",
            "[".repeat(12_000)
        ),
    )
    .unwrap();
    assert!(
        wait_for_event(&mut sse, "reload"),
        "no reload after the edit"
    );
    let (status, _, body) = request(server.port, "GET", "/sources/blob/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("A huge blob"));
    assert_eq!(request(server.port, "GET", "/").0, 200);
}

/// The symlink policy holds in the dev server too: a link out of the site, added while serving,
/// is an error naming it, and what it points to is never served.
#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_never_served() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0").unwrap();
    let site = copy_fixture("basic");
    let root = site.path();
    let server = start(root);
    let mut sse = events(server.port);
    std::os::unix::fs::symlink(
        outside.path().join("passwd"),
        root.join("content/passwd.txt"),
    )
    .unwrap();
    assert!(
        wait_for_event(&mut sse, "error"),
        "no error event for the link"
    );
    let (status, _, body) = request(server.port, "GET", "/passwd.txt");
    assert_eq!(status, 404);
    assert!(!body.contains("root:x"));
    let (_, _, page) = request(server.port, "GET", "/blog/first/");
    assert!(
        page.contains("content/passwd.txt: the symbolic link points outside the site"),
        "the overlay should name the link"
    );
}

/// Reads from `s` until the server closes it (or `within` passes); what it sent.
fn read_until_closed(s: &mut TcpStream, within: Duration) -> Option<String> {
    let deadline = Instant::now() + within;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        match s.read(&mut buf) {
            Ok(0) => return Some(String::from_utf8_lossy(&got).into_owned()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Some(String::from_utf8_lossy(&got).into_owned());
            }
            Err(_) => {}
        }
    }
    None
}

/// Half-sent and trickled requests and idle keep-alive connections are closed once the head
/// time limit passes; they used to stay open for ever. Meanwhile others are served.
#[test]
fn stuck_and_slow_clients_are_cut_off_by_the_head_time_limit() {
    let site = copy_fixture("basic");
    let server = start_with(site.path(), None, &["--head-timeout-ms", "400"]);
    let port = server.port;
    let mut half_sent: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET /blog/ HTTP/1.1\r\nHost: loc").unwrap();
            s
        })
        .collect();
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    idle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    // A client sending one byte every 100 ms never lets a single read wait 400 ms.
    let trickler = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let started = Instant::now();
        for byte in b"GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\n"
            .iter()
            .cycle()
        {
            if s.write_all(&[*byte]).is_err() || started.elapsed() > Duration::from_secs(10) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        started.elapsed()
    });
    let (status, _, _) = request(port, "GET", "/blog/");
    assert_eq!(status, 200, "a normal request waits behind stuck ones");
    for (i, s) in half_sent.iter_mut().enumerate() {
        let answer = read_until_closed(s, Duration::from_secs(5));
        assert!(
            answer.is_some(),
            "half-sent request {i} still open after 5 s"
        );
    }
    let answer = read_until_closed(&mut idle, Duration::from_secs(5)).expect("idle kept open");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let trickled_for = trickler.join().unwrap();
    assert!(
        trickled_for < Duration::from_secs(5),
        "a trickled head was read for {trickled_for:?}"
    );
}

/// Beyond the connection cap a new connection gets 503 at once; when connections close,
/// requests are served again.
#[test]
fn connections_beyond_the_cap_get_503_and_others_are_still_served() {
    let site = copy_fixture("basic");
    let server = start_with(site.path(), None, &["--max-connections", "4"]);
    let port = server.port;
    let held: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200)); // accepted
    // The refusal comes at once, before the client has said anything.
    let refused = TcpStream::connect(("127.0.0.1", port)).unwrap();
    refused
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let (status, head, _) = answer(refused);
    assert_eq!(status, 503, "{head}");
    assert_eq!(header(&head, "Retry-After"), Some("1"));
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, _, _) = request(port, "GET", "/");
        if status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {status} after the held connections closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The live-reload stream stays open past the head time limit (a page is open for hours) and
/// still delivers the reload; beyond the stream cap a stream gets 503, and a closed page frees
/// its place.
#[test]
fn event_streams_outlive_the_head_time_limit_and_are_capped() {
    let site = copy_fixture("basic");
    let server = start_with(
        site.path(),
        None,
        &["--head-timeout-ms", "300", "--max-event-streams", "2"],
    );
    let port = server.port;
    let mut first = events(port);
    let second = events(port);
    let (status, head, _) = request(port, "GET", "/__gazette/events");
    assert_eq!(status, 503, "{head}");
    std::thread::sleep(Duration::from_millis(1500));
    let post = site.path().join("content/blog/third.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, format!("{text}\nEdited after the head limit.\n")).unwrap();
    assert!(
        wait_for_event(&mut first, "reload"),
        "stream cut or no reload"
    );
    drop(second);
    // The closed stream is noticed within two pings and its place is free again.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        write!(s, "GET /__gazette/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut line = String::new();
        let _ = BufReader::new(s).read_line(&mut line);
        if line.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the closed stream's place was never freed: {line}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Connections that tried to take the server down, each followed by an ordinary request that
/// must still be answered: requests pipelined behind a live-reload stream (they used to hold
/// every request thread for as long as the stream lived), a GET announcing a body of 100 TB
/// (its discard allocated the announced length and aborted the process), a head line of a
/// megabyte, and a redirect to a non-ASCII folder (its header panicked a request thread).
#[test]
fn hostile_connections_do_not_take_the_server_down() {
    let site = copy_fixture("basic");
    std::fs::create_dir_all(site.path().join("static/über")).unwrap();
    std::fs::write(site.path().join("static/über/index.html"), "<p>u</p>").unwrap();
    let server = start(site.path());
    let port = server.port;
    let ok = |what: &str| {
        let (status, _, _) = request(port, "GET", "/blog/");
        assert_eq!(status, 200, "after {what}");
    };
    let mut pipelined = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut burst = String::from("GET /__gazette/events HTTP/1.1\r\nHost: x\r\n\r\n");
        for _ in 0..10 {
            burst.push_str("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        s.write_all(burst.as_bytes()).unwrap();
        pipelined.push(s);
    }
    std::thread::sleep(Duration::from_millis(300));
    ok("requests pipelined behind event streams");
    let mut huge = TcpStream::connect(("127.0.0.1", port)).unwrap();
    huge.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999\r\n\r\nabc")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(huge);
    ok("a GET announcing a 100 TB body");
    let mut long = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let line = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(1 << 20));
    let _ = long.write_all(line.as_bytes());
    assert!(
        read_until_closed(&mut long, Duration::from_secs(5)).is_some(),
        "a megabyte head line kept the connection open"
    );
    ok("a megabyte head line");
    let (status, head, _) = request(port, "GET", "/%C3%BCber");
    assert_eq!(status, 301, "{head}");
    assert_eq!(header(&head, "Location"), Some("/%C3%BCber/"));
    ok("a redirect to a non-ASCII folder");
    drop(pipelined);
}

/// A body edit that adds enough words for more chunks of the search index, then takes them
/// away again: the patched site gains the chunks, then loses them, as a full build does (a
/// chunk left behind would be served stale).
#[test]
fn search_chunks_come_and_go_with_a_patched_page() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    let chunks = |files: &SiteFiles| {
        files
            .keys()
            .filter(|k| k.starts_with("search/") && k.contains("/w"))
            .count()
    };
    let first = session.rebuild_all().unwrap();
    let page = root.join("content/blog/first.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let words: String = (0..8000).map(|i| format!("zyx{i} ")).collect();
    std::fs::write(&page, format!("{text}\n{words}\n")).unwrap();
    let grown = session.rebuild(std::slice::from_ref(&page)).unwrap();
    assert!(session.patched(), "the edit should take the fast path");
    assert!(
        chunks(&grown) > chunks(&first) + 1,
        "{} chunks, then {}",
        chunks(&first),
        chunks(&grown)
    );
    assert_eq!(*grown, *full_build(root).unwrap());
    std::fs::write(&page, &text).unwrap();
    let shrunk = session.rebuild(std::slice::from_ref(&page)).unwrap();
    assert_eq!(chunks(&shrunk), chunks(&first));
    assert_eq!(*shrunk, *full_build(root).unwrap());
}
