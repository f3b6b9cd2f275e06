//! The `render` stage: turns a loaded [`Book`] into page data — Markdown rendered, code
//! highlighted, quiz widgets built — without touching the file system. The theme stage turns
//! this data into HTML pages.

pub mod arrange;
pub mod code;
pub mod highlight;
pub mod icons;
pub mod ids;
pub mod markdown;
pub mod math;
pub mod print;
pub mod qtypes;
pub mod quiz;
pub mod search;
pub mod tags;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::content::{Book, Chapter, TocEntry};
use crate::diag::Diagnostic;
use markdown::{relative_url, LinkTargets, Origin, Page};

/// Renders a single question widget; the theme implements it with its `self-check.html`
/// template, so inline self-checks in prose look like every other question.
pub trait Widgets: Sync {
    fn self_check(&self, check: &QuestionView, root: &str) -> Result<String, Diagnostic>;

    /// Changes when the widgets' output may change (a template was edited).
    fn fingerprint(&self) -> u64 {
        0
    }

    /// The interface string `key` in the book's language, placeholders filled from `args`
    /// (labels the Markdown stage writes: code notes, alert titles, footnote links). English
    /// unless the widgets know the book's strings.
    fn text(&self, key: &str, args: &[(&str, crate::strings::Arg)]) -> String {
        static EN: std::sync::OnceLock<crate::strings::Strings> = std::sync::OnceLock::new();
        EN.get_or_init(|| crate::strings::Strings::new("en", &Default::default()))
            .text(key, args)
    }

    /// The book's language tag (which verdict words an explanation may start with).
    fn language(&self) -> &str {
        "en"
    }

    /// Whether the reader's scripts ask for the interface string `key` (book-data.js carries
    /// only those). Every key unless the widgets know their scripts.
    fn script_string(&self, _key: &str) -> bool {
        true
    }
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
    /// A short answer typed in a multi-line field (a long answer, code, a program's output).
    pub multiline: bool,
    /// A `trace` question's program, highlighted, and its number of lines.
    pub program_html: String,
    pub program_lines: usize,
    /// Whether a `trace` question's program compiles.
    pub compiles: bool,
    /// A `trace` question's answer in words, in the book's language, as HTML: whether it
    /// compiles, and its output or the line of its error (for exports, which have no widget to
    /// mark it). Empty for other kinds.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub trace_answer_html: String,
    /// An `order` or `match` question's lines or pairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrange: Option<arrange::ArrangeView>,
    /// Hints and what the numeric, fill and native trace kinds add.
    pub qt: QtView,
}

impl QuestionView {
    /// Whether the question's widget needs `qtypes.js`: it has words for it.
    pub fn needs_qtypes(&self) -> bool {
        !self.qt.strings.is_empty()
    }
}

/// What the numeric and fill kinds, native trace questions and hints add to a question.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QtView {
    /// Hints (HTML each), revealed one at a time.
    pub hints_html: Vec<String>,
    /// A numeric question's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numeric: Option<NumericView>,
    /// A fill question's text with its blanks in place (HTML; `@@QID@@` stands for the
    /// question's HTML id, which the template knows).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fill_html: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blanks: Vec<BlankView>,
    /// A trace question's pattern for the output (JavaScript regular expression).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub regex: String,
    /// A trace question's real output or error, shown with the explanation.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The reader-facing words `qtypes.js` needs for this question, in the book's language:
    /// a JSON object (see [`qtypes`]).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub strings: String,
}

/// A numeric question's answer: the number, how far from it is still right, the unit, and
/// the whole as the reader is shown it ("42.5 ± 0.5 ms").
#[derive(Debug, Clone, Serialize)]
pub struct NumericView {
    pub answer: f64,
    pub tolerance: f64,
    pub unit: String,
    pub shown: String,
}

