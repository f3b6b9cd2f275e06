//! `book.toml`: the book's settings. Key names follow mdBook's where the meaning is the same,
//! so an mdBook author finds their way; unknown keys are errors, so a typo never silently
//! does nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{did_you_mean, Diagnostic, Position};

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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookToml {
    book: BookSection,
    #[serde(default)]
    build: BuildSection,
    #[serde(default)]
    output: OutputSection,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookSection {
    title: String,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_src")]
    src: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BuildSection {
    #[serde(default = "default_build_dir")]
    build_dir: PathBuf,
    /// Raw HTML in Markdown is allowed by default (authors are trusted); books that take
    /// outside contributions can turn it off.
    #[serde(default = "yes")]
    allow_raw_html: bool,
}

impl Default for BuildSection {
    fn default() -> Self {
        BuildSection {
            build_dir: default_build_dir(),
            allow_raw_html: true,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutputSection {
    #[serde(default)]
    html: HtmlSection,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct HtmlSection {
    site_url: Option<String>,
    #[serde(default)]
    default_theme: ThemeMode,
    /// Folder of per-file theme overrides, relative to the book root.
    theme: Option<PathBuf>,
}

fn default_language() -> String {
    "en".into()
}
fn default_src() -> PathBuf {
    "content".into()
}
fn default_build_dir() -> PathBuf {
    "site".into()
}
fn yes() -> bool {
    true
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
    /// Where the chapters are (`[book] src`).
    pub src_dir: PathBuf,
    /// Where the site is written (`[build] build-dir`).
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
}

impl Config {
    /// Reads `<root>/book.toml`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                let pos = Position::of_offset(
                    &String::from_utf8_lossy(e.as_bytes()),
                    e.utf8_error().valid_up_to(),
                );
                Diagnostic::error(CONFIG_FILE, Some(pos), "book.toml is not valid UTF-8")
                    .with_hint("save the file as UTF-8")
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Diagnostic::error(
                    CONFIG_FILE,
                    None,
                    format!("no book.toml in {}", root.display()),
                )
                .with_hint("run lectern in the book's folder, pass the folder as an argument, or create book.toml with a [book] title"));
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    CONFIG_FILE,
                    None,
                    format!("cannot read book.toml: {e}"),
                )
                .with_hint("check that the file is readable"))
            }
        };
        let config = Config::from_str(root, &text)?;
        if !config.src_dir.is_dir() {
            let shown = config
                .src_dir
                .strip_prefix(root)
                .unwrap_or(&config.src_dir)
                .display()
                .to_string();
            let text = crate::diag::normalize_text(&text);
            let (position, hint) = match find_key(&text, "src") {
                Some(p) => (Some(p), format!("create the folder {shown}, or set `src` to the folder holding your chapters")),
                None => (
                    find_header(&text, "book"),
                    format!("create the folder {shown} for your chapters, or set `src = \"…\"` under [book] to the folder that holds them"),
                ),
            };
            return Err(Diagnostic::error(
                CONFIG_FILE,
                position,
                format!("the content folder {shown} does not exist"),
            )
            .with_hint(hint));
        }
        Ok(config)
    }

    /// Parses the text of book.toml; `root` is the folder it lives in.
    pub fn from_str(root: &Path, text: &str) -> Result<Config, Diagnostic> {
        let text = &crate::diag::normalize_text(text);
        let raw: BookToml = toml::from_str(text).map_err(|e| toml_diagnostic(text, &e))?;
        if raw.book.title.trim().is_empty() {
            return Err(Diagnostic::error(
                CONFIG_FILE,
                find_key(text, "title"),
                "[book] title is empty",
            )
            .with_hint("give the book a title: title = \"My course\""));
        }
        let theme_dir = root.join(
            raw.output
                .html
                .theme
                .clone()
                .unwrap_or_else(|| "theme".into()),
        );
        if raw.output.html.theme.is_some() && !theme_dir.is_dir() {
            return Err(Diagnostic::error(
                CONFIG_FILE,
                find_key(text, "theme"),
                format!("the theme folder {} does not exist", theme_dir.display()),
            )
            .with_hint("create the folder, or remove the `theme` key to use the default theme"));
        }
        check_language(text, &raw.book.language)?;
        if let Some(url) = &raw.output.html.site_url {
            check_site_url(text, url)?;
        }
        let site_url =
            raw.output
                .html
                .site_url
                .map(|u| if u.ends_with('/') { u } else { format!("{u}/") });
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.book.title,
            authors: raw.book.authors,
            description: raw.book.description,
            language: raw.book.language,
            src_dir: root.join(raw.book.src),
            build_dir: root.join(&raw.build.build_dir),
            build_dir_written: raw.build.build_dir.display().to_string(),
            build_dir_position: find_value(text, "build-dir"),
            allow_raw_html: raw.build.allow_raw_html,
            site_url,
            default_theme: raw.output.html.default_theme,
            theme_dir: theme_dir.is_dir().then_some(theme_dir),
        })
    }
}

