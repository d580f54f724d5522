//! SQLite FTS5, what a Vietnamese developer would otherwise reach for: one table, the
//! `unicode61 remove_diacritics 2` tokenizer, `đ`/`Đ` folded to `d` before indexing and in
//! queries (unicode61 keeps `đ`, which is a letter, not a `d` with a mark), all inserts in one
//! transaction, `bm25()` order and `snippet()`. The stored text is the folded one, so snippets
//! show `d` for `đ`: the price of making FTS5 match `đ` without a custom tokenizer.
//! Rows are passages, or whole articles ([`Unit::Article`], title + text, passage 0).

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};

use super::{clauses, depth, distinct_articles, Engine, Hit, QueryOutcome, Unit, TOP};
use crate::bench::queries::{BenchQuery, QueryKind};
use crate::ingest::Article;
use crate::{Error, Result};

/// Name of the database file inside the engine's directory.
pub const DB_FILE: &str = "fts5.db";

/// The FTS5 engine, indexing into `dir/fts5.db`.
pub struct Fts5 {
    dir: PathBuf,
    unit: Unit,
    connection: Option<Connection>,
}

impl Fts5 {
    /// One row per passage.
    pub fn new(dir: &Path) -> Fts5 {
        Fts5::with_unit(dir, Unit::Passage)
    }

    /// One row per `unit`.
    pub fn with_unit(dir: &Path, unit: Unit) -> Fts5 {
        Fts5 {
            dir: dir.to_path_buf(),
            unit,
            connection: None,
        }
    }

    fn connection(&self) -> Result<&Connection> {
        self.connection
            .as_ref()
            .ok_or(Error::EngineNotReady("fts5"))
    }
}

fn sql(e: rusqlite::Error) -> Error {
    Error::Sqlite(e)
}

/// `đ`/`Đ` → `d`/`D`, as unicode61 does not fold them.
pub fn fold_d(text: &str) -> String {
    text.replace('đ', "d").replace('Đ', "D")
}

