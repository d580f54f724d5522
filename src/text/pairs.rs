//! Syllable pairs: the folded forms of every two adjacent words of a text, as one term
//! (`hợp tác` → `hop tac`), for the index's pair field.
//!
//! Vietnamese words are mostly two syllables, and their syllables are very frequent on their
//! own (`hợp` and `tác` each stand in thousands of passages; `cùng ở` as a phrase in about a
//! hundred). A phrase search over syllables reads every passage that holds all of them to
//! find the few where they stand together; the pair term lists those passages directly. A
//! pair is folded, so it is a superset of every accented spelling of the phrase: searches
//! still check the words themselves, at those passages only (`search::sloppy`).
//!
//! Pairs are taken across punctuation exactly as phrase positions are (the text analyzer
//! numbers words without gaps), so every phrase match has its pairs.
//!
//! ```
//! use tantivy::tokenizer::TokenStream;
//! let mut analyzer = vnsearch::text::pair_analyzer();
//! let mut stream = analyzer.token_stream("Hợp tác, phát triển");
//! let mut terms = Vec::new();
//! while let Some(token) = stream.next() {
//!     terms.push((token.text.clone(), token.position));
//! }
//! assert_eq!(
//!     terms,
//!     [("hop tac".to_string(), 0), ("tac phat".to_string(), 1), ("phat trien".to_string(), 2)]
//! );
//! ```

use tantivy::tokenizer::{TextAnalyzer, Token as TantivyToken, TokenStream, Tokenizer};

use super::{fold, WordAnalyzer, Words, FOLDED_PREFIX};

/// Name under which [`super::register`] puts the pair analyzer into an index's tokenizer
/// manager.
pub const PAIR_ANALYZER_NAME: &str = "vietnamese_pairs";

/// Between the two folded forms of a pair term: no word contains a space.
const PAIR_SEPARATOR: char = ' ';

/// The pair term text of two folded forms (`hop`, `tac` → `hop tac`).
///
/// ```
/// assert_eq!(vnsearch::text::pair_text("hop", "tac"), "hop tac");
/// ```
pub fn pair_text(first: &str, second: &str) -> String {
    let mut text = String::with_capacity(first.len() + second.len() + 1);
    text.push_str(first);
    text.push(PAIR_SEPARATOR);
    text.push_str(second);
    text
}

/// The pair term text of two words given as text-field term texts (an exact form, or a
/// folded form behind [`FOLDED_PREFIX`]): the pair of their folded forms, which every
/// passage holding the two terms side by side has in its pair field.
///
/// ```
/// use vnsearch::text::{folded_term, pair_of_terms};
/// assert_eq!(pair_of_terms("hợp", &folded_term("tac")), "hop tac");
/// ```
pub fn pair_of_terms(first: &str, second: &str) -> String {
    let folded = |term: &str| match term.strip_prefix(FOLDED_PREFIX) {
        Some(folded) => folded.to_string(),
        None => fold(term),
    };
    pair_text(&folded(first), &folded(second))
}

/// Tokenizer emitting one pair term per two adjacent words, at the first word's position.
#[derive(Debug, Clone, Default)]
pub struct PairTokenizer {
    words: WordAnalyzer,
}

/// The pair tokenizer as a tantivy [`TextAnalyzer`].
pub fn pair_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(PairTokenizer::default())
}

/// Token stream of [`PairTokenizer`].
pub struct PairTokenStream<'a> {
    text: &'a str,
    words: Words<'a>,
    analyzer: &'a mut WordAnalyzer,
    token: TantivyToken,
    /// Folded form of the word before the next one (empty before the first word).
    previous: String,
    /// Byte offset where the previous word starts.
    previous_start: usize,
    next_position: usize,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let mut stream = PairTokenStream {
            text,
            words: Words::new(text),
            analyzer: &mut self.words,
            token: TantivyToken::default(),
            previous: String::new(),
            previous_start: 0,
            next_position: 0,
        };
        if let Some((start, end)) = stream.words.next() {
            stream.analyzer.analyze_folded(&text[start..end]);
            stream.previous.push_str(stream.analyzer.folded());
            stream.previous_start = start;
        }
        stream
    }
}

impl TokenStream for PairTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((start, end)) = self.words.next() else {
            return false;
        };
        self.analyzer.analyze_folded(&self.text[start..end]);
        let folded = self.analyzer.folded();
        let token = &mut self.token;
        token.text.clear();
        token.text.push_str(&self.previous);
        token.text.push(PAIR_SEPARATOR);
        token.text.push_str(folded);
        token.offset_from = self.previous_start;
        token.offset_to = end;
        token.position = self.next_position;
        token.position_length = 1;
        self.next_position += 1;
        self.previous.clear();
        self.previous.push_str(folded);
        self.previous_start = start;
        true
    }

    fn token(&self) -> &TantivyToken {
        &self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<String> {
        let mut tokenizer = PairTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn every_adjacent_pair_of_the_analyzed_words_once() {
        let text = "Ngày 29/5, Bộ KH&CN (Việt Nam-Lào) họp về COVID-19 tại Hoà Bình.";
        let words = super::super::tokens(text);
        let expected: Vec<String> = words
            .windows(2)
            .map(|w| pair_text(&w[0].folded, &w[1].folded))
            .collect();
        assert_eq!(pairs(text), expected);
        assert!(expected.contains(&"hoa binh".to_string()));
        assert!(
            expected.contains(&"lao hop".to_string()),
            "across punctuation"
        );
    }

    #[test]
    fn fewer_than_two_words_have_no_pair() {
        assert!(pairs("").is_empty());
        assert!(pairs("  Việt ").is_empty());
        assert_eq!(pairs("Việt Nam"), ["viet nam"]);
    }

    #[test]
    fn the_tokenizer_is_reusable() {
        let mut tokenizer = PairTokenizer::default();
        for (text, expected) in [("một hai ba", 2), ("bốn", 0), ("năm sáu", 1)] {
            let mut stream = tokenizer.token_stream(text);
            let mut n = 0;
            while stream.advance() {
                n += 1;
            }
            assert_eq!(n, expected, "{text}");
        }
    }
}
