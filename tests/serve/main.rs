//! `vnsearch serve` end to end: the real binary on a temporary index (crafted articles, or
//! the seeds), driven over HTTP.

mod meili;
mod native;
mod robustness;
mod support;
