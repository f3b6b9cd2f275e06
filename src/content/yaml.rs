//! YAML reading with located errors. Every YAML text Lectern reads (front matter, questions
//! files, self-check blocks inside Markdown) goes through [`parse`], which reports problems
//! at their line and column in the author's file, even when the YAML is embedded in a larger
//! file.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options, RenderOptions, SnippetMode};

use crate::diag::{did_you_mean, Diagnostic, Position};

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
    o
}

/// Parses `text` (from `file`, embedded at `at`) into `T`.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str, at: Embedding) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let position = e.location().and_then(|l| at.position(l));
        let mut plain = RenderOptions::default();
        plain.snippets = SnippetMode::Off;
        let message = strip_location_suffix(&e.render_with_options(plain));
        // serde reports a missing field at the end of its mapping; the start of the mapping
        // (the list item) is where the author looks.
        let position = if message.starts_with("missing field") {
            position.map(|p| mapping_start(text, p, at))
        } else {
            position
        };
        explain(Diagnostic::error(file, position, message))
    })
}

/// The start of the block mapping holding `pos`: the nearest line above at a smaller indent
/// that opens a list item (`- key:`), or the first line of the mapping.
fn mapping_start(text: &str, pos: Position, at: Embedding) -> Position {
    let lines: Vec<&str> = text.lines().collect();
    let Some(line_index) = pos.line.checked_sub(1 + at.line_offset) else {
        return pos;
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let key_indent = pos.column - 1;
    let mut i = line_index.min(lines.len().saturating_sub(1));
    loop {
        let l = lines.get(i).copied().unwrap_or("");
        let trimmed = l.trim_start();
        if trimmed.starts_with("- ") && indent(l) + 2 == key_indent {
            return Position::new(i + 1 + at.line_offset, key_indent + 1);
        }
        if !trimmed.is_empty()
            && !trimmed.starts_with('#')
            && indent(l) < key_indent
            && !trimmed.starts_with("- ")
        {
            return Position::new(i + 2 + at.line_offset, key_indent + 1);
        }
        if i == 0 {
            return Position::new(1 + at.line_offset, key_indent + 1);
        }
        i -= 1;
    }
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

/// Adds a hint that says what to do for the common serde messages.
fn explain(d: Diagnostic) -> Diagnostic {
    let msg = d.message.clone();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once('`') {
            let candidates = expected_names(expected);
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            return match did_you_mean(field, candidates.iter().copied()) {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None if !candidates.is_empty() => {
                    d.with_hint(format!("allowed keys here: {}", candidates.join(", ")))
                }
                None => d,
            };
        }
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        if let Some((word, expected)) = rest.split_once('`') {
            let candidates = expected_names(expected);
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
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
    d
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
