//! In-process search latency of one index on a query list, per query class: for profiling
//! vnsearch alone (under `perf record`, or before/after a change) with the benchmark's query
//! mix, without re-indexing three engines.
//!
//! ```sh
//! target/release/vnsearch bench --corpus /tmp/vn-press-real --print-queries > /tmp/queries.tsv
//! cargo run --release --example query_latency -- /tmp/ix-real /tmp/queries.tsv [ROUNDS] [--slowest N] [--reopen]
//! ```
//!
//! Each line of the query file is `class<TAB>query` (or a bare query, class `all`). Every query
//! runs ROUNDS times (default 5) with the benchmark's options (top 10, every passage of an
//! article, snippets); a query's time is its median over the rounds. Prints p50/p95/p99 per
//! class and pooled, and the slowest queries.

use std::collections::BTreeMap;
use std::time::Instant;

use vnsearch::{SearchOptions, Searcher};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut slowest = 10usize;
    let mut reopen = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--reopen" {
            reopen = true;
        } else if arg == "--slowest" {
            slowest = iter.next().ok_or("--slowest takes a number")?.parse()?;
        } else {
            positional.push(arg.clone());
        }
    }
    let [index, queries, rest @ ..] = positional.as_slice() else {
        return Err(
            "usage: query_latency INDEX_DIR QUERIES_FILE [ROUNDS] [--slowest N] [--reopen]".into(),
        );
    };
    let rounds: usize = rest.first().map_or(Ok(5), |r| r.parse())?;
    let text = std::fs::read_to_string(queries).map_err(|e| format!("{queries}: {e}"))?;
    let queries: Vec<(String, String)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once('\t') {
            Some((class, query)) => (class.to_string(), query.to_string()),
            None => ("all".to_string(), l.to_string()),
        })
        .collect();
    let index = std::path::Path::new(index);
    let mut searcher = Some(Searcher::open(index)?);
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    let mut hits = vec![0usize; queries.len()];
    for _ in 0..rounds {
        for (i, (_, query)) in queries.iter().enumerate() {
            let options = SearchOptions {
                per_article: 0,
                ..SearchOptions::new(query.clone())
            };
            if reopen {
                // The previous searcher's mappings go before the clock starts.
                searcher = None;
            }
            let started = Instant::now();
            let results = match searcher.take() {
                Some(open) => searcher.insert(open).search(&options),
                None => searcher.insert(Searcher::open(index)?).search(&options),
            };
            times[i].push(started.elapsed().as_secs_f64() * 1000.0);
            hits[i] = results.map_or(0, |r| r.total_hits);
        }
    }
    let medians: Vec<f64> = times
        .iter_mut()
        .map(|t| {
            t.sort_by(f64::total_cmp);
            t[t.len() / 2]
        })
        .collect();
    let mut by_class: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for ((class, _), &m) in queries.iter().zip(&medians) {
        by_class.entry(class).or_default().push(m);
        by_class.entry("(all)").or_default().push(m);
    }
    println!(
        "{:<18} {:>7} {:>8} {:>8} {:>8}",
        "class", "queries", "p50 ms", "p95 ms", "p99 ms"
    );
    for (class, mut values) in by_class {
        values.sort_by(f64::total_cmp);
        println!(
            "{class:<18} {:>7} {:>8.2} {:>8.2} {:>8.2}",
            values.len(),
            percentile(&values, 50.0),
            percentile(&values, 95.0),
            percentile(&values, 99.0)
        );
    }
    let mut order: Vec<usize> = (0..queries.len()).collect();
    order.sort_by(|&a, &b| medians[b].total_cmp(&medians[a]));
    println!("slowest:");
    for &i in order.iter().take(slowest) {
        println!(
            "  {:>7.2} ms  {:>7} hits  {}",
            medians[i], hits[i], queries[i].1
        );
    }
    Ok(())
}
