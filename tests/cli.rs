//! The command line as people type it, through the real binary: mdBook's and Zola's spellings
//! of Lectern's options, `build --open`, `clean`, `completions`, `--quiet`, `--verbose` and
//! `--color`, with their exit codes (0 done, 1 a problem with the book, 2 a usage error) and
//! what they print.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lectern");

/// A small book in a temporary folder (the book is `root()`; its cache and anything else the
/// test makes go beside it).
struct Book {
    dir: tempfile::TempDir,
}

impl Book {
    fn new() -> Book {
        let book = Book {
            dir: tempfile::tempdir().unwrap(),
        };
        book.write("book.toml", "[book]\ntitle = \"Command line\"\n");
        book.write("content/SUMMARY.md", "- [One](one.md)\n- [Two](two.md)\n");
        book.write("content/one.md", "---\ntitle: One\n---\n\nFirst text.\n");
        book.write("content/two.md", "---\ntitle: Two\n---\n\nSecond text.\n");
        book
    }

    /// The book with a warning: a code block in a language Lectern does not know.
    fn with_warning() -> Book {
        let book = Book::new();
        book.write(
            "content/two.md",
            "---\ntitle: Two\n---\n\nSecond text.\n\n```madeup\ncode\n```\n",
        );
        book
    }

    /// Puts an error in the book: a link to a chapter that does not exist.
    fn break_it(&self) {
        self.write(
            "content/one.md",
            "---\ntitle: One\n---\n\nSee [the other](nowhere.md).\n",
        );
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("book")
    }

    fn beside(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// `lectern ARGS` run in the book's folder, with its own cache folder and no colour
    /// settings from the environment.
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .current_dir(self.root())
            .env("LECTERN_CACHE_DIR", self.beside("cache"))
            .env_remove("LECTERN_NO_CACHE")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("LECTERN_TIMINGS")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        Run(self.command(args).output().unwrap())
    }
}

struct Run(Output);

