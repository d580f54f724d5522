//! Ranking the gathered articles into the groups of a page (see [`super::collect`]): the
//! best in order, the boosts and what they are about added to the pool, near-duplicates
//! collapsed.

use std::collections::HashMap;

use tantivy::{DocAddress, Searcher};

use super::articles::{best_first, better_article, RankedArticle};
use super::duplicates::{collapse as collapse_groups, Group};
use super::leaf::{quantize, ProbeWeight};
use super::order::{self, Ranked, RESCORE_POOL};
use super::plan::Plan;
use super::stats::Stats;
use super::topic::{topic_scores, topic_weight};
use crate::index::Fields;
use crate::Result;

/// What ranks gathered articles into the groups of the page.
pub struct Ranking<'a> {
    pub stats: &'a Stats<'a>,
    pub plan: &'a Plan,
    pub fields: &'a Fields,
    pub boosts: &'a [ProbeWeight],
    pub by_date: bool,
    pub grouped: bool,
}

impl Ranking<'_> {
    /// Orders the best `needed` of `articles`, adds the boosts and what the pool is about
    /// (by relevance), and returns the first `wanted` groups (collapsed or not).
    pub fn groups(
        &self,
        articles: &mut Vec<RankedArticle>,
        needed: usize,
        wanted: usize,
        collapse: bool,
    ) -> Result<Vec<Group>> {
        let searcher = self.stats.searcher();
        let ordered = needed.min(articles.len());
        best_first(articles, ordered);
        let pool = articles.len().min(RESCORE_POOL);
        if !self.boosts.is_empty() {
            boost(searcher, self.boosts, &mut articles[..pool])?;
            articles[..pool].sort_unstable_by(better_article);
        }
        if !self.by_date {
            // What the best articles are about, over all their passages (adds only, like
            // boosts).
            let topic = &self.plan.topic;
            let scores = topic_scores(
                self.stats,
                topic,
                self.fields,
                &articles[..pool],
                self.grouped,
            )?;
            let weight = topic_weight(topic);
            for (article, topic) in articles[..pool].iter_mut().zip(scores) {
                article.score += quantize(weight * topic);
            }
            articles[..pool].sort_unstable_by(better_article);
        }
        Ok(if collapse {
            collapse_groups(articles, ordered, wanted)
        } else {
            articles.truncate(ordered);
            articles.drain(..).map(Group::alone).collect()
        })
    }
}

/// Adds the boosts' scores to the kept passages of `articles` and scores them again.
pub fn boost(
    searcher: &Searcher,
    boosts: &[ProbeWeight],
    articles: &mut [RankedArticle],
) -> Result<()> {
    let mut passages: Vec<Ranked> = articles.iter().flat_map(|a| a.evidence.best()).collect();
    passages = order::rescore(searcher, boosts, passages)?;
    let boosted: HashMap<DocAddress, f32> = passages.iter().map(|p| (p.address, p.score)).collect();
    for article in articles {
        article
            .evidence
            .rescore(|address| boosted.get(&address).copied());
        *article = RankedArticle {
            boosted: true,
            ..RankedArticle::new(article.evidence)
        };
    }
    Ok(())
}
