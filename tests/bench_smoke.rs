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
        runs: 1,
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

/// The binary's default path: every engine run in a child process of its own, several runs,
/// medians with their range, latency per query class, and both peaks.
#[test]
fn bench_runs_each_engine_in_its_own_process_several_times(
) -> Result<(), Box<dyn std::error::Error>> {
    let data = tempfile::tempdir()?;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .args([
            "bench",
            "--mb",
            "1",
            "--queries",
            "12",
            "--runs",
            "2",
            "--json",
        ])
        .arg("--data-dir")
        .arg(data.path())
        .output()?;
    let stderr = String::from_utf8(out.stderr)?;
    assert!(out.status.success(), "{stderr}");
    // Each child loads the corpus itself: one loading line per engine run, plus the parent's.
    assert_eq!(stderr.matches("loading ").count(), 1 + 3 * 2, "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    for name in ["vnsearch", "tantivy", "fts5"] {
        let engine = &json["engines"][name];
        assert_eq!(engine["spread"]["runs"], 2, "{engine}");
        let [lo, hi] = [0, 1].map(|i| engine["spread"]["query_p50_ms"][i].as_f64().unwrap_or(-1.0));
        let median = engine["query_p50_ms"].as_f64().unwrap_or(-1.0);
        assert!(lo > 0.0 && lo <= median && median <= hi, "{engine}");
        let classes: Vec<&str> = engine["classes"]
            .as_array()
            .map(|c| c.iter().filter_map(|c| c["class"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            classes.contains(&"unaccented_words") && classes.contains(&"phrases"),
            "{classes:?}"
        );
        if cfg!(target_os = "linux") {
            assert!(
                engine["query_peak_rss_bytes"]
                    .as_u64()
                    .is_some_and(|b| b > 1_000_000),
                "{engine}"
            );
        }
    }
    Ok(())
}
