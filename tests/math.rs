//! Math at build time: `$…$`, `$$…$$` and mdBook's `\\( … \\)` / `\\[ … \\]` become MathML,
//! prices and code stay as written, a bad formula is an error at the formula, and search
//! indexes the TeX. The browser side (typesetting, axe, the export offline) is
//! tests/browser/math.test.js.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::TestBook;

fn page(book: &TestBook, rel: &str) -> String {
    book.build_ok();
    book.read_site(rel)
}

/// The `<main>` of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a main element");
    let end = html.rfind("</main>").expect("main closes");
    &html[start..end]
}

fn chapter_book(body: &str) -> TestBook {
    TestBook::new(&[
        ("content/SUMMARY.md", "- [A](a.md)\n"),
        ("content/a.md", &format!("---\ntitle: A\n---\n\n{body}")),
    ])
}

#[test]
fn inline_and_display_formulas_become_mathml() {
    let book = chapter_book("Inline $\\frac{a}{b}$ here.\n\n$$\n\\sum_{i=1}^{n} i\n$$\n");
    let html = page(&book, "a.html");
    let main = main_of(&html);
    let from = main.find("<p>Inline").expect("the paragraph");
    let to = main[from..]
        .find("</span></p>")
        .expect("the display formula")
        + from;
    insta::assert_snapshot!(&main[from..to + 11], @r#"
    <p>Inline <math alttext="\frac{a}{b}" aria-label="\frac{a}{b}"><semantics><mfrac><mi>a</mi><mi>b</mi></mfrac><annotation encoding="application/x-tex">\frac{a}{b}</annotation></semantics></math> here.</p>
    <p><span class="math-display" tabindex="0"><math alttext="\sum_{i=1}^{n} i" aria-label="\sum_{i=1}^{n} i" display="block"><semantics><mrow><munderover><mo lspace="0">∑</mo><mrow><mi>i</mi><mo lspace="0" rspace="0">=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>i</mi></mrow><annotation encoding="application/x-tex">
    \sum_{i=1}^{n} i
    </annotation></semantics></math></span></p>
    "#);
    // Nothing is loaded to typeset it: the page's scripts are those of a page without math.
    let plain = chapter_book("No formulas here.\n");
    let scripts = |html: &str| -> Vec<String> {
        html.match_indices("<script")
            .map(|(i, _)| html[i..].split('>').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(scripts(&html), scripts(&page(&plain, "a.html")));
    assert!(!html.to_lowercase().contains("mathjax") && !html.to_lowercase().contains("katex"));
}

#[test]
fn the_constructs_of_a_course_all_typeset() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/math");
    let dest = tempfile::tempdir().unwrap();
    let options = lectern::BuildOptions {
        dest: Some(dest.path().join("site")),
        ..Default::default()
    };
    if let Err(d) = lectern::build(&root, &options) {
        panic!("the math fixture does not build:\n{}", d.render_all(&root));
    }
    let html = std::fs::read_to_string(dest.path().join("site/formulas.html")).unwrap();
    for element in [
        "<mfrac>",
        "<munderover>",
        "<mtable",
        "<msqrt>",
        "<mtext>if\u{a0}</mtext>",
        "argmax</mo>",
        "<mi>θ</mi>",
        "<mover accent=\"true\">",
    ] {
        assert!(html.contains(element), "no {element} in the page");
    }
    // The questions file's prompt, options, explanation and card answer too.
    assert!(html.contains("alttext=\"\\frac{1}{2} + \\frac{1}{4}\""));
    assert!(html.contains("alttext=\"\\frac{2}{4} + \\frac{1}{4} = \\frac{3}{4}\""));
    assert!(html.contains("alttext=\"\\det A = \\sum_{\\sigma \\in S_2}"));
}

#[test]
fn prices_code_and_escapes_stay_as_written() {
    let book = chapter_book(
        "It costs $5 and $10, or $5-$10, or US$5 to US$10; escaped \\$x\\$.\n\n\
         Code: `$x$` and\n\n```sh\necho \"$x$\"\n```\n",
    );
    let html = page(&book, "a.html");
    let main = main_of(&html);
    assert!(!main.contains("<math"), "{main}");
    assert!(main.contains("It costs $5 and $10, or $5-$10, or US$5 to US$10; escaped $x$."));
    assert!(main.contains("<code>$x$</code>"));
}

#[test]
fn math_can_be_switched_off() {
    let book = chapter_book("A formula $x^2$.\n");
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[output.html]\nmath = false\n",
    );
    let html = page(&book, "a.html");
    assert!(main_of(&html).contains("A formula $x^2$."));
    assert!(!html.contains("<math"));
}

#[test]
fn mdbook_books_take_mathjax_delimiters_only_when_asked() {
    let files = [
        ("src/SUMMARY.md", "- [A](a.md)\n"),
        (
            "src/a.md",
            "# A\n\nInline \\\\( \\int x dx = \\frac{x^2}{2} \\\\) and a price $5 or $x$.\n\n\
             \\\\[ \\begin{cases} 1 & x > 0 \\\\\\\\ 0 & \\text{else} \\end{cases} \\\\]\n\n\
             `\\\\( code \\\\)`\n",
        ),
    ];
    let book = TestBook::new(&files);
    book.write("book.toml", "[book]\ntitle = \"T\"\nsrc = \"src\"\n");
    book.build_ok();
    let html = std::fs::read_to_string(book.path("book/a.html")).unwrap();
    assert!(
        !html.contains("<math"),
        "without mathjax-support the text stays"
    );
    assert!(html.contains("\\( \\int x dx"));

    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"src\"\n[output.html]\nmathjax-support = true\n",
    );
    let report = book.build_ok();
    assert!(
        !report
            .diags
            .items
            .iter()
            .any(|d| d.message.contains("mathjax")),
        "mathjax-support is acted on now: {:?}",
        report.diags.items
    );
    let html = std::fs::read_to_string(book.path("book/a.html")).unwrap();
    let main = main_of(&html);
    assert!(
        main.contains("<math alttext=\"\\int x dx = \\frac{x^2}{2}\" aria-label="),
        "{main}"
    );
    // `\\\\` in the Markdown is the `\\` row break MathJax would read.
    assert!(main.contains(
        "<span class=\"math-display\" tabindex=\"0\"><math alttext=\"\\begin{cases} 1 &amp; x &gt; 0 \\\\ 0 &amp; \\text{else} \\end{cases}\" aria-label="
    ), "{main}");
    // An mdBook book's `$` is a dollar, as in mdBook; code stays code.
    assert!(main.contains("a price $5 or $x$."));
    assert!(main.contains("<code>\\\\( code \\\\)</code>"));
}

