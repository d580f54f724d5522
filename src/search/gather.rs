//! Gathering the evidence of every matching article in one pass over the matching passages
//! (see [`super::collect`]), and the articles that `-word` leaves out.

use std::collections::{HashMap, HashSet};

use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, Searcher};

use super::articles::{Evidence, RankedArticle, ScoreFloor};
use super::duplicates::Prints;
use super::order::{Keys, Ranked};
use crate::Result;

/// What [`gather`] walks and keeps.
#[derive(Clone, Copy)]
pub struct Walk<'a> {
    /// Order by day first (`--sort date`): every article is kept.
    pub by_date: bool,
    /// Read each kept article's near-duplicate fingerprint.
    pub with_prints: bool,
    /// Articles left out whole (`-word`), by key.
    pub excluded: &'a HashSet<u64>,
    /// Every article's passages are consecutive in one segment (`index::searcher_grouped`):
    /// an article is gathered as one run; otherwise in a map.
    pub grouped: bool,
    /// By relevance in a grouped index, keep only the articles that can be among this many
    /// best ([`ScoreFloor`]); `None` keeps every matching article.
    pub best: Option<usize>,
}

#[cfg(test)]
impl<'a> Walk<'a> {
    /// A walk by relevance that keeps every article not in `excluded`, without fingerprints.
    pub fn every(excluded: &'a HashSet<u64>, grouped: bool) -> Self {
        Walk {
            by_date: false,
            with_prints: false,
            excluded,
            grouped,
            best: None,
        }
    }
}

/// What [`gather`] found.
pub struct Gathered {
    /// Live matching passages of the articles not excluded (always exact).
    pub total: usize,
    /// The articles kept, in no order, each with its exact evidence.
    pub articles: Vec<RankedArticle>,
    /// Whether matching articles were left out because they could not be among the best.
    pub pruned: bool,
}

/// Counts the live passages that match `weight` and gathers the evidence of each article, as
/// `walk` says.
pub fn gather(searcher: &Searcher, weight: &dyn Weight, walk: &Walk<'_>) -> Result<Gathered> {
    if walk.grouped {
        gather_runs(searcher, weight, walk)
    } else {
        gather_in_map(searcher, weight, walk)
    }
}

/// [`gather`] in a grouped index. A matching passage continues the current run when its
/// article starts where the run's does: `doc - passage` is the first document of a passage's
/// article, and two articles never start at the same document. So no map is needed, and an
/// article's evidence is complete when its run ends: only then are its key and fingerprint
/// read, and only if its score can still place it among the best ([`ScoreFloor`]). A broad
/// query matches tens of thousands of articles; reading both columns for each of them, at
/// random places, and ranking and collapsing them all was a third of its time.
fn gather_runs(searcher: &Searcher, weight: &dyn Weight, walk: &Walk<'_>) -> Result<Gathered> {
    let best = walk.best.filter(|_| !walk.by_date);
    let mut runs = Runs {
        total: 0,
        articles: Vec::new(),
        run: None,
        floor: ScoreFloor::new(best.unwrap_or(usize::MAX)),
        pruned: false,
        unidentified: Vec::new(),
    };
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let segment_run = SegmentRuns {
            ord: u32::try_from(ord).unwrap_or(u32::MAX),
            keys: Keys::open(segment, walk.by_date)?,
            prints: walk.with_prints.then(|| Prints::open(segment)),
            excluded: walk.excluded,
        };
        let alive = segment.alive_bitset();
        let mut docs = [0 as DocId; BATCH];
        let mut scores = [0.0 as Score; BATCH];
        let mut len = 0;
        weight.for_each(segment, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return;
            }
            docs[len] = doc;
            scores[len] = score;
            len += 1;
            if len == BATCH {
                segment_run.add(&mut runs, &docs, &scores);
                len = 0;
            }
        })?;
        segment_run.add(&mut runs, &docs[..len], &scores[..len]);
        runs.close(&segment_run);
        runs.identify(&segment_run);
    }
    Ok(Gathered {
        total: runs.total,
        articles: runs.articles,
        pruned: runs.pruned,
    })
}

