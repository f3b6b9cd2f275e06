//! Checks that go beyond the YAML's shape: a single-choice question with one right answer,
//! an explanation for every option, ids that are unique, URLs that are safe. Each problem is
//! reported at the line that causes it.

use std::collections::HashMap;
use std::path::Path;

use serde_saphyr::{Location, Spanned};

use super::model::{ChoiceKind, ChoiceOption, FrontMatter, QuestionKind, QuestionsFile, SelfCheck};
use super::yaml::Embedding;
use super::Chapter;
use crate::diag::{Diagnostic, Position};

/// Where a piece of YAML sits: the file, its text, and how it is embedded.
pub struct Site<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub at: Embedding,
}

impl Site<'_> {
    fn pos(&self, loc: Location) -> Option<Position> {
        self.at.position(loc)
    }

    /// The position of `key:` at or after the line of `from` (the item that holds it), falling
    /// back to `from` itself.
    fn key_pos(&self, from: Location, key: &str) -> Option<Position> {
        let start = self.pos(from)?;
        let pattern = format!("{key}:");
        self.text
            .lines()
            .enumerate()
            .skip(start.line.saturating_sub(1 + self.at.line_offset))
            .find_map(|(i, line)| {
                let trimmed = line.trim_start().trim_start_matches("- ");
                trimmed.starts_with(&pattern).then(|| {
                    Position::new(i + 1 + self.at.line_offset, line.len() - trimmed.len() + 1)
                })
            })
            .or(Some(start))
    }

    fn error(&self, position: Option<Position>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, position, message)
    }
}

pub fn front_matter(file: &Path, text: &str, front: &FrontMatter, diags: &mut Vec<Diagnostic>) {
    if front.title.trim().is_empty() {
        let line = text
            .lines()
            .position(|l| l.starts_with("title:"))
            .map_or(1, |i| i + 1);
        diags.push(
            Diagnostic::error(
                file,
                Some(Position::new(line, 1)),
                "the chapter title is empty",
            )
            .with_hint("write a title: `title: Garbage collection`"),
        );
    }
    for (i, objective) in front.objectives.iter().enumerate() {
        if objective.trim().is_empty() {
            diags.push(
                Diagnostic::error(file, None, format!("learning objective {} is empty", i + 1))
                    .with_hint("write what the reader will be able to do, or remove the line"),
            );
        }
    }
}

pub fn questions(file: &Path, text: &str, data: &QuestionsFile, diags: &mut Vec<Diagnostic>) {
    let site = Site {
        file,
        text,
        at: Embedding::default(),
    };
    let mut ids: HashMap<String, Option<Position>> = HashMap::new();
    for (i, item) in data.knowledge_check.iter().enumerate() {
        let at = item.referenced;
        let q = &item.value;
        let pos = site.pos(at);
        if let Some(id) = &q.id {
            check_id(
                &site,
                id,
                site.key_pos(at, "id"),
                "knowledge-check",
                &mut ids,
                diags,
            );
        }
        if q.prompt.trim().is_empty() {
            diags.push(
                site.error(
                    site.key_pos(at, "prompt"),
                    format!("knowledge-check item {} has an empty prompt", i + 1),
                )
                .with_hint("write the question in `prompt:`"),
            );
        }
        match q.kind {
            QuestionKind::Single | QuestionKind::Multiple => {
                let kind = if q.kind == QuestionKind::Single {
                    ChoiceKind::Single
                } else {
                    ChoiceKind::Multiple
                };
                choice_options(&site, at, Some(kind), &q.options, q.shuffle, diags);
                if q.answer.is_some() {
                    diags.push(
                        site.error(
                            site.key_pos(at, "answer"),
                            "`answer` is only for true_false questions",
                        )
                        .with_hint("mark the right options with `correct: true` instead"),
                    );
                }
                if !q.accepted.is_empty() {
                    diags.push(
                        site.error(
                            site.key_pos(at, "accepted"),
                            "`accepted` is only for short_answer questions",
                        )
                        .with_hint("remove it, or set `type: short_answer`"),
                    );
                }
            }
            QuestionKind::TrueFalse => {
                if q.answer.is_none() {
                    diags.push(
                        site.error(
                            pos,
                            "a true_false question needs `answer: true` or `answer: false`",
                        )
                        .with_hint("add `answer: true` (or false) to the item"),
                    );
                }
                if !q.options.is_empty() {
                    diags.push(site.error(site.key_pos(at, "options"), "a true_false question has no `options`").with_hint("remove `options`; the reader picks True or False, and `answer` says which is right"));
                }
            }
            QuestionKind::ShortAnswer => {
                if q.accepted.iter().all(|a| a.trim().is_empty()) {
                    diags.push(site.error(pos, "a short_answer question needs at least one accepted answer").with_hint("add `accepted: [\"the answer\"]`; answers are compared ignoring case and spacing"));
                }
                if !q.options.is_empty() {
                    diags.push(
                        site.error(
                            site.key_pos(at, "options"),
                            "a short_answer question has no `options`",
                        )
                        .with_hint("remove `options`, or set `type: single` or `type: multiple`"),
                    );
                }
            }
        }
    }
    ids.clear();
    for item in &data.interview {
        let at = item.referenced;
        let q = &item.value;
        let id = q.id.clone().unwrap_or_else(|| card_slug(&q.question));
        check_id(
            &site,
            &id,
            site.key_pos(at, if q.id.is_some() { "id" } else { "question" }),
            "interview",
            &mut ids,
            diags,
        );
        if q.question.trim().is_empty() {
            diags.push(site.error(
                site.key_pos(at, "question"),
                "the interview question is empty",
            ));
        }
        if q.answer.trim().is_empty() {
            diags.push(
                site.error(
                    site.key_pos(at, "answer"),
                    "the interview question has an empty answer",
                )
                .with_hint("write a model answer in `answer:`"),
            );
        }
        for source in &q.sources {
            check_url(&site, site.key_pos(at, "url"), &source.url, diags);
        }
        if let Some(check) = &q.self_check {
            self_check(
                &site,
                site.key_pos(at, "self_check").map_or(at, |_| at),
                check,
                diags,
            );
        }
    }
}

