//! The content model: what authors write, as plain serde structs.
//!
//! These types mirror the files one to one (front matter, `<chapter>.questions.yaml`,
//! ```` ```self-check ```` blocks) and reject unknown keys, so a misspelled key is an error
//! rather than a silently ignored line. JSON Schemas for editors are generated from them
//! (`lectern schema`, committed under `schemas/`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// A chapter's YAML front matter. Unlike the other files, it keeps keys it does not know
/// (as `extra`): books moving from mdBook carry their own (Comprehensive Rust's `minutes`,
/// `course`, `session`), and they are data for other tools, not mistakes. A key close to one
/// of Lectern's (`titel`) is still reported, by `validate::front_matter`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[schemars(title = "Lectern chapter front matter")]
pub struct FrontMatter {
    /// The chapter's title; without one, the chapter's first `# heading` (or its SUMMARY.md
    /// entry) gives it.
    #[serde(default)]
    pub title: String,
    /// One or two sentences shown under the title.
    #[serde(default)]
    pub summary: String,
    /// Learning objectives, shown as a checklist the reader ticks off (inline Markdown each).
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Topic tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A draft is shown by `lectern serve` and left out of `lectern build`.
    #[serde(default)]
    pub draft: bool,
    /// This chapter's own wording for interface strings (`interview.intro: "…"`), by the
    /// catalogue's keys; what the chapter's page shows, over book.toml's `[strings]`.
    #[serde(default)]
    pub strings: std::collections::BTreeMap<String, crate::strings::Entry>,
    /// In a translation: the short content hash (`lectern check` gives it) of the book's
    /// own chapter this one was translated from; `check` warns when that file has changed.
    #[serde(default)]
    pub translation_of: Option<String>,
    /// Every other key, as written, for tools that read the book.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

impl FrontMatter {
    /// The keys Lectern reads, for the did-you-mean on a key it does not.
    pub const KEYS: [&'static str; 7] = [
        "title",
        "summary",
        "objectives",
        "tags",
        "draft",
        "strings",
        "translation_of",
    ];
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// How a knowledge-check item is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one option is correct.
    Single,
    /// Select all that apply: one or more options are correct.
    Multiple,
    /// A statement the reader marks true or false (`answer`).
    TrueFalse,
    /// The reader types the answer; compared with `accepted` ignoring case and spacing.
    ShortAnswer,
    /// The reader puts `lines` in order (a Parsons problem), leaving out `distractors`.
    Order,
    /// The reader pairs each left-hand item of `pairs` with its right-hand item.
    Match,
    /// The reader types a number: right within `tolerance` of `answer`, in `unit` if given.
    Numeric,
    /// Cloze text (`text`) whose `{{1}}`, `{{2}}`… are blanks the reader fills in (`blanks`).
    Fill,
    /// A program (`program`): does it compile and run? Then its `output`, or its `error_line`.
    Trace,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true_false",
            QuestionKind::ShortAnswer => "short_answer",
            QuestionKind::Order => "order",
            QuestionKind::Match => "match",
            QuestionKind::Numeric => "numeric",
            QuestionKind::Fill => "fill",
            QuestionKind::Trace => "trace",
        }
    }
}

/// The kinds a self-check may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceKind {
    Single,
    Multiple,
}

/// One pair of a `match` question: a left-hand item and the right-hand item it goes with.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchPair {
    /// The left-hand item (inline Markdown), shown with a list to choose its match from.
    pub left: String,
    /// The right-hand item it goes with (plain text: it is an entry of a drop-down list).
    /// Each right-hand item belongs to one pair.
    pub right: Option<String>,
    /// Why they go together (inline Markdown), shown after the reader checks.
    pub explanation: Option<String>,
}

/// One option of a choice question.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The option's text (inline Markdown).
    pub text: String,
    /// Whether choosing this option is right.
    #[serde(default)]
    pub correct: bool,
    /// Why this option is right or wrong (Markdown), shown after the reader checks.
    pub explanation: Option<String>,
}

