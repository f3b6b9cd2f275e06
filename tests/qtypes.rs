//! `order` (Parsons) and `match` questions from YAML to page, review data and exports, on
//! tests/fixtures/qtypes-order-match (the browser side is tests/browser/qtypes-order-match.test.js).

mod common;

use std::path::{Path, PathBuf};

use common::TestBook;
use lectern::export::{export, Format};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qtypes-order-match")
}

/// A copy of the fixture, built.
fn built() -> TestBook {
    let root = fixture();
    let files: Vec<(String, String)> = [
        "book.toml",
        "content/SUMMARY.md",
        "content/git.md",
        "content/git.questions.yaml",
    ]
    .iter()
    .map(|f| {
        (
            f.to_string(),
            std::fs::read_to_string(root.join(f)).unwrap(),
        )
    })
    .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let book = TestBook::new(&refs);
    book.build_ok();
    book
}

fn exported(root: &Path, format: Format) -> String {
    let e = export(root, format).unwrap_or_else(|d| panic!("{}", d.render_all(root)));
    String::from_utf8(e.bytes).unwrap()
}

#[test]
fn pages_with_these_questions_load_arrange_js_and_show_the_answer_without_it() {
    let book = built();
    let page = book.read_site("git.html");
    assert!(page.contains(r#"<script src="assets/arrange.js"></script>"#));
    assert!(page.contains(r#"<link rel="stylesheet" href="assets/arrange.css">"#));
    assert!(
        page.contains("data-arrange-strings="),
        "the page carries arrange.js's words"
    );
    // The no-script answer: the lines in order, with their indent levels.
    let key = page.split("id=\"check-2\"").nth(1).unwrap();
    let key = &key[key.find("data-order-key").unwrap()..];
    let levels: Vec<&str> = key
        .match_indices("data-level=\"")
        .take(5)
        .map(|(i, m)| &key[i + m.len()..i + m.len() + 1])
        .collect();
    assert_eq!(levels, ["0", "1", "1", "2", "1"]);
    // The start is not the answer.
    let list = page.split("id=\"check-1\"").nth(1).unwrap();
    let list = &list[list.find("data-order-list").unwrap()..list.find("</ol>").unwrap()];
    let start: Vec<&str> = list
        .match_indices("data-line=\"")
        .map(|(i, m)| &list[i + m.len()..i + m.len() + 2])
        .collect();
    assert_eq!(start.len(), 6);
    assert_ne!(&start[..5], ["l0", "l1", "l2", "l3", "l4"]);
    // The review page can ask them.
    let review = book.read_site("review-data.js");
    assert!(review.contains("\"kind\":\"order\"") && review.contains("\"kind\":\"match\""));
    assert!(review.contains("\"arrange\":{"));
    assert!(book.read_site("review.html").contains("assets/arrange.js"));
    assert!(
        book.read_site("assets/arrange.js")
            .contains("Lectern.kinds")
            || book.read_site("assets/arrange.js").contains("L.kinds")
    );
}

#[test]
fn a_page_without_them_loads_no_arrange_script() {
    let book = TestBook::new(&[
        ("book.toml", "[book]\ntitle = \"Plain\"\n"),
        ("content/SUMMARY.md", "- [A](a.md)\n"),
        ("content/a.md", "# A\n\n```self-check\nprompt: Which?\noptions:\n  - text: This\n    correct: true\n    explanation: It is.\n  - text: That\n    explanation: It is not.\n```\n"),
    ]);
    book.build_ok();
    let page = book.read_site("a.html");
    assert!(
        !page.contains("arrange.js")
            && !page.contains("arrange.css")
            && !page.contains("data-arrange-strings")
    );
}

#[test]
fn reordering_lines_changes_the_version_rewording_the_explanation_does_not() {
    let book = built();
    let version = |book: &TestBook| {
        let page = book.read_site("git.html");
        let at = page.find("data-question=\"git#check:workflow\"").unwrap();
        page[at..].split("data-version=\"").nth(1).unwrap()[..8].to_string()
    };
    let before = version(&book);
    let yaml = std::fs::read_to_string(book.path("content/git.questions.yaml")).unwrap();
    book.write(
        "content/git.questions.yaml",
        &yaml.replace("before it reaches `main`.", "before `main`."),
    );
    book.build_ok();
    assert_eq!(
        version(&book),
        before,
        "an explanation reworded keeps stored answers"
    );
    book.write(
        "content/git.questions.yaml",
        &yaml.replace(
            "      - Push the branch\n      - Open a pull request\n",
            "      - Open a pull request\n      - Push the branch\n",
        ),
    );
    book.build_ok();
    assert_ne!(version(&book), before, "a new order drops stored answers");
}

#[test]
fn gift_has_matching_questions_and_anki_the_order() {
    let book = built();
    let gift = exported(book.root(), Format::Gift);
    assert!(gift.contains("\t=Create a branch -> 1\n\t=Commit the fix -> 2\n"));
    assert!(gift.contains("\t=Force-push to main -> not used\n"));
    assert!(gift.contains("\t=git add -> Stages changes\n"));
    assert!(gift.contains("\t= -> Deletes the repository\n"));
    let anki = exported(book.root(), Format::Anki);
    assert!(anki.contains("<ol><li>Create a branch</li><li>Commit the fix</li><li>Push the branch</li><li>Open a pull request</li><li>Merge after review</li></ol><p>Not used:</p>"));
    assert!(anki.contains(
        "def total(items):\n    s = 0\n    for x in items:\n        s += x\n    return s\n"
    ));
    assert!(anki.contains("<code>git add</code> → <strong>Stages changes</strong>"));
}
