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
use serde_saphyr::{Budget, Error, Location, Options};

use crate::diag::{Diagnostic, Position};

mod wording;
use wording::{cause, describe};

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
        let e = parse::<crate::content::model::SelfCheck>(
            Path::new("c.md"),
            "\n explanation: S\n",
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
        // The words come from the type being read: a self-check's `type`, the knowledge check's.
        let e = parse::<crate::content::model::SelfCheck>(
            Path::new("c.md"),
            "prompt: p\ntype: [single]\noptions: []\n",
            Embedding::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "`type` must be one of `single`, `multiple`, `true_false`, `short_answer`, `order`, `match`, `numeric`, `fill`, `trace`, but here it is a list"
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
