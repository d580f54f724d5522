//! Ranking metrics at a cut-off `k`, from a ranked list of article ids and a query's graded
//! judgments. Unjudged articles count as non-relevant (grade 0).
//!
//! - P@k = relevant articles (grade ≥ 1) in the top k / k;
//! - nDCG@k = DCG@k / ideal DCG@k, DCG = Σ (2^grade − 1) / log2(rank + 1) over ranks 1..k,
//!   the ideal ranking being all the query's judged grades, best first;
//! - R@k = relevant articles in the top k / all judged relevant articles;
//! - condensed nDCG@k = nDCG@k of the ranking with the unjudged articles left out, cut at k
//!   (Sakai's "condensed list", for incomplete judgments): it does not punish a ranking change for
//!   putting articles nobody has judged yet into the top k, so it tells which way a change
//!   goes before the new articles are judged. Judge them (`eval --pool`) before quoting
//!   nDCG@k.

use super::judgments::JudgedQuery;

/// The cut-off of every metric: a page of results.
pub const K: usize = 10;
/// How deep each engine's ranking is read: the condensed nDCG@k fills its k places from the
/// judged articles of this many, so that leaving out unjudged articles does not leave holes.
pub const DEPTH: usize = 3 * K;

/// The metrics of one ranking for one query.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct QueryMetrics {
    pub precision: f64,
    pub ndcg: f64,
    /// nDCG@k over the judged articles of the top k only.
    pub condensed_ndcg: f64,
    pub recall: f64,
    /// Results in the top k that nobody judged (holes in the pool).
    pub unjudged: usize,
    /// Results in the top k (fewer than k when the engine found fewer).
    pub returned: usize,
}

/// Gain of a grade: 2^grade − 1 (0, 1, 3), so an article about the subject weighs three
/// times one that only discusses it.
pub fn gain(grade: u8) -> f64 {
    f64::from((1u32 << grade) - 1)
}

/// DCG of grades in rank order, cut at `k`.
pub fn dcg(grades: &[u8], k: usize) -> f64 {
    grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &g)| gain(g) / ((i + 2) as f64).log2())
        // Not `sum()`: an empty f64 sum is -0.0, printed "-0.000".
        .fold(0.0, |total, term| total + term)
}

/// nDCG@k of `ranked` grades against the ideal ordering of `judged` grades; `None` when no
/// judged article is relevant (the ideal DCG is 0).
pub fn ndcg(ranked: &[u8], judged: &[u8], k: usize) -> Option<f64> {
    let mut ideal = judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&ideal, k);
    (best > 0.0).then(|| dcg(ranked, k) / best)
}

/// The metrics of `ranked` (article ids, best first) for `query`; `None` when the query has
/// no relevant judged article, so it can say nothing about any ranking.
pub fn evaluate(query: &JudgedQuery, ranked: &[String], k: usize) -> Option<QueryMetrics> {
    let top = &ranked[..ranked.len().min(k)];
    let grades: Vec<Option<u8>> = top.iter().map(|id| query.grade(id)).collect();
    let ranked_grades: Vec<u8> = grades.iter().map(|g| g.unwrap_or(0)).collect();
    let relevant_judged = query.judgments.iter().filter(|&&(_, g)| g >= 1).count();
    let ndcg = ndcg(&ranked_grades, &query.grades(), k)?;
    let judged_grades: Vec<u8> = ranked.iter().filter_map(|id| query.grade(id)).collect();
    let condensed_ndcg = self::ndcg(&judged_grades, &query.grades(), k).unwrap_or(0.0);
    let relevant_found = ranked_grades.iter().filter(|&&g| g >= 1).count();
    Some(QueryMetrics {
        precision: relevant_found as f64 / k as f64,
        ndcg,
        condensed_ndcg,
        recall: relevant_found as f64 / relevant_judged as f64,
        unjudged: grades.iter().filter(|g| g.is_none()).count(),
        returned: top.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn query(judgments: &[(&str, u8)]) -> JudgedQuery {
        JudgedQuery {
            id: "q".into(),
            category: "c".into(),
            query: "x".into(),
            judgments: judgments.iter().map(|&(a, g)| (a.to_string(), g)).collect(),
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dcg_discounts_by_log2_of_rank_plus_one() {
        // Gains 3, 1, 0, 1 at ranks 1..4: 3/1 + 1/log2(3) + 0 + 1/log2(5).
        let expected = 3.0 + 1.0 / 3f64.log2() + 1.0 / 5f64.log2();
        assert!(close(dcg(&[2, 1, 0, 1], 10), expected));
        assert!(close(dcg(&[2, 1, 0, 1], 1), 3.0));
        assert_eq!(gain(0), 0.0);
        assert_eq!(gain(2), 3.0);
    }

    #[test]
    fn ndcg_of_perfect_reversed_and_empty_rankings() {
        let judged = [2, 1, 0];
        assert!(close(ndcg(&[2, 1, 0], &judged, 10).unwrap_or(0.0), 1.0));
        // Reversed: (0 + 1/log2(3) + 3/log2(4)) / (3 + 1/log2(3)).
        let reversed = (1.0 / 3f64.log2() + 1.5) / (3.0 + 1.0 / 3f64.log2());
        let got = ndcg(&[0, 1, 2], &judged, 10).unwrap_or(0.0);
        assert!(close(got, reversed), "{got} vs {reversed}");
        assert!(close(ndcg(&[], &judged, 10).unwrap_or(1.0), 0.0));
        // Nothing relevant judged: nDCG is undefined, not 0 or 1.
        assert_eq!(ndcg(&[0, 0], &[0, 0], 10), None);
    }

    #[test]
    fn ideal_is_cut_at_k_too() {
        // Twelve grade-2 articles judged; ten of them found = perfect at k = 10.
        assert!(close(ndcg(&[2; 10], &[2; 12], 10).unwrap_or(0.0), 1.0));
    }

    #[test]
    fn precision_recall_and_unjudged_of_one_ranking() {
        let q = query(&[("a", 2), ("b", 1), ("c", 0), ("d", 1), ("e", 2)]);
        let m = evaluate(&q, &ids(&["a", "x", "c", "b"]), 10).unwrap_or_default();
        assert!(close(m.precision, 0.2), "{m:?}");
        assert!(close(m.recall, 0.5), "{m:?}");
        assert_eq!((m.unjudged, m.returned), (1, 4));
        let ideal = dcg(&[2, 2, 1, 1], 10);
        assert!(close(m.ndcg, dcg(&[2, 0, 0, 1], 10) / ideal), "{m:?}");
        // Only the top k counts.
        let cut = evaluate(&q, &ids(&["x", "a", "e"]), 1).unwrap_or_default();
        assert_eq!((cut.precision, cut.ndcg, cut.recall), (0.0, 0.0, 0.0));
        assert_eq!((cut.unjudged, cut.returned), (1, 1));
        assert_eq!(evaluate(&query(&[("a", 0)]), &ids(&["a"]), 10), None);
    }
}
