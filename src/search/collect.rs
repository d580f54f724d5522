//! Running the plan: counting, ordering ([`super::order`]), grouping passages by article so
//! one article cannot flood a page, and paging.
//!
//! Grouping keeps at most `per_article` passages of an article, gathered at the rank of its
//! best one. A page is a slice of the grouped order of ALL matching passages, whatever the
//! offset: the collector orders a first batch of the best passages (at least the rescoring
//! pool), groups it, and for each article on the page that may have more matching passages
//! further down (fewer than `per_article` in the batch, or no cap), fetches them by the
//! article key and appends them in order. Those passages come after the whole batch in the
//! order, so the groups are exactly those of the complete order. The batch grows only when it
//! holds too few articles to fill the page.

use std::collections::{HashMap, HashSet};

use tantivy::collector::Count;
use tantivy::query::Weight;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Searcher, Term, TERMINATED};

use super::leaf::Probe;
use super::order::{self, better, Keys, Ranked, RESCORE_POOL};
use super::plan::Plan;
use super::stats::Stats;
use super::{SearchOptions, SortOrder};
use crate::Result;

/// Matching passages before grouping, and the passages of the requested page.
pub struct Page {
    pub total: usize,
    pub hits: Vec<Ranked>,
}

/// Runs the plan (scored with `stats`) and returns the page `options` asks for. `key_field` is
/// the indexed article key.
pub fn collect(
    stats: &Stats<'_>,
    plan: &Plan,
    options: &SearchOptions,
    key_field: Field,
) -> Result<Page> {
    let searcher = stats.searcher();
    if options.limit == 0 {
        return Ok(Page {
            total: searcher.search(plan.core.as_ref(), &Count)?,
            hits: Vec::new(),
        });
    }
    let by_date = options.sort == SortOrder::Date;
    // By date, the boosts count for every passage (one query); by relevance, the core orders
    // and the boosts only refine the pool.
    let (weight, boosts) = if by_date {
        (plan.combined().weight(stats.scoring())?, Vec::new())
    } else {
        let boosts = plan
            .boosts
            .iter()
            .map(|b| b.weight(stats.scoring()))
            .collect::<tantivy::Result<Vec<_>>>()?;
        (plan.core.weight(stats.scoring())?, boosts)
    };
    let ranking = Ranking {
        searcher,
        weight: weight.as_ref(),
        boosts: &boosts,
        by_date,
        key_field,
    };
    let wanted = options.offset.saturating_add(options.limit);
    // Never ask for more than the index holds: offsets typed by users can be huge.
    let documents = usize::try_from(searcher.num_docs())
        .unwrap_or(usize::MAX)
        .max(1);
    let mut batch = wanted
        .saturating_mul(2)
        .saturating_add(16)
        .max(RESCORE_POOL);
    loop {
        batch = batch.min(documents);
        let (total, ranked) = ranking.first(batch)?;
        let exhausted = ranked.len() == total;
        let mut groups = group(&ranked, options.per_article);
        let mut covered = 0;
        let needed = groups
            .iter()
            .take_while(|g| {
                let more = covered < wanted;
                covered += g.hits.len();
                more
            })
            .count();
        if covered < wanted && !exhausted {
            batch = batch.saturating_mul(4);
            continue;
        }
        groups.truncate(needed);
        if !exhausted {
            ranking.complete(&mut groups, &ranked, options.per_article)?;
        }
        let hits = groups
            .into_iter()
            .flat_map(|g| g.hits)
            .skip(options.offset)
            .take(options.limit)
            .collect();
        return Ok(Page { total, hits });
    }
}

/// One article's passages on the page, best first.
struct Group {
    key: u64,
    hits: Vec<Ranked>,
}

/// Groups ordered passages by article key, at most `per_article` per article (0 = all), each
/// article at the rank of its best passage.
fn group(ranked: &[Ranked], per_article: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut slots: HashMap<u64, usize> = HashMap::new();
    for hit in ranked {
        let slot = *slots.entry(hit.key).or_insert_with(|| {
            groups.push(Group {
                key: hit.key,
                hits: Vec::new(),
            });
            groups.len() - 1
        });
        let hits = &mut groups[slot].hits;
        if per_article == 0 || hits.len() < per_article {
            hits.push(*hit);
        }
    }
    groups
}

/// How one search orders passages.
struct Ranking<'a> {
    searcher: &'a Searcher,
    /// The query that matches and scores (core, or core + boosts by date).
    weight: &'a dyn Weight,
    /// Boosts of the rescoring pool (relevance only).
    boosts: &'a [Box<dyn Weight>],
    by_date: bool,
    key_field: Field,
}

