//! One benchmark: load the corpus, then index and query it with each engine in turn, each
//! [`BenchOptions::runs`] times (in a child process of its own when
//! [`BenchOptions::isolate`] says so), and report the medians with their range.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::corpus::{generate, CorpusFormat};
use super::engines::{fts5::Fts5, tantivy_plain::PlainTantivy, vnsearch::Vnsearch, Engine};
use super::loader::load_articles;
use super::measure::{current_rss, dir_size, peak_rss, percentile, reset_peak_rss};
use super::queries::{self, words_of, BenchQuery, QueryClass};
use super::report::{Agreement, BenchReport, ClassLatency, Disagreement, EngineFigures, Spread};
use crate::ingest::Article;
use crate::{Error, Result};

/// Corpus size when neither `mb` nor `corpus` is given.
pub const DEFAULT_MB: u64 = 50;
/// Times each query is run (round-robin over the whole set, every call timed).
pub const REPEATS: usize = 3;
/// Runs per engine (each a fresh index and a fresh process when isolated): the report gives
/// their median and range.
pub const DEFAULT_RUNS: usize = 3;
/// The engines, in report order.
pub const ENGINES: [&str; 3] = ["vnsearch", "tantivy", "fts5"];

/// What `vnsearch bench` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchOptions {
    /// Size of the generated corpus in MB (10^6 bytes); ignored when `corpus` is set.
    pub mb: Option<u64>,
    /// A real corpus directory (`.txt` / `.jsonl`) instead of a generated one.
    pub corpus: Option<PathBuf>,
    /// Distinct queries (each run [`REPEATS`] times).
    pub queries: usize,
    /// Print JSON instead of the table.
    pub json: bool,
    /// Where generated corpora and the engines' indexes go.
    pub data_dir: PathBuf,
    /// Seed of the corpus generator and the query mix.
    pub seed: u64,
    /// Runs per engine (at least 1).
    pub runs: usize,
    /// Run each engine in a child process of this executable (`vnsearch bench
    /// --child-engine NAME …`, see [`run_engine`]), so that its peak memory is its own and no
    /// engine inherits another's heap or page cache state in the process. `None`: in this
    /// process (tests, and programs embedding the benchmark).
    pub isolate: Option<PathBuf>,
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
            runs: DEFAULT_RUNS,
            isolate: None,
        }
    }
}

/// One run of one engine: its figures and the hit count of each query (in the order of the
/// query mix). What a child process prints, as one JSON line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineRun {
    pub figures: EngineFigures,
    pub hits: Vec<usize>,
}

/// Where the generated corpus of `mb` MB and `seed` is cached under `data_dir`.
pub fn corpus_dir(data_dir: &Path, mb: u64, seed: u64) -> PathBuf {
    data_dir.join(format!("corpus-{mb}mb-seed{seed}"))
}

/// The corpus directory of `options`, generated first when it is a generated one.
fn prepare_corpus(options: &BenchOptions, progress: &mut dyn Write) -> Result<PathBuf> {
    if let Some(dir) = &options.corpus {
        return Ok(dir.clone());
    }
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
    Ok(dir)
}

/// The cleaned articles of `corpus_dir` and the query mix drawn from them.
fn load(
    corpus_dir: &Path,
    options: &BenchOptions,
    progress: &mut dyn Write,
) -> Result<(Vec<Article>, Vec<BenchQuery>)> {
    let _ = writeln!(progress, "loading {} (untimed)", corpus_dir.display());
    let (articles, warnings) = load_articles(corpus_dir)?;
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
    let queries = queries::generate(&articles, options.queries, options.seed);
    Ok((articles, queries))
}

/// The query mix the benchmark would run on `options`' corpus, one line a query: its class,
/// a tab, and the query as vnsearch is given it (`vnsearch bench --print-queries`). For
/// profiling one engine on its own (`examples/query_latency.rs`) with the same queries.
pub fn query_mix(
    options: &BenchOptions,
    progress: &mut dyn Write,
) -> Result<Vec<(QueryClass, String)>> {
    let corpus_dir = prepare_corpus(options, progress)?;
    let (_, queries) = load(&corpus_dir, options, progress)?;
    Ok(queries.iter().map(|q| (q.class(), q.text())).collect())
}

