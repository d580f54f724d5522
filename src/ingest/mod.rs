//! Reading press articles and cleaning them into articles and passages.
//!
//! STUB: the cleaning work (issue 3) fills this module in; [`Article`] is the contract with the
//! index writer.

pub use time::Date;

/// One cleaned article, ready to be indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Stable id: the `.txt` file name without extension, or the JSON `id`.
    pub id: String,
    /// Title (never empty: a fallback is derived when the text has no title line).
    pub title: String,
    /// Publication date, when the text states one.
    pub date: Option<Date>,
    /// Source (`Nguồn …`, `Theo …`, or the JSON `source`).
    pub source: Option<String>,
    /// URL of the original article.
    pub url: Option<String>,
    /// Cleaned paragraphs in reading order, numbered from 0.
    pub passages: Vec<String>,
    /// The original input text, unchanged (for `vnsearch show --raw`).
    pub raw: String,
    /// Where the article came from: a file path, or `path:line` for JSON lines.
    pub origin: String,
}
