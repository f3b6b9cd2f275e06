//! mdBook's content conventions on small books of our own: chapter files SUMMARY.md lists but
//! nobody wrote yet (`create-missing`), titles taken from the chapter's `# heading` (one h1 on
//! the page), and the table of contents of a SUMMARY.md written the way mdBook books write it.

mod common;

use common::TestBook;

const SUMMARY: &str = "# Summary\n\n- [Ownership](ownership.md)\n- [Borrowing](borrowing.md)\n";

/// `lectern check` never writes into the book; `lectern build` creates the missing chapter
/// with its `# Title` line, as mdBook does, and never replaces a file that exists.
#[test]
fn create_missing_writes_the_chapter_only_on_a_build() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", SUMMARY),
        ("content/ownership.md", "# Ownership\n\nOne owner.\n"),
    ]);
    let diags = lectern::check(book.root());
    assert_eq!(diags.error_count(), 0, "{diags:?}");
    assert!(!book.path("content/borrowing.md").exists());
    book.build_ok();
    assert_eq!(
        std::fs::read_to_string(book.path("content/borrowing.md")).unwrap(),
        "# Borrowing\n"
    );
    let page = book.read_site("borrowing.html");
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    // Built again, the file is the author's: it is read, not written.
    book.write("content/borrowing.md", "# Borrowing\n\nShared or unique.\n");
    book.build_ok();
    assert!(book
        .read_site("borrowing.html")
        .contains("Shared or unique."));
}

/// A build that fails for any other reason creates nothing: the author fixes SUMMARY.md
/// without finding stray files.
#[test]
fn a_failed_build_creates_no_chapter() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", SUMMARY),
        (
            "content/ownership.md",
            "# Ownership\n\nSee [nowhere](nowhere.md).\n",
        ),
    ]);
    let errors = book.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(!book.path("content/borrowing.md").exists());
}

/// With `create-missing = false` the missing file is one located error.
#[test]
fn create_missing_off_is_an_error() {
    let book = TestBook::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n\n[build]\ncreate-missing = false\n",
        ),
        ("content/SUMMARY.md", SUMMARY),
        ("content/ownership.md", "# Ownership\n"),
    ]);
    let errors = book.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].position,
        Some(lectern::diag::Position::new(4, 15))
    );
    assert!(!book.path("content/borrowing.md").exists());
}

/// The page's header and prose as built: from `<header class="chapter-head">` to the end of
/// the prose.
fn head_and_prose(page: &str) -> &str {
    let start = page
        .find("<header class=\"chapter-head\">")
        .expect("a chapter header");
    let end = start + page[start..].find("\n  </div>").expect("the prose's end");
    &page[start..end]
}

/// A chapter without front matter is named by its `# heading`, which is the page's one h1 (with
/// its id); front matter without a title, with keys of its own, works the same.
#[test]
fn the_chapter_heading_is_the_page_title() {
    let book = TestBook::new(&[
        (
            "content/SUMMARY.md",
            "- [Moves](moves.md)\n- [Copies](copies.md)\n",
        ),
        (
            "content/moves.md",
            "# Moving `String`s\n\nA move hands the value over.\n\n## After the move\n\nThe old name is unusable.\n",
        ),
        (
            "content/copies.md",
            "---\nminutes: 5\nsession: Morning\n---\n\n# Copy types\n\nIntegers are copied.\n",
        ),
    ]);
    book.build_ok();
    let moves = book.read_site("moves.html");
    assert!(moves.contains("<title>Moving Strings"), "{moves}");
    insta::assert_snapshot!("moves_head_and_prose", head_and_prose(&moves));
    let copies = book.read_site("copies.html");
    assert_eq!(copies.matches("<h1").count(), 1);
    assert!(copies.contains("<title>Copy types"), "{copies}");
}

