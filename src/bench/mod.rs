//! Corpus generator and side-by-side benchmarks (issue 5).

pub mod analyzer;
