#![cfg(feature = "bench")]
//! Smoke test of the benchmark: a tiny generated corpus through all three engines, so the
//! benchmark code cannot rot. No timing is asserted, only that every figure was measured and
//! the agreement check ran.

use vnsearch::bench::{run, BenchOptions};

#[test]
fn bench_runs_all_engines_on_a_tiny_corpus() -> Result<(), Box<dyn std::error::Error>> {
    let data = tempfile::tempdir()?;
    let options = BenchOptions {
        mb: Some(1),
        queries: 20,
        data_dir: data.path().to_path_buf(),
        ..BenchOptions::default()
    };
    let mut progress = Vec::new();
    let report = run(&options, &mut progress)?;
    assert!(
        report.corpus_mb > 0.9 && report.corpus_mb < 1.5,
        "{}",
        report.corpus_mb
    );
    assert!(report.passages > report.articles && report.articles > 100);
    assert_eq!(report.queries, 20);
    let names: Vec<&str> = report.engines.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["vnsearch", "tantivy", "fts5"]);
    for engine in &report.engines {
        assert!(
            engine.index_mb_per_s > 0.0 && engine.index_mb_per_s.is_finite(),
            "{engine:?}"
        );
        assert!(engine.index_bytes > 100_000, "{engine:?}");
        assert!(engine.query_p50_ms > 0.0, "{engine:?}");
        assert!(engine.query_p50_ms <= engine.query_p95_ms);
        assert!(engine.query_p95_ms <= engine.query_p99_ms);
        if cfg!(target_os = "linux") {
            assert!(
                engine.peak_rss_bytes.is_some_and(|b| b > 1_000_000),
                "{engine:?}"
            );
        }
    }
    // Half the queries are typed without accents; the keyword ones among them were compared.
    assert!(report.agreement.compared >= 5, "{:?}", report.agreement);
    let json: serde_json::Value = serde_json::from_str(&report.to_json())?;
    assert_eq!(json["passages"], report.passages);
    assert!(json["engines"]["fts5"]["query_p95_ms"].is_number());
    assert!(report.to_table().contains("vn/fts5"));
    // Only the cached corpus is left behind: the engines' indexes are removed.
    assert_eq!(std::fs::read_dir(data.path())?.count(), 1);
    assert!(String::from_utf8(progress)?.contains("fts5: indexing"));
    Ok(())
}
