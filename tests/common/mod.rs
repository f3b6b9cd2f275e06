//! Helpers for tests that build small books in temporary folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub struct TestBook {
    pub dir: tempfile::TempDir,
}

impl TestBook {
    /// A book with a title and the given files (path, text) under its root.
    pub fn new(files: &[(&str, &str)]) -> TestBook {
        let dir = tempfile::tempdir().expect("temp dir");
        let book = TestBook { dir };
        if !files.iter().any(|(p, _)| *p == "book.toml") {
            book.write("book.toml", "[book]\ntitle = \"Test book\"\n");
        }
        for (path, text) in files {
            book.write(path, text);
        }
        book
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        let p = self.dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Builds and returns the errors (panics if the build succeeds).
    pub fn build_errors(&self) -> Vec<lectern::diag::Diagnostic> {
        match lectern::build(self.root(), &Default::default()) {
            Ok(_) => panic!("the build should fail"),
            Err(d) => d.items.into_iter().filter(|d| d.is_error()).collect(),
        }
    }

    pub fn build_ok(&self) -> lectern::BuildReport {
        match lectern::build(self.root(), &Default::default()) {
            Ok(r) => r,
            Err(d) => panic!("the build failed:\n{}", d.render_all(self.root())),
        }
    }

    pub fn read_site(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join("site").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// The one error of a failed build, as `file:line:col: message`.
pub fn only_error(book: &TestBook) -> lectern::diag::Diagnostic {
    let errors = book.build_errors();
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().unwrap()
}

/// Every file of a written site, by `/`-separated path below it (the marker file aside).
pub fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel != lectern::output::MARKER {
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// The files of a site `lectern serve` holds in memory (put-off files made now).
pub fn files_of(site: &lectern::Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    site.files
        .iter()
        .map(|(p, f)| (p.clone(), f.bytes().to_vec()))
        .collect()
}

/// The paths whose contents differ between two sites (or that only one has).
pub fn differing(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut out: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}
