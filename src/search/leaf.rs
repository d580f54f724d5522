//! The leaves of a plan: the scored units (a term, a phrase, one expansion of a typo or a
//! prefix, with its weight) whose scores tantivy adds up. A [`Leaf`] wraps each of them for
//! two reasons.
//!
//! **Exact sums.** tantivy adds the scores of a query's parts in an order that depends on the
//! segment (an intersection visits its parts cheapest first, by their document counts in that
//! segment), and float addition is not associative: the same passage could score 7.1234565 in
//! one build and 7.1234570 in another, and two passages that tie on paper would be ordered by
//! rounding noise instead of by the article key. Every leaf's score is therefore rounded to a
//! multiple of [`SCORE_QUANTUM`]: sums of such numbers are exact in `f32` below
//! 2^24 × quantum = 4096, whatever the order of addition (a passage would need hundreds of
//! matched leaves to get there).
//!
//! **No danger seeking.** tantivy 0.27's `PhraseScorer::seek_danger` debug-asserts
//! `target >= doc()` although its intersection may already stand past `target` after an
//! earlier "danger" seek; exclusions (`-"cơ bản"`) and intersections with phrases trip it in
//! debug builds. The wrapped scorer exposes only `advance`/`seek`, so tantivy falls back to
//! the safe default `seek_danger`; [`Probe`] calls the real one where it is safe, and opens
//! a leaf's scorer at its first candidate (tantivy's `Weight::scorer_danger`, through
//! [`ProbeWeight`]) rather than on its first match.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term};

/// Leaf scores are multiples of this (2^-12): fine enough that it never merges scores a
/// reader would tell apart (BM25 of one word is 0.1 to 30), coarse enough that sums of up to
/// 4096 stay exact in an `f32` (24 bits of mantissa = 12 above the point, 12 below).
pub const SCORE_QUANTUM: Score = 1.0 / 4096.0;

/// `score` rounded to the nearest multiple of [`SCORE_QUANTUM`], halves away from zero (exact:
/// scaling by a power of two and rounding lose nothing else).
///
/// Every leaf of every matching passage is rounded, and `f32::round` is a call into libm on
/// baseline x86-64 (4% of a broad query): the rounding is done with an add and a truncation
/// instead, in `f64`, where `|units| + 0.5` is exact. From 2^23 units up an `f32` has no
/// fraction left, and those units (or NaN, or an infinity) are scaled back as they are, which
/// is what rounding them gives.
pub fn quantize(score: Score) -> Score {
    const WHOLE_FROM: f32 = 8_388_608.0; // 2^23
    let units = score / SCORE_QUANTUM;
    if units.is_nan() || units.abs() >= WHOLE_FROM {
        return units * SCORE_QUANTUM;
    }
    // |units| < 2^23: the sum is exact, and truncating it rounds halves up (away from zero).
    let rounded = (f64::from(units.abs()) + 0.5) as i64 as f32;
    rounded.copysign(units) * SCORE_QUANTUM
}

/// Calls `callback` with every match of `scorer` from where it stands, and its score, in
/// doc order: the loop of a weight over its own concrete scorer (tantivy's is not public), so
/// that no match goes through a dynamic call but the callback's.
#[inline]
pub fn for_each_match<S: Scorer>(scorer: &mut S, callback: &mut dyn FnMut(DocId, Score)) {
    let mut doc = scorer.doc();
    while doc != tantivy::TERMINATED {
        callback(doc, scorer.score());
        doc = scorer.advance();
    }
}

/// `scorer` boxed, or the empty scorer when the segment holds nothing it could match.
pub fn boxed_or_empty<S: Scorer>(scorer: Option<S>) -> Box<dyn Scorer> {
    match scorer {
        Some(scorer) => Box::new(scorer),
        None => Box::new(tantivy::query::EmptyScorer),
    }
}

/// `scorer` (on its first match; `None`: the segment holds nothing it could match) moved to
/// `doc`, for a [`Weight::explain`]; an error when `doc` does not match.
pub fn seek_to_explain<S: DocSet>(scorer: Option<S>, doc: DocId) -> tantivy::Result<S> {
    if let Some(mut scorer) = scorer {
        if scorer.doc() <= doc && scorer.seek(doc) == doc {
            return Ok(scorer);
        }
    }
    Err(tantivy::TantivyError::InvalidArgument(format!(
        "document #{doc} does not match"
    )))
}

/// `inner`, matched the same, scored to the nearest multiple of [`SCORE_QUANTUM`], without
/// danger-zone seeking.
#[derive(Debug)]
pub struct Leaf(pub Box<dyn Query>);

impl Clone for Leaf {
    fn clone(&self) -> Self {
        Leaf(self.0.box_clone())
    }
}

