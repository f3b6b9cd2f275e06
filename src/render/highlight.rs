//! Build-time syntax highlighting with syntect. Code becomes spans with short classes naming
//! a colour of the light theme (`l3`) and of the dark theme (`d5`), plus font-style flags
//! (`li`, `di`: italic, …); the colours live in two generated stylesheets, so pages carry no
//! inline colours and the reader's light/dark choice applies to code too. Runs of text with
//! the same style share one span, which keeps pages small.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use sha2::Digest;

use std::cell::RefCell;
use std::rc::Rc;

use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Languages that are shown as plain text on purpose (no warning).
const PLAIN: &[&str] = &["", "text", "txt", "plain", "plaintext", "output", "log"];

/// Names authors commonly write that syntect knows by another token.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("console", "bash"),
    ("zsh", "bash"),
    ("sh", "bash"),
    ("yml", "yaml"),
    ("jsonc", "json"),
    ("node", "js"),
    ("javascript", "js"),
    ("typescript", "ts"),
    ("mjs", "js"),
    ("cjs", "js"),
    ("rust", "rs"),
    ("python", "py"),
    ("dockerfile", "Dockerfile"),
    // Handlebars templates (mdBook's own theme language) are HTML with `{{ … }}` in it.
    ("handlebars", "html"),
    ("hbs", "html"),
];

/// The syntax definitions: loaded once per process (it takes tens of milliseconds) and shared
/// by every build, including each rebuild under `lectern serve`.
pub fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

pub enum Highlighted {
    /// The code as highlighted HTML (the inside of `<code>`).
    Code(String),
    /// A language meant to be plain: the code escaped.
    Plain(String),
    /// A language we do not know: the code escaped; the build warns.
    Unknown(String),
}

fn find(lang: &str) -> Option<&'static SyntaxReference> {
    let ss = syntaxes();
    let lower = lang.to_ascii_lowercase();
    let token = ALIASES
        .iter()
        .find(|(a, _)| *a == lower)
        .map_or(lower.as_str(), |(_, t)| t);
    ss.find_syntax_by_token(token)
        .or_else(|| ss.find_syntax_by_extension(token))
        .or_else(|| ss.find_syntax_by_name(lang))
}

/// Whether `lang` is a language the highlighter knows (or plain text).
pub fn is_known(lang: &str) -> bool {
    PLAIN.contains(&lang.to_ascii_lowercase().as_str()) || find(lang).is_some()
}

pub fn highlight(code: &str, lang: &str) -> Highlighted {
    if PLAIN.contains(&lang.to_ascii_lowercase().as_str()) {
        return Highlighted::Plain(escape(code));
    }
    let Some(syntax) = find(lang) else {
        return Highlighted::Unknown(escape(code));
    };
    let key = cache_key(&syntax.name, code);
    if let Some(html) = cache().lookup(&key) {
        return Highlighted::Code(html.to_string());
    }
    let Some(html) = highlight_with(syntax, code) else {
        // A grammar failure is syntect's problem, not the author's: show the code plainly.
        return Highlighted::Plain(escape(code));
    };
    cache().store(key, &html);
    Highlighted::Code(html)
}

/// The two themes: light (the default) and dark.
struct Themes {
    light: Theme,
    dark: Theme,
    /// Each theme's distinct foreground colours, in a fixed order: a colour's index is its class.
    light_colours: Vec<Color>,
    dark_colours: Vec<Color>,
}

fn themes() -> &'static Themes {
    static THEMES: OnceLock<Themes> = OnceLock::new();
    THEMES.get_or_init(|| {
        let set = two_face::theme::extra();
        let light = set
            .get(two_face::theme::EmbeddedThemeName::ColdarkCold)
            .clone();
        let dark = set
            .get(two_face::theme::EmbeddedThemeName::ColdarkDark)
            .clone();
        let colours = |t: &Theme| {
            let mut v: Vec<Color> = t
                .scopes
                .iter()
                .filter_map(|item| item.style.foreground)
                .collect();
            v.sort_by_key(|c| (c.r, c.g, c.b, c.a));
            v.dedup();
            v
        };
        Themes {
            light_colours: colours(&light),
            dark_colours: colours(&dark),
            light,
            dark,
        }
    })
}

