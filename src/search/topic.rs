//! What an article is about: BM25 of the query's words over the whole article.
//!
//! Passages are scored on their own, so an article's passage evidence says how well its best
//! passages match, not how much of the article is about the query: a column that quotes
//! "giải cứu lợn" four times as an analogy in short passages outscores a report on the pig
//! rescue that says it once and "lợn" in every paragraph. The whole-article engines (plain
//! tantivy and FTS5 over articles) see the second; so does this score: the query's words
//! counted in every passage of the article (the passages that do not match the query too),
//! against the article's length, as BM25 over articles. It is computed for the articles of
//! the rescoring pool only, and added to their score (see `collect`), [`TOPIC_WEIGHT`] times.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Term, TERMINATED};

use super::articles::RankedArticle;
use super::gather::article_passages;
use super::leaf::quantize;
use super::stats::Stats;
use crate::index::Fields;
use crate::Result;

/// Weight of the topic score added to an article's passage evidence. Chosen on the judged
/// set (`vnsearch eval`, weights 0.25–5 tried): at 2 the whole-article score counts about as
/// much as the best passage, and nDCG@10 rose from .926 to .938 overall (phrases .829 → .861,
/// accented .908 → .929, numbers .915 → .945; accent-sensitive, names and abbreviations lost
/// .004–.009); above 2 the passage evidence, which carries accents and proximity, is drowned
/// and the total falls again.
pub const TOPIC_WEIGHT: f32 = 2.0;

/// BM25's term-frequency saturation and length normalisation, as tantivy uses for passages.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// The whole-article BM25 of `terms` (the query words' core terms in the text field) for each
/// of `articles`, in their order. Idf is the passages' (as everywhere); the length is the
/// article's, against the average article (live text tokens / live articles, an article
/// being its passage 0).
pub fn topic_scores(
    stats: &Stats<'_>,
    terms: &[Term],
    fields: &Fields,
    articles: &[RankedArticle],
    grouped: bool,
) -> Result<Vec<f32>> {
    let searcher = stats.searcher();
    if terms.is_empty() || articles.is_empty() {
        return Ok(vec![0.0; articles.len()]);
    }
    let text = fields.text;
    let passages = stats.total_num_docs()? as f32;
    let first_passages = Term::from_field_u64(fields.passage, 0);
    let article_count = stats.live_doc_freq(&first_passages)?.max(1) as f32;
    let average_length = stats.total_num_tokens(text)? as f32 / article_count;
    let mut idfs = Vec::with_capacity(terms.len());
    for term in terms {
        let df = stats.live_doc_freq(term)? as f32;
        idfs.push((1.0 + (passages - df + 0.5) / (df + 0.5)).ln());
    }
    let mut frequencies = vec![vec![0u32; terms.len()]; articles.len()];
    let mut lengths = vec![0u32; articles.len()];
    // Every passage of every article, per segment, in doc order, with the article's position.
    let mut by_segment: Vec<Vec<(DocId, usize)>> =
        vec![Vec::new(); searcher.segment_readers().len()];
    for (i, article) in articles.iter().enumerate() {
        for (ord, docs) in article_passages(searcher, fields.article_key, article, grouped)? {
            if let Some(list) = by_segment.get_mut(ord as usize) {
                list.extend(docs.into_iter().map(|doc| (doc, i)));
            }
        }
    }
    for (segment, mut docs) in searcher.segment_readers().iter().zip(by_segment) {
        if docs.is_empty() {
            continue;
        }
        docs.sort_unstable();
        let norms: Option<FieldNormReader> = segment.fieldnorms_readers().get_field(text)?;
        for &(doc, article) in &docs {
            lengths[article] += norms.as_ref().map_or(1, |n| n.fieldnorm(doc));
        }
        let inverted = segment.inverted_index(text)?;
        for (t, term) in terms.iter().enumerate() {
            let Some(mut postings) = inverted
                .read_postings(term, IndexRecordOption::WithFreqs)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            for &(doc, article) in &docs {
                if postings.doc() == TERMINATED {
                    break;
                }
                if postings.doc() < doc && postings.seek(doc) != doc {
                    continue;
                }
                if postings.doc() == doc {
                    frequencies[article][t] += postings.term_freq();
                }
            }
        }
    }
    Ok(frequencies
        .iter()
        .zip(&lengths)
        .map(|(tfs, &length)| {
            let norm = K1 * (1.0 - B + B * length as f32 / average_length.max(1.0));
            let score: f32 = tfs
                .iter()
                .zip(&idfs)
                .map(|(&tf, idf)| {
                    let tf = tf as f32;
                    idf * tf * (K1 + 1.0) / (tf + norm)
                })
                .sum();
            quantize(score)
        })
        .collect())
}
