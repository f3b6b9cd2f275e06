//! Checks that go beyond the YAML's shape: a single-choice question with one right answer,
//! an explanation for every option, ids that are unique, URLs that are safe. Each problem is
//! reported at the line that causes it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_saphyr::{Location, Spanned};

use super::model::{
    CheckItem, ChoiceKind, ChoiceOption, Company, FrontMatter, QuestionKind, QuestionsFile,
    SelfCheck,
};
use super::yaml::Embedding;
use super::Chapter;
use crate::diag::{Diagnostic, Position};
use crate::text::verdict::{self, VerdictWords};

mod arrange;
pub use arrange::leading_spaces;

/// What the check of option explanations needs of the book: its language's verdict words and
/// the labels Lectern puts before each explanation ("✓ Correct", "✗ Wrong").
#[derive(Debug, Clone)]
pub struct Verdicts {
    pub words: &'static VerdictWords<'static>,
    pub right: String,
    pub wrong: String,
}

impl Verdicts {
    /// The book's: `language`'s words, the labels as its strings (with the book's overrides) say.
    pub fn new(language: &str, correct: &str, wrong: &str) -> Verdicts {
        Verdicts {
            words: verdict::for_language(language),
            right: format!("✓ {correct}"),
            wrong: format!("✗ {wrong}"),
        }
    }

    /// English words and labels, where no book's apply (front matter has no options).
    pub fn english() -> Verdicts {
        Verdicts::new("en", "Correct", "Wrong")
    }

    /// A book's, from its language and `[strings]`.
    pub fn of_book(
        language: &str,
        overrides: &BTreeMap<String, crate::strings::Entry>,
    ) -> Verdicts {
        let s = crate::strings::Strings::new(language, overrides);
        Verdicts::new(
            language,
            &s.text("question.correct", &[]),
            &s.text("question.wrong", &[]),
        )
    }
}

/// Where a piece of YAML sits: the file, its text, and how it is embedded.
pub struct Site<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub at: Embedding,
    pub verdicts: &'a Verdicts,
}

impl Site<'_> {
    fn pos(&self, loc: Location) -> Option<Position> {
        self.at.position(loc)
    }

    /// The position of `key:` in the mapping that starts at `from` (an item), falling back to
    /// `from` itself when the item does not have the key.
    fn key_pos(&self, from: Location, key: &str) -> Option<Position> {
        self.key_at(self.pos(from), key)
    }

    /// [`Self::key_pos`] for a mapping whose first key is at `start`.
    fn key_at(&self, start: Option<Position>, key: &str) -> Option<Position> {
        let start = start?;
        self.key_in_block(start, key).or(Some(start))
    }

    /// `key:` among the keys of the block mapping whose first key is at `start`: lines at the
    /// same indent, up to the first line indented less (the mapping's end). Keys of nested
    /// mappings and of the next list item are not taken.
    fn key_in_block(&self, start: Position, key: &str) -> Option<Position> {
        let first = start.line.checked_sub(1 + self.at.line_offset)?;
        let base = start.column - 1;
        for (i, line) in self.text.lines().enumerate().skip(first) {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let at_key = if i == first {
                line.get(base..).unwrap_or("")
            } else if trimmed.is_empty() || trimmed.starts_with('#') || indent > base {
                continue;
            } else if indent < base {
                break;
            } else {
                trimmed
            };
            if at_key
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
            {
                return Some(Position::new(i + 1 + self.at.line_offset, base + 1));
            }
        }
        None
    }

    /// The first key of the block mapping written under the key at `key` (the lines after it,
    /// indented more).
    fn block_under(&self, key: Position) -> Option<Position> {
        let index = key.line.checked_sub(1 + self.at.line_offset)?;
        let (i, line) = self
            .text
            .lines()
            .enumerate()
            .skip(index + 1)
            .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
        let indent = line.len() - line.trim_start().len();
        (indent + 1 > key.column).then(|| Position::new(i + 1 + self.at.line_offset, indent + 1))
    }

    /// The first key of each item of the block list written under the key at `key`.
    fn list_items(&self, key: Position) -> Vec<Position> {
        let Some(index) = key.line.checked_sub(1 + self.at.line_offset) else {
            return Vec::new();
        };
        let mut items = Vec::new();
        let mut item_indent = None;
        for (i, line) in self.text.lines().enumerate().skip(index + 1) {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if indent + 1 < key.column || (indent + 1 == key.column && !trimmed.starts_with('-')) {
                break;
            }
            let item_indent = *item_indent.get_or_insert(indent);
            if indent == item_indent {
                if let Some(rest) = trimmed.strip_prefix('-') {
                    let spaces = rest.len() - rest.trim_start().len();
                    items.push(Position::new(
                        i + 1 + self.at.line_offset,
                        indent + 2 + spaces,
                    ));
                } else {
                    break;
                }
            }
        }
        items
    }

    /// `key:` in the item that starts at `from`, if the item has the key (a key written with an
    /// empty value, such as `options: []`, is there too).
    fn key_written(&self, from: Location, key: &str) -> Option<Position> {
        self.key_in_block(self.pos(from)?, key)
    }

    /// A boolean written in quotes (`draft: "true"`): YAML reads it as the text "true", and
    /// Lectern would take it for the boolean, where `draft: yes` is refused. Booleans are
    /// written bare, one rule for all of them.
    fn quoted_boolean(&self, key: Option<Position>, name: &str, diags: &mut Vec<Diagnostic>) {
        let Some(key) = key else { return };
        let Some(line) = self.text.lines().nth(key.line - 1 - self.at.line_offset) else {
            return;
        };
        let value = line
            .chars()
            .skip(key.column - 1 + name.len() + 1)
            .collect::<String>();
        let value = value.trim_start();
        if value.starts_with(['"', '\'']) {
            let column = line.chars().count() - value.chars().count() + 1;
            let word = value.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
            diags.push(
                self.error(
                    Some(Position::new(key.line, column)),
                    format!(
                        "`{name}` must be `true` or `false` without quotes; in quotes it is text"
                    ),
                )
                .with_hint(format!("write `{name}: {word}`")),
            );
        }
    }

    /// The line of the text at `pos` (a position in the author's file).
    fn line_at(&self, pos: Position) -> Option<&str> {
        self.text
            .lines()
            .nth(pos.line.checked_sub(1 + self.at.line_offset)?)
    }

    /// Where the value of the key `name` at `key` starts: after `name:` on its line, inside
    /// quotes, or on the first line of a block scalar (`name: |`).
    fn value_start(&self, key: Position, name: &str) -> Option<Position> {
        let line = self.line_at(key)?;
        let after_key: String = line.chars().skip(key.column - 1 + name.len() + 1).collect();
        let value = after_key.trim_start();
        let column = line.chars().count() - value.chars().count() + 1;
        if value.starts_with(['|', '>']) {
            // The block's first line with text.
            let first = key.line - self.at.line_offset;
            let (i, l) = self
                .text
                .lines()
                .enumerate()
                .skip(first)
                .find(|(_, l)| !l.trim().is_empty())?;
            let indent = l.chars().count() - l.trim_start().chars().count();
            return Some(Position::new(i + 1 + self.at.line_offset, indent + 1));
        }
        let quoted = usize::from(value.starts_with(['"', '\'']));
        Some(Position::new(key.line, column + quoted))
    }

    /// `key:` in the flow mapping (`{name: Meta, source: …}`) whose `{` is at `open`.
    fn key_in_flow(&self, open: Position, key: &str) -> Option<Position> {
        let first = open.line.checked_sub(1 + self.at.line_offset)?;
        let (mut depth, mut quote, mut after_separator) = (0usize, None, false);
        for (i, line) in self.text.lines().enumerate().skip(first) {
            let chars: Vec<char> = line.chars().collect();
            let from = if i == first { open.column - 1 } else { 0 };
            for (j, &c) in chars.iter().enumerate().skip(from) {
                if let Some(q) = quote {
                    if c == q {
                        quote = None;
                    }
                    continue;
                }
                match c {
                    '"' | '\'' => quote = Some(c),
                    '{' | '[' => {
                        depth += 1;
                        after_separator = depth == 1;
                        continue;
                    }
                    '}' | ']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return None;
                        }
                    }
                    ',' if depth == 1 => {
                        after_separator = true;
                        continue;
                    }
                    c if c.is_whitespace() => continue,
                    _ if after_separator => {
                        let rest: String = chars[j..].iter().collect();
                        if rest
                            .strip_prefix(key)
                            .is_some_and(|r| r.trim_start().starts_with(':'))
                        {
                            return Some(Position::new(i + 1 + self.at.line_offset, j + 1));
                        }
                    }
                    _ => {}
                }
                after_separator = false;
            }
        }
        None
    }

    /// `key:` in the mapping that starts at `item`, written as a block (`- name: …` lines) or
    /// in braces; `item` itself when the key is not there.
    fn key_in_item(&self, item: Option<Position>, key: &str) -> Option<Position> {
        let item = item?;
        let at_brace = self
            .line_at(item)
            .and_then(|l| l.chars().nth(item.column - 1))
            == Some('{');
        let found = if at_brace {
            self.key_in_flow(item, key)
        } else {
            self.key_in_block(item, key)
        };
        found.or(Some(item))
    }

    fn error(&self, position: Option<Position>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, position, message)
    }
}

