//! Markdown to HTML for one page: CommonMark + GFM (tables, task lists, footnotes,
//! strikethrough, alerts), unique heading anchors, build-time highlighting, links to other
//! chapters rewritten to their pages, and ```` ```self-check ```` blocks turned into widgets.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};

use super::highlight::{self, Highlighted};
use super::ids;
use super::{code, icons, quiz, HeadingView, QuestionView, Widgets};
use crate::content::imported::{ImportedQuestion, PLACEHOLDER_LANG};
use crate::content::model::SelfCheck;
use crate::content::validate::{self, Site};
use crate::content::yaml::{self, Embedding};
use crate::diag::{Diagnostic, LineIndex, Position};
use std::cell::OnceCell;

/// The fenced-code language that marks an inline self-check.
pub const SELF_CHECK_LANG: &str = "self-check";

/// Where a Markdown text came from, to locate what it reports.
#[derive(Clone, Copy)]
pub enum Origin<'a> {
    /// A Markdown file; `line_offset` lines precede this text in it (front matter).
    File { file: &'a Path, line_offset: usize },
    /// A YAML field: problems are reported at the field.
    Field {
        file: &'a Path,
        position: Option<Position>,
    },
}

impl<'a> Origin<'a> {
    fn file(&self) -> &'a Path {
        match *self {
            Origin::File { file, .. } | Origin::Field { file, .. } => file,
        }
    }

    /// The position of byte `offset` of `text`; `lines` indexes `text` once, on first use, so
    /// a long chapter with many links costs O(n log n), not O(n²).
    fn position<'t>(
        &self,
        text: &'t str,
        lines: &OnceCell<LineIndex<'t>>,
        offset: usize,
    ) -> Option<Position> {
        match *self {
            Origin::File { line_offset, .. } => Some(
                lines
                    .get_or_init(|| LineIndex::new(text))
                    .position(offset)
                    .shifted(line_offset, 0),
            ),
            Origin::Field { position, .. } => position,
        }
    }
}

/// What links may point at: the book's chapter ids and asset paths (relative to the content
/// folder, `/`-separated).
#[derive(Default)]
pub struct LinkTargets {
    pub chapters: HashSet<String>,
    pub assets: HashSet<String>,
    /// Draft chapters left out of this build: links to them become plain text.
    pub drafts: HashSet<String>,
    /// The page of every chapter and draft (`cli/index.html`) → its id, for links written to
    /// the page rather than the file; with the other name of a folder's index page
    /// (`cli/README.html`), see `aliases`.
    pub pages: HashMap<String, String>,
    /// The other name of a folder's index chapter (`cli/index` for `cli/README`, and the
    /// reverse) → its id, when no chapter has that name: mdBook renames `README.md` to
    /// `index.md`, so books link to either.
    pub aliases: HashMap<String, String>,
    /// Lectern's contents page (`index.html`, or `contents.html` when a chapter is the front
    /// page), which every book has.
    pub contents_page: &'static str,
}

impl LinkTargets {
    pub fn new(
        chapters: HashSet<String>,
        assets: HashSet<String>,
        drafts: HashSet<String>,
    ) -> Self {
        let mut pages: HashMap<String, String> = chapters
            .iter()
            .chain(&drafts)
            .map(|id| (crate::content::page_path(id), id.clone()))
            .collect();
        let mut aliases = HashMap::new();
        let known = |id: &str| chapters.contains(id) || drafts.contains(id);
        let mut sorted: Vec<&String> = chapters.iter().chain(&drafts).collect();
        // (Sorted, so that which of two claimants gets an alias never depends on hashing.)
        sorted.sort();
        for id in sorted {
            let page = crate::content::page_path(id);
            let Some(folder) = page.strip_suffix("index.html") else {
                continue;
            };
            if !(folder.is_empty() || folder.ends_with('/')) {
                continue;
            }
            for name in ["README", "index"] {
                let alias = format!("{folder}{name}");
                if !known(&alias) {
                    aliases.entry(alias.clone()).or_insert_with(|| id.clone());
                }
                let alias_page = format!("{alias}.html");
                if !assets.contains(&alias_page) {
                    pages.entry(alias_page).or_insert_with(|| id.clone());
                }
            }
        }
        let chapter_pages: Vec<String> = chapters
            .iter()
            .map(|id| crate::content::page_path(id))
            .collect();
        LinkTargets {
            contents_page: crate::content::contents_page(&chapter_pages),
            chapters,
            assets,
            drafts,
            pages,
            aliases,
        }
    }

