//! Live reload over Server-Sent Events: the subscribers' hub, the event-stream connection loop
//! and the build state sent to pages.
//!
//! Each open page holds one `GET /__lectern/events` connection on a thread of its own. The
//! watch thread broadcasts through the [`Hub`], which never blocks on a page: every subscriber
//! has a small bounded queue, and one that falls that far behind is dropped (the page
//! reconnects and gets the current state in its `hello`).

use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Severity};

/// How many events may wait for a slow page before it is dropped.
const QUEUE: usize = 32;

/// One located problem, as the error overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Relative to the book's root, `/`-separated.
    pub file: String,
    /// 1-based; 0 when the problem is about the file as a whole.
    pub line: usize,
    pub column: usize,
    /// `file:line:col` (or `file`), as the terminal shows it.
    pub location: String,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line of the source file, when it could be read.
    pub source_line: Option<String>,
}

impl Problem {
    pub fn from_diagnostic(d: &Diagnostic, root: &Path) -> Problem {
        let file = d
            .file
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let (line, column) = d.position.map_or((0, 0), |p| (p.line, p.column));
        let source_line = (line > 0)
            .then(|| std::fs::read(root.join(&d.file)).ok())
            .flatten()
            .and_then(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .lines()
                    .nth(line - 1)
                    .map(|l| l.chars().take(500).collect())
            });
        Problem {
            severity: d.severity,
            location: if line > 0 {
                format!("{file}:{line}:{column}")
            } else {
                file.clone()
            },
            file,
            line,
            column,
            message: d.message.clone(),
            hint: d.hint.clone(),
            source_line,
        }
    }

    /// The errors of a failed build, errors first (a failed build always has one, but an
    /// empty list would leave the overlay blank, so say so).
    pub fn list(diags: &Diagnostics, root: &Path) -> Vec<Problem> {
        let mut items: Vec<Problem> = diags
            .items
            .iter()
            .filter(|d| d.is_error())
            .chain(diags.items.iter().filter(|d| !d.is_error()))
            .take(50)
            .map(|d| Problem::from_diagnostic(d, root))
            .collect();
        if items.is_empty() {
            items.push(Problem {
                severity: Severity::Error,
                file: String::new(),
                line: 0,
                column: 0,
                location: String::new(),
                message: "the build failed without saying why".into(),
                hint: Some("see the terminal running lectern serve".into()),
                source_line: None,
            });
        }
        items
    }
}

/// What a page needs to know to decide whether it is current: sent with every event.
#[derive(Debug, Clone, Serialize)]
pub struct State<'a> {
    /// Changes when the server restarts: a page from another run reloads.
    pub server: &'a str,
    /// Bumped by every successful rebuild that changed the site.
    pub version: u64,
    /// The version of the last change that was not stylesheets only.
    pub html_version: u64,
    pub ok: bool,
    /// The problems of the failed build, while it is failed.
    pub errors: &'a [Problem],
    /// Files changed by this rebuild (`css` events only).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub changed: &'a [String],
}

/// One Server-Sent Event, ready to write: `event: <name>` and a one-line JSON `data:`.
pub fn event(name: &str, state: &State) -> Arc<str> {
    let data = serde_json::to_string(state).unwrap_or_else(|_| "{}".into());
    format!("event: {name}\ndata: {data}\n\n").into()
}

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    inner: Mutex<HubInner>,
}

#[derive(Default)]
struct HubInner {
    next_id: u64,
    subscribers: Vec<(u64, SyncSender<Arc<str>>)>,
    closed: bool,
}

/// A page's place in the hub; leaves it when dropped, however the connection ended.
pub struct Subscription {
    hub: Arc<Hub>,
    id: u64,
    pub events: Receiver<Arc<str>>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.lock().subscribers.retain(|(id, _)| *id != self.id);
    }
}

impl Hub {
    fn lock(&self) -> MutexGuard<'_, HubInner> {
        // A panic while holding the lock cannot leave the list inconsistent: keep going.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Joins the hub, unless `limit` pages are already connected or the server is stopping.
    pub fn subscribe(hub: &Arc<Hub>, limit: usize) -> Option<Subscription> {
        let mut inner = hub.lock();
        if inner.closed || inner.subscribers.len() >= limit {
            return None;
        }
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        inner.next_id += 1;
        let id = inner.next_id;
        inner.subscribers.push((id, tx));
        Some(Subscription {
            hub: hub.clone(),
            id,
            events: rx,
        })
    }

    /// Sends an event to every page. A page whose queue is full (it stopped reading) is
    /// dropped rather than waited for.
    pub fn broadcast(&self, event: Arc<str>) {
        self.lock()
            .subscribers
            .retain(|(_, tx)| match tx.try_send(event.clone()) {
                Ok(()) => true,
                Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => false,
            });
    }

    pub fn count(&self) -> usize {
        self.lock().subscribers.len()
    }

