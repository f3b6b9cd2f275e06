//! The directive stage, between `content` and `render`: mdBook's `{{#include}}`,
//! `{{#rustdoc_include}}`, `{{#playground}}` and `{{#title}}`, and mdbook-quiz's `{{#quiz}}`,
//! expanded in each chapter's Markdown (and in the files it includes) before it is rendered.
//!
//! Plain data in, plain data out: a loaded [`Book`] comes back with each chapter's body
//! expanded, a map from each line of the new body to the file and line it came from (so that
//! later stages report problems where the author wrote them), the files the chapter read
//! (`serve` watches them) and its `{{#title}}`.

pub mod lines;
mod scan;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{Book, Chapter};
use crate::diag::{Diagnostic, LineOrigin, Position, SourceMap};
use lines::Selection;

/// How deep includes may nest: deeper is taken for a cycle the path check did not catch
/// (the same file reached through different links), as mdBook does.
const MAX_DEPTH: usize = 10;

/// Expands every chapter of `book`; returns the diagnostics.
pub fn expand_book(book: &mut Book) -> Vec<Diagnostic> {
    let root = book.config.root.clone();
    let src_dir = book.config.src_dir.clone();
    // A translation's untranslated chapters are the book's own files, in its content folder.
    let source_dir = book
        .config
        .translation
        .as_ref()
        .map_or_else(|| src_dir.clone(), |t| t.source_src.clone());
    book.chapters
        .par_iter_mut()
        .flat_map_iter(|c| {
            let dir = if c.untranslated {
                &source_dir
            } else {
                &src_dir
            };
            expand_chapter(c, &root, dir)
        })
        .collect()
}

/// Expands every chapter of a book just loaded, adding the diagnostics to the loader's, and
/// returns every file the chapters read (sorted). A Markdown file a chapter includes is a part
/// of that chapter, not a chapter left out of SUMMARY.md: the loader's warning for it goes.
pub fn expand_loaded(book: &mut Book, diags: &mut crate::diag::Diagnostics) -> Vec<PathBuf> {
    diags.extend(expand_book(book));
    let mut included: Vec<PathBuf> = book
        .chapters
        .iter()
        .flat_map(|c| c.expansion.inputs.iter().cloned())
        .collect();
    included.sort();
    included.dedup();
    if !included.is_empty() {
        let root =
            std::path::absolute(&book.config.root).unwrap_or_else(|_| book.config.root.clone());
        diags.items.retain(|d| {
            d.message != crate::content::NOT_LISTED
                || included.binary_search(&root.join(&d.file)).is_err()
        });
    }
    included
}

/// Expands one chapter in place; returns its diagnostics.
pub fn expand_chapter(c: &mut Chapter, root: &Path, src_dir: &Path) -> Vec<Diagnostic> {
    if scan::find(&c.body).is_empty() {
        return Vec::new();
    }
    let dir = src_dir
        .join(&c.id)
        .parent()
        .map_or_else(|| src_dir.to_path_buf(), Path::to_path_buf);
    let file: Arc<Path> = Arc::from(c.file.as_path());
    let mut ex = Expander {
        root,
        inputs: Vec::new(),
        title: None,
        questions: Vec::new(),
        diags: Vec::new(),
    };
    let source = Source {
        text: &c.body,
        file,
        dir,
        lines: LineNumbers::From(c.body_line_offset + 1),
    };
    let mut stack = vec![lexical(&src_dir.join(format!("{}.md", c.id)))];
    let (body, origins) = ex.expand(&source, &mut stack);
    c.body = body.into();
    c.expansion.source_map = Some(Arc::new(SourceMap { lines: origins }));
    ex.inputs.sort();
    ex.inputs.dedup();
    c.expansion.inputs = ex.inputs;
    c.expansion.title = ex.title;
    c.expansion.questions = ex.questions;
    ex.diags
}

/// A text to expand: a chapter's body or the lines taken from an included file.
struct Source<'t> {
    text: &'t str,
    /// The file it is from, as diagnostics name it.
    file: Arc<Path>,
    /// The folder its relative paths start from.
    dir: PathBuf,
    lines: LineNumbers,
}

/// The line number in [`Source::file`] of each line of [`Source::text`].
enum LineNumbers {
    /// Consecutive, starting at this one.
    From(usize),
    /// One per line (lines picked from a file by range or anchor).
    Each(Vec<usize>),
}

