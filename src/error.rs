//! Typed errors of the library. The binary prints them with context and picks the exit code.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's query cannot be understood (exit code 2).
    #[error("invalid query {query:?}: {reason}")]
    Query { query: String, reason: String },
    /// A command-line value is wrong (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Another process holds the index writer lock.
    #[error("index at {0} is locked by another writer (is another `vnsearch index` running?)")]
    Locked(PathBuf),
    /// No index at the given place and nothing to build it from.
    #[error("no index at {0}: run `vnsearch index` first")]
    NoIndex(PathBuf),
    /// The index was written by a version of vnsearch with another schema.
    #[error("the index was built by another version of vnsearch ({0}): rebuild it with `vnsearch index --rebuild`")]
    IncompatibleIndex(String),
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
    /// Anything else, with a message that says what.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Whether this error is the user's doing on the command line (exit code 2).
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Query { .. } | Error::Usage(_))
    }
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
