//! Bad input fails the build with the file, line and column and what was expected — one test
//! per content element — and leaves no site behind.

mod common;
use common::{only_error, TestBook};

const CHAPTER: &str = "---\ntitle: Heap\n---\nText.\n";

fn book_with(files: &[(&str, &str)]) -> TestBook {
    let mut all = vec![
        ("content/SUMMARY.md", "- [Heap](heap.md)\n"),
        ("content/heap.md", CHAPTER),
    ];
    for f in files {
        all.retain(|(p, _)| p != &f.0);
        all.push(*f);
    }
    TestBook::new(&all)
}

fn at(d: &lectern::diag::Diagnostic) -> String {
    d.location()
}

#[test]
fn book_toml_unknown_key() {
    let b = book_with(&[(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[output.html]\nsite_url = \"/x/\"\n",
    )]);
    let e = only_error(&b);
    assert_eq!(at(&e), "book.toml:5:1");
    assert_eq!(e.message, "unknown key `site_url` in [output.html]", "{e}");
    assert_eq!(e.hint.as_deref(), Some("did you mean `site-url`?"));
    assert!(!b.path("site").exists(), "a failed build writes nothing");
}

#[test]
fn book_toml_syntax() {
    let b = book_with(&[("book.toml", "[book]\ntitle = \"T\n")]);
    let e = only_error(&b);
    assert!(at(&e).starts_with("book.toml:2:"), "{e}");
}

#[test]
fn front_matter_syntax() {
    let b = book_with(&[(
        "content/heap.md",
        "---\ntitle: Heap\nsummary: [unclosed\n---\nText\n",
    )]);
    let e = only_error(&b);
    assert!(
        at(&e).starts_with("content/heap.md:3:") || at(&e).starts_with("content/heap.md:4:"),
        "{e}"
    );
}

#[test]
fn front_matter_unknown_key() {
    let b = book_with(&[(
        "content/heap.md",
        "---\ntitle: Heap\nobjectivs:\n  - x\n---\nText\n",
    )]);
    // A key Lectern does not read is kept as data; one this close to a known key is a
    // warning, located, with the key it probably means.
    let report = b.build_ok();
    let w = &report.diags.items[0];
    assert!(!w.is_error(), "{w}");
    assert_eq!(at(w), "content/heap.md:3:1");
    assert!(
        w.hint
            .as_deref()
            .is_some_and(|h| h.starts_with("did you mean `objectives`?")),
        "{w}"
    );
}

#[test]
fn front_matter_wrong_type() {
    let b = book_with(&[(
        "content/heap.md",
        "---\ntitle: Heap\ndraft: maybe\n---\nText\n",
    )]);
    let e = only_error(&b);
    assert!(at(&e).starts_with("content/heap.md:3:"), "{e}");
}

#[test]
fn front_matter_without_title_takes_the_heading() {
    let b = book_with(&[(
        "content/heap.md",
        "---\nsummary: S\n---\n\n# The heap\n\nText\n",
    )]);
    b.build_ok();
    assert!(b.read_site("heap.html").contains("<title>The heap"));
}

#[test]
fn summary_missing_file() {
    let b = book_with(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\ncreate-missing = false\n",
        ),
        (
            "content/SUMMARY.md",
            "# Summary\n\n- [Heap](heap.md)\n- [Stack](stack.md)\n",
        ),
    ]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/SUMMARY.md:4:11");
    assert!(e.message.contains("stack.md"), "{e}");
}

#[test]
fn knowledge_check_missing_field() {
    let b = book_with(&[(
        "content/heap.questions.yaml",
        "knowledge_check:\n  - difficulty: easy\n    prompt: Is it?\n    answer: true\n",
    )]);
    let e = only_error(&b);
    assert!(e.message.contains("missing field `type`"), "{e}");
    assert!(at(&e).starts_with("content/heap.questions.yaml:2:"), "{e}");
}

