//! The ranking clauses of a plan: SHOULD clauses that only reorder the passages the core
//! matched (adjacency of the query words, query words in the title).

use tantivy::query::Query as TQuery;

use super::{any_of, leaf, phrase_query, term_query, Builder};
use crate::search::pattern::Form;
use crate::search::query::{Query, Scope};
use crate::Result;

/// Weight of two query words standing next to each other, in order.
const ADJACENT_BOOST: f32 = 1.5;
/// Weight of all query words standing close together, in order.
const NEAR_BOOST: f32 = 1.0;
/// How many words may separate the query words for [`NEAR_BOOST`].
const NEAR_SLOP: u32 = 4;
/// Weight of a query word found in the article's title, and of a quoted phrase found there
/// (added to its words'). On the judged set (`vnsearch eval`), the phrase in the title took
/// phrases from .901 to .913 (4 queries up, 2 down), the other categories unchanged; 0.5 gave
/// .906, 1.0 .913: the words' weight, not a tuned one.
const TITLE_BOOST: f32 = 0.7;

impl Builder<'_, '_> {
    /// SHOULD clauses that only reorder: adjacency of consecutive plain query words in the
    /// text, each query word in the title (a single word with its typo, prefix or spaced
    /// forms, weighted as in the text), and each quoted phrase in the title.
    pub(super) fn ranking_clauses(&mut self, query: &Query) -> Result<Vec<Box<dyn TQuery>>> {
        let text = self.fields.text;
        let title = self.fields.title;
        let mut out: Vec<Box<dyn TQuery>> = Vec::new();
        let mut run: Vec<Form> = Vec::new();
        let mut runs = Vec::new();
        for clause in &query.clauses {
            let [unit] = clause.alternatives.as_slice() else {
                runs.push(std::mem::take(&mut run));
                continue;
            };
            if clause.negated || unit.scope != Scope::Text {
                runs.push(std::mem::take(&mut run));
                continue;
            }
            let has_prefix = unit.words.iter().any(|w| w.prefix);
            if let [_] = unit.words.as_slice() {
                let mut parts = Vec::new();
                for pattern in self.unit_patterns(unit, true)? {
                    parts.push(self.pattern_query(title, &pattern, TITLE_BOOST)?);
                }
                out.push(any_of(parts));
            } else {
                for word in unit.words.iter().filter(|w| !w.prefix) {
                    out.push(leaf(term_query(title, &self.form(word)), TITLE_BOOST));
                }
                if unit.quoted && !has_prefix {
                    // The quoted phrase itself in the title, on top of its words: a title
                    // holding them apart is often about something else.
                    let terms = unit
                        .words
                        .iter()
                        .enumerate()
                        .map(|(i, w)| (i, self.form(w).term(title)))
                        .collect();
                    out.push(leaf(phrase_query(terms, unit.slop, None), TITLE_BOOST));
                }
            }
            if has_prefix {
                runs.push(std::mem::take(&mut run));
            } else {
                run.extend(unit.words.iter().map(|w| self.form(w)));
            }
        }
        runs.push(run);
        for run in runs.iter().filter(|r| r.len() >= 2) {
            for pair in run.windows(2) {
                out.push(leaf(
                    phrase_query(
                        vec![(0, pair[0].term(text)), (1, pair[1].term(text))],
                        0,
                        self.pairs_of(text),
                    ),
                    ADJACENT_BOOST,
                ));
            }
            if run.len() >= 3 {
                let all = run
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (i, f.term(text)))
                    .collect();
                out.push(leaf(phrase_query(all, NEAR_SLOP, None), NEAR_BOOST));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::DocAddress;

    use crate::search::collect::tests::article;
    use crate::search::leaf::ProbeWeight;
    use crate::search::order::{rescore, Ranked};
    use crate::search::stats::{LengthTotals, Stats};
    use crate::search::{plan, query, AccentMode, SearchOptions};

    /// What the boosts add to the one passage of each article (the same text under two
    /// titles holding the same words, in the phrase's order or apart), for `typed`.
    fn boosts_of(typed: &str) -> [f32; 2] {
        let body = "Nhiều trường mở lớp tư vấn cho học sinh về bạo lực học đường.";
        let articles = [
            article(0, "Bạo lực học đường gia tăng", &[body]),
            article(1, "Đường học không có bạo lực", &[body]),
        ];
        let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let lengths = LengthTotals::default();
        let mut stats = Stats::new(&searcher, &lengths);
        let options = SearchOptions::new(typed);
        let parsed = query::parse(typed).unwrap();
        let planned = plan::plan(&parsed, AccentMode::Auto, &options, &mut stats, &fields).unwrap();
        let boosts: Vec<ProbeWeight> = planned
            .boosts
            .iter()
            .map(|b| ProbeWeight::new(b.as_ref(), stats.scoring()).unwrap())
            .collect();
        let unboosted: Vec<Ranked> = (0..2)
            .map(|doc| Ranked {
                address: DocAddress::new(0, doc),
                score: 0.0,
                day: 0,
                key: u64::from(doc),
                passage: 0,
            })
            .collect();
        let mut boosted = rescore(&searcher, &boosts, unboosted).unwrap();
        boosted.sort_by_key(|p| p.address);
        [boosted[0].score, boosted[1].score]
    }

    #[test]
    fn a_quoted_phrase_weighs_more_in_a_title_that_holds_it_than_in_one_with_its_words_apart() {
        let [phrase, apart] = boosts_of("\"bạo lực học đường\"");
        assert!(phrase > apart, "{phrase} vs {apart}");
        // Unquoted, only the words count in the title: each title holds each word once.
        let [phrase, apart] = boosts_of("bạo lực học đường");
        assert_eq!(phrase, apart);
    }
}
