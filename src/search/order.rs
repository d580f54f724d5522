//! Matching passages, their sort keys, and the boosts' rescoring.
//!
//! A passage is ordered by day (with `--sort date`: newest first, undated last), score, article
//! key, passage number. Both keys come from the article and the passage themselves, so ties
//! are broken the same way on every build of the same articles; tantivy's own collectors break
//! them by document address, which depends on the segments an indexing run happened to
//! produce. Articles are ranked from their passages in [`super::articles`].
//!
//! Relevance is ranked in two phases: the core query (BM25 of the required words) scores every
//! matching passage, then the plan's boosts (adjacency, title) are added to the scores of the
//! kept passages of the best [`RESCORE_POOL`] articles by that score, by seeking the boosts'
//! scorers to each of them ([`rescore`]). The pool is the same whatever page is asked for, so
//! every page is a slice of one ordering: boosted pool first, the other articles after it by
//! their core score (which is never above the pool's, since boosts only add).

use std::cmp::Ordering;
use std::sync::Arc;

use tantivy::columnar::{Column, ColumnIndex, ColumnValues};
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentReader};

use super::leaf::{Probe, ProbeWeight};
use crate::index::names;
use crate::Result;

/// How many of the best articles by core score the boosts rescore. Boosts read phrase
/// positions and the title postings at each kept passage (up to 3 per article), so the pool
/// bounds that work per query: 100 articles are about the 256–300 passages a passage ranking
/// would rescore, and 10 pages of 10, more than readers look at; an article outside it would
/// have needed the boosts to lift it past 100 articles with better BM25 evidence.
pub const RESCORE_POOL: usize = 100;

/// One matching passage with everything that orders it.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub address: DocAddress,
    pub score: Score,
    /// Day of the article in seconds (`sort: date`; `i64::MIN` when undated), 0 for relevance.
    pub day: i64,
    /// The article key (see `index::article_key`).
    pub key: u64,
    pub passage: u64,
}

/// Better first: day (date order only), score, article key, passage number. The address only
/// separates two articles whose 64-bit keys collide.
pub fn better(a: &Ranked, b: &Ranked) -> Ordering {
    b.day
        .cmp(&a.day)
        .then_with(|| b.score.total_cmp(&a.score))
        .then_with(|| a.key.cmp(&b.key))
        .then_with(|| a.passage.cmp(&b.passage))
        .then_with(|| a.address.cmp(&b.address))
}

/// A fast-field column read for the first value of a document. When every document has one
/// value (the article key, the passage number and the fingerprint are set on every passage)
/// the values are read by document directly: going through the column index for each of them
/// was a fifth of the fast-field reads of a broad query, which reads them for every match.
pub enum FirstValue {
    Full(Arc<dyn ColumnValues<u64>>),
    Other(Column<u64>),
}

impl FirstValue {
    pub fn new(column: Column<u64>) -> Self {
        match column.index {
            ColumnIndex::Full => FirstValue::Full(column.values),
            _ => FirstValue::Other(column),
        }
    }

    /// The first value of `doc`, if it has one.
    #[inline]
    pub fn get(&self, doc: DocId) -> Option<u64> {
        match self {
            FirstValue::Full(values) => Some(values.get_val(doc)),
            FirstValue::Other(column) => column.first(doc),
        }
    }

    /// The first value of each of `docs` (0 for none) into `values` (as long as `docs`): one
    /// call into a full column for all of them.
    pub fn get_many(&self, docs: &[DocId], values: &mut [u64]) {
        match self {
            FirstValue::Full(column) => column.get_vals(docs, values),
            FirstValue::Other(column) => {
                for (value, &doc) in values.iter_mut().zip(docs) {
                    *value = column.first(doc).unwrap_or_default();
                }
            }
        }
    }
}

/// The fast-field columns that order the passages of one segment.
pub struct Keys {
    keys: FirstValue,
    passages: FirstValue,
    /// Only for date order.
    days: Option<Column<DateTime>>,
}

impl Keys {
    pub fn open(segment: &SegmentReader, by_date: bool) -> Result<Keys> {
        let fast = segment.fast_fields();
        Ok(Keys {
            keys: FirstValue::new(fast.u64(names::ARTICLE_KEY)?),
            passages: FirstValue::new(fast.u64(names::PASSAGE)?),
            days: if by_date {
                Some(fast.date(names::DATE)?)
            } else {
                None
            },
        })
    }

    /// Day of `doc` for the order: `i64::MIN` when undated, 0 when not sorting by date.
    pub fn day(&self, doc: DocId) -> i64 {
        self.days.as_ref().map_or(0, |days| {
            days.first(doc)
                .map_or(i64::MIN, |d| d.into_timestamp_secs())
        })
    }

    /// The article key of `doc`.
    pub fn key(&self, doc: DocId) -> u64 {
        self.keys.get(doc).unwrap_or_default()
    }

    /// The passage number of each of `docs` into `numbers` (as long as `docs`).
    pub fn passages(&self, docs: &[DocId], numbers: &mut [u64]) {
        self.passages.get_many(docs, numbers);
    }

    /// The passage number of `doc` within its article.
    pub fn passage(&self, doc: DocId) -> u64 {
        self.passages.get(doc).unwrap_or_default()
    }

    pub fn ranked(&self, segment_ord: u32, doc: DocId, score: Score, day: i64) -> Ranked {
        Ranked {
            address: DocAddress::new(segment_ord, doc),
            score,
            day,
            key: self.key(doc),
            passage: self.passage(doc),
        }
    }
}

/// Adds the score of every boost that matches a candidate (each a sum of [`super::leaf`]
/// scores, so the total does not depend on the order of addition), then puts the candidates
/// in order.
pub fn rescore(
    searcher: &Searcher,
    boosts: &[ProbeWeight],
    mut ranked: Vec<Ranked>,
) -> Result<Vec<Ranked>> {
    if !boosts.is_empty() && !ranked.is_empty() {
        // Scorers only move forward: visit candidates in (segment, doc) order.
        let mut order: Vec<usize> = (0..ranked.len()).collect();
        order.sort_by_key(|&i| ranked[i].address);
        for boost in boosts {
            let mut probe: Option<(u32, Probe)> = None;
            for &i in &order {
                let address = ranked[i].address;
                let probe = match &mut probe {
                    Some((segment, probe)) if *segment == address.segment_ord => probe,
                    _ => {
                        let reader = searcher.segment_reader(address.segment_ord);
                        let opened = Probe::open(boost, reader, address.doc_id)?;
                        &mut probe.insert((address.segment_ord, opened)).1
                    }
                };
                if let Some(score) = probe.score_at(address.doc_id) {
                    ranked[i].score += score;
                }
            }
        }
    }
    ranked.sort_unstable_by(better);
    Ok(ranked)
}
