//! What an article is about: BM25 of the query's words over the whole article.
//!
//! Passages are scored on their own, so an article's passage evidence says how well its best
//! passages match, not how much of the article is about the query: a column that quotes
//! "giải cứu lợn" four times as an analogy in short passages outscores a report on the pig
//! rescue that says it once and "lợn" in every paragraph. The whole-article engines (plain
//! tantivy and FTS5 over articles) see the second; so does this score: the query's words
//! counted in every passage of the article (the passages that do not match the query too)
//! and in its title (once, as the whole-article engines index title + text), against the
//! article's length, as BM25 over articles; a quoted phrase is counted whole as well (its
//! occurrences, like a phrase query's). It is computed for the articles of the rescoring pool
//! only, and added to their score (see `collect`), [`topic_weight`] times.
//!
//! Counting the title took phrases nDCG@10 from .883 to .901 and overall from .941 to .946 on
//! the judged set; a title occurrence worth two to five in the text did better on phrases
//! (.907–.909) but worse overall.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{DocId, SegmentReader, Term};

use super::article_passages::ArticlePassages;
use super::articles::RankedArticle;
use super::leaf::quantize;
use super::phrase_postings::PhrasePostings;
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

/// Weight of the topic score when the query holds a quoted phrase, whose passages already
/// carry the words in order (the core requires it), so the whole article can count more.
/// Chosen on the judged set like [`TOPIC_WEIGHT`]: with the phrase counted as a unit beside its
/// words, phrases nDCG@10 went .868 (weight 2) → .873 (4) → .883 (6, 10 and 20) → .881 (50);
/// no other category has a quoted phrase.
pub const PHRASE_TOPIC_WEIGHT: f32 = 6.0;

/// The weight of the topic score of a query of `units`.
pub fn topic_weight(units: &[TopicUnit]) -> f32 {
    if units.iter().any(|unit| unit.terms.len() > 1) {
        PHRASE_TOPIC_WEIGHT
    } else {
        TOPIC_WEIGHT
    }
}

/// BM25's term-frequency saturation and length normalisation, as tantivy uses for passages.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One thing the query says an article is about: a word (one term), or a quoted phrase (its
/// words' terms in order, `slop` moves allowed, counted as [`super::sloppy`] counts them).
#[derive(Debug, Clone, PartialEq)]
pub struct TopicUnit {
    pub terms: Vec<Term>,
    pub slop: u32,
}