/// One blank of a fill question.
#[derive(Debug, Clone, Serialize)]
pub struct BlankView {
    /// Accepted answers: normalised (spacing collapsed, lower case unless `case`).
    pub accepted: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub regex: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub case: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// Writes [`QuestionView::trace_answer_html`] from the question's answer, in `widgets`' words.
fn trace_answer_words(q: &QuestionView, widgets: &dyn Widgets) -> String {
    use crate::strings::Arg;
    let told = q.accepted.first().map(|a| highlight::escape(a));
    let p = |key: &str, args: &[(&str, Arg)]| {
        format!("<p>{}</p>", highlight::escape(&widgets.text(key, args)))
    };
    match (q.compiles, told) {
        (true, Some(out)) => format!("{}<pre>{out}</pre>", p("question.compiles_prints", &[])),
        (true, None) => p("question.compiles", &[]),
        (false, Some(line)) => p("question.fails_on_line", &[("line", Arg::Text(&line))]),
        (false, None) => p("question.fails", &[]),
    }
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

/// A company tag of a card: its name, and where the tag comes from when the author says.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct CompanyView {
    pub name: String,
    /// An http(s) URL where the tag comes from.
    pub source: Option<String>,
    /// Where the tag comes from, in words (plain text).
    pub note: Option<String>,
    /// The tag's footnote mark on its card ("1", "2", …) when it has a source or a note, so
    /// the chip can point at the line that gives it; empty otherwise.
    pub mark: String,
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
    /// `easy`, `medium` or `hard`; `None` when the card has no difficulty (no chip).
    pub difficulty: Option<String>,
    pub companies: Vec<CompanyView>,
    /// The companies with a source or a note (their marks are "1", "2", …), for the lines
    /// that give them.
    pub company_sources: Vec<CompanyView>,
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
    /// The English title; pages show the string `<strings>.title` in the book's language.
    pub title: String,
    /// The section's table in the interface strings (`objectives`, `knowledge_check`,
    /// `interview`), whose `title` and `intro` the page shows.
    pub strings: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterView {
    pub id: String,
    pub url: String,
    pub number: String,
    pub title: String,
    /// The browser tab's title when `{{#title …}}` sets one apart from the chapter's.
    pub page_title: Option<String>,
    pub summary: String,
    pub tags: Vec<String>,
    pub draft: bool,
    /// Of a translation: the page shows the book's own chapter, not translated yet.
    pub untranslated: bool,
    /// Front matter `strings:`: this page's own wording for interface strings.
    pub strings: std::collections::BTreeMap<String, crate::strings::Entry>,
    /// The chapter's own `# heading` when its text opens with one (as mdBook chapters do): the
    /// page shows it as its title, with its id, instead of a second h1 above it.
    pub title_html: Option<String>,
    pub content_html: String,
    pub headings: Vec<HeadingView>,
    pub sections: Vec<SectionView>,
    pub objectives: Vec<ObjectiveView>,
    pub knowledge_check: Vec<QuestionView>,
    pub interview: Vec<CardView>,
    /// Whether the page has an `order` or `match` question (it then loads arrange.js).
    pub arrange: bool,
    /// Whether the page has a question that needs `qtypes.js` (numeric, fill, hints…).
    pub qtypes: bool,
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
    pub chapter: Arc<ChapterView>,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    /// Changes whenever anything on the page may change (its chapter's inputs, its
    /// neighbours, the theme): a page with the same key renders to the same bytes.
    pub key: u64,
}

#[derive(Debug, Clone, Hash, Serialize)]
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

#[derive(Debug, Clone, Hash, Serialize)]
pub struct TocPartView {
    pub title: String,
    pub chapters: Vec<TocEntryView>,
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct ChapterRef {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// An interview question as listed on the browse-all page: enough to filter and find it; the
/// answer stays on its chapter page, so this page stays small however big the book grows.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct BrowseEntry {
    pub id: String,
    pub number: String,
    pub question_html: String,
    pub question_text: String,
    /// As on the card: `None` is "unrated" for the difficulty filter.
    pub difficulty: Option<String>,
    pub companies: Vec<CompanyView>,
    /// As on the card.
    pub company_sources: Vec<CompanyView>,
    /// The companies' names, for the company filter.
    pub company_names: Vec<String>,
    pub tags: Vec<String>,
    pub chapter: ChapterRef,
    /// The card's link from the site root: `<chapter page>#<card id>`.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Facets {
    pub chapters: Vec<ChapterRef>,
    pub difficulties: Vec<String>,
    /// Whether some question has no difficulty: the filter then offers "Unrated".
    pub unrated: bool,
    pub companies: Vec<String>,
    pub tags: Vec<String>,
}

/// The questions of one chapter, with everything needed to ask them away from their page:
/// the review page (`review-data.js`) and the question exports (Anki, GIFT).
#[derive(Debug, Clone, Serialize)]
pub struct ReviewChapter {
    pub id: String,
    pub title: String,
    pub number: String,
    /// The chapter page, from the site root.
    pub url: String,
    pub tags: Vec<String>,
    /// Knowledge-check items, in order.
    pub checks: Vec<QuestionView>,
    /// Inline self-checks of the prose, in page order.
    pub inline_checks: Vec<QuestionView>,
    /// Interview cards, each with its self-check if it has one.
    pub cards: Vec<CardView>,
}

impl ReviewChapter {
    /// Inline and card self-checks.
    pub fn self_check_count(&self) -> usize {
        self.inline_checks.len() + self.cards.iter().filter(|c| c.self_check.is_some()).count()
    }
}

/// Everything the theme needs for the whole-book pages (index, browse-all, book data). The
/// chapter pages themselves are handed to the caller one by one as they are rendered, so a
/// big book never has to be held in memory at once.
///
/// The heavier whole-book data (browse-all, review data, search) is put together on demand,
/// and each comes with a fingerprint of what it is made of, so `lectern serve` can keep
/// what an edit did not change.
#[derive(Debug, Clone)]
pub struct RenderedBook {
    pub toc: Vec<TocPartView>,
    /// `book-data.js`: the shared book structure for sidebars and progress.
    pub book_data_js: String,
    /// Files under the content folder to copy as they are (relative to it).
    pub assets: Vec<std::path::PathBuf>,
    /// Where each of `assets` is read from (absolute; for a translation, the book's own
    /// content folder for the files it has no copy of).
    pub asset_sources: Vec<std::path::PathBuf>,
    /// Every chapter page's path, in reading order.
    pub chapter_paths: Vec<String>,
    /// Where Lectern's contents page goes: `index.html`, or `contents.html` when a chapter
    /// (the book's `README.md`) is the front page.
    pub contents_page: &'static str,
    pub diags: Vec<Diagnostic>,
    /// What the whole-book data is made of, chapter by chapter in reading order.
    chapters: Vec<Arc<ChapterMeta>>,
    book_id: String,
}

impl RenderedBook {
    /// Every interview question of the book, in reading order, and the filters of the
    /// browse-all page.
    pub fn browse(&self) -> (Vec<BrowseEntry>, Facets) {
        let questions: Vec<BrowseEntry> = self
            .chapters
            .iter()
            .flat_map(|m| m.questions.iter().cloned())
            .collect();
        let sorted = |it: &mut dyn Iterator<Item = String>| {
            it.collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>()
        };
        let facets = Facets {
            chapters: self
                .chapters
                .iter()
                .zip(&self.chapter_paths)
                .filter(|(m, _)| !m.questions.is_empty())
                .map(|(m, url)| ChapterRef {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    url: relative_url(url.clone()),
                })
                .collect(),
            difficulties: crate::content::model::Difficulty::ALL
                .iter()
                .map(|d| d.as_str().to_string())
                .filter(|d| questions.iter().any(|q| q.difficulty.as_ref() == Some(d)))
                .collect(),
            unrated: questions.iter().any(|q| q.difficulty.is_none()),
            companies: sorted(
                &mut questions
                    .iter()
                    .flat_map(|q| q.company_names.iter().cloned()),
            ),
            tags: sorted(&mut questions.iter().flat_map(|q| q.tags.iter().cloned())),
        };
        (questions, facets)
    }

    /// Changes whenever [`RenderedBook::browse`] may.
    pub fn browse_fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        for m in &self.chapters {
            m.questions_fingerprint.hash(&mut h);
        }
        h.finish()
    }

    /// Every chapter's questions, in reading order.
    pub fn review(&self) -> Vec<Arc<ReviewChapter>> {
        self.chapters.iter().map(|m| m.review.clone()).collect()
    }

    /// `review-data.js`: every question of the book with its answer key, for the review
    /// page.
    pub fn review_data_js(&self) -> String {
        review_data_js(&self.book_id, &self.review_fragments())
    }

    /// The parts [`RenderedBook::review_data_js`] is joined from (each chapter's, shared), to
    /// join them later.
    pub fn review_fragments(&self) -> Vec<Arc<str>> {
        self.chapters
            .iter()
            .map(|m| m.review_json.clone())
            .collect()
    }

    /// Changes whenever [`RenderedBook::review_data_js`] may.
    pub fn review_fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.book_id.hash(&mut h);
        for m in &self.chapters {
            m.review_fingerprint.hash(&mut h);
        }
        h.finish()
    }

    pub fn book_id(&self) -> &str {
        &self.book_id
    }

    /// Every chapter's searchable documents, in reading order (for `search-index.js`).
    pub fn search(&self) -> Vec<crate::render::search::SearchChapter> {
        self.chapters
            .iter()
            .zip(&self.chapter_paths)
            .map(|(m, url)| crate::render::search::SearchChapter {
                number: m.number.clone(),
                title: m.title.clone(),
                url: relative_url(url.clone()),
                docs: m.search.clone(),
            })
            .collect()
    }

    /// Changes whenever [`RenderedBook::search`] may.
    pub fn search_fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        for (m, url) in self.chapters.iter().zip(&self.chapter_paths) {
            (m.search_fingerprint, &m.number, &m.title, url).hash(&mut h);
        }
        h.finish()
    }
}