/// The companion file `<chapter>.questions.yaml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Lectern chapter questions")]
pub struct QuestionsFile {
    /// The chapter's numbered knowledge check.
    #[serde(default)]
    #[schemars(with = "Vec<CheckItem>")]
    pub knowledge_check: Vec<Spanned<CheckItem>>,
    /// Interview-question cards.
    #[serde(default)]
    #[schemars(with = "Vec<InterviewQuestion>")]
    pub interview: Vec<Spanned<InterviewQuestion>>,
    /// In a translation: the short content hash (`lectern check` gives it) of the book's
    /// own questions file this one was translated from; `check` warns when that file has
    /// changed.
    #[serde(default)]
    pub translation_of: Option<String>,
}

/// One knowledge-check item.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckItem {
    /// A stable id; keeps the reader's answer when items are reordered. Default: the position.
    pub id: Option<String>,
    /// `easy`, `medium` or `hard`, shown as a chip; without it, no chip.
    pub difficulty: Option<Difficulty>,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    /// The question (Markdown).
    pub prompt: String,
    /// Options of a single or multiple choice question.
    #[serde(default)]
    #[schemars(with = "Vec<ChoiceOption>")]
    pub options: Vec<Spanned<ChoiceOption>>,
    /// The right answer: `true` or `false` for a true_false question, a number for a numeric one.
    pub answer: Option<Answer>,
    /// Accepted answers of a short_answer question.
    #[serde(default)]
    pub accepted: Vec<String>,
    /// The question's explanation (Markdown), shown after checking.
    #[serde(default)]
    pub explanation: String,
    /// Show options in a random order per reader (stable across reloads).
    #[serde(default)]
    pub shuffle: bool,
    /// An `order` question's lines, in the right order (inline Markdown; code with `indent`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub lines: Vec<Spanned<String>>,
    /// An `order` question's lines that belong nowhere, or a `match` question's right-hand
    /// items that go with no left-hand item.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub distractors: Vec<Spanned<String>>,
    /// An `order` question of code: the reader also sets each line's indent, which is read from
    /// the lines as written (quote them to keep their leading spaces).
    #[serde(default)]
    pub indent: bool,
    /// A `match` question's pairs.
    #[serde(default)]
    #[schemars(with = "Vec<MatchPair>")]
    pub pairs: Vec<Spanned<MatchPair>>,
    /// Hints (Markdown each) the reader may reveal, one at a time, before answering; an
    /// answer after a hint counts as weaker in the review queue.
    #[serde(default)]
    pub hints: Vec<String>,
    /// How far a numeric answer may be from `answer`: a number (`0.5`) or a percentage of the
    /// answer (`2%`). `0` asks for the exact number.
    #[schemars(with = "Option<ToleranceForm>")]
    pub tolerance: Option<Tolerance>,
    /// A numeric answer's unit (`ms`, `KiB`), shown after the field; readers may type it too.
    pub unit: Option<String>,
    /// A fill question's text (Markdown, prose or a code block): `{{1}}`, `{{2}}`… mark the
    /// blanks, numbered as in `blanks`.
    pub text: Option<String>,
    /// A fill question's blanks, in the order of their numbers.
    #[serde(default)]
    #[schemars(with = "Vec<Blank>")]
    pub blanks: Vec<Spanned<Blank>>,
    /// A trace question's program.
    pub program: Option<String>,
    /// The program's language, for highlighting (`rust`, `python`…).
    pub language: Option<String>,
    /// Whether a trace question's program compiles and runs.
    pub compiles: Option<bool>,
    /// What the program prints when it runs (compared after trimming trailing spaces), and what
    /// the explanation shows.
    pub output: Option<String>,
    /// A pattern the reader's output may match instead of `output` (a regular expression,
    /// matched against the whole output).
    pub regex: Option<String>,
    /// The line (from 1) of the program's error, when it does not compile or run.
    pub error_line: Option<u64>,
    /// The error as the compiler or runtime reports it, shown in the explanation.
    pub error: Option<String>,
}

