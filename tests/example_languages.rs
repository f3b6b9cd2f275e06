//! The example course built in each language Lectern ships: it builds with no error, its pages
//! say which language they are in and which way it runs, and the interface around the author's
//! text (section titles, card labels, buttons, browse-all's filters) is that language's
//! catalogue. (The browser test tests/browser/languages.test.js looks for English left on the
//! pages of every kind, JavaScript's included, on a book with no English of its own.)

use std::collections::BTreeSet;
use std::path::Path;

use scraper::{ElementRef, Html, Selector};

const LANGUAGES: &[(&str, &str)] = &[
    ("fr", "ltr"),
    ("de", "ltr"),
    ("es", "ltr"),
    ("ja", "ltr"),
    ("zh-Hans", "ltr"),
    ("ar", "rtl"),
];

/// The catalogue of `lang` as key → every text it has (one, or each plural form).
fn catalogue(lang: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/strings/{lang}.toml"));
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let mut out = std::collections::BTreeMap::new();
    for (name, entries) in &table {
        for (key, value) in entries.as_table().unwrap() {
            let texts = match value {
                toml::Value::String(s) => vec![s.clone()],
                toml::Value::Table(forms) => forms
                    .values()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => panic!("{lang}: {name}.{key}"),
            };
            out.insert(format!("{name}.{key}"), texts);
        }
    }
    out
}

fn text(e: &ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap())
        .map(|e| text(&e))
        .collect()
}

#[test]
fn the_example_course_builds_in_every_shipped_language_with_its_interface() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let own = std::fs::read_to_string(repo.join("book.toml")).unwrap();
    for (lang, dir) in LANGUAGES {
        let book = tempfile::tempdir().unwrap();
        // The course's own book.toml with another language, reading the course where it is.
        let toml = own
            .replace("language = \"en\"", &format!("language = \"{lang}\""))
            .replace(
                "[book]\n",
                &format!(
                    "[book]\nsrc = {:?}\n",
                    repo.join("content").display().to_string()
                ),
            );
        assert_ne!(toml, own);
        std::fs::write(book.path().join("book.toml"), toml).unwrap();
        let dest = book.path().join("site");
        let options = lectern::BuildOptions {
            dest: Some(dest.clone()),
            ..Default::default()
        };
        let report = lectern::build(book.path(), &options).unwrap_or_else(|d| {
            panic!(
                "{lang}: the example course does not build:\n{}",
                d.render_all(book.path())
            )
        });
        assert!(!report.diags.has_errors(), "{lang}");

        let s = catalogue(lang);
        let one = |key: &str| s[key][0].clone();
        let all_texts: BTreeSet<String> =
            s.values().flatten().map(|t| t.trim().to_string()).collect();

        let doc = Html::parse_document(
            &std::fs::read_to_string(dest.join("runtime/v8-memory.html")).unwrap(),
        );
        let html = doc
            .select(&Selector::parse("html").unwrap())
            .next()
            .unwrap();
        assert_eq!(html.value().attr("lang"), Some(*lang));
        assert_eq!(html.value().attr("dir"), Some(*dir), "{lang}");

        let titles: Vec<String> = texts(&doc, ".part-title")
            .into_iter()
            .map(|t| t.split_once(' ').unwrap().1.to_string())
            .collect();
        assert_eq!(
            titles,
            [
                one("objectives.title"),
                one("knowledge_check.title"),
                one("interview.title")
            ],
            "{lang}"
        );
        for label in texts(&doc, ".card-label") {
            // "⚑ Red flag": the icon is not the catalogue's.
            let label = label.trim_start_matches('⚑').trim().to_string();
            assert!(
                all_texts.contains(&label),
                "{lang}: card label {label:?} is not in {lang}.toml"
            );
        }
        // Section and card numbers in the language's digits, as its counters are.
        let mut numbers = texts(&doc, ".part-num, .card-num");
        // The eyebrow's number ("Chapter 2", "الفصل ٢").
        let eyebrow = texts(&doc, ".eyebrow").remove(0);
        numbers.push(eyebrow.chars().filter(|c| c.is_numeric()).collect());
        let arabic = numbers
            .iter()
            .all(|n| n.chars().all(|c| ('\u{660}'..='\u{669}').contains(&c)));
        let latin = numbers
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_digit()));
        assert!(
            if *lang == "ar" { arabic } else { latin },
            "{lang}: {numbers:?}"
        );
        let checks = texts(&doc, "[data-check]");
        assert!(!checks.is_empty());
        assert!(
            checks.iter().all(|c| *c == one("question.check")),
            "{lang}: {checks:?}"
        );
        let show = texts(&doc, ".q-answer > summary");
        assert!(
            show.iter().all(|c| *c == one("question.show_answer")),
            "{lang}: {show:?}"
        );

        let questions =
            Html::parse_document(&std::fs::read_to_string(dest.join("questions.html")).unwrap());
        let options: Vec<String> = texts(&questions, "#filter-difficulty option");
        let expected: Vec<String> = [
            "questions.any_difficulty",
            "difficulty.easy",
            "difficulty.medium",
            "difficulty.hard",
        ]
        .map(one)
        .into();
        assert_eq!(options, expected, "{lang}");
        assert_eq!(texts(&questions, "h1"), [one("questions.title")], "{lang}");
    }
}
