//! The benchmark's result: one table for people, one JSON object for tracking over time.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::queries::QueryClass;

/// Figures of one engine: of one run, or the median of several (see [`Spread`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineFigures {
    pub name: String,
    /// Wall time of indexing, commit and merges included.
    pub index_seconds: f64,
    pub index_mb_per_s: f64,
    pub index_bytes: u64,
    /// Peak RSS while indexing (`None` without `/proc`).
    pub peak_rss_bytes: Option<u64>,
    /// Peak RSS while querying, measured from the end of indexing (`None` without `/proc`).
    pub query_peak_rss_bytes: Option<u64>,
    pub query_p50_ms: f64,
    pub query_p95_ms: f64,
    pub query_p99_ms: f64,
    /// Latency per query class.
    pub classes: Vec<ClassLatency>,
    /// Runs the figures are the median of, and their range.
    pub spread: Spread,
}

/// Latency percentiles of one class of queries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassLatency {
    pub class: QueryClass,
    /// Distinct queries of the class.
    pub queries: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// How many runs an engine's figures are the median of, and the lowest and highest value of
/// the main figures over those runs: on a shared machine a figure without its spread is not
/// a result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub runs: usize,
    pub index_mb_per_s: [f64; 2],
    pub index_bytes: [u64; 2],
    pub query_p50_ms: [f64; 2],
    pub query_p95_ms: [f64; 2],
    pub query_p99_ms: [f64; 2],
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
    /// Whether each engine ran in its own child process (peaks are then its own).
    pub isolated: bool,
    pub engines: Vec<EngineFigures>,
    pub agreement: Agreement,
}

/// The JSON object tracked over time, exactly these keys.
#[derive(Serialize)]
struct JsonReport<'a> {
    corpus_mb: f64,
    passages: usize,
    engines: BTreeMap<&'a str, JsonEngine<'a>>,
}

#[derive(Serialize)]
struct JsonEngine<'a> {
    index_mb_per_s: f64,
    index_bytes: u64,
    peak_rss_bytes: Option<u64>,
    query_p50_ms: f64,
    query_p95_ms: f64,
    query_p99_ms: f64,
    // Added fields (the tracked ones above keep their meaning: medians over the runs).
    query_peak_rss_bytes: Option<u64>,
    classes: &'a [ClassLatency],
    spread: &'a Spread,
}

const MB: f64 = 1_000_000.0;

/// A figure with three significant digits or so: `0.412`, `7.31`, `41.2`, `1579`.
fn short(value: f64) -> String {
    match value.abs() {
        v if v >= 100.0 => format!("{value:.0}"),
        v if v >= 10.0 => format!("{value:.1}"),
        v if v >= 1.0 => format!("{value:.2}"),
        _ => format!("{value:.3}"),
    }
}

impl BenchReport {
    /// The figures of the engine called `name`.
    pub fn engine(&self, name: &str) -> Option<&EngineFigures> {
        self.engines.iter().find(|e| e.name == name)
    }

    /// `{"corpus_mb", "passages", "engines": {name: {index_mb_per_s, index_bytes,
    /// peak_rss_bytes, query_p50_ms, query_p95_ms, query_p99_ms, query_peak_rss_bytes,
    /// classes: [{class, queries, p50_ms, p95_ms, p99_ms}], spread: {runs, index_mb_per_s,
    /// index_bytes, query_p50_ms, query_p95_ms, query_p99_ms: [min, max]}}}}`.
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
                    query_peak_rss_bytes: e.query_peak_rss_bytes,
                    classes: &e.classes,
                    spread: &e.spread,
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

