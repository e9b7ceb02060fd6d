//! Live reload: Server-Sent Events to every open page, and the script pages run to listen.

use crate::sync::Locked;
use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// Injected before `</body>` of every HTML response. It reloads on `reload`, swaps stylesheets
/// on `css`, shows the build error overlay on `error` and removes it on the next success.
/// EventSource reconnects by itself; a changed build id on reconnect (server restarted) reloads.
pub const CLIENT_SCRIPT: &str = r#"<script>
(() => {
  let build = null;
  const es = new EventSource("/__gazette/events");
  const overlay = (text) => {
    let o = document.getElementById("__gazette_overlay");
    if (!text) { if (o) o.remove(); return; }
    if (!o) {
      o = document.createElement("div");
      o.id = "__gazette_overlay";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#ffb4b4;font:14px/1.5 ui-monospace,monospace;padding:2rem;white-space:pre-wrap;overflow:auto";
      document.body.appendChild(o);
    }
    o.textContent = "Gazette: the last change did not build\n\n" + text;
  };
  es.addEventListener("hello", (e) => { if (build !== null && build !== e.data) location.reload(); build = e.data; });
  es.addEventListener("reload", () => location.reload());
  es.addEventListener("css", () => {
    overlay(null);
    for (const l of document.querySelectorAll('link[rel="stylesheet"]')) {
      const u = new URL(l.href); u.searchParams.set("gazette-reload", Date.now()); l.href = u.href;
    }
  });
  es.addEventListener("error", (e) => { if (e.data) overlay(e.data); });
  es.addEventListener("ok", () => overlay(null));
})();
</script>"#;

/// The connected clients.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// Registers a client; the reader streams its events.
    pub fn subscribe(&self, hello: &str) -> EventStream {
        let (tx, rx) = channel();
        let _ = tx.send(event("hello", hello));
        self.clients.locked().push(tx);
        EventStream { rx }
    }

    /// Sends an event to every client, forgetting the ones that went away.
    pub fn broadcast(&self, name: &str, data: &str) {
        let message = event(name, data);
        self.clients
            .locked()
            .retain(|c| c.send(message.clone()).is_ok());
    }

    /// How many clients are connected.
    pub fn len(&self) -> usize {
        self.clients.locked().len()
    }

    /// Whether no client is connected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One SSE message; multi-line data gets one `data:` line per line.
pub fn event(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

/// How often an idle event stream gets a comment, so a closed page is noticed within two.
pub const PING_EVERY: Duration = Duration::from_secs(2);

/// One client's events.
pub struct EventStream {
    rx: Receiver<String>,
}

impl EventStream {
    /// Blocks until the next event, or [`PING_EVERY`] and sends a comment: a closed page's
    /// stream fails on the second write after it closed, and only then frees its place among
    /// the open streams. `None` once the hub is gone.
    pub fn next_message(&mut self) -> Option<String> {
        match self.rx.recv_timeout(PING_EVERY) {
            Ok(msg) => Some(msg),
            Err(RecvTimeoutError::Timeout) => Some(": ping\n\n".to_string()),
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Writes events to `out` (a raw connection), flushing each, until the client goes away.
    pub fn pump(mut self, out: &mut dyn Write) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
        if out
            .write_all(head.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
        while let Some(msg) = self.next_message() {
            if out
                .write_all(msg.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

/// Adds the live-reload script (and, while the last build failed, the error overlay) to an
/// HTML page.
pub fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let mut extra = String::from(CLIENT_SCRIPT);
    if let Some(e) = error {
        let escaped = e
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        extra.push_str(&format!(
            "<div id=\"__gazette_overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#ffb4b4;font:14px/1.5 ui-monospace,monospace;padding:2rem;white-space:pre-wrap;overflow:auto\">Gazette: the last change did not build\n\n{escaped}</div>"
        ));
    }
    let text = String::from_utf8_lossy(html);
    let out = match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]),
        None => format!("{text}{extra}"),
    };
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_well_formed() {
        assert_eq!(event("error", "a\nb"), "event: error\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn script_goes_before_body_end_and_overlay_is_escaped() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", Some("<bad>")))
            .unwrap();
        assert!(out.contains("EventSource") && out.ends_with("</body></html>"));
        assert!(out.contains("&lt;bad&gt;") && !out.contains("<bad>"));
    }

    #[test]
    fn hub_delivers_and_forgets_dead_clients() {
        let hub = Hub::default();
        let mut stream = hub.subscribe("1");
        drop(hub.subscribe("1"));
        hub.broadcast("reload", "");
        assert_eq!(hub.len(), 1);
        assert!(stream.next_message().unwrap().starts_with("event: hello"));
        assert!(stream.next_message().unwrap().starts_with("event: reload"));
    }
}
