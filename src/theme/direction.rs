//! The writing direction of the book's language: `dir` on every page's `<html>`.

/// Languages whose usual script is written right to left, by primary language subtag (ISO 639,
/// lower case). A script subtag overrides this: `ur-Latn` is left to right, `pa-Arab` right to
/// left. `iw` and `ji` are the withdrawn codes of Hebrew and Yiddish, still found in old tags.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "he", "iw", "fa", "ur", "ps", "yi", "ji", "dv", "ckb", "sd",
    "ug", // the common ones
    "prs", "ks", "syr", "pnb", "azb", "mzn", "glk", "lrc", "bal", "nqo", // and others
    "arz", "ary", "aeb", "apc", "acm", "arq", "ajp", "afb", // Arabic as a spoken language
];

/// Scripts written right to left, by ISO 15924 code (title case as BCP 47 writes them):
/// Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi Rohingya, Samaritan, Mandaic.
const RTL_SCRIPTS: &[&str] = &[
    "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Samr", "Mand",
];

/// The direction of the book's pages: `[book] text-direction` when book.toml sets it, else
/// the direction of `[book] language`.
pub fn book_direction(config: &crate::config::Config) -> &'static str {
    config
        .text_direction
        .unwrap_or_else(|| text_direction(&config.language))
}

/// `"rtl"` for a BCP 47 language tag whose text runs right to left (`ar`, `he-IL`, `fa`,
/// `ur`, `pa-Arab`, …), else `"ltr"`. Case-insensitive; `_` is read as `-`. A tag that is not
/// well formed is `"ltr"`: config reports it.
pub fn text_direction(language: &str) -> &'static str {
    let mut subtags = language.split(['-', '_']).filter(|s| !s.is_empty());
    let Some(primary) = subtags.next() else {
        return "ltr";
    };
    // The script, if any: the first four-letter subtag before any extension (`u-…`) or private
    // use (`x-…`) part, which both start with a one-letter subtag.
    let script = subtags
        .take_while(|s| s.len() > 1)
        .find(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic()));
    let rtl = match script {
        Some(script) => RTL_SCRIPTS.iter().any(|s| s.eq_ignore_ascii_case(script)),
        None => RTL_LANGUAGES
            .iter()
            .any(|l| l.eq_ignore_ascii_case(primary)),
    };
    if rtl {
        "rtl"
    } else {
        "ltr"
    }
}

#[cfg(test)]
mod tests {
    use super::text_direction;

    #[test]
    fn right_to_left_languages_and_their_regions() {
        for tag in [
            "ar",
            "ar-EG",
            "ar-SA",
            "he",
            "he-IL",
            "iw",
            "fa",
            "fa-IR",
            "fa-AF",
            "ur",
            "ur-PK",
            "ps",
            "yi",
            "dv",
            "ckb",
            "ckb-IQ",
            "sd",
            "ug",
            "ug-CN",
            "AR",
            "He-il",
            "ar_EG",
            "ar-u-nu-arab",
            "ar-x-private",
            "arz",
        ] {
            assert_eq!(text_direction(tag), "rtl", "{tag}");
        }
    }

    #[test]
    fn left_to_right_languages() {
        for tag in [
            "en",
            "en-US",
            "fr",
            "de-CH",
            "ja",
            "zh-Hans",
            "zh-Hant-TW",
            "hi",
            "ru",
            "ku",
            "tr",
            "pt-BR",
            "sr-Cyrl",
            "x-private",
            "und",
            "",
        ] {
            assert_eq!(text_direction(tag), "ltr", "{tag}");
        }
    }

    #[test]
    fn a_script_subtag_decides_over_the_language() {
        for (tag, dir) in [
            ("pa-Arab", "rtl"),
            ("ks-Arab-IN", "rtl"),
            ("az-Arab", "rtl"),
            ("und-Hebr", "rtl"),
            ("jrb-hebr", "rtl"),
            ("dv-Thaa", "rtl"),
            ("ur-Latn", "ltr"),
            ("sd-Deva", "ltr"),
            ("ug-Cyrl", "ltr"),
            ("uz-Latn", "ltr"),
            ("az-Latn-AZ", "ltr"),
            // A four-letter part of an extension is not a script.
            ("en-u-ca-arab", "ltr"),
            ("ar-x-latn", "rtl"),
        ] {
            assert_eq!(text_direction(tag), dir, "{tag}");
        }
    }
}