impl Query for Leaf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(LeafWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct LeafWeight(Box<dyn Weight>);

impl Weight for LeafWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(LeafScorer(self.0.scorer(reader, boost)?)))
    }

    /// The inner weight's own loop, its scores rounded: tantivy's weights iterate their
    /// concrete scorers (a term's postings block by block) where the default loop would call
    /// through two boxed scorers per match. The same matches in the same order, the same
    /// scores as [`LeafScorer`] gives.
    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.0
            .for_each(reader, &mut |doc, score| callback(doc, quantize(score)))
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.0.for_each_no_score(reader, callback)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.0.explain(reader, doc)?;
        let mut explanation =
            Explanation::new("rounded to a multiple of 2^-12", quantize(inner.value()));
        explanation.add_detail(inner);
        Ok(explanation)
    }
}

struct LeafScorer(Box<dyn Scorer>);

impl DocSet for LeafScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for LeafScorer {
    fn score(&mut self) -> Score {
        quantize(self.0.score())
    }
}

/// A ranking clause ready to be checked at candidates by [`Probe`]s: a [`Leaf`] is opened
/// through its inner weight, so that a phrase can start at the first candidate instead of
/// looking for its first match in the segment (tantivy's [`Weight::scorer_danger`]); any other
/// query through its own weight.
pub struct ProbeWeight {
    weight: Box<dyn Weight>,
    /// Whether `weight` is a [`Leaf`]'s inner weight (its scores are rounded by the probe).
    leaf: bool,
}

impl ProbeWeight {
    pub fn new(query: &dyn Query, scoring: EnableScoring<'_>) -> tantivy::Result<ProbeWeight> {
        Ok(match query.downcast_ref::<Leaf>() {
            Some(leaf) => ProbeWeight {
                weight: leaf.0.weight(scoring)?,
                leaf: true,
            },
            None => ProbeWeight {
                weight: query.weight(scoring)?,
                leaf: false,
            },
        })
    }
}

/// Checks candidates, in increasing doc order, against one scorer of a segment. A [`Leaf`]
/// is checked without scanning ahead: a phrase is verified at the candidate only (tantivy's
/// `seek_danger`), instead of `seek` looking for the next passage where it occurs. Any other
/// scorer (a whole boolean query) is moved with `seek`.
pub struct Probe {
    scorer: Box<dyn Scorer>,
    /// No candidate below this can match; a leaf's scorer may be in tantivy's "danger zone"
    /// (only further `seek_danger` calls allowed) while `floor` is above its `doc()`.
    floor: DocId,
}

impl Probe {
    pub fn new(scorer: Box<dyn Scorer>) -> Self {
        let floor = scorer.doc();
        Probe { scorer, floor }
    }

    /// The probe of `weight` in `reader` for candidates from `first` on.
    ///
    /// A leaf's scorer is made at `first` in the danger zone: a phrase of frequent words (the
    /// "all words close together" boost of `dong xu dau nay`) would otherwise read positions
    /// at every passage holding its words, from the segment's start to its first close
    /// occurrence, to check a few hundred candidates: half of such a query's time.
    pub fn open(
        weight: &ProbeWeight,
        reader: &SegmentReader,
        first: DocId,
    ) -> tantivy::Result<Probe> {
        if !weight.leaf {
            return Ok(Probe::new(weight.weight.scorer(reader, 1.0)?));
        }
        let (found, scorer) = weight.weight.scorer_danger(reader, first, 1.0)?;
        let floor = match found {
            SeekDangerResult::Found => first,
            SeekDangerResult::SeekLowerBound(bound) => bound,
        };
        Ok(Probe {
            scorer: Box::new(LeafScorer(scorer)),
            floor,
        })
    }

