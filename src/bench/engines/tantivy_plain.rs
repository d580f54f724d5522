//! Plain tantivy, as a developer would set it up without Vietnamese analysis: the same schema
//! and documents as vnsearch, but tantivy's default tokenizer + lowercase + `AsciiFoldingFilter`
//! (which folds `đ` too), and the stock `QueryParser` (AND by default) + `SnippetGenerator`.

use std::path::{Path, PathBuf};

use tantivy::query::QueryParser;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::{top_passages, write_passages, Engine, QueryOutcome};
use crate::bench::queries::BenchQuery;
use crate::index::build_schema;
use crate::index::Fields;
use crate::ingest::Article;
use crate::text::ANALYZER_NAME;
use crate::{Error, Result};

/// The plain-tantivy engine, indexing into `dir`.
pub struct PlainTantivy {
    dir: PathBuf,
    state: Option<(IndexReader, QueryParser, Fields)>,
}

impl PlainTantivy {
    pub fn new(dir: &Path) -> PlainTantivy {
        PlainTantivy {
            dir: dir.to_path_buf(),
            state: None,
        }
    }
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
        let (schema, fields) = build_schema();
        let index = Index::create_in_dir(&self.dir, schema)?;
        // Same schema, so the analyzed fields name vnsearch's analyzer: give that name the
        // plain analyzer in this index.
        index.tokenizers().register(ANALYZER_NAME, plain_analyzer());
        write_passages(&index, &fields, articles)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.text]);
        parser.set_conjunction_by_default();
        self.state = Some((reader, parser, fields));
        Ok(())
    }

    fn query(&self, query: &BenchQuery) -> Result<QueryOutcome> {
        let (reader, parser, fields) = self
            .state
            .as_ref()
            .ok_or_else(|| Error::EngineNotReady("tantivy"))?;
        let text = query.text();
        let parsed = parser.parse_query(&text).map_err(|e| Error::Query {
            query: text.clone(),
            reason: e.to_string(),
        })?;
        top_passages(&reader.searcher(), fields, parsed.as_ref())
    }
}
