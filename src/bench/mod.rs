//! Corpus generator and side-by-side benchmarks (issue 5).

pub mod corpus;
pub mod loader;
pub mod measure;
pub mod queries;
pub mod rng;
pub mod syllables;
pub mod vocab;
