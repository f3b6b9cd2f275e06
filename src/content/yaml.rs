//! YAML reading with located errors. Every YAML text Lectern reads (front matter, questions
//! files, self-check blocks inside Markdown) goes through [`parse`], which reports problems
//! at their line and column in the author's file, even when the YAML is embedded in a larger
//! file, in words an author understands: the parser's messages ("expected sequence start")
//! become what was expected for which key ("`objectives` must be a list") and what to do.
//!
//! Parsing is bounded: the [`options`] cap nesting depth, aliases and the total amount of
//! text, so an alias bomb or a 100,000-deep `[[[[` is a located error, not a hang or a crash.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, Location, Options, RenderOptions, SnippetMode};

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
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
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
        // The position within `text`; `at` shifts it into the author's file.
        let local = e.location().and_then(|l| Embedding::default().position(l));
        let mut plain = RenderOptions::default();
        plain.snippets = SnippetMode::Off;
        let raw = strip_location_suffix(&e.render_with_options(plain));
        // serde reports a missing field at the end of its mapping; the start of the mapping
        // (the list item) is where the author looks.
        let local = if raw.starts_with("missing field") {
            local.map(|p| mapping_start(text, p))
        } else {
            local
        };
        let position = local.map(|p| p.shifted(at.line_offset, 0));
        explain(Diagnostic::error(file, position, raw), text, local)
    })
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

