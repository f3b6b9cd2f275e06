//! A multilingual book (`[languages.<tag>]` in book.toml): the checks that compare a
//! translation with the book it translates. A translation builds as a book of its own (see
//! `Config::for_language`), the book's own chapters standing in for those it lacks; these
//! say what is missing, what has gone stale since it was translated and where the two
//! tables of contents disagree.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::config::{Config, CONFIG_FILE};
use crate::content::{self, Book, SUMMARY_FILE};
use crate::diag::{Diagnostic, Position};

/// How many file names one warning lists before "and N more".
const LISTED: usize = 8;

/// The front-matter (and questions-file) key that records what a translation was made from.
pub const TRANSLATION_OF: &str = "translation_of";

/// What the checks need of one language's loaded book.
#[derive(Debug, Default, Clone)]
pub(super) struct Loaded {
    pub chapters: Vec<LoadedChapter>,
    /// Chapters left out as drafts (still part of the table of contents).
    pub drafts: Vec<String>,
}

#[derive(Debug, Clone)]
pub(super) struct LoadedChapter {
    pub id: String,
    /// The Markdown file, relative to the book's root.
    pub file: PathBuf,
    pub untranslated: bool,
    pub translation_of: Option<String>,
    /// Its questions file (relative to the book's root), whether it is the book's own, and
    /// its `translation_of`.
    pub questions: Option<(PathBuf, bool, Option<String>)>,
}

impl Loaded {
    pub fn of(book: &Book) -> Loaded {
        Loaded {
            chapters: book
                .chapters
                .iter()
                .map(|c| LoadedChapter {
                    id: c.id.clone(),
                    file: c.file.clone(),
                    untranslated: c.untranslated,
                    translation_of: c.front.translation_of.clone(),
                    questions: c.questions.as_ref().map(|q| {
                        (
                            q.file.clone(),
                            c.questions_untranslated,
                            q.data.translation_of.clone(),
                        )
                    }),
                })
                .collect(),
            drafts: book.left_out_drafts.clone(),
        }
    }
}

/// The short content hash a translation's `translation_of` records: the first 12 hex digits
/// of the SHA-256 of the file's text as Lectern reads it (UTF-8, without a BOM, LF line
/// endings), so a checkout with other line endings has the same hash.
pub fn content_hash(text: &str) -> String {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of the file at `root`/`file`, if it can be read.
fn hash_of(root: &Path, file: &Path) -> Option<String> {
    content::read_text(&root.join(file), file)
        .ok()
        .map(|t| content_hash(&t))
}

/// Where `key:` (or `key =`) starts a line in the file, for a located warning.
fn key_position(root: &Path, file: &Path, key: &str) -> Option<Position> {
    let text = content::read_text(&root.join(file), file).ok()?;
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start()
            .starts_with([':', '='])
            .then(|| Position::new(i + 1, line.chars().count() - trimmed.chars().count() + 1))
    })
}

fn listed(files: &[String]) -> String {
    let mut out: Vec<String> = files
        .iter()
        .take(LISTED)
        .map(|f| format!("`{f}`"))
        .collect();
    if files.len() > LISTED {
        out.push(format!("and {} more", files.len() - LISTED));
    }
    out.join(", ")
}

