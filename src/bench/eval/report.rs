//! The evaluation's result: per category (and overall) per engine P@10, nDCG@10, R@10 and
//! pool coverage; a table per metric for people, one JSON object for scripts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::judgments::JudgedQuery;
use super::metrics::{evaluate, QueryMetrics, K};
use super::EvalEngine;

/// How one table shows an engine's scores in a cell.
type Cell = fn(&Scores) -> String;

/// Name of the row over all evaluated queries.
pub const OVERALL: &str = "overall";

/// Mean metrics of a set of queries for one engine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub precision_at_10: f64,
    pub ndcg_at_10: f64,
    /// nDCG@10 with the unjudged articles left out of the top 10 (see `metrics`).
    pub condensed_ndcg_at_10: f64,
    pub recall_at_10: f64,
    /// Results in these queries' top 10 that are not judged (counted as non-relevant).
    pub unjudged_at_10: usize,
    /// Results in these queries' top 10.
    pub returned_at_10: usize,
}

impl Scores {
    fn mean(metrics: &[QueryMetrics]) -> Scores {
        let n = metrics.len().max(1) as f64;
        let sum = |f: fn(&QueryMetrics) -> f64| metrics.iter().map(f).fold(0.0, |a, b| a + b) / n;
        Scores {
            precision_at_10: sum(|m| m.precision),
            ndcg_at_10: sum(|m| m.ndcg),
            condensed_ndcg_at_10: sum(|m| m.condensed_ndcg),
            recall_at_10: sum(|m| m.recall),
            unjudged_at_10: metrics.iter().map(|m| m.unjudged).sum(),
            returned_at_10: metrics.iter().map(|m| m.returned).sum(),
        }
    }
}

/// One row of the report: a category (or [`OVERALL`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryRow {
    pub category: String,
    /// Queries evaluated in this row.
    pub queries: usize,
    /// Engine name → mean scores.
    pub engines: BTreeMap<String, Scores>,
}

/// One engine's result for one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryScores {
    pub precision_at_10: f64,
    pub ndcg_at_10: f64,
    pub recall_at_10: f64,
    pub unjudged_at_10: usize,
    /// The engine's top 10 article ids, best first.
    pub top: Vec<String>,
}

/// One evaluated query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryRow {
    pub id: String,
    pub category: String,
    pub query: String,
    /// Engine name → scores.
    pub engines: BTreeMap<String, QueryScores>,
}

/// The whole evaluation (the `--json` output).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Articles in the corpus.
    pub articles: usize,
    /// Queries evaluated (those with at least one relevant judged article).
    pub queries: usize,
    /// Graded (query, article) pairs in the judgments file.
    pub judgments: usize,
    /// Ids of queries left out: no judged article is relevant, so no ranking can be scored.
    pub unevaluated: Vec<String>,
    /// Engines in report order.
    pub engines: Vec<String>,
    /// Categories in order of first appearance in the judgments file, then [`OVERALL`]
    /// (the mean over all evaluated queries, not over categories).
    pub categories: Vec<CategoryRow>,
    /// Every evaluated query, in file order.
    pub per_query: Vec<QueryRow>,
}

impl EvalReport {
    /// Scores `ranked[e][q]` (engine `engines[e]`, query `queries[q]`).
    pub fn new(
        queries: &[JudgedQuery],
        engines: &[EvalEngine],
        ranked: &[Vec<Vec<String>>],
        articles: usize,
    ) -> EvalReport {
        let mut per_query = Vec::new();
        let mut unevaluated = Vec::new();
        let mut categories: Vec<String> = Vec::new();
        // metrics[e] = (category, metrics) of every evaluated query.
        let mut metrics: Vec<Vec<(String, QueryMetrics)>> = vec![Vec::new(); engines.len()];
        for (q, query) in queries.iter().enumerate() {
            let scored: Option<Vec<QueryMetrics>> = ranked
                .iter()
                .map(|lists| evaluate(query, lists.get(q).map_or(&[][..], Vec::as_slice), K))
                .collect();
            let Some(scored) = scored else {
                unevaluated.push(query.id.clone());
                continue;
            };
            if !categories.contains(&query.category) {
                categories.push(query.category.clone());
            }
            let mut row = BTreeMap::new();
            for (e, (engine, m)) in engines.iter().zip(&scored).enumerate() {
                metrics[e].push((query.category.clone(), *m));
                let top = ranked[e].get(q).cloned().unwrap_or_default();
                row.insert(
                    engine.name().to_string(),
                    QueryScores {
                        precision_at_10: m.precision,
                        ndcg_at_10: m.ndcg,
                        recall_at_10: m.recall,
                        unjudged_at_10: m.unjudged,
                        top: top.into_iter().take(K).collect(),
                    },
                );
            }
            per_query.push(QueryRow {
                id: query.id.clone(),
                category: query.category.clone(),
                query: query.query.clone(),
                engines: row,
            });
        }
        let row = |category: &str, all: bool| {
            let mut engines_scores = BTreeMap::new();
            let mut count = 0;
            for (engine, list) in engines.iter().zip(&metrics) {
                let chosen: Vec<QueryMetrics> = list
                    .iter()
                    .filter(|(c, _)| all || c == category)
                    .map(|(_, m)| *m)
                    .collect();
                count = chosen.len();
                engines_scores.insert(engine.name().to_string(), Scores::mean(&chosen));
            }
            CategoryRow {
                category: category.to_string(),
                queries: count,
                engines: engines_scores,
            }
        };
        let mut rows: Vec<CategoryRow> = categories.iter().map(|c| row(c, false)).collect();
        rows.push(row(OVERALL, true));
        EvalReport {
            articles,
            queries: per_query.len(),
            judgments: queries.iter().map(|q| q.judgments.len()).sum(),
            unevaluated,
            engines: engines.iter().map(|e| e.name().to_string()).collect(),
            categories: rows,
            per_query,
        }
    }

