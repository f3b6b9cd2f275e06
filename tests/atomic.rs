//! Atomic output and a build folder that is safe to replace, through the `lectern` binary.
//!
//! - `lectern build` killed (SIGKILL) at random instants, over and over, while it replaces
//!   one site with another: after every kill the build folder holds one complete site, the
//!   previous or the new, byte for byte; the next build succeeds and leaves nothing behind.
//! - Build folders that would destroy something are refused, through `--dest` and through
//!   `[build] build-dir`, and nothing anywhere is changed by the refusal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn lectern() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lectern"));
    c.stdin(Stdio::null());
    c
}

fn build(book: &Path, dest: &Path) -> Output {
    lectern()
        .arg("build")
        .arg(book)
        .arg("--dest")
        .arg(dest)
        .output()
        .expect("run lectern")
}

/// Every file below `dir` (path → bytes), symbolic links as their target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let bytes = if e.file_type().is_symlink() {
                std::fs::read_link(e.path())
                    .unwrap()
                    .to_string_lossy()
                    .as_bytes()
                    .to_vec()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, bytes)
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Killing builds

/// A book of `chapters` chapters, each with prose (some with code) and questions, every page
/// stamped with `edition` so that two editions differ on every page.
fn write_book(root: &Path, chapters: usize, edition: &str) {
    write(&root.join("book.toml"), "[book]\ntitle = \"Killed\"\n");
    let mut summary = String::from("# Summary\n\n");
    for i in 0..chapters {
        let part = i / 20;
        summary.push_str(&format!("- [Chapter {i}](part{part}/ch{i}.md)\n"));
        let mut body = format!(
            "---\ntitle: Chapter {i}\nsummary: Edition {edition}.\nobjectives:\n  - Read chapter {i}\n---\n\n"
        );
        for s in 0..3 {
            body.push_str(&format!(
                "## Section {s}\n\nEdition {edition}: a paragraph with *emphasis*, `code` and a \
                 [link](#section-{s}) to read in chapter {i}.\n\n"
            ));
        }
        // One chapter in ten with a highlighted code block (highlighting is the slow part of a
        // debug build; the test needs many pages more than much work per page).
        if i % 10 == 0 {
            body.push_str(&format!("```js\nconst x = [{i}].map((n) => n * 2);\n```\n"));
        }
        write(&root.join(format!("content/part{part}/ch{i}.md")), &body);
        write(
            &root.join(format!("content/part{part}/ch{i}.questions.yaml")),
            &format!(
                "knowledge_check:\n  - difficulty: easy\n    type: true_false\n    prompt: Chapter {i} is edition {edition}.\n    answer: true\ninterview:\n  - question: What is in chapter {i}?\n    difficulty: medium\n    answer: Edition {edition}.\n"
            ),
        );
    }
    write(&root.join("content/SUMMARY.md"), &summary);
}

/// A small deterministic generator (xorshift64*), seeded from the clock or
/// `LECTERN_KILL_SEED`, so that a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[test]
fn a_build_killed_at_any_instant_leaves_a_complete_site() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    // The site's own folder, so that anything a build leaves beside it shows.
    let out = tmp.path().join("out");
    let site = out.join("site");
    let chapters = 200;

    // The two editions' sites, each built once without interruption, and how long a build
    // takes (the fastest of three, once the file cache is warm).
    let mut reference = Vec::new();
    let mut full_build = Duration::MAX;
    for edition in ["A", "B", "B"] {
        write_book(&book, chapters, edition);
        let started = Instant::now();
        let o = build(&book, &site);
        full_build = full_build.min(started.elapsed());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        reference.push(snapshot(&site));
    }
    assert_ne!(reference[0], reference[1]);
    // Builds are deterministic: the same edition gives the same bytes.
    assert_eq!(
        reference.pop(),
        Some(reference[1].clone()),
        "B twice, same site"
    );
    let files = reference[0].len();

    let seed = std::env::var("LECTERN_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = Rng(seed);
    let rounds: usize = std::env::var("LECTERN_KILL_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    // Kill anywhere from the start to a little past a whole build in even rounds, and near
    // its end (the last pages, the swap, the old site's removal) in odd ones.
    let mut build_ms = full_build.as_millis() as u64;
    let mut current = 1; // the site holds edition B
    let (mut old_kept, mut new_kept, mut finished, mut mid_write) = (0, 0, 0, 0);
    for round in 0..rounds {
        let next = 1 - current;
        write_book(&book, chapters, ["A", "B"][next]);
        let delay = Duration::from_millis(if round % 2 == 0 {
            rng.below(build_ms * 12 / 10)
        } else {
            build_ms * 8 / 10 + rng.below(build_ms * 4 / 10)
        });
        let mut child = lectern()
            .arg("build")
            .arg(&book)
            .arg("--dest")
            .arg(&site)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let ended_by_itself = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();

        let now = snapshot(&site);
        // A staging folder with some but not all files: the kill hit the writing of the site.
        let staged: usize = names_in(&out)
            .iter()
            .filter(|n| n.starts_with(".site.lectern-new-"))
            .map(|n| snapshot(&out.join(n)).len())
            .sum();
        if staged > 1 && staged < files {
            mid_write += 1;
        }
        let context = format!("round {round}, killed after {delay:?} (seed {seed})");
        if now == reference[current] {
            old_kept += 1;
        } else if now == reference[next] {
            new_kept += 1;
            current = next;
        } else {
            let missing = reference[current]
                .keys()
                .filter(|k| !now.contains_key(*k))
                .count();
            panic!(
                "{context}: the site is neither edition: {} files, {missing} of the previous missing",
                now.len()
            );
        }
        if ended_by_itself {
            finished += 1;
        }
        // Every sixth round, and after the last, a build runs to the end: it must succeed,
        // give the current edition, and clean up whatever the killed builds left.
        if round % 6 == 5 || round + 1 == rounds {
            let next = 1 - current;
            write_book(&book, chapters, ["A", "B"][next]);
            let started = Instant::now();
            let o = build(&book, &site);
            // Builds slow down and speed up with the machine's load: follow it.
            build_ms = (build_ms + started.elapsed().as_millis() as u64) / 2;
            assert!(
                o.status.success(),
                "{context}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert_eq!(
                snapshot(&site),
                reference[next],
                "{context}: the next build"
            );
            assert_eq!(
                names_in(&out),
                ["site"],
                "{context}: leftovers beside the site"
            );
            current = next;
        }
    }
    eprintln!(
        "kill test: {rounds} builds of {chapters} chapters ({files} files, a full build {full_build:.2?}) \
         killed at random from 0 to 1.2 builds (seed {seed}): {old_kept} kept the previous site \
         ({mid_write} killed while writing the new one), {new_kept} had swapped in the new one \
         ({finished} finished before the kill); never a partial site"
    );
}

// ---------------------------------------------------------------------------------------------
// Refusing dangerous build folders

/// A book with one chapter in `<tmp>/book`, a folder of someone's files in `<tmp>/docs`, and
/// a file beside the book.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    write(&book.join("book.toml"), "[book]\ntitle = \"Safe\"\n");
    write(&book.join("content/SUMMARY.md"), "- [One](one.md)\n");
    write(
        &book.join("content/one.md"),
        "---\ntitle: One\n---\n\nText.\n",
    );
    write(&book.join("README.md"), "My notes.\n");
    write(&book.join("docs/plan.txt"), "Not a site.\n");
    write(&tmp.path().join("elsewhere/keep.txt"), "Keep me.\n");
    (tmp, book)
}

