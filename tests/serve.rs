//! End to end: `lectern serve` (the real binary) on a free loopback port, against a temporary
//! book, driven with raw HTTP so paths reach the server exactly as written. Every wait is
//! bounded; the waits are generous because the tests share two cores.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{differing, files_in, files_of};

const BIN: &str = env!("CARGO_BIN_EXE_lectern");
/// The longest any one thing may take (a rebuild in a debug build on a busy machine).
const WAIT: Duration = Duration::from_secs(30);
/// How long to watch for a rebuild that must not happen: well past the watcher's settling
/// time (15 ms, or 200 ms in a burst).
const QUIET: Duration = Duration::from_millis(1200);

// ---- A small book ----------------------------------------------------------------------

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

const INTRO: &str =
    "---\ntitle: Introduction\nsummary: Where it starts.\n---\n\nHello from the intro.\n";

/// A book with a chapter, a folder chapter with an index, a questions file and an image.
fn small_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "book.toml", "[book]\ntitle = \"Serve test\"\n");
    write(
        root,
        "content/SUMMARY.md",
        "# Summary\n\n[Introduction](intro.md)\n\n- [Guide](guide/index.md)\n    - [Basics](guide/basics.md)\n",
    );
    write(root, "content/intro.md", INTRO);
    write(
        root,
        "content/guide/index.md",
        "---\ntitle: Guide\n---\n\nThe guide's overview.\n",
    );
    write(
        root,
        "content/guide/basics.md",
        "---\ntitle: Basics\nobjectives:\n  - Know the basics\n---\n\nBasics text.\n",
    );
    write(
        root,
        "content/guide/basics.questions.yaml",
        "knowledge_check:\n  - type: true_false\n    difficulty: easy\n    prompt: The basics come first.\n    answer: true\n",
    );
    write(
        root,
        "content/images/dot.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n",
    );
    dir
}

/// A copy of the example course (book.toml and content/) in a temp folder.
fn example_course() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("book.toml"), dir.path().join("book.toml")).unwrap();
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

// ---- The server under test ---------------------------------------------------------------

struct Serve {
    child: Child,
    port: u16,
    stderr: Arc<Captured>,
}

impl Serve {
    /// Starts `lectern serve <book> <args>` (on any free port unless `args` names one) and
    /// waits for its address.
    fn start(book: &Path, args: &[&str]) -> Serve {
        Serve::try_start(book, args).unwrap_or_else(|(why, stderr)| panic!("{why}\n{stderr}"))
    }

    /// `--default-port` (a test-only word, not passed on) leaves out `--port` altogether.
    fn try_start(book: &Path, args: &[&str]) -> Result<Serve, (String, String)> {
        Serve::try_start_with(book, args, &[])
    }

    fn try_start_with(
        book: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Serve, (String, String)> {
        let default_port = args.contains(&"--default-port");
        let args: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| *a != "--default-port")
            .collect();
        let mut command = Command::new(BIN);
        command.arg("serve").arg(book).args(&args);
        if !default_port && !args.contains(&"--port") {
            command.args(["--port", "0"]);
        }
        let mut child = command
            .env("LECTERN_SERVE_HEARTBEAT_MS", "25")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start lectern serve");
        let stderr = Arc::new(Captured::default());
        drain(child.stderr.take().unwrap(), stderr.clone());
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let started = Instant::now();
        loop {
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(line) => {
                    if let Some(port) = port_in(&line) {
                        return Ok(Serve {
                            child,
                            port,
                            stderr,
                        });
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected)
                | Err(mpsc::RecvTimeoutError::Timeout)
                    if child.try_wait().ok().flatten().is_some() =>
                {
                    let text = wait_for_text(&stderr);
                    return Err(("lectern serve exited".into(), text));
                }
                Err(_) if started.elapsed() > WAIT => {
                    let _ = child.kill();
                    let text = stderr.text.lock().unwrap().clone();
                    return Err(("lectern serve printed no address".into(), text));
                }
                Err(_) => {}
            }
        }
    }

    fn stderr(&self) -> String {
        self.stderr.text.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path)
    }

    fn status(&self) -> Value {
        let reply = self.get("/__lectern/status");
        assert_eq!(reply.status, 200);
        serde_json::from_slice(&reply.body).unwrap()
    }

    fn builds(&self) -> u64 {
        self.status()["builds"].as_u64().unwrap()
    }

    fn events(&self) -> Events {
        Events::connect(self.port)
    }

    /// Waits until `f` holds, panicking with the server's output after [`WAIT`].
    fn wait_until(&self, what: &str, mut f: impl FnMut() -> bool) {
        let started = Instant::now();
        while !f() {
            if started.elapsed() > WAIT {
                panic!(
                    "timed out waiting for {what}; server output:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a child process wrote on one of its pipes, copied by a thread of its own.
#[derive(Default)]
struct Captured {
    text: Mutex<String>,
    /// The pipe reached its end (the process exited).
    ended: std::sync::atomic::AtomicBool,
}

fn drain(from: impl Read + Send + 'static, into: Arc<Captured>) {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
        let mut line = String::new();
        while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
            into.text.lock().unwrap().push_str(&line);
            line.clear();
        }
        into.ended.store(true, std::sync::atomic::Ordering::SeqCst);
    });
}

/// Everything the process wrote, once it has exited (the copying thread may lag behind).
fn wait_for_text(captured: &Captured) -> String {
    let started = Instant::now();
    while !captured.ended.load(std::sync::atomic::Ordering::SeqCst) && started.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(10));
    }
    captured.text.lock().unwrap().clone()
}

fn port_in(line: &str) -> Option<u16> {
    let rest = line.split("http://127.0.0.1:").nth(1)?;
    rest.split('/').next()?.parse().ok()
}

