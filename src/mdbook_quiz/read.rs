//! Reading an mdbook-quiz TOML file into [`ImportedQuestion`]s, with every problem located.
//!
//! A question that cannot be shown (a missing prompt, an unknown type) is an error and is left
//! out; a field Lectern does not act on is a warning that says what happens instead, so nothing
//! an author wrote is dropped silently.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::content::imported::{ImportedAnswer, ImportedQuestion};
use crate::diag::{Diagnostic, Position};

/// A quiz file's questions, each with the shared context of its multi-part group (the group's
/// key and Markdown) when it belongs to one.
#[derive(Debug, Default)]
pub struct Quiz {
    pub questions: Vec<(ImportedQuestion, Option<(String, String)>)>,
}

/// The fields of a question every type has, and those of each type's `prompt` and `answer`.
const COMMON: &[&str] = &[
    "type",
    "id",
    "multipart",
    "prompt",
    "answer",
    "context",
    "promptExplanation",
];
const CHOICE_PROMPT: &[&str] = &["prompt", "distractors", "answerIndex", "sortAnswers"];
const CHOICE_ANSWER: &[&str] = &["answer"];
const SHORT_PROMPT: &[&str] = &["prompt", "response"];
const SHORT_ANSWER: &[&str] = &["answer", "alternatives"];
const TRACING_PROMPT: &[&str] = &["program"];
const TRACING_ANSWER: &[&str] = &["doesCompile", "stdout", "lineNumber"];

/// The question a Tracing question asks of its program (mdbook-quiz asks it in its interface).
pub const TRACING_PROMPT_TEXT: &str =
    "Does this program compile? If it does, what does it print? If it does not, which line has the error?";

struct Reader<'a> {
    text: &'a str,
    file: &'a Path,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn pos(&self, span: &std::ops::Range<usize>) -> Position {
        Position::of_offset(self.text, span.start)
    }

    fn error(&mut self, span: &std::ops::Range<usize>, message: String, hint: &str) {
        let at = self.pos(span);
        self.diags
            .push(Diagnostic::error(self.file, Some(at), message).with_hint(hint));
    }

    fn warning(&mut self, span: &std::ops::Range<usize>, message: String, hint: &str) {
        let at = self.pos(span);
        self.diags
            .push(Diagnostic::warning(self.file, Some(at), message).with_hint(hint));
    }

    /// Warns about each key of `table` that is not in `known` (`path`: where the table is, for
    /// the message, e.g. `prompt.`).
    fn unknown_keys(&mut self, table: &DeTable, known: &[&str], path: &str, kind: &str) {
        for (k, _) in table.iter() {
            let name = k.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let near = crate::diag::did_you_mean(name, known.iter().copied());
            let hint = match near {
                Some(n) => format!("did you mean `{path}{n}`?"),
                None => format!(
                    "a {kind} question's `{path}` fields are {}",
                    known.join(", ")
                ),
            };
            self.warning(
                &k.span(),
                format!("`{path}{name}` is not an mdbook-quiz field: it is left out"),
                &hint,
            );
        }
    }

    /// `table[key]` as a string; a value of another type is an error.
    fn string(&mut self, table: &DeTable, key: &str, shown: &str) -> Option<String> {
        let v = table.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.error(
                    &v.span(),
                    format!("`{shown}` should be a string, found {}", other.type_str()),
                    "write it in quotes (\"…\", or \"\"\"…\"\"\" for several lines)",
                );
                None
            }
        }
    }

    /// `table[key]` as one string or a list of strings.
    fn strings(&mut self, table: &DeTable, key: &str, shown: &str) -> Option<Vec<String>> {
        let v = table.get(key)?;
        let list = match v.get_ref() {
            DeValue::String(s) => return Some(vec![s.to_string()]),
            DeValue::Array(items) => items,
            other => {
                self.error(
                    &v.span(),
                    format!(
                        "`{shown}` should be a list of strings, found {}",
                        other.type_str()
                    ),
                    "write it as [\"…\", \"…\"]",
                );
                return None;
            }
        };
        let mut out = Vec::new();
        for item in list {
            match item.get_ref() {
                DeValue::String(s) => out.push(s.to_string()),
                other => self.error(
                    &item.span(),
                    format!(
                        "items of `{shown}` should be strings, found {}",
                        other.type_str()
                    ),
                    "write each item in quotes",
                ),
            }
        }
        Some(out)
    }

    fn boolean(&mut self, table: &DeTable, key: &str, shown: &str) -> Option<bool> {
        let v = table.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error(
                    &v.span(),
                    format!(
                        "`{shown}` should be `true` or `false`, found {}",
                        other.type_str()
                    ),
                    "write true or false, without quotes",
                );
                None
            }
        }
    }

    fn number(&mut self, table: &DeTable, key: &str, shown: &str) -> Option<usize> {
        let v = table.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => {
                usize::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                &v.span(),
                format!("`{shown}` should be a whole number of 0 or more"),
                "write a number without quotes, e.g. 4",
            );
        }
        parsed
    }

    /// `table[key]` as a table (mdbook-quiz writes `prompt.prompt = …`, i.e. a `prompt` table).
    fn table<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
        at: &std::ops::Range<usize>,
        kind: &str,
    ) -> Option<&'t DeTable<'i>> {
        match table.get(key) {
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => Some(t),
                other => {
                    self.error(
                        &v.span(),
                        format!("`{key}` should be a table, found {}", other.type_str()),
                        &format!("write its fields as `{key}.name = …` (see mdbook-quiz's {kind} questions)"),
                    );
                    None
                }
            },
            None => {
                self.error(
                    at,
                    format!("this {kind} question has no `{key}`"),
                    &format!("add `{key}.…` fields (see mdbook-quiz's {kind} questions)"),
                );
                None
            }
        }
    }

    fn required(
        &mut self,
        value: Option<String>,
        at: &std::ops::Range<usize>,
        field: &str,
        kind: &str,
    ) -> Option<String> {
        if value.is_none() {
            self.error(
                at,
                format!("this {kind} question has no `{field}`"),
                &format!("add `{field} = \"…\"`"),
            );
        }
        value
    }
}

