//! `lectern import-quiz`, through the real binary: the fixture quiz
//! (tests/fixtures/mdbook-quiz/quizzes/moves.toml) becomes a questions file that `lectern check`
//! reports exactly the missing option explanations in, and that builds once they are written.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::TestBook;
use lectern::content::model::{QuestionKind, QuestionsFile};
use lectern::content::yaml::{parse, Embedding};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook-quiz")
}

/// Runs `lectern ARGS` in `dir`.
fn lectern(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run lectern")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The fixture's seven questions, in order, with their types (Tracing ones as `trace`).
const ITEMS: [(&str, QuestionKind); 7] = [
    ("move-string", QuestionKind::Single),
    ("copy-types", QuestionKind::Multiple),
    ("borrow-keyword", QuestionKind::ShortAnswer),
    ("print-twice", QuestionKind::Trace),
    ("use-after-move", QuestionKind::Trace),
    ("longest-args", QuestionKind::ShortAnswer),
    ("longest-borrows", QuestionKind::Single),
];

#[test]
fn the_fixture_converts_to_standard_output_and_to_a_file() {
    let o = lectern(&fixture(), &["import-quiz", "quizzes/moves.toml"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let yaml = String::from_utf8(o.stdout).unwrap();
    let file: QuestionsFile = parse(
        Path::new("moves.questions.yaml"),
        &yaml,
        Embedding::default(),
    )
    .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    let got: Vec<(&str, QuestionKind)> = file
        .knowledge_check
        .iter()
        .map(|i| (i.value.id.as_deref().unwrap(), i.value.kind))
        .collect();
    assert_eq!(got, ITEMS);
    // The Tracing questions are trace items, with their programs and answers.
    assert!(
        yaml.contains("          println!(\"{s} {t}\");\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("    compiles: false\n    error_line: 4\n"),
        "{yaml}"
    );
    assert!(!err.contains("stays a `{{#quiz}}` question"), "{err}");
    for said in [
        "Wrote standard output: 7 knowledge-check items, 2 of them trace questions.",
        "every item says `medium`",
        "9 options need an `explanation:`",
        "the shared context of group `pair` is a comment",
    ] {
        assert!(err.contains(said), "{said}\n{err}");
    }

    // -o writes the same bytes, refuses to replace them without --force, and replaces with it.
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("moves.questions.yaml");
    let out_arg = out.to_str().unwrap();
    let o = lectern(
        &fixture(),
        &["import-quiz", "quizzes/moves.toml", "-o", out_arg],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), yaml);
    std::fs::write(&out, "# mine\n").unwrap();
    let o = lectern(
        &fixture(),
        &["import-quiz", "quizzes/moves.toml", "-o", out_arg],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("exists; pass --force to replace it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "# mine\n");
    let o = lectern(
        &fixture(),
        &[
            "import-quiz",
            "quizzes/moves.toml",
            "-o",
            out_arg,
            "--force",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), yaml);
    // Only the file: no temporary file is left beside it.
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 1);
}

#[test]
fn a_quiz_with_errors_writes_nothing() {
    let book = TestBook::new(&[(
        "bad.toml",
        "[[questions]]\ntype = \"MultipleChoise\"\nprompt.prompt = \"p\"\nanswer.answer = \"a\"\n",
    )]);
    let o = lectern(book.root(), &["import-quiz", "bad.toml", "-o", "out.yaml"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("--> bad.toml:2:8"), "{err}");
    assert!(
        err.contains("Import failed: 1 error, 0 warnings; nothing written."),
        "{err}"
    );
    assert!(!book.path("out.yaml").exists());
    let o = lectern(book.root(), &["import-quiz", "missing.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: cannot read missing.toml"));
}

#[test]
fn check_points_at_each_missing_explanation_then_the_book_builds() {
    let book = TestBook::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"Borrowing\"\nsrc = \"src\"\n",
        ),
        ("src/SUMMARY.md", "# Summary\n\n- [Moves](moves.md)\n"),
        (
            "src/moves.md",
            "# Moves\n\nAssigning a `String` moves it.\n",
        ),
    ]);
    let quiz = fixture().join("quizzes/moves.toml");
    let o = lectern(
        book.root(),
        &[
            "import-quiz",
            quiz.to_str().unwrap(),
            "-o",
            "src/moves.questions.yaml",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let yaml = std::fs::read_to_string(book.path("src/moves.questions.yaml")).unwrap();

    // Where each option starts: `text` on a `- text:` line that is not a comment.
    let options: Vec<(usize, usize)> = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- text:"))
        .map(|(i, l)| (i + 1, l.find("text").unwrap() + 1))
        .collect();
    assert_eq!(options.len(), 9, "as the command said\n{yaml}");

    let o = lectern(book.root(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let diags: Vec<lectern::diag::Diagnostic> = serde_json::from_slice(&o.stdout).unwrap();
    let reported: Vec<(String, usize, usize, bool)> = diags
        .iter()
        .map(|d| {
            let p = d.position.expect("located");
            (
                d.file.display().to_string(),
                p.line,
                p.column,
                d.is_error() && d.message.ends_with("has no explanation"),
            )
        })
        .collect();
    let expected: Vec<(String, usize, usize, bool)> = options
        .iter()
        .map(|&(line, column)| ("src/moves.questions.yaml".to_string(), line, column, true))
        .collect();
    assert_eq!(reported, expected, "{diags:#?}");

    // With an explanation under each option, the book checks clean and the questions render.
    let mut filled = String::new();
    for line in yaml.lines() {
        filled.push_str(line);
        filled.push('\n');
        if let Some(rest) = line.trim_start().strip_prefix("- text:") {
            assert!(!rest.trim_start().starts_with('|'), "one-line options only");
            let indent = line.find("text").unwrap();
            filled.push_str(&format!("{}explanation: Because.\n", " ".repeat(indent)));
        }
    }
    book.write("src/moves.questions.yaml", &filled);
    let o = lectern(book.root(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("No problems found."), "{}", stderr(&o));
    let o = lectern(book.root(), &["build", "--dest", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = book.read_site("moves.html");
    for (id, kind) in ITEMS {
        let key = format!("data-question=\"moves#check:{id}\"");
        let at = page.find(&key).unwrap_or_else(|| panic!("{key}"));
        let tag = &page[at..at + page[at..].find('>').unwrap()];
        let kind = format!("data-kind=\"{}\"", kind.as_str());
        assert!(tag.contains(&kind), "{id}: {kind} in {tag}");
        // mdbook-quiz shuffles unless sortAnswers or answerIndex fix the order; so does the YAML.
        let shuffled = matches!(id, "move-string");
        assert_eq!(tag.contains("data-shuffle"), shuffled, "{tag}");
    }
    assert!(page.contains("Which symbol creates a shared reference?"));
    assert!(page.contains("Nothing until it is assigned again"));
}

#[test]
fn the_command_is_in_the_help() {
    let o = lectern(&fixture(), &["--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains(
            "import-quiz  Convert an mdbook-quiz file (TOML) into Lectern's questions YAML"
        ),
        "{help}"
    );
    let o = lectern(&fixture(), &["import-quiz", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("--force") && help.contains("-o, --output <FILE>"),
        "{help}"
    );
}
