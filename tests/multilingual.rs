//! A book in two languages (tests/fixtures/multilingual: English, and French with one
//! chapter untranslated and one stale): both are built, in one atomic build, with language
//! switchers that lead to the same page in the other language; check reports what the
//! translation lacks; `serve`'s builder rebuilds a translated page when it is edited.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::files_in;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multilingual")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A working copy of the fixture (builds write into it).
fn book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    dir
}

fn build(root: &Path) -> lectern::BuildReport {
    match lectern::build(root, &Default::default()) {
        Ok(r) => r,
        Err(d) => panic!("the build failed:\n{}", d.render_all(root)),
    }
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("site").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Links as (hreflang, href).
type Links = Vec<(String, String)>;

/// The `href`s of the language switcher and of the `<link rel="alternate">`s of a page, with
/// each link's `hreflang`.
fn language_links(html: &str) -> (Links, Links) {
    let attr = |tag: &str, name: &str| -> String {
        let key = format!(" {name}=\"");
        let start = tag
            .find(&key)
            .map(|i| i + key.len())
            .unwrap_or_else(|| panic!("no {name} in {tag}"));
        tag[start..][..tag[start..].find('"').unwrap()].to_string()
    };
    let tags = |from: &str, open: &str| -> Links {
        from.match_indices(open)
            .map(|(i, _)| {
                let tag = &from[i..][..from[i..].find('>').unwrap()];
                (attr(tag, "hreflang"), attr(tag, "href"))
            })
            .collect()
    };
    let nav = html
        .find("<nav class=\"lang-switch\"")
        .map(|start| &html[start..][..html[start..].find("</nav>").unwrap()])
        .expect("the page has a language switcher");
    (tags(nav, "<a href="), tags(html, "<link rel=\"alternate\""))
}

/// `href` followed from the page at `page` (relative to `site`), as a path below `site`.
fn follow(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('#').next().unwrap().split('/') {
        match part {
            ".." => {
                assert!(parts.pop().is_some(), "{href} from {page} leaves the site");
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[test]
fn builds_every_language_into_its_own_folder() {
    let dir = book();
    let root = dir.path();
    build(root);
    let site = files_in(&root.join("site"));
    for page in [
        "index.html",
        "intro.html",
        "creatures/anemone.html",
        "creatures/crab.html",
        "questions.html",
        "progress.html",
        "review.html",
        "404.html",
        "book-data.js",
        "search-index.js",
        "review-data.js",
        "assets/lectern.js",
        "images/pool.svg",
    ] {
        assert!(site.contains_key(page), "{page} is missing");
        assert!(
            site.contains_key(&format!("fr/{page}")),
            "fr/{page} is missing"
        );
    }
    let fr = read(root, "fr/creatures/anemone.html");
    assert!(fr.contains("<html lang=\"fr\""), "{}", &fr[..300]);
    assert!(fr.contains("tentacules urticants"));
    assert!(fr.contains("Mares de rochers"), "the translation's title");
    // Its own interface strings, and book.toml's overrides for the language.
    assert!(fr.contains(">Sommaire</a>"), "[languages.fr.strings]");
    assert!(!read(root, "creatures/anemone.html").contains("Sommaire"));
    assert!(fr.contains("aria-label=\"Langues\""));
    // The French contents page names the chapters by their translated titles, the
    // untranslated one by its own.
    let contents = read(root, "fr/index.html");
    assert!(contents.contains("Anémones de mer"));
    assert!(!contents.contains("Sea anemones"));
    assert!(contents.contains("Shore crabs"));
    // Each language searches its own text only.
    let (en_index, fr_index) = (
        read(root, "search-index.js"),
        read(root, "fr/search-index.js"),
    );
    assert!(fr_index.contains("urticants") && !en_index.contains("urticants"));
    assert!(en_index.contains("stinging") && !fr_index.contains("stinging"));
    // Readers' progress is kept apart: another book id, and another site root.
    let data_book = |html: &str| {
        let start = html.find("data-book=\"").unwrap() + 11;
        html[start..][..html[start..].find('"').unwrap()].to_string()
    };
    assert_ne!(
        data_book(&read(root, "index.html")),
        data_book(&read(root, "fr/index.html"))
    );
}

#[test]
fn the_switcher_leads_to_the_same_page_in_the_other_language() {
    let dir = book();
    let root = dir.path();
    build(root);
    let site = files_in(&root.join("site"));
    let pages: Vec<&String> = site.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() >= 16);
    for page in &pages {
        let html = String::from_utf8_lossy(&site[page.as_str()]).into_owned();
        let (nav, alternates) = language_links(&html);
        assert_eq!(
            nav.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
            ["en", "fr"],
            "{page}"
        );
        assert_eq!(
            nav, alternates,
            "{page}: the switcher and the alternates agree"
        );
        let (own, other) = match page.strip_prefix("fr/") {
            Some(p) => (p.to_string(), format!("fr/{p}")),
            None => (page.to_string(), page.to_string()),
        };
        for (lang, href) in &nav {
            let target = follow(page, href);
            assert!(
                site.contains_key(&target),
                "{page}: {href} leads to {target}, which does not exist"
            );
            assert!(
                !href.starts_with('/') && !href.contains("://"),
                "{page}: {href} is not relative"
            );
            if own.ends_with("404.html") {
                continue;
            }
            let expected = if lang == "fr" {
                format!("fr/{own}")
            } else {
                own.clone()
            };
            assert_eq!(target, expected, "{page}: the {lang} link");
        }
        // The current language is marked, and only it.
        let current = if other.starts_with("fr/") && page.starts_with("fr/") {
            "fr"
        } else {
            "en"
        };
        let marked = html.matches("aria-current=\"true\"").count();
        assert_eq!(marked, 1, "{page}");
        assert!(
            html.contains(&format!(
                "hreflang=\"{current}\" lang=\"{current}\" aria-current=\"true\""
            )),
            "{page}"
        );
    }
}

#[test]
fn an_untranslated_chapter_shows_the_books_own_text_with_a_notice() {
    let dir = book();
    let root = dir.path();
    build(root);
    let crab = read(root, "fr/creatures/crab.html");
    assert!(
        crab.contains("scavenges at night"),
        "the English chapter stands in"
    );
    assert!(crab.contains("class=\"untranslated-note\""));
    assert!(crab.contains("pas encore traduite"));
    assert!(
        crab.contains("<div class=\"prose\" lang=\"en\">"),
        "its text is marked as English"
    );
    let anemone = read(root, "fr/creatures/anemone.html");
    assert!(!anemone.contains("untranslated-note"));
    assert!(!read(root, "creatures/crab.html").contains("untranslated-note"));
    // The translated questions, and the untranslated chapter's image from the book's folder.
    assert!(anemone.contains("Avec ses tentacules urticants"));
    assert_eq!(
        std::fs::read(root.join("site/fr/images/pool.svg")).unwrap(),
        std::fs::read(root.join("content/images/pool.svg")).unwrap()
    );
}

#[test]
fn check_reports_untranslated_and_stale_files_once_per_language() {
    let dir = book();
    let root = dir.path();
    let diags = lectern::check(root);
    assert!(!diags.has_errors(), "{}", diags.render_all(root));
    let warnings: Vec<String> = diags
        .items
        .iter()
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    let untranslated: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("not translated yet"))
        .collect();
    assert_eq!(untranslated.len(), 1, "{warnings:#?}");
    assert!(untranslated[0].starts_with("book.toml:6:"), "{warnings:#?}");
    assert!(untranslated[0].contains("`creatures/crab.md`"));
    let stale: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("changed since this translation"))
        .collect();
    assert_eq!(stale.len(), 1, "{warnings:#?}");
    assert!(stale[0].starts_with(
        "translations/fr/creatures/anemone.md:6:1: content/creatures/anemone.md changed"
    ));
    let hint = diags
        .items
        .iter()
        .find(|d| d.message.contains("changed since"))
        .unwrap()
        .hint
        .clone()
        .unwrap();
    let text = std::fs::read_to_string(root.join("content/creatures/anemone.md")).unwrap();
    let hash = lectern::build::languages::content_hash(&text);
    assert!(hint.contains(&format!("translation_of: {hash}")), "{hint}");
    assert_eq!(warnings.len(), 2, "{warnings:#?}");

    // After the translator revises and records the new hash, it is quiet.
    let fr = root.join("translations/fr/creatures/anemone.md");
    let revised = std::fs::read_to_string(&fr)
        .unwrap()
        .replace("0123456789ab", &hash);
    std::fs::write(&fr, revised).unwrap();
    let diags = lectern::check(root);
    assert!(!diags
        .items
        .iter()
        .any(|d| d.message.contains("changed since")));
    // Translating the last chapter leaves nothing to report.
    std::fs::write(
        root.join("translations/fr/creatures/crab.md"),
        "---\ntitle: Crabes verts\n---\n\nLe crabe vert se cache sous les algues.\n",
    )
    .unwrap();
    let diags = lectern::check(root);
    // (Some files record their original and this one does not: said once.)
    let left: Vec<&str> = diags.items.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(left.len(), 1, "{left:#?}");
    assert!(left[0].contains("no `translation_of`") && left[0].contains("creatures/crab.md"));
}

#[test]
fn a_failed_translation_leaves_the_previous_site_in_place() {
    let dir = book();
    let root = dir.path();
    build(root);
    let before = files_in(&root.join("site"));
    std::fs::write(
        root.join("translations/fr/intro.md"),
        "---\ntitle: [unclosed\n---\nTexte.\n",
    )
    .unwrap();
    let err = lectern::build(root, &Default::default())
        .expect_err("a broken translation fails the build");
    assert!(err
        .items
        .iter()
        .any(|d| d.is_error() && d.file == Path::new("translations/fr/intro.md")));
    assert_eq!(
        files_in(&root.join("site")),
        before,
        "the site is as it was"
    );
}

#[test]
fn a_translation_may_have_its_own_summary_listing_the_same_chapters() {
    let dir = book();
    let root = dir.path();
    std::fs::write(
        root.join("translations/fr/SUMMARY.md"),
        "# Sommaire\n\n[Introduction](intro.md)\n\n# Les bêtes\n\n- [Les anémones](creatures/anemone.md)\n- [Les crabes](creatures/crab.md)\n",
    )
    .unwrap();
    build(root);
    let contents = read(root, "fr/index.html");
    assert!(
        contents.contains("Les bêtes") && contents.contains("Les crabes"),
        "its own titles"
    );
    std::fs::write(
        root.join("translations/fr/SUMMARY.md"),
        "# Sommaire\n\n[Introduction](intro.md)\n",
    )
    .unwrap();
    let err = lectern::build(root, &Default::default()).expect_err("a chapter is missing");
    let d = err.items.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(d.file, Path::new("translations/fr/SUMMARY.md"));
    assert!(
        d.message
            .contains("`creatures/anemone.md`, `creatures/crab.md`"),
        "{}",
        d.message
    );
}

#[test]
fn the_book_may_not_have_a_folder_where_a_translation_goes() {
    let dir = book();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/fr")).unwrap();
    std::fs::write(root.join("content/fr/notes.txt"), "mine").unwrap();
    let err = lectern::build(root, &Default::default()).expect_err("fr/ is taken");
    let d = err.items.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(d.location(), "book.toml:6:12");
    assert!(d.message.contains("`fr`"), "{}", d.message);
}

#[test]
fn a_book_in_one_language_has_no_switcher() {
    let book = common::TestBook::new(&[
        ("content/SUMMARY.md", "- [A](a.md)\n"),
        ("content/a.md", "# A\n\nText.\n"),
    ]);
    book.build_ok();
    let site: BTreeMap<String, Vec<u8>> = files_in(&book.path("site"));
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            !html.contains("lang-switch") && !html.contains("hreflang"),
            "{path}"
        );
    }
}

