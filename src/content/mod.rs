//! The `content` stage: walks the content folder, reads SUMMARY.md, front matter and the
//! questions YAML, validates them, and hands [`Book`] — plain data, no file handles — to the
//! render stage.

pub mod imported;
pub mod model;
pub mod summary;
mod toml_front_matter;
pub mod validate;
pub mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Position};
use model::{FrontMatter, QuestionsFile};
use summary::Summary;

pub const SUMMARY_FILE: &str = "SUMMARY.md";
/// A chapter's companion file is `<chapter stem>` + this suffix…
pub const QUESTIONS_SUFFIX: &str = ".questions.yaml";
/// …or, as many YAML tools write it, this one.
const QUESTIONS_SUFFIX_SHORT: &str = ".questions.yml";

/// The largest chapter, questions file or SUMMARY.md Lectern reads (it holds a few copies in
/// memory while building).
pub const MAX_TEXT_FILE_BYTES: u64 = 64 << 20;

/// The warning for a Markdown file SUMMARY.md does not list (dropped for files a chapter
/// includes, which are parts of chapters).
pub const NOT_LISTED: &str =
    "this chapter is not listed in SUMMARY.md, so it is not part of the book";

/// What to include.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include chapters marked `draft: true` (`lectern serve` does).
    pub include_drafts: bool,
}

/// A loaded, validated book: everything the render stage needs, in memory.
#[derive(Debug, Clone)]
pub struct Book {
    pub config: Config,
    /// Chapters in reading order.
    pub chapters: Vec<Chapter>,
    /// The table of contents.
    pub toc: Vec<TocPart>,
    /// Other files under the content folder (images, downloads), relative to it; copied as they are.
    pub assets: Vec<PathBuf>,
    /// Ids of draft chapters this build leaves out (links to them are dropped with a warning).
    pub left_out_drafts: Vec<String>,
    /// Of a translation: the files (below the content folder, `/`-separated) taken from the
    /// book's own content folder because the translation has none of its own.
    pub fallback_files: HashSet<String>,
    /// Chapter files SUMMARY.md lists that do not exist, with the text `[build]
    /// create-missing` gives them (`# Title`, as mdBook writes it). The book holds them as
    /// chapters already; `build::build` writes the files once the build has succeeded.
    pub missing_chapters: Vec<MissingChapter>,
}

#[derive(Debug, Clone)]
pub struct TocPart {
    pub title: Option<String>,
    pub entries: Vec<TocEntry>,
}

#[derive(Debug, Clone)]
pub struct TocEntry {
    pub title: String,
    /// Index into [`Book::chapters`]; `None` for a draft entry without a page.
    pub chapter: Option<usize>,
    pub number: Option<String>,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    /// The path below the content folder without `.md`, with `/` separators: a stable id.
    pub id: String,
    /// The Markdown file, relative to the book root (for diagnostics).
    pub file: PathBuf,
    /// Section number from SUMMARY.md ("2.1"), if numbered.
    pub number: Option<String>,
    /// Depth in the table of contents (0 = top level).
    pub depth: usize,
    /// Index of the table-of-contents part holding the chapter.
    pub part: usize,
    pub front: FrontMatter,
    /// The Markdown after the front matter (shared with the loader's cache, so an unchanged
    /// chapter costs no copy in `lectern serve`).
    pub body: Arc<str>,
    /// Lines of the file before `body` (the front matter), to report body positions.
    pub body_line_offset: usize,
    pub questions: Option<Arc<ChapterQuestions>>,
    /// What the directive stage made of the body (empty until it has run).
    pub expansion: Expansion,
    /// Of a translation: the chapter is the book's own file, not translated yet.
    pub untranslated: bool,
    /// Of a translation: the chapter's questions are the book's own, not translated yet.
    pub questions_untranslated: bool,
}

/// What expanding a chapter's directives (`{{#include}}`, …) changed besides its body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expansion {
    /// Where each line of the expanded body came from; `None` when nothing was expanded.
    pub source_map: Option<Arc<crate::diag::SourceMap>>,
    /// Every file the directives read, absolute.
    pub inputs: Vec<PathBuf>,
    /// The page title `{{#title …}}` asks for.
    pub title: Option<String>,
    /// The questions `{{#quiz …}}` directives brought in, in page order; the body holds a
    /// placeholder block for each (see `render::markdown::IMPORTED_QUESTION_LANG`).
    pub questions: Vec<imported::ImportedQuestion>,
}

impl Book {
    /// Where the content file `rel` (an asset, relative to the content folder) is read from:
    /// the content folder, or for a translation the book's own when it has no copy.
    pub fn source_of(&self, rel: &Path) -> PathBuf {
        match &self.config.translation {
            Some(t) if self.fallback_files.contains(&slash_path(rel)) => t.source_src.join(rel),
            _ => self.config.src_dir.join(rel),
        }
    }
}

impl Chapter {
    /// The page's path below the site root, e.g. `runtime/v8-memory.html`.
    pub fn output_path(&self) -> String {
        page_path(&self.id)
    }
}

