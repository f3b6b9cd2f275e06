//! The `lectern` command: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "lectern", version, about = "Build course websites with quizzes from Markdown and YAML", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only warnings and errors: no summary, no progress line.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage of the build took.
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
    /// Colour the diagnostics: on a terminal unless NO_COLOR is set (auto), always, or never.
    #[arg(long, value_enum, value_name = "WHEN", global = true, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

/// `--dest` and the spellings mdBook (`-d`, `--dest-dir`) and Zola (`-o`, `--output-dir`) use.
#[derive(Args)]
struct Dest {
    /// Write the site here instead of `[build] build-dir`.
    #[arg(
        long,
        short = 'd',
        value_name = "DIR",
        visible_aliases = ["dest-dir", "output-dir"],
        visible_short_alias = 'o'
    )]
    dest: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the book into a static site (default folder: `site/`).
    Build {
        /// The book's folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[command(flatten)]
        dest: Dest,
        /// Open the built book in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the book for errors without writing anything.
    Check {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Serve the book on this machine, rebuilding and reloading open pages on every save.
    Serve {
        /// The book's folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Accepted for mdBook's and Zola's sake; the preview is kept in memory and nothing
        /// is written (`lectern build` writes the site).
        #[arg(
            long,
            short = 'd',
            value_name = "DIR",
            visible_aliases = ["dest-dir", "output-dir"],
            visible_short_alias = 'o'
        )]
        dest: Option<PathBuf>,
        /// Port to listen on [default: 3000, or the next free one].
        #[arg(long, short = 'p', value_name = "N")]
        port: Option<u16>,
        /// Address to listen on; 0.0.0.0 makes the preview reachable from other machines.
        #[arg(
            long,
            value_name = "ADDR",
            default_value = "127.0.0.1",
            value_parser = lectern::serve::parse_bind,
            visible_aliases = ["hostname", "interface"],
            visible_short_aliases = ['n', 'i']
        )]
        bind: std::net::IpAddr,
        /// Open the book in the default browser.
        #[arg(long, visible_short_alias = 'O')]
        open: bool,
        /// Poll for changes instead of using file-system events (network mounts, containers, WSL).
        #[arg(long)]
        poll: bool,
    },
    /// Remove the build folder, and with --cache the book's build cache.
    ///
    /// Only a folder `lectern build` wrote is removed (it holds a `.lectern-site` file): a
    /// folder of other files, the book's folder and the content folder are refused.
    Clean {
        /// The book's folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The build folder to remove, if not `[build] build-dir`.
        #[arg(
            long,
            short = 'd',
            value_name = "DIR",
            visible_aliases = ["dest-dir", "output-dir"],
            visible_short_alias = 'o'
        )]
        dest: Option<PathBuf>,
        /// Also remove this book's build cache (highlighted code, the last build's stamps).
        #[arg(long)]
        cache: bool,
    },
    /// Export the course as one offline HTML file, or its questions for Anki or Moodle (GIFT).
    Export {
        /// The book's folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The file to write, or - for standard output [default: course.html, questions-anki.txt
        /// or questions.gift]. A symlink, FIFO or device is written through, not replaced.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Html)]
        format: ExportFormat,
    },
    /// Start a new course in DIR: book.toml, a table of contents, a sample chapter with every
    /// element, its questions file and the JSON Schemas. Never overwrites a file.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Convert an mdbook-quiz file (TOML) into Lectern's questions YAML.
    ///
    /// The YAML is a `knowledge_check:` list for a `<chapter>.questions.yaml`. It is printed
    /// (or written with -o), then the command says what is left to fill in: each option's
    /// explanation and each item's difficulty, which mdbook-quiz does not have (`lectern check`
    /// points at each missing explanation). Tracing questions become `type: trace` items.
    ImportQuiz {
        /// The mdbook-quiz file (the TOML a `{{#quiz …}}` directive names).
        quiz: PathBuf,
        /// Write the YAML to FILE (atomically) instead of standard output; - is standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write the JSON Schemas of the YAML files into a folder (for editors).
    Schema {
        #[arg(default_value = "schemas")]
        out: PathBuf,
    },
    /// Print the shell completion script for SHELL.
    ///
    /// For example `lectern completions bash > ~/.local/share/bash-completion/completions/lectern`,
    /// or `lectern completions zsh > ~/.zfunc/_lectern`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// One self-contained HTML file.
    Html,
    /// Tab-separated cards for Anki.
    Anki,
    /// Moodle's GIFT format.
    Gift,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// How much to say, from the global flags.
#[derive(Clone, Copy)]
struct Ui {
    quiet: bool,
    verbose: bool,
}

impl Ui {
    /// A line of news (a summary, what was written), unless `--quiet`.
    fn say(self, line: std::fmt::Arguments) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// Reports the build's stages: a live progress line where it may show (see
    /// [`progress_allowed`]), each stage's time with `--verbose`. `None` when there is
    /// nothing to report.
    fn reporter(self, live: bool) -> Option<Arc<lectern::progress::Reporter>> {
        let live = live && progress_allowed(self.quiet);
        (live || self.verbose).then(|| lectern::progress::Reporter::new(live, self.verbose))
    }
}

/// The progress line shows on a terminal only: not in a pipe or a file, not in CI logs (`CI`
/// set), not with `--quiet`, and not where colour is off (`NO_COLOR`, `--color never`, a
/// dumb terminal), which asks for a plain stream.
fn progress_allowed(quiet: bool) -> bool {
    let stderr = std::io::stderr();
    !quiet
        && stderr.is_terminal()
        && std::env::var_os("CI").is_none()
        && anstream::AutoStream::choice(&stderr) != anstream::ColorChoice::Never
}

/// Prints `error: message`, the label coloured as in the diagnostics.
fn error(message: impl std::fmt::Display) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::BrightRed.into()));
    anstream::eprintln!("{style}error{style:#}: {message}");
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    }
    .write_global();
    let ui = Ui {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build { dir, dest, open } => build(&dir, dest.dest, open, ui),
        Command::Check {
            dir,
            format,
            deny_warnings,
        } => {
            let reporter = ui.reporter(false);
            let options = lectern::BuildOptions {
                observer: reporter.clone().map(|r| r as Arc<dyn lectern::Observer>),
                ..Default::default()
            };
            let diags = lectern::check_with(&dir, &options);
            let fails_on_warnings =
                deny_warnings && !diags.has_errors() && diags.warning_count() > 0;
            match format {
                Format::Human => {
                    anstream::eprint!("{}", diags.render_all_styled(&dir));
                    ui.say(format_args!(
                        "{}",
                        if diags.is_empty() {
                            "No problems found.".to_string()
                        } else if fails_on_warnings {
                            format!("{} (failing: --deny-warnings)", counts(&diags))
                        } else {
                            counts(&diags)
                        }
                    ));
                }
                Format::Json => {
                    let json =
                        serde_json::to_string_pretty(&diags.items).unwrap_or_else(|_| "[]".into());
                    let _ = writeln!(std::io::stdout(), "{json}");
                }
            }
            if diags.has_errors() || (deny_warnings && !diags.is_empty()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Serve {
            dir,
            dest,
            port,
            bind,
            open,
            poll,
        } => {
            if let Some(dest) = dest {
                ui.say(format_args!(
                    "note: `lectern serve` keeps the preview in memory and writes nothing, so {} is left as it is; `lectern build --dest {}` writes the site there.",
                    dest.display(),
                    dest.display()
                ));
            }
            let options = lectern::serve::ServeOptions {
                dir,
                port,
                bind,
                open,
                poll,
                quiet: ui.quiet,
                verbose: ui.verbose,
            };
            match lectern::serve::run(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    error(message);
                    ExitCode::from(1)
                }
            }
        }
        Command::Clean { dir, dest, cache } => clean(&dir, dest, cache, ui),
        Command::Export {
            dir,
            output,
            format,
        } => {
            let format = match format {
                ExportFormat::Html => lectern::export::Format::Html,
                ExportFormat::Anki => lectern::export::Format::Anki,
                ExportFormat::Gift => lectern::export::Format::Gift,
            };
            match lectern::export::export(&dir, format) {
                Ok(exported) => {
                    anstream::eprint!("{}", exported.diags.render_all_styled(&dir));
                    let target =
                        output.unwrap_or_else(|| PathBuf::from(format.default_file_name()));
                    let written = match lectern::export::write::write_export(
                        &target,
                        format.default_file_name(),
                        &exported.bytes,
                    ) {
                        Ok(w) => w,
                        Err(e) => {
                            let what = if target.as_os_str() == "-" {
                                "standard output".to_string()
                            } else {
                                target.display().to_string()
                            };
                            error(format_args!("cannot write {what}: {e}"));
                            return ExitCode::from(1);
                        }
                    };
                    ui.say(format_args!(
                        "Wrote {written} ({})",
                        human_size(exported.bytes.len())
                    ));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    anstream::eprint!("{}", diags.render_all_styled(&dir));
                    eprintln!("Export failed: {}", counts(&diags));
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => match lectern::init::init(&dir) {
            Ok(files) => {
                ui.say(format_args!("Created a new course in {}:", dir.display()));
                for f in &files {
                    ui.say(format_args!("  {}", f.display()));
                }
                ui.say(format_args!(
                    "Next: edit content/{}.md, then `lectern serve {}` to preview it.",
                    lectern::init::CHAPTER,
                    dir.display()
                ));
                ExitCode::SUCCESS
            }
            Err(e) => {
                error(e);
                ExitCode::from(1)
            }
        },
        Command::ImportQuiz {
            quiz,
            output,
            force,
        } => import_quiz(&quiz, output.filter(|o| o.as_os_str() != "-"), force, ui),
        Command::Schema { out } => {
            if let Err(e) = std::fs::create_dir_all(&out) {
                error(format_args!("cannot create {}: {e}", out.display()));
                return ExitCode::from(1);
            }
            for (name, json) in lectern::schema::all() {
                if let Err(e) = std::fs::write(out.join(name), json) {
                    error(format_args!(
                        "cannot write {}: {e}",
                        out.join(name).display()
                    ));
                    return ExitCode::from(1);
                }
            }
            ui.say(format_args!("Wrote the schemas into {}", out.display()));
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            let mut stdout = std::io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "lectern", &mut stdout);
            match stdout.flush() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    error(format_args!("cannot write standard output: {e}"));
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// `lectern build`.
fn build(dir: &Path, dest: Option<PathBuf>, open: bool, ui: Ui) -> ExitCode {
    let reporter = ui.reporter(true);
    let options = lectern::BuildOptions {
        dest,
        observer: reporter.clone().map(|r| r as Arc<dyn lectern::Observer>),
        ..Default::default()
    };
    let result = lectern::build(dir, &options);
    if let Some(r) = &reporter {
        r.finish();
    }
    match result {
        Ok(report) => {
            anstream::eprint!("{}", report.diags.render_all_styled(dir));
            let out = shown_path(&report.out_dir, dir);
            if report.unchanged {
                ui.say(format_args!(
                    "Up to date in {} ms: nothing changed since the last build of {} pages ({} files) into {}{}",
                    report.elapsed.as_millis(),
                    report.pages,
                    report.files,
                    out.display(),
                    warnings_suffix(report.diags.warning_count())
                ));
            } else {
                ui.say(format_args!(
                    "Built {} pages ({} files) into {} in {} ms{}",
                    report.pages,
                    report.files,
                    out.display(),
                    report.elapsed.as_millis(),
                    warnings_suffix(report.diags.warning_count())
                ));
            }
            let index = report.out_dir.join("index.html");
            let index = std::path::absolute(&index).unwrap_or(index);
            if open {
                ui.say(format_args!("Opening {} in a browser.", index.display()));
                if let Err(e) = open::that_detached(&index) {
                    eprintln!(
                        "Could not open a browser ({e}); open {} yourself.",
                        index.display()
                    );
                }
            } else {
                ui.say(format_args!("Open {} in a browser.", index.display()));
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            anstream::eprint!("{}", diags.render_all_styled(dir));
            eprintln!(
                "Build failed: {}; the previous site, if any, is unchanged.",
                counts(&diags)
            );
            ExitCode::from(1)
        }
    }
}

/// `lectern clean`.
fn clean(dir: &Path, dest: Option<PathBuf>, cache: bool, ui: Ui) -> ExitCode {
    let options = lectern::CleanOptions { dest, cache };
    match lectern::clean(dir, &options) {
        Ok(report) => {
            let shown = shown_path(&report.build_dir, dir).display().to_string();
            match &report.removed.site {
                Some(_) => ui.say(format_args!("Removed the build folder {shown}.")),
                None if report.build_dir.exists() => {
                    ui.say(format_args!("Nothing to remove: {shown} is empty."))
                }
                None => ui.say(format_args!("Nothing to remove: {shown} does not exist.")),
            }
            if report.removed.leftovers > 0 {
                ui.say(format_args!(
                    "Removed {} left beside it by interrupted builds.",
                    if report.removed.leftovers == 1 {
                        "a folder".to_string()
                    } else {
                        format!("{} folders", report.removed.leftovers)
                    }
                ));
            }
            if cache {
                match &report.cache_removed {
                    Some(c) => ui.say(format_args!("Removed the build cache {}.", c.display())),
                    None if report.no_cache => ui.say(format_args!(
                        "No build cache to remove: caching is off (LECTERN_NO_CACHE) or this system has no cache folder."
                    )),
                    None => ui.say(format_args!("No build cache to remove.")),
                }
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            anstream::eprint!("{}", diags.render_all_styled(dir));
            eprintln!("Nothing removed: {}.", counts(&diags));
            ExitCode::from(1)
        }
    }
}

/// `lectern import-quiz`: converts, then writes the YAML to `output` (standard output when
/// `None`) and tells the author what is left to do.
fn import_quiz(quiz: &Path, output: Option<PathBuf>, force: bool, ui: Ui) -> ExitCode {
    if let Some(out) = &output {
        if out.is_dir() {
            error(format_args!(
                "{} is a folder; give the file to write, e.g. {}",
                out.display(),
                out.join("chapter.questions.yaml").display()
            ));
            return ExitCode::from(1);
        }
        if !force && std::fs::symlink_metadata(out).is_ok() {
            error(format_args!(
                "{} exists; pass --force to replace it",
                out.display()
            ));
            return ExitCode::from(1);
        }
    }
    let text = match std::fs::read_to_string(quiz) {
        Ok(t) => t,
        Err(e) => {
            error(format_args!("cannot read {}: {e}", quiz.display()));
            return ExitCode::from(1);
        }
    };
    let (conversion, items) = lectern::mdbook_quiz::yaml::import_quiz(&text, quiz);
    let diags = lectern::diag::Diagnostics { items };
    // Diagnostics name the quiz file as given, so they are read from the current folder.
    anstream::eprint!("{}", diags.render_all_styled(Path::new("")));
    let Some(c) = conversion else {
        eprintln!("Import failed: {}; nothing written.", counts(&diags));
        return ExitCode::from(1);
    };
    let written = match &output {
        None => {
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout
                .write_all(c.yaml.as_bytes())
                .and_then(|()| stdout.flush())
            {
                error(format_args!("cannot write standard output: {e}"));
                return ExitCode::from(1);
            }
            "standard output".to_string()
        }
        Some(out) => {
            if let Err(e) = lectern::output::write_file(out, c.yaml.as_bytes(), force) {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    error(format_args!(
                        "{} exists; pass --force to replace it",
                        out.display()
                    ));
                } else {
                    error(format_args!("cannot write {}: {e}", out.display()));
                }
                return ExitCode::from(1);
            }
            out.display().to_string()
        }
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    ui.say(format_args!(
        "Wrote {written}: {}{}{}.",
        plural(c.items, "knowledge-check item", "knowledge-check items"),
        if c.traced > 0 {
            format!(
                ", {} of them {}",
                c.traced,
                if c.traced == 1 {
                    "a trace question"
                } else {
                    "trace questions"
                }
            )
        } else {
            String::new()
        },
        warnings_suffix(diags.warning_count())
    ));
    if c.items > 0 {
        ui.say(format_args!(
            "- difficulty: every item says `medium` ({}).",
            lectern::mdbook_quiz::yaml::DIFFICULTY_COMMENT
        ));
    }
    if c.options_without_explanation > 0 {
        ui.say(format_args!(
            "- explanations: {} need an `explanation:`, which Lectern requires and mdbook-quiz does not have; `lectern check` points at each.",
            plural(c.options_without_explanation, "option", "options")
        ));
    }
    if !c.shared_contexts.is_empty() {
        let groups: Vec<String> = c.shared_contexts.iter().map(|g| format!("`{g}`")).collect();
        ui.say(format_args!(
            "- multipart: the shared context of {} {} is a comment above the group's first question; Lectern has no shared context for knowledge-check items, so move it into the chapter or the prompts.",
            if groups.len() == 1 { "group" } else { "groups" },
            groups.join(", ")
        ));
    }
    ui.say(format_args!(
        "Next: save it beside its chapter as <chapter>.questions.yaml and run `lectern check`."
    ));
    ExitCode::SUCCESS
}

/// A folder of the book at `dir` as the summary names it: relative to the book when it is
/// inside it (`site`, not `./site`), as it is otherwise.
fn shown_path(path: &Path, dir: &Path) -> PathBuf {
    let path = path
        .strip_prefix(std::path::absolute(dir).unwrap_or(dir.to_path_buf()))
        .unwrap_or(path);
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

fn counts(d: &lectern::diag::Diagnostics) -> String {
    let (e, w) = (d.error_count(), d.warning_count());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(e, "error"), plural(w, "warning"))
}

fn warnings_suffix(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (1 warning)".into(),
        n => format!(" ({n} warnings)"),
    }
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