/// Matching passages handed to [`SegmentRuns::add`] at a time: their passage numbers are read
/// in one call into the column instead of one dynamic call per match (those reads were a tenth
/// of a broad query's time); 64 passages are a few cache lines of each buffer.
const BATCH: usize = 64;

/// What [`gather_runs`] has gathered so far.
struct Runs {
    total: usize,
    articles: Vec<RankedArticle>,
    /// The article being gathered.
    run: Option<Run>,
    /// The score an article needs to be kept.
    floor: ScoreFloor,
    pruned: bool,
    /// Articles of the current segment admitted by the floor when their run ended, with their
    /// first matching passage, whose key, day and fingerprint are read when the segment ends
    /// ([`Runs::identify`]) and only for those the floor still admits then.
    unidentified: Vec<(DocId, RankedArticle)>,
}

impl Runs {
    /// Ends the current article (the next match is another article's, or the segment ends:
    /// an article does not span segments in a grouped index) and keeps it if it is not
    /// excluded and can be among the best.
    fn close(&mut self, segment: &SegmentRuns<'_>) {
        let Some(Run {
            first,
            mut evidence,
            ..
        }) = self.run.take()
        else {
            return;
        };
        let matches = usize::try_from(evidence.matches).unwrap_or(usize::MAX);
        let score = evidence.score();
        let outranked = !self.floor.admits(score);
        if segment.excluded.is_empty() {
            // Without exclusions an article needs no key until the segment ends: an
            // outranked one is counted and left, and of those admitted now, most are
            // outranked by the end of the segment. Their key and fingerprint are read at
            // random places of two columns; a broad query admits about 1,000 articles over
            // its walk (a running best 200 of tens of thousands) of which 200 remain.
            self.total += matches;
            if outranked {
                self.pruned = true;
            } else {
                self.floor.insert(score);
                self.unidentified
                    .push((first, RankedArticle::new(evidence)));
            }
            return;
        }
        let key = segment.keys.key(first);
        if segment.excluded.contains(&key) {
            return;
        }
        self.total += matches;
        if outranked {
            self.pruned = true;
            return;
        }
        segment.identify(&mut evidence, first, key);
        self.floor.insert(score);
        self.articles.push(RankedArticle::new(evidence));
    }

    /// At the end of a segment: reads the key, day and fingerprint of each article admitted
    /// in it ([`Runs::unidentified`], in doc order) that the floor still admits, and keeps
    /// it; the others cannot be among the best any more (the floor only rises).
    fn identify(&mut self, segment: &SegmentRuns<'_>) {
        for (first, mut article) in self.unidentified.drain(..) {
            if !self.floor.admits(article.score) {
                self.pruned = true;
                continue;
            }
            segment.identify(&mut article.evidence, first, segment.keys.key(first));
            self.articles.push(article);
        }
    }
}

/// The columns and settings [`gather_runs`] reads one segment with.
struct SegmentRuns<'a> {
    ord: u32,
    keys: Keys,
    prints: Option<Prints>,
    excluded: &'a HashSet<u64>,
}

