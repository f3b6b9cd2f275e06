//! Finding `{{#name args}}` directives in a text, by mdBook's rules: `{{`, optional
//! whitespace, `#name` (letters, digits, `_`), at least one whitespace, then arguments up to
//! the first `}` which must start `}}`. `\{{#…}}` is escaped: it runs to the last `}}` of its
//! line and is printed without the backslash, nothing inside it expanded.

/// One directive found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    /// Byte range of the whole directive in the text.
    pub start: usize,
    pub end: usize,
    pub kind: FoundKind<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FoundKind<'a> {
    /// `\{{#…}}`: the text to print in its place (without the backslash).
    Escaped(&'a str),
    /// `{{#name args}}`, `args` trimmed.
    Directive { name: &'a str, args: &'a str },
}

/// Every directive of `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<Found<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(next) = text[i..].find("{{").map(|k| i + k) else {
            break;
        };
        if next > 0 && bytes[next - 1] == b'\\' && bytes.get(next + 2) == Some(&b'#') {
            if let Some(found) = escaped_at(text, next - 1) {
                i = found.end;
                out.push(found);
                continue;
            }
        }
        match directive_at(text, next) {
            Some(found) => {
                i = found.end;
                out.push(found);
            }
            None => i = next + 1,
        }
    }
    out
}

/// `\{{#` at `start`: up to the last `}}` of the line.
fn escaped_at(text: &str, start: usize) -> Option<Found<'_>> {
    let line_end = text[start..].find('\n').map_or(text.len(), |k| start + k);
    let close = text[start + 4..line_end].rfind("}}")? + start + 4;
    let end = close + 2;
    Some(Found {
        start,
        end,
        kind: FoundKind::Escaped(&text[start + 1..end]),
    })
}

/// `{{ #name args }}` at `start` (which holds `{{`).
fn directive_at(text: &str, start: usize) -> Option<Found<'_>> {
    let after_open = &text[start + 2..];
    let hash = after_open.len() - after_open.trim_start().len();
    let rest = &after_open[hash..];
    let rest = rest.strip_prefix('#')?;
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &rest[..name_len];
    let after_name = &rest[name_len..];
    let space = after_name.len() - after_name.trim_start().len();
    if space == 0 {
        return None;
    }
    let args_and_rest = &after_name[space..];
    let close = args_and_rest.find('}')?;
    if close == 0 || !args_and_rest[close..].starts_with("}}") {
        return None;
    }
    let args_start = start + 2 + hash + 1 + name_len + space;
    let end = args_start + close + 2;
    Some(Found {
        start,
        end,
        kind: FoundKind::Directive {
            name,
            args: args_and_rest[..close].trim(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<FoundKind<'_>> {
        find(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn finds_directives_with_spaces_and_arguments() {
        assert_eq!(
            kinds("a {{#include x.rs:2:4}} b {{ #playground y.rs editable }}"),
            vec![
                FoundKind::Directive {
                    name: "include",
                    args: "x.rs:2:4"
                },
                FoundKind::Directive {
                    name: "playground",
                    args: "y.rs editable"
                },
            ]
        );
    }

    #[test]
    fn escaped_runs_to_the_last_close_of_its_line() {
        let text = "\\{{#include a.rs}} and {{#include b.rs}}\n{{#include c.rs}}";
        let found = find(text);
        assert_eq!(
            found[0].kind,
            FoundKind::Escaped("{{#include a.rs}} and {{#include b.rs}}")
        );
        assert_eq!(
            found[1].kind,
            FoundKind::Directive {
                name: "include",
                args: "c.rs"
            }
        );
    }

    #[test]
    fn not_directives() {
        assert!(find("{{#}} {{#include}} {{ include x }} {{#include x} }} {{name}}").is_empty());
        assert!(find("{{#include").is_empty());
        assert!(find("\\{{#include a.rs").is_empty());
    }

    #[test]
    fn arguments_may_span_lines() {
        assert_eq!(
            kinds("{{#include\n  x.rs\n}}"),
            vec![FoundKind::Directive {
                name: "include",
                args: "x.rs"
            }]
        );
    }
}
