//! `book.toml`: the book's settings, in mdBook's vocabulary, so that an mdBook book loads as it
//! is and an mdBook author finds their way.
//!
//! Every key mdBook 0.5 documents is known (`vocabulary::VOCABULARY`), with what Lectern does with
//! it: acts on it, reads it into [`Config`] for a later stage that does not use it yet, or does
//! not act on it. Each key of the last two kinds is one located warning that says what happens
//! instead, so nothing is silently ignored; a key in no vocabulary is an error with a "did you
//! mean". `[preprocessor.*]` and other `[output.*]` tables are one warning each.
//!
//! The file is checked as a whole: every unknown key, wrong type and bad value is reported in
//! the same run.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::de::DeTable;

use crate::diag::{Diagnostic, Diagnostics, LineIndex, Position};

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
    /// `[book] text-direction` (mdBook's key): `"ltr"` or `"rtl"` when book.toml sets it;
    /// otherwise the theme takes the direction from `language`.
    pub text_direction: Option<&'static str>,
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
    /// SUMMARY.md lists and that does not exist (after a build without errors).
    pub create_missing: bool,
    /// `[build] extra-watch-dirs`, absolute: more folders for `serve` to watch.
    pub extra_watch_dirs: Vec<PathBuf>,
    /// `[output.html] git-repository-url`: the book's repository, for a link on every page.
    /// Not used yet.
    pub git_repository_url: Option<String>,
    /// `[output.html] edit-url-template`: an "edit this page" address, `{path}` standing for
    /// the chapter's path below the book's root. Not used yet.
    pub edit_url_template: Option<String>,
    /// `[output.html] additional-css`: stylesheets copied into the site and linked after
    /// the theme's on every page.
    pub additional_css: Vec<AdditionalFile>,
    /// `[output.html] additional-js`: scripts copied into the site and loaded after the
    /// theme's on every page.
    pub additional_js: Vec<AdditionalFile>,
    /// `[output.html] preferred-dark-theme`, as written (mdBook's `navy`, `coal`, `ayu`).
    /// Lectern has one dark theme, so only the warning about it uses this.
    pub preferred_dark_theme: Option<String>,
    /// `[output.html] smart-punctuation` (mdBook 0.5's default: true): curly quotes and
    /// dashes. Not used yet.
    pub smart_punctuation: bool,
    /// `[output.html] math` (Lectern's key): `$…$` and `$$…$$` are formulas, typeset at build
    /// time. On by default, except in a book laid out as mdBook's (`src/`, preprocessors),
    /// where mdBook shows a `$` as written.
    pub math: bool,
    /// `[output.html] mathjax-support` (mdBook's key, default false): mdBook's `\\( … \\)` and
    /// `\\[ … \\]` are formulas, typeset at build time instead of by MathJax.
    pub mathjax_support: bool,
    /// `[output.html.code.hidelines]`: per language, the prefix that marks a hidden line.
    pub hidelines: std::collections::BTreeMap<String, String>,
    /// `[output.html] no-section-label`: no chapter numbers anywhere in the site.
    pub no_section_label: bool,
    /// `[output.html.search] enable` (default true): with `false`, no search index and no
    /// search button.
    pub search_enabled: bool,
    /// `[output.html.search] limit-results`: how many results the search dialog lists
    /// (`None`: the theme's own number).
    pub search_limit: Option<u32>,
    /// `[output.html.redirect]`: pages that send readers from an old address to a new one.
    pub redirects: Vec<Redirect>,
    /// `[output.html.print] enable` (mdBook's default: true): a `print.html` page holding
    /// the whole book.
    pub print_enabled: bool,
    /// `[output.html.print] page-break` (default true): each chapter of the print page
    /// starts a new printed page.
    pub print_page_break: bool,
    /// `[output.html.fold] enable` and `level`: the sidebar's chapter lists fold below
    /// this depth (`None`: never folded).
    pub fold_level: Option<u32>,
    /// `[strings]`: the book's own wording for interface strings, by catalogue key.
    pub strings: BTreeMap<String, crate::strings::Entry>,
    /// `[languages.<tag>]`: the book's translations, by tag (empty for a book in one
    /// language).
    pub languages: Vec<Translation>,
    /// Set on the settings of one translation ([`Config::for_language`]): where the book's
    /// own chapters are, for the chapters the translation lacks.
    pub translation: Option<TranslationOf>,
    /// Every language of a multilingual book, for the language switcher of each page (the
    /// current one marked); empty for a book in one language.
    pub switcher: Vec<LanguageLink>,
    /// The warnings about book.toml (keys read but not acted on, and the like), reported with
    /// the build's.
    pub warnings: Vec<Diagnostic>,
}