#[test]
fn knowledge_check_bad_difficulty() {
    let b = book_with(&[("content/heap.questions.yaml", "knowledge_check:\n  - difficulty: simple\n    type: true_false\n    prompt: Is it?\n    answer: true\n")]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.questions.yaml:2:17");
    assert!(e.hint.as_deref().unwrap_or("").contains("easy"), "{e}");
}

#[test]
fn knowledge_check_single_choice_with_two_correct() {
    let yaml = "knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt: Pick\n    options:\n      - text: a\n        correct: true\n        explanation: x\n      - text: b\n        correct: true\n        explanation: y\n";
    let b = book_with(&[("content/heap.questions.yaml", yaml)]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.questions.yaml:5:5");
    assert!(e.message.contains("2 correct options"), "{e}");
}

#[test]
fn knowledge_check_option_without_explanation() {
    let yaml = "knowledge_check:\n  - difficulty: easy\n    type: multiple\n    prompt: Pick\n    options:\n      - text: a\n        correct: true\n        explanation: x\n      - text: b\n";
    let b = book_with(&[("content/heap.questions.yaml", yaml)]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.questions.yaml:9:9");
    assert!(e.message.contains("option 2 has no explanation"), "{e}");
}

#[test]
fn knowledge_check_short_answer_without_accepted() {
    let yaml =
        "knowledge_check:\n  - difficulty: hard\n    type: short_answer\n    prompt: Which flag?\n";
    let b = book_with(&[("content/heap.questions.yaml", yaml)]);
    let e = only_error(&b);
    assert!(at(&e).starts_with("content/heap.questions.yaml:2:"), "{e}");
    assert!(e.message.contains("accepted"), "{e}");
}

#[test]
fn yes_is_not_a_boolean() {
    let yaml = "knowledge_check:\n  - difficulty: easy\n    type: true_false\n    prompt: Is it?\n    answer: yes\n";
    let b = book_with(&[("content/heap.questions.yaml", yaml)]);
    let e = only_error(&b);
    assert!(at(&e).starts_with("content/heap.questions.yaml:5:"), "{e}");
}

#[test]
fn interview_unknown_key() {
    let yaml = "interview:\n  - question: Why?\n    difficulty: easy\n    answer: Because.\n    red_flags: none\n";
    let b = book_with(&[("content/heap.questions.yaml", yaml)]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.questions.yaml:5:5");
    assert_eq!(e.hint.as_deref(), Some("did you mean `red_flag`?"));
}

#[test]
fn interview_javascript_source_url() {
    let yaml = "interview:\n  - question: Why?\n    difficulty: easy\n    answer: Because.\n    sources:\n      - title: Docs\n        url: javascript:alert(1)\n";
    let b = book_with(&[("content/heap.questions.yaml", yaml)]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.questions.yaml:7:9");
}

#[test]
fn interview_duplicate_ids() {
    let yaml = "interview:\n  - id: a\n    question: Why?\n    difficulty: easy\n    answer: B\n  - id: a\n    question: How?\n    difficulty: easy\n    answer: C\n";
    let b = book_with(&[("content/heap.questions.yaml", yaml)]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.questions.yaml:6:5");
    assert!(e.message.contains("duplicate"), "{e}");
}

#[test]
fn interview_self_check_without_correct_option() {
    let yaml = "interview:\n  - question: Why?\n    difficulty: easy\n    answer: B\n    self_check:\n      prompt: Pick\n      options:\n        - text: a\n          explanation: x\n        - text: b\n          explanation: y\n";
    let b = book_with(&[("content/heap.questions.yaml", yaml)]);
    let e = only_error(&b);
    assert!(e.message.contains("no option is marked correct"), "{e}");
    assert!(at(&e).starts_with("content/heap.questions.yaml:7:"), "{e}");
}

#[test]
fn inline_self_check_errors_point_into_the_markdown_file() {
    let md = "---\ntitle: Heap\n---\nSome prose.\n\n```self-check\nprompt: Pick\noptions:\n  - text: a\n    correct: true\n    explanation: x\n  - txt: b\n```\n";
    let b = book_with(&[("content/heap.md", md)]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.md:12:5");
    assert_eq!(e.hint.as_deref(), Some("did you mean `text`?"));
}

#[test]
fn broken_chapter_link() {
    let md = "---\ntitle: Heap\n---\nSee [the stack](stak.md).\n";
    let b = book_with(&[("content/heap.md", md)]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.md:4:5");
}

#[test]
fn missing_image() {
    let md = "---\ntitle: Heap\n---\n\n![A diagram](img/heap.png)\n";
    let b = book_with(&[("content/heap.md", md)]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.md:5:1");
}

#[test]
fn template_error_in_a_theme_override_names_the_template_line() {
    let b = book_with(&[("theme/templates/404.html", "<p>\n{{ oops( }}\n</p>\n")]);
    let e = only_error(&b);
    assert!(at(&e).starts_with("theme/templates/404.html:2:"), "{e}");
}

#[test]
fn not_utf8_is_located() {
    let b = book_with(&[]);
    std::fs::write(
        b.path("content/heap.md"),
        b"---\ntitle: Heap\n---\nok\n\xff\xfe\n",
    )
    .unwrap();
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.md:5:1");
}

#[test]
fn crlf_and_bom_are_fine() {
    let b = book_with(&[(
        "content/heap.md",
        "\u{feff}---\r\ntitle: Heap\r\n---\r\nText\r\n",
    )]);
    b.build_ok();
    assert!(b.read_site("heap.html").contains("Heap"));
}

#[test]
fn a_failed_build_keeps_the_previous_site() {
    let b = book_with(&[]);
    b.build_ok();
    let before = b.read_site("heap.html");
    b.write("content/heap.md", "---\ntitle: [\n---\n");
    b.build_errors();
    assert_eq!(b.read_site("heap.html"), before);
}

#[test]
fn broken_anchor_in_another_chapter_gets_a_suggestion() {
    let b = book_with(&[
        (
            "content/SUMMARY.md",
            "- [Heap](heap.md)\n- [Stack](stack.md)\n",
        ),
        (
            "content/heap.md",
            "---\ntitle: Heap\n---\nSee [frames](stack.md#call-frame).\n",
        ),
        (
            "content/stack.md",
            "---\ntitle: Stack\n---\n## Call frames\n",
        ),
    ]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.md:4:5");
    assert_eq!(e.hint.as_deref(), Some("did you mean `#call-frames`?"));
}

#[test]
fn broken_anchor_on_the_same_page() {
    let b = book_with(&[(
        "content/heap.md",
        "---\ntitle: Heap\n---\n## Roots\n\nBack to [roots](#root).\n",
    )]);
    let e = only_error(&b);
    assert_eq!(at(&e), "content/heap.md:6:9");
    assert_eq!(e.hint.as_deref(), Some("did you mean `#roots`?"));
}

#[test]
fn links_to_a_left_out_draft_become_text_with_a_warning() {
    let b = book_with(&[
        (
            "content/SUMMARY.md",
            "- [Heap](heap.md)\n- [Stack](stack.md)\n",
        ),
        (
            "content/heap.md",
            "---\ntitle: Heap\n---\nSee [the stack](stack.md).\n",
        ),
        (
            "content/stack.md",
            "---\ntitle: Stack\ndraft: true\n---\nSoon.\n",
        ),
    ]);
    let report = b.build_ok();
    assert_eq!(report.diags.warning_count(), 1, "{:?}", report.diags);
    assert_eq!(report.diags.items[0].location(), "content/heap.md:4:5");
    let html = b.read_site("heap.html");
    assert!(
        html.contains("See the stack."),
        "the link text stays, without the link"
    );
    assert!(!b.path("site/stack.html").exists());
}

#[test]
fn misspelled_link_suggests_a_path_relative_to_the_chapter() {
    let b = book_with(&[
        (
            "content/SUMMARY.md",
            "- [Heap](ops/heap.md)\n- [Logs](ops/logs.md)\n",
        ),
        (
            "content/ops/heap.md",
            "---\ntitle: Heap\n---\nSee [logs](log.md).\n",
        ),
        ("content/ops/logs.md", "---\ntitle: Logs\n---\nText.\n"),
    ]);
    let e = only_error(&b);
    assert!(
        e.hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `logs.md`?"),
        "{e}"
    );
}

#[test]
fn sitemap_only_with_a_site_url() {
    let b = book_with(&[]);
    b.build_ok();
    assert!(
        !b.path("site/sitemap.xml").exists(),
        "no sitemap without absolute URLs"
    );
    b.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[output.html]\nsite-url = \"https://example.org/course\"\n",
    );
    b.build_ok();
    let xml = b.read_site("sitemap.xml");
    assert!(
        xml.contains("<loc>https://example.org/course/heap.html</loc>"),
        "{xml}"
    );
    assert!(
        xml.contains("<loc>https://example.org/course/index.html</loc>"),
        "{xml}"
    );
}

#[test]
fn editor_leftovers_and_links_out_of_the_book_are_not_published() {
    let b = book_with(&[
        ("content/heap.md~", "backup"),
        ("content/#heap.md#", "autosave"),
        ("content/img/Thumbs.db", "thumbnails"),
        ("content/4913", "vim's test file"),
        ("content/img/a.svg.crswap", "swap"),
        ("theme/assets/lectern.css~", "a backup of an override"),
        (
            "content/img/a.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        b.path("content/secret.txt"),
    )
    .unwrap();
    let report = b.build_ok();
    assert!(b.path("site/img/a.svg").exists());
    assert!(!b.path("site/heap.md~").exists());
    assert!(!b.path("site/#heap.md#").exists());
    // The same names `lectern serve`'s watcher ignores, so the preview and the build agree.
    for name in [
        "img/Thumbs.db",
        "4913",
        "img/a.svg.crswap",
        "assets/lectern.css~",
    ] {
        assert!(!b.path(&format!("site/{name}")).exists(), "{name}");
    }
    assert!(
        !b.path("site/secret.txt").exists(),
        "a link out of the book is not followed into the site"
    );
    assert!(
        report
            .diags
            .items
            .iter()
            .any(|d| d.message.contains("outside the book")),
        "{:?}",
        report.diags
    );
}
