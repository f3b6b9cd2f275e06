//! Runs the pipeline: config → content → render → theme → output.
//!
//! Chapter pages stream from the render stage through the templates to their destination
//! (the staging folder of a build, memory for `lectern serve`, nowhere for `lectern check`)
//! as they are ready, so memory stays flat however big the book is.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, FileData, OutputFile, Staging};
use crate::render::{self, ChapterPage, RenderCache, RenderedBook};
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

/// Where the files of a site go as they are rendered.
trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// A chapter page: `render` produces its bytes. A sink may skip the call when it already
    /// holds the page for `page.key`.
    fn put_page(
        &self,
        page: &ChapterPage,
        render: &dyn Fn() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let bytes = render()?;
        self.put(OutputFile {
            path: page.path.clone(),
            data: FileData::Bytes(bytes),
        })
    }
}

/// Renders and drops (for `lectern check`): template errors are still found.
struct Discard;
impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// Writes into a staging folder that replaces the site when the build succeeds.
struct ToDisk {
    staging: Staging,
    count: std::sync::atomic::AtomicUsize,
    pages: std::sync::atomic::AtomicUsize,
}
impl Sink for ToDisk {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        use std::sync::atomic::Ordering::Relaxed;
        self.count.fetch_add(1, Relaxed);
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Relaxed);
        }
        self.staging.write(&file)
    }
}

/// With `LECTERN_TIMINGS` set, prints how long a phase took (for profiling builds).
fn phase(name: &str, started: Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("LECTERN_TIMINGS").is_some()) {
        eprintln!(
            "lectern: {name}: {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

fn single(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

/// Where highlighted code of the book at `root` is cached between builds: under the user's
/// cache folder (`$LECTERN_CACHE_DIR`, else `$XDG_CACHE_HOME/lectern`, else
/// `~/.cache/lectern`), one file per book. `LECTERN_NO_CACHE` turns it off.
fn highlight_cache_path(root: &Path) -> Option<PathBuf> {
    if std::env::var_os("LECTERN_NO_CACHE").is_some() {
        return None;
    }
    let base = std::env::var_os("LECTERN_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("lectern")))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("lectern"))
        })?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let digest = <sha2::Sha256 as sha2::Digest>::digest(root.to_string_lossy().as_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    Some(base.join(name).join("highlight.bin"))
}

fn load_config(root: &Path, options: &BuildOptions) -> Result<Config, Diagnostics> {
    let mut config = Config::load(root).map_err(single)?;
    if let Some(dest) = &options.dest {
        config.build_dir = std::path::absolute(dest).unwrap_or_else(|_| dest.clone());
    }
    Ok(config)
}

/// Runs the pipeline for `config`, handing every file of the site to `sink`. Returns the
/// warnings, or every diagnostic when there are errors.
fn run(
    config: &Config,
    options: &BuildOptions,
    cache: Option<&RenderCache>,
    sink: &dyn Sink,
) -> Result<Diagnostics, Diagnostics> {
    let mut diags = Diagnostics::default();
    let t = Instant::now();
    let (book, load_diags) = content::load(
        config,
        LoadOptions {
            include_drafts: options.include_drafts,
        },
    );
    diags.extend(load_diags.items);
    phase("content", t);
    let theme = match Theme::load(config) {
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
    let t = Instant::now();
    let rendered = render::render_book(&book, &theme, cache, |page| {
        sink.put_page(&page, &|| {
            chapter_html(config, &theme, &page).map(String::into_bytes)
        })
    });
    phase("chapters", t);
    diags.extend(rendered.diags.iter().cloned());
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let t = Instant::now();
    let result = book_files(config, &theme, &rendered).and_then(|files| {
        files
            .into_iter()
            .try_for_each(|f| sink.put(f))
            .map_err(|d| vec![d])
    });
    phase("book pages", t);
    if let Err(ds) = result {
        diags.extend(ds);
    }
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(diags)
    }
}

/// Validates the book at `root` without writing anything: every error and warning the build
/// would report.
pub fn check(root: &Path) -> Diagnostics {
    let options = BuildOptions::default();
    let config = match load_config(root, &options) {
        Ok(c) => c,
        Err(d) => return d,
    };
    match run(&config, &options, None, &Discard) {
        Ok(d) | Err(d) => d,
    }
}

/// Builds the book at `root` into its build folder. On any error nothing is written and the
/// previous site stays as it was.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let config = load_config(root, options)?;
    output::check_build_dir(&config.root, &config.src_dir, &config.build_dir).map_err(single)?;
    let sink = ToDisk {
        staging: Staging::create(&config.build_dir).map_err(single)?,
        count: 0.into(),
        pages: 0.into(),
    };
    let cache_path = highlight_cache_path(root);
    if let Some(path) = &cache_path {
        render::highlight::cache().load(path);
    }
    let diags = run(&config, options, None, &sink)?;
    let (files, pages) = (sink.count.into_inner(), sink.pages.into_inner());
    let t = Instant::now();
    sink.staging.commit().map_err(single)?;
    phase("swap", t);
    if let Some(path) = &cache_path {
        render::highlight::cache().save(path);
    }
    Ok(BuildReport {
        out_dir: config.build_dir.clone(),
        pages,
        files,
        diags,
        elapsed: started.elapsed(),
    })
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

/// Chapter pages by path, with the key they were rendered for.
type PageCache = HashMap<String, (u64, Arc<[u8]>)>;

/// Collects a site in memory, reusing chapter pages whose key has not changed.
struct ToMemory<'a> {
    files: Mutex<BTreeMap<String, Arc<[u8]>>>,
    /// Pages of the previous build.
    previous_pages: &'a PageCache,
    pages: Mutex<PageCache>,
}

impl Sink for ToMemory<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let bytes: Arc<[u8]> = match file.data {
            FileData::Bytes(b) => b.into(),
            FileData::Static(b) => b.as_ref().into(),
            FileData::Copy(from) => std::fs::read(&from)
                .map_err(|e| Diagnostic::error(&from, None, format!("cannot read: {e}")))?
                .into(),
        };
        self.files
            .lock()
            .expect("no panics under this lock")
            .insert(file.path, bytes);
        Ok(())
    }

    fn put_page(
        &self,
        page: &ChapterPage,
        render: &dyn Fn() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let bytes = match self.previous_pages.get(&page.path) {
            Some((key, bytes)) if *key == page.key => bytes.clone(),
            _ => Arc::from(render()?),
        };
        self.pages
            .lock()
            .expect("no panics under this lock")
            .insert(page.path.clone(), (page.key, bytes.clone()));
        self.files
            .lock()
            .expect("no panics under this lock")
            .insert(page.path.clone(), bytes);
        Ok(())
    }
}

