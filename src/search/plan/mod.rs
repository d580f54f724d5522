//! Query AST → tantivy query, per accent mode, plus the patterns used for highlighting.
//!
//! Every query word becomes ONE term (its exact form if it must match accents, else its
//! folded term), so a word never turns into an accidental phrase or AND of its two forms.
//! Around that core the plan adds, as lower-weighted alternatives of the same word:
//! a typo branch (the index words one edit away, on folded terms of 5+ letters), a
//! concatenation branch (`hanoi` → the phrase `ha noi` when the index holds those syllables)
//! and prefix expansion (`tạ*` → the words of the index starting with `tạ`). Every expanded
//! word is scored by its own BM25 (how often, in how long a passage), weighted below a word
//! typed in full; the words one query word expands to share one idf ([`Stats::blend`]).
//! Ranking extras are SHOULD clauses: adjacent query words as a phrase (proximity), and query
//! words (with their expansions) in the title. Every scored unit is a [`Leaf`], so that sums
//! of scores are exact and do not depend on the segments.

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query as TQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

mod boosts;
mod concat;
mod expand;
mod filters;

pub(super) use expand::{live_words_within, Forms};

use crate::text::{is_folded_syllable, pair_of_terms};
use filters::filters;

use super::conjunction::TermConjunction;
use super::leaf::Leaf;
use super::pattern::{Form, Pattern, Step};
use super::query::{Query, Scope, Unit, Word};
use super::sloppy::SloppyPhraseQuery;
use super::stats::Stats;
use super::topic::TopicUnit;
use super::{AccentMode, SearchOptions};
use crate::index::Fields;
use crate::Result;

/// Weight of a typo neighbour's BM25 relative to the same BM25 of the word typed exactly.
/// BM25 saturates at 2.2× the score of one occurrence (k1 = 1.2), so at 0.5 a neighbour scores
/// at most 1.1× one exact occurrence: a passage with the exact spelling ranks above one with
/// only a neighbour unless the neighbour occurs about a dozen times. For a word the index does
/// not know, every match is a neighbour and the weight only sets how much the corrected word
/// counts against the other query words: half a word, since it is a guess.
const TYPO_WEIGHT: f32 = 0.5;
/// Weight of a word matched by a prefix (`tạ*` → `tạo`): less than a word typed in full,
/// which says exactly what the user wants, more than a typo guess, since every typed letter
/// matched.
const PREFIX_WEIGHT: f32 = 0.7;
/// Weight of the spaced form of a word typed without spaces (`hanoi` → "ha noi"). The phrase's
/// BM25 adds the idf of its 2–3 syllables, about twice a single word's: 0.5 brings it back to
/// about one query word, the way it was typed, and below the run-together word itself should
/// the index hold it.
const CONCAT_WEIGHT: f32 = 0.5;
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
/// At most this many index words are searched for one prefix (the first in alphabetical
/// order): a one-letter prefix would otherwise expand to thousands of terms.
const MAX_PREFIX_TERMS: usize = 128;
/// At most this many index words are searched as typo neighbours of one word (alphabetical
/// order). One edit from a word of 5+ letters rarely reaches a dozen words; the cap only
/// bounds pathological dictionaries.
const MAX_TYPO_TERMS: usize = 64;

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
    /// The excluded words (`-word`), any of them: an article with one of them in any passage
    /// is left out whole.
    pub excluded: Option<Box<dyn TQuery>>,
    /// The words and phrases the passages must match, as typed (no expansions): what an
    /// article is about ([`super::topic`]).
    pub topic: Vec<TopicUnit>,
}

