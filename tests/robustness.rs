//! Bad input never hurts: whatever an author's files hold, Lectern finishes, in bounded time
//! and memory, with either a site or diagnostics that point inside the files.
//!
//! - Property tests (proptest) over front matter, questions YAML, SUMMARY.md and Markdown:
//!   arbitrary text, arbitrary bytes, and structured mutations of the example course's own
//!   files (lines deleted, duplicated, swapped, re-indented; YAML and Markdown punctuation and
//!   invalid bytes inserted). The number of inputs per property is `PROPTEST_CASES` (default
//!   below, sized to keep `cargo test` fast); the total is printed at the end of each property
//!   (`cargo test --test robustness -- --nocapture`).
//! - Explicit cases: alias bombs, 100,000-deep nesting, a 20 MB chapter (1 MB in debug builds),
//!   invalid UTF-8, BOMs, CRLF and lone-CR line endings, symlink loops, FIFOs and unreadable
//!   files. Those that could crash the process (stack overflow, out of memory) or hang run
//!   the `lectern` binary under a time limit and measure its peak memory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use lectern::diag::Diagnostics;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError};

// ---------------------------------------------------------------------------------------------
// Books in temporary folders

struct Book {
    dir: tempfile::TempDir,
}

impl Book {
    /// A book with a title, and the example course's content when `course` is true.
    fn new(course: bool) -> Book {
        let book = Book {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        book.write("book.toml", b"[book]\ntitle = \"Robust\"\n");
        if course {
            for (path, bytes) in course_files() {
                book.write(path, bytes);
            }
        }
        book
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, bytes: &[u8]) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }
}

/// The example course's content folder, read once: (path below the book root, bytes).
fn course_files() -> &'static [(&'static str, Vec<u8>)] {
    static FILES: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        walkdir::WalkDir::new(root.join("content"))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_string_lossy();
                let rel: &'static str = Box::leak(rel.replace('\\', "/").into_boxed_str());
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    })
}

fn course_file(path: &str) -> &'static [u8] {
    &course_files()
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap_or_else(|| panic!("the example course has {path}"))
        .1
}

