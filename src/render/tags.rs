//! The start tags of an HTML text as html5gum's tokenizer reads them, with where each tag and
//! each attribute value stands in the text, for the passes that rewrite a few attributes and
//! keep every other byte (the print page, the single-file export). Comments are no tags, and
//! the content of `script`, `style`, `textarea` and `title` is text, as a browser reads it.

use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

/// One start tag.
#[derive(Debug, Default)]
pub struct StartTag<'h> {
    /// Where `<name …>` stands in the text.
    pub range: Range<usize>,
    /// Lower case.
    pub name: String,
    /// In the order written, repeats kept.
    pub attrs: Vec<Attr<'h>>,
    /// The tag ends with `/>`.
    pub self_closing: bool,
}

/// One attribute of a start tag.
#[derive(Debug, PartialEq, Eq)]
pub struct Attr<'h> {
    /// Lower case.
    pub name: String,
    /// The value as written, character references kept (`a&amp;b`), without its quotes.
    pub raw: &'h str,
    /// The value as the browser reads it (`a&b`).
    pub value: String,
}

impl StartTag<'_> {
    /// The first attribute called `name`, as a browser takes it.
    pub fn attr(&self, name: &str) -> Option<&Attr<'_>> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The decoded value of the first attribute called `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|a| a.value.as_str())
    }
}

/// The start tags of `html`, in order, read as the iterator is.
pub fn start_tags(html: &str) -> impl Iterator<Item = StartTag<'_>> {
    let mut tag = StartTag::default();
    let mut emitter = CallbackEmitter::new(move |event: CallbackEvent<'_>, span: Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                tag.range = span.start..span.end;
                tag.name = String::from_utf8_lossy(name).into_owned();
                tag.attrs.clear();
            }
            CallbackEvent::AttributeName { name } => tag.attrs.push(Attr {
                name: String::from_utf8_lossy(name).into_owned(),
                raw: "",
                value: String::new(),
            }),
            CallbackEvent::AttributeValue { value } => {
                if let Some(a) = tag.attrs.last_mut() {
                    a.raw = html.get(span.start..span.end).unwrap_or("");
                    a.value = String::from_utf8_lossy(value).into_owned();
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
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "a", "img", "script", "title", "br"]);
        let a = &tags[1];
        assert_eq!(
            &html[a.range.clone()],
            "<a HREF=\"x&amp;y\" class=b data-x='q' hidden alt=\"\" href=dup>"
        );
        let attrs: Vec<(&str, &str, &str)> = a
            .attrs
            .iter()
            .map(|a| (a.name.as_str(), a.raw, a.value.as_str()))
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
}
