//! Verdict words at the start of an option's explanation.
//!
//! After the reader checks, Lectern puts its own label above each option's explanation
//! ("✓ Correct", "✗ Wrong", "! Correct answer", "! Missed — this option is also correct"),
//! chosen by the option's `correct:`. Authors often start the explanation with the same word
//! ("Wrong: a `WeakMap` has no size limit"), which the reader would then read twice. This
//! module finds such a word, so that validation can warn about it and rendering can leave it
//! out. The words are a parameter: each language has its own.

use std::borrow::Cow;

/// The words that open an explanation with a verdict, in one language, in lower case.
/// Longer phrases are tried before the words they start with ("not quite" before "no").
#[derive(Debug, Clone, Copy)]
pub struct VerdictWords<'a> {
    /// Words that say the option is right: "correct", "right".
    pub right: &'a [&'a str],
    /// Words that say the option is wrong: "wrong", "not quite".
    pub wrong: &'a [&'a str],
}

/// English verdict words.
pub const ENGLISH: VerdictWords<'static> = VerdictWords {
    right: &[
        "correct answer",
        "correct",
        "right answer",
        "right",
        "exactly",
    ],
    wrong: &[
        "wrong answer",
        "wrong",
        "incorrect",
        "not correct",
        "not right",
        "not quite",
        "nope",
        "no",
    ],
};

/// French verdict words.
pub const FRENCH: VerdictWords<'static> = VerdictWords {
    right: &[
        "bonne réponse",
        "correct",
        "correcte",
        "exact",
        "exactement",
        "juste",
        "vrai",
        "oui",
    ],
    wrong: &[
        "mauvaise réponse",
        "faux",
        "fausse",
        "incorrect",
        "incorrecte",
        "pas tout à fait",
        "erreur",
        "non",
    ],
};

/// German verdict words.
pub const GERMAN: VerdictWords<'static> = VerdictWords {
    right: &["richtig", "korrekt", "genau", "stimmt", "ja"],
    wrong: &["falsch", "nicht ganz", "nicht richtig", "inkorrekt", "nein"],
};

/// Spanish verdict words.
pub const SPANISH: VerdictWords<'static> = VerdictWords {
    right: &[
        "respuesta correcta",
        "correcto",
        "correcta",
        "cierto",
        "exacto",
        "sí",
    ],
    wrong: &[
        "respuesta incorrecta",
        "incorrecto",
        "incorrecta",
        "falso",
        "no del todo",
        "error",
        "no",
    ],
};

/// Japanese verdict words.
pub const JAPANESE: VerdictWords<'static> = VerdictWords {
    right: &["正解", "正しい", "その通り"],
    wrong: &["不正解", "誤り", "間違い", "違います"],
};

/// Chinese verdict words.
pub const CHINESE: VerdictWords<'static> = VerdictWords {
    right: &["正确", "对"],
    wrong: &["错误", "不正确", "不对", "错"],
};

/// Arabic verdict words.
pub const ARABIC: VerdictWords<'static> = VerdictWords {
    right: &["إجابة صحيحة", "صحيح", "صح"],
    wrong: &["إجابة خاطئة", "غير صحيح", "خطأ", "خاطئ", "ليس تمامًا"],
};

/// The verdict words of the language `tag` names (`fr-CA` reads French); English for a
/// language without its own list.
pub fn for_language(tag: &str) -> &'static VerdictWords<'static> {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => &FRENCH,
        "de" => &GERMAN,
        "es" => &SPANISH,
        "ja" => &JAPANESE,
        "zh" => &CHINESE,
        "ar" => &ARABIC,
        _ => &ENGLISH,
    }
}

/// What may follow a verdict word: `Wrong:`, `Correct —`, `No.`, `Right!`, and the full-width
/// and Arabic marks (`正解：`, `خطأ،`).
const SEPARATORS: &[char] = &[
    ':', '—', '–', '-', '.', ',', '!', ';', '：', '。', '，', '、', '！', '；', '،', '؛',
];

/// Separators of scripts written without spaces: no space need follow them (`不正解：ヒープ…`).
const CLOSED: &[char] = &['：', '。', '，', '、', '！', '；'];

