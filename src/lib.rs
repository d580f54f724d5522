//! vnsearch: full-text search for Vietnamese press articles, on tantivy.
//!
//! Type with or without diacritics: `hop tac` finds *hợp tác*, *họp tác* and every other accent
//! variant; `hợp tác` finds exactly that. The crate follows the data flow of the engine, one
//! module per stage, each with a short public surface:
//!
//! - [`text`]: Vietnamese-aware analysis (NFC → canonical tone placement → lowercase → i/y
//!   spelling = the *exact* form; marks stripped = the *folded* form), and the tantivy
//!   tokenizer that indexes both forms of every word at one position;
//! - [`ingest`]: reading input files (`.txt`, JSON lines) and cleaning them into an
//!   [`Article`] of passages;
//! - [`index`]: the incremental index writer ([`update_index`]) and index opening;
//! - [`search`]: the query language, ranking, exact highlights and snippets
//!   ([`Searcher`]);
//! - `bench` (cargo feature `bench`, on by default): the side-by-side benchmark against
//!   plain tantivy and SQLite FTS5.
//!
//! # Example
//!
//! ```
//! use vnsearch::{Article, SearchOptions, Searcher};
//!
//! let article = vnsearch::clean_article(
//!     "vd-1",
//!     "Hai nước thúc đẩy hợp tác khoa học\n\nHai bên đã ký bản ghi nhớ hợp tác về đổi mới sáng tạo.",
//!     "vd-1.txt",
//! );
//! let searcher = Searcher::in_memory(&[article])?;
//! let results = searcher.search(&SearchOptions::new("hop tac"))?;
//! assert_eq!(results.hits[0].article_id, "vd-1");
//! assert!(results.hits[0].snippet.contains("<mark>hợp tác</mark>"));
//! # Ok::<(), vnsearch::Error>(())
//! ```
//!
//! The `vnsearch` binary (command line, HTTP server) is built on exactly this API.

mod error;
pub mod index;
pub mod ingest;
pub mod search;
pub mod text;

#[cfg(feature = "bench")]
pub mod bench;

pub use error::{Error, Result};
pub use index::{
    add_documents, open_index, update_index, BuildOptions, BuildSummary, Progress, Silent,
};
pub use ingest::{clean_article, parse_day, Article, Fingerprint, Warning, WarningKind};
pub use search::{
    AccentMode, ArticleView, Hit, IndexStats, PassageView, SearchOptions, SearchResults, Searcher,
    SortOrder,
};
