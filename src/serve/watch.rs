//! Watching the book's sources: `book.toml`, the content folder (SUMMARY.md included) and the
//! theme-override folder. Nothing else: the build folder, hidden files and editors' temporary
//! files never cause a rebuild.
//!
//! File-system events are only a hint. notify-debouncer-full gathers the raw events of each
//! path; this module then waits for the whole book to go quiet (an editor's save is several
//! events on several paths, a `git checkout` hundreds) and compares the contents of the paths
//! named against what it saw last time. A rebuild happens only when some content really
//! changed, so a save that changes nothing, a `touch` or the builder's own reads cost nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache,
};

use crate::config::{Config, CONFIG_FILE};
pub use crate::content::is_editor_temp;

/// How long a path must be quiet before the debouncer reports it. Editors finish a save
/// (temp file, rename, backup removal) well within this.
const DEBOUNCE: Duration = Duration::from_millis(5);
const TICK: Duration = Duration::from_millis(5);
/// After a report, how long to wait for more before rebuilding: short for a save of one or
/// two files, so the page updates at once…
const SETTLE: Duration = Duration::from_millis(10);
/// …longer once many files are changing (a checkout, a copy, a search-and-replace), so the
/// whole burst is one rebuild even when the writer pauses (a busy machine, a slow disk)…
const SETTLE_BURST: Duration = Duration::from_millis(500);
const BURST: usize = 3;
/// …and longer while a save looks unfinished: a file still open for writing (its writer may
/// be between truncating it and writing it), or a file that went away (editors move the old
/// file aside, as vim's backup does, or delete it before writing the new one). A rebuild then
/// would show a chapter empty or missing for a moment.
const SETTLE_UNFINISHED: Duration = Duration::from_millis(150);
/// A stream of changes that never pauses still gets a rebuild this often.
const MAX_WAIT: Duration = Duration::from_secs(3);
/// For `--poll`: how often the folders are scanned. notify's PollWatcher compares contents
/// as well as modification times, which it keeps in whole seconds (a second save within the
/// same second would otherwise be missed); reading every file is the price, hence not more
/// often than this.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Where the book's sources are, from book.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    root: PathBuf,
    config: PathBuf,
    src: PathBuf,
    /// The theme-override folder, whether or not it exists yet.
    theme: PathBuf,
    build: PathBuf,
    /// `[build] extra-watch-dirs`: watched with everything below.
    extra: Vec<PathBuf>,
    /// The folders of files the chapters include (told by the builder after each build):
    /// a change to one of their files is a change to the book, wherever they are.
    included: Vec<PathBuf>,
}

impl Layout {
    /// `None` when book.toml cannot be read (the build reports why).
    fn load(root: &Path) -> Option<Layout> {
        let config = Config::load(root).ok()?;
        Some(Layout {
            root: root.to_path_buf(),
            config: root.join(CONFIG_FILE),
            theme: config.theme_dir.unwrap_or_else(|| root.join("theme")),
            src: config.src_dir,
            build: config.build_dir,
            // A translation's folder is watched as `extra-watch-dirs` are.
            extra: config
                .extra_watch_dirs
                .into_iter()
                .chain(config.languages.into_iter().map(|t| t.src_dir))
                .collect(),
            included: Vec::new(),
        })
    }

    fn fallback(root: &Path) -> Layout {
        Layout {
            root: root.to_path_buf(),
            config: root.join(CONFIG_FILE),
            src: root.join("content"),
            theme: root.join("theme"),
            build: root.join("site"),
            extra: Vec::new(),
            included: Vec::new(),
        }
    }

    /// Whether a change at `path` can change the site.
    fn relevant(&self, path: &Path) -> bool {
        if path == self.config {
            return true;
        }
        if path.starts_with(&self.build) {
            return false;
        }
        if path
            .file_name()
            .is_some_and(|n| is_editor_temp(&n.to_string_lossy()))
        {
            return false;
        }
        if path == self.src || path == self.theme {
            return true;
        }
        if self.extra.iter().any(|d| path.starts_with(d))
            || self
                .included
                .iter()
                .any(|d| path.parent() == Some(d) || path == d)
        {
            return true;
        }
        // The content walk skips hidden files and folders; the theme loader reads them.
        if let Ok(rel) = path.strip_prefix(&self.src) {
            return !rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        }
        path.starts_with(&self.theme)
    }

