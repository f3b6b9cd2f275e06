//! Live reload over Server-Sent Events: the subscribers' hub, the event-stream connection loop
//! and the build state sent to pages.
//!
//! Each open page holds one `GET /__lectern/events` connection on a thread of its own (so at
//! most [`MAX_STREAMS`](super::MAX_STREAMS) threads). The
//! watch thread broadcasts through the [`Hub`], which never waits for a page: each page has a
//! one-event mailbox, and a newer event replaces one the page has not taken yet. That loses
//! nothing, because every event carries the whole state a page needs (see [`State`]), so a
//! slow page simply catches up with the latest.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Severity};

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
    subscribers: Vec<(u64, Arc<Mailbox>)>,
    closed: bool,
}

/// The latest event a page has not taken yet.
#[derive(Default)]
struct Mailbox {
    slot: Mutex<Letter>,
    ready: Condvar,
}

#[derive(Default)]
struct Letter {
    event: Option<Arc<str>>,
    closed: bool,
}

/// What a page's stream thread finds when it looks.
pub enum Delivery {
    Event(Arc<str>),
    /// Nothing within the heartbeat interval.
    Idle,
    /// The server is stopping.
    Closed,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks cannot leave its data inconsistent.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Mailbox {
    fn put(&self, event: Arc<str>) {
        lock(&self.slot).event = Some(event);
        self.ready.notify_one();
    }

    fn close(&self) {
        lock(&self.slot).closed = true;
        self.ready.notify_one();
    }
}

/// A page's place in the hub; leaves it when dropped, however the connection ended.
pub struct Subscription {
    hub: Arc<Hub>,
    id: u64,
    mailbox: Arc<Mailbox>,
}

impl Subscription {
    /// Waits up to `timeout` for an event.
    pub fn next(&self, timeout: Duration) -> Delivery {
        let letter = lock(&self.mailbox.slot);
        let (mut letter, _) = self
            .mailbox
            .ready
            .wait_timeout_while(letter, timeout, |l| l.event.is_none() && !l.closed)
            .unwrap_or_else(|e| e.into_inner());
        match letter.event.take() {
            Some(event) => Delivery::Event(event),
            None if letter.closed => Delivery::Closed,
            None => Delivery::Idle,
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        lock(&self.hub.inner)
            .subscribers
            .retain(|(id, _)| *id != self.id);
    }
}

impl Hub {
    /// Joins the hub, unless the server is stopping. With `limit` pages already connected
    /// the oldest stream is ended to make room: a tab that was closed is only noticed at its
    /// next heartbeat, so the oldest streams are the likeliest to be gone, and a page that is
    /// still open reconnects by itself. Refusing the newcomer instead would leave the page
    /// just opened without live reload while dead streams hold every place.
    pub fn subscribe(hub: &Arc<Hub>, limit: usize) -> Option<Subscription> {
        let mut inner = lock(&hub.inner);
        if inner.closed {
            return None;
        }
        let excess = (inner.subscribers.len() + 1).saturating_sub(limit.max(1));
        for (_, oldest) in inner.subscribers.drain(..excess) {
            oldest.close();
        }
        inner.next_id += 1;
        let id = inner.next_id;
        let mailbox = Arc::new(Mailbox::default());
        inner.subscribers.push((id, mailbox.clone()));
        Some(Subscription {
            hub: hub.clone(),
            id,
            mailbox,
        })
    }

    /// Sends an event to every page.
    pub fn broadcast(&self, event: Arc<str>) {
        for (_, mailbox) in &lock(&self.inner).subscribers {
            mailbox.put(event.clone());
        }
    }

    pub fn count(&self) -> usize {
        lock(&self.inner).subscribers.len()
    }

    /// Ends every stream and refuses new ones (on shutdown).
    pub fn close(&self) {
        let mut inner = lock(&self.inner);
        inner.closed = true;
        for (_, mailbox) in &inner.subscribers {
            mailbox.close();
        }
    }
}

/// Serves one event stream until the page goes away or the server stops.
///
/// `out` is the connection itself: the response head is written here because the body never
/// ends (the stream ends by closing the connection, hence `Connection: close`). `hello` is the first event. A heartbeat comment
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
                Connection: close\r\n\r\n\
                retry: 1000\n\n";
    if send(&mut out, head).is_err() || send(&mut out, &hello).is_err() {
        return;
    }
    loop {
        let result = match subscription.next(heartbeat) {
            Delivery::Event(event) => send(&mut out, &event),
            Delivery::Idle => probe(&mut out),
            Delivery::Closed => return,
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
    fn subscriptions_are_bounded_and_the_oldest_makes_room() {
        let hub = Arc::new(Hub::default());
        let held: Vec<_> = (0..3).map(|_| Hub::subscribe(&hub, 3).unwrap()).collect();
        let newest = Hub::subscribe(&hub, 3).unwrap();
        assert_eq!(hub.count(), 3);
        // The oldest stream is told to end; the others and the newcomer stay.
        assert!(matches!(held[0].next(Duration::ZERO), Delivery::Closed));
        assert!(matches!(held[1].next(Duration::ZERO), Delivery::Idle));
        hub.broadcast("event".into());
        assert!(matches!(newest.next(Duration::ZERO), Delivery::Event(_)));
        drop(held);
        assert_eq!(hub.count(), 1);
        drop(newest);
        assert_eq!(hub.count(), 0);
    }

    #[test]
    fn a_slow_page_gets_the_latest_event_only() {
        let hub = Arc::new(Hub::default());
        let slow = Hub::subscribe(&hub, 8).unwrap();
        for i in 0..100 {
            hub.broadcast(format!("event {i}").into());
        }
        assert_eq!(hub.count(), 1);
        match slow.next(Duration::ZERO) {
            Delivery::Event(e) => assert_eq!(&*e, "event 99"),
            _ => panic!("no event"),
        }
        assert!(matches!(
            slow.next(Duration::from_millis(1)),
            Delivery::Idle
        ));
    }

    #[test]
    fn closing_ends_streams_and_refuses_new_ones() {
        let hub = Arc::new(Hub::default());
        let s = Hub::subscribe(&hub, 8).unwrap();
        hub.close();
        assert!(matches!(s.next(Duration::from_secs(5)), Delivery::Closed));
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