// ---- Raw HTTP ------------------------------------------------------------------------------

struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn request(port: u16, method: &str, path: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head for {path}: {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A reader of `/__lectern/events`: each event as (name, data).
struct Events {
    rx: Receiver<(String, Value)>,
    stream: TcpStream,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__lectern/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                } else if line.is_empty() && !name.is_empty() {
                    let value = serde_json::from_str(&data).unwrap_or(Value::Null);
                    if tx.send((std::mem::take(&mut name), value)).is_err() {
                        break;
                    }
                    data.clear();
                }
            }
        });
        Events { rx, stream }
    }

    fn next(&self, timeout: Duration) -> Option<(String, Value)> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// The next event, which must be `name`.
    fn expect(&self, name: &str, server: &Serve) -> Value {
        match self.next(WAIT) {
            Some((n, data)) if n == name => data,
            Some((n, data)) => panic!(
                "expected a `{name}` event, got `{n}`: {data}\nserver output:\n{}",
                server.stderr()
            ),
            None => panic!(
                "no `{name}` event within {WAIT:?}\nserver output:\n{}",
                server.stderr()
            ),
        }
    }

    /// Every event that arrives within `within`.
    fn drain(&self, within: Duration) -> Vec<String> {
        let until = Instant::now() + within;
        let mut names = Vec::new();
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.next(left) {
                Some((n, _)) => names.push(n),
                None => break,
            }
        }
        names
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

// ---- The tests -------------------------------------------------------------------------------

