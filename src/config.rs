//! `book.toml`: the book's settings, in mdBook's vocabulary, so that an mdBook book loads as it
//! is and an mdBook author finds their way.
//!
//! Every key mdBook 0.5 documents is known here ([`VOCABULARY`]), with what Lectern does with
//! it: acts on it, reads it into [`Config`] for a later stage that does not use it yet, or does
//! not act on it. Each key of the last two kinds is one located warning that says what happens
//! instead, so nothing is silently ignored; a key in no vocabulary is an error with a "did you
//! mean". `[preprocessor.*]` and other `[output.*]` tables are one warning each.
//!
//! The file is checked as a whole: every unknown key, wrong type and bad value is reported in
//! the same run.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diag::{did_you_mean, Diagnostic, Diagnostics, LineIndex, Position};

pub const CONFIG_FILE: &str = "book.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeMode {
    /// Follow the reader's operating system.
    #[default]
    Auto,
    Light,
    Dark,
}

/// The book's settings, with every path made absolute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// The folder holding book.toml.
    pub root: PathBuf,
    pub title: String,
    pub authors: Vec<String>,
    pub description: String,
    pub language: String,
    /// Where the chapters are (`[book] src`; by default `content/`, or `src/` as in mdBook
    /// when there is no `content/`).
    pub src_dir: PathBuf,
    /// Where the site is written (`[build] build-dir`; by default `site/`, or `book/` as in
    /// mdBook for a book whose chapters are in mdBook's default `src/`).
    pub build_dir: PathBuf,
    /// `build-dir` as book.toml spells it, and where, for diagnostics about it.
    pub build_dir_written: String,
    pub build_dir_position: Option<Position>,
    pub allow_raw_html: bool,
    /// The deployed site's URL or path, always ending in `/` (`[output.html] site-url`).
    pub site_url: Option<String>,
    pub default_theme: ThemeMode,
    /// The book's theme-override folder, if it exists.
    pub theme_dir: Option<PathBuf>,
    /// `[build] create-missing` (mdBook's default: true): create a chapter file that
    /// SUMMARY.md lists and that does not exist. Not used yet.
    pub create_missing: bool,
    /// `[build] extra-watch-dirs`, absolute: more folders for `serve` to watch. Not used yet.
    pub extra_watch_dirs: Vec<PathBuf>,
    /// `[output.html] git-repository-url`: the book's repository, for a link on every page.
    /// Not used yet.
    pub git_repository_url: Option<String>,
    /// `[output.html] edit-url-template`: an "edit this page" address, `{path}` standing for
    /// the chapter's path below the book's root. Not used yet.
    pub edit_url_template: Option<String>,
    /// `[output.html] additional-css`, absolute: stylesheets to copy and link after the
    /// theme's. Not used yet.
    pub additional_css: Vec<PathBuf>,
    /// `[output.html] additional-js`, absolute: scripts to copy and load on every page. Not
    /// used yet.
    pub additional_js: Vec<PathBuf>,
    /// `[output.html] preferred-dark-theme`, as written (mdBook's `navy`, `coal`, `ayu`).
    /// Lectern has one dark theme; not used yet.
    pub preferred_dark_theme: Option<String>,
    /// `[output.html] smart-punctuation` (mdBook 0.5's default: true): curly quotes and
    /// dashes. Not used yet.
    pub smart_punctuation: bool,
    /// `[output.html] no-section-label`: no chapter numbers in the navigation. Not used yet.
    pub no_section_label: bool,
    /// `[output.html.search] enable` (default true). Not used yet: search is always built.
    pub search_enabled: bool,
    /// The warnings about book.toml (keys read but not acted on, and the like), reported with
    /// the build's.
    pub warnings: Vec<Diagnostic>,
}

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ty {
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
enum Act {
    /// Acted on.
    Used,
    /// Read into [`Config`], not acted on yet by a later stage: what happens instead.
    Read(&'static str),
    /// mdBook's key, which Lectern does not act on: what happens instead.
    Ignored(&'static str),
}

use Act::{Ignored, Read, Used};
use Ty::{Bool, Int, Map, Section, Str, Strs};

const PLAYGROUND: &str = "Lectern shows code blocks read-only, without mdBook's Run, Copy or editor buttons, and sends nothing to the Rust Playground";
const SEARCH_TUNING: &str =
    "Lectern's search has its own ranking and result list, which this setting does not change";
const PRINT: &str = "there is no print page of the whole book yet; each page prints on its own";
const FOLD: &str = "the sidebar's chapter list is shown in full, without folding";

/// Every key Lectern knows: mdBook 0.5's documented book.toml, and Lectern's own
/// (`[build] allow-raw-html`), by dotted path.
const VOCABULARY: &[(&str, Ty, Act)] = &[
    ("book", Section, Used),
    ("book.title", Str, Used),
    ("book.authors", Strs, Used),
    ("book.description", Str, Used),
    ("book.language", Str, Used),
    ("book.src", Str, Used),
    ("book.text-direction", Str, Ignored("pages carry no text direction, so they read left to right whatever the language")),
    ("book.multilingual", Bool, Ignored("it has no effect (mdBook did nothing with it either)")),
    ("rust", Section, Used),
    ("rust.edition", Str, Ignored("Lectern highlights code but never compiles or runs it, so the edition changes nothing")),
    ("build", Section, Used),
    ("build.build-dir", Str, Used),
    ("build.allow-raw-html", Bool, Used),
    ("build.create-missing", Bool, Read("a chapter that SUMMARY.md lists and whose file is missing is reported as an error, not created")),
    ("build.use-default-preprocessors", Bool, Ignored("Lectern runs no mdBook preprocessors, so the setting changes nothing")),
    ("build.extra-watch-dirs", Strs, Read("`lectern serve` does not watch these folders yet: restart it after changing files there")),
    ("preprocessor", Section, Used),
    ("output", Section, Used),
    ("output.html", Section, Used),
    ("output.html.theme", Str, Used),
    ("output.html.default-theme", Str, Used),
    ("output.html.site-url", Str, Used),
    ("output.html.preferred-dark-theme", Str, Read("Lectern has one dark theme, used whenever the dark scheme is chosen")),
    ("output.html.smart-punctuation", Bool, Read("quotes, dashes and `...` are printed as written")),
    ("output.html.definition-lists", Bool, Ignored("definition lists are not rendered yet: `term` and `: definition` lines show as paragraphs")),
    ("output.html.admonitions", Bool, Ignored("`> [!NOTE]`-style blocks are rendered Lectern's way whatever this says")),
    ("output.html.mathjax-support", Bool, Ignored("no MathJax is loaded: math such as `\\( … \\)` shows as written")),
    ("output.html.additional-css", Strs, Read("the stylesheets are not copied into the site or linked from its pages yet")),
    ("output.html.additional-js", Strs, Read("the scripts are not copied into the site or loaded by its pages yet")),
    ("output.html.no-section-label", Bool, Read("chapters keep their numbers in the navigation")),
    ("output.html.git-repository-url", Str, Read("pages show no link to the repository yet")),
    ("output.html.git-repository-icon", Str, Ignored("pages show no repository link, so there is no icon to choose")),
    ("output.html.edit-url-template", Str, Read("pages show no \"edit this page\" link yet")),
    ("output.html.input-404", Str, Ignored("Lectern writes its own not-found page, 404.html")),
    ("output.html.cname", Str, Ignored("no CNAME file is written: set the domain in your host's settings")),
    ("output.html.hash-files", Bool, Ignored("Lectern names its own CSS and script files, so the setting changes nothing")),
    ("output.html.sidebar-header-nav", Bool, Ignored("each chapter lists its own sections at the top of the page instead")),
    ("output.html.print", Section, Used),
    ("output.html.print.enable", Bool, Ignored(PRINT)),
    ("output.html.print.page-break", Bool, Ignored(PRINT)),
    ("output.html.fold", Section, Used),
    ("output.html.fold.enable", Bool, Ignored(FOLD)),
    ("output.html.fold.level", Int, Ignored(FOLD)),
    ("output.html.playground", Section, Used),
    ("output.html.playground.editable", Bool, Ignored(PLAYGROUND)),
    ("output.html.playground.copyable", Bool, Ignored(PLAYGROUND)),
    ("output.html.playground.copy-js", Bool, Ignored(PLAYGROUND)),
    ("output.html.playground.line-numbers", Bool, Ignored(PLAYGROUND)),
    ("output.html.playground.runnable", Bool, Ignored(PLAYGROUND)),
    ("output.html.code", Section, Used),
    ("output.html.code.hidelines", Map(&Str), Ignored("hidden lines are not hidden yet: every line of a code block is shown")),
    ("output.html.search", Section, Used),
    ("output.html.search.enable", Bool, Read("search is always on: the index is built and the search box shown whatever this says")),
    ("output.html.search.limit-results", Int, Ignored(SEARCH_TUNING)),
    ("output.html.search.teaser-word-count", Int, Ignored(SEARCH_TUNING)),
    ("output.html.search.use-boolean-and", Bool, Ignored(SEARCH_TUNING)),
    ("output.html.search.boost-title", Int, Ignored(SEARCH_TUNING)),
    ("output.html.search.boost-hierarchy", Int, Ignored(SEARCH_TUNING)),
    ("output.html.search.boost-paragraph", Int, Ignored(SEARCH_TUNING)),
    ("output.html.search.expand", Bool, Ignored(SEARCH_TUNING)),
    ("output.html.search.heading-split-level", Int, Ignored(SEARCH_TUNING)),
    ("output.html.search.copy-js", Bool, Ignored(SEARCH_TUNING)),
    ("output.html.search.chapter", Map(&Section), Ignored("every chapter is indexed for search")),
    ("output.html.redirect", Map(&Str), Ignored("no redirect pages are written yet: readers following an old address get the not-found page")),
];

/// The value `path` (dotted) holds in `table`, if any.
fn lookup<'t, 'i>(table: &'t DeTable<'i>, path: &str) -> Option<&'t Spanned<DeValue<'i>>> {
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
fn shown(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((section, key)) => format!("[{section}] {key}"),
        None => format!("[{path}]"),
    }
}

/// What a value of this kind is, for messages.
fn expected(ty: Ty) -> &'static str {
    match ty {
        Str => "a string in double quotes",
        Bool => "`true` or `false`",
        Int => "a whole number",
        Strs => "a list of strings",
        Section | Map(_) => "a table",
    }
}

fn found(value: &DeValue) -> String {
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

fn type_hint(ty: Ty, path: &str) -> String {
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
struct Checker<'a> {
    lines: LineIndex<'a>,
    diags: Diagnostics,
}

impl Checker<'_> {
    fn position(&self, span: std::ops::Range<usize>) -> Option<Position> {
        Some(self.lines.position(span.start))
    }

    fn error(&mut self, span: std::ops::Range<usize>, message: String, hint: impl Into<String>) {
        let d = Diagnostic::error(CONFIG_FILE, self.position(span), message).with_hint(hint);
        self.diags.push(d);
    }

    fn warning(&mut self, span: std::ops::Range<usize>, message: String, hint: impl Into<String>) {
        let d = Diagnostic::warning(CONFIG_FILE, self.position(span), message).with_hint(hint);
        self.diags.push(d);
    }

    /// Checks every key of `table`, found at `path` (`""` for the whole file).
    fn table(&mut self, path: &str, table: &DeTable) {
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
                        Ignored(instead) => self.warning(
                            key.span(),
                            format!("`{what}` is an mdBook setting that Lectern does not act on: {instead}"),
                            format!("keep it if mdBook also builds the book; otherwise remove the {line} to silence this warning"),
                        ),
                    }
                    if let (Section, DeValue::Table(t)) = (ty, value.get_ref()) {
                        self.table(&full, t);
                    }
                }
                None if path == "preprocessor" => self.preprocessor(name, key.span(), value),
                None if path == "output" => self.renderer(name, key.span(), value),
                None => self.unknown(path, name, key.span()),
            }
        }
    }

    /// Checks that `value` is of kind `ty`; false (with an error) when it is not.
    fn value(&mut self, path: &str, ty: Ty, value: &Spanned<DeValue>) -> bool {
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

    fn unknown(&mut self, path: &str, name: &str, span: std::ops::Range<usize>) {
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
    fn preprocessor(&mut self, name: &str, span: std::ops::Range<usize>, value: &Spanned<DeValue>) {
        if !self.value(&format!("preprocessor.{name}"), Section, value) {
            return;
        }
        let missing = match name {
            "links" => "what mdBook's `links` preprocessor does: `{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}` and `{{#title}}` are not expanded yet and show as written".to_string(),
            "index" => "what mdBook's `index` preprocessor does: a README.md chapter is built under its own name, not as its folder's index.html".to_string(),
            _ => format!("whatever the `mdbook-{name}` preprocessor would add to the chapters"),
        };
        self.warning(
            span,
            format!("`[preprocessor.{name}]`: Lectern runs no mdBook preprocessors, so the site will be missing {missing}"),
            "the chapters are built as they are written; keep the table if mdBook still builds the book, otherwise remove it",
        );
    }

    /// `[output.<name>]` other than `html`: one warning.
    fn renderer(&mut self, name: &str, span: std::ops::Range<usize>, value: &Spanned<DeValue>) {
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

fn str_value<'t>(table: &'t DeTable, path: &str) -> Option<(&'t str, std::ops::Range<usize>)> {
    let value = lookup(table, path)?;
    value.get_ref().as_str().map(|s| (s, value.span()))
}

fn bool_value(table: &DeTable, path: &str) -> Option<bool> {
    lookup(table, path)?.get_ref().as_bool()
}

fn strs_value(table: &DeTable, path: &str) -> Vec<String> {
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

impl Config {
    /// Reads `<root>/book.toml`. On errors, every diagnostic of the file (warnings too).
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let (config, mut diags) = Config::read(root);
        diags.sort();
        match config {
            Some(mut config) if !diags.has_errors() => {
                config.warnings = diags.items;
                Ok(config)
            }
            _ => Err(diags),
        }
    }

    /// Reads `<root>/book.toml` as far as it can: the settings (those with errors left at
    /// their defaults) whenever the file is TOML, and every diagnostic about it, so that later
    /// checks of the settings (the build folder's) can report in the same run.
    pub fn read(root: &Path) -> (Option<Config>, Diagnostics) {
        let path = root.join(CONFIG_FILE);
        let fail = |d: Diagnostic| {
            let mut ds = Diagnostics::default();
            ds.push(d);
            (None, ds)
        };
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    let pos = Position::of_offset(
                        &String::from_utf8_lossy(e.as_bytes()),
                        e.utf8_error().valid_up_to(),
                    );
                    return fail(
                        Diagnostic::error(CONFIG_FILE, Some(pos), "book.toml is not valid UTF-8")
                            .with_hint("save the file as UTF-8"),
                    );
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return fail(Diagnostic::error(
                    CONFIG_FILE,
                    None,
                    format!("no book.toml in {}", root.display()),
                )
                .with_hint("run lectern in the book's folder, pass the folder as an argument, or create book.toml with a [book] title"));
            }
            Err(e) => {
                return fail(
                    Diagnostic::error(CONFIG_FILE, None, format!("cannot read book.toml: {e}"))
                        .with_hint("check that the file is readable"),
                )
            }
        };
        Config::parse(root, &text, &|p: &Path| p.is_dir())
    }

    /// Parses the text of book.toml; `root` is the folder it lives in. Folders are taken to
    /// exist (see [`Config::load`] for the checks against the disk).
    pub fn from_str(root: &Path, text: &str) -> Result<Config, Diagnostics> {
        let (config, mut diags) = Config::parse(root, text, &|_: &Path| true);
        diags.sort();
        match config {
            Some(mut config) if !diags.has_errors() => {
                config.warnings = diags.items;
                Ok(config)
            }
            _ => Err(diags),
        }
    }

    /// Parses book.toml's text, asking `is_dir` which folders exist.
    fn parse(
        root: &Path,
        text: &str,
        is_dir: &dyn Fn(&Path) -> bool,
    ) -> (Option<Config>, Diagnostics) {
        let text = &crate::diag::normalize_text(text);
        let doc = match DeTable::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let mut ds = Diagnostics::default();
                ds.push(toml_diagnostic(text, &e));
                return (None, ds);
            }
        };
        let doc = doc.get_ref();
        let mut c = Checker {
            lines: LineIndex::new(text),
            diags: Diagnostics::default(),
        };
        c.table("", doc);

        // [book]
        // The start of the line that opens [book] (its header, or a `book.` key).
        let book_span = doc.get("book").map(|_| {
            let key = doc
                .iter()
                .find(|(k, _)| k.get_ref() == "book")
                .map_or(0, |(k, _)| k.span().start);
            let line = text[..key].rfind('\n').map_or(0, |i| i + 1);
            line..line
        });
        let title = str_value(doc, "book.title");
        match (&book_span, &title) {
            (None, _) => {
                let misplaced = doc.iter().any(|(k, _)| {
                    VOCABULARY
                        .iter()
                        .any(|(p, ..)| p.strip_prefix("book.") == Some(k.get_ref()))
                });
                if !misplaced {
                    c.error(
                        0..0,
                        "book.toml has no [book] section".into(),
                        "start the file with a [book] section: `[book]` and, below it, `title = \"My course\"`",
                    );
                }
            }
            (Some(span), None) if lookup(doc, "book.title").is_none() => c.error(
                span.clone(),
                "[book] has no title".into(),
                "add a title under [book]: title = \"My course\"",
            ),
            (_, Some((t, _))) if t.trim().is_empty() => {
                let span = doc
                    .get("book")
                    .and_then(|b| b.get_ref().as_table())
                    .and_then(|b| b.iter().find(|(k, _)| k.get_ref() == "title"))
                    .map_or(0..0, |(k, _)| k.span());
                c.error(
                    span,
                    "[book] title is empty".into(),
                    "give the book a title: title = \"My course\"",
                );
            }
            _ => {}
        }
        let language = match str_value(doc, "book.language") {
            Some((language, span)) => {
                if let Err(d) = check_language(language) {
                    c.error(span, d.0, d.1);
                }
                language.to_string()
            }
            None => "en".to_string(),
        };

        // Where the chapters are: `src`, else content/, else mdBook's src/.
        let src_written = str_value(doc, "book.src");
        let mut mdbook_layout = false;
        let src_dir = match &src_written {
            Some((src, _)) => root.join(src),
            None if !is_dir(&root.join("content")) && is_dir(&root.join("src")) => {
                mdbook_layout = true;
                root.join("src")
            }
            None => root.join("content"),
        };
        if !is_dir(&src_dir) {
            let shown = src_dir
                .strip_prefix(root)
                .unwrap_or(&src_dir)
                .display()
                .to_string();
            match (&src_written, &book_span) {
                (Some((_, span)), _) => {
                    let key = doc
                        .get("book")
                        .and_then(|b| b.get_ref().as_table())
                        .and_then(|b| b.iter().find(|(k, _)| k.get_ref() == "src"))
                        .map_or(span.clone(), |(k, _)| k.span());
                    c.error(
                        key,
                        format!("the content folder {shown} does not exist"),
                        format!("create the folder {shown}, or set `src` to the folder holding your chapters"),
                    );
                }
                (None, Some(span)) => c.error(
                    span.clone(),
                    format!("the content folder {shown} does not exist"),
                    format!("create the folder {shown} for your chapters (or src, where mdBook keeps them), or set `src = \"…\"` under [book] to the folder that holds them"),
                ),
                // No [book] at all: that error says enough.
                (None, None) => {}
            }
        }

        // [build]
        let (build_dir_written, build_dir_position) = match str_value(doc, "build.build-dir") {
            Some((dir, span)) => (dir.to_string(), c.position(span)),
            None if mdbook_layout => ("book".to_string(), None),
            None => ("site".to_string(), None),
        };

        // [output.html]
        let theme_written = str_value(doc, "output.html.theme");
        let theme_dir = root.join(theme_written.as_ref().map_or("theme", |(t, _)| *t));
        if let Some((_, span)) = &theme_written {
            if !is_dir(&theme_dir) {
                c.error(
                    span.clone(),
                    format!("the theme folder {} does not exist", theme_dir.display()),
                    "create the folder, or remove the `theme` key to use the default theme",
                );
            }
        }
        let site_url = str_value(doc, "output.html.site-url").and_then(|(url, span)| {
            if let Err((message, hint)) = check_site_url(url) {
                c.error(span, message, hint);
                return None;
            }
            Some(if url.ends_with('/') {
                url.to_string()
            } else {
                format!("{url}/")
            })
        });
        let default_theme = match str_value(doc, "output.html.default-theme") {
            Some((name, span)) => match theme_mode(name) {
                Ok((mode, None)) => mode,
                Ok((mode, Some(shown_as))) => {
                    c.warning(
                        span,
                        format!("mdBook's `{name}` theme is shown as Lectern's {shown_as} theme"),
                        format!("Lectern has a light and a dark theme, and `auto` to follow the reader's system; write default-theme = \"{shown_as}\" to silence this"),
                    );
                    mode
                }
                Err(()) => {
                    c.error(
                        span,
                        format!("unknown theme `{name}` for `default-theme`"),
                        "use one of: auto, light, dark (mdBook's light, rust, coal, navy and ayu are also read)",
                    );
                    ThemeMode::Auto
                }
            },
            None => ThemeMode::Auto,
        };
        let paths = |key: &str| -> Vec<PathBuf> {
            strs_value(doc, key)
                .into_iter()
                .map(|p| root.join(p))
                .collect()
        };
        let config = Config {
            root: root.to_path_buf(),
            title: title.map(|(t, _)| t.to_string()).unwrap_or_default(),
            authors: strs_value(doc, "book.authors"),
            description: str_value(doc, "book.description")
                .map(|(d, _)| d.to_string())
                .unwrap_or_default(),
            language,
            src_dir,
            build_dir: root.join(&build_dir_written),
            build_dir_written,
            build_dir_position,
            allow_raw_html: bool_value(doc, "build.allow-raw-html").unwrap_or(true),
            site_url,
            default_theme,
            theme_dir: is_dir(&theme_dir).then_some(theme_dir),
            create_missing: bool_value(doc, "build.create-missing").unwrap_or(true),
            extra_watch_dirs: paths("build.extra-watch-dirs"),
            git_repository_url: str_value(doc, "output.html.git-repository-url")
                .map(|(u, _)| u.to_string()),
            edit_url_template: str_value(doc, "output.html.edit-url-template")
                .map(|(u, _)| u.to_string()),
            additional_css: paths("output.html.additional-css"),
            additional_js: paths("output.html.additional-js"),
            preferred_dark_theme: str_value(doc, "output.html.preferred-dark-theme")
                .map(|(t, _)| t.to_string()),
            smart_punctuation: bool_value(doc, "output.html.smart-punctuation").unwrap_or(true),
            no_section_label: bool_value(doc, "output.html.no-section-label").unwrap_or(false),
            search_enabled: bool_value(doc, "output.html.search.enable").unwrap_or(true),
            warnings: Vec::new(),
        };
        (Some(config), c.diags)
    }
}

