//! Micro-benchmarks of the build's hot paths, through the public API, on chapters from the
//! benchmark course generator (`examples/gen-course.rs`):
//!
//! - `markdown/chapter`: render one ~1,500-word chapter with 3–4 code blocks (no questions);
//!   its code blocks come from the in-memory highlight cache after the first iteration, so
//!   this is the Markdown side;
//! - `highlight/ts_30_lines`: highlight a 30-line TypeScript block, different each iteration
//!   so the highlight cache never answers; `highlight/ts_30_lines_cached`: the same block
//!   again, answered by the cache;
//! - `quiz/5_interview_2_checks`: render a chapter whose questions file has two
//!   knowledge-check items and five interview cards, with a one-line body;
//! - `template/tiny_book`: `lectern::build` of a three-chapter book (load, render, templates,
//!   write), the finest public entry to the templates.
//!
//! `cargo bench --bench hot_paths` (about a minute); `cargo bench --bench hot_paths -- quiz`
//! for one group.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use lectern::config::Config;
use lectern::content::{Book, LoadOptions};
use lectern::render::highlight::{highlight, Highlighted};
use lectern::render::render_book_pages;
use lectern::theme::Theme;

#[path = "../examples/gen-course.rs"]
#[allow(dead_code)]
mod gen_course;

/// Writes the generated `chapters`-chapter Lectern course into `dir`.
fn write_course(dir: &Path, chapters: usize) {
    for (path, text) in gen_course::files(42, chapters, gen_course::Format::Lectern) {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// Loads the book at `dir` as `lectern build` would, failing on any error.
fn load(dir: &Path) -> (Book, Theme) {
    let config = Config::load(dir).unwrap_or_else(|d| panic!("{d:?}"));
    let (book, diags) = lectern::content::load(&config, LoadOptions::default());
    assert!(!diags.has_errors(), "{diags:?}");
    let theme = Theme::load(&config).unwrap_or_else(|d| panic!("{d:?}"));
    (book.expect("a book"), theme)
}

/// A one-chapter book: the generator's first chapter, with or without its questions, and
/// with its body or a one-line one.
fn one_chapter(questions: bool, prose: bool) -> (tempfile::TempDir, Book, Theme) {
    let dir = tempfile::tempdir().unwrap();
    write_course(dir.path(), 1);
    let content = dir.path().join("content");
    let chapter = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.to_string_lossy().ends_with(".md") && !p.ends_with("SUMMARY.md"))
        .unwrap();
    if !questions {
        std::fs::remove_file(chapter.with_extension("questions.yaml")).unwrap();
    }
    if !prose {
        let text = std::fs::read_to_string(&chapter).unwrap();
        let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
        std::fs::write(&chapter, format!("{}\nA one-line body.\n", &text[..end])).unwrap();
    }
    let (book, theme) = load(dir.path());
    (dir, book, theme)
}

const TS_30: &str = r#"import type { Pool } from 'pg';

export interface Order {
  id: string;
  amount: number;
  status: 'pending' | 'done' | 'failed';
}

export async function loadOrders(pool: Pool, ownerId: string, limit = 50): Promise<Order[]> {
  const { rows } = await pool.query<Order>(
    'SELECT id, amount, status FROM orders WHERE owner_id = $1 LIMIT $2',
    [ownerId, limit],
  );
  const failed = rows.filter((r): r is Order & { status: 'failed' } => r.status === 'failed');
  if (failed.length > rows.length / 2) {
    throw new Error(`too many failed orders: ${failed.length}`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 250);
  try {
    await Promise.all(rows.map((r) => syncInvoice(r.id, controller.signal)));
  } finally {
    clearTimeout(timer);
  }
  const seen = new Set<string>();
  const unique = rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
  const total = unique.reduce((sum, r) => sum + r.amount, 0);
  console.log({ ownerId, total });
  return unique;
}
"#;

fn benches(c: &mut Criterion) {
    assert_eq!(TS_30.lines().count(), 30);
    // Builds of temporary books must not leave highlight caches in the user's cache folder.
    std::env::set_var("LECTERN_NO_CACHE", "1");
    // Load the syntaxes once, outside every measurement.
    let _ = highlight("let a = 1;", "rust");

    let (_dir, book, theme) = one_chapter(false, true);
    c.bench_function("markdown/chapter", |b| {
        b.iter(|| black_box(render_book_pages(black_box(&book), &theme)))
    });

    let code = |h: Highlighted| match h {
        Highlighted::Code(h) => h,
        _ => panic!("TypeScript is a known language"),
    };
    let mut n = 0u64;
    c.bench_function("highlight/ts_30_lines", |b| {
        b.iter_batched(
            || {
                n += 1;
                TS_30.replace(
                    "{ ownerId, total }",
                    &format!("{{ ownerId, total, run: {n} }}"),
                )
            },
            |ts| black_box(code(highlight(&ts, "ts"))),
            criterion::BatchSize::SmallInput,
        )
    });
    c.bench_function("highlight/ts_30_lines_cached", |b| {
        b.iter(|| black_box(code(highlight(black_box(TS_30), "ts"))))
    });

    let (_dir, book, theme) = one_chapter(true, false);
    assert_eq!(
        book.chapters[0]
            .questions
            .as_ref()
            .map(|q| q.data.interview.len()),
        Some(5)
    );
    c.bench_function("quiz/5_interview_2_checks", |b| {
        b.iter(|| black_box(render_book_pages(black_box(&book), &theme)))
    });

    let dir = tempfile::tempdir().unwrap();
    write_course(dir.path(), 3);
    let dest = dir.path().join("out");
    let options = lectern::BuildOptions {
        dest: Some(dest),
        ..Default::default()
    };
    c.bench_function("template/tiny_book", |b| {
        b.iter(|| black_box(lectern::build(dir.path(), &options).expect("builds")))
    });
}

criterion_group! {
    name = hot_paths;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(hot_paths);