#[test]
fn an_edit_reloads_open_pages_with_the_new_content() {
    let book = small_book();
    let serve = Serve::start(book.path(), &[]);
    let page = serve.get("/intro.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Hello from the intro."));
    assert!(page.text().contains(r#"<script src="/__lectern/live.js""#));

    let events = serve.events();
    let hello = events.expect("hello", &serve);
    assert_eq!(hello["ok"], true);
    write(
        book.path(),
        "content/intro.md",
        &INTRO.replace("Hello from the intro.", "Freshly edited intro."),
    );
    let reload = events.expect("reload", &serve);
    assert!(reload["html_version"].as_u64() > hello["html_version"].as_u64());
    let page = serve.get("/intro.html");
    assert!(
        page.text().contains("Freshly edited intro."),
        "{}",
        page.text()
    );
    assert_eq!(serve.builds(), 1);
    // serve keeps the site in memory: it never writes a build folder.
    assert!(!book.path().join("site").exists());
}

#[test]
fn a_burst_of_writes_is_one_rebuild() {
    // The watcher waits for a pause of 500 ms once many files are changing. On a machine so
    // busy that this test itself stalls longer than that between two writes, the burst is
    // honestly two bursts: try again rather than fail.
    for attempt in 1..=3 {
        let book = small_book();
        let serve = Serve::start(book.path(), &[]);
        let events = serve.events();
        events.expect("hello", &serve);
        // Like a branch switch: hundreds of files written back to back, one of them a chapter.
        let mut last = Instant::now();
        let mut longest_pause = Duration::ZERO;
        for i in 0..240 {
            write(
                book.path(),
                &format!("content/data/part-{}/file-{i}.txt", i / 40),
                &format!("data {i}\n"),
            );
            longest_pause = longest_pause.max(last.elapsed());
            last = Instant::now();
        }
        write(
            book.path(),
            "content/intro.md",
            &INTRO.replace("Hello from the intro.", "Intro after the burst."),
        );
        events.expect("reload", &serve);
        let later = events.drain(QUIET);
        let builds = serve.builds();
        if longest_pause > Duration::from_millis(400) && (builds != 1 || !later.is_empty()) {
            eprintln!("attempt {attempt}: the writes paused for {longest_pause:?}; trying again");
            continue;
        }
        assert!(
            later.is_empty(),
            "more events after the burst: {later:?}\n{}",
            serve.stderr()
        );
        assert_eq!(builds, 1, "{}", serve.stderr());
        assert_eq!(serve.get("/data/part-5/file-239.txt").text(), "data 239\n");
        assert!(serve
            .get("/intro.html")
            .text()
            .contains("Intro after the burst."));
        return;
    }
    panic!("every attempt stalled between writes for longer than the watcher waits");
}

#[test]
fn saves_that_change_nothing_do_not_rebuild() {
    let book = small_book();
    let root = book.path();
    std::fs::create_dir_all(root.join("site")).unwrap();
    let serve = Serve::start(root, &[]);
    let events = serve.events();
    events.expect("hello", &serve);

    // The same bytes saved again, directly and atomically.
    write(root, "content/intro.md", INTRO);
    write(root, "content/.intro.md.tmp-save", INTRO);
    std::fs::rename(
        root.join("content/.intro.md.tmp-save"),
        root.join("content/intro.md"),
    )
    .unwrap();
    // Only the modification time changes.
    let f = std::fs::File::options()
        .append(true)
        .open(root.join("content/intro.md"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now()).unwrap();
    drop(f);
    // Editors' temporary files, hidden files, the build folder and files beside the book.
    for rel in [
        "content/4913",
        "content/.intro.md.swp",
        "content/intro.md~",
        "content/#intro.md#",
        "content/.notes/todo.md",
        "site/index.html",
        "README.md",
    ] {
        write(root, rel, "scratch\n");
    }
    for rel in ["content/4913", "content/intro.md~", "content/#intro.md#"] {
        std::fs::remove_file(root.join(rel)).unwrap();
    }
    // A new, empty folder.
    std::fs::create_dir_all(root.join("content/later")).unwrap();

    let seen = events.drain(QUIET);
    assert!(seen.is_empty(), "events: {seen:?}\n{}", serve.stderr());
    assert_eq!(serve.builds(), 0, "{}", serve.stderr());
}

#[test]
fn editors_saves_renames_and_deletes_each_rebuild_once() {
    let book = small_book();
    let root = book.path();
    let serve = Serve::start(root, &[]);
    let events = serve.events();
    events.expect("hello", &serve);
    let step = |what: &str, f: &dyn Fn(), expect: &str, check: &dyn Fn() -> bool| {
        let before = serve.builds();
        f();
        let got = events.expect("reload", &serve);
        assert_eq!(got["ok"], true, "{what}");
        let later = events.drain(Duration::from_millis(400));
        assert!(later.is_empty(), "{what}: extra events {later:?}");
        assert_eq!(serve.builds(), before + 1, "{what}\n{}", serve.stderr());
        assert!(check(), "{what}: {expect}");
    };

    // vim: probe file, backup by rename, write the new file, remove the backup.
    step(
        "vim-style save",
        &|| {
            write(root, "content/4913", "");
            std::fs::remove_file(root.join("content/4913")).unwrap();
            std::fs::rename(
                root.join("content/intro.md"),
                root.join("content/intro.md~"),
            )
            .unwrap();
            write(
                root,
                "content/intro.md",
                &INTRO.replace("Hello", "Vim says hello"),
            );
            std::fs::remove_file(root.join("content/intro.md~")).unwrap();
        },
        "new intro text",
        &|| serve.get("/intro.html").text().contains("Vim says hello"),
    );
    // An atomic save: a temp file renamed over the chapter.
    step(
        "atomic save",
        &|| {
            write(
                root,
                "content/guide/.basics.md.tmp",
                "---\ntitle: Basics\n---\n\nAtomic text.\n",
            );
            std::fs::rename(
                root.join("content/guide/.basics.md.tmp"),
                root.join("content/guide/basics.md"),
            )
            .unwrap();
        },
        "new basics text",
        &|| {
            serve
                .get("/guide/basics.html")
                .text()
                .contains("Atomic text.")
        },
    );
    // A new folder with a file in it.
    step(
        "new folder",
        &|| write(root, "content/extra/notes.txt", "notes\n"),
        "the new file is served",
        &|| serve.get("/extra/notes.txt").status == 200,
    );
    // A folder renamed.
    step(
        "folder renamed",
        &|| std::fs::rename(root.join("content/images"), root.join("content/pictures")).unwrap(),
        "the image moved",
        &|| {
            serve.get("/pictures/dot.svg").status == 200
                && serve.get("/images/dot.svg").status == 404
        },
    );
    // A file deleted.
    step(
        "file deleted",
        &|| std::fs::remove_file(root.join("content/pictures/dot.svg")).unwrap(),
        "the image is gone",
        &|| serve.get("/pictures/dot.svg").status == 404,
    );
}

#[test]
fn a_stylesheet_change_swaps_stylesheets_without_a_reload() {
    let book = small_book();
    let root = book.path();
    let serve = Serve::start(root, &[]);
    let events = serve.events();
    events.expect("hello", &serve);
    // The book's theme folder appears with an override of the stylesheet.
    write(
        root,
        "theme/assets/lectern.css",
        "body { color: rebeccapurple; }\n",
    );
    let css = events.expect("css", &serve);
    assert_eq!(css["changed"], serde_json::json!(["assets/lectern.css"]));
    let sheet = serve.get("/assets/lectern.css");
    assert_eq!(sheet.text(), "body { color: rebeccapurple; }\n");
    // The theme folder is watched from now on.
    write(root, "theme/assets/lectern.css", "body { color: teal; }\n");
    events.expect("css", &serve);
    assert_eq!(
        serve.get("/assets/lectern.css").text(),
        "body { color: teal; }\n"
    );
}

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_fixing_it_recovers() {
    let book = small_book();
    let root = book.path();
    let serve = Serve::start(root, &[]);
    let events = serve.events();
    events.expect("hello", &serve);

    write(
        root,
        "content/intro.md",
        "---\ntitle: [Introduction\n---\n\nBroken.\n",
    );
    let error = events.expect("error", &serve);
    assert_eq!(error["ok"], false);
    let problem = &error["errors"][0];
    assert_eq!(problem["file"], "content/intro.md", "{error}");
    assert_eq!(problem["line"], 2, "{error}");
    assert!(problem["column"].as_u64().unwrap() >= 1);
    assert_eq!(problem["source_line"], "title: [Introduction");
    assert!(problem["message"].as_str().unwrap().len() > 3);
    assert!(problem["location"]
        .as_str()
        .unwrap()
        .starts_with("content/intro.md:2:"));
    // The terminal shows the located error; the last good site is still served.
    serve.wait_until("the error in the terminal", || {
        serve.stderr().contains("content/intro.md:2:")
    });
    let page = serve.get("/intro.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Hello from the intro."));
    // A page opened now learns about the error at once.
    let late = serve.events();
    let hello = late.expect("hello", &serve);
    assert_eq!(hello["ok"], false);
    assert_eq!(hello["errors"][0]["file"], "content/intro.md");
    assert_eq!(serve.status()["ok"], false);

    write(
        root,
        "content/intro.md",
        &INTRO.replace("Hello", "Fixed, hello"),
    );
    let reload = events.expect("reload", &serve);
    assert_eq!(reload["ok"], true);
    assert_eq!(reload["errors"], serde_json::json!([]));
    assert!(serve.get("/intro.html").text().contains("Fixed, hello"));

    // Breaking it and putting back the very same text: nothing to reload, but the error goes.
    let good = read(root, "content/intro.md");
    write(root, "content/intro.md", "---\ntitle: [\n---\n");
    events.expect("error", &serve);
    write(root, "content/intro.md", &good);
    let ok = events.expect("ok", &serve);
    assert_eq!(ok["ok"], true);
}

#[test]
fn a_book_that_does_not_build_yet_is_served_with_its_errors() {
    let book = small_book();
    let root = book.path();
    write(root, "content/intro.md", "---\ntitle: [\n---\n");
    let serve = Serve::start(root, &[]);
    let page = serve.get("/intro.html");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("/__lectern/live.js"),
        "{}",
        page.text()
    );
    let events = serve.events();
    let hello = events.expect("hello", &serve);
    assert_eq!(hello["ok"], false);
    assert_eq!(hello["errors"][0]["file"], "content/intro.md");
    write(root, "content/intro.md", INTRO);
    events.expect("reload", &serve);
    assert_eq!(serve.get("/intro.html").status, 200);
}

