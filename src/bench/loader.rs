//! Loading a corpus directory into cleaned articles, once and untimed, before any engine runs.
//! It goes through the project's own ingest code, so every engine gets exactly the passages
//! `vnsearch index` would write.

use std::path::{Path, PathBuf};

use crate::ingest::{self, Article};
use crate::{Error, Result};

/// Every article under `dir` (recursively, `.txt`, `.jsonl`, `.ndjson`, in path order), and
/// how many warnings reading produced.
pub fn load_articles(dir: &Path) -> Result<(Vec<Article>, usize)> {
    if !dir.is_dir() {
        return Err(Error::InvalidOption(format!(
            "corpus {} is not a directory",
            dir.display()
        )));
    }
    let (files, mut warnings) = ingest::discover(&[PathBuf::from(dir)]);
    let mut articles = Vec::new();
    for file in files {
        let read = ingest::read_file(&file);
        warnings.extend(read.warnings);
        articles.extend(read.articles.into_iter().filter(|a| !a.passages.is_empty()));
    }
    Ok((articles, warnings.len()))
}