/// What the whole-book pages need to know of a rendered chapter.
#[derive(Debug, Clone)]
struct ChapterMeta {
    id: String,
    title: String,
    number: String,
    summary: String,
    draft: bool,
    objectives: usize,
    checks: usize,
    questions: Vec<BrowseEntry>,
    questions_fingerprint: u64,
    review: Arc<ReviewChapter>,
    /// The chapter's entry of `review-data.js`.
    review_json: Arc<str>,
    review_fingerprint: u64,
    /// Every id on the page and the page's links to anchors, to check links between pages.
    ids: std::collections::HashSet<String>,
    anchor_links: Vec<markdown::AnchorLink>,
    /// The page's searchable parts (prose by heading, cards).
    search: Arc<Vec<crate::render::search::SearchDoc>>,
    search_fingerprint: u64,
    diags: Vec<Diagnostic>,
}

/// Chapters rendered by earlier builds (for `lectern serve`): a chapter whose inputs have not
/// changed is not rendered again.
#[derive(Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, Arc<CachedChapter>>>,
}

struct CachedChapter {
    /// What the chapter was rendered from.
    inputs: Chapter,
    shared_key: u64,
    /// Tells this rendering from every other one of the process.
    generation: u64,
    view: Arc<ChapterView>,
    meta: Arc<ChapterMeta>,
}

