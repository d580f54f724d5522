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

use std::path::{Path, PathBuf};

/// A problem with one input file or line; the rest of the input is still processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `path` or `path:line`.
    pub origin: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// The articles read from one file.
#[derive(Debug, Default)]
pub struct FileArticles {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
    pub bytes: u64,
}

/// STUB: expands directories recursively into `.txt` files.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Warning>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else if p.is_file() {
            if p.extension().is_some_and(|e| e == "txt") {
                files.push(p);
            }
        } else {
            warnings.push(Warning {
                origin: p.display().to_string(),
                message: "no such file or directory".into(),
            });
        }
    }
    files.sort();
    (files, warnings)
}

/// STUB: reads one `.txt` article, paragraphs split at blank lines.
pub fn read_file(path: &Path) -> FileArticles {
    let origin = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(raw) => {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = raw.len() as u64;
            FileArticles {
                articles: vec![clean_article(&id, &raw, &origin)],
                warnings: vec![],
                bytes,
            }
        }
        Err(e) => FileArticles {
            warnings: vec![Warning {
                origin,
                message: e.to_string(),
            }],
            ..Default::default()
        },
    }
}

/// STUB: first non-empty line is the title, the rest paragraphs.
pub fn clean_article(id: &str, raw: &str, origin: &str) -> Article {
    let mut paragraphs = raw
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty());
    let title = paragraphs.next().unwrap_or_default();
    Article {
        id: id.to_string(),
        title,
        date: None,
        source: None,
        url: None,
        passages: paragraphs.collect(),
        raw: raw.to_string(),
        origin: origin.to_string(),
    }
}
