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

#[test]
fn schemas_reject_unknown_keys_and_know_the_enums() {
    let all = lectern::schema::all();
    let questions = &all
        .iter()
        .find(|(n, _)| *n == "questions.schema.json")
        .unwrap()
        .1;
    let v: serde_json::Value = serde_json::from_str(questions).unwrap();
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
