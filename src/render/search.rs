//! Full-text search: the searchable documents of each chapter (its prose cut at every `h2` /
//! `h3`, and each interview card) and the compact index the theme's `search.js` reads,
//! written as `search-index.js` (`window.LECTERN_SEARCH = {…}`) so that it loads from
//! `file://` too.
//!
//! The index holds no document text beyond a short snippet: a sorted, front-coded vocabulary
//! and, per term, the documents it occurs in (delta-encoded, with the term frequency and
//! whether the term is in the document's title). Its format:
//!
//! ```text
//! { v: 2,
//!   a: "en",                     // the analyser the terms were made with (analyse.rs):
//!                                // "en" (English) or "intl" (every other language)
//!   stop: "a an and …",          // words left out of the index (and ignored in queries)
//!   c: [[number, title, url]],    // chapters; url from the site root
//!   d: [[chapter, anchor, title, snippet, kind?]],   // documents; kind 1 = interview card
//!   w: "<p><suffix>,<p><suffix>,…",  // terms, sorted; p = length of the prefix shared with
//!                                    // the previous term, one base-36 digit
//!   p: "<postings>,<postings>,…" }   // one list per term, in the order of `w`
//! ```
//!
//! A postings list is a run of numbers, each written in base 32 with the digits `0-9a-v` for
//! the last five bits and `w-zA-Z_$` for the higher groups (most numbers take one character).
//! Each posting is `delta * 2 + f`: `delta` is the document's index minus the previous
//! posting's (the first counts from 0), and `f = 1` says a weight follows, `tf * 2 + t` (`tf`
//! the count in the text, at most 31; `t = 1` when the term is in the title). Without a weight
//! the term occurs once in the text and not in the title.
//!
//! Terms are made by [`analyse`]: words (runs of letters, digits and marks) folded (lower
//! case, no diacritics), at least two characters long, and the overlapping character pairs of
//! CJK text; `search.js` cuts queries the same way. Shared prefixes are counted in characters
//! (Unicode scalar values), as `search.js` reads them.

pub mod analyse;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use serde::Serialize;

use crate::render::{CardView, ChapterView};

/// How many characters of a document's text its snippet keeps.
pub const SNIPPET_CHARS: usize = 110;

/// One searchable part of a chapter page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchDoc {
    /// The id to link to on the chapter page; `""` for the top of the page.
    pub anchor: String,
    /// The heading's text, the card's question, or the chapter title for the part before the
    /// first heading.
    pub title: String,
    /// The visible text (prose and code), white space collapsed.
    pub text: String,
    /// An interview card (the anchor opens it).
    pub card: bool,
}

/// A chapter's documents, in page order, with what a result shows of the chapter.
#[derive(Debug, Clone)]
pub struct SearchChapter {
    pub number: String,
    pub title: String,
    /// The chapter page, from the site root.
    pub url: String,
    pub docs: Arc<Vec<SearchDoc>>,
}

/// The searchable documents of a rendered chapter: the prose before the first heading (with
/// the summary), every `h2` / `h3` section, and every interview card.
pub fn chapter_docs(view: &ChapterView) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (i, s) in sections(&view.content_html).into_iter().enumerate() {
        if i == 0 {
            let text = join_text(&[view.summary.as_str(), s.text.as_str()]);
            docs.push(SearchDoc {
                anchor: String::new(),
                title: view.title.clone(),
                text,
                card: false,
            });
        } else {
            docs.push(SearchDoc {
                anchor: s.anchor,
                title: s.title,
                text: s.text,
                card: false,
            });
        }
    }
    docs.extend(view.interview.iter().map(card_doc));
    docs
}

fn card_doc(card: &CardView) -> SearchDoc {
    let mut parts = vec![text_of(&card.answer_html)];
    parts.extend(card.covers_html.iter().map(|h| text_of(h)));
    for f in &card.follow_ups {
        parts.push(text_of(&f.question_html));
        parts.push(text_of(&f.answer_html));
    }
    parts.push(text_of(&card.red_flag_html));
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    SearchDoc {
        anchor: card.id.clone(),
        title: text_of(&card.question_html),
        text: join_text(&parts),
        card: true,
    }
}

