//! The `output` stage: writes a site atomically. The new site is written into a staging
//! folder beside the build folder and swapped in only when complete, so a failed or killed
//! build never leaves a half-written site, and the last good one stays in place.
//!
//! On Linux the swap is one system call (`renameat2` with `RENAME_EXCHANGE`): at every
//! instant the build folder holds a complete site, the old or the new. Elsewhere (or on a
//! file system without it) the old site is moved aside and the new one moved in, and a build
//! killed between the two renames is repaired by the next build.
//!
//! Lectern deletes only what it wrote: its staging folders (which carry the [`MARKER`] from
//! the start), the previous site (which carries it), and nothing outside the build folder's
//! parent.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Position};

/// The file that marks a folder as written by Lectern; a build only ever replaces a folder
/// that has it (or an empty one), so it never deletes an author's files.
pub const MARKER: &str = ".lectern-site";
const MARKER_TEXT: &str =
    "This folder was written by lectern; `lectern build` replaces it whole.\n";

pub enum FileData {
    Bytes(Vec<u8>),
    Static(Cow<'static, [u8]>),
    /// Bytes kept from an earlier build (`lectern serve`).
    Shared(Arc<[u8]>),
    /// Bytes made when first needed (`lectern serve` puts off the search index until a
    /// page asks for it).
    Deferred(Arc<Deferred>),
    /// Copy this file.
    Copy(PathBuf),
}

impl FileData {
    /// The bytes, read or made now if need be.
    pub fn read(&self) -> std::io::Result<Cow<'_, [u8]>> {
        Ok(match self {
            FileData::Bytes(b) => Cow::Borrowed(b),
            FileData::Static(b) => Cow::Borrowed(b),
            FileData::Shared(b) => Cow::Borrowed(b),
            FileData::Deferred(d) => Cow::Owned(d.get().to_vec()),
            FileData::Copy(from) => Cow::Owned(std::fs::read(from)?),
        })
    }
}

/// A file's contents, made by a function the first time they are asked for and kept.
pub struct Deferred {
    made: OnceLock<Arc<[u8]>>,
    make: Mutex<Option<DeferredFn>>,
}

type DeferredFn = Box<dyn FnOnce() -> Vec<u8> + Send>;

impl Deferred {
    pub fn new(make: impl FnOnce() -> Vec<u8> + Send + 'static) -> Deferred {
        Deferred {
            made: OnceLock::new(),
            make: Mutex::new(Some(Box::new(make))),
        }
    }

    /// The contents, made now if this is the first call (other callers wait for it).
    pub fn get(&self) -> Arc<[u8]> {
        self.made
            .get_or_init(|| {
                let make = self.make.lock().ok().and_then(|mut m| m.take());
                make.map_or_else(|| Arc::from(&b""[..]), |f| Arc::from(f()))
            })
            .clone()
    }

    /// Whether the contents have been made.
    pub fn is_ready(&self) -> bool {
        self.made.get().is_some()
    }
}

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deferred")
            .field("ready", &self.is_ready())
            .finish()
    }
}

/// One output file: its path below the site root (`/`-separated) and its content.
pub struct OutputFile {
    pub path: String,
    pub data: FileData,
}

/// The real location of `path`: absolute, `.` and `..` resolved, and symbolic links followed
/// as far as the path exists. Build folders are compared and replaced by this location, so
/// `content/..` is the book root and a link to the book is the book.
pub fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                // `..` after a symbolic link is the link target's parent.
                out = std::fs::canonicalize(&out).unwrap_or(out);
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    // Follow links in the longest part that exists.
    let mut existing = out.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut real = real;
            for r in rest.iter().rev() {
                real.push(r);
            }
            return real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return out,
        }
    }
}

/// Where a build folder was chosen, for the diagnostics about it.
#[derive(Debug, Clone, Copy)]
pub enum BuildDirOrigin {
    /// `[build] build-dir` in book.toml (or its default, `site`), at this position if it is set.
    BookToml(Option<Position>),
    /// `--dest` on the command line.
    CommandLine,
}

impl BuildDirOrigin {
    fn position(self) -> Option<Position> {
        match self {
            BuildDirOrigin::BookToml(position) => position,
            BuildDirOrigin::CommandLine => None,
        }
    }

