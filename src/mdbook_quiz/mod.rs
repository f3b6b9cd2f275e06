//! mdbook-quiz quizzes (`{{#quiz path.toml}}`, TOML questions) read as Lectern questions.
//!
//! The directive stage finds `{{#quiz …}}` and hands it here; this module reads the TOML and
//! returns the Markdown that takes the directive's place.

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
    let d = Diagnostic::warning(
        directive.at_file,
        Some(directive.at),
        format!(
            "mdbook-quiz quizzes are not shown yet; `{}` is left out of the page",
            directive.written
        ),
    )
    .with_hint("Lectern cannot read mdbook-quiz files yet; keep the directive for when it can, or write the questions as a ```self-check block");
    (None, vec![d])
}
