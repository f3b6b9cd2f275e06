//! Site hygiene: every page has its language, title, description and icons; the 404 page is
//! kept out of search engines; `sitemap.xml` and canonical URLs when `site-url` is a full URL.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

/// Builds a two-chapter book with `extra` appended to its book.toml; returns (temp dir, site).
fn build(extra: &str, description: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("book.toml"),
        format!("[book]\ntitle = \"Hygiene\"\nlanguage = \"de\"\ndescription = \"{description}\"\n{extra}"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/part")).unwrap();
    std::fs::write(
        root.join("content/SUMMARY.md"),
        "# Summary\n\n- [Eins](eins.md)\n- [Zwei](part/zwei.md)\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/eins.md"),
        "---\ntitle: Eins\nsummary: Das erste Kapitel.\n---\n\n## A\n\nText.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/part/zwei.md"),
        "---\ntitle: Zwei\n---\n\n## B\n\nText.\n",
    )
    .unwrap();
    let site = root.join("site");
    if let Err(d) = lectern::build(root, &lectern::BuildOptions::default()) {
        panic!("{}", d.render_all(root));
    }
    (dir, site)
}

fn pages(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walk(site) {
        let rel = e
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".html") {
            out.push(rel);
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn doc(site: &Path, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(site.join(rel)).unwrap())
}

fn attrs(d: &Html, css: &str, attr: &str) -> Vec<String> {
    d.select(&Selector::parse(css).unwrap())
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

#[test]
fn every_page_has_language_title_description_and_icons() {
    let (_dir, site) = build("", "Ein Buch.");
    let all = pages(&site);
    for p in [
        "index.html",
        "questions.html",
        "404.html",
        "eins.html",
        "part/zwei.html",
    ] {
        assert!(all.iter().any(|a| a == p), "{p} is built: {all:?}");
    }
    for p in &all {
        let d = doc(&site, p);
        assert_eq!(
            attrs(&d, "html", "lang"),
            ["de"],
            "{p}: lang from book.toml"
        );
        let titles: Vec<String> = d
            .select(&Selector::parse("head title").unwrap())
            .map(|t| t.text().collect())
            .collect();
        assert_eq!(titles.len(), 1, "{p}: one title");
        assert!(titles[0].contains("Hygiene"), "{p}: {titles:?}");
        let desc = attrs(&d, "meta[name=description]", "content");
        assert_eq!(desc.len(), 1, "{p}: one description");
        assert!(!desc[0].is_empty(), "{p}: description");
        // Icons: the SVG, an ICO fallback and the touch icon, all present in the site.
        let root = "../".repeat(p.matches('/').count());
        let mut icons = attrs(&d, "link[rel=icon]", "href");
        icons.extend(attrs(&d, "link[rel=apple-touch-icon]", "href"));
        assert_eq!(
            icons,
            [
                format!("{root}assets/favicon.ico"),
                format!("{root}assets/favicon.svg"),
                format!("{root}assets/apple-touch-icon.png")
            ],
            "{p}"
        );
        for i in &icons {
            let file = site.join(p).parent().unwrap().join(i);
            assert!(
                std::fs::metadata(&file).is_ok_and(|m| m.len() > 100),
                "{p}: {i}"
            );
        }
        let robots = attrs(&d, "meta[name=robots]", "content");
        if p == "404.html" {
            assert_eq!(
                robots,
                ["noindex"],
                "the 404 page stays out of search engines"
            );
        } else {
            assert!(robots.is_empty(), "{p}");
        }
        assert!(
            attrs(&d, "link[rel=canonical]", "href").is_empty(),
            "{p}: no site-url, no canonical URL"
        );
    }
    // Chapter pages describe themselves; others the book.
    assert_eq!(
        attrs(
            &doc(&site, "eins.html"),
            "meta[name=description]",
            "content"
        ),
        ["Das erste Kapitel."]
    );
    assert_eq!(
        attrs(
            &doc(&site, "part/zwei.html"),
            "meta[name=description]",
            "content"
        ),
        ["Ein Buch."]
    );
    assert!(!site.join("sitemap.xml").exists());
    let ico = std::fs::read(site.join("assets/favicon.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "a real ICO file");
    let png = std::fs::read(site.join("assets/apple-touch-icon.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
}

#[test]
fn no_description_means_no_empty_meta() {
    let (_dir, site) = build("", "");
    assert!(attrs(
        &doc(&site, "index.html"),
        "meta[name=description]",
        "content"
    )
    .is_empty());
    assert_eq!(
        attrs(
            &doc(&site, "eins.html"),
            "meta[name=description]",
            "content"
        ),
        ["Das erste Kapitel."]
    );
}

#[test]
fn a_full_site_url_gives_a_sitemap_and_canonical_urls() {
    let (_dir, site) = build(
        "[output.html]\nsite-url = \"https://example.org/kurs\"\n",
        "Ein Buch.",
    );
    let map = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    for loc in [
        "index.html",
        "questions.html",
        "eins.html",
        "part/zwei.html",
    ] {
        assert!(
            map.contains(&format!("<loc>https://example.org/kurs/{loc}</loc>")),
            "{loc} in {map}"
        );
    }
    assert!(!map.contains("404.html"));
    assert_eq!(
        attrs(&doc(&site, "part/zwei.html"), "link[rel=canonical]", "href"),
        ["https://example.org/kurs/part/zwei.html"]
    );
    assert!(attrs(&doc(&site, "404.html"), "link[rel=canonical]", "href").is_empty());
    // The 404 page links through the deployed address, so it works at any depth.
    assert!(attrs(&doc(&site, "404.html"), "a", "href")
        .iter()
        .any(|h| h == "https://example.org/kurs/index.html"));
}

#[test]
fn a_site_url_that_is_only_a_path_gives_no_sitemap() {
    let (_dir, site) = build("[output.html]\nsite-url = \"/kurs/\"\n", "Ein Buch.");
    assert!(
        !site.join("sitemap.xml").exists(),
        "a sitemap needs absolute URLs"
    );
    assert!(attrs(&doc(&site, "eins.html"), "link[rel=canonical]", "href").is_empty());
    assert!(attrs(&doc(&site, "404.html"), "a", "href")
        .iter()
        .any(|h| h == "/kurs/index.html"));
}
