//! Every text from an author's files reaches the site either escaped (plain-text fields) or
//! rendered as Markdown (Markdown fields), the same way everywhere it appears; `<script>` in a
//! plain-text field never runs; and `[build] allow-raw-html = false` turns raw HTML in every
//! Markdown text into visible text.
//!
//! The check is differential: a book whose every text field holds an attack is built beside the
//! same book with harmless text, and each page's element structure (tags and attribute names,
//! in document order) must be the same. An injected `<script>`, `<img onerror>` or attribute
//! break-out would add an element or an attribute. Rendered HTML inside the JavaScript data
//! files (explanations shown by the review page, for instance) is compared the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use scraper::{Html, Node};

/// The fields of a book, each filled by `fill(field name)`.
fn write_book(root: &Path, allow_raw_html: bool, fill: &dyn Fn(&str) -> String) {
    let f = |name: &str| yaml_string(&fill(name));
    let write = |path: &str, text: String| {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "book.toml",
        format!(
            "[book]\ntitle = {}\ndescription = {}\nauthors = [{}]\n\n[build]\nallow-raw-html = {allow_raw_html}\n",
            toml_string(&fill("book-title")),
            toml_string(&fill("book-description")),
            toml_string(&fill("book-author")),
        ),
    );
    write(
        "content/SUMMARY.md",
        format!(
            "# Summary\n\n# {}\n\n- [{}](chapter.md)\n- [Other](other.md)\n",
            fill("part-title").replace('\n', " "),
            fill("summary-entry").replace(['[', ']', '\n'], " "),
        ),
    );
    write(
        "content/chapter.md",
        format!(
            "---\ntitle: {}\nsummary: {}\nobjectives:\n  - {}\ntags: [{}]\n---\n\n## A heading\n\nSee [the other chapter](other.md) and [the card](#q-card).\n\n{}\n\n```self-check\nprompt: {}\noptions:\n  - text: {}\n    correct: true\n    explanation: {}\n  - text: Wrong\n    explanation: {}\nexplanation: {}\n```\n",
            f("chapter-title"),
            f("chapter-summary"),
            f("objective"),
            f("chapter-tag"),
            fill("chapter-body"),
            f("inline-check-prompt"),
            f("inline-check-option"),
            f("inline-check-option-explanation"),
            f("inline-check-option-explanation-2"),
            f("inline-check-explanation"),
        ),
    );
    write(
        "content/other.md",
        "---\ntitle: Other\n---\n\nThe other chapter.\n".into(),
    );
    write(
        "content/chapter.questions.yaml",
        format!(
            r#"knowledge_check:
  - id: single
    difficulty: easy
    type: single
    prompt: {}
    options:
      - text: {}
        correct: true
        explanation: {}
      - text: Wrong
        explanation: {}
    explanation: {}
  - id: tf
    difficulty: medium
    type: true_false
    prompt: {}
    answer: true
    explanation: {}
  - id: short
    difficulty: hard
    type: short_answer
    prompt: {}
    accepted: [{}]
interview:
  - id: card
    question: {}
    difficulty: medium
    companies: [{}]
    tags: [{}]
    answer: {}
    covers:
      - {}
    follow_ups:
      - question: {}
        answer: {}
    red_flag: {}
    sources:
      - title: {}
        url: https://example.com/source
    self_check:
      prompt: {}
      options:
        - text: {}
          correct: true
          explanation: {}
        - text: Wrong
          explanation: {}
      explanation: {}
"#,
            f("check-prompt"),
            f("check-option"),
            f("check-option-explanation"),
            f("check-option-explanation-2"),
            f("check-explanation"),
            f("tf-prompt"),
            f("tf-explanation"),
            f("short-prompt"),
            f("short-accepted"),
            f("card-question"),
            f("card-company"),
            f("card-tag"),
            f("card-answer"),
            f("card-covers"),
            f("follow-up-question"),
            f("follow-up-answer"),
            f("red-flag"),
            f("source-title"),
            f("card-check-prompt"),
            f("card-check-option"),
            f("card-check-option-explanation"),
            f("card-check-option-explanation-2"),
            f("card-check-explanation"),
        ),
    );
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// The built site in memory: path → bytes.
fn build(fill: &dyn Fn(&str) -> String, allow_raw_html: bool) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    write_book(dir.path(), allow_raw_html, fill);
    let mut builder = lectern::Builder::new(dir.path(), Default::default());
    match builder.rebuild() {
        Ok(r) => r
            .site
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.bytes().to_vec()))
            .collect(),
        Err(d) => panic!("the book does not build:\n{}", d.render_all(dir.path())),
    }
}

