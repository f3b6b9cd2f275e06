//! JSON Schemas of the YAML files authors write, generated from the content model so they
//! never drift from what Lectern accepts. Editors with the YAML language server use them for
//! completion and validation (`# yaml-language-server: $schema=…` at the top of a file).

use schemars::schema_for;

use crate::content::model::{FrontMatter, QuestionsFile, SelfCheck};

/// `(file name, schema JSON)` for every schema.
pub fn all() -> Vec<(&'static str, String)> {
    let pretty = |v: schemars::Schema| serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    vec![
        ("questions.schema.json", pretty(schema_for!(QuestionsFile))),
        ("front-matter.schema.json", pretty(schema_for!(FrontMatter))),
        ("self-check.schema.json", pretty(schema_for!(SelfCheck))),
    ]
}
