//! The engines compared side by side, behind one trait, and the tantivy plumbing that the
//! vnsearch and plain-tantivy engines share (same schema, same documents, same writer).
//!
//! The baselines index passages (the speed benchmark, same documents as vnsearch) or whole
//! articles ([`Unit::Article`], the relevance evaluation: what a developer would index to find
//! articles). [`Engine::rank_articles`] takes a query as a user types it; [`clauses`] is how
//! the baselines read it.

pub mod fts5;
pub mod tantivy_plain;
pub mod vnsearch;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexWriter, Searcher, TantivyDocument};

use super::queries::BenchQuery;
use crate::index::content_hash;
use crate::index::{add_article, commit_grouped, merge_segments, passage_documents, Fields};
use crate::ingest::Article;
use crate::Result;

/// Heap given to each tantivy writer (split across its threads: one per core, up to 8).
pub const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;
/// Passages asked for per query.
pub const TOP: usize = 10;
/// Passages read per wanted article when an engine indexing passages ranks articles: deep
/// enough that ten distinct articles are found even when a few articles hold many of the
/// best passages.
const PASSAGES_PER_ARTICLE: usize = 10;

/// What one engine document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// One document per passage (the speed benchmark).
    Passage,
    /// One document per article: the title and the whole cleaned text (relevance baselines).
    Article,
}

/// A search engine under benchmark.
pub trait Engine {
    /// Short name used in the report (`vnsearch`, `tantivy`, `fts5`).
    fn name(&self) -> &'static str;
    /// Indexes every passage of `articles` and makes it durable (commit included).
    fn index(&mut self, articles: &[Article]) -> Result<()>;
    /// Opens what a previous [`Engine::index`] left in the engine's directory, to search it
    /// again without rebuilding.
    fn open(&mut self) -> Result<()>;
    /// The top [`TOP`] passages with snippets, and how many passages match in all.
    fn query(&self, query: &BenchQuery) -> Result<QueryOutcome>;
    /// The ids of the best `limit` distinct articles for `query` as a user typed it (words,
    /// `"phrases"`), best first.
    fn rank_articles(&self, query: &str, limit: usize) -> Result<Vec<String>>;
}

/// A user's query as the baselines read it: clauses that must all match, each a word (one
/// element) or a phrase. Double quotes delimit phrases; elsewhere a word with inner
/// punctuation (`TP.HCM`, `COVID-19`) becomes the phrase of its alphanumeric runs, which is
/// what the stock tokenizers make of it. Words are lowercased, so no word can read as an
/// operator (`AND`, `OR`, `NOT` in tantivy and FTS5); other operators are not translated.
pub fn clauses(query: &str) -> Vec<Vec<String>> {
    let runs = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut clauses = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            clauses.push(runs(part));
        } else {
            clauses.extend(part.split_whitespace().map(runs));
        }
    }
    clauses.retain(|c| !c.is_empty());
    clauses
}

/// The article as one passage (title kept, passages joined by blank lines, no raw text):
/// what the baselines index in [`Unit::Article`] mode.
pub fn whole_article(article: &Article) -> Article {
    Article {
        passages: vec![article.passages.join("\n\n")],
        raw: String::new(),
        ..article.clone()
    }
}

/// The first `limit` distinct ids of `ids`, in order.
fn distinct_articles(ids: impl IntoIterator<Item = String>, limit: usize) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .take(limit)
        .collect()
}

/// How many documents to fetch for `limit` articles.
fn depth(unit: Unit, limit: usize) -> usize {
    match unit {
        Unit::Article => limit,
        Unit::Passage => limit.saturating_mul(PASSAGES_PER_ARTICLE),
    }
}

/// What one query returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryOutcome {
    /// Passages matching the query.
    pub total_hits: usize,
    /// The best passages, best first.
    pub top: Vec<Hit>,
}

/// One returned passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub article_id: String,
    pub passage: u64,
    /// Snippet with highlighted words (engine's own markup).
    pub snippet: String,
}

