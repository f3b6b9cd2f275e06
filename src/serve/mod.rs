//! `lectern serve`: builds the book in memory, serves it on loopback, rebuilds when its sources
//! change and tells the open pages (Server-Sent Events), which reload, swap stylesheets, or
//! show the build's errors over the last good version.
//!
//! Threads, a fixed number whatever the clients do, plus one per open page:
//! - the caller's, which waits for Ctrl-C (and the Ctrl-C handler's own);
//! - `lectern-http`, the connection loop ([`connections`]): it reads, writes and times out
//!   every connection, so a slow or stalled client holds a buffer, not a thread;
//! - [`connections::WORKERS`] request workers, which turn request heads into replies;
//! - `lectern-watch`, which owns the [`Builder`] and publishes each rebuild, and
//!   `lectern-prepare` (see [`prepare_sites`]); the file watcher's threads (two) and the
//!   build's thread pool (one per core);
//! - one `lectern-events` thread per open page's event stream, at most [`MAX_STREAMS`].
//!
//! So at most 11 + cores + [`MAX_STREAMS`] threads; with no page open, 11 + cores.
//!
//! Requests read the site through an `Arc` that a rebuild replaces in one step, so no request
//! sees a half-built site, and they read nothing else: the site is never written to disk by
//! `serve`. Only requests addressed to this machine are answered ([`http::HostPolicy`]).

mod connections;
mod http;
mod live;
mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::{BuildOptions, Builder, Rebuild, Site};
use live::{Hub, Problem, State};
use watch::Watch;

/// The port tried first when none is given; the next free one is used when it is busy.
pub const DEFAULT_PORT: u16 = 3000;
/// How many ports after [`DEFAULT_PORT`] are tried before letting the system choose.
const PORT_TRIES: u16 = 20;
/// Open pages (event streams) served at once; a new one ends the oldest.
pub(crate) const MAX_STREAMS: usize = 256;
/// How often an idle event stream is probed. `LECTERN_SERVE_HEARTBEAT_MS` overrides it (the
/// tests use a short one to see closed streams go quickly).
const HEARTBEAT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The book's folder (holding book.toml).
    pub dir: PathBuf,
    /// `None`: [`DEFAULT_PORT`], or the next free one. `Some(0)`: any free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    /// Open the served book in the default browser.
    pub open: bool,
    /// Poll the folders instead of using the system's change events.
    pub poll: bool,
    /// Print only warnings, errors and the address (`--quiet`).
    pub quiet: bool,
    /// Print how long each stage of each rebuild took (`--verbose`).
    pub verbose: bool,
}

/// Parses `--bind`: an IP address, or `localhost`.
pub fn parse_bind(s: &str) -> Result<IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    s.parse().map_err(|_| {
        format!("`{s}` is not an IP address: use 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every network interface)")
    })
}

/// What every request and the watch thread share.
pub(crate) struct Shared {
    root: PathBuf,
    server_id: String,
    current: RwLock<Arc<Snapshot>>,
    hub: Arc<Hub>,
    /// Rebuilds started after the first build.
    builds: AtomicU64,
    heartbeat: Duration,
    /// Which `Host` headers are answered.
    hosts: http::HostPolicy,
}

/// The state pages are served from, replaced whole by each rebuild.
#[derive(Default)]
pub(crate) struct Snapshot {
    /// The last site that built; `None` until the book has built once.
    site: Option<Arc<Site>>,
    version: u64,
    html_version: u64,
    /// The problems of the latest build when it failed; empty when it succeeded.
    errors: Vec<Problem>,
}

#[derive(Serialize)]
struct Status<'a> {
    server: &'a str,
    version: u64,
    html_version: u64,
    ok: bool,
    errors: usize,
    builds: u64,
    subscribers: usize,
}

/// What a successful rebuild did to the served site.
enum Outcome {
    /// Nothing in the site changed.
    Same,
    /// Nothing changed, but the previous build had failed: its overlay goes away.
    Recovered,
    Css(usize),
    Reload(usize),
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn replace(&self, next: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
    }

