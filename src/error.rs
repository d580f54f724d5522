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

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
