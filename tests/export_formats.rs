//! `lectern export --format anki | gift`, checked against the formats' documented rules: each
//! file is read back the way Anki's text import and Moodle's GIFT import read it (reimplemented
//! here from their documentation and source), and must give back every question of the book
//! with its answers and feedback, unchanged — including text full of the formats' special
//! characters.

mod common;

use std::path::{Path, PathBuf};

use common::TestBook;
use lectern::export::questions::{self, BookQuestions, Kind};
use lectern::export::{export, Format};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn exported(root: &Path, format: Format) -> String {
    match export(root, format) {
        Ok(e) => {
            assert!(!e.diags.has_errors(), "{}", e.diags.render_all(root));
            String::from_utf8(e.bytes).expect("UTF-8")
        }
        Err(d) => panic!("export failed:\n{}", d.render_all(root)),
    }
}

fn book(root: &Path) -> BookQuestions {
    questions::load(root).unwrap_or_else(|d| panic!("{}", d.render_all(root)))
}

/// A book whose text is full of GIFT's and Anki's special characters.
fn specials() -> TestBook {
    TestBook::new(&[
        // Straight quotes stay straight (no smart punctuation), so their escaping is tested.
        (
            "book.toml",
            "[book]\ntitle = \"Escapes: {GIFT} & Anki\"\n[output.html]\nsmart-punctuation = false\n",
        ),
        ("content/SUMMARY.md", "- [Specials](specials.md)\n"),
        (
            "content/specials.md",
            r#"---
title: "Specials: a/b"
tags: [gift export, "x/y"]
---
Prose.

```self-check
prompt: "Pick `a = b` when x: {y} ~ 5 #2 \\ back"
options:
  - text: "`{}` = right; #1"
    correct: true
    explanation: "Because: ~ and = and \\ too"
  - text: Wrong one
    explanation: "No {really}"
```
"#,
        ),
        (
            "content/specials.questions.yaml",
            r##"knowledge_check:
  - id: tf
    difficulty: easy
    type: true_false
    prompt: "Colons: and hashes # are fine?"
    answer: false
    explanation: "False: see {docs}."
  - id: multi
    difficulty: hard
    type: multiple
    prompt: "Which of these are \"right\"?\ttabbed"
    options:
      - text: "A ~ one"
        correct: true
        explanation: "yes = 1"
      - text: B
        correct: true
        explanation: "yes: 2"
      - text: C
        correct: true
        explanation: "yes #3"
      - text: "D {4}"
        explanation: "no"
  - id: short
    difficulty: medium
    type: short_answer
    prompt: "Type the glob:"
    accepted: ["*.md", "a=b"]
interview:
  - id: card
    question: "#1: what is {x} = y?"
    difficulty: medium
    tags: [event loop, "a/b"]
    answer: "It is \"z\".\n\n```text\nline1\n\tline2 = {3}\n```"
    covers:
      - "Says: x ~ y"
"##,
        ),
    ])
}

// ---------------------------------------------------------------------------------------------
// Anki: header lines, then records of a tab-separated file with CSV quoting, `#` comments.

struct Anki {
    headers: Vec<(String, String)>,
    rows: Vec<Vec<String>>,
}

