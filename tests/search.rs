//! The search index: documents cut from the rendered pages, the compact index format, its
//! determinism and its size budget on the example course.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use lectern::render::search::{
    self, decode_postings, sections, snippet, text_of, SearchChapter, SearchDoc,
};
use scraper::{Html, Selector};

/// The example course, built once for all tests in this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = lectern::BuildOptions {
            dest: Some(dest.clone()),
            ..Default::default()
        };
        if let Err(d) = lectern::build(root, &options) {
            panic!("the example course does not build:\n{}", d.render_all(root));
        }
        (dir, dest)
    });
    path
}

/// The index data of `search-index.js`.
fn index_data(js: &str) -> serde_json::Value {
    let json = js
        .strip_prefix("window.LECTERN_SEARCH = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("search-index.js assigns window.LECTERN_SEARCH");
    serde_json::from_str(json).expect("the index is JSON")
}

/// The index read back: term -> [(chapter url#anchor, tf, in title)].
fn decoded(data: &serde_json::Value) -> BTreeMap<String, Vec<(String, u32, bool)>> {
    let chapters = data["c"].as_array().unwrap();
    let docs = data["d"].as_array().unwrap();
    let link = |d: u32| {
        let doc = &docs[d as usize];
        let c = &chapters[doc[0].as_u64().unwrap() as usize];
        format!("{}#{}", c[2].as_str().unwrap(), doc[1].as_str().unwrap())
    };
    let mut terms = Vec::new();
    let mut prev = String::new();
    for e in data["w"].as_str().unwrap().split(',') {
        let shared = u32::from_str_radix(&e[..1], 36).unwrap() as usize;
        let t: String = prev.chars().take(shared).chain(e[1..].chars()).collect();
        terms.push(t.clone());
        prev = t;
    }
    let lists: Vec<&str> = data["p"].as_str().unwrap().split(',').collect();
    assert_eq!(terms.len(), lists.len(), "one postings list per term");
    terms
        .into_iter()
        .zip(lists)
        .map(|(t, l)| {
            let p = decode_postings(l)
                .into_iter()
                .map(|(d, tf, title)| (link(d), tf, title))
                .collect();
            (t, p)
        })
        .collect()
}

#[test]
fn prose_is_cut_at_headings_without_widgets_or_hidden_text() {
    let html = r##"<p>Intro &amp; <em>more</em><br>text</p>
<h2 id="first"><a class="heading-link" href="#first">First <code>step</code></a></h2>
<p>Alpha<span class="visually-hidden">hidden words</span> beta</p>
<pre class="code" tabindex="0"><code><span class="k">const</span> x = <span class="s">'&lt;/script&gt;'</span>;</code></pre>
<div class="q q-single" id="self-check-1" data-question="k"><div><p>Quiz prompt</p></div><details data-answer><summary>Show answer</summary><div><p>Secret</p></div></details></div>
<h3 id="second">Second</h3><ul><li>one</li><li>two</li></ul>
<h4 id="deeper">Deeper</h4><p>still second</p><script>nope()</script><!-- a comment -->"##;
    let s = sections(html);
    let got: Vec<(&str, &str, &str)> = s
        .iter()
        .map(|s| (s.anchor.as_str(), s.title.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("", "", "Intro & more text"),
            ("first", "First step", "Alpha beta const x = '</script>';"),
            ("second", "Second", "one two Deeper still second"),
        ]
    );
    assert_eq!(
        text_of("<p>a<strong>b</strong></p><p>c</p>"),
        "ab c",
        "inline tags join, blocks separate"
    );
    // The tokenizer follows the HTML standard: every named character reference is decoded
    // (the hand scanner knew 17 of them), and script content is raw text, so a `<` in it
    // starts no tag.
    assert_eq!(
        text_of("<p>caf&eacute; 5&euro; &frac12; &notin; &amp</p>"),
        "café 5€ ½ ∉ &"
    );
    assert_eq!(
        text_of("<p>a</p><script>if (a<b && c>d) { s = '<p>not text</p>' }</script><p>b</p>"),
        "a b"
    );
    assert_eq!(
        text_of(
            r#"<p>a<span class="visually&#x2d;hidden">x</span><span aria-hidden=true>y</span>b</p>"#
        ),
        "a b"
    );
}

#[test]
fn snippets_cut_at_a_word() {
    assert_eq!(snippet("short text", 20), "short text");
    let long = "The quick brown fox jumps over the lazy dog, again and again.";
    assert_eq!(snippet(long, 30), "The quick brown fox jumps over…");
    assert!(snippet(long, 30).chars().count() <= 31);
}

fn doc(anchor: &str, title: &str, text: &str, card: bool) -> SearchDoc {
    SearchDoc {
        anchor: anchor.into(),
        title: title.into(),
        text: text.into(),
        card,
    }
}

#[test]
fn the_index_records_documents_frequencies_and_titles() {
    let chapters = vec![
        SearchChapter {
            number: "1".into(),
            title: "One".into(),
            url: "a/one.html".into(),
            docs: Arc::new(vec![
                doc("", "One", "Leaks leak; the heap grows. Heap!", false),
                doc(
                    "heap",
                    "The heap",
                    "Young and old </script> generations",
                    false,
                ),
            ]),
        },
        SearchChapter {
            number: String::new(),
            title: "Two".into(),
            url: "two.html".into(),
            docs: Arc::new(vec![doc(
                "q-x",
                "Why leak?",
                "Because a Map holds keys",
                true,
            )]),
        },
    ];
    let js = search::index_js(&chapters, "en");
    assert!(!js.contains("</"), "nothing can close the script element");
    let data = index_data(&js);
    assert_eq!(data["v"], 2);
    assert_eq!(data["a"], "en", "the analyser travels with the index");
    assert_eq!(
        data["c"],
        serde_json::json!([["1", "One", "a/one.html"], ["", "Two", "two.html"]])
    );
    assert_eq!(
        data["d"][2],
        serde_json::json!([1, "q-x", "Why leak?", "Because a Map holds keys", 1])
    );
    assert_eq!(data["d"][1][3], "Young and old </script> generations");
    let terms = decoded(&data);
    assert_eq!(
        terms["heap"],
        [
            ("a/one.html#".to_string(), 2, false),
            ("a/one.html#heap".to_string(), 0, true)
        ]
    );
    assert_eq!(
        terms["leak"],
        [
            ("a/one.html#".to_string(), 1, false),
            ("two.html#q-x".to_string(), 0, true)
        ]
    );
    assert!(terms.contains_key("leaks") && terms.contains_key("script"));
    for stop in ["the", "and", "a", "because"] {
        assert!(!terms.contains_key(stop), "stop word {stop} left out");
    }
    assert!(
        data["stop"]
            .as_str()
            .unwrap()
            .split(' ')
            .any(|w| w == "the"),
        "the stop words travel with the index, for queries"
    );
    // Other languages keep every word.
    let de = index_data(&search::index_js(&chapters, "de"));
    assert_eq!(de["a"], "intl");
    assert_eq!(de["stop"], "");
    assert!(decoded(&de).contains_key("the"));
}

#[test]
fn the_example_course_is_indexed_by_heading_and_card() {
    let js = std::fs::read_to_string(site().join("search-index.js")).unwrap();
    let data = index_data(&js);
    let terms = decoded(&data);
    let docs = data["d"].as_array().unwrap();

    // Every h2/h3 of every chapter page and every card is a document, linked by its id.
    let chapters = data["c"].as_array().unwrap();
    for (ci, c) in chapters.iter().enumerate() {
        let url = c[2].as_str().unwrap();
        let page = Html::parse_document(&std::fs::read_to_string(site().join(url)).unwrap());
        let mut expected: Vec<String> = vec![String::new()];
        let sel = Selector::parse(".prose h2[id], .prose h3[id], details.card[id]").unwrap();
        expected.extend(
            page.select(&sel)
                .filter(|e| {
                    // Headings inside widgets (none today) would not be sections.
                    e.value().name() != "details" || e.value().attr("data-card").is_some()
                })
                .map(|e| e.value().id().unwrap().to_string()),
        );
        let got: Vec<String> = docs
            .iter()
            .filter(|d| d[0].as_u64() == Some(ci as u64))
            .map(|d| d[1].as_str().unwrap().to_string())
            .collect();
        assert_eq!(got, expected, "{url}: documents in page order");
    }

    // A word from prose, from code and from an interview answer, each found where it is.
    let find = |term: &str, link: &str| {
        let p = terms
            .get(term)
            .unwrap_or_else(|| panic!("`{term}` is indexed"));
        assert!(
            p.iter().any(|(l, _, _)| l == link),
            "`{term}` is found in {link}: {p:?}"
        );
    };
    find("scavenges", "runtime/v8-memory.html#the-old-generation");
    find(
        "memoryusage",
        "runtime/v8-memory.html#debugging-and-profiling",
    );
    find("setimmediate", "runtime/event-loop.html#example"); // in a code block
    find("weakmap", "runtime/v8-memory.html#q-weakmap-vs-map-cache");
    // Answer keys of widgets are not indexed as prose.
    let q = docs
        .iter()
        .find(|d| d[1] == "q-weakmap-vs-map-cache")
        .expect("the card is a document");
    assert_eq!(q[4], 1, "marked as a card");
}

#[test]
fn the_index_stays_within_its_budget_and_pages_do_not_carry_it() {
    let index = std::fs::metadata(site().join("search-index.js"))
        .unwrap()
        .len() as f64;
    let text = visible_text_size(site());
    let share = index / text as f64;
    eprintln!(
        "search-index.js: {index} bytes; visible text of all pages: {text} bytes ({:.1}%)",
        share * 100.0
    );
    assert!(
        share <= 0.35,
        "the index is {:.1}% of the text",
        share * 100.0
    );

    // Pages load the index only when search opens: no page names it or holds it.
    for page in html_files(site()) {
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            !html.contains("search-index.js") && !html.contains("LECTERN_SEARCH"),
            "{}",
            page.display()
        );
    }
}