#[test]
fn requests_outside_the_site_are_refused() {
    let book = small_book();
    let root = book.path();
    // A stray symlink where a site would be written: serve never reads the disk for a page.
    std::fs::create_dir_all(root.join("site")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("book.toml"), root.join("site/secret.txt")).unwrap();
    let serve = Serve::start(root, &[]);
    let secret = "title = \"Serve test\"";
    for path in [
        "/../book.toml",
        "/..",
        "/%2e%2e/book.toml",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/guide/../../book.toml",
        "/guide/%2e%2e/%2e%2e/book.toml",
        "/..%2fbook.toml",
        "/..%2Fbook.toml",
        "/%2e%2e%2fbook.toml",
        "/..%5cbook.toml",
        "/..\\book.toml",
        "/guide\\..\\..\\book.toml",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/C:/Windows/win.ini",
        "/intro.html%00",
        "/%00../book.toml",
        "/%c0%ae%c0%ae/book.toml",
        "/./intro.html",
        "/%zz",
        "/secret.txt",
        "/site/secret.txt",
        "/content/intro.md",
        "/book.toml",
        "/.lectern-site",
        "http://127.0.0.1/../book.toml",
        "*",
    ] {
        let reply = request(serve.port, "GET", path);
        assert!(
            matches!(reply.status, 400 | 403 | 404),
            "{path} got {}",
            reply.status
        );
        assert!(!reply.text().contains(secret), "{path} leaked book.toml");
    }
    // Still serving normally afterwards.
    assert_eq!(serve.get("/intro.html").status, 200);
}

#[test]
fn head_content_types_folders_and_the_404_page() {
    let book = small_book();
    let serve = Serve::start(book.path(), &[]);

    let get = serve.get("/");
    assert_eq!(get.status, 200);
    assert_eq!(get.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(get.header("cache-control"), "no-store");
    let head = request(serve.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(head.header("content-length"), get.body.len().to_string());

    for (path, ty) in [
        ("/assets/lectern.css", "text/css; charset=utf-8"),
        ("/assets/lectern.js", "text/javascript; charset=utf-8"),
        ("/book-data.js", "text/javascript; charset=utf-8"),
        ("/images/dot.svg", "image/svg+xml"),
        ("/guide/basics.html?cache=1", "text/html; charset=utf-8"),
        ("/__lectern/live.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = serve.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), ty, "{path}");
        assert_eq!(reply.header("cache-control"), "no-store", "{path}");
    }
    // Only HTML gets the live-reload script.
    assert!(!serve.get("/assets/lectern.js").text().contains("__lectern"));
    assert!(!serve.get("/book-data.js").text().contains("__lectern"));

    // A folder: its index, and a redirect that adds the slash.
    let folder = serve.get("/guide/");
    assert_eq!(folder.status, 200);
    assert!(folder.text().contains("overview"));
    let redirect = serve.get("/guide?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), "/guide/?x=1");

    let missing = serve.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), "text/html; charset=utf-8");
    assert!(missing.text().contains("/__lectern/live.js"));
    let head404 = request(serve.port, "HEAD", "/nope.html");
    assert_eq!(head404.status, 404);
    assert!(head404.body.is_empty());

    let post = request(serve.port, "POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), "GET, HEAD");
}

#[test]
fn the_404_page_finds_its_stylesheets_whatever_the_site_url() {
    let book = small_book();
    let root = book.path();
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"Serve test\"\n\n[output.html]\nsite-url = \"https://example.com/course/\"\n",
    );
    let serve = Serve::start(root, &[]);
    let missing = serve.get("/deep/no/such/page.html");
    assert_eq!(missing.status, 404);
    let page = missing.text();
    let stylesheets: Vec<&str> = page
        .split("<link rel=\"stylesheet\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(!stylesheets.is_empty(), "{page}");
    for href in stylesheets {
        assert!(href.starts_with('/'), "{href}");
        assert_eq!(serve.get(href).status, 200, "{href}");
    }
}

#[test]
fn drafts_are_served() {
    let book = small_book();
    let root = book.path();
    write(
        root,
        "content/guide/draft.md",
        "---\ntitle: Not ready\ndraft: true\n---\n\nWork in progress.\n",
    );
    let summary = read(root, "content/SUMMARY.md");
    write(
        root,
        "content/SUMMARY.md",
        &format!("{summary}    - [Not ready](guide/draft.md)\n"),
    );
    let serve = Serve::start(root, &[]);
    let page = serve.get("/guide/draft.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Work in progress."));
}

#[test]
fn polling_sees_edits_too() {
    let book = small_book();
    let serve = Serve::start(book.path(), &["--poll"]);
    serve.wait_until("the polling note", || serve.stderr().contains("(polling)"));
    let events = serve.events();
    events.expect("hello", &serve);
    write(
        book.path(),
        "content/intro.md",
        &INTRO.replace("Hello", "Polled hello"),
    );
    events.expect("reload", &serve);
    assert!(serve.get("/intro.html").text().contains("Polled hello"));
    // A second edit within the same second is seen too (the poller compares contents, not
    // only modification times, which it keeps in whole seconds).
    write(
        book.path(),
        "content/intro.md",
        &INTRO.replace("Hello", "Polled again"),
    );
    events.expect("reload", &serve);
    assert!(serve.get("/intro.html").text().contains("Polled again"));
    // The same bytes again cost no rebuild.
    write(
        book.path(),
        "content/intro.md",
        &INTRO.replace("Hello", "Polled again"),
    );
    assert_eq!(
        events.drain(Duration::from_millis(2500)),
        Vec::<String>::new()
    );
    assert_eq!(serve.builds(), 2);
}

#[test]
fn slow_clients_do_not_hold_up_the_others() {
    let book = small_book();
    let root = book.path();
    // Large enough that a client which never reads blocks the server's write.
    std::fs::write(root.join("content/big.bin"), vec![7u8; 16 << 20]).unwrap();
    let serve = Serve::start(root, &[]);
    let connect = || {
        let s = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        s
    };
    // Clients that ask for the big file and never read it…
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut s = connect();
        write!(
            s,
            "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            serve.port
        )
        .unwrap();
        held.push(s);
    }
    // …clients that never finish their request…
    for _ in 0..20 {
        let mut s = connect();
        write!(
            s,
            "GET /intro.html HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
            serve.port
        )
        .unwrap();
        held.push(s);
    }
    // …and open pages.
    let pages: Vec<Events> = (0..10).map(|_| serve.events()).collect();
    for page in &pages {
        page.expect("hello", &serve);
    }
    // Everyone else is still served, and at once.
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..5 {
                    assert_eq!(serve.get("/intro.html").status, 200);
                }
            });
        }
    });
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "40 requests took {:?}",
        started.elapsed()
    );
    // And the open pages still hear about edits.
    write(
        root,
        "content/intro.md",
        &INTRO.replace("Hello", "Still live"),
    );
    for page in &pages {
        page.expect("reload", &serve);
    }
    drop(held);
}

