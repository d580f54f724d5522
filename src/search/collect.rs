//! Running the query: counting, ranking (relevance or date), grouping passages by article so
//! one article cannot flood a page, and paging.
//!
//! Grouping needs more candidates than the page: the collector asks tantivy for a first batch
//! of top documents and grows it only when capped articles leave the page short.
//!
//! Relevance is ranked in two phases: the core query (BM25 of the required words) picks at
//! least [`RESCORE_POOL`] candidates, then the plan's boosts (adjacency, title) are added to
//! each candidate's score by seeking their scorers to it. The scores are exactly those of one
//! BooleanQuery with the boosts as SHOULD clauses; only passages outside the pool, which the
//! boosts would have had to lift past hundreds of better BM25 matches, can rank differently.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use super::guard::Probe;
use super::plan::Plan;
use super::{SearchOptions, SortOrder};
use crate::index::names;
use crate::Result;

/// One passage of the page.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub address: DocAddress,
    pub score: Score,
}

/// Matching passages before grouping, and the passages of the requested page.
pub struct Page {
    pub total: usize,
    pub hits: Vec<Ranked>,
}

/// Candidates whose score the boosts refine, at least.
pub const RESCORE_POOL: usize = 256;

/// Runs the plan and returns the page `options` asks for.
pub fn collect(searcher: &Searcher, plan: &Plan, options: &SearchOptions) -> Result<Page> {
    let wanted = options.offset.saturating_add(options.limit);
    if options.limit == 0 {
        return Ok(Page {
            total: searcher.search(plan.core.as_ref(), &Count)?,
            hits: Vec::new(),
        });
    }
    let per_article = options.per_article;
    let mut batch = wanted
        .saturating_mul(per_article.max(1))
        .saturating_mul(2)
        .saturating_add(16);
    // Never ask for more than the index holds: offsets typed by users can be huge.
    let documents = usize::try_from(searcher.num_docs())
        .unwrap_or(usize::MAX)
        .max(1);
    let mut keys = ArticleKeys::default();
    loop {
        batch = batch.min(documents);
        let (total, ranked) = top(searcher, plan, options.sort, batch)?;
        let exhausted = ranked.len() < batch || batch == documents;
        let grouped = group(ranked, per_article, |a| keys.get(searcher, a))?;
        if exhausted || grouped.len() >= wanted {
            let hits = grouped
                .into_iter()
                .skip(options.offset)
                .take(options.limit)
                .collect();
            return Ok(Page { total, hits });
        }
        batch = batch.saturating_mul(4);
    }
}

/// The `limit` best passages and the number of matching passages.
fn top(
    searcher: &Searcher,
    plan: &Plan,
    sort: SortOrder,
    limit: usize,
) -> Result<(usize, Vec<Ranked>)> {
    let ranked = match sort {
        SortOrder::Relevance => {
            let pool = TopDocs::with_limit(limit.max(RESCORE_POOL)).order_by_score();
            let (total, docs) = searcher.search(plan.core.as_ref(), &(Count, pool))?;
            let candidates = docs
                .into_iter()
                .map(|(score, address)| Ranked { address, score })
                .collect();
            let mut ranked = rescore(searcher, &plan.boosts, candidates)?;
            ranked.truncate(limit);
            (total, ranked)
        }
        SortOrder::Date => {
            // Newest first, undated last, then by relevance.
            let by_date = TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
                let dates = segment.fast_fields().date(names::DATE).ok();
                move |doc: DocId, score: Score| {
                    let day = dates
                        .as_ref()
                        .and_then(|c| c.first(doc))
                        .map_or(i64::MIN, |d| d.into_timestamp_secs());
                    (day, score)
                }
            });
            let (total, docs) = searcher.search(plan.combined().as_ref(), &(Count, by_date))?;
            (
                total,
                docs.into_iter()
                    .map(|((_, score), address)| Ranked { address, score })
                    .collect(),
            )
        }
    };
    Ok(ranked)
}

/// Adds the score of every boost that matches a candidate, then sorts best first (ties in
/// index order, so results are stable).
fn rescore(
    searcher: &Searcher,
    boosts: &[Box<dyn Query>],
    mut ranked: Vec<Ranked>,
) -> Result<Vec<Ranked>> {
    if !boosts.is_empty() && !ranked.is_empty() {
        // Scorers only move forward: visit candidates in (segment, doc) order.
        let mut order: Vec<usize> = (0..ranked.len()).collect();
        order.sort_by_key(|&i| ranked[i].address);
        for boost in boosts {
            let weight = boost.weight(EnableScoring::enabled_from_searcher(searcher))?;
            let mut probe: Option<(u32, Probe)> = None;
            for &i in &order {
                let address = ranked[i].address;
                let probe = match &mut probe {
                    Some((segment, probe)) if *segment == address.segment_ord => probe,
                    _ => {
                        let reader = searcher.segment_reader(address.segment_ord);
                        let scorer = weight.scorer(reader, 1.0)?;
                        &mut probe.insert((address.segment_ord, Probe::new(scorer))).1
                    }
                };
                if let Some(score) = probe.score_at(address.doc_id) {
                    ranked[i].score += score;
                }
            }
        }
    }
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.address.cmp(&b.address))
    });
    Ok(ranked)
}

