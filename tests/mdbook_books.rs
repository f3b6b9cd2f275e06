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
