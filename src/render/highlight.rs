//! Build-time syntax highlighting with syntect: code becomes spans with `hl-` classes, and the
//! colours live in two generated stylesheets (light and dark), so pages carry no inline colours
//! and the reader's light/dark choice applies to code too.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

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
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            // A grammar failure is syntect's problem, not the author's: show the code plainly.
            return Highlighted::Plain(escape(code));
        }
    }
    Highlighted::Code(generator.finalize())
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
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
    out
}

/// The two highlighting stylesheets: `(light, dark)`. The dark one applies when the page is
/// in dark mode, chosen by the reader (`html[data-theme=dark]`) or by the OS while the page
/// follows it (`data-theme=auto`). Colours that would fall below WCAG AA contrast on the
/// theme's background are darkened or lightened until they pass.
pub fn stylesheets() -> (String, String) {
    let themes = two_face::theme::extra();
    let light = themes.get(two_face::theme::EmbeddedThemeName::ColdarkCold);
    let dark = themes.get(two_face::theme::EmbeddedThemeName::ColdarkDark);
    let light_css = theme_css(light, &[""]);
    let dark_rules = theme_css(dark, &["html[data-theme=\"dark\"] "]);
    let dark_auto = theme_css(dark, &["html[data-theme=\"auto\"] "]);
    let dark_css = format!("{dark_rules}\n@media (prefers-color-scheme: dark) {{\n{dark_auto}}}\n");
    (light_css, dark_css)
}

fn theme_css(theme: &Theme, prefixes: &[&str]) -> String {
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let fg = theme.settings.foreground.unwrap_or(Color::BLACK);
    let css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
    let mut out = String::new();
    for prefix in prefixes {
        out.push_str(&format!(
            "{prefix}pre.code {{ background-color: {}; color: {}; }}\n",
            hex(bg),
            hex(readable(fg, bg))
        ));
        for line in css.lines() {
            let trimmed = line.trim();
            // syntect writes one selector list per line ending in `{`, and one declaration per line.
            if trimmed.starts_with('.') && trimmed.ends_with('{') {
                let selectors = trimmed.trim_end_matches('{').trim();
                let scoped: Vec<String> = selectors
                    .split(',')
                    .map(|s| format!("{prefix}pre.code {}", s.trim()))
                    .collect();
                out.push_str(&scoped.join(", "));
                out.push_str(" {\n");
            } else if let Some(value) = trimmed.strip_prefix("color:") {
                let value = value.trim().trim_end_matches(';');
                match parse_hex(value) {
                    Some(c) => out.push_str(&format!(" color: {};\n", hex(readable(c, bg)))),
                    None => out.push_str(&format!(" {trimmed}\n")),
                }
            } else if trimmed.starts_with("background-color:") {
                // Token backgrounds would fight the page's own; the block background is set above.
            } else if trimmed.starts_with("/*") || trimmed.is_empty() {
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

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
        assert!(html.contains("class=\"hl-"), "{html}");
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
            for line in css.lines().filter(|l| l.trim_start().starts_with("color:")) {
                let c = parse_hex(
                    line.trim()
                        .trim_start_matches("color:")
                        .trim()
                        .trim_end_matches(';'),
                )
                .unwrap();
                assert!(contrast(c, bg) >= 4.5, "{line} on {bg_line}");
            }
            assert!(css.contains("hl-"));
        }
    }
}
