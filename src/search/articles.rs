//! Articles as the unit of ranking: the evidence of an article's matching passages, and the
//! article score drawn from it.
//!
//! People look for articles about a thing. A passage that mentions it once, in passing, can
//! outscore every passage of an article about it (BM25 favours short passages), so passages
//! are not ranked on their own: every matching passage is evidence for its article, and
//! articles are ranked by an [`ArticleScore`] of their best passages:
//!
//! `score = s1 + s2 / 2 + s3 / 4` (the article's best passage scores, best first)
//!
//! The best passage counts in full, so an article never ranks below its best passage alone;
//! each further matching passage counts half as much as the one before (an article's score is
//! at most 1.75× its best passage's), so an article with the subject in several passages
//! beats one that mentions it once, but a long article repeating a word cannot run away with
//! the ranking. The weights are powers of two: with scores that are multiples of
//! [`super::leaf::SCORE_QUANTUM`], the sum is exact in `f32`, so equal evidence gives equal
//! scores on every build.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::DocAddress;

use super::order::Ranked;
use crate::ingest::Fingerprint;

/// How many of an article's best passages its score counts (and are kept while scanning):
/// a fourth would add at most 1/8 of the best passage's score.
pub const COUNTED_PASSAGES: usize = 3;

/// The evidence of one article: how many of its passages match, and the best of them. Kept
/// small (88 bytes): a broad query builds one per matching article, in a hash map.
#[derive(Debug, Clone, Copy)]
pub struct Evidence {
    key: u64,
    day: i64,
    /// The article's near-duplicate fingerprint as stored (`[0, 0]`: none, or not read).
    print: [u64; 2],
    /// Matching passages of the article (all of them, not only those kept).
    pub matches: u32,
    kept: u8,
    /// The best passages, best first (`kept` of them).
    best: [Kept; COUNTED_PASSAGES],
}

/// A kept passage: what [`Ranked`] holds beyond the article's key and day.
#[derive(Debug, Clone, Copy)]
struct Kept {
    address: DocAddress,
    score: f32,
    /// The passage number (an article has far fewer than 2^32 passages).
    passage: u32,
}

impl Kept {
    fn of(passage: &Ranked) -> Kept {
        Kept {
            address: passage.address,
            score: passage.score,
            passage: u32::try_from(passage.passage).unwrap_or(u32::MAX),
        }
    }

    /// Better first: score, then reading order (as [`within`]).
    fn order(&self, other: &Kept) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.passage.cmp(&other.passage))
            .then_with(|| self.address.cmp(&other.address))
    }
}

impl Evidence {
    /// The evidence of one matching passage.
    pub fn new(first: Ranked) -> Self {
        Evidence {
            key: first.key,
            day: first.day,
            print: [0, 0],
            matches: 1,
            kept: 1,
            best: [Kept::of(&first); COUNTED_PASSAGES],
        }
    }

    /// Adds a matching passage of the same article.
    pub fn add(&mut self, passage: Ranked) {
        self.matches = self.matches.saturating_add(1);
        let candidate = Kept::of(&passage);
        let kept = usize::from(self.kept);
        let at = self.best[..kept]
            .iter()
            .position(|p| candidate.order(p) == Ordering::Less)
            .unwrap_or(kept);
        if at == COUNTED_PASSAGES {
            return;
        }
        let end = kept.min(COUNTED_PASSAGES - 1);
        self.best.copy_within(at..end, at + 1);
        self.best[at] = candidate;
        self.kept = u8::try_from((kept + 1).min(COUNTED_PASSAGES)).unwrap_or(u8::MAX);
    }

    /// The best passages, best first.
    pub fn best(&self) -> Vec<Ranked> {
        self.best[..usize::from(self.kept)]
            .iter()
            .map(|p| Ranked {
                address: p.address,
                score: p.score,
                day: self.day,
                key: self.key,
                passage: u64::from(p.passage),
            })
            .collect()
    }

    /// Gives each kept passage the score `rescored` has for it (those it has) and puts them
    /// back in order.
    pub fn rescore(&mut self, rescored: impl Fn(DocAddress) -> Option<f32>) {
        let kept = usize::from(self.kept);
        for passage in &mut self.best[..kept] {
            if let Some(score) = rescored(passage.address) {
                passage.score = score;
            }
        }
        self.best[..kept].sort_unstable_by(Kept::order);
    }

    /// The article's score (see the module documentation).
    pub fn score(&self) -> f32 {
        self.best[..usize::from(self.kept)]
            .iter()
            .zip([1.0, 0.5, 0.25])
            .map(|(p, weight)| p.score * weight)
            .sum()
    }

    /// Sets the article's key and day (a run is gathered before they are read).
    pub fn identify(&mut self, key: u64, day: i64) {
        self.key = key;
        self.day = day;
    }

    /// Records the article's fingerprint (read once, with its first matching passage).
    pub fn set_print(&mut self, print: Option<Fingerprint>) {
        self.print = print.map_or([0, 0], Fingerprint::to_words);
    }

    /// The article's fingerprint, if it has one and it was read.
    pub fn print(&self) -> Option<Fingerprint> {
        Fingerprint::from_words(self.print)
    }

    /// The article's key.
    pub fn key(&self) -> u64 {
        self.key
    }

    /// The article's day in the date order (the same for all its passages).
    pub fn day(&self) -> i64 {
        self.day
    }