/// Marks an author may put before the word: an icon and Markdown emphasis.
const ICONS: &[char] = &['✓', '✔', '✅', '✗', '✘', '❌', '×'];

/// A verdict word found at the start of an explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadingVerdict {
    /// Whether the word says the option is right.
    pub right: bool,
    /// The verdict as written, with its punctuation and without emphasis: `Wrong:`.
    pub written: String,
    /// Byte offset in the text where the verdict starts (after leading spaces).
    pub start: usize,
    /// Byte offset where the rest of the explanation starts (after the verdict, its
    /// punctuation, emphasis marks and the spaces that follow).
    pub end: usize,
}

/// The verdict word `text` starts with, if any: one of `words` (ignoring case), followed by
/// one of `:` `—` `–` `-` `.` `,` `!` `;` and then a space or the end of the text. It may be
/// preceded by an icon (`✗ Wrong:`) and wrapped in Markdown emphasis (`**Wrong:**`,
/// `**Wrong**:`). A word that merely starts a sentence ("Right now…", "No object is…",
/// "Wrong-headed") is not a verdict: the punctuation is required.
pub fn leading_verdict(text: &str, words: &VerdictWords) -> Option<LeadingVerdict> {
    let start = text.len() - text.trim_start().len();
    let mut rest = &text[start..];
    // An icon, then spaces.
    if let Some(c) = rest.chars().next().filter(|c| ICONS.contains(c)) {
        rest = rest[c.len_utf8()..].trim_start_matches([' ', '\u{fe0f}']);
    }
    // Emphasis opened before the word: `**`, `__`, `*` or `_`.
    let emphasis = ["**", "__", "*", "_"]
        .into_iter()
        .find(|e| rest.starts_with(e))
        .unwrap_or("");
    rest = &rest[emphasis.len()..];
    let candidates = words
        .right
        .iter()
        .map(|w| (true, *w))
        .chain(words.wrong.iter().map(|w| (false, *w)));
    // The longest word that matches: "not quite" rather than "no".
    let (right, word_len) = candidates
        .filter_map(|(right, w)| starts_with_ignoring_case(rest, w).map(|n| (right, n)))
        .max_by_key(|(_, n)| *n)?;
    let word = &rest[..word_len];
    let mut after = &rest[word_len..];
    // A letter or digit right after the word: it is a longer word ("Rightly", "Nope" for "no").
    if after.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let mut closed = emphasis.is_empty();
    if !closed && after.starts_with(emphasis) {
        after = &after[emphasis.len()..];
        closed = true;
    }
    let before_separator = after.len();
    // French puts a (narrow) no-break space before the colon: `Faux\u{202f}:`.
    after = after.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let spaced = after.len() != before_separator;
    let separator = after.chars().next().filter(|c| SEPARATORS.contains(c))?;
    // "Wrong - it…" is a verdict; "Wrong-headed" is a word.
    if separator == '-' && !spaced {
        return None;
    }
    after = &after[separator.len_utf8()..];
    if !closed {
        after = after.strip_prefix(emphasis)?;
    }
    // The punctuation ends the verdict: a space or the end must follow ("Correct.js" is not one).
    if !CLOSED.contains(&separator) && after.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let end = text.len() - after.trim_start().len();
    let written = if spaced {
        format!("{word} {separator}")
    } else {
        format!("{word}{separator}")
    };
    Some(LeadingVerdict {
        right,
        written,
        start,
        end,
    })
}

/// The explanation as shown under Lectern's label for an option that is `correct` (or not):
/// a leading verdict word that agrees with the label is left out, since the label says it, and
/// the sentence that follows starts with a capital ("Wrong: it grows" shows "It grows") unless
/// its first word is not a plain lower-case word (`iOS`, `x86`). A word that contradicts the
/// option ("Correct:" on a wrong option) is kept: it is a mistake `lectern check` reports, and
/// the page should not hide which of the two the author meant.
pub fn shown_explanation<'t>(text: &'t str, correct: bool, words: &VerdictWords) -> Cow<'t, str> {
    match leading_verdict(text, words) {
        Some(v) if v.right == correct => capitalized(&text[v.end..]),
        _ => Cow::Borrowed(text),
    }
}

