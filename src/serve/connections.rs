//! The connections of `lectern serve`: one thread accepts every connection, reads its
//! request head, writes its reply and closes it, for all connections at once (non-blocking
//! sockets, woken by mio), so a slow or stalled client costs a small buffer, never a thread.
//! A few request workers turn heads into replies (finding a file can mean making the search
//! index); an open page's event stream is handed a thread of its own (at most
//! [`MAX_STREAMS`](super::MAX_STREAMS) of them).
//!
//! Each connection carries one request:
//! 1. reading: the head must arrive whole within the request timeout ([`Timeouts`]) and fit
//!    in [`MAX_HEAD`] (else 408 or 431; the connection loop never keeps more of it);
//! 2. answering: a worker makes the reply;
//! 3. writing: the reply is written as the client takes it; a client that takes nothing for
//!    the stall timeout is dropped;
//! 4. draining: the server's side is shut (the client reads the end of the stream at once),
//!    and whatever the client still sends (a body, a refused head's rest) is read and thrown
//!    away for a moment, so closing does not reset the connection before the client has the
//!    reply.
//!
//! With [`MAX_CONNECTIONS`] connections open, a new one pushes out the oldest one that is
//! still sending its head or draining (the likeliest to be stalled), so a flood of stalled
//! connections cannot lock out the reader's browser.

use std::collections::HashMap;
use std::io::{self, IoSlice, Read, Write};
use std::net::Shutdown;
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use super::http::{self, Outgoing, Reply, Request, Response, MAX_HEAD};
use super::Shared;

/// Request workers: replies are made from memory, so a few are plenty.
pub const WORKERS: usize = 4;
/// Connections open at once (fewer when the process may open fewer files).
/// `LECTERN_SERVE_MAX_CONNECTIONS` lowers it (the tests fill it).
const MAX_CONNECTIONS: usize = 2048;
/// How long a request head may take to arrive, from the connection's start.
/// `LECTERN_SERVE_REQUEST_TIMEOUT_MS` overrides it (the tests use a short one).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take no bytes of its reply before it is dropped.
const STALL_TIMEOUT: Duration = Duration::from_secs(30);
/// How long, and how much, is read and thrown away after a reply before closing.
const DRAIN_TIME: Duration = Duration::from_secs(2);
const DRAIN_BYTES: usize = 4 << 20;
/// How often the timeouts are looked at.
const SWEEP: Duration = Duration::from_millis(100);
/// Stack of a worker or event-stream thread: they only copy bytes and format short strings.
const THREAD_STACK: usize = 256 * 1024;

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);
/// Connection ids start here and are never reused, so a late reply cannot reach a
/// connection that took the place of a dropped one.
const FIRST_ID: usize = 2;

#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub request: Duration,
    pub stall: Duration,
}