/// A chapter file to create (see [`Book::missing_chapters`]).
#[derive(Debug, Clone)]
pub struct MissingChapter {
    /// Where the file goes: the content folder joined with its SUMMARY.md path.
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct ChapterQuestions {
    /// The YAML file, relative to the book root.
    pub file: PathBuf,
    /// Its text, for locating diagnostics found after parsing.
    pub text: String,
    pub data: QuestionsFile,
}

/// Loads and validates the book at `config.root`. Returns every diagnostic found, and the book
/// whenever its table of contents could be read, even with errors in chapters, so that later
/// stages report their problems in the same run (a chapter that fails to load is kept with
/// what could be read of it). A book returned with errors must not be written.
pub fn load(config: &Config, options: LoadOptions) -> (Option<Book>, Diagnostics) {
    load_cached(config, options, &mut LoadCache::default())
}

/// What [`load_cached`] keeps between loads of the same book (for `lectern serve`): the list
/// of files and every file parsed, each kept until [`LoadCache::forget`] is told it changed.
/// A load with a warm cache reads and parses only the files that changed, and gives the same
/// book and diagnostics as [`load`].
#[derive(Default)]
pub struct LoadCache {
    /// The settings the cache was filled with; any change empties it.
    config: Option<Config>,
    /// The content folder's files (relative to it) and what walking it reported.
    walk: Option<(Vec<PathBuf>, Vec<Diagnostic>, HashSet<String>)>,
    summary: Option<Result<Option<Summary>, Vec<Diagnostic>>>,
    /// By path relative to the content folder.
    markdown: HashMap<String, Arc<ParsedMarkdown>>,
    questions: HashMap<String, Arc<ParsedQuestions>>,
}

impl LoadCache {
    /// Drops what was read of `paths` (absolute, or relative to the book's root): files that
    /// changed, appeared or went. A path the cache does not know as a file (a new file, a
    /// folder) or a known file that is gone means the content folder is walked again.
    pub fn forget<P: AsRef<Path>>(&mut self, paths: &[P]) {
        let Some(config) = &self.config else { return };
        let src = config.src_dir.clone();
        // A translation also reads the book's own content folder.
        let source = config.translation.as_ref().map(|t| t.source_src.clone());
        let known_files: HashSet<String> = match &self.walk {
            Some((files, ..)) if !paths.is_empty() => files.iter().map(|f| slash_path(f)).collect(),
            _ => HashSet::new(),
        };
        for path in paths {
            let path = path.as_ref();
            let abs = if path.is_absolute() {
                path.to_path_buf()
            } else {
                config.root.join(path)
            };
            let Some(rel) = abs
                .strip_prefix(&src)
                .ok()
                .or_else(|| source.as_ref().and_then(|s| abs.strip_prefix(s).ok()))
            else {
                continue;
            };
            let rel = slash_path(rel);
            if !known_files.contains(&rel) || !abs.is_file() {
                self.walk = None;
            }
            if rel == SUMMARY_FILE {
                self.summary = None;
            }
            self.markdown.remove(&rel);
            self.questions.remove(&rel);
        }
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = LoadCache::default();
    }
}

/// What one Markdown file holds, as far as it can be told from the file alone.
struct ParsedMarkdown {
    front: Option<FrontMatter>,
    body: Arc<str>,
    body_line_offset: usize,
    first_heading: Option<String>,
    diags: Vec<Diagnostic>,
}

/// One questions file, parsed and validated.
struct ParsedQuestions {
    questions: Option<Arc<ChapterQuestions>>,
    diags: Vec<Diagnostic>,
}

/// [`load`], reading only what changed since the last load with `cache`.
pub fn load_cached(
    config: &Config,
    options: LoadOptions,
    cache: &mut LoadCache,
) -> (Option<Book>, Diagnostics) {
    if cache.config.as_ref() != Some(config) {
        cache.clear();
        cache.config = Some(config.clone());
    }
    let mut diags = Diagnostics::default();
    let src = &config.src_dir;
    let rel_src = src.strip_prefix(&config.root).unwrap_or(src).to_path_buf();
    if !src.is_dir() {
        diags.push(
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                None,
                format!("the content folder {} does not exist", rel_src.display()),
            )
            .with_hint("create it, or set `src` under [book] in book.toml to the folder holding your chapters"),
        );
        return (None, diags);
    }

    // A translation: the book's own content folder under it, for what it has not translated.
    let source = config.translation.as_ref().map(|t| t.source_src.clone());
    let rel_source = source
        .as_ref()
        .map(|s| s.strip_prefix(&config.root).unwrap_or(s).to_path_buf());
    let (files, walk_diags, fallback) = cache.walk.get_or_insert_with(|| {
        let mut found = Diagnostics::default();
        let mut files = walk(config, &mut found);
        let mut fallback = HashSet::new();
        if let Some(source) = &source {
            let mut own = config.clone();
            own.src_dir = source.clone();
            own.translation = None;
            // (What walking the book's own folder reports, its build reports.)
            let have: HashSet<PathBuf> = files.iter().cloned().collect();
            for f in walk(&own, &mut Diagnostics::default()) {
                if !have.contains(&f) {
                    fallback.insert(slash_path(&f));
                    files.push(f);
                }
            }
            files.sort();
        }
        (files, found.items, fallback)
    });
    diags.extend(walk_diags.iter().cloned());
    let files = files.clone();
    let fallback = fallback.clone();
    // Where a file below the content folder is read from, and how diagnostics name that folder.
    let origin = |rel: &str| -> (&Path, &Path) {
        match (&source, &rel_source) {
            (Some(s), Some(r)) if fallback.contains(rel) => (s.as_path(), r.as_path()),
            _ => (src.as_path(), rel_src.as_path()),
        }
    };
    let markdown: Vec<&PathBuf> = files
        .iter()
        .filter(|p| {
            // The table of contents (in any case: a misnamed one is reported below) is no chapter.
            p.extension().is_some_and(|e| e == "md")
                && !p
                    .as_os_str()
                    .to_string_lossy()
                    .eq_ignore_ascii_case(SUMMARY_FILE)
        })
        .collect();
    let file_set: HashSet<String> = files.iter().map(|p| slash_path(p)).collect();
    let questions_files: Vec<&PathBuf> = files.iter().filter(|p| is_questions_file(p)).collect();
    // Chapter id -> its questions file (below the content folder, `/`-separated).
    let mut questions_of: HashMap<String, String> = HashMap::new();
    for q in &questions_files {
        let shown = rel_src.join(q);
        let Some(id) = questions_chapter_id(q) else {
            let name = q.file_name().unwrap_or_default().to_string_lossy();
            // ASCII lower case keeps byte offsets, so `stem` is cut where the suffix starts.
            let lower = name.to_ascii_lowercase();
            let named_in_other_case = [QUESTIONS_SUFFIX, QUESTIONS_SUFFIX_SHORT]
                .iter()
                .any(|suffix| lower.ends_with(suffix));
            diags.push(if named_in_other_case {
                let stem = &name[..lower.rfind(".questions.").unwrap_or(name.len())];
                Diagnostic::error(shown, None, format!("`{name}` looks like a questions file, but Lectern reads only names ending in `{QUESTIONS_SUFFIX}` or `{QUESTIONS_SUFFIX_SHORT}` (in lower case); its questions are not in the book"))
                    .with_hint(format!("rename it to `{stem}{QUESTIONS_SUFFIX}`, the name of its chapter with `{QUESTIONS_SUFFIX}` instead of `.md`"))
            } else {
                Diagnostic::warning(shown, None, format!("`{name}` looks like a copy of a questions file; Lectern neither reads it nor copies it into the site"))
                    .with_hint("move it out of the content folder, or delete it: only `<chapter>.questions.yaml` is read")
            });
            continue;
        };
        let chapter = format!("{id}.md");
        if !file_set.contains(&chapter) {
            diags.push(
                Diagnostic::error(shown, None, format!("there is no chapter `{chapter}` for these questions"))
                    .with_hint(format!("a questions file sits next to its chapter: `<chapter>.md` + `<chapter>{QUESTIONS_SUFFIX}`; rename it to match")),
            );
            continue;
        }
        match questions_of.get(&id) {
            Some(first) => diags.push(
                Diagnostic::error(shown, None, format!("`{chapter}` has two questions files, `{first}` and this one; only `{first}` is read"))
                    .with_hint("move these questions into the other file and delete this one: a chapter has one questions file"),
            ),
            None => {
                questions_of.insert(id, slash_path(q));
            }
        }
    }