/// The contents page of a SUMMARY.md with everything mdBook books use: prefix and suffix
/// chapters (unnumbered), separators, a `##` note, parts (numbering goes on across them, as in
/// mdBook), a draft entry shown unlinked, formatted and wrapped link text, nesting to depth 4.
#[test]
fn an_mdbook_summary_gives_the_contents_mdbook_readers_expect() {
    let summary = "# Summary\n\n[Preface](preface.md)\n\n---\n\n- [**Getting** `started`](start/README.md)\n    - [Install](start/install.md)\n- [Not written yet]()\n\n---\n\n## Notes for maintainers\n\n# Deep dive\n\n- [Level 1](deep/one.md)\n    - [Level 2](deep/two.md)\n        - [Level 3](deep/three.md)\n            - [Level four, whose title\n              wraps](deep/four.md)\n\n---\n\n[Glossary](glossary.md)\n";
    let mut files = vec![("content/SUMMARY.md".to_string(), summary.to_string())];
    for (path, title) in [
        ("preface", "Preface"),
        ("start/README", "Getting started"),
        ("start/install", "Install"),
        ("deep/one", "Level 1"),
        ("deep/two", "Level 2"),
        ("deep/three", "Level 3"),
        ("deep/four", "Level 4"),
        ("glossary", "Glossary"),
    ] {
        files.push((
            format!("content/{path}.md"),
            format!("# {title}\n\nText.\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let book = TestBook::new(&files);
    let report = book.build_ok();
    let warnings: Vec<&str> = report
        .diags
        .items
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("level-2 heading"), "{warnings:?}");
    let index = book.read_site("index.html");
    let start = index.find("<nav class=\"toc\"").expect("the contents");
    let end = start + index[start..].find("</nav>").expect("its end") + 6;
    insta::assert_snapshot!("mdbook_summary_contents", &index[start..end]);
}

/// Spots marked with raw HTML (`<a id>`, `<a name>`, `<span id>`), as mdBook books mark them,
/// are link targets like headings; a fragment nothing has is still an error.
#[test]
fn raw_html_anchors_are_link_targets() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n"),
        (
            "content/a.md",
            "# A\n\n<a id=\"spot\"></a>\nText <span id='inline-spot'>here</span>.\n\n<a name=old-name></a>\n\nSee [it](#spot).\n",
        ),
        (
            "content/b.md",
            "# B\n\n[1](a.md#spot) [2](a.html#inline-spot) [3](a.md#old-name) [4](a.md#nowhere)\n",
        ),
    ]);
    let errors = book.build_errors();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("#nowhere"), "{messages:?}");
}

/// Links written without `.md` name the chapter (`moves`, `guide/`, `guide`): they are checked
/// like links to the file and point at its page.
#[test]
fn links_without_extension_name_chapters() {
    let book = TestBook::new(&[
        (
            "content/SUMMARY.md",
            "- [Intro](intro.md)\n- [Guide](guide/README.md)\n  - [Moves](guide/moves.md)\n",
        ),
        (
            "content/intro.md",
            "# Intro\n\n[a](guide/moves#after) [b](guide/) [c](guide)\n",
        ),
        ("content/guide/README.md", "# Guide\n\n[back](../intro)\n"),
        ("content/guide/moves.md", "# Moves\n\n## After\n"),
    ]);
    book.build_ok();
    let intro = book.read_site("intro.html");
    assert!(intro.contains("href=\"guide/moves.html#after\""), "{intro}");
    assert!(intro.contains("href=\"guide/index.html\">b</a>"), "{intro}");
    assert!(intro.contains("href=\"guide/index.html\">c</a>"), "{intro}");
    let guide = book.read_site("guide/index.html");
    assert!(guide.contains("href=\"../intro.html\""), "{guide}");
    // Still checked: a name no chapter has is an error, as before.
    book.write("content/intro.md", "# Intro\n\n[a](guide/mvoes)\n");
    assert_eq!(book.build_errors().len(), 1);
}

/// `index.html` at the site's root is the book's contents page: links to it (mdBook books
/// link to their front page so) are kept, from any folder.
#[test]
fn links_to_the_front_page_are_kept() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", "- [A](a.md)\n- [B](sub/b.md)\n"),
        ("content/a.md", "# A\n\n[home](index.html)\n"),
        ("content/sub/b.md", "# B\n\n[home](../index.html#top)\n"),
    ]);
    book.build_ok();
    assert!(book
        .read_site("a.html")
        .contains("href=\"index.html\">home"));
    assert!(book
        .read_site("sub/b.html")
        .contains("href=\"../index.html#top\">home"));
}