    fn hint(self) -> &'static str {
        match self {
            BuildDirOrigin::BookToml(_) => {
                "set `build-dir` under [build] in book.toml to a folder of its own, such as `site`"
            }
            BuildDirOrigin::CommandLine => {
                "give --dest a folder of its own, such as `site` or a folder outside the book"
            }
        }
    }
}

/// Checks that `build_dir` is a safe place to write a site for the book at `root`: not the
/// book or a folder holding it, not overlapping the content folder ([`build_dir_conflict`]),
/// not a file, and not a folder of files Lectern did not write. `written` is the folder as the
/// author wrote it. `lectern check` and `lectern build` both ask this, so neither passes what
/// the other refuses.
pub fn check_build_dir(
    root: &Path,
    src_dir: &Path,
    build_dir: &Path,
    written: &str,
    origin: BuildDirOrigin,
) -> Result<(), Diagnostic> {
    build_dir_conflict(root, src_dir, build_dir, written, origin)?;
    let written = quoted(written);
    let build = resolve(build_dir);
    let refuse = |why: String, hint: &str| {
        Err(Diagnostic::error(crate::config::CONFIG_FILE, origin.position(), why).with_hint(hint))
    };
    if build.exists() && !build.is_dir() {
        return refuse(
            format!("the build folder {written} is a file, not a folder"),
            origin.hint(),
        );
    }
    if build.is_dir() && !build.join(MARKER).exists() {
        let has_files = std::fs::read_dir(&build)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if has_files {
            return refuse(
                format!("the build folder {written} holds files Lectern did not write; refusing to replace it"),
                "choose another build folder, or empty this one yourself if its files can go",
            );
        }
    }
    Ok(())
}

/// A folder as the author wrote it, for a message: `site`, or `""` (empty) for nothing.
fn quoted(written: &str) -> String {
    if written.is_empty() {
        "`\"\"` (empty)".to_string()
    } else {
        format!("`{written}`")
    }
}

/// The part of [`check_build_dir`] that depends only on where the folders are, not on what
/// is in them: a build folder that is (or holds) the book, or overlaps the content folder, is a
/// mistake in book.toml whatever the command, so every command loading the book refuses it.
pub fn build_dir_conflict(
    root: &Path,
    src_dir: &Path,
    build_dir: &Path,
    written: &str,
    origin: BuildDirOrigin,
) -> Result<(), Diagnostic> {
    let src_shown = src_dir.strip_prefix(root).unwrap_or(src_dir).display();
    let written = quoted(written);
    let (root, src, build) = (resolve(root), resolve(src_dir), resolve(build_dir));
    let refuse = |why: String| {
        Err(
            Diagnostic::error(crate::config::CONFIG_FILE, origin.position(), why)
                .with_hint(origin.hint()),
        )
    };
    if build == root || root.starts_with(&build) {
        return refuse(format!(
            "the build folder {written} is the book's folder or holds it: a build would replace the book itself"
        ));
    }
    if build == src || src.starts_with(&build) || build.starts_with(&src) {
        return refuse(format!(
            "the build folder {written} overlaps the content folder `{src_shown}`: the site would be written among the chapters"
        ));
    }
    Ok(())
}