/// Reads the file as Anki's text import does (rslib import_export/text/csv): `#key:value`
/// header lines at the top; then records separated by line breaks, fields by tabs; a field in
/// double quotes may hold tabs, line breaks and doubled quotes; a record starting with `#` is a
/// comment.
fn parse_anki(text: &str) -> Anki {
    let mut headers = Vec::new();
    let mut rest = text;
    while let Some(line_end) = rest.find('\n') {
        let line = &rest[..line_end];
        let Some(h) = line.strip_prefix('#') else {
            break;
        };
        let (k, v) = h.split_once(':').expect("a header line is key:value");
        headers.push((k.to_string(), v.to_string()));
        rest = &rest[line_end + 1..];
    }
    let mut rows = Vec::new();
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            i += 1;
            continue;
        }
        let mut row = Vec::new();
        loop {
            let mut field = String::new();
            if chars.get(i) == Some(&'"') {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => panic!("unterminated quoted field"),
                        Some('"') if chars.get(i + 1) == Some(&'"') => {
                            field.push('"');
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(c) => {
                            field.push(*c);
                            i += 1;
                        }
                    }
                }
            } else {
                while let Some(c) = chars.get(i) {
                    if *c == '\t' || *c == '\n' {
                        break;
                    }
                    assert_ne!(*c, '"', "a quote inside an unquoted field");
                    field.push(*c);
                    i += 1;
                }
            }
            row.push(field);
            match chars.get(i) {
                Some('\t') => i += 1,
                Some('\n') => {
                    i += 1;
                    break;
                }
                None => break,
                Some(c) => panic!("unexpected {c:?} after a field"),
            }
        }
        rows.push(row);
    }
    Anki { headers, rows }
}

#[test]
fn anki_header_lines_are_the_documented_ones() {
    let anki = parse_anki(&exported(&repo(), Format::Anki));
    let h: Vec<(&str, &str)> = anki
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        h,
        [
            ("separator", "tab"),
            ("html", "true"),
            ("notetype", "Basic"),
            ("columns", "Front\tBack\tTags\tGUID"),
            ("tags column", "3"),
            ("guid column", "4"),
        ]
    );
}

#[test]
fn anki_has_every_question_of_the_example_course_with_tags_and_a_stable_id() {
    let root = repo();
    let text = exported(&root, Format::Anki);
    let anki = parse_anki(&text);
    let book = book(&root);
    let quizzes: usize = book
        .chapters
        .iter()
        .map(|c| questions::quizzes(c).len())
        .sum();
    let cards: usize = book.chapters.iter().map(|c| c.cards.len()).sum();
    assert!(
        quizzes >= 10 && cards >= 10,
        "{quizzes} quizzes, {cards} cards"
    );
    assert_eq!(anki.rows.len(), quizzes + cards);

    let mut guids = std::collections::HashSet::new();
    let mut i = 0;
    for c in &book.chapters {
        for quiz in questions::quizzes(c) {
            let row = &anki.rows[i];
            i += 1;
            assert_eq!(row.len(), 4, "{row:?}");
            assert!(row[0].starts_with(quiz.question.prompt_html.trim_end()));
            assert!(row[1].ends_with(quiz.question.explanation_html.trim_end()));
            let tags: Vec<&str> = row[2].split(' ').collect();
            assert!(tags
                .iter()
                .all(|t| !t.is_empty() && !t.contains(char::is_whitespace)));
            assert!(tags.contains(&format!("chapter::{}", c.id.replace('/', "::")).as_str()));
            assert!(tags.contains(&format!("type::{}", quiz.kind.slug()).as_str()));
            if let Some(d) = &quiz.question.difficulty {
                assert!(
                    tags.contains(&format!("difficulty::{d}").as_str()),
                    "{tags:?}"
                );
            }
            for t in &c.tags {
                assert!(
                    tags.contains(&t.replace(' ', "_").as_str()),
                    "chapter tag {t}"
                );
            }
            assert_eq!(
                row[3],
                format!("lectern:node-js-in-production:{}", quiz.question.key)
            );
            assert!(guids.insert(row[3].clone()), "note ids are unique");
        }
        for card in &c.cards {
            let row = &anki.rows[i];
            i += 1;
            assert_eq!(row[0], card.question_html);
            assert!(row[1].starts_with(card.answer_html.trim_end()));
            assert!(row[2].contains("type::interview"));
            match &card.difficulty {
                Some(d) => assert!(row[2].contains(&format!("difficulty::{d}"))),
                None => assert!(!row[2].contains("difficulty::")),
            }
            for t in &card.tags {
                assert!(row[2].split(' ').any(|x| x == t.replace(' ', "_")));
            }
            assert!(guids.insert(row[3].clone()));
        }
    }

    // One knowledge check as it reads in Anki.
    let tf = anki
        .rows
        .iter()
        .find(|r| r[3].ends_with("runtime/v8-memory#check:middleware-next"))
        .expect("the true/false item");
    assert!(
        tf[0].contains("calling <code>next()</code>")
            && tf[0].ends_with("<p><em>True or false?</em></p>")
    );
    assert!(tf[1].starts_with("<p><strong>True</strong></p>"));
}

