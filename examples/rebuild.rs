//! How long `lectern serve` takes to rebuild after a one-chapter text edit, in process (no
//! watcher, no HTTP): what the save-to-reload latency is made of.
//!
//! ```sh
//! cargo run --release --example rebuild -- target/bench/c1000 [EDITS]
//! ```
//!
//! Copies nothing: it appends a line to the middle chapter of SUMMARY.md and restores the file
//! at the end. `LECTERN_TIMINGS=1` adds the phases of each rebuild.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use lectern::{BuildOptions, Builder};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: rebuild BOOK_DIR [EDITS]");
        return ExitCode::FAILURE;
    };
    let edits: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let summary = std::fs::read_to_string(root.join("content/SUMMARY.md")).unwrap_or_default();
    let chapters: Vec<&str> = summary
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .filter(|s| s.ends_with(".md"))
        .collect();
    let Some(rel) = chapters.get(chapters.len() / 2) else {
        eprintln!("no chapters in {}/content/SUMMARY.md", root.display());
        return ExitCode::FAILURE;
    };
    let file = root.join("content").join(rel);
    let original = std::fs::read_to_string(&file).expect("the chapter is readable");
    let mut builder = Builder::new(
        &root,
        BuildOptions {
            include_drafts: true,
            ..BuildOptions::default()
        },
    );
    let t = Instant::now();
    if let Err(d) = builder.rebuild() {
        eprint!("{}", d.render_all(&root));
        return ExitCode::FAILURE;
    }
    println!("first build: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    let mut times = Vec::new();
    for i in 0..edits {
        std::fs::write(&file, format!("{original}\n\nEdit number {i}.\n")).expect("writable");
        let t = Instant::now();
        let r = builder.rebuild_changed(&[PathBuf::from("content").join(rel)]);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        match r {
            Ok(r) => {
                if i == 0 {
                    println!("changed files: {:?}", r.changed);
                }
            }
            Err(d) => {
                eprint!("{}", d.render_all(&root));
                break;
            }
        }
        times.push(ms);
    }
    std::fs::write(&file, original).expect("writable");
    times.sort_by(f64::total_cmp);
    if !times.is_empty() {
        println!(
            "one-chapter edit, {} rebuilds: median {:.1} ms, min {:.1} ms, max {:.1} ms",
            times.len(),
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
    ExitCode::SUCCESS
}
