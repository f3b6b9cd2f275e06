//! Runs the pipeline: config → content → render → theme → output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, FileData, OutputFile};
use crate::render::{self, ChapterPage, RenderedBook};
use crate::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Write the site here instead of `[build] build-dir`.
    pub dest: Option<PathBuf>,
    /// Include draft chapters (as `lectern serve` does).
    pub include_drafts: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub diags: Diagnostics,
    pub elapsed: Duration,
}

/// Validates the book at `root` without writing anything: every error and warning the build
/// would report.
pub fn check(root: &Path) -> Diagnostics {
    match prepare(root, &BuildOptions::default()) {
        Ok((_, _, rendered, mut diags)) => {
            diags.extend(rendered.diags);
            diags.sort();
            diags
        }
        Err(diags) => diags,
    }
}

/// Loads, renders and themes the book; returns everything but the written site.
fn prepare(
    root: &Path,
    options: &BuildOptions,
) -> Result<(Config, Theme, RenderedBook, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut config = Config::load(root).map_err(single)?;
    if let Some(dest) = &options.dest {
        config.build_dir = std::path::absolute(dest).unwrap_or_else(|_| dest.clone());
    }
    let (book, load_diags) = content::load(
        &config,
        LoadOptions {
            include_drafts: options.include_drafts,
        },
    );
    diags.extend(load_diags.items);
    let theme = match Theme::load(&config) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            diags.sort();
            return Err(diags);
        }
    };
    let Some(book) = book else {
        diags.sort();
        return Err(diags);
    };
    let rendered = render::render_book(&book, &theme);
    Ok((config, theme, rendered, diags))
}

fn single(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

/// Builds the book at `root` into its build folder. On any error nothing is written and the
/// previous site stays as it was.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let (config, files, diags) = render_files(root, options)?;
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let count = files.len();
    let result = output::check_build_dir(&config.root, &config.src_dir, &config.build_dir)
        .and_then(|()| output::write_site(&config.build_dir, files));
    if let Err(d) = result {
        let mut diags = diags;
        diags.push(d);
        return Err(diags);
    }
    Ok(BuildReport {
        out_dir: config.build_dir.clone(),
        pages,
        files: count,
        diags,
        elapsed: started.elapsed(),
    })
}

/// Runs the whole pipeline but the write: the site's files in memory, or every diagnostic.
fn render_files(
    root: &Path,
    options: &BuildOptions,
) -> Result<(Config, Vec<OutputFile>, Diagnostics), Diagnostics> {
    let (config, theme, rendered, mut diags) = prepare(root, options)?;
    diags.extend(rendered.diags.iter().cloned());
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    match site_files(&config, &theme, &rendered) {
        Ok(files) => {
            diags.sort();
            Ok((config, files, diags))
        }
        Err(ds) => {
            diags.extend(ds);
            diags.sort();
            Err(diags)
        }
    }
}

/// A built site held in memory: what `lectern serve` serves. Swapping one `Arc<Site>` for
/// another is atomic, so no request ever sees a half-built site.
#[derive(Debug, Default)]
pub struct Site {
    /// Path below the site root (`/`-separated) → content.
    pub files: BTreeMap<String, Arc<[u8]>>,
}

/// The result of one [`Builder::rebuild`].
#[derive(Debug)]
pub struct Rebuild {
    pub site: Arc<Site>,
    /// Files added, changed or removed since the previous successful rebuild (all files the
    /// first time).
    pub changed: Vec<String>,
    /// Warnings.
    pub diags: Diagnostics,
    pub elapsed: Duration,
}