#[test]
fn anki_fields_keep_tabs_quotes_line_breaks_and_leading_hashes() {
    let b = specials();
    let text = exported(b.root(), Format::Anki);
    let anki = parse_anki(&text);
    let q = book(b.root());
    let c = &q.chapters[0];
    assert_eq!(anki.rows.len(), 5);
    assert!(anki.rows.iter().all(|r| r.len() == 4));
    // The card: its question starts with `#` (a comment unless quoted), its answer holds a
    // code block with a tab and line breaks, and quotes.
    let card = &anki.rows[4];
    assert!(c.cards[0].question_html.starts_with('#'));
    assert_eq!(card[0], c.cards[0].question_html);
    assert!(card[1].starts_with(c.cards[0].answer_html.trim_end()));
    assert!(card[1].contains("line1\n\tline2"));
    assert!(
        text.contains("\"#1: what is {x} = y?\""),
        "the leading # is quoted"
    );
    // Topic tags lose their spaces, `/` nests.
    let tags: Vec<&str> = card[2].split(' ').collect();
    assert!(
        tags.contains(&"event_loop")
            && tags.contains(&"a::b")
            && tags.contains(&"gift_export")
            && tags.contains(&"x::y"),
        "{tags:?}"
    );
    assert!(tags.contains(&"chapter::specials"));
    // A tab in a prompt survives.
    let multi = &anki.rows[1];
    assert!(
        multi[0].contains("right&quot;?\ttabbed") || multi[0].contains("right\"?\ttabbed"),
        "{}",
        multi[0]
    );
}

// ---------------------------------------------------------------------------------------------
// GIFT, read the way Moodle's qformat_gift reads it.

#[derive(Debug, PartialEq)]
enum GiftKind {
    Essay,
    MultiChoice,
    TrueFalse(bool),
    ShortAnswer,
    /// `{#value:tolerance}`, as written.
    Numeric(String),
    /// `=left -> right` lines; each pair is an answer (`left -> right`).
    Matching,
}

#[derive(Debug)]
struct GiftAnswer {
    /// Percent of the grade.
    weight: f64,
    text: String,
    feedback: String,
}

#[derive(Debug)]
struct GiftQuestion {
    category: String,
    name: String,
    html: bool,
    text: String,
    kind: GiftKind,
    /// Moodle's `single`: exactly one answer (written with `=`).
    single: bool,
    answers: Vec<GiftAnswer>,
    general: String,
}

const ESCAPES: [(&str, char, char); 7] = [
    ("\\:", '\u{E001}', ':'),
    ("\\#", '\u{E002}', '#'),
    ("\\=", '\u{E003}', '='),
    ("\\{", '\u{E004}', '{'),
    ("\\}", '\u{E005}', '}'),
    ("\\~", '\u{E006}', '~'),
    ("\\n", '\u{E007}', '\n'),
];

/// escapedchar_pre: `\\` kept as a backslash, escaped control characters set aside.
fn pre(s: &str) -> String {
    let mut s = s.replace("\\\\", "\u{E000}");
    for (e, p, _) in ESCAPES {
        s = s.replace(e, &p.to_string());
    }
    s.replace('\u{E000}', "\\")
}

/// escapedchar_post: the set-aside characters back.
fn post(s: &str) -> String {
    s.chars()
        .map(|c| {
            ESCAPES
                .iter()
                .find(|(_, p, _)| *p == c)
                .map_or(c, |(_, _, r)| *r)
        })
        .collect()
}