impl Timeouts {
    pub fn from_env() -> Timeouts {
        let request = std::env::var("LECTERN_SERVE_REQUEST_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map_or(REQUEST_TIMEOUT, Duration::from_millis);
        Timeouts {
            request,
            stall: STALL_TIMEOUT,
        }
    }
}

struct Connection {
    socket: TcpStream,
    opened: Instant,
    phase: Phase,
}

enum Phase {
    /// The head so far; never longer than [`MAX_HEAD`] + one read.
    Reading(Vec<u8>),
    /// A worker is making the reply.
    Answering {
        head_only: bool,
    },
    Writing {
        out: Outgoing,
        written: usize,
        progress: Instant,
    },
    Draining {
        until: Instant,
        left: usize,
    },
}

/// What a connection's step leads to.
enum Step {
    /// Wait for the socket.
    Wait,
    Close,
    Head(Result<Request, Reply>),
    Written,
}

type Answers = Arc<Mutex<Vec<(usize, Response)>>>;

pub struct Server {
    poll: Poll,
    listener: TcpListener,
    connections: HashMap<usize, Connection>,
    next_id: usize,
    /// Connections open at most; see the module's notes.
    capacity: usize,
    jobs: mpsc::Sender<(usize, Request)>,
    answers: Answers,
    shared: Arc<Shared>,
    timeouts: Timeouts,
    /// Accepting failed (out of file descriptors, say): try again at this time.
    retry_accept: Option<Instant>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks cannot leave its data inconsistent.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Server {
    /// Sets up the connection loop on `listener` and starts the request workers.
    pub fn new(listener: std::net::TcpListener, shared: Arc<Shared>) -> Result<Server, String> {
        let fail = |e: io::Error| format!("cannot start the server: {e}");
        listener.set_nonblocking(true).map_err(fail)?;
        let mut listener = TcpListener::from_std(listener);
        let poll = Poll::new().map_err(fail)?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)
            .map_err(fail)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER).map_err(fail)?);
        let (jobs, queue) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let answers = Answers::default();
        for _ in 0..WORKERS {
            let (shared, queue, answers, waker) = (
                shared.clone(),
                queue.clone(),
                answers.clone(),
                waker.clone(),
            );
            std::thread::Builder::new()
                .name("lectern-request".into())
                .stack_size(THREAD_STACK)
                .spawn(move || work(&shared, &queue, &answers, &waker))
                .map_err(|e| format!("cannot start a thread: {e}"))?;
        }
        Ok(Server {
            poll,
            listener,
            connections: HashMap::new(),
            next_id: FIRST_ID,
            capacity: capacity(),
            jobs,
            answers,
            shared,
            timeouts: Timeouts::from_env(),
            retry_accept: None,
        })
    }

    /// Serves until the system refuses to wait for the sockets; returns what to tell the
    /// author then.
    pub fn run(mut self) -> String {
        let mut events = Events::with_capacity(1024);
        let mut swept = Instant::now();
        loop {
            if let Err(e) = self.poll.poll(&mut events, Some(SWEEP)) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return format!(
                    "the server stopped accepting connections ({e}); start lectern serve again"
                );
            }
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    Token(id) => self.step(id),
                }
            }
            self.take_answers();
            if self.retry_accept.is_some_and(|at| Instant::now() >= at) {
                self.accept();
            }
            if swept.elapsed() >= SWEEP {
                self.sweep();
                swept = Instant::now();
            }
        }
    }

    fn accept(&mut self) {
        self.retry_accept = None;
        loop {
            match self.listener.accept() {
                Ok((socket, _)) => self.admit(socket),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                // The client gave up before it was accepted.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionAborted | io::ErrorKind::Interrupted
                    ) => {}
                Err(_) => {
                    // Most likely out of file descriptors: free one and try again shortly
                    // (the waiting connection stays in the listener's queue meanwhile).
                    self.evict_one();
                    self.retry_accept = Some(Instant::now() + Duration::from_millis(50));
                    return;
                }
            }
        }
    }

    fn admit(&mut self, mut socket: TcpStream) {
        if self.connections.len() >= self.capacity && !self.evict_one() {
            // Every connection is being answered or written: refuse at once rather than wait.
            // Best effort: the socket is new, so its buffer takes these few bytes whole.
            let out = Reply::text(503, "lectern serve is busy: try again").encode(false);
            let _ = socket.write_all(&[&out.head[..], out.body.as_ref()].concat());
            return;
        }
        // Without it, a reply written as head then body waits for the client's delayed ACK.
        let _ = socket.set_nodelay(true);
        let id = self.next_id;
        self.next_id += 1;
        let registered = self.poll.registry().register(
            &mut socket,
            Token(id),
            Interest::READABLE | Interest::WRITABLE,
        );
        if registered.is_ok() {
            self.connections.insert(
                id,
                Connection {
                    socket,
                    opened: Instant::now(),
                    phase: Phase::Reading(Vec::new()),
                },
            );
        }
    }

    /// Moves a connection on as far as its socket allows. Sockets are edge-triggered: each
    /// step reads or writes until the socket would block.
    fn step(&mut self, id: usize) {
        let Some(conn) = self.connections.get_mut(&id) else {
            return;
        };
        let step = match &mut conn.phase {
            Phase::Reading(buf) => read_head(&mut conn.socket, buf),
            Phase::Answering { .. } => Step::Wait,
            Phase::Writing {
                out,
                written,
                progress,
            } => write_reply(&mut conn.socket, out, written, progress),
            Phase::Draining { left, .. } => drain(&mut conn.socket, left),
        };
        match step {
            Step::Wait => {}
            Step::Close => self.close(id),
            Step::Head(Ok(request)) => {
                conn.phase = Phase::Answering {
                    head_only: request.head_only(),
                };
                // The workers live as long as the process: sending cannot fail.
                let _ = self.jobs.send((id, request));
            }
            Step::Head(Err(refusal)) => self.reply(id, refusal.encode(false)),
            Step::Written => {
                // The client reads the end of the stream now; what it still sends is drained.
                let _ = conn.socket.shutdown(Shutdown::Write);
                conn.phase = Phase::Draining {
                    until: Instant::now() + DRAIN_TIME,
                    left: DRAIN_BYTES,
                };
                self.step(id);
            }
        }
    }

    fn reply(&mut self, id: usize, out: Outgoing) {
        if let Some(conn) = self.connections.get_mut(&id) {
            conn.phase = Phase::Writing {
                out,
                written: 0,
                progress: Instant::now(),
            };
            self.step(id);
        }
    }

    fn take_answers(&mut self) {
        let answers = std::mem::take(&mut *lock(&self.answers));
        for (id, response) in answers {
            let Some(Phase::Answering { head_only }) = self.connections.get(&id).map(|c| &c.phase)
            else {
                continue;
            };
            let head_only = *head_only;
            match response {
                Response::Reply(reply) => self.reply(id, reply.encode(head_only)),
                Response::Events => self.stream(id),
            }
        }
    }

    /// Gives the connection to an event-stream thread, as an ordinary blocking socket.
    fn stream(&mut self, id: usize) {
        let Some(mut conn) = self.connections.remove(&id) else {
            return;
        };
        let _ = self.poll.registry().deregister(&mut conn.socket);
        let socket: std::net::TcpStream = conn.socket.into();
        if socket.set_nonblocking(false).is_err()
            // A page that takes nothing (a frozen tab) ends its stream rather than hold it.
            || socket.set_write_timeout(Some(self.timeouts.stall)).is_err()
        {
            return;
        }
        let shared = self.shared.clone();
        // If the thread cannot start, the connection is closed with it; the page retries.
        let _ = std::thread::Builder::new()
            .name("lectern-events".into())
            .stack_size(THREAD_STACK)
            .spawn(move || http::events(&shared, socket));
    }

    fn close(&mut self, id: usize) {
        if let Some(mut conn) = self.connections.remove(&id) {
            let _ = self.poll.registry().deregister(&mut conn.socket);
        }
    }

    /// Closes the oldest connection that is still sending its head or draining; `false`
    /// when there is none.
    fn evict_one(&mut self) -> bool {
        let oldest = self
            .connections
            .iter()
            .filter(|(_, c)| matches!(c.phase, Phase::Reading(_) | Phase::Draining { .. }))
            .min_by_key(|(_, c)| c.opened)
            .map(|(id, _)| *id);
        match oldest {
            Some(id) => {
                self.close(id);
                true
            }
            None => false,
        }
    }

    /// Ends the connections whose time is up.
    fn sweep(&mut self) {
        let now = Instant::now();
        let mut late = Vec::new();
        let mut stalled = Vec::new();
        for (id, conn) in &self.connections {
            match &conn.phase {
                Phase::Reading(buf) if now - conn.opened >= self.timeouts.request => {
                    // A connection that never sent a byte (a browser's spare one), or only
                    // empty lines, just ends.
                    match buf.is_empty() {
                        true => stalled.push(*id),
                        false => late.push(*id),
                    }
                }
                Phase::Writing { progress, .. } if now - *progress >= self.timeouts.stall => {
                    stalled.push(*id)
                }
                Phase::Draining { until, .. } if now >= *until => stalled.push(*id),
                _ => {}
            }
        }
        for id in stalled {
            self.close(id);
        }
        let seconds = self.timeouts.request.as_secs_f64();
        for id in late {
            let why = format!(
                "the request did not arrive whole within {seconds} s: lectern serve closed the connection"
            );
            self.reply(id, Reply::text(408, &why).encode(false));
        }
    }
}