#[cfg(target_os = "linux")]
#[test]
fn open_starts_the_browser_at_the_address() {
    use std::os::unix::fs::PermissionsExt;
    let book = small_book();
    // A stand-in for the desktop's opener, first on PATH.
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let serve = Serve::try_start_with(book.path(), &["--open"], &[("PATH", &path)])
        .unwrap_or_else(|(why, stderr)| panic!("{why}\n{stderr}"));
    let url = format!("http://127.0.0.1:{}/", serve.port);
    serve.wait_until("the browser to be opened", || {
        std::fs::read_to_string(&opened).is_ok_and(|t| t.trim() == url)
    });
}

#[test]
fn a_busy_explicit_port_is_an_error_that_says_what_to_do() {
    let book = small_book();
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let started = Instant::now();
    let (why, stderr) = match Serve::try_start(book.path(), &["--port", &port]) {
        Ok(_) => panic!("serve started on a busy port"),
        Err(e) => e,
    };
    assert!(started.elapsed() < WAIT);
    assert_eq!(why, "lectern serve exited");
    assert!(
        stderr.contains(&format!("port {port} is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}

#[test]
fn a_busy_default_port_moves_to_the_next_free_one() {
    let book = small_book();
    // Hold the default port (if something else already holds it, it is busy all the same).
    let _held = TcpListener::bind("127.0.0.1:3000");
    let serve = Serve::start(book.path(), &["--default-port"]);
    assert_ne!(serve.port, 3000);
    // stderr is read on its own thread: the line may lag behind the address on stdout.
    serve.wait_until("the note about the busy port", || {
        serve.stderr().contains("Port 3000 is busy")
    });
    assert_eq!(serve.get("/intro.html").status, 200);
}

#[test]
fn event_streams_are_cleaned_up_when_pages_close() {
    let book = small_book();
    let serve = Serve::start(book.path(), &[]);
    let rss = || {
        std::fs::read_to_string(format!("/proc/{}/status", serve.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            })
    };
    let cycles = |n: usize| {
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..n / 4 {
                        let mut stream = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
                        stream.set_read_timeout(Some(WAIT)).unwrap();
                        write!(
                            stream,
                            "GET /__lectern/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                            serve.port
                        )
                        .unwrap();
                        // Read up to the hello, then hang up like a closed tab.
                        let mut seen = Vec::new();
                        let mut buf = [0u8; 1024];
                        while !seen.windows(11).any(|w| w == b"event: hell") {
                            let n = stream.read(&mut buf).unwrap();
                            assert!(n > 0, "stream closed early");
                            seen.extend_from_slice(&buf[..n]);
                        }
                    }
                });
            }
        });
    };
    let subscribers = || serve.status()["subscribers"].as_u64().unwrap();
    cycles(2_000);
    serve.wait_until("the first streams to be dropped", || subscribers() == 0);
    let before = rss();
    cycles(8_000);
    serve.wait_until("every stream to be dropped", || subscribers() == 0);
    let after = rss();
    if let (Some(before), Some(after)) = (before, after) {
        eprintln!("server memory: {before} kB after 2,000 streams, {after} kB after 10,000");
        // Flat: thread stacks and buffers come back (allow allocator slack).
        assert!(
            after < before + 8 * 1024,
            "memory grew from {before} kB to {after} kB over 8,000 streams"
        );
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let book = small_book();
    let mut serve = Serve::start(book.path(), &[]);
    let events = serve.events();
    events.expect("hello", &serve);
    let sent = Command::new("kill")
        .args(["-INT", &serve.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = serve.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < WAIT, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}\n{}", serve.stderr());
    assert!(wait_for_text(&serve.stderr).contains("Stopped."));
}

#[test]
fn a_folder_without_a_book_is_an_error_that_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr) = match Serve::try_start(dir.path(), &[]) {
        Ok(_) => panic!("serve started without a book"),
        Err(e) => e,
    };
    assert!(stderr.contains("no book.toml"), "{stderr}");
    assert!(stderr.contains("pass the book's folder"), "{stderr}");
}

