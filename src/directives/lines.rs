//! Choosing the lines of an included file: `path:N`, `path:N:M`, `path::M`, `path:N:` and
//! `path:anchor`, as mdBook reads them. Each chosen line keeps its line number in the file,
//! so that what is reported about it later points at the file.

/// What part of a file a directive asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Lines `from..to` (0-based, `to` exclusive; `None`: to the end).
    Lines { from: usize, to: Option<usize> },
    /// The lines between `ANCHOR: name` and `ANCHOR_END: name`.
    Anchor(String),
}

impl Selection {
    /// The text after the path's first `:` (`None`: the whole file).
    pub fn parse(spec: Option<&str>) -> Selection {
        let Some(spec) = spec else {
            return Selection::Lines { from: 0, to: None };
        };
        let mut parts = spec.splitn(3, ':');
        let first = parts.next().unwrap_or("");
        let from = match first.parse::<usize>() {
            Ok(n) => Some(n.saturating_sub(1)),
            Err(_) if first.is_empty() => None,
            Err(_) => return Selection::Anchor(first.to_string()),
        };
        let end = parts.next().map(|s| s.parse::<usize>().ok());
        match (from, end) {
            (Some(from), Some(Some(to))) => Selection::Lines { from, to: Some(to) },
            (Some(from), Some(None)) => Selection::Lines { from, to: None },
            (Some(from), None) => Selection::Lines {
                from,
                to: Some(from + 1),
            },
            (None, Some(Some(to))) => Selection::Lines {
                from: 0,
                to: Some(to),
            },
            (None, _) => Selection::Lines { from: 0, to: None },
        }
    }
}

/// A line chosen from a file: its text and its 1-based number there.
pub type Chosen<'a> = (&'a str, usize);

/// The anchors a file defines (`ANCHOR: name`), in order.
pub fn anchors(text: &str) -> Vec<&str> {
    text.lines().filter_map(anchor_start).collect()
}

/// `name` when `line` holds `ANCHOR: name` (in any comment style).
fn anchor_start(line: &str) -> Option<&str> {
    marker(line, "ANCHOR:")
}

fn anchor_end(line: &str) -> Option<&str> {
    marker(line, "ANCHOR_END:")
}

fn marker<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(k) = line[from..].find(tag) {
        let at = from + k;
        // (`ANCHOR_END:` does not contain `ANCHOR:`, so the two tags never match each other.)
        let rest = line[at + tag.len()..].trim_start();
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        if len > 0 {
            return Some(&rest[..len]);
        }
        from = at + tag.len();
    }
    None
}

fn is_marker(line: &str) -> bool {
    anchor_start(line).is_some() || anchor_end(line).is_some()
}

/// The lines of `text` that `selection` asks for; `None` when the anchor is not in the file.
pub fn choose<'a>(text: &'a str, selection: &Selection) -> Option<Vec<Chosen<'a>>> {
    let numbered = text.lines().enumerate().map(|(i, l)| (l, i + 1));
    match selection {
        Selection::Lines { from, to } => Some(
            numbered
                .skip(*from)
                .take(to.map_or(usize::MAX, |to| to.saturating_sub(*from)))
                .collect(),
        ),
        Selection::Anchor(name) => {
            let mut inside = false;
            let mut found = false;
            let mut out = Vec::new();
            for (line, n) in numbered {
                if inside {
                    if anchor_end(line) == Some(name.as_str()) {
                        break;
                    }
                    if !is_marker(line) {
                        out.push((line, n));
                    }
                } else if anchor_start(line) == Some(name.as_str()) {
                    inside = true;
                    found = true;
                }
            }
            found.then_some(out)
        }
    }
}

/// `{{#rustdoc_include}}`: every line of the file, those outside `selection` marked hidden
/// (`# `) so the example still compiles as a whole; anchor markers are left out.
pub fn choose_with_hidden<'a>(
    text: &'a str,
    selection: &Selection,
) -> Option<Vec<(bool, &'a str, usize)>> {
    let numbered = text.lines().enumerate().map(|(i, l)| (l, i + 1));
    match selection {
        Selection::Lines { from, to } => Some(
            numbered
                .map(|(l, n)| {
                    let shown = n > *from && to.is_none_or(|to| n <= to);
                    (!shown, l, n)
                })
                .collect(),
        ),
        Selection::Anchor(name) => {
            let mut inside = false;
            let mut found = false;
            let mut out = Vec::new();
            for (line, n) in numbered {
                if inside {
                    if anchor_end(line) == Some(name.as_str()) {
                        inside = false;
                    } else if anchor_start(line).is_none() {
                        out.push((false, line, n));
                    }
                } else if anchor_start(line) == Some(name.as_str()) {
                    inside = true;
                    found = true;
                } else if !is_marker(line) {
                    out.push((true, line, n));
                }
            }
            found.then_some(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, spec: Option<&str>) -> Vec<usize> {
        choose(text, &Selection::parse(spec))
            .unwrap()
            .into_iter()
            .map(|(_, n)| n)
            .collect()
    }

    const FIVE: &str = "1\n2\n3\n4\n5\n";

    #[test]
    fn ranges_read_as_mdbook_reads_them() {
        assert_eq!(lines(FIVE, None), vec![1, 2, 3, 4, 5]);
        assert_eq!(lines(FIVE, Some("2")), vec![2]);
        assert_eq!(lines(FIVE, Some("2:4")), vec![2, 3, 4]);
        assert_eq!(lines(FIVE, Some(":2")), vec![1, 2]);
        assert_eq!(lines(FIVE, Some("4:")), vec![4, 5]);
        assert_eq!(lines(FIVE, Some("0")), vec![1]);
        assert_eq!(lines(FIVE, Some("9")), Vec::<usize>::new());
        assert_eq!(lines(FIVE, Some("4:2")), Vec::<usize>::new());
    }

    #[test]
    fn anchors_drop_nested_markers() {
        let text = "a\n// ANCHOR: all\nb\n// ANCHOR: inner\nc\n// ANCHOR_END: inner\nd\n// ANCHOR_END: all\ne\n";
        assert_eq!(lines(text, Some("all")), vec![3, 5, 7]);
        assert_eq!(lines(text, Some("inner")), vec![5]);
        assert!(choose(text, &Selection::Anchor("nope".into())).is_none());
        assert_eq!(anchors(text), vec!["all", "inner"]);
    }

    #[test]
    fn rustdoc_include_hides_the_rest() {
        let text = "fn main() {\n    // ANCHOR: body\n    run();\n    // ANCHOR_END: body\n}\n";
        let got = choose_with_hidden(text, &Selection::parse(Some("body"))).unwrap();
        let got: Vec<(bool, &str)> = got.into_iter().map(|(h, l, _)| (h, l)).collect();
        assert_eq!(
            got,
            vec![(true, "fn main() {"), (false, "    run();"), (true, "}")]
        );
        let got = choose_with_hidden(FIVE, &Selection::parse(Some("2:3"))).unwrap();
        let hidden: Vec<bool> = got.into_iter().map(|(h, _, _)| h).collect();
        assert_eq!(hidden, vec![true, false, false, true, true]);
    }
}
