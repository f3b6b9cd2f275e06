//! The HTML ids Lectern gives its own elements on a chapter page: the theme's page layout, the
//! learning objectives, the questions and interview cards (whose anchors are documented and
//! linked to, so they must not move), and the parts of their widgets.
//!
//! They are all made here, and [`of_chapter`] lists a chapter's before its prose is rendered,
//! so a heading can never take one first: an explicit `{#id}` that names one is an error, and a
//! heading whose slug happens to match one gets a suffix instead.

use crate::content::imported::ImportedAnswer;
use crate::content::model::QuestionKind;
use crate::content::validate::card_slug;
use crate::content::Chapter;

/// Ids of the page layout, in the theme's templates (`base.html`, `chapter.html`) and scripts
/// (the search dialog). Only ids the default theme writes: one kept free for nothing would push
/// a heading off the id mdBook gives it (mdBook's guide links `reading.html#search`, its
/// `## Search` heading), and that link would land nowhere.
pub const LAYOUT: &[&str] = &[
    "main",
    "sidebar",
    "objectives",
    "knowledge-check",
    "interview-questions",
    "lsearch-input",
    "lsearch-keys",
    "lsearch-results",
    // No element has it, but browsers scroll `#top` to the top of the page: links to it work.
    "top",
];

/// The parts of a question widget, named `<question id>-<part>` by `self-check.html`.
pub const QUESTION_PARTS: &[&str] = &["prompt", "input", "hint", "hints", "unused"];

/// The parts of an interview card, named `<card id>-<part>` by `card.html`.
pub const CARD_PARTS: &[&str] = &["covers", "fu", "src", "co"];

pub fn objective(number: usize) -> String {
    format!("objective-{number}")
}

pub fn check(number: usize) -> String {
    format!("check-{number}")
}

/// An interview card's anchor, `q-<id>`: documented, and what the browse-all page links to.
pub fn card(stable_id: &str) -> String {
    format!("q-{stable_id}")
}

pub fn card_self_check(card_id: &str) -> String {
    format!("{card_id}-check")
}

/// The `number`th self-check in the prose.
pub fn inline_self_check(number: usize) -> String {
    format!("self-check-{number}")
}

/// The `number`th question a `{{#quiz}}` brought into the chapter.
pub fn imported(number: usize) -> String {
    format!("quiz-{number}")
}

/// The `index`th option (from 0) of the question `question_id`: `check-1-a`, `check-1-b`, …
pub fn option(question_id: &str, index: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    match letters.get(index) {
        Some(&l) => format!("{question_id}-{}", l as char),
        None => format!("{question_id}-o{index}"),
    }
}

/// The two options of a true/false question.
pub fn true_false_option(question_id: &str, value: bool) -> String {
    format!("{question_id}-{value}")
}

/// A question widget's id, its parts' and its options' (`options`: how many choices it has).
fn question_ids(question_id: &str, options: usize, true_false: bool) -> Vec<String> {
    let mut ids = vec![question_id.to_string()];
    ids.extend(QUESTION_PARTS.iter().map(|p| format!("{question_id}-{p}")));
    if true_false {
        ids.extend([true, false].map(|v| true_false_option(question_id, v)));
    } else {
        ids.extend((0..options).map(|i| option(question_id, i)));
    }
    ids
}

/// How many option ids a self-check's widget takes: its options, or its lines or pairs.
pub fn self_check_parts(check: &crate::content::model::SelfCheck) -> usize {
    if check.resolved_kind() == crate::content::model::QuestionKind::Trace {
        return 2;
    }
    check.options.len().max(super::arrange::parts(
        check.lines.len(),
        check.distractors.len(),
        check.pairs.len(),
    ))
}

/// The ids of an inline self-check's widget with `options` choices, with what they are.
pub fn of_inline_self_check(
    question_id: &str,
    number: usize,
    options: usize,
) -> Vec<(String, String)> {
    let what = format!("the self-check {number} of this chapter");
    question_ids(question_id, options, false)
        .into_iter()
        .map(|id| (id, what.clone()))
        .collect()
}

