//! `lectern serve`'s incremental rebuilds against clean builds, on random edit sequences.
//!
//! A [`lectern::Builder`] is told after each edit which files changed (as the watcher tells
//! it) and reads only those again; whatever the sequence, its site must equal what a fresh
//! `lectern build` writes, byte for byte, and it must fail exactly when the build fails.

mod common;

use std::path::{Path, PathBuf};

use common::{differing, files_in, files_of};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError};

/// An edit an author might make; chapter numbers wrap around the chapters there are.
#[derive(Debug, Clone)]
enum Edit {
    /// A sentence added to a chapter's prose.
    AppendText(usize),
    /// A chapter's title changed (shown by its neighbours, the index and the sidebar).
    Retitle(usize),
    /// An objective added (counted on the index and the progress page).
    AddObjective(usize),
    /// A questions file written (created or reworded).
    WriteQuestions(usize, u8),
    DeleteQuestions(usize),
    /// A new chapter file, listed in SUMMARY.md.
    AddChapter,
    /// A chapter's file deleted and its SUMMARY.md line removed.
    RemoveChapter(usize),
    /// The order of SUMMARY.md reversed.
    Reorder,
    /// Broken front matter (the build fails until a later edit rewrites the chapter).
    BreakFrontMatter(usize),
    /// A chapter written anew, well formed.
    Rewrite(usize),
    /// An image written (created or changed) or deleted.
    WriteImage(u8),
    DeleteImage,
    /// A link from one chapter to another's heading (checked across pages).
    LinkTo(usize, usize),
    /// A theme override stylesheet written or deleted.
    WriteThemeCss(u8),
    DeleteThemeCss,
    /// The book's title changed.
    RetitleBook(u8),
    /// A top-level README.md written and listed first (the front page: the contents page
    /// moves to contents.html), or removed.
    WriteReadme(u8),
    RemoveReadme,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..8usize).prop_map(Edit::AppendText),
        2 => (0..8usize).prop_map(Edit::Retitle),
        1 => (0..8usize).prop_map(Edit::AddObjective),
        2 => (0..8usize, any::<u8>()).prop_map(|(c, v)| Edit::WriteQuestions(c, v)),
        1 => (0..8usize).prop_map(Edit::DeleteQuestions),
        1 => Just(Edit::AddChapter),
        1 => (0..8usize).prop_map(Edit::RemoveChapter),
        1 => Just(Edit::Reorder),
        1 => (0..8usize).prop_map(Edit::BreakFrontMatter),
        1 => (0..8usize).prop_map(Edit::Rewrite),
        1 => any::<u8>().prop_map(Edit::WriteImage),
        1 => Just(Edit::DeleteImage),
        1 => (0..8usize, 0..8usize).prop_map(|(a, b)| Edit::LinkTo(a, b)),
        1 => any::<u8>().prop_map(Edit::WriteThemeCss),
        1 => Just(Edit::DeleteThemeCss),
        1 => any::<u8>().prop_map(Edit::RetitleBook),
        1 => any::<u8>().prop_map(Edit::WriteReadme),
        1 => Just(Edit::RemoveReadme),
    ]
}

/// The book on disk, and the files each edit touched.
struct Book {
    root: PathBuf,
    /// Chapter file stems, in SUMMARY.md order.
    chapters: Vec<String>,
    next_id: usize,
    /// Whether content/README.md is there (and listed first in SUMMARY.md).
    readme: bool,
    touched: Vec<PathBuf>,
}

impl Book {
    fn new(root: &Path) -> Book {
        let mut book = Book {
            root: root.to_path_buf(),
            chapters: Vec::new(),
            next_id: 0,
            readme: false,
            touched: Vec::new(),
        };
        book.write("book.toml", "[book]\ntitle = \"Edits\"\n");
        for _ in 0..3 {
            book.add_chapter();
        }
        book.write_chapter_questions("ch0", 0);
        book.write("content/img/dot.svg", &svg(0));
        book.touched.clear();
        book
    }