impl Rebuild {
    /// Only stylesheets changed: a page can swap them without reloading.
    pub fn css_only(&self) -> bool {
        !self.changed.is_empty() && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

/// Builds a book again and again (for `lectern serve`), in memory. The result is always the
/// same as a fresh `lectern build`.
pub struct Builder {
    root: PathBuf,
    options: BuildOptions,
    previous: Option<Arc<Site>>,
}

impl Builder {
    pub fn new(root: &Path, options: BuildOptions) -> Builder {
        Builder {
            root: root.to_path_buf(),
            options,
            previous: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last site built successfully.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.previous.clone()
    }

    /// Builds the book. On errors the previous site stays current and the diagnostics are
    /// returned.
    pub fn rebuild(&mut self) -> Result<Rebuild, Diagnostics> {
        let started = Instant::now();
        let (_, files, mut diags) = render_files(&self.root, &self.options)?;
        let mut site = Site::default();
        for f in files {
            let bytes: Arc<[u8]> = match f.data {
                FileData::Bytes(b) => b.into(),
                FileData::Static(b) => b.as_ref().into(),
                FileData::Copy(from) => match std::fs::read(&from) {
                    Ok(b) => b.into(),
                    Err(e) => {
                        diags.push(Diagnostic::error(
                            from.strip_prefix(&self.root).unwrap_or(&from),
                            None,
                            format!("cannot read: {e}"),
                        ));
                        return Err(diags);
                    }
                },
            };
            site.files.insert(f.path, bytes);
        }
        let changed = match &self.previous {
            None => site.files.keys().cloned().collect(),
            Some(old) => {
                let mut changed: Vec<String> = site
                    .files
                    .iter()
                    .filter(|(p, b)| old.files.get(*p).is_none_or(|o| o != *b))
                    .map(|(p, _)| p.clone())
                    .collect();
                changed.extend(
                    old.files
                        .keys()
                        .filter(|p| !site.files.contains_key(*p))
                        .cloned(),
                );
                changed.sort();
                changed
            }
        };
        let site = Arc::new(site);
        self.previous = Some(site.clone());
        Ok(Rebuild {
            site,
            changed,
            diags,
            elapsed: started.elapsed(),
        })
    }
}

#[derive(Serialize)]
struct PageInfo<'a> {
    kind: &'a str,
    title: &'a str,
    description: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    page: PageInfo<'a>,
    root: &'a str,
    #[serde(flatten)]
    data: T,
}

#[derive(Serialize)]
struct ChapterData<'a> {
    chapter: &'a render::ChapterView,
    prev: &'a Option<render::NavLink>,
    next: &'a Option<render::NavLink>,
}

#[derive(Serialize)]
struct IndexData<'a> {
    toc: &'a [render::TocPartView],
}

#[derive(Serialize)]
struct QuestionsData<'a> {
    questions: &'a [render::BrowseEntry],
    facets: &'a render::Facets,
}

#[derive(Serialize)]
struct NoData {}

/// Every file of the site, rendered in memory.
fn site_files(
    config: &Config,
    theme: &Theme,
    book: &RenderedBook,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let page = |kind,
                template: &str,
                path: &str,
                title: &str,
                description: &str,
                data: &dyn erased::Data|
     -> Result<OutputFile, Diagnostic> {
        let root = render::root_of(path);
        let ctx = data.context(
            PageInfo {
                kind,
                title,
                description,
                path,
            },
            &root,
        );
        let html = theme.render(template, &ctx)?;
        Ok(OutputFile {
            path: path.to_string(),
            data: FileData::Bytes(html.into_bytes()),
        })
    };
    let chapter_pages: Vec<Result<OutputFile, Diagnostic>> = book
        .chapters
        .par_iter()
        .map(|c: &ChapterPage| {
            let description = if c.chapter.summary.is_empty() {
                &config.description
            } else {
                &c.chapter.summary
            };
            page(
                "chapter",
                "chapter.html",
                &c.path,
                &c.chapter.title,
                description,
                &ChapterData {
                    chapter: &c.chapter,
                    prev: &c.prev,
                    next: &c.next,
                },
            )
        })
        .collect();
    let mut results = chapter_pages;
    results.push(page(
        "index",
        "index.html",
        "index.html",
        &config.title,
        &config.description,
        &IndexData { toc: &book.toc },
    ));
    results.push(page(
        "questions",
        "questions.html",
        "questions.html",
        "All interview questions",
        &config.description,
        &QuestionsData {
            questions: &book.questions,
            facets: &book.facets,
        },
    ));
    results.push(page(
        "404",
        "404.html",
        "404.html",
        "Page not found",
        &config.description,
        &NoData {},
    ));

    let mut files = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        errors.dedup();
        return Err(errors);
    }
    files.push(OutputFile {
        path: "book-data.js".into(),
        data: FileData::Bytes(book.book_data_js.clone().into_bytes()),
    });
    let (light, dark) = render::highlight::stylesheets();
    files.push(OutputFile {
        path: "assets/highlight-light.css".into(),
        data: FileData::Bytes(light.into_bytes()),
    });
    files.push(OutputFile {
        path: "assets/highlight-dark.css".into(),
        data: FileData::Bytes(dark.into_bytes()),
    });
    for (name, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{name}"),
            data: FileData::Static(bytes.clone()),
        });
    }
    for asset in &book.assets {
        let path = asset
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(OutputFile {
            path,
            data: FileData::Copy(config.src_dir.join(asset)),
        });
    }
    Ok(files)
}

/// Lets page data of different types share one rendering closure.
mod erased {
    use super::*;

    pub trait Data: Sync {
        fn context<'a>(&'a self, page: PageInfo<'a>, root: &'a str) -> serde_json::Value;
    }

    impl<T: Serialize + Sync> Data for T {
        fn context<'a>(&'a self, page: PageInfo<'a>, root: &'a str) -> serde_json::Value {
            serde_json::to_value(PageContext {
                page,
                root,
                data: self,
            })
            .unwrap_or_default()
        }
    }
}
