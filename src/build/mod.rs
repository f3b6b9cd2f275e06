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
use crate::content::{self, LoadCache, LoadOptions};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, BuildDirOrigin, Deferred, FileData, OutputFile, Staging};
use crate::render::{self, fingerprint, ChapterPage, RenderCache, RenderedBook, Widgets};
use crate::theme::Theme;

mod added_files;
pub mod languages;
use added_files::{check_book_toml_paths, redirect_pages};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Write the site here instead of `[build] build-dir`.
    pub dest: Option<PathBuf>,
    /// Include draft chapters (as `lectern serve` does).
    pub include_drafts: bool,
    /// Build for this address instead of `[output.html] site-url` (`lectern serve` builds
    /// for `/`, where it serves the site, so the 404 page finds its stylesheets).
    pub site_url: Option<String>,
    /// Told of each stage as the build goes (the command line's progress line and
    /// `--verbose` timings).
    pub observer: Option<Arc<dyn Observer>>,
}

/// What a build tells its caller while it runs. Calls come from the build's threads, the
/// chapter counts from several at once.
pub trait Observer: Send + Sync + std::fmt::Debug {
    /// A stage begins: `content`, `theme`, `directives`, `chapters`, `book pages`, `swap`.
    /// `language` is the translation's tag, `None` for the book's own language.
    fn stage(&self, name: &str, language: Option<&str>) {
        let _ = (name, language);
    }
    /// `done` of the `total` chapters of the language being built are rendered.
    fn chapters(&self, done: usize, total: usize) {
        let _ = (done, total);
    }
    /// A stage ended after `took`.
    fn stage_done(&self, name: &str, language: Option<&str>, took: Duration) {
        let _ = (name, language, took);
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub diags: Diagnostics,
    pub elapsed: Duration,
    /// Nothing changed since the last build of the book into the same folder: the site there
    /// was left as it was (`pages`, `files` and `diags` are that build's).
    pub unchanged: bool,
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

/// The stages of one language's build, as [`Observer`]s hear of them.
struct Stages<'a> {
    observer: Option<&'a dyn Observer>,
    language: Option<&'a str>,
}

impl Stages<'_> {
    /// Says that stage `name` begins, and returns when it began.
    fn start(&self, name: &str) -> Instant {
        if let Some(o) = self.observer {
            o.stage(name, self.language);
        }
        Instant::now()
    }

    /// Says how long a stage took. With `LECTERN_TIMINGS` set it is also printed (for
    /// profiling builds, whatever the caller).
    fn done(&self, name: &str, started: Instant) {
        static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        let took = started.elapsed();
        if *ON.get_or_init(|| std::env::var_os("LECTERN_TIMINGS").is_some()) {
            eprintln!("lectern: {name}: {:.1} ms", took.as_secs_f64() * 1000.0);
        }
        if let Some(o) = self.observer {
            o.stage_done(name, self.language, took);
        }
    }
}

fn single(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

/// Where highlighted code of the book at `root` is cached between builds: see [`cache_dir`].
fn highlight_cache_path(root: &Path) -> Option<PathBuf> {
    cache_dir(root).map(|d| d.join("highlight.bin"))
}

/// The book's folder in the user's cache folder, where what builds of the book at `root` keep
/// between runs goes: highlighted code and the stamps of the last build. The cache folder is
/// `$LECTERN_CACHE_DIR`, else the system's place for a program's caches (`directories`):
/// `$XDG_CACHE_HOME/lectern` or `~/.cache/lectern` on Linux, `~/Library/Caches/lectern` on
/// macOS, `%LOCALAPPDATA%\lectern\cache` on Windows. `LECTERN_NO_CACHE` turns it off.
pub fn cache_dir(root: &Path) -> Option<PathBuf> {
    if std::env::var_os("LECTERN_NO_CACHE").is_some() {
        return None;
    }
    let base = std::env::var_os("LECTERN_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", "lectern").map(|d| d.cache_dir().to_path_buf())
        })?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let digest = <sha2::Sha256 as sha2::Digest>::digest(root.to_string_lossy().as_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    Some(base.join(name))
}

/// Loads book.toml with every check of its settings, so that an author sees every problem of
/// the file in one run: the file's own (from [`Config::read`]) and the build folder's. With
/// `writes` (`check` and `build`), the folder the site would be written to is checked as a
/// build checks it; otherwise only that book.toml's build folder does not clash with the book.
fn load_config(root: &Path, options: &BuildOptions, writes: bool) -> Result<Config, Diagnostics> {
    let (config, mut diags) = Config::read(root);
    if let Some(config) = &config {
        let origin = book_toml_build_dir(config);
        if let Err(d) = output::build_dir_conflict(
            &config.root,
            &config.src_dir,
            &config.build_dir,
            &config.build_dir_written,
            origin,
        ) {
            diags.push(d);
        }
        if writes {
            let (dir, written, origin) = match &options.dest {
                Some(dest) => (
                    std::path::absolute(dest).unwrap_or_else(|_| dest.clone()),
                    dest.display().to_string(),
                    BuildDirOrigin::CommandLine,
                ),
                None => (
                    config.build_dir.clone(),
                    config.build_dir_written.clone(),
                    origin,
                ),
            };
            if let Err(d) =
                output::check_build_dir(&config.root, &config.src_dir, &dir, &written, origin)
            {
                diags.push(d);
            }
        }
    }
    diags.sort();
    let mut config = match config {
        Some(config) if !diags.has_errors() => config,
        _ => return Err(diags),
    };
    config.warnings = diags.items;
    if let Some(dest) = &options.dest {
        config.build_dir = std::path::absolute(dest).unwrap_or_else(|_| dest.clone());
    }
    if let Some(url) = &options.site_url {
        config.site_url = Some(url.clone());
    }
    Ok(config)
}