/// Builds the plan of `query` in `mode` against the live terms of the index; expansions are
/// blended into `stats`, which must then score the plan.
pub fn plan(
    query: &Query,
    mode: AccentMode,
    options: &SearchOptions,
    stats: &mut Stats<'_>,
    fields: &Fields,
) -> Result<Plan> {
    let mut builder = Builder {
        mode,
        stats,
        fields,
    };
    let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    let mut text_patterns = Vec::new();
    let mut excluded = Vec::new();
    let mut topic = Vec::new();
    for clause in &query.clauses {
        let mut alternatives = Vec::new();
        for unit in &clause.alternatives {
            let patterns = builder.unit_patterns(unit, !clause.negated)?;
            let field = builder.field(unit.scope);
            if !clause.negated && unit.scope == Scope::Text {
                text_patterns.extend(patterns.iter().cloned());
                for topic_unit in builder.topic_units(unit, field) {
                    if !topic.contains(&topic_unit) {
                        topic.push(topic_unit);
                    }
                }
            }
            for pattern in &patterns {
                alternatives.push(builder.pattern_query(field, pattern, 1.0)?);
            }
        }
        if clause.negated {
            excluded.push(any_of(alternatives));
        } else {
            clauses.push((Occur::Must, any_of(alternatives)));
        }
    }
    // Filters select, they do not score: a date range or a source leaves the ranking as is.
    clauses.extend(
        filters(options, fields)?
            .into_iter()
            .map(|q| (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)) as _)),
    );
    // One required clause is the core itself: the same matches and scores (a BooleanQuery
    // of one MUST clause sums one score), and tantivy's own loop over its postings (see
    // `leaf::LeafWeight::for_each`) instead of one through boxed scorers. Several plain
    // words (no expansion, no filter) are one conjunction of their terms: the same matches
    // and scores as their BooleanQuery, without its boxed scorers (`conjunction`).
    let core = match <[_; 1]>::try_from(clauses) {
        Ok([(Occur::Must, only)]) => only,
        Ok([other]) => Box::new(BooleanQuery::new(vec![other])),
        Err(clauses) => match plain_terms(&clauses) {
            Some(terms) => Box::new(TermConjunction::new(terms)) as Box<dyn TQuery>,
            None => Box::new(BooleanQuery::new(clauses)),
        },
    };
    Ok(Plan {
        core,
        boosts: builder.ranking_clauses(query)?,
        text_patterns,
        excluded: (!excluded.is_empty()).then(|| any_of(excluded)),
        topic,
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
/// forms, but typo and concatenation still consult the index's words.
pub fn text_patterns(
    query: &Query,
    mode: AccentMode,
    stats: &mut Stats<'_>,
    fields: &Fields,
) -> Result<Vec<Pattern>> {
    let mut builder = Builder {
        mode,
        stats,
        fields,
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

/// The terms of `clauses` when there are two or more and every one is a required,
/// unweighted term leaf.
fn plain_terms(clauses: &[(Occur, Box<dyn TQuery>)]) -> Option<Vec<Term>> {
    if clauses.len() < 2 {
        return None;
    }
    clauses
        .iter()
        .map(|(occur, query)| {
            let leaf = query
                .downcast_ref::<Leaf>()
                .filter(|_| *occur == Occur::Must)?;
            let term = leaf.0.downcast_ref::<TermQuery>()?;
            Some(term.term().clone())
        })
        .collect()
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

/// A scored unit of the plan: `query` weighted by `weight`, as a [`Leaf`].
fn leaf(query: Box<dyn TQuery>, weight: f32) -> Box<dyn TQuery> {
    let weighted = if weight == 1.0 {
        query
    } else {
        Box::new(BoostQuery::new(query, weight))
    };
    Box::new(Leaf(weighted))
}

struct Builder<'s, 'a> {
    mode: AccentMode,
    /// Live terms (memoized: concatenation tries many substrings) and blended frequencies.
    stats: &'s mut Stats<'a>,
    fields: &'s Fields,
}

impl Builder<'_, '_> {
    fn field(&self, scope: Scope) -> Field {
        match scope {
            Scope::Text => self.fields.text,
            Scope::Title => self.fields.title,
        }
    }

    /// The pair field of `field`'s words, if the index has one (the passage text only).
    fn pairs_of(&self, field: Field) -> Option<Field> {
        self.fields.pairs.filter(|_| field == self.fields.text)
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

    /// What a unit says an article is about ([`TopicUnit`]): each word as typed, and a quoted
    /// phrase whole too (an article that says "giải cứu lợn" three times and "lợn" in every
    /// paragraph is more about it than one that says "giải cứu" often and "lợn" once).
    fn topic_units(&self, unit: &Unit, field: Field) -> Vec<TopicUnit> {
        let term = |w: &Word| self.form(w).term(field);
        let words: Vec<&Word> = unit.words.iter().filter(|w| !w.prefix).collect();
        let mut out = Vec::new();
        if unit.quoted && words.len() == unit.words.len() && words.len() >= 2 {
            out.push(TopicUnit {
                terms: words.iter().map(|w| term(w)).collect(),
                slop: unit.slop,
            });
        }
        out.extend(words.into_iter().map(|w| TopicUnit {
            terms: vec![term(w)],
            slop: 0,
        }));
        out
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
            return Ok(vec![Pattern {
                boost: PREFIX_WEIGHT,
                ..Pattern::single(Step::Prefix(form))
            }]);
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
                boost: TYPO_WEIGHT,
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
                    boost: CONCAT_WEIGHT,
                });
            }
        }
        Ok(patterns)
    }

    fn exists(&mut self, field: Field, form: &Form) -> Result<bool> {
        self.stats.exists(&form.term(field))
    }

    /// The query of `pattern` in `field`, its leaves weighted by `weight` × the pattern's
    /// weight. A prefix or a typo becomes one term query per index word it expands to.
    fn pattern_query(
        &mut self,
        field: Field,
        pattern: &Pattern,
        weight: f32,
    ) -> Result<Box<dyn TQuery>> {
        let weight = weight * pattern.boost;
        Ok(match pattern.steps.as_slice() {
            [Step::Word(form)] => leaf(term_query(field, form), weight),
            [Step::Prefix(form)] => {
                let terms = self.prefix_terms(field, form)?;
                self.stats.blend(&terms)?;
                expanded(terms, weight)
            }
            [Step::Typo(folded)] => {
                let (typed, neighbours) = self.typo_terms(field, folded)?;
                let mut group = neighbours.clone();
                group.push(typed);
                self.stats.blend(&group)?;
                expanded(neighbours, weight)
            }
            steps => {
                let terms = steps
                    .iter()
                    .enumerate()
                    .filter_map(|(i, step)| match step {
                        Step::Word(form) => Some((i, form.term(field))),
                        _ => None,
                    })
                    .collect();
                leaf(
                    phrase_query(terms, pattern.slop, self.pairs_of(field)),
                    weight,
                )
            }
        })
    }
}

/// One leaf per expanded term, any of which matches.
fn expanded(terms: Vec<Term>, weight: f32) -> Box<dyn TQuery> {
    any_of(
        terms
            .into_iter()
            .map(|t| {
                leaf(
                    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
                    weight,
                )
            })
            .collect(),
    )
}

fn term_query(field: Field, form: &Form) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(
        form.term(field),
        IndexRecordOption::WithFreqs,
    ))
}