/// Heading ids follow mdBook's rule, so links written into an mdBook book keep pointing at the
/// same heading. Each line: a heading (or term) of the chapter, and the id mdBook 0.5.4 gave it
/// when this chapter was built with it — except where the last column says why Lectern's
/// differs.
#[test]
fn heading_ids_are_mdbooks() {
    let cases: &[(&str, &str, &str)] = &[
        ("# Tricky ids", "tricky-ids", ""),
        ("## Symptom, cause, tool", "symptom-cause-tool", ""),
        ("## V8, memory & frameworks", "v8-memory--frameworks", ""),
        (
            "## `--passes`: add more passes",
            "--passes-add-more-passes",
            "",
        ),
        (
            "## Method-call 🐙 expressions 👼",
            "method-call--expressions-",
            "",
        ),
        ("## What's `next()`?", "whats-next", ""),
        ("## Don't -- stop... \"now\"", "dont--stop-now", ""),
        (
            "## snake_case and kebab-case",
            "snake_case-and-kebab-case",
            "",
        ),
        ("## file.rs / mod.rs", "filers--modrs", ""),
        ("## two  spaces", "two--spaces", ""),
        ("## Café – crème", "café--crème", ""),
        ("## 中文標題 CJK title", "中文標題-cjk-title", ""),
        ("## ΣΊΣΥΦΟΣ", "σίσυφος", ""),
        ("## 1.2.3 Release", "123-release", ""),
        ("## C++ & C#", "c--c", ""),
        (
            "## ::",
            "section",
            "mdBook 0.5.4 writes id=\"\"; later mdBook `section`",
        ),
        ("##", "section-1", "mdBook 0.5.4 writes id=\"-1\""),
        ("## Example", "example", ""),
        ("## Example", "example-1", ""),
        ("## Example", "example-2", ""),
        ("## Example-1", "example-1-1", ""),
        (
            "## With *emphasis* and **strong**",
            "with-emphasis-and-strong",
            "",
        ),
        ("## A [link](ids.md) here", "a-link-here", ""),
        ("## An ![alt text](x.png) image", "an--image", ""),
        ("## Note[^n]", "note1", ""),
        (
            "## <span>Raw</span> html &amp; entity",
            "raw-html--entity",
            "",
        ),
        (
            "Setext line one\nand two\n---------------",
            "setext-line-one-and-two",
            "",
        ),
        ("## Custom {#my-id}", "my-id", ""),
        ("## Main", "main-1", "`main` is the page layout's"),
        // Headings real books have (mdBook's guide links `reading.html#search`).
        ("## Search", "search", ""),
        ("## Footnotes", "footnotes", ""),
        ("## Content", "content", ""),
        (
            "## Q: the phases",
            "q-the-phases-1",
            "`q-the-phases` is the card's anchor",
        ),
        ("Term\n: its definition", "term", ""),
        ("## Term", "term-1", ""),
    ];
    let chapter: String = cases
        .iter()
        .map(|(md, _, _)| format!("{md}\n\n"))
        .collect::<String>()
        + "[^n]: A note.\n";
    let book = TestBook::new(&[
        ("content/SUMMARY.md", "- [Ids](ids.md)\n- [Links](links.md)\n"),
        ("content/ids.md", &chapter),
        ("content/x.png", "not really a picture"),
        (
            "content/ids.questions.yaml",
            "interview:\n  - id: the-phases\n    question: What are the phases?\n    difficulty: easy\n    answer: Timers, poll, check.\n",
        ),
        // A link to every id: each must resolve, or the build fails.
        (
            "content/links.md",
            &cases
                .iter()
                .map(|(_, id, _)| format!("[{id}](ids.md#{id})\n"))
                .collect::<String>(),
        ),
    ]);
    book.build_ok();
    let page = book.read_site("ids.html");
    let page = head_and_prose(&page);
    let got: Vec<String> = page
        .match_indices(" id=\"")
        .filter(|(at, _)| {
            let tag = &page[page[..*at].rfind('<').unwrap_or(0)..*at];
            tag.starts_with("<h") || tag == "<dt"
        })
        .map(|(at, _)| {
            let rest = &page[at + 5..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect();
    let want: Vec<&str> = cases.iter().map(|(_, id, _)| *id).collect();
    assert_eq!(got, want);
    // Lectern's earlier ids (`v8-memory-frameworks`) are no longer there: a link to one is a
    // located error with the id that is.
    book.write("content/links.md", "[old](ids.md#v8-memory-frameworks)\n");
    let errors = book.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("v8-memory--frameworks"),
        "{errors:?}"
    );
}