/// Writes `files` as the site at `build_dir`, replacing the previous site only when the new
/// one is complete.
pub fn write_site(build_dir: &Path, files: Vec<OutputFile>) -> Result<(), Diagnostic> {
    let staging = Staging::create(build_dir)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

/// A site being written: files go into a folder beside the build folder, which replaces the
/// build folder on [`Staging::commit`]. Dropped without a commit, the folder is removed and
/// the previous site is untouched.
pub struct Staging {
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    build_dir: PathBuf,
    /// Folders already created (writes come from many threads).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

fn io_failure(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path.to_path_buf(), None, format!("{what}: {e}")).with_hint(
        "check that the folder is writable and the disk has space; the previous site is untouched",
    )
}

impl Staging {
    pub fn create(build_dir: &Path) -> Result<Staging, Diagnostic> {
        let build_dir = &resolve(build_dir);
        let parent = build_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = build_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_failure("cannot create the folder", &parent, e))?;
        recover_interrupted_swap(&parent, &name, build_dir);
        let dir = parent.join(format!(".{name}.lectern-new-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_failure("cannot create the staging folder", &dir, e))?;
        // The marker goes in first: a staging folder left by a killed build is recognisably
        // Lectern's, and removed by the next build.
        let marker = dir.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| io_failure("cannot write", &marker, e))?;
        Ok(Staging {
            parent,
            name,
            dir,
            build_dir: build_dir.to_path_buf(),
            made: Default::default(),
            committed: false,
        })
    }

    /// Writes one file of the new site.
    pub fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        let dest = self.dir.join(&f.path);
        if let Some(folder) = dest.parent() {
            let known = self
                .made
                .lock()
                .map(|m| m.contains(folder))
                .unwrap_or(false);
            if !known {
                std::fs::create_dir_all(folder)
                    .map_err(|e| io_failure("cannot create the folder", folder, e))?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(folder.to_path_buf());
                }
            }
        }
        match &f.data {
            FileData::Copy(from) => std::fs::copy(from, &dest).map(|_| ()),
            data => data.read().and_then(|b| std::fs::write(&dest, b)),
        }
        .map_err(|e| io_failure("cannot write", &dest, e))
    }

    /// Swaps the new site in for the old one.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        swap_in(&self.parent, &self.name, &self.dir, &self.build_dir)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn old_name(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.lectern-old"))
}

