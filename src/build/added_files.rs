//! The files book.toml adds to a site beside the book's own: `additional-css` and
//! `additional-js`, and the redirect pages of `[output.html.redirect]`, with the checks that
//! keep them from taking the place of a page.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use super::generated_files;
use crate::config::Config;
use crate::content;
use crate::diag::Diagnostic;
use crate::output::{FileData, OutputFile};
use crate::render;
use crate::theme::Theme;

/// The files book.toml adds to the site (`additional-css`, `additional-js`, redirect pages)
/// must not take the place of a page or file the site has already: each clash is an error
/// at the entry of book.toml.
pub(super) fn check_book_toml_paths(
    config: &Config,
    book: &content::Book,
    theme: &Theme,
) -> Vec<Diagnostic> {
    let mut taken: HashMap<String, String> = generated_files(config, theme, book.contents_page())
        .into_iter()
        .collect();
    for c in &book.chapters {
        taken.insert(
            c.output_path(),
            format!("the page of the chapter {}", c.file.display()),
        );
    }
    let mut content_files: HashMap<String, PathBuf> = HashMap::new();
    for asset in &book.assets {
        let path = asset
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        content_files.insert(path, book.source_of(asset));
    }
    let mut diags = Vec::new();
    check_redirects(config, &taken, &content_files, &mut diags);
    for (file, key) in config
        .additional_css
        .iter()
        .map(|f| (f, "additional-css"))
        .chain(config.additional_js.iter().map(|f| (f, "additional-js")))
    {
        let clash = match (
            taken.get(&file.site_path),
            content_files.get(&file.site_path),
        ) {
            (Some(what), _) => Some(what.clone()),
            (None, Some(source)) if *source != file.source => Some(format!(
                "the file {} of the content folder",
                source
                    .strip_prefix(&config.root)
                    .unwrap_or(source)
                    .display()
            )),
            _ => None,
        };
        if let Some(what) = clash {
            diags.push(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    file.position,
                    format!("`{key}` would copy {} over {what}", file.site_path),
                )
                .with_hint("move the file to another path in the book's folder (such as theme/custom.css) and list that path"),
            );
        }
    }
    diags
}

/// A redirect's target: an absolute URL as written, else a URL relative to the redirect
/// page (`/x.html`, from the site's root, made relative so it works from `file://` and
/// under any sub-path), and the site path it names (`None` for an absolute URL).
fn redirect_target(from: &str, to: &str) -> (String, Option<String>) {
    if render::markdown::has_scheme(to) || to.starts_with("//") {
        return (to.to_string(), None);
    }
    let (path, rest) = match to.find(['#', '?']) {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    let joined = if path.starts_with('/') {
        render::markdown::join_normalized("", path)
    } else {
        render::markdown::join_from_page(from, path)
    };
    let site_path = render::markdown::percent_decode(&joined);
    let url = if path.starts_with('/') {
        format!(
            "{}{}{rest}",
            render::root_of(from),
            path.trim_start_matches('/')
        )
    } else {
        to.to_string()
    };
    let site_path = if site_path.is_empty() || path.ends_with('/') {
        format!(
            "{site_path}{}index.html",
            if site_path.is_empty() { "" } else { "/" }
        )
    } else {
        site_path
    };
    (render::markdown::relative_url(url), Some(site_path))
}

/// `[output.html.redirect]`: a key that is a page of the book already is an error (the
/// page would be lost); a target that is no page of the book is a warning.
fn check_redirects(
    config: &Config,
    taken: &HashMap<String, String>,
    content_files: &HashMap<String, PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    let file = crate::config::CONFIG_FILE;
    for r in &config.redirects {
        let existing = taken.get(&r.from).cloned().or_else(|| {
            content_files
                .contains_key(&r.from)
                .then(|| "a file of the content folder".to_string())
        });
        match (&existing, &r.fragment) {
            (Some(what), None) => diags.push(
                Diagnostic::error(file, r.position, format!("the redirect from /{} would take the place of {what}", r.from))
                    .with_hint("remove the redirect, or the page it would replace: a redirect is for an address the book no longer has"),
            ),
            (Some(_), Some(fragment)) => diags.push(
                Diagnostic::warning(file, r.position, format!("the redirect from /{}#{fragment} is not followed: /{} is a page of the book, and Lectern does not redirect its fragments", r.from, r.from))
                    .with_hint("readers arriving at that fragment stay on the page; link to the new place from it instead"),
            ),
            (None, Some(fragment)) if !config.redirects.iter().any(|o| o.from == r.from && o.fragment.is_none()) => diags.push(
                Diagnostic::warning(file, r.position, format!("no redirect page is written for /{}: it has only redirects of fragments (#{fragment}), so readers without one would have nowhere to go", r.from))
                    .with_hint(format!("add where the page itself goes: \"/{}\" = \"new-page.html\"", r.from)),
            ),
            _ => {}
        }
        let (_, target) = redirect_target(&r.from, &r.to);
        if let Some(target) = target {
            let known = taken.contains_key(&target)
                || content_files.contains_key(&target)
                || config
                    .redirects
                    .iter()
                    .any(|o| o.from == target && o.fragment.is_none());
            if !known {
                diags.push(
                    Diagnostic::warning(file, r.position, format!("the redirect from /{}{} leads to {target}, which is not a page of the book", r.from, r.fragment.as_ref().map(|f| format!("#{f}")).unwrap_or_default()))
                        .with_hint("write the new page's path relative to the old page's folder (\"../guide/new.html\"), or a full address for a page elsewhere"),
                );
            }
        }
    }
}

/// The redirect pages of `[output.html.redirect]`: one per old page that has a target of its
/// own, the fragment entries folded into it. Each is a refresh (works with scripts off), a
/// canonical link, a visible link, and a script that keeps the reader's `#fragment` or
/// follows a fragment's own entry.
pub(super) fn redirect_pages(config: &Config) -> Vec<OutputFile> {
    let mut pages = Vec::new();
    for r in config.redirects.iter().filter(|r| r.fragment.is_none()) {
        let (url, _) = redirect_target(&r.from, &r.to);
        let fragments: BTreeMap<String, String> = config
            .redirects
            .iter()
            .filter(|o| o.from == r.from)
            .filter_map(|o| {
                let f = o.fragment.as_ref()?;
                Some((format!("#{f}"), redirect_target(&o.from, &o.to).0))
            })
            .collect();
        let url_html = render::highlight::escape(&url);
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url_html}\">\n<link rel=\"canonical\" href=\"{url_html}\">\n<script>(function(){{var m={map},d={dest},h=location.hash,t=m[h]||(h&&d.indexOf(\"#\")<0?d+h:d);location.replace(t)}})()</script>\n</head>\n<body>\n<p>This page has moved to <a href=\"{url_html}\">{url_html}</a>.</p>\n</body>\n</html>\n",
            lang = render::highlight::escape(&config.language),
            dir = crate::theme::book_direction(config),
            map = script_json(&fragments),
            dest = script_json(&url),
        );
        pages.push(OutputFile {
            path: r.from.clone(),
            data: FileData::Bytes(html.into_bytes()),
        });
    }
    pages
}

/// A value as JSON for an inline script: no `<`, so nothing in it can end the script.
fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}
