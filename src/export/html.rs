//! `lectern export --format html`: the whole course in one self-contained HTML file that works
//! opened from disk with the network off.
//!
//! The site is rendered in memory exactly as `lectern build` renders it (same templates, same
//! assets), then folded into one document:
//!
//! - the frame (header, sidebar, footer) is a chapter page's, with its `<main>` emptied;
//! - every page's `<main>` becomes a `<template data-page="<route>">`, where the route is the
//!   page's path without `.html` (`runtime/v8-memory`; `""` for `index.html`, the front page:
//!   the contents, or the book's README chapter);
//! - links between pages become routes in the hash (`#/runtime/v8-memory#q-id`), links to files
//!   of the book (images) become `data:` URIs;
//! - stylesheets and scripts are inlined, with the search index and `search.js` (which a built
//!   site loads on first use) and the theme's `export.js`, which shows the page the hash names.
//!
//! `<html data-export>` tells the theme's scripts they run in a single file. The same input
//! gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render;
use crate::render::tags::start_tags;

use super::Exported;

/// Builds the single-file course for the book at `root`.
pub fn export(root: &Path) -> Result<Exported, Diagnostics> {
    let built = crate::build::site_in_memory(root)?;
    let files: BTreeMap<String, Vec<u8>> = built
        .site
        .files
        .iter()
        .map(|(path, file)| (path.clone(), file.bytes().to_vec()))
        .collect();
    let export_js = String::from_utf8_lossy(&built.theme.export_script).into_owned();
    let html =
        single_file(&built.config, &files, &built.chapter_paths, &export_js).map_err(|d| {
            let mut ds = Diagnostics::default();
            ds.push(d);
            ds
        })?;
    Ok(Exported {
        bytes: html.into_bytes(),
        diags: built.diags,
    })
}