/// Compares the translation `tr` (its settings and loaded book) with the book's own.
pub(super) fn check_translation(
    own: &Config,
    own_book: &Loaded,
    tr: &Config,
    tr_book: &Loaded,
) -> Vec<Diagnostic> {
    let Some(of) = &tr.translation else {
        return Vec::new();
    };
    let t = &own.languages[of.index];
    let tag = &t.tag;
    let root = &own.root;
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let (own_src, tr_src) = (rel(&own.src_dir), rel(&tr.src_dir));
    let mut diags = Vec::new();

    // The translation's site is `<tag>/` of the book's: the book may have nothing there.
    if own.src_dir.join(tag).exists() {
        diags.push(
            Diagnostic::error(CONFIG_FILE, t.position, format!("[languages.{tag}]: the content folder has a `{tag}` of its own, where the {tag} site goes"))
                .with_hint(format!("rename {} (and the links to it): each translation is built into the site's `{tag}/` folder", own_src.join(tag).display())),
        );
    }

    // A translation's own SUMMARY.md may order and title its chapters, but it lists the same.
    if tr.src_dir.join(SUMMARY_FILE).is_file() {
        let ids = |b: &Loaded| -> BTreeSet<String> {
            b.chapters
                .iter()
                .map(|c| c.id.clone())
                .chain(b.drafts.iter().cloned())
                .collect()
        };
        let (mine, theirs) = (ids(own_book), ids(tr_book));
        let summary = tr_src.join(SUMMARY_FILE);
        let lacking: Vec<String> = mine
            .difference(&theirs)
            .map(|i| format!("{i}.md"))
            .collect();
        let extra: Vec<String> = theirs
            .difference(&mine)
            .map(|i| format!("{i}.md"))
            .collect();
        if !lacking.is_empty() {
            diags.push(
                Diagnostic::error(&summary, None, format!("this table of contents does not list {}, which {} lists: every page of the book must exist in every language", listed(&lacking), own_src.join(SUMMARY_FILE).display()))
                    .with_hint(format!("add the missing entries to {} (a chapter not translated yet needs only its entry: the book's own file stands in), or delete this SUMMARY.md to use the book's", summary.display())),
            );
        }
        let text = content::read_text(&root.join(&summary), &summary).unwrap_or_default();
        for file in extra {
            let position = text.lines().enumerate().find_map(|(i, line)| {
                let at = line.find(&format!("]({file})"))?;
                Some(Position::new(i + 1, line[..at].chars().count() + 3))
            });
            diags.push(
                Diagnostic::error(&summary, position, format!("`{file}` is not a chapter of the book: {} does not list it", own_src.join(SUMMARY_FILE).display()))
                    .with_hint(format!("a translation has the book's chapters: remove this entry, or add the chapter to {} first", own_src.join(SUMMARY_FILE).display())),
            );
        }
    }

    let own_by_id: HashMap<&str, &LoadedChapter> = own_book
        .chapters
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let at_table = t.position;
    let mut untranslated = Vec::new();
    let mut unmarked = Vec::new();
    let mut marked = 0;
    for c in &tr_book.chapters {
        if c.untranslated {
            untranslated.push(format!("{}.md", c.id));
            continue;
        }
        let original = own_by_id.get(c.id.as_str());
        let mut pairs = vec![(
            c.file.clone(),
            original.map(|o| o.file.clone()),
            c.translation_of.clone(),
        )];
        match (&c.questions, original.and_then(|o| o.questions.as_ref())) {
            (Some((_, true, _)), _) => {
                untranslated.push(format!("{}{}", c.id, content::QUESTIONS_SUFFIX));
            }
            (Some((file, false, hash)), own_q) => {
                pairs.push((file.clone(), own_q.map(|q| q.0.clone()), hash.clone()))
            }
            (None, _) => {}
        }
        for (file, original, recorded) in pairs {
            let Some(original) = original else { continue };
            let shown = file
                .strip_prefix(&tr_src)
                .unwrap_or(&file)
                .display()
                .to_string();
            let Some(now) = hash_of(root, &original) else {
                continue;
            };
            let Some(recorded) = recorded else {
                unmarked.push((shown, now));
                continue;
            };
            marked += 1;
            if recorded.trim() == now {
                continue;
            }
            let position = key_position(root, &file, TRANSLATION_OF);
            let looks_like_hash =
                recorded.len() == 12 && recorded.bytes().all(|b| b.is_ascii_hexdigit());
            diags.push(if looks_like_hash {
                Diagnostic::warning(&file, position, format!("{} changed since this translation ({TRANSLATION_OF}: {recorded}; it is now {now})", original.display()))
                    .with_hint(format!("bring the translation up to date with the changes to {} (`git diff` shows them), then write `{TRANSLATION_OF}: {now}`", original.display()))
            } else {
                Diagnostic::warning(&file, position, format!("`{TRANSLATION_OF}: {recorded}` is not a content hash; {} has the hash {now}", original.display()))
                    .with_hint(format!("write `{TRANSLATION_OF}: {now}` if this translation is up to date with {}: `lectern check` then tells you when it changes", original.display()))
            });
        }
    }
    if !untranslated.is_empty() {
        let n = untranslated.len();
        diags.push(
            Diagnostic::warning(CONFIG_FILE, at_table, format!(
                "[languages.{tag}]: {n} {} not translated yet, so the {tag} pages show the book's own text: {}",
                if n == 1 { "file is" } else { "files are" },
                listed(&untranslated),
            ))
            .with_hint(format!("write the translations at the same paths in {}", tr_src.display())),
        );
    }
    // Stale detection is the translator's choice: a language that records no hash at all is
    // left alone; one that records some is told which files it forgot, with their hashes.
    if marked > 0 && !unmarked.is_empty() {
        let n = unmarked.len();
        let hashes: Vec<String> = unmarked
            .iter()
            .take(LISTED)
            .map(|(f, h)| format!("{f}: {h}"))
            .collect();
        diags.push(
            Diagnostic::warning(CONFIG_FILE, at_table, format!(
                "[languages.{tag}]: {n} translated {} no `{TRANSLATION_OF}`, so `lectern check` cannot tell when {} original changes: {}",
                if n == 1 { "file has" } else { "files have" },
                if n == 1 { "its" } else { "their" },
                listed(&unmarked.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>()),
            ))
            .with_hint(format!("add `{TRANSLATION_OF}: <hash>` to each, with the hash of the original it is up to date with (now {})", hashes.join(", "))),
        );
    }
    diags
}