    /// An event carrying the current state.
    fn event(&self, name: &str, changed: &[String]) -> Arc<str> {
        let s = self.snapshot();
        live::event(
            name,
            &State {
                server: &self.server_id,
                version: s.version,
                html_version: s.html_version,
                ok: s.errors.is_empty(),
                errors: &s.errors,
                changed,
            },
        )
    }

    fn status(&self) -> Status<'_> {
        let s = self.snapshot();
        Status {
            server: &self.server_id,
            version: s.version,
            html_version: s.html_version,
            ok: s.errors.is_empty(),
            errors: s.errors.len(),
            builds: self.builds.load(Ordering::Relaxed),
            subscribers: self.hub.count(),
        }
    }

    /// Serves the new site (if anything changed) and tells the pages.
    fn publish(&self, rebuild: &Rebuild) -> Outcome {
        let old = self.snapshot();
        if rebuild.changed.is_empty() && old.site.is_some() {
            if old.errors.is_empty() {
                return Outcome::Same;
            }
            self.replace(Snapshot {
                site: old.site.clone(),
                version: old.version,
                html_version: old.html_version,
                errors: Vec::new(),
            });
            self.hub.broadcast(self.event("ok", &[]));
            return Outcome::Recovered;
        }
        let css = rebuild.css_only() && old.site.is_some();
        let version = old.version + 1;
        self.replace(Snapshot {
            site: Some(rebuild.site.clone()),
            version,
            html_version: if css { old.html_version } else { version },
            errors: Vec::new(),
        });
        if css {
            self.hub.broadcast(self.event("css", &rebuild.changed));
            Outcome::Css(rebuild.changed.len())
        } else {
            self.hub.broadcast(self.event("reload", &[]));
            Outcome::Reload(rebuild.changed.len())
        }
    }

    /// Keeps serving the last good site and shows the problems in every page.
    fn publish_failure(&self, diags: &Diagnostics) {
        let old = self.snapshot();
        self.replace(Snapshot {
            site: old.site.clone(),
            version: old.version,
            html_version: old.html_version,
            errors: Problem::list(diags, &self.root),
        });
        self.hub.broadcast(self.event("error", &[]));
    }
}