/// A file of the book that book.toml asks to be copied into the site and linked from every
/// page (`additional-css`, `additional-js`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdditionalFile {
    /// The file, absolute.
    pub source: PathBuf,
    /// Where it goes in the site, `/`-separated below its root: the path book.toml gives,
    /// relative to the book's folder, as mdBook places it.
    pub site_path: String,
    /// Where book.toml names it.
    pub position: Option<Position>,
}

/// One `[languages.<tag>]` table: a translation of the book.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translation {
    /// The BCP 47 tag, which is also the sub-folder of the site the translation goes to.
    pub tag: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The translation's content folder, absolute (`src`, by default `translations/<tag>`).
    pub src_dir: PathBuf,
    /// Its interface-string overrides (`[languages.<tag>.strings]`).
    pub strings: BTreeMap<String, crate::strings::Entry>,
    /// Where the table starts in book.toml, for diagnostics about the translation as a whole.
    pub position: Option<Position>,
}

/// What the settings of a translation know of the book they translate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslationOf {
    /// The book's own content folder, absolute: chapters and files the translation lacks
    /// are taken from it.
    pub source_src: PathBuf,
    pub source_language: String,
    /// Its index in [`Config::languages`] of the book.
    pub index: usize,
}

/// One language of the switcher, as seen from the page of one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageLink {
    pub tag: String,
    /// The language's own name (`Français`), or its tag when Lectern has no catalogue for it.
    pub name: String,
    /// From the current language's site root to this language's: `""`, `"fr/"`, `"../"` or
    /// `"../de/"`; a page's link is its root, this and the page's path.
    pub prefix: String,
    pub current: bool,
}

/// One `[output.html.redirect]` entry: `"/old/page.html" = "new/page.html"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// The page to write, `/`-separated below the site's root (the key without its `/`).
    pub from: String,
    /// `"/old.html#part" = …` (mdBook 0.5): only readers arriving at this fragment of the
    /// old page go to this entry's target.
    pub fragment: Option<String>,
    /// Where it sends readers: a URL relative to `from`'s folder, or an absolute URL.
    pub to: String,
    /// Where the key is in book.toml.
    pub position: Option<Position>,
}

mod vocabulary;
use vocabulary::{bool_value, int_value, lookup, str_value, strs_value, Checker, VOCABULARY};

/// The settings if the file had no errors (its warnings kept with them), or every diagnostic.
fn settle(config: Option<Config>, mut diags: Diagnostics) -> Result<Config, Diagnostics> {
    diags.sort();
    match config {
        Some(mut config) if !diags.has_errors() => {
            config.warnings = diags.items;
            Ok(config)
        }
        _ => Err(diags),
    }
}

