//! Math at build time: TeX formulas in the Markdown become MathML in the page, with no script
//! and nothing fetched (the browser typesets MathML Core itself).
//!
//! Two syntaxes, each switched by book.toml ([`MathSyntax`]):
//!
//! - `$…$` inline and `$$…$$` display (`[output.html] math`, on by default in a Lectern book):
//!   pulldown-cmark's math spans, with pandoc's extra rule that an inline formula whose closing
//!   `$` is followed by a digit is no formula (so `$5-$10` stays a price: see [`dollar_is_text`]).
//! - `\\( … \\)` inline and `\\[ … \\]` display (`[output.html] mathjax-support`, mdBook's
//!   key): the delimiters as mdBook books write them, found, as MathJax finds them, in the text
//!   the Markdown leaves (`\\(` is an escaped backslash and a parenthesis, so the text holds
//!   `\(`). See [`bracket_math`].
//!
//! Each formula is converted by math-core (TeX to MathML Core; chosen over pulldown-latex and
//! latex2mathml, see BENCHMARKS.md). The `<math>` element carries its TeX source twice: in
//! `alttext` (white space collapsed: the accessible name, and what search indexes) and in an
//! `<annotation encoding="application/x-tex">` (for copying and for tools that read MathML),
//! and `aria-label` holds it too (Chromium names a formula from that).
//! A display formula sits in a `<span class="math-display">` that scrolls sideways when it is
//! wider than the page, and that the keyboard can reach (`tabindex="0"`) to scroll it.

use std::ops::Range;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::highlight::escape;

/// Which math delimiters a book's Markdown has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MathSyntax {
    /// `$…$` and `$$…$$`.
    pub dollars: bool,
    /// `\\( … \\)` and `\\[ … \\]` (mdBook's `mathjax-support`).
    pub brackets: bool,
}

/// Inline (in the line of text) or display (a block of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    Inline,
    Block,
}

/// A formula that does not parse: where in its TeX (a byte range) and what is wrong, in
/// math-core's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TexError {
    pub at: Range<usize>,
    pub message: String,
}

thread_local! {
    static CONVERTER: Option<LatexToMathML> = LatexToMathML::new(MathCoreConfig {
        annotation: true,
        ..Default::default()
    })
    .ok();
}

/// The HTML of one formula: `<math>` (inline) or a scrolling span holding it (display).
pub fn render(tex: &str, display: Display) -> Result<String, TexError> {
    let mode = match display {
        Display::Inline => MathDisplay::Inline,
        Display::Block => MathDisplay::Block,
    };
    let converted = CONVERTER.with(|c| match c {
        Some(c) => c.convert_with_local_state(tex, mode).map_err(|e| TexError {
            at: e.0.clone(),
            message: e.error_message(),
        }),
        // Only custom macros can make the converter fail to build, and there are none.
        None => Err(TexError {
            at: 0..0,
            message: "the math converter could not start".into(),
        }),
    })?;
    let mathml = in_mstyle(&converted.mathml);
    // math-core writes `<math>` or `<math display="block">`: the TeX goes in as the element's
    // alternative text and accessible name (Chromium names a formula from `aria-label`, not
    // from `alttext`; its MathML stays in the accessibility tree for screen readers that read
    // math).
    let rest = mathml.strip_prefix("<math").unwrap_or(&mathml);
    let alt = escape(&tex.split_whitespace().collect::<Vec<_>>().join(" "));
    let open = format!("<math alttext=\"{alt}\" aria-label=\"{alt}\"");
    Ok(match display {
        Display::Inline => format!("{open}{rest}"),
        Display::Block => {
            format!("<span class=\"math-display\" tabindex=\"0\">{open}{rest}</span>")
        }
    })
}

