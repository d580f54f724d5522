//! "Did you mean": typos that are real words, corrected from the archive's own statistics.
//!
//! Most Vietnamese typos are valid syllables: a wrong tone mark (`khí hâu` for `khí hậu`,
//! `Nguyễn Xuân Phục` for `Phúc`), a letter too many that makes another word (`chứng
//! khoáng` for `chứng khoán`), or a foreign name misspelled (`Donnald`, `Mesi`). Such a word is
//! in the index (someone made the same typo), so typo tolerance for unknown words never fires.
//! Instead, each query word is compared with what it may have been meant as: a syllable with
//! the same letters under another tone, or its coda a letter longer or shorter (`hâu`/`hậu`,
//! `phục`/`phúc`, `khoáng`/`khoán`); another word with the index words one edit away
//! (`donnald`/`donald`, `mesi`/`messi`):
//!
//! - **in context**, when the word has a neighbour in the query: how many passages hold the
//!   neighbour and the word side by side, against the neighbour and the candidate (`biến đổi
//!   khí hậu` vs `khí hâu`). The candidate wins when it is [`CONTEXT_RATIO`] times as frequent
//!   in that context and seen at least [`MIN_SUPPORT`] times;
//! - **alone**, only for a word that is not a Vietnamese syllable (a foreign name): by document
//!   frequency, with [`ALONE_RATIO`]. A well-formed syllable typed alone is never replaced: a
//!   typed tone mark is evidence (`Chiềng` is a place, not a typo of `Chiến`), and only
//!   context can outweigh it.
//!
//! A corrected word is searched as the typed word OR the correction, both with the larger
//! document frequency (so the typed form's rarity does not push its few stray passages above
//! the thousands of the intended word), and the corrected query is reported as
//! `did_you_mean`.

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::Term;

use super::plan::{live_words_within, Forms};
use super::query::{Query, Scope, Unit, Word};
use super::stats::Stats;
use crate::text::{folded_term, is_folded_syllable, spellings_like, FOLDED_PREFIX};
use crate::Result;
use context::Phrases;

mod context;

/// A candidate must be this many times as frequent as the typed word next to the same
/// neighbours. Real variants in context are rarely within a factor of 10 of each other when
/// one is a typo (`khí hậu` ~1,000 passages next to `biến đổi` vs `khí hâu` 2), while two
/// real words that fit the same context (`họp báo`, `hợp báo`?) fail it: the typed one is
/// common there too.
pub const CONTEXT_RATIO: u64 = 20;
/// A foreign word alone (no context) must be this many times rarer than its neighbour: names
/// misspelled in a few articles (`Donnald` 3) against the name itself (`Donald` 500+).
pub const ALONE_RATIO: u64 = 50;
/// The correction must be seen at least this often (in context, or alone): below it the
/// statistics say nothing.
pub const MIN_SUPPORT: u64 = 5;
/// A typed pair seen at least [`MIN_SUPPORT`] times is somebody's wording, not a one-off
/// slip (`Táo Môi trường`, a character of the New Year show, 7 passages of the archive,
/// beside `tạo môi trường`, "create an environment", 178): it is corrected only when the
/// candidate is this many times as frequent. The typos of the judged set are seen 0–2 times
/// in their context.
pub const ESTABLISHED_RATIO: u64 = 100;
/// At most this many candidates (the most frequent) are checked in context per word: each
/// check counts a phrase over the index.
const MAX_CANDIDATES: usize = 4;
/// At most this many index words one edit away are read per word (per segment, in
/// alphabetical order): a word of 4+ letters rarely has a dozen.
const MAX_NEIGHBOURS: usize = 64;
/// Words that are not syllables, shorter than this, are not corrected: one edit away from a
/// 3-letter word (`who`, `fed`) are dozens of common words. (Syllables are compared with
/// their other tones only, whatever their length.)
const MIN_CHARS: usize = 4;