    /// The chapter a link to `id` (a path without `.md`) means: `id` itself, or the folder
    /// index chapter it is another name of.
    fn chapter_named(&self, id: &str) -> String {
        if self.chapters.contains(id) || self.drafts.contains(id) {
            return id.to_string();
        }
        self.aliases
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// What gets an id made from its text: a heading, or the term of a definition list (mdBook
/// gives terms ids too, counted with the headings', so `## Foo` after a term `Foo` is `foo-1`).
#[derive(Clone, Copy, PartialEq)]
enum Anchored {
    Heading(u8),
    Term,
}

/// The heading (or term) being read: where its events start among the rendered ones, and its
/// text as mdBook reads it for the id.
struct OpenHeading {
    first_event: usize,
    kind: Anchored,
    /// Its `{#id}`, and the byte offset of that in the text.
    explicit: Option<(String, usize)>,
    text: String,
    /// How many images are open in it: their alt text is not part of the id.
    images: usize,
    offset: usize,
}

/// A heading (or term) of the text being rendered, waiting for its id.
struct PendingHeading {
    /// Its place in the rendered events.
    slot: usize,
    kind: Anchored,
    /// Its `{#id}`, and the byte offset of that in the text.
    explicit: Option<(String, usize)>,
    text: String,
    inner_html: String,
    offset: usize,
}

/// A link to `#fragment` on a chapter page (this one or another), to check after rendering.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub chapter: String,
    pub fragment: String,
    pub file: std::path::PathBuf,
    pub position: Option<Position>,
}

/// The rendering state of one page: its ids, its diagnostics and its headings.
pub struct Page<'a> {
    /// The page's chapter id (`runtime/v8-memory`), to resolve relative links.
    pub chapter_id: &'a str,
    pub allow_raw_html: bool,
    /// Curly quotes, en and em dashes and ellipses from `'`, `"`, `--`, `---` and `...`
    /// (`[output.html] smart-punctuation`, on by default as in mdBook 0.5).
    pub smart_punctuation: bool,
    /// `[output.html.code.hidelines]`: the hidden-line prefix per language.
    pub hidelines: Option<&'a std::collections::BTreeMap<String, String>>,
    pub widgets: &'a dyn Widgets,
    pub targets: &'a LinkTargets,
    /// `../` prefix to the site root.
    pub root: &'a str,
    /// Every id on the page so far, with what has it (for the message when a heading asks
    /// for it).
    ids: HashMap<String, String>,
    /// The ids Lectern gives its own elements on the page ([`super::ids`]), with what they
    /// are: known before the prose is rendered, so that no heading takes one first.
    reserved: HashMap<String, String>,
    /// Links to anchors, checked once every page's ids are known.
    pub anchor_links: Vec<AnchorLink>,
    /// Ids and `<a name>`s the chapter's raw HTML gives (`<a id="x"></a>`, as mdBook books
    /// mark spots to link to): targets of links like headings' ids.
    raw_html_ids: HashSet<String>,
    pub diags: Vec<Diagnostic>,
    /// h2/h3 headings of the prose, collected while `collect_headings` is on.
    pub headings: Vec<HeadingView>,
    pub collect_headings: bool,
    inline_checks: usize,
    /// The inline self-checks rendered so far, in page order (for the review data).
    pub inline_self_checks: Vec<QuestionView>,
    /// The questions `{{#quiz}}` directives brought in, which placeholder blocks name.
    pub imported: &'a [ImportedQuestion],
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

impl<'a> Page<'a> {
    pub fn new(
        chapter_id: &'a str,
        root: &'a str,
        allow_raw_html: bool,
        widgets: &'a dyn Widgets,
        targets: &'a LinkTargets,
    ) -> Self {
        Page {
            chapter_id,
            allow_raw_html,
            smart_punctuation: false,
            hidelines: None,
            widgets,
            targets,
            root,
            ids: HashMap::new(),
            reserved: HashMap::new(),
            diags: Vec::new(),
            anchor_links: Vec::new(),
            raw_html_ids: HashSet::new(),
            headings: Vec::new(),
            collect_headings: false,
            inline_checks: 0,
            inline_self_checks: Vec::new(),
            imported: &[],
        }
    }

    /// Keeps `ids` (with what each one is) for Lectern's own elements further down the page.
    pub fn reserve(&mut self, ids: impl IntoIterator<Item = (String, String)>) {
        self.reserved.extend(ids);
    }

    /// Every id on the page: those used so far and those reserved.
    pub fn ids(&self) -> HashSet<String> {
        self.ids
            .keys()
            .chain(self.reserved.keys())
            .chain(&self.raw_html_ids)
            .cloned()
            .collect()
    }

    /// What has `id`, or will have it, on this page.
    fn owner_of(&self, id: &str) -> Option<&str> {
        self.ids
            .get(id)
            .or_else(|| self.reserved.get(id))
            .map(String::as_str)
    }

    /// Gives one of Lectern's own elements the id `base` (its reserved id) — or, if something
    /// else has it already, `base-1`, `base-2`, … — and returns it.
    pub fn unique_id(&mut self, base: &str) -> String {
        if !self.ids.contains_key(base) {
            let what = self
                .reserved
                .get(base)
                .cloned()
                .unwrap_or_else(|| "an element Lectern makes on this page".into());
            self.ids.insert(base.to_string(), what);
            return base.to_string();
        }
        let what = self.ids[base].clone();
        self.free_id(base, what)
    }

    /// `base`, or `base-1`, `base-2`, …: the first that is neither used nor reserved.
    fn free_id(&mut self, base: &str, what: String) -> String {
        let id = std::iter::once(base.to_string())
            .chain((1..).map(|n| format!("{base}-{n}")))
            .find(|id| self.owner_of(id).is_none())
            .expect("an unused id exists");
        self.ids.insert(id.clone(), what);
        id
    }

    /// Renders inline Markdown (an option, a title): a single paragraph loses its `<p>`.
    pub fn inline(&mut self, md: &str, origin: Origin) -> String {
        let html = self.block(md, origin);
        let trimmed = html.trim();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => trimmed.to_string(),
        }
    }