/// `[html]` off the front of a text, as parse_text_with_format does.
fn format_of(text: &str) -> (bool, String) {
    match text.strip_prefix("[html]") {
        Some(rest) => (true, post(rest).trim().to_string()),
        None => (false, post(text).trim().to_string()),
    }
}

fn weight_of(answer: &str) -> Option<(f64, &str)> {
    let rest = answer.strip_prefix('%')?;
    let end = rest.find('%')?;
    let w: f64 = rest[..end].parse().ok()?;
    Some((w, &rest[end + 1..]))
}

fn split_feedback(answer: &str) -> (String, String) {
    match answer.split_once('#') {
        Some((a, f)) => (post(a).trim().to_string(), post(f).trim().to_string()),
        None => (post(answer).trim().to_string(), String::new()),
    }
}

fn parse_gift(text: &str) -> Vec<GiftQuestion> {
    let mut out = Vec::new();
    let mut category = String::new();
    let mut block: Vec<&str> = Vec::new();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.push("");
    for line in lines {
        if !line.trim().is_empty() {
            block.push(line);
            continue;
        }
        if block.is_empty() {
            continue;
        }
        let joined = block
            .iter()
            .map(|l| if l.trim().starts_with("//") { " " } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        block.clear();
        let t = joined.trim();
        if t.is_empty() {
            continue;
        }
        let t = pre(t);
        if let Some(c) = t.strip_prefix("$CATEGORY:") {
            category = c.trim().to_string();
            continue;
        }
        let rest = t.strip_prefix("::").expect("every question is named");
        let end = rest.find("::").expect("the name ends with ::");
        let name = post(&rest[..end]);
        let rest = rest[end + 2..].trim();
        let open = rest.find('{').expect("answers in braces");
        let close = rest.find('}').expect("a closing brace");
        assert!(rest.ends_with('}'), "nothing after the answers: {rest}");
        assert_eq!(
            close,
            rest.len() - 1,
            "the first }} closes the answers: {rest}"
        );
        let mut answers_text = rest[open + 1..close].trim().to_string();
        let general = match answers_text.rfind("####") {
            Some(p) => {
                let g = answers_text[p + 4..].to_string();
                answers_text = answers_text[..p].trim().to_string();
                format_of(&g).1
            }
            None => String::new(),
        };
        let (html, text) = format_of(&rest[..open]);
        let mut q = GiftQuestion {
            category: category.clone(),
            name,
            html,
            text,
            kind: GiftKind::Essay,
            single: false,
            answers: Vec::new(),
            general,
        };
        let tf_check = answers_text
            .split('#')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        if answers_text.is_empty() {
            q.kind = GiftKind::Essay;
        } else if let Some(n) = answers_text.strip_prefix('#') {
            q.kind = GiftKind::Numeric(n.trim().to_string());
        } else if answers_text.contains(" -> ") {
            q.kind = GiftKind::Matching;
            for pair in answers_text
                .split('=')
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                q.answers.push(GiftAnswer {
                    weight: 100.0,
                    text: pair.to_string(),
                    feedback: String::new(),
                });
            }
        } else if answers_text.contains('~') {
            q.kind = GiftKind::MultiChoice;
            q.single = answers_text.contains('=');
            for a in answers_text.replace('=', "~=").split('~') {
                let a = a.trim();
                if a.is_empty() {
                    continue;
                }
                let (weight, a) = if let Some(a) = a.strip_prefix('=') {
                    (100.0, a)
                } else if let Some((w, a)) = weight_of(a) {
                    (w, a)
                } else {
                    (0.0, a)
                };
                let (text, feedback) = split_feedback(a);
                q.answers.push(GiftAnswer {
                    weight,
                    text,
                    feedback,
                });
            }
        } else if ["T", "TRUE", "F", "FALSE"].contains(&tf_check.as_str()) {
            q.kind = GiftKind::TrueFalse(tf_check.starts_with('T'));
        } else {
            q.kind = GiftKind::ShortAnswer;
            for a in answers_text.split('=') {
                let a = a.trim();
                if a.is_empty() {
                    continue;
                }
                let (text, feedback) = split_feedback(a);
                q.answers.push(GiftAnswer {
                    weight: 100.0,
                    text,
                    feedback,
                });
            }
        }
        out.push(q);
    }
    out
}

