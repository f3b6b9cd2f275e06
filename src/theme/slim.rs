//! Lighter copies of the default theme's scripts and stylesheets: comments and indentation
//! are for people reading `themes/default/`, not for every reader's download (they are about a
//! fifth of the gzipped weight). Line-based on purpose: the theme's code is written so that a
//! line starting with a comment is one (no template literals, no strings across lines; a test
//! keeps it so), which makes this safe without a JavaScript or CSS parser.

/// `text` without whole-line comments and leading white space. `line_comments`: `//` starts a
/// comment (JavaScript); `/* … */` blocks that start a line are dropped in both languages.
pub fn slim(text: &str, line_comments: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let mut rest = line.trim_start();
        if in_block {
            match rest.find("*/") {
                Some(end) => {
                    in_block = false;
                    rest = rest[end + 2..].trim_start();
                }
                None => continue,
            }
        } else if line_comments && rest.starts_with("//") {
            continue;
        } else if let Some(comment) = rest.strip_prefix("/*") {
            match comment.find("*/") {
                Some(end) => rest = comment[end + 2..].trim_start(),
                None => {
                    in_block = true;
                    continue;
                }
            }
        }
        if !rest.is_empty() {
            out.push_str(rest);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_comment_lines_and_indentation_only() {
        let js = "/* head\n   more */\n(function () {\n  // why\n  var a = \"//x\"; // kept\n  /* one */ var b = 1;\n})();\n";
        assert_eq!(
            slim(js, true),
            "(function () {\nvar a = \"//x\"; // kept\nvar b = 1;\n})();\n"
        );
        let css = "/* theme */\n.a {\n  color: red; /* kept */\n}\n// not a comment in CSS\n";
        assert_eq!(
            slim(css, false),
            ".a {\ncolor: red; /* kept */\n}\n// not a comment in CSS\n"
        );
    }

    /// What makes [`slim`] safe: no line of the default theme's scripts is inside a string or
    /// template literal that spans lines.
    #[test]
    fn the_default_theme_has_no_multi_line_strings() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/assets");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "js") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut in_block = false;
                for (i, line) in text.lines().enumerate() {
                    let code = line.trim_start();
                    if code.starts_with("/*") && !code.contains("*/") {
                        in_block = true;
                    }
                    let comment = in_block || code.starts_with("//") || code.starts_with("/*");
                    if in_block && code.contains("*/") {
                        in_block = false;
                    }
                    assert!(
                        comment || !code.contains('`'),
                        "{}:{}: a template literal; slim() cannot tell its lines from code",
                        path.display(),
                        i + 1
                    );
                    assert!(
                        !line.ends_with('\\'),
                        "{}:{}: a string continued on the next line",
                        path.display(),
                        i + 1
                    );
                }
            }
        }
    }
}
