//! `SUMMARY.md`: the book's table of contents, in mdBook's syntax.
//!
//! ```markdown
//! # Summary
//!
//! [Introduction](intro.md)          <- prefix chapter (unnumbered)
//!
//! # The runtime                     <- part title
//!
//! - [Event loop](runtime/loop.md)   <- numbered chapter
//!   - [Timers](runtime/timers.md)   <- nested chapter
//! - [Worker threads]()              <- draft entry: listed, no page yet
//!
//! ---                               <- separator
//!
//! [Glossary](glossary.md)           <- suffix chapter
//! ```

use std::path::Path;

use crate::diag::{Diagnostic, Position};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub parts: Vec<SummaryPart>,
}

/// A run of entries under one part title (`None` for prefix and suffix chapters and for
/// numbered chapters before the first part title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryPart {
    pub title: Option<String>,
    pub entries: Vec<SummaryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    pub title: String,
    /// The chapter file, relative to the content folder; `None` for a draft entry.
    pub path: Option<String>,
    /// Where the path (or the entry) is written, for diagnostics.
    pub position: Position,
    /// "1", "2.1", …; `None` for prefix and suffix chapters.
    pub number: Option<String>,
    pub children: Vec<SummaryEntry>,
}

impl Summary {
    /// Every entry, depth first, with its depth.
    pub fn walk(&self) -> Vec<(&SummaryEntry, usize)> {
        fn go<'a>(e: &'a SummaryEntry, depth: usize, out: &mut Vec<(&'a SummaryEntry, usize)>) {
            out.push((e, depth));
            for c in &e.children {
                go(c, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for p in &self.parts {
            for e in &p.entries {
                go(e, 0, &mut out);
            }
        }
        out
    }
}

/// How deep chapters may nest (1 = top level only). Deeper than this is surely a mistake in
/// the indentation, and it bounds the recursion over the table of contents.
pub const MAX_NESTING: usize = 16;

#[derive(PartialEq)]
enum Stage {
    Prefix,
    Numbered,
    Suffix,
}

/// Parses SUMMARY.md. `file` names it in diagnostics.
pub fn parse(file: &Path, text: &str) -> Result<Summary, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut parts: Vec<SummaryPart> = vec![SummaryPart {
        title: None,
        entries: Vec::new(),
    }];
    let mut stage = Stage::Prefix;
    let mut seen_anything = false;
    // Indentation of each open list level, for nesting.
    let mut indents: Vec<usize> = Vec::new();
    let mut in_comment = false;
    let mut too_deep_reported = false;

    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        // `indent` (tabs count as four spaces) decides nesting; `lead` is where the text
        // starts, in characters, for positions.
        let indent = indent_width(line);
        let lead = line.chars().count() - trimmed.chars().count();
        if in_comment {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if let Some(title) = trimmed.strip_prefix('#') {
            let level = 1 + title.chars().take_while(|&c| c == '#').count();
            let title = title.trim_start_matches('#').trim().to_string();
            if !seen_anything {
                // mdBook: a heading before any entry is the summary's own title.
                seen_anything = true;
                continue;
            }
            if level != 1 {
                errors.push(
                    Diagnostic::error(
                        file,
                        Some(Position::new(line_no, lead + 1)),
                        "part titles must be level-1 headings",
                    )
                    .with_hint(format!("write `# {title}`")),
                );
                continue;
            }
            if stage == Stage::Suffix {
                errors.push(Diagnostic::error(
                    file,
                    Some(Position::new(line_no, 1)),
                    "a part title cannot come after the suffix chapters",
                ).with_hint("move the part above the `---` separator and the unnumbered chapters at the end"));
                continue;
            }
            stage = Stage::Numbered;
            parts.push(SummaryPart {
                title: Some(title),
                entries: Vec::new(),
            });
            indents.clear();
            continue;
        }
        seen_anything = true;
        if trimmed
            .chars()
            .all(|c| c == '-' || c == '*' || c == '_' || c == ' ')
            && trimmed.len() >= 3
        {
            // A separator: after numbered chapters it starts the suffix section.
            if stage == Stage::Numbered {
                stage = Stage::Suffix;
                parts.push(SummaryPart {
                    title: None,
                    entries: Vec::new(),
                });
            }
            continue;
        }
        let list_item = ["- ", "* ", "+ "]
            .iter()
            .find_map(|m| trimmed.strip_prefix(m));
        let (body, body_col) = match list_item {
            Some(rest) => (
                rest.trim_start(),
                lead + 1 + (trimmed.chars().count() - rest.trim_start().chars().count()),
            ),
            None => (trimmed, lead + 1),
        };
        let Some((title, path, path_col)) = parse_link(body) else {
            errors.push(
                Diagnostic::error(file, Some(Position::new(line_no, body_col)), "expected a chapter link like `- [Title](chapter.md)`")
                    .with_hint("each SUMMARY.md line is a `# Part title`, a link `[Title](file.md)`, a list item `- [Title](file.md)`, a `---` separator, or blank"),
            );
            continue;
        };
        let position = Position::new(line_no, body_col + path_col);
        let path = (!path.is_empty()).then(|| path.to_string());
        if path.as_deref().is_some_and(|p| !p.ends_with(".md")) {
            errors.push(
                Diagnostic::error(
                    file,
                    Some(position),
                    format!("`{}` is not a Markdown file", path.as_deref().unwrap_or("")),
                )
                .with_hint("chapters are .md files; use `[Title]()` for a chapter not written yet"),
            );
            continue;
        }
        let entry = SummaryEntry {
            title: title.to_string(),
            path,
            position,
            number: None,
            children: Vec::new(),
        };
        match list_item {
            None => {
                if stage == Stage::Numbered {
                    stage = Stage::Suffix;
                    parts.push(SummaryPart {
                        title: None,
                        entries: Vec::new(),
                    });
                }
                parts
                    .last_mut()
                    .expect("parts is never empty")
                    .entries
                    .push(entry);
            }
            Some(_) => {
                if stage == Stage::Suffix {
                    errors.push(
                        Diagnostic::error(
                            file,
                            Some(Position::new(line_no, lead + 1)),
                            "numbered chapters cannot come after the suffix chapters",
                        )
                        .with_hint("move this entry above the unnumbered chapters at the end"),
                    );
                    continue;
                }
                if stage == Stage::Prefix {
                    stage = Stage::Numbered;
                    if !parts[0].entries.is_empty() {
                        parts.push(SummaryPart {
                            title: None,
                            entries: Vec::new(),
                        });
                    }
                }
                while indents.last().is_some_and(|&open| indent < open) {
                    indents.pop();
                }
                let depth = match indents.last() {
                    Some(&open) if indent > open => {
                        indents.push(indent);
                        indents.len() - 1
                    }
                    Some(_) => indents.len() - 1,
                    None => {
                        indents.push(indent);
                        0
                    }
                };
                if depth >= MAX_NESTING {
                    // Reported once: every deeper line after it has the same cause.
                    if !too_deep_reported {
                        too_deep_reported = true;
                        errors.push(
                        Diagnostic::error(
                            file,
                            Some(Position::new(line_no, lead + 1)),
                            format!("chapters nest at most {MAX_NESTING} levels deep; this entry is level {}", depth + 1),
                        )
                        .with_hint("indent this entry less: each level of indentation is one level of nesting"),
                    );
                    }
                    indents.pop();
                    continue;
                }
                let part = parts.last_mut().expect("parts is never empty");
                siblings_at(&mut part.entries, depth).push(entry);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    parts.retain(|p| p.title.is_some() || !p.entries.is_empty());
    // Number the numbered chapters continuously across parts, as mdBook does.
    number_parts(&mut parts, text);
    Ok(Summary { parts })
}

/// Numbers the entries that were written as list items.
fn number_parts(parts: &mut [SummaryPart], text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let is_list_item = |e: &SummaryEntry| {
        lines
            .get(e.position.line - 1)
            .map(|l| {
                let t = l.trim_start();
                t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")
            })
            .unwrap_or(false)
    };
    let mut top = 0;
    for part in parts {
        for entry in &mut part.entries {
            if is_list_item(entry) {
                top += 1;
                assign(entry, top.to_string());
            }
        }
    }
    fn assign(e: &mut SummaryEntry, number: String) {
        for (i, c) in e.children.iter_mut().enumerate() {
            assign(c, format!("{number}.{}", i + 1));
        }
        e.number = Some(number);
    }
}

/// The list that an entry at `depth` joins: the children of the last entry one level up.
fn siblings_at(entries: &mut Vec<SummaryEntry>, depth: usize) -> &mut Vec<SummaryEntry> {
    if depth == 0 || entries.is_empty() {
        return entries;
    }
    let last = entries.len() - 1;
    siblings_at(&mut entries[last].children, depth - 1)
}

fn indent_width(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// `[Title](path)` → (title, path, 0-based character column of the path within `s`).
fn parse_link(s: &str) -> Option<(&str, &str, usize)> {
    let rest = s.strip_prefix('[')?;
    let close = rest.rfind("](")?;
    let title = &rest[..close];
    let after = &rest[close + 2..];
    let path = after.strip_suffix(')')?;
    if path.contains(')') || title.trim().is_empty() {
        return None;
    }
    let col = s[..s.len() - after.len()].chars().count();
    Some((title.trim(), path.trim(), col))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Summary\n\n[Intro](intro.md)\n\n# Runtime\n\n- [Loop](rt/loop.md)\n  - [Timers](rt/timers.md)\n  - [Ticks](rt/ticks.md)\n- [Workers]()\n\n# Operations\n\n- [Logs](ops/logs.md)\n\n---\n\n[Glossary](glossary.md)\n";

    #[test]
    fn parses_prefix_parts_nesting_drafts_and_suffix() {
        let s = parse(Path::new("SUMMARY.md"), SAMPLE).unwrap();
        let titles: Vec<_> = s.parts.iter().map(|p| p.title.clone()).collect();
        assert_eq!(
            titles,
            [
                None,
                Some("Runtime".into()),
                Some("Operations".into()),
                None
            ]
        );
        let walk: Vec<_> = s
            .walk()
            .into_iter()
            .map(|(e, d)| (e.title.as_str(), e.number.clone(), d, e.path.clone()))
            .collect();
        assert_eq!(
            walk,
            [
                ("Intro", None, 0, Some("intro.md".into())),
                ("Loop", Some("1".into()), 0, Some("rt/loop.md".into())),
                ("Timers", Some("1.1".into()), 1, Some("rt/timers.md".into())),
                ("Ticks", Some("1.2".into()), 1, Some("rt/ticks.md".into())),
                ("Workers", Some("2".into()), 0, None),
                ("Logs", Some("3".into()), 0, Some("ops/logs.md".into())),
                ("Glossary", None, 0, Some("glossary.md".into())),
            ]
        );
    }

    #[test]
    fn entry_positions_point_at_the_path() {
        let s = parse(Path::new("SUMMARY.md"), SAMPLE).unwrap();
        let timers = s.walk()[2].0;
        assert_eq!(timers.position, Position::new(8, 14));
    }

    #[test]
    fn garbage_lines_are_located() {
        let e = parse(Path::new("SUMMARY.md"), "# S\n\n- [A](a.md)\n- just text\n").unwrap_err();
        assert_eq!(e[0].position, Some(Position::new(4, 3)));
        // A tab is one column (it only counts as four spaces for nesting).
        let e = parse(Path::new("SUMMARY.md"), "\t$\0").unwrap_err();
        assert_eq!(e[0].position, Some(Position::new(1, 2)));
        let e = parse(Path::new("SUMMARY.md"), "- [A](a.md)\n\t- oops\n").unwrap_err();
        assert_eq!(e[0].position, Some(Position::new(2, 4)));
    }

    #[test]
    fn nesting_is_bounded() {
        let text: String = (0..40)
            .map(|i| format!("{}- [C{i}]()\n", " ".repeat(i)))
            .collect();
        let e = parse(Path::new("SUMMARY.md"), &text).unwrap_err();
        assert_eq!(e[0].position, Some(Position::new(17, 17)), "{e:?}");
        assert!(e[0].message.contains("at most 16 levels"), "{e:?}");
        let ok: String = (0..16)
            .map(|i| format!("{}- [C{i}]()\n", " ".repeat(i)))
            .collect();
        assert!(parse(Path::new("SUMMARY.md"), &ok).is_ok());
    }

    #[test]
    fn non_markdown_targets_are_rejected() {
        let e = parse(Path::new("SUMMARY.md"), "- [A](a.html)\n").unwrap_err();
        assert!(e[0].message.contains("a.html"));
    }
}
