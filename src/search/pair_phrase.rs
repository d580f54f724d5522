//! An exact phrase of two unaccented common words (`"sau khi"`, or the adjacency boost of
//! `hop tac`), read from its pair alone.
//!
//! The pair field ([`crate::text::pair_analyzer`]) holds, for each two adjacent common words
//! of a passage, their folded pair, numbered as the text's positions number them. A phrase of
//! two folded words is therefore exactly where its pair stands, and since the pair field
//! counts its terms (indexes built since the field has frequencies), as many times: the
//! phrase's BM25 (the words' idf summed, the text's length, the occurrence count) is computed
//! from the pair's postings without reading a position. [`super::sloppy`] uses this weight
//! for such a phrase; for any other (accented words, three words, slop) the pairs only narrow
//! the candidates and the words' positions decide.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, Explanation, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption, Schema};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

use super::leaf::{boxed_or_empty, for_each_match, seek_to_explain};
use crate::text::FOLDED_PREFIX;

/// Whether the phrase `terms` (offset, term), exact, found among the passages holding
/// `pairs`, is the phrase of its one pair: two folded words side by side whose pair field
/// counts its terms.
pub fn is_its_pair(schema: &Schema, terms: &[(usize, Term)], pairs: &[Term]) -> bool {
    let ([(first, a), (second, b)], [pair]) = (terms, pairs) else {
        return false;
    };
    let folded = |t: &Term| {
        t.value()
            .as_str()
            .is_some_and(|s| s.starts_with(FOLDED_PREFIX))
    };
    let counted = match schema.get_field_entry(pair.field()).field_type() {
        tantivy::schema::FieldType::Str(options) => options
            .get_indexing_options()
            .is_some_and(|i| i.index_option().has_freq()),
        _ => false,
    };
    *second == first + 1 && folded(a) && folded(b) && counted
}

/// The weight of such a phrase: its pair's postings, scored with `bm25` (the phrase's, from
/// its words) over the lengths of the words' `field`.
pub struct PairPhraseWeight {
    pub pair: Term,
    pub field: Field,
    pub bm25: Option<Bm25Weight>,
}

impl PairPhraseWeight {
    /// The pair's scorer in `reader`, or `None` when the segment does not hold the pair.
    fn pair_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<PairScorer>> {
        let inverted = reader.inverted_index(self.pair.field())?;
        let Some(postings) = inverted.read_postings(&self.pair, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        let lengths = match (
            &self.bm25,
            reader.fieldnorms_readers().get_field(self.field)?,
        ) {
            (Some(_), Some(lengths)) => lengths,
            _ => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(PairScorer {
            postings,
            lengths,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
        }))
    }
}

impl Weight for PairPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(boxed_or_empty(self.pair_scorer(reader, boost)?))
    }

    /// The loop over the pair's postings, without a dynamic call per match.
    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        if let Some(mut scorer) = self.pair_scorer(reader, 1.0)? {
            for_each_match(&mut scorer, callback);
        }
        Ok(())
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = seek_to_explain(self.pair_scorer(reader, 1.0)?, doc)?;
        let mut explanation = Explanation::new("phrase, counted by its pair", scorer.score());
        if let Some(bm25) = &self.bm25 {
            let length = scorer.lengths.fieldnorm_id(doc);
            explanation.add_detail(bm25.explain(length, scorer.postings.term_freq()));
        }
        Ok(explanation)
    }
}

/// The passages of a pair, scored as the phrase.
struct PairScorer {
    postings: SegmentPostings,
    lengths: FieldNormReader,
    bm25: Option<Bm25Weight>,
}

impl DocSet for PairScorer {
    #[inline]
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for PairScorer {
    #[inline]
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(
                self.lengths.fieldnorm_id(self.postings.doc()),
                self.postings.term_freq(),
            ),
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::collect::tests::article;
    use crate::search::sloppy::SloppyPhraseQuery;
    use crate::text::folded_term;
    use tantivy::query::{EnableScoring, Query};

    /// A phrase of two unaccented words read from its pair matches the passages, with the
    /// same score bits, that reading the words' positions gives: every spelling, across
    /// punctuation, twice in a passage, and not where the words stand apart or reversed.
    #[test]
    fn a_pair_scores_its_phrase_as_the_positions_do() {
        let articles = [
            article(
                0,
                "Tin",
                &["Sau khi mưa, trời sáng.", "Khi sau này ta gặp lại."],
            ),
            article(
                1,
                "Tin",
                &["Sáu khi nào? Sau, khi đó; sau khi về nhà, sau khi ăn."],
            ),
            article(2, "Tin", &["Sau đó khi về.", "Một câu không có cặp từ ấy."]),
        ];
        let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let word = |w: &str| Term::from_field_text(fields.text, &folded_term(w));
        let terms = vec![(0, word("sau")), (1, word("khi"))];
        let pairs = fields.pairs.expect("a new index has a pair field");
        let pair = Term::from_field_text(pairs, "sau khi");
        let positions = SloppyPhraseQuery::new(terms.clone(), 0)
            .weight(scoring)
            .unwrap();
        let paired = SloppyPhraseQuery::new(terms.clone(), 0)
            .with_pairs(vec![pair.clone()])
            .weight(scoring)
            .unwrap();
        assert!(is_its_pair(searcher.schema(), &terms, &[pair]));
        let segment = searcher.segment_reader(0);
        let all = |weight: &dyn Weight| {
            let mut out = Vec::new();
            weight
                .for_each(segment, &mut |doc, score| out.push((doc, score.to_bits())))
                .unwrap();
            out
        };
        let want = all(positions.as_ref());
        // a0 p0 once; a1 p0 three times ("Sáu khi", "Sau, khi", twice "sau khi").
        assert_eq!(want.iter().map(|&(doc, _)| doc).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(all(paired.as_ref()), want);
        let explained = paired.explain(segment, 2).unwrap();
        assert!(format!("{explained:?}").contains("counted by its pair"));
        assert_eq!(explained.value().to_bits(), want[1].1);
        // An accented word is not its pair's: the pair is folded, the word is not.
        let accented = vec![
            (0, word("sau")),
            (1, Term::from_field_text(fields.text, "khi")),
        ];
        let pair = Term::from_field_text(pairs, "sau khi");
        assert!(!is_its_pair(searcher.schema(), &accented, &[pair]));
    }
}
