//! The start tags of an HTML text as html5gum's tokenizer reads them, with where each tag and
//! each attribute value stands in the text, for the passes that rewrite a few attributes and
//! keep every other byte (the print page, the single-file export). Comments are no tags, and
//! the content of `script`, `style`, `textarea` and `title` is text, as a browser reads it.

use std::borrow::Cow;
use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

/// One start tag.
#[derive(Debug, Default)]
pub struct StartTag<'h> {
    /// Where `<name …>` stands in the text.
    pub range: Range<usize>,
    /// Lower case.
    pub name: Cow<'h, str>,
    /// In the order written, repeats kept.
    pub attrs: Vec<Attr<'h>>,
    /// The tag ends with `/>`.
    pub self_closing: bool,
}

/// One attribute of a start tag.
#[derive(Debug, PartialEq, Eq)]
pub struct Attr<'h> {
    /// Lower case.
    pub name: Cow<'h, str>,
    /// The value as written, character references kept (`a&amp;b`), without its quotes.
    pub raw: &'h str,
    /// The value as the browser reads it (`a&b`).
    pub value: Cow<'h, str>,
}

impl StartTag<'_> {
    /// The first attribute called `name`, as a browser takes it.
    pub fn attr(&self, name: &str) -> Option<&Attr<'_>> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The decoded value of the first attribute called `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|a| &*a.value)
    }
}

/// `read` (a name or value as the tokenizer gives it) borrowed from the text where the text
/// at `at` says the same, which is nearly always: a page holds thousands of tags (every
/// highlighted token is a `<span>`), and a copy of each name and value was the rewrite
/// passes' largest cost.
fn as_written<'h>(html: &'h str, at: usize, read: &[u8]) -> Cow<'h, str> {
    match html.get(at..at + read.len()) {
        Some(written) if written.as_bytes() == read => Cow::Borrowed(written),
        _ => Cow::Owned(String::from_utf8_lossy(read).into_owned()),
    }
}

/// The start tags of `html`, in order, read as the iterator is.
pub fn start_tags(html: &str) -> impl Iterator<Item = StartTag<'_>> {
    let mut tag = StartTag::default();
    let mut emitter = CallbackEmitter::new(move |event: CallbackEvent<'_>, span: Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                tag.range = span.start..span.end;
                tag.name = as_written(html, span.start + 1, name);
                tag.attrs.clear();
            }
            CallbackEvent::AttributeName { name } => tag.attrs.push(Attr {
                name: as_written(html, span.start, name),
                raw: "",
                value: Cow::Borrowed(""),
            }),
            CallbackEvent::AttributeValue { value } => {
                if let Some(a) = tag.attrs.last_mut() {
                    a.raw = html.get(span.start..span.end).unwrap_or("");
                    a.value = as_written(html, span.start, value);
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                tag.range.end = span.end;
                tag.self_closing = self_closing;
                return Some(std::mem::take(&mut tag));
            }
            // Attributes written in an end tag belong to no start tag.
            CallbackEvent::EndTag { .. } => tag.attrs.clear(),
            _ => {}
        }
        None
    });
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, Quiet(emitter)).map(|t| match t {
        Ok(tag) => tag,
        Err(never) => match never {},
    })
}

/// An emitter that does not ask for the tokenizer's parse errors (a browser reads past them,
/// and so does Lectern): the tokenizer then skips checking every character for them, a third
/// of its time.
pub(crate) struct Quiet<E>(pub E);

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_attributes_and_where_they_stand() {
        let html = "<p>x</p><!-- <a href=no> --><a HREF=\"x&amp;y\" class=b data-x='q' hidden alt=\"\" href=dup>t</a><img src=x /><script>var a='<a href=s>'</script><title><b>t</b></title><br/>";
        let tags: Vec<StartTag> = start_tags(html).collect();
        let names: Vec<&str> = tags.iter().map(|t| &*t.name).collect();
        assert_eq!(names, ["p", "a", "img", "script", "title", "br"]);
        let a = &tags[1];
        assert_eq!(
            &html[a.range.clone()],
            "<a HREF=\"x&amp;y\" class=b data-x='q' hidden alt=\"\" href=dup>"
        );
        let attrs: Vec<(&str, &str, &str)> = a
            .attrs
            .iter()
            .map(|a| (&*a.name, a.raw, &*a.value))
            .collect();
        assert_eq!(
            attrs,
            [
                ("href", "x&amp;y", "x&y"),
                ("class", "b", "b"),
                ("data-x", "q", "q"),
                ("hidden", "", ""),
                ("alt", "", ""),
                ("href", "dup", "dup"),
            ]
        );
        assert_eq!(a.value("href"), Some("x&y"), "the first of two");
        assert!(tags[2].self_closing && tags[5].self_closing && !a.self_closing);
        assert_eq!(&html[tags[5].range.clone()], "<br/>");
    }

    #[test]
    fn names_and_values_written_as_read_are_borrowed_from_the_text() {
        let html = "<a HREF=\"x&amp;y\" class=b>t</a><span class=\"k\">x</span>";
        let tags: Vec<StartTag> = start_tags(html).collect();
        let borrowed = |c: &Cow<str>| matches!(c, Cow::Borrowed(_));
        let a = &tags[0];
        assert!(borrowed(&a.name), "a");
        assert!(!borrowed(&a.attrs[0].name), "HREF is read as href");
        assert!(!borrowed(&a.attrs[0].value), "x&amp;y is read as x&y");
        assert!(
            borrowed(&a.attrs[1].name) && borrowed(&a.attrs[1].value),
            "class=b"
        );
        let span = &tags[1];
        assert!(borrowed(&span.name) && borrowed(&span.attrs[0].name));
        assert!(borrowed(&span.attrs[0].value));
        assert_eq!((&*span.name, &*span.attrs[0].value), ("span", "k"));
    }
}
