//! Questions that come from another tool's files rather than Lectern's own: today the
//! mdbook-quiz TOML a `{{#quiz …}}` directive names. The directive stage reads and checks them
//! and leaves them here as plain data; the renderer shows them with Lectern's widgets.

use std::path::PathBuf;

use crate::diag::Position;

/// One question of a quiz file, already checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedQuestion {
    /// A stable id (mdbook-quiz's `id`, or the quiz file's name and the question's number),
    /// so a reader's answer survives questions being added or moved.
    pub stable_id: String,
    /// The quiz file, relative to the book root, and where the question starts in it: where
    /// problems found while rendering it are reported.
    pub file: PathBuf,
    pub at: Position,
    /// The question (Markdown).
    pub prompt: String,
    pub answer: ImportedAnswer,
    /// Why the answer is right (Markdown), shown after checking.
    pub explanation: String,
}

/// How an imported question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportedAnswer {
    /// Choose one or several options (Markdown each, with whether it is right).
    Choice {
        options: Vec<(String, bool)>,
        /// Shown in a random order per reader; otherwise as listed.
        shuffle: bool,
    },
    /// Type the answer; any of `accepted` is right (compared ignoring case and spacing).
    Short {
        accepted: Vec<String>,
        /// A long answer or code: a multi-line field.
        multiline: bool,
    },
    /// Read a program and say whether it compiles, and what it prints or where it fails.
    Trace {
        program: String,
        /// The fenced-code language of `program`.
        language: String,
        compiles: bool,
        /// What it prints, when it compiles.
        stdout: String,
        /// The line of the error, when it does not.
        error_line: Option<usize>,
    },
}

/// The fenced-code language of the placeholder block the directive stage leaves where an
/// imported question goes; the block holds the question's index in
/// [`crate::content::Expansion::questions`].
pub const PLACEHOLDER_LANG: &str = "lectern-imported-question";