/// `language` goes into every page's `lang` attribute and picks the search's word rules, so
/// it must be a BCP 47 language tag whose parts are registered (`en`, `pt-BR`, `zh-Hant`).
fn check_language(text: &str, language: &str) -> Result<(), Diagnostic> {
    let problem = match language_tags::LanguageTag::parse(language) {
        Ok(tag) => match tag.validate() {
            Ok(()) => return Ok(()),
            Err(e) => e.to_string(),
        },
        Err(e) => e.to_string(),
    };
    Err(Diagnostic::error(
        CONFIG_FILE,
        find_value(text, "language"),
        format!("`{language}` is not a language tag: {problem}"),
    )
    .with_hint("write a BCP 47 language tag, such as `en`, `en-GB`, `fr`, `pt-BR` or `zh-Hant`"))
}

/// `site-url` starts every link of the 404 page and the sitemap, so it must be a web address
/// (`https://…` or `http://…` with a host) or a path on the reader's site (`/course/`):
/// anything else (`javascript:…`, `//host`, a relative path) would make those links run code,
/// leave the site or break.
fn check_site_url(text: &str, url: &str) -> Result<(), Diagnostic> {
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
    Err(Diagnostic::error(
        CONFIG_FILE,
        find_value(text, "site-url"),
        format!("`{url}` is not a site address: `site-url` is an http:// or https:// address, or a path starting with `/`"),
    )
    .with_hint("write where the site is published, such as `https://example.com/course/` or `/course/`; every link of the not-found page starts with it"))
}

/// Turns a TOML parse error into a located diagnostic, with a "did you mean" for a misspelled key.
fn toml_diagnostic(text: &str, e: &toml::de::Error) -> Diagnostic {
    let position = e.span().map(|s| Position::of_offset(text, s.start));
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::error(CONFIG_FILE, position, message.clone());
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once('`') {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let book_keys = ["title", "authors", "description", "language", "src"];
            d = match did_you_mean(field, candidates.iter().copied()) {
                _ if candidates.contains(&"book") && book_keys.contains(&field) => {
                    d.with_hint(format!(
                        "`{field}` belongs in the [book] section: add a line `[book]` above it"
                    ))
                }
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None => d.with_hint(format!(
                    "remove the key; allowed here: {}",
                    candidates.join(", ")
                )),
            };
        }
    } else if message.starts_with("missing field `title`") {
        d = d.with_hint("add a title under [book]: title = \"My course\"");
    } else if message.starts_with("missing field `book`") {
        d = d.with_hint(
            "start the file with a [book] section: `[book]` and, below it, `title = \"My course\"`",
        );
    } else if message.starts_with("duplicate key") {
        let key = position
            .and_then(|p| text.lines().nth(p.line - 1))
            .and_then(|l| l.split('=').next())
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty() && !k.starts_with('['));
        if let Some(key) = key {
            d.message = format!("`{key}` is set twice");
        }
        d = d.with_hint("remove one of the two lines: a key is set once in each section");
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let expected = rest.rsplit_once("expected ").map_or("", |(_, e)| e);
        d = d.with_hint(if expected.contains("bool") {
            "write `true` or `false`, without quotes".to_string()
        } else if expected.contains("string") {
            "write the value in double quotes: key = \"value\"".to_string()
        } else if expected.contains("sequence") {
            "write a list in brackets: key = [\"a\", \"b\"]".to_string()
        } else {
            format!("write {expected}")
        });
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        let candidates: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        d = d.with_hint(format!("use one of: {}", candidates.join(", ")));
    } else {
        d = d.with_hint("book.toml is TOML: `[section]` headers and `key = value` lines, with text values in double quotes on one line");
    }
    d
}