/// Writes every passage of `articles` with one writer, an article at a time (see
/// `index::grouping`), then commits and waits for merges, so
/// the timed work ends with a durable, final index.
fn write_passages(index: &Index, fields: &Fields, articles: &[Article]) -> Result<()> {
    let mut writer: IndexWriter<TantivyDocument> = index.writer(WRITER_HEAP_BYTES)?;
    for article in articles {
        add_article(
            &writer,
            passage_documents(fields, article, content_hash(article)),
        )?;
    }
    commit_grouped(&mut writer)?;
    writer.wait_merging_threads()?;
    // One segment, as `vnsearch index` leaves a whole build, for every engine.
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        merge_segments(index.writer(WRITER_HEAP_BYTES)?, &segments)?;
    }
    Ok(())
}

/// The article ids of the best `limit` documents for `query`, best first.
fn top_article_ids(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    limit: usize,
) -> Result<Vec<String>> {
    let top = searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?;
    let mut ids = Vec::with_capacity(top.len());
    for (_score, address) in top {
        let document: TantivyDocument = searcher.doc(address)?;
        ids.push(
            document
                .get_first(fields.article_id)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
        );
    }
    Ok(ids)
}

/// Runs `query`, counts all hits, and makes snippets of the text field for the top passages.
fn top_passages(searcher: &Searcher, fields: &Fields, query: &dyn Query) -> Result<QueryOutcome> {
    let (top, total_hits) =
        searcher.search(query, &(TopDocs::with_limit(TOP).order_by_score(), Count))?;
    let snippets = SnippetGenerator::create(searcher, query, fields.text)?;
    let mut hits = Vec::with_capacity(top.len());
    for (_score, address) in top {
        let document: TantivyDocument = searcher.doc(address)?;
        let article_id = document
            .get_first(fields.article_id)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let passage = document
            .get_first(fields.passage)
            .and_then(|v| v.as_u64())
            .unwrap_or_default();
        hits.push(Hit {
            article_id,
            passage,
            snippet: snippets.snippet_from_doc(&document).to_html(),
        });
    }
    Ok(QueryOutcome {
        total_hits,
        top: hits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(clauses: &[&[&str]]) -> Vec<Vec<String>> {
        clauses
            .iter()
            .map(|c| c.iter().map(|w| w.to_string()).collect())
            .collect()
    }

    #[test]
    fn clauses_read_words_phrases_and_punctuated_words() {
        assert_eq!(
            clauses("Giá  vàng \"SJC hôm nay\" TP.HCM COVID-19 -"),
            owned(&[
                &["giá"],
                &["vàng"],
                &["sjc", "hôm", "nay"],
                &["tp", "hcm"],
                &["covid", "19"],
            ])
        );
        // An unclosed quote runs to the end; operators are plain words, lowercased.
        assert_eq!(
            clauses("WHO AND \"bão số"),
            owned(&[&["who"], &["and"], &["bão", "số"]])
        );
        assert!(clauses(" \"\" ... ").is_empty());
    }

    #[test]
    fn whole_articles_are_one_passage_without_raw_text() {
        let article = crate::clean_article(
            "a1",
            "Mưa lớn ở miền Trung\n\nNước sông dâng cao.\n\nHàng trăm hộ dân phải sơ tán.",
            "a1.txt",
        );
        let whole = whole_article(&article);
        assert_eq!(whole.title, article.title);
        assert_eq!(whole.passages, [article.passages.join("\n\n")]);
        assert!(whole.passages[0].contains("sơ tán"));
        assert!(whole.raw.is_empty());
    }

    #[test]
    fn distinct_articles_keep_first_appearances() {
        let ids = ["b", "a", "b", "c", "a", "d"].map(String::from);
        assert_eq!(distinct_articles(ids.clone(), 3), ["b", "a", "c"]);
        assert_eq!(distinct_articles(ids, 10), ["b", "a", "c", "d"]);
    }
}