/// The FTS5 MATCH expression: every word required, or one phrase. Words are alphanumeric runs,
/// so quoting each one is enough to keep FTS5 syntax out.
pub fn match_expression(query: &BenchQuery) -> String {
    let words: Vec<String> = query
        .words
        .iter()
        .map(|w| fold_d(w).replace('"', ""))
        .collect();
    // Passage text only, as vnsearch matches (titles only lift ranking there).
    let expression = if query.kind == QueryKind::Phrase {
        format!("\"{}\"", words.join(" "))
    } else {
        words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!("text : ({expression})")
}

/// A user's query as an FTS5 MATCH expression over every column (title and text): each
/// clause a quoted string (FTS5 reads a quoted string of several words as a phrase), all
/// required, `đ` folded. `None` when the query has no word.
pub fn user_match_expression(query: &str) -> Option<String> {
    let quoted: Vec<String> = clauses(query)
        .iter()
        .map(|clause| format!("\"{}\"", fold_d(&clause.join(" "))))
        .collect();
    (!quoted.is_empty()).then(|| quoted.join(" "))
}

impl Engine for Fts5 {
    fn name(&self) -> &'static str {
        "fts5"
    }

    fn index(&mut self, articles: &[Article]) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let mut connection = Connection::open(self.dir.join(DB_FILE)).map_err(sql)?;
        // Bulk-load settings a careful developer would use: no journal, no fsync per page.
        connection
            .execute_batch(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                 CREATE VIRTUAL TABLE passages USING fts5(
                     article_id UNINDEXED, passage UNINDEXED, title, text,
                     tokenize = 'unicode61 remove_diacritics 2');",
            )
            .map_err(sql)?;
        let transaction = connection.transaction().map_err(sql)?;
        {
            let mut insert = transaction
                .prepare("INSERT INTO passages (article_id, passage, title, text) VALUES (?1, ?2, ?3, ?4)")
                .map_err(sql)?;
            for article in articles {
                let title = fold_d(&article.title);
                if self.unit == Unit::Article {
                    let text = fold_d(&article.passages.join("\n\n"));
                    insert
                        .execute(params![article.id, 0i64, title, text])
                        .map_err(sql)?;
                    continue;
                }
                for (number, passage) in article.passages.iter().enumerate() {
                    insert
                        .execute(params![article.id, number as i64, title, fold_d(passage)])
                        .map_err(sql)?;
                }
            }
        }
        transaction.commit().map_err(sql)?;
        // Its segments merged into one, as the tantivy engines' are (FTS5's `optimize`).
        connection
            .execute("INSERT INTO passages (passages) VALUES ('optimize')", [])
            .map_err(sql)?;
        self.connection = Some(connection);
        Ok(())
    }

    fn open(&mut self) -> Result<()> {
        let path = self.dir.join(DB_FILE);
        if !path.is_file() {
            return Err(Error::NoIndex(path));
        }
        self.connection = Some(Connection::open(path).map_err(sql)?);
        Ok(())
    }

    fn rank_articles(&self, query: &str, limit: usize) -> Result<Vec<String>> {
        let Some(expression) = user_match_expression(query) else {
            return Ok(Vec::new());
        };
        let mut top = self
            .connection()?
            .prepare_cached(
                "SELECT article_id FROM passages WHERE passages MATCH ?1
                 ORDER BY bm25(passages) LIMIT ?2",
            )
            .map_err(sql)?;
        let depth = i64::try_from(depth(self.unit, limit)).unwrap_or(i64::MAX);
        let ids = top
            .query_map(params![expression, depth], |row| row.get::<_, String>(0))
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        Ok(distinct_articles(ids, limit))
    }

    /// One MATCH for the count and the page: the total comes from a window over every match
    /// (as vnsearch and tantivy count while they rank), then the snippets of the ten rows are
    /// made by rowid.
    fn query(&self, query: &BenchQuery) -> Result<QueryOutcome> {
        let connection = self.connection()?;
        let expression = match_expression(query);
        let mut top = connection
            .prepare_cached(
                "SELECT id, count(*) OVER () FROM
                   (SELECT rowid AS id, bm25(passages) AS score FROM passages
                    WHERE passages MATCH ?1)
                 ORDER BY score LIMIT ?2",
            )
            .map_err(sql)?;
        let rows = top
            .query_map(params![expression, TOP as i64], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        let total = rows.first().map_or(0, |&(_, total)| total);
        let mut snippet = connection
            .prepare_cached(
                "SELECT article_id, passage, snippet(passages, 3, '<b>', '</b>', '…', 24)
                 FROM passages WHERE passages MATCH ?1 AND rowid = ?2",
            )
            .map_err(sql)?;
        let mut hits = Vec::with_capacity(rows.len());
        for (rowid, _) in rows {
            let hit = snippet
                .query_row(params![expression, rowid], |row| {
                    Ok(Hit {
                        article_id: row.get(0)?,
                        passage: row.get::<_, i64>(1)? as u64,
                        snippet: row.get(2)?,
                    })
                })
                .map_err(sql)?;
            hits.push(hit);
        }
        Ok(QueryOutcome {
            total_hits: usize::try_from(total).unwrap_or(0),
            top: hits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(kind: QueryKind, words: &[&str]) -> BenchQuery {
        BenchQuery {
            kind,
            words: words.iter().map(|w| w.to_string()).collect(),
            accented: true,
        }
    }

    #[test]
    fn match_expressions_quote_words_and_fold_d_stroke() {
        assert_eq!(
            match_expression(&query(QueryKind::AllWords, &["đổi", "mới"])),
            "text : (\"dổi\" \"mới\")"
        );
        assert_eq!(
            match_expression(&query(QueryKind::Phrase, &["đổi", "mới"])),
            "text : (\"dổi mới\")"
        );
        assert_eq!(
            match_expression(&query(QueryKind::RareWord, &["a\"b"])),
            "text : (\"ab\")"
        );
    }

    #[test]
    fn finds_passages_with_and_without_accents() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("tmp", e))?;
        let mut engine = Fts5::new(dir.path());
        let article = Article {
            id: "a1".into(),
            title: "Đổi mới sáng tạo".into(),
            date: None,
            source: None,
            url: None,
            passages: vec![
                "Bộ trưởng Huỳnh Thành Đạt phát biểu.".into(),
                "Hợp tác quốc tế.".into(),
            ],
            raw: String::new(),
            origin: "a1.txt".into(),
        };
        engine.index(std::slice::from_ref(&article))?;
        let unaccented = engine.query(&query(QueryKind::AllWords, &["dat", "bieu"]))?;
        assert_eq!(unaccented.total_hits, 1);
        assert_eq!(
            (
                unaccented.top[0].article_id.as_str(),
                unaccented.top[0].passage
            ),
            ("a1", 0)
        );
        // The stored text is the folded one, so FTS5 snippets show `d` for `đ`.
        assert!(
            unaccented.top[0].snippet.contains("<b>Dạt</b>"),
            "{}",
            unaccented.top[0].snippet
        );
        // Only passage text is matched, as vnsearch does: a title phrase alone finds nothing.
        assert_eq!(
            engine
                .query(&query(QueryKind::Phrase, &["sáng", "tạo"]))?
                .total_hits,
            0
        );
        assert_eq!(
            engine
                .query(&query(QueryKind::RareWord, &["khong"]))?
                .total_hits,
            0
        );
        Ok(())
    }

    #[test]
    fn user_queries_become_quoted_clauses_over_all_columns() {
        assert_eq!(
            user_match_expression("Đà Nẵng \"sân bay Đà Nẵng\" TP.HCM").as_deref(),
            Some("\"dà\" \"nẵng\" \"sân bay dà nẵng\" \"tp hcm\"")
        );
        assert_eq!(user_match_expression(" - "), None);
    }

    #[test]
    fn whole_articles_match_title_and_text_and_reopen() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("tmp", e))?;
        let articles = [
            crate::clean_article(
                "dn",
                "Đà Nẵng mở đường bay mới\n\nHãng hàng không khai trương tuyến bay.\n\nVé đã được bán hết.",
                "dn.txt",
            ),
            crate::clean_article(
                "hn",
                "Hà Nội đón khách\n\nDu khách đến thủ đô tăng mạnh.",
                "hn.txt",
            ),
        ];
        let mut engine = Fts5::with_unit(dir.path(), Unit::Article);
        engine.index(&articles)?;
        // Title words and words of the last passage, in one row.
        assert_eq!(engine.rank_articles("da nang ban het", 10)?, ["dn"]);
        let mut reopened = Fts5::with_unit(dir.path(), Unit::Article);
        reopened.open()?;
        assert_eq!(reopened.rank_articles("\"du khách\"", 10)?, ["hn"]);
        assert!(reopened.rank_articles("...", 10)?.is_empty());
        Ok(())
    }
}
