//! Plain tantivy, as a developer would set it up without Vietnamese analysis: the same schema
//! and documents as vnsearch, but tantivy's default tokenizer + lowercase + `AsciiFoldingFilter`
//! (which folds `đ` too), and the stock `QueryParser` (AND by default) + `SnippetGenerator`.
//! Documents are passages, or whole articles ([`Unit::Article`]). The speed benchmark's
//! queries match the passage text only, as vnsearch's and FTS5's do; ranking whole articles
//! (the relevance evaluation) matches title and text. No near-duplicate fingerprints are
//! computed: that is vnsearch's work, not the baseline's.

use std::path::{Path, PathBuf};

use tantivy::query::QueryParser;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::{
    clauses, depth, distinct_articles, top_article_ids, top_passages, whole_article,
    write_passages, Engine, QueryOutcome, Unit,
};
use crate::bench::queries::BenchQuery;
use crate::index::build_schema;
use crate::index::Fields;
use crate::ingest::Article;
use crate::text::{ANALYZER_NAME, PAIR_ANALYZER_NAME};
use crate::{Error, Result};

/// The plain-tantivy engine, indexing into `dir`.
pub struct PlainTantivy {
    dir: PathBuf,
    unit: Unit,
    state: Option<State>,
}

/// An open index: its reader, the parsers of article ranking (title and text) and of the
/// speed benchmark (text only), and the fields.
struct State {
    reader: IndexReader,
    articles: QueryParser,
    passages: QueryParser,
    fields: Fields,
}

impl PlainTantivy {
    /// One document per passage.
    pub fn new(dir: &Path) -> PlainTantivy {
        PlainTantivy::with_unit(dir, Unit::Passage)
    }

    /// One document per `unit`.
    pub fn with_unit(dir: &Path, unit: Unit) -> PlainTantivy {
        PlainTantivy {
            dir: dir.to_path_buf(),
            unit,
            state: None,
        }
    }

    /// Registers the plain analyzer and keeps a reader and a query parser on `index`.
    fn attach(&mut self, index: &Index, fields: Fields) -> Result<()> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut articles = QueryParser::for_index(index, vec![fields.title, fields.text]);
        articles.set_conjunction_by_default();
        let mut passages = QueryParser::for_index(index, vec![fields.text]);
        passages.set_conjunction_by_default();
        self.state = Some(State {
            reader,
            articles,
            passages,
            fields,
        });
        Ok(())
    }

    /// `text` parsed for ranking articles (`whole`: title and text) or passages (text).
    fn parse(
        &self,
        text: &str,
        whole: bool,
    ) -> Result<(&IndexReader, Box<dyn tantivy::query::Query>, &Fields)> {
        let state = self
            .state
            .as_ref()
            .ok_or_else(|| Error::EngineNotReady("tantivy"))?;
        let parser = if whole {
            &state.articles
        } else {
            &state.passages
        };
        let parsed = parser.parse_query(text).map_err(|e| Error::Query {
            query: text.to_string(),
            reason: e.to_string(),
        })?;
        Ok((&state.reader, parsed, &state.fields))
    }
}

/// A user's query in the stock parser's syntax: `word "a phrase"`, all required.
pub fn parser_text(query: &str) -> String {
    clauses(query)
        .iter()
        .map(|clause| match clause.as_slice() {
            [word] => word.clone(),
            words => format!("\"{}\"", words.join(" ")),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Same schema as vnsearch's, so its analyzed fields name vnsearch's analyzer: give that
/// name the plain analyzer in this index. The pair field is left empty (plain tantivy finds
/// phrases from positions alone), but tantivy wants a tokenizer for every text field.
fn plain_tokenizers(index: &Index, fields: &mut Fields) {
    index.tokenizers().register(ANALYZER_NAME, plain_analyzer());
    index
        .tokenizers()
        .register(PAIR_ANALYZER_NAME, plain_analyzer());
    fields.pairs = None;
}

/// tantivy's default analyzer with ASCII folding added.
fn plain_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

impl Engine for PlainTantivy {
    fn name(&self) -> &'static str {
        "tantivy"
    }

    fn index(&mut self, articles: &[Article]) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let (schema, mut fields) = build_schema();
        fields.fingerprint = None;
        let index = Index::create_in_dir(&self.dir, schema)?;
        plain_tokenizers(&index, &mut fields);
        match self.unit {
            Unit::Passage => write_passages(&index, &fields, articles)?,
            Unit::Article => {
                let whole: Vec<Article> = articles.iter().map(whole_article).collect();
                write_passages(&index, &fields, &whole)?;
            }
        }
        self.attach(&index, fields)
    }

    fn open(&mut self) -> Result<()> {
        let index = Index::open_in_dir(&self.dir)?;
        let mut fields = Fields::from_schema(&index.schema())?;
        fields.fingerprint = None;
        plain_tokenizers(&index, &mut fields);
        self.attach(&index, fields)
    }

    fn query(&self, query: &BenchQuery) -> Result<QueryOutcome> {
        let (reader, parsed, fields) = self.parse(&query.text(), false)?;
        top_passages(&reader.searcher(), fields, parsed.as_ref())
    }

    fn rank_articles(&self, query: &str, limit: usize) -> Result<Vec<String>> {
        let text = parser_text(query);
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let (reader, parsed, fields) = self.parse(&text, true)?;
        let ids = top_article_ids(
            &reader.searcher(),
            fields,
            parsed.as_ref(),
            depth(self.unit, limit),
        )?;
        Ok(distinct_articles(ids, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_text_quotes_phrases_and_punctuated_words() {
        assert_eq!(
            parser_text("Giá vàng \"SJC hôm nay\" TP.HCM"),
            "giá vàng \"sjc hôm nay\" \"tp hcm\""
        );
    }

    #[test]
    fn whole_articles_rank_by_title_and_text_and_reopen() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("tmp", e))?;
        let articles = [
            crate::clean_article(
                "lu",
                "Lũ lớn ở Quảng Nam\n\nNước sông Thu Bồn lên nhanh trong đêm.\n\nNhiều xã bị cô lập.",
                "lu.txt",
            ),
            crate::clean_article(
                "gia",
                "Giá lúa tăng\n\nNông dân Quảng Nam phấn khởi vì giá lúa.",
                "gia.txt",
            ),
        ];
        let mut engine = PlainTantivy::with_unit(dir.path(), Unit::Article);
        engine.index(&articles)?;
        // "lu" matches the title word and a word of a later passage: one article, one document.
        assert_eq!(engine.rank_articles("quang nam bi co lap", 10)?, ["lu"]);
        assert_eq!(engine.rank_articles("Quảng Nam", 10)?.len(), 2);
        let mut reopened = PlainTantivy::with_unit(dir.path(), Unit::Article);
        reopened.open()?;
        assert_eq!(reopened.rank_articles("\"song thu bon\"", 10)?, ["lu"]);
        assert!(reopened.rank_articles("...", 10)?.is_empty());
        Ok(())
    }
}
