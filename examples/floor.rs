//! The floor for a full build: parse every chapter's Markdown, highlight its code with
//! Lectern's highlighter and render it to HTML, on all cores, and nothing else (no YAML, no
//! validation, no templates, no writing). `scripts/bench.sh` compares `lectern build` with it.
//!
//! ```sh
//! cargo run --release --example floor -- target/bench/c1000
//! ```
//!
//! The argument is a book folder (its `content/` is read) or a folder of Markdown files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use lectern::render::highlight::{highlight, Highlighted};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "SUMMARY.md")
        })
        .collect();
    files.sort();
    files
}

/// The Markdown after a leading `---` … `---` front-matter block.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

/// Markdown to HTML with fenced code highlighted, as Lectern's renderer does it at its core.
fn render(md: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let mut events: Vec<Event> = Vec::new();
    let mut parser = Parser::new_ext(md, options);
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for e in parser.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let html = match highlight(&code, &lang) {
                    Highlighted::Code(h) | Highlighted::Plain(h) | Highlighted::Unknown(h) => h,
                };
                events.push(Event::Html(
                    format!(
                        "<pre class=\"code\"><code class=\"language-{lang}\">{html}</code></pre>\n"
                    )
                    .into(),
                ));
            }
            e => events.push(e),
        }
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: floor BOOK_OR_MARKDOWN_DIR");
        return ExitCode::from(2);
    };
    let dir = if dir.join("content").is_dir() {
        dir.join("content")
    } else {
        dir
    };
    let started = Instant::now();
    let files = markdown_files(&dir);
    let results: Vec<Result<(usize, usize), String>> = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let html = render(body(&text));
            Ok((text.len(), html.len()))
        })
        .collect();
    let (mut read, mut written) = (0, 0);
    for r in results {
        match r {
            Ok((a, b)) => {
                read += a;
                written += b;
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    eprintln!(
        "Rendered {} chapters ({:.1} MB of Markdown into {:.1} MB of HTML) in {} ms on {} threads",
        files.len(),
        read as f64 / 1e6,
        written as f64 / 1e6,
        started.elapsed().as_millis(),
        rayon::current_num_threads()
    );
    ExitCode::SUCCESS
}