/// Whether two chapters render alike. The text of a chapter the loader did not read again is
/// the same allocation, so for most chapters this compares pointers, not text.
fn same_inputs(a: &Chapter, b: &Chapter) -> bool {
    let same_questions = match (&a.questions, &b.questions) {
        (None, None) => true,
        (Some(x), Some(y)) => Arc::ptr_eq(x, y) || (x.file == y.file && x.text == y.text),
        _ => false,
    };
    same_questions
        && a.id == b.id
        && a.file == b.file
        && a.number == b.number
        && a.depth == b.depth
        && a.part == b.part
        && a.body_line_offset == b.body_line_offset
        && a.front == b.front
        && a.untranslated == b.untranslated
        && a.expansion == b.expansion
        && (Arc::ptr_eq(&a.body, &b.body) || a.body == b.body)
}

pub use crate::text::slugify;

/// A hash of `value`, to tell whether what something is made of changed (within one process).
pub(crate) fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The prefix from a page at `path` (below the site root) back to the root: `""`, `"../"`, …
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The rendered prose split into its opening h1, if the prose starts with one, and the rest.
fn split_leading_h1(html: String) -> (Option<String>, String) {
    let start = html.len() - html.trim_start().len();
    if !html[start..].starts_with("<h1") {
        return (None, html);
    }
    let Some(end) = html[start..]
        .find("</h1>")
        .map(|i| start + i + "</h1>".len())
    else {
        return (None, html);
    };
    let rest = html[end..].trim_start_matches('\n').to_string();
    (Some(html[start..end].to_string()), rest)
}

