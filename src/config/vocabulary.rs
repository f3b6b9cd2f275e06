//! The vocabulary of book.toml: every key mdBook 0.5 documents and Lectern's own, with its
//! type and what Lectern does with it, and the [`Checker`] that walks a parsed file against it,
//! collecting every unknown key, wrong type and "not acted on" warning of the file in one pass.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::CONFIG_FILE;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics, LineIndex, Position};

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Ty {
    Str,
    Bool,
    Int,
    /// A list of strings.
    Strs,
    /// A table whose keys are in [`VOCABULARY`] too.
    Section,
    /// A table of any keys, each with a value of this kind (`redirect`, `hidelines`).
    Map(&'static Ty),
}

/// What Lectern does with a key.
#[derive(Debug, Clone, Copy)]
pub(super) enum Act {
    /// Acted on.
    Used,
    /// Read into [`Config`], not acted on yet by a later stage: what happens instead.
    /// (Every such key is acted on today; the status stays for the next key read ahead of
    /// the stage that will use it, with its distinct warning.)
    #[allow(dead_code)]
    Read(&'static str),
    /// mdBook's key, which Lectern does not act on: what happens instead.
    Ignored(&'static str),
}

use Act::{Ignored, Read, Used};
use Ty::{Bool, Int, Map, Section, Str, Strs};

pub(super) const PLAYGROUND: &str = "Lectern shows code blocks read-only, without mdBook's Run, Copy or editor buttons, and sends nothing to the Rust Playground";
pub(super) const SEARCH_TUNING: &str =
    "Lectern's search has its own ranking and result list, which mdBook's search settings do not change";

/// The keys of a `[languages.<tag>]` table.
pub(super) const LANGUAGE_KEYS: &[(&str, Ty)] = &[
    ("title", Str),
    ("description", Str),
    ("src", Str),
    ("strings", Section),
];

/// Every key Lectern knows: mdBook 0.5's documented book.toml, and Lectern's own
/// (`[build] allow-raw-html`), by dotted path.
pub(super) const VOCABULARY: &[(&str, Ty, Act)] = &[
    ("book", Section, Used),
    // Overrides of the interface strings: its keys are the catalogue's, checked by
    // `config::strings_table`, not here.
    ("strings", Section, Used),
    // Translations: `[languages.<tag>]`, checked by `Checker::language_entry`.
    ("languages", Section, Used),
    ("book.title", Str, Used),
    ("book.authors", Strs, Used),
    ("book.description", Str, Used),
    ("book.language", Str, Used),
    ("book.src", Str, Used),
    ("book.text-direction", Str, Used),
    (
        "book.multilingual",
        Bool,
        Ignored("it has no effect (mdBook did nothing with it either)"),
    ),
    ("rust", Section, Used),
    (
        "rust.edition",
        Str,
        Ignored(
            "Lectern highlights code but never compiles or runs it, so the edition changes nothing",
        ),
    ),
    ("build", Section, Used),
    ("build.build-dir", Str, Used),
    ("build.allow-raw-html", Bool, Used),
    ("build.create-missing", Bool, Used),
    (
        "build.use-default-preprocessors",
        Bool,
        Ignored("Lectern runs no mdBook preprocessors, so the setting changes nothing"),
    ),
    ("build.extra-watch-dirs", Strs, Used),
    ("preprocessor", Section, Used),
    ("output", Section, Used),
    ("output.html", Section, Used),
    ("output.html.theme", Str, Used),
    ("output.html.default-theme", Str, Used),
    ("output.html.site-url", Str, Used),
    (
        "output.html.preferred-dark-theme",
        Str,
        Ignored("readers whose system prefers dark see Lectern's one dark theme (when `default-theme` is `auto`), whichever mdBook theme this names"),
    ),
    ("output.html.smart-punctuation", Bool, Used),
    (
        "output.html.definition-lists",
        Bool,
        Ignored("definition lists (`term` and `: definition` lines) are always rendered"),
    ),
    (
        "output.html.admonitions",
        Bool,
        Ignored("`> [!NOTE]`-style blocks are rendered Lectern's way whatever this says"),
    ),
    // `\\( … \\)` and `\\[ … \\]` are formulas, typeset at build time (no MathJax is loaded).
    ("output.html.mathjax-support", Bool, Used),
    // Lectern's own: `$…$` and `$$…$$` are formulas.
    ("output.html.math", Bool, Used),
    ("output.html.additional-css", Strs, Used),
    ("output.html.additional-js", Strs, Used),
    ("output.html.no-section-label", Bool, Used),
    ("output.html.git-repository-url", Str, Used),
    (
        "output.html.git-repository-icon",
        Str,
        Ignored("pages show no repository link, so there is no icon to choose"),
    ),
    ("output.html.edit-url-template", Str, Used),
    (
        "output.html.input-404",
        Str,
        Ignored("Lectern writes its own not-found page, 404.html"),
    ),
    (
        "output.html.cname",
        Str,
        Ignored("no CNAME file is written: set the domain in your host's settings"),
    ),
    (
        "output.html.hash-files",
        Bool,
        Ignored("Lectern names its own CSS and script files, so the setting changes nothing"),
    ),
    (
        "output.html.sidebar-header-nav",
        Bool,
        Ignored("each chapter lists its own sections at the top of the page instead"),
    ),
    ("output.html.print", Section, Used),
    ("output.html.print.enable", Bool, Used),
    ("output.html.print.page-break", Bool, Used),
    ("output.html.fold", Section, Used),
    ("output.html.fold.enable", Bool, Used),
    ("output.html.fold.level", Int, Used),
    ("output.html.playground", Section, Used),
    ("output.html.playground.editable", Bool, Ignored(PLAYGROUND)),
    ("output.html.playground.copyable", Bool, Ignored(PLAYGROUND)),
    ("output.html.playground.copy-js", Bool, Ignored(PLAYGROUND)),
    (
        "output.html.playground.line-numbers",
        Bool,
        Ignored(PLAYGROUND),
    ),
    ("output.html.playground.runnable", Bool, Ignored(PLAYGROUND)),
    ("output.html.code", Section, Used),
    ("output.html.code.hidelines", Map(&Str), Used),
    ("output.html.search", Section, Used),
    ("output.html.search.enable", Bool, Used),
    ("output.html.search.limit-results", Int, Used),
    (
        "output.html.search.teaser-word-count",
        Int,
        Ignored(SEARCH_TUNING),
    ),
    (
        "output.html.search.use-boolean-and",
        Bool,
        Ignored(SEARCH_TUNING),
    ),
    (
        "output.html.search.boost-title",
        Int,
        Ignored(SEARCH_TUNING),
    ),
    (
        "output.html.search.boost-hierarchy",
        Int,
        Ignored(SEARCH_TUNING),
    ),
    (
        "output.html.search.boost-paragraph",
        Int,
        Ignored(SEARCH_TUNING),
    ),
    ("output.html.search.expand", Bool, Ignored(SEARCH_TUNING)),
    (
        "output.html.search.heading-split-level",
        Int,
        Ignored(SEARCH_TUNING),
    ),
    ("output.html.search.copy-js", Bool, Ignored(SEARCH_TUNING)),
    (
        "output.html.search.chapter",
        Map(&Section),
        Ignored("every chapter is indexed for search"),
    ),
    ("output.html.redirect", Map(&Str), Used),
];

/// A key Lectern ignores, as a message shows it, where it is, and what it is (a line or a table).
type IgnoredKey = (String, std::ops::Range<usize>, &'static str);

/// The value `path` (dotted) holds in `table`, if any.
pub(super) fn lookup<'t, 'i>(
    table: &'t DeTable<'i>,
    path: &str,
) -> Option<&'t Spanned<DeValue<'i>>> {
    let (first, rest) = match path.split_once('.') {
        Some((first, rest)) => (first, Some(rest)),
        None => (path, None),
    };
    let value = table.get(first)?;
    match (rest, value.get_ref()) {
        (None, _) => Some(value),
        (Some(rest), DeValue::Table(t)) => lookup(t, rest),
        (Some(_), _) => None,
    }
}

/// `[output.html] site-url` for `output.html.site-url`, `[book]` for `book`.
pub(super) fn shown(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((section, key)) => format!("[{section}] {key}"),
        None => format!("[{path}]"),
    }
}

/// What a value of this kind is, for messages.
pub(super) fn expected(ty: Ty) -> &'static str {
    match ty {
        Str => "a string in double quotes",
        Bool => "`true` or `false`",
        Int => "a whole number",
        Strs => "a list of strings",
        Section | Map(_) => "a table",
    }
}

pub(super) fn found(value: &DeValue) -> String {
    match value {
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(_) => "a date".into(),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

pub(super) fn type_hint(ty: Ty, path: &str) -> String {
    match ty {
        Str => "write the value in double quotes: key = \"value\"".into(),
        Bool => "write `true` or `false`, without quotes".into(),
        Int => "write a whole number, without quotes: key = 3".into(),
        Strs => "write a list in brackets: key = [\"a\", \"b\"]".into(),
        Section | Map(_) => {
            format!("write it as a table: a line `[{path}]` with its keys below it")
        }
    }
}

/// Checks a parsed book.toml against [`VOCABULARY`], collecting every diagnostic.
pub(super) struct Checker<'a> {
    pub(super) lines: LineIndex<'a>,
    pub(super) diags: Diagnostics,
}

impl Checker<'_> {
    pub(super) fn position(&self, span: std::ops::Range<usize>) -> Option<Position> {
        Some(self.lines.position(span.start))
    }

    pub(super) fn error(
        &mut self,
        span: std::ops::Range<usize>,
        message: String,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::error(CONFIG_FILE, self.position(span), message).with_hint(hint);
        self.diags.push(d);
    }

    pub(super) fn warning(
        &mut self,
        span: std::ops::Range<usize>,
        message: String,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::warning(CONFIG_FILE, self.position(span), message).with_hint(hint);
        self.diags.push(d);
    }

    /// Checks every key of `table`, found at `path` (`""` for the whole file).
    pub(super) fn table(&mut self, path: &str, table: &DeTable) {
        // Keys of this table that Lectern ignores for the same reason are said once, together
        // (mdBook's guide sets six search tunings that one sentence answers).
        let mut ignored: Vec<(&str, Vec<IgnoredKey>)> = Vec::new();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            let full = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            match VOCABULARY.iter().find(|(p, ..)| *p == full) {
                Some(&(_, ty, act)) => {
                    if !self.value(&full, ty, value) {
                        continue;
                    }
                    // A table of free keys reads best as its header.
                    let (what, line) = match ty {
                        Map(_) => (format!("[{full}]"), "table"),
                        _ => (shown(&full), "line"),
                    };
                    match act {
                        Used => {}
                        Read(instead) => self.warning(
                            key.span(),
                            format!("`{what}` is read but not yet used: {instead}"),
                            format!("keep it if mdBook also builds the book, or for when Lectern acts on it; remove the {line} to silence this warning"),
                        ),
                        Ignored(instead) => match ignored.iter_mut().find(|(i, _)| *i == instead) {
                            Some((_, keys)) => keys.push((what, key.span(), line)),
                            None => ignored.push((instead, vec![(what, key.span(), line)])),
                        },
                    }
                    if let (Section, DeValue::Table(t)) = (ty, value.get_ref()) {
                        self.table(&full, t);
                    }
                }
                None if path == "strings" || path.starts_with("strings.") => {}
                None if path == "languages" => self.language_entry(name, value),
                None if path == "preprocessor" => self.preprocessor(name, key.span(), value),
                None if path == "output" => self.renderer(name, key.span(), value),
                None => self.unknown(path, name, key.span()),
            }
        }
        for (instead, keys) in ignored {
            let (what, span, line) = &keys[0];
            if keys.len() == 1 {
                self.warning(
                    span.clone(),
                    format!("`{what}` is an mdBook setting that Lectern does not act on: {instead}"),
                    format!("keep it if mdBook also builds the book; otherwise remove the {line} to silence this warning"),
                );
                continue;
            }
            let names: Vec<String> = keys
                .iter()
                .map(|(w, ..)| format!("`{}`", w.rsplit_once("] ").map_or(w.as_str(), |(_, k)| k)))
                .collect();
            let table = what
                .rsplit_once("] ")
                .map_or(String::new(), |(t, _)| format!("{t}] "));
            self.warning(
                span.clone(),
                format!(
                    "{table}{} are mdBook settings that Lectern does not act on: {instead}",
                    names.join(", ")
                ),
                "keep them if mdBook also builds the book; otherwise remove the lines to silence this warning",
            );
        }
    }

    /// Checks that `value` is of kind `ty`; false (with an error) when it is not.
    pub(super) fn value(&mut self, path: &str, ty: Ty, value: &Spanned<DeValue>) -> bool {
        let ok = match (ty, value.get_ref()) {
            (Str, DeValue::String(_))
            | (Bool, DeValue::Boolean(_))
            | (Int, DeValue::Integer(_))
            | (Section, DeValue::Table(_)) => true,
            (Strs, DeValue::Array(items)) => {
                let mut all = true;
                for item in items.iter() {
                    if !matches!(item.get_ref(), DeValue::String(_)) {
                        self.error(
                            item.span(),
                            format!(
                                "`{}` is a list of strings, but this item is {}",
                                shown(path),
                                found(item.get_ref())
                            ),
                            "write each item in double quotes: key = [\"a\", \"b\"]",
                        );
                        all = false;
                    }
                }
                return all;
            }
            (Map(inner), DeValue::Table(t)) => {
                let mut all = true;
                for (k, v) in t.iter() {
                    let name: &str = k.get_ref();
                    all &= self.value(&format!("{path}.\"{name}\""), *inner, v);
                }
                return all;
            }
            _ => false,
        };
        if !ok {
            self.error(
                value.span(),
                format!(
                    "`{}` must be {}, not {}",
                    shown(path),
                    expected(ty),
                    found(value.get_ref())
                ),
                type_hint(ty, path),
            );
        }
        ok
    }

    /// `[languages.<tag>]`: a table of the keys in [`LANGUAGE_KEYS`] (its `strings` are
    /// checked by `config::strings_table`, its tag by `config::languages_table`).
    pub(super) fn language_entry(&mut self, tag: &str, value: &Spanned<DeValue>) {
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                value.span(),
                format!("`languages.{tag}` must be a table, not {}", found(value.get_ref())),
                format!("write it as a table: [languages.{tag}] with `title = \"…\"` and the other keys below it"),
            );
            return;
        };
        for (key, v) in table.iter() {
            let name: &str = key.get_ref();
            let path = format!("languages.{tag}.{name}");
            match LANGUAGE_KEYS.iter().find(|(k, _)| *k == name) {
                Some(&(_, ty)) => {
                    self.value(&path, ty, v);
                }
                None => {
                    let hint = match did_you_mean(name, LANGUAGE_KEYS.iter().map(|(k, _)| *k)) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "remove the key; allowed here: {}",
                            LANGUAGE_KEYS
                                .iter()
                                .map(|(k, _)| *k)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.error(
                        key.span(),
                        format!("unknown key `{name}` in [languages.{tag}]"),
                        hint,
                    );
                }
            }
        }
    }

    pub(super) fn unknown(&mut self, path: &str, name: &str, span: std::ops::Range<usize>) {
        fn parent_of(p: &str) -> &str {
            p.rsplit_once('.').map_or("", |(parent, _)| parent)
        }
        fn last_of(p: &str) -> &str {
            p.rsplit_once('.').map_or(p, |(_, last)| last)
        }
        let candidates: Vec<&str> = VOCABULARY
            .iter()
            .filter(|(p, ..)| parent_of(p) == path)
            .map(|(p, ..)| last_of(p))
            .collect();
        let elsewhere = VOCABULARY
            .iter()
            .find(|(p, ty, _)| last_of(p) == name && *ty != Section && parent_of(p) != path)
            .map(|(p, ..)| parent_of(p));
        let (message, hint) = if path.is_empty() {
            let hint = match (elsewhere, did_you_mean(name, candidates.iter().copied())) {
                (Some("book"), _) => format!(
                    "`{name}` belongs in the [book] section: add a line `[book]` above it"
                ),
                (Some(section), _) => {
                    format!("`{name}` belongs in the [{section}] section: add a line `[{section}]` above it")
                }
                (None, Some(best)) => format!("did you mean `[{best}]`?"),
                (None, None) => format!(
                    "remove it; book.toml has the sections {}, [preprocessor.<name>] and [output.<name>]",
                    candidates
                        .iter()
                        .filter(|c| !matches!(**c, "preprocessor" | "output"))
                        .map(|c| format!("[{c}]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            (format!("unknown key `{name}` outside any section"), hint)
        } else {
            let hint = match (did_you_mean(name, candidates.iter().copied()), elsewhere) {
                (Some(best), _) => format!("did you mean `{best}`?"),
                (None, Some(section)) => {
                    format!("`{name}` belongs in the [{section}] section; move the line there")
                }
                (None, None) if candidates.is_empty() => "remove the key".to_string(),
                (None, None) => format!("remove the key; allowed here: {}", candidates.join(", ")),
            };
            (format!("unknown key `{name}` in [{path}]"), hint)
        };
        self.error(span, message, hint);
    }

    /// `[preprocessor.<name>]`: one warning.
    pub(super) fn preprocessor(
        &mut self,
        name: &str,
        span: std::ops::Range<usize>,
        value: &Spanned<DeValue>,
    ) {
        if !self.value(&format!("preprocessor.{name}"), Section, value) {
            return;
        }
        // Lectern does itself what mdBook's built-in preprocessors (`{{#include}}` and kin,
        // README.md as index.html) and mdbook-quiz's (`{{#quiz}}`) do.
        if matches!(name, "links" | "index" | "quiz") {
            return;
        }
        let missing =
            format!("whatever the `mdbook-{name}` preprocessor would add to the chapters");
        self.warning(
            span,
            format!("`[preprocessor.{name}]`: Lectern runs no mdBook preprocessors, so the site will be missing {missing}"),
            "the chapters are built as they are written; keep the table if mdBook still builds the book, otherwise remove it",
        );
    }

    /// `[output.<name>]` other than `html`: one warning.
    pub(super) fn renderer(
        &mut self,
        name: &str,
        span: std::ops::Range<usize>,
        value: &Spanned<DeValue>,
    ) {
        if !self.value(&format!("output.{name}"), Section, value) {
            return;
        }
        let missing = match name {
            "markdown" => "the Markdown copy of the chapters that mdBook's `markdown` renderer writes".to_string(),
            "linkcheck" => "the report of `mdbook-linkcheck` (Lectern checks the links between chapters itself)".to_string(),
            _ => format!("what the `mdbook-{name}` renderer would make"),
        };
        self.warning(
            span,
            format!("`[output.{name}]`: Lectern writes only its HTML site, so the site will be missing {missing}"),
            format!("run mdBook with this renderer if you need its output; otherwise remove the [output.{name}] table"),
        );
    }
}

pub(super) fn str_value<'t>(
    table: &'t DeTable,
    path: &str,
) -> Option<(&'t str, std::ops::Range<usize>)> {
    let value = lookup(table, path)?;
    value.get_ref().as_str().map(|s| (s, value.span()))
}

/// A whole number and where it is written (`None` also for one too large for an `i64`).
pub(super) fn int_value(table: &DeTable, path: &str) -> Option<(i64, std::ops::Range<usize>)> {
    let value = lookup(table, path)?;
    let int = value.get_ref().as_integer()?;
    let digits = int.as_str().replace('_', "");
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(d) => (-1, d.to_string()),
        None => (1, digits.trim_start_matches('+').to_string()),
    };
    let digits = match int.radix() {
        10 => digits.as_str(),
        _ => digits.get(2..).unwrap_or(""),
    };
    let n = i64::from_str_radix(digits, int.radix()).ok()?;
    Some((sign * n, value.span()))
}

pub(super) fn bool_value(table: &DeTable, path: &str) -> Option<bool> {
    lookup(table, path)?.get_ref().as_bool()
}

pub(super) fn strs_value(table: &DeTable, path: &str) -> Vec<String> {
    lookup(table, path)
        .and_then(|v| v.get_ref().as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.get_ref().as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