    /// The report as one JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// One table per metric (categories as rows, engines as columns), then pool coverage;
    /// with `per_query`, each query's nDCG@10 per engine.
    pub fn to_table(&self, per_query: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} queries evaluated, {} judgments, {} articles",
            self.queries, self.judgments, self.articles
        );
        if !self.unevaluated.is_empty() {
            let _ = writeln!(
                out,
                "not evaluated (no relevant judgment): {}",
                self.unevaluated.join(", ")
            );
        }
        let tables: [(&str, Cell); 5] = [
            ("nDCG@10 (gain 2^grade-1)", |s| {
                format!("{:.3}", s.ndcg_at_10)
            }),
            ("P@10 (grade >= 1)", |s| format!("{:.3}", s.precision_at_10)),
            ("R@10 (of judged relevant)", |s| {
                format!("{:.3}", s.recall_at_10)
            }),
            ("unjudged in top 10", |s| {
                format!("{}/{}", s.unjudged_at_10, s.returned_at_10)
            }),
            ("nDCG@10 of judged only (condensed)", |s| {
                format!("{:.3}", s.condensed_ndcg_at_10)
            }),
        ];
        let label_width = self
            .categories
            .iter()
            .map(|r| r.category.chars().count() + 5)
            .chain(tables.iter().map(|(t, _)| t.len()))
            .max()
            .unwrap_or(0);
        for (title, cell) in tables {
            let _ = write!(out, "\n{title:<label_width$}");
            for engine in &self.engines {
                let _ = write!(out, " {engine:>9}");
            }
            out.push('\n');
            for row in &self.categories {
                let label = format!("{} ({})", row.category, row.queries);
                let _ = write!(out, "{label:<label_width$}");
                for engine in &self.engines {
                    let value = row.engines.get(engine).map(cell).unwrap_or_default();
                    let _ = write!(out, " {value:>9}");
                }
                out.push('\n');
            }
        }
        if per_query {
            out.push_str(&self.per_query_table());
        }
        out
    }

    fn per_query_table(&self) -> String {
        let mut out = String::from("\nnDCG@10 per query");
        let width = self
            .per_query
            .iter()
            .map(|q| q.id.chars().count())
            .max()
            .unwrap_or(0)
            .max("query".len());
        let _ = write!(out, "\n{:<width$}", "query");
        for engine in &self.engines {
            let _ = write!(out, " {engine:>9}");
        }
        out.push_str("  text\n");
        for query in &self.per_query {
            let _ = write!(out, "{:<width$}", query.id);
            for engine in &self.engines {
                let value = query
                    .engines
                    .get(engine)
                    .map(|s| format!("{:.3}", s.ndcg_at_10))
                    .unwrap_or_default();
                let _ = write!(out, " {value:>9}");
            }
            let _ = writeln!(out, "  {}", query.query);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(id: &str, category: &str, judgments: &[(&str, u8)]) -> JudgedQuery {
        JudgedQuery {
            id: id.into(),
            category: category.into(),
            query: format!("text of {id}"),
            judgments: judgments.iter().map(|&(a, g)| (a.to_string(), g)).collect(),
        }
    }

    fn list(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rows_average_per_category_and_overall_over_queries() {
        let queries = [
            query("n1", "names", &[("a", 2), ("b", 0)]),
            query("n2", "names", &[("c", 1)]),
            query("t1", "typos", &[("d", 2), ("e", 2)]),
            query("z1", "typos", &[("f", 0)]),
        ];
        let engines = [EvalEngine::Vnsearch, EvalEngine::Fts5];
        let ranked = vec![
            vec![list(&["a"]), list(&["c"]), list(&["d", "e"]), list(&["f"])],
            vec![list(&["b", "x"]), list(&["c"]), Vec::new(), list(&[])],
        ];
        let report = EvalReport::new(&queries, &engines, &ranked, 9);
        assert_eq!(report.queries, 3);
        assert_eq!(report.unevaluated, ["z1"]);
        assert_eq!(report.judgments, 6);
        let names: Vec<&str> = report
            .categories
            .iter()
            .map(|r| r.category.as_str())
            .collect();
        assert_eq!(names, ["names", "typos", OVERALL]);
        let vn = &report.categories[2].engines["vnsearch"];
        assert!((vn.ndcg_at_10 - 1.0).abs() < 1e-9, "{vn:?}");
        assert!((vn.precision_at_10 - 4.0 / 30.0).abs() < 1e-9, "{vn:?}");
        let fts = &report.categories[0].engines["fts5"];
        assert!((fts.ndcg_at_10 - 0.5).abs() < 1e-9, "{fts:?}");
        assert!((fts.recall_at_10 - 0.5).abs() < 1e-9, "{fts:?}");
        assert_eq!((fts.unjudged_at_10, fts.returned_at_10), (1, 3));
        assert_eq!(report.categories[1].queries, 1);
        assert_eq!(report.per_query[0].engines["fts5"].top, ["b", "x"]);
        let table = report.to_table(true);
        assert!(table.contains("overall (3)"), "{table}");
        assert!(table.contains("unjudged in top 10"), "{table}");
        assert!(
            table.contains("not evaluated (no relevant judgment): z1"),
            "{table}"
        );
        assert!(
            table.contains("t1        1.000     0.000  text of t1"),
            "{table}"
        );
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap_or_default();
        let overall = json["categories"][2]["engines"]["fts5"]["ndcg_at_10"].as_f64();
        assert!(
            overall.is_some_and(|v| (v - 1.0 / 3.0).abs() < 1e-9),
            "{json}"
        );
    }
}