#[test]
fn the_index_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let again = tempfile::tempdir().unwrap();
    let options = lectern::BuildOptions {
        dest: Some(again.path().join("site")),
        ..Default::default()
    };
    lectern::build(root, &options).unwrap();
    assert_eq!(
        std::fs::read(site().join("search-index.js")).unwrap(),
        std::fs::read(again.path().join("site/search-index.js")).unwrap()
    );
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(html_files(&p));
        } else if p.extension().is_some_and(|e| e == "html") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The visible text of every page of a site: the text of `<body>` outside scripts and
/// styles, white space collapsed, in bytes.
fn visible_text_size(dir: &Path) -> usize {
    html_files(dir).iter().map(|p| page_text(p).len()).sum()
}

/// The visible text of one page, white space collapsed.
fn page_text(page: &Path) -> String {
    let body = Selector::parse("body").unwrap();
    let doc = Html::parse_document(&std::fs::read_to_string(page).unwrap());
    let mut text = String::new();
    for b in doc.select(&body) {
        for node in b.descendants() {
            if let Some(t) = node.value().as_text() {
                let hidden = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "script" | "style" | "template"))
                });
                if !hidden {
                    text.push_str(t);
                    text.push(' ');
                }
            }
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A fixture book of tests/fixtures/search built into a temporary folder: (folder, index data).
fn fixture_index(name: &str) -> (tempfile::TempDir, serde_json::Value) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/search")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    let options = lectern::BuildOptions {
        dest: Some(dir.path().join("site")),
        ..Default::default()
    };
    if let Err(d) = lectern::build(&root, &options) {
        panic!("{name} does not build:\n{}", d.render_all(&root));
    }
    let js = std::fs::read_to_string(dir.path().join("site/search-index.js")).unwrap();
    (dir, index_data(&js))
}

