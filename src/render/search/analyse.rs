//! How search cuts text into terms: the index (here) and the query (`search.js`) apply the
//! same rules, in the same order, so a word the reader types is the term the index holds.
//! `tests/fixtures/search/analyser.json` is a table of cases both sides are tested against.
//!
//! 1. **Words** are runs of Unicode letters, digits and combining marks (`char::is_alphanumeric`
//!    or General_Category Mark; `[\p{Alphabetic}\p{N}\p{M}]` in JavaScript). Marks belong to
//!    the word so that a decomposed `é` or a Hebrew cantillation mark does not cut it.
//! 2. **Folding**, per word: NFKD (`ﬁ` → `fi`, full-width `Ｖ８` → `V8`, half-width `ｶ` → `カ`);
//!    the diacritics dropped (the combining diacritical marks of Latin, Greek and Cyrillic,
//!    Hebrew niqqud and cantillation, Arabic harakat and Quranic marks, tatweel); a madda or
//!    hamza on an alef dropped (`أ إ آ` → `ا`); NFC; lower case; then a few letters that have
//!    no decomposition: `ß` → `ss`, `æ` → `ae`, `œ` → `oe`, `ø` → `o`, `đ ð` → `d`, `ł` → `l`,
//!    dotless `ı` → `i`, final `ς` → `σ`, Arabic `ٱ` → `ا`, `ة` → `ه`, `ى ی` → `ي`, `ک` → `ك`,
//!    Arabic-Indic and Persian digits → `0-9`. Marks of other scripts (Devanagari vowel signs,
//!    Thai vowels, the kana voicing marks) are letters of the word and stay.
//! 3. **Pieces**: the folded word is cut into runs of CJK characters (Han, kana, Hangul) and
//!    runs of anything else. A non-CJK run is a term when it has two characters or more. A CJK
//!    run, written without spaces, gives its overlapping character pairs (`メモリ` → `メモ`,
//!    `モリ`); in the index also its last character alone, so that every character of a run
//!    starts some term and a one-character query finds it by prefix. A one-character run is
//!    that character.
//!
//! A query is cut the same way into groups: a non-CJK term is a group of its own, the pairs
//! of one CJK run are one group, and a document matches a group when it holds every term of
//! it. English books leave out their stop words, on both sides.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Which rules a book's index was made with; `search.js` reads it from the index (`a`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analyser {
    /// English: the folding and pieces above, leaving out the English stop words.
    English,
    /// Every other language: the same, keeping every word.
    Other,
}

/// English words too common to search for. Only books whose language is English drop them.
const STOP_WORDS_EN: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "before", "but", "by", "can", "could", "did", "do", "does", "each", "for", "from",
    "had", "has", "have", "how", "if", "in", "into", "is", "it", "its", "just", "may", "more",
    "most", "much", "must", "no", "not", "of", "on", "once", "only", "or", "other", "our", "out",
    "over", "same", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "up", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "why", "will", "with", "would", "you", "your",
];

impl Analyser {
    /// The analyser for `[book] language` (a BCP 47 tag: `en`, `en-GB`, `fr`, `zh-Hans`).
    pub fn for_language(language: &str) -> Analyser {
        let primary = language.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Analyser::English
        } else {
            Analyser::Other
        }
    }

    /// Its name in the index.
    pub fn id(self) -> &'static str {
        match self {
            Analyser::English => "en",
            Analyser::Other => "intl",
        }
    }

    /// The words it leaves out of the index and of queries.
    pub fn stop_words(self) -> &'static [&'static str] {
        match self {
            Analyser::English => STOP_WORDS_EN,
            Analyser::Other => &[],
        }
    }

    fn is_stop(self, term: &str) -> bool {
        self.stop_words().contains(&term)
    }

    /// The index terms of `text`, in order, repeated as often as they occur; stop words are
    /// left out.
    pub fn index_terms(self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for word in words(text) {
            for piece in pieces(word) {
                match piece {
                    Piece::Word(w) => {
                        if !self.is_stop(&w) {
                            out.push(w);
                        }
                    }
                    Piece::Cjk(chars) => {
                        out.extend(pairs(&chars));
                        if let Some(last) = chars.last() {
                            out.push(last.to_string());
                        }
                    }
                }
            }
        }
        out
    }

    /// A query's groups of terms: each group must match (every term of it) for a document to
    /// match the whole query. Repeated groups and repeated terms are dropped.
    pub fn query_groups(self, query: &str) -> Vec<Vec<String>> {
        let mut groups: Vec<Vec<String>> = Vec::new();
        for word in words(query) {
            for piece in pieces(word) {
                let mut group = match piece {
                    Piece::Word(w) if self.is_stop(&w) => continue,
                    Piece::Word(w) => vec![w],
                    Piece::Cjk(chars) if chars.len() == 1 => vec![chars[0].to_string()],
                    Piece::Cjk(chars) => pairs(&chars),
                };
                let mut seen = std::collections::HashSet::new();
                group.retain(|t| seen.insert(t.clone()));
                if !groups.contains(&group) {
                    groups.push(group);
                }
            }
        }
        groups
    }
}