/// Tags and attribute names of every element, in document order.
fn shape(html: &str, fragment: bool) -> Vec<String> {
    let doc = if fragment {
        Html::parse_fragment(html)
    } else {
        Html::parse_document(html)
    };
    doc.tree
        .root()
        .descendants()
        .filter_map(|n| match n.value() {
            Node::Element(e) => {
                let mut attrs: Vec<&str> = e.attrs().map(|(k, _)| k).collect();
                attrs.sort();
                Some(format!("<{} {}>", e.name(), attrs.join(" ")))
            }
            _ => None,
        })
        .collect()
}

/// The keys of the data files whose strings are HTML, which the theme's scripts insert as
/// HTML (every other string is text, which they escape).
const HTML_KEYS: &[&str] = &[
    "prompt",
    "html",
    "expl",
    "explanation_html",
    "answer",
    "covers",
    "q",
];

/// Every string in a `window.X = {…};` data file, with the key that holds it.
fn data_strings(js: &str) -> Vec<(String, String)> {
    let start = js.find('=').expect("window.X = …") + 1;
    let json = js[start..].trim().trim_end_matches(';');
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| {
        panic!(
            "the data is not JSON ({e}): {}",
            &json[..json.len().min(200)]
        )
    });
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, key: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::String(s) => out.push((key.to_string(), s.clone())),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, key, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| walk(v, k, out)),
            _ => {}
        }
    }
    walk(&value, "", &mut out);
    out
}

/// The attack in a field: closing a script or an attribute, a script, an event handler, a
/// template expression. It starts with a word so that Markdown reads it as inline text.
fn attack(name: &str) -> String {
    format!(
        "Hi {name} </script><script>alert(1)</script><img src=x onerror=alert(2)> \" onmouseover=\"alert(3) ' onfocus='alert(4) {{{{ 7 * 7 }}}} &amp; <b>bold</b>"
    )
}

fn harmless(name: &str) -> String {
    format!("Hi {name} plain words and more plain words here")
}

/// Compares the two sites page by page and data file by data file.
fn assert_same_shape(
    safe: &BTreeMap<String, Vec<u8>>,
    attacked: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    assert_eq!(
        safe.keys().collect::<Vec<_>>(),
        attacked.keys().collect::<Vec<_>>(),
        "{what}: the same files"
    );
    for (path, bytes) in attacked {
        let text = String::from_utf8_lossy(bytes);
        let safe_text = String::from_utf8_lossy(&safe[path]);
        if path.ends_with(".html") {
            assert_eq!(
                shape(&safe_text, false),
                shape(&text, false),
                "{what}: {path} has other elements or attributes than with harmless text"
            );
        } else if path.ends_with(".js") && !path.starts_with("assets/") {
            let (a, b) = (data_strings(&safe_text), data_strings(&text));
            assert_eq!(a.len(), b.len(), "{what}: {path}");
            for ((key, sa), (_, sb)) in a.iter().zip(&b) {
                if HTML_KEYS.contains(&key.as_str()) {
                    assert_eq!(
                        shape(sa, true),
                        shape(sb, true),
                        "{what}: HTML in {path} differs: {sb}"
                    );
                }
            }
        }
    }
}

/// The visible text of every page (text nodes, not attributes).
fn visible_text(site: &BTreeMap<String, Vec<u8>>) -> String {
    let mut all = String::new();
    for (path, bytes) in site {
        if path.ends_with(".html") {
            let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
            for n in doc.tree.root().descendants() {
                if let Node::Text(t) = n.value() {
                    all.push_str(t);
                    all.push('\n');
                }
            }
        }
    }
    all
}

