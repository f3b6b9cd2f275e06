//! The reference chapter's shape, written in Lectern's format (tests/fixtures/reference-model):
//! interview cards without a difficulty, company tags with their sources, and self-check
//! explanations that start with "Wrong:" / "Correct —". `lectern check` warns about exactly
//! those explanations, at the word, and the built pages show no chip where there is no
//! difficulty, each company tag's source and note, and each explanation without the verdict
//! word Lectern's own label already says.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};

fn book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference-model")
}

/// The fixture, built once for all tests in this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        let options = lectern::BuildOptions {
            dest: Some(dest.clone()),
            ..Default::default()
        };
        let report = lectern::build(&book(), &options)
            .unwrap_or_else(|d| panic!("the fixture does not build:\n{}", d.render_all(&book())));
        assert!(!report.diags.has_errors());
        (dir, dest)
    });
    path
}

fn page(rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(site().join(rel)).unwrap())
}

fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn within<'a>(e: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    e.select(&Selector::parse(css).unwrap()).collect()
}

fn text(e: &ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn check_warns_at_each_explanation_that_repeats_the_label() {
    let out = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(["check", "--format", "json"])
        .current_dir(book())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = report["diagnostics"]
        .as_array()
        .or(report.as_array())
        .unwrap_or_else(|| panic!("a list of diagnostics: {report}"));
    let got: Vec<(String, u64, u64, String)> = diags
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["position"]["line"].as_u64().unwrap(),
                d["position"]["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let warn = |line, column, word: &str| {
        (
            "warning".to_string(),
            line,
            column,
            format!("this explanation starts with `{word}`, which Lectern adds itself; remove it"),
        )
    };
    assert_eq!(
        got,
        [
            warn(86, 25, "Wrong:"),
            warn(89, 24, "Correct —"),
            warn(91, 25, "Wrong:")
        ]
    );
}

#[test]
fn a_card_without_difficulty_has_no_chip() {
    let doc = page("v8-memory.html");
    let cards = all(&doc, "details.card");
    assert_eq!(cards.len(), 5);
    for card in &cards {
        let id = card.value().attr("id").unwrap();
        let chips = within(card, ".card-summary .tag.diff");
        if id == "q-jit-benchmarks" {
            assert_eq!(chips.len(), 1, "{id}");
            assert_eq!(text(&chips[0]), "Difficulty: hard");
        } else {
            assert_eq!(chips.len(), 0, "{id} has no difficulty, so no chip");
            // Nor a stray separator for screen readers before "Asked at".
            let tags = within(card, ".card-tags");
            assert!(!text(&tags[0]).starts_with('.'), "{id}: {}", text(&tags[0]));
        }
    }
    // The knowledge check keeps the difficulties it has.
    let diffs: Vec<String> = all(&doc, "[data-knowledge-check] .q-head .tag.diff")
        .iter()
        .map(text)
        .collect();
    assert_eq!(diffs, ["Difficulty: easy", "Difficulty: medium"]);
}

#[test]
fn company_tags_show_their_source_and_note_in_the_card() {
    let doc = page("v8-memory.html");
    let card = all(&doc, "#q-leak-causes").remove(0);
    let chips: Vec<String> = within(&card, ".card-summary .tag.company")
        .iter()
        .map(text)
        .collect();
    assert_eq!(chips, ["Acme Cloud1", "Globex", "Initech2"]);
    let lines = within(&card, ".card-companies li");
    assert_eq!(lines.len(), 2, "only the tags with a source or a note");
    let link = within(&lines[0], "a").remove(0);
    assert_eq!(
        link.value().attr("href"),
        Some("https://example.com/interviews/acme-cloud-node")
    );
    assert_eq!(link.value().attr("rel"), Some("noopener noreferrer"));
    assert_eq!(
        text(&lines[0]),
        "1 Acme Cloud ↗ (source, opens in a new tab): onsite loop, 2024, from a candidate's write-up"
    );
    assert_eq!(within(&lines[1], "a").len(), 0, "a note alone is no link");
    assert_eq!(text(&lines[1]), "2 Initech: phone screen, per a recruiter");
    // The list is named by its visible label.
    let list = within(&card, ".card-companies ul").remove(0);
    let label = list.value().attr("aria-labelledby").unwrap();
    assert_eq!(text(&all(&doc, &format!("#{label}"))[0]), "Company tags");
}

#[test]
fn browse_all_rates_cards_without_difficulty_as_unrated_and_shows_sources() {
    let doc = page("questions.html");
    let options: Vec<String> = all(&doc, "#filter-difficulty option")
        .iter()
        .map(|o| o.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(options, ["", "hard", "unrated"]);
    assert_eq!(
        text(&all(&doc, "#filter-difficulty option[value=unrated]")[0]),
        "Unrated"
    );
    let items = all(&doc, "[data-filter-item]");
    let rated: Vec<&str> = items
        .iter()
        .map(|i| i.value().attr("data-difficulty").unwrap())
        .collect();
    assert_eq!(rated, ["unrated", "unrated", "unrated", "hard", "unrated"]);
    assert_eq!(
        items[0].value().attr("data-companies"),
        Some("Acme Cloud|Globex|Initech")
    );
    assert_eq!(within(&items[0], ".tag.diff").len(), 0);
    let lines: Vec<String> = within(&items[0], ".company-notes li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        lines,
        [
            "1 Acme Cloud ↗ (source, opens in a new tab): onsite loop, 2024, from a candidate's write-up",
            "2 Initech: phone screen, per a recruiter"
        ]
    );
    let link = within(&items[4], ".company-notes a").remove(0);
    assert_eq!(
        link.value().attr("href"),
        Some("https://example.com/interviews/acme-cloud-weakmap")
    );
}

#[test]
fn explanations_lose_the_verdict_the_label_says_and_the_label_stands_apart() {
    let doc = page("v8-memory.html");
    let check = all(&doc, "#q-weakmap-cache [data-question]").remove(0);
    let key: Vec<(String, String)> = within(&check, ".q-key-item")
        .iter()
        .map(|li| {
            (
                text(&within(li, ".q-verdict")[0]),
                text(&within(li, ".q-why")[0]),
            )
        })
        .collect();
    assert_eq!(
        key,
        [
            (
                "✗Wrong:".to_string(),
                "It has no size limit and no eviction; reachability of the key decides."
                    .to_string()
            ),
            (
                "✓Correct:".to_string(),
                "Once the key object is unreachable, the entry can be collected.".to_string()
            ),
            (
                "✗Wrong:".to_string(),
                "It is an ordinary heap object; only the strength of the key reference differs."
                    .to_string()
            ),
        ]
    );
    // The same explanations go to the review page's data.
    let review = std::fs::read_to_string(site().join("review-data.js")).unwrap();
    assert!(
        !review.contains("Wrong: it"),
        "review data keeps the verdict"
    );
    assert!(review.contains("It has no size limit and no eviction"));
}

/// The reference page's section heads, intros and card labels, as an author writes them: the
/// book-wide ones in book.toml's `[strings]` (tests/fixtures/reference-labels, which builds the
/// same chapter), the chapter's own in its front matter (no intro above the objectives and the
/// knowledge check, as on the reference page).
#[test]
fn the_reference_pages_labels_come_from_book_toml_and_front_matter() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference-labels");
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("site");
    let options = lectern::BuildOptions {
        dest: Some(dest.clone()),
        ..Default::default()
    };
    lectern::build(&book, &options)
        .unwrap_or_else(|d| panic!("the fixture does not build:\n{}", d.render_all(&book)));
    let doc = Html::parse_document(&std::fs::read_to_string(dest.join("v8-memory.html")).unwrap());
    let texts = |css: &str| all(&doc, css).iter().map(text).collect::<Vec<_>>();

    assert_eq!(
        texts(".part-title"),
        [
            "01 Learning objectives",
            "02 Knowledge check",
            "03 Interview questions"
        ]
    );
    assert_eq!(texts(".part-count"), ["0 / 4 done"]);
    assert_eq!(texts(".part-link"), ["browse all ↗"]);
    // Only the interview section has an intro, and it is the author's.
    assert_eq!(
        texts(".part-intro"),
        ["What interviewers ask about this: open a card for a way into the answer, the follow-ups \
          and the trap. Each company tag says where it comes from."]
    );
    let labels = texts("#q-leak-causes .card-label");
    assert_eq!(
        labels,
        [
            "Follow-ups they push on",
            "⚑ Red flag",
            "source:",
            "Company tags"
        ]
    );
    assert_eq!(
        texts("#q-weakmap-cache .card-check > .card-label"),
        ["Quick self-check"]
    );
}
