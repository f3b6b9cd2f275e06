//! YAML reading with located errors. Every YAML text Lectern reads (front matter, questions
//! files, self-check blocks inside Markdown) goes through [`parse`], which reports problems
//! at their line and column in the author's file, even when the YAML is embedded in a larger
//! file, in words an author understands: the parser's messages ("expected sequence start")
//! become what was expected for which key ("`objectives` must be a list") and what to do.
//!
//! Parsing is bounded: the [`options`] cap nesting depth, aliases and the total amount of
//! text, so an alias bomb or a 100,000-deep `[[[[` is a located error, not a hang or a crash.

use std::path::Path;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind as Syntax;
use serde_saphyr::{
    Budget, Error, ExternalMessageSource, Location, Options, RenderOptions, SnippetMode,
};

use crate::diag::{did_you_mean, Diagnostic, Position};

/// Limits on one YAML text. Course files are small: the example course's largest questions
/// file is about 60 KB with no aliases at all.
pub const MAX_DEPTH: usize = 64;
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
pub const MAX_ALIASES: usize = 1_000;
pub const MAX_REPLAYED_EVENTS: usize = 100_000;

/// Where a YAML text sits in its file: the number of lines before it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Embedding {
    pub line_offset: usize,
}

impl Embedding {
    pub fn position(self, loc: Location) -> Option<Position> {
        if loc == Location::UNKNOWN || loc.line() == 0 {
            return None;
        }
        Some(Position::new(loc.line() as usize, loc.column() as usize).shifted(self.line_offset, 0))
    }
}

fn options() -> Options {
    let mut o = Options::default();
    // `yes`, `no`, `on` and `off` stay strings: an option text "no" must not turn into false.
    o.strict_booleans = true;
    // An application tag (`!foo`) would otherwise be dropped without a word.
    o.reject_unsupported_tags = true;
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    // The scanner looks ahead through `[[[…`: with its own default limit (255) it stops there
    // first, and the error would point at the 256th bracket while saying "more than 64". One
    // level less than the depth, as the file's top-level mapping is a level of its own: the
    // error points at the first bracket past the limit.
    budget.flow_nesting_limit = MAX_DEPTH - 1;
    budget.max_total_scalar_bytes = MAX_TEXT_BYTES;
    budget.max_aliases = MAX_ALIASES;
    budget.max_documents = 1;
    o.budget = Some(budget);
    o.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    o
}

/// Parses `text` (from `file`, embedded at `at`) into `T`.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str, at: Embedding) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let syntax_error;
        let mut error = &e;
        // serde reads a mapping as far as the parser has closed it: a key indented one space
        // too few ends the mapping early, and serde then reports a field missing from it at
        // the line above. The syntax mistake is what the author has to fix.
        if let Error::SerdeMissingField { .. } = cause(&e) {
            syntax_error = serde_saphyr::from_str_with_options::<IgnoredAny>(text, options()).err();
            if let Some(s) = &syntax_error {
                error = s;
            }
        }
        // The position within `text`; `at` shifts it into the author's file.
        let local = error
            .location()
            .and_then(|l| Embedding::default().position(l));
        let problem = describe::<T>(cause(error), text, local);
        let position = problem.position.map(|p| p.shifted(at.line_offset, 0));
        Diagnostic::error(file, position, problem.message).with_hint(problem.hint)
    })
}

/// The error itself, without the wrappers that add a snippet or the alias it came through.
fn cause(mut e: &Error) -> &Error {
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = e {
        e = error;
    }
    e
}

/// A YAML problem in the author's terms: what is wrong, where, and what to do.
#[derive(Debug)]
struct Problem {
    message: String,
    hint: String,
    /// Within the YAML text.
    position: Option<Position>,
}

const QUOTE_HINT: &str = "if a text value starts with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `@`, a backtick or a quote, or contains `: `, put it in double quotes";