/// A corrected query.
#[derive(Debug, Clone)]
pub struct Correction {
    /// The query to run: each corrected word replaced by "typed OR corrected".
    pub query: Query,
    /// The query as the user would type it corrected (`did_you_mean`).
    pub text: String,
    /// Pairs of terms (typed, corrected) to score with one document frequency.
    pub blends: Vec<[Term; 2]>,
}

/// A word of the query that may be corrected: where it stands, and its neighbours' terms.
struct Slot {
    clause: usize,
    word: usize,
    /// The word before it in the query, if any.
    before: Option<Term>,
    /// The word after it, if any.
    after: Option<Term>,
}

/// The correction of `query` (typed as `typed`), if the index's statistics call for one.
/// `field` is the passage text; `pairs` its pair field, if the index has one (it only makes
/// counting pairs faster).
pub fn correct(
    query: &Query,
    typed: &str,
    stats: &Stats<'_>,
    field: Field,
    pairs: Option<Field>,
) -> Result<Option<Correction>> {
    let mut corrected = query.clone();
    let mut replacements: Vec<(String, String)> = Vec::new();
    let mut blends = Vec::new();
    let mut phrases = Phrases::new(pairs);
    let acronyms = acronyms(typed);
    for slot in slots(query, field) {
        let unit = &query.clauses[slot.clause].alternatives[0];
        let word = &unit.words[slot.word];
        if acronyms.contains(&word.exact) {
            continue;
        }
        let Some((candidate, typed_term, candidate_term)) =
            best_candidate(word, &slot, stats, field, &mut phrases)?
        else {
            continue;
        };
        let mut alternative: Unit = unit.clone();
        alternative.words[slot.word] = candidate.clone();
        corrected.clauses[slot.clause]
            .alternatives
            .push(alternative);
        replacements.push((word.exact.clone(), candidate.exact.clone()));
        blends.push([typed_term, candidate_term]);
    }
    if replacements.is_empty() {
        return Ok(None);
    }
    Ok(Some(Correction {
        query: corrected,
        text: rewrite(typed, &replacements),
        blends,
    }))
}

/// The words typed in capitals (`WHO`, `BOT`): abbreviations, meant as typed even when a
/// common word is one edit away (`who` → `cho`).
fn acronyms(typed: &str) -> std::collections::HashSet<String> {
    crate::text::tokens(typed)
        .into_iter()
        .filter(|token| {
            let original = &typed[token.start..token.end];
            original.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !original.chars().any(char::is_lowercase)
        })
        .map(|token| token.exact)
        .collect()
}

/// The words that may be corrected: in positive single-unit clauses of the passage text,
/// not prefixes, long enough; with the terms of the words next to them in the query.
fn slots(query: &Query, field: Field) -> Vec<Slot> {
    // Every word of the query in order, with where it stands (None: not correctable).
    let mut sequence: Vec<(Option<(usize, usize)>, Term)> = Vec::new();
    for (c, clause) in query.clauses.iter().enumerate() {
        let single = !clause.negated && clause.alternatives.len() == 1;
        for unit in &clause.alternatives {
            for (w, word) in unit.words.iter().enumerate() {
                let correctable = single
                    && unit.scope == Scope::Text
                    && !word.prefix
                    && (word.exact.chars().count() >= MIN_CHARS
                        || is_folded_syllable(&word.folded))
                    && word.exact.chars().all(char::is_alphabetic);
                sequence.push((correctable.then_some((c, w)), term_of(word, field)));
            }
        }
    }
    let mut slots = Vec::new();
    for (i, (place, _)) in sequence.iter().enumerate() {
        let Some((clause, word)) = *place else {
            continue;
        };
        let term_at = |j: Option<usize>| j.and_then(|j| sequence.get(j)).map(|(_, t)| t.clone());
        slots.push(Slot {
            clause,
            word,
            before: term_at(i.checked_sub(1)),
            after: term_at(Some(i + 1)),
        });
    }
    slots
}