/// Runs `lectern serve` until Ctrl-C. Errors are whole sentences that say what to do.
pub fn run(options: &ServeOptions) -> Result<(), String> {
    let root = book_root(&options.dir)?;
    let (listener, moved_from) = bind(options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the server's address: {e}"))?;

    // Watch before the first build, so an edit made while it runs is not missed.
    let mut watch = Watch::start(&root, options.poll)?;
    for note in watch.notes.drain(..) {
        eprintln!("warning: {note}");
    }

    let shared = Arc::new(Shared {
        root: root.clone(),
        server_id: server_id(),
        current: RwLock::new(Arc::new(Snapshot::default())),
        hub: Arc::new(Hub::default()),
        builds: AtomicU64::new(0),
        heartbeat: heartbeat(),
        hosts: http::HostPolicy::new(addr),
    });
    let server = connections::Server::new(listener, shared.clone())?;
    let mut builder = Builder::new(
        &root,
        BuildOptions {
            include_drafts: true,
            // Served from the root whatever `site-url` says: the 404 page's links then work.
            site_url: Some("/".into()),
            observer: options
                .verbose
                .then(|| crate::progress::Reporter::new(false, true) as Arc<dyn crate::Observer>),
            ..Default::default()
        },
    );
    let mut printer = Printer {
        quiet: options.quiet,
        ..Printer::default()
    };
    let (prepare, sites) = mpsc::channel();
    spawn("lectern-prepare", move || prepare_sites(sites))?;
    let first = rebuild(&mut builder, None, &prepare);
    watch.follow_included(builder.included_files());
    match first {
        Ok(rebuild) => {
            printer.warnings(&rebuild.diags, &root);
            shared.publish(&rebuild);
            let pages = rebuild
                .site
                .files
                .keys()
                .filter(|p| p.ends_with(".html"))
                .count();
            printer.say(format_args!(
                "Built {pages} pages ({} files) in {} ms{}",
                rebuild.site.files.len(),
                rebuild.elapsed.as_millis(),
                warnings_suffix(rebuild.diags.warning_count()),
            ));
        }
        Err(diags) => {
            anstream::eprint!("{}", diags.render_all_styled(&root));
            shared.publish_failure(&diags);
            eprintln!(
                "The book does not build yet ({}). Pages show the errors until you fix them; \
                 the preview updates by itself when you save.",
                count(diags.error_count(), "error")
            );
        }
    }

    if let Some(busy) = moved_from {
        eprintln!(
            "Port {busy} is busy (another server is using it), so serving on port {} instead.",
            addr.port()
        );
    }
    let url = url_of(addr);
    // The one line on stdout, so scripts can read the address.
    println!("Serving the book at {url}");
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the preview, \
             drafts included. Open it by this machine's IP address (host names other than \
             localhost are refused). Leave out --bind to serve this machine only.",
            addr.ip()
        );
    }
    printer.say(format_args!(
        "Watching {} for changes{}; drafts are shown. Press Ctrl-C to stop.",
        watch.describe(),
        if watch.polling { " (polling)" } else { "" }
    ));

    let (stop_tx, stop_rx) = mpsc::channel::<Option<String>>();
    {
        let stop_tx = stop_tx.clone();
        // Fails only if a handler is already set (run called twice in one process); Ctrl-C
        // then keeps its default effect, which also stops the server.
        let _ = ctrlc::set_handler(move || {
            let _ = stop_tx.send(None);
        });
    }
    spawn("lectern-http", move || {
        let _ = stop_tx.send(Some(server.run()));
    })?;
    spawn("lectern-watch", {
        let shared = shared.clone();
        move || rebuild_on_change(shared, builder, watch, printer, prepare)
    })?;
    if options.open {
        open_browser(&url);
    }

    let failure = stop_rx.recv().ok().flatten();
    // Ends every event stream; pages keep retrying and reload when a server is back.
    shared.hub.close();
    match failure {
        None => {
            if !options.quiet {
                eprintln!("\nStopped.");
            }
            Ok(())
        }
        Some(message) => Err(message),
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<(), String> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map(|_| ())
        .map_err(|e| format!("cannot start a thread: {e}"))
}

/// The book's folder as an absolute path, after checking it holds a book.
fn book_root(dir: &Path) -> Result<PathBuf, String> {
    let root = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !root.is_dir() {
        return Err(format!(
            "{} is not a folder: pass the book's folder (the one holding book.toml), or run lectern serve inside it",
            dir.display()
        ));
    }
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(format!(
            "no book.toml in {}: pass the book's folder, run lectern serve inside it, or create book.toml with a [book] title",
            root.display()
        ));
    }
    Ok(root)
}

