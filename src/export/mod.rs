//! `lectern export`: the course in other shapes — one self-contained HTML file for reading
//! offline, and question files for other learning tools (Anki, Moodle's GIFT).

pub mod anki;
pub mod gift;
pub mod questions;

pub mod html;
pub mod write;

use std::path::Path;

use crate::diag::Diagnostics;

/// What `lectern export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One HTML file with every chapter, browse-all, search, styles, scripts and images inside.
    Html,
    /// A tab-separated file Anki imports.
    Anki,
    /// Moodle's GIFT quiz format.
    Gift,
}

impl Format {
    /// The file name used when `-o` is not given.
    pub fn default_file_name(self) -> &'static str {
        match self {
            Format::Html => "course.html",
            Format::Anki => "questions-anki.txt",
            Format::Gift => "questions.gift",
        }
    }
}

/// The result of an export: the bytes to write.
pub struct Exported {
    pub bytes: Vec<u8>,
    /// Warnings found on the way.
    pub diags: Diagnostics,
}

/// Exports the book at `root` in `format`.
pub fn export(root: &Path, format: Format) -> Result<Exported, Diagnostics> {
    match format {
        Format::Html => html::export(root),
        Format::Anki => anki::export(root),
        Format::Gift => gift::export(root),
    }
}
