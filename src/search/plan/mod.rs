//! Query AST → tantivy query, per accent mode, plus the patterns used for highlighting.
//!
//! Every query word becomes ONE term (its exact form if it must match accents, else its
//! folded term), so a word never turns into an accidental phrase or AND of its two forms.
//! Around that core the plan adds, as lower-weighted alternatives of the same word:
//! a typo branch (fuzzy, distance 1, on folded terms of 5+ letters), a concatenation branch
//! (`hanoi` → the phrase `ha noi` when the index holds those syllables) and prefix expansion
//! (`tạ*` → the words of the index starting with `tạ`). Ranking extras are SHOULD clauses:
//! adjacent query words as a phrase (proximity), and query words in the title.

use std::collections::HashMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query as TQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

mod concat;
mod filters;

use crate::text::is_folded_syllable;
use filters::filters;

use super::guard::Guarded;
use super::pattern::{Form, Pattern, Step};
use super::query::{Query, Scope, Unit, Word};
use super::{AccentMode, SearchOptions};
use crate::index::Fields;
use crate::{text, Result};

/// Weight of a typo match relative to an exact one (fuzzy scores are constant, BM25 is not).
const TYPO_BOOST: f32 = 0.3;
/// Weight of the spaced form of a word typed without spaces.
const CONCAT_BOOST: f32 = 1.0;
/// Weight of two query words standing next to each other, in order.
const ADJACENT_BOOST: f32 = 1.5;
/// Weight of all query words standing close together, in order.
const NEAR_BOOST: f32 = 1.0;
/// How many words may separate the query words for [`NEAR_BOOST`].
const NEAR_SLOP: u32 = 4;
/// Weight of a query word found in the article's title.
const TITLE_BOOST: f32 = 0.7;
/// Typo tolerance starts at this many letters.
const TYPO_MIN_CHARS: usize = 5;
/// Letters of the longest Vietnamese syllable (`nghiêng`).
const MAX_SYLLABLE_CHARS: usize = 7;
/// Concatenation is tried on words of this many letters and up.
const CONCAT_MIN_CHARS: usize = 4;
/// ... and up to this many (the splits grow with the square of the length).
const CONCAT_MAX_CHARS: usize = 24;
/// At most this many spaced forms are tried per word.
const MAX_SPLITS: usize = 4;
/// At most this many index words are searched for one prefix.
const MAX_PREFIX_TERMS: usize = 128;

/// A query ready to run, with what to highlight.
///
/// The query comes in two parts: `core` decides which passages match (and their BM25 score),
/// `boosts` only reorder them (words next to each other, words in the title). Scoring is the
/// sum of both, as one BooleanQuery would give, but the boosts are only evaluated on the best
/// core candidates, so phrase positions are not read for every matching passage.
pub struct Plan {
    pub core: Box<dyn TQuery>,
    /// SHOULD clauses that add to the score of passages they match, never filter.
    pub boosts: Vec<Box<dyn TQuery>>,
    /// Patterns of the words to find in passage texts (not excluded, not title-only).
    pub text_patterns: Vec<Pattern>,
}

/// Builds the plan of `query` in `mode` against the terms of `searcher`.
pub fn plan(
    query: &Query,
    mode: AccentMode,
    options: &SearchOptions,
    searcher: &tantivy::Searcher,
    fields: &Fields,
) -> Result<Plan> {
    let mut builder = Builder {
        mode,
        searcher,
        fields,
        exists: HashMap::new(),
    };
    let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    let mut text_patterns = Vec::new();
    for clause in &query.clauses {
        let mut alternatives = Vec::new();
        for unit in &clause.alternatives {
            let patterns = builder.unit_patterns(unit, !clause.negated)?;
            let field = builder.field(unit.scope);
            if !clause.negated && unit.scope == Scope::Text {
                text_patterns.extend(patterns.iter().cloned());
            }
            alternatives.extend(patterns.iter().map(|p| builder.pattern_query(field, p)));
        }
        let occur = if clause.negated {
            Occur::MustNot
        } else {
            Occur::Must
        };
        clauses.push((occur, any_of(alternatives)));
    }
    clauses.extend(
        filters(options, fields)?
            .into_iter()
            .map(|q| (Occur::Must, q)),
    );
    Ok(Plan {
        core: Box::new(BooleanQuery::new(clauses)),
        boosts: builder.ranking_clauses(query),
        text_patterns,
    })
}

