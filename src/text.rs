//! Text helpers shared by several stages (content validation and rendering both name things
//! by slugs). They sit below every stage, so no stage imports a later one to reach them.

pub mod verdict;

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

/// The default id of an interview card: a slug of the question's first words.
pub fn card_slug(question: &str) -> String {
    let slug = slugify(question);
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).take(8).collect();
    let s = words.join("-");
    if s.is_empty() {
        "question".into()
    } else {
        s
    }
}

/// A heading's id made from its text by mdBook's rule, so that links written into an mdBook
/// book (`chapter.html#some-heading`) keep pointing at the same heading: the text is trimmed and
/// lower-cased; letters and digits of any script, `_` and `-` are kept; every white-space
/// character becomes one `-` (runs are not merged, ends are not stripped); everything else —
/// punctuation, symbols, emoji — is dropped. A text that leaves nothing is `section`, as newer
/// mdBook (and pandoc) make it, rather than an empty id that no link can name.
///
/// Unlike [`slugify`], which names cards and the book's storage and must not move, this is for
/// headings only.
pub fn heading_id(text: &str) -> String {
    // The whole text is lower-cased at once (not each character): a word-final `Σ` becomes
    // `ς`, as it does in mdBook.
    let id: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect();
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Heading texts (as the Markdown parser hands them over: code spans are their text, smart
    /// punctuation already applied) and the id mdBook 0.5 gives each.
    #[test]
    fn heading_ids_follow_mdbooks_rule() {
        let cases = [
            ("Symptom, cause, tool", "symptom-cause-tool"),
            ("V8, memory & frameworks", "v8-memory--frameworks"),
            (
                "`--passes`: add more rustdoc passes",
                "--passes-add-more-rustdoc-passes",
            ),
            (
                "Method-call 🐙 expressions \u{1f47c}",
                "method-call--expressions-",
            ),
            ("What’s `next()`?", "whats-next"),
            ("_-_12345", "_-_12345"),
            ("snake_case and kebab-case", "snake_case-and-kebab-case"),
            ("file.rs / mod.rs", "filers--modrs"),
            ("  padded  ", "padded"),
            ("two  spaces", "two--spaces"),
            ("Ünïcode Überall", "ünïcode-überall"),
            ("Café – crème", "café--crème"),
            ("中文標題 CJK title", "中文標題-cjk-title"),
            ("にほんご", "にほんご"),
            ("한국어", "한국어"),
            ("İstanbul", "istanbul"),
            ("ΣΊΣΥΦΟΣ", "σίσυφος"),
            ("Q: event loop phases", "q-event-loop-phases"),
            ("1.2.3 Release", "123-release"),
            ("C++ & C#", "c--c"),
            ("::", "section"),
            ("", "section"),
            ("   ", "section"),
            ("🎉", "section"),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(text, want)| heading_id(text) != *want)
            .map(|(text, want)| format!("{text:?}: got {:?}, want {want:?}", heading_id(text)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
