//! Checks of the `order` (Parsons) and `match` questions: enough lines or pairs, no empty
//! item, every left-hand item paired, no right-hand item used twice, and keys of these kinds
//! only on these kinds.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::{Diagnostic, Position, Site};
use crate::content::model::MatchPair;

/// The fields a knowledge-check item and a self-check share for these kinds.
pub struct Fields<'a> {
    pub lines: &'a [Spanned<String>],
    pub distractors: &'a [Spanned<String>],
    pub indent: bool,
    pub pairs: &'a [Spanned<MatchPair>],
}

/// Which of the two kinds a question is, or neither (`name`: its `type`, for messages).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind<'a> {
    Order,
    Match,
    Other(&'a str),
}

/// The checks for a question whose first key is at `start`.
pub fn check(
    site: &Site,
    start: Option<Position>,
    kind: Kind,
    f: &Fields,
    diags: &mut Vec<Diagnostic>,
) {
    let written = |key: &str| start.and_then(|s| site.key_in_block(s, key));
    site.quoted_boolean(written("indent"), "indent", diags);
    let only = |key: &str, what: &str, hint: &str, diags: &mut Vec<Diagnostic>| {
        if let Some(at) = written(key) {
            diags.push(
                site.error(Some(at), format!("`{key}` is only for {what}"))
                    .with_hint(hint.to_string()),
            );
        }
    };
    match kind {
        Kind::Order => {
            only(
                "pairs",
                "match questions",
                "remove `pairs`, or set `type: match`",
                diags,
            );
            not_for(site, written("options"), "an order question has no `options`", "write the lines in the right order under `lines:`; lines that belong nowhere go under `distractors:`", diags);
            not_for(site, written("shuffle"), "an order question is always shuffled", "remove `shuffle`: the reader always starts from the lines in a random order (never already the right one)", diags);
            order(site, start, f, diags);
        }
        Kind::Match => {
            only(
                "lines",
                "order questions",
                "remove `lines`, or set `type: order`",
                diags,
            );
            only("indent", "order questions", "remove `indent`", diags);
            not_for(
                site,
                written("options"),
                "a match question has no `options`",
                "write the pairs under `pairs:`, each with `left:` and `right:`",
                diags,
            );
            not_for(
                site,
                written("shuffle"),
                "a match question's right-hand items are always shuffled",
                "remove `shuffle`",
                diags,
            );
            pairs(site, start, f, diags);
        }
        Kind::Other(name) => {
            let hint = format!("remove it; this is a `{name}` question");
            only("lines", "order questions", &hint, diags);
            only("indent", "order questions", &hint, diags);
            only("pairs", "match questions", &hint, diags);
            only("distractors", "order and match questions", &hint, diags);
        }
    }
}

fn not_for(
    site: &Site,
    at: Option<Position>,
    message: &str,
    hint: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if at.is_some() {
        diags.push(site.error(at, message).with_hint(hint));
    }
}

