//! mdBook's `[output.html]` settings, honoured: extra stylesheets and scripts, search on or
//! off, chapter numbers off, redirect pages, the print page, the folding sidebar.

mod common;

use common::TestBook;

const SUMMARY: &str = "# Summary\n\n- [Intro](intro.md)\n  - [Sub](sub/a.md)\n    - [Deep](sub/b.md)\n- [Other](other.md)\n";

/// A small mdBook-style book (chapters in `src/`, built into `book/`) with `book.toml`.
fn mdbook(toml: &str, extra: &[(&str, &str)]) -> TestBook {
    let mut files = vec![
        ("book.toml", toml),
        ("src/SUMMARY.md", SUMMARY),
        (
            "src/intro.md",
            "# Intro\n\nSee [the part](sub/a.md#part).\n\n## Part one\n\nIntro text.\n",
        ),
        (
            "src/sub/a.md",
            "# Sub\n\n## Part\n\nBack to [intro](../intro.md#part-one), [here](#part), [deep](b.md).\n\n![a dot](dot.svg)\n",
        ),
        ("src/sub/dot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("src/sub/b.md", "# Deep\n\nDeep text.\n"),
        ("src/other.md", "# Other\n\nOther text.\n"),
    ];
    files.extend_from_slice(extra);
    TestBook::new(&files)
}

fn read(book: &TestBook, rel: &str) -> String {
    std::fs::read_to_string(book.path("book").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn warnings(report: &lectern::BuildReport) -> Vec<String> {
    report
        .diags
        .items
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| d.message.clone())
        .collect()
}

/// `additional-css` / `additional-js`: copied to their path in the site, linked (relative to
/// each page) after Lectern's own stylesheets and scripts, and no warning about them.
#[test]
fn additional_css_and_js_are_copied_and_linked_after_the_themes() {
    let book = mdbook(
        "[book]\ntitle = \"T\"\n[output.html]\nadditional-css = [\"theme/custom.css\", \"./styles/more.css\"]\nadditional-js = [\"js/my script.js\"]\n",
        &[
            ("theme/custom.css", "body { --custom: 1 }\n"),
            ("styles/more.css", ".more { color: red }\n"),
            ("js/my script.js", "window.CUSTOM = 1;\n"),
        ],
    );
    let report = book.build_ok();
    assert_eq!(warnings(&report), Vec::<String>::new());
    assert_eq!(read(&book, "theme/custom.css"), "body { --custom: 1 }\n");
    assert_eq!(read(&book, "styles/more.css"), ".more { color: red }\n");
    assert_eq!(read(&book, "js/my script.js"), "window.CUSTOM = 1;\n");
    let page = read(&book, "sub/a.html");
    let css = page
        .find("<link rel=\"stylesheet\" href=\"../theme/custom.css\">")
        .expect(&page);
    let more = page
        .find("<link rel=\"stylesheet\" href=\"../styles/more.css\">")
        .expect(&page);
    let own_css = page.find("assets/highlight-dark.css").unwrap();
    assert!(own_css < css && css < more, "{page}");
    let js = page
        .find("<script src=\"../js/my%20script.js\"></script>")
        .expect(&page);
    assert!(
        page.rfind("assets/").unwrap() < js,
        "after every script of the theme: {page}"
    );
    assert!(read(&book, "index.html").contains("href=\"theme/custom.css\""));
    // The single-file export inlines the stylesheet and the script.
    let export = lectern::export::export(book.root(), lectern::export::Format::Html).unwrap();
    let export = String::from_utf8(export.bytes).unwrap();
    assert!(
        export.contains("body { --custom: 1 }"),
        "stylesheet inlined"
    );
    let custom = export.find("window.CUSTOM = 1;").expect("script inlined");
    assert!(export.find("data-file=\"assets/lectern.js\"").unwrap() < custom);
    assert!(!export.contains("href=\"theme/custom.css\""));
}

/// A listed file that does not exist, or lies outside the book, is an error at its string.
#[test]
fn a_missing_additional_file_is_a_located_error() {
    let book = mdbook(
        "[book]\ntitle = \"T\"\n[output.html]\nadditional-css = [\"theme/none.css\"]\nadditional-js = [\"../outside.js\"]\n",
        &[],
    );
    let errors = book.build_errors();
    let found: Vec<(usize, usize)> = errors
        .iter()
        .map(|d| (d.position.unwrap().line, d.position.unwrap().column))
        .collect();
    assert_eq!(found, [(4, 19), (5, 18)], "{errors:?}");
    assert!(
        errors[0].message.contains("theme/none.css")
            && errors[0].message.contains("does not exist")
    );
    assert!(errors[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("create theme/none.css"));
    assert!(errors[1]
        .message
        .contains("not a file inside the book's folder"));
    assert!(errors
        .iter()
        .all(|d| d.file.to_string_lossy() == "book.toml"));
}

/// A listed file that would replace a file of Lectern's is an error too.
#[test]
fn an_additional_file_cannot_replace_the_sites_own() {
    let book = mdbook(
        "[book]\ntitle = \"T\"\n[output.html]\nadditional-css = [\"assets/lectern.css\"]\n",
        &[("assets/lectern.css", "x\n")],
    );
    let e = common::only_error(&book);
    assert_eq!(e.position.map(|p| (p.line, p.column)), Some((4, 19)));
    assert!(e.message.contains("a file of the theme"), "{}", e.message);
}

/// Up-to-date builds notice an edited additional stylesheet.
#[test]
fn an_edited_additional_file_is_built_again() {
    let book = mdbook(
        "[book]\ntitle = \"T\"\n[output.html]\nadditional-css = [\"styles/more.css\"]\n",
        &[("styles/more.css", ".a { color: red }\n")],
    );
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let age = |rel: &str| {
        std::fs::File::options()
            .write(true)
            .open(book.path(rel))
            .unwrap()
            .set_modified(hour_ago)
            .unwrap()
    };
    for f in [
        "book.toml",
        "src/SUMMARY.md",
        "src/intro.md",
        "src/sub/a.md",
        "src/sub/b.md",
        "src/sub/dot.svg",
        "src/other.md",
        "styles/more.css",
    ] {
        age(f);
    }
    let cache = tempfile::tempdir().unwrap();
    let build = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lectern"))
            .arg("build")
            .arg(book.root())
            .env("LECTERN_CACHE_DIR", cache.path())
            .env_remove("LECTERN_NO_CACHE")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        stderr.contains("Up to date in")
    };
    assert!(!build());
    assert!(build(), "nothing changed");
    book.write("styles/more.css", ".a { color: blue }\n");
    age("styles/more.css");
    assert!(!build(), "the stylesheet changed");
    assert_eq!(read(&book, "styles/more.css"), ".a { color: blue }\n");
}

/// `[output.html.search] enable = false`: no index, no search button; `limit-results`
/// reaches the search dialog.
#[test]
fn search_can_be_turned_off_and_its_results_limited() {
    let off = mdbook(
        "[book]\ntitle = \"T\"\n[output.html.search]\nenable = false\n",
        &[],
    );
    assert_eq!(warnings(&off.build_ok()), Vec::<String>::new());
    assert!(!off.path("book/search-index.js").exists());
    for page in ["index.html", "intro.html", "sub/a.html", "questions.html"] {
        let html = read(&off, page);
        assert!(!html.contains("data-search-open"), "{page}: {html}");
    }
    let on = mdbook(
        "[book]\ntitle = \"T\"\n[output.html.search]\nlimit-results = 5\n",
        &[],
    );
    assert_eq!(warnings(&on.build_ok()), Vec::<String>::new());
    assert!(on.path("book/search-index.js").exists());
    let html = read(&on, "intro.html");
    assert!(html.contains("data-search-open"));
    assert!(html.contains("data-search-limit=\"5\""), "{html}");
    // By default the theme's own limit: no attribute.
    let plain = mdbook("[book]\ntitle = \"T\"\n", &[]);
    plain.build_ok();
    assert!(!read(&plain, "intro.html").contains("data-search-limit"));
    let bad = mdbook(
        "[book]\ntitle = \"T\"\n[output.html.search]\nlimit-results = 0\n",
        &[],
    );
    let e = common::only_error(&bad);
    assert_eq!(e.position.map(|p| (p.line, p.column)), Some((4, 17)));
}

/// `no-section-label = true`: no chapter numbers in the contents, the chapter heads or the
/// sidebar's data.
#[test]
fn no_section_label_drops_the_chapter_numbers() {
    let numbered = mdbook("[book]\ntitle = \"T\"\n", &[]);
    numbered.build_ok();
    assert!(read(&numbered, "index.html").contains("<span class=\"toc-num\">1.1.1</span>"));
    assert!(read(&numbered, "book-data.js").contains("\"number\":\"1.1\""));
    assert!(read(&numbered, "sub/a.html").contains("Chapter 1.1"));

    let book = mdbook(
        "[book]\ntitle = \"T\"\n[output.html]\nno-section-label = true\n",
        &[],
    );
    assert_eq!(warnings(&book.build_ok()), Vec::<String>::new());
    let index = read(&book, "index.html");
    assert!(!index.contains("toc-num"), "{index}");
    assert!(index.contains("<span class=\"toc-title\">Deep</span>"));
    let data = read(&book, "book-data.js");
    assert!(!data.contains("\"number\":\"1"), "{data}");
    assert!(!read(&book, "sub/a.html").contains("Chapter 1"));
    assert!(!read(&book, "progress.html").contains("toc-num"));
}

/// `[output.html.redirect]`: a small page at each old address, sending readers on (relative
/// to the old page's folder, or an absolute URL), keeping their `#fragment`.
#[test]
fn redirects_write_pages_that_send_readers_on() {
    let book = mdbook(
        concat!(
            "[book]\ntitle = \"T\"\n[output.html.redirect]\n",
            "\"/old/intro.html\" = \"../intro.html\"\n",
            "\"/gone.html\" = \"sub/a.html#part\"\n",
            "\"/gone.html#deep\" = \"sub/b.html\"\n",
            "\"/away.html\" = \"https://example.org/x?a=1&b=2\"\n",
            "\"/rooted.html\" = \"/sub/b.html\"\n",
        ),
        &[],
    );
    assert_eq!(warnings(&book.build_ok()), Vec::<String>::new());
    let old = read(&book, "old/intro.html");
    assert!(
        old.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"),
        "{old}"
    );
    assert!(
        old.contains("<meta http-equiv=\"refresh\" content=\"0; url=../intro.html\">"),
        "{old}"
    );
    assert!(old.contains("<link rel=\"canonical\" href=\"../intro.html\">"));
    assert!(
        old.contains("<a href=\"../intro.html\">"),
        "a visible link: {old}"
    );
    assert!(
        old.contains("d.indexOf(\"#\")<0?d+h:d"),
        "the fragment is kept: {old}"
    );
    let gone = read(&book, "gone.html");
    assert!(
        gone.contains("var m={\"#deep\":\"sub/b.html\"},d=\"sub/a.html#part\""),
        "{gone}"
    );
    let away = read(&book, "away.html");
    assert!(
        away.contains("url=https://example.org/x?a=1&amp;b=2\""),
        "{away}"
    );
    assert!(read(&book, "rooted.html").contains("url=sub/b.html\""));
    assert!(!book.path("book/gone.html#deep").exists());
}

/// A redirect that would replace a chapter's page is an error at its key; one that leads
/// to no page of the book is a warning there.
#[test]
fn redirects_over_pages_are_errors_and_to_nowhere_warnings() {
    let book = mdbook(
        "[book]\ntitle = \"T\"\n[output.html.redirect]\n\"/intro.html\" = \"other.html\"\n\"/index.html\" = \"other.html\"\n",
        &[],
    );
    let errors = book.build_errors();
    let found: Vec<(usize, usize)> = errors
        .iter()
        .map(|d| (d.position.unwrap().line, d.position.unwrap().column))
        .collect();
    assert_eq!(found, [(4, 1), (5, 1)], "{errors:?}");
    assert!(
        errors[0]
            .message
            .contains("the page of the chapter src/intro.md"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[1].message.contains("contents page"),
        "{}",
        errors[1].message
    );
    assert!(errors.iter().all(|e| e.hint.is_some()));

    let book = mdbook(
        "[book]\ntitle = \"T\"\n[output.html.redirect]\n\"/a.html\" = \"nowhere.html\"\n\"/b.html\" = \"sub/dot.svg\"\n",
        &[],
    );
    let report = book.build_ok();
    let w = warnings(&report);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("leads to nowhere.html, which is not a page of the book"),
        "{w:?}"
    );
    assert_eq!(report.diags.items[0].position.map(|p| p.line), Some(4));
    assert!(book.path("book/a.html").exists(), "written all the same");
}

/// `[output.html.print]`: `print.html` holds every chapter in reading order, ids unique per
/// chapter, links between chapters kept within the page; linked from the header; `enable =
/// false` writes none; `page-break` is a class the print stylesheet uses.
#[test]
fn the_print_page_holds_the_whole_book() {
    let book = mdbook("[book]\ntitle = \"T\"\n", &[]);
    assert_eq!(warnings(&book.build_ok()), Vec::<String>::new());
    let print = read(&book, "print.html");
    let order: Vec<usize> = [
        "id=\"intro\"",
        "id=\"sub-a\"",
        "id=\"sub-b\"",
        "id=\"other\"",
    ]
    .iter()
    .map(|s| print.find(s).unwrap_or_else(|| panic!("{s}: {print}")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "reading order: {order:?}"
    );
    assert!(print.contains("<div class=\"print-book prose print-page-break\">"));
    assert!(print.contains("<h2 id=\"intro--part-one\">"), "{print}");
    assert!(
        print.contains("<a href=\"#sub-a--part\">the part</a>"),
        "{print}"
    );
    assert!(
        print.contains("<a href=\"#intro--part-one\">intro</a>"),
        "{print}"
    );
    assert!(print.contains("<a href=\"#sub-b\">deep</a>"), "{print}");
    assert!(print.contains("src=\"sub/dot.svg\""), "{print}");
    assert!(read(&book, "sub/a.html")
        .contains("<a href=\"../print.html\" aria-label=\"Print this book\">Print"));
    // The single-file export does not carry the book twice.
    let export = lectern::export::export(book.root(), lectern::export::Format::Html).unwrap();
    assert!(!String::from_utf8(export.bytes)
        .unwrap()
        .contains("data-page=\"print\""));

    let book = mdbook(
        "[book]\ntitle = \"T\"\n[output.html.print]\npage-break = false\n",
        &[],
    );
    assert_eq!(warnings(&book.build_ok()), Vec::<String>::new());
    assert!(read(&book, "print.html").contains("<div class=\"print-book prose\">"));

    let off = mdbook(
        "[book]\ntitle = \"T\"\n[output.html.print]\nenable = false\n",
        &[],
    );
    assert_eq!(warnings(&off.build_ok()), Vec::<String>::new());
    assert!(!off.path("book/print.html").exists());
    assert!(!read(&off, "intro.html").contains("print.html"));
}

/// `dir` on every page's `<html>`: right to left for a right-to-left `[book] language`
/// (`he-IL`), unless mdBook's `[book] text-direction` says otherwise; on the theme's pages, the
/// 404 page, the print page and the redirect pages alike.
#[test]
fn pages_read_in_the_direction_of_the_books_language() {
    for (book_table, dir) in [
        ("language = \"en\"", "ltr"),
        ("language = \"he-IL\"", "rtl"),
        ("language = \"fa\"", "rtl"),
        ("language = \"ar\"\ntext-direction = \"ltr\"", "ltr"),
        ("language = \"en\"\ntext-direction = \"rtl\"", "rtl"),
    ] {
        let book = mdbook(
            &format!("[book]\ntitle = \"T\"\n{book_table}\n[output.html.redirect]\n\"/old.html\" = \"intro.html\"\n"),
            &[],
        );
        // (Hebrew and Persian have no shipped catalogue: that one warning is expected.)
        let unexpected: Vec<String> = warnings(&book.build_ok())
            .into_iter()
            .filter(|w| !w.starts_with("Lectern has no interface strings"))
            .collect();
        assert_eq!(unexpected, Vec::<String>::new(), "{book_table}");
        for page in [
            "index.html",
            "intro.html",
            "sub/a.html",
            "404.html",
            "print.html",
            "questions.html",
            "old.html",
        ] {
            let html = read(&book, page);
            let tag = &html[html.find("<html").unwrap()..];
            let tag = &tag[..tag.find('>').unwrap()];
            assert!(
                tag.contains(&format!(" dir=\"{dir}\"")),
                "{book_table}: {page}: {tag}"
            );
        }
        let chapter = read(&book, "sub/a.html");
        let (prev, next) = if dir == "rtl" {
            ("→", "←")
        } else {
            ("←", "→")
        };
        assert!(
            chapter.contains(&format!(
                "class=\"pager-dir\"><span aria-hidden=\"true\">{prev}</span> "
            )),
            "{book_table}"
        );
        assert!(
            chapter.contains(&format!(" <span aria-hidden=\"true\">{next}</span></span>")),
            "{book_table}"
        );
    }
}
