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
    // The dictionaries are read once, in order: looking each document's strings up by
    // ordinal decompresses a dictionary block per look-up, which made this the main cost
    // of a re-run over an unchanged archive.
    let (id_terms, origin_terms) = (all_terms(&ids)?, all_terms(&origins)?);
    let str_at = |column: &tantivy::columnar::StrColumn, terms: &[String], doc: DocId| {
        column
            .term_ords(doc)
            .next()
            .and_then(|ord| terms.get(usize::try_from(ord).ok()?))
            .cloned()
            .unwrap_or_default()
    };
    for doc in segment.doc_ids_alive() {
        // Every passage carries the same article state: reading passage 0 is enough.
        if passages.first(doc) != Some(0) {
            continue;
        }
        let id = str_at(&ids, &id_terms, doc);
        let state = IndexedArticle {
            hash: hashes.first(doc).unwrap_or_default(),
            origin: str_at(&origins, &origin_terms, doc),
        };
        articles.insert(id, state);
    }
    Ok(())
}

/// Every term of a string column's dictionary, by ordinal.
fn all_terms(column: &tantivy::columnar::StrColumn) -> Result<Vec<String>> {
    let dictionary = column.dictionary();
    let mut stream = dictionary
        .stream()
        .map_err(|e| crate::Error::Corrupt(format!("reading a stored string: {e}")))?;
    let mut terms = Vec::with_capacity(dictionary.num_terms());
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}
