//! The benchmark's result: one table for people, one JSON object for tracking over time.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

/// Figures of one engine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngineFigures {
    pub name: String,
    /// Wall time of indexing, commit and merges included.
    pub index_seconds: f64,
    pub index_mb_per_s: f64,
    pub index_bytes: u64,
    /// Peak RSS while indexing (`None` without `/proc`).
    pub peak_rss_bytes: Option<u64>,
    pub query_p50_ms: f64,
    pub query_p95_ms: f64,
    pub query_p99_ms: f64,
}

/// A keyword query on which vnsearch and FTS5 did not count the same passages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub query: String,
    /// Matching passages per engine, in report order.
    pub hits: Vec<(String, usize)>,
    /// The likely cause.
    pub cause: String,
}

/// The check that the engines match the same passages on unaccented keyword queries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Agreement {
    /// Queries compared.
    pub compared: usize,
    pub differences: Vec<Disagreement>,
}

/// Everything one benchmark run measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    /// Input size in MB (10^6 bytes).
    pub corpus_mb: f64,
    pub articles: usize,
    pub passages: usize,
    /// Distinct queries, each run `repeats` times.
    pub queries: usize,
    pub repeats: usize,
    /// RSS with the corpus loaded, before any engine ran (included in every peak).
    pub baseline_rss_bytes: Option<u64>,
    pub engines: Vec<EngineFigures>,
    pub agreement: Agreement,
}

/// The JSON object tracked over time, exactly these keys.
#[derive(Serialize)]
struct JsonReport<'a> {
    corpus_mb: f64,
    passages: usize,
    engines: BTreeMap<&'a str, JsonEngine>,
}

#[derive(Serialize)]
struct JsonEngine {
    index_mb_per_s: f64,
    index_bytes: u64,
    peak_rss_bytes: Option<u64>,
    query_p50_ms: f64,
    query_p95_ms: f64,
    query_p99_ms: f64,
}

const MB: f64 = 1_000_000.0;

impl BenchReport {
    /// The figures of the engine called `name`.
    pub fn engine(&self, name: &str) -> Option<&EngineFigures> {
        self.engines.iter().find(|e| e.name == name)
    }

