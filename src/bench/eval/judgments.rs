//! The judged query set: queries, their category, and graded article ids (no article text).
//!
//! ```json
//! {
//!   "description": "free text",
//!   "queries": [
//!     {"id": "typos-01", "category": "typos", "query": "bien doi khi hâu",
//!      "intent": "what a grade-2 article is about (optional)",
//!      "judgments": {"bm_21395276": 2, "dt_news_world_12": 0}}
//!   ]
//! }
//! ```
//!
//! Grades: 2 = the article is about the query's subject, 1 = it discusses it substantially,
//! 0 = it mentions it in passing or not at all. Every problem is reported with the file and
//! the query (and article) it concerns.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::{Error, Result};

/// The highest grade.
pub const MAX_GRADE: u8 = 2;

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgedQuery {
    /// Stable id (`typos-01`).
    pub id: String,
    /// Category, a row of the report (`unaccented`, `typos`, …).
    pub category: String,
    /// The query as a user types it, in vnsearch's query language.
    pub query: String,
    /// Article id → grade (0, 1 or 2), in file order.
    pub judgments: Vec<(String, u8)>,
}

impl JudgedQuery {
    /// The grade of `article`, if judged.
    pub fn grade(&self, article: &str) -> Option<u8> {
        self.judgments
            .iter()
            .find(|(id, _)| id == article)
            .map(|&(_, grade)| grade)
    }

    /// Every judged grade (the ideal ranking of nDCG is drawn from them).
    pub fn grades(&self) -> Vec<u8> {
        self.judgments.iter().map(|&(_, grade)| grade).collect()
    }
}

/// Reads and checks a judgments file.
pub fn load(path: &Path) -> Result<Vec<JudgedQuery>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text, path)
}

/// Parses and checks the text of a judgments file; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<JudgedQuery>> {
    let bad = |reason: String| Error::Judgments {
        path: path.to_path_buf(),
        reason,
    };
    let file: File = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let mut ids = HashSet::new();
    let mut queries = Vec::with_capacity(file.queries.len());
    for (number, raw) in file.queries.into_iter().enumerate() {
        let name = format!("query #{} ({:?})", number + 1, raw.id);
        if raw.id.trim().is_empty() {
            return Err(bad(format!("query #{} has an empty id", number + 1)));
        }
        if !ids.insert(raw.id.clone()) {
            return Err(bad(format!("{name}: the id is used twice")));
        }
        if raw.category.trim().is_empty() {
            return Err(bad(format!("{name}: empty category")));
        }
        if raw.query.trim().is_empty() {
            return Err(bad(format!("{name}: empty query")));
        }
        let mut judged = HashSet::new();
        let mut judgments = Vec::with_capacity(raw.judgments.0.len());
        for (article, value) in raw.judgments.0 {
            if !judged.insert(article.clone()) {
                return Err(bad(format!("{name}: article {article:?} is judged twice")));
            }
            let grade = value
                .as_u64()
                .and_then(|g| u8::try_from(g).ok())
                .filter(|&g| g <= MAX_GRADE)
                .ok_or_else(|| {
                    bad(format!(
                        "{name}: grade {value} of article {article:?} is not 0, 1 or 2"
                    ))
                })?;
            judgments.push((article, grade));
        }
        queries.push(JudgedQuery {
            id: raw.id,
            category: raw.category,
            query: raw.query,
            judgments,
        });
    }
    Ok(queries)
}

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    queries: Vec<RawQuery>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuery {
    id: String,
    category: String,
    query: String,
    /// What a grade-2 article is about: the judge's guide, not used by the metrics.
    #[serde(default)]
    #[allow(dead_code)]
    intent: Option<String>,
    #[serde(default)]
    judgments: Entries,
}

/// The entries of a JSON object in file order, duplicates kept (so they can be reported).
#[derive(Default)]
struct Entries(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of article id → grade")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Vec<JudgedQuery>> {
        parse(text, Path::new("eval/j.json"))
    }

    fn error_of(text: &str) -> String {
        match parse_str(text) {
            Ok(q) => panic!("accepted: {q:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn parses_queries_in_file_order() -> Result<()> {
        let queries = parse_str(
            r#"{"description": "test set", "queries": [
                {"id": "names-1", "category": "names", "query": "Nguyễn Xuân Phúc",
                 "intent": "the prime minister", "judgments": {"b": 2, "a": 0, "c": 1}},
                {"id": "typos-1", "category": "typos", "query": "khí hâu"}
            ]}"#,
        )?;
        assert_eq!(queries.len(), 2);
        assert_eq!(queries[0].category, "names");
        assert_eq!(
            queries[0].judgments,
            [
                ("b".to_string(), 2),
                ("a".to_string(), 0),
                ("c".to_string(), 1)
            ]
        );
        assert_eq!(queries[0].grade("c"), Some(1));
        assert_eq!(queries[0].grade("z"), None);
        assert_eq!(queries[0].grades(), [2, 0, 1]);
        assert!(queries[1].judgments.is_empty());
        Ok(())
    }

    #[test]
    fn errors_name_the_file_and_the_bad_entry() {
        let grade = error_of(
            r#"{"queries": [{"id": "q1", "category": "c", "query": "x", "judgments": {"bm_1": 3}}]}"#,
        );
        assert!(grade.starts_with("eval/j.json: "), "{grade}");
        assert!(
            grade.contains(r#"query #1 ("q1"): grade 3 of article "bm_1" is not 0, 1 or 2"#),
            "{grade}"
        );
        let text_grade = error_of(
            r#"{"queries": [{"id": "q1", "category": "c", "query": "x", "judgments": {"bm_1": "2"}}]}"#,
        );
        assert!(
            text_grade.contains(r#"grade "2" of article "bm_1""#),
            "{text_grade}"
        );
        let twice = error_of(
            r#"{"queries": [{"id": "q1", "category": "c", "query": "x", "judgments": {"a": 1, "a": 2}}]}"#,
        );
        assert!(twice.contains(r#"article "a" is judged twice"#), "{twice}");
        let same_id = error_of(
            r#"{"queries": [{"id": "q1", "category": "c", "query": "x"},
                            {"id": "q1", "category": "c", "query": "y"}]}"#,
        );
        assert!(
            same_id.contains(r#"query #2 ("q1"): the id is used twice"#),
            "{same_id}"
        );
        let empty = error_of(r#"{"queries": [{"id": "q1", "category": "c", "query": " "}]}"#);
        assert!(empty.contains("empty query"), "{empty}");
        // A misspelt field is an error, not a silently empty set of judgments.
        let misspelt = error_of(
            r#"{"queries": [{"id": "q1", "category": "c", "query": "x", "judgements": {}}]}"#,
        );
        assert!(
            misspelt.contains("unknown field `judgements`"),
            "{misspelt}"
        );
        // Syntax errors say where.
        let syntax = error_of(r#"{"queries": [}"#);
        assert!(
            syntax.starts_with("eval/j.json: ") && syntax.contains("line 1"),
            "{syntax}"
        );
    }

    #[test]
    fn a_missing_file_is_an_io_error_naming_it() {
        let error = load(Path::new("/nonexistent/judgments.json"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.starts_with("/nonexistent/judgments.json: "),
            "{error}"
        );
    }
}