/// Says what `error` means for the author, naming the key where it can. `local` is the
/// parser's position within `text`. Every parser error Lectern words differently is matched by
/// its kind here (not by its text), and pinned by a test below.
fn describe<T: DeserializeOwned>(error: &Error, text: &str, local: Option<Position>) -> Problem {
    let key = local.and_then(|p| key_of(text, p));
    let subject = key
        .as_ref()
        .map_or_else(|| "this value".to_string(), |k| format!("`{}`", k.name));
    let found = local.map_or("something else", |p| found_at(text, p));
    let here = |message: String, hint: String| Problem {
        message,
        hint,
        position: local,
    };
    // The parser's own words, without the " at line L, column C" it appends.
    let raw = || {
        let mut plain = RenderOptions::default();
        plain.snippets = SnippetMode::Off;
        strip_location_suffix(&error.render_with_options(plain))
    };

    match error {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let hint = match did_you_mean(field, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if !expected.is_empty() => {
                    format!("allowed keys here: {}", expected.join(", "))
                }
                None => "remove the key".to_string(),
            };
            here(
                format!(
                    "unknown field `{field}`, expected one of {}",
                    expected.join(", ")
                ),
                hint,
            )
        }
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let message = format!(
                "unknown variant `{variant}`, expected one of {}",
                expected.join(", ")
            );
            // `type: single` followed by an over-indented line reads as one value.
            if let Some((first, rest)) = variant.split_once(char::is_whitespace) {
                if expected.contains(&first) {
                    let next = rest.trim_start().split(':').next().unwrap_or("").trim();
                    return here(message, format!("YAML reads the next line as part of this value because it is indented more than this key; indent `{next}` like the other keys"));
                }
            }
            let hint = match did_you_mean(variant, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use one of: {}", expected.join(", ")),
            };
            here(message, hint)
        }
        Error::SerdeMissingField { field, .. } => Problem {
            message: format!("missing field `{field}`"),
            hint: format!("add `{field}:` here"),
            // serde reports a missing field at the end of its mapping; the start of the
            // mapping (the list item) is where the author looks.
            position: local.map(|p| mapping_start(text, p)),
        },
        Error::Unexpected { expected, .. } if *expected == "string scalar" => here(
            format!("{subject} must be text, but here it is {found}"),
            format!("write the text after the colon; {QUOTE_HINT}"),
        ),
        Error::Unexpected { expected, .. } if *expected == "sequence start" => here(
            format!("{subject} must be a list, but here it is {found}"),
            "write one item per line under the key, each starting with `- `, or `[a, b]` on one line".into(),
        ),
        Error::Unexpected { expected, .. } if *expected == "mapping start" => {
            let (what, hint) = match key.as_ref().map(|k| (k.name.as_str(), k.item)) {
                Some(("options", true)) => ("each option", "write an option as `- text: …` with `correct: true` (for the right ones) and `explanation: …` below it, indented alike"),
                Some(("knowledge_check", true)) => ("each knowledge-check item", "start an item with `- difficulty: …` and put `type:`, `prompt:` and the rest below it, indented alike"),
                Some(("interview", true)) => ("each interview question", "start a question with `- question: …` and put `difficulty:`, `answer:` and the rest below it, indented alike"),
                Some(("follow_ups", true)) => ("each follow-up", "write a follow-up as `- question: …` with an optional `answer: …` below it"),
                Some(("sources", true)) => ("each source", "write a source as `- title: …` with `url: https://…` below it"),
                Some((_, true)) => ("each item here", "write `key: value` lines, the first one after the `- `"),
                Some((_, false)) => ("this value", "write `key: value` lines indented under the key"),
                None => ("the file", "write `key: value` lines, such as `title: …`"),
            };
            let what = match key.as_ref() {
                Some(k) if !k.item => format!("`{}`", k.name),
                _ => what.to_string(),
            };
            here(
                format!("{what} must be a set of `key: value` lines, but here it is {found}"),
                hint.into(),
            )
        }
        Error::NullIntoString { .. } => match &key {
            Some(k) if !k.item => here(
                format!("`{}` has no value", k.name),
                format!("write a value after `{}:`, or remove the line", k.name),
            ),
            _ => here(
                "expected text here, found nothing".into(),
                "write a value, or remove the line; a line starting with `:` lacks its key".into(),
            ),
        },
        Error::DuplicateMappingKey { key: name, .. } => {
            let name = name
                .clone()
                .unwrap_or_else(|| local.map(|p| token_at(text, p)).unwrap_or_default());
            here(
                format!("`{}` is set twice", name.trim_end_matches(':')),
                "remove one of the two lines: a key appears once in each mapping".into(),
            )
        }
        Error::MultipleDocuments { .. }
        | Error::Budget {
            breach: BudgetBreach::Documents { .. },
            ..
        } => here(
            "a second YAML document starts here".into(),
            "remove this line: the file holds one YAML document, and a `---` line inside it starts another".into(),
        ),
        Error::InvalidBooleanStrict { .. } => {
            let value = local.map(|p| token_at(text, p)).unwrap_or_default();
            here(
                format!("{subject} must be `true` or `false`, not `{value}`"),
                "only `true` and `false` are booleans in Lectern (`yes`, `no`, `on` and `off` are text)".into(),
            )
        }
        Error::UnknownAnchor { .. } => unknown_anchor(text, local),
        Error::ExternallyTaggedEnumExpectedScalarOrMapping { .. } => {
            let words = local.map(|p| enum_words::<T>(text, p)).unwrap_or_default();
            here(
                format!("{subject} must be {}, but here it is {found}", one_of(&words)),
                match (&key, words.first()) {
                    (Some(k), Some(w)) => format!("write one word after the colon, e.g. `{}: {w}`", k.name),
                    _ => "write one word after the colon".into(),
                },
            )
        }
        Error::InvalidScalar { ty, .. } if *ty == "enum variant" => {
            let words = local.map(|p| enum_words::<T>(text, p)).unwrap_or_default();
            let tag = local.and_then(|p| tag_before(text, p));
            let tag_name = tag.as_ref().map_or("a tag", |(t, _)| t.as_str());
            // The parser points after the tag; the key is the one the tag is the value of.
            let subject = tag
                .as_ref()
                .and_then(|(_, p)| key_of(text, *p))
                .map_or(subject, |k| format!("`{}`", k.name));
            Problem {
                message: format!(
                    "{subject} must be {}, written as a plain word; a YAML tag such as `{tag_name}` does not belong here",
                    one_of(&words)
                ),
                hint: "remove the tag (the word starting with `!`)".into(),
                position: tag.map(|(_, p)| p).or(local),
            }
        }
        Error::TaggedScalarCannotDeserializeIntoString { .. }
        | Error::InvalidScalar { .. }
        | Error::UnsupportedTag { .. }
        | Error::TaggedEnumMismatch { .. }
        | Error::InvalidBinaryBase64 { .. }
        | Error::BinaryNotUtf8 { .. }
            if local.and_then(|p| tag_before(text, p)).is_some() =>
        {
            let (tag, at) = local.and_then(|p| tag_before(text, p)).unwrap_or_default();
            Problem {
                message: format!("YAML tags such as `{tag}` are not used in course files"),
                hint: "remove the tag (the word starting with `!`), or put the whole value in double quotes".into(),
                position: Some(at),
            }
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let hint = if expected.contains("bool") {
                "write `true` or `false`".to_string()
            } else if expected.contains("sequence") {
                "write a list: one `- ` item per line".to_string()
            } else {
                format!("write {expected}")
            };
            here(
                format!("{subject} must be {expected}, but here it is {unexpected}"),
                hint,
            )
        }
        Error::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        } => too_deep(local),
        Error::Budget {
            breach: BudgetBreach::ScalarBytes { .. },
            ..
        } => here(
            format!("the YAML holds more than {} MiB of text (counting every use of an alias `*name`)", MAX_TEXT_BYTES >> 20),
            "split the content into smaller files, or write values out instead of repeating aliases".into(),
        ),
        Error::Budget {
            breach: BudgetBreach::Aliases { .. },
            ..
        }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => here(
            "the YAML uses aliases (`*name`) too often".into(),
            format!("Lectern reads at most {MAX_ALIASES} aliases and {MAX_REPLAYED_EVENTS} replayed values per file; write values out instead"),
        ),
        Error::Budget { .. } => here(
            "the YAML is too large or too complex to read".into(),
            "split it into smaller files; course files are a few thousand lines at most".into(),
        ),
        Error::Eof { .. } => unexpected_end(local),
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => {
                syntax(scan.kind(), text, local).unwrap_or_else(|| here(raw(), check_hint()))
            }
            _ => here(raw(), check_hint()),
        },
        _ => here(raw(), check_hint()),
    }
}

