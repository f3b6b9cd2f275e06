use std::collections::BTreeMap;

use super::*;

fn no_overrides() -> BTreeMap<String, Entry> {
    BTreeMap::new()
}

#[test]
fn every_shipped_catalogue_parses_and_has_only_english_keys() {
    assert!(english().len() > 100, "{}", english().len());
    for (tag, text) in SHIPPED {
        let c = parse_catalogue(text).unwrap_or_else(|e| panic!("{tag}: {e}"));
        assert!(!c.name.is_empty(), "{tag} has no [meta] name");
        for (key, entry) in &c.entries {
            let en = english()
                .get(key)
                .unwrap_or_else(|| panic!("{tag}: `{key}` is not an English key"));
            for p in entry.placeholders() {
                assert!(
                    en.placeholders().contains(&p),
                    "{tag}: `{key}` uses {{{p}}}, which English does not offer"
                );
            }
        }
    }
}

#[test]
fn the_keys_a_script_names_whole_or_by_their_table() {
    let mut named = std::collections::BTreeSet::new();
    keys_named_in(
        r#"T("search.none", { q: q }); T('flashcard.' + r); var a = "a.b.c", b = "Not.a", c = "difficulty.", d = ".x";"#,
        &mut named,
    );
    let list: Vec<&str> = named.iter().map(String::as_str).collect();
    assert_eq!(list, ["difficulty.", "flashcard.", "search.none"]);
    assert!(is_named("search.none", &named));
    assert!(is_named("difficulty.hard", &named));
    assert!(!is_named("search.count", &named));
    assert!(!is_named("difficultyx.hard", &named));
}

#[test]
fn languages_pick_their_catalogue() {
    assert_eq!(shipped_for("fr-CA"), Some("fr"));
    assert_eq!(shipped_for("zh"), Some("zh-Hans"));
    assert_eq!(shipped_for("zh-CN"), Some("zh-Hans"));
    assert_eq!(shipped_for("zh-Hant-TW"), None);
    assert_eq!(shipped_for("ar-EG"), Some("ar"));
    assert_eq!(shipped_for("en-GB"), Some("en"));
    assert_eq!(shipped_for("sw"), None);
}

#[test]
fn placeholders_and_plurals_fill_in() {
    let s = Strings::new("en", &no_overrides());
    assert_eq!(
        s.text(
            "objectives.done",
            &[("n", Arg::Number(0.0)), ("total", Arg::Number(4.0))]
        ),
        "0 / 4 done"
    );
    assert_eq!(
        s.text("index.objectives", &[("n", Arg::Number(1.0))]),
        "1 objective"
    );
    assert_eq!(
        s.text("index.objectives", &[("n", Arg::Number(3.0))]),
        "3 objectives"
    );
    // A placeholder with no value stays as written.
    assert_eq!(s.text("chapter.eyebrow", &[]), "Chapter {number}");
}

#[test]
fn arabic_numbers_use_arabic_indic_digits() {
    let s = Strings::new("ar", &no_overrides());
    assert_eq!(s.number(40.0), "٤٠");
    assert_eq!(s.digits_in("3.1"), "٣.١");
    assert_eq!(s.digits_in("Q01"), "Q٠١");
    let en = Strings::new("fr", &no_overrides());
    assert_eq!(en.digits_in("3.1"), "3.1");
}

#[test]
fn overrides_replace_entries_and_are_checked() {
    let mut o = no_overrides();
    o.insert("card.red_flag".into(), Entry::Text("The trap".into()));
    let s = Strings::new("en", &o);
    assert_eq!(s.text("card.red_flag", &[]), "The trap");
    assert!(check_override("card.red_flag", &Entry::Text("x".into())).is_ok());
    let (msg, hint) = check_override("card.redflag", &Entry::Text("x".into())).unwrap_err();
    assert_eq!(msg, "unknown string `card.redflag`");
    assert_eq!(hint, "did you mean `card.red_flag`?");
    let (msg, hint) =
        check_override("objectives.done", &Entry::Text("{count} done".into())).unwrap_err();
    assert_eq!(msg, "string `objectives.done` has no placeholder `{count}`");
    assert_eq!(hint, "this string can use {n}, {total}");
}

#[test]
fn a_language_without_a_catalogue_is_english_and_says_how_much() {
    let s = Strings::new("sw", &no_overrides());
    assert_eq!(s.catalogue, None);
    assert_eq!(s.text("site.contents", &[]), "Contents");
    assert_eq!(untranslated("sw", &no_overrides()), english().len());
}

