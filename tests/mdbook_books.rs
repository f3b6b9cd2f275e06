//! Books written the way mdBook books are: the conventions an existing book relies on
//! (README.md pages, links to page names, directives) work unmodified.

mod common;

use common::TestBook;

/// A folder's `README.md` is its `index.html`, and links to a chapter's page name
/// (`cli/index.html`, `intro.html#a`) are checked and kept like links to its file.
#[test]
fn readme_is_the_folder_index_and_page_links_resolve() {
    let book = TestBook::new(&[
        (
            "content/SUMMARY.md",
            "# Summary\n\n- [Intro](README.md)\n- [Command line](cli/README.md)\n  - [Build](cli/build.md)\n",
        ),
        (
            "content/README.md",
            "# Intro\n\nSee [the CLI](cli/index.html), [its file](cli/README.md) and [build](cli/build.html#flags).\n",
        ),
        ("content/cli/README.md", "# Command line\n\nBack to [the intro](../README.md).\n"),
        ("content/cli/build.md", "# Build\n\n## Flags\n\nSee [the overview](index.html) and [its file](README.md).\n"),
    ]);
    book.build_ok();
    let cli = book.read_site("cli/index.html");
    assert!(cli.contains("href=\"../README.html\""), "{cli}");
    assert!(!book.path("site/cli/README.html").exists());
    let intro = book.read_site("README.html");
    assert!(intro.contains("href=\"cli/index.html\""), "{intro}");
    assert!(intro.contains("href=\"cli/build.html#flags\""), "{intro}");
    assert!(!intro.contains("cli/README.html"), "{intro}");
    let build = book.read_site("cli/build.html");
    assert_eq!(build.matches("href=\"index.html\"").count(), 2, "{build}");
}

/// A link to a page name with an anchor the page lacks is an error, as for a `.md` link.
#[test]
fn page_links_have_their_anchors_checked() {
    let book = TestBook::new(&[
        (
            "content/SUMMARY.md",
            "# Summary\n\n- [A](a.md)\n- [B](b/README.md)\n",
        ),
        ("content/a.md", "# A\n\nSee [b](b/index.html#nowhere).\n"),
        ("content/b/README.md", "# B\n\n## Somewhere\n"),
    ]);
    let errors = book.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("#nowhere"),
        "{}",
        errors[0].message
    );
}

/// The chapter's prose as rendered: what is between the page's `<div class="prose">` and
/// its end.
fn prose(page: &str) -> &str {
    let start = page.find("<div class=\"prose\">").expect("a prose part") + 19;
    let end = start + page[start..].find("\n  </div>").expect("its end");
    page[start..end].trim()
}

const LISTING: &str = "use std::fmt;\n\n// ANCHOR: all\nfn main() {\n    // ANCHOR: body\n    println!(\"hi\");\n    // ANCHOR_END: body\n}\n// ANCHOR_END: all\n";

/// Every form of mdBook's directives, in a chapter and in a file it includes, with included
/// files outside the content folder (real books include `../listings/`).
#[test]
fn every_directive_form_expands_as_mdbook_does() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", "# Summary\n\n- [Directives](ch.md)\n"),
        (
            "content/ch.md",
            concat!(
                "{{#title A page title}}\n",
                "# Directives\n\n",
                "Whole file:\n\n```rust\n{{#include ../listings/main.rs}}\n```\n\n",
                "Line 1: `{{#include ../listings/main.rs:1}}`\n\n",
                "Lines 4 to 8:\n\n```rust\n{{#include ../listings/main.rs:4:8}}\n```\n\n",
                "Up to 1:\n\n```rust\n{{#include ../listings/main.rs::1}}\n```\n\n",
                "From 8:\n\n```rust\n{{#include ../listings/main.rs:8:}}\n```\n\n",
                "Anchor:\n\n```rust\n{{#include ../listings/main.rs:all}}\n```\n\n",
                "Rustdoc:\n\n```rust\n{{#rustdoc_include ../listings/main.rs:body}}\n```\n\n",
                "{{#playground ../listings/main.rs editable}}\n\n",
                "Escaped: `\\{{#include nothing.rs}}`\n\n",
                "- In a list:\n\n  ```text\n  {{#include part.md}}\n  ```\n",
            ),
        ),
        (
            "content/part.md",
            "first\nsecond {{#include ../listings/one.txt}}\n",
        ),
        ("listings/main.rs", LISTING),
        ("listings/one.txt", "one\n"),
    ]);
    book.build_ok();
    let page = book.read_site("ch.html");
    assert!(page.contains("<title>A page title</title>"), "{page}");
    insta::assert_snapshot!("every_directive_form", prose(&page));
}