fn short_hash(text: &str) -> String {
    let d = Sha256::digest(text.trim().as_bytes());
    d[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// Renders every chapter (in parallel) and hands each page to `emit` as soon as it is ready;
/// returns the data of the whole-book pages. With a `cache`, chapters whose inputs are
/// unchanged since the last call are not rendered again.
pub fn render_book<E>(
    book: &Book,
    widgets: &dyn Widgets,
    cache: Option<&RenderCache>,
    emit: E,
) -> RenderedBook
where
    E: Fn(ChapterPage) -> Result<(), Diagnostic> + Sync,
{
    let targets = LinkTargets::new(
        book.chapters.iter().map(|c| c.id.clone()).collect(),
        book.assets
            .iter()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect(),
        book.left_out_drafts.iter().cloned().collect(),
    );
    let allow_raw_html = book.config.allow_raw_html;
    let math = math::MathSyntax {
        dollars: book.config.math,
        brackets: book.config.mathjax_support,
    };
    // What every chapter's rendering depends on besides its own files.
    let shared_key = {
        let mut h = DefaultHasher::new();
        let mut sorted: Vec<&String> = targets
            .chapters
            .iter()
            .chain(&targets.assets)
            .chain(&targets.drafts)
            .collect();
        sorted.sort();
        sorted.hash(&mut h);
        allow_raw_html.hash(&mut h);
        book.config.smart_punctuation.hash(&mut h);
        math.hash(&mut h);
        book.config.hidelines.hash(&mut h);
        widgets.fingerprint().hash(&mut h);
        h.finish()
    };
    let link = |from_root: &str, c: &Chapter| NavLink {
        title: c.front.title.clone(),
        url: relative_url(format!("{from_root}{}", c.output_path())),
    };

    static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let metas: Vec<(Arc<ChapterMeta>, Option<Diagnostic>)> = book
        .chapters
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let cached = cache.and_then(|cache| {
                cache
                    .entries
                    .lock()
                    .ok()?
                    .get(&c.id)
                    .filter(|e| e.shared_key == shared_key && same_inputs(&e.inputs, c))
                    .cloned()
            });
            let entry = match cached {
                Some(e) => e,
                None => {
                    let (view, meta) = render_chapter(
                        c,
                        allow_raw_html,
                        book.config.smart_punctuation,
                        math,
                        &book.config.hidelines,
                        widgets,
                        &targets,
                    );
                    let e = Arc::new(CachedChapter {
                        inputs: c.clone(),
                        shared_key,
                        generation: GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                        view: Arc::new(view),
                        meta: Arc::new(meta),
                    });
                    if let Some(cache) = cache {
                        if let Ok(mut entries) = cache.entries.lock() {
                            entries.insert(c.id.clone(), e.clone());
                        }
                    }
                    e
                }
            };
            let path = c.output_path();
            let root = root_of(&path);
            let prev = i.checked_sub(1).map(|p| link(&root, &book.chapters[p]));
            let next = book.chapters.get(i + 1).map(|n| link(&root, n));
            let page_key = fingerprint(&(
                entry.generation,
                // Every page links to the contents page, which moves when a chapter becomes
                // the front page (or stops being it).
                targets.contents_page,
                prev.as_ref().map(|n| (&n.title, &n.url)),
                next.as_ref().map(|n| (&n.title, &n.url)),
            ));
            let emitted = emit(ChapterPage {
                path,
                root,
                chapter: entry.view.clone(),
                prev,
                next,
                key: page_key,
            })
            .err();
            (entry.meta.clone(), emitted)
        })
        .collect();
    if let Some(cache) = cache {
        // Forget chapters that are gone, so the cache does not grow across renames.
        if let Ok(mut entries) = cache.entries.lock() {
            let ids: std::collections::HashSet<&str> =
                book.chapters.iter().map(|c| c.id.as_str()).collect();
            entries.retain(|id, _| ids.contains(id.as_str()));
        }
    }

    let mut diags = Vec::new();
    let mut page_ids = HashMap::new();
    let mut anchor_links = Vec::new();
    let mut chapters = Vec::with_capacity(metas.len());
    for (meta, emitted) in metas {
        diags.extend(meta.diags.iter().cloned());
        diags.extend(emitted);
        anchor_links.extend(meta.anchor_links.iter().cloned());
        chapters.push(meta);
    }
    for m in &chapters {
        page_ids.insert(m.id.clone(), &m.ids);
    }
    check_anchors(&anchor_links, &page_ids, &mut diags);

    let toc = book
        .toc
        .iter()
        .map(|p| TocPartView {
            title: p.title.clone().unwrap_or_default(),
            chapters: p
                .entries
                .iter()
                .map(|e| toc_view(e, book, &chapters))
                .collect(),
        })
        .collect();
    let book_data_js = book_data(book, &chapters, widgets);
    RenderedBook {
        toc,
        book_data_js,
        assets: book.assets.clone(),
        asset_sources: book.assets.iter().map(|a| book.source_of(a)).collect(),
        chapter_paths: book.chapters.iter().map(Chapter::output_path).collect(),
        contents_page: targets.contents_page,
        diags,
        chapters,
        book_id: book_id(&book.config.title),
    }
}

