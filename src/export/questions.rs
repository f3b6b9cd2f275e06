//! The questions of a book, loaded and rendered as for a build (same validation, same
//! Markdown), for the question exports: every chapter's knowledge check, inline self-checks and
//! interview cards with their HTML.

use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diag::Diagnostics;
use crate::render::{self, QuestionView, ReviewChapter};
use crate::theme::Theme;

/// A book's questions in reading order.
pub struct BookQuestions {
    pub title: String,
    /// The book's id (its storage namespace), used to make note ids unique across books.
    pub id: String,
    pub chapters: Vec<Arc<ReviewChapter>>,
    /// Warnings of the load (errors stop the export).
    pub diags: Diagnostics,
}

/// Loads, validates and renders the book at `root`. Errors are returned as they would be by
/// `lectern build`; nothing is written.
pub fn load(root: &Path) -> Result<BookQuestions, Diagnostics> {
    let config = Config::load(root)?;
    let (book, mut diags) = content::load(&config, LoadOptions::default());
    diags.extend(config.warnings.iter().cloned());
    let theme = match Theme::load(&config) {
        Ok(t) => Some(t),
        Err(ds) => {
            diags.extend(ds);
            None
        }
    };
    let (Some(mut book), Some(theme)) = (book, theme) else {
        diags.sort();
        return Err(diags);
    };
    crate::directives::expand_loaded(&mut book, &mut diags);
    let rendered = render::render_book(&book, &theme, None, |_| Ok(()));
    diags.extend(rendered.diags.iter().cloned());
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(BookQuestions {
        title: config.title.clone(),
        id: render::book_id(&config.title),
        chapters: rendered.review(),
        diags,
    })
}

/// What an exported question is, for names and tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    KnowledgeCheck,
    SelfCheck,
    Interview,
}

impl Kind {
    pub fn slug(self) -> &'static str {
        match self {
            Kind::KnowledgeCheck => "knowledge-check",
            Kind::SelfCheck => "self-check",
            Kind::Interview => "interview",
        }
    }
}

/// One quiz question (knowledge-check item or self-check) with where it comes from.
pub struct Quiz<'a> {
    pub kind: Kind,
    pub question: &'a QuestionView,
    /// A readable label within the chapter: "knowledge check 02", "self-check 1",
    /// "self-check of interview question 03".
    pub label: String,
}

/// The quiz questions of a chapter in page order: knowledge check, inline self-checks, then the
/// cards' self-checks.
pub fn quizzes(c: &ReviewChapter) -> Vec<Quiz<'_>> {
    let mut out: Vec<Quiz> = c
        .checks
        .iter()
        .map(|q| Quiz {
            kind: Kind::KnowledgeCheck,
            question: q,
            label: format!("knowledge check {}", q.number),
        })
        .collect();
    out.extend(c.inline_checks.iter().enumerate().map(|(i, q)| Quiz {
        kind: Kind::SelfCheck,
        question: q,
        label: format!("self-check {}", i + 1),
    }));
    out.extend(c.cards.iter().filter_map(|card| {
        card.self_check.as_ref().map(|q| Quiz {
            kind: Kind::SelfCheck,
            question: q,
            label: format!("self-check of interview question {}", card.number),
        })
    }));
    out
}

/// `2.1 Title`, or the title alone for an unnumbered chapter.
pub fn chapter_name(c: &ReviewChapter) -> String {
    if c.number.is_empty() {
        c.title.clone()
    } else {
        format!("{} {}", c.number, c.title)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_the_text_of_the_html() {
        // Names take the text search reads (one collector for both).
        assert_eq!(
            crate::render::search::text_of("What does <code>a &amp;&amp; b</code>\n  return?"),
            "What does a && b return?"
        );
        assert_eq!(
            crate::render::search::text_of("Caf&eacute; <em>au</em>&nbsp;lait&#x3f;"),
            "Café au lait?"
        );
    }
}
