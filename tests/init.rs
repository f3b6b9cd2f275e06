//! `lectern init`: the new course passes `lectern check` with no warning and builds, its
//! questions file points editors at the schemas it ships, and init never overwrites a file.

use std::path::Path;
use std::process::Command;

fn lectern(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run lectern")
}

#[test]
fn init_into_an_empty_folder_then_check_and_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("node-course");
    let out = lectern(&["init", dir.to_str().unwrap()], tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("book.toml") && stderr.contains("content/getting-started.md"));

    let diags = lectern::check(&dir);
    assert!(
        diags.is_empty(),
        "no errors and no warnings:\n{}",
        diags.render_all(&dir)
    );
    let check = lectern(&["check", "--deny-warnings"], &dir);
    assert!(check.status.success());

    let report = lectern::build(&dir, &Default::default())
        .unwrap_or_else(|d| panic!("{}", d.render_all(&dir)));
    assert!(report.diags.is_empty());
    let site = dir.join("site");
    let chapter = std::fs::read_to_string(site.join("getting-started.html")).unwrap();
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("<h1>Node course</h1>"),
        "title from the folder name"
    );
    // Every element of the sample chapter made it to the page.
    for (what, needle) in [
        ("objectives", "data-objectives"),
        ("a table", "<table"),
        ("a task list", "type=\"checkbox\" disabled"),
        ("an image", "images/chapter-parts.svg"),
        ("alerts", "alert-caution"),
        ("highlighted code", "data-lang=\"javascript\""),
        ("a footnote", "<ol class=\"footnotes\">"),
        (
            "an inline self-check",
            "data-question=\"getting-started#self-check:1\"",
        ),
        (
            "a knowledge check",
            "data-question=\"getting-started#check:build-folder\"",
        ),
        (
            "an interview card",
            "data-card=\"getting-started#q:static-quizzes\"",
        ),
        (
            "a card self-check",
            "data-question=\"getting-started#q:static-quizzes:check\"",
        ),
    ] {
        assert!(chapter.contains(needle), "the sample chapter shows {what}");
    }
    for kind in [
        "single",
        "multiple",
        "true_false",
        "short_answer",
        "order",
        "match",
    ] {
        assert!(
            chapter.contains(&format!("data-kind=\"{kind}\"")),
            "a {kind} question"
        );
    }
    assert!(site.join("images/chapter-parts.svg").is_file());

    // The questions also export.
    for format in [lectern::export::Format::Anki, lectern::export::Format::Gift] {
        assert!(lectern::export::export(&dir, format).is_ok());
    }
}

#[test]
fn the_questions_file_points_at_the_schemas_it_ships() {
    let tmp = tempfile::tempdir().unwrap();
    lectern::init::init(tmp.path()).unwrap();
    let yaml_path = tmp.path().join("content/getting-started.questions.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    let first = yaml.lines().next().unwrap();
    let schema = first
        .strip_prefix("# yaml-language-server: $schema=")
        .expect("the first line is the modeline");
    let target = yaml_path.parent().unwrap().join(schema);
    assert!(target.is_file(), "{} exists", target.display());
    for (name, json) in lectern::schema::all() {
        let shipped = std::fs::read_to_string(tmp.path().join("schemas").join(name)).unwrap();
        assert_eq!(shipped, json, "{name} is the schema lectern uses");
    }
}

#[test]
fn init_refuses_to_overwrite_and_says_which_files_exist() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("book.toml"), "[book]\ntitle = \"Mine\"\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    std::fs::write(tmp.path().join("content/SUMMARY.md"), "- [A](a.md)\n").unwrap();

    match lectern::init::init(tmp.path()) {
        Err(lectern::init::InitError::Exists(files)) => {
            let names: Vec<String> = files
                .iter()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect();
            assert_eq!(names, ["book.toml", "content/SUMMARY.md"]);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("book.toml")).unwrap(),
        "[book]\ntitle = \"Mine\"\n",
        "untouched"
    );
    assert!(
        !tmp.path().join("content/getting-started.md").exists(),
        "nothing else was written"
    );
    assert!(!tmp.path().join("schemas").exists());

    let out = lectern(&["init"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("exist already") && stderr.contains("book.toml"),
        "{stderr}"
    );
}