/// Keeps at most `per_article` passages per article (0 = all) and puts an article's passages
/// together, at the rank of its best one.
fn group<K: std::hash::Hash + Eq>(
    ranked: Vec<Ranked>,
    per_article: usize,
    mut article_of: impl FnMut(DocAddress) -> Result<K>,
) -> Result<Vec<Ranked>> {
    let mut groups: Vec<Vec<Ranked>> = Vec::new();
    let mut index: HashMap<K, usize> = HashMap::new();
    for hit in ranked {
        let article = article_of(hit.address)?;
        let slot = *index.entry(article).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        if per_article == 0 || groups[slot].len() < per_article {
            groups[slot].push(hit);
        }
    }
    Ok(groups.into_iter().flatten().collect())
}

/// Tells articles apart by their content hash, a fast u64 column per segment. The id string
/// would need a dictionary lookup of tens of microseconds per passage (most of a query's time
/// on a large index); the hash covers the id, so two articles share one only by a 64-bit
/// collision.
#[derive(Default)]
struct ArticleKeys {
    columns: HashMap<u32, Column<u64>>,
}

impl ArticleKeys {
    fn get(&mut self, searcher: &Searcher, address: DocAddress) -> Result<u64> {
        let column = match self.columns.entry(address.segment_ord) {
            Entry::Occupied(column) => column.into_mut(),
            Entry::Vacant(slot) => {
                let segment = searcher.segment_reader(address.segment_ord);
                slot.insert(segment.fast_fields().u64(names::HASH)?)
            }
        };
        Ok(column.first(address.doc_id).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-phase ranking gives every candidate exactly the score of the one-phase query
    /// (core + boosts as SHOULD clauses), in the same order.
    #[test]
    fn rescoring_equals_the_combined_query() {
        use crate::ingest::Article;
        use crate::search::{plan, query, AccentMode};
        let passages = [
            "Hai nước tăng cường hợp tác khoa học và công nghệ.",
            "Hợp đồng được ký; tác giả bài báo dự họp.",
            "Khoa học công nghệ là động lực của hợp tác quốc tế.",
            "Tác động của hợp tác đến kinh tế số.",
            "Bài không liên quan đến chủ đề.",
        ];
        let articles: Vec<Article> = passages
            .iter()
            .enumerate()
            .map(|(n, text)| Article {
                id: format!("a{n}"),
                title: if n == 3 {
                    "Hợp tác quốc tế"
                } else {
                    "Tin tức"
                }
                .to_string(),
                date: None,
                source: None,
                url: None,
                passages: vec![text.to_string()],
                raw: text.to_string(),
                origin: format!("a{n}.txt"),
            })
            .collect();
        let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let parsed = query::parse("hop tac khoa hoc").unwrap();
        let mut options = SearchOptions::new("hop tac khoa hoc");
        options.per_article = 0;
        let planned = plan::plan(&parsed, AccentMode::Auto, &options, &searcher, &fields).unwrap();
        assert!(!planned.boosts.is_empty());
        let one_phase = searcher
            .search(
                planned.combined().as_ref(),
                &TopDocs::with_limit(10).order_by_score(),
            )
            .unwrap();
        let (total, two_phase) = top(&searcher, &planned, SortOrder::Relevance, 10).unwrap();
        assert_eq!(total, one_phase.len());
        assert_eq!(two_phase.len(), one_phase.len());
        for ((score, address), ranked) in one_phase.iter().zip(&two_phase) {
            assert_eq!(*address, ranked.address);
            assert!(
                (score - ranked.score).abs() < 1e-4,
                "{score} vs {}",
                ranked.score
            );
        }
    }

    fn ranked(n: u32) -> Ranked {
        Ranked {
            address: DocAddress::new(0, n),
            score: 10.0 - n as f32,
        }
    }

    #[test]
    fn grouping_caps_and_gathers_articles() {
        // docs 0..6 of articles a a b a c b
        let articles = ["a", "a", "b", "a", "c", "b"];
        let hits: Vec<Ranked> = (0..6).map(ranked).collect();
        let of = |a: DocAddress| Ok(articles[a.doc_id as usize].to_string());
        let docs = |g: Vec<Ranked>| g.iter().map(|r| r.address.doc_id).collect::<Vec<_>>();
        assert_eq!(docs(group(hits.clone(), 2, of).unwrap()), [0, 1, 2, 5, 4]);
        assert_eq!(docs(group(hits.clone(), 1, of).unwrap()), [0, 2, 4]);
        assert_eq!(docs(group(hits, 0, of).unwrap()), [0, 1, 3, 2, 5, 4]);
    }
}