    fn write(&mut self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self.touched.push(PathBuf::from(rel));
    }

    fn read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.root.join(rel)).ok()
    }

    fn remove(&mut self, rel: &str) {
        if std::fs::remove_file(self.root.join(rel)).is_ok() {
            self.touched.push(PathBuf::from(rel));
        }
    }

    fn chapter(&self, i: usize) -> Option<String> {
        (!self.chapters.is_empty()).then(|| self.chapters[i % self.chapters.len()].clone())
    }

    fn write_summary(&mut self) {
        let mut text = String::from("# Summary\n\n");
        if self.readme {
            text.push_str("[Welcome](README.md)\n\n");
        }
        for c in self.chapters.clone() {
            text.push_str(&format!("- [{c}](part/{c}.md)\n"));
        }
        self.write("content/SUMMARY.md", &text);
    }

    fn add_chapter(&mut self) {
        let stem = format!("ch{}", self.next_id);
        self.next_id += 1;
        self.write(
            &format!("content/part/{stem}.md"),
            &format!(
                "---\ntitle: Chapter {stem}\nobjectives:\n  - Read {stem}\n---\n\n## Start\n\nText of {stem}.\n\n![A dot](../img/dot.svg)\n"
            ),
        );
        self.chapters.push(stem);
        self.write_summary();
    }

    fn write_chapter_questions(&mut self, stem: &str, v: u8) {
        self.write(
            &format!("content/part/{stem}.questions.yaml"),
            &format!(
                "knowledge_check:\n  - type: true_false\n    difficulty: easy\n    prompt: Statement {v} holds.\n    answer: {}\ninterview:\n  - question: What is {v}?\n    difficulty: medium\n    companies: [Co{}]\n    answer: It is {v}.\n",
                v.is_multiple_of(2),
                v % 3
            ),
        );
    }

    fn apply(&mut self, edit: &Edit) {
        let chapter_file = |stem: &str| format!("content/part/{stem}.md");
        match edit {
            Edit::AppendText(i) => {
                if let Some(c) = self.chapter(*i) {
                    let text = self.read(&chapter_file(&c)).unwrap_or_default();
                    self.write(&chapter_file(&c), &format!("{text}\nMore about {c}.\n"));
                }
            }
            Edit::Retitle(i) | Edit::AddObjective(i) => {
                if let Some(c) = self.chapter(*i) {
                    let text = self.read(&chapter_file(&c)).unwrap_or_default();
                    let new = match edit {
                        Edit::Retitle(_) => text.replacen("title: ", "title: Re ", 1),
                        _ => text.replacen("objectives:\n", "objectives:\n  - Also this\n", 1),
                    };
                    self.write(&chapter_file(&c), &new);
                }
            }
            Edit::WriteQuestions(i, v) => {
                if let Some(c) = self.chapter(*i) {
                    self.write_chapter_questions(&c, *v);
                }
            }
            Edit::DeleteQuestions(i) => {
                if let Some(c) = self.chapter(*i) {
                    self.remove(&format!("content/part/{c}.questions.yaml"));
                }
            }
            Edit::AddChapter => self.add_chapter(),
            Edit::RemoveChapter(i) => {
                if self.chapters.len() > 1 {
                    let c = self.chapters.remove(i % self.chapters.len());
                    self.remove(&chapter_file(&c));
                    self.remove(&format!("content/part/{c}.questions.yaml"));
                    self.write_summary();
                }
            }
            Edit::Reorder => {
                self.chapters.reverse();
                self.write_summary();
            }
            Edit::BreakFrontMatter(i) => {
                if let Some(c) = self.chapter(*i) {
                    self.write(&chapter_file(&c), "---\ntitle: [unclosed\n---\n\nBroken.\n");
                }
            }
            Edit::Rewrite(i) => {
                if let Some(c) = self.chapter(*i) {
                    self.write(
                        &chapter_file(&c),
                        &format!("---\ntitle: Rewritten {c}\n---\n\n## Start\n\nNew text.\n"),
                    );
                }
            }
            Edit::WriteImage(v) => self.write("content/img/dot.svg", &svg(*v)),
            Edit::DeleteImage => self.remove("content/img/dot.svg"),
            Edit::LinkTo(a, b) => {
                if let (Some(from), Some(to)) = (self.chapter(*a), self.chapter(*b)) {
                    let text = self.read(&chapter_file(&from)).unwrap_or_default();
                    self.write(
                        &chapter_file(&from),
                        &format!("{text}\nSee [its start]({to}.md#start).\n"),
                    );
                }
            }
            Edit::WriteThemeCss(v) => {
                self.write("theme/assets/extra.css", &format!("body {{ --v: {v}; }}\n"))
            }
            Edit::DeleteThemeCss => {
                self.remove("theme/assets/extra.css");
                // The folder goes with its last file, as an author would leave it.
                let _ = std::fs::remove_dir(self.root.join("theme/assets"));
                let _ = std::fs::remove_dir(self.root.join("theme"));
            }
            Edit::RetitleBook(v) => {
                self.write("book.toml", &format!("[book]\ntitle = \"Edits {v}\"\n"))
            }
            Edit::WriteReadme(v) => {
                self.write(
                    "content/README.md",
                    &format!("# Welcome {v}\n\nSee [the contents](contents.html).\n"),
                );
                self.readme = true;
                self.write_summary();
            }
            Edit::RemoveReadme => {
                if self.readme {
                    self.remove("content/README.md");
                    self.readme = false;
                    self.write_summary();
                }
            }
        }
    }
}

