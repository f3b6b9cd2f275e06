//! mdbook-quiz quizzes (`{{#quiz file.toml}}`) in a book: every question type shows at the
//! directive's spot with Lectern's widgets, joins the review data and the exports, and every
//! problem in a quiz file is reported in that file.

mod common;

use std::path::{Path, PathBuf};

use common::TestBook;
use lectern::export::{export, Format};

/// The fixture book (tests/fixtures/mdbook-quiz), copied to a temporary folder.
fn quiz_book() -> TestBook {
    let book = TestBook::new(&[]);
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook-quiz");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&from).unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            book.write(&rel.to_string_lossy(), &text);
        }
    }
    book
}

fn read(book: &TestBook, rel: &str) -> String {
    // An mdBook book (`src = "src"`) builds into book/, as mdBook's does.
    std::fs::read_to_string(book.path("book").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn exported(root: &Path, format: Format) -> String {
    match export(root, format) {
        Ok(e) => String::from_utf8(e.bytes).unwrap(),
        Err(d) => panic!("{}", d.render_all(root)),
    }
}

#[test]
fn every_question_type_shows_at_the_directive() {
    let book = quiz_book();
    let report = book.build_ok();
    assert_eq!(
        report.diags.warning_count(),
        0,
        "{}",
        report.diags.render_all(book.root())
    );
    let page = read(&book, "moves.html");
    // In place: after the "Check yourself" heading, before the prose that follows.
    let quiz_at = page.find("id=\"quiz-1\"").expect("the first question");
    assert!(page.find("Check yourself").unwrap() < quiz_at);
    assert!(page.find("Prose after the quiz").unwrap() > page.find("id=\"quiz-7\"").unwrap());
    assert!(!page.contains("{{#quiz"), "the directive is replaced");
    // Ids from the quiz file keep progress stable; kinds map to Lectern's.
    for (n, id, kind) in [
        (1, "move-string", "single"),
        (2, "copy-types", "multiple"),
        (3, "borrow-keyword", "short_answer"),
        (4, "print-twice", "trace"),
        (5, "use-after-move", "trace"),
        (6, "longest-args", "short_answer"),
        (7, "longest-borrows", "single"),
    ] {
        let head = format!("id=\"quiz-{n}\" data-question=\"moves#quiz:{id}\" data-version=");
        let at = page.find(&head).unwrap_or_else(|| panic!("{head}\n{page}"));
        assert!(page[at..].contains(&format!("data-kind=\"{kind}\"")));
    }
    // mdbook-quiz shuffles unless sortAnswers or answerIndex fixes the order.
    let widget = |n: usize| {
        let start = page.find(&format!("id=\"quiz-{n}\"")).unwrap();
        let end = page[start..].find("</details>").unwrap() + start;
        &page[start..end]
    };
    assert!(widget(1).contains("data-shuffle"));
    assert!(!widget(2).contains("data-shuffle"));
    let order: Vec<usize> = [
        "<code>String</code>",
        "<code>Vec&lt;u8&gt;</code>",
        "<code>bool</code>",
        "<code>i32</code>",
    ]
    .iter()
    .map(|l| widget(2).find(&format!("\">{l}</label>")).expect(l))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "sorted: {order:?}");
    let seven = widget(7);
    assert!(
        seven.find(">Yes</label>").unwrap() < seven.find(">No, it borrows them</label>").unwrap()
    );
    // Short answers list every accepted spelling; the shared context comes once, before its group.
    assert!(
        widget(3).contains("data-accepted>&amp;</code>") && widget(3).contains(">ampersand</code>")
    );
    assert_eq!(
        page.matches("Both questions below are about this function")
            .count(),
        1
    );
    assert!(page.find("Both questions below").unwrap() < page.find("id=\"quiz-6\"").unwrap());
    // Tracing: the program with line numbers, two choices and a field; the answer in words.
    let four = widget(4);
    assert!(
        four.contains("<pre class=\"q-lines\" aria-hidden=\"true\">1\n2\n3\n4\n5\n</pre>"),
        "{four}"
    );
    assert!(
        four.contains("data-compiles=\"true\"")
            && four.contains("<pre class=\"q-output\" data-accepted>6\ndone</pre>"),
        "{four}"
    );
    let five = widget(5);
    assert!(
        five.contains("data-compiles=\"false\"")
            && five.contains("the error is on line <span data-accepted>4</span>"),
        "{five}"
    );
    // The context is the explanation, shown after checking.
    assert!(five.contains("<div class=\"q-expl\"><p>Line 4 reads"));
}

#[test]
fn imported_questions_join_review_and_exports() {
    let book = quiz_book();
    book.build_ok();
    let review = read(&book, "review-data.js");
    for id in [
        "move-string",
        "copy-types",
        "borrow-keyword",
        "print-twice",
        "use-after-move",
    ] {
        assert!(
            review.contains(&format!("\"key\":\"moves#quiz:{id}\"")),
            "{id} in {review}"
        );
    }
    assert!(review.contains("\"compiles\":true") && review.contains("\"program\":"));
    let gift = exported(book.root(), Format::Gift);
    assert!(
        gift.contains("After `let t \\= s;`") || gift.contains("After <code>let t \\= s;</code>"),
        "{gift}"
    );
    assert!(
        gift.contains("It does not compile\\: the error is on line 4."),
        "{gift}"
    );
    let anki = exported(book.root(), Format::Anki);
    assert!(anki.contains("moves#quiz:print-twice"), "{anki}");
    assert!(anki.contains("It compiles and prints:"), "{anki}");
    let html = exported(book.root(), Format::Html);
    assert!(html.contains("data-question=\"moves#quiz:use-after-move\""));
}

#[test]
fn quiz_problems_are_located_in_the_quiz_file() {
    let book = quiz_book();
    book.write(
        "quizzes/moves.toml",
        "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"p\"\n\n[[questions]]\ntype = \"Tracing\"\nprompt.program = \"fn main() {}\"\nanswer.doesCompile = false\nanswer.lineNumber = 3\n",
    );
    let errors = book.build_errors();
    let shown: Vec<String> = errors
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert_eq!(
        shown,
        [
            "quizzes/moves.toml:1:1 this ShortAnswer question has no `answer`",
            "quizzes/moves.toml:9:21 `answer.lineNumber` is 3, but the program has 1 line",
        ],
        "{shown:?}"
    );
}

#[test]
fn a_placeholder_written_by_hand_is_an_error() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", "- [A](a.md)\n"),
        (
            "content/a.md",
            "# A\n\n```lectern-imported-question\n0\n```\n",
        ),
    ]);
    let errors = book.build_errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].location(), "content/a.md:3:1");
}
