//! The dev server's sockets: where it listens and what every connection is held to.
//!
//! A dev server is reached by browsers with keep-alive connections, by the live-reload event
//! streams that stay open for as long as a page is, and (when bound beyond loopback) by anyone
//! on the network. So: Nagle's algorithm is off (a response written as head then body would
//! otherwise wait about 40 ms for the client's delayed ACK on every keep-alive request); a
//! connection must deliver each request head within a time limit, which also closes idle
//! keep-alive connections; a client that stops reading cannot hold a write forever; and the
//! number of open connections and of event streams is capped, with 503 beyond the cap.
//! tiny_http applies these per connection through a small patch (vendor/tiny_http/VENDORED.md).

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

/// What each connection of the dev server is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest a connection may take to deliver a request head, counted from its first
    /// read for it: bounds a half-sent or trickled request and an idle keep-alive connection.
    pub head_timeout: Duration,
    /// The longest one write may wait for a client that does not read.
    pub write_timeout: Duration,
    /// The most connections open at once (event streams included).
    pub max_connections: usize,
    /// The most live-reload event streams open at once.
    pub max_event_streams: usize,
}

impl Default for Limits {
    /// Generous for a person with many tabs open, small enough that stuck clients cannot
    /// exhaust threads or file descriptors.
    fn default() -> Limits {
        Limits {
            head_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(10),
            max_connections: 128,
            max_event_streams: 64,
        }
    }
}

/// Listens on `addr` with every accepted connection held to `limits`.
pub fn listen(addr: SocketAddr, limits: &Limits) -> std::io::Result<tiny_http::Server> {
    let listener = TcpListener::bind(addr)?;
    let connection_limits = tiny_http::ConnectionLimits {
        nodelay: true,
        head_timeout: Some(limits.head_timeout),
        write_timeout: Some(limits.write_timeout),
        max_connections: Some(limits.max_connections),
    };
    tiny_http::Server::from_listener_with_limits(listener, None, connection_limits)
        .map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Instant;

    fn server(limits: Limits) -> (tiny_http::Server, u16) {
        let server = listen("127.0.0.1:0".parse().unwrap(), &limits).unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        (server, port)
    }

    #[test]
    fn accepted_connections_have_nagle_off_and_answer_keep_alive_requests_at_once() {
        let (server, port) = server(Limits::default());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                // A page-sized body: tiny_http writes the head, then the body, and the second
                // write is the one Nagle's algorithm holds back.
                let body = format!("{}ok", "x".repeat(10_000));
                let _ = request.respond(tiny_http::Response::from_string(body));
            }
        });
        let mut client = TcpStream::connect(("127.0.0.1", port)).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut buf = [0u8; 4096];
        let started = Instant::now();
        for _ in 0..50 {
            client
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            let mut got = Vec::new();
            while !got.ends_with(b"ok") {
                let n = client.read(&mut buf).unwrap();
                assert!(n > 0, "connection closed");
                got.extend_from_slice(&buf[..n]);
            }
        }
        // With Nagle on, every request after the first waits for the client's delayed ACK
        // (about 40 ms, so 2 s for 50); without, the 50 take a few milliseconds.
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(1),
            "50 keep-alive requests took {took:?}"
        );
    }
}