    /// The folders to watch: the root itself only for book.toml (and for the content or
    /// theme folder appearing), the content and theme folders with everything below.
    fn watches(&self) -> Vec<(PathBuf, RecursiveMode)> {
        if self.src == self.root {
            return vec![(self.root.clone(), RecursiveMode::Recursive)];
        }
        let mut list = vec![(self.root.clone(), RecursiveMode::NonRecursive)];
        if self.src.is_dir() {
            list.push((self.src.clone(), RecursiveMode::Recursive));
        }
        if self.theme.is_dir() && !self.theme.starts_with(&self.src) {
            list.push((self.theme.clone(), RecursiveMode::Recursive));
        }
        for dir in &self.extra {
            if dir.is_dir() && !dir.starts_with(&self.src) {
                list.push((dir.clone(), RecursiveMode::Recursive));
            }
        }
        for dir in &self.included {
            let covered = dir.starts_with(&self.src)
                || self.extra.iter().any(|e| dir.starts_with(e))
                || (self.theme.is_dir() && dir.starts_with(&self.theme));
            if dir.is_dir() && !covered {
                list.push((dir.clone(), RecursiveMode::NonRecursive));
            }
        }
        list
    }

    /// How the watched sources are named in messages: `content/, theme/ and book.toml`.
    pub fn describe(&self) -> String {
        let rel = |p: &Path| {
            p.strip_prefix(&self.root)
                .map(|r| r.display().to_string())
                .unwrap_or_else(|_| p.display().to_string())
        };
        let mut parts = Vec::new();
        if self.src == self.root {
            parts.push("the book folder".to_string());
        } else {
            parts.push(format!("{}/", rel(&self.src)));
        }
        if self.theme.is_dir() {
            parts.push(format!("{}/", rel(&self.theme)));
        }
        parts.push(CONFIG_FILE.to_string());
        let last = parts.pop().unwrap_or_default();
        if parts.is_empty() {
            last
        } else {
            format!("{} and {last}", parts.join(", "))
        }
    }
}

/// What the contents of a file looked like: a hash, or a marker for an unreadable file.
type Fingerprint = u64;

fn fingerprint(path: &Path) -> Option<Fingerprint> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match std::fs::read(path) {
        Ok(bytes) => bytes.hash(&mut h),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => format!("unreadable: {:?}", e.kind()).hash(&mut h),
    }
    Some(h.finish())
}

/// The relevant files at and below `path`, with their fingerprints.
fn snapshot(layout: &Layout, path: &Path) -> BTreeMap<PathBuf, Fingerprint> {
    let mut out = BTreeMap::new();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || layout.relevant(e.path()));
            for entry in walker.flatten() {
                if entry.file_type().is_file() {
                    if let Some(fp) = fingerprint(entry.path()) {
                        out.insert(entry.path().to_path_buf(), fp);
                    }
                }
            }
        }
        Ok(_) => {
            if let Some(fp) = fingerprint(path) {
                out.insert(path.to_path_buf(), fp);
            }
        }
        Err(_) => {}
    }
    out
}

enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        // A folder that was deleted is no longer watched anyway: nothing to report.
        let _ = match self {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll(d) => d.unwatch(path),
        };
    }
}

/// Something in the book's sources changed.
#[derive(Debug)]
pub struct Change {
    /// The files whose contents changed (or that appeared or went), relative to the root.
    pub files: Vec<PathBuf>,
}

impl Change {
    /// `content/intro.md` or `214 files`, for the terminal.
    pub fn describe(&self) -> String {
        match self.files.as_slice() {
            [one] => one.display().to_string(),
            many => format!("{} files", many.len()),
        }
    }
}

pub struct Watch {
    layout: Layout,
    backend: Backend,
    events: Receiver<DebounceEventResult>,
    /// Every relevant file and what its contents were when last looked at.
    files: BTreeMap<PathBuf, Fingerprint>,
    watched: Vec<(PathBuf, RecursiveMode)>,
    pub polling: bool,
    /// Warnings to print once (watch errors), drained by the caller.
    pub notes: Vec<String>,
}

impl Watch {
    /// Starts watching the book at `root`. Native events are used unless `poll` is set or
    /// the system refuses them (too many watches), in which case it polls and says so.
    pub fn start(root: &Path, poll: bool) -> Result<Watch, String> {
        let layout = Layout::load(root).unwrap_or_else(|| Layout::fallback(root));
        let mut notes = Vec::new();
        let mut watch = if poll {
            Watch::with(layout.clone(), true)?
        } else {
            let native = Watch::with(layout.clone(), false).and_then(|mut w| {
                w.sync_watches(&BTreeSet::new())?;
                Ok(w)
            });
            match native {
                Ok(w) => w,
                Err(e) => {
                    notes.push(format!(
                        "{e}; polling for changes every {} ms instead",
                        POLL_INTERVAL.as_millis()
                    ));
                    Watch::with(layout.clone(), true)?
                }
            }
        };
        // (Already done for native events, where it is what can fail.)
        watch.sync_watches(&BTreeSet::new())?;
        watch.files = snapshot(&layout, &layout.src);
        for extra in [&layout.config, &layout.theme]
            .into_iter()
            .chain(&layout.extra)
        {
            watch.files.extend(snapshot(&layout, extra));
        }
        watch.notes.extend(notes);
        Ok(watch)
    }