/// Moodle's grade list (question_bank::fraction_options_full), in percent.
fn is_moodle_grade(w: f64) -> bool {
    const GRADES: [f64; 21] = [
        100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0,
        20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
    ];
    GRADES.iter().any(|g| (g - w.abs()).abs() < 1e-6)
}

/// Checks the parsed questions against the book, one by one, in order.
fn assert_gift_matches(book: &BookQuestions, parsed: &[GiftQuestion]) {
    let mut it = parsed.iter();
    for c in &book.chapters {
        let quizzes = questions::quizzes(c);
        if quizzes.is_empty() && c.cards.is_empty() {
            continue;
        }
        let category = format!(
            "{}/{}",
            book.title.replace('/', "//"),
            questions::chapter_name(c).replace('/', "//")
        );
        for quiz in quizzes {
            let q = quiz.question;
            let g = it.next().expect("a GIFT question for every quiz question");
            assert_eq!(g.category, category);
            assert!(g.name.contains(&quiz.label), "{}", g.name);
            assert!(g.html, "HTML format");
            // The newer kinds say more than the prompt (a numeric question's unit, a fill
            // question's text with its gaps, a trace question's program) after it, and more
            // than the explanation (each pair's, the program's output) before it.
            match q.kind.as_str() {
                "numeric" | "fill" | "trace" | "order" | "match" => {
                    assert!(g.text.starts_with(q.prompt_html.trim()), "{}", g.name);
                    assert!(
                        g.general.contains(q.explanation_html.trim()),
                        "{}: the explanation is in the feedback",
                        g.name
                    );
                }
                _ => {
                    assert_eq!(g.text, q.prompt_html.trim(), "{}", g.name);
                    assert_eq!(g.general, q.explanation_html.trim(), "{}", g.name);
                }
            }
            match q.kind.as_str() {
                "numeric" => {
                    let GiftKind::Numeric(n) = &g.kind else {
                        panic!("{}: a numeric question: {:?}", g.name, g.kind)
                    };
                    let (value, tolerance) = n.split_once(':').expect("value:tolerance");
                    assert!(value.parse::<f64>().is_ok() && tolerance.parse::<f64>().is_ok());
                }
                "order" | "match" => {
                    assert_eq!(g.kind, GiftKind::Matching, "{}", g.name);
                    assert!(g.answers.len() >= 3, "{}: Moodle wants three pairs", g.name);
                }
                "fill" => assert!(
                    matches!(
                        g.kind,
                        GiftKind::Essay | GiftKind::ShortAnswer | GiftKind::MultiChoice
                    ),
                    "{}: {:?}",
                    g.name,
                    g.kind
                ),
                "trace" => {
                    assert_eq!(g.kind, GiftKind::MultiChoice, "{}", g.name);
                    assert_eq!(g.answers.len(), 2, "{}: runs or not", g.name);
                }
                "true_false" => {
                    let right = q.options.iter().find(|o| o.correct).unwrap();
                    assert_eq!(g.kind, GiftKind::TrueFalse(right.html == "True"));
                }
                "short_answer" => {
                    assert_eq!(g.kind, GiftKind::ShortAnswer);
                    let texts: Vec<String> = g.answers.iter().map(|a| a.text.clone()).collect();
                    let want: Vec<String> =
                        q.accepted.iter().map(|a| a.replace('*', "\\*")).collect();
                    assert_eq!(texts, want);
                }
                kind => {
                    assert_eq!(g.kind, GiftKind::MultiChoice, "{}", g.name);
                    assert_eq!(g.single, kind == "single", "{}", g.name);
                    assert_eq!(g.answers.len(), q.options.len());
                    for (a, o) in g.answers.iter().zip(&q.options) {
                        assert_eq!(a.text, o.html.trim());
                        assert_eq!(a.feedback, o.explanation_html.trim(), "per-option feedback");
                        if kind == "single" {
                            assert_eq!(a.weight, if o.correct { 100.0 } else { 0.0 });
                        } else {
                            assert!(is_moodle_grade(a.weight), "{} is a Moodle grade", a.weight);
                            assert_eq!(a.weight > 0.0, o.correct);
                        }
                    }
                    if kind == "multiple" {
                        let right: f64 = g
                            .answers
                            .iter()
                            .filter(|a| a.weight > 0.0)
                            .map(|a| a.weight)
                            .sum();
                        assert!(
                            (right - 100.0).abs() < 0.001,
                            "right options add up to 100%: {right}"
                        );
                        let wrong: f64 = g
                            .answers
                            .iter()
                            .filter(|a| a.weight < 0.0)
                            .map(|a| a.weight)
                            .sum();
                        assert!(
                            wrong == 0.0 || (wrong + 100.0).abs() < 0.001,
                            "wrong options add up to -100%: {wrong}"
                        );
                    }
                }
            }
        }
        for card in &c.cards {
            let g = it.next().expect("a GIFT question for every card");
            assert_eq!(g.kind, GiftKind::Essay);
            assert_eq!(g.text, card.question_html.trim());
            assert!(
                g.general.starts_with(card.answer_html.trim()),
                "the model answer is the general feedback"
            );
            assert!(g
                .name
                .contains(&format!("interview question {}", card.number)));
        }
    }
    assert!(it.next().is_none(), "no extra questions");
}

