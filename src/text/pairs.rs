//! Common pairs: the folded forms of two adjacent words of a text, both common, as one term
//! (`hợp tác` → `hop tac`), for the index's pair field.
//!
//! Vietnamese words are mostly two syllables, and their syllables are very frequent on their
//! own (`cùng` and `ở` each stand in tens of thousands of passages; `cùng ở` as a phrase in
//! about a hundred). A phrase search over syllables reads every passage that holds all of
//! them to find the few where they stand together; the pair term lists those passages
//! directly. A pair is folded, so it is a superset of every accented spelling of the phrase:
//! searches still check the words themselves, at those passages only (`search::sloppy`).
//!
//! Only pairs of two [common words](is_common) are indexed, as Lucene's `CommonGramsFilter`
//! does: a phrase with a rarer word is already fast (that word's passages are few), and
//! pairs of every two words made the index 29% larger and indexing twice as slow on the
//! shared archive. Pairs are taken across punctuation exactly as phrase positions are (the
//! text analyzer numbers words without gaps), so every phrase match has its pairs.
//!
//! In the example below, `triển` and the place name are not common words: no pair of theirs
//! is indexed.
//!
//! ```
//! use tantivy::tokenizer::TokenStream;
//! let mut analyzer = vnsearch::text::pair_analyzer();
//! let mut stream = analyzer.token_stream("Hợp tác, phát triển ở Chiềng Khương");
//! let mut terms = Vec::new();
//! while let Some(token) = stream.next() {
//!     terms.push((token.text.clone(), token.position));
//! }
//! assert_eq!(
//!     terms,
//!     [("hop tac".to_string(), 0), ("tac phat".to_string(), 1)]
//! );
//! ```

use tantivy::tokenizer::{TextAnalyzer, Token as TantivyToken, TokenStream, Tokenizer};

use super::{fold, WordAnalyzer, Words, FOLDED_PREFIX};

/// Name under which [`super::register`] puts the pair analyzer into an index's tokenizer
/// manager. It names the list of common words too: an index whose pair field was built
/// with another list has another name there, and is searched without its pairs.
pub const PAIR_ANALYZER_NAME: &str = "vietnamese_common_pairs_1";

/// The common words, folded, most frequent first: the 250 words of letters in the most
/// passages of the shared archive (`examples/common_words.rs`): each is in 17,352 or more of
/// its 184,303 passages. 250 because the pair field then adds 9% to the index (1,000 words:
/// 20%; every pair: 29%) and keeps most of the phrase gain (p95 of phrase queries 5.3 → 2.6
/// ms; with 100 words, 3.1 ms). Changing the list changes the index format: rename
/// [`PAIR_ANALYZER_NAME`] with it.
const COMMON_WORDS: &str = include_str!("common_words.txt");

/// Whether `folded` (a folded word form) is one of the common words whose pairs are indexed.
///
/// ```
/// assert!(vnsearch::text::is_common("cung"));
/// assert!(!vnsearch::text::is_common("chieng"));
/// ```
pub fn is_common(folded: &str) -> bool {
    static WORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| COMMON_WORDS.lines().collect());
    WORDS.contains(folded)
}

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
/// passage holding the two terms side by side has in its pair field; `None` when the pair
/// is not indexed (a word is not common).
///
/// ```
/// use vnsearch::text::{folded_term, pair_of_terms};
/// assert_eq!(pair_of_terms("hợp", &folded_term("tac")).as_deref(), Some("hop tac"));
/// assert_eq!(pair_of_terms("chiềng", "có"), None);
/// ```
pub fn pair_of_terms(first: &str, second: &str) -> Option<String> {
    let folded = |term: &str| match term.strip_prefix(FOLDED_PREFIX) {
        Some(folded) => folded.to_string(),
        None => fold(term),
    };
    let (first, second) = (folded(first), folded(second));
    (is_common(&first) && is_common(&second)).then(|| pair_text(&first, &second))
}

/// Tokenizer emitting one pair term per two adjacent common words, at the first word's
/// position.
#[derive(Debug, Clone)]
pub struct PairTokenizer {
    words: WordAnalyzer,
}

