//! The passages holding every one of several plain words (`hop tac`, `nam bộ`, unquoted):
//! the core of most multi-word queries.
//!
//! As a BooleanQuery of MUST [`Leaf`](super::leaf::Leaf)s it is an intersection of boxed
//! leaf scorers, each around a boxed term scorer: every step of every word's postings and
//! every score went through two dynamic calls. tantivy specializes intersections of its own
//! term scorer, which is not public, so this query does the same with its own: each word is
//! its postings, its field norms and its BM25 weight, built and scored exactly as tantivy's
//! `TermQuery` does and rounded as a leaf rounds ([`quantize`]). The same passages, the same
//! score bits (sums of rounded scores do not depend on the order of addition), without the
//! dynamic calls.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::leaf::{boxed_or_empty, for_each_match, quantize, seek_to_explain};

/// The passages holding all of `terms` (two or more), scored as the sum of each term's
/// rounded BM25: what a BooleanQuery of MUST `Leaf(TermQuery)` clauses gives, with the
/// terms' frequencies.
#[derive(Debug, Clone)]
pub struct TermConjunction {
    terms: Vec<Term>,
}

impl TermConjunction {
    /// The conjunction of `terms`. Panics on fewer than two: one term is a `TermQuery`.
    pub fn new(terms: Vec<Term>) -> TermConjunction {
        assert!(terms.len() >= 2, "a conjunction of {} terms", terms.len());
        TermConjunction { terms }
    }
}

impl Query for TermConjunction {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // As tantivy's TermQuery weighs one term (`TermQuery::specialized_weight`).
        let similarities = self
            .terms
            .iter()
            .map(|term| match scoring {
                EnableScoring::Enabled {
                    statistics_provider,
                    ..
                } => Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term)),
                // Unscored: any weight will do, no score is read.
                EnableScoring::Disabled { .. } => Ok(Bm25Weight::for_one_term(1, 1, 1.0)),
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(ConjunctionWeight {
            terms: self.terms.iter().cloned().zip(similarities).collect(),
            scoring: scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

struct ConjunctionWeight {
    terms: Vec<(Term, Bm25Weight)>,
    scoring: bool,
}

impl ConjunctionWeight {
    /// The conjunction in `reader`, or `None` when a term is not in the segment.
    fn conjunction(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<Conjunction>> {
        let record = if self.scoring {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let mut words = Vec::with_capacity(self.terms.len());
        for (term, similarity) in &self.terms {
            let inverted = reader.inverted_index(term.field())?;
            let Some(info) = inverted.get_term_info(term)? else {
                return Ok(None);
            };
            // As tantivy's TermWeight: the field's norms when scoring, else a constant.
            let norms = match self.scoring {
                true => reader.fieldnorms_readers().get_field(term.field())?,
                false => None,
            };
            words.push(Word {
                postings: inverted.read_postings_from_terminfo(&info, record)?,
                norms: norms.unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)),
                similarity: similarity.boost_by(boost),
            });
        }
        Ok(Some(Conjunction::new(words)))
    }
}

impl Weight for ConjunctionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(boxed_or_empty(self.conjunction(reader, boost)?))
    }

    /// The loop over the concrete conjunction: no dynamic call per match.
    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        if let Some(mut conjunction) = self.conjunction(reader, 1.0)? {
            for_each_match(&mut conjunction, callback);
        }
        Ok(())
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut conjunction = seek_to_explain(self.conjunction(reader, 1.0)?, doc)?;
        let mut explanation = Explanation::new("sum of", conjunction.score());
        for word in &conjunction.words {
            let bm25 = word.explain(doc);
            let mut rounded =
                Explanation::new("rounded to a multiple of 2^-12", quantize(bm25.value()));
            rounded.add_detail(bm25);
            explanation.add_detail(rounded);
        }
        Ok(explanation)
    }
}

/// One word of a conjunction in a segment: what tantivy's term scorer holds.
struct Word {
    postings: SegmentPostings,
    norms: FieldNormReader,
    similarity: Bm25Weight,
}

impl Word {
    /// BM25 at the current document, rounded (tantivy's `TermScorer::score`, then a leaf's
    /// rounding).
    #[inline]
    fn score(&self) -> Score {
        let norm = self.norms.fieldnorm_id(self.postings.doc());
        quantize(self.similarity.score(norm, self.postings.term_freq()))
    }

    fn explain(&self, doc: DocId) -> Explanation {
        self.similarity
            .explain(self.norms.fieldnorm_id(doc), self.postings.term_freq())
    }
}

/// The intersection of two or more words' postings, rarest first: the rarest proposes a
/// candidate, the others seek it, and whichever stands past it proposes the next.
struct Conjunction {
    words: Vec<Word>,
}

impl Conjunction {
    fn new(mut words: Vec<Word>) -> Conjunction {
        words.sort_by_key(|word| word.postings.doc_freq());
        let mut conjunction = Conjunction { words };
        // No word may stand past a candidate (`align` seeks them forward only): start at the
        // latest first document.
        let latest = conjunction.words.iter().map(|w| w.postings.doc()).max();
        let first = conjunction.rarest().seek(latest.unwrap_or(TERMINATED));
        conjunction.align(first);
        conjunction
    }

