//! How often a word stands beside its neighbours in the query: the context counts of
//! [`super::correct`], memoized, and the bounds that let a count stop early.

use tantivy::query::{EnableScoring, Query as _};
use tantivy::schema::Field;
use tantivy::{DocSet, Term, TERMINATED};

use super::super::plan::phrase_query;
use super::super::stats::Stats;
use super::Slot;
use crate::text::pair_of_terms;
use crate::Result;

/// The two-word phrases `term` makes in `slot`: after the word before, before the word after.
fn sides<'t>(slot: &'t Slot, term: &'t Term) -> impl Iterator<Item = (&'t Term, &'t Term)> {
    [
        slot.before.as_ref().map(|before| (before, term)),
        slot.after.as_ref().map(|after| (term, after)),
    ]
    .into_iter()
    .flatten()
}

/// Phrase counts and pair frequencies, memoized: neighbouring words share their pair, and
/// a candidate's pairs bound both the typed word's count and its own.
pub(super) struct Phrases {
    /// The index's pair field, if any.
    pairs: Option<Field>,
    counts: std::collections::HashMap<(Term, Term), u64>,
    pair_freqs: std::collections::HashMap<(Term, Term), Option<u64>>,
}

impl Phrases {
    /// No counts yet; `pairs` is the index's pair field, if it has one (it only makes
    /// counting faster, and bounds what a count can reach).
    pub(super) fn new(pairs: Option<Field>) -> Self {
        Phrases {
            pairs,
            counts: Default::default(),
            pair_freqs: Default::default(),
        }
    }

    /// Passages with `term` right after the word before it in the query, plus those with
    /// `term` right before the word after it; counting stops at `limit`.
    pub(super) fn context(
        &mut self,
        stats: &Stats<'_>,
        slot: &Slot,
        term: &Term,
        limit: u64,
    ) -> Result<u64> {
        let mut total = 0u64;
        if let Some(before) = &slot.before {
            total += self.count(stats, before, term, limit)?;
        }
        if let Some(after) = &slot.after {
            total += self.count(stats, term, after, limit.saturating_sub(total))?;
        }
        Ok(total.min(limit))
    }

    /// At most how many passages [`Phrases::context`] can count for `term`, from the pair
    /// field alone: a passage with two words side by side holds their pair (when both are
    /// common words), so the pairs' document frequencies bound it. `None` when a pair is not
    /// indexed.
    pub(super) fn bound(&mut self, stats: &Stats<'_>, slot: &Slot, term: &Term) -> Option<u64> {
        sides(slot, term)
            .map(|(first, second)| self.pair_freq(stats, first, second))
            .sum()
    }

    /// At most how many passages [`Phrases::context`] can count for `term`, which is in
    /// `freq` passages: on each side, its pair's passages or `freq`, whichever is fewer.
    pub(super) fn ceiling(
        &mut self,
        stats: &Stats<'_>,
        slot: &Slot,
        term: &Term,
        freq: u64,
    ) -> u64 {
        sides(slot, term)
            .map(|(first, second)| {
                self.pair_freq(stats, first, second)
                    .map_or(freq, |pair| pair.min(freq))
            })
            .sum()
    }

    /// The passages holding the pair of `first` and `second`, if the index has a pair field
    /// and both are common words.
    fn pair_freq(&mut self, stats: &Stats<'_>, first: &Term, second: &Term) -> Option<u64> {
        let pairs = self.pairs;
        *self
            .pair_freqs
            .entry((first.clone(), second.clone()))
            .or_insert_with(|| {
                let pair = pair_of_terms(first.value().as_str()?, second.value().as_str()?)?;
                stats
                    .searcher()
                    .doc_freq(&Term::from_field_text(pairs?, &pair))
                    .ok()
            })
    }

    /// Live passages with `first` right before `second`, or `limit` if there are at least
    /// that many.
    pub(super) fn count(
        &mut self,
        stats: &Stats<'_>,
        first: &Term,
        second: &Term,
        limit: u64,
    ) -> Result<u64> {
        let key = (first.clone(), second.clone());
        if let Some(&known) = self.counts.get(&key) {
            return Ok(known.min(limit));
        }
        let searcher = stats.searcher();
        let phrase = phrase_query(vec![(0, first.clone()), (1, second.clone())], 0, self.pairs);
        let weight = phrase.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut count = 0u64;
        'segments: for segment in searcher.segment_readers() {
            let alive = segment.alive_bitset();
            let mut matches = weight.scorer(segment, 1.0)?;
            let mut doc = matches.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    count += 1;
                    if count >= limit {
                        break 'segments;
                    }
                }
                doc = matches.advance();
            }
        }
        // Only exact counts are worth remembering.
        if count < limit {
            self.counts.insert(key, count);
        }
        Ok(count)
    }
}
