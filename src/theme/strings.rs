//! The templates' view of the interface strings: the Tera function
//! `t(key="card.red_flag", n=3, …)`. (The reader's scripts get the same strings in
//! book-data.js, from the render stage.)

use std::sync::Arc;

use tera::{Kwargs, State, TeraResult, Value};

use crate::strings::{Arg, Entry, Strings};

/// The context variable a page sets to its own overrides (a chapter's front matter
/// `strings:`), key → text or plural forms.
pub const PAGE_STRINGS: &str = "page_strings";

/// Registers `t`: the entry `key` (the page's override, else the book's) with every other
/// argument filled into its `{placeholders}`; `n` also picks the plural form.
pub fn register(tera: &mut tera::Tera, strings: Arc<Strings>) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let own = state
                .get::<Value>(PAGE_STRINGS)?
                .and_then(|page| {
                    page.as_map().and_then(|m| {
                        m.iter()
                            .find(|(k, _)| k.as_str() == Some(key.as_str()))
                            .map(|(_, v)| v.clone())
                    })
                })
                .and_then(|v| entry_of(&v));
            let entry = match own {
                Some(e) => e,
                None => strings.entry(&key).cloned().ok_or_else(|| {
                    tera::Error::message(format!(
                        "unknown string `{key}` (see themes/default/strings/en.toml)"
                    ))
                })?,
            };
            // Every argument but `key`: numbers as numbers (written in the language's digits,
            // and `n` picks the plural form), anything else as its text.
            let values: Vec<(&str, Result<f64, String>)> = kwargs
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?, v)))
                .filter(|(name, _)| *name != "key")
                .map(|(name, v)| {
                    let value = match v.as_f64().or_else(|| v.as_i64().map(|i| i as f64)) {
                        Some(n) => Ok(n),
                        None => Err(v.as_str().map_or_else(|| v.to_string(), str::to_string)),
                    };
                    (name, value)
                })
                .collect();
            let args: Vec<(&str, Arg)> = values
                .iter()
                .map(|(name, value)| match value {
                    Ok(n) => (*name, Arg::Number(*n)),
                    Err(text) => (*name, Arg::Text(text)),
                })
                .collect();
            Ok(strings.fill(&entry, &args))
        },
    );
}

/// Registers the filter `digits`: a number or text with its digits in the language's numerals
/// (`{{ card.number | digits }}`), for the numbers the pages show outside any string.
pub fn register_digits(tera: &mut tera::Tera, strings: Arc<Strings>) {
    tera.register_filter(
        "digits",
        move |value: Value, _: Kwargs, _: &State| -> String {
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
            strings.digits_in(&text)
        },
    );
}

/// Registers `script_strings(tables="progress_page progress_file")`: those tables' entries as
/// JSON, for a page whose script needs them and that `book-data.js` leaves out
/// ([`crate::strings::PAGE_TABLES`]); written into an attribute, it is escaped like any text.
pub fn register_script_strings(tera: &mut tera::Tera, strings: Arc<Strings>) {
    tera.register_function(
        "script_strings",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let tables: String = kwargs.must_get("tables")?;
            let tables: Vec<&str> = tables.split_whitespace().collect();
            let wanted: std::collections::BTreeMap<&String, &Entry> = strings
                .entries()
                .iter()
                .filter(|(key, _)| {
                    key.split_once('.')
                        .is_some_and(|(table, _)| tables.contains(&table))
                })
                .collect();
            serde_json::to_string(&wanted).map_err(|e| tera::Error::message(e.to_string()))
        },
    );
}

fn entry_of(v: &Value) -> Option<Entry> {
    if let Some(s) = v.as_str() {
        return Some(Entry::Text(s.to_string()));
    }
    let forms = v
        .as_map()?
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
        .collect();
    Some(Entry::Plural(forms))
}
