//! `lectern init [DIR]`: scaffolds a new course — book.toml, a table of contents, one chapter
//! that uses every element with a short comment on each, its questions file with the schema
//! line editors use for completion, and the schemas themselves. Never overwrites a file.

use std::path::{Path, PathBuf};

/// Why `init` did nothing, or stopped.
#[derive(Debug)]
pub enum InitError {
    /// These files exist already (relative to the course folder); nothing was written.
    Exists(Vec<PathBuf>),
    /// A file or folder could not be written.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::Exists(files) => {
                write!(f, "these files exist already, so nothing was written:")?;
                for p in files {
                    write!(f, "\n  {}", p.display())?;
                }
                Ok(())
            }
            InitError::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

/// The chapter every new course starts with (its file name without `.md`).
pub const CHAPTER: &str = "getting-started";

/// The files of a new course titled `title`: (path relative to the course folder, contents).
pub fn files(title: &str) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (PathBuf::from("book.toml"), book_toml(title)),
        (PathBuf::from("content/SUMMARY.md"), SUMMARY.to_string()),
        (
            PathBuf::from(format!("content/{CHAPTER}.md")),
            CHAPTER_MD.to_string(),
        ),
        (
            PathBuf::from(format!("content/{CHAPTER}.questions.yaml")),
            QUESTIONS_YAML.to_string(),
        ),
        (
            PathBuf::from("content/images/chapter-parts.svg"),
            IMAGE_SVG.to_string(),
        ),
    ];
    for (name, json) in crate::schema::all() {
        files.push((PathBuf::from("schemas").join(name), json));
    }
    files
}

/// A title from the course folder's name: `node-course` → "Node course".
pub fn title_for(dir: &Path) -> String {
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words: Vec<&str> = name
        .split(|c: char| c == '-' || c == '_' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return "My course".into();
    }
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My course".into(),
    }
}

/// Creates a new course in `dir` (made if missing). Returns the files written, relative to
/// `dir`. When any of them exists already, writes nothing and says which.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let files = files(&title_for(dir));
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(p, _)| dir.join(p).symlink_metadata().is_ok())
        .map(|(p, _)| p.clone())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| InitError::Io(parent.to_path_buf(), e))?;
        }
        // create_new: a file that appeared since the check above is still not overwritten.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| InitError::Io(path.clone(), e))?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .map_err(|e| InitError::Io(path.clone(), e))?;
        written.push(rel.clone());
    }
    Ok(written)
}

