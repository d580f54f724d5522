//! Corpus generator and side-by-side benchmarks (issue 5).
//!
//! `vnsearch bench` generates (or takes) a corpus, loads it once, then indexes and queries
//! it with vnsearch, plain tantivy and SQLite FTS5 one after the other in one process, and
//! reports throughput, index size, peak RSS and query latencies with vnsearch/peer ratios.
//! [`eval`] (`vnsearch eval`) scores the same engines' relevance on a judged query set.

mod analyzer;
mod corpus;
mod engines;
pub mod eval;
mod loader;
mod measure;
mod queries;
mod report;
mod rng;
mod run;
mod syllables;
mod vocab;

pub use analyzer::{analyzer_throughput, AnalyzerReport};
pub use corpus::{generate, CorpusFormat, CorpusInfo};
pub use report::BenchReport;
pub use run::{corpus_dir, run, BenchOptions, DEFAULT_MB};