/// The text Lectern reports positions in: BOM dropped, CRLF and lone CR as LF, invalid UTF-8
/// replaced.
fn normalized(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Every diagnostic names a file relative to the book, and its position (if any) lies inside
/// that file: a line that exists and a column at most one past the line's end. Rendering them
/// all does not panic.
fn assert_located(root: &Path, diags: &Diagnostics) -> Result<(), TestCaseError> {
    for d in &diags.items {
        prop_assert!(d.file.is_relative(), "absolute path in {d}");
        prop_assert!(!d.message.is_empty());
        let Some(p) = d.position else { continue };
        let Ok(bytes) = std::fs::read(root.join(&d.file)) else {
            // Theme files built into the binary, for instance.
            continue;
        };
        let text = normalized(&bytes);
        let lines: Vec<&str> = text.split('\n').collect();
        prop_assert!(
            p.line >= 1 && p.line <= lines.len(),
            "{d}: line {} of {}",
            p.line,
            lines.len()
        );
        let width = lines[p.line - 1].chars().count();
        prop_assert!(
            p.column >= 1 && p.column <= width + 1,
            "{d}: column {} on a line of {width} characters: {:?}",
            p.column,
            lines[p.line - 1]
        );
    }
    let _ = diags.render_all(root);
    Ok(())
}

/// Runs the whole pipeline in memory: `check`, then, when it finds no error, a full build
/// (templates included) that must produce a site.
fn check_book(book: &Book) -> Result<(), TestCaseError> {
    let diags = lectern::check(book.root());
    assert_located(book.root(), &diags)?;
    if !diags.has_errors() {
        let mut builder = lectern::Builder::new(book.root(), Default::default());
        match builder.rebuild() {
            Ok(rebuild) => prop_assert!(rebuild.site.files.contains_key("index.html")),
            Err(diags) => {
                // The build may find more (template errors) but must say where.
                prop_assert!(diags.has_errors());
                assert_located(book.root(), &diags)?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Inputs: arbitrary text and bytes, and mutations of valid files

/// Bytes that matter to YAML and Markdown, and a few that are not UTF-8 on their own.
const SPECIAL: &[u8] = b":-[]{}#&*!|>'\"%@`\t\r\n ,?~\\<(_=\xff\xc3\x00";

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, usize),
    Dedent(usize),
    InsertLine(usize, String),
    InsertBytes(usize, Vec<u8>),
    ReplaceByte(usize, u8),
    Truncate(usize),
}

fn line_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // YAML-ish.
        "[-:\\[\\]{}#&*!|>'\"` a-z0-9_]{0,40}",
        "( *- )?[a-z_]{1,12}: ?[-\\[{'\"&*!|>a-z0-9 ]{0,30}",
        // Markdown-ish.
        "(#{1,7} |> |>>|- |\\* |1\\. |    |```[a-z-]{0,10}|\\| |<[a-z]{1,6}>|\\[\\^?[a-z]*\\]: ?)[a-z `*_\\[\\]()#!|<>.:/-]{0,30}",
        "[a-z ]{0,10}(\\[[a-z ]{0,8}\\]\\([a-z./#:-]{0,20}\\)|!\\[\\]\\([a-z./]{0,12}\\)|<https?://[a-z.]{1,10}>)",
        any::<String>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        at.prop_map(Mutation::DeleteLine),
        at.prop_map(Mutation::DuplicateLine),
        (at, any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (at, 1..9usize).prop_map(|(a, n)| Mutation::Indent(a, n)),
        at.prop_map(Mutation::Dedent),
        (at, line_text()).prop_map(|(a, l)| Mutation::InsertLine(a, l)),
        (at, prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(a, b)| Mutation::InsertBytes(a, b)),
        (at, prop::sample::select(SPECIAL)).prop_map(|(a, b)| Mutation::ReplaceByte(a, b)),
        at.prop_map(Mutation::Truncate),
    ]
}

fn mutate(original: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = original
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::DeleteLine(i) if lines.len() > 1 => {
                lines.remove(i % n);
            }
            Mutation::DeleteLine(_) => {}
            Mutation::DuplicateLine(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
            Mutation::Indent(i, by) => {
                let l = &mut lines[i % n];
                l.splice(0..0, std::iter::repeat_n(b' ', *by));
            }
            Mutation::Dedent(i) => {
                let l = &mut lines[i % n];
                let spaces = l.iter().take_while(|&&b| b == b' ').count();
                l.drain(..spaces.min(2));
            }
            Mutation::InsertLine(i, text) => {
                let mut l = text.clone().into_bytes();
                l.push(b'\n');
                lines.insert(i % (n + 1), l);
            }
            Mutation::InsertBytes(i, bytes) => {
                let l = &mut lines[i % n];
                let at = i % (l.len() + 1);
                l.splice(at..at, bytes.iter().copied());
            }
            Mutation::ReplaceByte(i, b) => {
                let l = &mut lines[i % n];
                if !l.is_empty() {
                    let at = i % l.len();
                    l[at] = *b;
                }
            }
            Mutation::Truncate(i) => {
                let keep = i % n + 1;
                lines.truncate(keep);
            }
        }
    }
    lines.concat()
}

/// A file's new content: a mutation of the original, arbitrary text, or arbitrary bytes.
fn new_content(original: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => prop::collection::vec(mutation(), 1..6).prop_map(move |m| mutate(original, &m)),
        1 => prop::collection::vec(line_text(), 0..12).prop_map(|lines| lines.join("\n").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..400),
    ]
}

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Counts the inputs a property ran and prints the total and the time when it ends.
struct Tally {
    name: &'static str,
    count: AtomicUsize,
    started: Instant,
}

impl Tally {
    fn new(name: &'static str) -> Tally {
        Tally {
            name,
            count: AtomicUsize::new(0),
            started: Instant::now(),
        }
    }

    fn one(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }
}