/// A phrase query; tantivy requires two terms or more, so one term is a term query. With slop,
/// our own [`SloppyPhraseQuery`] (tantivy's counts depend on the segment). An exact phrase of
/// adjacent words, given the index's `pairs` field for the terms' field, is looked for among
/// the passages holding its pairs (the same matches and scores as tantivy's phrase, found
/// without intersecting the words' postings). Not a leaf: the caller wraps it.
pub(super) fn phrase_query(
    mut terms: Vec<(usize, Term)>,
    slop: u32,
    pairs: Option<Field>,
) -> Box<dyn TQuery> {
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        )),
        _ if slop > 0 => Box::new(SloppyPhraseQuery::new(terms, slop)),
        _ => match pairs.and_then(|field| pair_terms(field, &terms)) {
            Some(pairs) => Box::new(SloppyPhraseQuery::new(terms, 0).with_pairs(pairs)),
            None => Box::new(PhraseQuery::new_with_offset(terms)),
        },
    }
}

/// The pair-field terms of a phrase: of its words taken two by two, those standing at
/// consecutive offsets whose pair is indexed (both words common); `None` when there is none.
pub(super) fn pair_terms(pairs: Field, terms: &[(usize, Term)]) -> Option<Vec<Term>> {
    let found: Vec<Term> = terms
        .windows(2)
        .filter_map(|window| {
            let [(a, first), (b, second)] = window else {
                return None;
            };
            let (first, second) = (first.value(), second.value());
            let pair = pair_of_terms(first.as_str()?, second.as_str()?)?;
            (*b == a + 1).then(|| Term::from_field_text(pairs, &pair))
        })
        .collect();
    (!found.is_empty()).then_some(found)
}
