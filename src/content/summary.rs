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

#[derive(Debug, Clone)]
pub struct Summary {
    pub parts: Vec<SummaryPart>,
    /// Lines read but left out, as mdBook leaves them out (`## Notes`).
    pub warnings: Vec<Diagnostic>,
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
    let mut warnings = Vec::new();
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

    let lines: Vec<&str> = text.lines().collect();
    // Lines taken into a soft-wrapped link of an earlier line.
    let mut skip_to = 0;
    for (i, raw) in lines.iter().enumerate() {
        if i < skip_to {
            continue;
        }
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
                // mdBook skips such lines; they are often notes to the book's maintainers.
                warnings.push(
                    Diagnostic::warning(
                        file,
                        Some(Position::new(line_no, lead + 1)),
                        format!("this level-{level} heading is not a part title, so it is left out of the table of contents (as mdBook does)"),
                    )
                    .with_hint(format!("to start a part, write `# {title}`; to keep a note, use an HTML comment `<!-- … -->`")),
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
            // A separator: mdBook draws it as a rule between entries, wherever it stands; it
            // starts no section of its own.
            continue;
        }
        let list_item = ["- ", "* ", "+ "]
            .iter()
            .find_map(|m| trimmed.strip_prefix(m));
        if list_item.is_none() && lead > 0 && !indents.is_empty() && stage == Stage::Numbered {
            // An indented line under a list item continues the item's paragraph, as Markdown
            // reads it: mdBook takes the item's first link and nothing else from it.
            continue;
        }
        let (body, body_col) = match list_item {
            Some(rest) => (
                rest.trim_start(),
                lead + 1 + (trimmed.chars().count() - rest.trim_start().chars().count()),
            ),
            None => (trimmed, lead + 1),
        };
        // A link whose text is soft-wrapped goes on over the next lines, up to its `](path)`.
        let joined;
        let wrapped = body.starts_with('[') && !body.contains("](");
        let body = if wrapped {
            let (text, taken) = join_wrapped_link(body, &lines[i + 1..]);
            skip_to = i + 1 + taken;
            joined = text;
            joined.as_str()
        } else {
            body
        };
        let Some((title, path, path_col)) = parse_link(body) else {
            errors.push(
                Diagnostic::error(file, Some(Position::new(line_no, body_col)), "expected a chapter link like `- [Title](chapter.md)`")
                    .with_hint("each SUMMARY.md line is a `# Part title`, a link `[Title](file.md)`, a list item `- [Title](file.md)`, a `---` separator, or blank"),
            );
            continue;
        };
        // A wrapped entry is located at its start: its path is on a later line.
        let position = Position::new(
            line_no,
            if wrapped {
                body_col
            } else {
                body_col + path_col
            },
        );
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
            title: plain_text(title),
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
    Ok(Summary { parts, warnings })
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

/// A link's start (`[A long`) joined with the lines after it, up to the one holding its
/// `](path)`: the joined text, and how many lines after the first it took (none when no
/// line closes it, so the first line alone is reported).
fn join_wrapped_link(first: &str, rest: &[&str]) -> (String, usize) {
    let mut text = first.to_string();
    for (n, line) in rest.iter().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(['-', '*', '+', '#', '[']) {
            break;
        }
        text.push(' ');
        text.push_str(line);
        if line.contains("](") {
            return (text, n + 1);
        }
    }
    (first.to_string(), 0)
}

/// A link text's words without its Markdown (`**Bold** \`code\`` → "Bold code"): the
/// table of contents and the page's title show text.
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let text = text.trim();
    if text.is_empty() {
        markdown.to_string()
    } else {
        text.to_string()
    }
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

    /// SUMMARY.md as mdBook's own test book `toc/basic_toc` writes it: separators between
    /// numbered chapters and parts, a part after a separator, an indented line under an item
    /// (part of the item's paragraph, so no entry), a `##` note, formatted and soft-wrapped
    /// link text.
    #[test]
    fn reads_summaries_as_mdbook_does() {
        let text = "# Summary\n\n[Pre](pre.md)\n\n- [**Bold** `code`](a.md)\n- [Draft]()\n\n---\n\n## A note\n\n# Deep\n\n- [D1](d1.md)\n    - [D2](d2.md)\n        - [D3](d3.md)\n            - [A long\n              title](d4.md)\n                [Not an entry](x.md)\n\n---\n\n[Post](post.md)\n";
        let s = parse(Path::new("SUMMARY.md"), text).unwrap();
        let walk: Vec<_> = s
            .walk()
            .into_iter()
            .map(|(e, d)| (e.title.as_str(), e.number.clone().unwrap_or_default(), d))
            .collect();
        assert_eq!(
            walk,
            [
                ("Pre", String::new(), 0),
                ("Bold code", "1".into(), 0),
                ("Draft", "2".into(), 0),
                ("D1", "3".into(), 0),
                ("D2", "3.1".into(), 1),
                ("D3", "3.1.1".into(), 2),
                ("A long title", "3.1.1.1".into(), 3),
                ("Post", String::new(), 0),
            ]
        );
        let parts: Vec<_> = s.parts.iter().map(|p| p.title.as_deref()).collect();
        assert_eq!(parts, [None, None, Some("Deep"), None]);
        assert_eq!(s.warnings.len(), 1);
        assert_eq!(s.warnings[0].position, Some(Position::new(10, 1)));
        assert_eq!(s.walk()[6].0.position, Position::new(17, 15));
    }

    #[test]
    fn non_markdown_targets_are_rejected() {
        let e = parse(Path::new("SUMMARY.md"), "- [A](a.html)\n").unwrap_err();
        assert!(e[0].message.contains("a.html"));
    }
}
