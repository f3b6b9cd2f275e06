//! The `order` (Parsons) and `match` questions as the theme sees them: their lines or pairs
//! rendered, a starting order that is not the answer, and what makes an answer right.
//!
//! Answers are stored like other questions' (a list of strings): an order question's is the
//! lines the reader used, in their order (`l2`, `d0`, …; with `indent`, `l2:1` with the
//! line's indent level), a match question's the right-hand item chosen for each left-hand
//! item, in order (`r1`, `x0`, or `""` for none).

use serde::Serialize;

use super::highlight::escape;
use super::ids;
use super::markdown::{Origin, Page};
use crate::content::model::MatchPair;
use crate::content::validate::leading_spaces;
use serde_saphyr::Spanned;

/// What an order or match question adds to [`super::QuestionView`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArrangeView {
    /// Order: every line, those of the answer first and in the right order, then the
    /// distractors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<LineView>,
    /// Order: the lines as listed before the reader moves any (indexes into `lines`): a stable
    /// shuffle that is not the answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub start: Vec<usize>,
    /// Order: the reader sets each line's indent too.
    pub indent: bool,
    /// Order: some lines belong nowhere.
    pub distractors: bool,
    /// Match: the pairs, in the author's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<PairView>,
    /// Match: every right-hand item, in the order the lists offer them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<RightView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    /// The HTML id of its text.
    pub id: String,
    /// `l<n>` for the answer's lines, `d<n>` for distractors: what the reader's answer stores.
    pub key: String,
    pub html: String,
    /// Its indent level in the answer (with `indent`).
    pub level: usize,
    /// Part of the answer (not a distractor).
    pub used: bool,
    /// The key of the first line with the same text: two equal lines may trade places.
    pub same: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairView {
    /// The HTML id of its list.
    pub id: String,
    pub left_html: String,
    /// The key of its right-hand item (`r<n>`).
    pub right: String,
    pub right_html: String,
    pub explanation_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RightView {
    /// `r<n>` (pair n's) or `x<n>` (a distractor).
    pub key: String,
    /// As plain text: an entry of a drop-down list.
    pub text: String,
}

/// How many element ids the widget takes beyond the question's parts (see [`ids::option`]).
pub fn parts(lines: usize, distractors: usize, pairs: usize) -> usize {
    (lines + distractors).max(pairs)
}

/// FNV-1a, for a shuffle that is the same on every build.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `items` in a stable order picked by `seed` (Fisher-Yates with a xorshift generator).
fn shuffle<T>(items: &mut [T], seed: &str) {
    let mut x = hash(seed) | 1;
    for i in (1..items.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        items.swap(i, (x % (i as u64 + 1)) as usize);
    }
}

pub fn order_view(
    page: &mut Page,
    html_id: &str,
    key: &str,
    lines: &[Spanned<String>],
    distractors: &[Spanned<String>],
    indent: bool,
    origin: Origin,
) -> ArrangeView {
    let unit = lines
        .iter()
        .map(|l| leading_spaces(&l.value))
        .filter(|n| *n > 0)
        .min()
        .unwrap_or(1);
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut views = Vec::new();
    let all = lines
        .iter()
        .map(|l| (l, true))
        .chain(distractors.iter().map(|d| (d, false)));
    for (i, (line, used)) in all.enumerate() {
        let n = if used { i } else { i - lines.len() };
        let key = format!("{}{n}", if used { 'l' } else { 'd' });
        let text = line.value.trim().to_string();
        let same = match seen.iter().find(|(t, _)| *t == text) {
            Some((_, k)) if used => k.clone(),
            _ => {
                if used {
                    seen.push((text.clone(), key.clone()));
                }
                key.clone()
            }
        };
        let html = if indent {
            format!("<code>{}</code>", escape(&text))
        } else {
            page.inline(&text, origin)
        };
        views.push(LineView {
            id: ids::option(html_id, i),
            key,
            html,
            level: if indent && used {
                leading_spaces(&line.value) / unit
            } else {
                0
            },
            used,
            same,
        });
    }
    // The start: shuffled, never the answer (with every line used and each in its place).
    let mut start: Vec<usize> = (0..views.len()).collect();
    shuffle(&mut start, key);
    let solved = |s: &[usize]| {
        distractors.is_empty()
            && s.iter()
                .zip(&views)
                .all(|(&i, want)| views[i].same == want.same)
    };
    if solved(&start) && start.len() > 1 {
        start.rotate_left(1);
    }
    ArrangeView {
        lines: views,
        start,
        indent,
        distractors: !distractors.is_empty(),
        ..Default::default()
    }
}

pub fn match_view(
    page: &mut Page,
    html_id: &str,
    key: &str,
    pairs: &[Spanned<MatchPair>],
    distractors: &[Spanned<String>],
    origin: Origin,
) -> ArrangeView {
    let mut rights = Vec::new();
    let views = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let right = p.value.right.as_deref().unwrap_or("").trim();
            let right_html = page.inline(right, origin);
            rights.push(RightView {
                key: format!("r{i}"),
                text: super::search::text_of(&right_html),
            });
            PairView {
                id: ids::option(html_id, i),
                left_html: page.inline(p.value.left.trim(), origin),
                right: format!("r{i}"),
                right_html,
                explanation_html: p
                    .value
                    .explanation
                    .as_deref()
                    .map(|e| page.inline(e, origin))
                    .unwrap_or_default(),
            }
        })
        .collect();
    for (i, d) in distractors.iter().enumerate() {
        let html = page.inline(d.value.trim(), origin);
        rights.push(RightView {
            key: format!("x{i}"),
            text: super::search::text_of(&html),
        });
    }
    shuffle(&mut rights, key);
    ArrangeView {
        pairs: views,
        rights,
        ..Default::default()
    }
}

/// What makes an answer right, for the question's version.
pub fn order_fingerprint(
    lines: &[Spanned<String>],
    distractors: &[Spanned<String>],
    indent: bool,
) -> String {
    let text = |l: &Spanned<String>| {
        if indent {
            l.value.trim_end().to_string()
        } else {
            l.value.trim().to_string()
        }
    };
    format!(
        "indent:{indent}\u{2}{}\u{2}{}",
        lines.iter().map(text).collect::<Vec<_>>().join("\u{1}"),
        distractors
            .iter()
            .map(text)
            .collect::<Vec<_>>()
            .join("\u{1}")
    )
}

pub fn match_fingerprint(pairs: &[Spanned<MatchPair>], distractors: &[Spanned<String>]) -> String {
    format!(
        "{}\u{2}{}",
        pairs
            .iter()
            .map(|p| format!(
                "{}\u{3}{}",
                p.value.left.trim(),
                p.value.right.as_deref().unwrap_or("").trim()
            ))
            .collect::<Vec<_>>()
            .join("\u{1}"),
        distractors
            .iter()
            .map(|d| d.value.trim())
            .collect::<Vec<_>>()
            .join("\u{1}")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shuffle_is_stable_and_a_permutation() {
        let mut a: Vec<usize> = (0..6).collect();
        let mut b = a.clone();
        shuffle(&mut a, "ch#check:1");
        shuffle(&mut b, "ch#check:1");
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, (0..6).collect::<Vec<_>>());
    }
}