/// Binds the listening socket. With no port given, a busy [`DEFAULT_PORT`] moves on to the
/// next free one (returned as `Some(busy port)`); a busy port that was asked for is an error.
fn bind(ip: IpAddr, port: Option<u16>) -> Result<(TcpListener, Option<u16>), String> {
    if let Some(port) = port {
        return TcpListener::bind((ip, port))
            .map(|l| (l, None))
            .map_err(|e| bind_error(ip, port, &e));
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES {
        match TcpListener::bind((ip, port)) {
            Ok(l) => return Ok((l, (port != DEFAULT_PORT).then_some(DEFAULT_PORT))),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(bind_error(ip, port, &e)),
        }
    }
    TcpListener::bind((ip, 0))
        .map(|l| (l, Some(DEFAULT_PORT)))
        .map_err(|e| bind_error(ip, 0, &e))
}

fn bind_error(ip: IpAddr, port: u16, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let at = url_of(SocketAddr::new(ip, port));
    match e.kind() {
        ErrorKind::AddrInUse => {
            let free = (port.saturating_add(1)..=port.saturating_add(100))
                .find(|p| TcpListener::bind((ip, *p)).is_ok());
            let suggestion = match free {
                Some(p) => format!("--port {p} (free now)"),
                None => "another --port".to_string(),
            };
            format!(
                "port {port} is already in use on {ip} (is another `lectern serve` running?). \
                 Stop the program using it, choose another port with {suggestion}, \
                 or leave out --port to pick a free one automatically"
            )
        }
        ErrorKind::PermissionDenied => format!(
            "not allowed to listen on {at} ({e}): ports below 1024 need administrator rights; use --port with a port above 1023, such as --port {DEFAULT_PORT}"
        ),
        ErrorKind::AddrNotAvailable => format!(
            "cannot listen on {ip}: it is not an address of this machine. Use --bind 127.0.0.1 (this machine only) or --bind 0.0.0.0 (every network interface)"
        ),
        _ => format!("cannot listen on {at}: {e}. Try another --port or --bind"),
    }
}

/// The address to type into a browser: a wildcard address is shown as loopback.
pub(crate) fn url_of(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{}/", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => {
            format!("http://[{}]:{}/", Ipv6Addr::LOCALHOST, addr.port())
        }
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
    }
}

/// Tells this run apart from the next one, so pages notice a restarted server.
fn server_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}-{:x}", std::process::id(), nanos)
}

fn heartbeat() -> Duration {
    std::env::var("LECTERN_SERVE_HEARTBEAT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map_or(HEARTBEAT, Duration::from_millis)
}

/// How long the book must stay unchanged before the put-off files of its site are made.
const PREPARE_AFTER: Duration = Duration::from_millis(300);

/// The preparing thread: makes the put-off files of each new site (the search index, the
/// review data) once the author has paused, so they are ready by the time a page asks for
/// them, without taking the processor from the next rebuild while the author is saving
/// again and again. A page that asks sooner has them made there and then.
fn prepare_sites(sites: mpsc::Receiver<Arc<Site>>) {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on this thread's own id; a failure only leaves the
    // thread at normal priority.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
    while let Ok(mut site) = sites.recv() {
        loop {
            match sites.recv_timeout(PREPARE_AFTER) {
                Ok(newer) => site = newer,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        site.make_all();
    }
}

/// The watch thread: rebuilds after each change and publishes the result.
fn rebuild_on_change(
    shared: Arc<Shared>,
    mut builder: Builder,
    mut watch: Watch,
    mut printer: Printer,
    prepare: mpsc::Sender<Arc<Site>>,
) {
    while let Some(change) = watch.next_change() {
        for note in watch.notes.drain(..) {
            eprintln!("warning: {note}");
        }
        shared.builds.fetch_add(1, Ordering::Relaxed);
        let what = change.describe();
        let result = rebuild(&mut builder, Some(&change.files), &prepare);
        watch.follow_included(builder.included_files());
        match result {
            Ok(rebuild) => {
                printer.warnings(&rebuild.diags, &shared.root);
                let ms = rebuild.elapsed.as_millis();
                match shared.publish(&rebuild) {
                    Outcome::Same => printer.say(format_args!(
                        "{what} changed; rebuilt in {ms} ms: the site is the same"
                    )),
                    Outcome::Recovered => printer.say(format_args!(
                        "{what} changed; rebuilt in {ms} ms: fixed, the site is back to its last good version"
                    )),
                    Outcome::Css(n) => printer.say(format_args!(
                        "{what} changed; rebuilt in {ms} ms: {} updated, stylesheets swapped in open pages",
                        count(n, "file")
                    )),
                    Outcome::Reload(n) => printer.say(format_args!(
                        "{what} changed; rebuilt in {ms} ms: {} updated, open pages reloaded",
                        count(n, "file")
                    )),
                }
            }
            Err(diags) => {
                anstream::eprint!("{}", diags.render_all_styled(&shared.root));
                shared.publish_failure(&diags);
                printer.forget_warnings();
                eprintln!(
                    "{what} changed; the build failed ({}). Still serving the last good version; \
                     fix the file and save, and the open pages update by themselves.",
                    count(diags.error_count(), "error")
                );
            }
        }
    }
}

/// Runs one rebuild. A panic in the pipeline (a bug in lectern, whatever the book holds) is
/// turned into an error like any other, so the preview keeps serving the last good site.
///
/// `changed` names the files that changed since the last rebuild (`None`: read everything).
/// The new site goes to `prepare` (see [`prepare_sites`]).
fn rebuild(
    builder: &mut Builder,
    changed: Option<&[PathBuf]>,
    prepare: &mpsc::Sender<Arc<Site>>,
) -> Result<Rebuild, Diagnostics> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match changed {
        Some(paths) => builder.rebuild_changed(paths),
        None => builder.rebuild(),
    }));
    if let Ok(Ok(rebuild)) = &result {
        let _ = prepare.send(rebuild.site.clone());
    }
    match result {
        Ok(result) => result,
        Err(panic) => {
            // What the builder kept may be half-updated: read everything next time.
            builder.forget_sources();
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no details".into());
            let mut diags = Diagnostics::default();
            diags.push(
                Diagnostic::error(
                    PathBuf::new(),
                    None,
                    format!("lectern failed while building the book (a bug in lectern): {what}"),
                )
                .with_hint("please report it with the file you last changed; save again to retry"),
            );
            Err(diags)
        }
    }
}

