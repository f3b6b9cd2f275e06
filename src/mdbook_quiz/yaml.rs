//! `lectern import-quiz`: an mdbook-quiz file written as Lectern's own questions YAML
//! (`<chapter>.questions.yaml`, a `knowledge_check:` list), for authors who switch formats.
//!
//! The quiz is read by [`read_quiz`](super::read_quiz), so the command reports exactly what a
//! `{{#quiz}}` directive would. What Lectern's YAML cannot hold is never dropped: a Tracing
//! question and a multipart group's shared context become YAML comments, and each is said
//! (a located warning, or a note for the command to print). What mdbook-quiz does not have
//! and Lectern requires is not invented: options are written without an `explanation`, which
//! `lectern check` then points at one by one, and every item gets `difficulty: medium` with a
//! comment saying to choose.
//!
//! The YAML is written by hand rather than by a serializer, for the comments and for a
//! predictable layout; [`convert`] reads it back with Lectern's own reader and compares every
//! field, so a text the quoting rules get wrong is an error, not a silently different file.

use std::fmt::Write as _;
use std::path::Path;

use crate::content::imported::{ImportedAnswer, ImportedQuestion};
use crate::content::model::{QuestionKind, QuestionsFile};
use crate::content::yaml::{parse, Embedding};
use crate::diag::Diagnostic;

use super::read::Quiz;

/// The comment on the first item's `difficulty`.
pub const DIFFICULTY_COMMENT: &str = "mdbook-quiz has no difficulty; set easy, medium or hard";

/// A quiz file as Lectern's questions YAML, with what the command should tell the author.
#[derive(Debug, Clone, Default)]
pub struct Conversion {
    /// The questions file's text.
    pub yaml: String,
    /// Located warnings (in the quiz file) about what the YAML cannot hold; an error when the
    /// YAML would not read back as written.
    pub diags: Vec<Diagnostic>,
    /// Knowledge-check items written.
    pub items: usize,
    /// Tracing questions among the items (written as `type: trace`).
    pub traced: usize,
    /// Options written without the `explanation` Lectern requires.
    pub options_without_explanation: usize,
    /// The multipart groups whose shared context became a comment.
    pub shared_contexts: Vec<String>,
}

/// Reads an mdbook-quiz file's text (`file`: its path as diagnostics name it) and converts it.
/// `None` (with the reasons among the diagnostics) when the quiz has errors: a question left
/// out by the reader must not silently disappear from the converted file.
pub fn import_quiz(text: &str, file: &Path) -> (Option<Conversion>, Vec<Diagnostic>) {
    let (quiz, mut diags) = super::read_quiz(text, file);
    let Some(quiz) = quiz else {
        return (None, diags);
    };
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let mut conversion = convert(&quiz, file);
    diags.append(&mut conversion.diags);
    let failed = diags.iter().any(Diagnostic::is_error);
    (if failed { None } else { Some(conversion) }, diags)
}