pub fn front_matter(file: &Path, text: &str, front: &FrontMatter, diags: &mut Vec<Diagnostic>) {
    let title_line = text.lines().position(|l| l.starts_with("title:"));
    // A missing title is taken from the chapter's heading; one written empty is a mistake.
    if let (Some(line), true) = (title_line, front.title.trim().is_empty()) {
        let line = line + 1;
        diags.push(
            Diagnostic::error(
                file,
                Some(Position::new(line, 1)),
                "the chapter title is empty",
            )
            .with_hint("write a title: `title: Garbage collection`"),
        );
    }
    // Front matter has no options to explain.
    let verdicts = Verdicts::english();
    let site = Site {
        file,
        text,
        at: Embedding::default(),
        verdicts: &verdicts,
    };
    for key in front.extra.keys() {
        if let Some(known) = crate::diag::did_you_mean(key, FrontMatter::KEYS) {
            diags.push(
                Diagnostic::warning(
                    file,
                    site.key_in_block(Position::new(2, 1), key),
                    format!("`{key}` is not a front-matter key Lectern reads, so it is kept as data only"),
                )
                .with_hint(format!("did you mean `{known}`? (Lectern reads {})", FrontMatter::KEYS.join(", "))),
            );
        }
    }
    let strings_key = site.key_in_block(Position::new(2, 1), "strings");
    let strings_block = strings_key.and_then(|k| site.block_under(k));
    for (key, entry) in &front.strings {
        if let Err((message, hint)) = crate::strings::check_override(key, entry) {
            let at = strings_block
                .and_then(|b| site.key_in_block(b, key))
                .or(strings_key);
            diags.push(Diagnostic::error(file, at, message).with_hint(hint));
        }
    }
    // The front matter's keys start on line 2, after `---`.
    site.quoted_boolean(
        site.key_in_block(Position::new(2, 1), "draft"),
        "draft",
        diags,
    );
    let objectives_key = site.key_in_block(Position::new(2, 1), "objectives");
    let items = objectives_key
        .map(|k| site.list_items(k))
        .unwrap_or_default();
    // An objective's tick is stored under its text: two with the same text are ticked together.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, objective) in front.objectives.iter().enumerate() {
        let at = items.get(i).copied().or(objectives_key);
        if !objective.trim().is_empty() {
            if let Some(first) = seen.get(objective.trim()) {
                diags.push(
                    Diagnostic::error(
                        file,
                        at,
                        format!("learning objective {} repeats objective {}", i + 1, first + 1),
                    )
                    .with_hint("remove one of them or reword it: a reader's tick is kept by the objective's text, so ticking one would tick both"),
                );
            } else {
                seen.insert(objective.trim(), i);
            }
        }
        if objective.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    file,
                    items.get(i).copied().or(objectives_key),
                    format!("learning objective {} is empty", i + 1),
                )
                .with_hint("write what the reader will be able to do, or remove the line"),
            );
        }
    }
}