    /// Renders block Markdown.
    pub fn block(&mut self, md: &str, origin: Origin) -> String {
        let mut out_events: Vec<Event> = Vec::new();
        let mut headings: Vec<PendingHeading> = Vec::new();
        let mut open_heading: Option<OpenHeading> = None;
        // Each footnote label of this text: its id (escaped) and number.
        let mut footnotes: HashMap<String, (String, usize)> = HashMap::new();
        // Each footnote's references (their ids, for the links back), its definitions (moved
        // to the end) and the definition being read: id, number, first event, headings so far.
        let mut references: HashMap<String, Vec<String>> = HashMap::new();
        let mut definitions: Vec<(usize, String, Vec<Event>)> = Vec::new();
        let mut open_definition: Option<(String, usize, usize, usize)> = None;
        // For each open link: whether it was kept (a link to a left-out draft is dropped).
        let mut open_links: Vec<bool> = Vec::new();
        let lines = OnceCell::new();
        let allow_raw_html = self.allow_raw_html;
        let mut opts = options();
        if self.smart_punctuation {
            opts |= Options::ENABLE_SMART_PUNCTUATION;
        }
        let mut events = Parser::new_ext(md, opts)
            .into_offset_iter()
            .map(|(event, range)| (raw_html_rule(event, allow_raw_html), range))
            .peekable();
        while let Some((mut event, range)) = events.next() {
            let mut drawn = None;
            if let Event::Html(html) | Event::InlineHtml(html) = &event {
                self.raw_html_ids.extend(html_anchor_ids(html));
                if html.contains("<i ") {
                    // Inline, `<i class="fa …">` and its `</i>` are two events: read them as one.
                    let inline = matches!(event, Event::InlineHtml(_));
                    let mut text = html.to_string();
                    if inline && !text.contains("</i>") {
                        if let Some((Event::InlineHtml(close), _)) = events.peek() {
                            if close.trim() == "</i>" {
                                text.push_str(close);
                                events.next();
                            }
                        }
                    }
                    match icons::draw(&text) {
                        Some(icons) => drawn = Some((inline, icons)),
                        None if text.len() != html.len() => {
                            drawn = Some((
                                inline,
                                icons::Icons {
                                    html: text,
                                    unknown: Vec::new(),
                                },
                            ))
                        }
                        None => {}
                    }
                }
            }
            if let Some((inline, icons)) = drawn {
                let position = origin.position(md, &lines, range.start);
                for name in &icons.unknown {
                    self.diags.push(
                        Diagnostic::warning(
                            origin.file(),
                            position,
                            format!("the Font Awesome icon `fa-{name}` is not one Lectern draws, so nothing shows in its place"),
                        )
                        .with_hint(format!("Lectern draws its own icons under Font Awesome's names ({}); use one of them, or an image or a character instead", icons::SOME_NAMES)),
                    );
                }
                let html = CowStr::from(icons.html);
                event = if inline {
                    Event::InlineHtml(html)
                } else {
                    Event::Html(html)
                };
            }
            match event {
                // A heading's events go through this loop like any others (so every rule
                // here applies inside it too); at its end they are taken back out and
                // rendered inside its self-link.
                Event::Start(Tag::Heading { level, id, .. }) => {
                    let explicit = id.map(|i| {
                        let at = md[range.clone()].rfind(&format!("#{i}")).unwrap_or(0);
                        (i.to_string(), range.start + at)
                    });
                    open_heading = Some(OpenHeading {
                        first_event: out_events.len(),
                        kind: Anchored::Heading(heading_number(level)),
                        explicit,
                        text: String::new(),
                        images: 0,
                        offset: range.start,
                    });
                }
                Event::Start(Tag::DefinitionListTitle) => {
                    open_heading = Some(OpenHeading {
                        first_event: out_events.len(),
                        kind: Anchored::Term,
                        explicit: None,
                        text: String::new(),
                        images: 0,
                        offset: range.start,
                    });
                }
                Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                    if let Some(h) = open_heading.take() {
                        let mut inner_html = String::new();
                        pulldown_cmark::html::push_html(
                            &mut inner_html,
                            out_events.drain(h.first_event..),
                        );
                        // Its id is given once the whole text is rendered, after the
                        // self-checks and footnotes in it have taken theirs.
                        headings.push(PendingHeading {
                            slot: out_events.len(),
                            kind: h.kind,
                            explicit: h.explicit,
                            text: h.text,
                            inner_html,
                            offset: h.offset,
                        });
                        out_events.push(Event::Html(CowStr::Borrowed("")));
                    }
                }
                // The id is made from the text mdBook would see in the heading: code spans'
                // and raw HTML elements' text, a soft break as a line break, but no image's alt.
                Event::Text(ref t) | Event::Code(ref t) => {
                    if let Some(h) = open_heading.as_mut().filter(|h| h.images == 0) {
                        h.text.push_str(t);
                    }
                    out_events.push(event);
                }
                Event::SoftBreak => {
                    if let Some(h) = open_heading.as_mut().filter(|h| h.images == 0) {
                        h.text.push('\n');
                    }
                    out_events.push(event);
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let mut code = String::new();
                    for (e, _) in events.by_ref() {
                        match e {
                            Event::End(TagEnd::CodeBlock) => break,
                            Event::Text(t) => code.push_str(&t),
                            _ => {}
                        }
                    }
                    let info = match &kind {
                        CodeBlockKind::Fenced(info) => code::Info::parse(info),
                        CodeBlockKind::Indented => code::Info::default(),
                    };
                    let lang = info.lang.clone();
                    let unclosed = match kind {
                        CodeBlockKind::Fenced(_) => unclosed_fence(&md[range.clone()]),
                        CodeBlockKind::Indented => None,
                    };
                    if let Some(fence) = unclosed {
                        let position = origin.position(md, &lines, range.start);
                        let to = if md[range.end..].trim().is_empty() {
                            "the end of the chapter"
                        } else {
                            "the end of the list item or quote it is in"
                        };
                        let hint = format!("close it with a line of {fence} where the block ends");
                        self.diags.push(if lang == SELF_CHECK_LANG {
                            // Its YAML would run into the prose after it: say so at the fence
                            // rather than report the prose as bad YAML.
                            Diagnostic::error(
                                origin.file(),
                                position,
                                format!("the {fence}{SELF_CHECK_LANG} block opened here is never closed, so everything after it, up to {to}, is read as its YAML"),
                            )
                            .with_hint(hint)
                        } else {
                            Diagnostic::warning(
                                origin.file(),
                                position,
                                format!("the code block opened here with {fence} is never closed; everything after it, up to {to}, is shown as code"),
                            )
                            .with_hint(hint)
                        });
                    }
                    let html = if unclosed.is_some() && lang == SELF_CHECK_LANG {
                        String::new()
                    } else if lang == SELF_CHECK_LANG {
                        self.inline_self_check(md, range.start, &code, origin)
                    } else if lang == PLACEHOLDER_LANG {
                        let position = origin.position(md, &lines, range.start);
                        self.imported_question(&code, position, origin.file())
                    } else {
                        self.code_block(
                            &code,
                            &info,
                            origin.position(md, &lines, range.start),
                            origin.file(),
                        )
                    };
                    out_events.push(Event::Html(CowStr::from(html)));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, key) = alert(kind);
                    let title = highlight::escape(&self.widgets.text(key, &[]));
                    out_events.push(Event::Html(CowStr::from(format!(
                        "<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-title\">{title}</p>\n"
                    ))));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    out_events.push(Event::Html(CowStr::from("</div>\n")))
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let position = origin.position(md, &lines, range.start);
                    match self.resolve_link(&dest_url, link_type, position, origin.file(), false) {
                        // A link inside a heading would nest inside its self-link: its text
                        // stays, the link goes.
                        Some(_)
                            if open_heading
                                .as_ref()
                                .is_some_and(|h| h.kind != Anchored::Term) =>
                        {
                            open_links.push(false)
                        }
                        Some(dest) => {
                            open_links.push(true);
                            out_events.push(Event::Start(Tag::Link {
                                link_type,
                                dest_url: dest.into(),
                                title,
                                id,
                            }));
                        }
                        None => open_links.push(false),
                    }
                }
                Event::End(TagEnd::Link) => {
                    if open_links.pop().unwrap_or(true) {
                        out_events.push(Event::End(TagEnd::Link));
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    if let Some(h) = &mut open_heading {
                        h.images += 1;
                    }
                    let dest = self
                        .resolve_link(
                            &dest_url,
                            link_type,
                            origin.position(md, &lines, range.start),
                            origin.file(),
                            true,
                        )
                        .unwrap_or_default();
                    out_events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
                // Footnotes get ids of their own (`fn-<label>`), made unique like every id
                // of the page: the parser would give a definition its bare label as id, so
                // `[^main]` took the layout's `#main`. Definitions are gathered at the end of
                // the text, each with links back to where it is referred to, as in mdBook.
                Event::FootnoteReference(label) => {
                    let (id, number) = self.footnote(&mut footnotes, &label);
                    if let Some(h) = &mut open_heading {
                        h.text.push_str(&number.to_string());
                    }
                    let back = self.unique_id(&format!("{id}-ref"));
                    out_events.push(Event::Html(CowStr::from(format!(
                        "<sup class=\"footnote-reference\" id=\"{back}\"><a href=\"#{id}\">{number}</a></sup>"
                    ))));
                    references.entry(id).or_default().push(back);
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let (id, number) = self.footnote(&mut footnotes, &label);
                    open_definition = Some((id, number, out_events.len(), headings.len()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((id, number, start, headings_before)) = open_definition.take() {
                        if headings.len() == headings_before {
                            let events: Vec<Event> = out_events.drain(start..).collect();
                            definitions.push((number, id, events));
                        } else {
                            // A heading inside the note keeps its place among the events;
                            // the note then stays where it is written.
                            out_events.insert(start, Event::Html(CowStr::from(format!(
                                "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{number}</sup>"
                            ))));
                            out_events.push(Event::Html(CowStr::from("</div>\n")));
                        }
                    }
                }
                Event::TaskListMarker(done) => {
                    let (checked, label) = if done {
                        (" checked", "done")
                    } else {
                        ("", "not done")
                    };
                    out_events.push(Event::Html(CowStr::from(format!(
                        "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                    ))));
                }
                Event::End(TagEnd::Image) => {
                    if let Some(h) = &mut open_heading {
                        h.images = h.images.saturating_sub(1);
                    }
                    out_events.push(Event::End(TagEnd::Image));
                }
                e => out_events.push(e),
            }
        }
        for h in headings {
            let id = self.heading_id(&h, md, &lines, origin);
            // An explicit `{#id}` is author text: escaped like any other attribute.
            let escaped = highlight::escape(&id);
            let inner_html = &h.inner_html;
            let html = match h.kind {
                Anchored::Heading(n) => {
                    if self.collect_headings && (n == 2 || n == 3) {
                        self.headings.push(HeadingView {
                            level: n,
                            id,
                            text: h.text.split_whitespace().collect::<Vec<_>>().join(" "),
                        });
                    }
                    format!("<h{n} id=\"{escaped}\"><a class=\"heading-link\" href=\"#{escaped}\">{inner_html}</a></h{n}>\n")
                }
                Anchored::Term => format!("<dt id=\"{escaped}\">{inner_html}</dt>\n"),
            };
            // The slot is always there: a footnote holding a heading or term stays in place.
            if let Some(slot) = out_events.get_mut(h.slot) {
                *slot = Event::Html(CowStr::from(html));
            }
        }
        let mut html = String::with_capacity(md.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
        if !definitions.is_empty() {
            definitions.sort_by_key(|(number, _, _)| *number);
            html.push_str("<hr>\n<ol class=\"footnotes\">\n");
            for (number, id, events) in definitions {
                let mut note = String::new();
                pulldown_cmark::html::push_html(&mut note, events.into_iter());
                let backs: String = references
                    .get(&id)
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, back)| {
                        use crate::strings::Arg;
                        let n = Arg::Number(number as f64);
                        let (mark, label) = if i == 0 {
                            ("↩".to_string(), self.widgets.text("footnote.back", &[("number", n)]))
                        } else {
                            let use_n = Arg::Number((i + 1) as f64);
                            (
                                format!("↩{}", i + 1),
                                self.widgets.text("footnote.back_use", &[("number", n), ("use", use_n)]),
                            )
                        };
                        let label = highlight::escape(&label);
                        format!(" <a href=\"#{back}\" class=\"footnote-back\" aria-label=\"{label}\">{mark}</a>")
                    })
                    .collect();
                // The links back go at the end of the note's last paragraph, if it ends in one.
                match note.trim_end().strip_suffix("</p>") {
                    Some(body) => note = format!("{body}{backs}</p>\n"),
                    None => note.push_str(&backs),
                }
                html.push_str(&format!(
                    "<li id=\"{id}\" value=\"{number}\">\n{note}</li>\n"
                ));
            }
            html.push_str("</ol>\n");
        }
        html
    }

    /// The id (escaped for HTML) and number of the footnote `label` of the text whose
    /// footnotes so far are `footnotes`. Numbers follow first appearance, of a reference or
    /// of the definition, as in the parser's own HTML; labels match without regard to case.
    fn footnote(
        &mut self,
        footnotes: &mut HashMap<String, (String, usize)>,
        label: &str,
    ) -> (String, usize) {
        let key = label.to_lowercase();
        if let Some(known) = footnotes.get(&key) {
            return known.clone();
        }
        let slug = super::slugify(label);
        let base = format!("fn-{}", if slug.is_empty() { "note" } else { &slug });
        let id = self.free_id(&base, format!("the footnote [^{label}]"));
        let entry = (highlight::escape(&id), footnotes.len() + 1);
        footnotes.insert(key, entry.clone());
        entry
    }

    /// A heading's (or term's) id: its explicit `{#id}`, or the id mdBook makes from its text
    /// ([`crate::text::heading_id`]), made unique. An explicit
    /// id that something else on the page already has — above all one Lectern gives its own
    /// elements, such as a card's documented anchor — is an error: the author asked for an
    /// id the heading cannot have.
    fn heading_id<'t>(
        &mut self,
        h: &PendingHeading,
        md: &'t str,
        lines: &OnceCell<LineIndex<'t>>,
        origin: Origin,
    ) -> String {
        let text = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let thing = match h.kind {
            Anchored::Heading(_) => "heading",
            Anchored::Term => "term",
        };
        let what = match origin {
            Origin::File { .. } => {
                let line = origin.position(md, lines, h.offset).map_or(0, |p| p.line);
                format!("the {thing} “{text}” on line {line}")
            }
            Origin::Field { .. } => format!("the {thing} “{text}”"),
        };
        let Some((wanted, at)) = &h.explicit else {
            return self.free_id(&crate::text::heading_id(&h.text), what);
        };
        if let Some(owner) = self.owner_of(wanted) {
            let hint = if self.reserved.contains_key(wanted.as_str()) {
                "choose another id in the braces: Lectern keeps this one for its own element, so that links to it keep working".to_string()
            } else {
                "give one of the two headings another id in the braces; ids on a page must be unique".to_string()
            };
            let d = Diagnostic::error(
                origin.file(),
                origin.position(md, lines, *at),
                format!("the heading id `#{wanted}` is already taken by {owner}"),
            )
            .with_hint(hint);
            self.diags.push(d);
        }
        self.free_id(wanted, what)
    }

    fn code_block(
        &mut self,
        code: &str,
        info: &code::Info,
        position: Option<Position>,
        file: &Path,
    ) -> String {
        let lang = info.lang.as_str();
        let book_prefix = self.hidelines.and_then(|h| h.get(lang)).map(String::as_str);
        let hidden = info
            .hidden_prefix(book_prefix)
            .map(|prefix| code::split_hidden(code, prefix))
            .filter(|(_, hidden)| hidden.contains(&true));
        let program = hidden.as_ref().map_or(code, |(p, _)| p.as_str());
        let mut body = match highlight::highlight(program, lang) {
            Highlighted::Code(h) | Highlighted::Plain(h) => h,
            Highlighted::Unknown(h) => {
                self.diags.push(
                    Diagnostic::warning(file, position, format!("unknown code language `{lang}`; the block is shown without highlighting"))
                        .with_hint("use a known name such as js, ts, tsx, rust, python, sh, json, yaml, toml, or `text` for plain text"),
                );
                h
            }
        };
        let lang_attr = highlight::escape(lang);
        let mut before = String::new();
        if let Some(note) = info.note() {
            let note = highlight::escape(&self.widgets.text(note, &[]));
            before.push_str(&format!("<p class=\"code-note\">{note}</p>\n"));
        }
        if let Some((_, lines)) = &hidden {
            body = code::wrap_hidden(&body, lines);
            // A checkbox shows the hidden lines with CSS alone: it works without JavaScript,
            // and the keyboard and screen readers know what it is.
            let id = self.unique_id("hidden-lines");
            let label = highlight::escape(&self.widgets.text("code.show_hidden", &[]));
            before.push_str(&format!("<input type=\"checkbox\" id=\"{id}\" class=\"show-hidden\"><label for=\"{id}\" class=\"code-tools\">{label}</label>\n"));
        }
        let pre = if lang.is_empty() {
            format!("<pre class=\"code\" tabindex=\"0\"><code>{body}</code></pre>\n")
        } else {
            format!("<pre class=\"code\" tabindex=\"0\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{body}</code></pre>\n")
        };
        if before.is_empty() {
            pre
        } else {
            format!("<div class=\"code-block\">\n{before}{pre}</div>\n")
        }
    }

    /// The widget of the imported question a placeholder block names (by its index).
    fn imported_question(
        &mut self,
        index: &str,
        position: Option<Position>,
        file: &Path,
    ) -> String {
        let imported = self.imported;
        let Some((n, q)) = index
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| imported.get(i).map(|q| (i + 1, q)))
        else {
            self.diags.push(
                Diagnostic::error(
                    file,
                    position,
                    format!("a ```{PLACEHOLDER_LANG} block is made by `{{{{#quiz}}}}`, not written by hand"),
                )
                .with_hint("write `{{#quiz path/to/quiz.toml}}` to show an mdbook-quiz file's questions, or a ```self-check block"),
            );
            return String::new();
        };
        let view = quiz::imported_view(self, q, n);
        let rendered = self.widgets.self_check(&view, self.root);
        self.inline_self_checks.push(view);
        match rendered {
            Ok(html) => html,
            Err(d) => {
                self.diags.push(d);
                String::new()
            }
        }
    }

    fn inline_self_check(
        &mut self,
        md: &str,
        fence_start: usize,
        yaml_text: &str,
        origin: Origin,
    ) -> String {
        let file = origin.file();
        let fence_pos = origin.position(md, &OnceCell::new(), fence_start);
        // The YAML starts on the line after the fence.
        let at = Embedding {
            line_offset: fence_pos.map_or(0, |p| p.line),
        };
        let (check, check_at) =
            match yaml::parse::<serde_saphyr::Spanned<SelfCheck>>(file, yaml_text, at) {
                Ok(c) => (c.value, c.referenced),
                Err(d) => {
                    self.diags.push(d);
                    return String::new();
                }
            };
        let verdicts = validate::Verdicts::new(
            self.widgets.language(),
            &self.widgets.text("question.correct", &[]),
            &self.widgets.text("question.wrong", &[]),
        );
        let site = Site {
            file,
            text: yaml_text,
            at,
            verdicts: &verdicts,
        };
        let mut problems = Vec::new();
        validate::self_check(&site, check_at, &check, &mut problems);
        let failed = problems.iter().any(Diagnostic::is_error);
        self.diags.extend(problems);
        if failed {
            return String::new();
        }
        self.inline_checks += 1;
        let n = self.inline_checks;
        let html_id = ids::inline_self_check(n);
        let options = match check.kind {
            Some(crate::content::model::QuestionKind::Trace) => 2,
            _ => check.options.len(),
        };
        self.reserve(ids::of_inline_self_check(&html_id, n, options));
        let field = Origin::Field {
            file,
            position: fence_pos,
        };
        let view = quiz::self_check_view(
            self,
            &check,
            &html_id,
            &format!("{}#self-check:{n}", self.chapter_id),
            field,
        );
        let rendered = self.widgets.self_check(&view, self.root);
        self.inline_self_checks.push(view);
        match rendered {
            Ok(html) => html,
            Err(d) => {
                self.diags.push(d);
                String::new()
            }
        }
    }

    /// Rewrites a link to another chapter's `.md` file to its page, and checks that relative
    /// targets exist. `None`: drop the link, keep its text (a draft this build leaves out).
    fn resolve_link(
        &mut self,
        dest: &str,
        link_type: LinkType,
        position: Option<Position>,
        file: &Path,
        image: bool,
    ) -> Option<String> {
        if let Some(scheme) = scripting_scheme(dest, image) {
            self.diags.push(
                Diagnostic::error(file, position, format!("`{scheme}:` links are not allowed"))
                    .with_hint(if image {
                        "point the image at a file of the book or an http(s) URL"
                    } else {
                        "link to a page or an http(s) URL"
                    }),
            );
            return Some("#".into());
        }
        let base = self.chapter_id.rsplit_once('/').map_or("", |(dir, _)| dir);
        if matches!(link_type, LinkType::Email)
            || dest.is_empty()
            || dest.starts_with("//")
            || (has_scheme(dest) && !self.is_book_path(base, dest))
        {
            return Some(dest.to_string());
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            if !fragment.is_empty() {
                self.anchor_links.push(AnchorLink {
                    chapter: self.chapter_id.to_string(),
                    fragment: percent_decode(fragment),
                    file: file.to_path_buf(),
                    position,
                });
            }
            return Some(dest.to_string());
        }
        if let Some(left) = self.outside_book(dest, base, image, file, position) {
            return Some(left);
        }
        if let Some(from_root) = dest.strip_prefix('/') {
            self.diags
                .push(self.root_absolute(dest, from_root, base, image, file, position));
            return Some(dest.to_string());
        }
        let (path, fragment) = split_fragment(dest);
        let target = join_normalized(base, &percent_decode(path));
        // A chapter is linked by its file (`cli/README.md`) or by its page (`cli/index.html`,
        // as links written for mdBook are); both are checked alike.
        let linked_chapter = match target.strip_suffix(".md") {
            Some(chapter) => Some(self.targets.chapter_named(chapter)),
            None => self
                .targets
                .pages
                .get(&target)
                .cloned()
                .or_else(|| self.chapter_without_extension(&target, path)),
        };
        if let Some(chapter) = linked_chapter.as_deref() {
            if self.targets.drafts.contains(chapter) {
                self.diags.push(
                    Diagnostic::warning(
                        file,
                        position,
                        format!("`{path}` is a draft, which this build leaves out; the link is shown as plain text"),
                    )
                    .with_hint("publish the chapter (remove `draft: true`) to make the link live"),
                );
                return None;
            }
            if !self.targets.chapters.contains(chapter) {
                let suggestion = crate::diag::did_you_mean(
                    chapter,
                    self.targets.chapters.iter().map(String::as_str),
                )
                .map(|best| relative_path(base, &format!("{best}.md")));
                self.diags.push(
                    Diagnostic::error(
                        file,
                        position,
                        format!("the link target `{path}` is not a chapter of the book"),
                    )
                    .with_hint(match suggestion {
                        Some(best) => format!(
                            "did you mean `{best}`? (paths are relative to this chapter's folder)"
                        ),
                        None => "paths are relative to this chapter's folder; check the file name"
                            .into(),
                    }),
                );
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                self.anchor_links.push(AnchorLink {
                    chapter: chapter.to_string(),
                    fragment: percent_decode(f),
                    file: file.to_path_buf(),
                    position,
                });
            }
            let page = match path.strip_suffix(".md") {
                Some(file) => written_page(file, chapter),
                // Written as the page's name: kept as written, unless that is the other
                // name of a folder's index page (`README.html`, mdBook's own link to it).
                None if self.targets.pages.contains_key(&target) => {
                    let page = crate::content::page_path(chapter);
                    if page == target {
                        path.to_string()
                    } else {
                        relative_path(base, &page)
                    }
                }
                // Written without extension (`intro`, `cli/`): the page's own name, so that
                // the link works from file:// and on any host.
                None => relative_path(base, &crate::content::page_path(chapter)),
            };
            return Some(relative_url(match fragment {
                Some(f) => format!("{page}#{f}"),
                None => page,
            }));
        }
        // Lectern's contents page, which every book has (at `index.html`, mdBook books' front
        // page, unless a chapter is that).
        if !self.targets.assets.contains(&target) && target != self.targets.contents_page {
            let what = if image { "image" } else { "file" };
            self.diags.push(
                Diagnostic::error(file, position, format!("the {what} `{path}` does not exist"))
                    .with_hint("paths are relative to this chapter's folder; put the file under the content folder"),
            );
        }
        Some(relative_url(dest.to_string()))
    }

    /// A link that cannot be checked because it does not address a page of the book: only a
    /// query (`?x=1`: a static site reads none), or a path that climbs out of the content
    /// folder (`../std/index.html`: mdBook books link to the pages next to theirs on
    /// doc.rust-lang.org). A warning each, and the link is kept as written.
    fn outside_book(
        &mut self,
        dest: &str,
        base: &str,
        image: bool,
        file: &Path,
        position: Option<Position>,
    ) -> Option<String> {
        let (path, _) = split_fragment(dest);
        let what = if image { "image" } else { "link" };
        let warning = if path.starts_with('?') {
            Diagnostic::warning(
                file,
                position,
                format!("the {what} `{dest}` is only a query on this page's address, which a static site never reads"),
            )
            .with_hint("link to a page of the book, or to the full URL of a site that reads the query")
        } else if !path.starts_with('/') && leaves_book(base, &percent_decode(path)) {
            Diagnostic::warning(
                file,
                position,
                format!("the {what} `{path}` leads out of the book, so Lectern cannot check it: it works only where the site is published next to that page"),
            )
            .with_hint("for a page of another site, write its full URL (for `../std/…`, `https://doc.rust-lang.org/std/…`)")
        } else {
            return None;
        };
        self.diags.push(warning);
        Some(relative_url(dest.to_string()))
    }

    /// The chapter a link without extension names, as links in mdBook books often do:
    /// `intro` for `intro.md`, `cli` or `cli/` for `cli/README.md` (or `cli/index.md`). A
    /// file of the book by that name (an asset) wins.
    fn chapter_without_extension(&self, target: &str, written: &str) -> Option<String> {
        let last = written
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        if last.contains('.') || self.targets.assets.contains(target) {
            return None;
        }
        let known =
            |id: &str| self.targets.chapters.contains(id) || self.targets.drafts.contains(id);
        let in_folder = |name: &str| {
            if target.is_empty() {
                name.to_string()
            } else {
                format!("{target}/{name}")
            }
        };
        let candidates = if written.ends_with('/') || target.is_empty() {
            vec![in_folder("README"), in_folder("readme"), in_folder("index")]
        } else {
            vec![
                target.to_string(),
                in_folder("README"),
                in_folder("readme"),
                in_folder("index"),
            ]
        };
        candidates.into_iter().find(|id| known(id))
    }

    /// Whether `dest`, which reads as `scheme:…`, is a path of the book: the name of one of its
    /// files (a chapter `a:b.md`, an image `fig:1.png`), or a `.md` file that can only be meant
    /// as a chapter (no `//` after the colon). Anything else with a scheme is a URL.
    fn is_book_path(&self, base: &str, dest: &str) -> bool {
        let (path, _) = split_fragment(dest);
        let target = join_normalized(base, &percent_decode(path));
        let chapter_page = |ext: &str| {
            target.strip_suffix(ext).is_some_and(|c| {
                self.targets.chapters.contains(c) || self.targets.drafts.contains(c)
            })
        };
        let looks_like_chapter = path.ends_with(".md")
            && !path
                .split_once(':')
                .is_some_and(|(_, r)| r.starts_with("//"));
        looks_like_chapter
            || chapter_page(".md")
            || self.targets.pages.contains_key(&target)
            || self.targets.assets.contains(&target)
    }

    /// The warning for a link or image that starts at the web server's root (`/images/x.svg`):
    /// it breaks when the site is opened from its folder or served under a sub-path.
    fn root_absolute(
        &self,
        dest: &str,
        from_root: &str,
        base: &str,
        image: bool,
        file: &Path,
        position: Option<Position>,
    ) -> Diagnostic {
        let (path, fragment) = split_fragment(from_root);
        let target = join_normalized("", &percent_decode(path));
        let in_book = if self.targets.assets.contains(&target) {
            Some(target.clone())
        } else {
            let chapter = target
                .strip_suffix(".md")
                .map(str::to_string)
                .or_else(|| self.targets.pages.get(&target).cloned())
                .filter(|c| self.targets.chapters.contains(c) || self.targets.drafts.contains(c));
            chapter.map(|c| format!("{c}.md"))
        };
        let what = if image { "image" } else { "link" };
        let hint = match in_book {
            Some(file_in_book) => {
                let relative = relative_url(relative_path(base, &file_in_book));
                let relative = match fragment {
                    Some(f) => format!("{relative}#{f}"),
                    None => relative,
                };
                format!("write the path relative to this chapter: `{relative}`")
            }
            None => format!("write the path relative to this chapter's folder, to a file under the content folder; for a page of another site, write its full URL (`https://…{dest}`)"),
        };
        Diagnostic::warning(
            file,
            position,
            format!("the {what} `{dest}` starts at the web server's root, so it breaks when the site is opened from its folder (file://) or served under a sub-path"),
        )
        .with_hint(hint)
    }
}

/// The page of a chapter link written as `file` + `.md`, in the link's own relative form:
/// `ch.md` → `ch.html`, and `cli/README.md` → `cli/index.html` when that is the page.
fn written_page(file: &str, chapter: &str) -> String {
    let page = crate::content::page_path(chapter);
    if page == crate::content::FRONT_PAGE || page.ends_with("/index.html") {
        let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
        if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        }
    } else {
        format!("{file}.html")
    }
}

/// The values of the `id` and `name` attributes in a piece of raw HTML (`<a id="x">`,
/// `<span id='y'>`, `<a name=z>`): what a `#fragment` can point at.
fn html_anchor_ids(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_tag = false;
    for (i, c) in html.char_indices() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if in_tag && c.is_ascii_whitespace() => {
                let rest = &html[i + 1..];
                let Some(value) = ["id=", "name=", "ID=", "NAME="]
                    .iter()
                    .find_map(|attr| rest.strip_prefix(attr))
                else {
                    continue;
                };
                let value = match value.as_bytes().first() {
                    Some(&q @ (b'"' | b'\'')) => value[1..].split(q as char).next(),
                    Some(_) => value
                        .split(|c: char| c.is_ascii_whitespace() || c == '>')
                        .next(),
                    None => None,
                };
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    found.push(percent_decode(v));
                }
            }
            _ => {}
        }
    }
    found
}

