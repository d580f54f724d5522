//! One benchmark run: load the corpus once, then index and query it with each engine in turn.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::corpus::{generate, CorpusFormat};
use super::engines::{fts5::Fts5, tantivy_plain::PlainTantivy, vnsearch::Vnsearch, Engine};
use super::loader::load_articles;
use super::measure::{current_rss, dir_size, peak_rss, percentile, reset_peak_rss};
use super::queries::{self, words_of, BenchQuery};
use super::report::{Agreement, BenchReport, Disagreement, EngineFigures};
use crate::ingest::Article;
use crate::{Error, Result};

/// Corpus size when neither `mb` nor `corpus` is given.
pub const DEFAULT_MB: u64 = 50;
/// Times each query is run (round-robin over the whole set, every call timed).
pub const REPEATS: usize = 3;

/// What `vnsearch bench` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchOptions {
    /// Size of the generated corpus in MB (10^6 bytes); ignored when `corpus` is set.
    pub mb: Option<u64>,
    /// A real corpus directory (`.txt` / `.jsonl`) instead of a generated one.
    pub corpus: Option<PathBuf>,
    /// Distinct queries (each run 3 times).
    pub queries: usize,
    /// Print JSON instead of the table.
    pub json: bool,
    /// Where generated corpora and the engines' indexes go.
    pub data_dir: PathBuf,
    /// Seed of the corpus generator and the query mix.
    pub seed: u64,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            mb: None,
            corpus: None,
            queries: 240,
            json: false,
            data_dir: PathBuf::from("bench-data"),
            seed: 42,
        }
    }
}

/// Where the generated corpus of `mb` MB and `seed` is cached under `data_dir`.
pub fn corpus_dir(data_dir: &Path, mb: u64, seed: u64) -> PathBuf {
    data_dir.join(format!("corpus-{mb}mb-seed{seed}"))
}

/// Runs the benchmark, writing progress lines to `progress` (stderr in the CLI).
pub fn run(options: &BenchOptions, progress: &mut dyn Write) -> Result<BenchReport> {
    let corpus_dir = match &options.corpus {
        Some(dir) => dir.clone(),
        None => {
            let mb = options.mb.unwrap_or(DEFAULT_MB);
            let dir = corpus_dir(&options.data_dir, mb, options.seed);
            let _ = writeln!(
                progress,
                "corpus: generating {mb} MB in {} (reused if there)",
                dir.display()
            );
            let info = generate(&dir, mb, options.seed, CorpusFormat::Txt)?;
            let _ = writeln!(
                progress,
                "corpus: {} articles, vocabulary {} forms",
                info.articles, info.vocabulary
            );
            dir
        }
    };
    let _ = writeln!(progress, "loading {} (untimed)", corpus_dir.display());
    let (articles, warnings) = load_articles(&corpus_dir)?;
    if warnings > 0 {
        let _ = writeln!(
            progress,
            "loading: {warnings} warnings (files or lines skipped)"
        );
    }
    if articles.is_empty() {
        return Err(Error::InvalidOption(format!(
            "no articles in {}",
            corpus_dir.display()
        )));
    }
    let corpus_bytes: usize = articles.iter().map(|a| a.raw.len()).sum();
    let passages: usize = articles.iter().map(|a| a.passages.len()).sum();
    let queries = queries::generate(&articles, options.queries, options.seed);
    let baseline_rss_bytes = current_rss();
    let index_root = options.data_dir.join("indexes");
    let engines: Vec<Box<dyn Engine>> = vec![
        Box::new(Vnsearch::new(&index_root.join("vnsearch"))),
        Box::new(PlainTantivy::new(&index_root.join("tantivy"))),
        Box::new(Fts5::new(&index_root.join("fts5"))),
    ];
    let mut figures = Vec::new();
    let mut counts = Vec::new();
    for engine in engines {
        let dir = index_root.join(engine.name());
        let (engine_figures, hits) =
            measure_engine(engine, &dir, &articles, &queries, corpus_bytes, progress)?;
        figures.push(engine_figures);
        counts.push(hits);
    }
    let _ = std::fs::remove_dir_all(&index_root);
    Ok(BenchReport {
        corpus_mb: corpus_bytes as f64 / 1e6,
        articles: articles.len(),
        passages,
        queries: queries.len(),
        repeats: REPEATS,
        baseline_rss_bytes,
        agreement: agreement(&queries, &figures, &counts),
        engines: figures,
    })
}