// ---- A hostile or careless client ------------------------------------------------------------

/// What came back on a connection before it ended: the bytes read until the end of the stream
/// (or a reset after it), and whether the end came before `within` ran out.
struct Exchange {
    raw: Vec<u8>,
    ended: bool,
}

impl Exchange {
    fn status(&self) -> u16 {
        let line = self.raw.split(|b| *b == b'\r').next().unwrap_or(&[]);
        String::from_utf8_lossy(line)
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {:?}", self.text()))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

/// Reads `stream` until the server ends the connection, giving up after `within`.
fn read_until_end(stream: &mut TcpStream, within: Duration) -> Exchange {
    let until = Instant::now() + within;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let Some(left) = until.checked_duration_since(Instant::now()) else {
            return Exchange { raw, ended: false };
        };
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return Exchange { raw, ended: true },
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Exchange { raw, ended: false }
            }
            // A reset once the reply is in: the server closed with our bytes unread.
            Err(_) => return Exchange { raw, ended: true },
        }
    }
}

/// Sends `head` as it is and reads the reply to the end of the connection.
fn exchange(port: u16, head: &str) -> Exchange {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    read_until_end(&mut stream, Duration::from_secs(10))
}

/// A value from /proc/<pid>/status, such as `VmRSS` (in kB) or `Threads`.
#[cfg(target_os = "linux")]
fn proc_status(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

#[test]
fn a_client_that_reads_to_the_end_gets_the_end_at_once() {
    let book = small_book();
    let serve = Serve::start(book.path(), &[]);
    // HTTP/1.1 without `Connection: close`: the server says it closes, so it must.
    for (method, path) in [
        ("GET", "/intro.html"),
        ("HEAD", "/"),
        ("GET", "/nope.html"),
        ("GET", "/../book.toml"),
        ("POST", "/"),
        ("GET", "/__lectern/status"),
    ] {
        let started = Instant::now();
        let reply = exchange(
            serve.port,
            &format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                serve.port
            ),
        );
        assert!(
            reply.ended,
            "{method} {path}: no end of stream after {:?}: {}",
            started.elapsed(),
            reply.text()
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{method} {path} took {:?}",
            started.elapsed()
        );
        assert!(
            reply.text().contains("Connection: close"),
            "{}",
            reply.text()
        );
    }
}

#[test]
fn an_oversized_head_or_body_is_refused_and_memory_stays_flat() {
    let book = small_book();
    let serve = Serve::start(book.path(), &[]);
    let port = serve.port;
    // One header of 1 MB, sent by many clients at once, each holding its connection open.
    let clients = 16;
    let huge = format!(
        "GET /intro.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Filler: {}",
        "a".repeat(1 << 20)
    );
    assert_eq!(serve.get("/intro.html").status, 200);
    #[cfg(target_os = "linux")]
    let before = proc_status(serve.child.id(), "VmRSS");
    let mut streams: Vec<TcpStream> = (0..clients)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    std::thread::scope(|s| {
        for stream in &mut streams {
            let huge = &huge;
            s.spawn(move || {
                stream.set_write_timeout(Some(WAIT)).unwrap();
                // The server may stop reading once it has refused: a failed write is fine.
                let _ = stream.write_all(huge.as_bytes());
            });
        }
    });
    #[cfg(target_os = "linux")]
    {
        // The bytes may still be in the sockets' buffers: give the server time to read them.
        let mut during = 0;
        for _ in 0..30 {
            during = during.max(proc_status(serve.child.id(), "VmRSS"));
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!(
            "server memory: {before} kB before, {during} kB with {clients} MB of headers sent"
        );
        assert!(
            during < before + 4 * 1024,
            "memory grew from {before} kB to {during} kB: the server keeps the headers"
        );
    }
    for stream in &mut streams {
        let _ = stream.write_all(b"\r\n\r\n");
        let reply = read_until_end(stream, WAIT);
        assert!(reply.ended, "{}", reply.text());
        assert_eq!(reply.status(), 431, "{}", reply.text());
        assert!(reply.text().contains("16 KB"), "{}", reply.text());
    }
    // A body announced larger than the server takes.
    let reply = exchange(
        port,
        &format!("POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 100000000\r\n\r\n"),
    );
    assert_eq!(reply.status(), 413, "{}", reply.text());
    // A body whose length is not announced: the server reads no bodies, so it refuses it.
    let reply = exchange(
        port,
        &format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        ),
    );
    assert_eq!(reply.status(), 411, "{}", reply.text());
    assert!(
        reply.text().contains("Transfer-Encoding"),
        "{}",
        reply.text()
    );
    // And the server goes on as before.
    assert_eq!(serve.get("/intro.html").status, 200);
}