/// `dest` split at its `#fragment`.
fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    }
}

/// A relative URL as written in a page: one whose first segment holds a `:` (`a:b.html`)
/// would read as the URL scheme `a:`, so it gets a `./` in front.
pub fn relative_url(url: String) -> String {
    if has_scheme(&url) {
        format!("./{url}")
    } else {
        url
    }
}

/// `[build] allow-raw-html = false`: raw HTML (blocks and inline tags, comments, CDATA,
/// processing instructions) is shown as the text it is. It is applied to the parser's events
/// before any of them is looked at, so every construct — headings, tables, footnotes, alerts,
/// link text, question texts — is covered by this one rule and no branch can bypass it.
fn raw_html_rule(event: Event<'_>, allow_raw_html: bool) -> Event<'_> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) if !allow_raw_html => Event::Text(html),
        e => e,
    }
}

/// The opening fence (```` ``` ````, `~~~~`, …) of the fenced code block whose source is
/// `source`, if no closing fence ends it. The parser does not say: an unclosed fence simply
/// runs to the end of the chapter, or of the list item or quote that holds it.
fn unclosed_fence(source: &str) -> Option<&str> {
    let source = source.trim_end();
    let (first, rest) = source.split_once('\n').unwrap_or((source, ""));
    let start = first.find(['`', '~'])?;
    let fence_char = first[start..].chars().next()?;
    let fence_len = first[start..]
        .chars()
        .take_while(|&c| c == fence_char)
        .count();
    let fence = &first[start..start + fence_len];
    if rest.is_empty() {
        return Some(fence);
    }
    // The last line, without the indentation or `>` of the list item or quote around it.
    let last = rest
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .trim_start_matches([' ', '\t', '>']);
    let run = last.chars().take_while(|&c| c == fence_char).count();
    let closes = run >= fence_len && last[run..].trim().is_empty();
    (!closes).then_some(fence)
}