    fn with(layout: Layout, poll: bool) -> Result<Watch, String> {
        let (tx, rx) = mpsc::channel();
        let backend = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            Backend::Poll(
                new_debouncer_opt(DEBOUNCE, Some(TICK), tx, NoCache, config)
                    .map_err(|e| format!("cannot poll the book's folders: {e}"))?,
            )
        } else {
            Backend::Native(
                new_debouncer(DEBOUNCE, Some(TICK), tx).map_err(|e| describe_error(&e))?,
            )
        };
        Ok(Watch {
            layout,
            backend,
            events: rx,
            files: BTreeMap::new(),
            watched: Vec::new(),
            polling: poll,
            notes: Vec::new(),
        })
    }

    pub fn describe(&self) -> String {
        self.layout.describe()
    }

    /// Watches the folders of `files` (the files the chapters include, absolute) from now
    /// on, and no longer those of files no chapter includes any more.
    pub fn follow_included(&mut self, files: &[PathBuf]) {
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        if dirs == self.layout.included {
            return;
        }
        let added: Vec<PathBuf> = dirs
            .iter()
            .filter(|d| !self.layout.included.contains(d))
            .cloned()
            .collect();
        self.layout.included = dirs;
        if let Err(e) = self.sync_watches(&BTreeSet::new()) {
            self.notes.push(e);
        }
        for dir in added {
            let files = snapshot(&self.layout, &dir)
                .into_iter()
                .filter(|(p, _)| p.parent() == Some(dir.as_path()));
            self.files.extend(files);
        }
    }

    /// Blocks until the contents of the book's sources change, then returns what changed.
    /// `None` once the watcher has stopped.
    pub fn next_change(&mut self) -> Option<Change> {
        loop {
            let first = self.events.recv().ok()?;
            let mut batch = Batch {
                // Polling sees no file being closed: nothing would ever look finished.
                track_open: !self.polling,
                ..Batch::default()
            };
            batch.add(first, &self.layout);
            let started = Instant::now();
            loop {
                let settle = if batch.paths.len() > BURST || batch.rescan {
                    SETTLE_BURST
                } else if !batch.open.is_empty() || self.removes_known(&batch.paths) {
                    SETTLE_UNFINISHED
                } else {
                    SETTLE
                };
                let left = MAX_WAIT.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                match self.events.recv_timeout(settle.min(left)) {
                    Ok(more) => batch.add(more, &self.layout),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            self.notes.append(&mut batch.errors);
            // Watch new folders before reading them, so nothing written in between is missed.
            if let Err(e) = self.sync_watches(&batch.paths) {
                self.notes.push(e);
            }
            let mut files = if batch.rescan {
                self.rescan()
            } else {
                self.refresh(&batch.paths)
            };
            if files.contains(&self.layout.config) {
                files.extend(self.relayout());
            }
            if files.is_empty() {
                continue;
            }
            files.sort();
            files.dedup();
            let root = &self.layout.root;
            let files = files
                .iter()
                .map(|f| f.strip_prefix(root).unwrap_or(f).to_path_buf())
                .collect();
            return Some(Change { files });
        }
    }

    /// Whether one of `paths` is a file (or folder of files) that was there and is gone now.
    fn removes_known(&self, paths: &BTreeSet<PathBuf>) -> bool {
        paths.iter().any(|p| {
            !p.exists()
                && self
                    .files
                    .range::<PathBuf, _>(p.clone()..)
                    .next()
                    .is_some_and(|(known, _)| known.starts_with(p))
        })
    }

    /// Looks at `paths` again; returns the files whose contents differ from last time.
    fn refresh(&mut self, paths: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let mut changed = Vec::new();
        for path in paths {
            let before: BTreeMap<PathBuf, Fingerprint> = self
                .files
                .range::<PathBuf, _>(path.clone()..)
                .take_while(|(p, _)| p.starts_with(path))
                .map(|(p, f)| (p.clone(), *f))
                .collect();
            let after = snapshot(&self.layout, path);
            if before == after {
                continue;
            }
            for (p, f) in &before {
                if after.get(p) != Some(f) {
                    changed.push(p.clone());
                }
                self.files.remove(p);
            }
            for (p, f) in after {
                if !before.contains_key(&p) {
                    changed.push(p.clone());
                }
                self.files.insert(p, f);
            }
        }
        changed
    }

    /// Looks at every source again (after the system dropped events, or a new layout).
    fn rescan(&mut self) -> Vec<PathBuf> {
        let mut all: BTreeSet<PathBuf> = self.files.keys().cloned().collect();
        let layout = &self.layout;
        let mut now = snapshot(layout, &layout.src);
        now.extend(snapshot(layout, &layout.config));
        now.extend(snapshot(layout, &layout.theme));
        for dir in layout.extra.iter().chain(&layout.included) {
            now.extend(snapshot(layout, dir));
        }
        all.extend(now.keys().cloned());
        let changed = all
            .into_iter()
            .filter(|p| self.files.get(p) != now.get(p))
            .collect();
        self.files = now;
        changed
    }

    /// book.toml changed: the content or theme folder may have moved.
    fn relayout(&mut self) -> Vec<PathBuf> {
        let Some(mut layout) = Layout::load(&self.layout.root) else {
            return Vec::new();
        };
        // Which files the chapters include is known from the builds, not from book.toml.
        layout.included = self.layout.included.clone();
        if layout == self.layout {
            return Vec::new();
        }
        self.layout = layout;
        if let Err(e) = self.sync_watches(&BTreeSet::new()) {
            self.notes.push(e);
        }
        self.rescan()
    }

    /// Makes the watched folders match the layout. A content or theme folder that was
    /// created, deleted or renamed (`touched`) is watched afresh: the old watch followed the
    /// folder that went away.
    fn sync_watches(&mut self, touched: &BTreeSet<PathBuf>) -> Result<(), String> {
        let wanted = self.layout.watches();
        let mut keep = Vec::new();
        for (path, mode) in std::mem::take(&mut self.watched) {
            if wanted.contains(&(path.clone(), mode)) && !touched.contains(&path) {
                keep.push((path, mode));
            } else {
                self.backend.unwatch(&path);
            }
        }
        self.watched = keep;
        for (path, mode) in wanted {
            if self.watched.contains(&(path.clone(), mode)) {
                continue;
            }
            self.backend
                .watch(&path, mode)
                .map_err(|e| describe_error(&e))?;
            self.watched.push((path, mode));
        }
        Ok(())
    }
}

/// The events gathered before one rebuild.
#[derive(Default)]
struct Batch {
    paths: BTreeSet<PathBuf>,
    /// Files written to and not closed yet (with native events only).
    open: BTreeSet<PathBuf>,
    track_open: bool,
    rescan: bool,
    errors: Vec<String>,
}

impl Batch {
    fn add(&mut self, result: DebounceEventResult, layout: &Layout) {
        match result {
            Ok(events) => {
                for event in events {
                    if event.need_rescan() {
                        self.rescan = true;
                    }
                    let relevant = event.paths.iter().filter(|p| layout.relevant(p));
                    match event.kind {
                        EventKind::Access(AccessKind::Close(AccessMode::Write))
                        | EventKind::Remove(_)
                        | EventKind::Modify(ModifyKind::Name(_)) => {
                            for path in relevant.clone() {
                                self.open.remove(path);
                            }
                        }
                        EventKind::Create(CreateKind::File)
                        | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any)
                            if self.track_open =>
                        {
                            self.open.extend(relevant.clone().cloned());
                        }
                        // Reads (the builder's own included) change nothing.
                        EventKind::Access(_) => continue,
                        _ => {}
                    }
                    self.paths.extend(relevant.cloned());
                }
            }
            Err(errors) => {
                // The system may have dropped events: look at everything again.
                self.rescan = true;
                self.errors
                    .extend(errors.iter().map(describe_error).take(3));
            }
        }
    }
}