impl Ranking<'_> {
    /// The first `n` passages of the order, and how many passages match.
    fn first(&self, n: usize) -> Result<(usize, Vec<Ranked>)> {
        let (total, mut ranked) = order::top(self.searcher, self.weight, self.by_date, n)?;
        if !self.by_date {
            let rest = ranked.split_off(ranked.len().min(RESCORE_POOL));
            ranked = order::rescore(self.searcher, self.boosts, ranked)?;
            ranked.extend(rest);
        }
        Ok((total, ranked))
    }

    /// Appends to each group that may have more matching passages after `batch` (the first
    /// passages of the order) those passages, in order, up to `per_article`.
    fn complete(&self, groups: &mut [Group], batch: &[Ranked], per_article: usize) -> Result<()> {
        let open: HashSet<u64> = groups
            .iter()
            .filter(|g| per_article == 0 || g.hits.len() < per_article)
            .map(|g| g.key)
            .collect();
        if open.is_empty() {
            return Ok(());
        }
        let seen: HashSet<DocAddress> = batch.iter().map(|r| r.address).collect();
        let mut more: HashMap<u64, Vec<Ranked>> = HashMap::new();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let ord = u32::try_from(ord).unwrap_or(u32::MAX);
            let docs = self.article_docs(ord, &open, &seen)?;
            if docs.is_empty() {
                continue;
            }
            let keys = Keys::open(segment, self.by_date)?;
            let mut probe = Probe::new(self.weight.scorer(segment, 1.0)?);
            for doc in docs {
                if let Some(score) = probe.score_at(doc) {
                    let hit = keys.ranked(ord, doc, score, keys.day(doc));
                    more.entry(hit.key).or_default().push(hit);
                }
            }
        }
        for group in groups {
            let Some(mut extra) = more.remove(&group.key) else {
                continue;
            };
            extra.sort_unstable_by(better);
            let room = if per_article == 0 {
                extra.len()
            } else {
                per_article.saturating_sub(group.hits.len())
            };
            group.hits.extend(extra.into_iter().take(room));
        }
        Ok(())
    }

    /// Live passages of segment `ord` of the articles `keys`, not in `seen`, in doc order.
    fn article_docs(
        &self,
        ord: u32,
        keys: &HashSet<u64>,
        seen: &HashSet<DocAddress>,
    ) -> Result<Vec<DocId>> {
        let segment = self.searcher.segment_reader(ord);
        let inverted = segment.inverted_index(self.key_field)?;
        let alive = segment.alive_bitset();
        let mut docs = Vec::new();
        for &key in keys {
            let term = Term::from_field_u64(self.key_field, key);
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc))
                    && !seen.contains(&DocAddress::new(ord, doc))
                {
                    docs.push(doc);
                }
                doc = postings.advance();
            }
        }
        docs.sort_unstable();
        Ok(docs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::stats::LengthTotals;

    /// The two-phase ranking (core orders, boosts refine the pool) gives every candidate
    /// exactly the score and the place it has under the one-phase query (core + boosts as
    /// SHOULD clauses).
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
            "Hai nước tăng cường hợp tác khoa học và công nghệ.",
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
        let lengths = LengthTotals::default();
        let mut stats = Stats::new(&searcher, &lengths);
        let parsed = query::parse("hop tac khoa hoc").unwrap();
        let options = SearchOptions::new("hop tac khoa hoc");
        let planned = plan::plan(&parsed, AccentMode::Auto, &options, &mut stats, &fields).unwrap();
        assert!(!planned.boosts.is_empty());
        let combined = planned.combined().weight(stats.scoring()).unwrap();
        let (total, one_phase) = order::top(&searcher, combined.as_ref(), false, 10).unwrap();
        let core = planned.core.weight(stats.scoring()).unwrap();
        let boosts: Vec<Box<dyn Weight>> = planned
            .boosts
            .iter()
            .map(|b| b.weight(stats.scoring()).unwrap())
            .collect();
        let ranking = Ranking {
            searcher: &searcher,
            weight: core.as_ref(),
            boosts: &boosts,
            by_date: false,
            key_field: fields.article_key,
        };
        let (two_total, two_phase) = ranking.first(10).unwrap();
        assert_eq!((total, two_total), (3, 3));
        let view = |r: &Vec<Ranked>| {
            r.iter()
                .map(|r| (r.address, r.score.to_bits()))
                .collect::<Vec<_>>()
        };
        assert_eq!(view(&two_phase), view(&one_phase));
        // The two copies of one passage tie, and their article keys order them.
        let tied: Vec<&[Ranked]> = two_phase
            .windows(2)
            .filter(|w| w[0].score == w[1].score)
            .collect();
        assert!(!tied.is_empty());
        assert!(tied.iter().all(|w| w[0].key < w[1].key));
    }

    fn ranked(n: u32, key: u64) -> Ranked {
        Ranked {
            address: DocAddress::new(0, n),
            score: 10.0 - n as f32,
            day: 0,
            key,
            passage: u64::from(n),
        }
    }

    #[test]
    fn grouping_caps_and_gathers_articles() {
        // docs 0..6 of articles a a b a c b
        let articles = [1, 1, 2, 1, 3, 2];
        let hits: Vec<Ranked> = (0..6).map(|n| ranked(n, articles[n as usize])).collect();
        let docs = |g: Vec<Group>| {
            g.iter()
                .flat_map(|g| g.hits.iter().map(|r| r.address.doc_id))
                .collect::<Vec<_>>()
        };
        assert_eq!(docs(group(&hits, 2)), [0, 1, 2, 5, 4]);
        assert_eq!(docs(group(&hits, 1)), [0, 2, 4]);
        assert_eq!(docs(group(&hits, 0)), [0, 1, 3, 2, 5, 4]);
    }
}