/// The classes of a token with scope stack `stack`, e.g. `"l3 d5 li di"` (empty: the default
/// style in both themes, no span needed). Stacks repeat endlessly, so each thread remembers
/// the answer per stack.
fn classes_for(stack: &[Scope]) -> Rc<str> {
    thread_local! {
        static SEEN: RefCell<HashMap<Vec<Scope>, Rc<str>>> = RefCell::new(HashMap::new());
    }
    if let Some(c) = SEEN.with(|m| m.borrow().get(stack).cloned()) {
        return c;
    }
    let t = themes();
    let mut classes = Vec::new();
    for (theme, colours, prefix) in [
        (&t.light, &t.light_colours, 'l'),
        (&t.dark, &t.dark_colours, 'd'),
    ] {
        let style: Style = Highlighter::new(theme).style_for_stack(stack);
        let default_fg = theme.settings.foreground.unwrap_or(Color::BLACK);
        if style.foreground != default_fg {
            if let Some(i) = colours.iter().position(|c| *c == style.foreground) {
                classes.push(format!("{prefix}{i}"));
            }
        }
        for (flag, letter) in [
            (FontStyle::BOLD, 'b'),
            (FontStyle::ITALIC, 'i'),
            (FontStyle::UNDERLINE, 'u'),
        ] {
            if style.font_style.contains(flag) {
                classes.push(format!("{prefix}{letter}"));
            }
        }
    }
    let joined: Rc<str> = Rc::from(classes.join(" "));
    SEEN.with(|m| m.borrow_mut().insert(stack.to_vec(), joined.clone()));
    joined
}

/// Writes text into spans, opening a new span only when the classes change.
struct SpanWriter {
    out: String,
    open: Rc<str>,
}

impl SpanWriter {
    fn text(&mut self, text: &str, classes: Rc<str>) {
        if text.is_empty() {
            return;
        }
        if classes != self.open {
            self.close();
            if !classes.is_empty() {
                self.out.push_str("<span class=\"");
                self.out.push_str(&classes);
                self.out.push_str("\">");
            }
            self.open = classes;
        }
        escape_into(&mut self.out, text);
    }

    fn close(&mut self) {
        if !self.open.is_empty() {
            self.out.push_str("</span>");
            self.open = Rc::from("");
        }
    }
}

/// Highlights `code`; `None` when the grammar fails on it.
fn highlight_with(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut w = SpanWriter {
        out: String::with_capacity(code.len() * 2),
        open: Rc::from(""),
    };
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, syntaxes()).ok()?;
        let mut at = 0;
        for (i, op) in ops {
            let i = i.min(line.len());
            if i > at {
                w.text(&line[at..i], classes_for(stack.as_slice()));
                at = i;
            }
            stack.apply(&op).ok()?;
        }
        w.text(&line[at..], classes_for(stack.as_slice()));
    }
    w.close();
    Some(w.out)
}

/// Bumped whenever highlighting output changes for the same input, to invalidate old caches.
const CACHE_FORMAT: &str = "lectern-highlight-2";

type CacheKey = [u8; 16];