/// Folds a rendered site (`path → bytes`) into one HTML document.
pub fn single_file(
    config: &Config,
    files: &BTreeMap<String, Vec<u8>>,
    chapter_paths: &[String],
    export_js: &str,
) -> Result<String, Diagnostic> {
    let text = |path: &str| {
        files
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    // The pages, in reading order: the front page (the contents, or the book's README
    // chapter), the chapters, every other page, 404 last; each once.
    let mut order: Vec<String> = vec!["index.html".into()];
    order.extend(
        chapter_paths
            .iter()
            .filter(|p| p.as_str() != "index.html")
            .cloned(),
    );
    let listed: BTreeSet<String> = order.iter().cloned().collect();
    order.extend(
        files
            .keys()
            // The print page holds every chapter again: the single file has them already.
            .filter(|p| {
                p.ends_with(".html")
                    && !listed.contains(*p)
                    && *p != "404.html"
                    && *p != "print.html"
            })
            .cloned(),
    );
    order.push("404.html".into());
    order.retain(|p| files.contains_key(p));
    let frame_path = chapter_paths
        .iter()
        .find(|p| files.contains_key(*p))
        .cloned()
        .unwrap_or_else(|| "index.html".into());
    let frame = text(&frame_path).ok_or_else(|| {
        Diagnostic::error(
            crate::config::CONFIG_FILE,
            None,
            "the book has no pages to export",
        )
    })?;
    let ctx = Rewrite {
        files,
        site_url: config.site_url.as_deref(),
    };

    // Scripts and stylesheets, in the order the pages load them.
    let mut data_scripts: Vec<String> = Vec::new();
    let mut asset_scripts: Vec<String> = Vec::new();
    // book.toml's `additional-js`: after every script of the theme, as on the built pages.
    let mut book_scripts: Vec<String> = Vec::new();
    let mut styles: Vec<String> = Vec::new();
    // Each page's scripts and stylesheets read on every core (each page is tokenized whole),
    // then taken in reading order.
    let loaded: Vec<Vec<(Loaded, String)>> = order
        .par_iter()
        .map(|path| loaded_files(&text(path).unwrap_or_default(), path, files))
        .collect();
    for (kind, t) in loaded.into_iter().flatten() {
        let list = match kind {
            Loaded::Style => &mut styles,
            Loaded::Script if config.additional_js.iter().any(|f| f.site_path == t) => {
                &mut book_scripts
            }
            Loaded::Script if t.starts_with("assets/") => &mut asset_scripts,
            Loaded::Script => &mut data_scripts,
        };
        if !list.contains(&t) {
            list.push(t);
        }
    }
    // qtypes.js (only some pages load it) goes before lectern.js, as on those pages.
    if let (Some(q), Some(l)) = (
        asset_scripts.iter().position(|p| p == "assets/qtypes.js"),
        asset_scripts.iter().position(|p| p == "assets/lectern.js"),
    ) {
        if q > l {
            let qtypes = asset_scripts.remove(q);
            asset_scripts.insert(l, qtypes);
        }
    }
    // Search is inlined: a single file has nothing to load later.
    for (list, path) in [
        (&mut data_scripts, "search-index.js"),
        (&mut asset_scripts, "assets/search.js"),
    ] {
        if files.contains_key(path) && !list.iter().any(|p| p == path) {
            list.push(path.to_string());
        }
    }

    let mut out = String::with_capacity(files.values().map(Vec::len).sum());
    out.push_str("<!DOCTYPE html>\n");
    let html_tag = start_tags(&frame).find(|t| t.name == "html");
    out.push_str("<html");
    for a in html_tag.iter().flat_map(|t| &t.attrs) {
        if a.name == "data-root" || a.name == "data-export" {
            continue;
        }
        push_attr(&mut out, &a.name, a.raw);
    }
    out.push_str(" data-root=\"\" data-export>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n",
        render::highlight::escape(&config.title)
    ));
    if !config.description.is_empty() {
        out.push_str(&format!(
            "<meta name=\"description\" content=\"{}\">\n",
            render::highlight::escape(&config.description)
        ));
    }
    out.push_str(&format!(
        "<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"generator\" content=\"Lectern {}\">\n",
        env!("CARGO_PKG_VERSION")
    ));
    // The reader's colour theme before the first paint; an export is its own site root.
    out.push_str("<script>(function(h){try{var s=JSON.parse(localStorage.getItem(\"lectern:\"+h.getAttribute(\"data-book\")+\":\"+location.href.replace(/[?#].*$/,\"\"))),t=s&&s.theme;if(t===\"auto\"||t===\"light\"||t===\"dark\")h.setAttribute(\"data-theme\",t)}catch(e){}})(document.documentElement)</script>\n");
    if let Some(icon) = files.get("assets/favicon.svg") {
        out.push_str(&format!(
            "<link rel=\"icon\" href=\"{}\" type=\"image/svg+xml\">\n",
            data_uri("assets/favicon.svg", icon)
        ));
    }
    for s in &styles {
        out.push_str("<style>\n");
        out.push_str(&inline_safe(&text(s).unwrap_or_default(), "style"));
        out.push_str("\n</style>\n");
    }
    out.push_str("</head>\n");

    // The frame: a chapter page's body without its content and its scripts.
    let body = between_tags(&frame, "body").ok_or_else(|| no_element(&frame_path, "body"))?;
    let (main_start, main_end) =
        element_content(body, "main").ok_or_else(|| no_element(&frame_path, "main"))?;
    let index = text("index.html").unwrap_or_default();
    let first = element_content(&index, "main")
        .map(|(s, e)| index[s..e].to_string())
        .unwrap_or_default();
    // The print page is left out of the file (it holds every chapter again), and so is the
    // header's link to it: printing the file prints the page shown.
    let header = strip_scripts(&body[..main_start]);
    let header = match header.find("<li class=\"nav-print\">") {
        Some(at) => match header[at..].find("</li>") {
            Some(end) => format!("{}{}", &header[..at], &header[at + end + "</li>".len()..]),
            None => header,
        },
        None => header,
    };
    let frame_body = format!(
        "{}{}{}",
        ctx.links(&header, &frame_path, false),
        ctx.links(&first, "index.html", true),
        ctx.links(&strip_scripts(&body[main_end..]), &frame_path, false)
    );
    let body_tag = start_tags(&frame).find(|t| t.name == "body");
    out.push_str("<body");
    for a in body_tag.iter().flat_map(|t| &t.attrs) {
        push_attr(&mut out, &a.name, a.raw);
    }
    out.push('>');
    out.push_str(frame_body.trim_end());
    out.push('\n');

    // Every page but the index (which is the first content of <main>) as a template, made on
    // every core and joined in reading order.
    let templates: Vec<String> = order
        .par_iter()
        .map(|path| template(&ctx, &text(path).unwrap_or_default(), path))
        .collect();
    for t in templates {
        out.push_str(&t);
    }

    let mut scripts: Vec<(String, String)> = data_scripts
        .iter()
        .map(|p| (p.clone(), text(p).unwrap_or_default()))
        .collect();
    scripts.push(("assets/export.js".into(), export_js.to_string()));
    scripts.extend(
        asset_scripts
            .iter()
            .chain(&book_scripts)
            .map(|p| (p.clone(), text(p).unwrap_or_default())),
    );
    for (path, js) in scripts {
        out.push_str(&format!(
            "<script data-file=\"{}\">\n",
            render::highlight::escape(&path)
        ));
        out.push_str(inline_safe(&js, "script").trim_end());
        out.push_str("\n</script>\n");
    }
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

/// What a page loads: a script or a stylesheet.
enum Loaded {
    Script,
    Style,
}

/// The site files the page at `path` loads (`<script src>`, `<link rel=stylesheet>`), in order.
fn loaded_files(
    html: &str,
    path: &str,
    files: &BTreeMap<String, Vec<u8>>,
) -> Vec<(Loaded, String)> {
    let mut found = Vec::new();
    for tag in start_tags(html) {
        let target = |attr_name: &str| {
            tag.value(attr_name)
                .map(|u| resolve(path, u))
                .filter(|t| files.contains_key(t))
        };
        if tag.name == "script" {
            found.extend(target("src").map(|t| (Loaded::Script, t)));
        } else if tag.name == "link"
            && tag.value("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("stylesheet"))
            })
        {
            found.extend(target("href").map(|t| (Loaded::Style, t)));
        }
    }
    found
}