/// Validates an inline or card self-check.
pub fn self_check(site: &Site, at: Location, check: &SelfCheck, diags: &mut Vec<Diagnostic>) {
    if check.prompt.trim().is_empty() {
        diags.push(site.error(
            site.key_pos(at, "prompt"),
            "the self-check has an empty prompt",
        ));
    }
    choice_options(site, at, check.kind, &check.options, check.shuffle, diags);
}

fn choice_options(
    site: &Site,
    at: Location,
    kind: Option<ChoiceKind>,
    options: &[Spanned<ChoiceOption>],
    shuffle: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let options_pos = site.key_pos(at, "options");
    if options.is_empty() {
        diags.push(site.error(options_pos, "a choice question needs options").with_hint("add at least two options under `options:`, each with `text`, `correct` and `explanation`"));
        return;
    }
    if options.len() == 1 {
        diags.push(site.error(options_pos, "a choice question needs at least two options"));
    }
    let correct = options.iter().filter(|o| o.value.correct).count();
    match (kind, correct) {
        (_, 0) => diags.push(site.error(options_pos, "no option is marked correct").with_hint("add `correct: true` to the right option(s)")),
        (Some(ChoiceKind::Single), n) if n > 1 => diags.push(
            site.error(options_pos, format!("a single-choice question has {n} correct options"))
                .with_hint("mark exactly one option `correct: true`, or use `type: multiple` for select-all-that-apply"),
        ),
        _ => {}
    }
    for (i, o) in options.iter().enumerate() {
        let opos = site.pos(o.referenced);
        if o.value.text.trim().is_empty() {
            diags.push(site.error(opos, format!("option {} has no text", i + 1)));
        }
        if o.value
            .explanation
            .as_deref()
            .is_none_or(|e| e.trim().is_empty())
        {
            diags.push(
                site.error(opos, format!("option {} has no explanation", i + 1))
                    .with_hint("add `explanation:` saying why this option is right or wrong; readers see it after checking"),
            );
        }
        if shuffle && is_positional(&o.value.text) {
            diags.push(
                site.error(
                    opos,
                    format!(
                        "option {} (\"{}\") refers to other options, but the options are shuffled",
                        i + 1,
                        o.value.text.trim()
                    ),
                )
                .with_hint("reword the option, or remove `shuffle: true`"),
            );
        }
    }
}

/// "All of the above" and friends only make sense in a fixed order.
fn is_positional(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "of the above",
        "of the below",
        "of these",
        "both a and b",
        "a and b",
    ]
    .iter()
    .any(|p| t.contains(p))
}

fn check_id(
    site: &Site,
    id: &str,
    pos: Option<Position>,
    what: &str,
    seen: &mut HashMap<String, Option<Position>>,
    diags: &mut Vec<Diagnostic>,
) {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        diags.push(
            site.error(pos, format!("`{id}` is not a valid id"))
                .with_hint("use letters, digits, `-` and `_` only, e.g. `heap-generations`"),
        );
        return;
    }
    if let Some(first) = seen.get(id) {
        let line = first.map_or(String::new(), |p| format!(" (line {})", p.line));
        diags.push(
            site.error(pos, format!("duplicate {what} id `{id}`"))
                .with_hint(format!("it is already used{line}; ids must be unique within a chapter (for interview cards without an id, the question's first words are the id: give one an explicit `id:`)")),
        );
    } else {
        seen.insert(id.to_string(), pos);
    }
}

fn check_url(site: &Site, pos: Option<Position>, url: &str, diags: &mut Vec<Diagnostic>) {
    let lower = url.trim().to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > lower.find("//").unwrap_or(0) + 2
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    if !ok {
        diags.push(
            site.error(pos, format!("`{url}` is not a valid source URL"))
                .with_hint("sources must be absolute http:// or https:// URLs"),
        );
    }
}

/// The default id of an interview card: a slug of the question's first words.
pub fn card_slug(question: &str) -> String {
    let slug = crate::render::slugify(question);
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).take(8).collect();
    let s = words.join("-");
    if s.is_empty() {
        "question".into()
    } else {
        s
    }
}

/// Chapter-level checks across files.
pub fn check_ids(_chapters: &[Chapter], _diags: &mut crate::diag::Diagnostics) {
    // Chapter ids are paths below the content folder, so they are unique by construction;
    // question ids are checked per chapter in [`questions`].
}
