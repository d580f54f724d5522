//! The tantivy index: its schema (one document per passage), opening, and the incremental
//! writer that brings it up to date with a set of input files ([`update_index`]).

mod build;
mod documents;
mod files;
mod grouping;
mod ids;
mod lengths;
mod schema;
mod stamps;
mod state;
mod store;

pub(crate) use build::content_hash;
#[cfg(feature = "bench")]
pub(crate) use build::merge_segments;
pub use build::{update_index, BuildOptions, BuildSummary, Progress, Silent};
pub use documents::{add_documents, DOCUMENTS_ORIGIN};
pub(crate) use grouping::searcher_grouped;
#[cfg(feature = "bench")]
pub(crate) use grouping::{add_article, commit_grouped};
pub(crate) use lengths::{live_length_total, saved_length_totals, LengthKey};
#[cfg(test)]
pub(crate) use schema::article_key;
#[cfg(feature = "bench")]
pub(crate) use schema::build_schema;
pub(crate) use schema::{names, Fields};
pub(crate) use state::indexed_articles_in;
pub(crate) use store::{damaged_or, index_in_ram, open};
#[cfg(any(test, feature = "bench"))]
pub(crate) use store::{open_or_create, passage_documents};

use std::path::Path;

/// Opens the vnsearch index in `dir` as a tantivy index, with the Vietnamese analyzer
/// registered, for programs that want to run their own tantivy queries on it.
/// Errors: [`crate::Error::NoIndex`], [`crate::Error::IncompatibleIndex`].
pub fn open_index(dir: &Path) -> crate::Result<tantivy::Index> {
    open(dir).map(|(index, _)| index)
}

/// Opens the index in `dir` with the handles of its fields.
pub(crate) fn open_index_with_fields(dir: &Path) -> crate::Result<(tantivy::Index, Fields)> {
    open(dir)
}
