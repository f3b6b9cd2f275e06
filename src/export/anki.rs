//! `lectern export --format anki`: every question of the book as a note for Anki's text import
//! (File > Import), one line per note: front, back, tags and a stable note id.
//!
//! The file follows Anki's documented text-import rules (docs.ankiweb.net, "Text Files"):
//! UTF-8; header lines at the top starting with `#` set the import options —
//! `#separator:tab`, `#html:true` (fields are HTML), `#notetype:Basic`,
//! `#columns:` (the column names; Front and Back map to the Basic note type's fields),
//! `#tags column:3` and `#guid column:4` (1-based); a field holding the separator, a line
//! break or a double quote is enclosed in double quotes, with quotes inside doubled; a line
//! that starts with `#` after the header is a comment, so such a field is quoted too.
//! Tags are separated by spaces and cannot contain any: chapter, difficulty, kind and topic
//! tags use `::` for Anki's tag hierarchy (`chapter::runtime::v8-memory`). The note id
//! (`lectern:<book>:<question key>`) makes a second import update the notes it made before
//! instead of duplicating them.
//!
//! An `order` question's front lists its lines as a reader first sees them (shuffled, the
//! distractors among them) and its back the lines in order (code in `<pre>` with its
//! indentation) and those not used; a `match` question's front lists the left-hand items and
//! the choices, its back each pair with its explanation.

use std::path::Path;

use super::questions::{self, BookQuestions, Kind};
use super::Exported;
use crate::diag::Diagnostics;
use crate::render::arrange::ArrangeView;
use crate::render::{CardView, QuestionView, ReviewChapter};

/// The header lines, in the order Anki reads them.
pub const HEADER: &str = "#separator:tab\n#html:true\n#notetype:Basic\n#columns:Front\tBack\tTags\tGUID\n#tags column:3\n#guid column:4\n";

pub fn export(root: &Path) -> Result<Exported, Diagnostics> {
    let book = questions::load(root)?;
    let text = render(&book);
    Ok(Exported {
        bytes: text.into_bytes(),
        diags: book.diags,
    })
}

/// The whole file.
pub fn render(book: &BookQuestions) -> String {
    let mut out = String::from(HEADER);
    for c in &book.chapters {
        for quiz in questions::quizzes(c) {
            let q = quiz.question;
            let tags = tags(c, quiz.kind, q.difficulty.as_deref(), &[]);
            row(&mut out, &front(q), &back(q), &tags, &guid(book, &q.key));
        }
        for card in &c.cards {
            let tags = tags(c, Kind::Interview, card.difficulty.as_deref(), &card.tags);
            row(
                &mut out,
                &card.question_html,
                &card_back(card),
                &tags,
                &guid(book, &card.key),
            );
        }
    }
    out
}

fn guid(book: &BookQuestions, key: &str) -> String {
    format!("lectern:{}:{key}", book.id)
}

fn row(out: &mut String, front: &str, back: &str, tags: &str, guid: &str) {
    let fields = [front, back, tags, guid];
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        out.push_str(&field(f));
    }
    out.push('\n');
}

