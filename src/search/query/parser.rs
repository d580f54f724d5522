//! Lexemes → [`Query`]: words analyzed with [`crate::text::tokens`], `OR` groups, exclusions.

use super::lexer::{lex, Body, Lexeme};
use super::{Clause, Query, Unit, Word, MAX_QUERY_BYTES, MAX_WORDS};
use crate::{text, Error, Result};

/// Parses what the user typed. See the module documentation for the grammar.
pub fn parse(query: &str) -> Result<Query> {
    let fail = |reason: String| Error::Query {
        query: abbreviate(query),
        reason,
    };
    if query.len() > MAX_QUERY_BYTES {
        return Err(fail(format!(
            "the query is too long ({} bytes; at most {MAX_QUERY_BYTES})",
            query.len()
        )));
    }
    let lexemes = lex(query)
        .map_err(|(position, reason)| fail(format!("{reason} at character {position}")))?;

    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or = false;
    let mut words = 0;
    for lexeme in lexemes {
        let (negated, scope, body, position) = match lexeme {
            Lexeme::Or => {
                pending_or = true;
                continue;
            }
            Lexeme::Text {
                negated,
                scope,
                body,
                position,
            } => (negated, scope, body, position),
        };
        let (text, slop, quoted) = match body {
            Body::Bare(text) => (text, 0, false),
            Body::Quoted { text, slop } => (text, slop, true),
        };
        let mut unit_words: Vec<Word> = text::tokens(&text).iter().map(Word::from_token).collect();
        // Punctuation only: nothing to search for in this chunk.
        let Some(last) = unit_words.last_mut() else {
            continue;
        };
        last.prefix = !quoted && text.trim_end().ends_with('*');
        words += unit_words.len();
        if words > MAX_WORDS {
            return Err(fail(format!(
                "too many words (more than {MAX_WORDS}) at character {position}"
            )));
        }
        let unit = Unit {
            scope,
            words: unit_words,
            slop,
            quoted,
        };
        let joins_previous = pending_or && !negated && clauses.last().is_some_and(|c| !c.negated);
        pending_or = false;
        match clauses.last_mut() {
            Some(previous) if joins_previous => previous.alternatives.push(unit),
            _ => clauses.push(Clause {
                negated,
                alternatives: vec![unit],
            }),
        }
    }
    let parsed = Query { clauses };
    if parsed.clauses.is_empty() {
        return Err(fail("there is no word to search for".into()));
    }
    if parsed.positive().next().is_none() {
        return Err(fail(
            "every word is excluded with `-`: add a word to search for".into(),
        ));
    }
    Ok(parsed)
}

/// The query as shown in an error message: one line, at most 80 characters.
fn abbreviate(query: &str) -> String {
    let one_line: String = query
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= 80 {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(79).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::Scope;

    fn words(unit: &Unit) -> Vec<&str> {
        unit.words.iter().map(|w| w.exact.as_str()).collect()
    }

    #[test]
    fn words_are_anded_and_or_groups_alternatives() {
        let q = parse("hợp tác OR phối hợp -Lào").unwrap();
        assert_eq!(q.clauses.len(), 4);
        assert_eq!(q.clauses[1].alternatives.len(), 2);
        assert_eq!(words(&q.clauses[1].alternatives[1]), ["phối"]);
        assert!(q.clauses[3].negated);
    }

    #[test]
    fn phrases_prefixes_and_titles() {
        let q = parse("title:\"Khoa Học\"~1 sáng tạ*").unwrap();
        let title = &q.clauses[0].alternatives[0];
        assert_eq!(title.scope, Scope::Title);
        assert_eq!(words(title), ["khoa", "học"]);
        assert_eq!(title.slop, 1);
        let prefix = &q.clauses[2].alternatives[0].words[0];
        assert!(prefix.prefix && prefix.marked);
        assert_eq!(prefix.exact, "tạ");
    }

    #[test]
    fn hyphenated_chunk_is_a_phrase() {
        let q = parse("kinh tế-xã hội").unwrap();
        assert_eq!(words(&q.clauses[1].alternatives[0]), ["tế", "xã"]);
    }

    #[test]
    fn malformed_queries_give_one_line_errors() {
        for bad in ["", "   ", "!!! ...", "-Lào", "\"", "OR", "a\"b\"~z"] {
            let err = parse(bad).unwrap_err();
            assert!(matches!(err, Error::Query { .. }), "{bad:?}");
            assert!(!err.to_string().contains('\n'), "{bad:?}");
        }
        let huge = "hợp tác ".repeat(20_000);
        assert!(parse(&huge).unwrap_err().to_string().contains("too long"));
        let many = "từ ".repeat(MAX_WORDS + 1);
        assert!(parse(&many)
            .unwrap_err()
            .to_string()
            .contains("too many words"));
    }

    #[test]
    fn stray_operators_are_forgiven() {
        for lenient in [
            "OR hợp",
            "hợp OR",
            "hợp - tác",
            "\"hợp tác",
            "hợp OR OR tác",
        ] {
            assert!(parse(lenient).is_ok(), "{lenient:?}");
        }
    }
}
