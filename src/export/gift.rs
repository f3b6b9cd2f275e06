//! `lectern export --format gift`: every question of the book in Moodle's GIFT format, for
//! Moodle's question bank (Question bank > Import > GIFT format).
//!
//! GIFT, as Moodle documents and parses it (docs.moodle.org "GIFT format",
//! question/format/gift/format.php):
//! - questions are separated by blank lines; lines starting with `//` are comments;
//! - `$CATEGORY: a/b` puts the questions after it in that category (`//` is a `/` in a name);
//! - `::name::` starts a question; `[html]` before the text says the text is HTML, and is the
//!   format of its answers and feedback too;
//! - the answers follow in braces: `=right` and `~wrong` (one right answer), `~%50%right` and
//!   `~%-100%wrong` (several right answers, with grade percentages from Moodle's list of
//!   grades), `{TRUE}` / `{FALSE}` (true/false), `{=answer =other answer}` (short answer, any
//!   of them accepted), `{}` (an essay, graded by a person);
//! - `#feedback` after an answer is that answer's feedback; `####feedback` before the closing
//!   brace is the question's general feedback;
//! - the characters `~ = # { } :` in text are written `\~ \= \# \{ \} \:`, a backslash `\\`,
//!   and a line break `\n` (a blank line would end the question).
//!
//! Knowledge-check items and self-checks become multiple-choice, true/false and short-answer
//! questions with each option's explanation as its feedback; interview questions become essay
//! questions whose general feedback is the model answer.
//!
//! A `match` question becomes a GIFT matching question (`{=left -> right ...}`); its
//! distractors are right-hand answers with no question (`= -> extra`), as Moodle reads them;
//! the pairs' explanations go into the general feedback, since GIFT has no per-pair feedback.
//! GIFT has no ordering question: an `order` question becomes a matching question too, each
//! line matched with its position ("1", "2", …) and each distractor with "not used"; with
//! `indent`, the indentation is not asked, and the general feedback shows the code as written.

use std::path::Path;

use super::questions::{self, BookQuestions};
use super::Exported;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{CardView, QuestionView};

/// Moodle's grade percentages for 1/n of a question, n = 1..=10 (its `fraction_options`).
const SHARES: [&str; 10] = [
    "100", "50", "33.33333", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10",
];

pub fn export(root: &Path) -> Result<Exported, Diagnostics> {
    let book = questions::load(root)?;
    let mut diags = book.diags.clone();
    let text = render(&book, &mut diags);
    Ok(Exported {
        bytes: text.into_bytes(),
        diags,
    })
}

/// Escapes text for GIFT: a backslash first, then the control characters, then line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A category path part: `/` doubled, line breaks dropped (the line is not unescaped by Moodle).
fn category_part(text: &str) -> String {
    text.replace(['\n', '\r'], " ").replace('/', "//")
}

/// The whole file.
pub fn render(book: &BookQuestions, diags: &mut Diagnostics) -> String {
    let mut out = format!(
        "// {} — questions exported by Lectern in Moodle's GIFT format.\n// Import: Question bank > Import > GIFT format.\n",
        book.title.replace('\n', " ")
    );
    for c in &book.chapters {
        let quizzes = questions::quizzes(c);
        if quizzes.is_empty() && c.cards.is_empty() {
            continue;
        }
        let chapter = questions::chapter_name(c);
        out.push_str(&format!(
            "\n$CATEGORY: {}/{}\n",
            category_part(&book.title),
            category_part(&chapter)
        ));
        for quiz in &quizzes {
            let name = format!("{chapter} · {}", quiz.label);
            out.push('\n');
            out.push_str(&question(&name, quiz.question, diags));
        }
        for card in &c.cards {
            let text = crate::render::search::text_of(&card.question_html);
            let short: String = text.chars().take(80).collect();
            let name = format!(
                "{chapter} · interview question {}: {short}{}",
                card.number,
                if short.len() < text.len() { "…" } else { "" }
            );
            out.push('\n');
            out.push_str(&essay(&name, card));
        }
    }
    out
}

fn head(name: &str, text_html: &str) -> String {
    format!("::{}::[html]{}", escape(name), escape(text_html.trim_end()))
}

fn general(out: &mut String, html: &str) {
    if !html.trim().is_empty() {
        out.push_str("\t####");
        out.push_str(&escape(html.trim_end()));
        out.push('\n');
    }
}