/// Builds a book again and again (for `lectern serve`), in memory, re-rendering only the
/// chapters whose inputs changed. The result is always the same as a fresh `lectern build`.
pub struct Builder {
    root: PathBuf,
    options: BuildOptions,
    previous: Option<Arc<Site>>,
    render_cache: RenderCache,
    pages: PageCache,
}

impl Builder {
    pub fn new(root: &Path, options: BuildOptions) -> Builder {
        Builder {
            root: root.to_path_buf(),
            options,
            previous: None,
            render_cache: RenderCache::default(),
            pages: HashMap::new(),
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
        let config = load_config(&self.root, &self.options)?;
        let first = self.previous.is_none();
        let cache_path = first.then(|| highlight_cache_path(&self.root)).flatten();
        if let Some(path) = &cache_path {
            render::highlight::cache().load(path);
        }
        let sink = ToMemory {
            files: Mutex::default(),
            previous_pages: &self.pages,
            pages: Mutex::default(),
        };
        let diags = run(&config, &self.options, Some(&self.render_cache), &sink)?;
        let site = Site {
            files: sink.files.into_inner().expect("no panics under this lock"),
        };
        self.pages = sink.pages.into_inner().expect("no panics under this lock");
        let changed = match &self.previous {
            None => site.files.keys().cloned().collect(),
            Some(old) => {
                let mut changed: Vec<String> = site
                    .files
                    .iter()
                    .filter(|(p, b)| {
                        old.files
                            .get(*p)
                            .is_none_or(|o| !Arc::ptr_eq(o, b) && o != *b)
                    })
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
        if let Some(path) = &cache_path {
            render::highlight::cache().save(path);
        }
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

fn page_html<T: Serialize>(
    theme: &Theme,
    template: &str,
    info: PageInfo,
    data: T,
) -> Result<String, Diagnostic> {
    let root = render::root_of(info.path);
    theme.render(
        template,
        &PageContext {
            page: info,
            root: &root,
            data,
        },
    )
}

pub(crate) fn chapter_html(
    config: &Config,
    theme: &Theme,
    c: &ChapterPage,
) -> Result<String, Diagnostic> {
    let description = if c.chapter.summary.is_empty() {
        &config.description
    } else {
        &c.chapter.summary
    };
    page_html(
        theme,
        "chapter.html",
        PageInfo {
            kind: "chapter",
            title: &c.chapter.title,
            description,
            path: &c.path,
        },
        ChapterData {
            chapter: &c.chapter,
            prev: &c.prev,
            next: &c.next,
        },
    )
}

/// The whole-book pages and every other file of the site but the chapter pages.
pub(crate) fn book_files(
    config: &Config,
    theme: &Theme,
    book: &RenderedBook,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let html = |path: &str, r: Result<String, Diagnostic>| {
        r.map(|h| OutputFile {
            path: path.into(),
            data: FileData::Bytes(h.into_bytes()),
        })
    };
    let results = [
        html(
            "index.html",
            page_html(
                theme,
                "index.html",
                PageInfo {
                    kind: "index",
                    title: &config.title,
                    description: &config.description,
                    path: "index.html",
                },
                IndexData { toc: &book.toc },
            ),
        ),
        html(
            "questions.html",
            page_html(
                theme,
                "questions.html",
                PageInfo {
                    kind: "questions",
                    title: "All interview questions",
                    description: &config.description,
                    path: "questions.html",
                },
                QuestionsData {
                    questions: &book.questions,
                    facets: &book.facets,
                },
            ),
        ),
        html(
            "progress.html",
            page_html(
                theme,
                "progress.html",
                PageInfo {
                    kind: "progress",
                    title: "Your progress",
                    description: &config.description,
                    path: "progress.html",
                },
                IndexData { toc: &book.toc },
            ),
        ),
        html(
            "review.html",
            page_html(
                theme,
                "review.html",
                PageInfo {
                    kind: "review",
                    title: "Review",
                    description: &config.description,
                    path: "review.html",
                },
                NoData {},
            ),
        ),
        html(
            "404.html",
            page_html(
                theme,
                "404.html",
                PageInfo {
                    kind: "404",
                    title: "Page not found",
                    description: &config.description,
                    path: "404.html",
                },
                NoData {},
            ),
        ),
    ];
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
    // A sitemap lists absolute URLs: only a `site-url` with its scheme and host gives them.
    if let Some(site_url) = config
        .site_url
        .as_ref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            data: FileData::Bytes(sitemap(site_url, book).into_bytes()),
        });
    }
    files.push(OutputFile {
        path: "book-data.js".into(),
        data: FileData::Bytes(book.book_data_js.clone().into_bytes()),
    });
    files.push(OutputFile {
        path: "review-data.js".into(),
        data: FileData::Bytes(book.review_data_js.clone().into_bytes()),
    });
    files.push(OutputFile {
        path: "search-index.js".into(),
        data: FileData::Bytes(crate::search::index_js(&book.search, &config.language).into_bytes()),
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

/// `sitemap.xml` for search engines: absolute URLs need the deployed address (`site-url`).
fn sitemap(site_url: &str, book: &RenderedBook) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut paths = vec!["index.html".to_string(), "questions.html".to_string()];
    paths.extend(book.chapter_paths.iter().cloned());
    for p in paths {
        out.push_str("  <url><loc>");
        out.push_str(&render::highlight::escape(&format!("{site_url}{p}")));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