    fn rarest(&mut self) -> &mut SegmentPostings {
        &mut self.words[0].postings
    }

    /// Moves every word to the first document at or after `candidate` (where the rarest
    /// word stands, and no other stands past) that holds them all, and returns it (or
    /// `TERMINATED`).
    #[inline]
    fn align(&mut self, mut candidate: DocId) -> DocId {
        'candidates: loop {
            for other in 1..self.words.len() {
                let doc = self.words[other].postings.seek(candidate);
                if doc > candidate {
                    candidate = self.rarest().seek(doc);
                    continue 'candidates;
                }
            }
            return candidate;
        }
    }
}

impl DocSet for Conjunction {
    #[inline]
    fn advance(&mut self) -> DocId {
        let candidate = self.rarest().advance();
        self.align(candidate)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let candidate = self.rarest().seek(target);
        self.align(candidate)
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.words[0].postings.doc()
    }

    /// At most the rarest word's passages.
    fn size_hint(&self) -> u32 {
        self.words[0].postings.size_hint()
    }
}

impl Scorer for Conjunction {
    #[inline]
    fn score(&mut self) -> Score {
        self.words.iter().map(Word::score).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::leaf::Leaf;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};

    /// A conjunction matches the passages a BooleanQuery of MUST term leaves matches, with
    /// the same score bits, through its scorer, its loop, its seek and its count, in every
    /// segment of an index of several.
    #[test]
    fn a_conjunction_is_the_boolean_query_of_its_leaves() {
        use crate::search::collect::tests::article;
        let articles = [
            article(
                0,
                "Tin",
                &["Hợp tác nghề cá với tỉnh bạn.", "Tác giả viết về hợp đồng."],
            ),
            article(
                1,
                "Tin",
                &["Hợp tác, hợp tác và hợp tác: ba lần trong một câu dài."],
            ),
            article(
                2,
                "Tin",
                &["Chỉ có hợp.", "Chỉ có tác.", "Tác hợp là một từ khác."],
            ),
            article(3, "Tin", &["Hai bên ký văn bản hợp tác về giáo dục nghề."]),
        ];
        // Two segments, so that the words' rarity differs from one to the other.
        let dir = tempfile::tempdir().unwrap();
        let (index, fields) = crate::index::open_or_create(dir.path()).unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for batch in articles.chunks(2) {
            for article in batch {
                for document in crate::index::passage_documents(&fields, article, 0) {
                    writer.add_document(document).unwrap();
                }
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let term = |w: &str| Term::from_field_text(fields.text, &format!("\u{1}{w}"));
        for words in [
            vec!["hop", "tac"],
            vec!["tac", "nghe", "hop"],
            vec!["hop", "xyz"],
        ] {
            let terms: Vec<Term> = words.iter().map(|w| term(w)).collect();
            let leaves = BooleanQuery::new(
                terms
                    .iter()
                    .map(|t| {
                        let leaf = Leaf(Box::new(TermQuery::new(
                            t.clone(),
                            IndexRecordOption::WithFreqs,
                        )));
                        (Occur::Must, Box::new(leaf) as Box<dyn Query>)
                    })
                    .collect(),
            );
            let scoring = EnableScoring::enabled_from_searcher(&searcher);
            let expected = leaves.weight(scoring).unwrap();
            let conjunction = TermConjunction::new(terms).weight(scoring).unwrap();
            let mut matched = 0;
            for segment in searcher.segment_readers() {
                let all = |weight: &dyn Weight| {
                    let mut scorer = weight.scorer(segment, 1.0).unwrap();
                    let mut out = Vec::new();
                    while scorer.doc() != TERMINATED {
                        out.push((scorer.doc(), scorer.score().to_bits()));
                        scorer.advance();
                    }
                    out
                };
                let want = all(expected.as_ref());
                assert_eq!(all(conjunction.as_ref()), want, "{words:?}");
                let mut looped = Vec::new();
                conjunction
                    .for_each(segment, &mut |doc, score| {
                        looped.push((doc, score.to_bits()))
                    })
                    .unwrap();
                assert_eq!(looped, want, "{words:?}");
                assert_eq!(conjunction.count(segment).unwrap() as usize, want.len());
                for &(doc, _) in &want {
                    let mut scorer = conjunction.scorer(segment, 1.0).unwrap();
                    assert_eq!(scorer.seek(doc), doc);
                    let explained = conjunction.explain(segment, doc).unwrap();
                    assert_eq!(explained.value().to_bits(), scorer.score().to_bits());
                }
                matched += want.len();
            }
            let expected_matches = match words.as_slice() {
                ["hop", "tac"] => 5,
                ["tac", "nghe", "hop"] => 2,
                _ => 0,
            };
            assert_eq!(matched, expected_matches, "{words:?}");
        }
    }
}