#[test]
fn a_foreign_host_is_refused_and_local_ones_are_served() {
    let book = small_book();
    let serve = Serve::start(book.path(), &[]);
    let port = serve.port;
    // Names a DNS-rebinding page would use: they point here, but the page's origin is theirs.
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("192.168.1.10:{port}"),
    ] {
        for path in ["/intro.html", "/__lectern/events", "/__lectern/status"] {
            let reply = exchange(
                port,
                &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n"),
            );
            assert_eq!(reply.status(), 421, "{host} {path}: {}", reply.text());
            assert!(!reply.text().contains("Hello from the intro"), "{host}");
            assert!(
                reply.text().contains(&format!("http://127.0.0.1:{port}/")),
                "the refusal says where to open the preview: {}",
                reply.text()
            );
        }
    }
    // HTTP/1.1 requires a Host.
    let reply = exchange(port, "GET /intro.html HTTP/1.1\r\n\r\n");
    assert_eq!(reply.status(), 400, "{}", reply.text());
    // This machine's own names, any case, with or without the port.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
    ] {
        let reply = exchange(
            port,
            &format!("GET /intro.html HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        );
        assert_eq!(reply.status(), 200, "{host}: {}", reply.text());
        assert!(reply.text().contains("Hello from the intro"), "{host}");
    }
}

#[test]
fn an_unfinished_request_times_out() {
    let book = small_book();
    let serve = Serve::try_start_with(
        book.path(),
        &[],
        &[("LECTERN_SERVE_REQUEST_TIMEOUT_MS", "400")],
    )
    .unwrap_or_else(|(why, stderr)| panic!("{why}\n{stderr}"));
    let port = serve.port;
    // Half a request, then nothing: it gets a 408 and the end of the connection.
    let started = Instant::now();
    let mut half = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        half,
        "GET /intro.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    )
    .unwrap();
    let reply = read_until_end(&mut half, Duration::from_secs(10));
    assert!(reply.ended, "still open after {:?}", started.elapsed());
    assert_eq!(reply.status(), 408, "{}", reply.text());
    // A connection that sends nothing at all is closed too.
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let reply = read_until_end(&mut idle, Duration::from_secs(10));
    assert!(reply.ended, "an idle connection stayed open");
    // Open pages are not requests being sent: they stay.
    let events = serve.events();
    events.expect("hello", &serve);
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(serve.status()["subscribers"], 1);
}

#[cfg(target_os = "linux")]
#[test]
fn a_thousand_slow_clients_hold_no_threads_and_others_are_still_served() {
    let book = small_book();
    let serve = Serve::start(book.path(), &[]);
    let port = serve.port;
    let pid = serve.child.id();
    assert_eq!(serve.get("/intro.html").status, 200);
    let before = proc_status(pid, "Threads");
    // The bound `lectern serve` documents (src/serve/mod.rs): its fixed threads, which do not
    // grow with the number of connections, plus one per open page (none here).
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let bound = 16 + cores;
    assert!(before <= bound, "{before} threads before any slow client");

    // This process holds the 1,000 sockets too: allow it that many files.
    // SAFETY: plain system calls on a struct owned by this frame.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < 4096 {
            limit.rlim_cur = limit.rlim_max.min(4096);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
    let mut slow: Vec<TcpStream> = (0..1000)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(
                s,
                "GET /intro.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: "
            )
            .unwrap();
            s
        })
        .collect();
    let mut most = 0;
    let mut served = 0;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        // A byte now and then from each.
        for s in &mut slow {
            let _ = s.write_all(b"a");
        }
        most = most.max(proc_status(pid, "Threads"));
        let asked = Instant::now();
        assert_eq!(serve.get("/intro.html").status, 200);
        assert!(
            asked.elapsed() < Duration::from_secs(5),
            "a request took {:?} among the slow clients",
            asked.elapsed()
        );
        served += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
    eprintln!("{before} threads before, at most {most} among 1,000 slow clients; {served} requests served meanwhile");
    assert!(
        most <= bound.max(before + 2),
        "{most} threads among 1,000 slow clients (bound {bound})"
    );
    drop(slow);
}

#[test]
fn a_full_server_makes_room_by_dropping_the_oldest_stalled_connection() {
    let book = small_book();
    let serve = Serve::try_start_with(book.path(), &[], &[("LECTERN_SERVE_MAX_CONNECTIONS", "20")])
        .unwrap_or_else(|(why, stderr)| panic!("{why}\n{stderr}"));
    let port = serve.port;
    // Twice as many stalled connections as the server keeps…
    let mut stalled: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET /intro.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").unwrap();
            s
        })
        .collect();
    // …and a reader still gets the page, at once.
    let started = Instant::now();
    assert_eq!(serve.get("/intro.html").status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // The oldest were the ones dropped.
    let oldest = read_until_end(&mut stalled[0], Duration::from_secs(5));
    assert!(oldest.ended && oldest.raw.is_empty(), "{}", oldest.text());
    let newest = stalled.last_mut().unwrap();
    newest.write_all(b"\r\n").unwrap();
    let reply = read_until_end(newest, Duration::from_secs(10));
    assert_eq!(reply.status(), 200, "{}", reply.text());
}

// ---- Builder vs a clean build, byte for byte -------------------------------------------------

