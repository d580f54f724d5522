//! The judging pool (`vnsearch eval --pool`): per query, the articles in some engine's top 10
//! that are not judged yet, with the title and the start of the text. Articles are listed by
//! id, never by engine or rank, so the judge grades what the article says, not who found it.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use super::judgments::JudgedQuery;
use super::metrics::K;
use crate::ingest::Article;

/// Characters of text shown per article: about the headline's lead paragraph.
pub const START_CHARS: usize = 300;

/// An article to judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoolArticle {
    pub article_id: String,
    pub title: String,
    /// The first ~300 characters of the cleaned text, cut at a word boundary.
    pub start: String,
}

/// One query's articles to judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoolQuery {
    pub id: String,
    pub category: String,
    pub query: String,
    /// Articles already judged for this query.
    pub judged: usize,
    pub to_judge: Vec<PoolArticle>,
}

/// Every query with something to judge, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pool {
    pub queries: Vec<PoolQuery>,
}

impl Pool {
    /// The pool of `ranked[e][q]` (engine `e`, query `q`) over the loaded `articles`.
    pub fn new(queries: &[JudgedQuery], ranked: &[Vec<Vec<String>>], articles: &[Article]) -> Pool {
        let by_id = super::by_id(articles);
        let mut pool = Vec::new();
        for (q, query) in queries.iter().enumerate() {
            let unjudged: BTreeSet<&str> = ranked
                .iter()
                .filter_map(|lists| lists.get(q))
                .flat_map(|list| list.iter().take(K))
                .map(String::as_str)
                .filter(|id| query.grade(id).is_none())
                .collect();
            if unjudged.is_empty() {
                continue;
            }
            let to_judge = unjudged
                .into_iter()
                .map(|id| {
                    let article = by_id.get(id);
                    PoolArticle {
                        article_id: id.to_string(),
                        title: article.map(|a| a.title.clone()).unwrap_or_default(),
                        start: article
                            .map(|a| start_of(&a.passages.join(" ")))
                            .unwrap_or_default(),
                    }
                })
                .collect();
            pool.push(PoolQuery {
                id: query.id.clone(),
                category: query.category.clone(),
                query: query.query.clone(),
                judged: query.judgments.len(),
                to_judge,
            });
        }
        Pool { queries: pool }
    }

    /// Articles to judge over all queries.
    pub fn len(&self) -> usize {
        self.queries.iter().map(|q| q.to_judge.len()).sum()
    }

    /// Whether every pooled article is judged.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// For people: a header per query, then `id | title` and the start of each article.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for query in &self.queries {
            let _ = writeln!(
                out,
                "=== {} [{}] {}  ({} to judge, {} judged)",
                query.id,
                query.category,
                query.query,
                query.to_judge.len(),
                query.judged
            );
            for article in &query.to_judge {
                let _ = writeln!(out, "{} | {}", article.article_id, article.title);
                let _ = writeln!(out, "    {}", article.start);
            }
            out.push('\n');
        }
        out
    }

    /// One JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The first [`START_CHARS`] characters of `text`, cut at a word boundary, `…` where cut.
fn start_of(text: &str) -> String {
    let text = text.trim();
    let Some((cut, _)) = text.char_indices().nth(START_CHARS) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_unjudged_top_articles_of_every_engine_by_id() {
        let articles = [
            crate::clean_article("b", "Bão số 2 vào Quảng Ninh\n\nGió mạnh cấp 9.", "b.txt"),
            crate::clean_article("a", "Báo chí cách mạng\n\nNgày 21/6.", "a.txt"),
        ];
        let queries = [
            JudgedQuery {
                id: "q1".into(),
                category: "accent-sensitive".into(),
                query: "bão".into(),
                judgments: vec![("c".into(), 2)],
            },
            JudgedQuery {
                id: "q2".into(),
                category: "names".into(),
                query: "x".into(),
                judgments: vec![("a".into(), 0)],
            },
        ];
        let ranked = vec![
            vec![vec!["c".into(), "b".into()], vec!["a".into()]],
            vec![vec!["a".into(), "b".into(), "zz".into()], vec![]],
        ];
        let pool = Pool::new(&queries, &ranked, &articles);
        assert_eq!(pool.len(), 3);
        assert_eq!(pool.queries.len(), 1);
        let ids: Vec<&str> = pool.queries[0]
            .to_judge
            .iter()
            .map(|a| a.article_id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b", "zz"]);
        assert_eq!(pool.queries[0].to_judge[1].title, "Bão số 2 vào Quảng Ninh");
        assert!(pool.queries[0].to_judge[1].start.contains("cấp 9"));
        let text = pool.to_text();
        assert!(text.starts_with("=== q1 [accent-sensitive] bão  (3 to judge, 1 judged)\n"));
        assert!(text.contains("\nb | Bão số 2 vào Quảng Ninh\n"), "{text}");
    }

    #[test]
    fn starts_are_cut_at_a_word_boundary() {
        let long = "một ".repeat(200);
        let start = start_of(&long);
        assert!(start.ends_with("một…"), "{start}");
        assert!(start.chars().count() <= START_CHARS + 1);
        assert_eq!(start_of(" ngắn "), "ngắn");
    }
}