impl Source<'_> {
    fn line(&self, index: usize) -> usize {
        match &self.lines {
            LineNumbers::From(first) => first + index,
            LineNumbers::Each(each) => each.get(index).or(each.last()).copied().unwrap_or(1),
        }
    }

    fn origin(&self, index: usize) -> LineOrigin {
        LineOrigin {
            file: self.file.clone(),
            line: self.line(index),
            column_shift: 0,
        }
    }

    /// Where byte `offset` is, in the source file.
    fn position(&self, offset: usize) -> Position {
        let p = Position::of_offset(self.text, offset);
        Position::new(self.line(p.line - 1), p.column)
    }
}

struct Expander<'a> {
    root: &'a Path,
    inputs: Vec<PathBuf>,
    title: Option<String>,
    /// The questions `{{#quiz}}` brought in so far.
    questions: Vec<crate::content::imported::ImportedQuestion>,
    diags: Vec<Diagnostic>,
}

/// An expanded text and the origin of each of its lines.
type Expanded = (String, Vec<LineOrigin>);

impl Expander<'_> {
    /// Expands `src`; `stack` holds the files being expanded (to catch include cycles).
    fn expand(&mut self, src: &Source, stack: &mut Vec<PathBuf>) -> Expanded {
        let mut out = String::with_capacity(src.text.len());
        let mut origins = vec![src.origin(0)];
        let mut line = 0;
        let mut copied = 0;
        for found in scan::find(src.text) {
            copy(
                src,
                &src.text[copied..found.start],
                &mut line,
                &mut out,
                &mut origins,
            );
            let at = src.position(found.start);
            let replacement = match found.kind {
                scan::FoundKind::Escaped(text) => Some((text.to_string(), vec![src.origin(line)])),
                scan::FoundKind::Directive { name, args } => {
                    self.directive(src, name, args, at, stack)
                }
            };
            match replacement {
                Some((text, inserted)) => {
                    splice(&text, &inserted, &mut out, &mut origins);
                    // Lines the directive itself spans (arguments written over several lines).
                    line += src.text[found.start..found.end].matches('\n').count();
                }
                None => copy(
                    src,
                    &src.text[found.start..found.end],
                    &mut line,
                    &mut out,
                    &mut origins,
                ),
            }
            copied = found.end;
        }
        copy(src, &src.text[copied..], &mut line, &mut out, &mut origins);
        (out, origins)
    }

    /// The text a directive stands for, or `None` to leave it as written (it was reported).
    fn directive(
        &mut self,
        src: &Source,
        name: &str,
        args: &str,
        at: Position,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Expanded> {
        let mut words = args.split_whitespace();
        let target = words.next().unwrap_or("");
        if args.is_empty() {
            // mdBook leaves `{{#include}}` with nothing after it as written: its own guide
            // writes it in prose, as it writes `{{#toc}}` (a Handlebars block) in theme docs.
            return None;
        }
        match name {
            "include" | "rustdoc_include" => {
                let (path, spec) = match target.split_once(':') {
                    Some((p, s)) => (p, Some(s)),
                    None => (target, None),
                };
                let selection = Selection::parse(spec);
                let file = self.read(src, name, path, at)?;
                let picked: Vec<(String, usize)> = if name == "include" {
                    self.lines(src, at, &file, &selection, spec)?
                        .into_iter()
                        .map(|(l, n)| (l.to_string(), n))
                        .collect()
                } else {
                    let all = lines::choose_with_hidden(&file.text, &selection);
                    let Some(all) = all else {
                        self.unknown_anchor(src, at, &file, &selection);
                        return None;
                    };
                    all.into_iter()
                        .map(|(hidden, l, n)| {
                            (
                                if hidden {
                                    format!("# {l}")
                                } else {
                                    l.to_string()
                                },
                                n,
                            )
                        })
                        .collect()
                };
                self.nested(src, at, &file, picked, stack)
            }
            "playground" | "playpen" => {
                if name == "playpen" {
                    self.diags.push(
                        Diagnostic::warning(
                            &*src.file,
                            Some(at),
                            "`{{#playpen}}` is the old name of `{{#playground}}`",
                        )
                        .with_hint(
                            "write `{{#playground …}}`: both work, the old name may not for ever",
                        ),
                    );
                }
                let file = self.read(src, name, target, at)?;
                let attributes: Vec<&str> = words.collect();
                let info = if attributes.is_empty() {
                    "rust".to_string()
                } else {
                    format!("rust,{}", attributes.join(","))
                };
                let mut picked = vec![(format!("```{info}"), 1)];
                picked.extend(
                    file.text
                        .lines()
                        .enumerate()
                        .map(|(i, l)| (l.to_string(), i + 1)),
                );
                picked.push(("```".to_string(), file.text.lines().count().max(1)));
                self.nested(src, at, &file, picked, stack)
            }
            "title" => {
                self.title = Some(args.to_string());
                Some((String::new(), Vec::new()))
            }
            "quiz" => {
                let file = self.locate(src, target);
                self.inputs.push(file.absolute.clone());
                let (quiz, diags) =
                    crate::mdbook_quiz::expand(&crate::mdbook_quiz::QuizDirective {
                        written: target,
                        path: &file.absolute,
                        shown: &file.shown,
                        at_file: &src.file,
                        at,
                        first_index: self.questions.len(),
                    });
                self.diags.extend(diags);
                let quiz = quiz?;
                self.questions.extend(quiz.questions);
                // The placeholders and contexts are reported at the directive, should
                // anything in them go wrong while rendering.
                let origin = LineOrigin {
                    file: src.file.clone(),
                    line: at.line,
                    column_shift: 0,
                };
                let origins = vec![origin; quiz.markdown.lines().count().max(1)];
                Some((quiz.markdown, origins))
            }
            _ => {
                self.diags.push(
                    Diagnostic::warning(
                        &*src.file,
                        Some(at),
                        format!("`{{{{#{name} …}}}}` is not a directive Lectern knows, so it is shown as written"),
                    )
                    .with_hint("Lectern expands {{#include}}, {{#rustdoc_include}}, {{#playground}}, {{#title}} and {{#quiz}}; to show the text without this warning, write a backslash before it: `\\{{#…}}`"),
                );
                None
            }
        }
    }

    /// Expands the lines picked from `file` in their turn (they may hold directives).
    fn nested(
        &mut self,
        src: &Source,
        at: Position,
        file: &Included,
        picked: Vec<(String, usize)>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Expanded> {
        if let Some(first) = stack.iter().position(|p| *p == file.absolute) {
            let chain: Vec<String> = stack[first..]
                .iter()
                .chain(std::iter::once(&file.absolute))
                .map(|p| shown_path(self.root, p).display().to_string())
                .collect();
            self.diags.push(
                Diagnostic::warning(&*src.file, Some(at), format!("this include makes a cycle ({}), so it is left out", chain.join(" → ")))
                    .with_hint("a file cannot include itself, directly or through other files; include a part of it (`file:anchor`) that holds no include, or split the file"),
            );
            // mdBook builds such a book (repeating the text until its depth limit), so it is
            // no error here either; the page shows the text once.
            return Some((String::new(), Vec::new()));
        }
        if stack.len() > MAX_DEPTH {
            self.diags.push(
                Diagnostic::error(
                    &*src.file,
                    Some(at),
                    format!("includes nest more than {MAX_DEPTH} deep here"),
                )
                .with_hint("flatten the chain of included files"),
            );
            return None;
        }
        let text = picked
            .iter()
            .map(|(l, _)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let nested = Source {
            text: &text,
            file: Arc::from(file.shown.as_path()),
            dir: file
                .absolute
                .parent()
                .map_or_else(|| src.dir.clone(), Path::to_path_buf),
            lines: LineNumbers::Each(picked.iter().map(|(_, n)| *n).collect()),
        };
        stack.push(file.absolute.clone());
        let expanded = self.expand(&nested, stack);
        stack.pop();
        Some(expanded)
    }

    /// Where `path` (as written in a directive of `src`) is.
    fn locate(&self, src: &Source, path: &str) -> Included {
        let absolute = lexical(&src.dir.join(path));
        Included {
            shown: shown_path(self.root, &absolute),
            absolute,
            text: String::new(),
        }
    }

    /// Reads the file a directive names; reports it at the directive when it cannot.
    fn read(&mut self, src: &Source, name: &str, path: &str, at: Position) -> Option<Included> {
        let mut file = self.locate(src, path);
        self.inputs.push(file.absolute.clone());
        if path.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    &*src.file,
                    Some(at),
                    format!("`{{{{#{name}}}}}` names no file"),
                )
                .with_hint(format!(
                    "write the path of the file after it: `{{{{#{name} path/to/file.rs}}}}`"
                )),
            );
            return None;
        }
        if !file.absolute.is_file() {
            let what = if file.absolute.exists() {
                "is not a file"
            } else {
                "does not exist"
            };
            self.diags.push(
                Diagnostic::error(
                    &*src.file,
                    Some(at),
                    format!(
                        "the file `{path}` {what} (looked for `{}`)",
                        file.shown.display()
                    ),
                )
                .with_hint(format!(
                    "paths are relative to the folder of the file holding the directive, `{}`",
                    shown_path(self.root, &src.dir).display()
                )),
            );
            return None;
        }
        match crate::content::read_text(&file.absolute, &file.shown) {
            Ok(text) => {
                file.text = text;
                Some(file)
            }
            Err(d) => {
                let message = format!("cannot include `{path}`: {}", d.message);
                let mut located = Diagnostic::error(&*src.file, Some(at), message);
                located.hint = d.hint;
                self.diags.push(located);
                None
            }
        }
    }

    /// The lines `selection` picks from `file`, with a word when that is none at all.
    fn lines<'f>(
        &mut self,
        src: &Source,
        at: Position,
        file: &'f Included,
        selection: &Selection,
        spec: Option<&str>,
    ) -> Option<Vec<lines::Chosen<'f>>> {
        let Some(picked) = lines::choose(&file.text, selection) else {
            self.unknown_anchor(src, at, file, selection);
            return None;
        };
        if let (Selection::Lines { from, to }, Some(spec)) = (selection, spec) {
            let count = file.text.lines().count();
            let why = match to {
                Some(to) if to <= from => Some(format!("the range `{spec}` ends before it starts")),
                _ if *from >= count => Some(format!(
                    "`{}` has {count} lines, so line {} is past its end",
                    file.shown.display(),
                    from + 1
                )),
                _ => None,
            };
            if let Some(why) = why {
                self.diags.push(
                    Diagnostic::warning(&*src.file, Some(at), format!("{why}; nothing is included"))
                        .with_hint("ranges are `file:N` (line N), `file:N:M` (lines N to M), `file:N:` (from N) and `file::M` (up to M), counting from 1"),
                );
            }
        }
        Some(picked)
    }

    fn unknown_anchor(
        &mut self,
        src: &Source,
        at: Position,
        file: &Included,
        selection: &Selection,
    ) {
        let Selection::Anchor(name) = selection else {
            return;
        };
        let known = lines::anchors(&file.text);
        let hint = match crate::diag::did_you_mean(name, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if known.is_empty() => "the file has no anchors: mark the part to include with `ANCHOR: name` and `ANCHOR_END: name` comments, or give line numbers (`file:N:M`)".to_string(),
            None => format!("its anchors are {}", known.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")),
        };
        self.diags.push(
            Diagnostic::error(
                &*src.file,
                Some(at),
                format!("`{}` has no anchor `{name}`", file.shown.display()),
            )
            .with_hint(hint),
        );
    }
}

