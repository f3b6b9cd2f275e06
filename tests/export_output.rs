//! `lectern export -o` writes where it is told the way any Unix tool does: through a symlink,
//! into a FIFO or a device, to standard output with `-o -`; only a regular file is replaced
//! (atomically). Run through the real binary, as an author would.

#![cfg(unix)]

use std::fs;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lectern() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lectern"));
    c.current_dir(root());
    c
}

/// The bytes `lectern export --format gift` makes for the example course (small and quick).
fn gift() -> Vec<u8> {
    lectern::export::export(root(), lectern::export::Format::Gift)
        .unwrap_or_else(|_| panic!("the example course exports"))
        .bytes
}

fn export_to(target: &Path) -> std::process::Output {
    lectern()
        .args(["export", "--format", "gift", "-o"])
        .arg(target)
        .output()
        .expect("run lectern")
}

#[test]
fn a_symlink_stays_a_symlink_and_its_target_gets_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.gift");
    fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.gift");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let out = export_to(&link);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the symlink was replaced by a file"
    );
    assert_eq!(
        fs::read(&real).unwrap(),
        gift(),
        "the symlink's target was not written"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_fifo_is_written_into_and_its_reader_gets_everything() {
    let dir = tempfile::tempdir().unwrap();
    let fifo: PathBuf = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");

    // The reader is another process, as in `lectern export -o pipe & cat pipe`.
    let mut reader = Command::new("cat")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .expect("run cat");
    let out = export_to(&fifo);
    if !fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo() {
        // The reader would wait forever on a FIFO nobody writes to any more.
        let _ = reader.kill();
        panic!("the FIFO was replaced by a file");
    }
    let read = reader.wait_with_output().expect("cat ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        read.stdout,
        gift(),
        "the FIFO's reader did not get the export"
    );
}

#[test]
fn dash_writes_to_standard_output_for_a_pipe_into_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("course.gift.gz");
    let mut export = lectern()
        .args(["export", "--format", "gift", "-o", "-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lectern");
    let gzip = Command::new("gzip")
        .arg("-c")
        .stdin(export.stdout.take().unwrap())
        .stdout(fs::File::create(&gz).unwrap())
        .status()
        .expect("run gzip");
    let mut stderr = String::new();
    export
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(export.wait().unwrap().success(), "{stderr}");
    assert!(gzip.success());
    assert!(
        stderr.contains("Wrote standard output"),
        "the summary names standard output: {stderr}"
    );
    assert!(!root().join("-").exists(), "a file named - was written");

    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(fs::File::open(&gz).unwrap())
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, gift());
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_is_an_error_and_stays_a_device() {
    let full = Path::new("/dev/full");
    if !fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
        panic!("this test needs /dev/full, which every Linux has");
    }
    let out = export_to(full);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write /dev/full") && !stderr.contains("Wrote"),
        "{stderr}"
    );
    assert!(fs::metadata(full).unwrap().file_type().is_char_device());
}

#[test]
fn a_regular_file_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.gift");
    fs::write(&target, "x".repeat(1 << 20)).unwrap();
    let out = export_to(&target);
    assert!(out.status.success());
    assert_eq!(fs::read(&target).unwrap(), gift());
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
}
