//! The numeric and fill question kinds, trace questions written in Lectern's own YAML, and
//! hints (every kind): what they add to a [`QuestionView`], in [`QtView`].
//!
//! Their reader-facing words are rendered here, in the book's language, into
//! [`QtView::strings`] (JSON, the widget's `data-qt-strings`): `qtypes.js`, which only pages
//! with these questions load, reads them from there, so `book-data.js` (which every page
//! loads) does not grow.

use std::collections::BTreeMap;

use super::markdown::{Origin, Page};
use super::quiz::{longest_run, normalize_answer, trace_output};
use super::{BlankView, NumericView, OptionView, QuestionView};
use crate::content::model::{CheckItem, QuestionKind, Tolerance};
use crate::content::validate::fill_markers;
use crate::render::highlight::escape;
use crate::strings::Arg;

/// Fills in what `item`'s kind adds (numeric, fill, trace); returns the fingerprint of what
/// makes an answer right, or None for the other kinds.
pub fn kind_view(
    page: &mut Page,
    item: &CheckItem,
    view: &mut QuestionView,
    origin: Origin,
) -> Option<String> {
    match item.kind {
        QuestionKind::Numeric => Some(numeric(page, item, view)),
        QuestionKind::Fill => Some(fill(page, item, view, origin)),
        QuestionKind::Trace => Some(trace(page, item, view, origin)),
        _ => None,
    }
}

/// A question's hints, and the words of the hint button.
pub fn hints(page: &mut Page, hints: &[String], view: &mut QuestionView, origin: Origin) {
    let hints: Vec<&String> = hints.iter().filter(|h| !h.trim().is_empty()).collect();
    if hints.is_empty() {
        return;
    }
    view.qt.hints_html = hints.iter().map(|h| page.block(h, origin)).collect();
    let total = hints.len();
    let mut words = strings_of(view);
    for n in 1..=total {
        words.insert(
            format!("show{n}"),
            page.widgets.text(
                "hint.show",
                &[
                    ("n", Arg::Number(n as f64)),
                    ("total", Arg::Number(total as f64)),
                ],
            ),
        );
        words.insert(
            format!("label{n}"),
            page.widgets
                .text("hint.label", &[("n", Arg::Number(n as f64))]),
        );
        words.insert(
            format!("used{n}"),
            page.widgets
                .text("hint.used", &[("n", Arg::Number(n as f64))]),
        );
    }
    set_strings(view, words);
}

fn strings_of(view: &QuestionView) -> BTreeMap<String, String> {
    serde_json::from_str(&view.qt.strings).unwrap_or_default()
}

fn set_strings(view: &mut QuestionView, words: BTreeMap<String, String>) {
    view.qt.strings = serde_json::to_string(&words).unwrap_or_default();
}

/// Whether `language` writes decimals with a comma (shown answers use it; readers may type
/// either).
pub fn decimal_comma(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    matches!(
        primary.to_ascii_lowercase().as_str(),
        "fr" | "de" | "es" | "it" | "pt" | "nl" | "ru" | "pl" | "sv" | "da" | "nb" | "fi" | "cs"
    )
}

/// A number as the reader is shown it: shortest exact form, the language's decimal mark, and
/// from 10,000 on its thousands separator (which readers may type too).
pub fn show_number(n: f64, language: &str) -> String {
    let n = if n == 0.0 { 0.0 } else { n }; // no "-0"
    let text = format!("{}", n.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let comma = decimal_comma(language);
    let group = if language.starts_with("fr") {
        "\u{202f}"
    } else if comma {
        "."
    } else {
        ","
    };
    let mut grouped = String::new();
    if whole.len() > 4 && whole.bytes().all(|b| b.is_ascii_digit()) {
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(c);
        }
    } else {
        grouped.push_str(whole);
    }
    let sign = if n < 0.0 { "\u{2212}" } else { "" };
    match (frac, comma) {
        ("", _) => format!("{sign}{grouped}"),
        (f, true) => format!("{sign}{grouped},{f}"),
        (f, false) => format!("{sign}{grouped}.{f}"),
    }
}