/// `text` with its first letter in upper case, when its first word is all lower-case letters.
fn capitalized(text: &str) -> Cow<'_, str> {
    let word = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .next()
        .unwrap_or("");
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| !c.is_alphanumeric() || c.is_lowercase());
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if plain && first.is_lowercase() => {
            Cow::Owned(first.to_uppercase().chain(chars).collect())
        }
        _ => Cow::Borrowed(text),
    }
}

/// The byte length of the start of `text` that equals `word` ignoring case, if it does.
fn starts_with_ignoring_case(text: &str, word: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    for w in word.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(w.to_lowercase()) {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| i))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(explanation, Some((right?, as written, what is left)))` or `None` for no verdict.
    #[test]
    fn verdicts_are_found_with_their_punctuation() {
        /// Whether it says "right", the verdict as written, and the rest of the text.
        type Found = Option<(bool, &'static str, &'static str)>;
        let cases: &[(&str, Found)] = &[
            (
                "Wrong: WeakMap has no size limit.",
                Some((false, "Wrong:", "WeakMap has no size limit.")),
            ),
            (
                "Correct — weak keys let the GC reclaim entries.",
                Some((true, "Correct —", "weak keys let the GC reclaim entries.")),
            ),
            (
                "correct, the key decides",
                Some((true, "correct,", "the key decides")),
            ),
            (
                "WRONG! It is not compressed.",
                Some((false, "WRONG!", "It is not compressed.")),
            ),
            (
                "Not quite: it only delays the crash.",
                Some((false, "Not quite:", "it only delays the crash.")),
            ),
            (
                "Incorrect. The heap is ordinary.",
                Some((false, "Incorrect.", "The heap is ordinary.")),
            ),
            (
                "Right. The key's reachability decides.",
                Some((true, "Right.", "The key's reachability decides.")),
            ),
            (
                "No. A `WeakMap` has no size limit.",
                Some((false, "No.", "A `WeakMap` has no size limit.")),
            ),
            (
                "No; it has no eviction policy.",
                Some((false, "No;", "it has no eviction policy.")),
            ),
            (
                "Exactly: it cleans up after itself.",
                Some((true, "Exactly:", "it cleans up after itself.")),
            ),
            (
                "Nope, it is not compressed.",
                Some((false, "Nope,", "it is not compressed.")),
            ),
            (
                "Wrong - the loop is blocked.",
                Some((false, "Wrong -", "the loop is blocked.")),
            ),
            (
                "  Wrong:   spaces are skipped",
                Some((false, "Wrong:", "spaces are skipped")),
            ),
            (
                "Correct answer — the key decides.",
                Some((true, "Correct answer —", "the key decides.")),
            ),
            (
                "**Wrong:** it is on the heap.",
                Some((false, "Wrong:", "it is on the heap.")),
            ),
            (
                "**Wrong**: it is on the heap.",
                Some((false, "Wrong:", "it is on the heap.")),
            ),
            (
                "_Correct._ Weak keys.",
                Some((true, "Correct.", "Weak keys.")),
            ),
            (
                "✗ Wrong: no compression.",
                Some((false, "Wrong:", "no compression.")),
            ),
            (
                "✓ Correct — weak keys.",
                Some((true, "Correct —", "weak keys.")),
            ),
            ("Correct!", Some((true, "Correct!", ""))),
            (
                "Wrong:\nthe next line",
                Some((false, "Wrong:", "the next line")),
            ),
            // Not verdicts: no punctuation, a longer word, punctuation inside a word.
            ("Right now the heap is small.", None),
            ("No object is freed by hand.", None),
            ("Nothing is compressed.", None),
            ("Rightly so: it grows.", None),
            ("Wrong-headed, but common.", None),
            ("Correct.js is a file.", None),
            ("Wrongly assumed: it is fine.", None),
            ("**Wrong: unclosed emphasis", None),
            ("The answer is wrong: it leaks.", None),
            ("", None),
            ("Correctness matters: always.", None),
            // "Yes" and "True" are not in the list: "Yes, but…" and "True, but…" concede.
            ("Yes, but not here.", None),
        ];
        for (text, want) in cases {
            let got = leading_verdict(text, &ENGLISH)
                .map(|v| (v.right, v.written.clone(), text[v.end..].to_string()));
            let want = want.map(|(r, w, rest)| (r, w.to_string(), rest.to_string()));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn the_word_list_is_a_parameter() {
        let french = VerdictWords {
            right: &["correct", "exact", "oui"],
            wrong: &["faux", "incorrect", "pas tout à fait", "non"],
        };
        let v = leading_verdict("Faux : la clé décide.", &french).unwrap();
        assert_eq!((v.right, v.written.as_str()), (false, "Faux :"));
        let v = leading_verdict("Pas tout à fait, elle grandit.", &french).unwrap();
        assert_eq!(v.written, "Pas tout à fait,");
        assert_eq!(leading_verdict("Wrong: English.", &french), None);
        let none = VerdictWords {
            right: &[],
            wrong: &[],
        };
        assert_eq!(leading_verdict("Wrong: nothing to find.", &none), None);
    }

    #[test]
    fn only_an_agreeing_word_is_left_out() {
        let w = &ENGLISH;
        assert_eq!(shown_explanation("Wrong: it grows.", false, w), "It grows.");
        assert_eq!(
            shown_explanation("Correct — it is weak.", true, w),
            "It is weak."
        );
        assert_eq!(
            shown_explanation("Wrong: it’s on the heap.", false, w),
            "It’s on the heap."
        );
        // The first word is kept as written when it is not a plain lower-case word.
        assert_eq!(
            shown_explanation("Wrong: iOS differs.", false, w),
            "iOS differs."
        );
        assert_eq!(
            shown_explanation("Wrong: x86 differs.", false, w),
            "x86 differs."
        );
        assert_eq!(
            shown_explanation("Wrong: `size` is missing.", false, w),
            "`size` is missing."
        );
        assert_eq!(
            shown_explanation("Wrong: Map keys are strong.", false, w),
            "Map keys are strong."
        );
        assert_eq!(shown_explanation("Correct!", true, w), "");
        // Contradicting the option: kept as written.
        assert_eq!(
            shown_explanation("Correct: it grows.", false, w),
            "Correct: it grows."
        );
        assert_eq!(
            shown_explanation("Wrong: it is weak.", true, w),
            "Wrong: it is weak."
        );
        assert_eq!(shown_explanation("It grows.", false, w), "It grows.");
    }

    #[test]
    fn each_language_has_its_own_words_and_punctuation() {
        let found = |tag: &str, text: &str| {
            leading_verdict(text, for_language(tag))
                .map(|v| (v.right, v.written, text[v.end..].to_string()))
        };
        assert_eq!(
            found("fr-CA", "Faux : la clé décide."),
            Some((false, "Faux :".into(), "la clé décide.".into()))
        );
        assert_eq!(
            found("fr", "Exact, la clé est faible."),
            Some((true, "Exact,".into(), "la clé est faible.".into()))
        );
        assert_eq!(
            found("de", "Falsch: es gibt keine Grenze."),
            Some((false, "Falsch:".into(), "es gibt keine Grenze.".into()))
        );
        assert_eq!(
            found("es", "Correcto — la clave es débil."),
            Some((true, "Correcto —".into(), "la clave es débil.".into()))
        );
        // No space after full-width punctuation, and the longer word wins (不正解, not 正解).
        assert_eq!(
            found("ja", "不正解：サイズの上限はありません。"),
            Some((
                false,
                "不正解：".into(),
                "サイズの上限はありません。".into()
            ))
        );
        assert_eq!(
            found("zh-Hans", "正确：键是弱引用。"),
            Some((true, "正确：".into(), "键是弱引用。".into()))
        );
        assert_eq!(
            found("ar", "خطأ: لا يوجد حد للحجم."),
            Some((false, "خطأ:".into(), "لا يوجد حد للحجم.".into()))
        );
        // A sentence that merely starts with the word is not a verdict.
        assert_eq!(found("ja", "正解は二番目です。"), None);
        assert_eq!(found("fr", "Non seulement la clé…"), None);
        // English words are not French ones, and a language without a list reads English.
        assert_eq!(found("fr", "Wrong: no."), None);
        assert_eq!(
            found("sw", "Wrong: no."),
            Some((false, "Wrong:".into(), "no.".into()))
        );
    }
}