/// Smart punctuation is on by default, as in mdBook 0.5, and off with
/// `smart-punctuation = false`; definition lists are rendered, each term with an id as mdBook
/// gives it.
#[test]
fn smart_punctuation_and_definition_lists() {
    let chapter = "# Marks\n\n\"Quoted\" -- it's --- well...\n\nTerm\n: Its definition.\n\n`\"code\" -- stays`\n";
    let on = TestBook::new(&[
        ("content/SUMMARY.md", "- [Marks](m.md)\n"),
        ("content/m.md", chapter),
    ]);
    on.build_ok();
    let page = on.read_site("m.html");
    let text = prose(&page);
    assert!(text.contains("“Quoted” – it’s — well…"), "{text}");
    assert!(
        text.contains("<dl>") && text.contains("<dt id=\"term\">Term</dt>"),
        "{text}"
    );
    assert!(text.contains("<code>\"code\" -- stays</code>"), "{text}");
    let off = TestBook::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[output.html]\nsmart-punctuation = false\n",
        ),
        ("content/SUMMARY.md", "- [Marks](m.md)\n"),
        ("content/m.md", chapter),
    ]);
    off.build_ok();
    let page = off.read_site("m.html");
    assert!(
        prose(&page).contains("\"Quoted\" -- it's --- well..."),
        "{page}"
    );
}

/// mdBook's hidden lines: in the page (so the whole program can be shown), hidden until the
/// checkbox before the block is ticked, and kept out of the search index; the prefix is `# `
/// in Rust and set per language in book.toml or per block; attributes say what matters.
#[test]
fn hidden_lines_and_code_attributes() {
    let book = TestBook::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[output.html.code.hidelines]\npython = \"~\"\n",
        ),
        ("content/SUMMARY.md", "- [Code](c.md)\n"),
        (
            "content/c.md",
            concat!(
                "# Code\n\n",
                "```rust,compile_fail,E0597\n# fn main() {\nlet visible = 1;\n#    let zanzibar = 2;\n## literal\n# }\n```\n\n",
                "```python\n~import quixotic\nprint(1)\n```\n\n",
                "```Rust, editable\nfn plain() {}\n```\n",
            ),
        ),
    ]);
    book.build_ok();
    let page = book.read_site("c.html");
    insta::assert_snapshot!("hidden_lines_and_code_attributes", prose(&page));
    let index = book.read_site("search-index.js");
    assert!(index.contains("visible"), "{index}");
    assert!(
        !index.contains("zanzibar") && !index.contains("quixotic"),
        "{index}"
    );
    assert!(!index.contains("Show hidden lines"), "{index}");
}

/// Footnotes are gathered at the end of the page in order of first reference, each linking
/// back to every place that refers to it, as mdBook 0.5 shows them.
#[test]
fn footnotes_are_gathered_at_the_end_with_links_back() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", "- [Notes](n.md)\n"),
        (
            "content/n.md",
            "# Notes\n\nFirst[^b], second[^a], again[^b].\n\n[^a]: Note A.\n\nMiddle.\n\n[^b]: Note B.\n\nEnd.\n",
        ),
    ]);
    book.build_ok();
    insta::assert_snapshot!("footnotes_gathered", prose(&book.read_site("n.html")));
}

/// `edit-url-template` gives each chapter a "Suggest an edit" link, `{path}` its file below
/// the book's root as mdBook fills it in; `git-repository-url` a link in the header.
#[test]
fn edit_links_and_the_repository_link() {
    let book = TestBook::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\nsrc = \"src\"\n[output.html]\ngit-repository-url = \"https://example.org/r\"\nedit-url-template = \"https://example.org/r/edit/main/{path}\"\n",
        ),
        ("src/SUMMARY.md", "- [Intro](README.md)\n- [Part](part/one.md)\n"),
        ("src/README.md", "# Intro\n"),
        ("src/part/one.md", "# One\n"),
    ]);
    let report = book.build_ok();
    assert!(report.diags.is_empty(), "{:?}", report.diags);
    let site = |p: &str| std::fs::read_to_string(report.out_dir.join(p)).unwrap();
    let one = site("part/one.html");
    assert!(
        one.contains("<a href=\"https://example.org/r/edit/main/src/part/one.md\" rel=\"edit\">Suggest an edit</a>"),
        "{one}"
    );
    assert!(
        one.contains("<a href=\"https://example.org/r\" rel=\"external\">Repository</a>"),
        "{one}"
    );
    assert!(site("README.html").contains("edit/main/src/README.md"));
}