/// The attributes MathML Core gives every element but the HTML checker (MathML 3) allows only
/// on `<mstyle>`: `scriptlevel` on `<mtable>` and `displaystyle` on `<mfrac>` (`\dfrac`) move
/// to an `<mstyle>` around the element, which styles it the same.
fn in_mstyle(mathml: &str) -> String {
    const MOVED: [(&str, &str); 2] = [("mtable", "scriptlevel"), ("mfrac", "displaystyle")];
    let mut out = String::with_capacity(mathml.len() + 32);
    // For each element name of MOVED, whether each open one was wrapped.
    let mut open: [Vec<bool>; 2] = [Vec::new(), Vec::new()];
    let mut rest = mathml;
    while let Some(lt) = rest.find('<') {
        let Some(gt) = rest[lt..].find('>').map(|g| lt + g) else {
            break;
        };
        out.push_str(&rest[..lt]);
        let tag = &rest[lt..=gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with("</");
        let name = tag
            .trim_start_matches(['<', '/'])
            .split([' ', '>', '/'])
            .next()
            .unwrap_or("");
        let Some(k) = MOVED.iter().position(|(n, _)| *n == name) else {
            out.push_str(tag);
            continue;
        };
        if closing {
            out.push_str(tag);
            if open[k].pop() == Some(true) {
                out.push_str("</mstyle>");
            }
            continue;
        }
        let needle = format!(" {}=\"", MOVED[k].1);
        let attribute = tag.find(&needle).and_then(|at| {
            let end = tag[at + needle.len()..].find('"')? + at + needle.len() + 1;
            Some((at, end))
        });
        match attribute {
            Some((at, end)) if !tag.ends_with("/>") => {
                out.push_str("<mstyle");
                out.push_str(&tag[at..end]);
                out.push('>');
                out.push_str(&tag[..at]);
                out.push_str(&tag[end..]);
                open[k].push(true);
            }
            _ => {
                out.push_str(tag);
                if !tag.ends_with("/>") {
                    open[k].push(false);
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether pulldown-cmark's inline formula at `range` of `md` is really text: pandoc's rule
/// that the closing `$` is not followed by a digit (`$5-$10`, `US$5 and US$10`).
pub fn dollar_is_text(md: &str, range: &Range<usize>) -> bool {
    md[range.end..].starts_with(|c: char| c.is_ascii_digit())
}

/// Where the formula's TeX starts in `md`, when it is written there as it is read (not so in a
/// block quote, whose `>` markers are left out of it, or with escapes in `\\( … \\)`).
pub fn tex_offset(md: &str, range: &Range<usize>, tex: &str) -> Option<usize> {
    let source = md.get(range.clone())?;
    if tex.is_empty() {
        return None;
    }
    source.find(tex).map(|i| range.start + i)
}

/// Turns mdBook's `\( … \)` and `\[ … \]`, as they stand in the text the Markdown leaves, into
/// math events. A formula is looked for in each run of text (text and soft line breaks, as
/// MathJax reads a text node); code spans and blocks, raw HTML and other elements end a run,
/// so code never becomes math. A `\(` with no `\)` in its run stays text.
pub fn bracket_math<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out = Vec::new();
    let mut run: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    let mut in_code = 0usize;
    for (event, range) in events {
        match &event {
            Event::Text(_) | Event::SoftBreak if in_code == 0 => {
                run.push((event, range));
                continue;
            }
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            _ => {}
        }
        flush_run(&mut run, &mut out);
        out.push((event, range));
    }
    flush_run(&mut run, &mut out);
    out
}

/// A run of text events, with its formulas made math events (or the events as they were).
fn flush_run<'a>(
    run: &mut Vec<(Event<'a>, Range<usize>)>,
    out: &mut Vec<(Event<'a>, Range<usize>)>,
) {
    if run.is_empty() {
        return;
    }
    let texts = || {
        run.iter().map(|(e, _)| match e {
            Event::Text(t) => t.as_ref(),
            _ => "\n",
        })
    };
    // The run's text, and where each event's part of it starts, with the event's source range.
    let mut text = String::new();
    let mut starts: Vec<(usize, Range<usize>)> = Vec::new();
    for ((_, range), t) in run.iter().zip(texts()) {
        starts.push((text.len(), range.clone()));
        text.push_str(t);
    }
    // (`\\[` comes as two events, `\` and `[`: look in the whole run.)
    if !text.contains("\\(") && !text.contains("\\[") {
        out.append(run);
        return;
    }
    let source_at = |i: usize| -> Range<usize> {
        let k = starts.partition_point(|(s, _)| *s <= i).saturating_sub(1);
        starts[k].1.clone()
    };
    let mut made: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(found) = text[i..].find('\\') {
        let open = i + found;
        let close = match text.as_bytes().get(open + 1) {
            Some(b'(') => "\\)",
            Some(b'[') => "\\]",
            _ => {
                // `\\` is a backslash, not a delimiter: skip both.
                i = open + 2.min(text.len() - open);
                continue;
            }
        };
        let Some(end) = text[open + 2..].find(close).map(|e| open + 2 + e) else {
            break;
        };
        if open > last {
            made.push((
                Event::Text(CowStr::from(text[last..open].to_string())),
                source_at(last),
            ));
        }
        // Smart punctuation has made a prime (`f'(x)`) a curly quote in the text: undone.
        let tex = CowStr::from(text[open + 2..end].replace(['\u{2019}', '\u{2018}'], "'"));
        let range = source_at(open).start..source_at(end + 1).end;
        made.push((
            if close == "\\)" {
                Event::InlineMath(tex)
            } else {
                Event::DisplayMath(tex)
            },
            range,
        ));
        last = end + 2;
        i = last;
    }
    if made.is_empty() {
        out.append(run);
        return;
    }
    if last < text.len() {
        made.push((
            Event::Text(CowStr::from(text[last..].to_string())),
            source_at(last),
        ));
    }
    run.clear();
    out.extend(made);
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn brackets(md: &str) -> Vec<String> {
        bracket_math(Parser::new_ext(md, Options::empty()).into_offset_iter())
            .into_iter()
            .filter_map(|(e, r)| match e {
                Event::InlineMath(t) => Some(format!("inline {:?} {r:?}", t.as_ref())),
                Event::DisplayMath(t) => Some(format!("display {:?} {r:?}", t.as_ref())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn mdbook_delimiters_as_written() {
        assert_eq!(
            brackets("a \\\\( x^2 \\\\) b"),
            vec!["inline \" x^2 \" 3..15".to_string()]
        );
        assert_eq!(
            brackets("\\\\[ \\mu = \\frac{1}{N}\n\\sum_i x_i \\\\]\n"),
            vec!["display \" \\\\mu = \\\\frac{1}{N}\\n\\\\sum_i x_i \" 1..36".to_string()]
        );
        // A single backslash is CommonMark's escape of the parenthesis: no math.
        assert!(brackets("a \\( x \\) b").is_empty());
        // Code spans and blocks never hold math; an unclosed one stays text.
        assert!(brackets("`\\\\( x \\\\)`\n\n```\n\\\\( y \\\\)\n```\n").is_empty());
        assert!(brackets("\\\\( x").is_empty());
        let smart = bracket_math(
            Parser::new_ext("\\\\( f'(x) \\\\)", Options::ENABLE_SMART_PUNCTUATION)
                .into_offset_iter(),
        );
        assert!(
            smart
                .iter()
                .any(|(e, _)| matches!(e, Event::InlineMath(t) if t.as_ref() == " f'(x) ")),
            "{smart:?}"
        );
    }

    #[test]
    fn renders_mathml_with_its_tex() {
        let inline = render("\\frac{a}{b}", Display::Inline).unwrap();
        assert!(
            inline.starts_with("<math alttext=\"\\frac{a}{b}\" aria-label=\"\\frac{a}{b}\">"),
            "{inline}"
        );
        assert!(inline.contains("<mfrac>"));
        assert!(inline.contains("<annotation encoding=\"application/x-tex\">"));
        let block = render("x < y", Display::Block).unwrap();
        assert!(
            block.starts_with("<span class=\"math-display\" tabindex=\"0\"><math alttext=\"x &lt; y\" aria-label=\"x &lt; y\" display=\"block\">"),
            "{block}"
        );
        let e = render("\\frac{1}{", Display::Inline).unwrap_err();
        assert_eq!(e.at, 9..9);
        assert!(e.message.contains('}'), "{}", e.message);
    }

    #[test]
    fn core_only_attributes_move_to_an_mstyle() {
        assert_eq!(
            in_mstyle("<mrow><mtable displaystyle=\"false\" scriptlevel=\"0\"><mtr><mtd><mtable scriptlevel=\"0\" style=\"x\"></mtable></mtd></mtr></mtable><mfrac displaystyle=\"true\"><mn>1</mn><mfrac><mn>2</mn><mn>3</mn></mfrac></mfrac></mrow>"),
            "<mrow><mstyle scriptlevel=\"0\"><mtable displaystyle=\"false\"><mtr><mtd><mstyle scriptlevel=\"0\"><mtable style=\"x\"></mtable></mstyle></mtd></mtr></mtable></mstyle><mstyle displaystyle=\"true\"><mfrac><mn>1</mn><mfrac><mn>2</mn><mn>3</mn></mfrac></mfrac></mstyle></mrow>"
        );
    }

    #[test]
    fn prices_are_not_formulas() {
        let md = "$5-$10";
        assert!(dollar_is_text(md, &(0..4)));
        assert!(!dollar_is_text("$x$ and", &(0..3)));
    }
}
