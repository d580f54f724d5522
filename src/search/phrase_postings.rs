//! The positions of a phrase's words in one segment, and the occurrences of the phrase in a
//! passage: what the sloppy phrase query ([`super::sloppy`]) matches and scores with, and what
//! whole-article counts ([`super::topic`]) count.
//!
//! Occurrences are counted in query order, with the rule the highlighter uses
//! ([`crate::search::pattern::Pattern::occurrences`]): each word should stand right after the
//! previous one, and every position it stands away from there (before or after) spends one
//! unit of slop.

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, InvertedIndexReader, Term, TERMINATED};

/// The postings of a phrase's words in one segment, in query order, and the occurrences of
/// the phrase where they all stand: for the sloppy phrase scorer and for whole-article counts
/// ([`super::topic`]).
pub(in crate::search) struct PhrasePostings {
    /// Pair-field postings (documents only) that every match is in; rarer than the words,
    /// so they lead when looking for the next candidate.
    pairs: Vec<SegmentPostings>,
    /// One per query word, in query order.
    postings: Vec<SegmentPostings>,
    offsets: Vec<usize>,
    slop: u32,
    /// Positions of each word in the current passage (buffers reused from passage to passage).
    positions: Vec<Vec<u32>>,
}

impl PhrasePostings {
    /// The postings of `terms` (word offset, term) in `inverted`; `None` when a word is not
    /// in the segment. One word is read without positions: its count is its frequency.
    pub fn open(
        inverted: &InvertedIndexReader,
        terms: &[(usize, Term)],
        slop: u32,
    ) -> tantivy::Result<Option<PhrasePostings>> {
        let option = if terms.len() > 1 {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        let mut postings = Vec::with_capacity(terms.len());
        for (_, term) in terms {
            match inverted.read_postings(term, option)? {
                Some(p) => postings.push(p),
                None => return Ok(None),
            }
        }
        Ok(Some(PhrasePostings {
            pairs: Vec::new(),
            positions: vec![Vec::new(); postings.len()],
            postings,
            offsets: terms.iter().map(|(o, _)| *o).collect(),
            slop,
        }))
    }

    /// No phrase: matches nothing.
    pub fn empty() -> Self {
        PhrasePostings {
            pairs: Vec::new(),
            postings: Vec::new(),
            offsets: Vec::new(),
            slop: 0,
            positions: Vec::new(),
        }
    }

    /// Whether there are no words (the phrase matches nothing).
    pub fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    /// Requires every match to be among the passages of `postings` (a pair-field term every
    /// passage holding the phrase holds: rarer than the words, it leads the search).
    pub fn require(&mut self, postings: SegmentPostings) {
        self.pairs.push(postings);
    }

    /// The fewest passages any of the words is in (an upper bound of the matches).
    pub fn size_hint(&self) -> u32 {
        self.postings
            .iter()
            .map(|p| p.size_hint())
            .min()
            .unwrap_or(0)
    }

    /// Occurrences in `doc`, visited in doc order (never before the last doc asked); `None`
    /// once a word has no further passage in the segment.
    pub fn count(&mut self, doc: DocId) -> Option<u32> {
        match self.align(doc) {
            TERMINATED => return None,
            at if at != doc => return Some(0),
            _ => {}
        }
        if let [single] = self.postings.as_slice() {
            return Some(single.term_freq());
        }
        Some(self.occurrences())
    }

    /// Moves every posting list (pairs first) to `candidate` or past it, stopping at the first
    /// that has no passage there: returns `candidate` when all of them hold it, else the
    /// passage (or [`TERMINATED`]) that list stands on, below which nothing matches.
    pub fn align(&mut self, candidate: DocId) -> DocId {
        for postings in self.pairs.iter_mut().chain(&mut self.postings) {
            let doc = if postings.doc() < candidate {
                postings.seek(candidate)
            } else {
                postings.doc()
            };
            if doc != candidate {
                return doc;
            }
        }
        candidate
    }

    /// Occurrences of the phrase in the passage every posting list stands on.
    pub fn occurrences(&mut self) -> u32 {
        for (postings, positions) in self.postings.iter_mut().zip(&mut self.positions) {
            postings.positions(positions);
        }
        count_occurrences(&self.positions, &self.offsets, self.slop)
    }
}

/// How many positions of the first word start an occurrence (see [`walk_occurrences`]).
fn count_occurrences(positions: &[Vec<u32>], offsets: &[usize], slop: u32) -> u32 {
    let mut count = 0;
    walk_occurrences(positions, offsets, slop, |_| count += 1);
    count
}

/// Every occurrence of a phrase, from the positions of each of its words (in query order,
/// each list ascending) and the words' offsets in the phrase: from each position of the first
/// word, every next word is taken at the free position nearest to where it should stand (its
/// offset after the previous word's), the lower one on a tie, while the distances add up to
/// at most `slop`. `found` gets the positions of each complete occurrence, in query order.
/// The index counts phrases with it, and the highlighter finds them with it
/// ([`super::pattern::Pattern::occurrences`]), so both see the same occurrences.
pub(in crate::search) fn walk_occurrences(
    positions: &[Vec<u32>],
    offsets: &[usize],
    slop: u32,
    mut found: impl FnMut(&[u32]),
) {
    let Some((first, rest)) = positions.split_first() else {
        return;
    };
    let mut used: Vec<u32> = Vec::with_capacity(positions.len());
    'starts: for &start in first {
        used.clear();
        used.push(start);
        let mut budget = slop;
        let mut at = start;
        for (k, candidates) in rest.iter().enumerate() {
            let step = offsets[k + 1].saturating_sub(offsets[k]);
            let expected = at.saturating_add(u32::try_from(step).unwrap_or(u32::MAX));
            let next = candidates
                .iter()
                .copied()
                .filter(|p| p.abs_diff(expected) <= budget && !used.contains(p))
                .min_by_key(|p| (p.abs_diff(expected), *p));
            let Some(p) = next else {
                continue 'starts;
            };
            budget -= p.abs_diff(expected);
            at = p;
            used.push(p);
        }
        found(&used);
    }
}

#[cfg(test)]
mod tests {
    use super::count_occurrences;

    #[test]
    fn occurrences_spend_slop_in_query_order() {
        // phát(2) triển(3) kinh(4, 6) tế(5, 7): "phát triển kinh tế kinh tế".
        let positions = [vec![2], vec![3], vec![4, 6], vec![5, 7]];
        let offsets = [0, 1, 2, 3];
        assert_eq!(count_occurrences(&positions, &offsets, 0), 1);
        assert_eq!(count_occurrences(&positions, &offsets, 4), 1);
        // Reversed query words: each swap costs 2.
        let reversed = [vec![5, 7], vec![4, 6], vec![3], vec![2]];
        assert_eq!(count_occurrences(&reversed, &offsets, 4), 0);
        // "hop X X tac" needs a slop of 2; "tac hop" a slop of 2.
        assert_eq!(count_occurrences(&[vec![0], vec![3]], &[0, 1], 1), 0);
        assert_eq!(count_occurrences(&[vec![0], vec![3]], &[0, 1], 2), 1);
        assert_eq!(count_occurrences(&[vec![5], vec![4]], &[0, 1], 2), 1);
        // One word cannot fill two places of the phrase.
        assert_eq!(count_occurrences(&[vec![1], vec![1]], &[0, 1], 3), 0);
    }
}