/// Runs the benchmark, writing progress lines to `progress` (stderr in the CLI).
pub fn run(options: &BenchOptions, progress: &mut dyn Write) -> Result<BenchReport> {
    let corpus_dir = prepare_corpus(options, progress)?;
    let (articles, queries) = load(&corpus_dir, options, progress)?;
    let corpus_bytes: usize = articles.iter().map(|a| a.raw.len()).sum();
    let passages: usize = articles.iter().map(|a| a.passages.len()).sum();
    let baseline_rss_bytes = current_rss();
    let index_root = options.data_dir.join("indexes");
    let mut figures = Vec::new();
    let mut counts = Vec::new();
    for name in ENGINES {
        let mut runs = Vec::new();
        for round in 0..options.runs.max(1) {
            let _ = writeln!(
                progress,
                "{name}: run {} of {}",
                round + 1,
                options.runs.max(1)
            );
            let run = match &options.isolate {
                Some(exe) => run_child(exe, options, &corpus_dir, name)?,
                None => {
                    let dir = index_root.join(name);
                    measure_engine(
                        engine(name, &dir)?,
                        &dir,
                        &articles,
                        &queries,
                        corpus_bytes,
                        progress,
                    )?
                }
            };
            runs.push(run);
        }
        counts.push(runs.first().map(|r| r.hits.clone()).unwrap_or_default());
        figures.push(median_figures(
            runs.into_iter().map(|r| r.figures).collect(),
        ));
    }
    let _ = std::fs::remove_dir_all(&index_root);
    Ok(BenchReport {
        corpus_mb: corpus_bytes as f64 / 1e6,
        articles: articles.len(),
        passages,
        queries: queries.len(),
        repeats: REPEATS,
        baseline_rss_bytes: if options.isolate.is_some() {
            None
        } else {
            baseline_rss_bytes
        },
        isolated: options.isolate.is_some(),
        agreement: agreement(&queries, &figures, &counts),
        engines: figures,
    })
}

/// One run of the engine `name` in this process, on `options.corpus` (what a child process
/// of [`BenchOptions::isolate`] does): load the corpus and the query mix, index, query.
pub fn run_engine(
    options: &BenchOptions,
    name: &str,
    progress: &mut dyn Write,
) -> Result<EngineRun> {
    let corpus_dir = prepare_corpus(options, progress)?;
    let (articles, queries) = load(&corpus_dir, options, progress)?;
    let corpus_bytes: usize = articles.iter().map(|a| a.raw.len()).sum();
    let dir = options.data_dir.join("indexes").join(name);
    let run = measure_engine(
        engine(name, &dir)?,
        &dir,
        &articles,
        &queries,
        corpus_bytes,
        progress,
    )?;
    Ok(run)
}

/// The engine called `name`, indexing into `dir`.
fn engine(name: &str, dir: &Path) -> Result<Box<dyn Engine>> {
    Ok(match name {
        "vnsearch" => Box::new(Vnsearch::new(dir)),
        "tantivy" => Box::new(PlainTantivy::new(dir)),
        "fts5" => Box::new(Fts5::new(dir)),
        other => {
            return Err(Error::InvalidOption(format!(
                "no engine {other:?} (one of {})",
                ENGINES.join(", ")
            )))
        }
    })
}

/// Runs `exe bench --child-engine NAME` on `corpus_dir` and reads its [`EngineRun`].
fn run_child(
    exe: &Path,
    options: &BenchOptions,
    corpus_dir: &Path,
    name: &str,
) -> Result<EngineRun> {
    let output = std::process::Command::new(exe)
        .arg("bench")
        .arg("--child-engine")
        .arg(name)
        .arg("--corpus")
        .arg(corpus_dir)
        .arg("--queries")
        .arg(options.queries.to_string())
        .arg("--seed")
        .arg(options.seed.to_string())
        .arg("--data-dir")
        .arg(&options.data_dir)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Error::io(exe, e))?;
    if !output.status.success() {
        return Err(Error::InvalidOption(format!(
            "the {name} benchmark process failed ({})",
            output.status
        )));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| {
        Error::InvalidOption(format!(
            "the {name} benchmark process printed no result: {e}"
        ))
    })
}

