//! The `lectern` command: a thin layer over the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "lectern", version, about = "Build course websites with quizzes from Markdown and YAML", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the book into a static site (default folder: `site/`).
    Build {
        /// The book's folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the site here instead of `[build] build-dir`.
        #[arg(long, short = 'd', value_name = "DIR")]
        dest: Option<PathBuf>,
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
        /// Port to listen on [default: 3000, or the next free one].
        #[arg(long, short = 'p', value_name = "N")]
        port: Option<u16>,
        /// Address to listen on; 0.0.0.0 makes the preview reachable from other machines.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = lectern::serve::parse_bind)]
        bind: std::net::IpAddr,
        /// Open the book in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of using file-system events (network mounts, containers, WSL).
        #[arg(long)]
        poll: bool,
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
    /// points at each missing explanation). Tracing questions, which the YAML cannot hold yet,
    /// are kept as comments.
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { dir, dest } => {
            let options = lectern::BuildOptions {
                dest,
                ..Default::default()
            };
            match lectern::build(&dir, &options) {
                Ok(report) => {
                    eprint!("{}", report.diags.render_all(&dir));
                    let out = report
                        .out_dir
                        .strip_prefix(std::path::absolute(&dir).unwrap_or(dir.clone()))
                        .unwrap_or(&report.out_dir)
                        .to_path_buf();
                    if report.unchanged {
                        eprintln!(
                            "Up to date in {} ms: nothing changed since the last build of {} pages ({} files) into {}{}",
                            report.elapsed.as_millis(),
                            report.pages,
                            report.files,
                            out.display(),
                            warnings_suffix(report.diags.warning_count())
                        );
                    } else {
                        eprintln!(
                            "Built {} pages ({} files) into {} in {} ms{}",
                            report.pages,
                            report.files,
                            out.display(),
                            report.elapsed.as_millis(),
                            warnings_suffix(report.diags.warning_count())
                        );
                    }
                    eprintln!(
                        "Open {} in a browser.",
                        report.out_dir.join("index.html").display()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    eprint!("{}", diags.render_all(&dir));
                    eprintln!(
                        "Build failed: {}; the previous site, if any, is unchanged.",
                        counts(&diags)
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Check {
            dir,
            format,
            deny_warnings,
        } => {
            let diags = lectern::check(&dir);
            let fails_on_warnings =
                deny_warnings && !diags.has_errors() && diags.warning_count() > 0;
            match format {
                Format::Human => {
                    eprint!("{}", diags.render_all(&dir));
                    eprintln!(
                        "{}",
                        if diags.is_empty() {
                            "No problems found.".to_string()
                        } else if fails_on_warnings {
                            format!("{} (failing: --deny-warnings)", counts(&diags))
                        } else {
                            counts(&diags)
                        }
                    );
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
            port,
            bind,
            open,
            poll,
        } => {
            let options = lectern::serve::ServeOptions {
                dir,
                port,
                bind,
                open,
                poll,
            };
            match lectern::serve::run(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            }
        }
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
                    eprint!("{}", exported.diags.render_all(&dir));
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
                            eprintln!("error: cannot write {what}: {e}");
                            return ExitCode::from(1);
                        }
                    };
                    eprintln!("Wrote {written} ({})", human_size(exported.bytes.len()));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    eprint!("{}", diags.render_all(&dir));
                    eprintln!("Export failed: {}", counts(&diags));
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => match lectern::init::init(&dir) {
            Ok(files) => {
                eprintln!("Created a new course in {}:", dir.display());
                for f in &files {
                    eprintln!("  {}", f.display());
                }
                eprintln!(
                    "Next: edit content/{}.md, then `lectern serve {}` to preview it.",
                    lectern::init::CHAPTER,
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::ImportQuiz {
            quiz,
            output,
            force,
        } => import_quiz(&quiz, output.filter(|o| o.as_os_str() != "-"), force),
        Command::Schema { out } => {
            if let Err(e) = std::fs::create_dir_all(&out) {
                eprintln!("error: cannot create {}: {e}", out.display());
                return ExitCode::from(1);
            }
            for (name, json) in lectern::schema::all() {
                if let Err(e) = std::fs::write(out.join(name), json) {
                    eprintln!("error: cannot write {}: {e}", out.join(name).display());
                    return ExitCode::from(1);
                }
            }
            eprintln!("Wrote the schemas into {}", out.display());
            ExitCode::SUCCESS
        }
    }
}

/// `lectern import-quiz`: converts, then writes the YAML to `output` (standard output when
/// `None`) and tells the author what is left to do.
fn import_quiz(quiz: &std::path::Path, output: Option<PathBuf>, force: bool) -> ExitCode {
    if let Some(out) = &output {
        if out.is_dir() {
            eprintln!(
                "error: {} is a folder; give the file to write, e.g. {}",
                out.display(),
                out.join("chapter.questions.yaml").display()
            );
            return ExitCode::from(1);
        }
        if !force && std::fs::symlink_metadata(out).is_ok() {
            eprintln!(
                "error: {} exists; pass --force to replace it",
                out.display()
            );
            return ExitCode::from(1);
        }
    }
    let text = match std::fs::read_to_string(quiz) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", quiz.display());
            return ExitCode::from(1);
        }
    };
    let (conversion, items) = lectern::mdbook_quiz::yaml::import_quiz(&text, quiz);
    let diags = lectern::diag::Diagnostics { items };
    // Diagnostics name the quiz file as given, so they are read from the current folder.
    eprint!("{}", diags.render_all(std::path::Path::new("")));
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
                eprintln!("error: cannot write standard output: {e}");
                return ExitCode::from(1);
            }
            "standard output".to_string()
        }
        Some(out) => {
            if let Err(e) = lectern::output::write_file(out, c.yaml.as_bytes(), force) {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    eprintln!(
                        "error: {} exists; pass --force to replace it",
                        out.display()
                    );
                } else {
                    eprintln!("error: cannot write {}: {e}", out.display());
                }
                return ExitCode::from(1);
            }
            out.display().to_string()
        }
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    eprintln!(
        "Wrote {written}: {}{}{}.",
        plural(c.items, "knowledge-check item", "knowledge-check items"),
        if c.traced > 0 {
            format!(
                ", and {} kept as comments",
                plural(c.traced, "Tracing question", "Tracing questions")
            )
        } else {
            String::new()
        },
        warnings_suffix(diags.warning_count())
    );
    if c.items > 0 {
        eprintln!(
            "- difficulty: every item says `medium` ({}).",
            lectern::mdbook_quiz::yaml::DIFFICULTY_COMMENT
        );
    }
    if c.options_without_explanation > 0 {
        eprintln!(
            "- explanations: {} need an `explanation:`, which Lectern requires and mdbook-quiz does not have; `lectern check` points at each.",
            plural(c.options_without_explanation, "option", "options")
        );
    }
    if !c.shared_contexts.is_empty() {
        let groups: Vec<String> = c.shared_contexts.iter().map(|g| format!("`{g}`")).collect();
        eprintln!(
            "- multipart: the shared context of {} {} is a comment above the group's first question; Lectern has no shared context for knowledge-check items, so move it into the chapter or the prompts.",
            if groups.len() == 1 { "group" } else { "groups" },
            groups.join(", ")
        );
    }
    if c.traced > 0 {
        eprintln!(
            "- tracing: {} no place in Lectern's YAML yet and {} `{{{{#quiz}}}}` for now (see the warnings).",
            plural(c.traced, "Tracing question has", "Tracing questions have"),
            if c.traced == 1 { "stays a" } else { "stay" }
        );
    }
    eprintln!(
        "Next: save it beside its chapter as <chapter>.questions.yaml and run `lectern check`."
    );
    ExitCode::SUCCESS
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