/// What [`run`] may reuse from earlier runs on the same book (for `lectern serve`). Each
/// part checks for itself that what it holds still fits: the loader is told which files
/// changed, the theme is dropped when its files or book.toml change, and rendered chapters
/// and whole-book files are kept by a key of everything they are made from.
#[derive(Default)]
struct Reuse {
    content: LoadCache,
    theme: Option<Arc<Theme>>,
    render: RenderCache,
    book_files: BookFileMemo,
    /// The chapter pages of the last run, in reading order.
    chapter_paths: Vec<String>,
    /// The files the last run's directives read (`{{#include}}`d), absolute.
    included: Vec<PathBuf>,
}

/// Runs the pipeline for `config`, handing every file of the site to `sink`. Returns the
/// warnings, or every diagnostic when there are errors.
fn run(
    config: &Config,
    options: &BuildOptions,
    mut reuse: Option<&mut Reuse>,
    sink: &dyn Sink,
    included_files: &mut Vec<PathBuf>,
    missing_chapters: &mut Vec<content::MissingChapter>,
    loaded: &mut languages::Loaded,
) -> Result<Diagnostics, Diagnostics> {
    let stages = Stages {
        observer: options.observer.as_deref(),
        language: config
            .translation
            .is_some()
            .then_some(config.language.as_str()),
    };
    let mut diags = Diagnostics::default();
    diags.extend(config.warnings.iter().cloned());
    let t = stages.start("content");
    let load_options = LoadOptions {
        include_drafts: options.include_drafts,
    };
    let (book, load_diags) = match reuse.as_deref_mut() {
        Some(r) => content::load_cached(config, load_options, &mut r.content),
        None => content::load(config, load_options),
    };
    diags.extend(load_diags.items);
    stages.done("content", t);
    let t = stages.start("theme");
    let kept_theme = reuse.as_deref().and_then(|r| r.theme.clone());
    let theme = match kept_theme.map_or_else(|| Theme::load(config).map(Arc::new), Ok) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            diags.sort();
            return Err(diags);
        }
    };
    diags.extend(theme.warnings.iter().cloned());
    if let Some(r) = reuse.as_deref_mut() {
        r.theme = Some(theme.clone());
    }
    stages.done("theme", t);
    let Some(mut book) = book else {
        diags.sort();
        return Err(diags);
    };
    let t = stages.start("directives");
    *loaded = languages::Loaded::of(&book);
    let included = crate::directives::expand_loaded(&mut book, &mut diags);
    missing_chapters.clone_from(&book.missing_chapters);
    // The stylesheets and scripts book.toml adds are inputs too: `serve` follows them and
    // the build stamps notice them, wherever they are in the book's folder.
    *included_files = included
        .into_iter()
        .chain(
            config
                .additional_css
                .iter()
                .chain(&config.additional_js)
                .map(|f| f.source.clone()),
        )
        .collect();
    included_files.sort();
    included_files.dedup();
    if let Some(r) = reuse.as_deref_mut() {
        r.included.clone_from(included_files);
    }
    stages.done("directives", t);
    // Lectern's contents page: `index.html`, unless the book's README.md is the front page.
    let contents_page = book.contents_page();
    diags.extend(content::validate::check_generated_paths(
        &book.chapters,
        &book.assets,
        book.config
            .src_dir
            .strip_prefix(&config.root)
            .unwrap_or(&config.src_dir),
        &generated_files(config, &theme, contents_page),
    ));
    diags.extend(check_book_toml_paths(config, &book, &theme));
    let (rendered_count, total) = (std::sync::atomic::AtomicUsize::new(0), book.chapters.len());
    if let Some(o) = stages.observer {
        o.chapters(0, total);
    }
    let t = stages.start("chapters");
    // The chapters as they render, for the print page of the whole book.
    let printed: Mutex<Vec<(String, Arc<render::ChapterView>)>> = Mutex::default();
    let rendered = render::render_book(
        &book,
        theme.as_ref(),
        reuse.as_deref().map(|r| &r.render),
        |page| {
            if config.print_enabled {
                printed
                    .lock()
                    .expect("no panics under this lock")
                    .push((page.path.clone(), page.chapter.clone()));
            }
            let put = sink.put_page(&page, &|| {
                chapter_html(config, &theme, &page, contents_page).map(String::into_bytes)
            });
            let done = rendered_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if let Some(o) = stages.observer {
                o.chapters(done, total);
            }
            put
        },
    );
    stages.done("chapters", t);
    diags.extend(rendered.diags.iter().cloned());
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let t = stages.start("book pages");
    let memo = reuse.map(|r| {
        r.chapter_paths.clone_from(&rendered.chapter_paths);
        &mut r.book_files
    });
    let result = book_files(config, &theme, &rendered, memo).and_then(|files| {
        files
            .into_iter()
            .try_for_each(|f| sink.put(f))
            .map_err(|d| vec![d])
    });
    stages.done("book pages", t);
    if let Err(ds) = result {
        diags.extend(ds);
    }
    if config.print_enabled {
        let printed = printed.into_inner().expect("no panics under this lock");
        let made = print_page(config, &theme, &rendered, &printed).and_then(|page| sink.put(page));
        if let Err(d) = made {
            diags.push(d);
        }
    }
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(diags)
    }
}