/// `default-theme`: Lectern's `auto`, `light` and `dark`, and mdBook's theme names, which
/// come with the Lectern theme they are shown as.
fn theme_mode(name: &str) -> Result<(ThemeMode, Option<&'static str>), ()> {
    Ok(match name {
        "auto" => (ThemeMode::Auto, None),
        "light" => (ThemeMode::Light, None),
        "dark" => (ThemeMode::Dark, None),
        "rust" => (ThemeMode::Light, Some("light")),
        "coal" | "navy" | "ayu" => (ThemeMode::Dark, Some("dark")),
        _ => return Err(()),
    })
}

/// `language` goes into every page's `lang` attribute and picks the search's word rules, so
/// it must be a BCP 47 language tag whose parts are registered (`en`, `pt-BR`, `zh-Hant`).
/// On error, the message and the hint.
fn check_language(language: &str) -> Result<(), (String, String)> {
    let problem = match language_tags::LanguageTag::parse(language) {
        Ok(tag) => match tag.validate() {
            Ok(()) => return Ok(()),
            Err(e) => e.to_string(),
        },
        Err(e) => e.to_string(),
    };
    Err((
        format!("`{language}` is not a language tag: {problem}"),
        "write a BCP 47 language tag, such as `en`, `en-GB`, `fr`, `pt-BR` or `zh-Hant`".into(),
    ))
}