/// A line's leading spaces (a tab counts as four).
pub fn leading_spaces(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

fn order(site: &Site, start: Option<Position>, f: &Fields, diags: &mut Vec<Diagnostic>) {
    let lines_at = site.key_at(start, "lines");
    match f.lines.len() {
        0 => {
            diags.push(site.error(lines_at, "an order question needs `lines`").with_hint("list the lines (or steps) under `lines:` in the right order; the reader gets them shuffled"));
            return;
        }
        1 => diags.push(
            site.error(lines_at, "an order question needs at least two lines")
                .with_hint("add another line: one line is always in order"),
        ),
        _ => {}
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, line) in f.lines.iter().enumerate() {
        let text = line.value.trim();
        if text.is_empty() {
            diags.push(
                site.error(
                    site.pos(line.referenced),
                    format!("line {} is empty", i + 1),
                )
                .with_hint("write the line's text, or remove it"),
            );
        }
        seen.entry(text).or_insert(i);
    }
    for (i, d) in f.distractors.iter().enumerate() {
        let text = d.value.trim();
        let at = site.pos(d.referenced);
        if text.is_empty() {
            diags.push(
                site.error(at, format!("distractor {} is empty", i + 1))
                    .with_hint("write the line's text, or remove it"),
            );
        } else if let Some(line) = seen.get(text) {
            diags.push(
                site.error(
                    at,
                    format!(
                        "distractor {} is the same as line {}, \"{text}\"",
                        i + 1,
                        line + 1
                    ),
                )
                .with_hint("a distractor is a line that belongs nowhere: reword it, or remove it"),
            );
        }
    }
    if !f.indent {
        return;
    }
    let levels: Vec<usize> = f.lines.iter().map(|l| leading_spaces(&l.value)).collect();
    let Some(unit) = levels.iter().copied().filter(|n| *n > 0).min() else {
        diags.push(
            Diagnostic::warning(site.file, site.key_at(start, "indent"), "`indent: true`, but no line is indented")
                .with_hint("write each line with its leading spaces, in quotes (`- \"    return x\"`): YAML drops the spaces of an unquoted line; or remove `indent`"),
        );
        return;
    };
    for (i, (line, n)) in f.lines.iter().zip(&levels).enumerate() {
        if n % unit != 0 {
            diags.push(
                site.error(site.pos(line.referenced), format!("line {} is indented by {n} spaces, not a multiple of {unit} (the smallest indent of the lines)", i + 1))
                    .with_hint(format!("indent every line by a multiple of {unit} spaces")),
            );
        }
    }
}

fn pairs(site: &Site, start: Option<Position>, f: &Fields, diags: &mut Vec<Diagnostic>) {
    let pairs_at = site.key_at(start, "pairs");
    match f.pairs.len() {
        0 => {
            diags.push(
                site.error(pairs_at, "a match question needs `pairs`")
                    .with_hint("list the pairs under `pairs:`, each with `left:` and `right:`"),
            );
            return;
        }
        1 => diags.push(
            site.error(pairs_at, "a match question needs at least two pairs")
                .with_hint("add another pair: with one, there is nothing to choose"),
        ),
        _ => {}
    }
    let mut lefts: HashMap<&str, usize> = HashMap::new();
    let mut rights: HashMap<&str, usize> = HashMap::new();
    for (i, p) in f.pairs.iter().enumerate() {
        let at = site.pos(p.referenced);
        let left = p.value.left.trim();
        if left.is_empty() {
            diags.push(
                site.error(
                    site.key_in_item(at, "left"),
                    format!("pair {} has an empty `left`", i + 1),
                )
                .with_hint("write the left-hand item, or remove the pair"),
            );
        } else if let Some(first) = lefts.get(left) {
            diags.push(
                site.error(
                    site.key_in_item(at, "left"),
                    format!(
                        "pairs {} and {} have the same left-hand item, \"{left}\"",
                        first + 1,
                        i + 1
                    ),
                )
                .with_hint("reword one of them: the reader cannot tell them apart"),
            );
        } else {
            lefts.insert(left, i);
        }
        match p.value.right.as_deref().map(str::trim) {
            None | Some("") => diags.push(
                site.error(site.key_in_item(at, "right"), format!("the left-hand item \"{left}\" (pair {}) has no pair: its `right` is missing", i + 1))
                    .with_hint("add `right:` with the item it goes with; a right-hand item that goes with nothing belongs under `distractors:`"),
            ),
            Some(right) => {
                if let Some(first) = rights.get(right) {
                    diags.push(
                        site.error(site.key_in_item(at, "right"), format!("the right-hand item \"{right}\" is used twice, in pairs {} and {}", first + 1, i + 1))
                            .with_hint("each right-hand item goes with one left-hand item: reword one, or merge the two pairs"),
                    );
                } else {
                    rights.insert(right, i);
                }
            }
        }
    }
    let mut extra: HashMap<&str, usize> = HashMap::new();
    for (i, d) in f.distractors.iter().enumerate() {
        let text = d.value.trim();
        let at = site.pos(d.referenced);
        if text.is_empty() {
            diags.push(
                site.error(at, format!("distractor {} is empty", i + 1))
                    .with_hint("write the right-hand item, or remove it"),
            );
        } else if let Some(pair) = rights.get(text) {
            diags.push(
                site.error(
                    at,
                    format!(
                        "distractor {} is the right-hand item of pair {}, \"{text}\"",
                        i + 1,
                        pair + 1
                    ),
                )
                .with_hint("a distractor goes with no left-hand item: reword it, or remove it"),
            );
        } else if let Some(first) = extra.get(text) {
            diags.push(
                site.error(
                    at,
                    format!(
                        "distractors {} and {} are the same, \"{text}\"",
                        first + 1,
                        i + 1
                    ),
                )
                .with_hint("remove one of them"),
            );
        } else {
            extra.insert(text, i);
        }
    }
}