fn describe_error(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => "the system's limit on watched folders is reached \
             (raise it with `sudo sysctl fs.inotify.max_user_watches=524288`, or use --poll)"
            .to_string(),
        _ => {
            let paths: Vec<String> = e.paths.iter().map(|p| p.display().to_string()).collect();
            if paths.is_empty() {
                format!("cannot watch the book's files: {e}")
            } else {
                format!("cannot watch {}: {e}", paths.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout::fallback(Path::new("/book"))
    }

    #[test]
    fn editor_temp_files_are_recognised() {
        for name in [
            "4913",
            "5036",
            "intro.md~",
            ".intro.md.swp",
            "intro.md.swp",
            ".intro.md.swx",
            "#intro.md#",
            ".#intro.md",
            "intro.md___jb_tmp___",
            "intro.md___jb_old___",
            ".goutputstream-ABC123",
            "intro.md.tmp",
            "x.crswap",
            ".DS_Store",
        ] {
            assert!(is_editor_temp(name), "{name}");
        }
        for name in [
            "intro.md",
            "SUMMARY.md",
            "v2.png",
            "404.md",
            "2024-notes.md",
            "#",
        ] {
            assert!(!is_editor_temp(name), "{name}");
        }
    }

    #[test]
    fn only_sources_are_relevant() {
        let l = layout();
        for p in [
            "/book/book.toml",
            "/book/content",
            "/book/content/SUMMARY.md",
            "/book/content/runtime/new-folder",
            "/book/content/images/a.png",
            "/book/theme",
            "/book/theme/assets/lectern.css",
            "/book/theme/templates/.hidden.html",
        ] {
            assert!(l.relevant(Path::new(p)), "{p}");
        }
        for p in [
            "/book/site/index.html",
            "/book/site",
            "/book/.site.lectern-new-12",
            "/book/README.md",
            "/book/.git/index",
            "/book/content/.hidden/a.md",
            "/book/content/.intro.md.swp",
            "/book/content/4913",
            "/book/content/intro.md~",
            "/book/theme/assets/lectern.css.swp",
            "/elsewhere/book.toml",
        ] {
            assert!(!l.relevant(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn the_build_folder_is_ignored_even_inside_the_content_folder() {
        let mut l = layout();
        l.src = l.root.clone();
        assert!(!l.relevant(Path::new("/book/site/index.html")));
        assert!(l.relevant(Path::new("/book/intro.md")));
        assert_eq!(
            l.watches(),
            vec![(PathBuf::from("/book"), RecursiveMode::Recursive)]
        );
    }

    #[test]
    fn a_file_still_open_for_writing_holds_the_rebuild() {
        use notify_debouncer_full::DebouncedEvent;
        let l = layout();
        let chapter = PathBuf::from("/book/content/intro.md");
        let event = |kind| {
            Ok(vec![DebouncedEvent::new(
                notify::Event::new(kind).add_path(chapter.clone()),
                Instant::now(),
            )])
        };
        let mut batch = Batch {
            track_open: true,
            ..Batch::default()
        };
        batch.add(
            event(EventKind::Modify(ModifyKind::Data(
                notify::event::DataChange::Any,
            ))),
            &l,
        );
        assert!(batch.open.contains(&chapter));
        batch.add(
            event(EventKind::Access(AccessKind::Close(AccessMode::Write))),
            &l,
        );
        assert!(batch.open.is_empty());
        assert_eq!(batch.paths.len(), 1);
        // Reads are not changes.
        let mut reads = Batch::default();
        reads.add(
            event(EventKind::Access(AccessKind::Open(
                notify::event::AccessMode::Any,
            ))),
            &l,
        );
        assert!(reads.paths.is_empty());
    }

    #[test]
    fn refresh_reports_only_real_content_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::write(root.join("content/a/one.md"), "one").unwrap();
        std::fs::write(root.join("content/SUMMARY.md"), "# S").unwrap();
        let mut w = Watch::start(root, true).unwrap();
        let set = |ps: &[&str]| ps.iter().map(|p| root.join(p)).collect::<BTreeSet<_>>();

        // Same bytes written again: nothing changed.
        std::fs::write(root.join("content/a/one.md"), "one").unwrap();
        assert!(w.refresh(&set(&["content/a/one.md"])).is_empty());
        // New content.
        std::fs::write(root.join("content/a/one.md"), "uno").unwrap();
        assert_eq!(
            w.refresh(&set(&["content/a/one.md"])),
            vec![root.join("content/a/one.md")]
        );
        // A folder renamed: the old paths went, the new ones came.
        std::fs::rename(root.join("content/a"), root.join("content/b")).unwrap();
        let mut changed = w.refresh(&set(&["content/a", "content/b"]));
        changed.sort();
        assert_eq!(
            changed,
            vec![root.join("content/a/one.md"), root.join("content/b/one.md")]
        );
        // An empty new folder changes nothing; a deleted file does.
        std::fs::create_dir(root.join("content/empty")).unwrap();
        assert!(w.refresh(&set(&["content/empty"])).is_empty());
        std::fs::remove_file(root.join("content/b/one.md")).unwrap();
        assert_eq!(
            w.refresh(&set(&["content/b/one.md"])),
            vec![root.join("content/b/one.md")]
        );
        // A full rescan agrees with what was tracked.
        assert!(w.rescan().is_empty());
    }
}
