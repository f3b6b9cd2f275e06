//! Font Awesome icons as mdBook books write them (`<i class="fa fa-github"></i>`,
//! `<i class="fas fa-print"></i>`), drawn as inline SVG at build time: mdBook 0.5 does the same
//! with Font Awesome's own drawings; Lectern fetches no icon font, so it draws a small set of its
//! own (simple strokes on a 16-unit grid) under Font Awesome's names, old and new.

/// An icon's drawing: the inside of a 16×16 `<svg>`, stroked with the text colour.
fn drawing(name: &str) -> Option<&'static str> {
    Some(match name {
        "eye" => {
            r#"<path d="M1 8s2.5-5 7-5 7 5 7 5-2.5 5-7 5-7-5-7-5z"/><circle cx="8" cy="8" r="2"/>"#
        }
        "print" => r#"<path d="M4 6V1.5h8V6M4 12H2V6.5h12V12h-2"/><path d="M4 9.5h8v5H4z"/>"#,
        "bars" | "navicon" | "reorder" => r#"<path d="M2 4h12M2 8h12M2 12h12"/>"#,
        "magnifying-glass" | "search" => {
            r#"<circle cx="7" cy="7" r="4.5"/><path d="M10.5 10.5l4 4"/>"#
        }
        "pencil" | "pen" | "edit" | "pencil-alt" | "pen-to-square" => {
            r#"<path d="M11 2.5l2.5 2.5L5 13.5H2.5V11z"/><path d="M9.5 4L12 6.5"/>"#
        }
        "play" => r#"<path d="M4.5 2.5v11l9-5.5z"/>"#,
        "paintbrush" | "paint-brush" => {
            r#"<path d="M14 2L7.5 8.5"/><path d="M7.5 8.5c-1.5-1-4 0-4 2.5 0 1.5-1 2.5-2 2.5 2 1.5 6 1 6-2.5z"/>"#
        }
        "code-fork" => {
            r#"<circle cx="4" cy="3" r="1.5"/><circle cx="12" cy="3" r="1.5"/><circle cx="8" cy="13" r="1.5"/><path d="M4 4.5V6c0 1.5 4 1.5 4 3.5v2M12 4.5V6c0 1.5-4 1.5-4 3.5"/>"#
        }
        "clock-rotate-left" | "history" => {
            r#"<path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9"/><path d="M2 2v3h3"/><path d="M8 5v3l2 1.5"/>"#
        }
        // A repository (a bound book), not GitHub's mark: the link text names the host.
        "github" | "github-alt" | "github-square" | "gitlab" | "git" | "git-alt"
        | "code-branch" => {
            r#"<path d="M3.5 13V3a1 1 0 0 1 1-1h8v9.5h-8a1 1 0 0 0-1 1.5 1 1 0 0 0 1 1h8"/><path d="M6 5h4"/>"#
        }
        "heart" => {
            r#"<path d="M8 14S1.5 10 1.5 5.5A3 3 0 0 1 8 4a3 3 0 0 1 6.5 1.5C14.5 10 8 14 8 14z"/>"#
        }
        "user" => r#"<circle cx="8" cy="5" r="3"/><path d="M2 14.5c0-3 2.7-5 6-5s6 2 6 5"/>"#,
        "check" | "circle-check" | "check-circle" => r#"<path d="M2.5 8.5L6 12l7.5-8"/>"#,
        "xmark" | "times" | "close" | "remove" => r#"<path d="M3.5 3.5l9 9M12.5 3.5l-9 9"/>"#,
        "circle-info" | "info-circle" | "info" => {
            r#"<circle cx="8" cy="8" r="6.5"/><path d="M8 7v4.5M8 4.5V5"/>"#
        }
        "triangle-exclamation" | "exclamation-triangle" | "warning" => {
            r#"<path d="M8 1.5L15 14H1z"/><path d="M8 6v4M8 11.5v.5"/>"#
        }
        "circle-question" | "question-circle" | "question" => {
            r#"<circle cx="8" cy="8" r="6.5"/><path d="M6 6.2a2 2 0 1 1 2.5 1.9c-.4.1-.5.4-.5.9v.5M8 11.5v.5"/>"#
        }
        "lightbulb" | "lightbulb-o" => {
            r#"<path d="M5.5 11.5c0-2-2-3-2-5.5a4.5 4.5 0 0 1 9 0c0 2.5-2 3.5-2 5.5z"/><path d="M6 14h4"/>"#
        }
        "link" => {
            r#"<path d="M7 9a3 3 0 0 0 4.2 0l2.3-2.3a3 3 0 0 0-4.2-4.2l-.8.8"/><path d="M9 7a3 3 0 0 0-4.2 0L2.5 9.3a3 3 0 0 0 4.2 4.2l.8-.8"/>"#
        }
        "arrow-up-right-from-square" | "external-link" | "external-link-alt" => {
            r#"<path d="M9 2.5h4.5V7M13.5 2.5L7 9"/><path d="M11.5 9.5v4h-9v-9h4"/>"#
        }
        "book" => {
            r#"<path d="M8 3.5C6.5 2.5 4 2 1.5 2.5v10c2.5-.5 5 0 6.5 1 1.5-1 4-1.5 6.5-1v-10C12 2 9.5 2.5 8 3.5zM8 3.5v10"/>"#
        }
        "star" => {
            r#"<path d="M8 1.5l2 4.3 4.6.5-3.4 3.1 1 4.6L8 11.6 3.8 14l1-4.6-3.4-3.1L6 5.8z"/>"#
        }
        "copy" | "clipboard" => {
            r#"<rect x="5" y="5" width="9" height="9" rx="1"/><path d="M11 5V2.5a.5.5 0 0 0-.5-.5h-8a.5.5 0 0 0-.5.5v8a.5.5 0 0 0 .5.5H5"/>"#
        }
        _ => return None,
    })
}

