//! Phrases with slop (`"hop tac"~2`, the "all query words close together" boost), matched
//! and counted in query order.
//!
//! tantivy 0.27's phrase scorer intersects the words' postings cheapest first, in each
//! segment, and its slop algorithm walks them in that order. For an exact phrase the order
//! does not matter, but with slop the walk is order-dependent: the same passage counted one
//! occurrence in one build and two in another (or matched in one and not the other), depending
//! on which word was rarer in its segment. This query walks the words in the order they were
//! typed ([`super::phrase_postings`]: the rule the highlighter uses). Its score is BM25 of the
//! phrase like tantivy's (the words' idf summed, the occurrence count as frequency).
//!
//! It also finds exact phrases (slop 0) through the index's pair field
//! ([`crate::text::pair_analyzer`]) when the index has one: the passages holding every pair
//! of the phrase's adjacent words are intersected first, and the words' positions are read at
//! those passages only. Frequent syllables make rare phrases (`cùng ở`: two words in tens of
//! thousands of passages, side by side in about a hundred); their pairs list those passages
//! directly. The pairs are folded, so they only narrow the candidates: matches and counts
//! come from the words, and are the same with or without pairs. The one exception is a
//! phrase of two unaccented words, which is its pair ([`super::pair_phrase`]).

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

use super::leaf::seek_to_explain;
use super::pair_phrase::{is_its_pair, PairPhraseWeight};
use super::phrase_postings::PhrasePostings;

/// Passages where `terms` (word offset, term) stand in order, `slop` moves allowed in all.
#[derive(Debug, Clone)]
pub struct SloppyPhraseQuery {
    terms: Vec<(usize, Term)>,
    slop: u32,
    /// Pair-field terms that every matching passage holds (see the module doc).
    pairs: Vec<Term>,
}

impl SloppyPhraseQuery {
    /// `terms` must be in query order, all of one field, two or more.
    pub fn new(terms: Vec<(usize, Term)>, slop: u32) -> Self {
        SloppyPhraseQuery {
            terms,
            slop,
            pairs: Vec::new(),
        }
    }

    /// The same query, looking for its passages among those that hold all of `pairs`: terms
    /// of the pair field that every passage matching the phrase holds (with slop 0, the
    /// [`crate::text::pair_of_terms`] of each two adjacent words).
    pub fn with_pairs(mut self, pairs: Vec<Term>) -> Self {
        self.pairs = pairs;
        self
    }
}

impl Query for SloppyPhraseQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let terms: Vec<Term> = self.terms.iter().map(|(_, t)| t.clone()).collect();
                Some(Bm25Weight::for_terms(statistics_provider, &terms)?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        let schema = enable_scoring.schema();
        if let (0, Some(pair), Some((_, first))) =
            (self.slop, self.pairs.first(), self.terms.first())
        {
            if is_its_pair(schema, &self.terms, &self.pairs) {
                return Ok(Box::new(PairPhraseWeight {
                    pair: pair.clone(),
                    field: first.field(),
                    bm25,
                }));
            }
        }
        Ok(Box::new(SloppyWeight {
            query: self.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, term) in &self.terms {
            visitor(term, true);
        }
    }
}

struct SloppyWeight {
    query: SloppyPhraseQuery,
    bm25: Option<Bm25Weight>,
}

impl SloppyWeight {
    /// The scorer of `reader` before it looked for its first match: standing on passage 0 as
    /// a bound, not as a match (the state a failed [`DocSet::seek_danger`] leaves), so only
    /// `advance`, `seek` and `seek_danger` may be called first.
    fn unsettled_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<SloppyScorer> {
        let Some((_, first)) = self.query.terms.first() else {
            return Ok(SloppyScorer::empty());
        };
        let field = first.field();
        let lengths = match (&self.bm25, reader.fieldnorms_readers().get_field(field)?) {
            (Some(_), Some(lengths)) => lengths,
            _ => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let inverted = reader.inverted_index(field)?;
        let Some(mut phrase) = PhrasePostings::open(&inverted, &self.query.terms, self.query.slop)?
        else {
            return Ok(SloppyScorer::empty());
        };
        if let Some(first) = self.query.pairs.first() {
            let inverted = reader.inverted_index(first.field())?;
            for pair in &self.query.pairs {
                match inverted.read_postings(pair, IndexRecordOption::Basic)? {
                    Some(postings) => phrase.require(postings),
                    None => return Ok(SloppyScorer::empty()),
                }
            }
        }
        Ok(SloppyScorer {
            phrase,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
            lengths,
            doc: 0,
            matched: false,
            count: 0,
        })
    }

    /// The scorer of `reader`, on its first match.
    fn sloppy_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<SloppyScorer> {
        let mut scorer = self.unsettled_scorer(reader, boost)?;
        scorer.settle(0);
        Ok(scorer)
    }
}

impl Weight for SloppyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.sloppy_scorer(reader, boost)?))
    }

    /// Checks `target` alone: the first match may be far away (frequent words, rarely close
    /// together), and a probe of a few candidates never needs it.
    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        let mut scorer = self.unsettled_scorer(reader, boost)?;
        let found = scorer.seek_danger(target);
        Ok((found, Box::new(scorer)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = seek_to_explain(Some(self.sloppy_scorer(reader, 1.0)?), doc)?;
        let mut explanation = Explanation::new("sloppy phrase, in query order", scorer.score());
        if let Some(bm25) = &self.bm25 {
            explanation.add_detail(bm25.explain(scorer.lengths.fieldnorm_id(doc), scorer.count));
        }
        Ok(explanation)
    }
}

