//! mdbook-quiz quizzes (`{{#quiz path.toml}}`, TOML questions) read as Lectern questions.
//!
//! The directive stage finds `{{#quiz …}}` and hands it here; this module reads the TOML and
//! returns the Markdown that takes the directive's place. MultipleChoice questions become
//! ```` ```self-check ```` blocks (so they sit at the directive's spot and count like any
//! self-check); question types Lectern cannot show yet are located warnings in the quiz file.

use std::path::Path;

use crate::diag::{Diagnostic, Position};

/// One `{{#quiz PATH}}` as the directive stage found it.
#[derive(Debug, Clone, Copy)]
pub struct QuizDirective<'a> {
    /// The chapter's id (e.g. `ch01/intro`), to give its questions ids unique in the book.
    pub chapter_id: &'a str,
    /// The path as the author wrote it in the directive.
    pub written: &'a str,
    /// The quiz file on disk (resolved against the folder of the file holding the directive).
    pub path: &'a Path,
    /// The quiz file as diagnostics name it (relative to the book root).
    pub shown: &'a Path,
    /// The file holding the directive (relative to the book root) and where the directive is.
    pub at_file: &'a Path,
    pub at: Position,
}

/// The Markdown to put where the directive was (`None` when the quiz cannot be shown), and
/// what went wrong or is left out.
pub fn expand(directive: &QuizDirective) -> (Option<String>, Vec<Diagnostic>) {
    let text = match std::fs::read_to_string(directive.path) {
        Ok(t) => t,
        Err(e) => {
            let d = Diagnostic::error(
                directive.at_file,
                Some(directive.at),
                format!("cannot read the quiz file `{}`: {e}", directive.written),
            )
            .with_hint("check the path; it is relative to the file holding the directive");
            return (None, vec![d]);
        }
    };
    convert(&text, directive.shown)
}

/// The self-check Markdown for a quiz file's text, and its diagnostics (located in `shown`).
pub fn convert(text: &str, shown: &Path) -> (Option<String>, Vec<Diagnostic>) {
    let quiz: toml::Table = match toml::from_str(text) {
        Ok(q) => q,
        Err(e) => {
            let at = e.span().map(|s| Position::of_offset(text, s.start));
            let d = Diagnostic::error(
                shown,
                at,
                format!("this quiz file is not valid TOML: {}", e.message()),
            )
            .with_hint("fix the TOML at the marked spot");
            return (None, vec![d]);
        }
    };
    let mut diags = Vec::new();
    let starts: Vec<usize> = text
        .match_indices("[[questions]]")
        .map(|(i, _)| i)
        .collect();
    let mut out = String::new();
    let questions = quiz
        .get("questions")
        .and_then(|q| q.as_array())
        .cloned()
        .unwrap_or_default();
    for (i, q) in questions.iter().enumerate() {
        let at = starts.get(i).map(|&o| Position::of_offset(text, o));
        let kind = q.get("type").and_then(|t| t.as_str()).unwrap_or("");
        match kind {
            "MultipleChoice" => out.push_str(&multiple_choice(q)),
            other => diags.push(
                Diagnostic::warning(
                    shown,
                    at,
                    format!("quiz question {} of type `{other}` is not shown yet and is left out of the page", i + 1),
                )
                .with_hint("Lectern shows MultipleChoice questions for now"),
            ),
        }
    }
    (Some(out), diags)
}

fn as_list(v: Option<&toml::Value>) -> Vec<String> {
    match v {
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// One MultipleChoice question as a self-check block (YAML strings written as JSON, which YAML
/// reads unchanged, so any Markdown or code in them survives).
fn multiple_choice(q: &toml::Value) -> String {
    let prompt = q.get("prompt");
    let answer = q.get("answer");
    let text = prompt
        .and_then(|p| p.get("prompt"))
        .and_then(|p| p.as_str())
        .unwrap_or("");
    let rights = as_list(answer.and_then(|a| a.get("answer")));
    let wrongs = as_list(prompt.and_then(|p| p.get("distractors")));
    let context = q.get("context").and_then(|c| c.as_str()).unwrap_or("");
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut y = format!(
        "\n```self-check\nprompt: {}\ntype: {}\noptions:\n",
        quote(text),
        if rights.len() == 1 {
            "single"
        } else {
            "multiple"
        }
    );
    for r in &rights {
        y.push_str(&format!("  - text: {}\n    correct: true\n", quote(r)));
    }
    for w in &wrongs {
        y.push_str(&format!("  - text: {}\n", quote(w)));
    }
    y.push_str(&format!(
        "explanation: {}\nshuffle: true\n```\n",
        quote(context)
    ));
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiple_choice_becomes_a_self_check() {
        let t = "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Pick `a`\"\nprompt.distractors = [\"b\"]\nanswer.answer = \"a\"\ncontext = \"why\"\n";
        let (md, d) = convert(t, Path::new("q.toml"));
        let md = md.unwrap();
        assert!(d.is_empty());
        assert!(md.contains("```self-check") && md.contains("\"a\"\n    correct: true"));
    }

    #[test]
    fn other_types_are_located_warnings() {
        let t = "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"p\"\nanswer.answer = \"a\"\n\n[[questions]]\ntype = \"Tracing\"\n";
        let (_, d) = convert(t, Path::new("q.toml"));
        assert_eq!(d.len(), 1);
        assert!(d[0].location().contains(":6:"), "{}", d[0].location());
    }

    #[test]
    fn bad_toml_is_a_located_error() {
        let (md, d) = convert("[[questions]\n", Path::new("q.toml"));
        assert!(md.is_none() && d[0].is_error());
    }
}
