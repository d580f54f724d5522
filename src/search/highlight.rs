//! Which words of a stored passage matched: the passage is re-tokenized with the analyzer and
//! every query pattern is matched against it, so a phrase lights up only where the phrase
//! stands, and typo or prefix matches light up the words they matched.

use std::collections::BTreeSet;

use super::pattern::Pattern;
use crate::text;

/// `[start, end)` UTF-8 byte offsets into `text` of every word matched by `patterns`, one
/// range per word, sorted, without duplicates.
pub fn highlights(text: &str, patterns: &[Pattern]) -> Vec<[usize; 2]> {
    if patterns.is_empty() {
        return Vec::new();
    }
    let tokens = text::tokens(text);
    let matched: BTreeSet<usize> = patterns
        .iter()
        .flat_map(|p| p.occurrences(&tokens))
        .collect();
    matched
        .into_iter()
        .map(|i| [tokens[i].start, tokens[i].end])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::pattern::{Form, Step};

    #[test]
    fn phrase_lights_only_where_it_stands() {
        let text = "Hợp tác khoa học. Khoa cũng học hợp tác.";
        let phrase = Pattern {
            steps: vec![
                Step::Word(Form::Exact("khoa".into())),
                Step::Word(Form::Exact("học".into())),
            ],
            slop: 0,
            boost: 1.0,
        };
        let found = highlights(text, &[phrase]);
        let words: Vec<&str> = found.iter().map(|[s, e]| &text[*s..*e]).collect();
        assert_eq!(words, ["khoa", "học"]);
        assert_eq!(found[0][0], text.find("khoa").unwrap());
    }

    #[test]
    fn typo_lights_the_matched_word() {
        let text = "Thủ tướng Lào Sonexay Siphandone tiếp đoàn.";
        let found = highlights(text, &[Pattern::single(Step::Typo("siphandon".into()))]);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0][0]..found[0][1]], "Siphandone");
    }
}