/// Writes into another sink below a sub-folder: a translation's site in `<tag>/`.
struct Below<'a> {
    inner: &'a dyn Sink,
    prefix: String,
}
impl Sink for Below<'_> {
    fn put(&self, mut file: OutputFile) -> Result<(), Diagnostic> {
        file.path = format!("{}{}", self.prefix, file.path);
        self.inner.put(file)
    }
}

/// The book's own language and each of its translations: the settings each builds with and
/// the sub-folder of the site it goes to (`""` for the book's own, `"fr/"`).
fn each_language(config: &Config) -> Vec<(Config, String)> {
    let mut all = vec![(config.clone(), String::new())];
    for (i, t) in config.languages.iter().enumerate() {
        all.push((config.for_language(i), format!("{}/", t.tag)));
    }
    all
}

/// [`run`] for every language of the book (`sinks[i]` takes the files of `languages[i]`),
/// then the checks of each translation against the book. Every language is run whatever
/// the others gave, so that one report holds every problem; an error anywhere is an error
/// of the whole build.
fn run_languages(
    languages: &[(Config, String)],
    options: &BuildOptions,
    mut reuse: Option<&mut Vec<Reuse>>,
    sinks: &[&dyn Sink],
    included_files: &mut Vec<PathBuf>,
    missing_chapters: &mut Vec<content::MissingChapter>,
) -> Result<Diagnostics, Diagnostics> {
    if let Some(r) = reuse.as_deref_mut() {
        r.resize_with(languages.len(), Reuse::default);
    }
    let mut all = Diagnostics::default();
    let mut own = languages::Loaded::default();
    included_files.clear();
    for (i, (config, _)) in languages.iter().enumerate() {
        let (mut included, mut missing, mut loaded) =
            (Vec::new(), Vec::new(), languages::Loaded::default());
        let result = run(
            config,
            options,
            reuse.as_deref_mut().map(|r| &mut r[i]),
            sinks[i],
            &mut included,
            &mut missing,
            &mut loaded,
        );
        match result {
            Ok(d) | Err(d) => all.extend(d.items),
        }
        included_files.extend(included);
        if i == 0 {
            // (Only the book's own chapters are created: a translation lacking one has the
            // book's file in its place.)
            *missing_chapters = missing;
            own = loaded;
        } else {
            all.extend(languages::check_translation(
                &languages[0].0,
                &own,
                config,
                &loaded,
            ));
        }
    }
    included_files.sort();
    included_files.dedup();
    all.sort();
    if all.has_errors() {
        Err(all)
    } else {
        Ok(all)
    }
}

/// Validates the book at `root` without writing anything: every error and warning the build
/// would report.
pub fn check(root: &Path) -> Diagnostics {
    check_with(root, &BuildOptions::default())
}

/// [`check`], telling `options.observer` of each stage (its other options are not used).
pub fn check_with(root: &Path, options: &BuildOptions) -> Diagnostics {
    let options = BuildOptions {
        observer: options.observer.clone(),
        ..BuildOptions::default()
    };
    // With what `lectern build` would refuse before reading the book.
    let config = match load_config(root, &options, true) {
        Ok(c) => c,
        Err(d) => return d,
    };
    let languages = each_language(&config);
    let sinks: Vec<&dyn Sink> = languages.iter().map(|_| &Discard as &dyn Sink).collect();
    match run_languages(
        &languages,
        &options,
        None,
        &sinks,
        &mut Vec::new(),
        &mut Vec::new(),
    ) {
        Ok(d) | Err(d) => d,
    }
}

fn book_toml_build_dir(config: &Config) -> BuildDirOrigin {
    BuildDirOrigin::BookToml(config.build_dir_position)
}

/// Builds the book at `root` into its build folder. On any error nothing is written and the
/// previous site stays as it was.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let config = load_config(root, options, true)?;
    // Stamped before anything is read: a file changed during the build differs next time.
    let stamps_path = cache_dir(root).map(|d| crate::stamps::path_in(&d));
    let before = stamps_path
        .as_ref()
        .and_then(|_| crate::stamps::Before::take(&config, options.include_drafts));
    if let (Some(before), Some(path)) = (&before, &stamps_path) {
        if let Some(last) = before.unchanged_since(path, &config.build_dir) {
            return Ok(BuildReport {
                out_dir: config.build_dir.clone(),
                pages: last.pages,
                files: last.files,
                diags: last.diags,
                elapsed: started.elapsed(),
                unchanged: true,
            });
        }
    }
    let sink = ToDisk {
        staging: Staging::create(&config.build_dir).map_err(single)?,
        count: 0.into(),
        pages: 0.into(),
    };
    let cache_path = highlight_cache_path(root);
    if let Some(path) = &cache_path {
        render::highlight::cache().load(path);
    }
    let mut included = Vec::new();
    let mut missing = Vec::new();
    let languages = each_language(&config);
    let below: Vec<Below> = languages
        .iter()
        .map(|(_, prefix)| Below {
            inner: &sink,
            prefix: prefix.clone(),
        })
        .collect();
    let sinks: Vec<&dyn Sink> = below.iter().map(|b| b as &dyn Sink).collect();
    let diags = run_languages(
        &languages,
        options,
        None,
        &sinks,
        &mut included,
        &mut missing,
    )?;
    drop(below);
    let (files, pages) = (sink.count.into_inner(), sink.pages.into_inner());
    let stages = Stages {
        observer: options.observer.as_deref(),
        language: None,
    };
    let t = stages.start("swap");
    sink.staging.commit().map_err(single)?;
    stages.done("swap", t);
    create_missing_chapters(&config, &missing).map_err(single)?;
    if let Some(path) = &cache_path {
        render::highlight::cache().save(path);
    }
    if let (Some(before), Some(path)) = (before, &stamps_path) {
        before.save(path, &config.build_dir, &included, pages, files, &diags);
    }
    Ok(BuildReport {
        out_dir: config.build_dir.clone(),
        pages,
        files,
        diags,
        elapsed: started.elapsed(),
        unchanged: false,
    })
}

