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
//! Highlighting ≈ (1) − (3); templates and writing ≈ (3) − the stages of (2).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use lectern::config::Config;
use lectern::content::LoadOptions;
use lectern::theme::Theme;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn build(dir: &std::path::Path, dest: &std::path::Path) -> Result<Duration, String> {
    let _ = std::fs::remove_dir_all(dest);
    let t = Instant::now();
    let options = lectern::BuildOptions {
        dest: Some(dest.to_path_buf()),
        ..Default::default()
    };
    lectern::build(dir, &options).map_err(|d| format!("{d:?}"))?;
    Ok(t.elapsed())
}

fn run(dir: &std::path::Path) -> Result<(), String> {
    // The on-disk cache would turn the first build into a warm one.
    std::env::set_var("LECTERN_NO_CACHE", "1");
    let dest = std::env::temp_dir().join(format!("lectern-phases-{}", std::process::id()));
    let cold = build(dir, &dest)?;

    let t = Instant::now();
    let config = Config::load(dir).map_err(|d| format!("{d:?}"))?;
    let t_config = t.elapsed();
    let t = Instant::now();
    let (book, diags) = lectern::content::load(&config, LoadOptions::default());
    let t_content = t.elapsed();
    let book = book
        .filter(|_| !diags.has_errors())
        .ok_or("the book has errors; run lectern check")?;
    let t = Instant::now();
    let theme = Theme::load(&config).map_err(|d| format!("{d:?}"))?;
    let t_theme = t.elapsed();
    let t = Instant::now();
    let rendered = lectern::render::render_book_pages(&book, &theme);
    let t_render = t.elapsed();
    drop(rendered);

    let warm = build(dir, &dest)?;
    let _ = std::fs::remove_dir_all(&dest);
    let stages = t_config + t_content + t_theme + t_render;
    println!(
        "{} chapters, {} threads",
        book.chapters.len(),
        rayon::current_num_threads()
    );
    println!("whole build, nothing cached     {:9.1} ms", ms(cold));
    println!("  config                        {:9.1} ms", ms(t_config));
    println!("  content: walk, parse, check   {:9.1} ms", ms(t_content));
    println!("  theme: load templates         {:9.1} ms", ms(t_theme));
    println!("  render without highlighting   {:9.1} ms", ms(t_render));
    println!(
        "  highlighting (≈ cold − warm)  {:9.1} ms",
        ms(cold.saturating_sub(warm))
    );
    println!(
        "  templates + write (≈ warm − stages) {:.1} ms",
        ms(warm.saturating_sub(stages))
    );
    println!("whole build, code cached        {:9.1} ms", ms(warm));
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
