//! The index words a prefix (`tạ*`) or a typo (`Formossa`) stands for.
//!
//! Both are read from the term dictionaries of every segment, keeping only words that some
//! live passage contains, and capped by taking the first words in alphabetical order of the
//! union: the expansion is a function of the live passages alone, not of how they are spread
//! over segments (a deleted passage's words linger in its segment's dictionary until a merge).
//! Each segment contributes its first `cap` live words: those include every word of the
//! union's first `cap`, so capping per segment first changes nothing.

use std::collections::BTreeSet;

use tantivy::postings::TermInfo;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, InvertedIndexReader, SegmentReader, Term, TERMINATED};

use super::{Builder, MAX_PREFIX_TERMS, MAX_TYPO_TERMS};
use crate::search::pattern::{within_one_edit, Form};
use crate::text::{folded_term, FOLDED_PREFIX};
use crate::Result;

impl Builder<'_, '_> {
    /// Index terms of `field` starting with `form`, at most [`MAX_PREFIX_TERMS`].
    pub(super) fn prefix_terms(&self, field: Field, form: &Form) -> Result<Vec<Term>> {
        let prefix = form.term_text();
        let mut words = BTreeSet::new();
        for segment in self.stats.searcher().segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            let mut found = 0;
            // Sorted keys: the first one without the prefix ends the range.
            while found < MAX_PREFIX_TERMS
                && stream.advance()
                && stream.key().starts_with(prefix.as_bytes())
            {
                if live_in(segment, &inverted, stream.value())? {
                    found += usize::from(insert(&mut words, stream.key()));
                }
            }
        }
        Ok(first_terms(field, words, MAX_PREFIX_TERMS))
    }

    /// The folded term of `folded` in `field` and the index terms one edit (Damerau) away
    /// from it, at most [`MAX_TYPO_TERMS`], the term itself excluded.
    pub(super) fn typo_terms(&self, field: Field, folded: &str) -> Result<(Term, Vec<Term>)> {
        let typed = Term::from_field_text(field, &folded_term(folded));
        let automaton = FuzzyTermQuery::new(typed.clone(), 1, true).automaton()?;
        let typed_key = typed.serialized_value_bytes();
        let mut marker = [0u8; 4];
        let marker = FOLDED_PREFIX.encode_utf8(&mut marker).as_bytes();
        // The automaton measures edits on the whole term, marker included: keep folded terms
        // whose words are one edit apart (the distance the highlighter checks).
        let keep = |key: &[u8]| {
            key != typed_key
                && key
                    .strip_prefix(marker)
                    .and_then(|word| std::str::from_utf8(word).ok())
                    .is_some_and(|word| within_one_edit(word, folded))
        };
        let words = live_words_within(
            self.stats.searcher(),
            field,
            &automaton,
            Forms::Folded,
            keep,
            MAX_TYPO_TERMS,
        )?;
        Ok((typed, first_terms(field, words, MAX_TYPO_TERMS)))
    }
}

/// Which of a text field's two kinds of terms to read: folded terms all start with
/// [`FOLDED_PREFIX`] (`\u{1}`), so they sort before every exact term, and each kind is one
/// range of the term dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::search) enum Forms {
    Folded,
    Exact,
}

/// The marker as the one byte it is in a key (it is ASCII, checked below).
const MARKER: u8 = FOLDED_PREFIX as u8;
const _: () = assert!(FOLDED_PREFIX.is_ascii() && MARKER < u8::MAX);

impl Forms {
    /// The dictionary range of these terms: its first key (inclusive), and the first key
    /// past it (none: to the end).
    fn range(self) -> ([u8; 1], Option<[u8; 1]>) {
        let first_exact = [MARKER + 1];
        match self {
            Forms::Folded => ([MARKER], Some(first_exact)),
            Forms::Exact => (first_exact, None),
        }
    }
}

/// The words of `field` among its `forms` terms that `automaton` accepts and `keep` keeps,
/// that some live passage contains: at most `cap` per segment (see the module
/// documentation). Walking only the range of `forms` matters for an edit-distance automaton,
/// which would otherwise explore the other kind's half of the dictionary too (the marker is
/// one edit): on the shared archive it took a two-name query (`jose mourinho`) from 2.1 to
/// 1.6 ms.
pub(in crate::search) fn live_words_within(
    searcher: &tantivy::Searcher,
    field: Field,
    automaton: &tantivy::query::DfaWrapper,
    forms: Forms,
    keep: impl Fn(&[u8]) -> bool,
    cap: usize,
) -> Result<BTreeSet<String>> {
    let mut words = BTreeSet::new();
    let (first, past) = forms.range();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut builder = inverted.terms().search(automaton).ge(first);
        if let Some(past) = past {
            builder = builder.lt(past);
        }
        let mut stream = builder.into_stream().map_err(tantivy::TantivyError::from)?;
        let mut found = 0;
        while found < cap && stream.advance() {
            if keep(stream.key()) && live_in(segment, &inverted, stream.value())? {
                found += usize::from(insert(&mut words, stream.key()));
            }
        }
    }
    Ok(words)
}

/// Adds `key` to `words` if it is text; whether it was.
fn insert(words: &mut BTreeSet<String>, key: &[u8]) -> bool {
    match std::str::from_utf8(key) {
        Ok(word) => {
            words.insert(word.to_string());
            true
        }
        Err(_) => false,
    }
}

/// Whether a live document of `segment` contains the term of `info`.
fn live_in(
    segment: &SegmentReader,
    inverted: &InvertedIndexReader,
    info: &TermInfo,
) -> Result<bool> {
    let Some(alive) = segment.alive_bitset() else {
        return Ok(info.doc_freq > 0);
    };
    let mut postings = inverted
        .read_postings_from_terminfo(info, IndexRecordOption::Basic)
        .map_err(tantivy::TantivyError::from)?;
    let mut doc = postings.doc();
    while doc != TERMINATED {
        if alive.is_alive(doc) {
            return Ok(true);
        }
        doc = postings.advance();
    }
    Ok(false)
}

/// The first `cap` of `words` (alphabetical order), as terms of `field`.
fn first_terms(field: Field, words: BTreeSet<String>, cap: usize) -> Vec<Term> {
    words
        .into_iter()
        .take(cap)
        .map(|w| Term::from_field_text(field, &w))
        .collect()
}