#[test]
fn gift_has_every_question_of_the_example_course() {
    let root = repo();
    let text = exported(&root, Format::Gift);
    let parsed = parse_gift(&text);
    let book = book(&root);
    assert_gift_matches(&book, &parsed);
    let kinds = |k: fn(&GiftKind) -> bool| parsed.iter().filter(|q| k(&q.kind)).count();
    assert!(kinds(|k| matches!(k, GiftKind::TrueFalse(_))) >= 1);
    assert!(kinds(|k| matches!(k, GiftKind::ShortAnswer)) >= 1);
    assert!(kinds(|k| matches!(k, GiftKind::Essay)) >= 10);
    assert!(
        parsed
            .iter()
            .any(|q| q.kind == GiftKind::MultiChoice && !q.single),
        "a multiple-answer question"
    );
    // Self-checks are there too.
    assert!(book
        .chapters
        .iter()
        .flat_map(|c| questions::quizzes(c))
        .any(|q| q.kind == Kind::SelfCheck));
}

#[test]
fn gift_escapes_every_special_character() {
    let b = specials();
    let text = exported(b.root(), Format::Gift);
    let book = book(b.root());
    let parsed = parse_gift(&text);
    assert_gift_matches(&book, &parsed);
    assert_eq!(parsed.len(), 5);

    // The raw text: each of ~ = # { } : written with a backslash, a backslash doubled, no line
    // break inside a question.
    assert!(
        text.contains("when x\\: \\{y\\} \\~ 5 \\#2 \\\\ back"),
        "{text}"
    );
    let tf = &parsed[0];
    assert_eq!(tf.text, "<p>Colons: and hashes # are fine?</p>");
    assert_eq!(tf.kind, GiftKind::TrueFalse(false));
    assert_eq!(tf.general, "<p>False: see {docs}.</p>");
    let multi = &parsed[1];
    assert_eq!(
        multi.answers.iter().map(|a| a.weight).collect::<Vec<_>>(),
        [33.33333, 33.33333, 33.33333, -100.0]
    );
    assert_eq!(multi.answers[0].text, "A ~ one");
    assert_eq!(multi.answers[0].feedback, "yes = 1");
    assert_eq!(multi.answers[3].text, "D {4}");
    let short = &parsed[2];
    assert_eq!(
        short
            .answers
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>(),
        ["\\*.md", "a=b"],
        "a star is literal, = kept"
    );
    let check = &parsed[3];
    assert!(
        check.text.contains("when x: {y} ~ 5 #2 \\ back"),
        "{}",
        check.text
    );
    assert_eq!(check.answers[0].feedback, "Because: ~ and = and \\ too");
    let card = &parsed[4];
    assert_eq!(card.text, "#1: what is {x} = y?");
    assert!(
        card.general.contains("line1\n\tline2 = {3}"),
        "{}",
        card.general
    );
    assert!(card.general.contains("Says: x ~ y"));
    // Categories: `/` in a name doubled.
    assert_eq!(card.category, "Escapes: {GIFT} & Anki/1 Specials: a//b");
    assert!(text.contains("\n$CATEGORY: Escapes: {GIFT} & Anki/1 Specials: a//b\n"));
}

