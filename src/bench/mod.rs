//! Corpus generator and side-by-side benchmarks (issue 5).
//!
//! `vnsearch bench` generates (or takes) a corpus, loads it once, then indexes and queries
//! it with vnsearch, plain tantivy and SQLite FTS5 one after the other in one process, and
//! reports throughput, index size, peak RSS and query latencies with vnsearch/peer ratios.

pub mod analyzer;
pub mod corpus;
pub mod engines;
pub mod loader;
pub mod measure;
pub mod queries;
pub mod report;
pub mod rng;
pub mod run;
pub mod syllables;
pub mod vocab;

pub use corpus::{generate, CorpusFormat, CorpusInfo};
pub use report::BenchReport;
pub use run::{run, BenchOptions};
