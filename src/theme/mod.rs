//! The `theme` stage: Tera templates and static assets. The default theme is embedded in the
//! binary, so `lectern` works anywhere on its own; a book's `theme/` folder overrides it file
//! by file (`theme/templates/chapter.html`, `theme/assets/lectern.css`, …).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod direction;
mod slim;
pub mod strings;

pub use direction::{book_direction, text_direction};

use include_dir::{include_dir, Dir};
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diag::{Diagnostic, Position};
use crate::render::{QuestionView, Widgets};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where the built-in theme's files are shown as coming from in diagnostics.
const BUILTIN: &str = "<built-in theme>";

/// The asset that only the single-file export uses (its page router, inlined by
/// `lectern export`): kept out of `Theme::assets`, so a built site does not carry it.
const EXPORT_SCRIPT: &str = "export.js";

pub struct Theme {
    /// What loading the book's theme folder found that does not stop the build (files it
    /// does not use, an mdBook theme folder).
    pub warnings: Vec<Diagnostic>,
    tera: Tera,
    /// Template name → the file it came from (for diagnostics).
    origins: BTreeMap<String, PathBuf>,
    /// Asset path below `assets/` → bytes: what a built site gets in `assets/`.
    pub assets: BTreeMap<String, Cow<'static, [u8]>>,
    /// `assets/export.js` (the theme's, or the book's override): for the single-file export
    /// only, not in `assets`.
    pub export_script: Cow<'static, [u8]>,
    /// Values every page receives (book, version).
    globals: serde_json::Value,
    /// The interface strings in the book's language, with its overrides.
    pub strings: std::sync::Arc<crate::strings::Strings>,
    /// The keys the theme's scripts name (and `table.` prefixes they build keys from).
    script_keys: std::collections::BTreeSet<String>,
    /// A hash of every template, asset and global value: pages rendered with an equal
    /// fingerprint and equal data are equal.
    fingerprint: u64,
}

/// The part of the context that is the same on every page.
#[derive(Serialize)]
pub struct BookGlobals<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub authors: &'a [String],
    pub language: &'a str,
    /// `"rtl"` or `"ltr"`, for `<html dir>`: `[book] text-direction` when set, else the
    /// direction of `language` ([`text_direction`]).
    pub dir: &'static str,
    pub default_theme: crate::config::ThemeMode,
    pub id: String,
    pub site_url: Option<&'a str>,
    /// `[output.html] git-repository-url`: linked from every page's header.
    pub repository: Option<&'a str>,
    /// `[output.html] additional-css` and `additional-js`: URLs below the site's root,
    /// linked after the theme's stylesheets and scripts.
    pub additional_css: Vec<String>,
    pub additional_js: Vec<String>,
    /// `[output.html.search] enable`: whether pages offer search.
    pub search: bool,
    /// `[output.html.search] limit-results`, for the search dialog.
    pub search_limit: Option<u32>,
    /// `[output.html.print] enable`: whether there is a print page to link to.
    pub print: bool,
    /// `[output.html.fold]`: whether the sidebar folds, and below which depth (`level`).
    pub fold: bool,
    pub fold_level: u32,
    /// A multilingual book's languages, for the switcher (empty for a book in one language).
    pub languages: &'a [crate::config::LanguageLink],
    /// Of a translation: the book's own language, which untranslated chapters are in.
    pub source_language: Option<&'a str>,
}

