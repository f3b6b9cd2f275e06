//! Every string a reader sees that is not the author's content: section titles, intros,
//! button labels, feedback sentences, counters. One catalogue per language ships in
//! `themes/default/strings/<lang>.toml`; the book's `[book] language` picks one, `[strings]` in
//! book.toml overrides any entry, and a chapter's front matter overrides entries for its page.
//!
//! A leaf module: config (for `[strings]`), content (for front matter) and the later stages all
//! read it, so it imports none of them.
//!
//! An entry is a text with `{name}` placeholders, or plural forms by CLDR category
//! (`{ one = "{n} question", other = "{n} questions" }`) chosen by the number `n`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::Serialize;

mod load;

pub use load::{parse_catalogue, CatalogueError};

/// The catalogues the default theme ships, by language tag; English is complete and every
/// other one has the same keys (a test holds them to that).
pub const SHIPPED: &[(&str, &str)] = &[
    ("en", include_str!("../../themes/default/strings/en.toml")),
    ("fr", include_str!("../../themes/default/strings/fr.toml")),
    ("de", include_str!("../../themes/default/strings/de.toml")),
    ("es", include_str!("../../themes/default/strings/es.toml")),
    ("ja", include_str!("../../themes/default/strings/ja.toml")),
    (
        "zh-Hans",
        include_str!("../../themes/default/strings/zh-Hans.toml"),
    ),
    ("ar", include_str!("../../themes/default/strings/ar.toml")),
];

/// The CLDR plural categories, as written in catalogues.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One entry of a catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    /// Category name → text; always has `other`.
    Plural(BTreeMap<String, String>),
}

impl Entry {
    /// The text for the number `n` (plural entries) or the text itself.
    fn form(&self, rules: &PluralRules, n: Option<f64>) -> &str {
        match self {
            Entry::Text(t) => t,
            Entry::Plural(forms) => {
                let category = n.and_then(|n| rules.select(n).ok()).map(category_name);
                category
                    .and_then(|c| forms.get(c))
                    .or_else(|| forms.get("other"))
                    .map_or("", String::as_str)
            }
        }
    }

    /// Every `{name}` placeholder the entry uses, in any of its forms.
    pub fn placeholders(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let texts: Vec<&str> = match self {
            Entry::Text(t) => vec![t],
            Entry::Plural(f) => f.values().map(String::as_str).collect(),
        };
        for t in texts {
            for name in placeholder_names(t) {
                if !out.iter().any(|o| o == name) {
                    out.push(name.to_string());
                }
            }
        }
        out
    }
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

/// The names of `{name}` placeholders in `text` (ASCII letters, digits and `_`).
fn placeholder_names(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let end = rest.find('}')?;
        let name = &rest[..end];
        (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
            .then_some(name)
    })
}

/// The English catalogue: the list of every key and the fallback for any a translation lacks.
pub fn english() -> &'static BTreeMap<String, Entry> {
    static EN: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    EN.get_or_init(|| {
        parse_catalogue(SHIPPED[0].1)
            .map(|c| c.entries)
            .unwrap_or_default()
    })
}

/// Whether `key` names an entry (every catalogue has the English one's keys).
pub fn is_key(key: &str) -> bool {
    english().contains_key(key)
}

/// The shipped catalogue for a BCP 47 tag, if there is one: `fr-CA` reads `fr`, `zh`,
/// `zh-CN` and `zh-Hans-SG` read `zh-Hans`; Traditional Chinese (`zh-Hant`, `zh-TW`, `zh-HK`)
/// has none.
pub fn shipped_for(language: &str) -> Option<&'static str> {
    let lower = language.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if primary == "zh" {
        let traditional = rest
            .iter()
            .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
        return (!traditional).then_some("zh-Hans");
    }
    SHIPPED
        .iter()
        .map(|(tag, _)| *tag)
        .find(|tag| tag.eq_ignore_ascii_case(primary))
}

