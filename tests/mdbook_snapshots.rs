//! Small mdBook books of our own (tests/fixtures/mdbook/*, tests/fixtures/mdbook-quiz), built
//! as they are, each page's chapter HTML kept as a snapshot: every directive form, every
//! code-block convention, the `[output.html]` tables Lectern acts on (with the files they add),
//! and every mdbook-quiz question type. A change to what these books become shows in review.
//! Regenerate with `INSTA_UPDATE=always cargo test --test mdbook_snapshots`, then read the diff.

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    if name == "quiz" {
        base.join("mdbook-quiz")
    } else {
        base.join("mdbook").join(name)
    }
}

/// Copies `from` into a fresh folder (a build writes into the book's folder).
fn copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// `<article …>…</article>` of a page: the chapter, without the layout around it.
fn article(page: &str) -> &str {
    let start = page.find("<article").unwrap_or(0);
    let end = page
        .rfind("</article>")
        .map_or(page.len(), |e| e + "</article>".len());
    &page[start..end]
}

/// What the book becomes: its diagnostics, its files, and the HTML of each chapter page (and
/// of the files `extra` names, whole).
fn built(name: &str, extra: &[&str]) -> String {
    let dir = copy(&fixture(name));
    let report = lectern::build(dir.path(), &Default::default())
        .unwrap_or_else(|d| panic!("{name}: {}", d.render_all(dir.path())));
    let out = report.out_dir.clone();
    let mut text = String::new();
    for d in &report.diags.items {
        text.push_str(&format!("{}: {}\n", d.location(), d.message));
    }
    let mut files: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.starts_with("assets/"))
        .collect();
    files.sort();
    text.push_str(&format!("\nfiles: {}\n", files.join(" ")));
    for f in &files {
        if !f.ends_with(".html") {
            continue;
        }
        let page = std::fs::read_to_string(out.join(f)).unwrap();
        if extra.contains(&f.as_str()) {
            text.push_str(&format!("\n===== {f} =====\n{page}\n"));
        } else if page.contains("<article") && page.contains("data-chapter=") {
            text.push_str(&format!("\n===== {f} =====\n{}\n", article(&page)));
        }
    }
    text
}

#[test]
fn every_directive_form() {
    insta::assert_snapshot!("directives", built("directives", &[]));
}

#[test]
fn every_code_block_convention() {
    insta::assert_snapshot!("code", built("code", &[]));
}

#[test]
fn the_output_html_tables_lectern_acts_on() {
    let text = built("settings", &["old-start.html", "guide/old.html"]);
    // The additional files are linked on every page and copied.
    assert!(
        text.contains("files: ")
            && text.contains("theme/extra.css")
            && text.contains("scripts/extra.js")
    );
    insta::assert_snapshot!("settings", text);
}

#[test]
fn every_mdbook_quiz_question_type() {
    insta::assert_snapshot!("quiz", built("quiz", &[]));
}