/// Reads a quiz file's text (`file`: its path as diagnostics name it). `None` when the file is
/// not TOML at all.
pub fn read_quiz(text: &str, file: &Path) -> (Option<Quiz>, Vec<Diagnostic>) {
    let text = &crate::diag::normalize_text(text);
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map(|s| Position::of_offset(text, s.start));
            let d = Diagnostic::error(
                file,
                at,
                format!("this quiz file is not valid TOML: {}", e.message()),
            )
            .with_hint("fix the TOML at the marked spot");
            return (None, vec![d]);
        }
    };
    let mut r = Reader {
        text,
        file,
        diags: Vec::new(),
    };
    let doc = doc.get_ref();
    r.unknown_keys(doc, &["questions", "multipart"], "", "quiz");
    let groups: Vec<(String, String)> = match doc.get("multipart").map(|v| (v, v.get_ref())) {
        Some((_, DeValue::Table(t))) => {
            let mut out = Vec::new();
            for (k, v) in t.iter() {
                if let Some(s) = r.string(t, k.get_ref(), &format!("multipart.{}", k.get_ref())) {
                    out.push((k.get_ref().to_string(), s));
                }
                let _ = v;
            }
            out
        }
        Some((v, _)) => {
            r.error(
                &v.span(),
                "`multipart` should be a table of contexts".into(),
                "write `multipart.NAME = \"…\"` for each group",
            );
            Vec::new()
        }
        None => Vec::new(),
    };
    let questions = match doc.get("questions").map(|v| (v, v.get_ref())) {
        Some((_, DeValue::Array(items))) => items.iter().collect::<Vec<_>>(),
        Some((v, _)) => {
            r.error(
                &v.span(),
                "`questions` should be a list of `[[questions]]` tables".into(),
                "start each question with a `[[questions]]` line",
            );
            return (None, r.diags);
        }
        None => Vec::new(),
    };
    if questions.is_empty() {
        r.diags.push(
            Diagnostic::warning(
                file,
                Some(Position::new(1, 1)),
                "this quiz file has no questions",
            )
            .with_hint(
                "add questions as `[[questions]]` tables, or remove the `{{#quiz}}` directive",
            ),
        );
    }
    // Where each `[[questions]]` header is: the tables' own spans may start at a dotted key.
    let headers: Vec<usize> = text
        .match_indices("[[questions]]")
        .map(|(i, _)| i)
        .collect();
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "quiz".into());
    let mut quiz = Quiz::default();
    let mut ids: Vec<String> = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let span = headers
            .get(i)
            .map_or_else(|| q.span(), |&h| h..h + "[[questions]]".len());
        let DeValue::Table(t) = q.get_ref() else {
            r.error(
                &span,
                format!("question {} is not a table", i + 1),
                "start each question with a `[[questions]]` line",
            );
            continue;
        };
        let Some(question) = read_question(&mut r, t, &span, &stem, i) else {
            continue;
        };
        let mut question = question;
        if ids.contains(&question.stable_id) {
            r.warning(
                &span,
                format!(
                    "question {} has the id `{}` of an earlier question",
                    i + 1,
                    question.stable_id
                ),
                "give each question its own `id`; this one is counted apart by its position",
            );
            question.stable_id = format!("{}-{}", question.stable_id, i + 1);
        }
        ids.push(question.stable_id.clone());
        let group = match t.get("multipart") {
            Some(v) => match v.get_ref().as_str() {
                Some(key) => match groups.iter().find(|(k, _)| k == key) {
                    Some(g) => Some(g.clone()),
                    None => {
                        r.error(
                            &v.span(),
                            format!("there is no `multipart.{key}` context in this quiz file"),
                            &format!("add `multipart.{key} = \"…\"` at the top of the file, or fix the name"),
                        );
                        None
                    }
                },
                None => {
                    r.error(
                        &v.span(),
                        "`multipart` should be a string".into(),
                        "write the group's name in quotes",
                    );
                    None
                }
            },
            None => None,
        };
        quiz.questions.push((question, group));
    }
    (Some(quiz), r.diags)
}

