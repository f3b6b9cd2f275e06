//! Parser errors in the author's words: what is wrong, for which key, where to fix it, and
//! what to do. Errors are matched by their kind (serde-saphyr's error variants and the
//! parser's `ErrorKind`), never by their message text; the tests in the parent module pin each
//! wording so a parser upgrade that changes one fails loudly.

use serde::de::DeserializeOwned;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind as Syntax;
use serde_saphyr::{Error, ExternalMessageSource, RenderOptions, SnippetMode};

use super::{options, MAX_ALIASES, MAX_DEPTH, MAX_REPLAYED_EVENTS, MAX_TEXT_BYTES};
use crate::diag::{did_you_mean, Position};

/// The error itself, without the wrappers that add a snippet or the alias it came through.
pub(super) fn cause(mut e: &Error) -> &Error {
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = e {
        e = error;
    }
    e
}

/// A YAML problem in the author's terms: what is wrong, where, and what to do.
#[derive(Debug)]
pub(super) struct Problem {
    pub(super) message: String,
    pub(super) hint: String,
    /// Within the YAML text.
    pub(super) position: Option<Position>,
}

const QUOTE_HINT: &str = "if a text value starts with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `@`, a backtick or a quote, or contains `: `, put it in double quotes";

/// Says what `error` means for the author, naming the key where it can. `local` is the
/// parser's position within `text`. Every parser error Lectern words differently is matched by
/// its kind here (not by its text), and pinned by a test in the parent module.
pub(super) fn describe<T: DeserializeOwned>(
    error: &Error,
    text: &str,
    local: Option<Position>,
) -> Problem {
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
                Some(("knowledge_check", true)) => ("each knowledge-check item", "start an item with `- type: …` and put `prompt:` and the rest below it, indented alike"),
                Some(("interview", true)) => ("each interview question", "start a question with `- question: …` and put `answer:` and the rest below it, indented alike"),
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
        // A question's `answer:` that is neither a boolean nor a number (model::Answer).
        // A custom error of the content model that says what to do (model::with_hint).
        Error::Message { msg, .. } if msg.contains(crate::content::model::HINT_MARK) => {
            let (message, hint) = msg
                .split_once(crate::content::model::HINT_MARK)
                .unwrap_or((msg.as_str(), ""));
            here(message.to_string(), hint.to_string())
        }
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
