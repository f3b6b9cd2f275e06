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
    assert_eq!(s.untranslated(&no_overrides()), english().len());
}