/// A field as Anki's CSV reader reads it back unchanged.
pub fn field(text: &str) -> String {
    let text = text.trim_end_matches('\n');
    if text.contains(['\t', '\n', '\r', '"']) || text.starts_with('#') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// One tag: no white space (Anki splits tags on it), `/` as the hierarchy separator `::`.
pub fn tag(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .replace('"', "")
        .replace('/', "::")
}

fn tags(c: &ReviewChapter, kind: Kind, difficulty: Option<&str>, own: &[String]) -> String {
    let mut tags = vec![
        format!("chapter::{}", tag(&c.id)),
        format!("type::{}", kind.slug()),
    ];
    if let Some(d) = difficulty {
        tags.push(format!("difficulty::{d}"));
    }
    for t in c.tags.iter().chain(own) {
        let t = tag(t);
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags.join(" ")
}

fn front(q: &QuestionView) -> String {
    let mut out = q.prompt_html.trim_end().to_string();
    out.push_str(&q.program_html);
    if let Some(a) = &q.arrange {
        out.push_str(&arrange_front(q, a));
        out.push_str(&hints_html(q));
        return out;
    }
    if let Some(more) = qtypes_front(q) {
        out.push_str(&more);
        return out;
    }
    out.push_str(&hints_html(q));
    match q.kind.as_str() {
        "true_false" => out.push_str("<p><em>True or false?</em></p>"),
        "short_answer" => {}
        kind => {
            if kind == "multiple" {
                out.push_str("<p><em>Select all that apply.</em></p>");
            }
            out.push_str("<ol type=\"A\">");
            for o in &q.options {
                out.push_str("<li>");
                out.push_str(&o.html);
                out.push_str("</li>");
            }
            out.push_str("</ol>");
        }
    }
    out
}

fn back(q: &QuestionView) -> String {
    let mut out = String::new();
    if let Some(answer) = qtypes_back(q) {
        out.push_str(&answer);
        out.push_str(q.explanation_html.trim_end());
        return out;
    }
    if q.kind == "trace" {
        out.push_str(&q.trace_answer_html);
    }
    if let Some(a) = &q.arrange {
        out.push_str(&arrange_back(q, a));
        out.push_str(q.explanation_html.trim_end());
        return out;
    }
    match q.kind.as_str() {
        "true_false" => {
            let right = q.options.iter().find(|o| o.correct);
            out.push_str("<p><strong>");
            out.push_str(right.map_or("", |o| o.html.as_str()));
            out.push_str("</strong></p>");
        }
        "short_answer" => {
            out.push_str("<p>Accepted: ");
            let accepted: Vec<String> = q
                .accepted
                .iter()
                .map(|a| format!("<code>{}</code>", crate::render::highlight::escape(a)))
                .collect();
            out.push_str(&accepted.join(", "));
            out.push_str("</p>");
        }
        _ => {
            out.push_str("<ol type=\"A\">");
            for o in &q.options {
                out.push_str(if o.correct {
                    "<li><strong>✓ Correct:</strong> "
                } else {
                    "<li>✗ Wrong: "
                });
                out.push_str(&o.html);
                if !o.explanation_html.is_empty() {
                    out.push_str("<br><small>");
                    out.push_str(&o.explanation_html);
                    out.push_str("</small>");
                }
                out.push_str("</li>");
            }
            out.push_str("</ol>");
        }
    }
    out.push_str(q.explanation_html.trim_end());
    out
}

/// An order question's front: its lines as a reader first sees them (shuffled, distractors
/// among them); a match question's: each left-hand item, then the right-hand items to pick from.
fn arrange_front(q: &QuestionView, a: &ArrangeView) -> String {
    let mut out = String::new();
    if q.kind == "order" {
        out.push_str(if a.distractors {
            "<p><em>Put these in order; some are not needed.</em></p>"
        } else {
            "<p><em>Put these in order.</em></p>"
        });
        out.push_str("<ul>");
        for &i in &a.start {
            out.push_str("<li>");
            out.push_str(&a.lines[i].html);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    } else {
        out.push_str("<p><em>Match each item with one of the choices.</em></p><ol>");
        for p in &a.pairs {
            out.push_str("<li>");
            out.push_str(&p.left_html);
            out.push_str("</li>");
        }
        out.push_str("</ol><ol type=\"A\">");
        for r in &a.rights {
            out.push_str("<li>");
            out.push_str(&crate::render::highlight::escape(&r.text));
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
    out
}

/// The hints, folded, under the question (Anki shows HTML's `<details>` as the browser does).
fn hints_html(q: &QuestionView) -> String {
    let mut out = String::new();
    for (i, h) in q.qt.hints_html.iter().enumerate() {
        out.push_str(&format!(
            "<details><summary>Hint {}</summary>{}</details>",
            i + 1,
            h.trim_end()
        ));
    }
    out
}

/// The answer: the lines in order (code with its indentation, in `<pre>`), and those not
/// used; or each pair with its explanation.
fn arrange_back(q: &QuestionView, a: &ArrangeView) -> String {
    let mut out = String::new();
    if q.kind == "order" {
        if a.indent {
            out.push_str("<pre><code>");
            for l in a.lines.iter().filter(|l| l.used) {
                out.push_str(&"    ".repeat(l.level));
                out.push_str(
                    l.html
                        .trim_start_matches("<code>")
                        .trim_end_matches("</code>"),
                );
                out.push('\n');
            }
            out.push_str("</code></pre>");
        } else {
            out.push_str("<ol>");
            for l in a.lines.iter().filter(|l| l.used) {
                out.push_str("<li>");
                out.push_str(&l.html);
                out.push_str("</li>");
            }
            out.push_str("</ol>");
        }
        if a.distractors {
            out.push_str("<p>Not used:</p><ul>");
            for l in a.lines.iter().filter(|l| !l.used) {
                out.push_str("<li>");
                out.push_str(&l.html);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
    } else {
        out.push_str("<ul>");
        for p in &a.pairs {
            out.push_str("<li>");
            out.push_str(&p.left_html);
            out.push_str(" → <strong>");
            out.push_str(&p.right_html);
            out.push_str("</strong>");
            if !p.explanation_html.is_empty() {
                out.push_str("<br><small>");
                out.push_str(&p.explanation_html);
                out.push_str("</small>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out
}

/// The front of a numeric or fill question: the field, or the text with numbered gaps.
fn qtypes_front(q: &QuestionView) -> Option<String> {
    let mut out = match q.kind.as_str() {
        "numeric" => {
            let unit = q.qt.numeric.as_ref().map_or("", |n| n.unit.as_str());
            if unit.is_empty() {
                "<p><em>A number.</em></p>".to_string()
            } else {
                format!(
                    "<p><em>A number, in {}.</em></p>",
                    crate::render::highlight::escape(unit)
                )
            }
        }
        "fill" => super::gift::blanks_as_gaps(&q.qt.fill_html, |i| format!("[…{}…]", i + 1)),
        _ => return None,
    };
    out.push_str(&hints_html(q));
    Some(out)
}

/// The back of a numeric or fill question.
fn qtypes_back(q: &QuestionView) -> Option<String> {
    use crate::render::highlight::escape;
    match q.kind.as_str() {
        "numeric" => Some(format!(
            "<p><strong>{}</strong></p>",
            escape(q.qt.numeric.as_ref().map_or("", |n| n.shown.as_str()))
        )),
        "fill" => {
            let mut out = String::from("<ol>");
            for b in &q.qt.blanks {
                let mut answers: Vec<String> = b
                    .accepted
                    .iter()
                    .map(|a| format!("<code>{}</code>", escape(a)))
                    .collect();
                if !b.regex.is_empty() {
                    answers.push(format!("matching <code>{}</code>", escape(&b.regex)));
                }
                out.push_str(&format!("<li>{}</li>", answers.join(", ")));
            }
            out.push_str("</ol>");
            Some(out)
        }
        _ => None,
    }
}

fn card_back(card: &CardView) -> String {
    let mut out = card.answer_html.trim_end().to_string();
    if !card.covers_html.is_empty() {
        out.push_str("<p><strong>What a strong answer covers</strong></p><ul>");
        for c in &card.covers_html {
            out.push_str("<li>");
            out.push_str(c);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    if !card.red_flag_html.is_empty() {
        out.push_str("<p><strong>Red flag:</strong> ");
        out.push_str(&card.red_flag_html);
        out.push_str("</p>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("<p>plain</p>"), "<p>plain</p>");
        assert_eq!(field("a\tb"), "\"a\tb\"");
        assert_eq!(field("<a href=\"x\">x</a>"), "\"<a href=\"\"x\"\">x</a>\"");
        assert_eq!(field("line\nbreak\n"), "\"line\nbreak\"");
        assert_eq!(field("#1 first"), "\"#1 first\"");
    }

    #[test]
    fn tags_have_no_spaces() {
        assert_eq!(tag("event loop"), "event_loop");
        assert_eq!(tag("runtime/v8-memory"), "runtime::v8-memory");
    }
}