impl Default for PairTokenizer {
    /// With a memo of the words seen (`WordAnalyzer::memoized`): it analyzes whole archives.
    fn default() -> Self {
        PairTokenizer {
            words: WordAnalyzer::memoized(),
        }
    }
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
    /// Folded form of the word before the next one when it is common (else empty).
    previous: String,
    /// Byte offset where the previous word starts.
    previous_start: usize,
    next_position: usize,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PairTokenStream {
            text,
            words: Words::new(text),
            analyzer: &mut self.words,
            token: TantivyToken::default(),
            previous: String::new(),
            previous_start: 0,
            next_position: 0,
        }
    }
}

impl TokenStream for PairTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, end)) = self.words.next() else {
                return false;
            };
            self.analyzer.analyze_folded(&self.text[start..end]);
            let folded = Some(self.analyzer.folded()).filter(|f| is_common(f));
            let position = self.next_position;
            self.next_position += 1;
            let Some(folded) = folded else {
                self.previous.clear();
                continue;
            };
            let pair = !self.previous.is_empty();
            let token = &mut self.token;
            if pair {
                token.text.clear();
                token.text.push_str(&self.previous);
                token.text.push(PAIR_SEPARATOR);
                token.text.push_str(folded);
                token.offset_from = self.previous_start;
                token.offset_to = end;
                token.position = position - 1;
                token.position_length = 1;
            }
            self.previous.clear();
            self.previous.push_str(folded);
            self.previous_start = start;
            if pair {
                return true;
            }
        }
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
    fn every_adjacent_pair_of_common_words_once() {
        let text = "Ngày 29/5, Bộ KH&CN (Việt Nam-Lào) họp về COVID-19 tại Hoà Bình; \
                    bà con xã Chiềng Khương cùng ở lại.";
        let words = super::super::tokens(text);
        let expected: Vec<String> = words
            .windows(2)
            .filter(|w| is_common(&w[0].folded) && is_common(&w[1].folded))
            .map(|w| pair_text(&w[0].folded, &w[1].folded))
            .collect();
        assert_eq!(pairs(text), expected);
        for pair in ["hoa binh", "viet nam", "cung o", "o lai"] {
            assert!(expected.contains(&pair.to_string()), "{pair}");
        }
        assert!(
            expected.contains(&"binh ba".to_string()),
            "across punctuation"
        );
        for rare in ["chieng", "khuong", "lao", "29", "kh"] {
            assert!(!is_common(rare), "{rare}");
            assert!(!expected.iter().any(|p| p.split(' ').any(|w| w == rare)));
        }
    }

    #[test]
    fn fewer_than_two_common_words_have_no_pair() {
        assert!(pairs("").is_empty());
        assert!(pairs("  Việt ").is_empty());
        assert!(pairs("Chiềng Khương").is_empty());
        assert_eq!(pairs("Việt Nam"), ["viet nam"]);
    }

    #[test]
    fn the_query_side_pair_is_the_indexed_one() {
        for text in ["Hoà Bình", "HOÀ BÌNH", "hoa binh", "Hòa bình"] {
            let words = super::super::tokens(text);
            let exact = pair_of_terms(&words[0].exact, &words[1].exact);
            let folded = pair_of_terms(
                &super::super::folded_term(&words[0].folded),
                &words[1].exact,
            );
            assert_eq!(exact.as_deref(), Some("hoa binh"), "{text}");
            assert_eq!(folded, exact, "{text}");
            assert_eq!(pairs(text), [exact.unwrap_or_default()], "{text}");
        }
        assert_eq!(pair_of_terms("chiềng", "khương"), None);
    }

    #[test]
    fn the_common_words_are_folded_words_listed_once() {
        let words: Vec<&str> = COMMON_WORDS.lines().collect();
        assert_eq!(words.len(), 250);
        let unique: std::collections::HashSet<&str> = words.iter().copied().collect();
        assert_eq!(unique.len(), words.len());
        for word in words {
            assert_eq!(fold(word), word);
            assert!(word.chars().all(|c| c.is_ascii_lowercase()), "{word}");
        }
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
