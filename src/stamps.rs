//! Stamps of a build's inputs and outputs, so that `lectern build` can tell that the site it
//! wrote last is still the one it would write now and stop there: a rebuild of an unchanged
//! book costs a walk and a `stat` per file instead of a build.
//!
//! A file's stamp is its size, modification and change times and inode, as `make` and git
//! use them. The inputs are every file under the content and theme folders and book.toml
//! (hidden files too: more than the build reads is only more careful); the outputs are the
//! files of the site as written. Lectern itself and the settings are part of the stamps, so a
//! new version or another `--dest` builds afresh.
//!
//! Input stamps are taken *before* a build reads anything, so a file changed while the build
//! runs differs from its stamp next time. A file modified within [`RACY`] of that moment may
//! share its time with an earlier version on a file system with a coarse clock ("racily
//! clean", in git's words): it always means a build.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::{Config, CONFIG_FILE};
use crate::diag::Diagnostics;

/// How close to the stamps' time a modification makes a file untrustworthy.
const RACY: Duration = Duration::from_secs(2);

/// What the file system says about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    /// Nanoseconds since the epoch.
    modified: i128,
    changed: i128,
    inode: u64,
}

fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                len: meta.len(),
                modified: meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128,
                changed: meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128,
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            Stamp {
                len: meta.len(),
                modified: meta.modified().map(nanos).unwrap_or(0),
                changed: 0,
                inode: 0,
            }
        }
    }
}

/// Every file below `dir` (following links unless it is the output), by path, or `None` if
/// any of it cannot be read (then nothing can be trusted).
fn files_below(
    dir: &Path,
    follow_links: bool,
    skip: Option<&Path>,
) -> Option<Vec<(String, Stamp)>> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(follow_links)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| skip.is_none_or(|s| e.path() != s));
    for entry in walker {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        let meta = entry.metadata().ok()?;
        out.push((
            entry.path().to_string_lossy().into_owned(),
            Stamp::of(&meta),
        ));
    }
    Some(out)
}

/// The stamps of a successful `lectern build`, kept in the user's cache folder.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct BuildStamps {
    /// Lectern's version and executable, the settings and the build options.
    setup: String,
    inputs: Vec<(String, Stamp)>,
    /// Files the chapters include from elsewhere (`{{#include ../listings/a.rs}}`), stamped
    /// after the build: one changed since the build started is racy, so never trusted.
    included: Vec<(String, Stamp)>,
    outputs: Vec<(String, Stamp)>,
    /// When the input stamps were taken (nanoseconds since the epoch).
    taken: i128,
    pub pages: usize,
    pub files: usize,
    /// The build's warnings, to report again.
    pub diags: Diagnostics,
}

/// The inputs of a build that is about to start.
pub(crate) struct Before {
    setup: String,
    inputs: Vec<(String, Stamp)>,
    taken: i128,
}

/// Everything that is not a file of the book but changes what a build writes.
fn setup(config: &Config, include_drafts: bool) -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{:?}", Stamp::of(&m)))
        .unwrap_or_default();
    format!(
        "lectern {} {exe} drafts={include_drafts} {config:?}",
        env!("CARGO_PKG_VERSION")
    )
}

impl Before {
    /// Stamps the inputs of the book `config` describes. `None` when some cannot be read.
    pub(crate) fn take(config: &Config, include_drafts: bool) -> Option<Before> {
        let taken = nanos(SystemTime::now());
        let mut inputs = files_below(&config.root.join(CONFIG_FILE), true, None)?;
        inputs.extend(files_below(&config.src_dir, true, Some(&config.build_dir))?);
        for t in &config.languages {
            inputs.extend(files_below(&t.src_dir, true, Some(&config.build_dir))?);
        }
        if let Some(theme) = &config.theme_dir {
            inputs.extend(files_below(theme, true, None)?);
        }
        Some(Before {
            setup: setup(config, include_drafts),
            inputs,
            taken,
        })
    }

    /// Whether the site the stamps at `path` describe is in place and was built from exactly
    /// these inputs; if so, the stamps.
    pub(crate) fn unchanged_since(&self, path: &Path, build_dir: &Path) -> Option<BuildStamps> {
        let last: BuildStamps = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        let racy = last.taken - RACY.as_nanos() as i128;
        let included_unchanged = last.included.iter().all(|(p, s)| {
            s.modified < racy && std::fs::metadata(p).is_ok_and(|m| Stamp::of(&m) == *s)
        });
        let trusted = last.setup == self.setup
            && last.inputs == self.inputs
            && last.inputs.iter().all(|(_, s)| s.modified < racy)
            && included_unchanged
            && files_below(build_dir, false, None).is_some_and(|now| now == last.outputs);
        trusted.then_some(last)
    }

    /// Records a successful build (its site now in `build_dir`) at `path`. Failing to is
    /// harmless: the next build is a full one.
    pub(crate) fn save(
        self,
        path: &Path,
        build_dir: &Path,
        included: &[PathBuf],
        pages: usize,
        files: usize,
        diags: &Diagnostics,
    ) {
        let Some(outputs) = files_below(build_dir, false, None) else {
            return;
        };
        let mut included_stamps = Vec::new();
        for p in included {
            // The content folder's files are among the inputs already.
            if self.inputs.iter().any(|(i, _)| Path::new(i) == p) {
                continue;
            }
            let Ok(meta) = std::fs::metadata(p) else {
                return;
            };
            included_stamps.push((p.to_string_lossy().into_owned(), Stamp::of(&meta)));
        }
        let stamps = BuildStamps {
            setup: self.setup,
            inputs: self.inputs,
            included: included_stamps,
            outputs,
            taken: self.taken,
            pages,
            files,
            diags: diags.clone(),
        };
        let Ok(json) = serde_json::to_vec(&stamps) else {
            return;
        };
        // Written aside and renamed, so a reader never sees half of it.
        let tmp = path.with_extension("json.tmp");
        if path
            .parent()
            .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
            && std::fs::write(&tmp, json).is_ok()
        {
            let _ = std::fs::rename(&tmp, path);
        }
    }
}

/// Where the stamps of builds of the book whose cache folder is `cache_dir` are kept.
pub(crate) fn path_in(cache_dir: &Path) -> PathBuf {
    cache_dir.join("build-stamps.json")
}