/// The whole-article BM25 of `units` (the query's words and phrases in the text field) for
/// each of `articles`, in their order. Idf is the passages' (as everywhere; a phrase's is its
/// words' summed, as tantivy's phrase queries do); the length is the article's (text and
/// title), against the average article's (live text tokens / live articles, an article being
/// its passage 0, plus the average title: every passage carries its article's).
pub fn topic_scores(
    stats: &Stats<'_>,
    units: &[TopicUnit],
    fields: &Fields,
    articles: &[RankedArticle],
    grouped: bool,
) -> Result<Vec<f32>> {
    let searcher = stats.searcher();
    if units.is_empty() || articles.is_empty() {
        return Ok(vec![0.0; articles.len()]);
    }
    let text = fields.text;
    let passages = stats.total_num_docs()? as f32;
    let first_passages = Term::from_field_u64(fields.passage, 0);
    let article_count = stats.live_doc_freq(&first_passages)?.max(1) as f32;
    let average_length = stats.total_num_tokens(text)? as f32 / article_count
        + stats.total_num_tokens(fields.title)? as f32 / passages.max(1.0);
    let mut idfs = Vec::with_capacity(units.len());
    for unit in units {
        let mut idf = 0.0;
        for term in &unit.terms {
            let df = stats.live_doc_freq(term)? as f32;
            idf += (1.0 + (passages - df + 0.5) / (df + 0.5)).ln();
        }
        idfs.push(idf);
    }
    // Every passage of every article, per segment, in doc order, with the article's position.
    let mut by_segment: Vec<Vec<(DocId, usize)>> =
        vec![Vec::new(); searcher.segment_readers().len()];
    let mut finder = ArticlePassages::new(searcher, fields.article_key, grouped);
    for (i, article) in articles.iter().enumerate() {
        for (ord, docs) in finder.of(article)? {
            if let Some(list) = by_segment.get_mut(ord as usize) {
                list.extend(docs.into_iter().map(|doc| (doc, i)));
            }
        }
    }
    let mut counts = Counts {
        frequencies: vec![vec![0u32; units.len()]; articles.len()],
        lengths: vec![0u32; articles.len()],
    };
    // Every passage carries the title: it counts at the first passage met of each article.
    let mut titled = vec![false; articles.len()];
    for (segment, mut docs) in searcher.segment_readers().iter().zip(by_segment) {
        if docs.is_empty() {
            continue;
        }
        docs.sort_unstable();
        counts.add(segment, text, units, &docs)?;
        let firsts: Vec<(DocId, usize)> = docs
            .iter()
            .filter(|&&(_, article)| !std::mem::replace(&mut titled[article], true))
            .copied()
            .collect();
        counts.add(segment, fields.title, units, &firsts)?;
    }
    let Counts {
        frequencies,
        lengths,
    } = counts;
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

/// Term frequencies (per article, per unit) and lengths of the articles being scored.
struct Counts {
    frequencies: Vec<Vec<u32>>,
    lengths: Vec<u32>,
}

impl Counts {
    /// Adds the length of `field` and the occurrences of each of `units` in it (its terms
    /// read in `field`) at each of `docs` (doc, article), in doc order, of `segment`.
    fn add(
        &mut self,
        segment: &SegmentReader,
        field: Field,
        units: &[TopicUnit],
        docs: &[(DocId, usize)],
    ) -> Result<()> {
        let norms: Option<FieldNormReader> = segment.fieldnorms_readers().get_field(field)?;
        for &(doc, article) in docs {
            self.lengths[article] += norms.as_ref().map_or(1, |n| n.fieldnorm(doc));
        }
        let inverted = segment.inverted_index(field)?;
        for (u, unit) in units.iter().enumerate() {
            let terms: Vec<(usize, Term)> = unit
                .terms
                .iter()
                .filter_map(|t| t.value().as_str().map(|w| Term::from_field_text(field, w)))
                .enumerate()
                .collect();
            let Some(mut counter) = PhrasePostings::open(&inverted, &terms, unit.slop)? else {
                continue;
            };
            for &(doc, article) in docs {
                match counter.count(doc) {
                    Some(count) => self.frequencies[article][u] += count,
                    None => break,
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::search::collect::tests::article;
    use crate::search::gather::{gather, Walk};
    use crate::search::stats::LengthTotals;
    use crate::search::{plan, query, AccentMode, SearchOptions};

    /// The title is part of what an article is about: counted once (not once per passage,
    /// although every passage carries it), a phrase in it counts as one more occurrence, and
    /// its words add to the article's length.
    #[test]
    fn the_title_counts_once_as_part_of_the_article() {
        // The same lengths everywhere (7-word titles and second passages): the phrase once in
        // the title and once in the text is worth it twice in the text, no more, no less.
        let articles = [
            article(
                0,
                "Bạo lực học đường ở Hải Phòng",
                &[
                    "Bạo lực học đường gia tăng.",
                    "Phụ huynh lo lắng vì con em.",
                    "Trường họp.",
                ],
            ),
            article(
                1,
                "Tin giáo dục ở Hải Phòng nay",
                &[
                    "Bạo lực học đường gia tăng.",
                    "Phụ huynh lo bạo lực học đường.",
                    "Trường họp.",
                ],
            ),
            article(
                2,
                "Tin giáo dục ở Hải Phòng nay",
                &[
                    "Bạo lực học đường gia tăng.",
                    "Phụ huynh lo lắng vì con em.",
                    "Trường họp.",
                ],
            ),
        ];
        with_found(
            &articles,
            "\"bạo lực học đường\"",
            |stats, fields, planned, found| {
                let score_of = |scores: &[f32], n: usize| {
                    let key = crate::index::article_key(&format!("a{n}"));
                    let at = found.iter().position(|a| a.evidence.key() == key).unwrap();
                    scores[at]
                };
                for grouped in [true, false] {
                    let scores =
                        topic_scores(stats, &planned.topic[..1], fields, found, grouped).unwrap();
                    let [titled, twice, once] = [0, 1, 2].map(|n| score_of(&scores, n));
                    assert_eq!(titled, twice);
                    assert!(twice > once, "{twice} {once}");
                }
            },
        );
    }

    /// A quoted phrase is counted whole over every passage of an article (matching the query
    /// or not), besides its words: the article that says the phrase twice is more about it
    /// than the one with the same words as often but apart.
    #[test]
    fn phrases_count_as_units_over_the_whole_article() {
        let articles = [
            article(
                0,
                "Tin tức",
                &[
                    "Giải cứu lợn ở Hà Tĩnh.",
                    "Lợn giải cứu.",
                    "Lại giải cứu lợn.",
                ],
            ),
            article(
                1,
                "Tin tức",
                &[
                    "Giải cứu lợn ở Nghệ An.",
                    "Lợn giải cứu.",
                    "Lại cứu lợn giải.",
                ],
            ),
        ];
        with_found(
            &articles,
            "\"giải cứu lợn\"",
            |stats, fields, planned, found| {
                let lengths: Vec<usize> = planned.topic.iter().map(|u| u.terms.len()).collect();
                assert_eq!(lengths, [3, 1, 1, 1]);
                assert_eq!(topic_weight(&planned.topic), PHRASE_TOPIC_WEIGHT);
                assert_eq!(topic_weight(&planned.topic[1..]), TOPIC_WEIGHT);
                let mut found = found.to_vec();
                found.sort_by_key(|a| a.evidence.key() == crate::index::article_key("a1"));
                assert_eq!(found.len(), 2);
                for grouped in [true, false] {
                    let phrase = topic_scores(stats, &planned.topic[..1], fields, &found, grouped);
                    let [twice, once] = phrase.unwrap()[..] else {
                        panic!("two scores");
                    };
                    assert!(twice > once && once > 0.0, "{twice} {once}");
                    // Its words alone are as frequent in both.
                    let words = topic_scores(stats, &planned.topic[1..], fields, &found, grouped);
                    let [a, b] = words.unwrap()[..] else {
                        panic!("two scores");
                    };
                    assert_eq!(a, b);
                }
            },
        );
    }

    /// Indexes `articles`, plans `typed` and gathers the articles it matches, for `check`.
    fn with_found(
        articles: &[crate::ingest::Article],
        typed: &str,
        check: impl FnOnce(&Stats<'_>, &Fields, &plan::Plan, &[RankedArticle]),
    ) {
        let (index, fields) = crate::index::index_in_ram(articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let lengths = LengthTotals::default();
        let mut stats = Stats::new(&searcher, &lengths);
        let parsed = query::parse(typed).unwrap();
        let options = SearchOptions::new(typed);
        let planned = plan::plan(&parsed, AccentMode::Auto, &options, &mut stats, &fields).unwrap();
        let weight = planned.core.weight(stats.scoring()).unwrap();
        let none = HashSet::new();
        let found = gather(&searcher, weight.as_ref(), &Walk::every(&none, true))
            .unwrap()
            .articles;
        check(&stats, &fields, &planned, &found);
    }
}