/// The page at `path` as a `<template>` of the single file (its `<main>`'s content, links
/// rewritten, with its title, description and body class); empty when it has no `<main>`.
fn template(ctx: &Rewrite, html: &str, path: &str) -> String {
    let Some((s, e)) = element_content(html, "main") else {
        return String::new();
    };
    let route = route_of(path);
    let title = between_tags(html, "title").unwrap_or_default();
    let description = start_tags(html)
        .find(|t| t.name == "meta" && t.value("name") == Some("description"))
        .and_then(|t| t.value("content").map(str::to_string))
        .unwrap_or_default();
    let kind = start_tags(html)
        .find(|t| t.name == "body")
        .and_then(|t| t.value("class").map(str::to_string))
        .unwrap_or_default();
    let mut out = String::from("<template data-page=\"");
    out.push_str(&render::highlight::escape(&route));
    out.push_str("\" data-title=\"");
    // The title's text, as search reads text.
    out.push_str(&render::highlight::escape(&crate::render::search::text_of(
        title,
    )));
    out.push_str("\" data-description=\"");
    out.push_str(&render::highlight::escape(&description));
    out.push_str("\" data-class=\"");
    out.push_str(&render::highlight::escape(&kind));
    out.push_str("\">");
    if path != "index.html" {
        out.push_str(ctx.links(&html[s..e], path, true).trim());
    }
    out.push_str("</template>\n");
    out
}

fn no_element(path: &str, name: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        format!("the exported page has no <{name}> element"),
    )
    .with_hint(
        "a theme's base.html must keep `<body>` and `<main id=\"main\">` for `lectern export`",
    )
}

/// A page's route in the export's hash: its path without `.html`; `""` for the index.
pub fn route_of(path: &str) -> String {
    if path == "index.html" {
        String::new()
    } else {
        path.strip_suffix(".html").unwrap_or(path).to_string()
    }
}

