//! Questions as the theme sees them: knowledge-check items, self-checks and interview cards
//! with their Markdown rendered, stable storage keys, and content versions.

use sha2::{Digest, Sha256};

use super::ids;
use super::markdown::{Origin, Page};
use super::{CardView, CompanyView, FollowUpView, OptionView, QuestionView, SourceView};
use crate::content::imported::{ImportedAnswer, ImportedQuestion};
use crate::content::model::{
    CheckItem, ChoiceOption, Company, InterviewQuestion, QuestionKind, SelfCheck,
};
use crate::content::validate::card_slug;
use crate::text::verdict;

/// A short hash of what makes an answer right or wrong. A reader's stored answer is kept only
/// while this stays the same; explanations may be reworded without resetting anyone.
pub(super) fn version(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

fn option_views(
    page: &mut Page,
    options: &[&ChoiceOption],
    id: &str,
    origin: Origin,
) -> Vec<OptionView> {
    options
        .iter()
        .enumerate()
        .map(|(i, o)| OptionView {
            id: ids::option(id, i),
            html: page.inline(&o.text, origin),
            correct: o.correct,
            // Lectern labels the explanation itself ("✗ Wrong"): a verdict word the author
            // started it with is not said twice.
            explanation_html: o
                .explanation
                .as_deref()
                .map(|e| {
                    page.inline(
                        &verdict::shown_explanation(
                            e,
                            o.correct,
                            verdict::for_language(page.widgets.language()),
                        ),
                        origin,
                    )
                })
                .unwrap_or_default(),
        })
        .collect()
}

fn options_fingerprint(options: &[&ChoiceOption]) -> String {
    options
        .iter()
        .map(|o| format!("{}\u{1}{}", o.text.trim(), o.correct))
        .collect::<Vec<_>>()
        .join("\u{2}")
}

/// Lower case, runs of white space collapsed, trimmed: how short answers are compared.
pub fn normalize_answer(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub fn check_item_view(
    page: &mut Page,
    item: &CheckItem,
    number: usize,
    origin: Origin,
) -> QuestionView {
    let html_id = page.unique_id(&ids::check(number));
    let stable = item.id.clone().unwrap_or_else(|| number.to_string());
    let key = format!("{}#check:{stable}", page.chapter_id);
    item_view(page, item, html_id, key, format!("{number:02}"), origin)
}

/// A knowledge-check item, or a self-check of a kind other than single and multiple, with its
/// (unique) HTML id, storage key and number as shown ("" for a self-check).
fn item_view(
    page: &mut Page,
    item: &CheckItem,
    html_id: String,
    key: String,
    number: String,
    origin: Origin,
) -> QuestionView {
    let opts: Vec<&ChoiceOption> = item.options.iter().map(|o| &o.value).collect();
    let explanation_html = page.block(&item.explanation, origin);
    let (options, accepted, fingerprint) = match item.kind {
        QuestionKind::Single | QuestionKind::Multiple => (
            option_views(page, &opts, &html_id, origin),
            Vec::new(),
            options_fingerprint(&opts),
        ),
        QuestionKind::TrueFalse => {
            let answer = item.answer_bool().unwrap_or(true);
            let options = [
                (true, "question.true", answer),
                (false, "question.false", !answer),
            ]
            .into_iter()
            .map(|(value, label, correct)| OptionView {
                id: ids::true_false_option(&html_id, value),
                html: crate::render::highlight::escape(&page.widgets.text(label, &[])),
                correct,
                explanation_html: String::new(),
            })
            .collect();
            (options, Vec::new(), format!("tf:{answer}"))
        }
        QuestionKind::Order => (
            Vec::new(),
            Vec::new(),
            super::arrange::order_fingerprint(&item.lines, &item.distractors, item.indent),
        ),
        QuestionKind::Match => (
            Vec::new(),
            Vec::new(),
            super::arrange::match_fingerprint(&item.pairs, &item.distractors),
        ),
        QuestionKind::ShortAnswer => {
            let accepted: Vec<String> = item
                .accepted
                .iter()
                .map(|a| normalize_answer(a))
                .filter(|a| !a.is_empty())
                .collect();
            let fp = accepted.join("\u{2}");
            (Vec::new(), accepted, fp)
        }
        QuestionKind::Numeric | QuestionKind::Fill | QuestionKind::Trace => {
            (Vec::new(), Vec::new(), String::new())
        }
    };
    let arrange = match item.kind {
        QuestionKind::Order => Some(super::arrange::order_view(
            page,
            &html_id,
            &key,
            &item.lines,
            &item.distractors,
            item.indent,
            origin,
        )),
        QuestionKind::Match => Some(super::arrange::match_view(
            page,
            &html_id,
            &key,
            &item.pairs,
            &item.distractors,
            origin,
        )),
        _ => None,
    };
    let mut view = QuestionView {
        arrange,
        id: html_id,
        version: version(&[item.kind.as_str(), item.prompt.trim(), &fingerprint]),
        key,
        number,
        difficulty: item.difficulty.map(|d| d.as_str().to_string()),
        kind: item.kind.as_str().to_string(),
        prompt_html: page.block(&item.prompt, origin),
        shuffle: item.shuffle,
        options,
        accepted,
        explanation_html,
        multiline: false,
        program_html: String::new(),
        program_lines: 0,
        compiles: false,
        trace_answer_html: String::new(),
        qt: Default::default(),
    };
    if let Some(fingerprint) = super::qtypes::kind_view(page, item, &mut view, origin) {
        view.version = version(&[item.kind.as_str(), item.prompt.trim(), &fingerprint]);
    }
    super::qtypes::hints(page, &item.hints, &mut view, origin);
    view
}

/// A self-check (inline or in a card). `base_id` is its HTML id before de-duplication; `key`
/// its storage key.
pub fn self_check_view(
    page: &mut Page,
    check: &SelfCheck,
    base_id: &str,
    key: &str,
    origin: Origin,
) -> QuestionView {
    let html_id = page.unique_id(base_id);
    let opts: Vec<&ChoiceOption> = check.options.iter().map(|o| &o.value).collect();
    let kind = check.resolved_kind();
    if !matches!(kind, QuestionKind::Single | QuestionKind::Multiple) {
        // The other kinds as in the knowledge check.
        return item_view(
            page,
            &check.as_item(kind),
            html_id,
            key.to_string(),
            String::new(),
            origin,
        );
    }
    let mut view = QuestionView {
        arrange: None,
        version: version(&[
            kind.as_str(),
            check.prompt.trim(),
            &options_fingerprint(&opts),
        ]),
        key: key.to_string(),
        number: String::new(),
        difficulty: None,
        kind: kind.as_str().to_string(),
        prompt_html: page.block(&check.prompt, origin),
        shuffle: check.shuffle,
        options: option_views(page, &opts, &html_id, origin),
        accepted: Vec::new(),
        explanation_html: page.block(&check.explanation, origin),
        id: html_id,
        multiline: false,
        program_html: String::new(),
        program_lines: 0,
        compiles: false,
        trace_answer_html: String::new(),
        qt: Default::default(),
    };
    super::qtypes::hints(page, &check.hints, &mut view, origin);
    view
}

/// A question a `{{#quiz}}` file brought in (`number`: its place among the chapter's, from 1).
/// Its Markdown is reported in the quiz file, at the question.
pub fn imported_view(page: &mut Page, q: &ImportedQuestion, number: usize) -> QuestionView {
    let html_id = page.unique_id(&ids::imported(number));
    let key = format!("{}#quiz:{}", page.chapter_id, q.stable_id);
    let origin = Origin::Field {
        file: &q.file,
        position: Some(q.at),
    };
    let prompt_html = page.block(&q.prompt, origin);
    let explanation_html = page.block(&q.explanation, origin);
    let mut view = QuestionView {
        id: html_id.clone(),
        key,
        version: String::new(),
        number: format!("{number:02}"),
        difficulty: None,
        kind: String::new(),
        prompt_html,
        shuffle: false,
        options: Vec::new(),
        accepted: Vec::new(),
        explanation_html,
        multiline: false,
        program_html: String::new(),
        program_lines: 0,
        compiles: false,
        trace_answer_html: String::new(),
        arrange: None,
        qt: Default::default(),
    };
    let fingerprint = match &q.answer {
        ImportedAnswer::Choice { options, shuffle } => {
            let opts: Vec<ChoiceOption> = options
                .iter()
                .map(|(text, correct)| ChoiceOption {
                    text: text.clone(),
                    correct: *correct,
                    explanation: None,
                })
                .collect();
            let refs: Vec<&ChoiceOption> = opts.iter().collect();
            let correct = options.iter().filter(|o| o.1).count();
            view.kind = if correct == 1 { "single" } else { "multiple" }.into();
            view.shuffle = *shuffle;
            // mdbook-quiz options are often code or several paragraphs: block Markdown.
            view.options = refs
                .iter()
                .enumerate()
                .map(|(i, o)| OptionView {
                    id: ids::option(&html_id, i),
                    html: inline_or_block(page, &o.text, origin),
                    correct: o.correct,
                    explanation_html: String::new(),
                })
                .collect();
            options_fingerprint(&refs)
        }
        ImportedAnswer::Short {
            accepted,
            multiline,
        } => {
            view.kind = QuestionKind::ShortAnswer.as_str().into();
            view.multiline = *multiline;
            view.accepted = accepted
                .iter()
                .map(|a| normalize_answer(a))
                .filter(|a| !a.is_empty())
                .collect();
            view.accepted.join("\u{2}")
        }
        ImportedAnswer::Trace {
            program,
            language,
            compiles,
            stdout,
            error_line,
        } => {
            view.kind = "trace".into();
            view.multiline = true;
            view.compiles = *compiles;
            let program = program.trim_end_matches(['\n', '\r']);
            let fence = "`".repeat(longest_run(program, '`').max(2) + 1);
            view.program_html =
                page.block(&format!("{fence}{language}\n{program}\n{fence}\n"), origin);
            view.program_lines = program.lines().count().max(1);
            view.options = [
                ("question.trace_compiles_yes", *compiles),
                ("question.trace_compiles_no", !compiles),
            ]
            .into_iter()
            .enumerate()
            .map(|(i, (key, correct))| OptionView {
                id: ids::option(&html_id, i),
                html: crate::render::highlight::escape(&page.widgets.text(key, &[])),
                correct,
                explanation_html: String::new(),
            })
            .collect();
            view.accepted = match (compiles, error_line) {
                (true, _) => vec![trace_output(stdout)],
                (false, Some(n)) => vec![n.to_string()],
                (false, None) => Vec::new(),
            };
            view.trace_answer_html = super::trace_answer_words(&view, page.widgets);
            format!("{compiles}\u{2}{}\u{2}{program}", view.accepted.join(""))
        }
    };
    view.version = version(&[&view.kind, q.prompt.trim(), &fingerprint]);
    view
}

/// A program's output as answers are compared: trailing spaces of each line and blank lines at
/// either end do not count (readers cannot see them).
pub fn trace_output(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

pub(super) fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Markdown of one paragraph as inline HTML (an option's label), anything longer as blocks.
fn inline_or_block(page: &mut Page, md: &str, origin: Origin) -> String {
    let md = md.trim();
    if md.contains("\n\n") || md.starts_with("```") || md.contains("\n```") {
        page.block(md, origin)
    } else {
        page.inline(md, origin)
    }
}

/// A card's company tags; those with a source or a note are numbered, in order, for the
/// footnote-like lines that give them.
fn company_views(companies: &[serde_saphyr::Spanned<Company>]) -> Vec<CompanyView> {
    let mut marks = 0;
    companies
        .iter()
        .map(|c| {
            let (source, note) = match &c.value {
                Company::Name(_) => (None, None),
                Company::Sourced(s) => (
                    s.source
                        .as_deref()
                        .map(str::trim)
                        .filter(|u| !u.is_empty())
                        .map(String::from),
                    s.note
                        .as_deref()
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .map(String::from),
                ),
            };
            let mark = if source.is_some() || note.is_some() {
                marks += 1;
                marks.to_string()
            } else {
                String::new()
            };
            CompanyView {
                name: c.value.name().trim().to_string(),
                source,
                note,
                mark,
            }
        })
        .collect()
}

pub fn card_view(
    page: &mut Page,
    q: &InterviewQuestion,
    number: usize,
    origin: Origin,
) -> CardView {
    let stable = q.id.clone().unwrap_or_else(|| card_slug(&q.question));
    let id = page.unique_id(&ids::card(&stable));
    let key = format!("{}#q:{stable}", page.chapter_id);
    let self_check = q.self_check.as_ref().map(|c| {
        self_check_view(
            page,
            c,
            &ids::card_self_check(&id),
            &format!("{key}:check"),
            origin,
        )
    });
    let companies = company_views(&q.companies);
    CardView {
        version: version(&[q.question.trim()]),
        number: format!("{number:02}"),
        question_html: page.inline(&q.question, origin),
        question_text: q.question.trim().to_string(),
        difficulty: q.difficulty.map(|d| d.as_str().to_string()),
        company_sources: companies
            .iter()
            .filter(|c| !c.mark.is_empty())
            .cloned()
            .collect(),
        companies,
        tags: q.tags.clone(),
        answer_html: page.block(&q.answer, origin),
        covers_html: q.covers.iter().map(|c| page.inline(c, origin)).collect(),
        follow_ups: q
            .follow_ups
            .iter()
            .map(|f| FollowUpView {
                question_html: page.inline(&f.question, origin),
                answer_html: f
                    .answer
                    .as_deref()
                    .map(|a| page.inline(a, origin))
                    .unwrap_or_default(),
            })
            .collect(),
        red_flag_html: q
            .red_flag
            .as_deref()
            .map(|r| page.inline(r, origin))
            .unwrap_or_default(),
        sources: q
            .sources
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s.url.trim().to_string(),
                external: true,
            })
            .collect(),
        self_check,
        id,
        key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_answers_normalise() {
        assert_eq!(normalize_answer("  Max  Old\tSpace "), "max old space");
    }

    #[test]
    fn versions_ignore_explanations_but_not_correctness() {
        let a = ChoiceOption {
            text: "x".into(),
            correct: true,
            explanation: Some("one".into()),
        };
        let b = ChoiceOption {
            explanation: Some("two".into()),
            ..a.clone()
        };
        let c = ChoiceOption {
            correct: false,
            ..a.clone()
        };
        assert_eq!(options_fingerprint(&[&a]), options_fingerprint(&[&b]));
        assert_ne!(options_fingerprint(&[&a]), options_fingerprint(&[&c]));
        assert_eq!(version(&["p", "q"]).len(), 8);
    }
}