impl Drop for Tally {
    fn drop(&mut self) {
        eprintln!(
            "property `{}`: {} inputs in {:.2?}",
            self.name,
            self.count.load(Ordering::Relaxed),
            self.started.elapsed()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Properties of the parsers alone: cheap, so many inputs

#[test]
fn questions_yaml_never_panics_and_errors_are_located() {
    let tally = Tally::new("questions YAML (parse + validate)");
    let seeds: Vec<&'static [u8]> = course_files()
        .iter()
        .filter(|(p, _)| p.ends_with(".questions.yaml"))
        .map(|(_, b)| b.as_slice())
        .collect();
    let strategy = prop::sample::select(seeds).prop_flat_map(new_content);
    proptest!(config(128), |(bytes in strategy)| {
        tally.one();
        let text = normalized(&bytes);
        let file = Path::new("q.questions.yaml");
        let at = lectern::content::yaml::Embedding::default();
        let mut diags = Diagnostics::default();
        match lectern::content::yaml::parse::<lectern::content::model::QuestionsFile>(file, &text, at) {
            Ok(data) => {
                let mut found = Vec::new();
                lectern::content::validate::questions(
                    file,
                    &text,
                    &data,
                    &lectern::content::validate::Verdicts::english(),
                    &mut found,
                );
                diags.extend(found);
            }
            Err(d) => diags.push(d),
        }
        assert_located_in(&text, &diags)?;
    });
}

#[test]
fn front_matter_never_panics_and_errors_are_located() {
    let tally = Tally::new("front matter (split + parse + validate)");
    let seeds: Vec<&'static [u8]> = course_files()
        .iter()
        .filter(|(p, _)| p.ends_with(".md") && !p.ends_with("SUMMARY.md"))
        .map(|(_, b)| b.as_slice())
        .collect();
    // Mutations aimed at the front matter: only the first lines of each chapter.
    let heads: Vec<&'static [u8]> = seeds
        .iter()
        .map(|b| {
            let end = b
                .iter()
                .enumerate()
                .filter(|(_, &c)| c == b'\n')
                .nth(14)
                .map_or(b.len(), |(i, _)| i + 1);
            &b[..end]
        })
        .collect();
    let strategy = prop::sample::select(heads).prop_flat_map(new_content);
    proptest!(config(256), |(bytes in strategy)| {
        tally.one();
        let text = normalized(&bytes);
        let file = Path::new("c.md");
        let mut diags = Diagnostics::default();
        match lectern::content::split_front_matter(file, &text) {
            Ok((Some((yaml, offset)), _, _)) => {
                let at = lectern::content::yaml::Embedding { line_offset: offset };
                match lectern::content::yaml::parse::<lectern::content::model::FrontMatter>(file, yaml, at) {
                    Ok(front) => {
                        let mut found = Vec::new();
                        lectern::content::validate::front_matter(file, &text, &front, &mut found);
                        diags.extend(found);
                    }
                    Err(d) => diags.push(d),
                }
            }
            Ok((None, _, _)) => {}
            Err(d) => diags.push(d),
        }
        assert_located_in(&text, &diags)?;
    });
}

#[test]
fn summary_never_panics_and_errors_are_located() {
    let tally = Tally::new("SUMMARY.md (parse)");
    let strategy = new_content(course_file("content/SUMMARY.md"));
    proptest!(config(512), |(bytes in strategy)| {
        tally.one();
        let text = normalized(&bytes);
        let mut diags = Diagnostics::default();
        if let Err(errors) = lectern::content::summary::parse(Path::new("SUMMARY.md"), &text) {
            prop_assert!(!errors.is_empty());
            diags.extend(errors);
        }
        assert_located_in(&text, &diags)?;
    });
}

/// [`assert_located`] for diagnostics about one text held in memory.
fn assert_located_in(text: &str, diags: &Diagnostics) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &diags.items {
        prop_assert!(!d.message.is_empty());
        prop_assert!(
            d.hint.as_deref().is_some_and(|h| !h.is_empty()),
            "no hint: {d}"
        );
        if let Some(p) = d.position {
            prop_assert!(
                p.line >= 1 && p.line <= lines.len(),
                "{d}: line {} of {}",
                p.line,
                lines.len()
            );
            let width = lines[p.line - 1].chars().count();
            prop_assert!(
                p.column >= 1 && p.column <= width + 1,
                "{d}: column {} on a line of {width} characters: {:?}",
                p.column,
                lines[p.line - 1]
            );
        }
        let _ = d.render(Some(text));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties of the whole pipeline: the example course with one file changed

#[test]
fn a_changed_course_file_gives_a_site_or_located_diagnostics() {
    let tally = Tally::new("example course with one file changed (check + build in memory)");
    let targets: Vec<&'static str> = course_files()
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| p.ends_with(".md") || p.ends_with(".yaml"))
        .collect();
    let strategy = prop::sample::select(targets)
        .prop_flat_map(|path| (Just(path), new_content(course_file(path))));
    proptest!(config(12), |((path, bytes) in strategy)| {
        tally.one();
        let book = Book::new(true);
        book.write(path, &bytes);
        check_book(&book)?;
    });
}

#[test]
fn any_markdown_chapter_gives_a_site_or_located_diagnostics() {
    let tally = Tally::new("one-chapter book with arbitrary Markdown (check + build in memory)");
    let body = prop_oneof![
        prop::collection::vec(line_text(), 0..40).prop_map(|l| l.join("\n").into_bytes()),
        prop::collection::vec(any::<u8>(), 0..600),
    ];
    proptest!(config(32), |(bytes in body)| {
        tally.one();
        let book = Book::new(false);
        book.write("content/SUMMARY.md", b"- [Chapter](chapter.md)\n");
        let mut chapter = b"---\ntitle: Chapter\n---\n\n".to_vec();
        chapter.extend(bytes);
        book.write("content/chapter.md", &chapter);
        check_book(&book)?;
    });
}

// ---------------------------------------------------------------------------------------------
// Running the binary under a time limit, with its peak memory

/// How a `lectern` run ended.
#[cfg(target_os = "linux")]
#[derive(Debug)]
struct Outcome {
    /// The exit code, or `None` when a signal ended the process (a crash or the time limit).
    code: Option<i32>,
    #[allow(dead_code)] // shown in failure messages
    signal: Option<i32>,
    timed_out: bool,
    stderr: String,
    elapsed: Duration,
    /// Processor time (user and system), which the machine's load hardly changes.
    cpu: Duration,
    /// Peak resident memory of the process, in MiB (sampled every 5 ms).
    peak_mib: f64,
}

#[cfg(target_os = "linux")]
impl Outcome {
    /// It ended by itself with `code`, within its time limit.
    fn exited(&self, code: i32) -> bool {
        !self.timed_out && self.code == Some(code)
    }
}

/// Runs `lectern args…` in `dir`, killing it after `limit`. With `as_user`, the process runs
/// as that user id (to test permissions when the tests run as root).
#[cfg(target_os = "linux")]
fn lectern_measured(dir: &Path, args: &[&str], limit: Duration, as_user: Option<u32>) -> Outcome {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::sync::{Arc, Condvar, Mutex};

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lectern"));
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(uid) = as_user {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(uid) != 0
                    || libc::setuid(uid) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run lectern");
    let pid = child.id() as libc::pid_t;
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    // The watchdog samples the process's peak memory (VmHWM: the kernel's high-water mark of
    // its resident set since exec) every 5 ms, and kills it when the limit passes. The
    // process is waited for without being reaped first, so its pid cannot be reused before
    // `done` is set.
    let done = Arc::new((Mutex::new(false), Condvar::new()));
    let timed_out = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let peak_kib = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let watchdog = {
        let (done, timed_out, peak_kib) = (done.clone(), timed_out.clone(), peak_kib.clone());
        std::thread::spawn(move || {
            let (lock, cv) = &*done;
            let status = format!("/proc/{pid}/status");
            let mut guard = lock.lock().unwrap();
            while !*guard {
                if let Some(kib) = std::fs::read_to_string(&status).ok().and_then(|s| {
                    s.lines()
                        .find_map(|l| l.strip_prefix("VmHWM:"))
                        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                }) {
                    peak_kib.fetch_max(kib, Ordering::SeqCst);
                }
                if started.elapsed() > limit {
                    timed_out.store(true, Ordering::SeqCst);
                    // SAFETY: the process is not reaped yet, so `pid` is still ours.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    break;
                }
                guard = cv.wait_timeout(guard, Duration::from_millis(5)).unwrap().0;
            }
        })
    };
    // SAFETY: plain system calls on our own child.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        );
    }
    {
        let (lock, cv) = &*done;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }
    watchdog.join().unwrap();
    let mut status = 0;
    // SAFETY: as above; `usage` is written by the kernel. (Its ru_maxrss is no use: a child's
    // starts at the size of the process it was forked from, this whole test binary.)
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::wait4(pid, &mut status, 0, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    drop(child);
    Outcome {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        timed_out: timed_out.load(Ordering::SeqCst),
        stderr,
        elapsed,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_mib: peak_kib.load(Ordering::SeqCst) as f64 / 1024.0,
    }
}

/// A book whose only chapter is `chapter` (bytes after the front matter).
fn one_chapter_book(body: &[u8]) -> Book {
    let book = Book::new(false);
    book.write("content/SUMMARY.md", b"- [Chapter](chapter.md)\n");
    let mut chapter = b"---\ntitle: Chapter\n---\n\n".to_vec();
    chapter.extend_from_slice(body);
    book.write("content/chapter.md", &chapter);
    book
}

/// `lectern check` on `book` ends by itself within 60 s with `code`, having said `expect`;
/// returns the outcome for further checks.
#[cfg(target_os = "linux")]
fn check_ends_with(book: &Book, code: i32, expect: &[&str]) -> Outcome {
    let out = lectern_measured(book.root(), &["check"], Duration::from_secs(60), None);
    assert!(out.exited(code), "expected exit {code}: {out:?}");
    for e in expect {
        assert!(out.stderr.contains(e), "expected {e:?} in:\n{}", out.stderr);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// YAML alias bombs

#[cfg(target_os = "linux")]
#[test]
fn yaml_alias_bombs_are_located_errors() {
    // Billion laughs: ten levels of ten aliases each, 10^10 strings if expanded.
    let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let indented = |text: &str, by: usize| {
        text.lines()
            .map(|l| format!("{}{l}\n", " ".repeat(by)))
            .collect::<String>()
    };
    // One large scalar, aliased many times: 8 MiB × 64 = 512 MiB of text if expanded.
    let big = "lol ".repeat(2 << 20);
    let big_refs = vec!["*big"; 64].join(", ");
    let many_refs = vec!["*q"; 5000].join(", ");

    let cases: Vec<(&str, &str, String, &str)> = vec![
        (
            "laughs in the front matter",
            "content/chapter.md",
            // The keys are kept as data (front matter keeps keys it does not know), so the
            // aliases are read until the limit stops them, at the line that passes it.
            format!("---\ntitle: T\n{laughs}tags: *a9\n---\nText\n"),
            "content/chapter.md:7:",
        ),
        (
            "laughs in a typed field",
            "content/chapter.md",
            "---\ntitle: T\ntags:\n  - x\n  - &a0 [lol, lol]\n  - &a1 [*a0, *a0]\n  - *a1\n---\nText\n".to_string(),
            "content/chapter.md:5:",
        ),
        (
            "laughs in the questions file",
            "content/chapter.questions.yaml",
            format!("interview:\n  - question: Q\n    difficulty: easy\n    answer: A\n    covers:\n{}", indented(&laughs, 6)),
            "content/chapter.questions.yaml:",
        ),
        (
            "a big scalar aliased 64 times",
            "content/chapter.questions.yaml",
            format!("interview:\n  - question: Q\n    difficulty: easy\n    answer: &big {big}\n    covers: [{big_refs}]\n"),
            "content/chapter.questions.yaml:5:",
        ),
        (
            "5000 aliases",
            "content/chapter.questions.yaml",
            format!("interview:\n  - question: &q Q\n    difficulty: easy\n    answer: A\n    tags: [{many_refs}]\n"),
            "content/chapter.questions.yaml:5:",
        ),
        (
            "laughs in an inline self-check",
            "content/chapter.md",
            format!("---\ntitle: T\n---\n\n```self-check\n{laughs}prompt: *a9\noptions: []\n```\n"),
            "content/chapter.md:",
        ),
    ];
    for (name, path, text, at) in cases {
        let book = one_chapter_book(b"Text.\n");
        book.write(path, text.as_bytes());
        let out = check_ends_with(&book, 1, &[at]);
        eprintln!(
            "alias bomb `{name}`: {:.2?}, peak {:.0} MiB: {}",
            out.elapsed,
            out.peak_mib,
            out.stderr.lines().next().unwrap_or("")
        );
        assert!(out.elapsed < Duration::from_secs(20), "{name}: {out:?}");
        assert!(
            out.peak_mib < 400.0,
            "{name}: peak memory {:.0} MiB",
            out.peak_mib
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 100,000-deep nesting

const DEEP: usize = 100_000;

#[cfg(target_os = "linux")]
#[test]
fn deep_yaml_nesting_is_a_located_error() {
    let cases: Vec<(&str, String)> = vec![
        (
            "content/chapter.md",
            format!("---\ntitle: T\ntags: {}\n---\n", "[".repeat(DEEP)),
        ),
        (
            "content/chapter.md",
            format!("---\ntitle: T\ntags: {}\n---\n", "{".repeat(DEEP)),
        ),
        (
            "content/chapter.md",
            format!("---\ntitle: T\ntags:\n  {}x\n---\n", "- ".repeat(DEEP)),
        ),
        (
            "content/chapter.questions.yaml",
            format!("knowledge_check: {}\n", "[".repeat(DEEP)),
        ),
        (
            "content/chapter.questions.yaml",
            format!("knowledge_check:\n  {}x\n", "- ".repeat(DEEP)),
        ),
        (
            "content/chapter.questions.yaml",
            // Block mappings nested by indentation, 2,000 levels (a 4 MB file).
            (0..2000)
                .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                .collect::<String>(),
        ),
    ];
    for (path, text) in cases {
        let book = one_chapter_book(b"Text.\n");
        book.write(path, text.as_bytes());
        let out = check_ends_with(&book, 1, &[path]);
        let first = out.stderr.lines().next().unwrap_or("");
        eprintln!("deep YAML in {path}: {:.2?}: {first}", out.elapsed);
        assert!(
            out.stderr.contains(&format!("{path}:")),
            "located: {}",
            out.stderr
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn deep_markdown_nesting_builds() {
    let cases: Vec<(&str, String)> = vec![
        ("blockquotes", format!("{} deep\n", ">".repeat(DEEP))),
        ("lists on one line", format!("{}deep\n", "- ".repeat(DEEP))),
        (
            "lists by indentation (1,000 levels)",
            (0..1000)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect(),
        ),
        // 20,000 deep: slower to parse, and no different past that.
        ("emphasis", format!("{}x\n", "*a ".repeat(DEEP / 5))),
        (
            "links in links",
            format!(
                "{}x{}\n",
                "[".repeat(DEEP / 5),
                "](chapter.md)".repeat(DEEP / 5)
            ),
        ),
        ("raw HTML", format!("{}x\n", "<div>".repeat(DEEP / 5))),
        (
            "a self-check nested deep",
            format!("```self-check\nprompt: {}\n```\n", "[".repeat(DEEP)),
        ),
    ];
    for (name, body) in cases {
        let book = one_chapter_book(body.as_bytes());
        let site = book.path("site");
        let out = lectern_measured(
            book.root(),
            &["build", "--dest", site.to_str().unwrap()],
            Duration::from_secs(60),
            None,
        );
        eprintln!(
            "deep Markdown `{name}`: exit {:?}, {:.2?}, peak {:.0} MiB",
            out.code, out.elapsed, out.peak_mib
        );
        // A site, or (for the self-check) a located error: never a crash.
        assert!(
            out.exited(0) || (out.exited(1) && out.stderr.contains("content/chapter.md:")),
            "{name}: {out:?}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn deeply_nested_summary_is_an_error_not_a_stack_overflow() {
    let book = one_chapter_book(b"Text.\n");
    // 3,000 levels, each indented one more space (a 4.5 MB SUMMARY.md).
    let summary: String = (0..3000)
        .map(|i| format!("{}- [C{i}]()\n", " ".repeat(i)))
        .collect();
    book.write(
        "content/SUMMARY.md",
        format!("- [Chapter](chapter.md)\n{summary}").as_bytes(),
    );
    let out = check_ends_with(&book, 1, &["content/SUMMARY.md:"]);
    eprintln!(
        "deep SUMMARY.md: {:.2?}: {}",
        out.elapsed,
        out.stderr.lines().next().unwrap_or("")
    );
}

// ---------------------------------------------------------------------------------------------
// Huge files

/// The size of the huge chapter: 20 MB in release builds (`cargo test --release`), 1 MB in
/// debug builds (ten times slower; `cargo test` stays fast), or `LECTERN_HUGE_MB`.
fn huge_mb() -> usize {
    std::env::var("LECTERN_HUGE_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 1 } else { 20 })
}

/// About `bytes` of Markdown prose: headings, paragraphs with inline markup, lists and quotes
/// (no links or code blocks: see `huge_chapter_with_links_is_linear`).
fn prose(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 200);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            "## Section {i}\n\nA paragraph with *emphasis*, `code`, **strong** text about memory, \
             the heap and the event loop. More words to fill the line.\n\n- item one\n- item \
             two\n\n> A quote.\n\n"
        ));
        i += 1;
    }
    s
}

#[cfg(target_os = "linux")]
fn build_measured(book: &Book) -> Outcome {
    let site = book.path("site");
    let out = lectern_measured(
        book.root(),
        &["build", "--dest", site.to_str().unwrap()],
        Duration::from_secs(300),
        None,
    );
    assert!(out.exited(0), "{out:?}");
    out
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_chapter_builds_in_linear_time_and_bounded_memory() {
    let mb = huge_mb();
    let full = one_chapter_book(prose(mb << 20).as_bytes());
    let quarter = one_chapter_book(prose(mb << 18).as_bytes());
    let small = build_measured(&quarter);
    let big = build_measured(&full);
    let ratio = big.cpu.as_secs_f64() / small.cpu.as_secs_f64().max(0.001);
    eprintln!(
        "huge chapter: {mb} MB in {:.2?} ({:.2?} CPU, peak {:.0} MiB); {} MB in {:.2?} ({:.2?} CPU, peak {:.0} MiB); CPU time ratio {ratio:.1} for 4x the size",
        big.elapsed,
        big.cpu,
        big.peak_mib,
        mb as f64 / 4.0,
        small.elapsed,
        small.cpu,
        small.peak_mib
    );
    // Linear: about 4x. Quadratic would be about 16x.
    assert!(ratio < 8.0, "time grows faster than the size: {ratio:.1}x");
    // Measured: about 25 times the chapter's size (the parsed events, the HTML, the site).
    assert!(
        big.peak_mib < (mb as f64) * 40.0 + 200.0,
        "peak memory {:.0} MiB for a {mb} MB chapter",
        big.peak_mib
    );
}

/// Every link, image and code block of a chapter needs its position. Scanning from the start
/// of the chapter each time was quadratic (1 MB took 2.6 s, 4 MB 37 s, 20 MB over 10 minutes);
/// positions now come from a `diag::LineIndex` built once per Markdown text.
#[cfg(target_os = "linux")]
#[test]
fn huge_chapter_with_links_is_linear() {
    let body = |bytes: usize| {
        let mut s = String::new();
        let mut i = 0;
        while s.len() < bytes {
            s.push_str(&format!(
                "## Part {i}\n\nSee [part {}](#part-{}).\n\n```js\nconst x = {i};\n```\n\n",
                i / 2,
                i / 2
            ));
            i += 1;
        }
        s
    };
    let small = build_measured(&one_chapter_book(body(256 << 10).as_bytes()));
    let big = build_measured(&one_chapter_book(body(1 << 20).as_bytes()));
    let ratio = big.cpu.as_secs_f64() / small.cpu.as_secs_f64().max(0.001);
    eprintln!(
        "links: 1 MB in {:.2?} CPU, 256 KB in {:.2?} CPU: ratio {ratio:.1}",
        big.cpu, small.cpu
    );
    assert!(ratio < 8.0, "time grows faster than the size: {ratio:.1}x");
}

#[test]
fn a_text_file_over_the_size_limit_is_refused_before_reading() {
    let book = one_chapter_book(b"Text.\n");
    let file = std::fs::File::create(book.path("content/chapter.md")).unwrap();
    // Sparse: no disk space used.
    file.set_len(lectern::content::MAX_TEXT_FILE_BYTES + 1)
        .unwrap();
    let diags = lectern::check(book.root());
    let e = diags.items.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(e.file, Path::new("content/chapter.md"));
    assert!(e.message.contains("up to 64 MiB"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Encodings and line endings

fn errors_of(book: &Book) -> Vec<String> {
    let diags = lectern::check(book.root());
    diags
        .items
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect()
}

#[test]
fn invalid_utf8_is_located_in_every_kind_of_file() {
    let cases: [(&str, &[u8], &str); 6] = [
        (
            "content/chapter.md",
            b"---\ntitle: Caf\xe9\n---\nText\n",
            "content/chapter.md:2:11",
        ),
        (
            "content/chapter.md",
            b"---\ntitle: T\n---\n\nline\nbad \xc3\x28 here\n",
            "content/chapter.md:6:5",
        ),
        (
            "content/chapter.questions.yaml",
            b"interview:\n  - question: \xff\n",
            "content/chapter.questions.yaml:2:15",
        ),
        (
            "content/SUMMARY.md",
            b"- [Chapter](chapter.md)\n- [\xfe](x.md)\n",
            "content/SUMMARY.md:2:4",
        ),
        ("book.toml", b"[book]\ntitle = \"\xff\"\n", "book.toml:2:10"),
        // UTF-16, as some Windows editors save: not UTF-8 from its first byte.
        (
            "content/chapter.md",
            b"\xff\xfe-\x00-\x00-\x00",
            "content/chapter.md:1:1",
        ),
    ];
    for (path, bytes, at) in cases {
        let book = one_chapter_book(b"Text.\n");
        book.write(path, bytes);
        let errors = errors_of(&book);
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(at) && e.contains("not valid UTF-8")),
            "{path}: expected {at}, got {errors:#?}"
        );
    }
}

#[test]
fn bom_crlf_and_lone_cr_files_build_and_errors_keep_their_lines() {
    for (name, eol, bom) in [
        ("CRLF", "\r\n", ""),
        ("CRLF with BOM", "\r\n", "\u{feff}"),
        ("lone CR", "\r", ""),
        ("BOM", "\n", "\u{feff}"),
    ] {
        let text = |lines: &[&str]| format!("{bom}{}{eol}", lines.join(eol));
        let book = Book::new(false);
        book.write("book.toml", text(&["[book]", "title = \"T\""]).as_bytes());
        book.write(
            "content/SUMMARY.md",
            text(&["# Summary", "", "- [Chapter](chapter.md)"]).as_bytes(),
        );
        book.write(
            "content/chapter.md",
            text(&[
                "---",
                "title: Chapter",
                "tags: [a, b]",
                "---",
                "",
                "## Part",
                "",
                "Text.",
            ])
            .as_bytes(),
        );
        book.write(
            "content/chapter.questions.yaml",
            text(&[
                "knowledge_check:",
                "  - difficulty: easy",
                "    type: true_false",
                "    prompt: |",
                "      Two",
                "      lines.",
                "    answer: true",
            ])
            .as_bytes(),
        );
        let diags = lectern::check(book.root());
        assert!(
            diags.is_empty(),
            "{name}: {}",
            diags.render_all(book.root())
        );
        let mut builder = lectern::Builder::new(book.root(), Default::default());
        let site = builder.rebuild().expect("builds");
        let page = String::from_utf8_lossy(&site.site.files["chapter.html"].bytes()).into_owned();
        assert!(page.contains("Part") && !page.contains('\r'), "{name}");

        // Errors on line 7 (chapter) and line 3 (questions) are reported there.
        book.write(
            "content/chapter.md",
            text(&[
                "---",
                "title: Chapter",
                "---",
                "",
                "## Part",
                "",
                "See [x](missing.md).",
            ])
            .as_bytes(),
        );
        book.write(
            "content/chapter.questions.yaml",
            text(&[
                "knowledge_check:",
                "  - difficulty: easy",
                "    type: truefalse",
            ])
            .as_bytes(),
        );
        let errors = errors_of(&book);
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("content/chapter.md:7:5:")),
            "{name}: {errors:#?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("content/chapter.questions.yaml:3:11:")),
            "{name}: {errors:#?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Odd files: symlink loops, FIFOs, folders named like chapters, unreadable files

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported_not_followed_forever() {
    let book = one_chapter_book(b"Text.\n");
    std::os::unix::fs::symlink("..", book.path("content/loop")).unwrap();
    std::fs::create_dir_all(book.path("content/a/b")).unwrap();
    std::os::unix::fs::symlink("../../a", book.path("content/a/b/up")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", book.path("content/dangling.md")).unwrap();
    let started = Instant::now();
    let diags = lectern::check(book.root());
    assert!(started.elapsed() < Duration::from_secs(10));
    let shown: Vec<String> = diags.items.iter().map(|d| d.to_string()).collect();
    for path in ["content/loop", "content/a/b/up", "content/dangling.md"] {
        assert!(
            shown.iter().any(|d| d.starts_with(path)),
            "{path} is reported: {shown:#?}"
        );
    }
    assert!(shown.iter().all(|d| d.contains("hint:")), "{shown:#?}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_fifo_or_a_folder_listed_as_a_chapter_is_an_error_not_a_hang() {
    let book = one_chapter_book(b"Text.\n");
    book.write(
        "content/SUMMARY.md",
        b"- [Chapter](chapter.md)\n- [Pipe](pipe.md)\n- [Folder](folder.md)\n",
    );
    let fifo = std::ffi::CString::new(book.path("content/pipe.md").to_str().unwrap()).unwrap();
    // SAFETY: a plain system call with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::fs::create_dir_all(book.path("content/folder.md")).unwrap();
    let out = check_ends_with(
        &book,
        1,
        &[
            "content/SUMMARY.md:2:10",
            "`pipe.md` is not a regular file",
            "content/SUMMARY.md:3:12",
            "`folder.md` is not a regular file",
        ],
    );
    assert!(out.elapsed < Duration::from_secs(20));
}

/// Unreadable files and folders are located errors. Tests often run as root (CI does), and
/// root reads files whatever their mode: then the check runs as the unprivileged user
/// `nobody` (uid 65534), for whom the modes hold.
#[cfg(target_os = "linux")]
#[test]
fn unreadable_files_and_folders_are_located_errors() {
    use std::os::unix::fs::PermissionsExt;
    let is_root = unsafe { libc::geteuid() } == 0;
    let book = one_chapter_book(b"Text.\n");
    book.write(
        "content/SUMMARY.md",
        b"- [Chapter](chapter.md)\n- [Locked](locked.md)\n- [Inner](dir/inner.md)\n",
    );
    book.write("content/locked.md", b"---\ntitle: Locked\n---\nText\n");
    book.write("content/dir/inner.md", b"---\ntitle: Inner\n---\nText\n");
    book.write(
        "content/chapter.questions.yaml",
        b"interview:\n  - question: Q\n    difficulty: easy\n    answer: A\n",
    );
    // Everything readable by everyone, then three things locked.
    for e in walkdir::WalkDir::new(book.root()).into_iter().flatten() {
        let mode = if e.file_type().is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    for locked in [
        "content/locked.md",
        "content/chapter.questions.yaml",
        "content/dir",
    ] {
        std::fs::set_permissions(book.path(locked), std::fs::Permissions::from_mode(0o000))
            .unwrap();
    }
    let as_user = is_root.then_some(65534);
    let out = lectern_measured(book.root(), &["check"], Duration::from_secs(60), as_user);
    // Restore, so that the temporary folder can be removed.
    for locked in [
        "content/locked.md",
        "content/chapter.questions.yaml",
        "content/dir",
    ] {
        let mode = if locked == "content/dir" {
            0o755
        } else {
            0o644
        };
        std::fs::set_permissions(book.path(locked), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    eprintln!(
        "unreadable files (as {}): {}",
        if is_root { "nobody" } else { "this user" },
        out.stderr
    );
    assert!(out.exited(1), "{out:?}");
    for expect in [
        "content/locked.md",
        "content/chapter.questions.yaml",
        "content/dir",
        "Permission denied",
    ] {
        assert!(out.stderr.contains(expect), "{expect}: {}", out.stderr);
    }
}