impl SegmentRuns<'_> {
    /// Gives `evidence` the article's `key`, its day and its fingerprint, read at its first
    /// matching passage `first`.
    fn identify(&self, evidence: &mut Evidence, first: DocId, key: u64) {
        evidence.identify(key, self.keys.day(first));
        evidence.set_print(self.prints.as_ref().and_then(|p| p.read(first)));
    }

    /// Gathers matching passages `docs` (in doc order, live) with their `scores` into `runs`.
    fn add(&self, runs: &mut Runs, docs: &[DocId], scores: &[Score]) {
        let mut numbers = [0u64; BATCH];
        let numbers = &mut numbers[..docs.len()];
        self.keys.passages(docs, numbers);
        for ((&doc, &score), &number) in docs.iter().zip(scores).zip(numbers.iter()) {
            let start = u64::from(doc).wrapping_sub(number);
            // The key and the day are the article's: set when its run ends.
            let passage = Ranked {
                address: DocAddress::new(self.ord, doc),
                score,
                day: 0,
                key: 0,
                passage: number,
            };
            if let Some(run) = runs.run.as_mut().filter(|r| r.start == start) {
                run.evidence.add(passage);
                continue;
            }
            runs.close(self);
            runs.run = Some(Run {
                start,
                first: doc,
                evidence: Evidence::new(passage),
            });
        }
    }
}

/// The article being gathered by [`gather_runs`].
struct Run {
    /// Its first document (matching or not).
    start: u64,
    /// Its first matching passage: where its key and fingerprint are read.
    first: DocId,
    evidence: Evidence,
}

/// [`gather`] in any index: an article's passages may come from several segments, so its
/// evidence is complete only at the end, and every article is kept.
fn gather_in_map(searcher: &Searcher, weight: &dyn Weight, walk: &Walk<'_>) -> Result<Gathered> {
    let Walk {
        by_date,
        with_prints,
        excluded,
        ..
    } = *walk;
    let mut total = 0usize;
    let mut evidence: HashMap<u64, Evidence, KeyHashing> = HashMap::default();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let ord = u32::try_from(ord).unwrap_or(u32::MAX);
        let keys = Keys::open(segment, by_date)?;
        // Read with an article's first matching passage, in doc order: read later, for every
        // article in rank order, the same reads jump around the columns and cost twice as much.
        let prints = with_prints.then(|| Prints::open(segment));
        let alive = segment.alive_bitset();
        weight.for_each(segment, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return;
            }
            let passage = keys.ranked(ord, doc, score, keys.day(doc));
            if excluded.contains(&passage.key) {
                return;
            }
            total += 1;
            evidence
                .entry(passage.key)
                .and_modify(|e| e.add(passage))
                .or_insert_with(|| {
                    let mut evidence = Evidence::new(passage);
                    evidence.set_print(prints.as_ref().and_then(|p| p.read(doc)));
                    evidence
                });
        })?;
    }
    Ok(Gathered {
        total,
        articles: evidence.into_values().map(RankedArticle::new).collect(),
        pruned: false,
    })
}

/// Article keys are already hashes (of the article id): the map uses them as they are
/// instead of hashing them again (SipHash per matching passage was a tenth of a broad query).
#[derive(Default, Clone, Copy)]
struct KeyHashing;