fn book_toml(title: &str) -> String {
    let quoted = toml_string(title);
    format!(
        r#"# The course's settings (the keys are described in Lectern's author guide, docs/authoring.md).
# Unknown keys are errors, so a typo never goes unnoticed.

[book]
title = {quoted}
authors = []
description = "What this course teaches, in one sentence."
language = "en"
# src = "content"               # the folder holding the chapters

[build]
build-dir = "site"              # where `lectern build` writes the site

[output.html]
default-theme = "auto"          # auto (follows the reader's system), light or dark
"#
    )
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
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

const SUMMARY: &str = "# Summary

<!-- The table of contents: which chapters are in the book, in order. A `- [Title](file.md)`
     line is a numbered chapter; indent it under another to nest it; `- [Planned chapter]()`
     lists a chapter that has no page yet. -->

- [Getting started](getting-started.md)
";

const CHAPTER_MD: &str = r#"---
# Front matter: YAML between the two `---` lines. Only `title` is required.
title: Getting started
summary: A tour of every element a Lectern chapter can use. Keep what you need, delete the rest.
# Objectives are a checklist the reader ticks off (inline Markdown each).
objectives:
  - Name the parts of a Lectern chapter
  - "`lectern check` the course, then `lectern build` it"
tags: [lectern, tour]
---

<!-- Comments like this one are not shown to readers. Start headings at `##`: the title above
     is the page's heading. -->

This chapter shows each element Lectern knows, with a short comment on each. Rewrite it into
your first chapter, and add more chapters to `SUMMARY.md`.

## Text and links

Paragraphs take **bold**, *italic*, `inline code`, ~~strikethrough~~ and
[links](https://commonmark.org/help/). A footnote reference looks like this.[^notes]

<!-- A `#anchor` links to a heading of this page: its text in lower case, words joined by `-`.
     To link to another chapter, link to its .md file: [the next part](other-chapter.md). -->
The [code section](#code) below shows highlighted code.

## Lists and tables

- [x] A task list item is for display only
- [ ] Readers tick the learning objectives instead

| Element | Written in |
|---|---|
| Learning objectives | the front matter |
| Knowledge check and interview questions | `getting-started.questions.yaml` |
| Inline self-checks | a `self-check` block in the chapter |

## Images

<!-- Images are files under content/; the alt text says what the image shows. -->
![Diagram: a chapter is a Markdown file plus an optional questions file](images/chapter-parts.svg)

## Alerts

> [!NOTE]
> Background a reader may skip.

> [!TIP]
> A better or faster way to do something.

> [!IMPORTANT]
> Something the reader must know to succeed.

> [!WARNING]
> A mistake that causes problems if made.

> [!CAUTION]
> An action with risky or irreversible consequences.

## Code

<!-- A language name after the backticks highlights the code; `text` leaves it plain. -->
```javascript
// Every build checks the course first.
const site = await build("content");
console.log(`${site.pages} pages`);
```

```text
Built 5 pages (20 files) into site in 120 ms
```

## Self-checks

A self-check is a one-question quiz placed right after the paragraph it tests.

<!-- A `self-check` block holds YAML: a prompt, options (one or more correct, each with an
     explanation), an optional overall explanation. -->
```self-check
prompt: Where does this chapter's knowledge check live?
options:
  - text: "In `getting-started.questions.yaml`, next to the chapter"
    correct: true
    explanation: A chapter's questions file has its name with `.questions.yaml` instead of `.md`.
  - text: In `book.toml`
    explanation: "`book.toml` holds the course's settings, not its questions."
explanation: The knowledge check and the interview cards appear after the chapter's prose.
```

[^notes]: Footnotes are collected at the bottom of the chapter.
"#;

const QUESTIONS_YAML: &str = r#"# yaml-language-server: $schema=../schemas/questions.schema.json
# The line above gives editors with the YAML language server completion and checks for this file.

# The numbered quiz at the end of the chapter.
knowledge_check:
  # One right answer. `id` keeps readers' answers when you reorder the items.
  - id: questions-file
    difficulty: easy
    type: single
    prompt: Which file holds a chapter's knowledge check?
    options:
      - text: "`<chapter>.questions.yaml`, next to the chapter"
        correct: true
        explanation: It has the chapter's name with `.questions.yaml` instead of `.md`.
      - text: "`SUMMARY.md`"
        explanation: "`SUMMARY.md` is the table of contents."
    explanation: Questions live next to the chapter they test.

  # Several right answers: the reader selects all that apply.
  - id: chapter-parts
    difficulty: medium
    type: multiple
    prompt: Which of these can a chapter's front matter hold?
    shuffle: true  # options in a random order per reader, the same on every visit
    options:
      - text: Learning objectives
        correct: true
        explanation: "`objectives` is a list the reader ticks off."
      - text: Tags
        correct: true
        explanation: "`tags` are topic tags."
      - text: The knowledge check
        explanation: The knowledge check is in the questions file.

  # A statement that is true or false.
  - id: check-first
    difficulty: easy
    type: true_false
    prompt: "`lectern check` reports problems without writing anything."
    answer: true
    explanation: It runs every check of a build and writes nothing.

  # The reader types the answer; compared ignoring case and runs of spaces.
  - id: build-folder
    difficulty: hard
    type: short_answer
    prompt: Into which folder does `lectern build` write the site by default?
    accepted: ["site", "site/"]
    explanation: "`[build] build-dir` in book.toml changes it."

  # Put lines or steps in order (a Parsons problem): `lines` in the right order; readers get
  # them shuffled and move them with buttons or Alt+arrow keys. `distractors` belong nowhere;
  # with `indent: true` the lines are code and readers set each line's indent too.
  - id: build-steps
    difficulty: medium
    type: order
    prompt: Put the steps of publishing a course in order. One step does not belong.
    lines:
      - Write the chapters in `content/`
      - Run `lectern check`
      - Run `lectern build`
      - Upload the `site/` folder
    distractors:
      - Start a database server
    explanation: A Lectern course is static files, so no server runs behind it.

  # Pair each left-hand item with its right-hand item (a drop-down list per item). Extra
  # `distractors` are choices that pair with nothing.
  - id: files
    difficulty: easy
    type: match
    prompt: Match each file with what it holds.
    pairs:
      - left: "`book.toml`"
        right: The course's settings
        explanation: Title, language, and build options.
      - left: "`SUMMARY.md`"
        right: The table of contents
        explanation: Chapters in reading order.
      - left: "`<chapter>.questions.yaml`"
        right: A chapter's questions
        explanation: Its knowledge check and interview cards.
    distractors:
      - The readers' progress
    explanation: Readers' progress stays in their browser, in no file of the course.
  # The reader types a number: right within the tolerance (`0.5`, or `2%` of the answer).
  # Readers may type the unit, a thousands separator, or the book language's decimal comma.
  # `hints` (any kind) are revealed one at a time; an answer after a hint counts as weaker.
  - id: build-time
    type: numeric
    prompt: A build of 300 chapters took 1.2 s. About how long did each chapter take, in ms?
    answer: 4
    tolerance: 10%
    unit: ms
    hints:
      - 1.2 s is 1200 ms.
      - Divide by the number of chapters.
    explanation: 1200 ms / 300 = 4 ms.

  # Blanks in prose or in a code block: `{{1}}`, `{{2}}`… numbered as under `blanks`. A blank
  # with `options` is a dropdown; `regex` accepts any answer that matches the pattern.
  - id: fill-command
    type: fill
    prompt: Complete the commands.
    text: |
      ```sh
      lectern {{1}}    # report problems, write nothing
      lectern {{2}}    # write the site
      ```
    blanks:
      - accepted: [check]
      - options: [build, serve, init]
        accepted: [build]
    explanation: "`check` writes nothing; `build` writes the site."

  # A program: does it compile and run? If it does, its output; if not, the error's line.
  - id: trace-output
    type: trace
    prompt: Does this program run? If it does, what does it print?
    language: javascript
    program: |
      const parts = ["a", "b", "c"];
      console.log(parts.join("-"));
    compiles: true
    output: a-b-c
    explanation: "`join` puts the separator between the items."

# Interview-question cards: shown after the knowledge check, and on the "browse all" page.
interview:
  - id: static-quizzes          # the card's anchor is #q-static-quizzes
    question: How can a static site run quizzes and remember a reader's progress?
    difficulty: medium           # optional: easy, medium or hard; without it, no chip
    companies:                   # companies known to ask it (optional)
      - Example Corp
      - name: Example Labs       # a tag with where it comes from: `source: https://…`,
        note: onsite loop, 2024  # `note: …`, or both
    tags: [static-sites, javascript]
    answer: |
      The answers are checked in the reader's browser by a small script, and progress is kept
      in the browser's `localStorage`:

      ```javascript
      localStorage.setItem("progress", JSON.stringify(state));
      ```

      Nothing needs a server, so the site works from any static host or straight from disk.
    covers:
      - Checking answers in the browser
      - Storing progress in `localStorage`
      - Working without JavaScript by showing the answers
    follow_ups:
      - question: What happens when a question changes after a reader answered it?
        answer: Lectern stores a hash of each question with the answer and drops answers that no longer match.
    red_flag: Saying a static site cannot have any interactivity.
    sources:
      - title: MDN — Window.localStorage
        url: https://developer.mozilla.org/en-US/docs/Web/API/Window/localStorage
    self_check:
      prompt: Where is a reader's progress stored?
      options:
        - text: In the reader's browser
          correct: true
          explanation: "`localStorage` keeps it on the reader's device."
        - text: On the web server
          explanation: A static site has no server-side storage.
"#;

const IMAGE_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 140" width="480" height="140" role="img" aria-labelledby="t">
  <title id="t">A chapter is a Markdown file plus an optional questions file</title>
  <rect x="10" y="20" width="200" height="100" rx="10" fill="#e8f0fb" stroke="#0b5cad" stroke-width="2"/>
  <text x="110" y="65" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#1b1f24">getting-started.md</text>
  <text x="110" y="90" text-anchor="middle" font-family="sans-serif" font-size="13" fill="#57606a">prose, self-checks</text>
  <rect x="270" y="20" width="200" height="100" rx="10" fill="#e6f6ea" stroke="#116329" stroke-width="2"/>
  <text x="370" y="65" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#1b1f24">.questions.yaml</text>
  <text x="370" y="90" text-anchor="middle" font-family="sans-serif" font-size="13" fill="#57606a">quiz, interview cards</text>
  <path d="M214 70 H262" stroke="#57606a" stroke-width="2" marker-end="url(#a)"/>
  <defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#57606a"/></marker></defs>
</svg>
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_for(Path::new("/tmp/node-course")), "Node course");
        assert_eq!(title_for(Path::new("/tmp/rust_101")), "Rust 101");
        assert_eq!(title_for(Path::new("/")), "My course");
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }
}