/// Converts a quiz that [`read_quiz`](super::read_quiz) read from `file`.
pub fn convert(quiz: &Quiz, file: &Path) -> Conversion {
    let mut c = Conversion::default();
    let mut body = String::new();
    let mut groups_seen: Vec<&str> = Vec::new();
    let mut written: Vec<&ImportedQuestion> = Vec::new();
    for (q, group) in &quiz.questions {
        if let Some((key, context)) = group {
            if !groups_seen.contains(&key.as_str()) {
                groups_seen.push(key);
                c.shared_contexts.push(key.clone());
                comment(
                    &mut body,
                    2,
                    &format!(
                        "mdbook-quiz's multipart group `{key}` shares this context. Lectern has no\n\
                         shared context for knowledge-check items: put it in the chapter or in each prompt.\n\n{}",
                        context.trim_end_matches('\n')
                    ),
                );
            }
        }
        match &q.answer {
            ImportedAnswer::Trace { .. } => {
                let first = c.items == 0;
                c.items += 1;
                c.traced += 1;
                write_item(&mut body, q, Some(&mut c.diags), first);
                written.push(q);
            }
            ImportedAnswer::Choice { options, .. } => {
                c.options_without_explanation += options.len();
                let first = c.items == 0;
                c.items += 1;
                write_item(&mut body, q, Some(&mut c.diags), first);
                written.push(q);
            }
            ImportedAnswer::Short { multiline, .. } => {
                if *multiline {
                    c.diags.push(
                        Diagnostic::warning(
                            &q.file,
                            Some(q.at),
                            format!("question `{}` asks for a long answer (`prompt.response`), but a Lectern short answer is one line", q.stable_id),
                        )
                        .with_hint("the item is written as a `short_answer`; reword it if the answer needs several lines"),
                    );
                }
                let first = c.items == 0;
                c.items += 1;
                write_item(&mut body, q, Some(&mut c.diags), first);
                written.push(q);
            }
        }
    }
    let mut yaml = format!(
        "# Converted from {} by `lectern import-quiz`.\n\n",
        one_line(&file.display().to_string())
    );
    if written.is_empty() {
        // Only comments under `knowledge_check:` would read as null, not as a list.
        yaml.push_str("knowledge_check: []\n");
    } else {
        yaml.push_str("knowledge_check:\n");
    }
    yaml.push_str(&body);
    match parse::<QuestionsFile>(file, &yaml, Embedding::default()) {
        Ok(read_back) => {
            if let Some(problem) = difference(&written, &read_back) {
                c.diags.push(internal_error(file, &problem));
            }
        }
        Err(e) => c.diags.push(internal_error(file, &e.message)),
    }
    c.yaml = yaml;
    c
}

fn internal_error(file: &Path, problem: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        None,
        format!("the converted YAML would not read back as this quiz says ({problem}); nothing is written"),
    )
    .with_hint("this is a bug in `lectern import-quiz`: please report it with the quiz file")
}

/// The Lectern type of a choice question: one right option is `single`.
pub fn choice_kind(options: &[(String, bool)]) -> QuestionKind {
    if options.iter().filter(|o| o.1).count() == 1 {
        QuestionKind::Single
    } else {
        QuestionKind::Multiple
    }
}

/// Whether Lectern accepts `id` as an item id.
fn is_lectern_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Writes one item as a `- ` entry of the `knowledge_check` list. A Tracing question (written
/// only to be commented out) is written at indentation 0 with mdbook-quiz's fields.
fn write_item(
    out: &mut String,
    q: &ImportedQuestion,
    diags: Option<&mut Vec<Diagnostic>>,
    first: bool,
) {
    let (dash, key) = (2, 4);
    let pad = " ".repeat(key);
    let mut w = ItemWriter {
        lead: format!("{}- ", " ".repeat(dash)),
        pad: pad.clone(),
        out,
    };
    if is_lectern_id(&q.stable_id) {
        w.field("id", &q.stable_id);
    } else {
        if let Some(diags) = diags {
            diags.push(
                Diagnostic::warning(
                    &q.file,
                    Some(q.at),
                    format!(
                        "the id `{}` is not a Lectern id, so the item is written without one",
                        q.stable_id
                    ),
                )
                .with_hint("Lectern ids are letters, digits, `-` and `_`; add `id:` to the item if readers' answers should survive reordering"),
            );
        }
        comment(
            w.out,
            dash,
            &format!(
                "mdbook-quiz's id {} is not a Lectern id (letters, digits, - and _)",
                quoted(&q.stable_id)
            ),
        );
    }
    match &q.answer {
        ImportedAnswer::Trace {
            program,
            language,
            compiles,
            stdout,
            error_line,
        } => {
            w.difficulty(first);
            w.line(&format!("type: {}", QuestionKind::Trace.as_str()));
            w.field("prompt", &q.prompt);
            if !language.trim().is_empty() {
                w.field("language", language.trim());
            }
            w.field("program", program);
            w.line(&format!("compiles: {compiles}"));
            if *compiles && !stdout.trim().is_empty() {
                w.field("output", stdout);
            } else if let (false, Some(n)) = (compiles, error_line) {
                w.line(&format!("error_line: {n}"));
            }
        }
        ImportedAnswer::Choice { options, shuffle } => {
            w.difficulty(first);
            w.line(&format!("type: {}", choice_kind(options).as_str()));
            w.field("prompt", &q.prompt);
            if *shuffle {
                w.line("shuffle: true");
            }
            w.line("options:");
            let option_key = key + 4;
            for (text, correct) in options {
                let _ = write!(w.out, "{pad}  - text:{}", scalar(text, option_key));
                if *correct {
                    let _ = writeln!(w.out, "{}correct: true", " ".repeat(option_key));
                }
            }
        }
        ImportedAnswer::Short {
            accepted,
            multiline,
        } => {
            w.difficulty(first);
            w.line(&format!("type: {}", QuestionKind::ShortAnswer.as_str()));
            w.field("prompt", &q.prompt);
            if *multiline {
                comment(
                    w.out,
                    key,
                    "mdbook-quiz asked for a multi-line answer; a Lectern short answer is one line",
                );
            }
            w.line("accepted:");
            for a in accepted {
                let _ = write!(w.out, "{pad}  -{}", scalar(a, key + 2));
            }
        }
    }
    if !q.explanation.is_empty() {
        w.field("explanation", &q.explanation);
    }
    w.out.push('\n');
}

/// Writes the lines of one list item: the first after `- `, the others under it.
struct ItemWriter<'a> {
    lead: String,
    pad: String,
    out: &'a mut String,
}

