//! Typed errors of the library. The binary prints them with context and picks the exit code.

use std::path::PathBuf;

/// Everything that can go wrong in the library. Messages speak of the thing that is wrong
/// (a query, an option, a path), never of a command-line flag: the library has no flags.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's query cannot be understood.
    #[error("invalid query {query:?}: {reason}")]
    Query { query: String, reason: String },
    /// An option has a value that cannot be used (a start date after the end date, an
    /// unknown accent mode, nothing to index, …).
    #[error("{0}")]
    InvalidOption(String),
    /// Another process holds the index writer lock.
    #[error("index at {0} is locked by another writer (is another `vnsearch index` running?)")]
    Locked(PathBuf),
    /// No index at the given place and nothing to build it from.
    #[error("no index at {0}: run `vnsearch index` first")]
    NoIndex(PathBuf),
    /// The index was written by a version of vnsearch with another schema.
    #[error("the index was built by another version of vnsearch ({0}): rebuild it with `vnsearch index --rebuild`")]
    IncompatibleIndex(String),
    /// A document given to [`crate::add_documents`] is not an article (0-based `position`
    /// in the batch).
    #[error("document {position}: {reason}")]
    InvalidDocument { position: usize, reason: String },
    /// A file of the index is missing, truncated or corrupted (`file` names it as well as
    /// is known; `detail` is tantivy's own description, for bug reports).
    #[error("index at {} is damaged ({file}): run `vnsearch index --rebuild`", .dir.display())]
    Damaged {
        dir: PathBuf,
        file: String,
        detail: String,
    },
    /// The file system of the index ran out of space (or quota) while the index was written.
    /// The last commit is intact and the files of the failed one were removed.
    /// `pending_input_bytes`: input read since the last commit plus input not yet read, that
    /// still has to go into the index; `free_bytes`: space left after the clean-up.
    #[error(
        "disk full while writing the index at {}: {}",
        .dir.display(),
        disk_full_detail(*.pending_input_bytes, *.free_bytes)
    )]
    DiskFull {
        dir: PathBuf,
        pending_input_bytes: u64,
        free_bytes: Option<u64>,
    },
    /// An article that the user asked for does not exist.
    #[error("no article with id {0:?} in the index")]
    NoArticle(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// tantivy reported an error.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A stored value of the index could not be read back.
    #[error("index error: {0}")]
    Corrupt(String),
    /// JSON could not be written or read (benchmark manifests, reports).
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// SQLite (the FTS5 engine of the benchmark) reported an error.
    #[cfg(feature = "bench")]
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A relevance judgments file is malformed (what and where, in `reason`).
    #[cfg(feature = "bench")]
    #[error("{}: {reason}", path.display())]
    Judgments { path: PathBuf, reason: String },
    /// A benchmark engine was used out of order (searched before it indexed).
    #[cfg(feature = "bench")]
    #[error("benchmark engine {0}: searched before indexing")]
    EngineNotReady(&'static str),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Whether this error comes from what the user asked for (a query or an option), as
    /// opposed to a failure of the machine or the index: the CLI exits with 2 for these.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::Query { .. } | Error::InvalidOption(_) | Error::InvalidDocument { .. }
        )
    }
}

/// An index takes about this many bytes per byte of input text: 2.03–2.06 measured with
/// `vnsearch bench` at 50 and 200 MB (README), rounded up because merges briefly need room
/// for a merged segment beside the segments it replaces.
const INDEX_BYTES_PER_INPUT_BYTE: f64 = 2.5;

/// What is known of the space a disk-full index run still needs.
fn disk_full_detail(pending_input_bytes: u64, free_bytes: Option<u64>) -> String {
    let mb = |bytes: f64| (bytes / 1e6).ceil();
    let mut text = if pending_input_bytes == 0 {
        // Only a merge of committed segments failed: it needs room for the merged copy.
        "the input is committed, but merging its segments needs more room".to_string()
    } else {
        format!(
            "about {} MB more is needed for the {} MB of input not yet committed \
             (an index takes about {INDEX_BYTES_PER_INPUT_BYTE}× its input)",
            mb(pending_input_bytes as f64 * INDEX_BYTES_PER_INPUT_BYTE),
            mb(pending_input_bytes as f64)
        )
    };
    if let Some(free) = free_bytes {
        text.push_str(&format!(", {} MB is free", (free as f64 / 1e6).floor()));
    }
    text.push_str("; the last commit is intact and the partial files were removed");
    text
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_full_says_what_is_known_of_the_space_needed() {
        let error = Error::DiskFull {
            dir: PathBuf::from("/srv/index"),
            pending_input_bytes: 40_000_000,
            free_bytes: Some(3_500_000),
        };
        assert_eq!(
            error.to_string(),
            "disk full while writing the index at /srv/index: about 100 MB more is needed for \
             the 40 MB of input not yet committed (an index takes about 2.5× its input), 3 MB \
             is free; the last commit is intact and the partial files were removed"
        );
        let merging = Error::DiskFull {
            dir: PathBuf::from("ix"),
            pending_input_bytes: 0,
            free_bytes: None,
        };
        assert!(merging
            .to_string()
            .starts_with("disk full while writing the index at ix: the input is committed"));
    }
}