/// Reads what has arrived of a request head.
fn read_head(socket: &mut TcpStream, buf: &mut Vec<u8>) -> Step {
    let mut chunk = [0u8; 4096];
    loop {
        let before = buf.len();
        match socket.read(&mut chunk) {
            Ok(0) => return Step::Close,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Step::Wait,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Step::Close,
        }
        // Empty lines before the request line are ignored; dropped here, they are not
        // parsed again at each byte.
        let empty = http::empty_lines(buf);
        buf.drain(..empty);
        let before = before.saturating_sub(empty);
        // The head is parsed again from its start, so only when a line has ended: the head
        // may be whole, or a line of it wrong. Past MAX_HEAD, only what fits is parsed.
        let line_ended = buf[before..].contains(&b'\n');
        if !line_ended && buf.len() <= MAX_HEAD {
            continue;
        }
        match http::parse_head(&buf[..buf.len().min(MAX_HEAD)]) {
            Ok(Some(request)) => return Step::Head(Ok(request)),
            Err(refusal) => return Step::Head(Err(Reply::text(refusal.status, refusal.why))),
            Ok(None) if buf.len() > MAX_HEAD => {
                return Step::Head(Err(Reply::text(
                    431,
                    "the request head (request line and headers) is larger than 16 KB: \
                     lectern serve refuses it. A browser sends this much only with very large \
                     cookies: clear this site's cookies and reload",
                )))
            }
            Ok(None) => {}
        }
    }
}