/// Moves the finished staging folder to `build_dir`. Where the system can, the two folders
/// trade places in one step and the old site is deleted from the staging path; otherwise the
/// old site is moved aside first and deleted last, and if the process dies between the two
/// renames, the next build puts it back.
fn swap_in(parent: &Path, name: &str, staging: &Path, build_dir: &Path) -> Result<(), Diagnostic> {
    let old = old_name(parent, name);
    let fail = |e: std::io::Error| {
        Diagnostic::error(
            build_dir.to_path_buf(),
            None,
            format!("cannot replace the site: {e}"),
        )
        .with_hint("check that nothing holds the folder open and that it is writable")
    };
    let had_old = build_dir.exists();
    if had_old && exchange(staging, build_dir).is_ok() {
        // `staging` now holds the old site.
        let _ = std::fs::remove_dir_all(staging);
        return Ok(());
    }
    if old.join(MARKER).exists() {
        std::fs::remove_dir_all(&old).map_err(fail)?;
    }
    if had_old {
        std::fs::rename(build_dir, &old).map_err(fail)?;
    }
    if let Err(e) = std::fs::rename(staging, build_dir) {
        if had_old {
            let _ = std::fs::rename(&old, build_dir);
        }
        return Err(fail(e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Atomically exchanges two existing paths (Linux 3.15+, on file systems that support it).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths; the call reads them and nothing else.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Cleans up after a build that was killed: restores a site moved aside but not replaced,
/// and removes abandoned staging folders.
fn recover_interrupted_swap(parent: &Path, name: &str, build_dir: &Path) {
    let old = old_name(parent, name);
    if old.join(MARKER).exists() && !build_dir.exists() {
        let _ = std::fs::rename(&old, build_dir);
    }
    for dir in abandoned_staging(parent, name) {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The staging folders of the build folder `name` in `parent` that builds no longer running
/// left behind.
fn abandoned_staging(parent: &Path, name: &str) -> Vec<PathBuf> {
    let prefix = format!(".{name}.lectern-new-");
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = n.strip_prefix(&prefix) {
                // Another build of the same book may be running: leave its folder alone.
                let alive = pid.parse::<u32>().is_ok_and(|p| {
                    Path::new(&format!("/proc/{p}")).exists() && p != std::process::id()
                });
                // Only folders Lectern made: marked, or empty (killed before the marker).
                let ours = e.path().join(MARKER).exists()
                    || std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none());
                if !alive && ours {
                    found.push(e.path());
                }
            }
        }
    }
    found
}

/// What [`remove_site`] removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The build folder as it was resolved, when there was a site there to remove.
    pub site: Option<PathBuf>,
    /// Folders killed builds left beside it (a staging folder, a site moved aside).
    pub leftovers: usize,
}

/// Removes the site at `build_dir` (`lectern clean`), with what killed builds left beside it.
/// Only a folder carrying the [`MARKER`] is removed: a folder without it that holds files, a
/// file, the book's folder (or one holding it) and the content folder are refused, whatever
/// they hold, so an author's files are never deleted. A missing or empty folder is left as it
/// is. The arguments are those of [`check_build_dir`].
pub fn remove_site(
    root: &Path,
    src_dir: &Path,
    build_dir: &Path,
    written: &str,
    origin: BuildDirOrigin,
) -> Result<Removed, Diagnostic> {
    build_dir_conflict(root, src_dir, build_dir, written, origin)?;
    let build = resolve(build_dir);
    let shown = quoted(written);
    let refuse = |why: String| {
        Err(Diagnostic::error(crate::config::CONFIG_FILE, origin.position(), why).with_hint(
            "`lectern clean` removes only folders `lectern build` wrote, which hold a .lectern-site file",
        ))
    };
    let parent = build
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = build
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let cannot = |path: &Path, e: std::io::Error| {
        Diagnostic::error(path.to_path_buf(), None, format!("cannot remove: {e}"))
            .with_hint("check that nothing holds the folder open and that it is writable")
    };
    let mut removed = Removed {
        site: None,
        leftovers: 0,
    };
    let old = old_name(parent, &name);
    let mut leftovers = abandoned_staging(parent, &name);
    if is_marked(&old) {
        leftovers.push(old);
    }
    for dir in leftovers {
        std::fs::remove_dir_all(&dir).map_err(|e| cannot(&dir, e))?;
        removed.leftovers += 1;
    }
    match std::fs::symlink_metadata(&build) {
        Err(_) => return Ok(removed),
        Ok(m) if !m.is_dir() => {
            return refuse(format!(
                "the build folder {shown} is a file, not a folder Lectern wrote; left alone"
            ))
        }
        Ok(_) => {}
    }
    if !is_marked(&build) {
        let empty = std::fs::read_dir(&build).is_ok_and(|mut d| d.next().is_none());
        if empty {
            return Ok(removed);
        }
        return refuse(format!(
            "the build folder {shown} holds files Lectern did not write; refusing to delete it"
        ));
    }
    std::fs::remove_dir_all(&build).map_err(|e| cannot(&build, e))?;
    removed.site = Some(build);
    Ok(removed)
}

/// Whether `dir` is a folder Lectern wrote: it holds the [`MARKER`] file.
fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Writes one file so that it is either absent or complete: the bytes go to a temporary file
/// beside `path`, which is then renamed over it (`replace`) or linked to its name, which fails
/// with `AlreadyExists` when the name is taken, even by a file that appeared meanwhile. Missing
/// folders are created.
pub fn write_file(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if replace {
            std::fs::rename(&tmp, path)
        } else {
            std::fs::hard_link(&tmp, path)
        }
    })();
    // After a rename there is nothing left to remove; after a link (or a failure) the
    // temporary name goes.
    let _ = std::fs::remove_file(&tmp);
    written
}

