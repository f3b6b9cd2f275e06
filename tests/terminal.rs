//! `lectern build` on a terminal: run under a pseudo-terminal, it colours its diagnostics and
//! shows a live progress line that is gone when the build ends; with `NO_COLOR=1`, in CI, with
//! `--quiet` or in a pipe it shows neither (or, in CI, only the colour).
//!
//! The progress line normally waits a second; `LECTERN_PROGRESS_DELAY_MS=0` (for tests) shows
//! it at once, so a small book is enough.

#![cfg(target_os = "linux")]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_lectern");

/// A book of a few chapters, one with a warning (a code block in an unknown language).
fn book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join("book").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("book.toml", "[book]\ntitle = \"Terminal\"\n");
    let mut summary = String::new();
    for i in 1..=6 {
        summary.push_str(&format!("- [Chapter {i}](c{i}.md)\n"));
        write(
            &format!("content/c{i}.md"),
            &format!("---\ntitle: Chapter {i}\n---\n\nText {i}.\n"),
        );
    }
    write("content/SUMMARY.md", &summary);
    write(
        "content/c3.md",
        "---\ntitle: Chapter 3\n---\n\n```madeup\ncode\n```\n",
    );
    dir
}

fn root(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("book")
}

/// `lectern build` of the book in `dir` with `env` set, the environment otherwise free of
/// colour and CI settings; `site` is a fresh folder each time so every run builds.
fn command(dir: &tempfile::TempDir, site: &str, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("build")
        .arg(root(dir))
        .arg("--dest")
        .arg(dir.path().join(site))
        .args(args)
        .env("LECTERN_NO_CACHE", "1")
        .env("LECTERN_PROGRESS_DELAY_MS", "0")
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI")
        .env_remove("LECTERN_TIMINGS")
        .stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

/// Runs `command` with its standard output and error on a new pseudo-terminal and returns
/// every byte it wrote there, and whether it succeeded.
fn under_pty(mut command: Command) -> (String, bool) {
    use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(Path::new(name.to_str().unwrap()))
        .unwrap();
    command
        .stdout(slave.try_clone().unwrap())
        .stderr(slave.try_clone().unwrap());
    let mut child = command.spawn().unwrap();
    // Only the child holds the terminal now: reading ends when it exits.
    drop(command);
    drop(slave);
    let mut master = std::fs::File::from(master);
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match master.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            // EIO: the other side closed.
            Err(_) => break,
        }
    }
    let ok = child.wait().unwrap().success();
    (String::from_utf8_lossy(&bytes).into_owned(), ok)
}

/// The progress line as drawn: `\rBuilding …`.
fn has_progress(out: &str) -> bool {
    out.contains("\rBuilding")
}

#[test]
fn a_terminal_gets_colour_and_a_progress_line_that_goes_away() {
    let dir = book();
    let (out, ok) = under_pty(command(&dir, "site-1", &[], &[]));
    assert!(ok, "{out:?}");
    assert!(out.contains("\x1b["), "coloured diagnostics: {out:?}");
    assert!(out.contains("unknown code language"), "{out:?}");
    assert!(has_progress(&out), "a progress line: {out:?}");
    // Each stage is drawn as it begins, with the chapters rendered so far.
    for line in [
        "\rBuilding: reading the book",
        "\rBuilding 0/6 chapters: rendering",
        "\rBuilding 6/6 chapters: contents, search and review pages",
    ] {
        assert!(out.contains(line), "{line:?} in {out:?}");
    }
    // The last line drawn is blanked out before anything else is printed.
    let last_draw = out.rfind("\rBuilding").unwrap();
    let after = &out[last_draw + 1..];
    let drawn = after.find(['\r', '\n']).unwrap();
    let rest = &after[drawn..];
    let blank = format!("\r{}\r", " ".repeat(drawn));
    assert!(
        rest.starts_with(&blank),
        "the line is blanked: {:?}",
        &rest[..rest.len().min(200)]
    );
    assert!(!rest[blank.len()..].contains("Building"), "{rest:?}");
    assert!(rest.contains("Built 12 pages"), "{rest:?}");
}

#[test]
fn no_colour_and_no_progress_line_with_no_color() {
    let dir = book();
    let (out, ok) = under_pty(command(&dir, "site-2", &[], &[("NO_COLOR", "1")]));
    assert!(ok, "{out:?}");
    assert!(out.contains("unknown code language"), "{out:?}");
    assert!(!out.contains('\x1b'), "{out:?}");
    assert!(!has_progress(&out), "{out:?}");
    let (out, _) = under_pty(command(&dir, "site-3", &["--color", "never"], &[]));
    assert!(!out.contains('\x1b') && !has_progress(&out), "{out:?}");
}

#[test]
fn no_progress_line_in_ci_or_with_quiet() {
    let dir = book();
    let (out, ok) = under_pty(command(&dir, "site-4", &[], &[("CI", "true")]));
    assert!(ok, "{out:?}");
    assert!(!has_progress(&out), "{out:?}");
    assert!(out.contains("Built 12 pages"), "{out:?}");
    let (out, ok) = under_pty(command(&dir, "site-5", &["-q"], &[]));
    assert!(ok, "{out:?}");
    assert!(!has_progress(&out), "{out:?}");
    assert!(out.contains("\x1b["), "warnings still coloured: {out:?}");
}

#[test]
fn no_colour_and_no_progress_line_in_a_pipe() {
    let dir = book();
    let out = command(&dir, "site-6", &[], &[]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown code language"), "{stderr}");
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\r'),
        "{stderr:?}"
    );
    assert!(!stderr.contains("Building"), "{stderr:?}");
}

#[test]
fn without_the_test_setting_a_quick_build_shows_no_line() {
    let dir = book();
    let mut c = command(&dir, "site-7", &[], &[]);
    c.env_remove("LECTERN_PROGRESS_DELAY_MS");
    let (out, ok) = under_pty(c);
    assert!(ok, "{out:?}");
    // A book of six chapters builds well under the second the line waits for.
    assert!(!has_progress(&out), "{out:?}");
    assert!(out.contains("\x1b["), "{out:?}");
}