/// Terminal output that is only worth repeating when it changes.
#[derive(Default)]
struct Printer {
    warnings: Vec<Diagnostic>,
    /// `--quiet`: no news of builds that went well.
    quiet: bool,
}

impl Printer {
    /// Prints a line of news, unless `--quiet`.
    fn say(&self, line: std::fmt::Arguments) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// Prints the warnings of a build unless they are the ones printed last time.
    fn warnings(&mut self, diags: &Diagnostics, root: &Path) {
        if diags.items != self.warnings {
            anstream::eprint!("{}", diags.render_all_styled(root));
            self.warnings = diags.items.clone();
        }
    }

    fn forget_warnings(&mut self) {
        self.warnings.clear();
    }
}

fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn warnings_suffix(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(" ({})", count(n, "warning")),
    }
}

/// Opens `url` in the default browser, without waiting for it.
fn open_browser(url: &str) {
    let url = url.to_string();
    let _ = spawn("lectern-open", move || {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("Could not open a browser ({e}); open {url} yourself.");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_accepts_addresses_and_localhost() {
        assert_eq!(
            parse_bind("localhost").unwrap(),
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(
            parse_bind("0.0.0.0").unwrap(),
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        );
        assert_eq!(parse_bind("::1").unwrap(), IpAddr::V6(Ipv6Addr::LOCALHOST));
        let e = parse_bind("my-laptop").unwrap_err();
        assert!(e.contains("127.0.0.1"), "{e}");
    }

    #[test]
    fn urls_show_a_reachable_host() {
        let url = |s: &str| url_of(s.parse().unwrap());
        assert_eq!(url("127.0.0.1:3000"), "http://127.0.0.1:3000/");
        assert_eq!(url("0.0.0.0:3001"), "http://127.0.0.1:3001/");
        assert_eq!(url("[::]:3002"), "http://[::1]:3002/");
        assert_eq!(url("[::1]:3003"), "http://[::1]:3003/");
    }

    #[test]
    fn a_busy_explicit_port_says_what_to_do() {
        let held = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = held.local_addr().unwrap().port();
        let e = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), Some(port)).unwrap_err();
        assert!(e.contains("already in use"), "{e}");
        assert!(e.contains("--port"), "{e}");
    }
}
