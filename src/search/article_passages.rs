//! The passages of an article, matching or not: what whole-article scores ([`super::topic`])
//! count over and what a page shows beyond an article's kept passages ([`super::collect`]).

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use super::articles::RankedArticle;
use super::order::Keys;
use crate::Result;

/// Finds the live passages of articles, per segment that holds some (segment ordinal, docs
/// in order). In a grouped index they are the consecutive documents from the article's first
/// (`doc - passage` of its best passage) while the passage numbers count up: one segment, no
/// dictionary look-up. Otherwise the postings of its key, in every segment. Each segment's
/// key columns are opened once, for all the articles asked (opening them per article was 14%
/// of a query that looked up its 100 best articles).
pub struct ArticlePassages<'s> {
    searcher: &'s Searcher,
    key_field: Field,
    grouped: bool,
    keys: Vec<Option<Keys>>,
}

impl<'s> ArticlePassages<'s> {
    pub fn new(searcher: &'s Searcher, key_field: Field, grouped: bool) -> Self {
        ArticlePassages {
            searcher,
            key_field,
            grouped,
            keys: Vec::new(),
        }
    }

    /// The live passages of `article`.
    pub fn of(&mut self, article: &RankedArticle) -> Result<Vec<(u32, Vec<DocId>)>> {
        let key = article.evidence.key();
        if self.grouped {
            let address = article.evidence.first_address();
            let ord = address.segment_ord as usize;
            let segment = self.searcher.segment_reader(address.segment_ord);
            if self.keys.len() <= ord {
                self.keys.resize_with(ord + 1, || None);
            }
            let keys = match &mut self.keys[ord] {
                Some(keys) => keys,
                empty => empty.insert(Keys::open(segment, false)?),
            };
            let start = u64::from(address.doc_id).saturating_sub(keys.passage(address.doc_id));
            let alive = segment.alive_bitset();
            let mut docs = Vec::new();
            for doc in u32::try_from(start).unwrap_or(u32::MAX)..segment.max_doc() {
                if keys.passage(doc) != u64::from(doc) - start || keys.key(doc) != key {
                    break;
                }
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    docs.push(doc);
                }
            }
            return Ok(vec![(address.segment_ord, docs)]);
        }
        let mut found = Vec::new();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let docs = live_passages(segment, self.key_field, key)?;
            if !docs.is_empty() {
                found.push((u32::try_from(ord).unwrap_or(u32::MAX), docs));
            }
        }
        Ok(found)
    }
}

/// The live passages of the article `key` in `segment`, in doc order (read from the
/// indexed article key).
pub fn live_passages(segment: &SegmentReader, key_field: Field, key: u64) -> Result<Vec<DocId>> {
    let inverted = segment.inverted_index(key_field)?;
    let alive = segment.alive_bitset();
    let mut docs = Vec::new();
    let term = Term::from_field_u64(key_field, key);
    if let Some(mut postings) = inverted
        .read_postings(&term, IndexRecordOption::Basic)
        .map_err(tantivy::TantivyError::from)?
    {
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                docs.push(doc);
            }
            doc = postings.advance();
        }
    }
    Ok(docs)
}