/// The position of the `[name]` header line.
fn find_header(text: &str, name: &str) -> Option<Position> {
    text.lines()
        .position(|l| l.trim() == format!("[{name}]"))
        .map(|i| Position::new(i + 1, 1))
}

/// The position of the value of the first line that sets `key` (of the key when the value
/// cannot be found), for errors about the value found after parsing.
fn find_value(text: &str, key: &str) -> Option<Position> {
    let at = find_key(text, key)?;
    let line = text.lines().nth(at.line - 1)?;
    let chars: Vec<char> = line.chars().collect();
    let equals = chars.iter().position(|&c| c == '=')?;
    let value = (equals + 1..chars.len()).find(|&i| !chars[i].is_whitespace());
    Some(value.map_or(at, |i| Position::new(at.line, i + 1)))
}

/// The position of the first line that sets `key`, for errors found after parsing.
fn find_key(text: &str, key: &str) -> Option<Position> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start()
            .starts_with('=')
            .then(|| Position::new(i + 1, line.len() - trimmed.len() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::from_str(Path::new("/book"), text)
    }

    #[test]
    fn defaults_follow_mdbook() {
        let c = parse("[book]\ntitle = \"T\"\n").unwrap();
        assert_eq!(c.src_dir, Path::new("/book/content"));
        assert_eq!(c.build_dir, Path::new("/book/site"));
        assert_eq!(c.language, "en");
        assert_eq!(c.default_theme, ThemeMode::Auto);
        assert!(c.allow_raw_html);
    }

    #[test]
    fn site_url_gets_a_trailing_slash() {
        let c = parse("[book]\ntitle = \"T\"\n[output.html]\nsite-url = \"/course\"\n").unwrap();
        assert_eq!(c.site_url.as_deref(), Some("/course/"));
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let e = parse("[book]\ntitle = \"T\"\n[build]\nbuild_dir = \"out\"\n").unwrap_err();
        assert_eq!(e.position, Some(Position::new(4, 1)));
        assert!(
            e.message.contains("unknown field `build_dir`"),
            "{}",
            e.message
        );
        assert_eq!(e.hint.as_deref(), Some("did you mean `build-dir`?"));
    }

    #[test]
    fn wrong_type_is_located() {
        let e = parse("[book]\ntitle = 3\n").unwrap_err();
        assert_eq!(e.position.map(|p| p.line), Some(2));
        assert!(e.message.contains("string"), "{}", e.message);
    }

    #[test]
    fn missing_title_says_what_to_add() {
        let e = parse("[book]\nauthors = []\n").unwrap_err();
        assert!(e.message.contains("title"), "{}", e.message);
        assert!(e.hint.unwrap().contains("title ="));
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
            let e = parse(&text).expect_err(bad);
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
            let e = parse(&text).expect_err(bad);
            assert_eq!(e.position, Some(Position::new(3, 12)), "{bad}");
        }
    }

    #[test]
    fn bad_theme_mode_is_an_error() {
        let e =
            parse("[book]\ntitle = \"T\"\n[output.html]\ndefault-theme = \"navy\"\n").unwrap_err();
        assert_eq!(e.position.map(|p| p.line), Some(4));
    }
}