impl ItemWriter<'_> {
    /// A line as it is (a key with a value that needs no quoting).
    fn line(&mut self, text: &str) {
        self.out.push_str(&self.lead);
        self.out.push_str(text);
        self.out.push('\n');
        self.lead.clone_from(&self.pad);
    }

    /// `name:` and a text value, quoted as [`scalar`] says.
    fn field(&mut self, name: &str, value: &str) {
        let indent = self.pad.len();
        self.out.push_str(&self.lead);
        self.out.push_str(name);
        self.out.push(':');
        self.out.push_str(&scalar(value, indent));
        self.lead.clone_from(&self.pad);
    }

    fn difficulty(&mut self, first: bool) {
        if first {
            self.line(&format!("difficulty: medium  # {DIFFICULTY_COMMENT}"));
        } else {
            self.line("difficulty: medium");
        }
    }
}

/// `text` as YAML comment lines at `indent`. Characters YAML does not allow in a file are
/// shown as escapes: a comment only has to be read by people.
fn comment(out: &mut String, indent: usize, text: &str) {
    for line in text.split('\n') {
        out.push_str(&" ".repeat(indent));
        out.push('#');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(&one_line(line));
        }
        out.push('\n');
    }
}

/// A line with the characters YAML does not allow (control characters but tab, and line
/// breaks of other kinds) written as escapes.
fn one_line(line: &str) -> String {
    line.chars()
        .map(|c| {
            if needs_escape(c) || c == '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Characters that a YAML file may not hold as they are, or that YAML 1.1 readers take as a
/// line break, or that a reader may drop (a byte-order mark).
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
        || ('\u{fdd0}'..='\u{fdef}').contains(&c)
        || (c as u32 & 0xfffe) == 0xfffe
}

/// What follows `key:` for `value` (one line, or a block scalar whose content sits at `key_indent
/// + 2`), ending with a line break: the text reads back exactly.
///
/// Multi-line text is a literal block (`|` when it ends with one line break, `|-` when it ends
/// with none), with an indentation indicator when its first line starts with white space or is
/// empty (the reader would otherwise guess the indentation from it). Text that ends with
/// several line breaks is double-quoted instead: a kept block (`|+`) would take in the blank
/// line that separates items. One-line text is plain when nothing in it can mean anything else
/// to YAML, and double-quoted otherwise.
pub fn scalar(value: &str, key_indent: usize) -> String {
    let trailing = value.len() - value.trim_end_matches('\n').len();
    if value.contains('\n')
        && trailing <= 1
        && !value.chars().any(needs_escape)
        && !has_trailing_spaces(value)
    {
        let first = value.split('\n').next().unwrap_or("");
        let indicator = if first.is_empty() || first.starts_with([' ', '\t']) {
            "2"
        } else {
            ""
        };
        let chomp = if trailing == 0 { "-" } else { "" };
        let pad = " ".repeat(key_indent + 2);
        let mut out = format!(" |{indicator}{chomp}\n");
        for line in value[..value.len() - trailing].split('\n') {
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
            out.push('\n');
        }
        return out;
    }
    if is_plain_safe(value) {
        format!(" {value}\n")
    } else {
        format!(" {}\n", quoted(value))
    }
}

/// Whether a line of a block scalar ends in white space: YAML keeps it, but editors strip it,
/// and a line of only spaces before the first text line confuses the indentation; such text
/// is double-quoted, where every character is visible.
fn has_trailing_spaces(value: &str) -> bool {
    value.split('\n').any(|l| l.ends_with([' ', '\t']))
}

/// A plain (unquoted) scalar reads back as this very string: not empty, no white space at
/// either end, nothing that starts YAML syntax, no `: ` or ` #` inside, and not a word or
/// number that a YAML reader (1.1 or 1.2) could take for something else.
fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if value.trim() != value
        || value
            .chars()
            .any(|c| needs_escape(c) || c == '\t' || c == '\n')
    {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_ascii_digit() || "+.~".contains(first) {
        return false;
    }
    if value.contains(": ") || value.contains(" #") || value.ends_with(':') {
        return false;
    }
    const WORDS: &[&str] = &[
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    !WORDS.contains(&value.to_ascii_lowercase().as_str())
}

/// `value` in double quotes, with `\` and `"` escaped and every character that is not printable
/// as an escape.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let n = c as u32;
                if n <= 0xff {
                    let _ = write!(out, "\\x{n:02x}");
                } else {
                    let _ = write!(out, "\\u{n:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The first field of `read_back` that is not what the quiz's `written` questions say, if any.
fn difference(written: &[&ImportedQuestion], read_back: &QuestionsFile) -> Option<String> {
    if read_back.knowledge_check.len() != written.len() || !read_back.interview.is_empty() {
        return Some(format!(
            "{} items instead of {}",
            read_back.knowledge_check.len(),
            written.len()
        ));
    }
    for (i, (q, item)) in written.iter().zip(&read_back.knowledge_check).enumerate() {
        let item = &item.value;
        let at = |field: &str| Some(format!("item {}: `{field}` differs", i + 1));
        let id = is_lectern_id(&q.stable_id).then(|| q.stable_id.clone());
        if item.id != id {
            return at("id");
        }
        if item.prompt != q.prompt {
            return at("prompt");
        }
        if item.explanation != q.explanation {
            return at("explanation");
        }
        match &q.answer {
            ImportedAnswer::Choice { options, shuffle } => {
                let read: Vec<(String, bool)> = item
                    .options
                    .iter()
                    .map(|o| (o.value.text.clone(), o.value.correct))
                    .collect();
                if item.kind != choice_kind(options) {
                    return at("type");
                }
                if &read != options {
                    return at("options");
                }
                if item.shuffle != *shuffle {
                    return at("shuffle");
                }
            }
            ImportedAnswer::Short { accepted, .. } => {
                if item.kind != QuestionKind::ShortAnswer {
                    return at("type");
                }
                if &item.accepted != accepted {
                    return at("accepted");
                }
            }
            ImportedAnswer::Trace {
                program,
                compiles,
                stdout,
                error_line,
                ..
            } => {
                let lines = |s: &str| s.trim_end_matches(['\n', '\r']).to_string();
                if item.kind != QuestionKind::Trace {
                    return at("type");
                }
                if item.program.as_deref().map(lines) != Some(lines(program)) {
                    return at("program");
                }
                if item.compiles != Some(*compiles) {
                    return at("compiles");
                }
                if *compiles
                    && !stdout.trim().is_empty()
                    && item.output.as_deref().map(lines) != Some(lines(stdout))
                {
                    return at("output");
                }
                if !compiles && item.error_line != error_line.map(|n| n as u64) {
                    return at("error_line");
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Position;

    fn convert_text(toml: &str) -> (Conversion, Vec<Diagnostic>) {
        let (c, d) = import_quiz(toml, Path::new("quiz.toml"));
        (c.unwrap_or_else(|| panic!("{d:?}")), d)
    }

    fn read_back(yaml: &str) -> QuestionsFile {
        parse::<QuestionsFile>(Path::new("q.yaml"), yaml, Embedding::default())
            .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }

    /// A TOML basic string holding `s` (every character escaped that TOML needs escaped).
    fn toml_string(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// Texts a quoting rule could get wrong.
    const AWKWARD: &[&str] = &[
        "plain words",
        "yes",
        "No",
        "off",
        "~",
        "null",
        "NULL",
        "true",
        "False",
        "12",
        "0x1F",
        "1e3",
        ".5",
        "-",
        "- item",
        "a: b",
        "ends with colon:",
        "# not a comment",
        "text # not a comment",
        "`code` first",
        "\"quoted\"",
        "'single'",
        "it's",
        "  leading spaces",
        "trailing space ",
        "[not, a, list]",
        "{not: a map}",
        "*alias",
        "&anchor",
        "!tag",
        "%directive",
        "@at",
        "| pipe",
        "> folded",
        "back\\slash",
        "tab\there",
        "bell\u{7}",
        "carriage\r\nreturn",
        "bom\u{feff}",
        "c1\u{85}control",
        "line\u{2028}separator",
        "",
        "multi\nline",
        "ends with newline\n",
        "two newlines\n\n",
        "\nleading newline",
        "  indented first\nsecond",
        "spaces at end \nof a line",
        "```rust\nfn main() {\n    let x = \"a: b\"; // # yes\n}\n```\n",
        "---\ndocument marker\n...\n",
        "    code block\n\nno",
        "é ünïcödé — “quotes”",
    ];

    #[test]
    fn every_awkward_text_reads_back_exactly() {
        for (n, text) in AWKWARD.iter().enumerate() {
            let toml = format!(
                "[[questions]]\nid = {id}\ntype = \"MultipleChoice\"\nprompt.prompt = {t}\nprompt.distractors = [{t2}]\nanswer.answer = [{t}, \"other\"]\ncontext = {t}\n\n\
                 [[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = {t}\nanswer.answer = {t}\nanswer.alternatives = [{t}]\n",
                id = toml_string(&format!("q{n}")),
                t = toml_string(text),
                t2 = toml_string(&format!("{text}!")),
            );
            let (c, d) = import_quiz(&toml, Path::new("quiz.toml"));
            let c = c.unwrap_or_else(|| panic!("{text:?}: {d:?}"));
            let file = read_back(&c.yaml);
            assert_eq!(file.knowledge_check.len(), 2, "{text:?}\n{}", c.yaml);
            let mc = &file.knowledge_check[0].value;
            assert_eq!(mc.id.as_deref(), Some(format!("q{n}").as_str()));
            assert_eq!(mc.prompt, *text, "{}", c.yaml);
            assert_eq!(mc.explanation, *text, "{}", c.yaml);
            assert_eq!(mc.kind, QuestionKind::Multiple);
            assert!(mc.shuffle);
            let options: Vec<(&str, bool, bool)> = mc
                .options
                .iter()
                .map(|o| {
                    (
                        o.value.text.as_str(),
                        o.value.correct,
                        o.value.explanation.is_none(),
                    )
                })
                .collect();
            let bang = format!("{text}!");
            assert_eq!(
                options,
                [
                    (*text, true, true),
                    ("other", true, true),
                    (&bang, false, true)
                ],
                "{}",
                c.yaml
            );
            let short = &file.knowledge_check[1].value;
            assert_eq!(short.kind, QuestionKind::ShortAnswer);
            assert_eq!(short.prompt, *text);
            assert_eq!(short.accepted, [*text, *text]);
            assert_eq!(short.explanation, "");
            assert_eq!(short.id.as_deref(), Some("quiz-2"));
        }
    }

    #[test]
    fn every_kind_and_every_comment() {
        let toml = r#"multipart.pair = """
Shared `context`:

    code
"""

[[questions]]
type = "MultipleChoice"
prompt.prompt = "One right"
prompt.distractors = ["b", "c"]
prompt.answerIndex = 2
answer.answer = "a"
context = "Because."

[[questions]]
type = "Tracing"
multipart = "pair"
prompt.program = "fn main() {\n    println!(\"hi\");\n}"
answer.doesCompile = true
answer.stdout = "hi"
context = "It prints."

[[questions]]
type = "ShortAnswer"
multipart = "pair"
prompt.prompt = "Word?"
prompt.response = "long"
answer.answer = "w"
"#;
        let (c, d) = convert_text(toml);
        assert_eq!(
            (c.items, c.traced, c.options_without_explanation),
            (3, 1, 3)
        );
        assert_eq!(c.shared_contexts, ["pair"]);
        // The long answer is a located warning at its question; the Tracing one a trace item.
        let at: Vec<(String, bool)> = d.iter().map(|d| (d.location(), d.is_error())).collect();
        assert_eq!(at, [("quiz.toml:23:1".to_string(), false)], "{d:?}");
        let expected = format!(
            "# Converted from quiz.toml by `lectern import-quiz`.

knowledge_check:
  - id: quiz-1
    difficulty: medium  # {DIFFICULTY_COMMENT}
    type: single
    prompt: One right
    options:
      - text: b
      - text: c
      - text: a
        correct: true
    explanation: Because.

  # mdbook-quiz's multipart group `pair` shares this context. Lectern has no
  # shared context for knowledge-check items: put it in the chapter or in each prompt.
  #
  # Shared `context`:
  #
  #     code
  - id: quiz-2
    difficulty: medium
    type: trace
    prompt: {}
    language: rust
    program: |-
      fn main() {{
          println!(\"hi\");
      }}
    compiles: true
    output: hi
    explanation: It prints.

  - id: quiz-3
    difficulty: medium
    type: short_answer
    prompt: Word?
    # mdbook-quiz asked for a multi-line answer; a Lectern short answer is one line
    accepted:
      - w

",
            crate::mdbook_quiz::read::TRACING_PROMPT_TEXT
        );
        assert_eq!(c.yaml, expected);
        let file = read_back(&c.yaml);
        assert_eq!(file.knowledge_check.len(), 3);
        let trace = &file.knowledge_check[1].value;
        assert_eq!(
            (trace.kind, trace.compiles, trace.output.as_deref()),
            (QuestionKind::Trace, Some(true), Some("hi"))
        );
        assert!(
            !file.knowledge_check[0].value.shuffle,
            "answerIndex fixes the order"
        );
    }

    #[test]
    fn a_quiz_with_errors_converts_to_nothing() {
        let toml = "[[questions]]\ntype = \"MultipleChoise\"\n\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"p\"\nanswer.answer = \"a\"\n";
        let (c, d) = import_quiz(toml, Path::new("quiz.toml"));
        assert!(c.is_none());
        assert_eq!(d.len(), 1);
        assert!(d[0].is_error() && d[0].position == Some(Position::new(2, 8)));
    }

    #[test]
    fn a_tracing_question_is_a_trace_item() {
        let toml = "[[questions]]\ntype = \"Tracing\"\nprompt.program = \"fn main() {}\"\nanswer.doesCompile = false\nanswer.lineNumber = 1\n";
        let (c, d) = convert_text(toml);
        assert!(d.is_empty(), "{d:?}");
        assert!(
            c.yaml.contains("    compiles: false\n    error_line: 1\n"),
            "{}",
            c.yaml
        );
        let file = read_back(&c.yaml);
        let item = &file.knowledge_check[0].value;
        assert_eq!((item.kind, item.error_line), (QuestionKind::Trace, Some(1)));
        assert_eq!(item.program.as_deref(), Some("fn main() {}"));
    }

    #[test]
    fn an_id_lectern_refuses_is_a_comment_and_a_warning() {
        let toml = "[[questions]]\nid = \"ch 1.2\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"p\"\nanswer.answer = \"a\"\n";
        let (c, d) = convert_text(toml);
        assert!(c
            .yaml
            .contains("  # mdbook-quiz's id \"ch 1.2\" is not a Lectern id"));
        assert_eq!(read_back(&c.yaml).knowledge_check[0].value.id, None);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location(), "quiz.toml:1:1");
    }

    #[test]
    fn plain_and_quoted_are_chosen_by_content() {
        assert_eq!(scalar("Read it", 4), " Read it\n");
        assert_eq!(scalar("yes", 4), " \"yes\"\n");
        assert_eq!(scalar("a: b", 4), " \"a: b\"\n");
        assert_eq!(scalar("`x`", 4), " \"`x`\"\n");
        assert_eq!(scalar("a\nb", 4), " |-\n      a\n      b\n");
        assert_eq!(scalar(" a\nb\n", 0), " |2\n   a\n  b\n");
    }
}