fn cache_key(syntax: &str, code: &str) -> CacheKey {
    let mut h = sha2::Sha256::new();
    h.update(CACHE_FORMAT.as_bytes());
    h.update([0]);
    h.update(syntax.as_bytes());
    h.update([0]);
    h.update(code.as_bytes());
    let digest = h.finalize();
    let mut key = [0; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// Highlighted code blocks by content: highlighting is most of a build's work, and most code
/// blocks are the same from one build to the next. Kept in memory for the process (every
/// rebuild of `lectern serve` benefits) and on disk between `lectern build` runs.
#[derive(Default)]
pub struct HighlightCache {
    entries: RwLock<HashMap<CacheKey, Arc<str>>>,
    /// Keys looked up or stored since the last [`HighlightCache::load`]: what is worth saving.
    used: Mutex<HashSet<CacheKey>>,
    /// Whether anything new was stored since the last load or save.
    dirty: AtomicBool,
}

/// The process-wide highlight cache.
pub fn cache() -> &'static HighlightCache {
    static CACHE: OnceLock<HighlightCache> = OnceLock::new();
    CACHE.get_or_init(HighlightCache::default)
}

impl HighlightCache {
    fn lookup(&self, key: &CacheKey) -> Option<Arc<str>> {
        let found = self.entries.read().ok()?.get(key).cloned();
        if found.is_some() {
            if let Ok(mut used) = self.used.lock() {
                used.insert(*key);
            }
        }
        found
    }

    fn store(&self, key: CacheKey, html: &str) {
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(key, Arc::from(html));
        }
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// Adds the entries saved at `path` (a missing or damaged file is ignored: the cache only
    /// saves time) and starts a new record of used entries.
    pub fn load(&self, path: &Path) {
        if let Ok(mut used) = self.used.lock() {
            used.clear();
        }
        self.dirty.store(false, Ordering::Relaxed);
        let Ok(bytes) = std::fs::read(path) else {
            return;
        };
        let Some(rest) = bytes.strip_prefix(CACHE_FORMAT.as_bytes()) else {
            return;
        };
        let mut loaded = Vec::new();
        let mut at = 0;
        while at + 20 <= rest.len() {
            let mut key = [0; 16];
            key.copy_from_slice(&rest[at..at + 16]);
            let len =
                u32::from_le_bytes([rest[at + 16], rest[at + 17], rest[at + 18], rest[at + 19]])
                    as usize;
            let Some(html) = rest
                .get(at + 20..at + 20 + len)
                .and_then(|b| std::str::from_utf8(b).ok())
            else {
                return;
            };
            loaded.push((key, Arc::<str>::from(html)));
            at += 20 + len;
        }
        if let Ok(mut entries) = self.entries.write() {
            entries.extend(loaded);
        }
    }

    /// Writes the entries used since [`HighlightCache::load`] to `path` (atomically), when
    /// anything changed. Unused entries are dropped, so the file does not grow forever.
    pub fn save(&self, path: &Path) {
        let used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        let stale = self
            .entries
            .read()
            .map(|e| e.len() != used.len())
            .unwrap_or(false);
        if !self.dirty.swap(false, Ordering::Relaxed) && !stale {
            return;
        }
        let Ok(entries) = self.entries.read() else {
            return;
        };
        let mut keys: Vec<&CacheKey> = used.iter().filter(|k| entries.contains_key(*k)).collect();
        keys.sort();
        let mut out = Vec::from(CACHE_FORMAT.as_bytes());
        for key in keys {
            let html = &entries[key];
            out.extend_from_slice(key);
            out.extend_from_slice(&(html.len() as u32).to_le_bytes());
            out.extend_from_slice(html.as_bytes());
        }
        drop(entries);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, out).is_ok() && std::fs::rename(&tmp, path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The two highlighting stylesheets: `(light, dark)`. The dark one applies when the page is
/// in dark mode, chosen by the reader (`html[data-theme=dark]`) or by the OS while the page
/// follows it (`data-theme=auto`). Colours that would fall below WCAG AA contrast on the
/// theme's background are darkened or lightened until they pass.
pub fn stylesheets() -> (String, String) {
    let t = themes();
    let light = theme_css(&t.light, &t.light_colours, 'l', &[""]);
    let dark_prefix = "html[data-theme=\"dark\"] ";
    let auto_prefix = "html[data-theme=\"auto\"] ";
    let dark = theme_css(&t.dark, &t.dark_colours, 'd', &[dark_prefix]);
    let auto = theme_css(&t.dark, &t.dark_colours, 'd', &[auto_prefix]);
    (
        light,
        format!("{dark}@media (prefers-color-scheme: dark) {{\n{auto}}}\n"),
    )
}

fn theme_css(theme: &Theme, colours: &[Color], letter: char, prefixes: &[&str]) -> String {
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let fg = theme.settings.foreground.unwrap_or(Color::BLACK);
    let mut out = String::new();
    for prefix in prefixes {
        out.push_str(&format!(
            "{prefix}pre.code {{ background-color: {}; color: {}; }}\n",
            hex(bg),
            hex(readable(fg, bg))
        ));
        if letter == 'd' {
            // The light theme's font styles must not show through in dark mode.
            out.push_str(&format!(
                "{prefix}pre.code .lb {{ font-weight: inherit; }}\n{prefix}pre.code .li {{ font-style: normal; }}\n{prefix}pre.code .lu {{ text-decoration: none; }}\n"
            ));
        }
        for (i, c) in colours.iter().enumerate() {
            out.push_str(&format!(
                "{prefix}pre.code .{letter}{i} {{ color: {}; }}\n",
                hex(readable(*c, bg))
            ));
        }
        out.push_str(&format!(
            "{prefix}pre.code .{letter}b {{ font-weight: bold; }}\n{prefix}pre.code .{letter}i {{ font-style: italic; }}\n{prefix}pre.code .{letter}u {{ text-decoration: underline; }}\n"
        ));
    }
    out
}

#[cfg(test)]
fn parse_hex(s: &str) -> Option<Color> {
    let h = s.strip_prefix('#')?;
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    match h.len() {
        6 | 8 => Some(Color {
            r: byte(0)?,
            g: byte(2)?,
            b: byte(4)?,
            a: 255,
        }),
        _ => None,
    }
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

fn luminance(c: Color) -> f64 {
    let ch = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)
}

pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `c`, moved towards black or white (whichever is away from `bg`) until it reaches 4.6:1
/// against `bg` (AA asks 4.5:1; the margin absorbs rounding).
fn readable(c: Color, bg: Color) -> Color {
    let towards_black = luminance(bg) > 0.4;
    let mut c = c;
    for _ in 0..64 {
        if contrast(c, bg) >= 4.6 {
            break;
        }
        let step = |v: u8| {
            if towards_black {
                v.saturating_sub(6)
            } else {
                v.saturating_add(6)
            }
        };
        c = Color {
            r: step(c.r),
            g: step(c.g),
            b: step(c.b),
            a: 255,
        };
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_languages_are_all_known() {
        for lang in [
            "js",
            "javascript",
            "ts",
            "typescript",
            "tsx",
            "jsx",
            "toml",
            "yaml",
            "yml",
            "sh",
            "bash",
            "shell",
            "json",
            "rust",
            "python",
            "text",
            "handlebars",
            "hbs",
        ] {
            assert!(is_known(lang), "{lang} should be highlighted");
        }
        assert!(!is_known("klingon"));
    }

    #[test]
    fn code_gets_classes_not_colours() {
        let Highlighted::Code(html) = highlight("const a = 1;\n", "ts") else {
            panic!("ts unknown")
        };
        assert!(html.contains("class=\"l"), "{html}");
        assert!(html.contains(" d"), "dark classes too: {html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_languages_are_escaped() {
        let Highlighted::Unknown(html) = highlight("<b>&</b>", "klingon") else {
            panic!()
        };
        assert_eq!(html, "&lt;b&gt;&amp;&lt;/b&gt;");
    }

    #[test]
    fn every_stylesheet_colour_meets_aa_contrast() {
        let (light, dark) = stylesheets();
        for (css, bg_prefix) in [
            (light, "pre.code {"),
            (dark, "html[data-theme=\"dark\"] pre.code {"),
        ] {
            let bg_line = css.lines().find(|l| l.starts_with(bg_prefix)).unwrap();
            let bg = parse_hex(&bg_line[bg_line.find('#').unwrap()..][..7]).unwrap();
            let mut checked = 0;
            for line in css.lines().filter(|l| l.contains("{ color: #")) {
                let at = line.find("{ color: #").unwrap() + 9;
                let c = parse_hex(&line[at..at + 7]).unwrap();
                assert!(contrast(c, bg) >= 4.5, "{line} on {bg_line}");
                checked += 1;
            }
            assert!(checked > 5, "the stylesheet has token colours");
        }
    }
}