/// A file a directive names.
struct Included {
    absolute: PathBuf,
    /// As diagnostics name it: relative to the book's root.
    shown: PathBuf,
    text: String,
}

/// Appends `text` (a part of `src` starting at its line `*line`) to `out`, each new line's
/// origin to `origins`.
fn copy(
    src: &Source,
    text: &str,
    line: &mut usize,
    out: &mut String,
    origins: &mut Vec<LineOrigin>,
) {
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            *line += 1;
            out.push('\n');
            origins.push(src.origin(*line));
        }
        out.push_str(part);
    }
}

/// Puts an expanded directive where it was: its first line goes on the current line, each
/// further line gets the text before the directive on that line in front (the indentation
/// of a list item, a `> ` quote), as mdBook does.
fn splice(text: &str, inserted: &[LineOrigin], out: &mut String, origins: &mut Vec<LineOrigin>) {
    let line_start = out.rfind('\n').map_or(0, |i| i + 1);
    let prefix = out[line_start..].to_string();
    let shift = prefix.chars().count();
    for (i, part) in text.lines().enumerate() {
        let origin = inserted.get(i).or(inserted.last()).cloned();
        if i > 0 {
            out.push('\n');
            out.push_str(&prefix);
            if let Some(mut o) = origin {
                o.column_shift += shift;
                origins.push(o);
            }
        } else if prefix.trim().is_empty() {
            if let (Some(o), Some(last)) = (origin, origins.last_mut()) {
                *last = LineOrigin {
                    column_shift: o.column_shift + shift,
                    ..o
                };
            }
        }
        out.push_str(part);
    }
    // `origins` must have one entry per line of `out`.
    let lines = out.matches('\n').count() + 1;
    while origins.len() < lines {
        let last = origins.last().cloned().expect("at least one line");
        origins.push(last);
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system (the file may not exist).
fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `path` as diagnostics show it: relative to the book's root, with `..` when outside it.
fn shown_path(root: &Path, path: &Path) -> PathBuf {
    let root = lexical(root);
    let path = lexical(path);
    if let Ok(inside) = path.strip_prefix(&root) {
        return inside.to_path_buf();
    }
    let common = root
        .components()
        .zip(path.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..root.components().count() {
        out.push("..");
    }
    for c in path.components().skip(common) {
        out.push(c);
    }
    out
}
