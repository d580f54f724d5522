//! What the committed index already holds, per article: its content hash and origin. This is
//! what makes re-indexing incremental, read from fast fields so it stays cheap for millions of
//! articles.

use std::collections::HashMap;

use tantivy::{DocId, Index, SegmentReader};

use super::schema::names;
use crate::Result;

/// The indexed state of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedArticle {
    /// Content hash written when the article was indexed.
    pub hash: u64,
    /// Where the article came from (file path, or `path:line`).
    pub origin: String,
}

/// Reads article id → state for every live document of the committed index.
pub fn indexed_articles(index: &Index) -> Result<HashMap<String, IndexedArticle>> {
    indexed_articles_in(&index.reader()?.searcher())
}

/// Reads article id → state for every live document that `searcher` sees.
pub fn indexed_articles_in(
    searcher: &tantivy::Searcher,
) -> Result<HashMap<String, IndexedArticle>> {
    let mut articles = HashMap::new();
    for segment in searcher.segment_readers() {
        read_segment(segment, &mut articles)?;
    }
    Ok(articles)
}

fn read_segment(
    segment: &SegmentReader,
    articles: &mut HashMap<String, IndexedArticle>,
) -> Result<()> {
    let fast = segment.fast_fields();
    let (Some(ids), Some(origins)) = (fast.str(names::ARTICLE_ID)?, fast.str(names::ORIGIN)?)
    else {
        return Ok(());
    };
    let hashes = fast.u64(names::HASH)?;
    let passages = fast.u64(names::PASSAGE)?;
    let str_at = |column: &tantivy::columnar::StrColumn, doc: DocId| -> Result<String> {
        let mut out = String::new();
        if let Some(ord) = column.term_ords(doc).next() {
            column
                .ord_to_str(ord, &mut out)
                .map_err(|e| crate::Error::Corrupt(format!("reading a stored string: {e}")))?;
        }
        Ok(out)
    };
    for doc in segment.doc_ids_alive() {
        // Every passage carries the same article state: reading passage 0 is enough.
        if passages.first(doc) != Some(0) {
            continue;
        }
        let id = str_at(&ids, doc)?;
        let state = IndexedArticle {
            hash: hashes.first(doc).unwrap_or_default(),
            origin: str_at(&origins, doc)?,
        };
        articles.insert(id, state);
    }
    Ok(())
}