impl Config {
    /// Reads `<root>/book.toml`. On errors, every diagnostic of the file (warnings too).
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let (config, diags) = Config::read(root);
        settle(config, diags)
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
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    && root.join("src").join("SUMMARY.md").is_file() =>
            {
                // mdBook builds such a folder with its defaults, and so does Lectern.
                let (config, mut diags) =
                    Config::parse(root, "", &|p: &Path| p.is_dir(), &|p: &Path| p.is_file());
                diags
                    .items
                    .retain(|d| !d.message.starts_with("book.toml has no [book] section"));
                let title = config.as_ref().map_or("", |c| c.title.as_str());
                diags.push(
                    Diagnostic::warning(
                        CONFIG_FILE,
                        None,
                        format!("there is no book.toml: building src/ as an mdBook book with mdBook's defaults, titled `{title}` after its folder, into book/"),
                    )
                    .with_hint("create book.toml with a [book] section and a title to name the book and silence this warning"),
                );
                return (config, diags);
            }
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
        Config::parse(root, &text, &|p: &Path| p.is_dir(), &|p: &Path| p.is_file())
    }

    /// Parses the text of book.toml; `root` is the folder it lives in. Folders are taken to
    /// exist (see [`Config::load`] for the checks against the disk).
    pub fn from_str(root: &Path, text: &str) -> Result<Config, Diagnostics> {
        let (config, diags) = Config::parse(root, text, &|_: &Path| true, &|_: &Path| true);
        settle(config, diags)
    }

    /// Parses book.toml's text, asking `is_dir` which folders exist and `is_file` which
    /// files.
    fn parse(
        root: &Path,
        text: &str,
        is_dir: &dyn Fn(&Path) -> bool,
        is_file: &dyn Fn(&Path) -> bool,
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
        // mdBook books may have no title (mdBook's own test books have none, or no [book]
        // at all); the site is then named after the book's folder, with a word.
        let folder_title = || {
            std::path::absolute(root)
                .ok()
                .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "Book".to_string())
        };
        match (&book_span, &title) {
            (None, _) => {
                let misplaced = doc.iter().any(|(k, _)| {
                    VOCABULARY
                        .iter()
                        .any(|(p, ..)| p.strip_prefix("book.") == Some(k.get_ref()))
                });
                if !misplaced {
                    c.warning(
                        0..0,
                        format!("book.toml has no [book] section, so the book has no title; the site is titled `{}` after its folder", folder_title()),
                        "start the file with a [book] section: `[book]` and, below it, `title = \"My course\"`",
                    );
                }
            }
            (Some(span), None) if lookup(doc, "book.title").is_none() => c.warning(
                span.clone(),
                format!(
                    "[book] has no title; the site is titled `{}` after the book's folder",
                    folder_title()
                ),
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
        let mut language_span = None;
        let language = match str_value(doc, "book.language") {
            Some((language, span)) => {
                match check_language(language) {
                    Err(d) => c.error(span, d.0, d.1),
                    Ok(()) => language_span = Some(span),
                }
                language.to_string()
            }
            None => "en".to_string(),
        };
        let text_direction = match str_value(doc, "book.text-direction") {
            Some(("ltr", _)) => Some("ltr"),
            Some(("rtl", _)) => Some("rtl"),
            Some((other, span)) => {
                c.error(
                    span,
                    format!("unknown text direction `{other}` for `text-direction`"),
                    "write text-direction = \"rtl\" or \"ltr\", or leave it out to take the direction from `language`",
                );
                None
            }
            None => None,
        };

        // Where the chapters are: `src`, else content/, else mdBook's src/.
        let src_written = str_value(doc, "book.src");
        let mut mdbook_layout = false;
        let src_dir = match &src_written {
            Some((src, _)) => {
                // `src = "src"` is mdBook's default written out, and `[preprocessor.*]` or
                // `[rust]` exist only in mdBook books: such a book builds into book/ as mdBook's.
                mdbook_layout = matches!(src.trim_end_matches('/'), "src" | "./src")
                    || doc.get("preprocessor").is_some()
                    || doc.get("rust").is_some();
                root.join(src)
            }
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
        let additional_css = additional_files(&mut c, doc, root, "css", is_file);
        let additional_js = additional_files(&mut c, doc, root, "js", is_file);
        let redirects = redirects(&mut c, doc);
        let strings = strings_table(&mut c, lookup(doc, "strings"), "strings");
        let languages = languages_table(&mut c, doc, root, &language, &src_dir, is_dir);
        if let Some(span) = language_span {
            let english = crate::strings::untranslated(&language, &strings);
            if english > 0 {
                c.warning(
                    span,
                    format!("Lectern has no interface strings in `{language}`: {english} of {} strings on the pages (buttons, section titles, feedback) are in English", crate::strings::english().len()),
                    "translate them under [strings] in book.toml (docs/strings.md lists every key), or choose a language Lectern ships: en, fr, de, es, ja, zh-Hans, ar",
                );
            }
        }
        let fold_level = match (
            bool_value(doc, "output.html.fold.enable").unwrap_or(false),
            int_value(doc, "output.html.fold.level").map(|(n, _)| n),
        ) {
            (false, _) => None,
            // mdBook's default level is 0: every nested list folded.
            (true, level) => Some(level.map_or(0, |l| l.clamp(0, 16) as u32)),
        };
        let search_limit = int_value(doc, "output.html.search.limit-results").and_then(|(n, span)| match u32::try_from(n) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    c.error(
                        span,
                        format!("`[output.html.search] limit-results` must be a positive whole number, not {n}"),
                        "write how many results the search lists, such as limit-results = 30",
                    );
                    None
                }
            });
        let paths = |key: &str| -> Vec<PathBuf> {
            strs_value(doc, key)
                .into_iter()
                .map(|p| root.join(p))
                .collect()
        };
        let config = Config {
            root: root.to_path_buf(),
            title: title.map_or_else(folder_title, |(t, _)| t.to_string()),
            authors: strs_value(doc, "book.authors"),
            description: str_value(doc, "book.description")
                .map(|(d, _)| d.to_string())
                .unwrap_or_default(),
            language,
            text_direction,
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
            additional_css,
            additional_js,
            preferred_dark_theme: str_value(doc, "output.html.preferred-dark-theme")
                .map(|(t, _)| t.to_string()),
            smart_punctuation: bool_value(doc, "output.html.smart-punctuation").unwrap_or(true),
            math: bool_value(doc, "output.html.math").unwrap_or(!mdbook_layout),
            mathjax_support: bool_value(doc, "output.html.mathjax-support").unwrap_or(false),
            hidelines: match lookup(doc, "output.html.code.hidelines").map(|v| v.get_ref()) {
                Some(toml::de::DeValue::Table(t)) => t
                    .iter()
                    .filter_map(|(k, v)| match v.get_ref() {
                        toml::de::DeValue::String(p) => {
                            Some((k.get_ref().to_ascii_lowercase(), p.to_string()))
                        }
                        _ => None,
                    })
                    .collect(),
                _ => Default::default(),
            },
            no_section_label: bool_value(doc, "output.html.no-section-label").unwrap_or(false),
            search_enabled: bool_value(doc, "output.html.search.enable").unwrap_or(true),
            search_limit,
            redirects,
            print_enabled: bool_value(doc, "output.html.print.enable").unwrap_or(true),
            print_page_break: bool_value(doc, "output.html.print.page-break").unwrap_or(true),
            fold_level,
            strings,
            languages,
            translation: None,
            switcher: Vec::new(),
            warnings: Vec::new(),
        };
        let mut config = config;
        config.switcher = config.switcher_for(None);
        (Some(config), c.diags)
    }
}