#[test]
fn export_command_writes_the_files() {
    let b = specials();
    let bin = env!("CARGO_BIN_EXE_lectern");
    for (format, name) in [("anki", "questions-anki.txt"), ("gift", "questions.gift")] {
        let out = std::process::Command::new(bin)
            .args(["export", "--format", format])
            .current_dir(b.root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(b.path(name)).unwrap();
        assert!(!text.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("Wrote {name}")));
    }
    // A book with errors exports nothing.
    b.write(
        "content/specials.questions.yaml",
        "knowledge_check: [oops\n",
    );
    let out = std::process::Command::new(bin)
        .args(["export", "--format", "gift", "-o", "bad.gift"])
        .current_dir(b.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!b.path("bad.gift").exists());
}

/// The numeric, fill and trace kinds and hints (tests/fixtures/qtypes-numeric-fill): what each export maps
/// them to (docs/authoring.md, "Exporting the questions").
#[test]
fn numeric_fill_and_trace_questions_map_to_what_each_format_has() {
    let root = repo().join("tests/fixtures/qtypes-numeric-fill");
    let gift = exported(&root, Format::Gift);
    // numeric: GIFT's numerical question, the tolerance absolute, the unit said in the text.
    assert!(
        gift.contains("<p><em>In ms.</em></p>{#42.5:0.5####"),
        "{gift}"
    );
    assert!(
        gift.contains("{#1048576:10485.76####"),
        "2% of the answer, as an absolute tolerance: {gift}"
    );
    // fill with one blank: a missing word, the text on both sides of the answers.
    assert!(
        gift.contains("Node’s <code> {=fs =node\\:fs ####"),
        "{gift}"
    );
    assert!(
        gift.contains("} </code> module reads and writes files.</p>"),
        "{gift}"
    );
    // a dropdown self-check with one blank: a choice as a missing word.
    assert!(gift.contains("{~bytes =kibibytes ~bits }"), "{gift}");
    // several blanks: an essay with each blank's answers as feedback.
    assert!(
        gift.contains("[…1…]")
            && gift.contains("{####<ol><li>young</li><li>Old</li><li>/[0-9]+|two/</li></ol>"),
        "{gift}"
    );
    // trace: "does it compile?", the error in the feedback.
    assert!(gift.contains("=No, it does not compile"), "{gift}");
    assert!(gift.contains("borrow of moved value"), "{gift}");

    let anki = exported(&root, Format::Anki);
    assert!(
        anki.contains("<p><strong>42.5\u{a0}ms ± 0.5\u{a0}ms</strong></p>"),
        "{anki}"
    );
    assert!(
        anki.contains(
            "<details><summary>Hint 2</summary><p>It is between 40 and 45.</p></details>"
        ),
        "{anki}"
    );
    assert!(anki.contains("The […1…] generation"), "{anki}");
    assert!(
        !anki.contains("<input") && !anki.contains("<select"),
        "no form fields on a card: {anki}"
    );
}
