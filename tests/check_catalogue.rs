//! The catalogue of author mistakes: every folder under `tests/fixtures/check/` is a small
//! book with one kind of mistake (or a few), and `lectern check` must report it the way its
//! snapshot under `tests/snapshots/check/` shows: file:line:col, the offending line with a
//! caret, what was expected and what to do.
//!
//! The binary is run as an author runs it (`lectern check` inside the book's folder), so the
//! snapshots hold exactly what an author reads, summary line and exit code included. Each case
//! is also run with `--format json`: every diagnostic has a hint, and a line and column unless
//! it is about a file as a whole.
//!
//! To add a case: create `tests/fixtures/check/<case>/` (book.toml, content/…, and
//! `links.txt` for symbolic links: see [`working_copy`]), run
//! `INSTA_UPDATE=always cargo test --test check_catalogue`, and read the new snapshot.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn lectern(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run lectern");
    // Messages that name the book's folder would differ between machines.
    let stable =
        |b: &[u8]| String::from_utf8_lossy(b).replace(&dir.display().to_string(), "<book>");
    Run {
        code: out
            .status
            .code()
            .expect("lectern exits normally (no signal)"),
        stdout: stable(&out.stdout),
        stderr: stable(&out.stderr),
    }
}

/// One case: `lectern check`, `lectern check --format json` and `lectern build` (into a
/// temporary folder) in its folder.
struct Case {
    name: String,
    human: Run,
    json: Run,
    build: Run,
    /// Whether the build wrote a site.
    built: bool,
}

/// Every case, run once (on two threads) and shared by the tests below.
fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut dirs: Vec<(String, PathBuf)> = std::fs::read_dir(fixtures())
            .expect("tests/fixtures/check exists")
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect();
        dirs.sort();
        let run = |(name, dir): &(String, PathBuf)| {
            let copy = working_copy(dir);
            // Named as the case, as the folder of a book is named as the book.
            let dir = &copy.path().join(name);
            let out = tempfile::tempdir().unwrap();
            let site = out.path().join("site");
            // Checked before the build: a build may write into the book (`create-missing`).
            let human = lectern(dir, &["check"]);
            let json = lectern(dir, &["check", "--format", "json"]);
            let build = lectern(dir, &["build", "--dest", site.to_str().unwrap()]);
            Case {
                name: name.clone(),
                human,
                json,
                build,
                built: site.exists(),
            }
        };
        let (a, b) = dirs.split_at(dirs.len() / 2);
        std::thread::scope(|s| {
            let first = s.spawn(|| a.iter().map(run).collect::<Vec<_>>());
            let mut cases: Vec<Case> = b.iter().map(run).collect();
            let mut all = first.join().expect("runs");
            all.append(&mut cases);
            all
        })
    })
}

/// Every case runs in a copy, so that a build writing into the book (`create-missing`
/// creates chapter files) leaves the fixture as it is. A case with symbolic links lists them
/// in `links.txt` (`path -> target`, one a line) rather than holding them: a link out of the
/// repository or a loop would be followed by every tool that walks it. The copy has them.
fn working_copy(dir: &Path) -> tempfile::TempDir {
    let links = std::fs::read_to_string(dir.join("links.txt")).unwrap_or_default();
    let copy = tempfile::tempdir().unwrap();
    let book = copy.path().join(dir.file_name().unwrap());
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let to = book.join(entry.path().strip_prefix(dir).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    for line in links.lines().filter(|l| !l.trim().is_empty()) {
        let (path, target) = line.split_once(" -> ").expect("`path -> target`");
        #[cfg(unix)]
        std::os::unix::fs::symlink(target, book.join(path)).unwrap();
        #[cfg(not(unix))]
        let _ = (path, target);
    }
    copy
}

/// Messages about a file as a whole, which have no line to point at.
const FILE_LEVEL: &[&str] = &[
    "is not listed in SUMMARY.md",
    "there is no chapter",
    "would be written to",
    "questions file",
    "reads the table of contents only from",
    "this is a link to",
    "would be published as a page or script",
    "is an mdBook theme folder",
    "theme files go under",
    "this table of contents does not list",
];

#[test]
fn every_case_reports_what_its_snapshot_shows() {
    let cases = cases();
    assert!(cases.len() >= 30, "the catalogue has {} cases", cases.len());
    let mut failed = Vec::new();
    for case in cases {
        let name = &case.name;
        assert_eq!(case.human.stdout, "", "{name}: human output goes to stderr");
        let snapshot = format!("exit code: {}\n\n{}", case.human.code, case.human.stderr);
        let result = std::panic::catch_unwind(|| {
            insta::with_settings!({
                description => format!("lectern check in tests/fixtures/check/{name}"),
                omit_expression => true,
                prepend_module_to_snapshot => false,
                snapshot_path => "snapshots/check",
            }, {
                insta::assert_snapshot!(name.as_str(), snapshot);
            });
        });
        if result.is_err() {
            failed.push(name.clone());
        }
    }
    assert!(failed.is_empty(), "snapshots differ: {failed:?}");
}

#[test]
fn every_diagnostic_is_located_and_has_a_hint() {
    for case in cases() {
        let name = &case.name;
        let items: Vec<serde_json::Value> = serde_json::from_str(&case.json.stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}):\n{}", case.json.stdout));
        assert!(!items.is_empty(), "{name}: the case reports nothing");
        let errors = items.iter().filter(|d| d["severity"] == "error").count();
        assert_eq!(case.json.code, i32::from(errors > 0), "{name}: exit code");
        for d in &items {
            assert!(
                d["severity"] == "error" || d["severity"] == "warning",
                "{name}: {d}"
            );
            let message = d["message"].as_str().unwrap_or_default();
            assert!(!message.is_empty(), "{name}: no message in {d}");
            let file = d["file"].as_str().unwrap_or_default();
            assert!(!file.is_empty(), "{name}: no file in {d}");
            assert!(
                !Path::new(file).is_absolute(),
                "{name}: the file is shown relative to the book: {d}"
            );
            let hint = d["hint"].as_str().unwrap_or_default();
            // Template errors come from src/theme (Tera's own words say what was expected).
            if !message.starts_with("template error") {
                assert!(!hint.is_empty(), "{name}: no hint in {d}");
            }
            if !FILE_LEVEL.iter().any(|m| message.contains(m)) {
                let line = d["position"]["line"].as_u64().unwrap_or(0);
                let column = d["position"]["column"].as_u64().unwrap_or(0);
                assert!(line >= 1 && column >= 1, "{name}: no position in {d}");
            }
        }
    }
}

