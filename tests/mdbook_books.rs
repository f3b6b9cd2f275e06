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
    assert!(cli.contains("href=\"../index.html\">the intro"), "{cli}");
    assert!(!book.path("site/cli/README.html").exists());
    assert!(!book.path("site/README.html").exists());
    let intro = book.read_site("index.html");
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
    assert!(site("index.html").contains("edit/main/src/README.md"));
}

/// The href of the header's Contents link on a page.
fn contents_link(page: &str) -> &str {
    let at = page
        .find("\" data-contents-link")
        .expect("a Contents link in the header");
    let start = page[..at].rfind("href=\"").expect("its href") + 6;
    &page[start..at]
}

/// The book's own `README.md` is the site's front page (`index.html`), as mdBook makes it;
/// Lectern's contents page moves to `contents.html`, and everything that links to it follows.
#[test]
fn top_level_readme_is_the_front_page_and_the_contents_move() {
    let book = TestBook::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"Front\"\n\n[output.html]\nsite-url = \"https://example.org/front/\"\n",
        ),
        (
            "src/SUMMARY.md",
            "# Summary\n\n[Introduction](README.md)\n\n- [Guide](guide/README.md)\n  - [Usage](guide/usage.md)\n",
        ),
        ("src/README.md", "# Introduction\n\nWelcome to the front page.\n\n## Getting started\n"),
        ("src/guide/README.md", "# Guide\n\nBack to [the intro](../README.md).\n"),
        (
            "src/guide/usage.md",
            "# Usage\n\n[a](../README.md) [b](../index.md) [c](../README.html) [d](../index.html#getting-started) [e](../contents.html) [f](index.md) [g](README.html)\n",
        ),
    ]);
    let report = book.build_ok();
    assert!(report.diags.is_empty(), "{:?}", report.diags);
    let site = |p: &str| {
        std::fs::read_to_string(report.out_dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let front = site("index.html");
    assert!(front.contains("Welcome to the front page."), "{front}");
    assert!(!report.out_dir.join("README.html").exists());
    let contents = site("contents.html");
    assert!(
        contents.contains("aria-current=\"page\">Contents</a>"),
        "{contents}"
    );
    assert!(contents.contains("guide/usage.html"), "{contents}");
    assert!(!contents.contains("Welcome to the front page."));
    // Every link to the contents page leads to contents.html, at every depth.
    assert_eq!(contents_link(&front), "contents.html");
    let usage = site("guide/usage.html");
    assert_eq!(contents_link(&usage), "../contents.html");
    assert!(usage.contains("data-contents=\"contents.html\""), "{usage}");
    for page in ["questions.html", "progress.html", "review.html", "404.html"] {
        let html = site(page);
        assert!(
            !html.contains("index.html\" data-contents-link"),
            "{page} links its Contents to the README"
        );
    }
    assert!(site("review.html").contains("<a href=\"contents.html\">Contents</a>"));
    assert!(site("404.html")
        .contains("href=\"https://example.org/front/contents.html\">Go to the table of contents"));
    // Links written to the README by any of its names reach the front page.
    for (text, href) in [
        ("a", "../index.html"),
        ("b", "../index.html"),
        ("c", "../index.html"),
        ("d", "../index.html#getting-started"),
        ("e", "../contents.html"),
        ("f", "index.html"),
        ("g", "index.html"),
    ] {
        assert!(
            usage.contains(&format!("<a href=\"{href}\">{text}</a>")),
            "{text} → {href}: {usage}"
        );
    }
    assert!(site("guide/index.html").contains("<a href=\"../index.html\">the intro</a>"));
    let sitemap = site("sitemap.xml");
    assert_eq!(
        sitemap
            .matches("<loc>https://example.org/front/index.html</loc>")
            .count(),
        1,
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/front/contents.html</loc>"),
        "{sitemap}"
    );
    let first_loc = sitemap.find("<loc>").unwrap();
    assert!(sitemap[first_loc..].starts_with("<loc>https://example.org/front/index.html</loc>"));
    // The print page holds the README once, first, and links to it within the page.
    let print = site("print.html");
    assert_eq!(print.matches("Welcome to the front page.").count(), 1);
    assert!(
        print.contains("<a href=\"#index\">the intro</a>"),
        "{print}"
    );
}

/// A top-level `index.md` is the front page too (mdBook writes it to `index.html` as any
/// chapter); links to `README.md` reach it as well.
#[test]
fn top_level_index_md_is_the_front_page() {
    let book = TestBook::new(&[
        ("src/SUMMARY.md", "- [Intro](index.md)\n- [Next](next.md)\n"),
        ("src/index.md", "# Intro\n\nThe index chapter.\n"),
        (
            "src/next.md",
            "# Next\n\n[home](index.md) [also](README.md) [toc](contents.html)\n",
        ),
    ]);
    let report = book.build_ok();
    assert!(report.diags.is_empty(), "{:?}", report.diags);
    let site = |p: &str| std::fs::read_to_string(report.out_dir.join(p)).unwrap();
    assert!(site("index.html").contains("The index chapter."));
    assert!(site("contents.html").contains("next.html"));
    let next = site("next.html");
    assert_eq!(contents_link(&next), "contents.html");
    assert!(next.contains("<a href=\"index.html\">home</a>"), "{next}");
    assert!(next.contains("<a href=\"index.html\">also</a>"), "{next}");
    assert!(next.contains("<a href=\"contents.html\">toc</a>"), "{next}");
}

/// mdBook writes both `README.md` and `index.md` of a folder to its `index.html`, warns, and
/// keeps the one it writes last. Lectern loses no page: both listed is one located error
/// that says so; an `index.md` that SUMMARY.md does not list leaves README the front page.
#[test]
fn readme_and_index_md_in_one_folder() {
    let both = TestBook::new(&[
        (
            "src/SUMMARY.md",
            "[Readme](README.md)\n\n- [Index](index.md)\n",
        ),
        ("src/README.md", "# Readme\n"),
        ("src/index.md", "# Index\n"),
    ]);
    let errors = both.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(e.message.contains("`index.html`"), "{}", e.message);
    assert!(
        e.file.to_string_lossy().ends_with("index.md")
            || e.file.to_string_lossy().ends_with("README.md"),
        "{:?}",
        e.file
    );
    assert!(
        e.hint
            .as_deref()
            .unwrap_or("")
            .contains("README.md is its index.html"),
        "{:?}",
        e.hint
    );

    let readme_listed = TestBook::new(&[
        (
            "src/SUMMARY.md",
            "[Readme](README.md)\n\n- [Other](other.md)\n",
        ),
        ("src/README.md", "# Readme\n\nThe readme.\n"),
        ("src/index.md", "# Index\n\nNot listed.\n"),
        ("src/other.md", "# Other\n"),
    ]);
    let report = readme_listed.build_ok();
    let front = std::fs::read_to_string(report.out_dir.join("index.html")).unwrap();
    assert!(front.contains("The readme."), "{front}");
    assert!(report.out_dir.join("contents.html").is_file());
}

/// Without a top-level README or index chapter, the contents page stays at `index.html`,
/// and `contents.html` is no page of the book.
#[test]
fn without_a_front_chapter_the_contents_stay_at_index_html() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", "- [Intro](intro.md)\n"),
        ("content/intro.md", "# Intro\n\n[toc](index.html)\n"),
    ]);
    book.build_ok();
    assert!(book
        .read_site("index.html")
        .contains("aria-current=\"page\">Contents</a>"));
    assert!(!book.path("site/contents.html").exists());
    let intro = book.read_site("intro.html");
    assert_eq!(contents_link(&intro), "index.html");
    assert!(!intro.contains("data-contents="), "{intro}");
    book.write("content/intro.md", "# Intro\n\n[toc](contents.html)\n");
    let errors = book.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("contents.html"),
        "{}",
        errors[0].message
    );
}