    // The reading order: SUMMARY.md when there is one, else every Markdown file in path order.
    // A translation without its own SUMMARY.md has the book's.
    let borrowed_summary = source.is_some() && !src.join(SUMMARY_FILE).is_file();
    let (summary_dir, summary_rel) = if borrowed_summary {
        origin(SUMMARY_FILE)
    } else {
        (src.as_path(), rel_src.as_path())
    };
    let summary_path = summary_dir.join(SUMMARY_FILE);
    let summary_file = summary_rel.join(SUMMARY_FILE);
    let read_summary = cache.summary.get_or_insert_with(|| {
        if summary_path.is_file() {
            read_text(&summary_path, &summary_file)
                .map_err(|d| vec![d])
                .and_then(|text| summary::parse(&summary_file, &text))
                .map(Some)
        } else {
            Ok(None)
        }
    });
    // A `summary.md` in another case is not read on case-sensitive file systems: say so rather
    // than fall back to path order without a word.
    if !summary_path.is_file() && !borrowed_summary {
        let misnamed = files.iter().find(|p| {
            p.parent() == Some(Path::new(""))
                && p.as_os_str()
                    .to_string_lossy()
                    .eq_ignore_ascii_case(SUMMARY_FILE)
        });
        if let Some(misnamed) = misnamed {
            diags.push(
                Diagnostic::error(
                    rel_src.join(misnamed),
                    None,
                    format!("this file is named `{}`, but Lectern reads the table of contents only from `{SUMMARY_FILE}`, in capitals; without it the chapters are in path order", misnamed.display()),
                )
                .with_hint(format!("rename the file to `{SUMMARY_FILE}`")),
            );
        }
    }
    let summary = match read_summary {
        Ok(s) => {
            if let Some(s) = s {
                diags.extend(s.warnings.iter().cloned());
            }
            s.clone()
        }
        Err(errors) => {
            diags.extend(errors.iter().cloned());
            return (None, diags);
        }
    };

    // The book's SUMMARY.md names chapters in its language: a translated chapter's title
    // comes from its own file.
    let summary = summary.map(|mut s| {
        if borrowed_summary {
            fn retitle(entries: &mut [summary::SummaryEntry], fallback: &HashSet<String>) {
                for e in entries {
                    if e.path
                        .as_deref()
                        .is_some_and(|p| !fallback.contains(&normalize(p)))
                    {
                        e.title.clear();
                    }
                    retitle(&mut e.children, fallback);
                }
            }
            for part in &mut s.parts {
                retitle(&mut part.entries, &fallback);
            }
        }
        s
    });
    let summary = summary.unwrap_or_else(|| {
        let mut sorted: Vec<&PathBuf> = markdown.clone();
        sorted.sort_by_key(|p| {
            (
                p.parent().map(Path::to_path_buf),
                !is_index_name(p),
                p.to_path_buf(),
            )
        });
        Summary {
            parts: vec![summary::SummaryPart {
                title: None,
                entries: sorted
                    .into_iter()
                    .map(|p| summary::SummaryEntry {
                        title: String::new(),
                        path: Some(slash_path(p)),
                        position: Position::new(1, 1),
                        number: None,
                        children: Vec::new(),
                    })
                    .collect(),
            }],
            warnings: Vec::new(),
        }
    });

