//! `lectern export` as one HTML file: deterministic, self-contained (nothing to load but
//! itself), every page present as a route, and no broken link or anchor between them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use lectern::export::{export, Format};
use scraper::{Html, Selector};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example course exported once for all tests in this file.
fn exported() -> &'static str {
    static HTML: OnceLock<String> = OnceLock::new();
    HTML.get_or_init(|| match export(root(), Format::Html) {
        Ok(e) => {
            assert!(e.diags.is_empty(), "no warnings: {:?}", e.diags);
            String::from_utf8(e.bytes).expect("UTF-8")
        }
        Err(d) => panic!(
            "the example course does not export:\n{}",
            d.render_all(root())
        ),
    })
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// The pages of the export: route -> (attributes of the template, its content).
fn templates(html: &str) -> BTreeMap<String, (BTreeMap<String, String>, String)> {
    let mut out = BTreeMap::new();
    // The templates come before the inline scripts (whose text may mention templates).
    let mut rest = &html[..html.find("<script data-file").unwrap()];
    while let Some(at) = rest.find("<template ") {
        let tag_end = at + rest[at..].find('>').unwrap();
        let end = rest[tag_end..].find("</template>").unwrap() + tag_end;
        // `<template a="x" b="y">`: the attributes (values never hold `"`).
        let attrs: BTreeMap<String, String> = rest[at + "<template ".len()..tag_end]
            .split("\" ")
            .filter_map(|kv| kv.trim().split_once("=\""))
            .map(|(k, v)| {
                let v = v.trim_end_matches('"');
                (k.to_string(), v.replace("&amp;", "&").replace("&#39;", "'"))
            })
            .collect();
        out.insert(
            attrs["data-page"].clone(),
            (attrs, rest[tag_end + 1..end].to_string()),
        );
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_same_book_exports_to_the_same_bytes() {
    let again = export(root(), Format::Html).unwrap();
    assert_eq!(again.bytes, exported().as_bytes());
    // And through the command, which also says how big the file is.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
    for out in [&a, &b] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_lectern"))
            .arg("export")
            .arg(root())
            .arg("-o")
            .arg(out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let said = String::from_utf8_lossy(&o.stderr);
        assert!(
            said.contains("Wrote") && said.contains(" KB)"),
            "prints the size: {said}"
        );
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(std::fs::read(&a).unwrap(), exported().as_bytes());
}

#[test]
fn the_file_is_self_contained() {
    let html = exported();
    let doc = Html::parse_document(html);
    let root = doc.select(&sel("html")).next().unwrap();
    assert!(
        root.value().attr("data-export").is_some(),
        "the scripts know they run in one file"
    );
    assert_eq!(root.value().attr("lang"), Some("en"));
    assert_eq!(
        root.value().attr("data-book"),
        Some("node-js-in-production")
    );
    assert_eq!(root.value().attr("data-root"), Some(""));
    assert_eq!(
        doc.select(&sel("title")).next().unwrap().inner_html(),
        "Node.js in production"
    );
    assert!(doc.select(&sel("meta[name=description]")).next().is_some());

    // Nothing is loaded from elsewhere: no script or stylesheet by URL, every image inline.
    assert_eq!(doc.select(&sel("script[src]")).count(), 0);
    assert_eq!(doc.select(&sel("link[rel=stylesheet]")).count(), 0);
    assert!(doc.select(&sel("style")).count() >= 1);
    let icon = doc.select(&sel("link[rel=icon]")).next().unwrap();
    assert!(icon
        .value()
        .attr("href")
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    let scripts: Vec<&str> = doc
        .select(&sel("script[data-file]"))
        .map(|s| s.value().attr("data-file").unwrap())
        .collect();
    for needed in [
        "book-data.js",
        "search-index.js",
        "assets/export.js",
        "assets/lectern.js",
        "assets/search.js",
    ] {
        assert!(
            scripts.contains(&needed),
            "{needed} is inlined: {scripts:?}"
        );
    }
    let pos = |f: &str| scripts.iter().position(|s| *s == f).unwrap();
    assert!(
        pos("assets/export.js") < pos("assets/lectern.js"),
        "export.js shows the page before lectern.js starts its widgets"
    );
    for (route, (_, content)) in templates(html) {
        let frag = Html::parse_fragment(&content);
        for e in frag.select(&sel("[src]")) {
            let src = e.value().attr("src").unwrap();
            assert!(src.starts_with("data:"), "#/{route}: {src} is inline");
        }
        for e in frag.select(&sel("a[href]")) {
            let href = e.value().attr("href").unwrap();
            assert!(
                href.starts_with("#/")
                    || href.starts_with("https://")
                    || href.starts_with("http://")
                    || href.starts_with("mailto:"),
                "#/{route}: {href} is a route or leaves the course on purpose"
            );
        }
    }
    // The inline scripts cannot be cut short by their content.
    for s in doc.select(&sel("script")) {
        assert!(!s.inner_html().to_ascii_lowercase().contains("</script"));
    }
}

#[test]
fn every_page_is_a_route_and_every_link_and_anchor_resolves() {
    let html = exported();
    let pages = templates(html);
    let routes: BTreeSet<&str> = pages.keys().map(String::as_str).collect();
    for r in [
        "",
        "intro",
        "runtime/event-loop",
        "runtime/v8-memory",
        "operating/streams-and-errors",
        "operating/observability",
        "questions",
        "404",
    ] {
        assert!(routes.contains(r), "#/{r} is in the file: {routes:?}");
    }
    assert_eq!(
        pages["runtime/v8-memory"].0["data-title"],
        "V8, memory & frameworks · Node.js in production"
    );
    assert_eq!(pages["runtime/v8-memory"].0["data-class"], "kind-chapter");
    // The contents page is <main>'s first content (held once).
    let doc = Html::parse_document(html);
    let main = doc.select(&sel("main#main")).next().unwrap();
    assert!(main.select(&sel("nav.toc")).next().is_some());
    assert!(pages[""].1.is_empty());

    // Every id of every page, then every link to a route (from pages and from the frame).
    let contents = main.inner_html();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (route, (_, content)) in &pages {
        let content = if route.is_empty() { &contents } else { content };
        let frag = Html::parse_fragment(content);
        ids.insert(
            route,
            frag.select(&sel("[id]"))
                .map(|e| e.value().id().unwrap().to_string())
                .collect(),
        );
    }
    let mut links = Vec::new();
    for (route, (_, content)) in &pages {
        let content = if route.is_empty() { &contents } else { content };
        let frag = Html::parse_fragment(content);
        links.extend(
            frag.select(&sel("a[href^='#/']"))
                .map(|a| (route.clone(), a.value().attr("href").unwrap().to_string())),
        );
    }
    links.extend(
        doc.select(&sel("header a[href], footer a[href], .skip-link"))
            .map(|a| {
                (
                    "(frame)".to_string(),
                    a.value().attr("href").unwrap().to_string(),
                )
            }),
    );
    assert!(links.len() > 100, "links checked: {}", links.len());
    let mut checked_anchors = 0;
    for (from, href) in &links {
        if href == "#main" {
            continue; // the skip link, to the frame's own <main>
        }
        let rest = href
            .strip_prefix("#/")
            .unwrap_or_else(|| panic!("{from}: {href} is a route"));
        let (route, anchor) = rest.split_once('#').unwrap_or((rest, ""));
        assert!(
            routes.contains(route),
            "{from}: {href} leads to a page of the file"
        );
        if !anchor.is_empty() && !anchor.contains('=') {
            assert!(
                ids[route].contains(anchor),
                "{from}: {href}: #{anchor} exists on #/{route}"
            );
            checked_anchors += 1;
        }
    }
    assert!(checked_anchors > 30, "anchors checked: {checked_anchors}");
    // The browse-all page's link into the questions of a chapter keeps its filter.
    assert!(links
        .iter()
        .any(|(_, h)| h == "#/questions#chapter=runtime/v8-memory"));
}

#[test]
fn a_book_with_errors_does_not_export() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/a.md"),
        "---\ntitle: A\n---\n\nSee [b](missing.md).\n",
    )
    .unwrap();
    let err = export(dir.path(), Format::Html).err().expect("an error");
    assert!(err.has_errors());
    // A small correct book exports, its image inlined.
    std::fs::write(
        dir.path().join("content/a.md"),
        "---\ntitle: A\n---\n\n## Pic\n\n![a dot](dot.svg)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/dot.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let ok = export(dir.path(), Format::Html).unwrap();
    let html = String::from_utf8(ok.bytes).unwrap();
    assert!(html.contains("src=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=\""));
    assert!(html.contains("<template data-page=\"a\""));
}

#[test]
fn a_books_export_js_is_inlined_by_the_export_and_not_copied_into_its_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/a.md"), "---\ntitle: A\n---\n\nText.\n").unwrap();
    std::fs::create_dir_all(root.join("theme/assets")).unwrap();
    std::fs::write(
        root.join("theme/assets/export.js"),
        "window.OVERRIDDEN_ROUTER = 1;\n",
    )
    .unwrap();
    let html = String::from_utf8(export(root, Format::Html).unwrap().bytes).unwrap();
    assert!(html.contains("<script data-file=\"assets/export.js\">\nwindow.OVERRIDDEN_ROUTER = 1;"));
    let dest = root.join("site");
    lectern::build(
        root,
        &lectern::BuildOptions {
            dest: Some(dest.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(dest.join("assets/lectern.js").is_file());
    assert!(!dest.join("assets/export.js").exists());
}

#[test]
fn a_right_to_left_book_exports_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/a.md"), "---\ntitle: A\n---\n\nText.\n").unwrap();
    for (language, dir) in [("ar-EG", "rtl"), ("en", "ltr")] {
        std::fs::write(
            root.join("book.toml"),
            format!("[book]\ntitle = \"T\"\nlanguage = \"{language}\"\n"),
        )
        .unwrap();
        let html = String::from_utf8(export(root, Format::Html).unwrap().bytes).unwrap();
        let tag = &html[html.find("<html").unwrap()..];
        let tag = &tag[..tag.find('>').unwrap()];
        assert!(
            tag.contains(&format!(" lang=\"{language}\" dir=\"{dir}\"")),
            "{tag}"
        );
    }
}

#[test]
fn a_pages_title_and_description_are_its_text_escaped_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/a.md"),
        "---\ntitle: \"Tom & <Jerry>\"\nsummary: \"Cat & \\\"mouse\\\" <3\"\n---\n\nText.\n",
    )
    .unwrap();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    let html = String::from_utf8(export(root, Format::Html).unwrap().bytes).unwrap();
    let page = Html::parse_document(&html);
    let template = page
        .select(&sel("template[data-page=a]"))
        .next()
        .expect("the chapter's template");
    let attr = |name: &str| template.value().attr(name).unwrap().to_string();
    assert!(
        attr("data-title").starts_with("Tom & <Jerry>"),
        "{}",
        attr("data-title")
    );
    assert_eq!(attr("data-description"), "Cat & \"mouse\" <3");
}
