//! Where an export's bytes go: `-o FILE` behaves like the output of any Unix tool.
//!
//! A regular file (or a new name) is replaced atomically, so an interrupted export never leaves
//! half a file where a good one was. Anything else is written *through*, never replaced: a
//! symlink keeps pointing where it did and its target gets the bytes, a FIFO's reader receives
//! them, a device gets them (and its errors, such as `/dev/full`'s "no space", are reported).
//! `-` is standard output, for `lectern export -o - | gzip`.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where the bytes ended up, for the closing message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Standard output.
    Stdout,
    /// A file (or FIFO, or device) at this path.
    Path(PathBuf),
}

impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Written::Stdout => f.write_str("standard output"),
            Written::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Writes `bytes` to `target` as described in the module comment. A `target` that is an
/// existing folder receives `default_name` inside it, as `cp` would.
pub fn write_export(target: &Path, default_name: &str, bytes: &[u8]) -> io::Result<Written> {
    if target.as_os_str() == "-" {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(Written::Stdout);
    }
    let target = match fs::metadata(target) {
        Ok(m) if m.is_dir() => target.join(default_name),
        _ => target.to_path_buf(),
    };
    match fs::metadata(&target) {
        // A regular file, reached directly or through symlinks: replace the file itself, so a
        // symlink stays a symlink and its target is the file that changes.
        Ok(m) if m.is_file() => {
            let real = fs::canonicalize(&target)?;
            replace_atomically(&real, bytes, Some(m.permissions()))?;
        }
        // A FIFO, a character or block device, a socket: write into it, never replace it.
        Ok(_) => write_through(&target, bytes)?,
        // Nothing there yet. A dangling symlink is written through (creating what it names),
        // as a shell's `>` would; a new name gets a new file, atomically.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let is_symlink = fs::symlink_metadata(&target)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            if is_symlink {
                write_through(&target, bytes)?;
            } else {
                replace_atomically(&target, bytes, None)?;
            }
        }
        Err(e) => return Err(e),
    }
    Ok(Written::Path(target))
}

/// Opens `path` for writing, following symlinks and creating a missing file, and writes all of
/// `bytes` into it.
fn write_through(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a failed
/// write never leaves half a file. An existing file's permissions carry over to the new one.
fn replace_atomically(path: &Path, bytes: &[u8], keep: Option<fs::Permissions>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Some(permissions) = keep {
            fs::set_permissions(&tmp, permissions)?;
        }
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_name_gets_a_file_and_its_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/out.html");
        let w = write_export(&target, "course.html", b"x").unwrap();
        assert_eq!(w, Written::Path(target.clone()));
        assert_eq!(fs::read(&target).unwrap(), b"x");
        // No temporary file is left beside it.
        assert_eq!(fs::read_dir(dir.path().join("a/b")).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_receives_the_default_name() {
        let dir = tempfile::tempdir().unwrap();
        let w = write_export(dir.path(), "course.html", b"x").unwrap();
        assert_eq!(w, Written::Path(dir.path().join("course.html")));
        assert_eq!(fs::read(dir.path().join("course.html")).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, b"old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        write_export(&target, "x", b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_creates_what_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path().join("real.txt"), &link).unwrap();
        write_export(&link, "x", b"through").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(dir.path().join("real.txt")).unwrap(), b"through");
    }
}