/// Renders every chapter and collects the pages (for tests and small books).
pub fn render_book_pages(book: &Book, widgets: &dyn Widgets) -> (RenderedBook, Vec<ChapterPage>) {
    let pages = Mutex::new(Vec::new());
    let rendered = render_book(book, widgets, None, |p| {
        pages
            .lock()
            .expect("no panics while holding the lock")
            .push(p);
        Ok(())
    });
    let mut pages = pages
        .into_inner()
        .expect("no panics while holding the lock");
    let order: HashMap<&str, usize> = book
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    pages.sort_by_key(|p| {
        order
            .get(p.chapter.id.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
    (rendered, pages)
}

/// Reports links to `#anchors` that do not exist on their target page.
fn check_anchors(
    links: &[markdown::AnchorLink],
    page_ids: &HashMap<String, &std::collections::HashSet<String>>,
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
    smart_punctuation: bool,
    math: math::MathSyntax,
    hidelines: &std::collections::BTreeMap<String, String>,
    widgets: &dyn Widgets,
    targets: &LinkTargets,
) -> (ChapterView, ChapterMeta) {
    let path = c.output_path();
    let root = root_of(&path);
    let mut page = Page::new(&c.id, &root, allow_raw_html, widgets, targets);
    page.imported = &c.expansion.questions;
    page.smart_punctuation = smart_punctuation;
    page.math = math;
    page.field_sources
        .push((&c.file, &c.body, c.body_line_offset));
    if let Some(q) = &c.questions {
        page.field_sources.push((&q.file, &q.text, 0));
    }
    page.hidelines = Some(hidelines);
    page.reserve(ids::of_chapter(c));
    page.collect_headings = true;
    let content_html = page.block(
        &c.body,
        Origin::File {
            file: &c.file,
            line_offset: c.body_line_offset,
        },
    );
    page.collect_headings = false;
    let (title_html, content_html) = split_leading_h1(content_html);

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
            id: page.unique_id(&ids::objective(i + 1)),
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
    for (present, id, title, strings) in [
        (
            !objectives.is_empty(),
            "objectives",
            "Learning objectives",
            "objectives",
        ),
        (
            !knowledge_check.is_empty(),
            "knowledge-check",
            "Knowledge check",
            "knowledge_check",
        ),
        (
            !interview.is_empty(),
            "interview-questions",
            "Interview questions",
            "interview",
        ),
    ] {
        if present {
            sections.push(SectionView {
                number: format!("{:02}", sections.len() + 1),
                id: id.into(),
                title: title.into(),
                strings: strings.into(),
            });
        }
    }

    let questions = || {
        knowledge_check
            .iter()
            .chain(interview.iter().filter_map(|c| c.self_check.as_ref()))
            .chain(page.inline_self_checks.iter())
    };
    let arrange = questions().any(|q| q.arrange.is_some());
    let qtypes = questions().any(QuestionView::needs_qtypes);
    let view = ChapterView {
        arrange,
        qtypes,
        id: c.id.clone(),
        url: relative_url(path.rsplit('/').next().unwrap_or(&path).to_string()),
        number: c.number.clone().unwrap_or_default(),
        title: c.front.title.clone(),
        page_title: c.expansion.title.clone(),
        summary: c.front.summary.trim().to_string(),
        tags: c.front.tags.clone(),
        draft: c.front.draft,
        untranslated: c.untranslated,
        strings: c.front.strings.clone(),
        title_html,
        content_html,
        headings: std::mem::take(&mut page.headings),
        sections,
        objectives,
        knowledge_check,
        interview,
    };
    let url = relative_url(path.clone());
    let chapter_ref = ChapterRef {
        id: view.id.clone(),
        title: view.title.clone(),
        url: url.clone(),
    };
    let review = Arc::new(ReviewChapter {
        id: view.id.clone(),
        title: view.title.clone(),
        number: view.number.clone(),
        url: url.clone(),
        tags: view.tags.clone(),
        checks: view.knowledge_check.clone(),
        inline_checks: std::mem::take(&mut page.inline_self_checks),
        cards: view.interview.clone(),
    });
    let questions: Vec<BrowseEntry> = view
        .interview
        .iter()
        .map(|card| BrowseEntry {
            url: format!("{url}#{}", card.id),
            id: card.id.clone(),
            number: card.number.clone(),
            question_html: card.question_html.clone(),
            question_text: card.question_text.clone(),
            difficulty: card.difficulty.clone(),
            companies: card.companies.clone(),
            company_sources: card.company_sources.clone(),
            company_names: card.companies.iter().map(|c| c.name.clone()).collect(),
            tags: card.tags.clone(),
            chapter: chapter_ref.clone(),
        })
        .collect();
    let review_json: Arc<str> = review_chapter_json(&review).into();
    let search = crate::render::search::chapter_docs(&view);
    // Lines of the body that `{{#include}}` brought in are reported in their own files.
    if let Some(map) = &c.expansion.source_map {
        for d in &mut page.diags {
            map.relocate(&c.file, c.body_line_offset, d);
        }
        for link in &mut page.anchor_links {
            if let Some((f, p)) = link
                .position
                .and_then(|p| map.locate(&c.file, c.body_line_offset, &link.file, p))
            {
                link.file = f;
                link.position = Some(p);
            }
        }
    }
    let meta = ChapterMeta {
        id: view.id.clone(),
        title: view.title.clone(),
        number: view.number.clone(),
        summary: view.summary.clone(),
        draft: view.draft,
        objectives: view.objectives.len(),
        checks: view.knowledge_check.len(),
        questions_fingerprint: fingerprint(&questions),
        questions,
        review_fingerprint: fingerprint(&*review_json),
        review_json,
        review,
        ids: page.ids(),
        anchor_links: std::mem::take(&mut page.anchor_links),
        search_fingerprint: fingerprint(&search),
        search: Arc::new(search),
        diags: std::mem::take(&mut page.diags),
    };
    (view, meta)
}

fn toc_view(e: &TocEntry, book: &Book, views: &[Arc<ChapterMeta>]) -> TocEntryView {
    let (id, url, summary, draft, objectives, checks, questions) = match e.chapter {
        Some(i) => {
            let v = &views[i];
            (
                v.id.clone(),
                relative_url(book.chapters[i].output_path()),
                v.summary.clone(),
                v.draft,
                v.objectives,
                v.checks,
                v.questions.len(),
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
    /// The interface strings for the reader's scripts: `lang` (for `Intl`'s plural rules and
    /// number formats), `digits`, and `s`, every entry by key.
    strings: serde_json::Value,
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
    self_checks: usize,
}

fn book_data(book: &Book, views: &[Arc<ChapterMeta>], widgets: &dyn Widgets) -> String {
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
                url: relative_url(c.output_path()),
                depth: c.depth,
                part: book
                    .toc
                    .get(c.part)
                    .and_then(|p| p.title.clone())
                    .unwrap_or_default(),
                objectives: v.objectives,
                checks: v.checks,
                questions: v.questions.len(),
                self_checks: v.review.self_check_count(),
            })
            .collect(),
        // What the scripts ask for, but the review and progress pages' own tables (those pages
        // carry them): every page loads this file.
        strings: {
            let s = crate::strings::Strings::new(&book.config.language, &book.config.strings);
            let wanted: BTreeMap<&String, &crate::strings::Entry> = s
                .entries()
                .iter()
                .filter(|(key, _)| {
                    let table = key.split_once('.').map_or("", |(t, _)| t);
                    widgets.script_string(key) && !crate::strings::PAGE_TABLES.contains(&table)
                })
                .collect();
            serde_json::json!({ "lang": s.language, "digits": s.digits, "s": wanted })
        },
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    format!("window.LECTERN_BOOK = {json};\n")
}

#[derive(Serialize)]
struct ReviewDataChapter<'a> {
    id: &'a str,
    title: &'a str,
    number: &'a str,
    url: &'a str,
    items: Vec<ReviewItem<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ReviewItem<'a> {
    Question {
        t: &'static str,
        key: &'a str,
        v: &'a str,
        anchor: &'a str,
        num: &'a str,
        diff: &'a Option<String>,
        kind: &'a str,
        prompt: &'a str,
        options: &'a [OptionView],
        accepted: &'a [String],
        expl: &'a str,
        shuffle: bool,
        /// A multi-line answer field.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        ml: bool,
        /// A `trace` question's program (HTML) and whether it compiles.
        #[serde(skip_serializing_if = "str::is_empty")]
        program: &'a str,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        compiles: bool,
        /// The card a card self-check belongs to.
        #[serde(skip_serializing_if = "Option::is_none")]
        of: Option<ReviewCardRef<'a>>,
        /// An `order` or `match` question's lines or pairs.
        #[serde(skip_serializing_if = "Option::is_none")]
        arrange: &'a Option<arrange::ArrangeView>,
        /// Hints and the numeric and fill kinds' answers.
        qt: &'a QtView,
    },
    Card {
        t: &'static str,
        key: &'a str,
        v: &'a str,
        anchor: &'a str,
        num: &'a str,
        diff: &'a Option<String>,
        prompt: &'a str,
        answer: &'a str,
        covers: &'a [String],
    },
}

#[derive(Serialize)]
struct ReviewCardRef<'a> {
    anchor: &'a str,
    q: &'a str,
}

/// A chapter's entry of `review-data.js`: its knowledge-check items, self-checks and cards,
/// as JSON. Items are `{t: "kc"|"sc"|"card", key, v, anchor, ...}`: knowledge-check items
/// and self-checks carry the question widget's data, cards their question and answer.
fn review_chapter_json(c: &ReviewChapter) -> String {
    fn question<'a>(
        t: &'static str,
        q: &'a QuestionView,
        of: Option<&'a CardView>,
    ) -> ReviewItem<'a> {
        ReviewItem::Question {
            t,
            key: &q.key,
            v: &q.version,
            anchor: &q.id,
            num: &q.number,
            diff: &q.difficulty,
            kind: &q.kind,
            prompt: &q.prompt_html,
            options: &q.options,
            accepted: &q.accepted,
            expl: &q.explanation_html,
            shuffle: q.shuffle,
            ml: q.multiline,
            program: &q.program_html,
            compiles: q.compiles,
            of: of.map(|card| ReviewCardRef {
                anchor: &card.id,
                q: &card.question_html,
            }),
            arrange: &q.arrange,
            qt: &q.qt,
        }
    }
    let mut items: Vec<ReviewItem> = Vec::new();
    items.extend(c.checks.iter().map(|q| question("kc", q, None)));
    items.extend(c.inline_checks.iter().map(|q| question("sc", q, None)));
    for card in &c.cards {
        items.push(ReviewItem::Card {
            t: "card",
            key: &card.key,
            v: &card.version,
            anchor: &card.id,
            num: &card.number,
            diff: &card.difficulty,
            prompt: &card.question_html,
            answer: &card.answer_html,
            covers: &card.covers_html,
        });
        if let Some(q) = &card.self_check {
            items.push(question("sc", q, Some(card)));
        }
    }
    let chapter = ReviewDataChapter {
        id: &c.id,
        title: &c.title,
        number: &c.number,
        url: &c.url,
        items,
    };
    serde_json::to_string(&chapter).expect("plain data serialises")
}

/// `review-data.js`: every question of the book with its answer key, for the review page:
/// `{book, chapters: [...]}` joined from the chapters' entries.
pub fn review_data_js(book_id: &str, chapters: &[Arc<str>]) -> String {
    let id = serde_json::to_string(book_id).expect("a string serialises");
    let mut out =
        String::with_capacity(64 + id.len() + chapters.iter().map(|c| c.len() + 1).sum::<usize>());
    out.push_str("window.LECTERN_REVIEW = {\"book\":");
    out.push_str(&id);
    out.push_str(",\"chapters\":[");
    for (i, c) in chapters.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(c);
    }
    out.push_str("]};\n");
    out
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