/// What `lectern clean` is asked to remove.
#[derive(Debug, Clone, Default)]
pub struct CleanOptions {
    /// The build folder is this one instead of `[build] build-dir`.
    pub dest: Option<PathBuf>,
    /// Also remove the book's folder in the cache (see [`cache_dir`]).
    pub cache: bool,
}

/// What [`clean`] did.
#[derive(Debug)]
pub struct CleanReport {
    /// The build folder, as book.toml or `--dest` gives it, absolute.
    pub build_dir: PathBuf,
    pub removed: output::Removed,
    /// The book's cache folder, when it was asked for and there was one to remove.
    pub cache_removed: Option<PathBuf>,
    /// Caching is off (`LECTERN_NO_CACHE`), or there is no cache folder on this system.
    pub no_cache: bool,
}

/// Removes the site of the book at `root` (`lectern clean`), and with `options.cache` the
/// book's build cache. Only a folder Lectern wrote is removed: see [`output::remove_site`].
pub fn clean(root: &Path, options: &CleanOptions) -> Result<CleanReport, Diagnostics> {
    let build_options = BuildOptions {
        dest: options.dest.clone(),
        ..Default::default()
    };
    let config = load_config(root, &build_options, false)?;
    let (written, origin) = match &options.dest {
        Some(dest) => (dest.display().to_string(), BuildDirOrigin::CommandLine),
        None => (
            config.build_dir_written.clone(),
            book_toml_build_dir(&config),
        ),
    };
    let removed = output::remove_site(
        &config.root,
        &config.src_dir,
        &config.build_dir,
        &written,
        origin,
    )
    .map_err(single)?;
    let mut report = CleanReport {
        build_dir: config.build_dir.clone(),
        removed,
        cache_removed: None,
        no_cache: false,
    };
    if options.cache {
        match cache_dir(root) {
            None => report.no_cache = true,
            Some(dir) if dir.is_dir() => {
                std::fs::remove_dir_all(&dir).map_err(|e| {
                    single(
                        Diagnostic::error(dir.clone(), None, format!("cannot remove: {e}"))
                            .with_hint("check that the cache folder is writable"),
                    )
                })?;
                report.cache_removed = Some(dir);
            }
            Some(_) => {}
        }
    }
    Ok(report)
}