fn svg(v: u8) -> String {
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{v}\" height=\"1\"/>\n")
}

fn differential(edits: &[Edit]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    let dest = dir.path().join("site");
    let mut book = Book::new(&root);
    let options = lectern::BuildOptions {
        include_drafts: true,
        ..Default::default()
    };
    let mut builder = lectern::Builder::new(&root, options.clone());
    prop_assert!(builder.rebuild().is_ok());
    let clean = lectern::BuildOptions {
        dest: Some(dest.clone()),
        ..options
    };
    for (step, edit) in edits.iter().enumerate() {
        book.apply(edit);
        let touched = std::mem::take(&mut book.touched);
        let incremental = builder.rebuild_changed(&touched);
        // A failed build leaves the last good site in place: start from nothing each time.
        let _ = std::fs::remove_dir_all(&dest);
        let fresh = lectern::build(&root, &clean);
        match (incremental, fresh) {
            (Ok(rebuild), Ok(_)) => {
                let differ = differing(&files_in(&dest), &files_of(&rebuild.site));
                prop_assert!(
                    differ.is_empty(),
                    "step {step} ({edit:?}) of {edits:?}: these files differ from a clean build: {differ:?}"
                );
            }
            (Err(a), Err(b)) => prop_assert_eq!(
                a.render_all(&root),
                b.render_all(&root),
                "step {} ({:?}) of {:?}: the diagnostics differ",
                step,
                edit,
                edits
            ),
            (a, b) => prop_assert!(
                false,
                "step {step} ({edit:?}) of {edits:?}: the rebuild {} but the clean build {}",
                if a.is_ok() { "succeeded" } else { "failed" },
                if b.is_ok() { "succeeded" } else { "failed" },
            ),
        }
    }
    Ok(())
}

#[test]
fn random_edit_sequences_rebuild_exactly_as_a_clean_build() {
    // Each case builds the book a few times from scratch: a few dozen cases keep this test
    // to seconds in a debug build. PROPTEST_CASES raises it for a longer campaign.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(24);
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(edits in prop::collection::vec(edit(), 1..8))| {
        differential(&edits)?;
    });
}