/// A character that belongs to a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text`: maximal runs of [`is_word_char`].
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Han, kana and Hangul, and the marks and numerals written with them (`々`, `〇`, `ー`): the
/// scripts written without spaces between words. The same ranges as `search.js`'s `cjk`.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF       // Hangul Jamo
        | 0x2E80..=0x2FDF     // CJK and Kangxi radicals
        | 0x3000..=0x9FFF     // CJK symbols (々 〆 〇), kana, Bopomofo, compatibility jamo,
                              // CJK Extension A, CJK Unified Ideographs
        | 0xA960..=0xA97F     // Hangul Jamo Extended-A
        | 0xAC00..=0xD7FF     // Hangul syllables, Jamo Extended-B
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFF66..=0xFFDC     // half-width kana and Hangul
        | 0x1AFF0..=0x1B16F   // kana supplements
        | 0x20000..=0x3FFFF   // CJK Extensions B and later
    )
}

/// Marks dropped by folding (after NFKD). Arabic madda and hamza (U+0653–U+0655) are not
/// here: they are dropped on an alef only, see [`fold`].
fn is_dropped(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F       // combining diacritical marks
        | 0x1AB0..=0x1AFF     // … extended
        | 0x1DC0..=0x1DFF     // … supplement
        | 0x20D0..=0x20FF     // … for symbols
        | 0xFE20..=0xFE2F     // combining half marks
        | 0x0591..=0x05BD     // Hebrew cantillation and points
        | 0x05BF | 0x05C1 | 0x05C2 | 0x05C4 | 0x05C5 | 0x05C7
        | 0x0610..=0x061A     // Arabic signs
        | 0x064B..=0x0652     // Arabic harakat: tanwin, fatha, damma, kasra, shadda, sukun
        | 0x0656..=0x065F
        | 0x0670              // superscript alef
        | 0x06D6..=0x06DC     // Quranic marks
        | 0x06DF..=0x06E4
        | 0x06E7 | 0x06E8
        | 0x06EA..=0x06ED
        | 0x08D3..=0x08E1
        | 0x08E3..=0x08FF
        | 0x0640              // tatweel
    )
}

/// A word folded for comparison (see the module's documentation, step 2).
pub fn fold(word: &str) -> String {
    let mut stripped = String::with_capacity(word.len());
    let mut after_alef = false;
    for c in word.nfkd() {
        if is_dropped(c) || (after_alef && ('\u{653}'..='\u{655}').contains(&c)) {
            continue;
        }
        after_alef = c == '\u{627}';
        stripped.push(c);
    }
    let lower = stripped.nfc().collect::<String>().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            'ς' => out.push('σ'),
            '\u{671}' => out.push('\u{627}'), // alef wasla → alef
            '\u{629}' => out.push('\u{647}'), // ta marbuta → ha
            '\u{649}' | '\u{6CC}' => out.push('\u{64A}'), // alef maksura, Farsi yeh → yeh
            '\u{6A9}' => out.push('\u{643}'), // keheh → kaf
            '\u{660}'..='\u{669}' => out.push(char::from(b'0' + (c as u32 - 0x660) as u8)),
            '\u{6F0}'..='\u{6F9}' => out.push(char::from(b'0' + (c as u32 - 0x6F0) as u8)),
            c => out.push(c),
        }
    }
    out
}