/// Writes the chapter files SUMMARY.md lists and `[build] create-missing` creates, as mdBook
/// does. Only after a build without errors: a build that fails (or `lectern check`) leaves
/// the author's sources as they were, so fixing a typo in SUMMARY.md first leaves no stray
/// file behind. A file that appeared meanwhile is never overwritten.
fn create_missing_chapters(
    config: &Config,
    missing: &[content::MissingChapter],
) -> Result<(), Diagnostic> {
    for chapter in missing {
        let shown = chapter
            .path
            .strip_prefix(&config.root)
            .unwrap_or(&chapter.path);
        let cannot = |e: std::io::Error| {
            Diagnostic::error(shown, None, format!("cannot create this chapter file: {e}"))
                .with_hint("check that the content folder is writable, or write the file yourself")
        };
        if let Some(parent) = chapter.path.parent() {
            std::fs::create_dir_all(parent).map_err(cannot)?;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&chapter.path)
        {
            Ok(mut f) => {
                std::io::Write::write_all(&mut f, chapter.text.as_bytes()).map_err(cannot)?
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(cannot(e)),
        }
    }
    Ok(())
}

/// A built site held in memory: what `lectern serve` serves. Swapping one `Arc<Site>` for
/// another is atomic, so no request ever sees a half-built site.
#[derive(Debug, Default)]
pub struct Site {
    /// Path below the site root (`/`-separated) → content.
    pub files: BTreeMap<String, SiteFile>,
}

/// One file of a [`Site`].
#[derive(Debug, Clone)]
pub enum SiteFile {
    Ready(Arc<[u8]>),
    /// Made on first request: the search index and the review data, which only some pages
    /// load and which take longest to make, so a rebuild can be published without them.
    Deferred(Arc<Deferred>),
}

impl SiteFile {
    /// The contents (made now if they were put off).
    pub fn bytes(&self) -> Arc<[u8]> {
        match self {
            SiteFile::Ready(b) => b.clone(),
            SiteFile::Deferred(d) => d.get(),
        }
    }

    /// Whether the two are known to hold the same bytes without making any.
    fn same_as(&self, other: &SiteFile) -> bool {
        match (self, other) {
            (SiteFile::Ready(a), SiteFile::Ready(b)) => Arc::ptr_eq(a, b) || a == b,
            (SiteFile::Deferred(a), SiteFile::Deferred(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Site {
    /// The contents of the file at `path` (made now if they were put off).
    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        self.files.get(path).map(SiteFile::bytes)
    }

    /// Makes every file that was put off (so that the first request for it is quick).
    pub fn make_all(&self) {
        for f in self.files.values() {
            if let SiteFile::Deferred(d) = f {
                d.get();
            }
        }
    }
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

/// Files copied from the content folder, by their absolute path.
type AssetCache = HashMap<PathBuf, Arc<[u8]>>;

/// Collects a site in memory, reusing chapter pages whose key has not changed.
struct ToMemory<'a> {
    files: Mutex<BTreeMap<String, SiteFile>>,
    /// Pages of the previous build.
    previous_pages: &'a PageCache,
    pages: Mutex<PageCache>,
    assets: &'a Mutex<AssetCache>,
}

impl Sink for ToMemory<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let data = match file.data {
            FileData::Bytes(b) => SiteFile::Ready(b.into()),
            FileData::Static(b) => SiteFile::Ready(b.as_ref().into()),
            FileData::Shared(b) => SiteFile::Ready(b),
            FileData::Deferred(d) => SiteFile::Deferred(d),
            FileData::Copy(from) => {
                let kept = self
                    .assets
                    .lock()
                    .expect("no panics under this lock")
                    .get(&from)
                    .cloned();
                let bytes = match kept {
                    Some(b) => b,
                    None => {
                        let b: Arc<[u8]> = std::fs::read(&from)
                            .map_err(|e| {
                                Diagnostic::error(&from, None, format!("cannot read: {e}"))
                            })?
                            .into();
                        self.assets
                            .lock()
                            .expect("no panics under this lock")
                            .insert(from, b.clone());
                        b
                    }
                };
                SiteFile::Ready(bytes)
            }
        };
        self.files
            .lock()
            .expect("no panics under this lock")
            .insert(file.path, data);
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
            .insert(page.path.clone(), SiteFile::Ready(bytes));
        Ok(())
    }
}

/// Builds a book again and again (for `lectern serve`), in memory, reading, parsing and
/// rendering again only what changed. The result is always the same as a fresh `lectern
/// build`.
pub struct Builder {
    root: PathBuf,
    options: BuildOptions,
    previous: Option<Arc<Site>>,
    /// The settings of the last rebuild: when book.toml changes, nothing is reused.
    config: Option<Config>,
    /// What each language (the book's own first) may reuse, and its pages.
    reuse: Vec<Reuse>,
    pages: Vec<PageCache>,
    assets: Mutex<AssetCache>,
    /// The files the last rebuild's chapters included, in every language.
    included: Vec<PathBuf>,
}

impl Builder {
    pub fn new(root: &Path, options: BuildOptions) -> Builder {
        Builder {
            root: root.to_path_buf(),
            options,
            previous: None,
            config: None,
            reuse: Vec::new(),
            pages: Vec::new(),
            assets: Mutex::default(),
            included: Vec::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last site built successfully.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.previous.clone()
    }

    /// Builds the book, reading every source file again. On errors the previous site stays
    /// current and the diagnostics are returned.
    pub fn rebuild(&mut self) -> Result<Rebuild, Diagnostics> {
        self.forget_sources();
        self.rebuild_kept()
    }

    /// The files the chapters of the last rebuild include (`{{#include}}` and kin), absolute:
    /// `serve` watches them, wherever they are.
    pub fn included_files(&self) -> &[PathBuf] {
        &self.included
    }

    /// Forgets every source file read so far: the next rebuild reads them all again.
    pub fn forget_sources(&mut self) {
        for r in &mut self.reuse {
            r.content.clear();
            r.theme = None;
        }
        if let Ok(mut assets) = self.assets.lock() {
            assets.clear();
        }
    }

    /// Builds the book again after `paths` changed (files below the book's root, relative to
    /// it or absolute; changed, created or deleted), reading only those again. Everything
    /// else is taken as unchanged since the last rebuild: the caller (the watcher) must name
    /// every file that changed.
    pub fn rebuild_changed<P: AsRef<Path>>(&mut self, paths: &[P]) -> Result<Rebuild, Diagnostics> {
        if self.config.is_none() {
            return self.rebuild();
        }
        for r in &mut self.reuse {
            r.content.forget(paths);
        }
        let root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        let theme_dir = self.config.as_ref().and_then(|c| c.theme_dir.clone());
        let mut assets = self.assets.lock().expect("no panics under this lock");
        for path in paths {
            let abs = root.join(path.as_ref());
            if theme_dir.as_ref().is_some_and(|t| abs.starts_with(t)) {
                for r in &mut self.reuse {
                    r.theme = None;
                }
            }
            assets.remove(&abs);
        }
        drop(assets);
        self.rebuild_kept()
    }

    fn rebuild_kept(&mut self) -> Result<Rebuild, Diagnostics> {
        let started = Instant::now();
        let config = load_config(&self.root, &self.options, false)?;
        if self.config.as_ref() != Some(&config) {
            // Every setting may show anywhere (the title on every page): start afresh.
            for r in &mut self.reuse {
                r.theme = None;
            }
            self.assets
                .lock()
                .expect("no panics under this lock")
                .clear();
            self.config = Some(config.clone());
        }
        let first = self.previous.is_none();
        let cache_path = first.then(|| highlight_cache_path(&self.root)).flatten();
        if let Some(path) = &cache_path {
            render::highlight::cache().load(path);
        }
        let languages = each_language(&config);
        self.pages.resize_with(languages.len(), PageCache::new);
        let memory: Vec<ToMemory> = self
            .pages
            .iter()
            .map(|previous_pages| ToMemory {
                files: Mutex::default(),
                previous_pages,
                pages: Mutex::default(),
                assets: &self.assets,
            })
            .collect();
        let sinks: Vec<&dyn Sink> = memory.iter().map(|m| m as &dyn Sink).collect();
        let diags = run_languages(
            &languages,
            &self.options,
            Some(&mut self.reuse),
            &sinks,
            &mut self.included,
            &mut Vec::new(),
        )?;
        let mut site = Site::default();
        let mut pages = Vec::new();
        for (sink, (_, prefix)) in memory.into_iter().zip(&languages) {
            let files = sink.files.into_inner().expect("no panics under this lock");
            site.files.extend(
                files
                    .into_iter()
                    .map(|(path, file)| (format!("{prefix}{path}"), file)),
            );
            pages.push(sink.pages.into_inner().expect("no panics under this lock"));
        }
        self.pages = pages;
        let changed = match &self.previous {
            None => site.files.keys().cloned().collect(),
            Some(old) => {
                let mut changed: Vec<String> = site
                    .files
                    .iter()
                    .filter(|(p, f)| old.files.get(*p).is_none_or(|o| !o.same_as(f)))
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

/// A whole site rendered in memory as `lectern build` would write it, with what the single-file
/// export needs to fold it into one page.
pub(crate) struct SiteInMemory {
    pub config: Config,
    pub theme: Arc<Theme>,
    pub site: Site,
    /// The chapter pages, in reading order.
    pub chapter_paths: Vec<String>,
    /// Warnings.
    pub diags: Diagnostics,
}

/// Renders the book at `root` into memory, drafts left out (as `lectern build` does).
pub(crate) fn site_in_memory(root: &Path) -> Result<SiteInMemory, Diagnostics> {
    let options = BuildOptions::default();
    let config = load_config(root, &options, false)?;
    let mut reuse = Reuse::default();
    let (pages, assets) = (PageCache::new(), Mutex::default());
    let sink = ToMemory {
        files: Mutex::default(),
        previous_pages: &pages,
        pages: Mutex::default(),
        assets: &assets,
    };
    let diags = run(
        &config,
        &options,
        Some(&mut reuse),
        &sink,
        &mut Vec::new(),
        &mut Vec::new(),
        &mut languages::Loaded::default(),
    )?;
    let theme = match reuse.theme {
        Some(t) => t,
        // (A successful run always leaves its theme.)
        None => Arc::new(Theme::load(&config).map_err(|ds| {
            let mut all = Diagnostics::default();
            all.extend(ds);
            all
        })?),
    };
    Ok(SiteInMemory {
        config,
        theme,
        site: Site {
            files: sink.files.into_inner().expect("no panics under this lock"),
        },
        chapter_paths: reuse.chapter_paths,
        diags,
    })
}

// The files every site gets besides its chapter pages and the content folder's files. They
// are named once here, for `book_files` that writes them and for `generated_files` that
// keeps content from taking their place.
// (The contents page is `content::FRONT_PAGE` or `content::MOVED_CONTENTS_PAGE`: see
// `content::contents_page`.)
const QUESTIONS_PAGE: &str = "questions.html";
const PROGRESS_PAGE: &str = "progress.html";
const REVIEW_PAGE: &str = "review.html";
const NOT_FOUND_PAGE: &str = "404.html";
const REVIEW_DATA: &str = "review-data.js";
const SEARCH_INDEX: &str = "search-index.js";
const PRINT_PAGE: &str = "print.html";
const BOOK_DATA: &str = "book-data.js";
const SITEMAP: &str = "sitemap.xml";
const HIGHLIGHT_LIGHT: &str = "assets/highlight-light.css";
const HIGHLIGHT_DARK: &str = "assets/highlight-dark.css";

/// Every path of the site that Lectern writes itself, with what it is in an author's terms:
/// a chapter or a content file written to one of them would be replaced by it (or replace
/// it). `book_files` writes nothing else (a test holds it to that).
/// `contents_page` is where the contents page goes (see `content::contents_page`).
pub(crate) fn generated_files(
    config: &Config,
    theme: &Theme,
    contents_page: &str,
) -> Vec<(String, String)> {
    let fixed = [
        (contents_page, "the book's contents page"),
        (QUESTIONS_PAGE, "the page of all interview questions"),
        (PROGRESS_PAGE, "the reader's progress page"),
        (REVIEW_PAGE, "the review page"),
        (NOT_FOUND_PAGE, "the not-found page"),
        (REVIEW_DATA, "the review page's data"),
        (SEARCH_INDEX, "the search index"),
        (PRINT_PAGE, "the print page of the whole book"),
        (BOOK_DATA, "the book's quiz data"),
        (SITEMAP, "the sitemap"),
        (HIGHLIGHT_LIGHT, "the code-highlighting stylesheet"),
        (HIGHLIGHT_DARK, "the dark code-highlighting stylesheet"),
    ];
    let mut files: Vec<(String, String)> = fixed
        .into_iter()
        .filter(|(path, _)| match *path {
            SEARCH_INDEX => config.search_enabled,
            PRINT_PAGE => config.print_enabled,
            _ => true,
        })
        .map(|(path, what)| (path.to_string(), what.to_string()))
        .collect();
    files.extend(
        theme
            .assets
            .keys()
            .map(|name| (format!("assets/{name}"), "a file of the theme".to_string())),
    );
    files
}

/// Whole-book files of the last build by path, with the key they were made for, so that an
/// edit that does not touch what a file is made of (a chapter's prose and the browse-all
/// page, say) does not make it again.
#[derive(Default)]
pub(crate) struct BookFileMemo {
    entries: HashMap<String, (u64, SiteFile)>,
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
    /// The page's path as a URL path (percent-encoded), for the language switcher.
    page_url: String,
    root: &'a str,
    /// The contents page's path below the site root: `index.html`, or `contents.html` when
    /// the book's README.md is the front page.
    contents: &'a str,
    #[serde(flatten)]
    data: T,
}

#[derive(Serialize)]
struct ChapterData<'a> {
    chapter: &'a render::ChapterView,
    prev: &'a Option<render::NavLink>,
    next: &'a Option<render::NavLink>,
    /// The chapter's own interface strings, which the templates' `t` reads first.
    page_strings: &'a std::collections::BTreeMap<String, crate::strings::Entry>,
    /// `[output.html] edit-url-template` with `{path}` the chapter's file below the book's
    /// root (`src/intro.md`), as mdBook fills it in.
    edit_url: Option<String>,
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
    contents: &str,
    data: T,
) -> Result<String, Diagnostic> {
    let root = render::root_of(info.path);
    theme.render(
        template,
        &PageContext {
            page_url: crate::theme::url_path(info.path),
            page: info,
            root: &root,
            contents,
            data,
        },
    )
}

pub(crate) fn chapter_html(
    config: &Config,
    theme: &Theme,
    c: &ChapterPage,
    contents_page: &str,
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
        contents_page,
        ChapterData {
            chapter: &c.chapter,
            prev: &c.prev,
            next: &c.next,
            page_strings: &c.chapter.strings,
            edit_url: config.edit_url_template.as_ref().map(|t| {
                let src = config
                    .src_dir
                    .strip_prefix(&config.root)
                    .unwrap_or(&config.src_dir);
                let src: Vec<String> = src
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let file = src
                    .into_iter()
                    .chain(std::iter::once(format!("{}.md", c.chapter.id)))
                    .filter(|p| !p.is_empty() && p != ".")
                    .collect::<Vec<_>>()
                    .join("/");
                t.replace("{path}", &file)
            }),
        },
    )
}

#[derive(Serialize)]
struct PrintData {
    /// Every chapter's heading and text, one `<section class="print-chapter">` each.
    print_html: String,
    /// `[output.html.print] page-break`: each chapter starts a printed page.
    page_break: bool,
}

/// `print.html`: the chapters (`printed`, in any order) in the book's reading order.
fn print_page(
    config: &Config,
    theme: &Theme,
    book: &RenderedBook,
    printed: &[(String, Arc<render::ChapterView>)],
) -> Result<OutputFile, Diagnostic> {
    let order = &book.chapter_paths;
    let by_path: HashMap<&str, &render::ChapterView> = printed
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_ref()))
        .collect();
    let chapters: Vec<render::print::PrintChapter> = order
        .iter()
        .filter_map(|path| {
            let c = by_path.get(path.as_str())?;
            Some(render::print::PrintChapter {
                path,
                heading_html: c
                    .title_html
                    .clone()
                    .unwrap_or_else(|| format!("<h1>{}</h1>", render::highlight::escape(&c.title))),
                content_html: &c.content_html,
            })
        })
        .collect();
    let html = page_html(
        theme,
        "print.html",
        PageInfo {
            kind: "print",
            title: &config.title,
            description: &config.description,
            path: PRINT_PAGE,
        },
        book.contents_page,
        PrintData {
            print_html: render::print::print_html(&chapters),
            page_break: config.print_page_break,
        },
    )?;
    Ok(OutputFile {
        path: PRINT_PAGE.into(),
        data: FileData::Bytes(html.into_bytes()),
    })
}

/// The whole-book pages and every other file of the site but the chapter pages. With a
/// `memo` (`lectern serve`), files whose inputs are unchanged since the last call are taken
/// from it, and the search index and review data are put off until first asked for.
pub(crate) fn book_files(
    config: &Config,
    theme: &Theme,
    book: &RenderedBook,
    mut memo: Option<&mut BookFileMemo>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let defer = memo.is_some();
    // (Every page links to the contents page, wherever it is.)
    let shared = fingerprint(&(
        theme.fingerprint(),
        format!("{config:?}"),
        book.contents_page,
    ));
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // Takes the file at `path` from the memo when its key is unchanged, else makes it.
    let mut keep =
        |path: &str, key: u64, make: &mut dyn FnMut() -> Result<FileData, Diagnostic>| {
            let data = match memo.as_deref_mut() {
                None => make(),
                Some(memo) => match memo.entries.get(path) {
                    Some((k, kept)) if *k == key => Ok(match kept {
                        SiteFile::Ready(b) => FileData::Shared(b.clone()),
                        SiteFile::Deferred(d) => FileData::Deferred(d.clone()),
                    }),
                    _ => make().map(|data| {
                        let (data, kept) = match data {
                            FileData::Bytes(b) => {
                                let b: Arc<[u8]> = b.into();
                                (FileData::Shared(b.clone()), SiteFile::Ready(b))
                            }
                            FileData::Deferred(d) => {
                                (FileData::Deferred(d.clone()), SiteFile::Deferred(d))
                            }
                            other => return other,
                        };
                        memo.entries.insert(path.to_string(), (key, kept));
                        data
                    }),
                },
            };
            match data {
                Ok(data) => files.push(OutputFile {
                    path: path.to_string(),
                    data,
                }),
                Err(d) => errors.push(d),
            }
        };
    let html = |r: Result<String, Diagnostic>| r.map(|h| FileData::Bytes(h.into_bytes()));
    let toc_key = fingerprint(&(shared, &book.toc));
    let contents = book.contents_page;
    keep(contents, toc_key, &mut || {
        html(page_html(
            theme,
            "index.html",
            PageInfo {
                kind: "index",
                title: &config.title,
                description: &config.description,
                path: contents,
            },
            contents,
            IndexData { toc: &book.toc },
        ))
    });
    keep(
        QUESTIONS_PAGE,
        fingerprint(&(shared, book.browse_fingerprint())),
        &mut || {
            let (questions, facets) = book.browse();
            html(page_html(
                theme,
                "questions.html",
                PageInfo {
                    kind: "questions",
                    title: &theme.strings.text("questions.title", &[]),
                    description: &config.description,
                    path: QUESTIONS_PAGE,
                },
                contents,
                QuestionsData {
                    questions: &questions,
                    facets: &facets,
                },
            ))
        },
    );
    keep(PROGRESS_PAGE, toc_key, &mut || {
        html(page_html(
            theme,
            "progress.html",
            PageInfo {
                kind: "progress",
                title: &theme.strings.text("progress.title", &[]),
                description: &config.description,
                path: PROGRESS_PAGE,
            },
            contents,
            IndexData { toc: &book.toc },
        ))
    });
    keep(REVIEW_PAGE, shared, &mut || {
        html(page_html(
            theme,
            "review.html",
            PageInfo {
                kind: "review",
                title: &theme.strings.text("review.title", &[]),
                description: &config.description,
                path: REVIEW_PAGE,
            },
            contents,
            NoData {},
        ))
    });
    keep(NOT_FOUND_PAGE, shared, &mut || {
        html(page_html(
            theme,
            "404.html",
            PageInfo {
                kind: "404",
                title: &theme.strings.text("not_found.title", &[]),
                description: &config.description,
                path: NOT_FOUND_PAGE,
            },
            contents,
            NoData {},
        ))
    });
    keep(REVIEW_DATA, book.review_fingerprint(), &mut || {
        let (id, chapters) = (book.book_id().to_string(), book.review_fragments());
        let make = move || render::review_data_js(&id, &chapters).into_bytes();
        Ok(if defer {
            FileData::Deferred(Arc::new(Deferred::new(make)))
        } else {
            FileData::Bytes(make())
        })
    });
    // `[output.html.search] enable = false`: no index (and the pages show no search button).
    if config.search_enabled {
        keep(
            SEARCH_INDEX,
            fingerprint(&(&config.language, book.search_fingerprint())),
            &mut || {
                let (chapters, language) = (book.search(), config.language.clone());
                let make =
                    move || crate::render::search::index_js(&chapters, &language).into_bytes();
                Ok(if defer {
                    FileData::Deferred(Arc::new(Deferred::new(make)))
                } else {
                    FileData::Bytes(make())
                })
            },
        );
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
            path: SITEMAP.into(),
            data: FileData::Bytes(sitemap(site_url, book).into_bytes()),
        });
    }
    files.push(OutputFile {
        path: BOOK_DATA.into(),
        data: FileData::Bytes(book.book_data_js.clone().into_bytes()),
    });
    let (light, dark) = render::highlight::stylesheets();
    files.push(OutputFile {
        path: HIGHLIGHT_LIGHT.into(),
        data: FileData::Bytes(light.into_bytes()),
    });
    files.push(OutputFile {
        path: HIGHLIGHT_DARK.into(),
        data: FileData::Bytes(dark.into_bytes()),
    });
    for (name, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{name}"),
            data: FileData::Static(bytes.clone()),
        });
    }
    files.extend(redirect_pages(config));
    for file in config.additional_css.iter().chain(&config.additional_js) {
        // (A file of the content folder at the same place is already copied there.)
        if files.iter().any(|f| f.path == file.site_path) {
            continue;
        }
        files.push(OutputFile {
            path: file.site_path.clone(),
            data: FileData::Copy(file.source.clone()),
        });
    }
    for (asset, source) in book.assets.iter().zip(&book.asset_sources) {
        let path = asset
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(OutputFile {
            path,
            data: FileData::Copy(source.clone()),
        });
    }
    Ok(files)
}

