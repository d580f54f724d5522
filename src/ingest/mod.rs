//! Reading press articles and cleaning them into articles and passages.
//!
//! - `discover` (finding input files), `read` (reading them: `.txt`, and `.jsonl`/`.ndjson`
//!   streamed line by line, with a size cap and special files skipped unopened), `encoding`
//!   (UTF-8, damaged UTF-8, UTF-16, Windows-1258; binary and legacy 8-bit refused), problems
//!   as typed [`Warning`]s (`warning`);
//! - `clean`: the cleaning pipeline, made of small stages, each testable alone: `lines`
//!   (line model), `dedup` (repeated blocks), `chrome` (site chrome), `hard_wrap` (joining
//!   hard-wrapped lines), `metadata` and `date` (title, date, source, URL), `passages`
//!   (sentence splitting, with a hard bound on passage length);
//! - `fingerprint`: near-duplicate fingerprints of the cleaned body (the same story under
//!   several papers' names).
//!
//! [`Article`] is the contract with the index writer; [`clean_article`] turns one raw text
//! into one, [`read_file`] every article of a file.

mod captions;
mod chrome;
mod clean;
pub(crate) mod date;
mod dedup;
mod discover;
mod encoding;
mod fingerprint;
pub(crate) mod fnv;
mod hard_wrap;
pub(crate) mod jsonl;
mod lines;
mod metadata;
mod passages;
mod read;
mod warning;

pub use date::parse_day;
pub use discover::{discover, InputKind};
pub use fingerprint::{Fingerprint, NEAR_DUPLICATE_RESEMBLANCE};
pub use read::{read_file, read_file_each, FileArticles, Item, DEFAULT_MAX_INPUT_BYTES};
pub use time::Date;
pub(crate) use warning::split_origin;
pub use warning::{Warning, WarningKind, MAX_ID_BYTES};

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

/// Cleans one plain-text article: title, date, source and URL from the text, passages from
/// its paragraphs. The title falls back to the first sentence, then to the id.
pub fn clean_article(id: &str, raw: &str, origin: &str) -> Article {
    let cleaned = clean::clean_text(raw, None);
    let title = cleaned
        .title
        .or(cleaned.fallback_title)
        .unwrap_or_else(|| id.to_string());
    Article {
        id: id.to_string(),
        title,
        date: cleaned.date,
        source: cleaned.source,
        url: cleaned.url,
        passages: cleaned.passages,
        raw: raw.to_string(),
        origin: origin.to_string(),
    }
}