enum Piece {
    /// A term of two characters or more.
    Word(String),
    /// A run of CJK characters.
    Cjk(Vec<char>),
}

/// A word's pieces (step 3): folded, cut at characters that folding made (`½` → `1⁄2`) and
/// that do not belong to words, and at every change between CJK and other characters.
fn pieces(word: &str) -> Vec<Piece> {
    let folded = fold(word);
    let mut out = Vec::new();
    let mut push = |run: &mut Vec<char>, cjk: bool| {
        if cjk && !run.is_empty() {
            out.push(Piece::Cjk(std::mem::take(run)));
        } else if run.len() >= 2 {
            out.push(Piece::Word(run.drain(..).collect()));
        }
        run.clear();
    };
    for part in folded.split(|c: char| !is_word_char(c)) {
        let mut run = Vec::new();
        let mut run_cjk = false;
        for c in part.chars() {
            let cjk = is_cjk(c);
            if !run.is_empty() && cjk != run_cjk {
                push(&mut run, run_cjk);
            }
            run.push(c);
            run_cjk = cjk;
        }
        push(&mut run, run_cjk);
    }
    out
}

/// The overlapping pairs of a run of two characters or more.
fn pairs(chars: &[char]) -> Vec<String> {
    chars.windows(2).map(|p| p.iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: Analyser = Analyser::English;
    const FR: Analyser = Analyser::Other;

    fn terms(a: Analyser, text: &str) -> Vec<String> {
        a.index_terms(text)
    }

    #[test]
    fn the_language_tag_picks_the_analyser() {
        for en in ["en", "EN", "en-GB", "en-US", "en_GB"] {
            assert_eq!(Analyser::for_language(en), Analyser::English, "{en}");
        }
        for other in ["fr", "de-CH", "ja", "zh-Hans", "ar", "eng", "", "e"] {
            assert_eq!(Analyser::for_language(other), Analyser::Other, "{other}");
        }
        assert_eq!(EN.id(), "en");
        assert_eq!(FR.id(), "intl");
        assert!(FR.stop_words().is_empty());
        assert!(EN.stop_words().contains(&"the"));
    }

    #[test]
    fn latin_greek_and_cyrillic_fold_their_diacritics() {
        assert_eq!(
            terms(FR, "L'élève ÉTUDIE le développement"),
            ["eleve", "etudie", "le", "developpement"]
        );
        // The same word composed or decomposed, upper or lower case.
        assert_eq!(fold("e\u{301}le\u{300}ve"), "eleve");
        assert_eq!(fold("ÉLÈVE"), "eleve");
        assert_eq!(terms(FR, "cœur, Œuvre"), ["coeur", "oeuvre"]);
        assert_eq!(terms(FR, "Straße STRASSE straße"), ["strasse"; 3]);
        assert_eq!(fold("ẞ"), "ss");
        assert_eq!(terms(FR, "Dvořák Łódź"), ["dvorak", "lodz"]);
        assert_eq!(terms(FR, "İstanbul ılık"), ["istanbul", "ilik"]);
        // Greek: tonos gone, final sigma the same letter as any sigma.
        assert_eq!(terms(FR, "Οδός ΟΔΟΣ οδοσ"), ["οδοσ"; 3]);
        assert_eq!(terms(FR, "ёлка Ёлка елка"), ["елка"; 3]);
        // Compatibility forms: ligatures, full-width letters.
        assert_eq!(terms(FR, "ﬁnal Ｖ８"), ["final", "v8"]);
    }

    #[test]
    fn no_english_stemming_and_no_english_stop_words_elsewhere() {
        // "connected" and "connecté" share the stem "connect" for an English stemmer: they
        // stay different terms (the query "connected" is not a prefix of "connecte").
        assert_eq!(terms(FR, "connecté"), ["connecte"]);
        assert_eq!(FR.query_groups("connected"), [["connected"]]);
        assert_eq!(terms(FR, "on a dit the"), ["on", "dit", "the"]);
        assert_eq!(terms(EN, "on the running heap"), ["running", "heap"]);
        assert!(EN.query_groups("the and of").is_empty());
    }

    #[test]
    fn cjk_runs_are_cut_into_pairs() {
        assert_eq!(
            terms(FR, "垃圾回收与内存泄漏"),
            ["垃圾", "圾回", "回收", "收与", "与内", "内存", "存泄", "泄漏", "漏"]
        );
        assert_eq!(FR.query_groups("内存"), [["内存"]]);
        assert_eq!(FR.query_groups("メモリ"), [["メモ", "モリ"]]);
        assert_eq!(
            terms(FR, "メモリリーク"),
            ["メモ", "モリ", "リリ", "リー", "ーク", "ク"]
        );
        // Mixed: a Latin term and the pairs of the kana run.
        assert_eq!(
            terms(FR, "V8のヒープ"),
            ["v8", "のヒ", "ヒー", "ープ", "プ"]
        );
        assert_eq!(
            FR.query_groups("V8のヒープ"),
            [
                vec!["v8".to_string()],
                vec!["のヒ".into(), "ヒー".into(), "ープ".into()]
            ]
        );
        // One character: itself, on both sides.
        assert_eq!(terms(FR, "堆"), ["堆"]);
        assert_eq!(FR.query_groups("堆 堆"), [["堆"]]);
        // Half-width kana fold to full-width; Hangul syllables stay whole.
        assert_eq!(FR.query_groups("ﾒﾓﾘ"), [["メモ", "モリ"]]);
        assert_eq!(FR.query_groups("메모리"), [["메모", "모리"]]);
        assert_eq!(terms(FR, "ガベージ"), ["ガベ", "ベー", "ージ", "ジ"]);
        // In an English book too, stop words or not.
        assert_eq!(
            terms(EN, "the heap (ヒープ)"),
            ["heap", "ヒー", "ープ", "プ"]
        );
        // Characters outside the Basic Multilingual Plane are one character.
        assert_eq!(terms(FR, "𠮷野家"), ["𠮷野", "野家", "家"]);
    }

    #[test]
    fn arabic_and_hebrew_drop_their_vowel_marks() {
        // Harakat, tatweel; the alef forms.
        assert_eq!(fold("الذَّاكِرَة"), "الذاكره");
        assert_eq!(fold("الذاكـــرة"), "الذاكره");
        assert_eq!(fold("أحمد"), "احمد");
        assert_eq!(fold("إدارة"), "اداره");
        assert_eq!(fold("آلة"), "اله");
        assert_eq!(fold("ٱلْكِتَاب"), "الكتاب");
        // Hamza on waw and yeh is a letter: it stays.
        assert_eq!(fold("مسؤول"), "مسؤول");
        assert_eq!(fold("سئل"), "سئل");
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("٢٠٢٤ ۱۴۰۳"), "2024 1403");
        // Hebrew niqqud and cantillation.
        assert_eq!(fold("זִכָּרוֹן"), "זכרון");
        assert_eq!(terms(FR, "בְּרֵאשִׁ֖ית"), ["בראשית"]);
    }

    #[test]
    fn words_are_runs_of_letters_digits_and_marks() {
        assert_eq!(
            terms(FR, "a b ab, x² ½ 3.14 v8-heap"),
            ["ab", "x2", "14", "v8", "heap"]
        );
        // Devanagari vowel signs are part of the word and are not dropped.
        assert_eq!(terms(FR, "हिन्दी"), ["हिन्दी"]);
        assert_eq!(terms(FR, ""), Vec::<String>::new());
        assert_eq!(terms(FR, "\u{301}"), Vec::<String>::new());
    }

    /// The table `tests/js/search.test.js` runs through `search.js` too: both sides agree.
    #[test]
    fn the_table_shared_with_search_js() {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/fixtures/search/analyser.json"))
                .expect("the table is JSON");
        assert_eq!(table["stop_en"], STOP_WORDS_EN.join(" "));
        let cases = table["cases"].as_array().expect("cases");
        assert!(cases.len() >= 20);
        for case in cases {
            let a = Analyser::for_language(case["lang"].as_str().unwrap());
            let text = case["text"].as_str().unwrap();
            let index: Vec<String> = serde_json::from_value(case["index"].clone()).unwrap();
            let query: Vec<Vec<String>> = serde_json::from_value(case["query"].clone()).unwrap();
            assert_eq!(a.index_terms(text), index, "index terms of {text:?}");
            assert_eq!(a.query_groups(text), query, "query groups of {text:?}");
        }
    }
}
