//! The `render` stage: turns a loaded [`Book`] into page data — Markdown rendered, code
//! highlighted, quiz widgets built — without touching the file system. The theme stage turns
//! this data into HTML pages.

pub mod highlight;
pub mod markdown;
pub mod quiz;

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::content::{Book, Chapter, TocEntry};
use crate::diag::Diagnostic;
use markdown::{LinkTargets, Origin, Page};

/// Renders a single question widget; the theme implements it with its `self-check.html`
/// template, so inline self-checks in prose look like every other question.
pub trait Widgets: Sync {
    fn self_check(&self, check: &QuestionView, root: &str) -> Result<String, Diagnostic>;
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadingView {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    pub id: String,
    pub html: String,
    pub correct: bool,
    pub explanation_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: String,
    pub key: String,
    pub version: String,
    pub number: String,
    pub difficulty: Option<String>,
    pub kind: String,
    pub prompt_html: String,
    pub shuffle: bool,
    pub options: Vec<OptionView>,
    pub accepted: Vec<String>,
    pub explanation_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpView {
    pub question_html: String,
    pub answer_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: String,
    pub external: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub id: String,
    pub key: String,
    pub version: String,
    pub number: String,
    pub question_html: String,
    /// The question as written, for filtering and search.
    pub question_text: String,
    pub difficulty: String,
    pub companies: Vec<String>,
    pub tags: Vec<String>,
    pub answer_html: String,
    pub covers_html: Vec<String>,
    pub follow_ups: Vec<FollowUpView>,
    pub red_flag_html: String,
    pub sources: Vec<SourceView>,
    pub self_check: Option<QuestionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    pub id: String,
    pub key: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub number: String,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterView {
    pub id: String,
    pub url: String,
    pub number: String,
    pub title: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub draft: bool,
    pub content_html: String,
    pub headings: Vec<HeadingView>,
    pub sections: Vec<SectionView>,
    pub objectives: Vec<ObjectiveView>,
    pub knowledge_check: Vec<QuestionView>,
    pub interview: Vec<CardView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

/// One chapter page, ready for its template.
#[derive(Debug, Clone)]
pub struct ChapterPage {
    /// Path below the site root, e.g. `runtime/v8-memory.html`.
    pub path: String,
    /// Relative prefix to the site root.
    pub root: String,
    pub chapter: ChapterView,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntryView {
    pub id: String,
    pub title: String,
    pub number: String,
    pub url: String,
    pub summary: String,
    pub draft: bool,
    pub objectives: usize,
    pub checks: usize,
    pub questions: usize,
    pub children: Vec<TocEntryView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocPartView {
    pub title: String,
    pub chapters: Vec<TocEntryView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterRef {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// An interview question as listed on the browse-all page: enough to filter and find it; the
/// answer stays on its chapter page, so this page stays small however big the book grows.
#[derive(Debug, Clone, Serialize)]
pub struct BrowseEntry {
    pub id: String,
    pub number: String,
    pub question_html: String,
    pub question_text: String,
    pub difficulty: String,
    pub companies: Vec<String>,
    pub tags: Vec<String>,
    pub chapter: ChapterRef,
    /// The card's link from the site root: `<chapter page>#<card id>`.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Facets {
    pub chapters: Vec<ChapterRef>,
    pub difficulties: Vec<String>,
    pub companies: Vec<String>,
    pub tags: Vec<String>,
}

/// Everything the theme needs to write the site.
#[derive(Debug, Clone)]
pub struct RenderedBook {
    pub chapters: Vec<ChapterPage>,
    pub toc: Vec<TocPartView>,
    pub questions: Vec<BrowseEntry>,
    pub facets: Facets,
    /// `book-data.js`: the shared book structure for sidebars and progress.
    pub book_data_js: String,
    /// Files under the content folder to copy as they are (relative to it).
    pub assets: Vec<std::path::PathBuf>,
    pub diags: Vec<Diagnostic>,
}

/// A URL- and id-safe slug: lower case letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' || c == '-' || c.is_whitespace() || c == '.' || c == '/' {
            dash = true;
        }
    }
    out
}

/// The prefix from a page at `path` (below the site root) back to the root: `""`, `"../"`, …
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn short_hash(text: &str) -> String {
    let d = Sha256::digest(text.trim().as_bytes());
    d[..4].iter().map(|b| format!("{b:02x}")).collect()
}

pub fn render_book(book: &Book, widgets: &dyn Widgets) -> RenderedBook {
    let targets = LinkTargets {
        chapters: book.chapters.iter().map(|c| c.id.clone()).collect(),
        assets: book
            .assets
            .iter()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect(),
        drafts: book.left_out_drafts.iter().cloned().collect(),
    };
    let allow_raw_html = book.config.allow_raw_html;
    let rendered: Vec<RenderedChapter> = book
        .chapters
        .par_iter()
        .map(|c| render_chapter(c, allow_raw_html, widgets, &targets))
        .collect();
    let mut diags = Vec::new();
    let mut views = Vec::with_capacity(rendered.len());
    let mut page_ids = std::collections::HashMap::new();
    let mut anchor_links = Vec::new();
    for r in rendered {
        page_ids.insert(r.view.id.clone(), r.ids);
        anchor_links.extend(r.anchor_links);
        views.push(r.view);
        diags.extend(r.diags);
    }
    check_anchors(&anchor_links, &page_ids, &mut diags);

    let link = |from_root: &str, c: &Chapter| NavLink {
        title: c.front.title.clone(),
        url: format!("{from_root}{}", c.output_path()),
    };
    let chapters: Vec<ChapterPage> = views
        .iter()
        .enumerate()
        .map(|(i, view)| {
            let path = book.chapters[i].output_path();
            let root = root_of(&path);
            ChapterPage {
                prev: i.checked_sub(1).map(|p| link(&root, &book.chapters[p])),
                next: book.chapters.get(i + 1).map(|n| link(&root, n)),
                chapter: view.clone(),
                path,
                root,
            }
        })
        .collect();

    let toc = book
        .toc
        .iter()
        .map(|p| TocPartView {
            title: p.title.clone().unwrap_or_default(),
            chapters: p
                .entries
                .iter()
                .map(|e| toc_view(e, book, &views))
                .collect(),
        })
        .collect();

    let mut questions = Vec::new();
    for (i, view) in views.iter().enumerate() {
        let chapter = ChapterRef {
            id: view.id.clone(),
            title: view.title.clone(),
            url: book.chapters[i].output_path(),
        };
        for card in &view.interview {
            questions.push(BrowseEntry {
                url: format!("{}#{}", chapter.url, card.id),
                id: card.id.clone(),
                number: card.number.clone(),
                question_html: card.question_html.clone(),
                question_text: card.question_text.clone(),
                difficulty: card.difficulty.clone(),
                companies: card.companies.clone(),
                tags: card.tags.clone(),
                chapter: chapter.clone(),
            });
        }
    }
    let sorted = |it: &mut dyn Iterator<Item = String>| {
        it.collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>()
    };
    let facets = Facets {
        chapters: views
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.interview.is_empty())
            .map(|(i, v)| ChapterRef {
                id: v.id.clone(),
                title: v.title.clone(),
                url: book.chapters[i].output_path(),
            })
            .collect(),
        difficulties: crate::content::model::Difficulty::ALL
            .iter()
            .map(|d| d.as_str().to_string())
            .filter(|d| questions.iter().any(|q| &q.difficulty == d))
            .collect(),
        companies: sorted(
            &mut questions
                .iter()
                .flat_map(|q| q.companies.iter().cloned()),
        ),
        tags: sorted(&mut questions.iter().flat_map(|q| q.tags.iter().cloned())),
    };

    let book_data_js = book_data(book, &views);
    RenderedBook {
        chapters,
        toc,
        questions,
        facets,
        book_data_js,
        assets: book.assets.clone(),
        diags,
    }
}

/// One chapter's render result, with what is needed to check links between pages.
struct RenderedChapter {
    view: ChapterView,
    diags: Vec<Diagnostic>,
    ids: std::collections::HashSet<String>,
    anchor_links: Vec<markdown::AnchorLink>,
}

/// Reports links to `#anchors` that do not exist on their target page.
fn check_anchors(
    links: &[markdown::AnchorLink],
    page_ids: &std::collections::HashMap<String, std::collections::HashSet<String>>,
    diags: &mut Vec<Diagnostic>,
) {
    for link in links {
        let Some(ids) = page_ids.get(&link.chapter) else {
            continue;
        };
        if ids.contains(&link.fragment) {
            continue;
        }
        let mut d = Diagnostic::error(
            &link.file,
            link.position,
            format!(
                "the anchor `#{}` does not exist on the page of `{}`",
                link.fragment, link.chapter
            ),
        );
        d = match crate::diag::did_you_mean(&link.fragment, ids.iter().map(String::as_str)) {
            Some(best) => d.with_hint(format!("did you mean `#{best}`?")),
            None => d.with_hint("anchors are the headings' slugs (lower case, words joined by `-`) and the ids of questions (`q-<id>`)"),
        };
        diags.push(d);
    }
}

fn render_chapter(
    c: &Chapter,
    allow_raw_html: bool,
    widgets: &dyn Widgets,
    targets: &LinkTargets,
) -> RenderedChapter {
    let path = c.output_path();
    let root = root_of(&path);
    let mut page = Page::new(&c.id, &root, allow_raw_html, widgets, targets);
    page.collect_headings = true;
    let content_html = page.block(
        &c.body,
        Origin::File {
            file: &c.file,
            line_offset: c.body_line_offset,
        },
    );
    page.collect_headings = false;

    let front_origin = Origin::Field {
        file: &c.file,
        position: None,
    };
    let objectives: Vec<ObjectiveView> = c
        .front
        .objectives
        .iter()
        .enumerate()
        .map(|(i, o)| ObjectiveView {
            id: page.unique_id(&format!("objective-{}", i + 1)),
            key: format!("{}#objective:{}", c.id, short_hash(o)),
            html: page.inline(o, front_origin),
        })
        .collect();

    let mut knowledge_check = Vec::new();
    let mut interview = Vec::new();
    if let Some(q) = &c.questions {
        let at = crate::content::yaml::Embedding::default();
        for (i, item) in q.data.knowledge_check.iter().enumerate() {
            let origin = Origin::Field {
                file: &q.file,
                position: at.position(item.referenced),
            };
            knowledge_check.push(quiz::check_item_view(&mut page, &item.value, i + 1, origin));
        }
        for (i, item) in q.data.interview.iter().enumerate() {
            let origin = Origin::Field {
                file: &q.file,
                position: at.position(item.referenced),
            };
            interview.push(quiz::card_view(&mut page, &item.value, i + 1, origin));
        }
    }

    let mut sections = Vec::new();
    for (present, id, title) in [
        (!objectives.is_empty(), "objectives", "Learning objectives"),
        (
            !knowledge_check.is_empty(),
            "knowledge-check",
            "Knowledge check",
        ),
        (
            !interview.is_empty(),
            "interview-questions",
            "Interview questions",
        ),
    ] {
        if present {
            sections.push(SectionView {
                number: format!("{:02}", sections.len() + 1),
                id: id.into(),
                title: title.into(),
            });
        }
    }

    let view = ChapterView {
        id: c.id.clone(),
        url: path.rsplit('/').next().unwrap_or(&path).to_string(),
        number: c.number.clone().unwrap_or_default(),
        title: c.front.title.clone(),
        summary: c.front.summary.trim().to_string(),
        tags: c.front.tags.clone(),
        draft: c.front.draft,
        content_html,
        headings: std::mem::take(&mut page.headings),
        sections,
        objectives,
        knowledge_check,
        interview,
    };
    RenderedChapter {
        view,
        ids: page.ids().clone(),
        anchor_links: std::mem::take(&mut page.anchor_links),
        diags: page.diags,
    }
}

fn toc_view(e: &TocEntry, book: &Book, views: &[ChapterView]) -> TocEntryView {
    let (id, url, summary, draft, objectives, checks, questions) = match e.chapter {
        Some(i) => {
            let v = &views[i];
            (
                v.id.clone(),
                book.chapters[i].output_path(),
                v.summary.clone(),
                v.draft,
                v.objectives.len(),
                v.knowledge_check.len(),
                v.interview.len(),
            )
        }
        None => (String::new(), String::new(), String::new(), true, 0, 0, 0),
    };
    TocEntryView {
        id,
        title: e.title.clone(),
        number: e.number.clone().unwrap_or_default(),
        url,
        summary,
        draft,
        objectives,
        checks,
        questions,
        children: e
            .children
            .iter()
            .map(|c| toc_view(c, book, views))
            .collect(),
    }
}

#[derive(Serialize)]
struct BookData<'a> {
    id: String,
    title: &'a str,
    chapters: Vec<BookDataChapter<'a>>,
}

#[derive(Serialize)]
struct BookDataChapter<'a> {
    id: &'a str,
    title: &'a str,
    number: &'a str,
    url: String,
    depth: usize,
    part: String,
    objectives: usize,
    checks: usize,
    questions: usize,
}

fn book_data(book: &Book, views: &[ChapterView]) -> String {
    let data = BookData {
        id: book_id(&book.config.title),
        title: &book.config.title,
        chapters: views
            .iter()
            .zip(&book.chapters)
            .map(|(v, c)| BookDataChapter {
                id: &v.id,
                title: &v.title,
                number: &v.number,
                url: c.output_path(),
                depth: c.depth,
                part: book
                    .toc
                    .get(c.part)
                    .and_then(|p| p.title.clone())
                    .unwrap_or_default(),
                objectives: v.objectives.len(),
                checks: v.knowledge_check.len(),
                questions: v.interview.len(),
            })
            .collect(),
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    format!("window.LECTERN_BOOK = {json};\n")
}

/// The namespace of a book's reader storage.
pub fn book_id(title: &str) -> String {
    let slug = slugify(title);
    if slug.is_empty() {
        "book".into()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("V8, memory & frameworks"), "v8-memory-frameworks");
        assert_eq!(slugify("  What's `next()`? "), "whats-next");
        assert_eq!(slugify("Ünïcode Überall"), "ünïcode-überall");
    }

    #[test]
    fn roots() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("a/b/c.html"), "../../");
    }
}