/// Every id Lectern will give its own elements on the chapter's page, with what it is (in the
/// author's words, for a message): the layout, objectives, knowledge-check questions,
/// interview cards and their self-checks. The prose's own self-checks are added as they are
/// rendered ([`of_inline_self_check`]).
pub fn of_chapter(c: &Chapter) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = LAYOUT
        .iter()
        .map(|id| {
            (
                id.to_string(),
                "an element of the theme's page layout".to_string(),
            )
        })
        .collect();
    for i in 0..c.front.objectives.len() {
        all.push((objective(i + 1), format!("learning objective {}", i + 1)));
    }
    for (i, q) in c.expansion.questions.iter().enumerate() {
        let options = match &q.answer {
            ImportedAnswer::Choice { options, .. } => options.len(),
            ImportedAnswer::Trace { .. } => 2,
            ImportedAnswer::Short { .. } => 0,
        };
        let what = format!("question {} of the chapter's `{{{{#quiz}}}}`", i + 1);
        all.extend(
            question_ids(&imported(i + 1), options, false)
                .into_iter()
                .map(|id| (id, what.clone())),
        );
    }
    let Some(q) = &c.questions else {
        return all;
    };
    for (i, item) in q.data.knowledge_check.iter().enumerate() {
        let item = &item.value;
        let what = format!("knowledge-check question {}", i + 1);
        let tf = matches!(item.kind, QuestionKind::TrueFalse);
        let options = match item.kind {
            QuestionKind::Single | QuestionKind::Multiple => item.options.len(),
            QuestionKind::TrueFalse | QuestionKind::ShortAnswer => 0,
            QuestionKind::Order | QuestionKind::Match => {
                super::arrange::parts(item.lines.len(), item.distractors.len(), item.pairs.len())
            }
            QuestionKind::Trace => 2,
            QuestionKind::Numeric | QuestionKind::Fill => 0,
        };
        all.extend(
            question_ids(&check(i + 1), options, tf)
                .into_iter()
                .map(|id| (id, what.clone())),
        );
        all.extend(
            (1..=item.blanks.len()).map(|n| (format!("{}-blank-{n}", check(i + 1)), what.clone())),
        );
    }
    for item in &q.data.interview {
        let card_q = &item.value;
        let stable = card_q
            .id
            .clone()
            .unwrap_or_else(|| card_slug(&card_q.question));
        let id = card(&stable);
        let what = format!(
            "the interview card “{}”",
            card_q
                .question
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        all.push((id.clone(), what.clone()));
        all.extend(
            CARD_PARTS
                .iter()
                .map(|p| (format!("{id}-{p}"), what.clone())),
        );
        if let Some(check) = &card_q.self_check {
            let what = format!("the self-check of {what}");
            all.extend(
                question_ids(&card_self_check(&id), self_check_parts(check), false)
                    .into_iter()
                    .map(|id| (id, what.clone())),
            );
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id the default theme writes on a chapter page is one of the ids above: a literal
    /// id is in [`LAYOUT`], an id made from a question's or a card's id names one of its parts.
    #[test]
    fn the_default_theme_uses_only_these_ids() {
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let files = [
            "templates/base.html",
            "templates/chapter.html",
            "templates/self-check.html",
            "templates/card.html",
            "assets/lectern.js",
            "assets/search.js",
        ];
        let mut unknown = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(theme.join(file)).unwrap();
            for (i, _) in text.match_indices("id=\"") {
                let value: String = text[i + 4..].chars().take_while(|&c| c != '"').collect();
                let known = if let Some(part) = value.strip_prefix("{{ qid }}-") {
                    QUESTION_PARTS.contains(&part)
                } else if let Some(part) = value.strip_prefix("{{ cid }}-") {
                    CARD_PARTS.contains(&part)
                } else {
                    // Ids taken from the page data (a question's, a section's), or built in
                    // script from data.
                    value.contains("{{") || value.contains('\'') || LAYOUT.contains(&&*value)
                };
                if !known {
                    unknown.push(format!("{file}: id=\"{value}\""));
                }
            }
        }
        assert!(
            unknown.is_empty(),
            "ids the theme writes that render::ids does not know: {unknown:?}"
        );
    }
}
