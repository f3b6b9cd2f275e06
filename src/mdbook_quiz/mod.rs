//! mdbook-quiz quizzes (`{{#quiz path.toml}}`, TOML questions) read as Lectern questions.
//!
//! The directive stage finds `{{#quiz …}}` and hands it here. This module reads and checks the
//! TOML (every problem located in the quiz file), turns each question into plain data
//! ([`ImportedQuestion`]) and returns the Markdown that takes the directive's place: a
//! placeholder block per question, which the renderer replaces with Lectern's own widget, and
//! the shared context of multi-part questions as prose.
//!
//! The format is mdbook-quiz's: `[[questions]]` tables with `type` MultipleChoice, ShortAnswer
//! or Tracing, `prompt.*`, `answer.*`, `context`, `id`, `multipart`; camelCase keys.
//!
//! [`yaml`] converts a quiz file into Lectern's own questions YAML (`lectern import-quiz`).

mod read;
pub mod yaml;

use std::path::Path;

use crate::content::imported::{ImportedQuestion, PLACEHOLDER_LANG};
use crate::diag::{Diagnostic, Position};

pub use read::{read_quiz, Quiz};

/// One `{{#quiz PATH}}` as the directive stage found it.
#[derive(Debug, Clone, Copy)]
pub struct QuizDirective<'a> {
    /// The path as the author wrote it in the directive.
    pub written: &'a str,
    /// The quiz file on disk (resolved against the folder of the file holding the directive).
    pub path: &'a Path,
    /// The quiz file as diagnostics name it (relative to the book root).
    pub shown: &'a Path,
    /// The file holding the directive (relative to the book root) and where the directive is.
    pub at_file: &'a Path,
    pub at: Position,
    /// How many imported questions the chapter has before this directive's.
    pub first_index: usize,
}

/// What a quiz file becomes on the page.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// The Markdown to put where the directive was.
    pub markdown: String,
    /// The questions its placeholders stand for, in order.
    pub questions: Vec<ImportedQuestion>,
}

/// Reads the directive's quiz file. `None` when it cannot be shown at all (it was reported).
pub fn expand(directive: &QuizDirective) -> (Option<Expanded>, Vec<Diagnostic>) {
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
    let (quiz, diags) = read_quiz(&text, directive.shown);
    let Some(quiz) = quiz else {
        return (None, diags);
    };
    let mut out = Expanded::default();
    let mut contexts_shown: Vec<String> = Vec::new();
    for (i, (question, group)) in quiz.questions.into_iter().enumerate() {
        if let Some((key, context)) = &group {
            if !contexts_shown.contains(key) {
                contexts_shown.push(key.clone());
                out.markdown
                    .push_str(&format!("\n{}\n", context.trim_end()));
            }
        }
        out.markdown.push_str(&format!(
            "\n```{PLACEHOLDER_LANG}\n{}\n```\n",
            directive.first_index + i
        ));
        out.questions.push(question);
    }
    (Some(out), diags)
}
