//! vnsearch itself: the project's index (schema, Vietnamese analyzer, passage documents) and
//! its search path.

use std::path::{Path, PathBuf};

use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{IndexReader, ReloadPolicy, Term};

use super::{top_passages, write_passages, Engine, QueryOutcome};
use crate::bench::queries::{BenchQuery, QueryKind};
use crate::index::{open_or_create, Fields};
use crate::ingest::Article;
use crate::text::{folded_term, tokens};
use crate::{Error, Result};

/// The vnsearch engine, indexing into `dir`.
pub struct Vnsearch {
    dir: PathBuf,
    state: Option<(IndexReader, Fields)>,
}

impl Vnsearch {
    pub fn new(dir: &Path) -> Vnsearch {
        Vnsearch {
            dir: dir.to_path_buf(),
            state: None,
        }
    }
}

impl Engine for Vnsearch {
    fn name(&self) -> &'static str {
        "vnsearch"
    }

    fn index(&mut self, articles: &[Article]) -> Result<()> {
        let (index, fields) = open_or_create(&self.dir)?;
        write_passages(&index, &fields, articles)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        self.state = Some((reader, fields));
        Ok(())
    }

    fn query(&self, query: &BenchQuery) -> Result<QueryOutcome> {
        let (reader, fields) = self
            .state
            .as_ref()
            .ok_or_else(|| Error::Other("vnsearch: query before index".into()))?;
        let parsed = interim_query(fields, query);
        top_passages(&reader.searcher(), fields, parsed.as_ref())
    }
}

/// INTERIM until `crate::search::Searcher` lands: each word must occur in the title or the
/// text; a word typed with accents matches exactly, one typed without matches every accent
/// variant (its folded term); a phrase matches consecutive words.
fn interim_query(fields: &Fields, query: &BenchQuery) -> Box<dyn Query> {
    let terms_in = |field: Field| -> Vec<Term> {
        tokens(&query.words.join(" "))
            .into_iter()
            .map(|t| {
                let text = if t.has_marks() {
                    t.exact
                } else {
                    folded_term(&t.folded)
                };
                Term::from_field_text(field, &text)
            })
            .collect()
    };
    let either_field = |make: &dyn Fn(Field) -> Box<dyn Query>| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, make(fields.title)),
            (Occur::Should, make(fields.text)),
        ]))
    };
    let term_query = |term: Term| -> Box<dyn Query> {
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
    };
    let word_count = terms_in(fields.text).len();
    if query.kind == QueryKind::Phrase && word_count > 1 {
        return either_field(&|field| Box::new(PhraseQuery::new(terms_in(field))));
    }
    let clauses = (0..word_count)
        .map(|i| {
            let clause = either_field(&|field| {
                let term = terms_in(field).swap_remove(i);
                term_query(term)
            });
            (Occur::Must, clause)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}