    // Which files the summary names, and whether they exist.
    let mut listed: HashMap<String, Position> = HashMap::new();
    // Listed files that do not exist, with the text create-missing gives them.
    let mut missing: BTreeMap<String, String> = BTreeMap::new();
    let all_listed: HashSet<String> = summary
        .walk()
        .into_iter()
        .filter_map(|(e, _)| e.path.as_deref().map(normalize))
        .collect();
    for (entry, _) in summary.walk() {
        let Some(path) = &entry.path else { continue };
        let normal = normalize(path);
        if normal.eq_ignore_ascii_case(SUMMARY_FILE) {
            diags.push(
                Diagnostic::error(
                    &summary_file,
                    Some(entry.position),
                    format!("SUMMARY.md lists itself (`{path}`)"),
                )
                .with_hint("remove this entry: SUMMARY.md is the table of contents, not a chapter"),
            );
            continue;
        }
        if let Some(first) = listed.get(&normal) {
            diags.push(
                Diagnostic::error(
                    &summary_file,
                    Some(entry.position),
                    format!("`{path}` is listed twice"),
                )
                .with_hint(format!(
                    "it is already listed at line {}; a chapter appears once in the book",
                    first.line
                )),
            );
            continue;
        }
        listed.insert(normal.clone(), entry.position);
        if !file_set.contains(&normal) && src.join(&normal).exists() {
            let (message, hint) = why_not_a_chapter(config, path, &normal);
            diags.push(
                Diagnostic::error(&summary_file, Some(entry.position), message).with_hint(hint),
            );
        } else if !file_set.contains(&normal) {
            let candidates: Vec<String> = markdown.iter().map(|p| slash_path(p)).collect();
            let near = crate::diag::did_you_mean(&normal, candidates.iter().map(String::as_str));
            // A near-miss of a file SUMMARY.md does not list is a typo: creating the file would
            // leave a stray chapter and the real one out of the book.
            let typo = near.is_some_and(|n| !all_listed.contains(n));
            diags.push(if config.create_missing && !typo {
                // mdBook's default. Only a build that succeeds writes the file (see
                // `build::build`): `lectern check` and a failed build leave the sources alone.
                let title = if entry.title.is_empty() { chapter_id(&normal) } else { entry.title.clone() };
                let text = format!("# {title}\n");
                missing.insert(normal.clone(), text.clone());
                Diagnostic::warning(
                    &summary_file,
                    Some(entry.position),
                    format!("`{path}` does not exist in {}: `lectern build` creates it, holding `# {title}`, once the build has no errors (`[build] create-missing`, on by default as in mdBook)", rel_src.display()),
                )
                .with_hint(match near {
                    Some(best) => format!("did you mean `{best}`? Fix the path before building, or set `[build] create-missing = false` to have missing files reported as errors"),
                    None => "write the chapter there, or set `[build] create-missing = false` to have missing files reported as errors".to_string(),
                })
            } else {
                Diagnostic::error(
                    &summary_file,
                    Some(entry.position),
                    format!("`{path}` does not exist in {}", rel_src.display()),
                )
                .with_hint(match near {
                    Some(best) if typo && config.create_missing => format!("did you mean `{best}`? (`create-missing` creates no file for a path this close to an unlisted one)"),
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "create the file, fix the path (relative to the content folder), or write `[Title]()` for a chapter not written yet; `[build] create-missing = false` is set, so Lectern does not create it".to_string(),
                })
            });
        }
    }
    for p in &markdown {
        // (The book's own files a translation lacks are the book's to list.)
        if !listed.contains_key(&slash_path(p)) && !fallback.contains(&slash_path(p)) {
            diags.push(
                Diagnostic::warning(rel_src.join(p), None, NOT_LISTED).with_hint(format!(
                    "add `- [Title]({})` to SUMMARY.md, or delete the file",
                    slash_path(p)
                )),
            );
        }
    }

    // Read and parse the listed chapters in parallel.
    let entries: Vec<(&summary::SummaryEntry, usize, usize)> = summary
        .parts
        .iter()
        .enumerate()
        .flat_map(|(part, p)| {
            let mut all = Vec::new();
            fn go<'a>(
                e: &'a summary::SummaryEntry,
                depth: usize,
                part: usize,
                out: &mut Vec<(&'a summary::SummaryEntry, usize, usize)>,
            ) {
                out.push((e, depth, part));
                for c in &e.children {
                    go(c, depth + 1, part, out);
                }
            }
            for e in &p.entries {
                go(e, 0, part, &mut all);
            }
            all
        })
        .collect();
    // Parse the files the cache does not hold, in parallel.
    let listed_files: Vec<String> = entries
        .iter()
        .filter_map(|(entry, _, _)| entry.path.as_ref().map(|p| normalize(p)))
        .filter(|p| file_set.contains(p))
        .collect();
    let fresh_markdown: Vec<(String, Arc<ParsedMarkdown>)> = listed_files
        .par_iter()
        .filter(|p| !cache.markdown.contains_key(*p))
        .map(|p| {
            let (dir, rel_dir) = origin(p);
            (p.clone(), Arc::new(parse_markdown(dir, rel_dir, p)))
        })
        .collect();
    cache.markdown.extend(fresh_markdown);
    let verdicts = validate::Verdicts::of_book(&config.language, &config.strings);
    let fresh_questions: Vec<(String, Arc<ParsedQuestions>)> = listed_files
        .par_iter()
        .filter_map(|p| questions_of.get(&chapter_id(p)))
        .filter(|q| !cache.questions.contains_key(*q))
        .map(|q| {
            let (dir, rel_dir) = origin(q);
            let parsed = Arc::new(parse_questions(dir, rel_dir, q, &verdicts));
            (q.clone(), parsed)
        })
        .collect();
    cache.questions.extend(fresh_questions);
    // Entries naming missing files were reported above.
    let parsed: Vec<(Chapter, Vec<Diagnostic>)> = entries
        .iter()
        .filter_map(|(entry, depth, part)| {
            let path = normalize(entry.path.as_ref()?);
            let stand_in;
            let markdown = match (cache.markdown.get(&path), missing.get(&path)) {
                (Some(m), _) => m,
                (None, Some(text)) => {
                    stand_in = ParsedMarkdown {
                        front: None,
                        first_heading: first_heading(text),
                        body: Arc::from(text.as_str()),
                        body_line_offset: 0,
                        diags: Vec::new(),
                    };
                    &stand_in
                }
                (None, None) => return None,
            };
            let questions = questions_of
                .get(&chapter_id(&path))
                .and_then(|q| cache.questions.get(q));
            let (_, rel_dir) = origin(&path);
            let (mut chapter, ds) =
                assemble_chapter(rel_dir, &path, entry, *depth, *part, markdown, questions);
            if source.is_some() {
                chapter.untranslated = fallback.contains(&path);
                chapter.questions_untranslated = questions_of
                    .get(&chapter_id(&path))
                    .is_some_and(|q| fallback.contains(q));
            }
            Some((chapter, ds))
        })
        .collect();
    let mut chapters = Vec::new();
    let mut seen_ids = HashSet::new();
    for (c, ds) in parsed {
        diags.extend(ds);
        // A file listed twice was reported above; it is one chapter.
        if seen_ids.insert(c.id.clone()) {
            chapters.push(c);
        }
    }
    let assets: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| !(p.extension().is_some_and(|e| e == "md") || is_questions_file(p)))
        .collect();
    validate::check_output_paths(&chapters, &assets, &rel_src, &mut diags);
    if !config.allow_raw_html {
        validate::check_no_script_files(&assets, &rel_src, &mut diags);
    }

    // Drafts: left out of the build, their TOC entries shown unlinked.
    let drafts: HashSet<String> = chapters
        .iter()
        .filter(|c| c.front.draft && !options.include_drafts)
        .map(|c| c.id.clone())
        .collect();
    chapters.retain(|c| !drafts.contains(&c.id));
    let index_of: BTreeMap<String, usize> = chapters
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let mut toc: Vec<TocPart> = summary
        .parts
        .iter()
        .map(|p| TocPart {
            title: p.title.clone(),
            entries: p
                .entries
                .iter()
                .map(|e| toc_entry(e, &index_of, &chapters))
                .collect(),
        })
        .collect();
    // `[output.html] no-section-label`: the numbers are dropped here, once, so that no page,
    // list or script of the site can show one.
    if config.no_section_label {
        fn unnumber(entries: &mut [TocEntry]) {
            for e in entries {
                e.number = None;
                unnumber(&mut e.children);
            }
        }
        for part in &mut toc {
            unnumber(&mut part.entries);
        }
        for c in &mut chapters {
            c.number = None;
        }
    }

    diags.sort();
    (
        Some(Book {
            config: config.clone(),
            chapters,
            toc,
            assets,
            left_out_drafts: drafts.into_iter().collect(),
            fallback_files: fallback.clone(),
            missing_chapters: missing
                .into_iter()
                .map(|(path, text)| MissingChapter {
                    path: src.join(path),
                    text,
                })
                .collect(),
        }),
        diags,
    )
}

