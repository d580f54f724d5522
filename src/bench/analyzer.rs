//! Analyzer throughput: the vnsearch analyzer side by side with tantivy's own
//! `SimpleTokenizer + LowerCaser + AsciiFoldingFilter`, on the same text in the same run.

use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream,
};

/// Result of [`analyzer_throughput`].
#[derive(Debug, Clone, Serialize)]
pub struct AnalyzerReport {
    /// Size of the text analyzed per pass, in bytes.
    pub bytes: usize,
    /// Throughput of the vnsearch analyzer (exact + folded forms), in MB/s (10^6 bytes).
    pub vnsearch_mb_per_s: f64,
    /// Throughput of tantivy's `SimpleTokenizer + LowerCaser + AsciiFoldingFilter`, in MB/s.
    pub tantivy_mb_per_s: f64,
    /// vnsearch time per MB divided by tantivy time per MB (lower is better).
    pub time_ratio: f64,
    /// Tokens emitted per pass by vnsearch (two per word).
    pub vnsearch_tokens: usize,
    /// Tokens emitted per pass by tantivy.
    pub tantivy_tokens: usize,
}

/// Measures both analyzers on `text`, each for at least `min_seconds` (passes alternate so
/// that both see the same machine conditions).
pub fn analyzer_throughput(text: &str, min_seconds: f64) -> AnalyzerReport {
    let mut ours = crate::text::analyzer();
    let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let min = Duration::from_secs_f64(min_seconds.max(0.0));
    let (mut ours_time, mut theirs_time) = (Duration::ZERO, Duration::ZERO);
    let (mut ours_tokens, mut theirs_tokens) = (0, 0);
    // One warm-up pass each, then alternate until both have run long enough.
    count_tokens(&mut ours, text);
    count_tokens(&mut theirs, text);
    let mut passes = 0u32;
    while passes == 0 || ours_time < min || theirs_time < min {
        let (n, t) = timed(&mut ours, text);
        ours_tokens = n;
        ours_time += t;
        let (n, t) = timed(&mut theirs, text);
        theirs_tokens = n;
        theirs_time += t;
        passes += 1;
    }
    let mb = text.len() as f64 * f64::from(passes) / 1e6;
    let ours_secs = ours_time.as_secs_f64().max(f64::MIN_POSITIVE);
    let theirs_secs = theirs_time.as_secs_f64().max(f64::MIN_POSITIVE);
    AnalyzerReport {
        bytes: text.len(),
        vnsearch_mb_per_s: mb / ours_secs,
        tantivy_mb_per_s: mb / theirs_secs,
        time_ratio: ours_secs / theirs_secs,
        vnsearch_tokens: ours_tokens,
        tantivy_tokens: theirs_tokens,
    }
}

fn timed(analyzer: &mut TextAnalyzer, text: &str) -> (usize, Duration) {
    let start = Instant::now();
    let n = count_tokens(analyzer, text);
    (n, start.elapsed())
}

/// Runs `analyzer` over `text`, touching every token so nothing is optimized away.
fn count_tokens(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    let mut bytes = 0;
    while stream.advance() {
        n += 1;
        bytes += stream.token().text.len();
    }
    std::hint::black_box(bytes);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_counts_both_analyzers() {
        let report = analyzer_throughput("Thủ tướng Chính phủ, Hoà Bình", 0.0);
        assert_eq!(report.bytes, "Thủ tướng Chính phủ, Hoà Bình".len());
        assert_eq!(report.vnsearch_tokens, 12);
        assert_eq!(report.tantivy_tokens, 6);
        assert!(report.vnsearch_mb_per_s > 0.0 && report.tantivy_mb_per_s > 0.0);
    }
}