#[test]
fn rebuilds_equal_a_clean_build_byte_for_byte() {
    let book = example_course();
    let root = book.path().to_path_buf();
    let out = tempfile::tempdir().unwrap();
    let options = lectern::BuildOptions {
        include_drafts: true,
        ..Default::default()
    };
    let builder = std::cell::RefCell::new(lectern::Builder::new(&root, options.clone()));
    // The files changed since the last rebuild, as the watcher would name them: rebuilds
    // after the first read only these again, as `lectern serve` does.
    let pending: std::cell::RefCell<Vec<PathBuf>> = Default::default();
    let mut previous: Option<BTreeMap<String, Vec<u8>>> = None;
    let mut check = |step: &str| {
        let changed = std::mem::take(&mut *pending.borrow_mut());
        let result = if previous.is_none() {
            builder.borrow_mut().rebuild()
        } else {
            builder.borrow_mut().rebuild_changed(&changed)
        };
        let rebuild = result.unwrap_or_else(|d| panic!("{step}: {}", d.render_all(&root)));
        let dest: PathBuf = out.path().join(step.replace(' ', "-"));
        let clean = lectern::BuildOptions {
            dest: Some(dest.clone()),
            ..options.clone()
        };
        lectern::build(&root, &clean).unwrap_or_else(|d| panic!("{step}: {}", d.render_all(&root)));
        let written = files_in(&dest);
        let differ = differing(&written, &files_of(&rebuild.site));
        assert!(
            differ.is_empty(),
            "{step}: these files differ from a clean build: {differ:?}"
        );
        // And `changed` names exactly the files that differ from the previous build.
        if let Some(prev) = &previous {
            assert_eq!(
                rebuild.changed,
                differing(prev, &written),
                "{step}: changed files"
            );
        }
        previous = Some(written);
    };
    let put = |rel: &str, text: &str| {
        write(&root, rel, text);
        pending.borrow_mut().push(PathBuf::from(rel));
    };
    let edit = |rel: &str, from: &str, to: &str| {
        let text = read(&root, rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        put(rel, &text.replacen(from, to, 1));
    };
    let remove = |rel: &str| {
        std::fs::remove_file(root.join(rel)).unwrap();
        pending.borrow_mut().push(PathBuf::from(rel));
    };

    check("first build");
    check("no change");
    edit(
        "content/intro.md",
        "\n\n",
        "\n\nA sentence added by the test.\n\n",
    );
    check("chapter text");
    edit(
        "content/runtime/event-loop.md",
        "title: ",
        "title: Renamed ",
    );
    check("chapter title");
    edit(
        "content/runtime/v8-memory.md",
        "objectives:\n",
        "objectives:\n  - A new first objective\n",
    );
    check("objectives");
    edit(
        "content/runtime/event-loop.questions.yaml",
        "Which environment variable",
        "Which variable",
    );
    check("questions file");
    put(
        "content/runtime/extra.md",
        "---\ntitle: Extra\ndraft: true\n---\n\nExtra text.\n",
    );
    edit(
        "content/SUMMARY.md",
        "- [V8, memory & frameworks](runtime/v8-memory.md)",
        "- [Extra](runtime/extra.md)\n- [V8, memory & frameworks](runtime/v8-memory.md)",
    );
    check("new draft chapter in SUMMARY");
    put(
        "content/images/extra.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    check("new image");
    put(
        "content/images/extra.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>\n",
    );
    check("changed image");
    put("theme/assets/lectern.css", "body { color: teal; }\n");
    check("theme stylesheet override");
    let base = read(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        "themes/default/templates/404.html",
    );
    put(
        "theme/templates/404.html",
        &base.replacen("</", "<!-- override --></", 1),
    );
    check("theme template override");
    edit("book.toml", "title = \"", "title = \"Renamed: ");
    check("book title");
    // A broken edit is an error and changes nothing; the next good build is still exact.
    let good = read(&root, "content/intro.md");
    write(&root, "content/intro.md", "---\ntitle: [\n---\n");
    assert!(builder
        .borrow_mut()
        .rebuild_changed(&["content/intro.md"])
        .is_err());
    put(
        "content/intro.md",
        &good.replace("A sentence", "Another sentence"),
    );
    check("after an error");
    remove("content/runtime/extra.md");
    edit("content/SUMMARY.md", "- [Extra](runtime/extra.md)\n", "");
    remove("content/images/extra.svg");
    remove("theme/assets/lectern.css");
    remove("theme/templates/404.html");
    std::fs::remove_dir_all(root.join("theme")).unwrap();
    check("deletions");
    // A rebuild that reads everything again gives the same site.
    let full = builder.borrow_mut().rebuild().unwrap();
    assert!(full.changed.is_empty(), "{:?}", full.changed);
}

#[test]
fn editing_an_included_file_outside_the_content_folder_reloads_the_chapter() {
    let book = small_book();
    write(book.path(), "listings/hello.rs", "fn first() {}\n");
    write(
        book.path(),
        "content/intro.md",
        &INTRO.replace(
            "Hello from the intro.",
            "Hello from the intro.\n\n```rust\n{{#include ../listings/hello.rs}}\n```",
        ),
    );
    let serve = Serve::start(book.path(), &[]);
    assert!(serve.get("/intro.html").text().contains("first"));
    let events = serve.events();
    events.expect("hello", &serve);
    write(book.path(), "listings/hello.rs", "fn second() {}\n");
    events.expect("reload", &serve);
    let page = serve.get("/intro.html").text();
    assert!(page.contains("second") && !page.contains("first"), "{page}");
}

#[test]
fn extra_watch_dirs_are_watched() {
    let book = small_book();
    write(
        book.path(),
        "book.toml",
        "[book]\ntitle = \"Serve test\"\n[build]\nextra-watch-dirs = [\"notes\"]\n",
    );
    write(book.path(), "notes/todo.txt", "one\n");
    let serve = Serve::start(book.path(), &[]);
    let events = serve.events();
    events.expect("hello", &serve);
    let before = serve.builds();
    write(book.path(), "notes/todo.txt", "two\n");
    serve.wait_until("a rebuild after the extra folder changed", || {
        serve.builds() > before
    });
}

/// `[output.html] additional-css` names a file outside the content and theme folders: `serve`
/// follows it like an included file, so editing it shows up without a restart.
#[test]
fn editing_an_additional_stylesheet_rebuilds() {
    let book = small_book();
    write(
        book.path(),
        "book.toml",
        "[book]\ntitle = \"Serve test\"\n[output.html]\nadditional-css = [\"styles/extra.css\"]\n",
    );
    write(book.path(), "styles/extra.css", "body { color: red }\n");
    let serve = Serve::start(book.path(), &[]);
    assert!(serve.get("/styles/extra.css").text().contains("red"));
    assert!(serve
        .get("/intro.html")
        .text()
        .contains("<link rel=\"stylesheet\" href=\"styles/extra.css\">"));
    let events = serve.events();
    events.expect("hello", &serve);
    write(book.path(), "styles/extra.css", "body { color: blue }\n");
    serve.wait_until("the edited stylesheet served", || {
        serve.get("/styles/extra.css").text().contains("blue")
    });
}