/// The term a query word searches in auto mode: its exact form when typed with marks, its
/// folded form otherwise.
fn term_of(word: &Word, field: Field) -> Term {
    if word.marked {
        Term::from_field_text(field, &word.exact)
    } else {
        Term::from_field_text(field, &folded_term(&word.folded))
    }
}

/// The best correction of the word of `slot`, with the typed term and the correction's.
fn best_candidate(
    word: &Word,
    slot: &Slot,
    stats: &Stats<'_>,
    field: Field,
    phrases: &mut Phrases,
) -> Result<Option<(Word, Term, Term)>> {
    let typed = term_of(word, field);
    let alone = slot.before.is_none() && slot.after.is_none();
    let syllable = is_folded_syllable(&word.folded);
    // An unmarked syllable already matches every way of marking it; a marked one typed alone
    // has only its marks to go by, and they are evidence.
    if syllable && (alone || !word.marked) {
        return Ok(None);
    }
    let mut candidates = Vec::new();
    for candidate in neighbours_of(word, stats, field)? {
        let term = term_of(&candidate, field);
        let freq = stats.live_doc_freq(&term)?;
        if freq >= MIN_SUPPORT {
            candidates.push((freq, candidate, term));
        }
    }
    if candidates.is_empty() {
        return Ok(None);
    }
    // Most frequent first; ties by spelling, so the choice does not depend on the dictionary.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.exact.cmp(&b.1.exact)));
    if alone {
        let typed_freq = stats.live_doc_freq(&typed)?;
        let best = candidates.into_iter().next();
        return Ok(best
            .filter(|(freq, _, _)| *freq >= ALONE_RATIO.saturating_mul(typed_freq.max(1)))
            .map(|(_, candidate, term)| (candidate, typed, term)));
    }
    // No candidate's context count can exceed its document frequency, nor the passages
    // holding its pairs with the neighbours: counting the typed pair can stop once it is too
    // frequent for any candidate to win. For a common pair the pairs' bound is far the lower
    // (`nam bộ`: `bỏ`, `bố`, … are each in thousands of passages, `nam bo` in far fewer),
    // and the query 9% faster (1.71 → 1.55 ms in process).
    let most = candidates
        .iter()
        .map(|(freq, _, term)| {
            phrases
                .bound(stats, slot, term)
                .map_or(*freq, |b| b.min(*freq))
        })
        .max()
        .unwrap_or(0);
    let limit = most / CONTEXT_RATIO + 1;
    let typed_context = phrases.context(stats, slot, &typed, limit)?;
    if typed_context >= limit {
        return Ok(None);
    }
    let ratio = if typed_context >= MIN_SUPPORT {
        ESTABLISHED_RATIO
    } else {
        CONTEXT_RATIO
    };
    let needed = ratio.saturating_mul(typed_context.max(1)).max(MIN_SUPPORT);
    // A candidate's context count is at most its document frequency: those below `needed`
    // cannot win, and a common typed pair (`hợp tác`) costs no candidate count at all.
    let candidates: Vec<(u64, Word, Term)> = candidates
        .into_iter()
        .filter(|(freq, _, _)| *freq >= needed)
        .take(MAX_CANDIDATES)
        .collect();
    let winner = most_supported(&candidates, needed, slot, stats, phrases)?;
    Ok(winner.map(|i| (candidates[i].1.clone(), typed, candidates[i].2.clone())))
}