/// A book whose README is the front page, where a chapter takes `contents.html`: a located
/// error naming the contents page, not a page silently lost.
#[test]
fn a_chapter_named_contents_beside_a_readme_is_an_error() {
    let book = TestBook::new(&[
        (
            "src/SUMMARY.md",
            "[Intro](README.md)\n\n- [Contents](contents.md)\n",
        ),
        ("src/README.md", "# Intro\n"),
        ("src/contents.md", "# Contents\n"),
    ]);
    let errors = book.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("the book's contents page"),
        "{}",
        errors[0].message
    );
    assert!(errors[0].hint.is_some());
}

/// The single-file export opens on the README, as the site does, holds it once, and keeps
/// the contents as a page of its own.
#[test]
fn the_export_opens_on_the_readme() {
    let book = TestBook::new(&[
        (
            "src/SUMMARY.md",
            "[Intro](README.md)\n\n- [Next](next.md)\n",
        ),
        ("src/README.md", "# Intro\n\nThe front text.\n"),
        ("src/next.md", "# Next\n\n[back](README.md)\n"),
    ]);
    let exported = lectern::export::export(book.root(), lectern::export::Format::Html)
        .unwrap_or_else(|d| panic!("{}", d.render_all(book.root())));
    let whole = String::from_utf8(exported.bytes).unwrap();
    // The pages come before the inlined scripts (whose search index has the text too).
    let html = &whole[..whole.find("<script data-file").unwrap()];
    assert_eq!(
        html.matches("The front text.").count(),
        1,
        "the README once"
    );
    let main = html.find("<main").unwrap();
    let first_template = html.find("<template").unwrap();
    let front = html.find("The front text.").unwrap();
    assert!(
        main < front && front < first_template,
        "the README is <main>'s first content"
    );
    assert_eq!(html.matches("<template data-page=\"\"").count(), 1);
    assert!(html.contains("<template data-page=\"contents\""));
    assert!(
        html.contains("href=\"#/contents\" data-contents-link"),
        "the header's Contents link"
    );
    assert!(html.contains("<a href=\"#/\">back</a>"));
}