    /// The address of its best passage (the last tie-break between articles).
    pub fn first_address(&self) -> DocAddress {
        self.best[0].address
    }
}

/// Order of two passages of one article: better score first, then reading order.
pub fn within(a: &Ranked, b: &Ranked) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.passage.cmp(&b.passage))
        .then_with(|| a.address.cmp(&b.address))
}

/// An article in the ranking.
#[derive(Debug, Clone, Copy)]
pub struct RankedArticle {
    pub score: f32,
    pub evidence: Evidence,
    /// Whether the boosts were added to its kept passages (it was in the rescoring pool).
    pub boosted: bool,
}

impl RankedArticle {
    pub fn new(evidence: Evidence) -> Self {
        RankedArticle {
            score: evidence.score(),
            evidence,
            boosted: false,
        }
    }
}

/// The lowest score an article needs to be among the best `keep` seen so far, by relevance:
/// a min-heap of the best `keep` scores. An article that scores below the `keep`-th best
/// already seen cannot be among the best `keep` in the end (scores are exact when an article
/// is offered, and the floor only rises), so it need not be kept; one that ties is kept, for
/// the article key to decide.
pub struct ScoreFloor {
    keep: usize,
    best: BinaryHeap<Reverse<TotalScore>>,
}

impl ScoreFloor {
    /// A floor for the best `keep` articles (`usize::MAX`: every article is admitted).
    pub fn new(keep: usize) -> Self {
        ScoreFloor {
            keep,
            best: BinaryHeap::new(),
        }
    }

    /// Whether an article of `score` can still be among the best.
    #[inline]
    pub fn admits(&self, score: f32) -> bool {
        self.best.len() < self.keep
            || self
                .best
                .peek()
                .is_none_or(|Reverse(lowest)| score >= lowest.0)
    }

    /// Records the score of a kept article.
    pub fn insert(&mut self, score: f32) {
        if self.keep == usize::MAX {
            return;
        }
        self.best.push(Reverse(TotalScore(score)));
        if self.best.len() > self.keep {
            self.best.pop();
        }
    }
}

/// A score ordered by [`f32::total_cmp`], for the heap.
#[derive(Debug, Clone, Copy)]
struct TotalScore(f32);

impl PartialEq for TotalScore {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for TotalScore {}

impl PartialOrd for TotalScore {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TotalScore {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Puts the best `n` of `articles` first, in order (the rest after them, in no order).
pub fn best_first(articles: &mut [RankedArticle], n: usize) {
    if n == 0 {
        return;
    }
    if n < articles.len() {
        articles.select_nth_unstable_by(n - 1, better_article);
    }
    articles[..n].sort_unstable_by(better_article);
}

/// Better article first: day (date order only; 0 otherwise), score, then article key, so
/// that ties are broken the same way on every build.
pub fn better_article(a: &RankedArticle, b: &RankedArticle) -> Ordering {
    b.evidence
        .day()
        .cmp(&a.evidence.day())
        .then_with(|| b.score.total_cmp(&a.score))
        .then_with(|| a.evidence.key().cmp(&b.evidence.key()))
        .then_with(|| a.evidence.first_address().cmp(&b.evidence.first_address()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(key: u64, passage: u64, score: f32) -> Ranked {
        Ranked {
            address: DocAddress::new(0, u32::try_from(key * 100 + passage).unwrap()),
            score,
            day: 0,
            key,
            passage,
        }
    }

    #[test]
    fn keeps_the_best_passages_in_order_and_counts_all() {
        let mut evidence = Evidence::new(passage(1, 0, 2.0));
        for (n, score) in [(1, 5.0), (2, 1.0), (3, 3.0), (4, 5.0)] {
            evidence.add(passage(1, n, score));
        }
        assert_eq!(evidence.matches, 5);
        let kept: Vec<(u64, f32)> = evidence
            .best()
            .iter()
            .map(|p| (p.passage, p.score))
            .collect();
        // Equal scores in reading order.
        assert_eq!(kept, [(1, 5.0), (4, 5.0), (3, 3.0)]);
        assert_eq!(evidence.score(), 5.0 + 2.5 + 0.75);
    }

    #[test]
    fn several_good_passages_beat_one_passing_mention() {
        // An article about the subject: three passages of middling BM25...
        let mut about = Evidence::new(passage(1, 0, 6.0));
        about.add(passage(1, 1, 5.5));
        about.add(passage(1, 2, 5.0));
        // ...against a short passage that mentions it once and scores higher on its own.
        let passing = Evidence::new(passage(2, 7, 8.0));
        let (about, passing) = (RankedArticle::new(about), RankedArticle::new(passing));
        assert_eq!(better_article(&about, &passing), Ordering::Less);
        // But one passage far stronger than each of the others still wins.
        let strong = RankedArticle::new(Evidence::new(passage(3, 0, 13.0)));
        assert_eq!(better_article(&strong, &about), Ordering::Less);
    }

    #[test]
    fn evidence_stays_small() {
        // One per matching article of a broad query, moved through a hash map.
        assert!(std::mem::size_of::<Evidence>() <= 88);
    }

    #[test]
    fn ties_are_broken_by_the_article_key() {
        let a = RankedArticle::new(Evidence::new(passage(9, 0, 4.0)));
        let b = RankedArticle::new(Evidence::new(passage(3, 5, 4.0)));
        assert_eq!(better_article(&b, &a), Ordering::Less);
    }
}
