//! The filters of the search options: date range and source.

use std::ops::Bound;

use tantivy::query::{Query as TQuery, RangeQuery};
use tantivy::Term;

use super::phrase_query;
use crate::index::Fields;
use crate::ingest::date::day_start;
use crate::search::leaf::Leaf;
use crate::search::SearchOptions;
use crate::{text, Error, Result};

/// Date range and source filters of the options.
pub(super) fn filters(options: &SearchOptions, fields: &Fields) -> Result<Vec<Box<dyn TQuery>>> {
    let mut out: Vec<Box<dyn TQuery>> = Vec::new();
    if let (Some(from), Some(to)) = (options.from, options.to) {
        if from > to {
            return Err(Error::InvalidOption(format!(
                "the start date {from} is after the end date {to}"
            )));
        }
    }
    if options.from.is_some() || options.to.is_some() {
        let day = |d: time::Date| Term::from_field_date(fields.date, day_start(d));
        let lower = options
            .from
            .map_or(Bound::Unbounded, |d| Bound::Included(day(d)));
        let upper = options
            .to
            .map_or(Bound::Unbounded, |d| Bound::Included(day(d)));
        out.push(Box::new(RangeQuery::new(lower, upper)));
    }
    if let Some(source) = &options.source {
        let terms: Vec<(usize, Term)> = text::tokens(source)
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    i,
                    Term::from_field_text(fields.source, &text::folded_term(&t.folded)),
                )
            })
            .collect();
        if terms.is_empty() {
            return Err(Error::InvalidOption(format!(
                "the source filter {source:?} has no words"
            )));
        }
        out.push(Box::new(Leaf(phrase_query(terms, 0, None))));
    }
    Ok(out)
}