fn toc_entry(
    e: &summary::SummaryEntry,
    index_of: &BTreeMap<String, usize>,
    chapters: &[Chapter],
) -> TocEntry {
    let chapter = e
        .path
        .as_ref()
        .and_then(|p| index_of.get(&chapter_id(&normalize(p))).copied());
    let title = match (chapter, e.title.is_empty()) {
        (Some(i), true) => chapters[i].front.title.clone(),
        _ => e.title.clone(),
    };
    TocEntry {
        title,
        chapter,
        number: e.number.clone(),
        children: e
            .children
            .iter()
            .map(|c| toc_entry(c, index_of, chapters))
            .collect(),
    }
}

/// Reads one chapter's Markdown file: its front matter (parsed and validated) and its body.
/// Whatever cannot be read is reported and replaced by a stand-in (no front matter, an empty
/// body), so the rest of the book can still be checked.
fn parse_markdown(src: &Path, rel_src: &Path, rel_path: &str) -> ParsedMarkdown {
    let file = rel_src.join(rel_path);
    let mut diags = Vec::new();
    let text = match read_text(&src.join(rel_path), &file) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            // Not UTF-8: check the rest of the file as well as it can be read.
            std::fs::read(src.join(rel_path))
                .map(|b| normalize_text(String::from_utf8_lossy(&b).into_owned()))
                .unwrap_or_default()
        }
    };
    let (front, body, body_line_offset) = match split_front_matter(&file, &text) {
        Ok(split) => split,
        Err(d) => {
            diags.push(d);
            (None, "", 0)
        }
    };
    let front: Option<FrontMatter> = match front {
        Some((yaml, offset)) => match yaml::parse(
            &file,
            yaml,
            yaml::Embedding {
                line_offset: offset,
            },
        ) {
            Ok(f) => {
                validate::front_matter(&file, &text, &f, &mut diags);
                Some(f)
            }
            Err(d) => {
                diags.push(d);
                None
            }
        },
        None => None,
    };
    ParsedMarkdown {
        first_heading: first_heading(body),
        front,
        body: Arc::from(body),
        body_line_offset,
        diags,
    }
}