/// `[strings]`: overrides of interface strings, as dotted keys (`"card.red_flag" = "…"`) or
/// nested tables (`[strings.card] red_flag = "…"`); an entry with plural forms takes a string
/// (every form) or a table of forms. Unknown keys and placeholders are errors at the key.
fn strings_table(
    c: &mut Checker,
    value: Option<&toml::Spanned<toml::de::DeValue>>,
    table: &str,
) -> BTreeMap<String, crate::strings::Entry> {
    use crate::strings::{check_override, is_key, Entry, CATEGORIES};
    use toml::de::DeValue;
    fn walk(c: &mut Checker, prefix: &str, table: &DeTable, out: &mut BTreeMap<String, Entry>) {
        for (k, v) in table.iter() {
            let key = if prefix.is_empty() {
                k.get_ref().to_string()
            } else {
                format!("{prefix}.{}", k.get_ref())
            };
            let entry = match v.get_ref() {
                DeValue::String(s) => Entry::Text(s.to_string()),
                // A table is either forms of a plural entry or a group of keys.
                DeValue::Table(t) if is_key(&key) => {
                    let mut forms = BTreeMap::new();
                    for (fk, fv) in t.iter() {
                        match (CATEGORIES.contains(&fk.get_ref().as_ref()), fv.get_ref()) {
                            (true, DeValue::String(s)) => {
                                forms.insert(fk.get_ref().to_string(), s.to_string());
                            }
                            (true, _) => c.error(
                                fv.span(),
                                format!("the `{}` form of string `{key}` must be a string", fk.get_ref()),
                                "write the form in double quotes",
                            ),
                            (false, _) => c.error(
                                fk.span(),
                                format!("`{}` is not a plural form of string `{key}`", fk.get_ref()),
                                "the forms are zero, one, two, few, many and other (CLDR's categories); write a plain string to use one text for every number",
                            ),
                        }
                    }
                    Entry::Plural(forms)
                }
                DeValue::Table(t) => {
                    walk(c, &key, t, out);
                    continue;
                }
                _ => {
                    c.error(
                        v.span(),
                        format!("string `{key}` must be text"),
                        "write it in double quotes: key = \"…\"",
                    );
                    continue;
                }
            };
            match check_override(&key, &entry) {
                Ok(()) => {
                    out.insert(key, entry);
                }
                Err((message, hint)) => c.error(k.span(), message, hint),
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Some(v) = value {
        match v.get_ref() {
            DeValue::Table(t) => walk(c, "", t, &mut out),
            _ => c.error(
                v.span(),
                format!("`{table}` must be a table of interface strings"),
                format!(
                    "write it as a table: [{table}] with lines like `card.red_flag = \"The trap\"`"
                ),
            ),
        }
    }
    out
}

/// `[languages.<tag>]`: the book's translations. Each key is a BCP 47 tag other than the
/// book's own language; its table's keys are checked by the vocabulary's
/// `Checker::language_entry` (unknown ones are errors there).
fn languages_table(
    c: &mut Checker,
    doc: &DeTable,
    root: &Path,
    book_language: &str,
    src_dir: &Path,
    is_dir: &dyn Fn(&Path) -> bool,
) -> Vec<Translation> {
    use toml::de::DeValue;
    let Some(DeValue::Table(table)) = lookup(doc, "languages").map(|v| v.get_ref()) else {
        return Vec::new();
    };
    let mut out: Vec<Translation> = Vec::new();
    for (key, value) in table.iter() {
        let tag: &str = key.get_ref();
        if let Err((message, hint)) = check_language(tag) {
            c.error(key.span(), format!("[languages.{tag}]: {message}"), &hint);
            continue;
        }
        if tag.eq_ignore_ascii_case(book_language) {
            c.error(
                key.span(),
                format!("[languages.{tag}] is the book's own language (`[book] language = \"{book_language}\"`)"),
                "the book's own chapters are that language's; list only its translations under [languages]",
            );
            continue;
        }
        if out.iter().any(|t| t.tag.eq_ignore_ascii_case(tag)) {
            c.error(
                key.span(),
                format!("[languages.{tag}] names a language already listed"),
                "list each translation once",
            );
            continue;
        }
        let DeValue::Table(t) = value.get_ref() else {
            continue; // (reported by the vocabulary check)
        };
        let text = |name: &str| {
            t.get(name)
                .and_then(|v| v.get_ref().as_str())
                .map(str::to_string)
        };
        let src_written = text("src").unwrap_or_else(|| format!("translations/{tag}"));
        let dir = root.join(&src_written);
        let src_span = t
            .iter()
            .find(|(k, _)| k.get_ref() == "src")
            .map_or(key.span(), |(_, v)| v.span());
        let inside = |a: &Path, b: &Path| {
            std::path::absolute(a)
                .unwrap_or_else(|_| a.to_path_buf())
                .starts_with(std::path::absolute(b).unwrap_or_else(|_| b.to_path_buf()))
        };
        if !is_dir(&dir) {
            c.error(
                src_span,
                format!("the translation folder {src_written} of [languages.{tag}] does not exist"),
                format!("create {src_written} and write the translated chapters there at the same paths as in the content folder, or set `src` under [languages.{tag}] to the folder that holds them"),
            );
        } else if inside(&dir, src_dir) || inside(src_dir, &dir) {
            c.error(
                src_span,
                format!("the translation folder {src_written} of [languages.{tag}] overlaps the content folder"),
                format!("keep translations beside the content folder, not in it, such as src = \"translations/{tag}\""),
            );
        }
        let strings = strings_table(c, t.get("strings"), &format!("languages.{tag}.strings"));
        let english = crate::strings::untranslated(tag, &strings);
        if english > 0 {
            c.warning(
                key.span(),
                format!("Lectern has no interface strings in `{tag}`: on the {tag} pages, {english} of {} strings (buttons, section titles, feedback) are in English", crate::strings::english().len()),
                format!("translate them under [languages.{tag}.strings] in book.toml (docs/strings.md lists every key)"),
            );
        }
        out.push(Translation {
            tag: tag.to_string(),
            title: text("title"),
            description: text("description"),
            src_dir: dir,
            strings,
            position: c.position(key.span()),
        });
    }
    out
}

impl Config {
    /// The settings of translation `index` of [`Config::languages`]: its language, title,
    /// description, content folder (the book's own chapters standing in for those it lacks)
    /// and interface strings; its site goes to `<build-dir>/<tag>/`.
    pub fn for_language(&self, index: usize) -> Config {
        let t = &self.languages[index];
        let mut c = self.clone();
        c.language = t.tag.clone();
        c.text_direction = None;
        if let Some(title) = &t.title {
            c.title = title.clone();
        }
        if let Some(description) = &t.description {
            c.description = description.clone();
        }
        c.src_dir = t.src_dir.clone();
        c.strings = t.strings.clone();
        c.build_dir = self.build_dir.join(&t.tag);
        c.site_url = self.site_url.as_ref().map(|u| format!("{u}{}/", t.tag));
        // Old addresses are sent on by the book's own site; book.toml's warnings are said once.
        c.redirects = Vec::new();
        c.warnings = Vec::new();
        c.translation = Some(TranslationOf {
            source_src: self.src_dir.clone(),
            source_language: self.language.clone(),
            index,
        });
        c.switcher = self.switcher_for(Some(index));
        c
    }

    /// The language switcher as seen from the book's own language (`None`) or a translation.
    fn switcher_for(&self, current: Option<usize>) -> Vec<LanguageLink> {
        if self.languages.is_empty() {
            return Vec::new();
        }
        let up = if current.is_some() { "../" } else { "" };
        let name =
            |tag: &str| crate::strings::language_name(tag).unwrap_or_else(|| tag.to_string());
        let mut links = vec![LanguageLink {
            tag: self.language.clone(),
            name: name(&self.language),
            prefix: up.to_string(),
            current: current.is_none(),
        }];
        for (i, t) in self.languages.iter().enumerate() {
            let prefix = if current == Some(i) {
                String::new()
            } else {
                format!("{up}{}/", t.tag)
            };
            links.push(LanguageLink {
                tag: t.tag.clone(),
                name: name(&t.tag),
                prefix,
                current: current == Some(i),
            });
        }
        links
    }
}

/// `[output.html] additional-<kind>`: each listed file, which must be a file inside the
/// book's folder (it keeps its path there in the site, as mdBook places it). Every problem is
/// an error at the string that names the file.
fn additional_files(
    c: &mut Checker,
    doc: &DeTable,
    root: &Path,
    kind: &str,
    is_file: &dyn Fn(&Path) -> bool,
) -> Vec<AdditionalFile> {
    let key = format!("output.html.additional-{kind}");
    let Some(items) = lookup(doc, &key).and_then(|v| v.get_ref().as_array()) else {
        return Vec::new();
    };
    let what = if kind == "css" {
        "stylesheet"
    } else {
        "script"
    };
    let mut files = Vec::new();
    for item in items.iter() {
        let Some(written) = item.get_ref().as_str() else {
            continue; // (reported by the vocabulary check)
        };
        let mut parts = Vec::new();
        let mut leaves = Path::new(written).is_absolute() || written.starts_with('/');
        for part in written.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." => leaves = true,
                p => parts.push(p),
            }
        }
        if leaves || parts.is_empty() {
            c.error(
                item.span(),
                format!("`additional-{kind}` lists `{written}`, which is not a file inside the book's folder"),
                format!("give the {what}'s path relative to the folder holding book.toml, such as \"theme/custom.{kind}\", and move the file there if it is elsewhere: it is copied to the same path in the site"),
            );
            continue;
        }
        let source = parts
            .iter()
            .fold(root.to_path_buf(), |p, part| p.join(part));
        if !is_file(&source) {
            c.error(
                item.span(),
                format!("the {what} `{written}` listed in `additional-{kind}` does not exist"),
                format!("create {}, or correct the path (relative to the folder holding book.toml) or remove it from the list", parts.join("/")),
            );
            continue;
        }
        files.push(AdditionalFile {
            source,
            site_path: parts.join("/"),
            position: c.position(item.span()),
        });
    }
    files
}

/// `[output.html.redirect]`: each key is a page to write, each value where it sends readers.
fn redirects(c: &mut Checker, doc: &DeTable) -> Vec<Redirect> {
    let Some(table) = lookup(doc, "output.html.redirect").and_then(|v| v.get_ref().as_table())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        let written: &str = key.get_ref();
        let Some(to) = value.get_ref().as_str() else {
            continue; // (reported by the vocabulary check)
        };
        let (path, fragment) = match written.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (written, None),
        };
        let parts: Vec<&str> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        if parts.is_empty()
            || parts.contains(&"..")
            || path.ends_with('/')
            || path.contains(['?', '\\'])
        {
            c.error(
                key.span(),
                format!("the redirect `{written}` does not name a page of the site"),
                "write the old page's path in the built site, such as \"/old/page.html\" = \"../new/page.html\"",
            );
            continue;
        }
        if to.trim().is_empty() {
            c.error(
                value.span(),
                format!("the redirect `{written}` leads nowhere"),
                "write where it sends readers: a path relative to the old page's folder (\"new.html\", \"../x.html#part\") or a full address",
            );
            continue;
        }
        out.push(Redirect {
            from: parts.join("/"),
            fragment,
            to: to.trim().to_string(),
            position: c.position(key.span()),
        });
    }
    out
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
    // toml's errors carry no kind: its message says which this is, and the snapshot
    // book-toml-duplicate-key fails if an upgrade words it otherwise.
    if message.starts_with("duplicate key") {
        match e.span().and_then(|span| duplicated(text, span)) {
            Some(Duplicate::Key(key)) => {
                d.message = format!("`{key}` is set twice");
                d = d.with_hint("remove one of the two lines: a key is set once in each section");
            }
            Some(Duplicate::Table(path)) => {
                d.message = format!("the section `[{path}]` appears twice");
                d = d.with_hint(format!(
                    "merge the two `[{path}]` sections into one: a section appears once in book.toml"
                ));
            }
            None => {
                d = d.with_hint("remove one of the two lines: a key is set once in each section")
            }
        }
    } else {
        d = d.with_hint("book.toml is TOML: `[section]` headers and `key = value` lines, with text values in double quotes on one line");
    }
    d
}