fn read_question(
    r: &mut Reader,
    t: &DeTable,
    span: &std::ops::Range<usize>,
    stem: &str,
    index: usize,
) -> Option<ImportedQuestion> {
    let kind = match t.get("type") {
        Some(v) => match v.get_ref().as_str() {
            Some(k) => (k.to_string(), v.span()),
            None => {
                r.error(
                    &v.span(),
                    "`type` should be a string".into(),
                    "write e.g. type = \"MultipleChoice\"",
                );
                return None;
            }
        },
        None => {
            r.error(
                span,
                format!("question {} has no `type`", index + 1),
                "add type = \"MultipleChoice\", \"ShortAnswer\" or \"Tracing\"",
            );
            return None;
        }
    };
    let (kind, kind_span) = kind;
    let (prompt_keys, answer_keys) = match kind.as_str() {
        "MultipleChoice" => (CHOICE_PROMPT, CHOICE_ANSWER),
        "ShortAnswer" => (SHORT_PROMPT, SHORT_ANSWER),
        "Tracing" => (TRACING_PROMPT, TRACING_ANSWER),
        other => {
            let hint = match crate::diag::did_you_mean(
                other,
                ["MultipleChoice", "ShortAnswer", "Tracing"],
            ) {
                Some(n) => format!("did you mean \"{n}\"?"),
                None => "mdbook-quiz's types are MultipleChoice, ShortAnswer and Tracing".into(),
            };
            r.error(
                &kind_span,
                format!(
                    "`{other}` is not an mdbook-quiz question type, so question {} is left out",
                    index + 1
                ),
                &hint,
            );
            return None;
        }
    };
    r.unknown_keys(t, COMMON, "", &kind);
    if let Some(v) = t.get("promptExplanation") {
        if v.get_ref().as_bool() == Some(true) {
            r.warning(
                &v.span(),
                "Lectern does not ask readers to justify their answer (`promptExplanation`): the question is shown without that box".into(),
                "mdbook-quiz sends those justifications to its telemetry; a static Lectern site collects nothing",
            );
        }
    }
    let prompt = r.table(t, "prompt", span, &kind)?;
    let answer = r.table(t, "answer", span, &kind)?;
    r.unknown_keys(prompt, prompt_keys, "prompt.", &kind);
    r.unknown_keys(answer, answer_keys, "answer.", &kind);
    let explanation = r.string(t, "context", "context").unwrap_or_default();
    let stable_id = match r.string(t, "id", "id") {
        Some(id) if !id.trim().is_empty() => id.trim().to_string(),
        _ => format!("{stem}-{}", index + 1),
    };
    let (prompt_text, answer) = match kind.as_str() {
        "MultipleChoice" => {
            let text = r.string(prompt, "prompt", "prompt.prompt");
            let text = r.required(text, span, "prompt.prompt", &kind)?;
            let distractors = r
                .strings(prompt, "distractors", "prompt.distractors")
                .unwrap_or_default();
            let rights = r.strings(answer, "answer", "answer.answer");
            let rights = match rights {
                Some(a) if !a.is_empty() => a,
                _ => {
                    r.error(
                        span,
                        "this MultipleChoice question has no `answer.answer`".into(),
                        "add answer.answer = \"…\" (or a list for several right answers)",
                    );
                    return None;
                }
            };
            let answer_index = r.number(prompt, "answerIndex", "prompt.answerIndex");
            let sort = r
                .boolean(prompt, "sortAnswers", "prompt.sortAnswers")
                .unwrap_or(false);
            let mut options: Vec<(String, bool)> = rights
                .into_iter()
                .map(|a| (a, true))
                .chain(distractors.into_iter().map(|d| (d, false)))
                .collect();
            let mut shuffle = true;
            if sort {
                options.sort_by(|a, b| a.0.cmp(&b.0));
                shuffle = false;
            } else if let Some(at) = answer_index {
                // mdbook-quiz puts the (first) answer at this position among the distractors.
                let first = options.remove(0);
                let at = at.min(options.len());
                options.insert(at, first);
                shuffle = false;
            }
            if options.len() < 2 {
                r.warning(
                    span,
                    "this MultipleChoice question has a single option".into(),
                    "add distractors under `prompt.distractors`",
                );
            }
            (text, ImportedAnswer::Choice { options, shuffle })
        }
        "ShortAnswer" => {
            let text = r.string(prompt, "prompt", "prompt.prompt");
            let text = r.required(text, span, "prompt.prompt", &kind)?;
            let right = r.string(answer, "answer", "answer.answer");
            let right = r.required(right, span, "answer.answer", &kind)?;
            let mut accepted = vec![right];
            accepted.extend(
                r.strings(answer, "alternatives", "answer.alternatives")
                    .unwrap_or_default(),
            );
            let multiline = match prompt.get("response") {
                Some(v) => match v.get_ref().as_str() {
                    Some("short") => false,
                    Some("long" | "code") => true,
                    _ => {
                        r.warning(
                            &v.span(),
                            "`prompt.response` should be \"short\", \"long\" or \"code\"".into(),
                            "the answer is asked in a one-line field",
                        );
                        false
                    }
                },
                None => false,
            };
            (
                text,
                ImportedAnswer::Short {
                    accepted,
                    multiline,
                },
            )
        }
        _ => {
            let program = r.string(prompt, "program", "prompt.program");
            let program = r.required(program, span, "prompt.program", &kind)?;
            let Some(compiles) = r.boolean(answer, "doesCompile", "answer.doesCompile") else {
                if answer.get("doesCompile").is_none() {
                    r.error(span, "this Tracing question has no `answer.doesCompile`".into(), "add answer.doesCompile = true (with answer.stdout) or false (with answer.lineNumber)");
                }
                return None;
            };
            let stdout = r.string(answer, "stdout", "answer.stdout");
            let error_line = r.number(answer, "lineNumber", "answer.lineNumber");
            if compiles && stdout.is_none() {
                r.warning(span, "this Tracing question compiles but has no `answer.stdout`".into(), "add answer.stdout = \"…\"; without it, the reader is asked only whether it compiles");
            }
            if !compiles && error_line.is_none() {
                r.warning(span, "this Tracing question does not compile but has no `answer.lineNumber`".into(), "add answer.lineNumber = N; without it, the reader is asked only whether it compiles");
            }
            let lines = program.lines().count();
            if let (Some(n), Some(v)) = (error_line, answer.get("lineNumber")) {
                if n == 0 || n > lines {
                    r.error(
                        &v.span(),
                        format!(
                            "`answer.lineNumber` is {n}, but the program has {lines} line{}",
                            if lines == 1 { "" } else { "s" }
                        ),
                        "give the number of the line the compiler reports, counting from 1",
                    );
                    return None;
                }
            }
            (
                TRACING_PROMPT_TEXT.to_string(),
                ImportedAnswer::Trace {
                    program,
                    language: "rust".into(),
                    compiles,
                    stdout: stdout.unwrap_or_default(),
                    error_line: if compiles { None } else { error_line },
                },
            )
        }
    };
    Some(ImportedQuestion {
        stable_id,
        file: r.file.to_path_buf(),
        at: r.pos(span),
        prompt: prompt_text,
        answer,
        explanation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(t: &str) -> (Vec<ImportedQuestion>, Vec<Diagnostic>) {
        let (q, d) = read_quiz(t, Path::new("q.toml"));
        (
            q.map(|q| q.questions.into_iter().map(|(q, _)| q).collect())
                .unwrap_or_default(),
            d,
        )
    }

    #[test]
    fn each_type_is_read() {
        let t = r#"[[questions]]
type = "MultipleChoice"
prompt.prompt = "Pick `a`"
prompt.distractors = ["b", "c"]
answer.answer = "a"
context = "why"
id = "mc-1"

[[questions]]
type = "ShortAnswer"
prompt.prompt = "Keyword?"
answer.answer = "mut"
answer.alternatives = ["MUT"]

[[questions]]
type = "Tracing"
prompt.program = "fn main() {\n  let x = 1;\n  x += 1;\n}"
answer.doesCompile = false
answer.lineNumber = 3
"#;
        let (qs, d) = read(t);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(qs.len(), 3);
        assert_eq!(qs[0].stable_id, "mc-1");
        assert_eq!(qs[1].stable_id, "q-2");
        assert!(
            matches!(&qs[0].answer, ImportedAnswer::Choice { options, shuffle: true } if options[0] == ("a".to_string(), true) && options.len() == 3)
        );
        assert!(
            matches!(&qs[1].answer, ImportedAnswer::Short { accepted, multiline: false } if accepted == &["mut", "MUT"])
        );
        assert!(matches!(
            &qs[2].answer,
            ImportedAnswer::Trace {
                compiles: false,
                error_line: Some(3),
                ..
            }
        ));
        assert_eq!(qs[2].at, Position::new(15, 1));
    }

    #[test]
    fn sort_answers_and_answer_index_fix_the_order() {
        let t = "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"p\"\nprompt.distractors = [\"c\", \"a\"]\nprompt.sortAnswers = true\nanswer.answer = \"b\"\n\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"p\"\nprompt.distractors = [\"x\", \"y\"]\nprompt.answerIndex = 1\nanswer.answer = \"r\"\n";
        let (qs, d) = read(t);
        assert!(d.is_empty(), "{d:?}");
        let order = |q: &ImportedQuestion| match &q.answer {
            ImportedAnswer::Choice { options, shuffle } => (
                options
                    .iter()
                    .map(|o| o.0.clone())
                    .collect::<Vec<_>>()
                    .join(""),
                *shuffle,
            ),
            _ => unreachable!(),
        };
        assert_eq!(order(&qs[0]), ("abc".into(), false));
        assert_eq!(order(&qs[1]), ("xry".into(), false));
    }

    #[test]
    fn problems_are_located_in_the_quiz_file() {
        let t = "[[questions]]\ntype = \"MultipleChoise\"\n\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"p\"\nanswer.answer = \"a\"\nanswer.alternative = [\"b\"]\npromptExplanation = true\n\n[[questions]]\ntype = \"Tracing\"\nprompt.program = \"x\"\nanswer.doesCompile = false\nanswer.lineNumber = 9\n";
        let (qs, d) = read(t);
        assert_eq!(qs.len(), 1);
        let shown: Vec<String> = d
            .iter()
            .map(|d| format!("{} {}", d.location(), d.is_error()))
            .collect();
        assert_eq!(
            shown,
            [
                "q.toml:2:8 true",
                "q.toml:9:21 false",
                "q.toml:8:8 false",
                "q.toml:15:21 true"
            ],
            "{d:?}"
        );
    }

    #[test]
    fn multipart_questions_carry_their_context() {
        let t = "multipart.a = \"Shared *context*\"\n\n[[questions]]\ntype = \"ShortAnswer\"\nmultipart = \"a\"\nprompt.prompt = \"p\"\nanswer.answer = \"x\"\n\n[[questions]]\ntype = \"ShortAnswer\"\nmultipart = \"b\"\nprompt.prompt = \"p\"\nanswer.answer = \"x\"\n";
        let (q, d) = read_quiz(t, Path::new("q.toml"));
        let q = q.unwrap();
        assert_eq!(q.questions[0].1.as_ref().unwrap().1, "Shared *context*");
        assert!(q.questions[1].1.is_none());
        assert_eq!(d.len(), 1);
        assert!(d[0].is_error() && d[0].location() == "q.toml:11:13");
    }

    #[test]
    fn bad_toml_is_a_located_error() {
        let (q, d) = read_quiz("[[questions]\n", Path::new("q.toml"));
        assert!(q.is_none() && d[0].is_error());
    }
}
