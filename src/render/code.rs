//! mdBook's code-block conventions: the info string (`rust,ignore`, `Rust`, `{.rust}`,
//! `hidelines=~`) and hidden lines (`# ` in Rust, a prefix per language otherwise), which are
//! kept in the page, hidden until the reader asks for them.

/// A fenced block's info string, read as mdBook reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Info {
    /// The language, lower case (`Rust` → `rust`); empty when none is given.
    pub lang: String,
    /// The words after it (`ignore`, `editable`, `E0597`, …), as written.
    pub attributes: Vec<String>,
}

impl Info {
    pub fn parse(info: &str) -> Info {
        let mut words = info
            .split([',', ' ', '\t'])
            .map(|w| {
                w.trim_matches(|c| c == '{' || c == '}')
                    .trim_start_matches('.')
            })
            .filter(|w| !w.is_empty());
        let lang = words.next().unwrap_or("").to_ascii_lowercase();
        Info {
            lang,
            attributes: words.map(str::to_string).collect(),
        }
    }

    /// The prefix that marks hidden lines: `hidelines=<prefix>` on the block, else the
    /// book's setting for the language, else `#` for Rust.
    pub fn hidden_prefix<'a>(&'a self, book: Option<&'a str>) -> Option<&'a str> {
        self.attributes
            .iter()
            .find_map(|a| a.strip_prefix("hidelines="))
            .or(book)
            .or((self.lang == "rust").then_some("#"))
    }

    /// A short note on what the block is, where mdBook's attributes say something a reader
    /// should know (the code does not compile, panics, is not run).
    /// The interface string's key (`code.does_not_compile`).
    pub fn note(&self) -> Option<&'static str> {
        let has = |w: &str| self.attributes.iter().any(|a| a == w);
        if has("compile_fail") {
            Some("code.does_not_compile")
        } else if has("should_panic") {
            Some("code.panics")
        } else if has("no_run") {
            Some("code.no_run")
        } else if has("ignore") {
            Some("code.not_tested")
        } else {
            None
        }
    }
}

/// The program as it is compiled (hidden lines included, their marker removed), and for each
/// of its lines whether it is hidden. Rust's rule: a line whose text starts with `# ` or is
/// `#` is hidden, and `##` stands for a literal `#`; with another prefix, a line starting with
/// it is hidden.
pub fn split_hidden(code: &str, prefix: &str) -> (String, Vec<bool>) {
    let mut program = String::with_capacity(code.len());
    let mut hidden = Vec::new();
    for line in code.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let text = body.trim_start();
        let indent = &body[..body.len() - text.len()];
        let (is_hidden, kept) = if prefix == "#" {
            if let Some(rest) = text.strip_prefix("##") {
                (false, format!("{indent}#{rest}"))
            } else if text == "#" {
                (true, indent.to_string())
            } else if let Some(rest) = text.strip_prefix("# ") {
                (true, format!("{indent}{rest}"))
            } else {
                (false, body.to_string())
            }
        } else if let Some(rest) = text.strip_prefix(prefix) {
            (
                true,
                format!("{indent}{}", rest.strip_prefix(' ').unwrap_or(rest)),
            )
        } else {
            (false, body.to_string())
        };
        program.push_str(&kept);
        program.push_str(end);
        hidden.push(is_hidden);
    }
    (program, hidden)
}

/// Wraps each hidden line of highlighted `html` (one entry of `hidden` per line) in
/// `<span class="boring">`. The highlighter keeps at most one span open, and may keep it
/// open across a line break: such a span is closed at the line's end and opened again on
/// the next line, so that every line is whole HTML on its own.
pub fn wrap_hidden(html: &str, hidden: &[bool]) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut open: Option<String> = None;
    for (i, line) in html.split_inclusive('\n').enumerate() {
        let is_hidden = hidden.get(i).copied().unwrap_or(false);
        if is_hidden {
            out.push_str("<span class=\"boring\">");
        }
        if let Some(tag) = &open {
            out.push_str(tag);
        }
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        out.push_str(body);
        open = span_open_after(body, open);
        if open.is_some() {
            out.push_str("</span>");
        }
        out.push_str(end);
        if is_hidden {
            out.push_str("</span>");
        }
    }
    out
}

/// The `<span …>` tag still open at the end of `line`, given the one open at its start.
fn span_open_after(line: &str, mut open: Option<String>) -> Option<String> {
    let mut rest = line;
    while let Some(at) = rest.find('<') {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..tag_end];
        if tag.starts_with("</span") {
            open = None;
        } else if tag.starts_with("<span") {
            open = Some(tag.to_string());
        }
        rest = &rest[tag_end..];
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings_as_real_books_write_them() {
        let i = Info::parse("rust,ignore");
        assert_eq!(
            (i.lang.as_str(), i.attributes.as_slice()),
            ("rust", &["ignore".to_string()][..])
        );
        assert_eq!(Info::parse("Rust").lang, "rust");
        assert_eq!(Info::parse("rust , editable").attributes, ["editable"]);
        assert_eq!(Info::parse("{.rust}").lang, "rust");
        assert_eq!(
            Info::parse("rust,compile_fail,E0597").note(),
            Some("code.does_not_compile")
        );
        assert_eq!(Info::parse("rust,edition2021").note(), None);
        assert_eq!(
            Info::parse("python hidelines=~").hidden_prefix(None),
            Some("~")
        );
        assert_eq!(Info::parse("rust").hidden_prefix(None), Some("#"));
        assert_eq!(Info::parse("python").hidden_prefix(None), None);
        assert_eq!(Info::parse("python").hidden_prefix(Some("!!")), Some("!!"));
    }

    #[test]
    fn rust_hidden_lines() {
        let (program, hidden) = split_hidden("# fn main() {\n    #\n    ## not hidden\n#[derive(Debug)]\n    # let x = 1;\nprintln!();\n# }", "#");
        assert_eq!(
            program,
            "fn main() {\n    \n    # not hidden\n#[derive(Debug)]\n    let x = 1;\nprintln!();\n}"
        );
        assert_eq!(hidden, [true, true, false, false, true, false, true]);
        let (program, hidden) = split_hidden("~hidden\nshown\n", "~");
        assert_eq!(program, "hidden\nshown\n");
        assert_eq!(hidden, [true, false]);
    }

    #[test]
    fn spans_across_lines_are_closed_and_reopened() {
        let html = "<span class=\"c\">/* a\nb */</span> x\ny\n";
        let out = wrap_hidden(html, &[false, true, false]);
        assert_eq!(
            out,
            "<span class=\"c\">/* a</span>\n<span class=\"boring\"><span class=\"c\">b */</span> x\n</span>y\n"
        );
    }
}
