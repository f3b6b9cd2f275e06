//! The print page (`print.html`, mdBook's `[output.html.print]`): every chapter's text in
//! reading order on one page, so that a reader can print or save the whole book at once.
//!
//! The chapters' HTML is the one their own pages show; only its references move. The page
//! sits at the site's root, so relative file links (images) are rebased there; every `id`
//! gets its chapter's prefix (`sub-a--part`) because two chapters may both have a `#part`;
//! and links between chapters become links within the page, so they still lead somewhere
//! on paper and on screen. Tags are read by the single-file export's tokenizer (`tags`).

use std::collections::HashMap;

use rayon::prelude::*;

use super::highlight::escape;
use super::tags::start_tags;

/// One chapter for the print page.
pub struct PrintChapter<'a> {
    /// Its page, below the site's root (`sub/a.html`).
    pub path: &'a str,
    /// Its heading as its page shows it (`<h1 …>…</h1>`).
    pub heading_html: String,
    pub content_html: &'a str,
}

/// The id of a chapter's part of the print page: its path as a slug (`sub/a.html` → `sub-a`).
pub fn chapter_anchor(path: &str) -> String {
    let stem = path.strip_suffix(".html").unwrap_or(path);
    let slug = crate::text::slugify(stem);
    if slug.is_empty() {
        "chapter".into()
    } else {
        slug
    }
}

/// The chapters, one `<section class="print-chapter">` each, in the order given.
pub fn print_html(chapters: &[PrintChapter]) -> String {
    let anchors: HashMap<&str, String> = chapters
        .iter()
        .map(|c| (c.path, chapter_anchor(c.path)))
        .collect();
    // Each chapter on its own, on every core: this runs after the chapters, when nothing
    // else is left to do, and tokenizing every page again is most of the print page's cost.
    let sections: Vec<String> = chapters
        .par_iter()
        .map(|c| {
            let anchor = &anchors[c.path];
            format!(
                "<section class=\"print-chapter\" id=\"{}\">\n{}\n{}\n</section>\n",
                escape(anchor),
                rewrite(&c.heading_html, c.path, anchor, &anchors),
                rewrite(c.content_html, c.path, anchor, &anchors)
            )
        })
        .collect();
    sections.concat()
}

/// Attributes that hold one id, or a list of them.
const ID_ATTRS: [&str; 2] = ["id", "for"];
const IDREF_LISTS: [&str; 4] = [
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
];

/// `html` of the chapter at `path` with its ids prefixed by `anchor` and its links moved to
/// the print page.
fn rewrite(html: &str, path: &str, anchor: &str, anchors: &HashMap<&str, String>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut last = 0;
    for tag in start_tags(html) {
        let touched = tag.attrs.iter().any(|a| {
            let n = &*a.name;
            ID_ATTRS.contains(&n) || IDREF_LISTS.contains(&n) || n == "href" || n == "src"
        });
        if !touched {
            continue;
        }
        out.push_str(&html[last..tag.range.start]);
        out.push('<');
        out.push_str(&tag.name);
        for a in &tag.attrs {
            let n = &*a.name;
            let v = if ID_ATTRS.contains(&n) {
                format!("{anchor}--{}", a.raw)
            } else if IDREF_LISTS.contains(&n) {
                a.raw
                    .split_whitespace()
                    .map(|id| format!("{anchor}--{id}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else if n == "href" || n == "src" {
                url(a.raw, &a.value, path, anchor, anchors)
            } else {
                a.raw.to_string()
            };
            out.push(' ');
            out.push_str(n);
            if !v.is_empty() || ID_ATTRS.contains(&n) {
                out.push_str("=\"");
                out.push_str(&v.replace('"', "&quot;"));
                out.push('"');
            }
        }
        if tag.self_closing {
            out.push_str(" /");
        }
        out.push('>');
        last = tag.range.end;
    }
    out.push_str(&html[last..]);
    out
}

/// One URL of the chapter at `path` (as written, and as read), for the print page.
fn url(raw: &str, url: &str, path: &str, anchor: &str, anchors: &HashMap<&str, String>) -> String {
    if let Some(frag) = url.strip_prefix('#') {
        return escape(&format!("#{anchor}--{frag}"));
    }
    if url.is_empty() || super::markdown::has_scheme(url) || url.starts_with('/') {
        return raw.to_string();
    }
    let (target, rest) = match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let resolved = super::markdown::join_from_page(path, target);
    let page = super::markdown::percent_decode(&resolved);
    if let Some(other) = anchors.get(page.as_str()) {
        return escape(&match rest.strip_prefix('#') {
            Some(frag) if !frag.is_empty() => format!("#{other}--{frag}"),
            _ => format!("#{other}"),
        });
    }
    escape(&super::markdown::relative_url(format!("{resolved}{rest}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_links_stay_in_the_page() {
        let chapters = [
            PrintChapter {
                path: "intro.html",
                heading_html: "<h1 id=\"intro\">Intro</h1>".into(),
                content_html: "<h2 id=\"part\"><a class=\"heading-link\" href=\"#part\">Part</a></h2><p><a href=\"sub/a.html#part\">a</a> <a href=\"sub/a.html\">page</a> <a href=\"https://x.org/#y\">out</a></p>",
            },
            PrintChapter {
                path: "sub/a.html",
                heading_html: "<h1>A</h1>".into(),
                content_html: "<h2 id=\"part\">Part</h2><img src=\"dot.svg\" alt=\"\"><label for=\"q\">Q</label><input id=\"q\"><div aria-labelledby=\"x y\"></div><a href=\"../intro.html#part\">back</a><a href=\"../other.html\">gone</a>",
            },
        ];
        let html = print_html(&chapters);
        assert!(html.contains("<section class=\"print-chapter\" id=\"intro\">"));
        assert!(html.contains("<section class=\"print-chapter\" id=\"sub-a\">"));
        assert!(
            html.contains(
                "<h2 id=\"intro--part\"><a class=\"heading-link\" href=\"#intro--part\">"
            ),
            "{html}"
        );
        assert!(html.contains("<a href=\"#sub-a--part\">a</a> <a href=\"#sub-a\">page</a> <a href=\"https://x.org/#y\">"), "{html}");
        assert!(html.contains("<h2 id=\"sub-a--part\">"));
        assert!(html.contains("<img src=\"sub/dot.svg\" alt>"), "{html}");
        assert!(
            html.contains("<label for=\"sub-a--q\">") && html.contains("<input id=\"sub-a--q\">")
        );
        assert!(html.contains("aria-labelledby=\"sub-a--x sub-a--y\""));
        assert!(
            html.contains("<a href=\"#intro--part\">back</a><a href=\"other.html\">gone</a>"),
            "{html}"
        );
    }
}
