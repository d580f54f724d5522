//! The engines compared side by side, behind one trait, and the tantivy plumbing that the
//! vnsearch and plain-tantivy engines share (same schema, same documents, same writer).

pub mod fts5;
pub mod tantivy_plain;
pub mod vnsearch;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexWriter, Searcher, TantivyDocument};

use super::queries::BenchQuery;
use crate::index::content_hash;
use crate::index::{passage_documents, Fields};
use crate::ingest::Article;
use crate::Result;

/// Heap given to each tantivy writer (split across its threads: one per core, up to 8).
pub const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;
/// Passages asked for per query.
pub const TOP: usize = 10;

/// A search engine under benchmark.
pub trait Engine {
    /// Short name used in the report (`vnsearch`, `tantivy`, `fts5`).
    fn name(&self) -> &'static str;
    /// Indexes every passage of `articles` and makes it durable (commit included).
    fn index(&mut self, articles: &[Article]) -> Result<()>;
    /// The top [`TOP`] passages with snippets, and how many passages match in all.
    fn query(&self, query: &BenchQuery) -> Result<QueryOutcome>;
}

/// What one query returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryOutcome {
    /// Passages matching the query.
    pub total_hits: usize,
    /// The best passages, best first.
    pub top: Vec<Hit>,
}

/// One returned passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub article_id: String,
    pub passage: u64,
    /// Snippet with highlighted words (engine's own markup).
    pub snippet: String,
}

/// Writes every passage of `articles` with one writer, then commits and waits for merges, so
/// the timed work ends with a durable, final index.
fn write_passages(index: &Index, fields: &Fields, articles: &[Article]) -> Result<()> {
    let mut writer: IndexWriter<TantivyDocument> = index.writer(WRITER_HEAP_BYTES)?;
    for article in articles {
        for document in passage_documents(fields, article, content_hash(article)) {
            writer.add_document(document)?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// Runs `query`, counts all hits, and makes snippets of the text field for the top passages.
fn top_passages(searcher: &Searcher, fields: &Fields, query: &dyn Query) -> Result<QueryOutcome> {
    let (top, total_hits) =
        searcher.search(query, &(TopDocs::with_limit(TOP).order_by_score(), Count))?;
    let snippets = SnippetGenerator::create(searcher, query, fields.text)?;
    let mut hits = Vec::with_capacity(top.len());
    for (_score, address) in top {
        let document: TantivyDocument = searcher.doc(address)?;
        let article_id = document
            .get_first(fields.article_id)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let passage = document
            .get_first(fields.passage)
            .and_then(|v| v.as_u64())
            .unwrap_or_default();
        hits.push(Hit {
            article_id,
            passage,
            snippet: snippets.snippet_from_doc(&document).to_html(),
        });
    }
    Ok(QueryOutcome {
        total_hits,
        top: hits,
    })
}