/// Every shipped translation but English, parsed.
fn translations() -> Vec<(&'static str, BTreeMap<String, Entry>)> {
    SHIPPED
        .iter()
        .filter(|(tag, _)| *tag != "en")
        .map(|(tag, text)| {
            let c = parse_catalogue(text).unwrap_or_else(|e| panic!("{tag}: {e}"));
            (*tag, c.entries)
        })
        .collect()
}

#[test]
fn every_shipped_catalogue_translates_every_english_entry_in_the_same_shape() {
    let mut missing = Vec::new();
    for (tag, entries) in translations() {
        for (key, en) in english() {
            let Some(entry) = entries.get(key) else {
                missing.push(format!("{tag}: `{key}` is missing"));
                continue;
            };
            // A plural entry stays plural (so `{n}` still picks a form) and a text stays a text.
            let same_shape = matches!(
                (en, entry),
                (Entry::Text(_), Entry::Text(_)) | (Entry::Plural(_), Entry::Plural(_))
            );
            if !same_shape {
                missing.push(format!(
                    "{tag}: `{key}` is not of the English entry's shape"
                ));
            }
            // Every value Lectern fills in is shown somewhere in the entry (a form such as
            // Arabic's "one" may spell the number out instead).
            let used = entry.placeholders();
            for p in en.placeholders() {
                if !used.contains(&p) {
                    missing.push(format!("{tag}: `{key}` drops {{{p}}}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn plural_entries_have_the_forms_their_language_selects() {
    let needs: &[(&str, &[&str])] = &[
        ("ar", &CATEGORIES),
        ("ja", &["other"]),
        ("zh-Hans", &["other"]),
        ("fr", &["one", "other"]),
        ("es", &["one", "other"]),
        ("de", &["one", "other"]),
    ];
    let mut wrong = Vec::new();
    for (tag, entries) in translations() {
        let (_, forms) = needs
            .iter()
            .find(|(t, _)| *t == tag)
            .unwrap_or_else(|| panic!("{tag}: say which plural forms it needs"));
        for (key, entry) in &entries {
            if let Entry::Plural(have) = entry {
                for f in *forms {
                    if !have.contains_key(*f) {
                        wrong.push(format!("{tag}: `{key}` has no `{f}` form"));
                    }
                }
                // Languages without plural inflection write only `other`.
                if forms.len() == 1 && have.len() > 1 {
                    wrong.push(format!(
                        "{tag}: `{key}` has forms its language never selects"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn french_puts_a_narrow_no_break_space_before_high_punctuation() {
    let (_, entries) = translations()
        .into_iter()
        .find(|(tag, _)| *tag == "fr")
        .expect("fr ships");
    let mut wrong = Vec::new();
    for (key, entry) in &entries {
        let texts: Vec<&String> = match entry {
            Entry::Text(t) => vec![t],
            Entry::Plural(f) => f.values().collect(),
        };
        for t in texts {
            let chars: Vec<char> = t.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                let bad = match c {
                    ':' | ';' | '?' | '!' => before != Some('\u{202F}'),
                    '«' => after != Some('\u{202F}'),
                    '»' => before != Some('\u{202F}'),
                    _ => false,
                };
                if bad {
                    wrong.push(format!("fr: `{key}`: {t:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn shipped_plurals_read_as_their_language_counts() {
    let count = |lang: &str, n: f64| {
        Strings::new(lang, &no_overrides()).text("index.objectives", &[("n", Arg::Number(n))])
    };
    assert_eq!(count("ar", 0.0), "لا أهداف");
    assert_eq!(count("ar", 1.0), "هدف واحد");
    assert_eq!(count("ar", 2.0), "هدفان");
    assert_eq!(count("ar", 3.0), "٣ أهداف");
    assert_eq!(count("ar", 11.0), "١١ هدفًا");
    assert_eq!(count("ar", 100.0), "١٠٠ هدف");
    // French counts zero in the singular; German does not.
    assert_eq!(count("fr", 0.0), "0 objectif");
    assert_eq!(count("fr", 2.0), "2 objectifs");
    assert_eq!(count("de", 0.0), "0 Lernziele");
    assert_eq!(count("ja", 1.0), "学習目標1件");
}