/// `site-url` starts every link of the 404 page and the sitemap, so it must be a web address
/// (`https://…` or `http://…` with a host) or a path on the reader's site (`/course/`):
/// anything else (`javascript:…`, `//host`, a relative path) would make those links run code,
/// leave the site or break. On error, the message and the hint.
fn check_site_url(url: &str) -> Result<(), (String, String)> {
    let lower = url.to_ascii_lowercase();
    let host = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let shape_ok = match host {
        Some(rest) => rest.chars().next().is_some_and(|c| c != '/'),
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    let chars_ok = !url.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
    });
    if shape_ok && chars_ok {
        return Ok(());
    }
    Err((
        format!("`{url}` is not a site address: `site-url` is an http:// or https:// address, or a path starting with `/`"),
        "write where the site is published, such as `https://example.com/course/` or `/course/`; every link of the not-found page starts with it".into(),
    ))
}

/// Turns a TOML syntax error into a located diagnostic.
fn toml_diagnostic(text: &str, e: &toml::de::Error) -> Diagnostic {
    let position = e.span().map(|s| Position::of_offset(text, s.start));
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::error(CONFIG_FILE, position, message.clone());
    if message.starts_with("duplicate key") {
        let key = position
            .and_then(|p| text.lines().nth(p.line - 1))
            .and_then(|l| l.split('=').next())
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty() && !k.starts_with('['));
        if let Some(key) = key {
            d.message = format!("`{key}` is set twice");
        }
        d = d.with_hint("remove one of the two lines: a key is set once in each section");
    } else {
        d = d.with_hint("book.toml is TOML: `[section]` headers and `key = value` lines, with text values in double quotes on one line");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        Config::from_str(Path::new("/book"), text)
    }

    /// The first diagnostic of a book.toml that must fail.
    fn error(text: &str) -> Diagnostic {
        let ds = parse(text).expect_err(text);
        assert!(ds.has_errors(), "{ds:?}");
        ds.items.into_iter().find(Diagnostic::is_error).unwrap()
    }

    /// Parses with only the folders in `dirs` (below /book) existing.
    fn parse_with(text: &str, dirs: &[&str]) -> (Option<Config>, Diagnostics) {
        let dirs: Vec<PathBuf> = dirs.iter().map(|d| Path::new("/book").join(d)).collect();
        Config::parse(Path::new("/book"), text, &|p: &Path| {
            dirs.iter().any(|d| d == p)
        })
    }

    #[test]
    fn defaults() {
        let c = parse("[book]\ntitle = \"T\"\n").unwrap();
        assert_eq!(c.src_dir, Path::new("/book/content"));
        assert_eq!(c.build_dir, Path::new("/book/site"));
        assert_eq!(c.language, "en");
        assert_eq!(c.default_theme, ThemeMode::Auto);
        assert!(c.allow_raw_html && c.create_missing && c.smart_punctuation && c.search_enabled);
        assert!(!c.no_section_label);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn site_url_gets_a_trailing_slash() {
        let c = parse("[book]\ntitle = \"T\"\n[output.html]\nsite-url = \"/course\"\n").unwrap();
        assert_eq!(c.site_url.as_deref(), Some("/course/"));
    }

    /// A book.toml that sets every key of [`VOCABULARY`] with a value of its kind.
    fn every_key() -> (String, Vec<(&'static str, usize)>) {
        let mut sections: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
        for &(path, ty, _) in VOCABULARY {
            let value = match ty {
                Section => continue,
                Str if path == "book.language" => "\"en\"",
                Str if path == "output.html.site-url" => "\"/course/\"",
                Str if path == "output.html.default-theme" => "\"dark\"",
                Str => "\"x\"",
                Bool => "true",
                Int => "1",
                Strs => "[\"a\"]",
                Map(Str) => "{ \"k\" = \"v\" }",
                Map(_) => "{ \"k\" = { enable = false } }",
            };
            let (section, key) = path.rsplit_once('.').unwrap();
            match sections.iter_mut().find(|(s, _)| *s == section) {
                Some((_, keys)) => keys.push((key, value)),
                None => sections.push((section, vec![(key, value)])),
            }
        }
        let mut text = String::new();
        let mut lines = Vec::new();
        for (section, keys) in sections {
            text.push_str(&format!("[{section}]\n"));
            for (key, value) in keys {
                text.push_str(&format!("{key} = {value}\n"));
                lines.push((
                    VOCABULARY
                        .iter()
                        .find(|(p, ..)| *p == format!("{section}.{key}"))
                        .unwrap()
                        .0,
                    text.lines().count(),
                ));
            }
        }
        (text, lines)
    }

    #[test]
    fn every_mdbook_key_loads_with_one_located_warning_per_key_not_acted_on() {
        let (text, lines) = every_key();
        let c = parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        for (path, line) in lines {
            let act = VOCABULARY.iter().find(|(p, ..)| *p == path).unwrap().2;
            let here: Vec<&Diagnostic> = c
                .warnings
                .iter()
                .filter(|d| d.position.map(|p| p.line) == Some(line))
                .collect();
            match act {
                Used => assert!(here.is_empty(), "{path}: {here:?}"),
                Read(instead) | Ignored(instead) => {
                    assert_eq!(here.len(), 1, "{path}: {here:?}");
                    let d = here[0];
                    assert_eq!(d.position.unwrap().column, 1, "{path}");
                    let key = path.rsplit_once('.').unwrap().1;
                    assert!(
                        d.message.contains(key) && d.message.ends_with(instead),
                        "{path}: {}",
                        d.message
                    );
                    if matches!(act, Read(_)) {
                        assert!(
                            d.message.contains("is read but not yet used"),
                            "{}",
                            d.message
                        );
                    }
                    assert!(d.hint.is_some());
                }
            }
        }
    }

    #[test]
    fn the_settings_read_for_later_stages_are_typed() {
        let c = parse(
            "[book]\ntitle = \"T\"\n[build]\ncreate-missing = false\nextra-watch-dirs = [\"listings\"]\n\
             [output.html]\ngit-repository-url = \"https://example.org/r\"\n\
             edit-url-template = \"https://example.org/r/edit/{path}\"\n\
             additional-css = [\"a.css\"]\nadditional-js = [\"b.js\"]\npreferred-dark-theme = \"ayu\"\n\
             smart-punctuation = false\nno-section-label = true\n[output.html.search]\nenable = false\n",
        )
        .unwrap();
        assert!(
            !c.create_missing && !c.smart_punctuation && !c.search_enabled && c.no_section_label
        );
        assert_eq!(c.extra_watch_dirs, [Path::new("/book/listings")]);
        assert_eq!(
            c.git_repository_url.as_deref(),
            Some("https://example.org/r")
        );
        assert_eq!(
            c.edit_url_template.as_deref(),
            Some("https://example.org/r/edit/{path}")
        );
        assert_eq!(c.additional_css, [Path::new("/book/a.css")]);
        assert_eq!(c.additional_js, [Path::new("/book/b.js")]);
        assert_eq!(c.preferred_dark_theme.as_deref(), Some("ayu"));
        assert_eq!(c.warnings.len(), 10, "{:?}", c.warnings);
    }

    #[test]
    fn plugin_tables_are_one_warning_each_whatever_they_hold() {
        let c = parse(
            "[book]\ntitle = \"T\"\n[preprocessor.links]\n[preprocessor.mermaid]\ncommand = \"m\"\n\
             before = [\"links\"]\n[output.html]\n[output.linkcheck]\nfollow-web-links = true\n",
        )
        .unwrap();
        let found: Vec<(usize, usize)> = c
            .warnings
            .iter()
            .map(|d| (d.position.unwrap().line, d.position.unwrap().column))
            .collect();
        assert_eq!(found, [(3, 15), (4, 15), (8, 9)], "{:?}", c.warnings);
        assert!(c.warnings[1].message.contains("mdbook-mermaid"));
        assert!(c.warnings[2].message.contains("will be missing"));
    }

    #[test]
    fn every_problem_of_the_file_is_reported_in_one_run() {
        let ds = parse(
            "[book]\ntitle = \"T\"\nlanguage = \"English\"\nauthors = [\"A\", 3]\n\
             [build]\ncreate_missing = false\nallow-raw-html = \"no\"\n\
             [output.html]\nsite-url = \"javascript:x\"\ndefault-theme = \"dusk\"\nmathjax-support = true\n",
        )
        .unwrap_err();
        let found: Vec<(crate::diag::Severity, usize)> = ds
            .items
            .iter()
            .map(|d| (d.severity, d.position.unwrap().line))
            .collect();
        use crate::diag::Severity::{Error, Warning};
        assert_eq!(
            found,
            [
                (Error, 3),
                (Error, 4),
                (Error, 6),
                (Error, 7),
                (Error, 9),
                (Error, 10),
                (Warning, 11)
            ],
            "{ds:?}"
        );
        assert_eq!(
            ds.items[2].hint.as_deref(),
            Some("did you mean `create-missing`?")
        );
        assert_eq!(ds.items[1].position, Some(Position::new(4, 17)));
    }

    #[test]
    fn unknown_keys_suggest_mdbooks_and_lecterns_keys() {
        let e = error("[book]\ntitle = \"T\"\n[build]\nbuild_dir = \"out\"\n");
        assert_eq!(e.position, Some(Position::new(4, 1)));
        assert_eq!(e.message, "unknown key `build_dir` in [build]");
        assert_eq!(e.hint.as_deref(), Some("did you mean `build-dir`?"));
        let e = error("[book]\ntitle = \"T\"\n[output.html]\nmathjax_support = true\n");
        assert_eq!(e.hint.as_deref(), Some("did you mean `mathjax-support`?"));
        let e = error("[book]\ntitle = \"T\"\n[build]\nallow-raw-htm = true\n");
        assert_eq!(e.hint.as_deref(), Some("did you mean `allow-raw-html`?"));
        let e = error("[book]\ntitle = \"T\"\nsite-url = \"/\"\n");
        assert_eq!(
            e.hint.as_deref(),
            Some("`site-url` belongs in the [output.html] section; move the line there")
        );
        let e = error("[book]\ntitle = \"T\"\n[outptu.html]\n");
        assert_eq!(e.hint.as_deref(), Some("did you mean `[output]`?"));
        let e = error("[book]\ntitle = \"T\"\n[output.html.fold]\nopen = true\n");
        assert_eq!(e.message, "unknown key `open` in [output.html.fold]");
        assert_eq!(
            e.hint.as_deref(),
            Some("remove the key; allowed here: enable, level")
        );
    }

    #[test]
    fn wrong_types_are_located_at_the_value() {
        let e = error("[book]\ntitle = 3\n");
        assert_eq!(e.position, Some(Position::new(2, 9)));
        assert!(e.message.contains("a string"), "{}", e.message);
        let e = error("[book]\ntitle = \"T\"\n[output.html.redirect]\n\"/a.html\" = 3\n");
        assert_eq!(e.position, Some(Position::new(4, 13)));
        let e = error("[book]\ntitle = \"T\"\n[output.html]\nfold = true\n");
        assert!(e.hint.unwrap().contains("[output.html.fold]"));
        let e = error("[book]\ntitle = \"T\"\npreprocessor = 1\n");
        assert_eq!(e.position.map(|p| p.line), Some(3));
    }

    #[test]
    fn missing_title_says_what_to_add() {
        let e = error("[book]\nauthors = []\n");
        assert_eq!(e.message, "[book] has no title");
        assert_eq!(e.position, Some(Position::new(1, 1)));
        assert!(e.hint.unwrap().contains("title ="));
    }

    #[test]
    fn a_src_folder_is_the_book_when_there_is_no_content_folder() {
        let text = "[book]\ntitle = \"T\"\n";
        let (c, ds) = parse_with(text, &["src"]);
        let c = c.unwrap();
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(c.src_dir, Path::new("/book/src"));
        assert_eq!(c.build_dir, Path::new("/book/book"));
        assert_eq!(c.build_dir_written, "book");
        // content/ wins; an explicit build-dir wins.
        let c = parse_with(text, &["src", "content"]).0.unwrap();
        assert_eq!(
            (c.src_dir, c.build_dir),
            ("/book/content".into(), "/book/site".into())
        );
        let c = parse_with(
            "[book]\ntitle = \"T\"\n[build]\nbuild-dir = \"out\"\n",
            &["src"],
        )
        .0
        .unwrap();
        assert_eq!(
            (c.src_dir, c.build_dir),
            ("/book/src".into(), "/book/out".into())
        );
        // Neither: the error names content/ and mdBook's src/.
        let (_, ds) = parse_with(text, &[]);
        let e = &ds.items[0];
        assert_eq!(e.message, "the content folder content does not exist");
        assert_eq!(e.position, Some(Position::new(1, 1)));
        assert!(e.hint.as_deref().unwrap().contains("src"));
    }

    #[test]
    fn mdbook_theme_names_are_read_as_light_or_dark() {
        for (name, mode) in [
            ("navy", ThemeMode::Dark),
            ("ayu", ThemeMode::Dark),
            ("coal", ThemeMode::Dark),
            ("rust", ThemeMode::Light),
        ] {
            let c = parse(&format!(
                "[book]\ntitle = \"T\"\n[output.html]\ndefault-theme = \"{name}\"\n"
            ))
            .unwrap();
            assert_eq!(c.default_theme, mode);
            assert_eq!(c.warnings.len(), 1, "{name}");
            assert_eq!(c.warnings[0].position, Some(Position::new(4, 17)));
        }
        let e = error("[book]\ntitle = \"T\"\n[output.html]\ndefault-theme = \"dusk\"\n");
        assert_eq!(e.position, Some(Position::new(4, 17)));
    }

    #[test]
    fn site_url_is_a_web_address_or_a_path() {
        for good in [
            "https://example.com/course",
            "http://localhost:8000/",
            "/",
            "/course/",
        ] {
            let text = format!("[book]\ntitle = \"T\"\n[output.html]\nsite-url = \"{good}\"\n");
            assert!(parse(&text).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "//evil.example/",
            "course/",
            "https://",
            "",
            "/a b",
            "data:text/html,x",
            "JAVASCRIPT:x",
        ] {
            let text = format!("[book]\ntitle = \"T\"\n[output.html]\nsite-url = \"{bad}\"\n");
            let e = error(&text);
            assert_eq!(e.position, Some(Position::new(4, 12)), "{bad}");
        }
    }

    #[test]
    fn language_is_a_bcp47_tag() {
        for good in ["en", "en-GB", "pt-BR", "zh-Hant", "de-CH-1996"] {
            let text = format!("[book]\ntitle = \"T\"\nlanguage = \"{good}\"\n");
            assert!(parse(&text).is_ok(), "{good}");
        }
        for bad in ["English", "en_US", "", "xx-YYY-zzzzzzzzz", "<script>"] {
            let text = format!("[book]\ntitle = \"T\"\nlanguage = \"{bad}\"\n");
            let e = error(&text);
            assert_eq!(e.position, Some(Position::new(3, 12)), "{bad}");
        }
    }
}