/// Which of `candidates` (passages, word, term) stands the most often in `slot`'s context,
/// if one does at least `needed` times (the first of equals). Each is counted only as far as
/// it matters: a candidate whose [`Phrases::ceiling`] is below what it needs is not counted,
/// and one that reaches more than every later candidate's ceiling has won, so its count stops
/// there (the most frequent candidate, `triển` beside `tác`, was counted through hundreds of
/// thousands of passages of the 800 MB corpus).
fn most_supported(
    candidates: &[(u64, Word, Term)],
    needed: u64,
    slot: &Slot,
    stats: &Stats<'_>,
    phrases: &mut Phrases,
) -> Result<Option<usize>> {
    let ceilings: Vec<u64> = candidates
        .iter()
        .map(|(freq, _, term)| phrases.ceiling(stats, slot, term, *freq))
        .collect();
    let mut best: Option<(u64, usize)> = None;
    for (i, (_, _, term)) in candidates.iter().enumerate() {
        // What this candidate must count to be the best so far.
        let floor = best.map_or(needed, |(support, _)| needed.max(support + 1));
        if ceilings[i] < floor {
            continue;
        }
        let decisive = ceilings[i + 1..]
            .iter()
            .max()
            .map_or(floor, |&later| floor.max(later.saturating_add(1)));
        let support = phrases.context(stats, slot, term, decisive)?;
        if support >= decisive {
            return Ok(Some(i));
        }
        if support >= floor {
            best = Some((support, i));
        }
    }
    Ok(best.map(|(_, i)| i))
}

/// What `word` may have been meant as, as query words: for a syllable, the same letters
/// with other tones and the coda one letter longer or shorter (`text::spellings_like`);
/// otherwise the index words one edit away (exact when marked, folded otherwise).
fn neighbours_of(word: &Word, stats: &Stats<'_>, field: Field) -> Result<Vec<Word>> {
    if is_folded_syllable(&word.folded) {
        return Ok(spellings_like(&word.exact)
            .into_iter()
            .map(|text| Word {
                folded: crate::text::fold(&text),
                marked: true,
                exact: text,
                prefix: false,
            })
            .collect());
    }
    let typed = term_of(word, field);
    let automaton = FuzzyTermQuery::new(typed.clone(), 1, true).automaton()?;
    let mut marker = [0u8; 4];
    let marker = FOLDED_PREFIX.encode_utf8(&mut marker).as_bytes();
    // Exact words for a marked word, folded words for an unmarked one.
    let text_of = |key: &'_ [u8]| -> Option<String> {
        let text = if word.marked {
            (!key.starts_with(marker)).then_some(key)
        } else {
            key.strip_prefix(marker)
        };
        std::str::from_utf8(text?).ok().map(str::to_string)
    };
    let keep =
        |key: &[u8]| text_of(key).is_some_and(|text| text != word.exact && text != word.folded);
    let forms = if word.marked {
        Forms::Exact
    } else {
        Forms::Folded
    };
    let words: Vec<String> = live_words_within(
        stats.searcher(),
        field,
        &automaton,
        forms,
        keep,
        MAX_NEIGHBOURS,
    )?
    .iter()
    .filter_map(|key| text_of(key.as_bytes()))
    .collect();
    Ok(words
        .into_iter()
        .map(|text| Word {
            folded: crate::text::fold(&text),
            marked: word.marked,
            exact: text,
            prefix: false,
        })
        .collect())
}

/// `typed` with each `(from, to)` word replaced (first occurrence, matched on the normalized
/// form), keeping the user's capitals.
fn rewrite(typed: &str, replacements: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut done = vec![false; replacements.len()];
    let mut last = 0;
    for token in crate::text::tokens(typed) {
        let Some(i) = replacements
            .iter()
            .enumerate()
            .position(|(i, (from, _))| !done[i] && *from == token.exact)
        else {
            continue;
        };
        done[i] = true;
        let original = &typed[token.start..token.end];
        out.push_str(&typed[last..token.start]);
        out.push_str(&same_case(original, &replacements[i].1));
        last = token.end;
    }
    out.push_str(&typed[last..]);
    out
}

/// `word` with its first letter uppercase when `like`'s is.
fn same_case(like: &str, word: &str) -> String {
    let upper = like.chars().next().is_some_and(char::is_uppercase);
    let mut chars = word.chars();
    match chars.next() {
        Some(first) if upper => first.to_uppercase().chain(chars).collect(),
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests;
