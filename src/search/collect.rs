//! Running the query: counting, ranking (relevance or date), grouping passages by article so
//! one article cannot flood a page, and paging.
//!
//! Grouping needs more candidates than the page: the collector asks tantivy for a first batch
//! of top documents and grows it only when capped articles leave the page short.

use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use super::{SearchOptions, SortOrder};
use crate::index::schema::names;
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

/// Runs `query` and returns the page `options` asks for.
pub fn collect(searcher: &Searcher, query: &dyn Query, options: &SearchOptions) -> Result<Page> {
    let wanted = options.offset.saturating_add(options.limit);
    if options.limit == 0 {
        return Ok(Page {
            total: searcher.search(query, &Count)?,
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
    let mut ids = ArticleIds::default();
    loop {
        batch = batch.min(documents);
        let (total, ranked) = top(searcher, query, options.sort, batch)?;
        let exhausted = ranked.len() < batch || batch == documents;
        let grouped = group(ranked, per_article, |a| ids.get(searcher, a))?;
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
    query: &dyn Query,
    sort: SortOrder,
    limit: usize,
) -> Result<(usize, Vec<Ranked>)> {
    let ranked = match sort {
        SortOrder::Relevance => {
            let (total, docs) =
                searcher.search(query, &(Count, TopDocs::with_limit(limit).order_by_score()))?;
            (
                total,
                docs.into_iter()
                    .map(|(score, address)| Ranked { address, score })
                    .collect(),
            )
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
            let (total, docs) = searcher.search(query, &(Count, by_date))?;
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

/// Keeps at most `per_article` passages per article (0 = all) and puts an article's passages
/// together, at the rank of its best one.
fn group(
    ranked: Vec<Ranked>,
    per_article: usize,
    mut article_of: impl FnMut(DocAddress) -> Result<String>,
) -> Result<Vec<Ranked>> {
    let mut groups: Vec<Vec<Ranked>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
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

/// Article ids read from the fast field, one column per segment, opened once.
#[derive(Default)]
struct ArticleIds {
    columns: HashMap<u32, Option<StrColumn>>,
}

impl ArticleIds {
    fn get(&mut self, searcher: &Searcher, address: DocAddress) -> Result<String> {
        let column = match self.columns.get(&address.segment_ord) {
            Some(column) => column,
            None => {
                let segment = searcher.segment_reader(address.segment_ord);
                let column = segment.fast_fields().str(names::ARTICLE_ID)?;
                self.columns.entry(address.segment_ord).or_insert(column)
            }
        };
        let mut id = String::new();
        if let Some(ord) = column
            .as_ref()
            .and_then(|c| c.term_ords(address.doc_id).next())
        {
            if let Some(c) = column {
                c.ord_to_str(ord, &mut id)
                    .map_err(|e| crate::Error::Other(format!("reading article ids: {e}")))?;
            }
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