fn check_hint() -> String {
    format!("check the YAML here: indentation with spaces, one `key: value` per line; {QUOTE_HINT}")
}

/// A syntax error of the YAML parser in the author's terms; `None` leaves the parser's words.
fn syntax(kind: &Syntax, text: &str, local: Option<Position>) -> Option<Problem> {
    let here = |message: &str, hint: &str| Problem {
        message: message.to_string(),
        hint: hint.to_string(),
        position: local,
    };
    Some(match kind {
        // At the line's first colon, the line's key is out of line with the key above (the
        // line was read as more of the value above); later on the line, the value holds `: `.
        Syntax::MappingValueNotAllowed
            if local.is_some_and(|p| is_misindented_key(text, p)) =>
        {
            misindented(text, local?)
        }
        Syntax::MappingValueNotAllowed if local.is_some_and(|p| is_later_colon(text, p)) => {
            // The line's own key, before its first colon.
            let key = local
                .and_then(|p| text.lines().nth(p.line - 1))
                .map(|l| l.trim_start().trim_start_matches("- "))
                .and_then(|l| l.split_once(':'))
                .map(|(k, _)| k.trim())
                .filter(|k| is_key(k));
            here(
                "this value contains `: `, which YAML reads as the start of a key",
                &match key {
                    Some(k) => format!("put the whole value in double quotes: `{k}: \"…\"`"),
                    None => "put the whole value in double quotes".to_string(),
                },
            )
        }
        Syntax::MappingValueNotAllowed => here(
            "unexpected `:` here: this line does not fit the indentation around it",
            "keys of one mapping start in the same column; a value that contains `: ` needs double quotes",
        ),
        Syntax::ExpectedBlockSequenceEntry
        | Syntax::ExpectedBlockMappingKey
        | Syntax::InvalidIndentation => misindented(text, local?),
        Syntax::BlockSequenceEntryNotAllowed => here(
            "unexpected `- ` here: a list item must start its own line",
            "put each `- ` item on its own line, indented under its key",
        ),
        Syntax::UnclosedQuotedScalar => here(
            "this quoted text is not closed",
            "end it with the same quote mark; for text over several lines use a block scalar (`key: |` followed by indented lines)",
        ),
        Syntax::UnclosedFlowCollection { open } => {
            let close = if *open == '[' { ']' } else { '}' };
            here(
                &format!("this `{open}` is not closed"),
                &format!("close it with `{close}` on the same line; if the value is text that starts with `{open}`, put it in double quotes"),
            )
        }
        Syntax::MultipleDocumentsUnsupported => here(
            "a second YAML document starts here",
            "remove this line: the file holds one YAML document, and a `---` line inside it starts another",
        ),
        Syntax::UnknownAnchor => unknown_anchor(text, local),
        Syntax::TabNotAllowed
        | Syntax::TabInBlockIndentation
        | Syntax::TabInIndentation
        | Syntax::TabInPlainScalar
        | Syntax::TabAtBlockScalarStart => Problem {
            message: "a tab is used for indentation here; YAML indents with spaces only".into(),
            hint: "replace the tab with spaces; set your editor to insert spaces in YAML and Markdown files".into(),
            // The scanner notices a tab that starts the next line while it is still reading
            // the value before it, and reports the end of that value, a line too high.
            position: local.map(|p| next_tab(text, p).unwrap_or(p)),
        },
        Syntax::UnexpectedCharacter { character } => {
            let c = if *character == '`' {
                "a backtick".to_string()
            } else {
                format!("`{character}`")
            };
            here(
                &format!("a YAML value cannot start with {c}"),
                "put the whole value in double quotes, e.g. \"`--inspect` opens a port\"",
            )
        }
        Syntax::RecursionLimitExceeded => too_deep(local),
        Syntax::UnexpectedEof
        | Syntax::UnexpectedEofBlockMapping
        | Syntax::UnexpectedEofBlockSequence
        | Syntax::UnexpectedEofFlowMapping
        | Syntax::UnexpectedEofFlowSequence
        | Syntax::UnexpectedEofImplicitFlowMapping => unexpected_end(local),
        _ => return None,
    })
}