#[test]
fn a_french_book_folds_accents_and_keeps_every_word() {
    let (_dir, data) = fixture_index("fr");
    assert_eq!(data["a"], "intl");
    assert_eq!(data["stop"], "");
    let terms = decoded(&data);
    for folded in ["developpement", "eleve", "etat", "connecte", "on"] {
        assert!(terms.contains_key(folded), "`{folded}` is indexed");
    }
    for accented in ["développement", "élève", "état", "connecté"] {
        assert!(
            !terms.contains_key(accented),
            "`{accented}` is indexed folded"
        );
    }
    assert!(
        terms["eleve"]
            .iter()
            .any(|(link, _, title)| link == "tdd.html#le-rôle-de-lélève" && *title),
        "{:?}",
        terms["eleve"]
    );
}

#[test]
fn a_japanese_page_is_indexed_by_character_pairs_within_its_budget() {
    let (dir, data) = fixture_index("ja");
    assert_eq!(data["a"], "intl");
    let terms = decoded(&data);
    let at = |term: &str, anchor: &str| {
        let p = terms
            .get(term)
            .unwrap_or_else(|| panic!("`{term}` is indexed"));
        assert!(
            p.iter()
                .any(|(l, _, _)| l == &format!("memory.html#{anchor}")),
            "`{term}` in #{anchor}: {p:?}"
        );
    };
    at("メモ", "メモリリークを生む四つの習慣");
    at("モリ", "メモリリークを生む四つの習慣");
    at("v8", "v8のヒープと世代別の回収");
    at("内存", "中国語の資料を読むとき");
    at("堆", "中国語の資料を読むとき");
    // No term is a whole run: every CJK term is a pair or a single character.
    for t in terms.keys() {
        if t.chars().any(search::analyse::is_cjk) {
            assert!(t.chars().count() <= 2, "`{t}`");
        }
    }

    let site = dir.path().join("site");
    let index = std::fs::metadata(site.join("search-index.js"))
        .unwrap()
        .len() as f64;
    let page = page_text(&site.join("memory.html"));
    let share = index / page.len() as f64;
    eprintln!(
        "search-index.js of a {}-character Japanese page: {index} bytes; its visible text: {} \
         bytes ({:.0}%)",
        page.chars().count(),
        page.len(),
        share * 100.0
    );
    assert!(
        page.chars().count() >= 4500,
        "the page is long enough to measure"
    );
    assert!(
        share <= 1.75,
        "the index is {:.0}% of the page's text",
        share * 100.0
    );
}
