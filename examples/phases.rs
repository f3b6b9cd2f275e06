//! Where a build's time goes, stage by stage, through the public API.
//!
//! ```sh
//! cargo run --release --example phases -- target/bench/courses/lectern-1000
//! ```
//!
//! 1. a whole `lectern::build` with the on-disk highlight cache off and the in-memory one
//!    empty (a full build from scratch);
//! 2. the stages one by one: config, content (walk, front matter, YAML, validation), theme,
//!    render (Markdown, quizzes, links; code now comes from the in-memory highlight cache);
//! 3. a whole build again, with every code block in the in-memory cache.
//!
//! Highlighting ≈ (1) − (3); templates and writing ≈ (3) − the stages of (2). Each line gives
//! wall time and, on Linux, the process's CPU time (user + sys, all threads) over the same
//! span, which other load on the machine disturbs less.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use lectern::config::Config;
use lectern::content::LoadOptions;
use lectern::theme::Theme;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time of this process so far (Linux: /proc/self/stat, in clock ticks of 10 ms).
fn cpu() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which is in parentheses): utime is the 12th, stime
            // the 13th.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Wall and CPU time since `(wall, cpu)`.
struct Span(Duration, Duration);

fn since(start: (Instant, Duration)) -> Span {
    Span(start.0.elapsed(), cpu().saturating_sub(start.1))
}

fn now() -> (Instant, Duration) {
    (Instant::now(), cpu())
}

fn line(name: &str, s: &Span) {
    println!("{name:<34}{:9.1} ms wall {:9.1} ms CPU", ms(s.0), ms(s.1));
}

fn build(dir: &std::path::Path, dest: &std::path::Path) -> Result<Span, String> {
    let _ = std::fs::remove_dir_all(dest);
    let t = now();
    let options = lectern::BuildOptions {
        dest: Some(dest.to_path_buf()),
        ..Default::default()
    };
    lectern::build(dir, &options).map_err(|d| format!("{d:?}"))?;
    Ok(since(t))
}

fn run(dir: &std::path::Path) -> Result<(), String> {
    // The on-disk cache would turn the first build into a warm one.
    std::env::set_var("LECTERN_NO_CACHE", "1");
    let dest = std::env::temp_dir().join(format!("lectern-phases-{}", std::process::id()));
    let cold = build(dir, &dest)?;

    let t = now();
    let config = Config::load(dir).map_err(|d| format!("{d:?}"))?;
    let t_config = since(t);
    let t = now();
    let (book, diags) = lectern::content::load(&config, LoadOptions::default());
    let t_content = since(t);
    let book = book
        .filter(|_| !diags.has_errors())
        .ok_or("the book has errors; run lectern check")?;
    let t = now();
    let theme = Theme::load(&config).map_err(|d| format!("{d:?}"))?;
    let t_theme = since(t);
    let t = now();
    let rendered = lectern::render::render_book_pages(&book, &theme);
    let t_render = since(t);
    drop(rendered);

    let warm = build(dir, &dest)?;
    let _ = std::fs::remove_dir_all(&dest);
    let stages = [&t_config, &t_content, &t_theme, &t_render];
    let sum = Span(
        stages.iter().map(|s| s.0).sum(),
        stages.iter().map(|s| s.1).sum(),
    );
    let minus = |a: &Span, b: &Span| Span(a.0.saturating_sub(b.0), a.1.saturating_sub(b.1));
    println!(
        "{} chapters, {} threads",
        book.chapters.len(),
        rayon::current_num_threads()
    );
    line("whole build, nothing cached", &cold);
    line("  config", &t_config);
    line("  content: walk, parse, check", &t_content);
    line("  theme: load templates", &t_theme);
    line("  render without highlighting", &t_render);
    line("  highlighting (cold - warm)", &minus(&cold, &warm));
    line("  templates + write (warm - above)", &minus(&warm, &sum));
    line("whole build, code cached", &warm);
    Ok(())
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: phases BOOK_DIR");
        return ExitCode::from(2);
    };
    match run(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