/// Writes as much of the reply as the client takes.
fn write_reply(
    socket: &mut TcpStream,
    out: &Outgoing,
    written: &mut usize,
    progress: &mut Instant,
) -> Step {
    let (head, body) = (&out.head[..], out.body.as_ref());
    loop {
        let total = head.len() + body.len();
        if *written >= total {
            return Step::Written;
        }
        let rest = [
            IoSlice::new(head.get(*written..).unwrap_or(&[])),
            IoSlice::new(&body[written.saturating_sub(head.len())..]),
        ];
        match socket.write_vectored(&rest) {
            Ok(0) => return Step::Close,
            Ok(n) => {
                *written += n;
                *progress = Instant::now();
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Step::Wait,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Step::Close,
        }
    }
}

/// Reads and throws away what the client still sends, up to `left` bytes.
fn drain(socket: &mut TcpStream, left: &mut usize) -> Step {
    let mut chunk = [0u8; 4096];
    loop {
        match socket.read(&mut chunk) {
            Ok(0) => return Step::Close,
            Ok(n) if n >= *left => return Step::Close,
            Ok(n) => *left -= n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Step::Wait,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Step::Close,
        }
    }
}

/// A request worker: answers heads until the server goes away.
fn work(
    shared: &Shared,
    queue: &Mutex<mpsc::Receiver<(usize, Request)>>,
    answers: &Mutex<Vec<(usize, Response)>>,
    waker: &Waker,
) {
    loop {
        let job = lock(queue).recv();
        let Ok((id, request)) = job else { return };
        // A panic here is a bug in lectern: answer 500 and keep the worker.
        let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            http::respond(shared, &request)
        }))
        .unwrap_or_else(|_| {
            Response::Reply(Reply::text(
                500,
                "lectern serve failed on this request (a bug in lectern): see the terminal",
            ))
        });
        lock(answers).push((id, response));
        let _ = waker.wake();
    }
}

/// Connections open at most: [`MAX_CONNECTIONS`], or fewer when the process may open fewer
/// files (keeping some for the book's files and the watcher).
fn capacity() -> usize {
    let asked = std::env::var("LECTERN_SERVE_MAX_CONNECTIONS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(MAX_CONNECTIONS, |n| n.min(MAX_CONNECTIONS));
    asked.min(open_file_limit().saturating_sub(64)).max(1)
}

/// How many files (sockets included) this process may open, after raising the soft limit
/// to what the connection loop can use: the usual default of 1,024 is less than
/// [`MAX_CONNECTIONS`].
#[cfg(target_os = "linux")]
fn open_file_limit() -> usize {
    let wanted = (MAX_CONNECTIONS + 256) as libc::rlim_t;
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls on a properly sized struct owned by this frame. A failure
    // leaves the limit as it was.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < wanted {
            let raised = libc::rlimit {
                rlim_cur: wanted.min(limit.rlim_max),
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
}

#[cfg(not(target_os = "linux"))]
fn open_file_limit() -> usize {
    // Unknown here: accepting fails when it runs out, and then the oldest stalled
    // connection makes room (see `Server::accept`).
    MAX_CONNECTIONS + 64
}