/// The median of each figure over `runs` (one engine's), with the range of the main ones.
fn median_figures(runs: Vec<EngineFigures>) -> EngineFigures {
    let median = |values: Vec<f64>| {
        let mut values = values;
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(0.0)
    };
    let range = |values: Vec<f64>| {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        [lo, hi]
    };
    let of = |f: fn(&EngineFigures) -> f64| runs.iter().map(f).collect::<Vec<f64>>();
    let optional = |f: fn(&EngineFigures) -> Option<u64>| {
        let values: Vec<f64> = runs.iter().filter_map(f).map(|v| v as f64).collect();
        (!values.is_empty()).then(|| median(values) as u64)
    };
    let Some(first) = runs.first() else {
        return EngineFigures {
            name: String::new(),
            index_seconds: 0.0,
            index_mb_per_s: 0.0,
            index_bytes: 0,
            peak_rss_bytes: None,
            query_peak_rss_bytes: None,
            query_p50_ms: 0.0,
            query_p95_ms: 0.0,
            query_p99_ms: 0.0,
            classes: Vec::new(),
            spread: Spread::default(),
        };
    };
    let classes = first
        .classes
        .iter()
        .map(|class| {
            let same: Vec<&ClassLatency> = runs
                .iter()
                .flat_map(|r| r.classes.iter().filter(|c| c.class == class.class))
                .collect();
            ClassLatency {
                class: class.class,
                queries: class.queries,
                p50_ms: median(same.iter().map(|c| c.p50_ms).collect()),
                p95_ms: median(same.iter().map(|c| c.p95_ms).collect()),
                p99_ms: median(same.iter().map(|c| c.p99_ms).collect()),
            }
        })
        .collect();
    let bytes = of(|e| e.index_bytes as f64);
    let bytes_range = range(bytes.clone());
    EngineFigures {
        name: first.name.clone(),
        index_seconds: median(of(|e| e.index_seconds)),
        index_mb_per_s: median(of(|e| e.index_mb_per_s)),
        index_bytes: median(bytes) as u64,
        peak_rss_bytes: optional(|e| e.peak_rss_bytes),
        query_peak_rss_bytes: optional(|e| e.query_peak_rss_bytes),
        query_p50_ms: median(of(|e| e.query_p50_ms)),
        query_p95_ms: median(of(|e| e.query_p95_ms)),
        query_p99_ms: median(of(|e| e.query_p99_ms)),
        classes,
        spread: Spread {
            runs: runs.len(),
            index_mb_per_s: range(of(|e| e.index_mb_per_s)),
            index_bytes: bytes_range.map(|b| b as u64),
            query_p50_ms: range(of(|e| e.query_p50_ms)),
            query_p95_ms: range(of(|e| e.query_p95_ms)),
            query_p99_ms: range(of(|e| e.query_p99_ms)),
        },
    }
}

/// Indexes with one engine (timed, peak RSS, size on disk), then runs every query
/// [`REPEATS`] times (peak RSS again, from the end of indexing); returns the figures (of this
/// one run) and the hit count of each query.
fn measure_engine(
    mut engine: Box<dyn Engine>,
    dir: &Path,
    articles: &[Article],
    queries: &[BenchQuery],
    corpus_bytes: usize,
    progress: &mut dyn Write,
) -> Result<EngineRun> {
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
    let query_peak_known = reset_peak_rss();
    let mut timings: Vec<(QueryClass, f64)> = Vec::with_capacity(queries.len() * REPEATS);
    let mut hits = vec![0; queries.len()];
    for round in 0..REPEATS {
        for (i, query) in queries.iter().enumerate() {
            let started = Instant::now();
            let outcome = engine.query(query)?;
            timings.push((query.class(), started.elapsed().as_secs_f64() * 1000.0));
            if round == 0 {
                hits[i] = outcome.total_hits;
            }
        }
    }
    let query_peak_rss_bytes = peak_rss().filter(|_| query_peak_known);
    drop(engine);
    let _ = std::fs::remove_dir_all(dir);
    let classes = QueryClass::ALL
        .iter()
        .filter_map(|&class| {
            let mut times: Vec<f64> = timings
                .iter()
                .filter(|(c, _)| *c == class)
                .map(|(_, t)| *t)
                .collect();
            times.sort_by(f64::total_cmp);
            (!times.is_empty()).then(|| ClassLatency {
                class,
                queries: queries.iter().filter(|q| q.class() == class).count(),
                p50_ms: percentile(&times, 50.0),
                p95_ms: percentile(&times, 95.0),
                p99_ms: percentile(&times, 99.0),
            })
        })
        .collect();
    let mut all: Vec<f64> = timings.iter().map(|(_, t)| *t).collect();
    all.sort_by(f64::total_cmp);
    let index_mb_per_s = corpus_bytes as f64 / 1e6 / index_seconds.max(1e-9);
    let figures = EngineFigures {
        name: name.to_string(),
        index_seconds,
        index_mb_per_s,
        index_bytes,
        peak_rss_bytes,
        query_peak_rss_bytes,
        query_p50_ms: percentile(&all, 50.0),
        query_p95_ms: percentile(&all, 95.0),
        query_p99_ms: percentile(&all, 99.0),
        classes,
        spread: Spread {
            runs: 1,
            index_mb_per_s: [index_mb_per_s; 2],
            index_bytes: [index_bytes; 2],
            query_p50_ms: [percentile(&all, 50.0); 2],
            query_p95_ms: [percentile(&all, 95.0); 2],
            query_p99_ms: [percentile(&all, 99.0); 2],
        },
    };
    Ok(EngineRun { figures, hits })
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
