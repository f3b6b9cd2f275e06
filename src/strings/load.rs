//! Reading a catalogue file: TOML tables of entries, nested tables making dotted keys
//! (`[card] red_flag` is `card.red_flag`), and a `[meta]` table about the language.

use std::collections::BTreeMap;

use super::{Digits, Entry, CATEGORIES};

pub struct Catalogue {
    /// The language's own name (`Français`), for language switchers.
    pub name: String,
    pub digits: Digits,
    pub entries: BTreeMap<String, Entry>,
}

#[derive(Debug)]
pub struct CatalogueError(pub String);

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a table's keys are plural categories (and so the table is one entry's forms).
pub fn is_plural_table<'a>(mut keys: impl Iterator<Item = &'a str>) -> bool {
    keys.all(|k| CATEGORIES.contains(&k))
}

pub fn parse_catalogue(text: &str) -> Result<Catalogue, CatalogueError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| CatalogueError(e.to_string()))?;
    let mut catalogue = Catalogue {
        name: String::new(),
        digits: Digits::Latn,
        entries: BTreeMap::new(),
    };
    for (key, value) in &table {
        if key == "meta" {
            let meta = value.as_table();
            catalogue.name = meta
                .and_then(|m| m.get("name"))
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            if meta.and_then(|m| m.get("digits")).and_then(|v| v.as_str()) == Some("arab") {
                catalogue.digits = Digits::Arab;
            }
            continue;
        }
        flatten(key, value, &mut catalogue.entries)?;
    }
    Ok(catalogue)
}

fn flatten(
    key: &str,
    value: &toml::Value,
    out: &mut BTreeMap<String, Entry>,
) -> Result<(), CatalogueError> {
    match value {
        toml::Value::String(s) => {
            out.insert(key.to_string(), Entry::Text(s.clone()));
        }
        toml::Value::Table(t) if is_plural_table(t.keys().map(String::as_str)) => {
            let mut forms = BTreeMap::new();
            for (k, v) in t {
                let text = v
                    .as_str()
                    .ok_or_else(|| CatalogueError(format!("`{key}.{k}` must be a string")))?;
                forms.insert(k.clone(), text.to_string());
            }
            if !forms.contains_key("other") {
                return Err(CatalogueError(format!("`{key}` has no `other` form")));
            }
            out.insert(key.to_string(), Entry::Plural(forms));
        }
        toml::Value::Table(t) => {
            for (k, v) in t {
                flatten(&format!("{key}.{k}"), v, out)?;
            }
        }
        _ => return Err(CatalogueError(format!("`{key}` must be a string"))),
    }
    Ok(())
}