/// Indexes with one engine (timed, peak RSS, size on disk), then runs every query
/// [`REPEATS`] times; returns the figures and the hit count of each query.
fn measure_engine(
    mut engine: Box<dyn Engine>,
    dir: &Path,
    articles: &[Article],
    queries: &[BenchQuery],
    corpus_bytes: usize,
    progress: &mut dyn Write,
) -> Result<(EngineFigures, Vec<usize>)> {
    let name = engine.name();
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let _ = writeln!(progress, "{name}: indexing");
    let peak_known = reset_peak_rss();
    let started = Instant::now();
    engine.index(articles)?;
    let index_seconds = started.elapsed().as_secs_f64();
    let peak_rss_bytes = peak_rss().filter(|_| peak_known);
    let index_bytes = dir_size(dir);
    let _ = writeln!(
        progress,
        "{name}: {index_seconds:.2} s, {:.1} MB; querying",
        index_bytes as f64 / 1e6
    );
    let mut timings = Vec::with_capacity(queries.len() * REPEATS);
    let mut hits = vec![0; queries.len()];
    for round in 0..REPEATS {
        for (i, query) in queries.iter().enumerate() {
            let started = Instant::now();
            let outcome = engine.query(query)?;
            timings.push(started.elapsed().as_secs_f64() * 1000.0);
            if round == 0 {
                hits[i] = outcome.total_hits;
            }
        }
    }
    drop(engine);
    let _ = std::fs::remove_dir_all(dir);
    timings.sort_by(f64::total_cmp);
    let figures = EngineFigures {
        name: name.to_string(),
        index_seconds,
        index_mb_per_s: corpus_bytes as f64 / 1e6 / index_seconds.max(1e-9),
        index_bytes,
        peak_rss_bytes,
        query_p50_ms: percentile(&timings, 50.0),
        query_p95_ms: percentile(&timings, 95.0),
        query_p99_ms: percentile(&timings, 99.0),
    };
    Ok((figures, hits))
}

/// Compares hit counts of the unaccented keyword queries between vnsearch and FTS5.
fn agreement(
    queries: &[BenchQuery],
    figures: &[EngineFigures],
    counts: &[Vec<usize>],
) -> Agreement {
    let position = |name: &str| figures.iter().position(|f| f.name == name);
    let (Some(vn), Some(fts)) = (position("vnsearch"), position("fts5")) else {
        return Agreement::default();
    };
    let mut result = Agreement::default();
    for (i, query) in queries.iter().enumerate() {
        if !query.is_unaccented_keywords() {
            continue;
        }
        result.compared += 1;
        if counts[vn][i] == counts[fts][i] {
            continue;
        }
        let hits = figures
            .iter()
            .zip(counts)
            .map(|(f, c)| (f.name.clone(), c[i]))
            .collect();
        result.differences.push(Disagreement {
            query: query.text(),
            hits,
            cause: likely_cause(query),
        });
    }
    result
}

/// Why vnsearch and FTS5 may count differently: the words split or fold differently in the
/// two analyzers (FTS5 sees alphanumeric runs folded by unicode61).
fn likely_cause(query: &BenchQuery) -> String {
    let text = query.words.join(" ");
    let ours: Vec<String> = crate::text::tokens(&text)
        .into_iter()
        .map(|t| t.folded)
        .collect();
    let theirs: Vec<String> = words_of(&crate::text::fold(&text)).collect();
    if ours != theirs {
        format!("segmentation/folding differs: vnsearch {ours:?}, FTS5 {theirs:?}")
    } else {
        "same query words: the passages' text is segmented or normalized differently \
         (vnsearch normalizes look-alikes, tone placement and i/y spellings)"
            .to_string()
    }
}
