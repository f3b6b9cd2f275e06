//! Front matter in TOML between `+++` lines, as Zola and Hugo write it, is refused with the
//! YAML to write instead.
//!
//! Why refuse rather than read it: Zola's keys are not Lectern's (`description`, `weight`,
//! `date`, `[taxonomies]`, `[extra]`), so a Zola page read as-is would still fail key by key;
//! and one front-matter format keeps one JSON Schema for editors, one set of messages and one
//! page of docs. A Zola user moves a page once: the error converts what it can and names what
//! Lectern has no place for, so the fix is a paste.

use std::path::Path;

use crate::diag::{Diagnostic, Position};

/// The refusal of `text`'s TOML front matter, if it starts with one (a `+++` line).
pub fn refusal(file: &Path, text: &str) -> Option<Diagnostic> {
    let rest = text.strip_prefix("+++\n")?;
    let at = Some(Position::new(1, 1));
    let message = "this front matter is TOML (between `+++` lines, as Zola writes it); Lectern reads YAML front matter between `---` lines";
    let mut toml_text = None;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            toml_text = Some(&rest[..offset]);
            break;
        }
        offset += line.len();
    }
    let Some(toml_text) = toml_text else {
        return Some(Diagnostic::error(file, at, message).with_hint(
            "write the front matter as YAML between two `---` lines, e.g. `---`, `title: The heap`, `---`",
        ));
    };
    let last_line = 2 + toml_text.matches('\n').count();
    let hint = match toml_text.parse::<toml::Table>() {
        Ok(table) => {
            let (yaml, left_out) = as_yaml(&table);
            let mut hint = format!("replace lines 1 to {last_line} with:\n---\n{yaml}---");
            if !left_out.is_empty() {
                hint.push_str(&format!(
                    "\nLectern has no place for {}; the keys it reads are title, summary, objectives, tags and draft",
                    left_out.join(", ")
                ));
            }
            hint
        }
        // Not even valid TOML: the YAML cannot be worked out, only its form shown.
        Err(_) => format!(
            "replace lines 1 to {last_line} with YAML between `---` lines: `title: …`, `summary: …`, `tags: [a, b]`, `draft: true`"
        ),
    };
    Some(Diagnostic::error(file, at, message).with_hint(hint))
}

/// Lectern's front-matter keys, in the order the docs write them.
const KEYS: [&str; 5] = ["title", "summary", "objectives", "tags", "draft"];

/// The front matter as Lectern's YAML keys (Zola's `description` is Lectern's `summary`, its
/// `[taxonomies] tags` are `tags`), and the keys that have no counterpart.
fn as_yaml(table: &toml::Table) -> (String, Vec<String>) {
    let mut values: [Option<String>; 5] = Default::default();
    let mut left_out = Vec::new();
    let mut put = |key: &str, value: &toml::Value, shown_as: String| match (
        KEYS.iter().position(|k| *k == key),
        yaml_value(value),
    ) {
        (Some(i), Some(v)) => values[i] = Some(v),
        _ => left_out.push(format!("`{shown_as}`")),
    };
    for (key, value) in table {
        match (key.as_str(), value) {
            ("description", v) => put("summary", v, key.clone()),
            ("taxonomies", toml::Value::Table(t)) => {
                for (name, v) in t {
                    put(name, v, format!("taxonomies.{name}"));
                }
            }
            (k, v) => put(k, v, key.clone()),
        }
    }
    let yaml = KEYS
        .iter()
        .zip(&values)
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}\n")))
        .collect();
    (yaml, left_out)
}

/// A text, a boolean or a list of texts as YAML (a JSON string is a YAML double-quoted one).
fn yaml_value(value: &toml::Value) -> Option<String> {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    match value {
        toml::Value::String(s) => Some(quote(s)),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(|i| i.as_str().map(quote)).collect();
            Some(format!("[{}]", items?.join(", ")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_front_matter_is_refused_with_the_yaml_to_write() {
        let text = "+++\ntitle = \"The heap\"\ndescription = \"Where objects live\"\nweight = 2\ndraft = true\n\n[taxonomies]\ntags = [\"gc\", \"memory\"]\n+++\n\n# Body\n";
        let d = refusal(Path::new("c.md"), text).expect("refused");
        assert_eq!(d.position, Some(Position::new(1, 1)));
        assert!(d.message.contains("TOML"), "{}", d.message);
        assert_eq!(
            d.hint.as_deref(),
            Some("replace lines 1 to 9 with:\n---\ntitle: \"The heap\"\nsummary: \"Where objects live\"\ntags: [\"gc\", \"memory\"]\ndraft: true\n---\nLectern has no place for `weight`; the keys it reads are title, summary, objectives, tags and draft")
        );
    }

    #[test]
    fn yaml_and_no_front_matter_are_left_alone() {
        assert!(refusal(Path::new("c.md"), "---\ntitle: T\n---\n").is_none());
        assert!(refusal(Path::new("c.md"), "# T\n\n+++\n").is_none());
    }

    #[test]
    fn unclosed_or_invalid_toml_is_refused_too() {
        let d = refusal(Path::new("c.md"), "+++\ntitle = \"T\"\n").expect("refused");
        assert!(d.hint.unwrap().contains("`---`"));
        let d = refusal(Path::new("c.md"), "+++\ntitle = T\n+++\n").expect("refused");
        assert!(d
            .hint
            .unwrap()
            .starts_with("replace lines 1 to 3 with YAML"));
    }
}
