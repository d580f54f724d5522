//! Relevance evaluation (`vnsearch eval`): a judged query set run against vnsearch and the
//! benchmark's baselines, scored with P@10, nDCG@10 and R@10 per category.
//!
//! The corpus is loaded once with the ingest code, so every engine sees the same cleaned
//! articles. vnsearch builds its real index (one document per passage) and runs its real
//! search path with one passage per article: articles rank by their best passage. The
//! baselines index whole articles (title + text): plain tantivy with its stock analyzer and
//! query parser, SQLite FTS5 with `unicode61 remove_diacritics 2` and `đ` folded. Built
//! indexes are cached under the data directory, keyed by the cleaned corpus and the
//! pipeline, so re-running after a ranking change only searches.
//!
//! [`evaluate`] scores the engines; [`pool`] lists, per query, the top-10 articles of every
//! engine that nobody has judged yet, for the judge to read.

mod cache;
mod judgments;
mod metrics;
mod pool;
mod report;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use super::engines::{fts5::Fts5, tantivy_plain::PlainTantivy, vnsearch::Vnsearch};
use super::engines::{Engine, Unit};
use super::loader::load_articles;
use crate::ingest::Article;
use crate::{Error, Result};
use cache::{Cache, Manifest};

pub use judgments::{load as load_judgments, parse as parse_judgments, JudgedQuery, MAX_GRADE};
pub use metrics::{dcg, evaluate as query_metrics, gain, ndcg, QueryMetrics, K};
pub use pool::{Pool, PoolArticle, PoolQuery};
pub use report::{CategoryRow, EvalReport, QueryRow, QueryScores, Scores, OVERALL};

/// An engine under evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvalEngine {
    /// vnsearch's own index and search path.
    Vnsearch,
    /// Plain tantivy over whole articles.
    Tantivy,
    /// SQLite FTS5 over whole articles.
    Fts5,
}

impl EvalEngine {
    /// Every engine, in report order.
    pub const ALL: [EvalEngine; 3] = [EvalEngine::Vnsearch, EvalEngine::Tantivy, EvalEngine::Fts5];

    /// Name in reports and in the cache.
    pub fn name(self) -> &'static str {
        match self {
            EvalEngine::Vnsearch => "vnsearch",
            EvalEngine::Tantivy => "tantivy",
            EvalEngine::Fts5 => "fts5",
        }
    }

    fn engine(self, dir: &Path) -> Box<dyn Engine> {
        match self {
            EvalEngine::Vnsearch => Box::new(Vnsearch::new(dir)),
            EvalEngine::Tantivy => Box::new(PlainTantivy::with_unit(dir, Unit::Article)),
            EvalEngine::Fts5 => Box::new(Fts5::with_unit(dir, Unit::Article)),
        }
    }
}

/// What `vnsearch eval` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalOptions {
    /// The corpus directory (`.txt`, `.jsonl`), read with the ingest code.
    pub corpus: PathBuf,
    /// The judged query set.
    pub judgments: PathBuf,
    /// Engines to compare, in report order; empty = all.
    pub engines: Vec<EvalEngine>,
    /// Where built indexes are cached.
    pub data_dir: PathBuf,
}

impl EvalOptions {
    /// Every engine, indexes cached under `bench-data/eval`.
    pub fn new(corpus: impl Into<PathBuf>, judgments: impl Into<PathBuf>) -> Self {
        EvalOptions {
            corpus: corpus.into(),
            judgments: judgments.into(),
            engines: Vec::new(),
            data_dir: PathBuf::from("bench-data/eval"),
        }
    }

    fn engines(&self) -> Vec<EvalEngine> {
        if self.engines.is_empty() {
            return EvalEngine::ALL.to_vec();
        }
        let mut engines = Vec::new();
        for &engine in &self.engines {
            if !engines.contains(&engine) {
                engines.push(engine);
            }
        }
        engines
    }
}

/// Every engine's top-10 articles for every judged query.
struct Rankings {
    queries: Vec<JudgedQuery>,
    /// Articles in the corpus.
    corpus_size: usize,
    /// The loaded articles (empty when the cached indexes were searched without loading).
    articles: Vec<Article>,
    engines: Vec<EvalEngine>,
    /// `ranked[e][q]`: article ids of engine `e` for query `q`, best first.
    ranked: Vec<Vec<Vec<String>>>,
}

/// Scores every engine on the judged queries. Progress goes to `progress` (stderr in the CLI).
pub fn evaluate(options: &EvalOptions, progress: &mut dyn Write) -> Result<EvalReport> {
    let rankings = rank(options, false, progress)?;
    Ok(EvalReport::new(
        &rankings.queries,
        &rankings.engines,
        &rankings.ranked,
        rankings.corpus_size,
    ))
}

/// For each query, the articles in some engine's top 10 that are not judged yet.
pub fn pool(options: &EvalOptions, progress: &mut dyn Write) -> Result<Pool> {
    let rankings = rank(options, true, progress)?;
    Ok(Pool::new(
        &rankings.queries,
        &rankings.ranked,
        &rankings.articles,
    ))
}