#[test]
fn plain_text_fields_are_escaped_even_when_raw_html_is_allowed() {
    // The fields shown as plain text (the author guide's tables): attacks there must stay text.
    let plain = [
        "book-title",
        "book-description",
        "book-author",
        "part-title",
        "summary-entry",
        "chapter-title",
        "chapter-summary",
        "chapter-tag",
        "card-company",
        "card-tag",
        "source-title",
        "short-accepted",
    ];
    let fill_safe = |name: &str| harmless(name);
    let fill_attack = |name: &str| {
        if plain.contains(&name) {
            attack(name)
        } else {
            harmless(name)
        }
    };
    let safe = build(&fill_safe, true);
    let attacked = build(&fill_attack, true);
    assert_same_shape(
        &safe,
        &attacked,
        "raw HTML allowed, attacks in plain-text fields",
    );
    // Shown, as text.
    let text = visible_text(&attacked);
    for name in [
        "chapter-title",
        "card-company",
        "source-title",
        "book-title",
    ] {
        assert!(
            text.contains(&format!("Hi {name} </script><script>alert(1)</script>")),
            "{name} is shown as text"
        );
    }
}

#[test]
fn with_raw_html_off_every_field_is_escaped() {
    let safe = build(&harmless, false);
    let attacked = build(&attack, false);
    assert_same_shape(
        &safe,
        &attacked,
        "allow-raw-html = false, attacks everywhere",
    );
    let text = visible_text(&attacked);
    for name in [
        "chapter-body",
        "card-answer",
        "check-prompt",
        "inline-check-prompt",
        "red-flag",
        "objective",
    ] {
        assert!(
            text.contains(&format!("Hi {name} </script><script>alert(1)</script>")),
            "{name}: raw HTML is shown as text"
        );
    }
}

#[test]
fn raw_html_in_markdown_passes_through_when_allowed() {
    // Authors are trusted by default: HTML in Markdown is kept.
    let site = build(
        &|name: &str| {
            if name == "chapter-body" {
                "<div class=\"author-box\">Boxed</div>".into()
            } else {
                harmless(name)
            }
        },
        true,
    );
    let page = String::from_utf8_lossy(&site["chapter.html"]).into_owned();
    assert!(
        page.contains("<div class=\"author-box\">Boxed</div>"),
        "{page}"
    );
    let off = build(
        &|name: &str| {
            if name == "chapter-body" {
                "<div class=\"author-box\">Boxed</div>".into()
            } else {
                harmless(name)
            }
        },
        false,
    );
    let page = String::from_utf8_lossy(&off["chapter.html"]).into_owned();
    assert!(!page.contains("<div class=\"author-box\">"), "{page}");
    assert!(
        page.contains("&lt;div class=&quot;author-box&quot;&gt;Boxed&lt;/div&gt;")
            || page.contains("&lt;div class=\"author-box\"&gt;Boxed&lt;/div&gt;"),
        "{page}"
    );
}

/// Each field is Markdown everywhere it appears, or plain text everywhere: `**F-name**` is
/// `<strong>` in every place, or the literal stars in every place.
#[test]
fn each_field_is_markdown_everywhere_or_plain_everywhere() {
    let site = build(&|name: &str| format!("**F-{name}** words"), true);
    // field → how it appeared: "markdown" or "plain", per place.
    let mut seen: BTreeMap<String, BTreeSet<(String, &str)>> = BTreeMap::new();
    let marker = regex_lite_find;
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") {
            let doc = Html::parse_document(&text);
            for n in doc.tree.root().descendants() {
                let Node::Text(t) = n.value() else { continue };
                let parent = n
                    .parent()
                    .and_then(|p| p.value().as_element().map(|e| e.name().to_string()))
                    .unwrap_or_default();
                for name in marker(t) {
                    let how = if t.contains(&format!("**F-{name}**")) {
                        "plain"
                    } else if parent == "strong" {
                        "markdown"
                    } else {
                        continue;
                    };
                    seen.entry(name)
                        .or_default()
                        .insert((format!("{path} <{parent}>"), how));
                }
            }
        } else if path.ends_with("-data.js") {
            for (_, s) in data_strings(&text) {
                for name in marker(&s) {
                    let how = if s.contains(&format!("**F-{name}**")) {
                        "plain"
                    } else if s.contains(&format!("<strong>F-{name}</strong>")) {
                        "markdown"
                    } else {
                        // Text extracted for search or titles: neither.
                        continue;
                    };
                    seen.entry(name).or_default().insert((path.clone(), how));
                }
            }
        }
    }
    let mut report = String::new();
    let mut mixed = Vec::new();
    for (name, places) in &seen {
        let kinds: BTreeSet<&str> = places.iter().map(|(_, k)| *k).collect();
        report.push_str(&format!("{name}: {kinds:?}\n"));
        if kinds.len() > 1 {
            mixed.push(format!("{name}: {places:?}"));
        }
    }
    eprintln!("{report}");
    assert!(
        mixed.is_empty(),
        "fields rendered both ways:\n{}",
        mixed.join("\n")
    );
    // The documented kinds of a few fields.
    let kind = |name: &str| -> BTreeSet<&str> {
        seen.get(name)
            .unwrap_or_else(|| panic!("{name} appears nowhere"))
            .iter()
            .map(|(_, k)| *k)
            .collect()
    };
    for name in [
        "chapter-title",
        "card-company",
        "source-title",
        "book-title",
    ] {
        assert_eq!(kind(name), BTreeSet::from(["plain"]), "{name}");
    }
    for name in [
        "card-answer",
        "check-prompt",
        "card-question",
        "objective",
        "red-flag",
        "inline-check-prompt",
    ] {
        assert_eq!(kind(name), BTreeSet::from(["markdown"]), "{name}");
    }
}