    /// Ends every stream and refuses new ones (on shutdown).
    pub fn close(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        inner.subscribers.clear();
    }
}

/// Serves one event stream until the page goes away, the hub drops it or the server stops.
///
/// `out` is the raw connection (tiny_http's request writer): the response head is written
/// here by hand because the body never ends. `hello` is the first event. A heartbeat comment
/// every `heartbeat` keeps proxies from timing out and finds dead connections: writing to a
/// socket the page has closed fails, and then the subscription is dropped.
pub fn stream(
    mut out: impl Write,
    subscription: Subscription,
    hello: Arc<str>,
    heartbeat: Duration,
) {
    let head = "HTTP/1.1 200 OK\r\n\
                Content-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\n\
                Connection: keep-alive\r\n\r\n\
                retry: 1000\n\n";
    if send(&mut out, head).is_err() || send(&mut out, &hello).is_err() {
        return;
    }
    loop {
        let result = match subscription.events.recv_timeout(heartbeat) {
            Ok(event) => send(&mut out, &event),
            Err(RecvTimeoutError::Timeout) => probe(&mut out),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if result.is_err() {
            return;
        }
    }
}

fn send(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// A heartbeat in two writes: the first write to a socket the page has closed still
/// succeeds (the peer answers it with a reset), the second fails. Splitting the comment
/// notices a closed tab within one heartbeat instead of two.
fn probe(out: &mut impl Write) -> std::io::Result<()> {
    send(out, ":")?;
    std::thread::sleep(Duration::from_millis(5));
    send(out, "\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Position;

    #[test]
    fn subscribers_leave_when_dropped() {
        let hub = Arc::new(Hub::default());
        for _ in 0..10_000 {
            let s = Hub::subscribe(&hub, 8).unwrap();
            assert_eq!(hub.count(), 1);
            drop(s);
        }
        assert_eq!(hub.count(), 0);
    }

    #[test]
    fn subscriptions_are_bounded() {
        let hub = Arc::new(Hub::default());
        let held: Vec<_> = (0..3).map(|_| Hub::subscribe(&hub, 3).unwrap()).collect();
        assert!(Hub::subscribe(&hub, 3).is_none());
        drop(held);
        assert!(Hub::subscribe(&hub, 3).is_some());
    }

    #[test]
    fn a_page_that_stops_reading_is_dropped_not_waited_for() {
        let hub = Arc::new(Hub::default());
        let slow = Hub::subscribe(&hub, 8).unwrap();
        for i in 0..QUEUE + 1 {
            hub.broadcast(format!("event {i}").into());
        }
        assert_eq!(hub.count(), 0);
        // It sees the end of its queue, then the hub's goodbye.
        assert_eq!(slow.events.iter().count(), QUEUE);
    }

    #[test]
    fn closing_ends_streams_and_refuses_new_ones() {
        let hub = Arc::new(Hub::default());
        let s = Hub::subscribe(&hub, 8).unwrap();
        hub.close();
        assert!(s.events.recv().is_err());
        assert!(Hub::subscribe(&hub, 8).is_none());
    }

    #[test]
    fn stream_writes_head_hello_and_events_then_stops_when_dropped() {
        let hub = Arc::new(Hub::default());
        let sub = Hub::subscribe(&hub, 8).unwrap();
        let out = SharedBuf::default();
        let writer = out.clone();
        // Queued before the stream starts, then the hub closes: the stream must write both
        // events and end.
        hub.broadcast("event: reload\ndata: {}\n\n".into());
        hub.close();
        stream(
            writer,
            sub,
            "event: hello\ndata: {}\n\n".into(),
            Duration::from_secs(60),
        );
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Type: text/event-stream"));
        assert!(text.contains("Cache-Control: no-store"));
        let hello = text.find("event: hello").unwrap();
        let reload = text.find("event: reload").unwrap();
        assert!(hello < reload);
    }

    #[derive(Clone, Default)]
    struct SharedBuf(Arc<Mutex<Vec<u8>>>);
    impl Write for SharedBuf {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn problems_carry_location_and_source_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "one\ntwo: [\nthree\n").unwrap();
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::warning("book.toml", None, "a warning"));
        diags.push(
            Diagnostic::error("content/a.md", Some(Position::new(2, 6)), "unclosed list")
                .with_hint("add ]"),
        );
        let list = Problem::list(&diags, dir.path());
        assert_eq!(list[0].location, "content/a.md:2:6");
        assert_eq!(list[0].source_line.as_deref(), Some("two: ["));
        assert_eq!(list[0].hint.as_deref(), Some("add ]"));
        assert_eq!(list[1].location, "book.toml");
        assert_eq!(list[1].source_line, None);
        let json = serde_json::to_string(&list[0]).unwrap();
        assert!(json.contains(r#""severity":"error""#), "{json}");
    }
}