fn unknown_anchor(text: &str, local: Option<Position>) -> Problem {
    let value = local.map(|p| token_at(text, p)).unwrap_or_default();
    Problem {
        message: format!("`{value}` refers to an anchor that is not defined before it"),
        hint: "define the anchor first (`key: &name value`), or write the value out; a value starting with `*` needs quotes".into(),
        position: local,
    }
}

fn too_deep(local: Option<Position>) -> Problem {
    Problem {
        message: format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
        hint: "course files need only a few levels: look for a run of `[`, `{` or `- ` here".into(),
        position: local,
    }
}

fn unexpected_end(local: Option<Position>) -> Problem {
    Problem {
        message: "the YAML ends in the middle of a value".into(),
        hint: "close every `[`, `{` and quote that is opened".into(),
        position: local,
    }
}

/// Whether `pos` is the colon of its line's key, and that key starts in another column than
/// the key of the line above.
fn is_misindented_key(text: &str, pos: Position) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let Some(line) = lines.get(pos.line - 1) else {
        return false;
    };
    let first_colon = line.chars().position(|c| c == ':').map(|i| i + 1);
    let above = lines
        .iter()
        .take(pos.line - 1)
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    first_colon == Some(pos.column) && above.is_some_and(|a| key_column(a) != indent(line))
}

/// Whether `pos` is a colon after the first one of its line (`prompt: a: b`).
fn is_later_colon(text: &str, pos: Position) -> bool {
    let Some(line) = text.lines().nth(pos.line - 1) else {
        return false;
    };
    let before: String = line.chars().take(pos.column - 1).collect();
    before.contains(": ")
}

