//! The committed JSON Schemas match the content model (regenerate with `lectern schema`).

#[test]
fn committed_schemas_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for (name, json) in lectern::schema::all() {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == json,
            "schemas/{name} is out of date: run `cargo run -- schema schemas` and commit"
        );
    }
}

/// The questions files' schema, parsed.
fn questions_schema() -> serde_json::Value {
    let all = lectern::schema::all();
    let (_, json) = all
        .iter()
        .find(|(n, _)| *n == "questions.schema.json")
        .expect("a questions schema");
    serde_json::from_str(json).unwrap()
}

#[test]
fn schemas_reject_unknown_keys_and_know_the_enums() {
    let v = questions_schema();
    assert_eq!(v["additionalProperties"], false);
    let text = v.to_string();
    for word in [
        "true_false",
        "short_answer",
        "easy",
        "medium",
        "hard",
        "red_flag",
        "follow_ups",
        "self_check",
    ] {
        assert!(text.contains(word), "questions schema lacks {word}");
    }
}

/// A company tag is a name or `{name, source, note}` with at least one of the two; difficulty
/// is optional on both kinds of question.
#[test]
fn the_questions_schema_describes_both_forms_of_company_tag() {
    let v = questions_schema();
    let defs = &v["$defs"];
    let card = &defs["InterviewQuestion"];
    assert_eq!(
        card["properties"]["companies"]["items"]["$ref"],
        "#/$defs/Company"
    );
    let forms = defs["Company"]["anyOf"].as_array().expect("anyOf");
    assert_eq!(forms.len(), 2, "{forms:?}");
    assert_eq!(forms[0]["type"], "string");
    assert_eq!(forms[1]["$ref"], "#/$defs/SourcedCompany");
    let sourced = &defs["SourcedCompany"];
    assert_eq!(sourced["additionalProperties"], false);
    assert_eq!(sourced["required"], serde_json::json!(["name"]));
    assert_eq!(
        sourced["anyOf"],
        serde_json::json!([{"required": ["source"]}, {"required": ["note"]}])
    );
    assert_eq!(
        sourced["properties"]["source"]["pattern"],
        "^[Hh][Tt][Tt][Pp][Ss]?://"
    );
    for item in [card, &defs["CheckItem"]] {
        let required = item["required"].as_array().unwrap();
        assert!(!required.contains(&"difficulty".into()), "{required:?}");
    }
}