impl Plan {
    /// Core and boosts as one query (the boosts as SHOULD clauses): the same scores, computed
    /// for every matching passage.
    pub fn combined(&self) -> Box<dyn TQuery> {
        let mut clauses = vec![(Occur::Must, self.core.box_clone())];
        clauses.extend(self.boosts.iter().map(|b| (Occur::Should, b.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Patterns for highlighting only (`vnsearch show --query`): no index needed for the core
/// forms, but prefix and concatenation still consult `searcher`.
pub fn text_patterns(
    query: &Query,
    mode: AccentMode,
    searcher: &tantivy::Searcher,
    fields: &Fields,
) -> Result<Vec<Pattern>> {
    let mut builder = Builder {
        mode,
        searcher,
        fields,
        exists: HashMap::new(),
    };
    let mut patterns = Vec::new();
    for clause in query.positive() {
        for unit in clause
            .alternatives
            .iter()
            .filter(|u| u.scope == Scope::Text)
        {
            patterns.extend(builder.unit_patterns(unit, true)?);
        }
    }
    Ok(patterns)
}

/// One SHOULD-disjunction: matches when any part matches.
fn any_of(mut parts: Vec<Box<dyn TQuery>>) -> Box<dyn TQuery> {
    match parts.len() {
        0 => Box::new(EmptyQuery),
        1 => parts.remove(0),
        _ => Box::new(BooleanQuery::new(
            parts.into_iter().map(|q| (Occur::Should, q)).collect(),
        )),
    }
}

fn boosted(query: Box<dyn TQuery>, boost: f32) -> Box<dyn TQuery> {
    if boost == 1.0 {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

struct Builder<'a> {
    mode: AccentMode,
    searcher: &'a tantivy::Searcher,
    fields: &'a Fields,
    /// Memo of term-dictionary lookups (concatenation tries many substrings).
    exists: HashMap<Term, bool>,
}

impl Builder<'_> {
    fn field(&self, scope: Scope) -> Field {
        match scope {
            Scope::Text => self.fields.text,
            Scope::Title => self.fields.title,
        }
    }

    /// The one form a word is searched by in this mode.
    fn form(&self, word: &Word) -> Form {
        let exact = match self.mode {
            AccentMode::Auto => word.marked,
            AccentMode::Exact => true,
            AccentMode::Fold => false,
        };
        if exact {
            Form::Exact(word.exact.clone())
        } else {
            Form::Folded(word.folded.clone())
        }
    }

    /// The alternative patterns of a unit. Forgiving branches (typo, concatenation) only for
    /// unquoted single words the user wants to find (`forgiving`), never for exclusions.
    fn unit_patterns(&mut self, unit: &Unit, forgiving: bool) -> Result<Vec<Pattern>> {
        let [word] = unit.words.as_slice() else {
            return Ok(vec![Pattern {
                steps: unit
                    .words
                    .iter()
                    .map(|w| Step::Word(self.form(w)))
                    .collect(),
                slop: unit.slop,
                boost: 1.0,
            }]);
        };
        let form = self.form(word);
        if word.prefix {
            return Ok(vec![Pattern::single(Step::Prefix(form))]);
        }
        let mut patterns = vec![Pattern::single(Step::Word(form.clone()))];
        if !forgiving || unit.quoted {
            return Ok(patterns);
        }
        let letters = word.folded.chars().count();
        let alphabetic = word.folded.chars().all(|c| c.is_alphabetic());
        // Vietnamese syllables are short and dense (`duong` is one edit from `dong`):
        // fuzzing a word that could be a syllable (up to 7 letters, `nghieng`) floods the
        // results with other words, so it happens only when the index does not know the word.
        let field = self.field(unit.scope);
        if matches!(form, Form::Folded(_))
            && letters >= TYPO_MIN_CHARS
            && alphabetic
            && (letters > MAX_SYLLABLE_CHARS || !self.exists(field, &form)?)
        {
            patterns.push(Pattern {
                boost: TYPO_BOOST,
                ..Pattern::single(Step::Typo(word.folded.clone()))
            });
        }
        // Only a word that cannot be one syllable is a run of syllables: `vietnam`, `hanoi`
        // are; `duong` (đường) is not `du ong`, and trying it would cost a phrase search.
        if (CONCAT_MIN_CHARS..=CONCAT_MAX_CHARS).contains(&letters)
            && alphabetic
            && !is_folded_syllable(&word.folded)
        {
            for split in self.splits(field, &form)? {
                patterns.push(Pattern {
                    steps: split.into_iter().map(Step::Word).collect(),
                    slop: 0,
                    boost: CONCAT_BOOST,
                });
            }
        }
        Ok(patterns)
    }

    fn exists(&mut self, field: Field, form: &Form) -> Result<bool> {
        let term = Term::from_field_text(field, &form.term_text());
        if let Some(&known) = self.exists.get(&term) {
            return Ok(known);
        }
        let known = self.searcher.doc_freq(&term)? > 0;
        self.exists.insert(term, known);
        Ok(known)
    }

    fn pattern_query(&self, field: Field, pattern: &Pattern) -> Box<dyn TQuery> {
        let query: Box<dyn TQuery> = match pattern.steps.as_slice() {
            [Step::Word(form)] => term_query(field, form),
            [Step::Prefix(form)] => any_of(
                self.prefix_terms(field, form)
                    .into_iter()
                    .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as _)
                    .collect(),
            ),
            [Step::Typo(folded)] => Box::new(FuzzyTermQuery::new(
                Term::from_field_text(field, &text::folded_term(folded)),
                1,
                true,
            )),
            steps => {
                let terms = steps
                    .iter()
                    .enumerate()
                    .filter_map(|(i, step)| match step {
                        Step::Word(form) => {
                            Some((i, Term::from_field_text(field, &form.term_text())))
                        }
                        _ => None,
                    })
                    .collect();
                phrase_query(terms, pattern.slop)
            }
        };
        boosted(query, pattern.boost)
    }

    /// Index terms of `field` starting with `form`, over all segments, at most
    /// [`MAX_PREFIX_TERMS`]. Errors of a segment dictionary only shrink the expansion.
    fn prefix_terms(&self, field: Field, form: &Form) -> Vec<Term> {
        let prefix = form.term_text();
        let mut words = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
            else {
                continue;
            };
            while stream.advance() && words.len() < MAX_PREFIX_TERMS {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(word) = std::str::from_utf8(key) {
                    words.insert(word.to_string());
                }
            }
        }
        words
            .into_iter()
            .map(|w| Term::from_field_text(field, &w))
            .collect()
    }

    /// SHOULD clauses that only reorder: adjacency of consecutive plain query words in the
    /// text, and each query word in the title.
    fn ranking_clauses(&self, query: &Query) -> Vec<Box<dyn TQuery>> {
        let text = self.fields.text;
        let mut out: Vec<Box<dyn TQuery>> = Vec::new();
        let mut run: Vec<Form> = Vec::new();
        let mut runs = Vec::new();
        for clause in &query.clauses {
            match clause.alternatives.as_slice() {
                [unit]
                    if !clause.negated
                        && unit.scope == Scope::Text
                        && !unit.words.iter().any(|w| w.prefix) =>
                {
                    for word in &unit.words {
                        let form = self.form(word);
                        out.push(boosted(term_query(self.fields.title, &form), TITLE_BOOST));
                        run.push(form);
                    }
                }
                _ => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for run in runs.iter().filter(|r| r.len() >= 2) {
            let term = |f: &Form| Term::from_field_text(text, &f.term_text());
            for pair in run.windows(2) {
                out.push(boosted(
                    phrase_query(vec![(0, term(&pair[0])), (1, term(&pair[1]))], 0),
                    ADJACENT_BOOST,
                ));
            }
            if run.len() >= 3 {
                let all = run.iter().enumerate().map(|(i, f)| (i, term(f))).collect();
                out.push(boosted(phrase_query(all, NEAR_SLOP), NEAR_BOOST));
            }
        }
        out
    }
}

fn term_query(field: Field, form: &Form) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, &form.term_text()),
        IndexRecordOption::WithFreqs,
    ))
}

/// A phrase query; tantivy requires two terms or more, so one term is a term query.
fn phrase_query(mut terms: Vec<(usize, Term)>, slop: u32) -> Box<dyn TQuery> {
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(Guarded(Box::new(PhraseQuery::new_with_offset_and_slop(
            terms, slop,
        )))),
    }
}