/// The Content-Type of a site file, from its extension: what `lectern serve` sends, and the
/// type of the single-file export's `data:` URIs.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" | "yaml" | "yml" | "toml" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_file_refuses_a_taken_name_unless_told_to_replace() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/q.yaml");
        write_file(&path, b"one", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let e = write_file(&path, b"two", false).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_file(&path, b"three", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        // No temporary file is left beside it.
        assert_eq!(
            std::fs::read_dir(dir.path().join("new")).unwrap().count(),
            1
        );
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            data: FileData::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn writes_and_replaces_a_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, vec![file("a.html", "1"), file("x/b.html", "2")]).unwrap();
        assert_eq!(std::fs::read_to_string(site.join("x/b.html")).unwrap(), "2");
        write_site(&site, vec![file("a.html", "3")]).unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "3");
        assert!(
            !site.join("x").exists(),
            "stale files from the old site are gone"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("site")]);
    }

    #[test]
    fn refuses_dangerous_build_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let src = root.join("content");
        std::fs::create_dir_all(&src).unwrap();
        assert!(check_build_dir(root, &src, root, "site", BuildDirOrigin::CommandLine).is_err());
        assert!(check_build_dir(root, &src, &src, "site", BuildDirOrigin::CommandLine).is_err());
        assert!(check_build_dir(
            root,
            &src,
            &src.join("site"),
            "site",
            BuildDirOrigin::CommandLine
        )
        .is_err());
        let foreign = root.join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let e =
            check_build_dir(root, &src, &foreign, "site", BuildDirOrigin::CommandLine).unwrap_err();
        assert!(e.message.contains("did not write"));
        assert!(check_build_dir(
            root,
            &src,
            &root.join("site"),
            "site",
            BuildDirOrigin::CommandLine
        )
        .is_ok());
    }

    #[test]
    fn restores_a_site_moved_aside_by_a_killed_build() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, vec![file("a.html", "1")]).unwrap();
        std::fs::rename(&site, dir.path().join(".site.lectern-old")).unwrap();
        recover_interrupted_swap(dir.path(), "site", &site);
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "1");
    }

    #[test]
    fn paths_resolve_dots_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("book/content")).unwrap();
        assert_eq!(resolve(&root.join("book/content/..")), root.join("book"));
        assert_eq!(resolve(&root.join("book/./x/../y")), root.join("book/y"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("book"), root.join("link")).unwrap();
            assert_eq!(resolve(&root.join("link/site")), root.join("book/site"));
            assert_eq!(resolve(&root.join("link/content/..")), root.join("book"));
        }
    }

    #[test]
    fn refuses_disguised_and_odd_build_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        let src = root.join("content");
        std::fs::create_dir_all(&src).unwrap();
        // The book itself, spelled another way.
        assert!(check_build_dir(
            &root,
            &src,
            &src.join(".."),
            "site",
            BuildDirOrigin::CommandLine
        )
        .is_err());
        assert!(check_build_dir(
            &root,
            &src,
            &root.join("site/../content"),
            "site",
            BuildDirOrigin::CommandLine
        )
        .is_err());
        // A file.
        std::fs::write(root.join("README.md"), "mine").unwrap();
        let e = check_build_dir(
            &root,
            &src,
            &root.join("README.md"),
            "site",
            BuildDirOrigin::CommandLine,
        )
        .unwrap_err();
        assert!(e.message.contains("is a file"), "{e}");
        // The file system's root.
        assert!(check_build_dir(
            &root,
            &src,
            Path::new("/"),
            "site",
            BuildDirOrigin::CommandLine
        )
        .is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&root, dir.path().join("alias")).unwrap();
            assert!(check_build_dir(
                &root,
                &src,
                &dir.path().join("alias"),
                "site",
                BuildDirOrigin::CommandLine
            )
            .is_err());
        }
    }

    #[test]
    fn a_swap_leaves_only_the_site_and_recovery_spares_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        // Someone's folder that happens to look like a staging folder of a dead process.
        let lookalike = dir.path().join(".site.lectern-new-999999999");
        std::fs::create_dir_all(&lookalike).unwrap();
        std::fs::write(lookalike.join("keep.txt"), "mine").unwrap();
        for round in 0..3 {
            write_site(&site, vec![file("a.html", &round.to_string())]).unwrap();
            assert_eq!(
                std::fs::read_to_string(site.join("a.html")).unwrap(),
                round.to_string()
            );
            assert!(site.join(MARKER).exists());
        }
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".site.lectern-new-999999999", "site"]);
        assert!(lookalike.join("keep.txt").exists());
    }

    #[test]
    fn a_staging_folder_left_by_a_killed_build_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, vec![file("a.html", "1")]).unwrap();
        // What a build killed mid-write leaves: a marked, partial staging folder.
        let left = dir.path().join(".site.lectern-new-999999999");
        std::fs::create_dir_all(left.join("x")).unwrap();
        std::fs::write(left.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(left.join("x/half.html"), "<p").unwrap();
        write_site(&site, vec![file("a.html", "2")]).unwrap();
        assert!(!left.exists());
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "2");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn folders_trade_places_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("f"), "a").unwrap();
        std::fs::write(b.join("f"), "b").unwrap();
        // Where the file system lacks the exchange, the fallback is covered elsewhere.
        if exchange(&a, &b).is_ok() {
            assert_eq!(std::fs::read_to_string(a.join("f")).unwrap(), "b");
            assert_eq!(std::fs::read_to_string(b.join("f")).unwrap(), "a");
        }
    }
}