/// Text for an inline `<script>` or `<style>`: nothing in it can end the element early.
fn inline_safe(code: &str, element: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let lower = code.to_ascii_lowercase();
    let end = format!("</{element}");
    let mut last = 0;
    let mut i = 0;
    while i < code.len() {
        if lower[i..].starts_with(&end) {
            out.push_str(&code[last..i]);
            out.push_str("<\\/");
            last = i + 2;
            i += 2;
        } else if element == "script" && code[i..].starts_with("<!--") {
            out.push_str(&code[last..i]);
            out.push_str("<\\!--");
            last = i + 4;
            i += 4;
        } else {
            i += code[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&code[last..]);
    out
}

/// Removes `<script …>…</script>` elements (the frame's scripts are inlined at the end).
fn strip_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        out.push_str(&rest[..at]);
        match rest[at..].find("</script>") {
            Some(end) => rest = &rest[at + end + "</script>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // Drop the blank lines the scripts leave.
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The text between `<name …>` and `</name>` (the first and the last of them).
fn between_tags<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    element_content(html, name).map(|(s, e)| &html[s..e])
}

/// Byte range of the content of the first `<name>` element, up to the last `</name>`.
fn element_content(html: &str, name: &str) -> Option<(usize, usize)> {
    let tag = start_tags(html).find(|t| t.name == name)?;
    let close = format!("</{name}>");
    let end = html.rfind(&close)?;
    (end >= tag.range.end).then_some((tag.range.end, end))
}

/// Writes ` name="value"` (a raw value, already escaped) or ` name` when it has none.
fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    if !value.is_empty() {
        out.push_str("=\"");
        out.push_str(&value.replace('"', "&quot;"));
        out.push('"');
    }
}

/// `from` (a page's path below the site root) joined with the relative URL `url` (its path
/// part), `.` and `..` resolved.
fn resolve(from: &str, url: &str) -> String {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let joined = render::markdown::join_from_page(from, path);
    render::markdown::percent_decode(&joined)
}

/// Rewrites the links of one page for the single file.
struct Rewrite<'a> {
    files: &'a BTreeMap<String, Vec<u8>>,
    site_url: Option<&'a str>,
}

impl Rewrite<'_> {
    /// `html` (from the page at `path`) with every `href` and `src` rewritten. `in_page`: the
    /// HTML is a page's content, so `#id` links become links to that id on its route.
    fn links(&self, html: &str, path: &str, in_page: bool) -> String {
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        for tag in start_tags(html) {
            if !tag
                .attrs
                .iter()
                .any(|a| a.name == "href" || a.name == "src")
            {
                continue;
            }
            out.push_str(&html[last..tag.range.start]);
            out.push('<');
            out.push_str(&tag.name);
            for a in &tag.attrs {
                if a.name == "href" || a.name == "src" {
                    push_attr(&mut out, &a.name, &self.url(a.raw, &a.value, path, in_page));
                } else {
                    push_attr(&mut out, &a.name, a.raw);
                }
            }
            out.push('>');
            last = tag.range.end;
        }
        out.push_str(&html[last..]);
        out
    }

    /// One URL of the page at `path` (as written, and as read), rewritten.
    fn url(&self, raw: &str, url: &str, path: &str, in_page: bool) -> String {
        if let Some(site) = self.site_url.filter(|s| !s.is_empty()) {
            // The 404 page links through the deployed address; in the file, it is the root.
            if let Some(rel) = url.strip_prefix(site) {
                return self.url(&render::highlight::escape(rel), rel, "index.html", in_page);
            }
        }
        if let Some(frag) = url.strip_prefix('#') {
            return if in_page && !frag.starts_with('/') {
                render::highlight::escape(&format!("#/{}#{frag}", route_of(path)))
            } else {
                raw.to_string()
            };
        }
        let has_scheme = url.find(':').is_some_and(|i| {
            url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if url.is_empty() || has_scheme || url.starts_with('/') {
            return raw.to_string();
        }
        let target = resolve(path, url);
        let frag = url.split_once('#').map(|(_, f)| f).unwrap_or("");
        let Some(bytes) = self.files.get(&target) else {
            return raw.to_string();
        };
        if target.ends_with(".html") {
            let mut r = format!("#/{}", route_of(&target));
            if !frag.is_empty() {
                r.push('#');
                r.push_str(frag);
            }
            return render::highlight::escape(&r);
        }
        data_uri(&target, bytes)
    }
}

/// A `data:` URI of a file, its type from its extension.
pub fn data_uri(path: &str, bytes: &[u8]) -> String {
    // A URL holds no spaces: `text/css;charset=utf-8`.
    let mime = crate::output::content_type(path).replace("; ", ";");
    format!("data:{mime};base64,{}", base64(bytes))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn paths_resolve_from_the_page() {
        assert_eq!(resolve("runtime/a.html", "../images/x.svg"), "images/x.svg");
        assert_eq!(resolve("runtime/a.html", "b.html#q-1"), "runtime/b.html");
        assert_eq!(
            resolve("index.html", "runtime/a%20b.html"),
            "runtime/a b.html"
        );
        assert_eq!(route_of("index.html"), "");
        assert_eq!(route_of("runtime/a.html"), "runtime/a");
    }

    #[test]
    fn inline_code_cannot_close_its_element() {
        assert_eq!(
            inline_safe("a('</SCRIPT>'); // <!-- x", "script"),
            "a('<\\/SCRIPT>'); // <\\!-- x"
        );
        assert_eq!(
            inline_safe("b{content:'</style>'}", "style"),
            "b{content:'<\\/style>'}"
        );
    }

    #[test]
    fn links_become_routes_and_files_data() {
        let mut files = BTreeMap::new();
        files.insert("runtime/b.html".to_string(), Vec::new());
        files.insert("index.html".to_string(), Vec::new());
        files.insert("images/x.svg".to_string(), b"<svg/>".to_vec());
        let r = Rewrite {
            files: &files,
            site_url: Some("https://example.org/c/"),
        };
        let html = r##"<p><a href="b.html#q-1">b</a> <a href="#top" class="x">top</a> <a href="../index.html">home</a> <img src="../images/x.svg" alt="X"> <a href="https://x.org/">out</a> <a href="https://example.org/c/index.html">site</a> <a href="missing.html">m</a></p>"##;
        assert_eq!(
            r.links(html, "runtime/a.html", true),
            r##"<p><a href="#/runtime/b#q-1">b</a> <a href="#/runtime/a#top" class="x">top</a> <a href="#/">home</a> <img src="data:image/svg+xml;base64,PHN2Zy8+" alt="X"> <a href="https://x.org/">out</a> <a href="#/">site</a> <a href="missing.html">m</a></p>"##
        );
        assert_eq!(
            r.links(r##"<a href="#main">skip</a>"##, "runtime/a.html", false),
            r##"<a href="#main">skip</a>"##
        );
    }
}