/// The language's own name (`Français`, `日本語`) from its shipped catalogue's `[meta] name`,
/// for language switchers; `None` when Lectern ships no catalogue for it.
pub fn language_name(language: &str) -> Option<String> {
    let tag = shipped_for(language)?;
    let text = SHIPPED.iter().find(|(t, _)| *t == tag).map(|(_, s)| *s)?;
    parse_catalogue(text)
        .ok()
        .map(|c| c.name)
        .filter(|n| !n.is_empty())
}

/// How many entries a book in `language` shows in English: none when a catalogue ships for it,
/// else those `overrides` leave out.
pub fn untranslated(language: &str, overrides: &BTreeMap<String, Entry>) -> usize {
    if shipped_for(language).is_some() {
        return 0;
    }
    english()
        .keys()
        .filter(|k| !overrides.contains_key(*k))
        .count()
}

/// The tables of the review and progress pages' script (`review-pages.js`): those two pages
/// carry them (the templates' `script_strings`), so that `book-data.js`, which every page
/// loads, does not.
pub const PAGE_TABLES: &[&str] = &[
    "review_page",
    "progress_page",
    "progress_file",
    "hint",
    // arrange.js's (order and match questions): their widgets carry them.
    "order",
    "match",
];

/// The keys a script names, added to `out`: every quoted literal that looks like a key
/// (`"table.name"`), and `"table."` where the script builds the rest (`"difficulty." + level`).
pub fn keys_named_in(script: &str, out: &mut BTreeSet<String>) {
    let bytes = script.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let q = bytes[i];
        i += 1;
        if q != b'"' && q != b'\'' {
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_lowercase()
                || bytes[i].is_ascii_digit()
                || bytes[i] == b'_'
                || bytes[i] == b'.')
        {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == q {
            let word = &script[start..i];
            if let Some((table, name)) = word.split_once('.') {
                if !table.is_empty() && !name.contains('.') {
                    out.insert(word.to_string());
                }
            }
            i += 1;
        }
    }
}

/// Whether `key` is one of `named` ([`keys_named_in`]), by itself or by its `table.` prefix.
pub fn is_named(key: &str, named: &BTreeSet<String>) -> bool {
    named.contains(key)
        || named
            .iter()
            .any(|n| n.ends_with('.') && key.starts_with(n.as_str()))
}

/// The numerals a language writes numbers in, as the catalogue's `[meta] digits` says.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    Latn,
    Arab,
}

/// The strings of one book: its language's catalogue with the book's overrides on top.
pub struct Strings {
    /// The book's language tag (for plural rules and the reader's number formats).
    pub language: String,
    /// The shipped catalogue used, `None` when the book's language has none (English shown).
    pub catalogue: Option<&'static str>,
    pub digits: Digits,
    entries: BTreeMap<String, Entry>,
    rules: PluralRules,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("language", &self.language)
            .field("catalogue", &self.catalogue)
            .finish_non_exhaustive()
    }
}

/// A value for a placeholder.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(f64),
}

