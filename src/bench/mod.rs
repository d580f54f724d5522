//! Corpus generator and side-by-side benchmarks (issue 5).
//!
//! `vnsearch bench` generates (or takes) a corpus, then indexes and queries it with vnsearch,
//! plain tantivy and SQLite FTS5 one after the other, each engine in a child process of its
//! own and several runs each, and reports throughput, index size, peak RSS (indexing and
//! querying) and query latencies (pooled and per query class) as medians with their range,
//! with vnsearch/peer ratios.
//! [`eval`] (`vnsearch eval`) scores the same engines' relevance on a judged query set.

mod analyzer;
mod corpus;
mod engines;
pub mod eval;
mod loader;
mod measure;
mod ngrams;
mod queries;
mod report;
mod rng;
mod run;
mod syllables;
mod vocab;

pub use analyzer::{analyzer_throughput, AnalyzerReport};
pub use corpus::{generate, CorpusFormat, CorpusInfo};
pub use queries::QueryClass;
pub use report::BenchReport;
pub use report::{ClassLatency, EngineFigures, Spread};
pub use run::{
    corpus_dir, query_mix, run, run_engine, BenchOptions, EngineRun, DEFAULT_MB, DEFAULT_RUNS,
    ENGINES, REPEATS,
};