impl std::hash::BuildHasher for KeyHashing {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

/// See [`KeyHashing`].
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Not used for u64 keys; fold any other input in, for correctness.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// The keys of the articles with a passage that `weight` (the excluded words) matches.
pub fn excluded_articles(searcher: &Searcher, weight: &dyn Weight) -> Result<HashSet<u64>> {
    let mut keys = HashSet::new();
    for segment in searcher.segment_readers() {
        let columns = Keys::open(segment, false)?;
        let alive = segment.alive_bitset();
        weight.for_each_no_score(segment, &mut |docs| {
            for &doc in docs {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    keys.insert(columns.key(doc));
                }
            }
        })?;
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::article_passages::ArticlePassages;
    use crate::search::collect::tests::article;
    use crate::search::stats::{LengthTotals, Stats};
    use crate::search::{plan, query, AccentMode, SearchOptions};

    /// Gathering runs reads exactly what the map gathers: the same articles with the same
    /// counts, kept passages and scores, with matching and non-matching passages interleaved
    /// and an excluded article between two others.
    #[test]
    fn runs_gather_what_the_map_gathers() {
        let articles = [
            article(
                0,
                "Tin tức",
                &[
                    "Hợp tác nghề cá.",
                    "Không liên quan.",
                    "Hợp tác đầu tư, hợp tác thương mại.",
                ],
            ),
            article(1, "Tin tức", &["Hợp tác giáo dục."]),
            article(
                2,
                "Tin tức",
                &[
                    "Mở đầu.",
                    "Hợp tác y tế.",
                    "Hợp tác văn hóa.",
                    "Hợp tác thể thao.",
                    "Hợp tác du lịch.",
                ],
            ),
            article(3, "Tin tức", &["Không có từ khóa."]),
            article(4, "Tin tức", &["Hợp tác khoa học.", "Hợp tác công nghệ."]),
        ];
        let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(crate::index::searcher_grouped(&searcher).unwrap());
        let lengths = LengthTotals::default();
        let mut stats = Stats::new(&searcher, &lengths);
        let parsed = query::parse("hop tac").unwrap();
        let options = SearchOptions::new("hop tac");
        let planned = plan::plan(&parsed, AccentMode::Auto, &options, &mut stats, &fields).unwrap();
        let weight = planned.core.weight(stats.scoring()).unwrap();
        let view = |articles: Vec<RankedArticle>| {
            let mut view: Vec<_> = articles
                .iter()
                .map(|a| {
                    let kept: Vec<_> = a
                        .evidence
                        .best()
                        .iter()
                        .map(|p| (p.address, p.passage, p.score.to_bits()))
                        .collect();
                    (
                        a.evidence.key(),
                        a.evidence.matches,
                        a.score.to_bits(),
                        kept,
                    )
                })
                .collect();
            view.sort();
            view
        };
        let excluded: HashSet<u64> = [crate::index::article_key("a1")].into();
        for excluded in [HashSet::new(), excluded] {
            let walk = |grouped| Walk {
                with_prints: true,
                ..Walk::every(&excluded, grouped)
            };
            let runs = gather(&searcher, weight.as_ref(), &walk(true)).unwrap();
            let map = gather(&searcher, weight.as_ref(), &walk(false)).unwrap();
            assert_eq!(runs.total, map.total);
            assert_eq!(view(runs.articles), view(map.articles));
        }
        // Keeping only the best two: exactly the two best of the map's, with their keys (read
        // when the segment ends) as the map reads them.
        let none = HashSet::new();
        let mut all = view(
            gather(&searcher, weight.as_ref(), &Walk::every(&none, false))
                .unwrap()
                .articles,
        );
        all.sort_by(|a, b| f32::from_bits(b.2).total_cmp(&f32::from_bits(a.2)));
        let best_two = Walk {
            best: Some(2),
            with_prints: true,
            ..Walk::every(&none, true)
        };
        let pruned = gather(&searcher, weight.as_ref(), &best_two).unwrap();
        assert!(pruned.pruned);
        assert_eq!(pruned.total, 9);
        let mut kept = view(pruned.articles);
        kept.sort_by(|a, b| f32::from_bits(b.2).total_cmp(&f32::from_bits(a.2)));
        assert_eq!(kept, all[..2]);
        let gathered = gather(&searcher, weight.as_ref(), &Walk::every(&none, true)).unwrap();
        let (total, runs) = (gathered.total, gathered.articles);
        assert_eq!((total, runs.len()), (9, 4));
        // The rest of each article: the run path (consecutive documents) and the key
        // postings list the same passages, including the non-matching ones.
        let key_field = fields.article_key;
        let mut in_runs = ArticlePassages::new(&searcher, key_field, true);
        let mut by_keys = ArticlePassages::new(&searcher, key_field, false);
        for found in &runs {
            assert_eq!(in_runs.of(found).unwrap(), by_keys.of(found).unwrap());
        }
        let mut whole: Vec<usize> = runs
            .iter()
            .map(|a| in_runs.of(a).unwrap()[0].1.len())
            .collect();
        whole.sort();
        assert_eq!(whole, [1, 2, 3, 5]);
    }
}