/// `lectern serve`: a README that appears makes it the front page and moves every page's
/// Contents link; when it goes, they come back. Each rebuild equals a clean build.
#[test]
fn serve_follows_a_readme_that_comes_and_goes() {
    let book = TestBook::new(&[
        ("src/SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n"),
        ("src/a.md", "# A\n"),
        ("src/b.md", "# B\n"),
    ]);
    let mut builder = lectern::Builder::new(book.root(), Default::default());
    let page =
        |site: &lectern::Site, p: &str| String::from_utf8(site.files[p].bytes().to_vec()).unwrap();
    let before = builder.rebuild().unwrap().site;
    assert_eq!(contents_link(&page(&before, "b.html")), "index.html");
    book.write("src/README.md", "# Welcome\n");
    book.write(
        "src/SUMMARY.md",
        "[Welcome](README.md)\n\n- [A](a.md)\n- [B](b.md)\n",
    );
    let with = builder
        .rebuild_changed(&["src/README.md", "src/SUMMARY.md"])
        .unwrap();
    for p in [
        "a.html",
        "b.html",
        "index.html",
        "contents.html",
        "questions.html",
    ] {
        assert_eq!(contents_link(&page(&with.site, p)), "contents.html", "{p}");
    }
    assert!(page(&with.site, "index.html").contains("Welcome"));
    assert!(
        with.changed.contains(&"b.html".to_string()),
        "{:?}",
        with.changed
    );
    assert!(with.changed.contains(&"contents.html".to_string()));
    std::fs::remove_file(book.path("src/README.md")).unwrap();
    book.write("src/SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n");
    let without = builder
        .rebuild_changed(&["src/README.md", "src/SUMMARY.md"])
        .unwrap();
    assert!(!without.site.files.contains_key("contents.html"));
    assert!(without.changed.contains(&"contents.html".to_string()));
    for p in ["a.html", "b.html", "index.html", "questions.html"] {
        assert_eq!(contents_link(&page(&without.site, p)), "index.html", "{p}");
    }
    assert_eq!(common::files_of(&without.site), common::files_of(&before));
}

/// A folder with src/SUMMARY.md and no book.toml is an mdBook book with mdBook's defaults
/// (mdBook's own test books are often so): it builds into book/, titled after its folder, with
/// one warning that says so.
#[test]
fn a_book_without_book_toml_builds_with_mdbooks_defaults() {
    let book = TestBook::new(&[
        ("src/SUMMARY.md", "# Summary\n\n- [One](one.md)\n"),
        ("src/one.md", "# One\n\nText.\n"),
    ]);
    std::fs::remove_file(book.path("book.toml")).unwrap();
    let report = book.build_ok();
    let warnings: Vec<&str> = report
        .diags
        .items
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("there is no book.toml: building src/ as an mdBook book"),
        "{warnings:?}"
    );
    let page = std::fs::read_to_string(book.path("book/one.html")).unwrap();
    let folder = book
        .root()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        page.contains(&format!("<title>One · {folder}</title>")) || page.contains(&folder),
        "{page}"
    );
    // Without src/SUMMARY.md it is no book at all: the error says what to do.
    let empty = TestBook::new(&[]);
    std::fs::remove_file(empty.path("book.toml")).unwrap();
    let errors = empty.build_errors();
    assert!(
        errors[0].message.starts_with("no book.toml in"),
        "{errors:?}"
    );
}