impl Strings {
    /// The catalogue for `language` (English when none ships) with `overrides` on top.
    /// Overrides must have been checked ([`check_override`]); unknown keys are ignored.
    pub fn new(language: &str, overrides: &BTreeMap<String, Entry>) -> Strings {
        let catalogue = shipped_for(language);
        let mut entries = english().clone();
        let mut digits = Digits::Latn;
        if let Some(tag) = catalogue.filter(|t| *t != "en") {
            let text = SHIPPED
                .iter()
                .find(|(t, _)| *t == tag)
                .map_or("", |(_, s)| s);
            if let Ok(c) = parse_catalogue(text) {
                digits = c.digits;
                for (k, v) in c.entries {
                    if entries.contains_key(&k) {
                        entries.insert(k, v);
                    }
                }
            }
        }
        for (k, v) in overrides {
            if let Some(slot) = entries.get_mut(k) {
                *slot = v.clone();
            }
        }
        Strings {
            language: language.to_string(),
            catalogue,
            digits,
            entries,
            rules: plural_rules(language, catalogue.unwrap_or("en")),
        }
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// The text of `key` with its placeholders filled from `args`, numbers written in the
    /// language's digits. The plural form follows the `n` argument.
    pub fn text(&self, key: &str, args: &[(&str, Arg)]) -> String {
        match self.entries.get(key) {
            Some(e) => self.fill(e, args),
            None => key.to_string(),
        }
    }

    /// `entry` (which may be a page's override) with its placeholders filled from `args`.
    pub fn fill(&self, entry: &Entry, args: &[(&str, Arg)]) -> String {
        let n = args.iter().find_map(|(name, a)| match (name, a) {
            (&"n", Arg::Number(n)) => Some(*n),
            _ => None,
        });
        let text = entry.form(&self.rules, n);
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let value = after.find('}').and_then(|end| {
                let name = &after[..end];
                args.iter()
                    .find(|(a, _)| *a == name)
                    .map(|(_, v)| (end, *v))
            });
            match value {
                Some((end, Arg::Text(t))) => {
                    out.push_str(t);
                    rest = &after[end + 1..];
                }
                Some((end, Arg::Number(n))) => {
                    out.push_str(&self.number(n));
                    rest = &after[end + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A number as the language writes it (whole numbers; others as Rust prints them).
    pub fn number(&self, n: f64) -> String {
        let plain = if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        };
        self.digits_in(&plain)
    }

    /// `text` with its ASCII digits written in the language's: a chapter number "3.1" or a
    /// card's "01" reads "٣.١" and "٠١" in Arabic, like the counters around it.
    pub fn digits_in(&self, text: &str) -> String {
        match self.digits {
            Digits::Latn => text.to_string(),
            Digits::Arab => text
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
                    _ => c,
                })
                .collect(),
        }
    }

    /// Every entry, for the reader's scripts (`book-data.js`).
    pub fn entries(&self) -> &BTreeMap<String, Entry> {
        &self.entries
    }
}

fn plural_rules(language: &str, fallback: &str) -> PluralRules {
    let parsed = |tag: &str| {
        tag.parse::<unic_langid::LanguageIdentifier>()
            .ok()
            .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok())
    };
    parsed(language)
        .or_else(|| parsed(language.split(['-', '_']).next().unwrap_or("")))
        .or_else(|| parsed(fallback))
        .or_else(|| parsed("en"))
        .expect("English plural rules are built in")
}

/// What is wrong with an override of `key` by `entry`, if anything: an unknown key (with the
/// closest known one), or a placeholder the key does not offer.
pub fn check_override(key: &str, entry: &Entry) -> Result<(), (String, String)> {
    let Some(english) = english().get(key) else {
        let hint = match crate::diag::did_you_mean(key, english().keys().map(String::as_str)) {
            Some(k) => format!("did you mean `{k}`?"),
            None => "the author guide lists every string and its key (docs/strings.md)".to_string(),
        };
        return Err((format!("unknown string `{key}`"), hint));
    };
    let offered = english.placeholders();
    for name in entry.placeholders() {
        if !offered.contains(&name) {
            let hint = if offered.is_empty() {
                "this string has no placeholders; write it without `{…}`".to_string()
            } else {
                let list: Vec<String> = offered.iter().map(|o| format!("{{{o}}}")).collect();
                format!("this string can use {}", list.join(", "))
            };
            return Err((
                format!("string `{key}` has no placeholder `{{{name}}}`"),
                hint,
            ));
        }
    }
    if let Entry::Plural(forms) = entry {
        if !forms.contains_key("other") {
            return Err((
                format!("the plural forms of `{key}` have no `other`"),
                "add `other`, the form for any number the other forms do not cover".into(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
