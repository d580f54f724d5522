//! A wrapper that keeps tantivy from driving a phrase scorer through `seek_danger`.
//!
//! tantivy 0.27's `PhraseScorer::seek_danger` debug-asserts `target >= doc()` although its
//! intersection may already stand past `target` after an earlier "danger" seek; exclusions
//! (`-"cơ bản"`) and intersections with phrases trip it in debug builds. The wrapped scorer
//! exposes only `advance`/`seek`, so tantivy falls back to the safe default `seek_danger`.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term};

/// `inner`, scored and matched the same, without danger-zone seeking.
#[derive(Debug)]
pub struct Guarded(pub Box<dyn Query>);

impl Clone for Guarded {
    fn clone(&self) -> Self {
        Guarded(self.0.box_clone())
    }
}

impl Query for Guarded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(GuardedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct GuardedWeight(Box<dyn Weight>);

impl Weight for GuardedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(GuardedScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct GuardedScorer(Box<dyn Scorer>);

/// Checks candidates, in increasing doc order, against one scorer of a segment without
/// scanning ahead: a phrase is verified at the candidate only (tantivy's `seek_danger`),
/// instead of `seek` looking for the next passage where it occurs.
pub struct Probe {
    scorer: Box<dyn Scorer>,
    /// No candidate below this can match; the scorer may be in tantivy's "danger zone" (only
    /// further `seek_danger` calls allowed) while `floor` is above its `doc()`.
    floor: DocId,
}

impl Probe {
    pub fn new(scorer: Box<dyn Scorer>) -> Self {
        let floor = scorer.doc();
        Probe { scorer, floor }
    }

    /// The score of `target` if it matches. Targets must increase from call to call.
    pub fn score_at(&mut self, target: DocId) -> Option<Score> {
        if target < self.floor {
            return None;
        }
        let inner: &mut dyn Scorer = match self.scorer.downcast_mut::<GuardedScorer>() {
            Some(guarded) => guarded.0.as_mut(),
            None => self.scorer.as_mut(),
        };
        // Positions only move forward: standing past `target` means it is not in the set
        // (and keeps tantivy's `target >= doc()` debug assertion true).
        if inner.doc() > target {
            self.floor = inner.doc();
            return None;
        }
        match inner.seek_danger(target) {
            SeekDangerResult::Found => {
                self.floor = target + 1;
                Some(inner.score())
            }
            SeekDangerResult::SeekLowerBound(bound) => {
                self.floor = bound;
                None
            }
        }
    }
}

impl DocSet for GuardedScorer {
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

impl Scorer for GuardedScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
