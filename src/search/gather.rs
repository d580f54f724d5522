//! Gathering the evidence of every matching article in one pass over the matching passages
//! (see [`super::collect`]), and the articles that `-word` leaves out.

use std::collections::{HashMap, HashSet};

use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, Searcher};

use super::articles::{Evidence, RankedArticle};
use super::duplicates::Prints;
use super::order::{Keys, Ranked};
use crate::Result;

/// Counts the live passages that match `weight` and gathers the evidence of each article
/// (with its fingerprint when `with_prints`), leaving out the articles in `excluded`. With
/// `grouped` (every article's passages consecutive in one segment, see
/// `index::searcher_grouped`) an article is gathered as one run; otherwise in a map.
pub fn gather(
    searcher: &Searcher,
    weight: &dyn Weight,
    by_date: bool,
    with_prints: bool,
    excluded: &HashSet<u64>,
    grouped: bool,
) -> Result<(usize, Vec<RankedArticle>)> {
    if grouped {
        gather_runs(searcher, weight, by_date, with_prints, excluded)
    } else {
        gather_in_map(searcher, weight, by_date, with_prints, excluded)
    }
}

/// [`gather`] in a grouped index. A matching passage continues the current run when its
/// article starts where the run's does: `doc - passage` is the first document of a passage's
/// article, and two articles never start at the same document. So the article key is read
/// once per article, the passage number once per passage, and no map is needed.
fn gather_runs(
    searcher: &Searcher,
    weight: &dyn Weight,
    by_date: bool,
    with_prints: bool,
    excluded: &HashSet<u64>,
) -> Result<(usize, Vec<RankedArticle>)> {
    let mut runs = Runs {
        total: 0,
        articles: Vec::new(),
        run: None,
    };
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let segment_run = SegmentRuns {
            ord: u32::try_from(ord).unwrap_or(u32::MAX),
            keys: Keys::open(segment, by_date)?,
            prints: with_prints.then(|| Prints::open(segment)),
            excluded,
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
        runs.close();
    }
    Ok((runs.total, runs.articles))
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
}

impl Runs {
    /// Ends the current article: the next match is another article's, or the segment ends
    /// (an article does not span segments in a grouped index).
    fn close(&mut self) {
        if let Some(evidence) = self.run.take().and_then(|r| r.evidence) {
            self.articles.push(RankedArticle::new(evidence));
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
    /// Gathers matching passages `docs` (in doc order, live) with their `scores` into `runs`.
    fn add(&self, runs: &mut Runs, docs: &[DocId], scores: &[Score]) {
        let mut numbers = [0u64; BATCH];
        let numbers = &mut numbers[..docs.len()];
        self.keys.passages(docs, numbers);
        for ((&doc, &score), &number) in docs.iter().zip(scores).zip(numbers.iter()) {
            let start = u64::from(doc).wrapping_sub(number);
            let passage = |key, day| Ranked {
                address: DocAddress::new(self.ord, doc),
                score,
                day,
                key,
                passage: number,
            };
            if let Some(run) = runs.run.as_mut().filter(|r| r.start == start) {
                if let Some(evidence) = &mut run.evidence {
                    evidence.add(passage(evidence.key(), evidence.day()));
                    runs.total += 1;
                }
                continue;
            }
            runs.close();
            let key = self.keys.key(doc);
            let evidence = (!self.excluded.contains(&key)).then(|| {
                runs.total += 1;
                let mut evidence = Evidence::new(passage(key, self.keys.day(doc)));
                evidence.set_print(self.prints.as_ref().and_then(|p| p.read(doc)));
                evidence
            });
            runs.run = Some(Run { start, evidence });
        }
    }
}

/// The article being gathered by [`gather_runs`].
struct Run {
    /// Its first document (matching or not).
    start: u64,
    /// None for an excluded article, whose passages are skipped.
    evidence: Option<Evidence>,
}

/// [`gather`] in any index: an article's passages may come from several segments.
fn gather_in_map(
    searcher: &Searcher,
    weight: &dyn Weight,
    by_date: bool,
    with_prints: bool,
    excluded: &HashSet<u64>,
) -> Result<(usize, Vec<RankedArticle>)> {
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
    Ok((
        total,
        evidence.into_values().map(RankedArticle::new).collect(),
    ))
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
            let (runs_total, runs) =
                gather(&searcher, weight.as_ref(), false, true, &excluded, true).unwrap();
            let (map_total, map) =
                gather(&searcher, weight.as_ref(), false, true, &excluded, false).unwrap();
            assert_eq!(runs_total, map_total);
            assert_eq!(view(runs), view(map));
        }
        let (total, runs) = gather(
            &searcher,
            weight.as_ref(),
            false,
            true,
            &HashSet::new(),
            true,
        )
        .unwrap();
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
