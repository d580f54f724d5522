//! Corpus generator and side-by-side benchmarks (issue 5).

pub mod corpus;
pub mod rng;
pub mod syllables;
pub mod vocab;