/// Loads the judgments and (unless the manifest says the cached indexes are current and
/// `need_articles` is false) the corpus, builds or opens every engine's index, and runs every
/// query on every engine.
fn rank(options: &EvalOptions, need_articles: bool, progress: &mut dyn Write) -> Result<Rankings> {
    let queries = judgments::load(&options.judgments)?;
    if queries.is_empty() {
        return Err(Error::Judgments {
            path: options.judgments.clone(),
            reason: "no queries".into(),
        });
    }
    let engines = options.engines();
    let quick_key = cache::quick_key(&options.corpus);
    let current = Manifest::read(&options.data_dir).filter(|m| {
        quick_key.as_deref() == Some(m.quick_key.as_str()) && {
            let cache = Cache::new(&options.data_dir, &m.fingerprint);
            engines.iter().all(|e| cache.is_built(e.name()))
        }
    });
    let (articles, manifest) = match current {
        Some(manifest) if !need_articles => {
            let _ = writeln!(
                progress,
                "eval: corpus and executable unchanged since the last run: searching the \
                 cached indexes (fingerprint {})",
                manifest.fingerprint
            );
            (Vec::new(), manifest)
        }
        _ => {
            let articles = load(&options.corpus, progress)?;
            let manifest = Manifest {
                quick_key: quick_key.unwrap_or_default(),
                fingerprint: cache::fingerprint(&articles)?,
                articles: articles.len(),
            };
            let _ = writeln!(progress, "eval: fingerprint {}", manifest.fingerprint);
            (articles, manifest)
        }
    };
    let cache = Cache::new(&options.data_dir, &manifest.fingerprint);
    for stale in cache.remove_stale(&options.data_dir) {
        let _ = writeln!(progress, "eval: removed stale indexes {}", stale.display());
    }
    let mut ranked = Vec::with_capacity(engines.len());
    for &engine in &engines {
        let searcher = prepare(engine, &cache, &articles, progress)?;
        let started = Instant::now();
        let mut lists = Vec::with_capacity(queries.len());
        for query in &queries {
            let list = searcher
                .rank_articles(&query.query, metrics::DEPTH)
                .map_err(|e| match e {
                    Error::Query { .. } => Error::Judgments {
                        path: options.judgments.clone(),
                        reason: format!(
                            "query {:?}: {} cannot run it: {e}",
                            query.id,
                            engine.name()
                        ),
                    },
                    other => other,
                })?;
            lists.push(list);
        }
        let _ = writeln!(
            progress,
            "{}: {} queries in {:.2} s",
            engine.name(),
            queries.len(),
            started.elapsed().as_secs_f64()
        );
        ranked.push(lists);
    }
    if !manifest.quick_key.is_empty() {
        manifest.write(&options.data_dir)?;
    }
    Ok(Rankings {
        queries,
        corpus_size: manifest.articles,
        articles,
        engines,
        ranked,
    })
}

/// Loads and cleans the corpus with the ingest code.
fn load(corpus: &Path, progress: &mut dyn Write) -> Result<Vec<Article>> {
    let _ = writeln!(progress, "eval: loading and cleaning {}", corpus.display());
    let started = Instant::now();
    let (articles, warnings) = load_articles(corpus)?;
    if articles.is_empty() {
        return Err(Error::InvalidOption(format!(
            "no articles in {}",
            corpus.display()
        )));
    }
    let _ = writeln!(
        progress,
        "eval: {} articles ({warnings} warnings) in {:.1} s",
        articles.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(articles)
}

/// Opens `engine`'s cached index, or builds it (and caches it) when there is none.
fn prepare(
    engine: EvalEngine,
    cache: &Cache,
    articles: &[Article],
    progress: &mut dyn Write,
) -> Result<Box<dyn Engine>> {
    let name = engine.name();
    let dir = cache.engine_dir(name);
    if cache.is_built(name) {
        let mut searcher = engine.engine(&dir);
        match searcher.open() {
            Ok(()) => {
                let _ = writeln!(progress, "{name}: cached index {}", dir.display());
                return Ok(searcher);
            }
            Err(e) => {
                let _ = writeln!(progress, "{name}: cached index unusable ({e}); rebuilding");
            }
        }
    }
    if articles.is_empty() {
        // Only when the manifest promised a complete cache that then failed to open.
        return Err(Error::Corrupt(format!(
            "{name}: cached index in {} unusable; remove {} and run again",
            dir.display(),
            dir.display()
        )));
    }
    cache.clear(name)?;
    let _ = writeln!(progress, "{name}: building index in {}", dir.display());
    let started = Instant::now();
    let mut searcher = engine.engine(&dir);
    searcher.index(articles)?;
    cache.mark_built(name)?;
    let _ = writeln!(
        progress,
        "{name}: built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(searcher)
}

/// Articles by id, for the pool.
fn by_id(articles: &[Article]) -> HashMap<&str, &Article> {
    articles.iter().map(|a| (a.id.as_str(), a)).collect()
}
