//! The ranking clauses of a plan: SHOULD clauses that only reorder the passages the core
//! matched (adjacency of the query words, query words in the title).

use tantivy::query::Query as TQuery;
use tantivy::Term;

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
/// Weight of a query word found in the article's title.
const TITLE_BOOST: f32 = 0.7;

impl Builder<'_, '_> {
    /// SHOULD clauses that only reorder: adjacency of consecutive plain query words in the
    /// text, and each query word in the title (a single word with its typo, prefix or spaced
    /// forms, weighted as in the text).
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
            }
            if unit.words.iter().any(|w| w.prefix) {
                runs.push(std::mem::take(&mut run));
            } else {
                run.extend(unit.words.iter().map(|w| self.form(w)));
            }
        }
        runs.push(run);
        for run in runs.iter().filter(|r| r.len() >= 2) {
            let term = |f: &Form| Term::from_field_text(text, &f.term_text());
            for pair in run.windows(2) {
                out.push(leaf(
                    phrase_query(
                        vec![(0, term(&pair[0])), (1, term(&pair[1]))],
                        0,
                        self.pairs_of(text),
                    ),
                    ADJACENT_BOOST,
                ));
            }
            if run.len() >= 3 {
                let all = run.iter().enumerate().map(|(i, f)| (i, term(f))).collect();
                out.push(leaf(phrase_query(all, NEAR_SLOP, None), NEAR_BOOST));
            }
        }
        Ok(out)
    }
}
