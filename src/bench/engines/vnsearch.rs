//! vnsearch itself: the project's index (schema, Vietnamese analyzer, passage documents) and
//! its search path.

use std::path::{Path, PathBuf};

use super::{distinct_articles, write_passages, Engine, Hit, QueryOutcome};
use crate::bench::queries::{BenchQuery, QueryKind};
use crate::index::{open, open_or_create};
use crate::ingest::Article;
use crate::search::{SearchOptions, Searcher};
use crate::{Error, Result};

/// The vnsearch engine, indexing into `dir`.
pub struct Vnsearch {
    dir: PathBuf,
    searcher: Option<Searcher>,
}

impl Vnsearch {
    pub fn new(dir: &Path) -> Vnsearch {
        Vnsearch {
            dir: dir.to_path_buf(),
            searcher: None,
        }
    }
}

impl Engine for Vnsearch {
    fn name(&self) -> &'static str {
        "vnsearch"
    }

    fn index(&mut self, articles: &[Article]) -> Result<()> {
        let (index, fields) = open_or_create(&self.dir)?;
        write_passages(&index, &fields, articles)?;
        self.searcher = Some(Searcher::new(&index, fields)?);
        Ok(())
    }

    fn open(&mut self) -> Result<()> {
        let (index, fields) = open(&self.dir)?;
        self.searcher = Some(Searcher::new(&index, fields)?);
        Ok(())
    }

    /// The full search path of `vnsearch search`, one passage per article: articles in the
    /// order of their best passage.
    fn rank_articles(&self, query: &str, limit: usize) -> Result<Vec<String>> {
        let searcher = self
            .searcher
            .as_ref()
            .ok_or(Error::EngineNotReady("vnsearch"))?;
        let options = SearchOptions {
            per_article: 1,
            limit,
            ..SearchOptions::new(query)
        };
        let results = searcher.search(&options)?;
        Ok(distinct_articles(
            results.hits.into_iter().map(|hit| hit.article_id),
            limit,
        ))
    }

    /// The full search path of `vnsearch search`: query language, accent rules, ranking
    /// boosts, grouping, highlights and snippets.
    fn query(&self, query: &BenchQuery) -> Result<QueryOutcome> {
        let searcher = self
            .searcher
            .as_ref()
            .ok_or_else(|| Error::EngineNotReady("vnsearch"))?;
        let text = query.words.join(" ");
        let text = if query.kind == QueryKind::Phrase {
            format!("\"{text}\"")
        } else {
            text
        };
        let options = SearchOptions {
            per_article: 0,
            ..SearchOptions::new(text)
        };
        let results = searcher.search(&options)?;
        Ok(QueryOutcome {
            total_hits: results.total_hits,
            top: results
                .hits
                .into_iter()
                .map(|hit| Hit {
                    article_id: hit.article_id,
                    passage: hit.passage,
                    snippet: hit.snippet,
                })
                .collect(),
        })
    }
}
