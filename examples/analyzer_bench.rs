//! Analyzer throughput on the seed articles, side by side with tantivy's own analyzer.
//!
//! Run: `cargo run --release --example analyzer_bench [SEED_DIR] [MIN_SECONDS]`
//! Prints a JSON report (see `vnsearch::bench::AnalyzerReport`).

use std::path::PathBuf;

use anyhow::Context;

/// Size of the benchmark corpus: the seeds repeated up to at least this many bytes.
const CORPUS_BYTES: usize = 4_000_000;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "seeds".into()));
    let min_seconds: f64 = match args.next() {
        Some(s) => s.parse().context("MIN_SECONDS must be a number")?,
        None => 3.0,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut seeds = String::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
        seeds.push_str(&text);
        seeds.push('\n');
    }
    anyhow::ensure!(
        !seeds.trim().is_empty(),
        "no seed text in {}",
        dir.display()
    );
    let corpus = seeds.repeat(CORPUS_BYTES.div_ceil(seeds.len()));
    let report = vnsearch::bench::analyzer_throughput(&corpus, min_seconds);
    println!("{}", serde_json::to_string_pretty(&report)?);
    eprintln!(
        "vnsearch {:.1} MB/s, tantivy {:.1} MB/s: {:.2}x tantivy's time per MB (goal <= 1.5x)",
        report.vnsearch_mb_per_s, report.tantivy_mb_per_s, report.time_ratio
    );
    Ok(())
}