/// What a "duplicate key" error at `span` repeats.
#[derive(Debug, PartialEq, Eq)]
enum Duplicate {
    /// A key, as written on its line: `title`, `fold.enable`, `html.fold` inside
    /// `html = { fold = … }`.
    Key(String),
    /// A `[section]` header: its whole dotted path.
    Table(String),
}

/// Names the key repeated at `span` from the parser's own reading of the file: the document
/// as far as it can be read holds the first of the two keys (a repeated section, the second
/// header), the nearest same-named key up to `span`, with its parents; the parents on the
/// same line belong to the key as written.
fn duplicated(text: &str, span: std::ops::Range<usize>) -> Option<Duplicate> {
    type Key<'i> = toml::Spanned<toml::de::DeString<'i>>;
    type Value<'i> = toml::Spanned<toml::de::DeValue<'i>>;
    /// The nearest key named `name` at or before `before` below `table`, with the path to it.
    fn nearest<'t, 'i>(
        table: &'t DeTable<'i>,
        name: &str,
        before: usize,
        path: &mut Vec<&'t Key<'i>>,
        best: &mut Option<(Vec<&'t Key<'i>>, &'t Value<'i>)>,
    ) {
        for (k, v) in table.iter() {
            path.push(k);
            let start = k.span().start;
            if k.get_ref().as_ref() == name
                && start <= before
                && best
                    .as_ref()
                    .is_none_or(|(p, _)| p.last().is_some_and(|b| b.span().start < start))
            {
                *best = Some((path.clone(), v));
            }
            if let toml::de::DeValue::Table(t) = v.get_ref() {
                nearest(t, name, before, path, best);
            }
            path.pop();
        }
    }
    let (doc, _) = DeTable::parse_recoverable(text);
    let written = text.get(span.clone())?;
    // The key as the parser reads it: a quoted key without its quotes.
    let name = written
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| {
            written
                .strip_prefix('\'')
                .and_then(|k| k.strip_suffix('\''))
        })
        .unwrap_or(written);
    let mut best = None;
    nearest(doc.get_ref(), name, span.start, &mut Vec::new(), &mut best);
    let (path, value) = best?;
    let key = path.last()?;
    let names = |keys: &[&Key]| -> String {
        keys.iter()
            .map(|k| k.get_ref().as_ref())
            .collect::<Vec<_>>()
            .join(".")
    };
    // A table from a `[header]` spans the header, which starts before its last key.
    if matches!(value.get_ref(), toml::de::DeValue::Table(_))
        && value.span().start < key.span().start
    {
        return Some(Duplicate::Table(names(&path)));
    }
    let lines = LineIndex::new(text);
    let line = lines.position(key.span().start).line;
    let on_line = path
        .iter()
        .rev()
        .take_while(|k| lines.position(k.span().start).line == line)
        .count();
    Some(Duplicate::Key(names(&path[path.len() - on_line..])))
}