/// `lectern build` with `dest` (or with `build-dir` set in book.toml when `via_config`) fails
/// saying `expect`, and changes nothing in the whole temporary folder.
fn refused(dest: &str, via_config: bool, expect: &str) {
    let (tmp, book) = setup();
    if via_config {
        write(
            &book.join("book.toml"),
            &format!("[book]\ntitle = \"Safe\"\n\n[build]\nbuild-dir = \"{dest}\"\n"),
        );
    }
    let before = snapshot(tmp.path());
    let mut cmd = lectern();
    cmd.arg("build").current_dir(&book);
    if !via_config {
        cmd.arg("--dest").arg(dest);
    }
    let o = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    let how = if via_config { "build-dir" } else { "--dest" };
    assert_eq!(o.status.code(), Some(1), "{how} {dest}: {stderr}");
    assert!(stderr.contains(expect), "{how} {dest}: {stderr}");
    assert!(stderr.contains("help: "), "{how} {dest}: {stderr}");
    assert_eq!(
        snapshot(tmp.path()),
        before,
        "{how} {dest}: something changed"
    );
    assert_eq!(names_in(tmp.path()), ["book", "elsewhere"], "{how} {dest}");
}

#[test]
fn the_book_itself_is_refused() {
    for via_config in [false, true] {
        refused(".", via_config, "would replace the book itself");
        refused("..", via_config, "would replace the book itself");
        refused("content/..", via_config, "would replace the book itself");
    }
    refused("/", false, "would replace the book itself");
}

#[test]
fn the_content_folder_is_refused() {
    for via_config in [false, true] {
        refused("content", via_config, "overlaps the content folder");
        refused("content/site", via_config, "overlaps the content folder");
        refused("./content/", via_config, "overlaps the content folder");
    }
}

#[test]
fn a_folder_of_someone_elses_files_is_refused() {
    for via_config in [false, true] {
        refused("docs", via_config, "holds files Lectern did not write");
        refused(
            "../elsewhere",
            via_config,
            "holds files Lectern did not write",
        );
        refused("README.md", via_config, "is a file, not a folder");
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_the_book_is_the_book() {
    let (tmp, book) = setup();
    std::os::unix::fs::symlink(&book, tmp.path().join("alias")).unwrap();
    let before = snapshot(tmp.path());
    let o = build(&book, &tmp.path().join("alias"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("would replace the book itself"));
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn a_folder_outside_the_book_is_fine_and_nothing_beside_it_is_touched() {
    let (tmp, book) = setup();
    let outside = tmp.path().join("elsewhere/preview");
    let before = snapshot(&book);
    for round in 0..2 {
        let o = build(&book, &outside);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(outside.join("one.html").is_file());
        assert_eq!(
            names_in(&tmp.path().join("elsewhere")),
            ["keep.txt", "preview"],
            "round {round}"
        );
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("elsewhere/keep.txt")).unwrap(),
            "Keep me.\n"
        );
    }
    assert_eq!(snapshot(&book), before, "the book is untouched");
    // An existing empty folder is fine too.
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(build(&book, &empty).status.success());
    assert!(empty.join("index.html").is_file());
}

#[test]
fn a_previous_site_is_replaced_whole() {
    let (tmp, book) = setup();
    let site = tmp.path().join("out/site");
    assert!(build(&book, &site).status.success());
    // A file of the old site that the new one does not have goes with it.
    write(&site.join("stale.html"), "old");
    write(
        &book.join("content/one.md"),
        "---\ntitle: One again\n---\n\nNew.\n",
    );
    assert!(build(&book, &site).status.success());
    assert!(!site.join("stale.html").exists());
    assert!(std::fs::read_to_string(site.join("one.html"))
        .unwrap()
        .contains("One again"));
    assert_eq!(names_in(&tmp.path().join("out")), ["site"]);
}