/// The path from folder `from_dir` to `to` (both relative to the content folder).
fn relative_path(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "alert.note"),
        BlockQuoteKind::Tip => ("tip", "alert.tip"),
        BlockQuoteKind::Important => ("important", "alert.important"),
        BlockQuoteKind::Warning => ("warning", "alert.warning"),
        BlockQuoteKind::Caution => ("caution", "alert.caution"),
    }
}

/// The scheme of a destination that would run code or show a page of the author's making when
/// followed: `javascript:` and `vbscript:` anywhere, and `data:` on a link (an image's `data:`
/// URL only ever shows a picture). Browsers ignore case and leading spaces and control
/// characters before a scheme, so this does too.
fn scripting_scheme(dest: &str, image: bool) -> Option<&'static str> {
    let dest = dest
        .trim_start_matches(|c: char| c <= ' ')
        .to_ascii_lowercase();
    ["javascript", "vbscript", "data"]
        .into_iter()
        .filter(|s| !(image && *s == "data"))
        .find(|s| {
            dest.strip_prefix(s)
                .is_some_and(|rest| rest.starts_with(':'))
        })
}

pub fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            dest[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && i > 0
        }
        None => false,
    }
}

/// A URL path or fragment as the file name or id it names (`%20` → space).
pub fn percent_decode(s: &str) -> String {
    // `%zz` and other malformed escapes stay as written, as browsers leave them.
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The path `rel` (a relative URL's path part) read from the page at `page`: resolved from
/// the page's folder.
pub(crate) fn join_from_page(page: &str, rel: &str) -> String {
    let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
    join_normalized(folder, rel)
}

/// Whether `rel`, read from folder `base` of the content folder, climbs above the content
/// folder (`../std/index.html` from a top-level chapter).
fn leaves_book(base: &str, rel: &str) -> bool {
    let mut depth = base.split('/').filter(|p| !p.is_empty()).count();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." if depth == 0 => return true,
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    false
}

/// The relative path `rel` read from folder `base` (both `/`-separated, below the site or
/// content root), with `.` and `..` resolved; `..` never climbs above the root.
pub(crate) fn join_normalized(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The opening fence of every fenced block of `md` that is not closed, as the parser
    /// delimits the blocks.
    fn unclosed(md: &str) -> Vec<String> {
        Parser::new_ext(md, options())
            .into_offset_iter()
            .filter_map(|(e, range)| match e {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                    unclosed_fence(&md[range]).map(str::to_string)
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn closed_fences_are_told_from_unclosed_ones() {
        assert!(unclosed("```js\nlet x;\n```\n\nText.\n").is_empty());
        assert!(unclosed("```js\nlet x;\n```").is_empty());
        assert!(unclosed("````\n```\ninner\n```\n````\n").is_empty());
        assert!(unclosed("~~~\ncode\n~~~~~\n").is_empty());
        assert!(unclosed("- item\n\n  ```\n  code\n  ```\n- next\n").is_empty());
        assert!(unclosed("> ```\n> code\n> ```\n\nAfter.\n").is_empty());
        assert!(unclosed("```\n```\n").is_empty());
        assert_eq!(unclosed("```js\nlet x;\n\n## Next\n\nText.\n"), ["```"]);
        assert_eq!(unclosed("````\ncode\n```\n"), ["````"]);
        assert_eq!(unclosed("```\ncode\n```js\n"), ["```"]);
        assert_eq!(unclosed("~~~\ncode\n```\n"), ["~~~"]);
        assert_eq!(unclosed("Text.\n\n```"), ["```"]);
        assert_eq!(unclosed("> ```\n> code\n\nAfter.\n"), ["```"]);
        assert_eq!(unclosed("- ```\n  code\n- next\n"), ["```"]);
    }
}