/// A `/`-separated path as a URL path: every byte but unreserved characters and `/`
/// percent-encoded, so a file name with a space or `#` still links to the file.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Theme {
    /// Loads the default theme with the book's overrides on top.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut assets: BTreeMap<String, Cow<'static, [u8]>> = BTreeMap::new();
        let mut errors = Vec::new();
        collect_embedded(&DEFAULT_THEME, &mut templates, &mut assets);
        if let Some(dir) = &config.theme_dir {
            let shown = dir.strip_prefix(&config.root).unwrap_or(dir).to_path_buf();
            // mdBook's own theme files, reported together: one warning, not one per file.
            let mut mdbook_files: Vec<String> = Vec::new();
            for entry in walkdir::WalkDir::new(dir)
                .follow_links(true)
                .sort_by_file_name()
            {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        errors.push(Diagnostic::error(
                            &shown,
                            None,
                            format!("cannot read the theme folder: {e}"),
                        ));
                        continue;
                    }
                };
                // Editors' backups and swap files are not part of the theme (and the watcher
                // of `lectern serve` ignores them).
                if !entry.file_type().is_file()
                    || crate::content::is_editor_temp(&entry.file_name().to_string_lossy())
                {
                    continue;
                }
                // A file book.toml lists in `additional-css` / `additional-js` (mdBook books
                // keep `theme/custom.css`) is the book's, copied and linked as it asks.
                if config
                    .additional_css
                    .iter()
                    .chain(&config.additional_js)
                    .any(|f| f.source == entry.path())
                {
                    continue;
                }
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let rel_str = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let shown_file = shown.join(rel);
                if let Some(name) = rel_str.strip_prefix("templates/") {
                    match crate::content::read_text(entry.path(), &shown_file) {
                        Ok(text) => {
                            templates.insert(name.to_string(), (shown_file, text));
                        }
                        Err(d) => errors.push(d),
                    }
                } else if let Some(name) = rel_str.strip_prefix("assets/") {
                    match std::fs::read(entry.path()) {
                        Ok(bytes) => {
                            assets.insert(name.to_string(), Cow::Owned(bytes));
                        }
                        Err(e) => errors.push(Diagnostic::error(
                            shown_file,
                            None,
                            format!("cannot read: {e}"),
                        )),
                    }
                } else if is_mdbook_theme_file(&rel_str) {
                    mdbook_files.push(rel_str);
                } else {
                    errors.push(
                        Diagnostic::warning(shown_file, None, "this file is not used: theme files go under `templates/` or `assets/`")
                            .with_hint("move it into theme/templates/ (Tera templates) or theme/assets/ (copied to the site)"),
                    );
                }
            }
            if !mdbook_files.is_empty() {
                errors.push(mdbook_theme_warning(&shown, &mdbook_files));
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        let ui_strings = std::sync::Arc::new(crate::strings::Strings::new(
            &config.language,
            &config.strings,
        ));
        strings::register(&mut tera, ui_strings.clone());
        strings::register_digits(&mut tera, ui_strings.clone());
        strings::register_script_strings(&mut tera, ui_strings.clone());
        let mut origins = BTreeMap::new();
        // All at once, so a template may extend or include one that sorts after it.
        if let Err(e) = tera.add_raw_templates(
            templates
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        ) {
            errors.push(tera_diagnostic(&e, &templates));
        }
        for (name, (origin, _)) in &templates {
            origins.insert(name.clone(), origin.clone());
        }
        for required in [
            "chapter.html",
            "index.html",
            "questions.html",
            "404.html",
            "self-check.html",
        ] {
            if !templates.contains_key(required) {
                errors.push(Diagnostic::error(
                    BUILTIN,
                    None,
                    format!("the theme has no `{required}` template"),
                ));
            }
        }
        if errors.iter().any(Diagnostic::is_error) {
            return Err(errors);
        }
        let globals = serde_json::json!({
            "book": BookGlobals {
                title: &config.title,
                description: &config.description,
                authors: &config.authors,
                language: &config.language,
                dir: book_direction(config),
                default_theme: config.default_theme,
                id: crate::render::book_id(&config.title),
                site_url: config.site_url.as_deref(),
                repository: config.git_repository_url.as_deref(),
                additional_css: config.additional_css.iter().map(|f| url_path(&f.site_path)).collect(),
                additional_js: config.additional_js.iter().map(|f| url_path(&f.site_path)).collect(),
                search: config.search_enabled,
                search_limit: config.search_limit,
                print: config.print_enabled,
                fold: config.fold_level.is_some(),
                fold_level: config.fold_level.unwrap_or(0),
                languages: &config.switcher,
                source_language: config.translation.as_ref().map(|t| t.source_language.as_str()),
            },
            "lectern_version": env!("CARGO_PKG_VERSION"),
        });
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for (name, (_, text)) in &templates {
                (name, text).hash(&mut h);
            }
            for (name, bytes) in &assets {
                (name, bytes.as_ref()).hash(&mut h);
            }
            globals.to_string().hash(&mut h);
            // The strings (book.toml's overrides included) are what `t` returns.
            serde_json::to_string(ui_strings.entries())
                .unwrap_or_default()
                .hash(&mut h);
            h.finish()
        };
        let mut script_keys = std::collections::BTreeSet::new();
        for (name, bytes) in &assets {
            if name.ends_with(".js") {
                crate::strings::keys_named_in(&String::from_utf8_lossy(bytes), &mut script_keys);
            }
        }
        let export_script = assets.remove(EXPORT_SCRIPT).unwrap_or_default();
        Ok(Theme {
            script_keys,
            warnings: errors,
            fingerprint,
            tera,
            origins,
            assets,
            export_script,
            globals,
            strings: ui_strings,
        })
    }

    /// Renders `template` with the page's own values plus the globals.
    pub fn render(&self, template: &str, page: &impl Serialize) -> Result<String, Diagnostic> {
        let mut value = self.globals.clone();
        if let (Some(map), Ok(serde_json::Value::Object(extra))) =
            (value.as_object_mut(), serde_json::to_value(page))
        {
            map.extend(extra);
        }
        let context = Context::from_serialize(&value).map_err(|e| {
            Diagnostic::error(
                BUILTIN,
                None,
                format!("cannot pass page data to templates: {e}"),
            )
        })?;
        self.tera
            .render(template, &context)
            .map_err(|e| self.render_diagnostic(&e))
    }

    fn render_diagnostic(&self, e: &tera::Error) -> Diagnostic {
        let mut d = located(e);
        if let Some(origin) = self.origins.get(d.file.to_string_lossy().as_ref()) {
            d.file = origin.clone();
        }
        d
    }
}