struct SloppyScorer {
    phrase: PhrasePostings,
    bm25: Option<Bm25Weight>,
    lengths: FieldNormReader,
    /// The current match; after a [`DocSet::seek_danger`] that found none, a bound below
    /// which there is none.
    doc: DocId,
    /// Whether `doc` is a match (not only a bound).
    matched: bool,
    /// Occurrences of the phrase in `doc`.
    count: u32,
}

impl SloppyScorer {
    fn empty() -> Self {
        SloppyScorer {
            phrase: PhrasePostings::empty(),
            bm25: None,
            lengths: FieldNormReader::constant(0, 1),
            doc: TERMINATED,
            matched: false,
            count: 0,
        }
    }

    /// Moves to the first passage at or after `candidate` that holds every word and the
    /// phrase within the slop.
    fn settle(&mut self, mut candidate: DocId) -> DocId {
        if self.phrase.is_empty() {
            self.doc = TERMINATED;
            return TERMINATED;
        }
        while candidate != TERMINATED {
            let doc = self.phrase.align(candidate);
            if doc != candidate {
                candidate = doc;
                continue;
            }
            self.count = self.phrase.occurrences();
            if self.count > 0 {
                break;
            }
            candidate += 1;
        }
        self.doc = candidate;
        self.matched = candidate != TERMINATED;
        candidate
    }
}

impl DocSet for SloppyScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let next = if self.matched { self.doc + 1 } else { self.doc };
        self.settle(next)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.matched && target <= self.doc {
            return self.doc;
        }
        self.settle(target.max(self.doc))
    }

    /// Checks `target` alone, without looking for the next match past it (what a
    /// [`super::leaf::Probe`] of ranking candidates needs).
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target == TERMINATED || target < self.doc || self.doc == TERMINATED {
            return SeekDangerResult::SeekLowerBound(self.doc.max(target));
        }
        if self.matched && target == self.doc {
            return SeekDangerResult::Found;
        }
        let doc = self.phrase.align(target);
        self.doc = doc;
        self.matched = false;
        if doc != target {
            return SeekDangerResult::SeekLowerBound(doc);
        }
        self.count = self.phrase.occurrences();
        if self.count == 0 {
            self.doc = target + 1;
            return SeekDangerResult::SeekLowerBound(target + 1);
        }
        self.matched = true;
        SeekDangerResult::Found
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.phrase.size_hint()
    }
}

impl Scorer for SloppyScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.lengths.fieldnorm_id(self.doc), self.count),
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::search::collect::tests::article;
    use crate::search::leaf::{Probe, ProbeWeight};
    use crate::search::stats::{LengthTotals, Stats};
    use crate::search::{plan, query, AccentMode, SearchOptions};
    use tantivy::{DocSet, TERMINATED};

    /// A probe opened at a candidate (the phrase not looking for its first match) scores each
    /// passage as the scorer walking all matches from the segment's start does, wherever the
    /// first candidate lies: before the first match, on one, between two, past the last.
    #[test]
    fn probes_opened_anywhere_agree_with_the_full_walk() {
        let passages = [
            "Khoa học không liên quan.",
            "Tác phẩm hợp lý về khoa học.",
            "Hợp tác khoa học giữa hai viện.",
            "Hợp tác trong lĩnh vực nghiên cứu khoa học.",
            "Không có từ nào.",
            "Khoa học và hợp tác, theo thứ tự khác.",
            "Hợp tác về khoa học, hợp tác khoa học.",
            "Hợp tác kinh tế.",
        ];
        let articles: Vec<_> = passages
            .iter()
            .enumerate()
            .map(|(n, text)| article(n, "Tin tức", &[text]))
            .collect();
        let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let lengths = LengthTotals::default();
        let mut stats = Stats::new(&searcher, &lengths);
        let text = "hop tac khoa hoc";
        let parsed = query::parse(text).unwrap();
        let options = SearchOptions::new(text);
        let planned = plan::plan(&parsed, AccentMode::Auto, &options, &mut stats, &fields).unwrap();
        let reader = searcher.segment_reader(0);
        let docs = reader.max_doc();
        let mut phrases = 0;
        for boost in &planned.boosts {
            let weight = boost.weight(stats.scoring()).unwrap();
            let mut walk = vec![None; docs as usize];
            let mut scorer = weight.scorer(reader, 1.0).unwrap();
            while scorer.doc() != TERMINATED {
                walk[scorer.doc() as usize] = Some(scorer.score());
                scorer.advance();
            }
            phrases += usize::from(walk.iter().flatten().count() < passages.len() / 2);
            let probed = ProbeWeight::new(boost.as_ref(), stats.scoring()).unwrap();
            for first in 0..docs {
                let mut probe = Probe::open(&probed, reader, first).unwrap();
                let seen: Vec<_> = (first..docs).map(|doc| probe.score_at(doc)).collect();
                assert_eq!(seen, walk[first as usize..], "{boost:?} from {first}");
            }
        }
        // The adjacent pairs and the near phrase, besides the title words.
        assert!(phrases >= 3, "{phrases}");
    }
}