fn numeric(page: &mut Page, item: &CheckItem, view: &mut QuestionView) -> String {
    let answer = item.answer_number().unwrap_or(0.0);
    let tolerance = item.tolerance.unwrap_or(Tolerance::Absolute(0.0));
    let width = tolerance.width(answer);
    let unit = item.unit.as_deref().unwrap_or("").trim().to_string();
    let lang = page.widgets.language().to_string();
    let with_unit = |n: f64| {
        if unit.is_empty() {
            show_number(n, &lang)
        } else {
            format!("{}\u{a0}{unit}", show_number(n, &lang))
        }
    };
    let answer_text = with_unit(answer);
    let shown = if width > 0.0 {
        let tol = match tolerance {
            Tolerance::Relative(f) => format!("{}\u{a0}%", show_number(f * 100.0, &lang)),
            Tolerance::Absolute(_) => with_unit(width),
        };
        page.widgets.text(
            "numeric.within",
            &[
                ("answer", Arg::Text(&answer_text)),
                ("tolerance", Arg::Text(&tol)),
            ],
        )
    } else {
        answer_text.clone()
    };
    let mut words = strings_of(view);
    for (k, key) in [
        ("right", "numeric.right"),
        ("wrong", "numeric.wrong"),
        ("nan", "numeric.not_a_number"),
    ] {
        words.insert(
            k.into(),
            page.widgets.text(key, &[("answer", Arg::Text(&shown))]),
        );
    }
    words.insert(
        "first".into(),
        page.widgets.text("feedback.type_first", &[]),
    );
    set_strings(view, words);
    view.qt.numeric = Some(NumericView {
        answer,
        tolerance: width,
        unit: unit.clone(),
        shown,
    });
    format!("{answer}\u{2}{width}\u{2}{unit}")
}

/// The placeholder a blank stands as in the Markdown: letters and digits only, so that
/// neither Markdown nor a highlighter splits or changes it.
fn blank_token(n: usize) -> String {
    format!("lecternblank{n}x")
}

