//! The one order of the passages that match a query, and the best `n` of them.
//!
//! Passages are ordered by score (best first), then by article key, then by passage number
//! (with `--sort date`: by day, newest first and undated last, then the same). Both keys come
//! from the article and the passage themselves, so ties are broken the same way on every build
//! of the same articles; tantivy's own collectors break them by document address, which
//! depends on the segments an indexing run happened to produce.
//!
//! Relevance is ranked in two phases: the core query (BM25 of the required words) orders every
//! matching passage, then the plan's boosts (adjacency, title) are added to the score of the
//! best [`RESCORE_POOL`] by that order, by seeking the boosts' scorers to each of them. The
//! pool is the same whatever page is asked for, so every page is a slice of one ordering:
//! boosted pool first, the other passages after it by their core score (which is never above
//! the pool's).

use std::cmp::Ordering;

use tantivy::columnar::Column;
use tantivy::query::Weight;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentReader};

use super::leaf::Probe;
use crate::index::names;
use crate::Result;

/// How many of the best core matches the boosts rescore. Boosts read phrase positions and the
/// title postings at each candidate, so the pool bounds that work per query; 256 is 25 pages
/// of 10, more than readers look at, and a passage outside it would have needed the boosts to
/// lift it past 256 better BM25 matches.
pub const RESCORE_POOL: usize = 256;

/// One matching passage with everything that orders it.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub address: DocAddress,
    pub score: Score,
    /// Day of the article in seconds (`sort: date`; `i64::MIN` when undated), 0 for relevance.
    pub day: i64,
    /// The article key (see `index::article_key`).
    pub key: u64,
    pub passage: u64,
}

/// Better first: day (date order only), score, article key, passage number. The address only
/// separates two articles whose 64-bit keys collide.
pub fn better(a: &Ranked, b: &Ranked) -> Ordering {
    b.day
        .cmp(&a.day)
        .then_with(|| b.score.total_cmp(&a.score))
        .then_with(|| a.key.cmp(&b.key))
        .then_with(|| a.passage.cmp(&b.passage))
        .then_with(|| a.address.cmp(&b.address))
}

/// The fast-field columns that order the passages of one segment.
pub struct Keys {
    keys: Column<u64>,
    passages: Column<u64>,
    /// Only for date order.
    days: Option<Column<DateTime>>,
}

impl Keys {
    pub fn open(segment: &SegmentReader, by_date: bool) -> Result<Keys> {
        let fast = segment.fast_fields();
        Ok(Keys {
            keys: fast.u64(names::ARTICLE_KEY)?,
            passages: fast.u64(names::PASSAGE)?,
            days: if by_date {
                Some(fast.date(names::DATE)?)
            } else {
                None
            },
        })
    }

    /// Day of `doc` for the order: `i64::MIN` when undated, 0 when not sorting by date.
    pub fn day(&self, doc: DocId) -> i64 {
        self.days.as_ref().map_or(0, |days| {
            days.first(doc)
                .map_or(i64::MIN, |d| d.into_timestamp_secs())
        })
    }

    pub fn ranked(&self, segment_ord: u32, doc: DocId, score: Score, day: i64) -> Ranked {
        Ranked {
            address: DocAddress::new(segment_ord, doc),
            score,
            day,
            key: self.keys.first(doc).unwrap_or_default(),
            passage: self.passages.first(doc).unwrap_or_default(),
        }
    }
}

/// The best `n` matches of `weight` in order, and how many passages match.
pub fn top(
    searcher: &Searcher,
    weight: &dyn Weight,
    by_date: bool,
    n: usize,
) -> Result<(usize, Vec<Ranked>)> {
    let mut total = 0usize;
    let mut best = Best::new(n);
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let ord = u32::try_from(ord).unwrap_or(u32::MAX);
        let keys = Keys::open(segment, by_date)?;
        let alive = segment.alive_bitset();
        weight.for_each(segment, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return;
            }
            total += 1;
            let day = keys.day(doc);
            if best.admits(day, score) {
                best.push(keys.ranked(ord, doc, score, day));
            }
        })?;
    }
    Ok((total, best.into_sorted()))
}

/// The best `n` passages seen so far. Candidates gather in a buffer of up to `2n`; when it is
/// full it is cut back to the best `n`, whose worst becomes the bar a new passage must reach
/// before its keys are even read (most matches of a broad query fall below it at once).
struct Best {
    n: usize,
    kept: Vec<Ranked>,
    bar: Option<Ranked>,
}

impl Best {
    fn new(n: usize) -> Self {
        Best {
            n,
            kept: Vec::new(),
            bar: None,
        }
    }

    /// Whether a passage of this day and score may be better than the bar (ties on both are
    /// decided by the keys, in `push`).
    fn admits(&self, day: i64, score: Score) -> bool {
        self.n > 0
            && self
                .bar
                .is_none_or(|bar| (day, score) >= (bar.day, bar.score))
    }

    fn push(&mut self, candidate: Ranked) {
        if self
            .bar
            .is_some_and(|bar| better(&candidate, &bar) != Ordering::Less)
        {
            return;
        }
        self.kept.push(candidate);
        if self.kept.len() >= self.n.saturating_mul(2).max(self.n + 1) {
            self.cut();
            self.bar = self.kept.last().copied();
        }
    }

    fn cut(&mut self) {
        if self.kept.len() > self.n {
            self.kept.select_nth_unstable_by(self.n, better);
            self.kept.truncate(self.n);
        }
        self.kept.sort_unstable_by(better);
    }

    fn into_sorted(mut self) -> Vec<Ranked> {
        self.cut();
        self.kept
    }
}

/// Adds the score of every boost that matches a candidate (each a sum of [`super::leaf`]
/// scores, so the total does not depend on the order of addition), then puts the candidates
/// in order.
pub fn rescore(
    searcher: &Searcher,
    boosts: &[Box<dyn Weight>],
    mut ranked: Vec<Ranked>,
) -> Result<Vec<Ranked>> {
    if !boosts.is_empty() && !ranked.is_empty() {
        // Scorers only move forward: visit candidates in (segment, doc) order.
        let mut order: Vec<usize> = (0..ranked.len()).collect();
        order.sort_by_key(|&i| ranked[i].address);
        for boost in boosts {
            let mut probe: Option<(u32, Probe)> = None;
            for &i in &order {
                let address = ranked[i].address;
                let probe = match &mut probe {
                    Some((segment, probe)) if *segment == address.segment_ord => probe,
                    _ => {
                        let reader = searcher.segment_reader(address.segment_ord);
                        let scorer = boost.scorer(reader, 1.0)?;
                        &mut probe.insert((address.segment_ord, Probe::new(scorer))).1
                    }
                };
                if let Some(score) = probe.score_at(address.doc_id) {
                    ranked[i].score += score;
                }
            }
        }
    }
    ranked.sort_unstable_by(better);
    Ok(ranked)
}