#[test]
fn human_and_json_report_the_same_diagnostics() {
    for case in cases() {
        let items: Vec<serde_json::Value> = serde_json::from_str(&case.json.stdout).unwrap();
        let shown = case
            .human
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
            .count();
        assert_eq!(shown, items.len(), "{}:\n{}", case.name, case.human.stderr);
        for d in &items {
            let location = match d["position"].as_object() {
                Some(p) => format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    p["line"],
                    p["column"]
                ),
                None => d["file"].as_str().unwrap().to_string(),
            };
            assert!(
                case.human.stderr.contains(&location),
                "{}: {location} is not in the human output",
                case.name
            );
        }
        assert_eq!(case.human.code, case.json.code, "{}", case.name);
        assert_eq!(
            case.json.stderr, "",
            "{}: JSON mode prints only JSON",
            case.name
        );
    }
}

/// `build` reports what `check` reports, and writes nothing when there are errors.
#[test]
fn build_reports_the_same_and_writes_nothing_on_errors() {
    for case in cases() {
        let name = &case.name;
        assert_eq!(
            case.build.code, case.human.code,
            "{name}: {}",
            case.build.stderr
        );
        assert_eq!(
            case.built,
            case.build.code == 0,
            "{name}: a site iff the build succeeds"
        );
        // The diagnostics, without the closing summary lines.
        let diagnostics = |s: &str| {
            s.lines()
                .take_while(|l| {
                    !(l.starts_with("Build failed")
                        || l.starts_with("Built ")
                        || l.ends_with("warnings")
                        || l.ends_with("warning")
                        || l.starts_with("No problems"))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            diagnostics(&case.build.stderr),
            diagnostics(&case.human.stderr),
            "{name}"
        );
    }
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_example_course_prints_only_the_summary() {
    let run = lectern(repo_root(), &["check"]);
    assert_eq!(run.stderr, "No problems found.\n");
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, 0);
    let strict = lectern(repo_root(), &["check", "--deny-warnings"]);
    assert_eq!(
        (strict.code, strict.stderr.as_str()),
        (0, "No problems found.\n")
    );
    let json = lectern(repo_root(), &["check", "--format", "json"]);
    assert_eq!((json.code, json.stdout.trim()), (0, "[]"));
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = fixtures().join("unknown-code-language");
    let run = lectern(&dir, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.ends_with("0 errors, 1 warning\n"),
        "{}",
        run.stderr
    );
    let strict = lectern(&dir, &["check", "--deny-warnings"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .ends_with("0 errors, 1 warning (failing: --deny-warnings)\n"),
        "{}",
        strict.stderr
    );
    let json = lectern(&dir, &["check", "--deny-warnings", "--format", "json"]);
    assert_eq!(json.code, 1);
    // Errors fail with or without the flag.
    let errors = fixtures().join("missing-image");
    assert_eq!(lectern(&errors, &["check"]).code, 1);
    assert_eq!(lectern(&errors, &["check", "--deny-warnings"]).code, 1);
}

#[test]
fn json_output_has_every_field() {
    let dir = fixtures().join("many-mistakes-at-once");
    let run = lectern(&dir, &["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let items: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    let warning = items
        .iter()
        .find(|d| d["severity"] == "warning")
        .expect("the unknown-language warning");
    assert_eq!(warning["file"], "content/heap.md");
    assert_eq!(warning["position"]["line"], 7);
    assert_eq!(warning["position"]["column"], 1);
    assert_eq!(
        warning["message"],
        "unknown code language `rustt`; the block is shown without highlighting"
    );
    assert!(warning["hint"].as_str().unwrap().contains("rust"));
    let keys: Vec<&String> = warning.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["file", "hint", "message", "position", "severity"]);
    let near_miss = items
        .iter()
        .find(|d| d["file"] == "content/stack.md")
        .expect("the front-matter key's warning");
    assert_eq!(near_miss["severity"], "warning");
    assert_eq!(
        (
            near_miss["position"]["line"].as_u64(),
            near_miss["position"]["column"].as_u64()
        ),
        (Some(3), Some(1))
    );
    assert!(near_miss["hint"]
        .as_str()
        .unwrap()
        .starts_with("did you mean `tags`?"));
    // Errors and warnings from every stage, sorted by file and position.
    let order: Vec<String> = items
        .iter()
        .map(|d| format!("{}:{}", d["file"].as_str().unwrap(), d["position"]["line"]))
        .collect();
    assert_eq!(
        order,
        [
            "content/heap.md:5",
            "content/heap.md:7",
            "content/heap.questions.yaml:2",
            "content/stack.md:3"
        ]
    );
}
