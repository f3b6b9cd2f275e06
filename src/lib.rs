//! Lectern turns a course — chapter Markdown, quiz and interview-question YAML — into a static
//! site with client-side quizzes.
//!
//! The crate is laid out as the pipeline it runs, each stage a module with plain data between
//! stages: [`config`] (book.toml) → [`content`] (walk, front matter, YAML, validation) →
//! [`directives`] (mdBook's `{{#include}}` and kin) → [`render`] (Markdown, highlighting, quiz widgets) → [`theme`] (Tera templates, assets) →
//! [`output`] (atomic write). [`build`] runs them in order.

pub mod build;
pub mod config;
pub mod content;
pub mod diag;
pub mod directives;
pub mod export;
pub mod init;
pub mod mdbook_quiz;
pub mod output;
pub mod progress;
pub mod render;
pub mod schema;
pub mod serve;
mod stamps;
pub mod strings;
pub mod text;
pub mod theme;

pub use build::{
    build, check, check_with, clean, BuildOptions, BuildReport, Builder, CleanOptions, CleanReport,
    Observer, Rebuild, Site, SiteFile,
};