/// `sitemap.xml` for search engines: absolute URLs need the deployed address (`site-url`).
fn sitemap(site_url: &str, book: &RenderedBook) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut paths = vec![book.contents_page.to_string(), QUESTIONS_PAGE.to_string()];
    paths.extend(book.chapter_paths.iter().cloned());
    // (The front page first: the contents page, or the README chapter's page.)
    if let Some(front) = paths.iter().position(|p| p == content::FRONT_PAGE) {
        let front = paths.remove(front);
        paths.insert(0, front);
    }
    for p in paths {
        out.push_str("  <url><loc>");
        out.push_str(&render::highlight::escape(&format!("{site_url}{p}")));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `generated_files` is what keeps content from overwriting the site's own files, so it
    /// must name every file `book_files` writes: a new page or script added there without
    /// being listed fails here.
    #[test]
    fn generated_files_lists_every_file_the_site_makes_itself() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = BuildOptions {
            // A full URL, so that the sitemap is written too.
            site_url: Some("https://example.com/course/".into()),
            ..BuildOptions::default()
        };
        let mut builder = Builder::new(root, options);
        let rebuild = builder.rebuild().expect("the example course builds");
        let config = load_config(root, &BuildOptions::default(), false).unwrap();
        let theme = Theme::load(&config).unwrap();
        let generated: Vec<String> = generated_files(&config, &theme, content::FRONT_PAGE)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let (book, _) = content::load(&config, LoadOptions::default());
        let book = book.unwrap();
        let from_content: Vec<String> = book
            .chapters
            .iter()
            .map(|c| c.output_path())
            .chain(
                book.assets
                    .iter()
                    .map(|a| a.to_string_lossy().replace('\\', "/")),
            )
            .collect();
        for path in rebuild.site.files.keys() {
            assert!(
                generated.contains(path) || from_content.contains(path),
                "{path} is written by book_files but missing from generated_files"
            );
        }
        assert!(rebuild.site.files.contains_key(SITEMAP));
    }
}