    /// The score of `target` if it matches. Targets must increase from call to call.
    pub fn score_at(&mut self, target: DocId) -> Option<Score> {
        if target < self.floor {
            return None;
        }
        let Some(leaf) = self.scorer.downcast_mut::<LeafScorer>() else {
            let doc = self.scorer.seek(target);
            self.floor = doc;
            return (doc == target).then(|| self.scorer.score());
        };
        let inner = leaf.0.as_mut();
        // Positions only move forward: standing past `target` means it is not in the set
        // (and keeps tantivy's `target >= doc()` debug assertion true).
        if inner.doc() > target {
            self.floor = inner.doc();
            return None;
        }
        match inner.seek_danger(target) {
            SeekDangerResult::Found => {
                self.floor = target + 1;
                Some(quantize(inner.score()))
            }
            SeekDangerResult::SeekLowerBound(bound) => {
                self.floor = bound;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Leaf scores as BM25 gives them: idf × a saturating term frequency, with boosts.
    fn raw_scores() -> Vec<Score> {
        (1..60u16)
            .map(|i| {
                let idf = 0.3 + f32::from(i % 7) * 1.37;
                let tf = f32::from(i % 4 + 1);
                idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * f32::from(i % 5 + 1) / 2.6))
                    * [1.0, 0.5, 0.7, 1.5][usize::from(i % 4)]
            })
            .collect()
    }

    fn sums(scores: &[Score]) -> [u32; 3] {
        let forward: Score = scores.iter().sum();
        let backward: Score = scores.iter().rev().sum();
        let (even, odd): (Vec<Score>, Vec<Score>) = scores
            .chunks(2)
            .map(|c| (c[0], c.get(1).copied().unwrap_or(0.0)))
            .unzip();
        let interleaved: Score = even.iter().sum::<Score>() + odd.iter().sum::<Score>();
        [forward.to_bits(), backward.to_bits(), interleaved.to_bits()]
    }

    /// The fast rounding is `f32::round` (halves away from zero) on every kind of value:
    /// halves, values just below and above them, signs, large and special values.
    #[test]
    fn quantize_rounds_like_f32_round() {
        let slow = |s: Score| (s / SCORE_QUANTUM).round() * SCORE_QUANTUM;
        let mut values = vec![
            0.0,
            -0.0,
            SCORE_QUANTUM / 2.0,
            -SCORE_QUANTUM / 2.0,
            1.5 * SCORE_QUANTUM,
            2047.5 / 4096.0,
            f32::MAX,
            f32::MIN_POSITIVE,
            2048.0,
            2048.0 + SCORE_QUANTUM / 2.0,
            4096.0 * 1024.0,
        ];
        for n in 0..20_000u32 {
            let half = (n as f32 + 0.5) * SCORE_QUANTUM;
            values.extend([half, half.next_up(), half.next_down(), n as f32 * 0.001_37]);
        }
        for value in values.iter().flat_map(|&v| [v, -v]) {
            assert_eq!(
                quantize(value).to_bits(),
                slow(value).to_bits(),
                "{value:e}"
            );
        }
        assert!(quantize(f32::NAN).is_nan());
        assert_eq!(quantize(f32::INFINITY), f32::INFINITY);
    }

    #[test]
    fn sums_of_leaf_scores_do_not_depend_on_the_order_of_addition() {
        let raw = raw_scores();
        let [a, b, c] = sums(&raw);
        // Raw floats: the order changes the sum (what made ties flip between builds).
        assert!(a != b || b != c, "the raw sums should differ");
        let quantized: Vec<Score> = raw.iter().map(|&s| quantize(s)).collect();
        let [a, b, c] = sums(&quantized);
        assert_eq!((a, a), (b, c));
        for (raw, q) in raw.iter().zip(&quantized) {
            assert!((raw - q).abs() <= SCORE_QUANTUM / 2.0);
            assert_eq!(q / SCORE_QUANTUM, (q / SCORE_QUANTUM).round());
        }
    }

    /// A leaf's own loop (the inner weight's, rounded) visits the same passages with the
    /// same scores as its scorer, for a term and for a phrase, and its unscored loop the same
    /// passages.
    #[test]
    fn the_loop_of_a_leaf_gives_what_its_scorer_gives() {
        use crate::search::collect::tests::article;
        use tantivy::query::{PhraseQuery, TermQuery};
        use tantivy::schema::IndexRecordOption;

        let articles = [
            article(0, "Tin tức", &["Hợp tác nghề cá.", "Không liên quan."]),
            article(1, "Tin tức", &["Hợp tác giáo dục, hợp tác y tế, hợp tác."]),
            article(
                2,
                "Tin tức",
                &["Mở đầu.", "Tác hợp, hợp tác văn hóa lâu dài."],
            ),
        ];
        let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| Term::from_field_text(fields.text, &format!("\u{1}{w}"));
        let queries: [Box<dyn Query>; 2] = [
            Box::new(TermQuery::new(term("hop"), IndexRecordOption::WithFreqs)),
            Box::new(PhraseQuery::new(vec![term("hop"), term("tac")])),
        ];
        for inner in queries {
            let weight = Leaf(inner)
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .unwrap();
            for segment in searcher.segment_readers() {
                let mut looped = Vec::new();
                weight
                    .for_each(segment, &mut |doc, score| {
                        looped.push((doc, score.to_bits()))
                    })
                    .unwrap();
                let mut scorer = weight.scorer(segment, 1.0).unwrap();
                let mut scored = Vec::new();
                while scorer.doc() != tantivy::TERMINATED {
                    scored.push((scorer.doc(), scorer.score().to_bits()));
                    scorer.advance();
                }
                assert!(scored.len() >= 3, "{scored:?}");
                assert_eq!(looped, scored);
                let mut unscored = Vec::new();
                weight
                    .for_each_no_score(segment, &mut |docs| unscored.extend_from_slice(docs))
                    .unwrap();
                let docs: Vec<DocId> = scored.iter().map(|&(doc, _)| doc).collect();
                assert_eq!(unscored, docs);
            }
        }
    }
}
