//! vnsearch: full-text search for Vietnamese press articles on tantivy.
//!
//! The crate follows the data flow of the engine:
//!
//! - [`text`]: Vietnamese-aware analysis (normalize → canonical tones → lowercase → fold),
//!   and the tantivy tokenizer built from it;
//! - [`ingest`]: reading input files and cleaning them into articles and passages;
//! - [`index`]: the tantivy schema and the (incremental) index writer;
//! - [`search`]: query parsing, ranking, highlights and snippets;
//! - [`cli`]: command-line arguments and printing only;
//! - [`bench`]: corpus generator and side-by-side benchmarks.

pub mod bench;
pub mod cli;
pub mod error;
pub mod index;
pub mod ingest;
pub mod search;
pub mod text;

pub use error::{Error, Result};