impl Widgets for Theme {
    fn self_check(&self, check: &QuestionView, root: &str) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            check: &'a QuestionView,
            root: &'a str,
        }
        self.render("self-check.html", &Ctx { check, root })
    }

    fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    fn text(&self, key: &str, args: &[(&str, crate::strings::Arg)]) -> String {
        self.strings.text(key, args)
    }

    fn language(&self) -> &str {
        &self.strings.language
    }

    fn script_string(&self, key: &str) -> bool {
        crate::strings::is_named(key, &self.script_keys)
    }
}

fn collect_embedded(
    dir: &'static Dir<'static>,
    templates: &mut BTreeMap<String, (PathBuf, String)>,
    assets: &mut BTreeMap<String, Cow<'static, [u8]>>,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            templates.insert(name.to_string(), (Path::new(BUILTIN).join(&path), text));
        } else if let Some(name) = path.strip_prefix("assets/") {
            let bytes = match (
                name.rsplit_once('.').map(|(_, e)| e),
                std::str::from_utf8(file.contents()),
            ) {
                (Some("js"), Ok(text)) => Cow::Owned(slim::slim(text, true).into_bytes()),
                (Some("css"), Ok(text)) => Cow::Owned(slim::slim(text, false).into_bytes()),
                _ => Cow::Borrowed(file.contents()),
            };
            assets.insert(name.to_string(), bytes);
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, assets);
    }
}

/// A Tera error as a diagnostic at its template line, with `file` set to the template name.
fn located(e: &tera::Error) -> Diagnostic {
    use tera::ErrorKind;
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error(
                r.filename(),
                Some(Position::new(span.start_line, span.start_col + 1)),
                format!("template error: {}", r.message()),
            )
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(BUILTIN, None, format!("template error: {message}"))
        }
    }
}

fn tera_diagnostic(e: &tera::Error, templates: &BTreeMap<String, (PathBuf, String)>) -> Diagnostic {
    let mut d = located(e);
    if let Some((origin, _)) = templates.get(d.file.to_string_lossy().as_ref()) {
        d.file = origin.clone();
    }
    d
}

/// Whether `rel` (below the theme folder) is one of the files mdBook's theme is made of: its
/// Handlebars templates, its stylesheets and fonts, its scripts and favicons.
fn is_mdbook_theme_file(rel: &str) -> bool {
    const NAMES: [&str; 10] = [
        "book.js",
        "highlight.css",
        "highlight.js",
        "favicon.png",
        "favicon.svg",
        "ayu-highlight.css",
        "tomorrow-night.css",
        "clipboard.min.js",
        "custom.css",
        "pagetoc.css",
    ];
    rel.ends_with(".hbs")
        || rel.starts_with("css/")
        || rel.starts_with("fonts/")
        || NAMES.contains(&rel)
}

/// The one warning for a theme folder written for mdBook: its templates are Handlebars for
/// mdBook's page layout, and its stylesheets style that layout's markup (`.sidebar`,
/// `.content`, `#menu-bar`), so applied to Lectern's pages they would restyle little and break
/// some; neither is used.
fn mdbook_theme_warning(shown: &std::path::Path, files: &[String]) -> Diagnostic {
    let listed = if files.len() > 6 {
        format!("{}, and {} more", files[..6].join(", "), files.len() - 6)
    } else {
        files.join(", ")
    };
    Diagnostic::warning(
        shown,
        None,
        format!("this is an mdBook theme folder ({listed}); Lectern does not use mdBook's Handlebars templates or the stylesheets written for their markup, so pages have Lectern's own layout and styles"),
    )
    .with_hint("to restyle Lectern's pages, put CSS in theme/assets/ and link it from a template in theme/templates/ (see the author guide); keep the mdBook files if mdBook still builds the book")
}