#[cfg(test)]
mod tests {
    use super::vocabulary::{Act::*, Ty::*};
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
        Config::parse(
            Path::new("/book"),
            text,
            &|p: &Path| dirs.iter().any(|d| d == p),
            &|p: &Path| !dirs.iter().any(|d| d == p),
        )
    }

    #[test]
    fn a_repeated_key_is_named_from_the_parsers_reading() {
        let book = "[book]\ntitle = \"A\"\n";
        for (rest, message, at) in [
            ("title = \"B\"\n", "`title` is set twice", (3, 1)),
            (
                "  \"title\" = \"B\" # again\n",
                "`title` is set twice",
                (3, 3),
            ),
            (
                "[output.html]\nfold.enable = true\nfold.enable = false\n",
                "`fold.enable` is set twice",
                (5, 6),
            ),
            (
                "[output]\nhtml = { fold = 1, fold = 2 }\n",
                "`html.fold` is set twice",
                (4, 20),
            ),
            ("[book]\n", "the section `[book]` appears twice", (3, 2)),
            (
                "[output.html]\nmathjax-support = true\n[output.html]\n",
                "the section `[output.html]` appears twice",
                (5, 9),
            ),
        ] {
            let e = error(&format!("{book}{rest}"));
            assert_eq!(e.message, message, "{rest:?}");
            assert_eq!(e.position, Some(Position::new(at.0, at.1)), "{rest:?}");
            assert!(e.hint.is_some());
        }
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
                Str if path == "book.text-direction" => "\"rtl\"",
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
                Ignored(instead) => {
                    // Said once, at its line or with the other keys of its table that are
                    // ignored for the same reason, named in the message.
                    let key = path.rsplit_once('.').unwrap().1;
                    let table = path.rsplit_once('.').unwrap().0;
                    let naming: Vec<&Diagnostic> = c
                        .warnings
                        .iter()
                        .filter(|d| {
                            d.message.ends_with(instead)
                                && (d.message.contains(&format!("`[{path}]`"))
                                    || d.message.contains(&format!("[{table}]"))
                                        && (d.message.contains(&format!("`{key}`"))
                                            || d.message.contains(&format!("] {key}`"))))
                        })
                        .collect();
                    assert_eq!(naming.len(), 1, "{path}: {naming:?}");
                    assert_eq!(naming[0].position.unwrap().column, 1, "{path}");
                }
                Read(instead) => {
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
        assert_eq!(
            c.additional_css,
            [AdditionalFile {
                source: "/book/a.css".into(),
                site_path: "a.css".into(),
                position: Some(Position::new(9, 19)),
            }]
        );
        assert_eq!(c.additional_js[0].source, Path::new("/book/b.js"));
        assert_eq!(c.preferred_dark_theme.as_deref(), Some("ayu"));
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(c.warnings[0].message.contains("Lectern's one dark theme"));
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
        // mdBook's own `links` preprocessor is what Lectern's directive stage does: no word.
        assert_eq!(found, [(4, 15), (8, 9)], "{:?}", c.warnings);
        assert!(c.warnings[0].message.contains("mdbook-mermaid"));
        assert!(c.warnings[1].message.contains("will be missing"));
    }

    #[test]
    fn every_problem_of_the_file_is_reported_in_one_run() {
        let ds = parse(
            "[book]\ntitle = \"T\"\nlanguage = \"English\"\nauthors = [\"A\", 3]\n\
             [build]\ncreate_missing = false\nallow-raw-html = \"no\"\n\
             [output.html]\nsite-url = \"javascript:x\"\ndefault-theme = \"dusk\"\ncname = \"example.org\"\n",
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
    fn missing_title_is_the_folder_name_with_a_warning() {
        let (c, ds) = parse_with("[book]\nauthors = []\n", &["content"]);
        let ds = ds.items;
        assert_eq!(c.unwrap().title, "book");
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(
            ds[0].message.starts_with("[book] has no title"),
            "{}",
            ds[0].message
        );
        assert!(!ds[0].is_error());
        assert_eq!(ds[0].position, Some(Position::new(1, 1)));
        assert!(ds[0].hint.as_ref().unwrap().contains("title ="));
        let (c, ds) = parse_with("", &["content"]);
        let ds = ds.items;
        assert_eq!(c.unwrap().title, "book");
        assert!(ds[0].message.contains("no [book] section"), "{ds:?}");
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
    fn languages_give_each_translation_its_settings_and_switcher() {
        let c = parse(
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\n[strings]\n\"site.contents\" = \"Index\"\n\
             [languages.fr]\ntitle = \"Le T\"\n[languages.fr.strings]\n\"site.contents\" = \"Sommaire\"\n\
             [languages.de]\nsrc = \"de\"\n",
        )
        .unwrap();
        // (By tag: the switcher lists the book's own language, then its translations so.)
        assert_eq!(c.languages.len(), 2);
        assert_eq!(c.languages[0].src_dir, Path::new("/book/de"));
        assert_eq!(c.languages[1].src_dir, Path::new("/book/translations/fr"));
        let links = |c: &Config| -> Vec<(String, String, bool)> {
            c.switcher
                .iter()
                .map(|l| (l.tag.clone(), l.prefix.clone(), l.current))
                .collect()
        };
        let s = |t: &str, p: &str, cur| (t.to_string(), p.to_string(), cur);
        assert_eq!(
            links(&c),
            [
                s("en", "", true),
                s("de", "de/", false),
                s("fr", "fr/", false)
            ]
        );
        let fr = c.for_language(1);
        assert_eq!((fr.language.as_str(), fr.title.as_str()), ("fr", "Le T"));
        assert_eq!(fr.src_dir, Path::new("/book/translations/fr"));
        assert_eq!(fr.build_dir, c.build_dir.join("fr"));
        assert_eq!(
            fr.strings["site.contents"],
            crate::strings::Entry::Text("Sommaire".into())
        );
        assert_eq!(
            links(&fr),
            [
                s("en", "../", false),
                s("de", "../de/", false),
                s("fr", "", true)
            ]
        );
        assert_eq!(c.switcher[2].name, "Français");
        let de = c.for_language(0);
        assert_eq!(de.title, "T");
        assert!(
            de.strings.is_empty(),
            "the book's [strings] are for its own language"
        );
        // A book in one language has no switcher.
        assert!(parse("[book]\ntitle = \"T\"\n")
            .unwrap()
            .switcher
            .is_empty());
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

    #[test]
    fn text_direction_is_ltr_or_rtl_or_unset() {
        let c = parse("[book]\ntitle = \"T\"\nlanguage = \"ar\"\n").unwrap();
        assert_eq!(c.text_direction, None);
        for dir in ["ltr", "rtl"] {
            let text = format!("[book]\ntitle = \"T\"\ntext-direction = \"{dir}\"\n");
            let c = parse(&text).unwrap();
            assert_eq!(c.text_direction, Some(dir));
            assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        }
        for bad in ["RTL", "right-to-left", "auto", ""] {
            let text = format!("[book]\ntitle = \"T\"\ntext-direction = \"{bad}\"\n");
            let e = error(&text);
            assert_eq!(e.position, Some(Position::new(3, 18)), "{bad}");
            assert!(e.message.contains("text direction"), "{}", e.message);
        }
    }
}