/// Reads, parses and validates a questions file (`rel_path` below the content folder).
fn parse_questions(
    src: &Path,
    rel_src: &Path,
    rel_path: &str,
    verdicts: &validate::Verdicts,
) -> ParsedQuestions {
    let qfile = rel_src.join(rel_path);
    let mut diags = Vec::new();
    let questions = match read_text(&src.join(rel_path), &qfile) {
        Ok(qtext) => {
            let data: Result<QuestionsFile, Diagnostic> = if qtext.trim().is_empty() {
                Ok(QuestionsFile::default())
            } else {
                yaml::parse(&qfile, &qtext, yaml::Embedding::default())
            };
            match data {
                Ok(data) => {
                    validate::questions(&qfile, &qtext, &data, verdicts, &mut diags);
                    Some(Arc::new(ChapterQuestions {
                        file: qfile,
                        text: qtext,
                        data,
                    }))
                }
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        }
        Err(d) => {
            diags.push(d);
            None
        }
    };
    ParsedQuestions { questions, diags }
}

/// A chapter from its parsed files and its place in the table of contents. Without (usable)
/// front matter the title comes from SUMMARY.md or the first heading, so plain mdBook
/// chapters work unchanged.
fn assemble_chapter(
    rel_src: &Path,
    rel_path: &str,
    entry: &summary::SummaryEntry,
    depth: usize,
    part: usize,
    markdown: &ParsedMarkdown,
    questions: Option<&Arc<ParsedQuestions>>,
) -> (Chapter, Vec<Diagnostic>) {
    let id = chapter_id(rel_path);
    let mut diags = markdown.diags.clone();
    let mut front = markdown.front.clone().unwrap_or_else(|| FrontMatter {
        title: String::new(),
        summary: String::new(),
        objectives: Vec::new(),
        tags: Vec::new(),
        draft: false,
        strings: Default::default(),
        translation_of: None,
        extra: Default::default(),
    });
    if front.title.trim().is_empty() {
        // An mdBook chapter names itself with its first heading, and the page shows that
        // heading as its title; SUMMARY.md's wording comes next.
        front.title = markdown
            .first_heading
            .clone()
            .or_else(|| (!entry.title.is_empty()).then(|| entry.title.clone()))
            .unwrap_or_else(|| id.clone());
    }
    if let Some(q) = questions {
        diags.extend(q.diags.iter().cloned());
    }
    let chapter = Chapter {
        id,
        file: rel_src.join(rel_path),
        number: entry.number.clone(),
        depth,
        part,
        front,
        body: markdown.body.clone(),
        body_line_offset: markdown.body_line_offset,
        questions: questions.and_then(|q| q.questions.clone()),
        expansion: Expansion::default(),
        untranslated: false,
        questions_untranslated: false,
    };
    (chapter, diags)
}

/// Reads a UTF-8 text file, reporting the position of the first bad byte otherwise. A BOM is
/// dropped and CRLF (or lone CR) line endings become LF, so positions are the same whatever
/// the editor.
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_TEXT_FILE_BYTES {
            return Err(Diagnostic::error(
                shown_as,
                None,
                format!(
                    "the file is {} MiB; Lectern reads text files of up to {} MiB",
                    meta.len() >> 20,
                    MAX_TEXT_FILE_BYTES >> 20
                ),
            )
            .with_hint("split it into several chapters"));
        }
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(shown_as, None, format!("cannot read the file: {e}"))
            .with_hint("check that it exists and is readable")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // The position of the first bad byte, in the text as it is read (line endings
        // normalised): the end of the valid part before it.
        let valid = e.utf8_error().valid_up_to();
        let before = normalize_text(String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned());
        Diagnostic::error(
            shown_as,
            Some(Position::of_offset(&before, before.len())),
            "the file is not valid UTF-8",
        )
        .with_hint("save it with UTF-8 encoding")
    })?;
    Ok(normalize_text(text))
}

fn normalize_text(text: String) -> String {
    match crate::diag::normalize_text(&text) {
        std::borrow::Cow::Borrowed(t) if t.len() == text.len() => text,
        t => t.into_owned(),
    }
}

/// A Markdown file split at its front matter: the YAML and the number of lines before it,
/// the body, and the number of lines before the body.
pub type FrontMatterSplit<'a> = (Option<(&'a str, usize)>, &'a str, usize);

/// Splits `---\n<yaml>\n---\n<body>`. Returns the YAML and the number of lines before it,
/// the body, and the number of lines before the body.
pub fn split_front_matter<'a>(
    file: &Path,
    text: &'a str,
) -> Result<FrontMatterSplit<'a>, Diagnostic> {
    if let Some(refusal) = toml_front_matter::refusal(file, text) {
        return Err(refusal);
    }
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok((None, text, 0));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let lines_before_body = 2 + yaml.matches('\n').count();
            return Ok((Some((yaml, 1)), body, lines_before_body));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        file,
        Some(Position::new(1, 1)),
        "the front matter is not closed",
    )
    .with_hint("end the front matter with a line holding only `---`"))
}

/// The text of the chapter's first level-1 heading, as Markdown reads it (a `# comment` in a
/// code block is no heading; `# **Bold** title` is "Bold title").
fn first_heading(body: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut events = Parser::new(body);
    events.find(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    })?;
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Every file below the content folder, relative to it, sorted; hidden files and the build
/// folder are skipped, and unreadable entries become diagnostics. A symbolic link to a file or
/// folder outside the book is left out (it would publish it) with one warning, however many
/// files the folder holds.
fn walk(config: &Config, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let src = &config.src_dir;
    let rel_src = src.strip_prefix(&config.root).unwrap_or(src);
    let shown = |p: &Path| p.strip_prefix(&config.root).unwrap_or(p).to_path_buf();
    let mut files = Vec::new();
    let book_root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let content_root = std::fs::canonicalize(src).unwrap_or_else(|_| src.clone());
    let outside = |p: &Path| -> Option<PathBuf> {
        let real = std::fs::canonicalize(p).ok()?;
        (!real.starts_with(&book_root) && !real.starts_with(&content_root)).then_some(real)
    };
    let left_out = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(src)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            if name.starts_with('.') || is_editor_temp(&name) || e.path() == config.build_dir {
                return false;
            }
            if !e.path_is_symlink() || outside(e.path()).is_none() {
                return true;
            }
            let target = std::fs::read_link(e.path()).unwrap_or_default();
            let (message, hint) = if e.file_type().is_dir() {
                (
                    format!("this is a link to the folder `{}`, outside the book; it and everything in it are left out of the site", target.display()),
                    "copy the files that belong in the site into the content folder, or remove the link",
                )
            } else {
                (
                    format!("this is a link to `{}`, outside the book; it is left out of the site", target.display()),
                    "copy the file into the content folder if it belongs in the site, or remove the link",
                )
            };
            left_out
                .borrow_mut()
                .push(Diagnostic::warning(shown(e.path()), None, message).with_hint(hint));
            false
        });
    for entry in walker {
        match entry {
            // (A file reached through a folder inside the book whose real place is not inside
            // it is left out too: nothing outside the book is published.)
            Ok(e) if e.file_type().is_file() && outside(e.path()).is_none() => {
                if let Ok(rel) = e.path().strip_prefix(src) {
                    files.push(rel.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map(shown).unwrap_or_else(|| rel_src.to_path_buf());
                let link = e.path().and_then(|p| std::fs::read_link(p).ok());
                let (message, hint) = if e.loop_ancestor().is_some() {
                    (
                        format!("this is a link to `{}`, a folder that contains the link: the content folder would never end", link.unwrap_or_default().display()),
                        "remove the link: a folder cannot hold itself (to share files, copy them in)".to_string(),
                    )
                } else if let (Some(link), Some(p)) = (&link, e.path()) {
                    if std::fs::metadata(p).is_err() && std::fs::symlink_metadata(p).is_ok() {
                        (
                            format!(
                                "this is a link to `{}`, which does not exist",
                                link.display()
                            ),
                            "remove the link, or point it at an existing file".to_string(),
                        )
                    } else {
                        cannot_read(&e)
                    }
                } else {
                    cannot_read(&e)
                };
                diags.push(Diagnostic::error(path, None, message).with_hint(hint));
            }
        }
    }
    diags.extend(left_out.into_inner());
    files
}

/// The message and hint for an entry the content walk could not read.
fn cannot_read(e: &walkdir::Error) -> (String, String) {
    let io = e.io_error();
    let message = format!(
        "cannot read: {}",
        io.map_or_else(|| e.to_string(), |io| io.to_string())
    );
    let hint = if io.is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied) {
        "fix the permissions so that you can read it, or move it out of the content folder"
    } else {
        "check that it can be read, or move it out of the content folder"
    };
    (message, hint.to_string())
}

