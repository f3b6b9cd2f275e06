//! What the command line shows while a build runs: a live progress line on a terminal, and
//! with `--verbose` how long each stage took.
//!
//! The line is one line of standard error, redrawn in place with a carriage return and
//! cleared with spaces when the build ends, so it needs no escape sequences and leaves
//! nothing behind. It shows only when a build has run for [`DELAY`], so quick builds print
//! exactly what they printed before. The caller decides whether it may show at all (a
//! terminal, not CI, not `--quiet`, colour on): see `main.rs`.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::build::Observer;

/// How long a build runs before its progress line appears.
pub const DELAY: Duration = Duration::from_secs(1);
/// The line is redrawn at most this often.
const REDRAW: Duration = Duration::from_millis(100);

/// Tells the caller of a build what it is doing: an [`Observer`] for [`crate::BuildOptions`].
/// Call [`Reporter::finish`] when the build returns, before printing anything else.
#[derive(Debug)]
pub struct Reporter {
    shared: Arc<Shared>,
    ticker: Mutex<Option<JoinHandle<()>>>,
}

#[derive(Debug)]
struct Shared {
    started: Instant,
    delay: Duration,
    live: bool,
    verbose: bool,
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Debug, Default)]
struct State {
    stage: String,
    language: Option<String>,
    done: usize,
    total: Option<usize>,
    /// Characters of the line now on the terminal (0: none).
    drawn: usize,
    last_draw: Option<Instant>,
    finished: bool,
}

impl Reporter {
    /// `live`: the progress line may show; `verbose`: each stage's time is printed as it
    /// ends. `delay` is [`DELAY`] unless `LECTERN_PROGRESS_DELAY_MS` says otherwise (for
    /// tests, which cannot wait for a slow build).
    pub fn new(live: bool, verbose: bool) -> Arc<Reporter> {
        let delay = std::env::var("LECTERN_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(DELAY, Duration::from_millis);
        let shared = Arc::new(Shared {
            started: Instant::now(),
            delay,
            live,
            verbose,
            state: Mutex::default(),
            wake: Condvar::new(),
        });
        // A stage can take long without news (one big chapter, the search index): a
        // ticker draws the line once the delay has passed even then.
        let ticker = live.then(|| {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("lectern-progress".into())
                .spawn(move || shared.tick())
                .ok()
        });
        Arc::new(Reporter {
            shared,
            ticker: Mutex::new(ticker.flatten()),
        })
    }

    /// Clears the progress line, if it is shown, and stops drawing it.
    pub fn finish(&self) {
        {
            let mut state = self.shared.lock();
            state.finished = true;
            clear(&mut state);
        }
        self.shared.wake.notify_all();
        if let Some(t) = self.ticker.lock().ok().and_then(|mut t| t.take()) {
            let _ = t.join();
        }
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn tick(&self) {
        let mut state = self.lock();
        while !state.finished {
            self.draw(&mut state, false);
            let wait = self
                .delay
                .saturating_sub(self.started.elapsed())
                .max(REDRAW);
            state = self
                .wake
                .wait_timeout(state, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Draws the line if it may show by now and was not drawn just before (`force`: redraw
    /// whatever the time, after something else was printed).
    fn draw(&self, state: &mut State, force: bool) {
        if !self.live || state.finished || state.stage.is_empty() {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.started) < self.delay {
            return;
        }
        if !force
            && state
                .last_draw
                .is_some_and(|t| now.duration_since(t) < REDRAW)
        {
            return;
        }
        let line = line(state);
        let width = line.chars().count();
        let pad = state.drawn.saturating_sub(width);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}{:pad$}", "");
        let _ = err.flush();
        state.drawn = width + pad;
        state.last_draw = Some(now);
    }
}

/// The progress line: `Building: reading the book`, `Building 12/340 chapters: rendering`,
/// `Building 3/9 chapters (fr): rendering`.
fn line(state: &State) -> String {
    let doing = match state.stage.as_str() {
        "content" => "reading the book",
        "theme" => "loading the theme",
        "directives" => "expanding includes",
        "chapters" => "rendering",
        "book pages" => "contents, search and review pages",
        "swap" => "putting the site in place",
        other => other,
    };
    let language = state
        .language
        .as_ref()
        .map(|l| format!(" ({l})"))
        .unwrap_or_default();
    match state.total {
        Some(total) => format!(
            "Building {}/{total} chapters{language}: {doing}",
            state.done
        ),
        None => format!("Building{language}: {doing}"),
    }
}

/// Removes the line from the terminal, leaving the cursor where it began.
fn clear(state: &mut State) {
    if state.drawn > 0 {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{:w$}\r", "", w = state.drawn);
        let _ = err.flush();
        state.drawn = 0;
    }
}

impl Observer for Reporter {
    fn stage(&self, name: &str, language: Option<&str>) {
        let mut state = self.shared.lock();
        if state.language.as_deref() != language {
            state.total = None;
            state.done = 0;
        }
        state.stage = name.to_string();
        state.language = language.map(str::to_string);
        // A handful of stages per build: each is drawn as it begins.
        self.shared.draw(&mut state, true);
    }

    fn chapters(&self, done: usize, total: usize) {
        let mut state = self.shared.lock();
        state.done = state.done.max(done);
        state.total = Some(total);
        self.shared.draw(&mut state, false);
    }

    fn stage_done(&self, name: &str, language: Option<&str>, took: Duration) {
        if !self.shared.verbose {
            return;
        }
        let mut state = self.shared.lock();
        let was_drawn = state.drawn > 0;
        clear(&mut state);
        let what = match language {
            Some(l) => format!("{name} ({l})"),
            None => name.to_string(),
        };
        eprintln!("   {what:<16} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        if was_drawn {
            self.shared.draw(&mut state, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_the_stage_and_counts_chapters() {
        let mut state = State {
            stage: "content".into(),
            ..State::default()
        };
        assert_eq!(line(&state), "Building: reading the book");
        state.stage = "chapters".into();
        state.total = Some(40);
        state.done = 12;
        assert_eq!(line(&state), "Building 12/40 chapters: rendering");
        state.language = Some("fr".into());
        assert_eq!(line(&state), "Building 12/40 chapters (fr): rendering");
    }
}
