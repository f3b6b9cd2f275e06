//! The benchmark course generator (`examples/gen-course.rs`) is deterministic and writes a
//! course that `lectern check` accepts without a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the generator (building it if needed) into `out`.
fn generate(out: &Path, chapters: usize, seed: u64) {
    let run = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "gen-course", "--"])
        .arg("--chapters")
        .arg(chapters.to_string())
        .arg("--seed")
        .arg(seed.to_string())
        .arg("--out")
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        run.status.success(),
        "gen-course failed: {}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Every file below `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn deterministic_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    generate(&a, 3, 7);
    generate(&b, 3, 7);
    generate(&c, 3, 8);

    let (ta, tb, tc) = (tree(&a), tree(&b), tree(&c));
    assert!(ta.contains_key(Path::new("book.toml")));
    assert!(ta.contains_key(Path::new("content/SUMMARY.md")));
    let chapters = ta
        .keys()
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("SUMMARY.md"))
        .count();
    let questions = ta
        .keys()
        .filter(|p| p.to_string_lossy().ends_with(".questions.yaml"))
        .count();
    assert_eq!((chapters, questions), (3, 3), "{:?}", ta.keys());
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "same seed, same files"
    );
    for (path, bytes) in &ta {
        assert!(
            tb[path] == *bytes,
            "{} differs between two runs",
            path.display()
        );
    }
    assert_ne!(ta, tc, "another seed gives another course");

    // Chapters look like course content: prose, headings, a table, code, links.
    let chapter = ta
        .iter()
        .find(|(p, _)| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("0002-") && name.ends_with(".md")
        })
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .expect("chapter 2");
    let fences = chapter.matches("\n```").count() / 2;
    assert!((3..=4).contains(&fences), "{fences} code blocks");
    assert!(chapter.contains("\n## ") && chapter.contains("\n|---"));
    assert!(
        chapter.contains(".md#"),
        "a link to a heading in another chapter"
    );
    let words = chapter.split_whitespace().count();
    assert!(words > 1500, "{words} words");

    let out = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(["check", "--deny-warnings"])
        .arg(&a)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "lectern check failed:\n{stderr}");
    assert!(
        stderr.contains("No problems found"),
        "lectern check reported problems:\n{stderr}"
    );
}