/// A fill question's text with each blank (the widget's field) replaced by `gap(i)`.
pub fn blanks_as_gaps(fill_html: &str, gap: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut rest = fill_html;
    let mut i = 0;
    while let Some(start) = rest.find("<span class=\"q-blank-wrap\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find("</span>")
            .map_or(after.len(), |e| e + "</span>".len());
        out.push_str(&gap(i));
        i += 1;
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A numeric question as GIFT's numerical one (`{#answer:tolerance}`, its tolerance absolute;
/// the unit, which GIFT cannot carry, said in the question); a fill question with one blank as
/// GIFT's missing word (short answer, or choice for a dropdown). GIFT has nothing for several
/// blanks or a pattern: such a question is an essay with its answers as feedback. None for the
/// other kinds.
fn qtypes_question(name: &str, q: &QuestionView, diags: &mut Diagnostics) -> Option<String> {
    match q.kind.as_str() {
        "numeric" => {
            let n = q.qt.numeric.as_ref()?;
            let mut text = q.prompt_html.trim_end().to_string();
            if !n.unit.is_empty() {
                text.push_str(&format!(
                    "<p><em>In {}.</em></p>",
                    crate::render::highlight::escape(&n.unit)
                ));
            }
            let mut out = head(name, &text);
            out.push_str(&format!("{{#{}:{}", n.answer, n.tolerance));
            if !q.explanation_html.trim().is_empty() {
                out.push_str("####");
                out.push_str(&escape(q.explanation_html.trim_end()));
            }
            out.push_str("}\n");
            Some(out)
        }
        "fill" => {
            let blank = match q.qt.blanks.as_slice() {
                [b] if b.regex.is_empty() => Some(b),
                _ => None,
            };
            let Some(b) = blank else {
                diags.push(Diagnostic::warning(
                    crate::config::CONFIG_FILE,
                    None,
                    format!("GIFT export: `{}` has several blanks or a pattern, which GIFT cannot grade; it is exported as an essay question with its answers as feedback", q.key),
                ).with_hint("import it into Moodle as is, or rewrite it there as an embedded-answers (Cloze) question"));
                let text = format!(
                    "{}{}",
                    q.prompt_html,
                    blanks_as_gaps(&q.qt.fill_html, |i| format!("[…{}…]", i + 1))
                );
                let mut key = String::from("<ol>");
                for b in &q.qt.blanks {
                    let mut answers: Vec<String> = b.accepted.clone();
                    if !b.regex.is_empty() {
                        answers.push(format!("/{}/", b.regex));
                    }
                    key.push_str(&format!(
                        "<li>{}</li>",
                        crate::render::highlight::escape(&answers.join(", "))
                    ));
                }
                key.push_str("</ol>");
                key.push_str(q.explanation_html.trim_end());
                return Some(format!("{}{{####{}}}\n", head(name, &text), escape(&key)));
            };
            let mut answer = String::from("{");
            if b.options.is_empty() {
                for a in &b.accepted {
                    answer.push('=');
                    answer.push_str(&escape(&a.replace('*', "\\*")));
                    answer.push(' ');
                }
            } else {
                for o in &b.options {
                    let right = b.accepted.iter().any(|a| a == o || a == &o.to_lowercase());
                    answer.push(if right { '=' } else { '~' });
                    answer.push_str(&escape(o));
                    answer.push(' ');
                }
            }
            if !q.explanation_html.trim().is_empty() {
                answer.push_str("####");
                answer.push_str(&escape(q.explanation_html.trim_end()));
            }
            answer.push('}');
            // The missing word: the text before the blank, the answers, the text after.
            let text = blanks_as_gaps(&q.qt.fill_html, |_| "\u{0}".into());
            let (before, after) = text.split_once('\u{0}').unwrap_or((&text, ""));
            Some(format!(
                "{} {answer} {}\n",
                head(name, &format!("{}{}", q.prompt_html, before)),
                escape(after.trim_end())
            ))
        }
        _ => None,
    }
}

/// One knowledge-check item or self-check.
pub fn question(name: &str, q: &QuestionView, diags: &mut Diagnostics) -> String {
    if let Some(out) = qtypes_question(name, q, diags) {
        return out;
    }
    // A trace question asks about its program: it goes with the prompt (and is asked as
    // "does it compile?", its output or error line told in the feedback).
    let mut out = head(name, &format!("{}{}", q.prompt_html, q.program_html));
    if let Some(a) = &q.arrange {
        return arrange(out, q, a, diags);
    }
    match q.kind.as_str() {
        "true_false" => {
            let answer = q
                .options
                .iter()
                .find(|o| o.correct)
                .is_some_and(|o| o.id.ends_with("-true"));
            out.push_str(if answer { "{TRUE" } else { "{FALSE" });
            if !q.explanation_html.trim().is_empty() {
                out.push_str("####");
                out.push_str(&escape(q.explanation_html.trim_end()));
            }
            out.push_str("}\n");
            return out;
        }
        "short_answer" => {
            out.push_str("{\n");
            for a in &q.accepted {
                // `*` is Moodle's short-answer wildcard; `\*` matches a star.
                out.push_str("\t=");
                out.push_str(&escape(&a.replace('*', "\\*")));
                out.push('\n');
            }
        }
        kind => {
            let multiple = kind == "multiple";
            let right = q.options.iter().filter(|o| o.correct).count();
            let wrong = q.options.len() - right;
            if multiple && (right > SHARES.len() || wrong > SHARES.len()) {
                diags.push(Diagnostic::warning(
                    crate::config::CONFIG_FILE,
                    None,
                    format!("GIFT export: `{}` has more than {} right or wrong options; Moodle's grades cannot split them evenly", q.key, SHARES.len()),
                ).with_hint("choose \"Match grades: nearest grade\" when importing into Moodle"));
            }
            out.push_str("{\n");
            for o in &q.options {
                out.push('\t');
                if !multiple {
                    out.push(if o.correct { '=' } else { '~' });
                } else if o.correct {
                    out.push_str(&format!("~%{}%", share(right)));
                } else {
                    out.push_str(&format!("~%-{}%", share(wrong)));
                }
                out.push_str(&escape(&o.html));
                if !o.explanation_html.trim().is_empty() {
                    out.push('#');
                    out.push_str(&escape(o.explanation_html.trim_end()));
                }
                out.push('\n');
            }
        }
    }
    let mut feedback = q.explanation_html.clone();
    if q.kind == "trace" {
        feedback = format!("{}{feedback}", q.trace_answer_html);
    }
    general(&mut out, &feedback);
    out.push_str("}\n");
    out
}

/// An order or match question as a GIFT matching question (see the module's documentation).
fn arrange(
    mut out: String,
    q: &QuestionView,
    a: &crate::render::arrange::ArrangeView,
    diags: &mut Diagnostics,
) -> String {
    // Matching answers are plain text in Moodle.
    let plain = |html: &str| escape(&crate::render::search::text_of(html));
    let mut feedback = String::new();
    let mut answers = std::collections::BTreeSet::new();
    out.push_str("{\n");
    if q.kind == "order" {
        let mut n = 0;
        for l in &a.lines {
            let position = if l.used {
                n += 1;
                n.to_string()
            } else {
                "not used".to_string()
            };
            answers.insert(position.clone());
            out.push_str(&format!("\t={} -> {}\n", plain(&l.html), escape(&position)));
        }
        if a.indent {
            feedback.push_str("<pre><code>");
            for l in a.lines.iter().filter(|l| l.used) {
                feedback.push_str(&"    ".repeat(l.level));
                feedback.push_str(
                    l.html
                        .trim_start_matches("<code>")
                        .trim_end_matches("</code>"),
                );
                feedback.push('\n');
            }
            feedback.push_str("</code></pre>");
        }
    } else {
        for p in &a.pairs {
            let right = crate::render::search::text_of(&p.right_html);
            answers.insert(right.clone());
            out.push_str(&format!(
                "\t={} -> {}\n",
                plain(&p.left_html),
                escape(&right)
            ));
            if !p.explanation_html.is_empty() {
                feedback.push_str(&format!(
                    "<p>{} → {}: {}</p>",
                    p.left_html, p.right_html, p.explanation_html
                ));
            }
        }
        for r in a.rights.iter().filter(|r| r.key.starts_with('x')) {
            answers.insert(r.text.clone());
            out.push_str(&format!("\t= -> {}\n", escape(&r.text)));
        }
    }
    if a.pairs.len().max(a.lines.len()) < 2 || answers.len() < 3 {
        diags.push(Diagnostic::warning(
            crate::config::CONFIG_FILE,
            None,
            format!("GIFT export: `{}` has fewer than three different answers; Moodle's matching questions need at least two questions and three answers", q.key),
        ).with_hint("add a pair or a distractor to the question, or leave it out of the Moodle import"));
    }
    feedback.push_str(&q.explanation_html);
    general(&mut out, &feedback);
    out.push_str("}\n");
    out
}

/// 100 / n as a Moodle grade percentage.
fn share(n: usize) -> String {
    match SHARES.get(n.max(1) - 1) {
        Some(s) => s.to_string(),
        None => format!("{:.5}", 100.0 / n as f64),
    }
}

/// An interview question: an essay question with the model answer as general feedback.
pub fn essay(name: &str, card: &CardView) -> String {
    let mut answer = card.answer_html.trim_end().to_string();
    if !card.covers_html.is_empty() {
        answer.push_str("<p><strong>What a strong answer covers</strong></p><ul>");
        for c in &card.covers_html {
            answer.push_str("<li>");
            answer.push_str(c);
            answer.push_str("</li>");
        }
        answer.push_str("</ul>");
    }
    format!(
        "{}{{####{}}}\n",
        head(name, &card.question_html),
        escape(&answer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_control_character() {
        assert_eq!(
            escape("a~b=c#d{e}f:g\\h\ni\r\n"),
            "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni\\n"
        );
    }

    #[test]
    fn shares_are_moodle_grades() {
        assert_eq!(share(1), "100");
        assert_eq!(share(3), "33.33333");
        assert_eq!(share(7), "14.28571");
        assert_eq!(share(12), "8.33333");
    }
}