/// The field names marked `F-<name>` in a text.
fn regex_lite_find(text: &str) -> Vec<String> {
    text.match_indices("F-")
        .map(|(i, _)| {
            text[i + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
                .trim_end_matches('-')
                .to_string()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// Raw HTML an attacker would try, each marked so that it can be recognised in the output:
/// elements named `evil-…`, attributes named `evil-…` or `on…`, comments and other markup
/// declarations that mention `evil`, tags that close the page's own elements.
const RAW_HTML: &[&str] = &[
    "<evil-tag evil-attr=1>",
    "<evil-tag evil-attr=\"1\" onclick=\"evil()\">inside</evil-tag>",
    "</evil-tag>",
    "<script>evil()</script>",
    "<script src=evil.js></script>",
    "<img src=x onerror=evil()>",
    "<svg onload=evil()>",
    "<style>evil{}</style>",
    "<iframe src=evil></iframe>",
    "<textarea>evil</textarea>",
    "<!-- evil comment -->",
    "<![CDATA[ evil ]]>",
    "<?evil instruction ?>",
    "<!EVIL declaration>",
    "</p></li></ul></ol></blockquote></td></tr></table></div></section></article></main>",
    "<div evil-attr>",
    "<a href=\"javascript:evil()\" evil-attr>x</a>",
    "<span evil-attr='1'>",
];

fn raw_html() -> impl Strategy<Value = String> {
    prop::sample::select(RAW_HTML).prop_map(str::to_string)
}

/// One Markdown block with raw HTML `h` (and `g`) in one of its positions; `n` keeps labels
/// and ids unique. Every block builds without errors, so what is checked is the rendering.
fn block_with(kind: u8, h: &str, g: &str, n: usize) -> String {
    let json = |s: String| serde_json::to_string(&s).unwrap();
    match kind {
        0 => format!("{} Heading {h} words {g}", "#".repeat(1 + n % 6)),
        1 => format!("{h} heading {g}\n========"),
        2 => format!("Setext {h}\n--------"),
        3 => format!("## Heading with an id {h} {{#own-id-{n}}}"),
        4 => format!("### Id break-out {{#id-{n}\"evil-attr=\"1}}"),
        5 => format!("A paragraph {h} with words {g} around."),
        6 => format!("- item {h}\n- item two {g}\n  - nested {h}\n    1. deeper {g}"),
        7 => format!("> quoted {h}\n>\n> > nested quote {g}"),
        8 => format!("> [!WARNING]\n> alert {h} text {g}"),
        9 => format!("| head {h} | two |\n|---|---|\n| cell {g} | `code` {h} |"),
        10 => format!("A note[^fn{n}].\n\n[^fn{n}]: The footnote {h} says {g}."),
        11 => format!("See [link {h} text](other.md) and [more {g}](#top)."),
        12 => format!("See [titled](other.md \"title {h}\") and [t2](other.md '{g}')."),
        13 => format!("![alt {h} text {g}](pic.svg \"img title {h}\")"),
        14 => format!("*em {h}* and **strong {g}** and ~~gone {h}~~ and _{g}_"),
        15 => format!("`code span` {h}`more code` {g} `{h}`"),
        16 => h.to_string(),
        17 => format!("<div>\n{h}\n\n{g}\n</div>"),
        18 => format!("- [ ] task {h}\n- [x] done {g}"),
        19 => format!(
            "```self-check\nprompt: {}\noptions:\n  - text: {}\n    correct: true\n    explanation: {}\n  - text: Wrong\n    explanation: wrong\nexplanation: {}\n```",
            json(format!("Prompt {h}")),
            json(format!("Option {g}")),
            json(format!("Because {h}")),
            json(format!("Overall {g}")),
        ),
        20 => format!("[ref {h}][r{n}]\n\n[r{n}]: other.md \"ref title {g}\""),
        21 => format!("1. first {h}\n2. second\n\n   continued {g}"),
        22 => format!(
            "#### In a heading [link {h}](other.md) ![alt {g}](pic.svg) *{h}*[^hn{n}]\n\n[^hn{n}]: Heading note {g}."
        ),
        _ => format!("Line {h}  \nbreak {g}\n\n***"),
    }
}

const BLOCK_KINDS: u8 = 24;

/// The marks of raw HTML that got through, anywhere in `root` (a page or a fragment).
fn smuggled(doc: &Html, inside_page: bool) -> Vec<String> {
    let mut found = Vec::new();
    let main = scraper::Selector::parse("main").unwrap();
    let prose_root = if inside_page {
        doc.select(&main).next().map(|m| m.id())
    } else {
        Some(doc.tree.root().id())
    };
    for node in doc.tree.root().descendants() {
        match node.value() {
            Node::Element(e) => {
                let name = e.name();
                let in_prose = prose_root.is_some_and(|r| node.ancestors().any(|a| a.id() == r));
                if name.starts_with("evil")
                    || (in_prose
                        && ["script", "style", "iframe", "svg", "textarea"].contains(&name))
                    || (name == "img" && e.attr("src") == Some("x"))
                {
                    found.push(format!("element <{name}>"));
                }
                for (attr, value) in e.attrs() {
                    if attr.starts_with("evil") || attr.starts_with("on") {
                        found.push(format!("attribute {attr} on <{name}>"));
                    }
                    if (attr == "href" || attr == "src")
                        && value.trim().to_ascii_lowercase().starts_with("javascript:")
                    {
                        found.push(format!("{attr}={value} on <{name}>"));
                    }
                }
            }
            Node::Comment(c) if c.to_lowercase().contains("evil") => {
                found.push(format!("comment {:?}", &**c));
            }
            _ => {}
        }
    }
    found
}

#[test]
fn random_markdown_with_raw_html_in_every_position_makes_only_its_own_elements() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(96);
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let blocks = prop::collection::vec((0..BLOCK_KINDS, raw_html(), raw_html()), 1..12);
    proptest!(config, |(blocks in blocks)| {
        let body: Vec<String> = blocks
            .iter()
            .enumerate()
            .map(|(n, (kind, h, g))| block_with(*kind, h, g, n))
            .collect();
        let body = body.join("\n\n");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, text: &str| {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("book.toml", "[book]\ntitle = \"Raw\"\n\n[build]\nallow-raw-html = false\n");
        write("content/SUMMARY.md", "# Summary\n\n- [Chapter](chapter.md)\n- [Other](other.md)\n");
        write("content/pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        write("content/other.md", "---\ntitle: Other\n---\n\nOther.\n");
        // The last paragraph must still be inside the prose: a closing tag that got through
        // would end the prose (or the page's <main>) early.
        write(
            "content/chapter.md",
            &format!("---\ntitle: Chapter\n---\n\n{body}\n\nEND-OF-PROSE\n"),
        );
        let mut builder = lectern::Builder::new(root, Default::default());
        let site = match builder.rebuild() {
            Ok(r) => r.site,
            Err(d) => panic!("the book does not build:\n{}\n{body}", d.render_all(root)),
        };
        let file = |path: &str| {
            String::from_utf8_lossy(&site.files[path].bytes()).into_owned()
        };
        let page = Html::parse_document(&file("chapter.html"));
        let found = smuggled(&page, true);
        prop_assert!(found.is_empty(), "raw HTML got through: {found:?}\nin:\n{body}");
        let end = scraper::Selector::parse("main div.prose > p").unwrap();
        prop_assert!(
            page.select(&end).any(|p| p.text().collect::<String>() == "END-OF-PROSE"),
            "the prose was closed early:\n{body}"
        );
        for (key, html) in data_strings(&file("review-data.js")) {
            if HTML_KEYS.contains(&key.as_str()) {
                let found = smuggled(&Html::parse_fragment(&html), false);
                prop_assert!(found.is_empty(), "raw HTML got through in review-data.js {key}: {found:?}\n{html}");
            }
        }
    });
}