fn fill(page: &mut Page, item: &CheckItem, view: &mut QuestionView, origin: Origin) -> String {
    let text = item.text.as_deref().unwrap_or("");
    let mut md = String::new();
    let mut last = 0;
    for (n, at) in fill_markers(text) {
        md.push_str(&text[last..at]);
        md.push_str(&blank_token(n));
        last = at + text[at..].find("}}").map_or(2, |e| e + 2);
    }
    md.push_str(&text[last..]);
    let mut html = page.block(&md, origin);
    let mut fingerprint = Vec::new();
    for (i, b) in item.blanks.iter().enumerate() {
        let b = &b.value;
        let n = i + 1;
        let case = b.case_sensitive;
        let accepted: Vec<String> = b
            .accepted
            .iter()
            .map(|a| {
                if case {
                    a.split_whitespace().collect::<Vec<_>>().join(" ")
                } else {
                    normalize_answer(a)
                }
            })
            .filter(|a| !a.is_empty())
            .collect();
        let label = escape(
            &page
                .widgets
                .text("fill.blank", &[("n", Arg::Number(n as f64))]),
        );
        let id = format!("@@QID@@-blank-{n}");
        let width = accepted
            .iter()
            .chain(b.options.iter())
            .map(|a| a.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(6, 40)
            + 2;
        let spec = escape(
            &serde_json::json!({
                "a": accepted,
                "re": b.regex.as_deref().unwrap_or(""),
                "case": case,
            })
            .to_string(),
        );
        let field = if b.options.is_empty() {
            format!(
                "<input class=\"q-blank\" type=\"text\" id=\"{id}\" data-blank=\"{i}\" data-spec=\"{spec}\" aria-label=\"{label}\" size=\"{width}\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\">"
            )
        } else {
            let mut s = format!(
                "<select class=\"q-blank\" id=\"{id}\" data-blank=\"{i}\" data-spec=\"{spec}\" aria-label=\"{label}\"><option value=\"\">{}</option>",
                escape(&page.widgets.text("fill.choose", &[]))
            );
            for o in &b.options {
                let o = escape(o.trim());
                s.push_str(&format!("<option value=\"{o}\">{o}</option>"));
            }
            s.push_str("</select>");
            s
        };
        let field = format!("<span class=\"q-blank-wrap\" data-blank-wrap=\"{i}\">{field}</span>");
        let token = blank_token(n);
        if html.contains(&token) {
            html = html.replacen(&token, &field, 1);
        } else {
            // The highlighter split the placeholder: the field goes after the text.
            html.push_str(&format!("<p>{field}</p>"));
        }
        fingerprint.push(format!(
            "{}\u{1}{}\u{1}{case}",
            accepted.join("\u{1}"),
            b.regex.as_deref().unwrap_or("")
        ));
        view.qt.blanks.push(BlankView {
            accepted,
            regex: b.regex.clone().unwrap_or_default(),
            case,
            options: b.options.iter().map(|o| o.trim().to_string()).collect(),
        });
    }
    view.qt.fill_html = html;
    let total = item.blanks.len();
    let mut words = strings_of(view);
    for right in 0..=total {
        words.insert(
            format!("partial{right}"),
            page.widgets.text(
                "fill.partial",
                &[
                    ("right", Arg::Number(right as f64)),
                    ("n", Arg::Number(total as f64)),
                ],
            ),
        );
    }
    words.insert("all".into(), page.widgets.text("fill.all_right", &[]));
    words.insert("first".into(), page.widgets.text("fill.first", &[]));
    words.insert("right".into(), page.widgets.text("question.correct", &[]));
    words.insert("wrong".into(), page.widgets.text("question.wrong", &[]));
    for (i, b) in view.qt.blanks.iter().enumerate() {
        let expected = if b.accepted.is_empty() {
            page.widgets.text("fill.pattern", &[])
        } else {
            b.accepted
                .join(&page.widgets.text("question.list_separator", &[]))
        };
        words.insert(
            format!("expected{i}"),
            page.widgets
                .text("fill.expected", &[("answer", Arg::Text(&expected))]),
        );
    }
    set_strings(view, words);
    fingerprint.join("\u{2}")
}

fn trace(page: &mut Page, item: &CheckItem, view: &mut QuestionView, origin: Origin) -> String {
    let compiles = item.compiles.unwrap_or(true);
    let program = item
        .program
        .as_deref()
        .unwrap_or("")
        .trim_end_matches(['\n', '\r']);
    let language = item.language.as_deref().unwrap_or("").trim();
    let fence = "`".repeat(longest_run(program, '`').max(2) + 1);
    view.multiline = true;
    view.compiles = compiles;
    view.program_html = page.block(&format!("{fence}{language}\n{program}\n{fence}\n"), origin);
    view.program_lines = program.lines().count().max(1);
    view.options = [
        ("question.trace_compiles_yes", compiles),
        ("question.trace_compiles_no", !compiles),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (key, correct))| OptionView {
        id: super::ids::option(&view.id, i),
        html: escape(&page.widgets.text(key, &[])),
        correct,
        explanation_html: String::new(),
    })
    .collect();
    view.accepted = match (compiles, &item.output, item.error_line) {
        (true, Some(out), _) => vec![trace_output(out)],
        (false, _, Some(n)) => vec![n.to_string()],
        _ => Vec::new(),
    };
    view.qt.regex = if compiles {
        item.regex.clone().unwrap_or_default()
    } else {
        String::new()
    };
    view.qt.detail = if compiles {
        item.output.as_deref().map(trace_output).unwrap_or_default()
    } else {
        item.error
            .as_deref()
            .map(|e| e.trim_end().to_string())
            .unwrap_or_default()
    };
    if !view.qt.detail.is_empty() {
        let mut words = strings_of(view);
        let key = if compiles {
            "trace.real_output"
        } else {
            "trace.real_error"
        };
        words.insert("detail".into(), page.widgets.text(key, &[]));
        set_strings(view, words);
    }
    view.trace_answer_html = super::trace_answer_words(view, page.widgets);
    if !compiles && !view.qt.detail.is_empty() {
        view.trace_answer_html
            .push_str(&format!("<pre>{}</pre>", escape(&view.qt.detail)));
    }
    format!(
        "{compiles}\u{2}{}\u{2}{}\u{2}{program}",
        view.accepted.join(""),
        view.qt.regex
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_shown_in_the_language() {
        assert_eq!(show_number(42.5, "en"), "42.5");
        assert_eq!(show_number(42.5, "fr"), "42,5");
        assert_eq!(show_number(-3.0, "de-CH"), "\u{2212}3");
        assert_eq!(show_number(1e6, "en"), "1,000,000");
        assert_eq!(show_number(1048576.5, "de"), "1.048.576,5");
        assert_eq!(show_number(1234.0, "en"), "1234");
    }

    #[test]
    fn blanks_are_double_braced_numbers() {
        let t = "a {{1}} b {{ 2 }} {{x}} {{12}}{{3}";
        assert_eq!(fill_markers(t), vec![(1, 2), (12, 24)]);
        assert_eq!(fill_markers("{{01}}"), vec![(1, 0)]);
        assert_eq!(fill_markers("{{{1}}}"), vec![(1, 1)]);
        assert!(fill_markers("no blanks").is_empty());
    }

    #[test]
    fn tolerances_are_numbers_or_percentages() {
        assert_eq!(Tolerance::parse("0.5"), Some(Tolerance::Absolute(0.5)));
        assert_eq!(Tolerance::parse(" 2 % "), Some(Tolerance::Relative(0.02)));
        assert_eq!(Tolerance::parse("0"), Some(Tolerance::Absolute(0.0)));
        for bad in ["-1", "about 2", "%", "", "inf", "NaN"] {
            assert_eq!(Tolerance::parse(bad), None, "{bad}");
        }
        assert_eq!(Tolerance::Relative(0.02).width(-50.0), 1.0);
    }

    #[test]
    fn patterns_that_do_not_compile_are_told() {
        use crate::content::validate::regex_problem;
        assert_eq!(regex_problem("[0-9]+|two"), None);
        assert_eq!(regex_problem("(?:a|b)\\s*"), None);
        assert!(regex_problem("([0-9]+").is_some());
        assert!(regex_problem("a{2,1}").is_some());
        assert!(regex_problem(" ").is_some());
    }

    #[test]
    fn blank_tokens_survive_markdown() {
        assert!(blank_token(12).chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
