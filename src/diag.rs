//! Diagnostics: every problem Lectern finds in a book is a [`Diagnostic`] that names the file,
//! line and column, says what is wrong and, where it can, what to do about it.
//!
//! Stages collect diagnostics instead of stopping at the first one, so an author sees every
//! mistake of a build in one run.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based line and column in a source file. Column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }

    /// The position of byte offset `offset` in `text`.
    ///
    /// This scans `text` up to `offset`: to locate many offsets in one large text, build a
    /// [`LineIndex`] once instead.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text.as_bytes()[..offset];
        // Counting bytes (not `matches('\n')`) lets the compiler vectorise the loop.
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Position { line, column }
    }

    /// This position moved down by `lines` lines (for text embedded in a larger file, such as
    /// front matter or a fenced block inside Markdown).
    pub fn shifted(self, lines: usize, columns_on_first_line: usize) -> Self {
        Position {
            line: self.line + lines,
            column: if self.line == 1 {
                self.column + columns_on_first_line
            } else {
                self.column
            },
        }
    }
}

/// The start of every line of a text, to turn many byte offsets into positions in
/// O(log lines) each rather than a scan from the start each time.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// The same as [`Position::of_offset`] on the indexed text.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        Position { line, column }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the book's root where possible.
    pub file: PathBuf,
    /// Where in the file; `None` when the problem is about the file as a whole.
    pub position: Option<Position>,
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<PathBuf>,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        file: impl Into<PathBuf>,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` (or just `file`).
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.column),
            None => self.file.display().to_string(),
        }
    }

    /// A rustc-style report: the message, the location, the offending source line with a caret,
    /// and the hint. `source` is the full text of `self.file` when it could be read.
    pub fn render(&self, source: Option<&str>) -> String {
        self.render_with(source, Renderer::plain())
    }

    /// [`Diagnostic::render`] in rustc's colours (ANSI escapes), for a terminal. Written
    /// through `anstream`, the escapes are dropped where colour is off, leaving the plain text.
    pub fn render_styled(&self, source: Option<&str>) -> String {
        self.render_with(source, Renderer::styled())
    }

    fn render_with(&self, source: Option<&str>, renderer: Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.display().to_string();
        let snippet_text;
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        match (self.position, source) {
            (Some(pos), Some(source)) if pos.line <= source.lines().count().max(1) => {
                // Show only the offending line: it keeps reports short and sidesteps
                // problems with very long files.
                snippet_text = source.lines().nth(pos.line - 1).unwrap_or("").to_string();
                let start = snippet_text
                    .char_indices()
                    .nth(pos.column - 1)
                    .map_or(snippet_text.len(), |(i, _)| i);
                let end = snippet_text[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                group = group.element(
                    Snippet::source(snippet_text.as_str())
                        .line_start(pos.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                );
            }
            _ => {
                group = group.element(
                    annotate_snippets::Origin::path(path.as_str())
                        .line(self.position.map_or(1, |p| p.line)),
                );
            }
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        renderer.render(&[group]).to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file and position so reports read top to bottom whatever order the
    /// (parallel) stages found them in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
        });
        self.items.dedup();
    }

    /// Renders every diagnostic with its source line, reading each file from `root`.
    pub fn render_all(&self, root: &Path) -> String {
        self.render_all_with(root, false)
    }

    /// [`Diagnostics::render_all`] in colour: see [`Diagnostic::render_styled`].
    pub fn render_all_styled(&self, root: &Path) -> String {
        self.render_all_with(root, true)
    }

    fn render_all_with(&self, root: &Path, styled: bool) -> String {
        let mut out = String::new();
        for d in &self.items {
            // Positions count lines as the content stage reads them: BOM dropped, CRLF and
            // lone CR as line breaks.
            let source = std::fs::read(root.join(&d.file))
                .ok()
                .map(|b| normalize_text(&String::from_utf8_lossy(&b)).into_owned());
            out.push_str(&if styled {
                d.render_styled(source.as_deref())
            } else {
                d.render(source.as_deref())
            });
            out.push_str("\n\n");
        }
        out
    }
}

/// The text as Lectern reads every source file: a leading BOM dropped and CRLF and lone CR line
/// endings turned into LF, so that positions are the same whatever the author's editor.
pub fn normalize_text(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// The closest candidate to `word` among `candidates`, if one is close enough to be a likely
/// misspelling. Used for "did you mean …?" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        // Ties go to the first name in sorted order, so the hint does not depend on the
        // order the candidates come in (often a hash set's).
        if score > 0.8 && best.is_none_or(|(b, s)| score > s || (score == s && c < b)) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_breaks_ties_by_name() {
        assert_eq!(did_you_mean("ch0.md", ["ch2.md", "ch1.md"]), Some("ch1.md"));
        assert_eq!(did_you_mean("ch0.md", ["ch1.md", "ch2.md"]), Some("ch1.md"));
        assert_eq!(did_you_mean("ch0.md", ["zzz"]), None);
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "ab\ncé\n\nxyz";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.position(offset),
                Position::of_offset(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 3), Position::new(2, 1));
        // `é` is two bytes and one column; an offset inside it rounds down.
        assert_eq!(Position::of_offset(text, 6), Position::new(2, 3));
        assert_eq!(Position::of_offset(text, 5), Position::new(2, 2));
        assert_eq!(Position::of_offset(text, 8), Position::new(4, 1));
        assert_eq!(Position::of_offset(text, 99), Position::new(4, 4));
    }

    #[test]
    fn the_coloured_report_is_the_plain_one_with_escapes() {
        let source = "title: x\nobjectives: [a, b]\n";
        for d in [
            Diagnostic::error("a.yaml", Some(Position::new(2, 3)), "boom").with_hint("do this"),
            Diagnostic::warning("a.yaml", None, "hm"),
        ] {
            let styled = d.render_styled(Some(source));
            assert!(styled.contains("\x1b["), "{styled:?}");
            assert_eq!(
                anstream::adapter::strip_str(&styled).to_string(),
                d.render(Some(source))
            );
        }
    }

    #[test]
    fn a_position_past_the_source_renders_without_a_snippet() {
        let d = Diagnostic::error("a.md", Some(Position::new(9, 3)), "boom").with_hint("h");
        let out = d.render(Some("one line\n"));
        assert!(out.contains("a.md:9"), "{out}");
        // A column past the end of its line puts the caret at the end of the line.
        let d = Diagnostic::error("a.md", Some(Position::new(1, 40)), "boom");
        let out = d.render(Some("short\n"));
        assert!(out.contains("a.md:1:6") && out.contains("short"), "{out}");
    }
}

/// Where each line of a text put together from several files came from (a chapter with
/// `{{#include}}`d parts), so that what is found in the text is reported in the file and at
/// the line the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceMap {
    /// One entry per line of the text.
    pub lines: Vec<LineOrigin>,
}

/// The origin of one line of a [`SourceMap`]'s text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOrigin {
    /// The file, relative to the book's root where possible.
    pub file: std::sync::Arc<Path>,
    /// The 1-based line in that file.
    pub line: usize,
    /// Characters put before the line's text (an include's indentation).
    pub column_shift: usize,
}

impl SourceMap {
    /// Where `position` in `file` came from, when `file` is the mapped text's file and its
    /// lines are counted from line `first_line + 1` of the file.
    pub fn locate(
        &self,
        file: &Path,
        first_line: usize,
        reported_in: &Path,
        position: Position,
    ) -> Option<(PathBuf, Position)> {
        if reported_in != file {
            return None;
        }
        let origin = self.lines.get(position.line.checked_sub(first_line + 1)?)?;
        let column = position.column.saturating_sub(origin.column_shift);
        Some((
            origin.file.to_path_buf(),
            Position::new(origin.line, column),
        ))
    }

    /// Moves `d`, reported at a line of the mapped text, to where that line came from.
    pub fn relocate(&self, file: &Path, first_line: usize, d: &mut Diagnostic) {
        if let Some((f, p)) = d
            .position
            .and_then(|p| self.locate(file, first_line, &d.file, p))
        {
            d.file = f;
            d.position = Some(p);
        }
    }
}