/// Font Awesome's style classes: they say which set an icon is from, not which icon.
const STYLES: &[&str] = &[
    "fa",
    "fas",
    "far",
    "fab",
    "fal",
    "fad",
    "fa-solid",
    "fa-regular",
    "fa-brands",
    "fa-light",
    "fa-thin",
    "fa-duotone",
    "fa-fw",
    "fa-lg",
    "fa-xs",
    "fa-sm",
    "fa-1x",
    "fa-2x",
    "fa-3x",
    "fa-spin",
    "fa-pulse",
];

/// What became of the icons in a piece of raw HTML.
#[derive(Debug, Default, PartialEq)]
pub struct Icons {
    /// The HTML with each known icon drawn.
    pub html: String,
    /// The names of icons Lectern does not draw (left as they were: an empty `<i>`).
    pub unknown: Vec<String>,
}

/// Draws every empty Font Awesome `<i>` of `html` (an `<i>` with text inside is left alone, as
/// mdBook leaves it). `None` when `html` has none.
pub fn draw(html: &str) -> Option<Icons> {
    if !html.contains("<i ") {
        return None;
    }
    let mut out = Icons::default();
    let mut rest = html;
    let mut found = false;
    while let Some(start) = rest.find("<i ") {
        out.html.push_str(&rest[..start]);
        let tag_end = match rest[start..].find('>') {
            Some(e) => start + e + 1,
            None => break,
        };
        let tag = &rest[start..tag_end];
        let after = &rest[tag_end..];
        let closes = after.trim_start().starts_with("</i>");
        match icon_name(tag).filter(|_| closes) {
            Some(name) => {
                found = true;
                out.html.push_str(tag);
                match drawing(&name) {
                    Some(d) => out.html.push_str(&format!(
                        "<svg class=\"fa-svg\" viewBox=\"0 0 16 16\" width=\"1em\" height=\"1em\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\" aria-hidden=\"true\" focusable=\"false\">{d}</svg>"
                    )),
                    None => out.unknown.push(name),
                }
            }
            None => out.html.push_str(tag),
        }
        rest = after;
    }
    out.html.push_str(rest);
    found.then_some(out)
}

/// The icon an `<i …>` tag names (`fa-github` → `github`), if it is a Font Awesome icon.
fn icon_name(tag: &str) -> Option<String> {
    let class = attribute(tag, "class")?;
    let classes: Vec<&str> = class.split_whitespace().collect();
    if !classes
        .iter()
        .any(|c| matches!(*c, "fa" | "fas" | "far" | "fab") || c.starts_with("fa-"))
    {
        return None;
    }
    classes
        .iter()
        .filter(|c| !STYLES.contains(c))
        .find_map(|c| c.strip_prefix("fa-"))
        .map(str::to_string)
}

/// The value of `name="…"` (or `'…'`) in a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = lower[..at].ends_with(|c: char| c.is_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - rest.len() + 1;
        let value = tag[value_at..].trim_start();
        let quote = value.chars().next()?;
        if quote == '"' || quote == '\'' {
            let body = &value[1..];
            return body.find(quote).map(|e| &body[..e]);
        }
        return value.split(|c: char| c.is_whitespace() || c == '>').next();
    }
    None
}

/// Every icon name [`draw`] knows, for the hint when it meets one it does not.
pub const SOME_NAMES: &str = "book, bars, check, circle-info, circle-question, clock-rotate-left, code-fork, copy, eye, github, heart, lightbulb, link, magnifying-glass, paintbrush, pencil, play, print, star, triangle-exclamation, user, xmark";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_icons_are_drawn_and_others_left_alone() {
        let d = draw(
            "<p>Edit <i class=\"fa fa-pencil\"></i> or <i class=\"fas fa-heart\">text</i>.</p>",
        )
        .unwrap();
        assert!(
            d.html
                .contains("<i class=\"fa fa-pencil\"><svg class=\"fa-svg\""),
            "{}",
            d.html
        );
        assert!(d.html.contains("<i class=\"fas fa-heart\">text</i>"));
        assert!(d.unknown.is_empty());
        let d =
            draw("<i id=\"x\" class='fa-solid fa-cat extra'></i><i class=\"fab fa-github\"></i>")
                .unwrap();
        assert_eq!(d.unknown, ["cat"]);
        assert_eq!(d.html.matches("<svg").count(), 1);
        assert!(draw("<i>plain</i>").is_none());
        assert!(draw("<i class=\"italic\"></i>").is_none());
    }

    #[test]
    fn the_hint_names_only_drawn_icons() {
        for name in SOME_NAMES.split(", ") {
            assert!(drawing(name).is_some(), "{name}");
        }
    }
}
