//! Which words of a stored passage matched: the passage is re-tokenized with the analyzer and
//! every query pattern is matched against it, so a phrase lights up only where the phrase
//! stands, and typo or prefix matches light up the words they matched.

use std::collections::BTreeSet;

use super::pattern::{Pattern, Step};
use crate::text;

/// `[start, end)` UTF-8 byte offsets into `text` of every word matched by `patterns`, one
/// range per word, sorted, without duplicates.
pub fn highlights(text: &str, patterns: &[Pattern]) -> Vec<[usize; 2]> {
    if patterns.is_empty() {
        return Vec::new();
    }
    let tokens = match first_letters(patterns) {
        Some(firsts) => text::tokens_starting_with(text, &firsts),
        None => text::tokens(text),
    };
    let matched: BTreeSet<usize> = patterns
        .iter()
        .flat_map(|p| p.occurrences(&tokens))
        .collect();
    matched
        .into_iter()
        .map(|i| [tokens[i].start, tokens[i].end])
        .collect()
}

/// The first folded letters of every word the patterns look for, or `None` when a word
/// could match with another first letter (a typo's neighbour) or has none to go by.
fn first_letters(patterns: &[Pattern]) -> Option<Vec<char>> {
    let mut firsts = Vec::new();
    for step in patterns.iter().flat_map(|p| &p.steps) {
        let form = match step {
            Step::Word(form) | Step::Prefix(form) => form,
            Step::Typo(_) => return None,
        };
        let first = text::first_folded_letter(form.word())?;
        if !firsts.contains(&first) {
            firsts.push(first);
        }
    }
    Some(firsts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::pattern::Form;

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

    /// Analyzing only the words that start like a query word lights the same words as
    /// analyzing all of them: capitals, `đ`, `y`/`i`, marks as combining characters, a
    /// zero-width space before a word, digits, prefixes and phrases.
    #[test]
    fn skipping_words_changes_no_highlight() {
        let text =
            "ĐÀ NẴNG: Yên bình, ý kiến, \u{200B}ích lợi; đi học i\u{0300}t 2024 và Ích Dụng, \
                    Hợp tác y tế, đổi mới";
        let word = |form: Form| Pattern::single(Step::Word(form));
        let sets = [
            vec![
                word(Form::Folded("da".into())),
                word(Form::Folded("nang".into())),
            ],
            vec![
                word(Form::Folded("yen".into())),
                word(Form::Exact("ích".into())),
            ],
            vec![
                word(Form::Folded("y".into())),
                word(Form::Folded("i".into())),
            ],
            vec![
                word(Form::Exact("ì".into())),
                word(Form::Folded("2024".into())),
            ],
            vec![Pattern::single(Step::Prefix(Form::Folded("ic".into())))],
            vec![Pattern {
                steps: vec![
                    Step::Word(Form::Folded("hop".into())),
                    Step::Word(Form::Exact("tác".into())),
                ],
                slop: 0,
                boost: 1.0,
            }],
            vec![
                word(Form::Exact("đổi".into())),
                word(Form::Folded("moi".into())),
            ],
        ];
        for patterns in sets {
            let firsts = first_letters(&patterns).unwrap();
            let all = text::tokens(text);
            let some = text::tokens_starting_with(text, &firsts);
            let light = |tokens: &[text::Token]| -> BTreeSet<usize> {
                patterns
                    .iter()
                    .flat_map(|p| p.occurrences(tokens))
                    .collect()
            };
            assert!(!light(&all).is_empty(), "{patterns:?}");
            assert_eq!(light(&all), light(&some), "{patterns:?}");
            assert!(some.iter().any(|t| t.exact.is_empty()));
        }
        let typo = [Pattern::single(Step::Typo("nang".into()))];
        assert_eq!(first_letters(&typo), None);
    }

    #[test]
    fn typo_lights_the_matched_word() {
        let text = "Thủ tướng Lào Sonexay Siphandone tiếp đoàn.";
        let found = highlights(text, &[Pattern::single(Step::Typo("siphandon".into()))]);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0][0]..found[0][1]], "Siphandone");
    }
}
