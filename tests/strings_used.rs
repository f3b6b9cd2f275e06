//! The interface-string catalogue cannot rot: every key the templates, the theme's scripts and
//! the Rust code ask for is in `en.toml`, and every key in `en.toml` is asked for somewhere.
//! A renamed key, a typo or an entry left behind after its widget went fails here instead of
//! showing the key itself (or nothing) to a reader.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const THEME: &str = "themes/default";

/// Keys the code builds at run time instead of naming them whole, with where they are built.
/// Each is a prefix (`difficulty.` covers every difficulty) or a whole key.
const BUILT_AT_RUN_TIME: &[(&str, &str)] = &[
    (
        "difficulty.",
        "templates: t(key=\"difficulty.\" ~ card.difficulty); the names of Difficulty",
    ),
    (
        "objectives.title",
        "chapter.html: t(key=section.strings ~ \".title\"); render::SectionView.strings",
    ),
    ("knowledge_check.title", "as objectives.title"),
    ("interview.title", "as objectives.title"),
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The English catalogue's keys (`table.name`), without `[meta]`.
fn english_keys() -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo().join(THEME).join("strings/en.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let mut keys = BTreeSet::new();
    for (name, entries) in &table {
        if name == "meta" {
            continue;
        }
        for key in entries.as_table().unwrap().keys() {
            keys.insert(format!("{name}.{key}"));
        }
    }
    keys
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect()
}

/// Every quoted literal in `text` that looks like a key (`table.name`: lower case, digits, `_`), with
/// the text just before it (to tell `t(key="…")` from any other string).
fn key_literals(text: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let q = bytes[i];
        if q == b'"' || q == b'\'' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len()
                && (bytes[j].is_ascii_lowercase()
                    || bytes[j].is_ascii_digit()
                    || bytes[j] == b'_'
                    || bytes[j] == b'.')
            {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == q && j > start {
                let word = &text[start..j];
                let parts: Vec<&str> = word.split('.').collect();
                if parts.len() == 2 && !parts[0].is_empty() && !parts[1].is_empty() {
                    // Twelve bytes back, or a little more to start on a character.
                    let mut from = i.saturating_sub(12);
                    while !text.is_char_boundary(from) {
                        from -= 1;
                    }
                    out.push((word.to_string(), &text[from..i]));
                }
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Where each catalogue-looking key is named: file → keys. Rust literals count only when their
/// table is a catalogue table and their name is not a file extension (`"index.html"`).
fn keys_named(tables: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    let root = repo();
    let mut named: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut sources = files(&root.join(THEME).join("templates"), "html");
    sources.extend(files(&root.join(THEME).join("assets"), "js"));
    sources.extend(files(&root.join("src"), "rs"));
    sources.extend(files(&root.join("src"), "js"));
    for path in sources {
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        // The catalogue's own unit tests name made-up and overridden keys on purpose.
        if rel.starts_with("src/strings/") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (key, before) in key_literals(&text) {
            let (table, name) = key.split_once('.').unwrap();
            let is_call =
                before.ends_with("key=") || before.ends_with("T(") || before.ends_with("t(");
            let is_file = matches!(
                name,
                "html"
                    | "js"
                    | "css"
                    | "md"
                    | "toml"
                    | "json"
                    | "yaml"
                    | "yml"
                    | "txt"
                    | "svg"
                    | "png"
                    | "xml"
                    | "gift"
                    | "csv"
                    | "apkg"
            );
            if !is_file && (is_call || tables.contains(table)) {
                named.entry(rel.clone()).or_default().insert(key);
            }
        }
    }
    named
}

#[test]
fn every_key_the_theme_and_code_name_is_in_the_catalogue() {
    let keys = english_keys();
    let tables: BTreeSet<String> = keys
        .iter()
        .map(|k| k.split_once('.').unwrap().0.to_string())
        .collect();
    let mut missing = Vec::new();
    for (file, named) in keys_named(&tables) {
        for key in named {
            if !keys.contains(&key) && !BUILT_AT_RUN_TIME.iter().any(|(p, _)| key.starts_with(p)) {
                missing.push(format!("{file}: `{key}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys named in the code but not in themes/default/strings/en.toml:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn every_key_in_the_catalogue_is_used() {
    let keys = english_keys();
    let tables: BTreeSet<String> = keys
        .iter()
        .map(|k| k.split_once('.').unwrap().0.to_string())
        .collect();
    let used: BTreeSet<String> = keys_named(&tables).into_values().flatten().collect();
    let unused: Vec<&String> = keys
        .iter()
        .filter(|k| !used.contains(*k) && !BUILT_AT_RUN_TIME.iter().any(|(p, _)| k.starts_with(p)))
        .collect();
    assert!(
        unused.is_empty(),
        "entries of themes/default/strings/en.toml that no template, script or Rust code names \
         (remove them, or list a key built at run time in BUILT_AT_RUN_TIME):\n  {unused:?}"
    );
}

#[test]
fn the_scanner_finds_keys_in_each_form() {
    let found: Vec<String> = key_literals(
        r#"{{ t(key="card.red_flag") }} T("search.none", {n: 1}) text("code.panics", &[]) 'a.b' "index.html" "Not.a key" "x""#,
    )
    .into_iter()
    .map(|(k, _)| k)
    .collect();
    assert_eq!(
        found,
        [
            "card.red_flag",
            "search.none",
            "code.panics",
            "a.b",
            "index.html"
        ]
    );
}
