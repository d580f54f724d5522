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

use tantivy::index::SegmentId;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, HasLen, SegmentReader, Term, TERMINATED};

use crate::Result;

/// Per-segment totals of field lengths, kept for the life of a [`crate::Searcher`]. Keyed by
/// segment, its number of deleted documents (deletions change the live total) and field;
/// entries of segments a reload dropped are forgotten when new ones are added.
#[derive(Debug, Default)]
pub struct LengthTotals {
    totals: Mutex<HashMap<(SegmentId, u32, Field), u64>>,
}

impl LengthTotals {
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
        let total = live_length_total(segment, field)?;
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

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(SegmentId, u32, Field), u64>> {
        // The map only ever holds finished totals: one left by a panicking thread is valid.
        self.totals
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Sum over the live documents of the length tantivy stores for `field` (1 per document when
/// the field keeps no lengths, as tantivy's own scorer assumes).
fn live_length_total(segment: &SegmentReader, field: Field) -> tantivy::Result<u64> {
    let Some(lengths) = segment.fieldnorms_readers().get_field(field)? else {
        return Ok(u64::from(segment.num_docs()));
    };
    // One byte per document: count the codes, then decode 256 values instead of every doc.
    let mut counts = [0u64; 256];
    match segment.alive_bitset() {
        Some(alive) => {
            for doc in alive.iter_alive() {
                counts[usize::from(lengths.fieldnorm_id(doc))] += 1;
            }
        }
        // Every search process does this once per segment and field: without deletions, a
        // plain pass over the codes as stored, one byte per document (a tenth of the cost of
        // reading them one document at a time, which was a tenth of a one-query process).
        None => match segment
            .fieldnorms_readers()
            .get_inner_file()
            .open_read(field)
        {
            Some(file) if file.len() == segment.max_doc() as usize => {
                count_bytes(file.read_bytes()?.as_slice(), &mut counts);
            }
            _ => {
                for doc in 0..segment.max_doc() {
                    counts[usize::from(lengths.fieldnorm_id(doc))] += 1;
                }
            }
        },
    }
    Ok((0..=u8::MAX)
        .zip(counts)
        .map(|(id, n)| n * u64::from(tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(id)))
        .sum())
}

/// Adds the number of times each byte value occurs in `bytes` to `counts`. Four tables, so
/// that runs of one value do not wait on their own increments.
fn count_bytes(bytes: &[u8], counts: &mut [u64; 256]) {
    let mut tables = [[0u32; 256]; 4];
    let mut chunks = bytes.chunks_exact(4);
    for chunk in &mut chunks {
        for (table, &byte) in tables.iter_mut().zip(chunk) {
            table[usize::from(byte)] += 1;
        }
    }
    for &byte in chunks.remainder() {
        tables[0][usize::from(byte)] += 1;
    }
    for table in &tables {
        for (count, &n) in counts.iter_mut().zip(table) {
            *count += u64::from(n);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_byte_value() {
        let bytes: Vec<u8> = (0..1003u32).map(|n| (n * 7 % 11) as u8).collect();
        let mut counts = [0u64; 256];
        count_bytes(&bytes, &mut counts);
        for value in 0..=u8::MAX {
            let expected = bytes.iter().filter(|&&b| b == value).count() as u64;
            assert_eq!(counts[usize::from(value)], expected, "value {value}");
        }
    }

    /// The pass over the stored codes sums what reading them document by document sums.
    #[test]
    fn length_total_reads_the_stored_codes() {
        let article = |n: usize, text: &str| crate::ingest::Article {
            id: format!("a{n}"),
            title: format!("Bài số {n}"),
            date: None,
            source: None,
            url: None,
            passages: vec![text.to_string(), format!("{text} {text}")],
            raw: text.to_string(),
            origin: format!("a{n}.txt"),
        };
        let articles: Vec<_> = (0..30)
            .map(|n| article(n, &"hợp tác kinh tế ".repeat(n % 7 + 1)))
            .collect();
        let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        for segment in searcher.segment_readers() {
            let lengths = segment
                .fieldnorms_readers()
                .get_field(fields.text)
                .unwrap()
                .unwrap();
            let by_doc: u64 = (0..segment.max_doc())
                .map(|doc| u64::from(lengths.fieldnorm(doc)))
                .sum();
            assert!(by_doc > 0);
            assert_eq!(live_length_total(segment, fields.text).unwrap(), by_doc);
        }
    }
}