fn join_text(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` cut to about `max` characters at a word boundary, with `…` when cut.
pub fn snippet(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    // One character more: a word that ends exactly at `max` is kept whole.
    let cut: String = text.chars().take(max + 1).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut[..cut.char_indices().nth(max).map_or(cut.len(), |(i, _)| i)],
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:.".contains(c))
    )
}

#[derive(Serialize)]
struct IndexData<'a> {
    v: u8,
    a: &'static str,
    stop: String,
    c: Vec<(&'a str, &'a str, &'a str)>,
    d: Vec<serde_json::Value>,
    w: String,
    p: String,
}

/// The index's data, before it is wrapped in a script.
pub fn index_json(chapters: &[SearchChapter], language: &str) -> String {
    let analyser = analyse::Analyser::for_language(language);
    // term -> (doc, tf, in title) in document order.
    let mut terms: BTreeMap<String, Vec<(u32, u32, bool)>> = BTreeMap::new();
    let mut docs = Vec::new();
    let mut n: u32 = 0;
    for (ci, ch) in chapters.iter().enumerate() {
        for doc in ch.docs.iter() {
            let mut counts: BTreeMap<String, (u32, bool)> = BTreeMap::new();
            for t in analyser.index_terms(&doc.title) {
                counts.entry(t).or_default().1 = true;
            }
            for t in analyser.index_terms(&doc.text) {
                counts.entry(t).or_default().0 += 1;
            }
            for (t, (tf, title)) in counts {
                terms.entry(t).or_default().push((n, tf, title));
            }
            let mut entry = vec![
                serde_json::json!(ci),
                serde_json::json!(doc.anchor),
                serde_json::json!(doc.title),
                serde_json::json!(snippet(&doc.text, SNIPPET_CHARS)),
            ];
            if doc.card {
                entry.push(serde_json::json!(1));
            }
            docs.push(serde_json::Value::Array(entry));
            n += 1;
        }
    }
    let mut w = String::new();
    let mut p = String::new();
    let mut prev = String::new();
    for (i, (term, postings)) in terms.iter().enumerate() {
        if i > 0 {
            w.push(',');
            p.push(',');
        }
        let shared = prev
            .chars()
            .zip(term.chars())
            .take_while(|(a, b)| a == b)
            .count()
            .min(35);
        w.push(char::from_digit(shared as u32, 36).expect("below 36"));
        w.extend(term.chars().skip(shared));
        prev.clone_from(term);
        let mut last = 0;
        for &(doc, tf, title) in postings {
            let delta = doc - last;
            last = doc;
            let weight = tf.min(31) * 2 + u32::from(title);
            if weight == 2 {
                push_number(&mut p, delta * 2);
            } else {
                push_number(&mut p, delta * 2 + 1);
                push_number(&mut p, weight);
            }
        }
    }
    let data = IndexData {
        v: 2,
        a: analyser.id(),
        stop: analyser.stop_words().join(" "),
        c: chapters
            .iter()
            .map(|c| (c.number.as_str(), c.title.as_str(), c.url.as_str()))
            .collect(),
        d: docs,
        w,
        p,
    };
    script_safe(&serde_json::to_string(&data).expect("plain data serialises"))
}

/// `search-index.js`.
pub fn index_js(chapters: &[SearchChapter], language: &str) -> String {
    format!(
        "window.LECTERN_SEARCH = {};\n",
        index_json(chapters, language)
    )
}

/// JSON that may sit inside an HTML `<script>` element: `<` only occurs in strings and is
/// written as `\u003c`, so no `</script>` or `<!--` can end or bend the element.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

const LAST_DIGITS: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE_DIGITS: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

fn push_number(out: &mut String, n: u32) {
    let mut groups = Vec::with_capacity(7);
    let mut rest = n >> 5;
    while rest > 0 {
        groups.push(rest & 31);
        rest >>= 5;
    }
    for g in groups.iter().rev() {
        out.push(MORE_DIGITS[*g as usize] as char);
    }
    out.push(LAST_DIGITS[(n & 31) as usize] as char);
}

/// Reads back a postings list (for tests): `(doc, tf, in title)`.
pub fn decode_postings(s: &str) -> Vec<(u32, u32, bool)> {
    let mut numbers = Vec::new();
    let mut acc = 0u32;
    for b in s.bytes() {
        if let Some(i) = LAST_DIGITS.iter().position(|&d| d == b) {
            numbers.push(acc * 32 + i as u32);
            acc = 0;
        } else if let Some(i) = MORE_DIGITS.iter().position(|&d| d == b) {
            acc = acc * 32 + i as u32;
        }
    }
    let mut out = Vec::new();
    let mut doc = 0;
    let mut it = numbers.into_iter();
    while let Some(n) = it.next() {
        doc += n / 2;
        let weight = if n % 2 == 1 {
            it.next().unwrap_or(2)
        } else {
            2
        };
        out.push((doc, weight / 2, weight % 2 == 1));
    }
    out
}

/// A part of a page's prose: the text under one heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub anchor: String,
    pub title: String,
    pub text: String,
}

/// The visible text of an HTML fragment, white space collapsed. Script, style, question
/// widgets (with their answer keys) and visually hidden helper text are left out; a formula
/// (`<math>`) counts as its TeX source.
pub fn text_of(html: &str) -> String {
    let mut out = Text::default();
    walk(html, &mut |ev| match ev {
        Ev::Text(t) => out.push(t),
        Ev::Break => out.space(),
        Ev::Heading { .. } | Ev::HeadingEnd => out.space(),
    });
    out.finish()
}

/// Cuts an HTML fragment at its `h2` and `h3` headings that carry an id. The first section
/// (the text before the first heading) has an empty anchor and title.
pub fn sections(html: &str) -> Vec<Section> {
    let mut sections = vec![Section {
        anchor: String::new(),
        title: String::new(),
        text: String::new(),
    }];
    let mut text = Text::default();
    let mut title: Option<Text> = None;
    walk(html, &mut |ev| match ev {
        Ev::Heading { id } => {
            let last = sections.last_mut().expect("never empty");
            last.text = std::mem::take(&mut text).finish();
            sections.push(Section {
                anchor: id,
                title: String::new(),
                text: String::new(),
            });
            title = Some(Text::default());
        }
        Ev::HeadingEnd => {
            if let Some(t) = title.take() {
                sections.last_mut().expect("never empty").title = t.finish();
            }
        }
        Ev::Text(t) => match &mut title {
            Some(title) => title.push(t),
            None => text.push(t),
        },
        Ev::Break => match &mut title {
            Some(title) => title.space(),
            None => text.space(),
        },
    });
    sections.last_mut().expect("never empty").text = text.finish();
    sections
}

/// Collapses white space as text is pushed.
#[derive(Default)]
struct Text {
    out: String,
    pending_space: bool,
}

impl Text {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.out.is_empty() {
                    self.out.push(' ');
                }
                self.pending_space = false;
                self.out.push(c);
            }
        }
    }
    fn space(&mut self) {
        self.pending_space = true;
    }
    fn finish(self) -> String {
        self.out
    }
}

enum Ev<'t> {
    Text(&'t str),
    /// A tag that separates words.
    Break,
    /// An `h2` / `h3` with an id starts.
    Heading {
        id: String,
    },
    HeadingEnd,
}

/// Elements whose tags do not separate words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The attributes of a start tag that matter for search (the first of each name, as HTML
/// reads duplicates), values with their character references decoded.
#[derive(Default)]
struct OpenTag {
    name: String,
    /// Which of the fields below the attribute being read fills, if any.
    filling: Option<Field>,
    question: bool,
    aria_hidden: Option<String>,
    class: Option<String>,
    id: Option<String>,
    /// A `<math>` element's TeX source.
    alttext: Option<String>,
}

#[derive(Clone, Copy)]
enum Field {
    AriaHidden,
    Class,
    Id,
    AltText,
}

impl OpenTag {
    fn start(&mut self, name: &[u8]) {
        self.name.clear();
        self.name.push_str(&String::from_utf8_lossy(name));
        self.filling = None;
        self.question = false;
        self.aria_hidden = None;
        self.class = None;
        self.id = None;
        self.alttext = None;
    }

    fn attribute(&mut self, name: &[u8]) {
        let slot = match name {
            b"data-question" => {
                self.question = true;
                None
            }
            b"aria-hidden" => Some((Field::AriaHidden, &mut self.aria_hidden)),
            b"class" => Some((Field::Class, &mut self.class)),
            b"id" => Some((Field::Id, &mut self.id)),
            b"alttext" => Some((Field::AltText, &mut self.alttext)),
            _ => None,
        };
        self.filling = match slot {
            // A repeated attribute is ignored, as HTML does.
            Some((field, value @ None)) => {
                *value = Some(String::new());
                Some(field)
            }
            _ => None,
        };
    }

    fn value(&mut self, value: &[u8]) {
        let slot = match self.filling.take() {
            Some(Field::AriaHidden) => &mut self.aria_hidden,
            Some(Field::Class) => &mut self.class,
            Some(Field::Id) => &mut self.id,
            Some(Field::AltText) => &mut self.alttext,
            None => return,
        };
        *slot = Some(String::from_utf8_lossy(value).into_owned());
    }

    /// Whether the element's content is not the page's text: script, style, question widgets
    /// (with their answer keys) and visually hidden helper text.
    fn skipped(&self) -> bool {
        matches!(
            self.name.as_str(),
            "script" | "style" | "template" | "noscript"
        ) || self.question
            || self.aria_hidden.as_deref() == Some("true")
            || self.class.as_deref().is_some_and(|c| {
                // Hidden code lines and the control that shows them are not the text.
                c.split_whitespace()
                    .any(|c| matches!(c, "visually-hidden" | "boring" | "code-tools"))
            })
    }
}

/// Turns the tokenizer's events into the events search needs.
struct Walker<'e> {
    emit: &'e mut dyn FnMut(Ev<'_>),
    tag: OpenTag,
    /// While inside an element whose content is skipped: its name and nesting depth.
    skipping: Option<(String, usize)>,
    /// The `h2` / `h3` being read.
    heading: Option<String>,
}

impl Walker<'_> {
    fn event(&mut self, event: CallbackEvent<'_>) {
        match event {
            CallbackEvent::OpenStartTag { name } => self.tag.start(name),
            CallbackEvent::AttributeName { name } => self.tag.attribute(name),
            CallbackEvent::AttributeValue { value } => self.tag.value(value),
            CallbackEvent::CloseStartTag { self_closing } => self.start_tag(self_closing),
            CallbackEvent::EndTag { name } => self.end_tag(&String::from_utf8_lossy(name)),
            CallbackEvent::String { value } if self.skipping.is_none() => {
                (self.emit)(Ev::Text(&String::from_utf8_lossy(value)));
            }
            _ => {}
        }
    }

    fn start_tag(&mut self, self_closing: bool) {
        let name = self.tag.name.as_str();
        let void = VOID.contains(&name);
        if let Some((skip_name, depth)) = &mut self.skipping {
            if skip_name == name && !void && !self_closing {
                *depth += 1;
            }
            return;
        }
        if self.tag.skipped() && !void {
            self.skipping = Some((name.to_string(), 1));
            return;
        }
        // A formula is searched for by its TeX (`\frac`, `sigma`), not by the MathML's
        // scattered characters: its `alttext`, with the element's content skipped.
        if name == "math" && !self_closing {
            if let Some(tex) = self.tag.alttext.take() {
                (self.emit)(Ev::Text(&tex));
            }
            self.skipping = Some((name.to_string(), 1));
            return;
        }
        if (name == "h2" || name == "h3") && self.heading.is_none() {
            if let Some(id) = self.tag.id.take().filter(|id| !id.is_empty()) {
                self.heading = Some(name.to_string());
                (self.emit)(Ev::Heading { id });
                return;
            }
        }
        if !INLINE.contains(&name) {
            (self.emit)(Ev::Break);
        }
    }

    fn end_tag(&mut self, name: &str) {
        if let Some((skip_name, depth)) = &mut self.skipping {
            if skip_name == name && !VOID.contains(&name) {
                *depth -= 1;
                if *depth == 0 {
                    self.skipping = None;
                    (self.emit)(Ev::Break);
                }
            }
            return;
        }
        if self.heading.as_deref() == Some(name) {
            self.heading = None;
            (self.emit)(Ev::HeadingEnd);
        } else if !INLINE.contains(&name) {
            (self.emit)(Ev::Break);
        }
    }
}

/// Walks an HTML fragment (as the render stage writes it, or an author's raw HTML) with an
/// HTML tokenizer (html5gum, which follows the HTML standard: character references decoded,
/// script and style content read as raw text), reporting its text and the tags that matter
/// for search.
fn walk(html: &str, emit: &mut dyn FnMut(Ev<'_>)) {
    let mut walker = Walker {
        emit,
        tag: OpenTag::default(),
        skipping: None,
        heading: None,
    };
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
        walker.event(event);
        None::<Infallible>
    });
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, super::tags::Quiet(emitter)).for_each(drop);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for n in [0, 1, 31, 32, 33, 1023, 1024, 99_999, u32::MAX / 2] {
            let mut s = String::new();
            push_number(&mut s, n * 2);
            assert_eq!(decode_postings(&s), vec![(n, 1, false)], "{n} as {s}");
        }
    }
}