pub fn questions(
    file: &Path,
    text: &str,
    data: &QuestionsFile,
    verdicts: &Verdicts,
    diags: &mut Vec<Diagnostic>,
) {
    let site = Site {
        file,
        text,
        at: Embedding::default(),
        verdicts,
    };
    if data.knowledge_check.is_empty() && data.interview.is_empty() {
        // An empty file (or one of comments, or `{}`) is most likely a file not yet written or
        // one whose questions went missing; the chapter would show none without a word.
        diags.push(
            Diagnostic::warning(
                file,
                Some(Position::new(1, 1)),
                "this questions file has no questions",
            )
            .with_hint("add items under `knowledge_check:` or `interview:`, or delete the file"),
        );
    }
    let mut ids: HashMap<String, Option<Position>> = HashMap::new();
    for (i, item) in data.knowledge_check.iter().enumerate() {
        let at = item.referenced;
        let q = &item.value;
        let pos = site.pos(at);
        for flag in ["answer", "shuffle"] {
            site.quoted_boolean(site.key_written(at, flag), flag, diags);
        }
        if let Some(id) = &q.id {
            let id_pos = site.key_pos(at, "id");
            // An item without an id is stored under its position (`3`), so an explicit id
            // made of digits would share another item's saved answers, now or once items
            // move. Refusing it keeps the two kinds of key apart without changing any key.
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                diags.push(
                    site.error(id_pos, format!("the id `{id}` is made only of digits, like the positions that items without an id are stored under"))
                        .with_hint(format!("use an id with a letter in it, such as `q{id}` or a few words (`heap-generations`): readers' answers to this item and to the item at that position would overwrite each other")),
                );
            } else {
                check_id(&site, id, id_pos, "knowledge-check", &mut ids, diags);
            }
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
        let fields = arrange::Fields {
            lines: &q.lines,
            distractors: &q.distractors,
            indent: q.indent,
            pairs: &q.pairs,
        };
        let arrange_kind = match q.kind {
            QuestionKind::Order => arrange::Kind::Order,
            QuestionKind::Match => arrange::Kind::Match,
            other => arrange::Kind::Other(other.as_str()),
        };
        arrange::check(&site, pos, arrange_kind, &fields, diags);
        match q.kind {
            QuestionKind::Order | QuestionKind::Match => {
                for (key, what) in [("answer", "true_false"), ("accepted", "short_answer")] {
                    if let Some(at) = site.key_written(at, key) {
                        diags.push(
                            site.error(Some(at), format!("`{key}` is only for {what} questions"))
                                .with_hint(format!(
                                    "remove it; this is a `{}` question",
                                    q.kind.as_str()
                                )),
                        );
                    }
                }
            }
            QuestionKind::Single | QuestionKind::Multiple => {
                let kind = if q.kind == QuestionKind::Single {
                    ChoiceKind::Single
                } else {
                    ChoiceKind::Multiple
                };
                choice_options(&site, pos, Some(kind), &q.options, q.shuffle, diags);
                if q.answer.is_some() {
                    diags.push(
                        site.error(
                            site.key_pos(at, "answer"),
                            "`answer` is only for true_false and numeric questions",
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
                if q.answer_bool().is_none() {
                    diags.push(
                        site.error(
                            pos,
                            "a true_false question needs `answer: true` or `answer: false`",
                        )
                        .with_hint("add `answer: true` (or false) to the item"),
                    );
                }
                if let Some(options) = site.key_written(at, "options") {
                    diags.push(site.error(Some(options), "a true_false question has no `options`").with_hint("remove `options`; the reader picks True or False, and `answer` says which is right"));
                }
                no_shuffle(&site, at, q.kind, diags);
            }
            QuestionKind::ShortAnswer => {
                if q.accepted.iter().all(|a| a.trim().is_empty()) {
                    diags.push(site.error(pos, "a short_answer question needs at least one accepted answer").with_hint("add `accepted: [\"the answer\"]`; answers are compared ignoring case and spacing"));
                }
                if let Some(options) = site.key_written(at, "options") {
                    diags.push(
                        site.error(Some(options), "a short_answer question has no `options`")
                            .with_hint(
                                "remove `options`, or set `type: single` or `type: multiple`",
                            ),
                    );
                }
                no_shuffle(&site, at, q.kind, diags);
            }
            QuestionKind::Numeric | QuestionKind::Fill | QuestionKind::Trace => {
                new_kinds(&site, pos, q, diags);
            }
        }
        foreign_keys(&site, pos, q.kind, diags);
        hints(
            &site,
            site.key_written(at, "hints").or(pos),
            &q.hints,
            diags,
        );
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
            diags.push(
                site.error(
                    site.key_pos(at, "question"),
                    "the interview question is empty",
                )
                .with_hint("write the question in `question:`"),
            );
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
        let sources_key = site.pos(at).and_then(|p| site.key_in_block(p, "sources"));
        let items = sources_key.map(|k| site.list_items(k)).unwrap_or_default();
        for (i, source) in q.sources.iter().enumerate() {
            let item = items.get(i).copied().or(sources_key).or(site.pos(at));
            check_url(
                &site,
                site.key_at(item, "url"),
                &source.url,
                "sources must be absolute http:// or https:// URLs",
                diags,
            );
        }
        for company in &q.companies {
            company_tag(&site, company, diags);
        }
        if let Some(check) = &q.self_check {
            let key = site
                .pos(at)
                .and_then(|p| site.key_in_block(p, "self_check"));
            let start = key.and_then(|k| site.block_under(k)).or(key);
            self_check_at(&site, start, check, diags);
        }
    }
}

/// Validates an inline or card self-check.
pub fn self_check(site: &Site, at: Location, check: &SelfCheck, diags: &mut Vec<Diagnostic>) {
    self_check_at(site, site.pos(at), check, diags);
}

/// Validates a self-check whose first key is at `start`.
fn self_check_at(
    site: &Site,
    start: Option<Position>,
    check: &SelfCheck,
    diags: &mut Vec<Diagnostic>,
) {
    if check.prompt.trim().is_empty() {
        diags.push(
            site.error(
                site.key_at(start, "prompt"),
                "the self-check has an empty prompt",
            )
            .with_hint("write the question in `prompt:`"),
        );
    }
    let shuffle = start.and_then(|s| site.key_in_block(s, "shuffle"));
    site.quoted_boolean(shuffle, "shuffle", diags);
    hints(site, site.key_at(start, "hints"), &check.hints, diags);
    let fields = arrange::Fields {
        lines: &check.lines,
        distractors: &check.distractors,
        indent: check.indent,
        pairs: &check.pairs,
    };
    let resolved = check.resolved_kind();
    let arrange_kind = match resolved {
        QuestionKind::Order => arrange::Kind::Order,
        QuestionKind::Match => arrange::Kind::Match,
        other => arrange::Kind::Other(other.as_str()),
    };
    arrange::check(site, start, arrange_kind, &fields, diags);
    let kind = match resolved {
        QuestionKind::Single | QuestionKind::Multiple => match check.kind {
            Some(QuestionKind::Single) => Some(ChoiceKind::Single),
            Some(QuestionKind::Multiple) => Some(ChoiceKind::Multiple),
            _ => None,
        },
        QuestionKind::Order | QuestionKind::Match => {
            foreign_keys(site, start, resolved, diags);
            for (key, what) in [("answer", "true_false"), ("accepted", "short_answer")] {
                if let Some(at) = written(site, start, key) {
                    diags.push(
                        site.error(Some(at), format!("`{key}` is only for {what} questions"))
                            .with_hint(format!(
                                "remove it; this is a `{}` question",
                                resolved.as_str()
                            )),
                    );
                }
            }
            return;
        }
        other => return self_check_kind(site, start, check, other, diags),
    };
    choice_options(site, start, kind, &check.options, check.shuffle, diags);
    foreign_keys(site, start, QuestionKind::Single, diags);
    for key in ["answer", "accepted"] {
        if let Some(pos) = written(site, start, key) {
            diags.push(
                site.error(Some(pos), format!("a single or multiple choice self-check has no `{key}`"))
                    .with_hint("mark the right options with `correct: true`, or set `type:` to the kind the key is for (`true_false`, `short_answer`, `numeric`)"),
            );
        }
    }
}

fn choice_options(
    site: &Site,
    start: Option<Position>,
    kind: Option<ChoiceKind>,
    options: &[Spanned<ChoiceOption>],
    shuffle: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let options_pos = site.key_at(start, "options");
    if options.is_empty() {
        diags.push(site.error(options_pos, "a choice question needs options").with_hint("add at least two options under `options:`, each with `text`, `correct` and `explanation`"));
        return;
    }
    if options.len() == 1 {
        diags.push(
            site.error(options_pos, "a choice question needs at least two options")
                .with_hint("add another option: a question with one option has nothing to choose"),
        );
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
    // Option texts as the reader compares them: trimmed.
    let mut texts: HashMap<&str, usize> = HashMap::new();
    for (i, o) in options.iter().enumerate() {
        let opos = site.pos(o.referenced);
        site.quoted_boolean(site.key_written(o.referenced, "correct"), "correct", diags);
        let text = o.value.text.trim();
        if !text.is_empty() {
            if let Some(first) = texts.get(text) {
                diags.push(
                    site.error(
                        opos,
                        format!(
                            "options {} and {} have the same text, \"{text}\"",
                            first + 1,
                            i + 1
                        ),
                    )
                    .with_hint("reword one of them: the reader cannot tell them apart"),
                );
            } else {
                texts.insert(text, i);
            }
        }
        if o.value.text.trim().is_empty() {
            diags.push(
                site.error(opos, format!("option {} has no text", i + 1))
                    .with_hint("write what the reader chooses in `text:`"),
            );
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
        if let Some(explanation) = o.value.explanation.as_deref() {
            leading_verdict(site, o, explanation, diags);
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

/// An explanation that starts with a verdict word ("Wrong: …"): Lectern labels every option's
/// explanation itself, so the word is said twice (it is left out of the page), or, when it
/// contradicts the option's `correct`, the reader is told both.
fn leading_verdict(
    site: &Site,
    option: &Spanned<ChoiceOption>,
    explanation: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(found) = verdict::leading_verdict(explanation, site.verdicts.words) else {
        return;
    };
    let correct = option.value.correct;
    let key = site.key_written(option.referenced, "explanation");
    let value = key.and_then(|k| site.value_start(k, "explanation"));
    // On the verdict itself when the value starts on the key's line or a block's first line.
    let at = value
        .map(|v| {
            Position::new(
                v.line,
                v.column + explanation[..found.start].chars().count(),
            )
        })
        .or(key)
        .or(site.pos(option.referenced));
    let written = &found.written;
    let label = if correct {
        &site.verdicts.right
    } else {
        &site.verdicts.wrong
    };
    let diag = if found.right == correct {
        Diagnostic::warning(
            site.file,
            at,
            format!("this explanation starts with `{written}`, which Lectern adds itself; remove it"),
        )
        .with_hint(format!("after the reader checks, Lectern labels each explanation by the option's `correct:` (here \"{label}\") and leaves `{written}` out of the page, so it is not said twice"))
    } else if correct {
        Diagnostic::warning(
            site.file,
            at,
            format!("this explanation starts with `{written}`, but the option is marked `correct: true`: readers are told \"{label}\" and then `{written}`"),
        )
        .with_hint(format!("if the option is wrong, remove `correct: true`; if it is right, remove `{written}` from the explanation"))
    } else {
        Diagnostic::warning(
            site.file,
            at,
            format!("this explanation starts with `{written}`, but the option is not marked `correct: true`: readers are told \"{label}\" and then `{written}`"),
        )
        .with_hint(format!("if the option is right, add `correct: true` to it; if it is wrong, remove `{written}` from the explanation"))
    };
    diags.push(diag);
}

/// `shuffle` orders options; a question without options has nothing to shuffle.
fn no_shuffle(site: &Site, at: Location, kind: QuestionKind, diags: &mut Vec<Diagnostic>) {
    if let Some(shuffle) = site.key_written(at, "shuffle") {
        diags.push(
            site.error(
                Some(shuffle),
                format!("a {} question has no options to shuffle", kind.as_str()),
            )
            .with_hint("remove `shuffle`; it is for `single` and `multiple` questions"),
        );
    }
}

/// The keys of each kind added with numeric, fill and trace, for "`tolerance` is only for
/// numeric questions".
const KIND_KEYS: [(&str, QuestionKind); 10] = [
    ("tolerance", QuestionKind::Numeric),
    ("unit", QuestionKind::Numeric),
    ("text", QuestionKind::Fill),
    ("blanks", QuestionKind::Fill),
    ("program", QuestionKind::Trace),
    ("language", QuestionKind::Trace),
    ("compiles", QuestionKind::Trace),
    ("output", QuestionKind::Trace),
    ("error_line", QuestionKind::Trace),
    ("error", QuestionKind::Trace),
];

/// A key of another kind of question (`unit` on a fill question), and `answer`, `accepted` and
/// `options` on the kinds that have none.
fn foreign_keys(
    site: &Site,
    start: Option<Position>,
    kind: QuestionKind,
    diags: &mut Vec<Diagnostic>,
) {
    for (key, owner) in KIND_KEYS {
        if owner == kind {
            continue;
        }
        if let Some(pos) = written(site, start, key) {
            diags.push(
                site.error(
                    Some(pos),
                    format!("`{key}` is only for {} questions", owner.as_str()),
                )
                .with_hint(format!("remove it, or set `type: {}`", owner.as_str())),
            );
        }
    }
    if kind != QuestionKind::Trace {
        if let Some(pos) = written(site, start, "regex") {
            let hint = match kind {
                QuestionKind::Fill => "give each blank its own `regex:` under `blanks:`",
                QuestionKind::Numeric => "remove it: a numeric answer is compared as a number",
                QuestionKind::ShortAnswer => "a short answer is compared with `accepted`; for a pattern, write a `fill` question whose blank has a `regex:`",
                _ => "remove it: `regex` is for trace questions and for the blanks of fill questions",
            };
            diags.push(
                site.error(
                    Some(pos),
                    format!("a {} question has no `regex`", kind.as_str()),
                )
                .with_hint(hint),
            );
        }
    }
    let new = matches!(
        kind,
        QuestionKind::Numeric | QuestionKind::Fill | QuestionKind::Trace
    );
    if !new {
        return;
    }
    let mut own: Vec<&str> = vec!["options", "accepted"];
    if kind != QuestionKind::Numeric {
        own.push("answer");
    }
    for key in own {
        if let Some(pos) = written(site, start, key) {
            let hint = match (kind, key) {
                (QuestionKind::Fill, _) => {
                    "the answers go with each blank, under `blanks:` (`accepted:`, `options:`)"
                }
                (QuestionKind::Trace, _) => {
                    "a trace question's answer is `compiles:` with `output:` or `error_line:`"
                }
                _ => "a numeric question's answer is `answer:` a number, with `tolerance:`",
            };
            diags.push(
                site.error(
                    Some(pos),
                    format!("a {} question has no `{key}`", kind.as_str()),
                )
                .with_hint(hint),
            );
        }
    }
    if let Some(shuffle) = written(site, start, "shuffle") {
        diags.push(
            site.error(
                Some(shuffle),
                format!("a {} question has no options to shuffle", kind.as_str()),
            )
            .with_hint("remove `shuffle`; it is for `single` and `multiple` questions"),
        );
    }
}

/// `key:` at the top of the mapping whose first key is at `start`, if it is written there.
fn written(site: &Site, start: Option<Position>, key: &str) -> Option<Position> {
    start.and_then(|s| site.key_in_block(s, key))
}

/// The checks of a numeric, fill or trace question (a knowledge-check item or a self-check)
/// whose first key is at `start`, and of keys another kind's; true for those kinds.
fn new_kinds(
    site: &Site,
    start: Option<Position>,
    q: &CheckItem,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    match q.kind {
        QuestionKind::Numeric => numeric_item(site, start, q, diags),
        QuestionKind::Fill => fill_item(site, start, q, diags),
        QuestionKind::Trace => trace_item(site, start, q, diags),
        _ => return false,
    }
    true
}

/// A self-check of a kind other than single or multiple: what its knowledge-check item would
/// be told.
fn self_check_kind(
    site: &Site,
    start: Option<Position>,
    check: &SelfCheck,
    kind: QuestionKind,
    diags: &mut Vec<Diagnostic>,
) {
    let q = check.as_item(kind);
    if !new_kinds(site, start, &q, diags) {
        let options = written(site, start, "options");
        match kind {
            QuestionKind::TrueFalse if q.answer_bool().is_none() => diags.push(
                site.error(start, "a true_false question needs `answer: true` or `answer: false`")
                    .with_hint("add `answer: true` (or false) to the self-check"),
            ),
            QuestionKind::ShortAnswer if q.accepted.iter().all(|a| a.trim().is_empty()) => diags.push(
                site.error(start, "a short_answer question needs at least one accepted answer")
                    .with_hint("add `accepted: [\"the answer\"]`; answers are compared ignoring case and spacing"),
            ),
            _ => {}
        }
        if let Some(options) = options {
            diags.push(
                site.error(
                    Some(options),
                    format!("a {} question has no `options`", kind.as_str()),
                )
                .with_hint("remove `options`, or set `type: single` or `type: multiple`"),
            );
        }
    }
    foreign_keys(site, start, kind, diags);
}

/// Hints: each one has text.
fn hints(site: &Site, pos: Option<Position>, hints: &[String], diags: &mut Vec<Diagnostic>) {
    for (i, h) in hints.iter().enumerate() {
        if h.trim().is_empty() {
            diags.push(
                site.error(pos, format!("hint {} is empty", i + 1))
                    .with_hint("write the hint, or remove the empty entry from `hints:`"),
            );
        }
    }
}

/// A regular expression the reader's answer is matched against, in the reader's browser. It is
/// compiled here with Perl's syntax, close to JavaScript's, to catch mistakes before readers do.
pub fn regex_problem(pattern: &str) -> Option<String> {
    if pattern.trim().is_empty() {
        return Some("the pattern is empty".into());
    }
    onig::Regex::with_options(
        pattern,
        onig::RegexOptions::REGEX_OPTION_NONE,
        onig::Syntax::perl(),
    )
    .err()
    .map(|e| e.description().to_string())
}

fn check_regex(site: &Site, pos: Option<Position>, pattern: &str, diags: &mut Vec<Diagnostic>) {
    if let Some(problem) = regex_problem(pattern) {
        diags.push(
            site.error(pos, format!("the regex `{pattern}` does not compile: {problem}"))
                .with_hint("fix the pattern (a JavaScript regular expression, matched against the whole answer); in YAML, write it in single quotes so that `\\` stays one backslash"),
        );
    }
}

fn numeric_item(site: &Site, start: Option<Position>, q: &CheckItem, diags: &mut Vec<Diagnostic>) {
    let pos = start;
    if q.answer_number().is_none() {
        let at_key = written(site, start, "answer");
        let msg = if at_key.is_some() {
            "a numeric question's `answer` must be a number"
        } else {
            "a numeric question needs `answer:`, the right number"
        };
        diags.push(site.error(at_key.or(pos), msg).with_hint(
            "write it as a plain YAML number, such as `answer: 42.5`, with a point for decimals",
        ));
    }
    if q.tolerance.is_none() {
        diags.push(
            site.error(pos, "a numeric question needs a `tolerance`")
                .with_hint("add `tolerance: 0.5` (either side of the answer), `tolerance: 2%` (of the answer), or `tolerance: 0` for the exact number"),
        );
    }
    if let Some(unit) = &q.unit {
        if unit.trim().is_empty() || unit.trim().chars().any(|c| c.is_ascii_digit()) {
            diags.push(
                site.error(written(site, start, "unit"), "the `unit` is empty or has digits")
                    .with_hint("write the unit readers may type after the number, such as `unit: ms`, or remove `unit`"),
            );
        }
    }
}

/// The blanks a fill question's text marks, `{{1}}`, `{{2}}`…, in order: (number, byte offset).
pub fn fill_markers(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let start = from + i;
        let rest = &text[start + 2..];
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && rest[digits.len()..].starts_with("}}") {
            if let Ok(n) = digits.parse::<usize>() {
                out.push((n, start));
            }
            from = start + 2 + digits.len() + 2;
        } else {
            from = start + 1;
        }
    }
    out
}

fn fill_item(site: &Site, start: Option<Position>, q: &CheckItem, diags: &mut Vec<Diagnostic>) {
    let pos = start;
    let text = q.text.as_deref().unwrap_or("");
    let text_pos = written(site, start, "text");
    if text.trim().is_empty() {
        diags.push(
            site.error(text_pos.or(pos), "a fill question needs a `text` with blanks")
                .with_hint("add `text:` with `{{1}}` where the first blank goes (in prose or in a code block), and describe each blank under `blanks:`"),
        );
        return;
    }
    let markers = fill_markers(text);
    let blanks_pos = written(site, start, "blanks");
    if markers.is_empty() {
        diags.push(
            site.error(text_pos, "the fill question's text has no blank")
                .with_hint("mark each blank with its number in double braces: `{{1}}`, `{{2}}`…"),
        );
    }
    let mut seen = vec![0usize; q.blanks.len()];
    for &(n, _) in &markers {
        match seen.get_mut(n.wrapping_sub(1)) {
            Some(c) => *c += 1,
            None => diags.push(
                site.error(
                    text_pos,
                    format!(
                        "the text marks blank {{{{{n}}}}}, but there are {} blanks",
                        q.blanks.len()
                    ),
                )
                .with_hint(format!(
                    "add blank {n} under `blanks:`, or number the blanks of the text from 1"
                )),
            ),
        }
    }
    let items = blanks_pos.map(|k| site.list_items(k)).unwrap_or_default();
    for (i, b) in q.blanks.iter().enumerate() {
        let n = i + 1;
        let bpos = items
            .get(i)
            .copied()
            .or(site.pos(b.referenced))
            .or(blanks_pos);
        match seen[i] {
            0 => diags.push(
                site.error(bpos, format!("blank {n} is not in the text"))
                    .with_hint(format!("write `{{{{{n}}}}}` in `text:` where the reader fills it in, or remove the blank")),
            ),
            1 => {}
            _ => diags.push(
                site.error(text_pos, format!("the text marks blank {{{{{n}}}}} more than once"))
                    .with_hint("each blank is filled in once: give the other place a blank of its own"),
            ),
        }
        let blank = &b.value;
        site.quoted_boolean(
            site.key_in_item(bpos, "case_sensitive")
                .filter(|p| Some(*p) != bpos),
            "case_sensitive",
            diags,
        );
        let accepted: Vec<&str> = blank
            .accepted
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .collect();
        if accepted.is_empty() && blank.regex.is_none() {
            diags.push(
                site.error(bpos, format!("blank {n} has no answer"))
                    .with_hint(
                        "add `accepted: [\"…\"]` (the answers that fill it right), or a `regex:`",
                    ),
            );
        }
        if let Some(r) = &blank.regex {
            check_regex(site, site.key_in_item(bpos, "regex"), r, diags);
            if !blank.options.is_empty() {
                diags.push(
                    site.error(
                        site.key_in_item(bpos, "regex"),
                        format!("blank {n} is a dropdown, which has no `regex`"),
                    )
                    .with_hint("mark the right options in `accepted:` instead"),
                );
            }
        }
        if !blank.options.is_empty() {
            let opts_pos = site.key_in_item(bpos, "options");
            if blank.options.len() < 2 {
                diags.push(
                    site.error(opts_pos, format!("blank {n}'s dropdown has one option"))
                        .with_hint("add another option: with one there is nothing to choose"),
                );
            }
            let mut texts: HashMap<&str, usize> = HashMap::new();
            for (j, o) in blank.options.iter().enumerate() {
                if o.trim().is_empty() {
                    diags.push(
                        site.error(opts_pos, format!("option {} of blank {n} is empty", j + 1))
                            .with_hint("write the option's text"),
                    );
                } else if texts.insert(o.trim(), j).is_some() {
                    diags.push(
                        site.error(
                            opts_pos,
                            format!("blank {n} has the option \"{}\" twice", o.trim()),
                        )
                        .with_hint("remove one of them"),
                    );
                }
            }
            for a in &accepted {
                if !blank.options.iter().any(|o| o.trim() == *a) {
                    diags.push(
                        site.error(site.key_in_item(bpos, "accepted"), format!("blank {n} accepts \"{a}\", which is not one of its options"))
                            .with_hint("a dropdown's accepted answers are some of its `options`, written the same"),
                    );
                }
            }
        }
    }
}

fn trace_item(site: &Site, start: Option<Position>, q: &CheckItem, diags: &mut Vec<Diagnostic>) {
    let pos = start;
    let program = q.program.as_deref().unwrap_or("");
    if program.trim().is_empty() {
        diags.push(
            site.error(written(site, start, "program").or(pos), "a trace question needs a `program`")
                .with_hint("add `program: |` with the code the question asks about, and `language:` for its highlighting"),
        );
    }
    site.quoted_boolean(written(site, start, "compiles"), "compiles", diags);
    let Some(compiles) = q.compiles else {
        diags.push(
            site.error(pos, "a trace question needs `compiles: true` or `compiles: false`")
                .with_hint("say whether the program compiles and runs; then give its `output:`, or the `error_line:` of its error"),
        );
        return;
    };
    let wrong_side = |key: &str, hint: &str, diags: &mut Vec<Diagnostic>| {
        if let Some(p) = written(site, start, key) {
            let msg = if compiles {
                format!("`{key}` is for a program that does not compile, but this one has `compiles: true`")
            } else {
                format!("`{key}` is for a program that runs, but this one has `compiles: false`")
            };
            diags.push(site.error(Some(p), msg).with_hint(hint.to_string()));
        }
    };
    if compiles {
        wrong_side("error_line", "remove it, or set `compiles: false`", diags);
        wrong_side("error", "remove it, or set `compiles: false`", diags);
        if q.regex.is_some() && q.output.is_none() {
            diags.push(
                site.error(written(site, start, "regex"), "a `regex` needs the `output` it stands for")
                    .with_hint("add `output:`, the program's real output: readers are shown it after they answer"),
            );
        }
    } else {
        wrong_side("output", "remove it, or set `compiles: true`", diags);
        wrong_side("regex", "remove it, or set `compiles: true`", diags);
        if let Some(line) = q.error_line {
            let lines = program.trim_end_matches(['\n', '\r']).lines().count();
            if line == 0 || line as usize > lines {
                diags.push(
                    site.error(
                        written(site, start, "error_line"),
                        format!(
                            "`error_line: {line}` is not a line of the program, which has {lines}"
                        ),
                    )
                    .with_hint("count the program's lines from 1"),
                );
            }
        }
    }
    if let Some(r) = &q.regex {
        check_regex(site, written(site, start, "regex"), r, diags);
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

/// A company tag: a name that is not empty, and a mapping with a name, at least one of `source`
/// and `note`, and a `source` that is a web address.
fn company_tag(site: &Site, company: &Spanned<Company>, diags: &mut Vec<Diagnostic>) {
    let at = site.pos(company.referenced);
    let sourced = match &company.value {
        Company::Name(name) => {
            if name.trim().is_empty() {
                diags.push(
                    site.error(at, "this company tag is empty")
                        .with_hint("write the company's name, or remove the line"),
                );
            }
            return;
        }
        Company::Sourced(c) => c,
    };
    let name = sourced.name.trim();
    if name.is_empty() {
        diags.push(
            site.error(
                site.key_in_item(at, "name"),
                "this company tag has an empty `name`",
            )
            .with_hint("write the company's name: `name: Meta`"),
        );
    }
    let given = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
    if !given(&sourced.source) && !given(&sourced.note) {
        let shown = if name.is_empty() { "company" } else { name };
        diags.push(
            site.error(at, format!("the company tag `{shown}` has neither a `source` nor a `note`"))
                .with_hint(format!("say where the tag comes from with `source: https://…` and/or `note: …` (e.g. `note: onsite loop, 2024, per Glassdoor`), or write the name alone: `- {shown}`")),
        );
    }
    if let Some(url) = &sourced.source {
        let key = site.key_in_item(at, "source");
        let value = key.and_then(|k| site.value_start(k, "source")).or(key);
        check_url(
            site,
            value,
            url,
            "a company's `source` must be an absolute http:// or https:// URL; say anything else in `note:`",
            diags,
        );
    }
}

fn check_url(
    site: &Site,
    pos: Option<Position>,
    url: &str,
    hint: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let lower = url.trim().to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > lower.find("//").unwrap_or(0) + 2
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    if !ok {
        diags.push(
            site.error(pos, format!("`{url}` is not a valid source URL"))
                .with_hint(hint),
        );
    }
}

pub use crate::text::card_slug;

/// Checks that no chapter and no file of the content folder would be written to a path the
/// site's own files take (`generated`: path and what it is, from the build stage): the two
/// would overwrite each other, and `progress.md` would silently lose its page. Paths are
/// compared ignoring case, as macOS, Windows and many web servers do.
pub fn check_generated_paths(
    chapters: &[Chapter],
    assets: &[std::path::PathBuf],
    rel_src: &Path,
    generated: &[(String, String)],
) -> Vec<Diagnostic> {
    let generated: HashMap<String, (&str, &str)> = generated
        .iter()
        .map(|(path, what)| (path.to_lowercase(), (path.as_str(), what.as_str())))
        .collect();
    let chapter_outputs = chapters
        .iter()
        .map(|c| (c.output_path(), c.file.clone(), true));
    let asset_outputs = assets
        .iter()
        .map(|a| (slash_path(a), rel_src.join(a), false));
    let mut diags = Vec::new();
    for (out, file, is_chapter) in chapter_outputs.chain(asset_outputs) {
        let Some((taken, what)) = generated.get(&out.to_lowercase()) else {
            continue;
        };
        let hint = if is_chapter {
            let intro = match *taken {
                // (Only a name in other capitals gets here: `index.md` is the front page.)
                crate::content::FRONT_PAGE => "; to make it the front page, name it `README.md` (or `index.md`, in small letters)",
                crate::content::MOVED_CONTENTS_PAGE => ", as the contents page, since the book's README.md is its front page (`index.html`)",
                _ => "",
            };
            format!("rename the chapter (and its SUMMARY.md entry): Lectern makes `{taken}` itself{intro}")
        } else if taken.starts_with("assets/") {
            format!("rename or move the file: Lectern writes `{taken}` itself (to replace a theme file, put your version in theme/assets/ instead)")
        } else {
            format!("rename or move the file: Lectern writes `{taken}` itself, and one would overwrite the other")
        };
        diags.push(
            Diagnostic::error(
                &file,
                None,
                format!("this file would be written to `{out}`, which is {what}"),
            )
            .with_hint(hint),
        );
    }
    diags
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks across files that no two chapters or content files differ only in case
/// (`Heap.md` and `heap.md` are one file on macOS and Windows, and on many web servers).
pub fn check_output_paths(
    chapters: &[Chapter],
    assets: &[std::path::PathBuf],
    rel_src: &Path,
    diags: &mut crate::diag::Diagnostics,
) {
    // Output path (lower case) -> the file that claims it.
    let mut claimed: HashMap<String, std::path::PathBuf> = HashMap::new();
    let outputs = chapters
        .iter()
        .map(|c| (c.output_path(), c.file.clone()))
        .chain(assets.iter().map(|a| (slash_path(a), rel_src.join(a))));
    for (out, file) in outputs {
        let key = out.to_lowercase();
        match claimed.get(&key) {
            Some(first) => {
                // `README.md` and `index.md` of one folder: both are its `index.html`, as in
                // mdBook, which warns and keeps whichever it writes last.
                let same_but_case =
                    first.to_string_lossy().to_lowercase() == file.to_string_lossy().to_lowercase();
                let hint = if same_but_case {
                    "rename one of them: names that differ only in case are one file on macOS, Windows and many web servers".to_string()
                } else {
                    "a folder's README.md is its index.html, as in mdBook (which keeps only one of the two pages); rename one of them, or list only one in SUMMARY.md".to_string()
                };
                diags.push(
                    Diagnostic::error(
                        &file,
                        None,
                        format!(
                            "this file would be written to `{out}`, like {}",
                            first.display()
                        ),
                    )
                    .with_hint(hint),
                )
            }
            None => {
                claimed.insert(key, file);
            }
        }
    }
}

/// Extensions of files a browser runs as pages or scripts when they are opened from the site.
const SCRIPT_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml", "js", "mjs"];

/// Under `allow-raw-html = false` (a book that takes outside contributions), a content file
/// that would be published as a page or a script of the site's own origin is refused: it would
/// bypass the escaping that the setting promises for chapters.
pub fn check_no_script_files(
    assets: &[std::path::PathBuf],
    rel_src: &Path,
    diags: &mut crate::diag::Diagnostics,
) {
    for asset in assets {
        let Some(ext) = asset
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
        else {
            continue;
        };
        if SCRIPT_EXTENSIONS.contains(&ext.as_str()) {
            diags.push(
                Diagnostic::error(
                    rel_src.join(asset),
                    None,
                    format!("this `.{ext}` file would be published as a page or script of the site, which `allow-raw-html = false` does not allow"),
                )
                .with_hint("write it as a chapter (Markdown), move it out of the content folder, or set `[build] allow-raw-html = true` if you trust every author of the book"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml;

    /// `lectern check`'s findings on one questions file: `(line:col, message, hint)`; a parse
    /// error comes back as the only finding.
    fn check(text: &str) -> Vec<(String, String, String)> {
        let file = Path::new("q.yaml");
        let mut diags = Vec::new();
        match yaml::parse::<QuestionsFile>(file, text, Embedding::default()) {
            Ok(data) => questions(file, text, &data, &Verdicts::english(), &mut diags),
            Err(e) => diags.push(e),
        }
        diags
            .into_iter()
            .map(|d| {
                let at = d
                    .position
                    .map_or("-".into(), |p| format!("{}:{}", p.line, p.column));
                let kind = if d.is_error() { "error" } else { "warning" };
                (
                    format!("{kind} {at}"),
                    d.message,
                    d.hint.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn card(companies: &str) -> String {
        format!("interview:\n  - question: Q?\n    answer: A.\n    companies:\n{companies}")
    }

    #[test]
    fn company_tags_plain_and_sourced() {
        let ok = card(
            "      - Google\n      - name: Meta\n        source: https://example.com/loop\n      - {name: Amazon, note: \"onsite, 2024\"}\n",
        );
        assert_eq!(check(&ok), []);
        assert_eq!(
            check("interview:\n  - question: Q?\n    answer: A.\n    companies: [Google, {name: Meta, note: phone screen}]\n"),
            []
        );
    }

    #[test]
    fn company_tag_mistakes_are_located() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "      - Google\n      - name: Meta\n        sorce: https://example.com\n",
                "error 7:9",
                "unknown field `sorce`, expected one of name, source, note",
                "did you mean `source`?",
            ),
            (
                "      - {name: Meta, nots: x}\n",
                "error 5:22",
                "unknown field `nots`, expected one of name, source, note",
                "did you mean `note`?",
            ),
            (
                "      - Google\n      - name: Meta\n",
                "error 6:9",
                "the company tag `Meta` has neither a `source` nor a `note`",
                "say where the tag comes from with `source: https://…` and/or `note: …` (e.g. `note: onsite loop, 2024, per Glassdoor`), or write the name alone: `- Meta`",
            ),
            (
                "      - name: Meta\n        note: \"  \"\n",
                "error 5:9",
                "the company tag `Meta` has neither a `source` nor a `note`",
                "",
            ),
            (
                "      - name: Meta\n        note: loop\n        source: glassdoor.com/x\n",
                "error 7:17",
                "`glassdoor.com/x` is not a valid source URL",
                "a company's `source` must be an absolute http:// or https:// URL; say anything else in `note:`",
            ),
            (
                "      - {name: Meta, source: \"javascript:alert(1)\"}\n",
                "error 5:31",
                "`javascript:alert(1)` is not a valid source URL",
                "",
            ),
            (
                "      - name: \"\"\n        note: x\n",
                "error 5:9",
                "this company tag has an empty `name`",
                "write the company's name: `name: Meta`",
            ),
            (
                "      - source: https://example.com\n",
                "error 5:9",
                "missing field `name`",
                "add `name:` here",
            ),
            (
                "      - \"\"\n",
                "error 5:9",
                "this company tag is empty",
                "write the company's name, or remove the line",
            ),
        ];
        for (companies, at, message, hint) in cases {
            let got = check(&card(companies));
            assert_eq!(got.len(), 1, "{companies:?}: {got:?}");
            let (got_at, got_message, got_hint) = &got[0];
            assert_eq!(
                (got_at.as_str(), got_message.as_str()),
                (*at, *message),
                "{companies:?}"
            );
            if !hint.is_empty() {
                assert_eq!(got_hint, hint, "{companies:?}");
            }
        }
    }

    const OPTIONS: &str = "knowledge_check:\n  - type: single\n    prompt: P\n    options:\n";

    #[test]
    fn explanations_that_start_with_a_verdict_are_warned_about_at_the_word() {
        let text = format!(
            "{OPTIONS}      - text: a\n        correct: true\n        explanation: Correct — weak keys.\n      - text: b\n        explanation: \"**Wrong:** no size limit.\"\n      - text: c\n        explanation: |\n          Not quite. It is on the heap.\n      - text: d\n        explanation: No compression is involved.\n"
        );
        let got = check(&text);
        assert_eq!(
            got,
            [
                (
                    "warning 7:22".to_string(),
                    "this explanation starts with `Correct —`, which Lectern adds itself; remove it".to_string(),
                    "after the reader checks, Lectern labels each explanation by the option's `correct:` (here \"✓ Correct\") and leaves `Correct —` out of the page, so it is not said twice".to_string(),
                ),
                (
                    "warning 9:23".to_string(),
                    "this explanation starts with `Wrong:`, which Lectern adds itself; remove it".to_string(),
                    "after the reader checks, Lectern labels each explanation by the option's `correct:` (here \"✗ Wrong\") and leaves `Wrong:` out of the page, so it is not said twice".to_string(),
                ),
                (
                    "warning 12:11".to_string(),
                    "this explanation starts with `Not quite.`, which Lectern adds itself; remove it".to_string(),
                    "after the reader checks, Lectern labels each explanation by the option's `correct:` (here \"✗ Wrong\") and leaves `Not quite.` out of the page, so it is not said twice".to_string(),
                ),
            ]
        );
    }

    #[test]
    fn a_verdict_that_contradicts_the_option_says_so() {
        let text = format!(
            "{OPTIONS}      - text: a\n        correct: true\n        explanation: \"Wrong: it is weak.\"\n      - text: b\n        explanation: 'Correct: it has no limit.'\n"
        );
        let got = check(&text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "warning 7:23");
        assert_eq!(got[0].1, "this explanation starts with `Wrong:`, but the option is marked `correct: true`: readers are told \"✓ Correct\" and then `Wrong:`");
        assert_eq!(got[0].2, "if the option is wrong, remove `correct: true`; if it is right, remove `Wrong:` from the explanation");
        assert_eq!(got[1].0, "warning 9:23");
        assert_eq!(got[1].1, "this explanation starts with `Correct:`, but the option is not marked `correct: true`: readers are told \"✗ Wrong\" and then `Correct:`");
        assert_eq!(got[1].2, "if the option is right, add `correct: true` to it; if it is wrong, remove `Correct:` from the explanation");
    }

    #[test]
    fn verdicts_in_an_inline_self_check_are_located_in_the_chapter() {
        // A self-check block whose YAML starts on line 5 of its Markdown file.
        let yaml = "prompt: P\noptions:\n  - text: a\n    correct: true\n    explanation: Right, it is.\n  - text: b\n    explanation: Wrong! It is not.\n";
        let file = Path::new("c.md");
        let at = Embedding { line_offset: 4 };
        let check: Spanned<SelfCheck> = yaml::parse(file, yaml, at).unwrap();
        let verdicts = Verdicts::english();
        let site = Site {
            file,
            text: yaml,
            at,
            verdicts: &verdicts,
        };
        let mut diags = Vec::new();
        self_check(&site, check.referenced, &check.value, &mut diags);
        let got: Vec<(usize, usize, bool)> = diags
            .iter()
            .map(|d| {
                (
                    d.position.unwrap().line,
                    d.position.unwrap().column,
                    d.is_error(),
                )
            })
            .collect();
        assert_eq!(got, [(9, 18, false), (11, 18, false)], "{diags:?}");
    }
}