    /// The table: one row per figure, one column per engine (median, and the range over the
    /// runs where one was measured), then vnsearch/peer ratios of the medians; latency per
    /// query class; the goals; the agreement check.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let runs = self.engines.first().map_or(1, |e| e.spread.runs);
        let _ = writeln!(
            out,
            "corpus {:.1} MB, {} articles, {} passages; {} queries × {} repeats (top 10 with \
             snippets, exact hit count); median of {runs} run{} per engine, each engine in {}",
            self.corpus_mb,
            self.articles,
            self.passages,
            self.queries,
            self.repeats,
            if runs == 1 { "" } else { "s" },
            if self.isolated {
                "its own process"
            } else {
                "this process"
            }
        );
        let peers: Vec<&EngineFigures> = self
            .engines
            .iter()
            .filter(|e| e.name != "vnsearch")
            .collect();
        let _ = write!(out, "\n{:<24}", "");
        for engine in &self.engines {
            let _ = write!(out, "{:>22}", engine.name);
        }
        for peer in &peers {
            let _ = write!(out, "{:>13}", format!("vn/{}", peer.name));
        }
        out.push('\n');
        type Figure = fn(&EngineFigures) -> Option<f64>;
        type Range = fn(&EngineFigures) -> Option<[f64; 2]>;
        let class = |e: &EngineFigures, class: QueryClass| {
            e.classes.iter().find(|c| c.class == class).cloned()
        };
        let rows: Vec<(&str, Figure, Range)> = vec![
            (
                "indexing MB/s",
                |e| Some(e.index_mb_per_s),
                |e| Some(e.spread.index_mb_per_s),
            ),
            ("indexing time (s)", |e| Some(e.index_seconds), |_| None),
            (
                "index size (MB)",
                |e| Some(e.index_bytes as f64 / MB),
                |e| Some(e.spread.index_bytes.map(|b| b as f64 / MB)),
            ),
            (
                "peak RSS indexing (MB)",
                |e| e.peak_rss_bytes.map(|b| b as f64 / MB),
                |_| None,
            ),
            (
                "peak RSS querying (MB)",
                |e| e.query_peak_rss_bytes.map(|b| b as f64 / MB),
                |_| None,
            ),
            (
                "query p50 (ms)",
                |e| Some(e.query_p50_ms),
                |e| Some(e.spread.query_p50_ms),
            ),
            (
                "query p95 (ms)",
                |e| Some(e.query_p95_ms),
                |e| Some(e.spread.query_p95_ms),
            ),
            (
                "query p99 (ms)",
                |e| Some(e.query_p99_ms),
                |e| Some(e.spread.query_p99_ms),
            ),
        ];
        let vn = self.engine("vnsearch");
        for (label, figure, range) in rows {
            let _ = write!(out, "{label:<24}");
            for engine in &self.engines {
                let cell = match (figure(engine), range(engine)) {
                    (None, _) => "n/a".to_string(),
                    (Some(v), Some([lo, hi])) if runs > 1 => {
                        format!("{} ({}–{})", short(v), short(lo), short(hi))
                    }
                    (Some(v), _) => short(v),
                };
                let _ = write!(out, "{cell:>22}");
            }
            for peer in &peers {
                let ratio = match (vn.and_then(figure), figure(peer)) {
                    (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
                    _ => "n/a".into(),
                };
                let _ = write!(out, "{ratio:>13}");
            }
            out.push('\n');
        }
        for query_class in QueryClass::ALL {
            let queries = vn
                .and_then(|e| class(e, query_class))
                .map_or(0, |c| c.queries);
            let _ = write!(
                out,
                "{:<24}",
                format!(
                    "{} ({queries}) p50/p99",
                    query_class.name().replace('_', " ")
                )
            );
            for engine in &self.engines {
                let cell = class(engine, query_class).map_or("n/a".to_string(), |c| {
                    format!("{} / {}", short(c.p50_ms), short(c.p99_ms))
                });
                let _ = write!(out, "{cell:>22}");
            }
            for peer in &peers {
                let ratio = match (
                    vn.and_then(|e| class(e, query_class)),
                    class(peer, query_class),
                ) {
                    (Some(a), Some(b)) if b.p50_ms > 0.0 => format!("{:.2}×", a.p50_ms / b.p50_ms),
                    _ => "n/a".into(),
                };
                let _ = write!(out, "{ratio:>13}");
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
        let phrases_p99 = vn
            .classes
            .iter()
            .find(|c| c.class == QueryClass::Phrases)
            .map_or(f64::NAN, |c| c.p99_ms);
        // The speed issue's goals: (label, measured, target, at least?, unit).
        let goals = [
            (
                "query p50 ≤ 1.0× tantivy",
                ratio(vn.query_p50_ms, tv.query_p50_ms),
                1.0,
                false,
                "×",
            ),
            ("query p50 ≤ 1.5 ms", vn.query_p50_ms, 1.5, false, " ms"),
            ("query p99 ≤ 10 ms", vn.query_p99_ms, 10.0, false, " ms"),
            ("phrase p99 ≤ 10 ms", phrases_p99, 10.0, false, " ms"),
            (
                "index size ≤ 1.3× tantivy",
                ratio(vn.index_bytes as f64, tv.index_bytes as f64),
                1.3,
                false,
                "×",
            ),
            (
                "indexing ≥ 1.5× FTS5 throughput",
                ratio(vn.index_mb_per_s, fts.index_mb_per_s),
                1.5,
                true,
                "×",
            ),
        ];
        let mut out = String::from("\ngoals (reported, not asserted):\n");
        for (label, value, target, at_least, unit) in goals {
            let met = if at_least {
                value >= target
            } else {
                value <= target
            };
            let _ = writeln!(
                out,
                "  {label:<34} {value:>7.2}{unit:<3}  {}",
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
            query_peak_rss_bytes: Some(40_000_000),
            query_p50_ms: scale,
            query_p95_ms: 2.0 * scale,
            query_p99_ms: 3.0 * scale,
            classes: vec![ClassLatency {
                class: QueryClass::Phrases,
                queries: 5,
                p50_ms: 2.0 * scale,
                p95_ms: 3.0 * scale,
                p99_ms: 4.0 * scale,
            }],
            spread: Spread {
                runs: 3,
                index_mb_per_s: [9.0 / scale, 11.0 / scale],
                index_bytes: [(1_000_000.0 * scale) as u64; 2],
                query_p50_ms: [0.9 * scale, 1.2 * scale],
                query_p95_ms: [1.8 * scale, 2.2 * scale],
                query_p99_ms: [2.5 * scale, 3.5 * scale],
            },
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
            isolated: true,
            engines: vec![
                figures("vnsearch", 1.0),
                figures("tantivy", 0.5),
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
        assert_eq!(fts["spread"]["runs"], 3);
        assert_eq!(fts["classes"][0]["class"], "phrases");
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
        // vnsearch p50 1 ms: under 1.5 ms, but twice tantivy's 0.5 ms.
        let goal = |label: &str| {
            table
                .lines()
                .find(|l| l.trim_start().starts_with(label))
                .unwrap_or_default()
                .to_string()
        };
        assert!(goal("query p50 ≤ 1.5 ms").ends_with("met"), "{table}");
        assert!(
            goal("query p50 ≤ 1.0× tantivy").contains("2.00×"),
            "{table}"
        );
        assert!(
            goal("query p50 ≤ 1.0× tantivy").ends_with("MISSED"),
            "{table}"
        );
        assert!(goal("phrase p99 ≤ 10 ms").contains("4.00 ms"), "{table}");
        assert!(
            goal("index size ≤ 1.3× tantivy").ends_with("MISSED"),
            "{table}"
        );
        // Medians with their range, and the phrase class apart.
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("query p50") && l.contains("1.00 (0.900–1.20)")),
            "{table}"
        );
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("phrases (5) p50/p99") && l.contains("8.00 / 16.0")),
            "{table}"
        );
        assert!(table.contains("median of 3 runs per engine, each engine in its own process"));
    }
}