/// The column (0-based) where the key of `line` starts, after any `- `.
fn key_column(line: &str) -> usize {
    let t = line.trim_start();
    indent(line) + t.strip_prefix("- ").map_or(0, |r| 2 + indent(r))
}

/// A line whose indentation fits no mapping or list around it, in terms of the key above it.
fn misindented(text: &str, pos: Position) -> Problem {
    let lines: Vec<&str> = text.lines().collect();
    let line = lines.get(pos.line - 1).copied().unwrap_or("");
    let own = indent(line);
    let name = |l: &str| {
        let t = l.trim_start();
        let t = t.strip_prefix("- ").map_or(t, str::trim_start);
        t.split(':').next().unwrap_or(t).trim().to_string()
    };
    // The nearest line above with content, and the column of its key.
    let above = lines
        .iter()
        .take(pos.line - 1)
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    match above {
        Some(a) if key_column(a) != own && is_key(&name(a)) && is_key(&name(line)) => {
            let width = key_column(a);
            Problem {
                message: format!(
                    "`{}` is indented {own} spaces, but `{}` above it is indented {width}",
                    name(line),
                    name(a)
                ),
                hint: format!(
                    "keys of one mapping start in the same column: start `{}` where `{}` starts ({})",
                    name(line),
                    name(a),
                    if width == 0 {
                        "at the start of the line".to_string()
                    } else {
                        format!("{width} spaces in")
                    }
                ),
                position: Some(Position::new(pos.line, own + 1)),
            }
        }
        _ => Problem {
            message: "this line does not fit the indentation around it".into(),
            hint: "keys of one mapping start in the same column, and list items (`- `) of one list too".into(),
            position: Some(Position::new(pos.line, own + 1)),
        },
    }
}

/// The tab in the indentation of `pos`'s line (the parser may point just after it), or else
/// the first tab after `pos`.
fn next_tab(text: &str, pos: Position) -> Option<Position> {
    let line = text.lines().nth(pos.line - 1).unwrap_or("");
    let indentation = &line[..line.len() - line.trim_start().len()];
    if let Some(i) = indentation.find('\t') {
        return Some(Position::new(pos.line, i + 1));
    }
    let index = crate::diag::LineIndex::new(text);
    let line_start = text
        .split_inclusive('\n')
        .take(pos.line - 1)
        .map(str::len)
        .sum::<usize>();
    let from = line_start
        + text[line_start..]
            .char_indices()
            .nth(pos.column - 1)
            .map_or(text.len() - line_start, |(i, _)| i);
    let tab = text[from..].find('\t')?;
    Some(index.position(from + tab))
}

/// The tag (`!!binary`, `!foo`) written before the value at `pos` on its line, and where it is.
fn tag_before(text: &str, pos: Position) -> Option<(String, Position)> {
    let line = text.lines().nth(pos.line - 1)?;
    let before: String = line.chars().take(pos.column - 1).collect();
    let start = before
        .rfind(|c: char| c.is_whitespace() || c == ':')
        .map_or(0, |i| i + 1);
    let start = before[..start]
        .trim_end()
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let token = before[start..].split_whitespace().next()?;
    token.starts_with('!').then(|| {
        let column = before[..start].chars().count() + 1;
        (token.to_string(), Position::new(pos.line, column))
    })
}

/// The words an enum-valued key accepts, for a value that is not a word at all (a list, a
/// tagged value), where the parser does not name them: `T` is parsed again with a word no
/// enum has in place of the value, and serde lists the words it expected.
fn enum_words<T: DeserializeOwned>(text: &str, pos: Position) -> Vec<&'static str> {
    let mut probe = String::with_capacity(text.len() + 4);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == pos.line {
            let before: String = line.chars().take(pos.column - 1).collect();
            let Some(colon) = before.rfind(':') else {
                return Vec::new();
            };
            probe.push_str(&before[..=colon]);
            probe.push_str(" '?'\n");
        } else {
            probe.push_str(line);
        }
    }
    match serde_saphyr::from_str_with_options::<T>(&probe, options()) {
        Err(e) => match cause(&e) {
            Error::SerdeUnknownVariant { expected, .. } => expected.clone(),
            _ => Vec::new(),
        },
        Ok(_) => Vec::new(),
    }
}

/// "one of `a`, `b`, `c`", or "one word" when the words are not known.
fn one_of(words: &[&str]) -> String {
    if words.is_empty() {
        return "one word".into();
    }
    let words: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    format!("one of {}", words.join(", "))
}