/// Rewords the parser's message in the author's terms (naming the key where it can) and adds
/// what to do. `local` is the position within `text`.
fn explain(mut d: Diagnostic, text: &str, local: Option<Position>) -> Diagnostic {
    let msg = d.message.clone();
    let key = local.and_then(|p| key_of(text, p));
    let subject = key
        .as_ref()
        .map_or_else(|| "this value".to_string(), |k| format!("`{}`", k.name));
    let found = local.map_or("something else", |p| found_at(text, p));
    let mut reword = |message: String, hint: &str| {
        d.message = message;
        d.hint = Some(hint.to_string());
    };

    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once('`') {
            let candidates = expected_names(expected);
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            return match did_you_mean(field, candidates.iter().copied()) {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None if !candidates.is_empty() => {
                    d.with_hint(format!("allowed keys here: {}", candidates.join(", ")))
                }
                None => d.with_hint("remove the key"),
            };
        }
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        if let Some((word, expected)) = rest.split_once('`') {
            let candidates = expected_names(expected);
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            // `type: single` followed by an over-indented line reads as one value.
            if let Some((first, _)) = word.split_once(char::is_whitespace) {
                if candidates.contains(&first) {
                    return d.with_hint(format!(
                        "YAML reads the next line as part of this value because it is indented more than this key; indent `{}` like the other keys",
                        word[first.len()..].trim_start().split(':').next().unwrap_or("").trim()
                    ));
                }
            }
            if let Some(best) = did_you_mean(word, candidates.iter().copied()) {
                return d.with_hint(format!("did you mean `{best}`?"));
            }
            return d.with_hint(format!("use one of: {}", candidates.join(", ")));
        }
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        if let Some((field, _)) = rest.split_once('`') {
            return d.with_hint(format!("add `{field}:` here"));
        }
    }

    const QUOTE_HINT: &str = "if a text value starts with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `@`, a backtick or a quote, or contains `: `, put it in double quotes";
    if msg == "expected string scalar" {
        reword(
            format!("{subject} must be text, but here it is {found}"),
            &format!("write the text after the colon; {QUOTE_HINT}"),
        );
    } else if msg == "expected sequence start" {
        reword(
            format!("{subject} must be a list, but here it is {found}"),
            "write one item per line under the key, each starting with `- `, or `[a, b]` on one line",
        );
    } else if msg == "expected mapping start" {
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
        reword(
            format!("{what} must be a set of `key: value` lines, but here it is {found}"),
            hint,
        );
    } else if msg.starts_with("cannot deserialize null into string") {
        match &key {
            Some(k) if !k.item => reword(
                format!("`{}` has no value", k.name),
                &format!("write a value after `{}:`, or remove the line", k.name),
            ),
            _ => reword(
                "expected text here, found nothing".into(),
                "write a value, or remove the line; a line starting with `:` lacks its key",
            ),
        }
    } else if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let name = rest.split(',').next().unwrap_or(rest).trim();
        reword(
            format!("`{name}` is set twice"),
            "remove one of the two lines: a key appears once in each mapping",
        );
    } else if msg == "mapping values are not allowed in this context" {
        reword(
            "unexpected `:` here: this line does not fit the indentation around it".into(),
            "keys of one mapping start in the same column; a value that contains `: ` needs double quotes",
        );
    } else if msg == "block sequence entries are not allowed in this context" {
        reword(
            "unexpected `- ` here: a list item must start its own line".into(),
            "put each `- ` item on its own line, indented under its key",
        );
    } else if msg == "unclosed quote" {
        reword(
            "this quoted text is not closed".into(),
            "end it with the same quote mark; for text over several lines use a block scalar (`key: |` followed by indented lines)",
        );
    } else if msg.starts_with("multiple YAML documents") {
        reword(
            "a second YAML document starts here".into(),
            "remove this line: the file holds one YAML document (a `---` line inside it starts another)",
        );
    } else if msg.starts_with("invalid boolean") {
        let value = local.map(|p| token_at(text, p)).unwrap_or_default();
        reword(
            format!("{subject} must be `true` or `false`, not `{value}`"),
            "only `true` and `false` are booleans in Lectern (`yes`, `no`, `on` and `off` are text)",
        );
    } else if msg == "alias references unknown anchor" {
        let value = local.map(|p| token_at(text, p)).unwrap_or_default();
        reword(
            format!("`{value}` refers to an anchor that is not defined before it"),
            "define the anchor first (`key: &name value`), or write the value out; a value starting with `*` needs quotes",
        );
    } else if msg.starts_with("cannot deserialize tagged scalar") {
        reword(
            "YAML tags such as `!!str` or `!!int` are not used in course files".into(),
            "remove the tag (the word starting with `!`), or quote the value",
        );
    } else if msg.contains("tab") {
        reword(
            "a tab is used for indentation here; YAML indents with spaces only".into(),
            "replace the tab with spaces; set your editor to insert spaces in YAML and Markdown files",
        );
    } else if let Some(rest) = msg.strip_prefix("unexpected character: `") {
        let c = rest.trim_end_matches('\'');
        let c = if c == "`" {
            "a backtick".to_string()
        } else {
            format!("`{c}`")
        };
        reword(
            format!("a YAML value cannot start with {c}"),
            "put the whole value in double quotes, e.g. \"`--inspect` opens a port\"",
        );
    } else if msg == "recursion limit exceeded" || msg.contains("Depth {") {
        reword(
            format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
            "course files need only a few levels: look for a run of `[`, `{` or `- ` here",
        );
    } else if msg.contains("ScalarBytes {") {
        reword(
            format!("the YAML holds more than {} MiB of text (counting every use of an alias `*name`)", MAX_TEXT_BYTES >> 20),
            "split the content into smaller files, or write values out instead of repeating aliases",
        );
    } else if msg.contains("Aliases {") || msg.contains("replay") {
        reword(
            "the YAML uses aliases (`*name`) too often".into(),
            &format!("Lectern reads at most {MAX_ALIASES} aliases and {MAX_REPLAYED_EVENTS} replayed values per file; write values out instead"),
        );
    } else if msg.starts_with("budget breached") {
        reword(
            "the YAML is too large or too complex to read".into(),
            "split it into smaller files; course files are a few thousand lines at most",
        );
    } else if msg == "unexpected end of input" {
        reword(
            "the YAML ends in the middle of a value".into(),
            "close every `[`, `{` and quote that is opened",
        );
    } else if msg.starts_with("invalid type: ") {
        let expected = msg
            .rsplit_once("expected ")
            .map_or("another type", |(_, e)| e);
        let hint = if expected.contains("bool") {
            "write `true` or `false`".to_string()
        } else if expected.contains("sequence") {
            "write a list: one `- ` item per line".to_string()
        } else {
            format!("write {expected}")
        };
        reword(format!("{subject}: {msg}"), &hint);
    } else if d.hint.is_none() {
        d.hint = Some(format!(
            "check the YAML here: indentation with spaces, one `key: value` per line; {QUOTE_HINT}"
        ));
    }
    d
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

/// The names in serde's ", expected one of `a`, `b`" tail (with or without backticks).
fn expected_names(tail: &str) -> Vec<String> {
    let tail = tail.trim_start_matches(',').trim();
    let tail = tail
        .strip_prefix("expected one of")
        .or_else(|| tail.strip_prefix("expected"))
        .unwrap_or(tail);
    tail.split(',')
        .flat_map(|s| s.split(" or "))
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && !s.contains(' '))
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
}