/// Why `rel` (below the content folder), listed in SUMMARY.md, exists but is not among the
/// files the walk found: the message and the hint.
fn why_not_a_chapter(config: &Config, listed: &str, rel: &str) -> (String, String) {
    let path = config.src_dir.join(rel);
    let hidden = rel
        .split('/')
        .any(|part| part.starts_with('.') || is_editor_temp(part));
    if hidden {
        return (
            format!("`{listed}` is a hidden or temporary file (its name starts with `.` or looks like an editor's), which Lectern skips"),
            "rename the file: names starting with `.` and editors' backup names are never part of the book".into(),
        );
    }
    if path.starts_with(&config.build_dir) {
        return (
            format!("`{listed}` is inside the build folder"),
            "move the chapter out of the build folder, which a build replaces".into(),
        );
    }
    let book_root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    match std::fs::canonicalize(&path) {
        Ok(real) if !real.starts_with(&book_root) => {
            // The link as written (`../notes/x.md`) says more to its author than where it ends.
            let target = std::fs::read_link(&path).unwrap_or(real);
            return (
                format!("`{listed}` is a link to `{}`, outside the book; Lectern does not publish files from outside the book", target.display()),
                "copy the chapter into the content folder instead of linking to it".into(),
            );
        }
        _ => {}
    }
    if path.is_dir() {
        return (
            format!("`{listed}` is not a regular file but a folder"),
            "a chapter is a Markdown file: list the file itself".into(),
        );
    }
    (
        format!("`{listed}` is not a regular file (a pipe or a device)"),
        "a chapter is a Markdown file: list the file itself".into(),
    )
}

/// Files editors write beside the one being saved, for a moment or for good: backups, swap
/// and lock files, atomic-save temporaries, and the `4913` file vim writes to test that a
/// folder is writable. They never belong in a site: the content walk, the theme loader and
/// `lectern serve`'s watcher all leave them out.
pub fn is_editor_temp(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".goutputstream-")
        || name.starts_with("~$")
        || lower.ends_with("___jb_tmp___")
        || lower.ends_with("___jb_old___")
        || matches!(
            ext,
            "swp" | "swo" | "swn" | "swx" | "swpx" | "tmp" | "crswap" | "kate-swp"
        )
        || matches!(lower.as_str(), ".ds_store" | "thumbs.db" | "desktop.ini")
        || (name.len() >= 4 && name.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `p` is named like a questions file, or a copy of one, in any case: none is ever
/// copied into the site (it holds every right answer), whether Lectern reads it or not.
fn is_questions_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_ascii_lowercase();
    // `.questions.yaml.bak`, `.questions.yml.orig` and the like hold the answers too.
    name.contains(QUESTIONS_SUFFIX) || name.contains(QUESTIONS_SUFFIX_SHORT)
}

/// The id of the chapter a questions file belongs to: `a/heap.questions.yaml` (or `.yml`) →
/// `a/heap`. `None` for a name in another case (`heap.Questions.YAML`), which is not read.
fn questions_chapter_id(p: &Path) -> Option<String> {
    let s = slash_path(p);
    [QUESTIONS_SUFFIX, QUESTIONS_SUFFIX_SHORT]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .map(str::to_string)
}

fn is_index_name(p: &Path) -> bool {
    matches!(
        p.file_stem().and_then(|s| s.to_str()),
        Some("README" | "index" | "intro")
    )
}

/// The page a chapter id is written to: `runtime/v8` → `runtime/v8.html`, and a `README`
/// (in any case) → its folder's `index.html`, as mdBook's `index` preprocessor does, so that
/// links written for an mdBook book (`cli/index.html`) find the page. The book's own
/// `README.md` is the site's `index.html`, its front page; Lectern's contents page then moves
/// to [`MOVED_CONTENTS_PAGE`] (see [`contents_page`]).
pub fn page_path(id: &str) -> String {
    match id.rsplit_once('/') {
        Some((dir, name)) if name.eq_ignore_ascii_case("readme") => format!("{dir}/index.html"),
        None if id.eq_ignore_ascii_case("readme") => FRONT_PAGE.to_string(),
        _ => format!("{id}.html"),
    }
}

/// The site's front page: what a host serves for the site's address.
pub const FRONT_PAGE: &str = "index.html";

/// Where Lectern's contents page goes when a chapter (the book's `README.md` or `index.md`)
/// is the front page.
pub const MOVED_CONTENTS_PAGE: &str = "contents.html";