#[test]
fn a_bad_formula_is_an_error_at_the_formula_and_nothing_is_written() {
    let book = chapter_book("Fine $x$.\n\n$$\n\\begin{pmatrix} a \\end{bmatrix}\n$$\n");
    let e = common::only_error(&book);
    assert_eq!(e.file, Path::new("content/a.md"));
    // Line 1-3 front matter, 4 blank, 5 "Fine", 6 blank, 7 `$$`, 8 the formula; math-core
    // points at the `\end{bmatrix}` (column 19).
    let at = e.position.expect("a position");
    assert_eq!((at.line, at.column), (8, 19), "{e:?}");
    assert!(
        e.message.contains("\\begin{pmatrix} a \\end{bmatrix}"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("Expected \"\\end{pmatrix}\""),
        "{}",
        e.message
    );
    assert!(e.hint.as_deref().unwrap().contains("\\$"));
    assert!(
        !book.path("site").exists(),
        "a build with errors writes nothing"
    );
}

#[test]
fn a_bad_formula_in_a_question_points_at_its_yaml_line() {
    let book = TestBook::new(&[
        ("content/SUMMARY.md", "- [A](a.md)\n"),
        ("content/a.md", "---\ntitle: A\n---\n\nText.\n"),
        (
            "content/a.questions.yaml",
            "knowledge_check:\n  - type: single\n    prompt: Which?\n    options:\n      - text: $x$\n        correct: true\n        explanation: Yes.\n      - text: $y$\n        explanation: No.\n    explanation: |\n      Because\n      $\\frac{1}{2} + \\foo$ holds.\n",
        ),
    ]);
    let e = common::only_error(&book);
    assert_eq!(e.file, Path::new("content/a.questions.yaml"));
    let at = e.position.expect("a position");
    assert_eq!((at.line, at.column), (12, 22), "{e:?}");
    assert!(
        e.message.contains("Unknown command \"\\foo\""),
        "{}",
        e.message
    );
}

/// The terms of a search index.
fn terms(js: &str) -> BTreeSet<String> {
    let json = js
        .strip_prefix("window.LECTERN_SEARCH = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut out = BTreeSet::new();
    let mut prev = String::new();
    for e in data["w"].as_str().unwrap().split(',') {
        let shared = u32::from_str_radix(&e[..1], 36).unwrap() as usize;
        let t: String = prev.chars().take(shared).chain(e[1..].chars()).collect();
        out.insert(t.clone());
        prev = t;
    }
    out
}

#[test]
fn search_indexes_the_tex_source() {
    let book =
        chapter_book("## Spread\n\nThe spread $\\sigma = \\sqrt{\\operatorname{Var}(X)}$ of it.\n");
    book.build_ok();
    let js = book.read_site("search-index.js");
    let terms = terms(&js);
    for t in ["sigma", "sqrt", "operatorname", "var", "spread"] {
        assert!(terms.contains(t), "no {t} in {terms:?}");
    }
    for t in ["semantics", "annotation", "mi", "mo", "tex"] {
        assert!(!terms.contains(t), "MathML markup {t} in the index");
    }
    assert!(js.contains("The spread \\\\sigma = \\\\sqrt{\\\\operatorname{Var}(X)} of it."));
}

#[test]
fn a_formula_in_a_heading_gives_its_tex_to_the_id() {
    let book = chapter_book("## The $\\sigma$ rule\n\nText.\n");
    let html = page(&book, "a.html");
    let at = html.find("<h2 id=\"").expect("the heading");
    assert!(
        html[at..].starts_with("<h2 id=\"the-sigma-rule\"><a class=\"heading-link\" href=\"#the-sigma-rule\">The <math alttext=\"\\sigma\""),
        "{}",
        &html[at..at + 200]
    );
}