impl CheckItem {
    /// A true_false question's answer.
    pub fn answer_bool(&self) -> Option<bool> {
        match self.answer {
            Some(Answer::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// A numeric question's answer.
    pub fn answer_number(&self) -> Option<f64> {
        match self.answer {
            Some(Answer::Number(n)) => Some(n),
            _ => None,
        }
    }
}

/// A custom error of a type below with the hint that goes with it; `content::yaml` reports the
/// two apart.
pub fn with_hint(message: &str, hint: &str) -> String {
    format!("{message}{HINT_MARK}{hint}")
}

/// Between a custom error's message and its hint ([`with_hint`]).
pub const HINT_MARK: char = '\u{1}';

/// A question's `answer:` value: a boolean (true_false) or a number (numeric).
#[derive(Debug, Clone, Copy, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum Answer {
    Bool(bool),
    Number(f64),
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Form;
        impl serde::de::Visitor<'_> for Form {
            type Value = Answer;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`true` or `false` (true_false), or a number (numeric)")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Answer, E> {
                Ok(Answer::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Answer, E> {
                Ok(Answer::Number(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Answer, E> {
                Ok(Answer::Number(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Answer, E> {
                if v.is_finite() {
                    Ok(Answer::Number(v))
                } else {
                    Err(E::custom("the answer must be a finite number"))
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
                let word = v.trim();
                let (message, hint) = if word == "true" || word == "false" {
                    (
                        "`answer` must be `true` or `false` without quotes; in quotes it is text"
                            .to_string(),
                        format!("write `answer: {word}`"),
                    )
                } else if ["yes", "no", "on", "off", "y", "n"]
                    .contains(&word.to_lowercase().as_str())
                {
                    (
                        format!("`answer` must be `true` or `false`, not `{word}`"),
                        "only `true` and `false` are booleans in Lectern (`yes`, `no`, `on` and `off` are text)".to_string(),
                    )
                } else if word.parse::<f64>().is_ok() {
                    (
                        format!("`answer` must be a number without quotes, not the text `{word}`"),
                        format!("write `answer: {word}`"),
                    )
                } else {
                    (
                        format!("`answer` must be `true` or `false`, or a number for a numeric question, not `{word}`"),
                        "write `answer: true` or `answer: false`, or for a numeric question a plain number such as `answer: 42.5` (a point for decimals)".to_string(),
                    )
                };
                Err(E::custom(with_hint(&message, &hint)))
            }
        }
        deserializer.deserialize_any(Form)
    }
}

/// How far a numeric answer may be from the right one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// At most this far either side.
    Absolute(f64),
    /// At most this fraction of the answer either side (`2%` is 0.02).
    Relative(f64),
}

/// `tolerance:` as written: a number, or a text such as `2%` or `0.5`.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ToleranceForm {
    Number(f64),
    /// `2%`, `0.5`.
    Text(#[schemars(regex(pattern = r"^\s*[0-9]+([.][0-9]+)?\s*%?\s*$"))] String),
}

impl Tolerance {
    /// `2%`, `0.5`, `1e-3`: None for anything else (or a negative or endless number).
    pub fn parse(text: &str) -> Option<Tolerance> {
        let t = text.trim();
        let (num, relative) = match t.strip_suffix('%') {
            Some(n) => (n.trim_end(), true),
            None => (t, false),
        };
        let n: f64 = num.parse().ok()?;
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        Some(if relative {
            Tolerance::Relative(n / 100.0)
        } else {
            Tolerance::Absolute(n)
        })
    }

    /// The largest distance from `answer` that is still right.
    pub fn width(self, answer: f64) -> f64 {
        match self {
            Tolerance::Absolute(n) => n,
            Tolerance::Relative(f) => (answer * f).abs(),
        }
    }
}

impl<'de> Deserialize<'de> for Tolerance {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Form;
        impl serde::de::Visitor<'_> for Form {
            type Value = Tolerance;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number (`0.5`) or a percentage (`2%`), not negative")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Tolerance, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Tolerance, E> {
                self.visit_f64(v as f64)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Tolerance, E> {
                Tolerance::parse(&v.to_string()).ok_or_else(|| {
                    E::custom(with_hint(
                        "a tolerance is a number of 0 or more, not a negative one",
                        "write how far either side of the answer is still right, such as `tolerance: 0.5`",
                    ))
                })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Tolerance, E> {
                Tolerance::parse(v).ok_or_else(|| {
                    E::custom(with_hint(
                        &format!("`{v}` is not a tolerance: a tolerance is a number of 0 or more or a percentage"),
                        "write `tolerance: 0.5` (either side of the answer), `tolerance: 2%` (of the answer), or `tolerance: 0` for the exact number",
                    ))
                })
            }
        }
        deserializer.deserialize_any(Form)
    }
}

/// One blank of a fill question.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Blank {
    /// The answers that fill it right. Compared with runs of spaces collapsed and ends trimmed,
    /// and ignoring case unless `case_sensitive`.
    #[serde(default)]
    pub accepted: Vec<String>,
    /// A pattern a right answer may match instead (a regular expression, matched against the
    /// whole answer as typed, trimmed).
    pub regex: Option<String>,
    /// Compare with `accepted` case and all.
    #[serde(default)]
    pub case_sensitive: bool,
    /// Make the blank a dropdown of these options (the right ones are in `accepted`).
    #[serde(default)]
    pub options: Vec<String>,
}

/// A quick self-check: in an interview card, or inline in chapter Markdown as a
/// ```` ```self-check ```` block.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Lectern self-check")]
pub struct SelfCheck {
    /// The question (Markdown).
    pub prompt: String,
    /// Any kind of a knowledge-check item; default: order with `lines`, match with `pairs`,
    /// else single when exactly one option is correct, else multiple.
    #[serde(rename = "type")]
    pub kind: Option<QuestionKind>,
    /// Options of a single or multiple choice self-check.
    #[serde(default)]
    #[schemars(with = "Vec<ChoiceOption>")]
    pub options: Vec<Spanned<ChoiceOption>>,
    /// An explanation of the whole question (Markdown).
    #[serde(default)]
    pub explanation: String,
    #[serde(default)]
    pub shuffle: bool,
    /// As in a knowledge-check item: an `order` self-check's lines, in the right order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub lines: Vec<Spanned<String>>,
    /// As in a knowledge-check item: lines or right-hand items that belong nowhere.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub distractors: Vec<Spanned<String>>,
    /// As in a knowledge-check item: the reader also sets each line's indent.
    #[serde(default)]
    pub indent: bool,
    /// As in a knowledge-check item: a `match` self-check's pairs.
    #[serde(default)]
    #[schemars(with = "Vec<MatchPair>")]
    pub pairs: Vec<Spanned<MatchPair>>,
    /// Hints (Markdown each) the reader may reveal, one at a time, before answering.
    #[serde(default)]
    pub hints: Vec<String>,
    /// As in a knowledge-check item: `true`/`false` (true_false) or a number (numeric).
    pub answer: Option<Answer>,
    /// As in a knowledge-check item (short_answer).
    #[serde(default)]
    pub accepted: Vec<String>,
    /// As in a knowledge-check item (numeric).
    #[schemars(with = "Option<ToleranceForm>")]
    pub tolerance: Option<Tolerance>,
    /// As in a knowledge-check item (numeric).
    pub unit: Option<String>,
    /// As in a knowledge-check item (fill).
    pub text: Option<String>,
    /// As in a knowledge-check item (fill).
    #[serde(default)]
    #[schemars(with = "Vec<Blank>")]
    pub blanks: Vec<Spanned<Blank>>,
    /// As in a knowledge-check item (trace).
    pub program: Option<String>,
    /// As in a knowledge-check item (trace).
    pub language: Option<String>,
    /// As in a knowledge-check item (trace).
    pub compiles: Option<bool>,
    /// As in a knowledge-check item (trace).
    pub output: Option<String>,
    /// As in a knowledge-check item (trace).
    pub regex: Option<String>,
    /// As in a knowledge-check item (trace).
    pub error_line: Option<u64>,
    /// As in a knowledge-check item (trace).
    pub error: Option<String>,
}

impl SelfCheck {
    /// Its kind as written, or as its fields say (see `kind`).
    pub fn resolved_kind(&self) -> QuestionKind {
        if let Some(kind) = self.kind {
            return kind;
        }
        if !self.lines.is_empty() {
            return QuestionKind::Order;
        }
        if !self.pairs.is_empty() {
            return QuestionKind::Match;
        }
        if self.options.iter().filter(|o| o.value.correct).count() == 1 {
            QuestionKind::Single
        } else {
            QuestionKind::Multiple
        }
    }

    /// The self-check as a knowledge-check item of `kind` (without id or difficulty), for the
    /// checks and views the two share.
    pub fn as_item(&self, kind: QuestionKind) -> CheckItem {
        CheckItem {
            id: None,
            difficulty: None,
            kind,
            prompt: self.prompt.clone(),
            options: self.options.clone(),
            answer: self.answer,
            accepted: self.accepted.clone(),
            explanation: self.explanation.clone(),
            shuffle: self.shuffle,
            lines: self.lines.clone(),
            distractors: self.distractors.clone(),
            indent: self.indent,
            pairs: self.pairs.clone(),
            hints: self.hints.clone(),
            tolerance: self.tolerance,
            unit: self.unit.clone(),
            text: self.text.clone(),
            blanks: self.blanks.clone(),
            program: self.program.clone(),
            language: self.language.clone(),
            compiles: self.compiles,
            output: self.output.clone(),
            regex: self.regex.clone(),
            error_line: self.error_line,
            error: self.error.clone(),
        }
    }
}

/// One interview-question card.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewQuestion {
    /// A stable id, used in the card's anchor (#q-<id>). Default: a slug of the question.
    pub id: Option<String>,
    /// The question (inline Markdown).
    pub question: String,
    /// `easy`, `medium` or `hard`, shown as a chip; without it, no chip (and the card is
    /// "unrated" on the browse-all page).
    pub difficulty: Option<Difficulty>,
    /// Companies known to ask it: a name, or a name with where that comes from.
    #[serde(default)]
    #[schemars(with = "Vec<Company>")]
    pub companies: Vec<Spanned<Company>>,
    /// Topic tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A model answer (Markdown).
    pub answer: String,
    /// What a strong answer covers (Markdown each).
    #[serde(default)]
    pub covers: Vec<String>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// The answer that tells an interviewer the candidate doesn't know (Markdown).
    pub red_flag: Option<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub self_check: Option<SelfCheck>,
}

/// A follow-up question, optionally with its short answer.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// Inline Markdown.
    pub question: String,
    /// Markdown.
    pub answer: Option<String>,
}

/// Where an answer comes from.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    /// An http(s) URL.
    pub url: String,
}

/// A company known to ask an interview question: a plain name (`- Google`), or a name with
/// where the tag comes from (`- {name: Meta, source: "https://…", note: "onsite loop, 2024"}`).
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum Company {
    /// The company's name.
    Name(String),
    /// The company's name and where the tag comes from.
    Sourced(SourcedCompany),
}

impl Company {
    pub fn name(&self) -> &str {
        match self {
            Company::Name(name) => name,
            Company::Sourced(c) => &c.name,
        }
    }
}

/// A company tag with its source: `name` and at least one of `source` and `note`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{"required": ["source"]}, {"required": ["note"]}]))]
pub struct SourcedCompany {
    /// The company's name, as on a plain tag.
    pub name: String,
    /// Where the tag comes from: an http(s) URL (an interview report, a job post).
    #[schemars(url, regex(pattern = "^[Hh][Tt][Tt][Pp][Ss]?://"))]
    pub source: Option<String>,
    /// Where the tag comes from, in words: "onsite loop, 2024, per Glassdoor".
    pub note: Option<String>,
}

/// A plain name or a mapping. Written by hand rather than with `#[serde(untagged)]`, whose
/// errors say only that no form matched: a mapping is read as a [`SourcedCompany`], so a
/// misspelled key there is reported at its line with a did-you-mean, like everywhere else.
impl<'de> Deserialize<'de> for Company {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Form;
        impl<'de> serde::de::Visitor<'de> for Form {
            type Value = Company;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a company name, or `name:` with `source:` and/or `note:`")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Company, E> {
                Ok(Company::Name(v.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Company, A::Error> {
                SourcedCompany::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Company::Sourced)
            }
        }
        deserializer.deserialize_any(Form)
    }
}