    /// `{"corpus_mb", "passages", "engines": {name: {index_mb_per_s, index_bytes,
    /// peak_rss_bytes, query_p50_ms, query_p95_ms, query_p99_ms}}}`.
    pub fn to_json(&self) -> String {
        let engines = self
            .engines
            .iter()
            .map(|e| {
                let figures = JsonEngine {
                    index_mb_per_s: e.index_mb_per_s,
                    index_bytes: e.index_bytes,
                    peak_rss_bytes: e.peak_rss_bytes,
                    query_p50_ms: e.query_p50_ms,
                    query_p95_ms: e.query_p95_ms,
                    query_p99_ms: e.query_p99_ms,
                };
                (e.name.as_str(), figures)
            })
            .collect();
        let report = JsonReport {
            corpus_mb: self.corpus_mb,
            passages: self.passages,
            engines,
        };
        serde_json::to_string(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The table: one row per figure, one column per engine, then vnsearch/peer ratios; the
    /// goals; the agreement check.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "corpus {:.1} MB, {} articles, {} passages; {} queries × {} runs (top 10 with snippets)",
            self.corpus_mb, self.articles, self.passages, self.queries, self.repeats
        );
        let peers: Vec<&EngineFigures> = self
            .engines
            .iter()
            .filter(|e| e.name != "vnsearch")
            .collect();
        let _ = write!(out, "\n{:<22}", "");
        for engine in &self.engines {
            let _ = write!(out, "{:>12}", engine.name);
        }
        for peer in &peers {
            let _ = write!(out, "{:>14}", format!("vn/{}", peer.name));
        }
        out.push('\n');
        type Figure = fn(&EngineFigures) -> Option<f64>;
        let rows: [(&str, Figure); 7] = [
            ("indexing MB/s", |e| Some(e.index_mb_per_s)),
            ("indexing time (s)", |e| Some(e.index_seconds)),
            ("index size (MB)", |e| Some(e.index_bytes as f64 / MB)),
            ("peak RSS (MB)", |e| e.peak_rss_bytes.map(|b| b as f64 / MB)),
            ("query p50 (ms)", |e| Some(e.query_p50_ms)),
            ("query p95 (ms)", |e| Some(e.query_p95_ms)),
            ("query p99 (ms)", |e| Some(e.query_p99_ms)),
        ];
        let vn = self.engine("vnsearch");
        for (label, figure) in rows {
            let _ = write!(out, "{label:<22}");
            for engine in &self.engines {
                let _ = write!(
                    out,
                    "{:>12}",
                    figure(engine).map_or("n/a".into(), |v| format!("{v:.3}"))
                );
            }
            for peer in &peers {
                let ratio = match (vn.and_then(figure), figure(peer)) {
                    (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
                    _ => "n/a".into(),
                };
                let _ = write!(out, "{ratio:>14}");
            }
            out.push('\n');
        }
        if let Some(base) = self.baseline_rss_bytes {
            let _ = writeln!(
                out,
                "(peak RSS includes {:.0} MB of loaded corpus)",
                base as f64 / MB
            );
        }
        out.push_str(&self.goals());
        let _ = writeln!(
            out,
            "\nagreement: {} unaccented keyword queries compared, {} with different hit counts",
            self.agreement.compared,
            self.agreement.differences.len()
        );
        for d in self.agreement.differences.iter().take(20) {
            let counts: Vec<String> = d.hits.iter().map(|(n, h)| format!("{n} {h}")).collect();
            let _ = writeln!(out, "  {:?}: {} — {}", d.query, counts.join(", "), d.cause);
        }
        out
    }

    /// The goals, each with its measured ratio (reported, never asserted).
    fn goals(&self) -> String {
        let (Some(vn), Some(tv), Some(fts)) = (
            self.engine("vnsearch"),
            self.engine("tantivy"),
            self.engine("fts5"),
        ) else {
            return String::new();
        };
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let goals = [
            (
                "indexing ≥3× FTS5 throughput",
                ratio(vn.index_mb_per_s, fts.index_mb_per_s),
                3.0,
                true,
            ),
            (
                "indexing time ≤1.5× tantivy",
                ratio(vn.index_seconds, tv.index_seconds),
                1.5,
                false,
            ),
            (
                "query p50 ≥5× faster than FTS5",
                ratio(fts.query_p50_ms, vn.query_p50_ms),
                5.0,
                true,
            ),
            (
                "query p50 ≤1.3× tantivy",
                ratio(vn.query_p50_ms, tv.query_p50_ms),
                1.3,
                false,
            ),
            (
                "index size ≤ FTS5",
                ratio(vn.index_bytes as f64, fts.index_bytes as f64),
                1.0,
                false,
            ),
        ];
        let mut out = String::from("\ngoals (reported, not asserted):\n");
        for (label, value, target, at_least) in goals {
            let met = if at_least {
                value >= target
            } else {
                value <= target
            };
            let _ = writeln!(
                out,
                "  {label:<34} {value:>7.2}×  {}",
                if met { "met" } else { "MISSED" }
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(name: &str, scale: f64) -> EngineFigures {
        EngineFigures {
            name: name.into(),
            index_seconds: 2.0 * scale,
            index_mb_per_s: 10.0 / scale,
            index_bytes: (1_000_000.0 * scale) as u64,
            peak_rss_bytes: Some(50_000_000),
            query_p50_ms: scale,
            query_p95_ms: 2.0 * scale,
            query_p99_ms: 3.0 * scale,
        }
    }

    fn report() -> BenchReport {
        BenchReport {
            corpus_mb: 20.0,
            articles: 10,
            passages: 100,
            queries: 200,
            repeats: 3,
            baseline_rss_bytes: None,
            engines: vec![
                figures("vnsearch", 1.0),
                figures("tantivy", 1.0),
                figures("fts5", 4.0),
            ],
            agreement: Agreement::default(),
        }
    }

    #[test]
    fn json_has_exactly_the_tracked_keys() -> Result<(), serde_json::Error> {
        let value: serde_json::Value = serde_json::from_str(&report().to_json())?;
        let mut keys: Vec<&String> = value
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        keys.sort();
        assert_eq!(keys, ["corpus_mb", "engines", "passages"]);
        let fts = &value["engines"]["fts5"];
        assert_eq!(fts["index_bytes"], 4_000_000);
        assert_eq!(fts["query_p99_ms"], 12.0);
        assert_eq!(value["engines"].as_object().map(|o| o.len()), Some(3));
        Ok(())
    }

    #[test]
    fn table_shows_ratios_and_goals() {
        let table = report().to_table();
        assert!(table.contains("vn/fts5") && table.contains("vn/tantivy"));
        // vnsearch p50 1 ms vs FTS5 4 ms.
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("query p50") && l.contains("0.25×")),
            "{table}"
        );
        assert!(table.contains("query p50 ≥5× faster than FTS5") && table.contains("MISSED"));
        assert!(table.contains("index size ≤ FTS5"));
    }
}