/// The start of the block mapping holding `pos` (where serde reports a missing field: the end
/// of the mapping): the `- ` item that opens it, or else its first line. The position is on a
/// key of that mapping.
fn mapping_start(text: &str, pos: Position) -> Position {
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return pos;
    }
    let key_indent = pos.column - 1;
    let content = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    };
    // The first line with content at or after `from`, as a position on its first key.
    let first_from = |from: usize| {
        lines
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, l)| content(l))
            .map_or(pos, |(i, l)| {
                let t = l.trim_start();
                let key = t.strip_prefix("- ").map_or(t, str::trim_start);
                Position::new(i + 1, l.len() - key.len() + 1)
            })
    };
    let mut i = (pos.line - 1).min(lines.len() - 1);
    loop {
        let l = lines[i];
        if content(l) {
            let trimmed = l.trim_start();
            if trimmed.starts_with("- ") && indent(l) + 2 == key_indent {
                return first_from(i);
            }
            if indent(l) < key_indent && !trimmed.starts_with("- ") {
                return first_from(i + 1);
            }
        }
        if i == 0 {
            return first_from(0);
        }
        i -= 1;
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// serde-saphyr ends plain messages with " at line L, column C"; the diagnostic carries the
/// position itself.
fn strip_location_suffix(message: &str) -> String {
    let message = message.trim();
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

/// The key whose value is at `pos`, and whether the value is an item of that key's list.
struct Key {
    name: String,
    item: bool,
}

fn key_of(text: &str, pos: Position) -> Option<Key> {
    let lines: Vec<&str> = text.lines().collect();
    let line = *lines.get(pos.line.checked_sub(1)?)?;
    let mut before: String = line.chars().take(pos.column - 1).collect();
    // The parser may point at the colon of `key:` when the value is missing.
    if line.chars().nth(pos.column - 1) == Some(':') {
        before.push(':');
    }
    let item_marker = before.trim_start().starts_with("- ") || before.trim_end().ends_with('-');
    // `key: value` on the same line.
    let head = before.trim_start().trim_start_matches("- ").trim_end();
    if let Some(name) = head.strip_suffix(':') {
        if is_key(name) {
            return Some(Key {
                name: name.to_string(),
                item: false,
            });
        }
    }
    // `[` … on the same line after a key: the value is a list of that key.
    if let Some((name, rest)) = head.split_once(": ") {
        if is_key(name.trim_start_matches("- ")) && rest.starts_with('[') {
            return Some(Key {
                name: name.trim_start_matches("- ").to_string(),
                item: true,
            });
        }
    }
    // A list item or nested mapping: the key of the nearest line above at a smaller indent.
    let own = if item_marker {
        indent(line)
    } else {
        indent(line).min(pos.column - 1)
    };
    for l in lines[..pos.line - 1].iter().rev() {
        let t = l.trim_start();
        if t.is_empty()
            || t.starts_with('#')
            || indent(l) > own
            || (indent(l) == own && !item_marker)
        {
            continue;
        }
        let t = t.trim_start_matches("- ").trim_end();
        let name = t.strip_suffix(':')?;
        return is_key(name).then(|| Key {
            name: name.to_string(),
            item: item_marker,
        });
    }
    None
}

fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// What the value at `pos` looks like, for "… but here it is {found}".
fn found_at(text: &str, pos: Position) -> &'static str {
    let Some(line) = text.lines().nth(pos.line - 1) else {
        return "nothing";
    };
    let rest: String = line.chars().skip(pos.column - 1).collect();
    let rest = rest.trim_end();
    if rest.starts_with('[') || rest.starts_with("- ") || rest == "-" {
        "a list"
    } else if rest.starts_with('{')
        || (rest.contains(": ") || rest.ends_with(':')) && !rest.starts_with(['"', '\''])
    {
        "a set of `key: value` lines"
    } else if rest.is_empty() {
        "nothing"
    } else {
        "a single value"
    }
}

/// The word at `pos` (up to a space, `,`, `]` or `}`), for quoting it back.
fn token_at(text: &str, pos: Position) -> String {
    let line = text.lines().nth(pos.line - 1).unwrap_or("");
    line.chars()
        .skip(pos.column - 1)
        .take_while(|c| !matches!(c, ' ' | ',' | ']' | '}' | '#'))
        .take(40)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{CheckItem, QuestionsFile};

    #[test]
    fn unknown_key_gets_position_and_suggestion() {
        let text = "knowledge_check:\n  - dificulty: easy\n";
        let e =
            parse::<QuestionsFile>(Path::new("q.yaml"), text, Embedding::default()).unwrap_err();
        assert_eq!(e.position.map(|p| p.line), Some(2), "{e:?}");
        assert!(e.message.contains("dificulty"), "{e:?}");
        assert_eq!(
            e.hint.as_deref(),
            Some("did you mean `difficulty`?"),
            "{e:?}"
        );
    }

    #[test]
    fn embedded_yaml_reports_lines_of_the_outer_file() {
        let text = "prompt: x\noptions: 3\n";
        let e = parse::<crate::content::model::SelfCheck>(
            Path::new("c.md"),
            text,
            Embedding { line_offset: 10 },
        )
        .unwrap_err();
        assert_eq!(e.position.map(|p| p.line), Some(12), "{e:?}");
    }

    #[test]
    fn a_missing_field_points_at_a_line_of_its_mapping() {
        // Blank and indented first lines: the position is on the first key, not the blank.
        let e = parse::<crate::content::model::FrontMatter>(
            Path::new("c.md"),
            "\n summary: S\n",
            Embedding { line_offset: 1 },
        )
        .unwrap_err();
        assert_eq!(e.position, Some(Position::new(3, 2)), "{e:?}");
        let text = "knowledge_check:\n  # a comment\n  - difficulty: easy\n    prompt: p\n";
        let e =
            parse::<QuestionsFile>(Path::new("q.yaml"), text, Embedding::default()).unwrap_err();
        assert_eq!(e.position, Some(Position::new(3, 5)), "{e:?}");
    }

    #[test]
    fn yes_and_no_stay_strings() {
        let text = "difficulty: easy\ntype: single\nprompt: p\naccepted: [yes, no]\n";
        let item: CheckItem = parse(Path::new("q.yaml"), text, Embedding::default()).unwrap();
        assert_eq!(item.accepted, ["yes", "no"]);
    }

    #[test]
    fn bad_enum_value_lists_the_choices() {
        let text = "difficulty: simple\ntype: single\nprompt: p\n";
        let e = parse::<CheckItem>(Path::new("q.yaml"), text, Embedding::default()).unwrap_err();
        assert_eq!(e.position.map(|p| p.line), Some(1), "{e:?}");
        assert!(e.hint.unwrap().contains("easy"));
    }

    /// One questions file's error: message, hint and `line:column`.
    fn questions_error(text: &str) -> (String, String, String) {
        let e =
            parse::<QuestionsFile>(Path::new("q.yaml"), text, Embedding::default()).unwrap_err();
        let p = e.position.expect("located");
        (
            e.message,
            e.hint.unwrap_or_default(),
            format!("{}:{}", p.line, p.column),
        )
    }

    const ITEM: &str = "knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt: p\n    options:\n      - text: a\n        correct: true\n        explanation: e\n      - text: b\n        explanation: e\n";

    // Each test below pins the words and the position of one kind of parser error, so that a
    // serde-saphyr upgrade that reports it differently fails here rather than in front of an
    // author.

    #[test]
    fn a_second_document_is_named_as_such() {
        let (message, hint, at) = questions_error(&format!("{ITEM}---\ninterview: []\n"));
        assert_eq!(message, "a second YAML document starts here");
        assert!(hint.contains("`---` line"), "{hint}");
        assert_eq!(at, "11:1");
    }

    #[test]
    fn a_list_where_a_word_is_expected_lists_the_words() {
        let (message, hint, at) =
            questions_error("knowledge_check:\n  - difficulty: [easy\n    type: single\n");
        assert_eq!(
            message,
            "`difficulty` must be one of `easy`, `medium`, `hard`, but here it is a list"
        );
        assert_eq!(
            hint,
            "write one word after the colon, e.g. `difficulty: easy`"
        );
        assert_eq!(at, "2:17");
        // The words come from the type being read: a self-check's `type` has two.
        let e = parse::<crate::content::model::SelfCheck>(
            Path::new("c.md"),
            "prompt: p\ntype: [single]\noptions: []\n",
            Embedding::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "`type` must be one of `single`, `multiple`, but here it is a list"
        );
    }

    #[test]
    fn a_tag_where_a_word_is_expected_lists_the_words() {
        let (message, hint, at) =
            questions_error("knowledge_check:\n  - difficulty: !!binary aGVsbG8=\n");
        assert_eq!(message, "`difficulty` must be one of `easy`, `medium`, `hard`, written as a plain word; a YAML tag such as `!!binary` does not belong here");
        assert_eq!(hint, "remove the tag (the word starting with `!`)");
        assert_eq!(at, "2:17", "at the tag");
        let (message, _, at) = questions_error("knowledge_check:\n  - difficulty: !!int 3\n");
        assert!(message.contains("`!!int`"), "{message}");
        assert_eq!(at, "2:17");
        // Application tags are not dropped without a word.
        let (message, _, at) = questions_error("knowledge_check:\n  - difficulty: !foo easy\n");
        assert_eq!(
            message,
            "YAML tags such as `!foo` are not used in course files"
        );
        assert_eq!(at, "2:17");
    }

    #[test]
    fn deep_nesting_points_at_the_first_level_too_many() {
        // The file's mapping is level 1, so the 64th bracket is level 65.
        let text = format!("knowledge_check: {}\n", "[".repeat(200_000));
        let (message, _, at) = questions_error(&text);
        assert_eq!(message, "the YAML is nested more than 64 levels deep");
        assert_eq!(at, format!("1:{}", "knowledge_check: ".len() + 64));
        let text = format!("knowledge_check: {}\n", "{a: ".repeat(2_000));
        let (message, _, _) = questions_error(&text);
        assert_eq!(
            message,
            "`knowledge_check` must be a list, but here it is a set of `key: value` lines"
        );
        // Under block levels, the scanner's count of brackets alone may stop first: at the
        // 64th bracket (level 66 here), still the first place the limit is passed in the line.
        let text = format!("interview:\n  - {}\n", "{a: ".repeat(2_000));
        let (message, _, at) = questions_error(&text);
        assert_eq!(message, "the YAML is nested more than 64 levels deep");
        assert_eq!(at, format!("2:{}", "  - ".len() + 4 * 63 + 1));
    }

    #[test]
    fn a_key_indented_too_little_is_reported_at_its_line() {
        let (message, hint, at) = questions_error(
            "knowledge_check:\n  - difficulty: easy\n   type: single\n    prompt: p\n",
        );
        assert_eq!(
            message,
            "`type` is indented 3 spaces, but `difficulty` above it is indented 4"
        );
        assert_eq!(hint, "keys of one mapping start in the same column: start `type` where `difficulty` starts (4 spaces in)");
        assert_eq!(at, "3:4");
        // Indented too far, the key is read as more of the value above it.
        let e = parse::<crate::content::model::SelfCheck>(
            Path::new("c.md"),
            "prompt: p\n   type: single\noptions: []\n",
            Embedding { line_offset: 6 },
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "`type` is indented 3 spaces, but `prompt` above it is indented 0"
        );
        assert_eq!(e.position, Some(Position::new(8, 4)));
    }

    #[test]
    fn a_tab_is_reported_at_the_tab() {
        let (message, _, at) = questions_error(
            "knowledge_check:\n  - difficulty: easy\n\ttype: single\n    prompt: p\n",
        );
        assert_eq!(
            message,
            "a tab is used for indentation here; YAML indents with spaces only"
        );
        assert_eq!(at, "3:1");
        let e = parse::<crate::content::model::FrontMatter>(
            Path::new("c.md"),
            "title: T\nobjectives:\n\t- x\n",
            Embedding { line_offset: 1 },
        )
        .unwrap_err();
        assert_eq!(e.position, Some(Position::new(4, 1)), "{e:?}");
    }

    #[test]
    fn the_other_reworded_errors_keep_their_words() {
        let cases: &[(&str, &str, &str)] = &[
            ("knowledge_check: 3\n", "`knowledge_check` must be a list, but here it is a single value", "1:18"),
            ("knowledge_check:\n  - text\n", "each knowledge-check item must be a set of `key: value` lines, but here it is a single value", "2:5"),
            ("knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt: [a]\n", "`prompt` must be text, but here it is a list", "4:13"),
            ("knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt:\n", "`prompt` has no value", "4:11"),
            ("interview: []\ninterview: []\n", "`interview` is set twice", "2:1"),
            ("knowledge_check:\n  - difficulty: easy\n    type: true_false\n    prompt: p\n    answer: yes\n", "`answer` must be `true` or `false`, not `yes`", "5:13"),
            ("knowledge_check: *x\n", "`*x` refers to an anchor that is not defined before it", "1:18"),
            ("knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt: \"p\n", "this quoted text is not closed", "4:13"),
            ("knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt: `x`\n", "a YAML value cannot start with a backtick", "4:13"),
            ("knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt: a: b\n", "this value contains `: `, which YAML reads as the start of a key", "4:14"),
            ("knowledge_check: [\n", "this `[` is not closed", "1:18"),
            ("knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt: p\n    answer: 3\n", "`answer` must be `true` or `false`, not `3`", "5:13"),
        ];
        for (text, message, at) in cases {
            let (got, hint, got_at) = questions_error(text);
            assert_eq!((got.as_str(), got_at.as_str()), (*message, *at), "{text:?}");
            assert!(
                !hint.is_empty() && !hint.starts_with("check the YAML"),
                "{text:?}: {hint}"
            );
        }
    }
}
