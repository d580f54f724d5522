//! BM25 statistics of the live passages only, so that a ranking depends on what the index
//! holds and not on how it was built.
//!
//! tantivy computes BM25's statistics per segment and counts deleted documents until a merge
//! drops them: after an incremental run replaced an article, the old copy still weighs on the
//! document frequencies, the document count and the average passage length, and the same
//! articles rank differently from a fresh build. [`Stats`] gives tantivy the statistics of the
//! live documents instead:
//!
//! - document count: live passages;
//! - document frequency of a term: live passages containing it (read from the dictionary for
//!   segments without deletions, counted over the postings otherwise);
//! - tokens of a field: the sum of the live passages' field lengths as tantivy stores them per
//!   passage (a one-byte code: exact up to 40 tokens, rounded down by less than 12.5% above),
//!   since the exact token total of deleted passages is lost (and tantivy only estimates it
//!   when it merges segments); computed once per segment and cached by the searcher.
//!
//! It also lets the plan give a group of expanded terms (a typo's neighbours, a prefix's words)
//! one shared document frequency, see [`Stats::blend`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, SegmentReader, Term, TERMINATED};

use crate::index::LengthKey;
use crate::Result;

/// Per-segment totals of field lengths, kept for the life of a [`crate::Searcher`]. Keyed by
/// segment, its number of deleted documents (deletions change the live total) and field;
/// entries of segments a reload dropped are forgotten when new ones are added.
#[derive(Debug, Default)]
pub struct LengthTotals {
    totals: Mutex<HashMap<LengthKey, u64>>,
}

impl LengthTotals {
    /// The totals saved beside the index in `dir` that hold for `searcher`'s segments
    /// (`index::lengths`); the others are counted when first needed.
    pub fn saved(dir: &std::path::Path, searcher: &tantivy::Searcher) -> Self {
        LengthTotals {
            totals: Mutex::new(crate::index::saved_length_totals(dir, searcher)),
        }
    }

    /// Sum of the stored lengths of `field` over the live documents of `segment`, one of the
    /// segments of `searcher`.
    fn total(
        &self,
        searcher: &tantivy::Searcher,
        segment: &SegmentReader,
        field: Field,
    ) -> tantivy::Result<u64> {
        let key = (segment.segment_id(), segment.num_deleted_docs(), field);
        if let Some(&total) = self.lock().get(&key) {
            return Ok(total);
        }
        let total = crate::index::live_length_total(segment, field)?;
        let mut totals = self.lock();
        totals.retain(|(id, deleted, _), _| {
            searcher
                .segment_readers()
                .iter()
                .any(|s| s.segment_id() == *id && s.num_deleted_docs() == *deleted)
        });
        totals.insert(key, total);
        Ok(total)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<LengthKey, u64>> {
        // The map only ever holds finished totals: one left by a panicking thread is valid.
        self.totals
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The statistics one search scores with (see the module documentation).
pub struct Stats<'a> {
    searcher: &'a tantivy::Searcher,
    lengths: &'a LengthTotals,
    /// Live document frequencies already looked up.
    known: RefCell<HashMap<Term, u64>>,
    /// Shared document frequencies of blended terms.
    blended: HashMap<Term, u64>,
}

impl<'a> Stats<'a> {
    pub fn new(searcher: &'a tantivy::Searcher, lengths: &'a LengthTotals) -> Self {
        Stats {
            searcher,
            lengths,
            known: RefCell::new(HashMap::new()),
            blended: HashMap::new(),
        }
    }

    pub fn searcher(&self) -> &'a tantivy::Searcher {
        self.searcher
    }

    /// Scoring with these statistics, for `Query::weight`.
    pub fn scoring(&self) -> EnableScoring<'_> {
        EnableScoring::enabled_from_statistics_provider(self, self.searcher)
    }

    /// Live passages containing `term` (its own count, not a blended one).
    pub fn live_doc_freq(&self, term: &Term) -> Result<u64> {
        Ok(self.count(term)?)
    }

    fn count(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&known) = self.known.borrow().get(term) {
            return Ok(known);
        }
        let mut total = 0u64;
        for segment in self.searcher.segment_readers() {
            total += u64::from(segment_doc_freq(segment, term)?);
        }
        self.known.borrow_mut().insert(term.clone(), total);
        Ok(total)
    }

    /// Whether a live passage contains `term`.
    pub fn exists(&self, term: &Term) -> Result<bool> {
        Ok(self.live_doc_freq(term)? > 0)
    }

    /// Scores the `terms` (alternatives of one query word) with one document frequency, that
    /// of the most frequent of them, so that they share one idf and differ only by how often
    /// and in how short a passage they occur. Without it a typo's rarest neighbour (often
    /// itself a typo in the corpus) or a prefix's rarest word would outscore the word the user
    /// most likely meant. (Lucene blends fuzzy expansions the same way.) A term blended twice
    /// keeps the larger frequency.
    pub fn blend(&mut self, terms: &[Term]) -> Result<()> {
        let mut shared = 0;
        for term in terms {
            shared = shared.max(self.live_doc_freq(term)?);
        }
        for term in terms {
            let entry = self.blended.entry(term.clone()).or_insert(0);
            *entry = (*entry).max(shared);
        }
        Ok(())
    }
}

/// Live documents of `segment` containing `term`.
fn segment_doc_freq(segment: &SegmentReader, term: &Term) -> tantivy::Result<u32> {
    let inverted = segment.inverted_index(term.field())?;
    let Some(info) = inverted.get_term_info(term)? else {
        return Ok(0);
    };
    let Some(alive) = segment.alive_bitset() else {
        return Ok(info.doc_freq);
    };
    let mut postings = inverted.read_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
    let mut live = 0;
    let mut doc = postings.doc();
    while doc != TERMINATED {
        live += u32::from(alive.is_alive(doc));
        doc = postings.advance();
    }
    Ok(live)
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let mut total = 0;
        for segment in self.searcher.segment_readers() {
            total += self.lengths.total(self.searcher, segment, field)?;
        }
        Ok(total)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.searcher.num_docs())
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&shared) = self.blended.get(term) {
            return Ok(shared);
        }
        self.count(term)
    }
}