impl Run {
    fn code(&self) -> i32 {
        self.0.status.code().expect("exited, not killed")
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    /// Asserts the exit code, showing the output when it is not the one expected.
    fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

fn is_site(dir: &Path) -> bool {
    dir.join("index.html").is_file() && dir.join(".lectern-site").is_file()
}

#[test]
fn build_takes_mdbooks_and_zolas_destination_flags() {
    let book = Book::new();
    for (i, flag) in ["--dest", "-d", "--dest-dir", "-o", "--output-dir"]
        .iter()
        .enumerate()
    {
        let dest = book.beside(&format!("out-{i}"));
        let run = book.run(&["build", flag, dest.to_str().unwrap()]).expect(0);
        assert!(is_site(&dest), "{flag}: no site in {}", dest.display());
        assert!(run.stderr().contains("Built 8 pages"), "{}", run.stderr());
        assert!(!book.root().join("site").exists(), "{flag}");
    }
    // `--flag=value` as well.
    let dest = book.beside("out-eq");
    book.run(&["build", &format!("--dest-dir={}", dest.display())])
        .expect(0);
    assert!(is_site(&dest));
}

#[test]
fn help_lists_the_aliases_beside_lectern_s_own_spellings() {
    let book = Book::new();
    let build = book.run(&["build", "--help"]).expect(0).stdout();
    assert!(
        build.contains("-d, --dest <DIR>")
            && build.contains("[aliases: -o, --dest-dir, --output-dir]"),
        "{build}"
    );
    assert!(build.contains("--open"), "{build}");
    let serve = book.run(&["serve", "--help"]).expect(0).stdout();
    assert!(
        serve.contains("--bind <ADDR>")
            && serve.contains("[aliases: -n, -i, --hostname, --interface]"),
        "{serve}"
    );
    assert!(
        serve.contains("[aliases: -o, --dest-dir, --output-dir]"),
        "{serve}"
    );
    let clean = book.run(&["clean", "--help"]).expect(0).stdout();
    assert!(
        clean.contains("--cache") && clean.contains("--dest-dir"),
        "{clean}"
    );
    let top = book.run(&["--help"]).expect(0).stdout();
    for word in [
        "clean",
        "completions",
        "--quiet",
        "--verbose",
        "--color <WHEN>",
    ] {
        assert!(top.contains(word), "{word}:\n{top}");
    }
}

#[cfg(unix)]
/// A stand-in for the desktop's opener: `xdg-open` on the PATH, writing what it was asked to
/// open into `opened`. Returns the PATH to run with.
fn fake_browser(book: &Book) -> (String, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let bin = book.beside("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = book.beside("opened.txt");
    let script = bin.join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (path, opened)
}

#[cfg(unix)]
/// Waits (bounded) for `file` to hold a line, and returns its text.
fn wait_for_file(file: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(text) = std::fs::read_to_string(file) {
            if text.ends_with('\n') {
                return text;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{} never written",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn build_open_opens_the_built_front_page() {
    let book = Book::new();
    let (path, opened) = fake_browser(&book);
    let run = Run(book
        .command(&["build", "--open"])
        .env("PATH", path)
        .output()
        .unwrap())
    .expect(0);
    assert!(run.stderr().contains("Opening "), "{}", run.stderr());
    let asked = wait_for_file(&opened);
    let index = std::fs::canonicalize(book.root().join("site/index.html")).unwrap();
    assert_eq!(
        std::fs::canonicalize(asked.trim()).unwrap(),
        index,
        "{asked}"
    );
}

/// `lectern serve` with `args` on a free loopback port: returns its address once it serves,
/// then what it printed on standard error, once `ready` says so of that output.
fn serve(book: &Book, args: &[&str], path: Option<&str>, ready: &dyn Fn(&str) -> bool) -> String {
    let mut all = vec!["serve", "--port", "0"];
    all.extend_from_slice(args);
    let mut command = book.command(&all);
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let mut child = command.spawn().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send((true, line));
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx2.send((false, line));
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let (mut serving, mut stderr) = (None, String::new());
    while Instant::now() < deadline && !(serving.is_some() && ready(&stderr)) {
        let Ok((is_stdout, line)) = rx.recv_timeout(Duration::from_millis(50)) else {
            continue;
        };
        if is_stdout {
            if let Some(url) = line.strip_prefix("Serving the book at ") {
                serving = Some(url.to_string());
            }
        } else {
            stderr.push_str(&line);
            stderr.push('\n');
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let url = serving.unwrap_or_else(|| panic!("never served; stderr:\n{stderr}"));
    format!("{url}\n{stderr}")
}

/// Ready once serve says it is watching for changes (the last line of its start).
fn watching(stderr: &str) -> bool {
    stderr.contains("Watching")
}

#[test]
fn serve_takes_mdbooks_and_zolas_address_flags() {
    let book = Book::new();
    for flag in ["--bind", "-n", "--hostname", "-i", "--interface"] {
        let out = serve(&book, &[flag, "127.0.0.1"], None, &watching);
        assert!(out.starts_with("http://127.0.0.1:"), "{flag}: {out}");
    }
    let out = serve(&book, &["--hostname=localhost"], None, &watching);
    assert!(out.starts_with("http://127.0.0.1:"), "{out}");
}

#[test]
fn serve_accepts_a_destination_and_writes_nothing_there() {
    let book = Book::new();
    for flag in ["--dest", "-d", "--dest-dir", "-o", "--output-dir"] {
        let dest = book.beside("never-written");
        let out = serve(&book, &[flag, dest.to_str().unwrap()], None, &watching);
        assert!(
            out.contains("keeps the preview in memory and writes nothing"),
            "{flag}: {out}"
        );
        assert!(!dest.exists(), "{flag}");
        assert!(!book.root().join("site").exists(), "{flag}");
    }
}

#[cfg(unix)]
#[test]
fn serve_open_opens_the_served_address() {
    let book = Book::new();
    let (path, opened) = fake_browser(&book);
    for flag in ["--open", "-O"] {
        let _ = std::fs::remove_file(&opened);
        let done = |_: &str| std::fs::read_to_string(&opened).is_ok_and(|t| t.ends_with('\n'));
        let out = serve(&book, &[flag], Some(&path), &done);
        let url = out.lines().next().unwrap();
        assert_eq!(wait_for_file(&opened).trim(), url, "{flag}");
    }
}

#[test]
fn serve_quiet_prints_no_news() {
    let book = Book::new();
    // Half a second past the address, when the watching line would have come.
    let since = std::cell::Cell::new(None::<Instant>);
    let waited = |_: &str| {
        let t = since.get().unwrap_or_else(Instant::now);
        since.set(Some(t));
        t.elapsed() > Duration::from_millis(500)
    };
    let out = serve(&book, &["-q"], None, &waited);
    assert!(out.starts_with("http://127.0.0.1:"), "{out}");
    assert!(!out.contains("Built") && !out.contains("Watching"), "{out}");
    let out = serve(&book, &[], None, &watching);
    assert!(out.contains("Built") && out.contains("Watching"), "{out}");
}

#[test]
fn clean_removes_the_build_folder_and_with_cache_the_cache() {
    let book = Book::new();
    book.run(&["build"]).expect(0);
    let site = book.root().join("site");
    assert!(is_site(&site));
    let cache = book.beside("cache");
    assert!(
        std::fs::read_dir(&cache).unwrap().next().is_some(),
        "the build filled the cache"
    );
    let run = book.run(&["clean"]).expect(0);
    assert!(!site.exists());
    assert!(
        run.stderr().contains("Removed the build folder site."),
        "{}",
        run.stderr()
    );
    assert!(
        std::fs::read_dir(&cache).unwrap().next().is_some(),
        "the cache stays without --cache"
    );
    let run = book.run(&["clean"]).expect(0);
    assert!(
        run.stderr()
            .contains("Nothing to remove: site does not exist."),
        "{}",
        run.stderr()
    );

    book.run(&["build"]).expect(0);
    let run = book.run(&["clean", "--cache"]).expect(0);
    assert!(!site.exists());
    assert!(
        run.stderr().contains("Removed the build cache"),
        "{}",
        run.stderr()
    );
    assert!(
        std::fs::read_dir(&cache).unwrap().next().is_none(),
        "{}",
        run.stderr()
    );
    // The book is as it was.
    for file in [
        "book.toml",
        "content/SUMMARY.md",
        "content/one.md",
        "content/two.md",
    ] {
        assert!(book.root().join(file).is_file(), "{file}");
    }
}

#[test]
fn clean_takes_the_same_destination_flags_as_build() {
    let book = Book::new();
    for flag in ["--dest", "-d", "--dest-dir", "-o", "--output-dir"] {
        let dest = book.beside("elsewhere");
        book.run(&["build", "--dest", dest.to_str().unwrap()])
            .expect(0);
        assert!(is_site(&dest));
        book.run(&["clean", flag, dest.to_str().unwrap()]).expect(0);
        assert!(!dest.exists(), "{flag}");
    }
}

#[test]
fn clean_also_removes_what_killed_builds_left() {
    let book = Book::new();
    book.run(&["build"]).expect(0);
    // A site moved aside and a staging folder of a build that is no longer running.
    let marker = "This folder was written by lectern; `lectern build` replaces it whole.\n";
    for left in [".site.lectern-old", ".site.lectern-new-999999999"] {
        book.write(&format!("{left}/.lectern-site"), marker);
        book.write(&format!("{left}/index.html"), "old");
    }
    let run = book.run(&["clean"]).expect(0);
    assert!(
        run.stderr().contains("Removed 2 folders"),
        "{}",
        run.stderr()
    );
    let left: Vec<_> = std::fs::read_dir(book.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("site"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn clean_refuses_anything_lectern_did_not_write() {
    let book = Book::new();
    // A folder of the author's files.
    book.write("notes/todo.txt", "mine");
    let run = book.run(&["clean", "--dest", "notes"]).expect(1);
    assert!(
        run.stderr().contains("holds files Lectern did not write"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(book.root().join("notes/todo.txt")).unwrap(),
        "mine"
    );
    // The book's folder, the folder holding it, and the content folder, marked or not.
    book.write(".lectern-site", "a marker the author copied in\n");
    book.write("content/.lectern-site", "and another\n");
    for (dest, why) in [
        (".", "is the book's folder or holds it"),
        ("..", "is the book's folder or holds it"),
        ("content", "overlaps the content folder"),
        ("content/sub", "overlaps the content folder"),
    ] {
        let run = book.run(&["clean", "-d", dest]).expect(1);
        assert!(run.stderr().contains(why), "{dest}: {}", run.stderr());
        assert!(run.stderr().contains("Nothing removed"), "{dest}");
    }
    // build-dir in book.toml pointing at the book is refused as well.
    book.write(
        "book.toml",
        "[book]\ntitle = \"Command line\"\n[build]\nbuild-dir = \".\"\n",
    );
    book.run(&["clean"]).expect(1);
    // A file where the build folder would be.
    book.write(
        "book.toml",
        "[book]\ntitle = \"Command line\"\n[build]\nbuild-dir = \"out.txt\"\n",
    );
    book.write("out.txt", "a file");
    let run = book.run(&["clean"]).expect(1);
    assert!(run.stderr().contains("is a file"), "{}", run.stderr());
    // An empty folder is left alone.
    std::fs::create_dir(book.root().join("empty")).unwrap();
    let run = book.run(&["clean", "--dest", "empty"]).expect(0);
    assert!(run.stderr().contains("is empty"), "{}", run.stderr());
    assert!(book.root().join("empty").is_dir());
    for file in [
        "book.toml",
        "content/SUMMARY.md",
        "content/one.md",
        "out.txt",
        ".lectern-site",
    ] {
        assert!(book.root().join(file).is_file(), "{file}");
    }
}

#[test]
fn clean_of_a_broken_book_toml_is_a_content_error() {
    let book = Book::new();
    book.write("book.toml", "[book\ntitle = 1\n");
    book.run(&["clean"]).expect(1);
}

#[test]
fn completions_for_every_shell() {
    let book = Book::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = book.run(&["completions", shell]).expect(0);
        let script = run.stdout();
        assert!(
            script.contains("lectern") && script.contains("clean") && script.contains("dest-dir"),
            "{shell}:\n{script}"
        );
    }
    let run = book.run(&["completions", "tcsh"]).expect(2);
    assert!(run.stderr().contains("possible values"), "{}", run.stderr());
}

#[test]
fn quiet_leaves_only_the_problems() {
    let book = Book::new();
    let run = book.run(&["build", "-q"]).expect(0);
    assert_eq!(run.stderr(), "");
    assert!(is_site(&book.root().join("site")));
    // The flag goes before or after the command.
    assert_eq!(book.run(&["--quiet", "build"]).expect(0).stderr(), "");
    assert_eq!(book.run(&["check", "-q"]).expect(0).stderr(), "");
    let out = book.beside("course.html");
    assert_eq!(
        book.run(&["export", "-q", "-o", out.to_str().unwrap()])
            .expect(0)
            .stderr(),
        ""
    );
    assert!(out.is_file());
    let schemas = book.beside("schemas");
    assert_eq!(
        book.run(&["schema", "-q", schemas.to_str().unwrap()])
            .expect(0)
            .stderr(),
        ""
    );
    let new = book.beside("new-course");
    assert_eq!(
        book.run(&["init", "-q", new.to_str().unwrap()])
            .expect(0)
            .stderr(),
        ""
    );
    assert_eq!(book.run(&["clean", "-q"]).expect(0).stderr(), "");

    // Warnings and errors are still said.
    let book = Book::with_warning();
    let run = book.run(&["build", "-q"]).expect(0);
    assert!(
        run.stderr().contains("warning: unknown code language"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("Built"), "{}", run.stderr());
    book.break_it();
    let run = book.run(&["build", "-q"]).expect(1);
    assert!(run.stderr().contains("error"), "{}", run.stderr());
}

#[test]
fn verbose_prints_each_stage_s_time() {
    let book = Book::new();
    let run = book.run(&["build", "-v"]).expect(0);
    let stderr = run.stderr();
    for stage in [
        "content",
        "theme",
        "directives",
        "chapters",
        "book pages",
        "swap",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.trim_start().starts_with(stage) && l.ends_with(" ms")),
            "{stage}:\n{stderr}"
        );
    }
    assert!(stderr.contains("Built 8 pages"), "{stderr}");
    let run = book.run(&["check", "--verbose"]).expect(0);
    assert!(run.stderr().contains("chapters"), "{}", run.stderr());
    // Accepted by every command.
    for args in [
        &["clean", "-v"][..],
        &["schema", "-v", "schemas-v"],
        &["completions", "-v", "bash"],
    ] {
        book.run(args).expect(0);
    }
    // -q and -v together is a usage error.
    let run = book.run(&["build", "-q", "-v"]).expect(2);
    assert!(
        run.stderr().contains("cannot be used with"),
        "{}",
        run.stderr()
    );
}

#[test]
fn colour_only_when_asked_for_or_on_a_terminal() {
    let book = Book::with_warning();
    // In a pipe: plain.
    let plain = book.run(&["build"]).expect(0).stderr();
    assert!(plain.contains("warning: unknown code language"), "{plain}");
    assert!(!plain.contains('\x1b'), "{plain:?}");
    // --color always: rustc's colours.
    let always = book.run(&["build", "--color", "always"]).expect(0).stderr();
    assert!(always.contains("\x1b["), "{always:?}");
    // The same text under the escapes.
    let stripped = strip_escapes(&always);
    assert_eq!(stripped, plain.replace(&time_of(&plain), &time_of(&always)));
    // CLICOLOR_FORCE as cargo has it; NO_COLOR wins over auto, --color never over both.
    let forced = Run(book
        .command(&["build"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap())
    .expect(0)
    .stderr();
    assert!(forced.contains("\x1b["), "{forced:?}");
    let never = Run(book
        .command(&["build", "--color=never"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap())
    .expect(0)
    .stderr();
    assert!(!never.contains('\x1b'), "{never:?}");
    let run = book.run(&["build", "--color", "sometimes"]).expect(2);
    assert!(run.stderr().contains("possible values"), "{}", run.stderr());
}

/// The build time in a summary line (`in 12 ms`), which differs between runs.
fn time_of(stderr: &str) -> String {
    let at = stderr.find(" in ").unwrap();
    let rest = &stderr[at..];
    rest[..rest.find(" ms").unwrap() + 3].to_string()
}

fn strip_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn json_diagnostics_stay_plain_json() {
    let book = Book::with_warning();
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "json", "--color", "always"],
        &["check", "--format", "json", "-v"],
    ] {
        let run = book.run(args).expect(0);
        let json = run.stdout();
        assert!(!json.contains('\x1b'), "{args:?}: {json:?}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let items = value.as_array().unwrap();
        assert_eq!(items.len(), 1, "{json}");
        assert_eq!(items[0]["severity"], "warning");
        assert_eq!(items[0]["file"], "content/two.md");
        assert_eq!(items[0]["position"]["line"], 7);
    }
}

#[test]
fn exit_codes_tell_usage_errors_from_problems_in_the_book() {
    let book = Book::new();
    book.run(&["build"]).expect(0);
    book.run(&["check"]).expect(0);
    // Usage errors: 2.
    for args in [
        &["build", "--no-such-flag"][..],
        &["frobnicate"],
        &["serve", "--bind", "my-laptop"],
        &["serve", "--port", "many"],
        &["build", "--dest"],
        &["completions"],
        &["clean", "--cache=yes"],
    ] {
        let run = book.run(args).expect(2);
        assert!(run.stderr().contains("error"), "{args:?}: {}", run.stderr());
    }
    // Problems with the book: 1.
    book.break_it();
    book.run(&["check"]).expect(1);
    book.run(&["check", "--format", "json"]).expect(1);
    let run = book.run(&["build"]).expect(1);
    assert!(run.stderr().contains("Build failed"), "{}", run.stderr());
    let missing = book.beside("no-book-here");
    book.run(&["build", missing.to_str().unwrap()]).expect(1);
    book.run(&["clean", missing.to_str().unwrap()]).expect(1);
    // Help and version: 0.
    book.run(&["--help"]).expect(0);
    book.run(&["--version"]).expect(0);
    book.run(&["help", "clean"]).expect(0);
}