#[test]
fn serve_rebuilds_a_translated_page_when_it_is_edited() {
    let dir = book();
    let root = dir.path();
    let mut builder = lectern::Builder::new(root, Default::default());
    builder.rebuild().expect("builds");
    let file = root.join("translations/fr/intro.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("goélands affamés", "goélands très affamés"),
    )
    .unwrap();
    let rebuilt = builder.rebuild_changed(&[&file]).expect("rebuilds");
    assert!(
        rebuilt.changed.contains(&"fr/intro.html".to_string()),
        "{:?}",
        rebuilt.changed
    );
    assert!(
        !rebuilt.changed.contains(&"intro.html".to_string()),
        "{:?}",
        rebuilt.changed
    );
    let page = String::from_utf8_lossy(&rebuilt.site.get("fr/intro.html").unwrap()).into_owned();
    assert!(page.contains("goélands très affamés"));
    // The book's own chapter stands in for the untranslated one: editing it changes both.
    let crab = root.join("content/creatures/crab.md");
    let text = std::fs::read_to_string(&crab).unwrap();
    std::fs::write(
        &crab,
        text.replace("scavenges at night", "scavenges after dark"),
    )
    .unwrap();
    let rebuilt = builder.rebuild_changed(&[&crab]).expect("rebuilds");
    for page in ["creatures/crab.html", "fr/creatures/crab.html"] {
        let html = String::from_utf8_lossy(&rebuilt.site.get(page).unwrap()).into_owned();
        assert!(html.contains("scavenges after dark"), "{page}");
    }
}
