//! `lectern build` of a book that has not changed since its last build leaves the site as it
//! is; any change to an input or to the site itself means a full build.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::files_in;
use std::process::Command;
use std::time::{Duration, SystemTime};

const BIN: &str = env!("CARGO_BIN_EXE_lectern");

struct Book {
    dir: tempfile::TempDir,
}

impl Book {
    fn new() -> Book {
        let book = Book {
            dir: tempfile::tempdir().unwrap(),
        };
        book.write("book.toml", "[book]\ntitle = \"Stamps\"\n");
        book.write("content/SUMMARY.md", "- [One](one.md)\n- [Two](two.md)\n");
        book.write(
            "content/one.md",
            "---\ntitle: One\n---\n\nFirst text.\n\n```madeup\ncode\n```\n",
        );
        book.write("content/two.md", "---\ntitle: Two\n---\n\nSecond text.\n");
        book.write(
            "content/img/dot.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        );
        book.age_all();
        book
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("book")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Dates every source file an hour back, as files an author saved a while ago are.
    fn age_all(&self) {
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        for entry in walkdir::WalkDir::new(self.root()) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() && !entry.path().starts_with(self.root().join("site")) {
                set_modified(entry.path(), hour_ago);
            }
        }
    }

    /// Runs `lectern build` with its own cache folder; returns whether it found the site up
    /// to date, and its terminal output.
    fn build(&self, extra: &[&str]) -> (bool, String) {
        let out = Command::new(BIN)
            .arg("build")
            .arg(self.root())
            .args(extra)
            .env("LECTERN_CACHE_DIR", self.dir.path().join("cache"))
            .env_remove("LECTERN_NO_CACHE")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        (stderr.contains("Up to date in"), stderr)
    }

    fn site(&self) -> BTreeMap<String, Vec<u8>> {
        files_in(&self.root().join("site"))
    }
}

fn set_modified(path: &Path, when: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

#[test]
fn an_unchanged_book_is_not_built_again_and_keeps_its_warnings() {
    let book = Book::new();
    let (up_to_date, first) = book.build(&[]);
    assert!(!up_to_date, "{first}");
    assert!(
        first.contains("madeup"),
        "the unknown language is a warning: {first}"
    );
    let site = book.site();
    let (up_to_date, second) = book.build(&[]);
    assert!(up_to_date, "{second}");
    assert!(
        second.contains("madeup"),
        "the warning is reported again: {second}"
    );
    // The same counts as the build that wrote the site.
    let counts = |s: &str| {
        let at = s.find(" pages (").unwrap();
        let start = s[..at].rfind(' ').unwrap();
        s[start + 1..s[at..].find(')').unwrap() + at].to_string()
    };
    assert_eq!(counts(&second), counts(&first));
    assert_eq!(book.site(), site);
}

#[test]
fn a_changed_input_builds_even_with_its_old_size_and_time() {
    let book = Book::new();
    book.build(&[]);
    let path = book.root().join("content/two.md");
    let old_time = std::fs::metadata(&path).unwrap().modified().unwrap();
    // Same length, same modification time: only the change time and the content differ.
    book.write("content/two.md", "---\ntitle: Two\n---\n\nSecond TEXT.\n");
    set_modified(&path, old_time);
    let (up_to_date, out) = book.build(&[]);
    assert!(!up_to_date, "{out}");
    let page = String::from_utf8(book.site()["two.html"].clone()).unwrap();
    assert!(page.contains("Second TEXT."));
}

/// An edit to a book.
type Change = Box<dyn Fn(&Book)>;

#[test]
fn new_deleted_and_theme_files_and_the_settings_build() {
    let book = Book::new();
    book.build(&[]);
    let mut steps: Vec<(&str, Change)> = vec![
        (
            "a new image",
            Box::new(|b: &Book| {
                b.write(
                    "content/img/new.svg",
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
                )
            }),
        ),
        (
            "a deleted image",
            Box::new(|b: &Book| {
                std::fs::remove_file(b.root().join("content/img/dot.svg")).unwrap()
            }),
        ),
        (
            "a theme override",
            Box::new(|b: &Book| b.write("theme/assets/lectern.css", "body { color: teal; }\n")),
        ),
        (
            "book.toml",
            Box::new(|b: &Book| b.write("book.toml", "[book]\ntitle = \"Stamps, again\"\n")),
        ),
    ];
    for (what, change) in steps.drain(..) {
        change(&book);
        book.age_all();
        let (up_to_date, out) = book.build(&[]);
        assert!(!up_to_date, "{what}: {out}");
        let (up_to_date, out) = book.build(&[]);
        assert!(up_to_date, "{what}, built again: {out}");
    }
    assert!(String::from_utf8_lossy(&book.site()["index.html"]).contains("Stamps, again"));
}

#[test]
fn a_file_saved_just_now_always_builds() {
    let book = Book::new();
    book.write(
        "content/two.md",
        "---\ntitle: Two\n---\n\nSaved a moment ago.\n",
    );
    let (up_to_date, _) = book.build(&[]);
    assert!(!up_to_date);
    // Its time is too close to the build's to tell it from a second save in the same tick
    // of a coarse clock, so it is not trusted yet.
    let (up_to_date, out) = book.build(&[]);
    assert!(!up_to_date, "{out}");
}

#[test]
fn a_site_touched_by_hand_or_another_folder_builds() {
    let book = Book::new();
    book.build(&[]);
    std::fs::remove_file(book.root().join("site/two.html")).unwrap();
    let (up_to_date, out) = book.build(&[]);
    assert!(!up_to_date, "{out}");
    assert!(
        book.site().contains_key("two.html"),
        "the build puts it back"
    );

    std::fs::write(book.root().join("site/one.html"), "edited by hand").unwrap();
    let (up_to_date, out) = book.build(&[]);
    assert!(!up_to_date, "{out}");
    assert_ne!(book.site()["one.html"], b"edited by hand");

    let elsewhere = book.dir.path().join("elsewhere");
    let (up_to_date, out) = book.build(&["--dest", elsewhere.to_str().unwrap()]);
    assert!(!up_to_date, "{out}");
    assert!(elsewhere.join("index.html").is_file());
}

#[test]
fn without_a_cache_every_build_is_full() {
    let book = Book::new();
    for _ in 0..2 {
        let out = Command::new(BIN)
            .arg("build")
            .arg(book.root())
            .env("LECTERN_CACHE_DIR", book.dir.path().join("cache"))
            .env("LECTERN_NO_CACHE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("Up to date"), "{stderr}");
    }
}

#[test]
fn a_changed_file_included_from_outside_the_content_folder_builds() {
    let book = Book::new();
    book.write("listings/a.rs", "fn old() {}\n");
    book.write(
        "content/two.md",
        "---\ntitle: Two\n---\n\n```rust\n{{#include ../listings/a.rs}}\n```\n",
    );
    book.age_all();
    book.build(&[]);
    let (up_to_date, out) = book.build(&[]);
    assert!(up_to_date, "{out}");
    book.write("listings/a.rs", "fn new() {}\n");
    let (up_to_date, out) = book.build(&[]);
    assert!(!up_to_date, "{out}");
    let page = String::from_utf8(book.site()["two.html"].clone()).unwrap();
    assert!(page.contains("new") && !page.contains("old"), "{page}");
}