/// The path of Lectern's contents page, given the pages of the book's chapters: the front
/// page, unless a chapter is written there (mdBook books open on their `README.md`), then
/// [`MOVED_CONTENTS_PAGE`].
pub fn contents_page<S: AsRef<str>>(chapter_pages: &[S]) -> &'static str {
    if chapter_pages.iter().any(|p| p.as_ref() == FRONT_PAGE) {
        MOVED_CONTENTS_PAGE
    } else {
        FRONT_PAGE
    }
}

impl Book {
    /// The path of Lectern's contents page for this book (see [`contents_page`]).
    pub fn contents_page(&self) -> &'static str {
        let pages: Vec<String> = self.chapters.iter().map(Chapter::output_path).collect();
        contents_page(&pages)
    }
}

/// `runtime/v8.md` → `runtime/v8`.
pub fn chapter_id(rel_path: &str) -> String {
    rel_path.strip_suffix(".md").unwrap_or(rel_path).to_string()
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `./a/../b.md` → `b.md`: SUMMARY.md paths are relative to the content folder.
fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readme_is_its_folders_index_and_the_contents_move_for_the_books_own() {
        assert_eq!(page_path("README"), "index.html");
        assert_eq!(page_path("Readme"), "index.html");
        assert_eq!(page_path("index"), "index.html");
        assert_eq!(page_path("cli/readme"), "cli/index.html");
        assert_eq!(page_path("intro"), "intro.html");
        assert_eq!(page_path("readme-first"), "readme-first.html");
        assert_eq!(
            contents_page(&["intro.html", "cli/index.html"]),
            "index.html"
        );
        assert_eq!(
            contents_page(&["intro.html", "index.html"]),
            "contents.html"
        );
        assert_eq!(contents_page::<&str>(&[]), "index.html");
    }

    #[test]
    fn front_matter_is_split_with_line_offsets() {
        let text = "---\ntitle: T\nsummary: S\n---\n# Body\n";
        let (front, body, offset) = split_front_matter(Path::new("c.md"), text).unwrap();
        assert_eq!(front, Some(("title: T\nsummary: S\n", 1)));
        assert_eq!(body, "# Body\n");
        assert_eq!(offset, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split_front_matter(Path::new("c.md"), "---\ntitle: T\n").unwrap_err();
        assert!(e.message.contains("not closed"));
    }

    #[test]
    fn no_front_matter_is_fine() {
        let (front, body, offset) = split_front_matter(Path::new("c.md"), "# T\n").unwrap();
        assert!(front.is_none());
        assert_eq!((body, offset), ("# T\n", 0));
    }

    fn book_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        for (path, text) in files {
            let path = dir.path().join("content").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = Config::load(dir.path()).unwrap();
        (dir, config)
    }

    const TRUE_FALSE: &str =
        "knowledge_check:\n  - difficulty: easy\n    type: true_false\n    prompt: P\n    answer: true\n";

    #[test]
    fn questions_files_are_read_as_yml_too_and_never_copied_into_the_site() {
        let (_dir, config) = book_with(&[
            ("heap.md", "# Heap\n"),
            ("heap.questions.yml", TRUE_FALSE),
            ("stack.md", "# Stack\n"),
            ("stack.QUESTIONS.Yaml", TRUE_FALSE),
            ("heap.questions.yml.bak", TRUE_FALSE),
        ]);
        let (book, diags) = load(&config, LoadOptions::default());
        let book = book.unwrap();
        let heap = book.chapters.iter().find(|c| c.id == "heap").unwrap();
        assert_eq!(
            heap.questions.as_ref().unwrap().data.knowledge_check.len(),
            1
        );
        assert!(book.assets.is_empty(), "{:?}", book.assets);
        // The file in another case is not read, and says so.
        assert_eq!(diags.error_count(), 1, "{diags:?}");
        let error = diags.items.iter().find(|d| d.is_error()).unwrap();
        assert!(error.message.contains("stack.QUESTIONS.Yaml"));
        // A copy is neither read nor copied, and a warning says so.
        assert_eq!(diags.warning_count(), 1, "{diags:?}");
        assert!(diags
            .items
            .iter()
            .any(|d| !d.is_error() && d.message.contains("heap.questions.yml.bak")));
        assert_eq!(
            error.hint.as_deref(),
            Some("rename it to `stack.questions.yaml`, the name of its chapter with `.questions.yaml` instead of `.md`")
        );
    }

    /// Comprehensive Rust's keys are data, not mistakes; with no `title`, the chapter's first
    /// level-1 heading (not a `# comment` in a code block) names it, before SUMMARY.md's text.
    #[test]
    fn unknown_front_matter_keys_are_kept_and_the_heading_gives_the_title() {
        let (_dir, config) = book_with(&[
            (
                "SUMMARY.md",
                "- [Listed name](own.md)\n- [Plain](plain.md)\n- [Bare](bare.md)\n",
            ),
            (
                "own.md",
                "---\nminutes: 10\ncourse: Fundamentals\n---\n\n# Ownership `rules`\n",
            ),
            ("plain.md", "```sh\n# not a heading\n```\n\n# Moves\n"),
            ("bare.md", "No heading.\n"),
        ]);
        let (book, diags) = load(&config, LoadOptions::default());
        assert!(diags.items.is_empty(), "{diags:?}");
        let book = book.unwrap();
        let titles: Vec<&str> = book
            .chapters
            .iter()
            .map(|c| c.front.title.as_str())
            .collect();
        assert_eq!(titles, ["Ownership rules", "Moves", "Bare"]);
        let extra = &book.chapters[0].front.extra;
        assert_eq!(extra["minutes"], serde_json::json!(10));
        assert_eq!(extra["course"], serde_json::json!("Fundamentals"));
    }

    #[test]
    fn paths_normalize() {
        assert_eq!(normalize("./a/../b/c.md"), "b/c.md");
        assert_eq!(chapter_id("a/b.md"), "a/b");
    }
}
