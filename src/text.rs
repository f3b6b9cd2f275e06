//! Text helpers shared by several stages (content validation and rendering both name things
//! by slugs). They sit below every stage, so no stage imports a later one to reach them.

/// A URL- and id-safe slug: lower case letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' || c == '-' || c.is_whitespace() || c == '.' || c == '/' {
            dash = true;
        }
    }
    out
}

/// The default id of an interview card: a slug of the question's first words.
pub fn card_slug(question: &str) -> String {
    let slug = slugify(question);
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).take(8).collect();
    let s = words.join("-");
    if s.is_empty() {
        "question".into()
    } else {
        s
    }
}
