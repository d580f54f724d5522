//! The tantivy side of the analysis: a tokenizer that emits, per word, the exact form and the
//! folded form (behind [`super::FOLDED_PREFIX`]) at the same position.
//!
//! ```
//! use tantivy::tokenizer::TokenStream;
//! let mut analyzer = vnsearch::text::analyzer();
//! let mut stream = analyzer.token_stream("Hoà Bình");
//! let mut terms = Vec::new();
//! while let Some(token) = stream.next() {
//!     terms.push((token.text.clone(), token.position, token.offset_from, token.offset_to));
//! }
//! assert_eq!(
//!     terms,
//!     [
//!         ("hòa".to_string(), 0, 0, 4),
//!         ("\u{1}hoa".to_string(), 0, 0, 4),
//!         ("bình".to_string(), 1, 5, 10),
//!         ("\u{1}binh".to_string(), 1, 5, 10),
//!     ]
//! );
//! ```

use tantivy::tokenizer::{TextAnalyzer, Token as TantivyToken, TokenStream, Tokenizer};

use super::{WordAnalyzer, Words, FOLDED_PREFIX};

/// Name under which [`register`] puts the analyzer into an index's tokenizer manager.
pub const ANALYZER_NAME: &str = "vietnamese";

/// Tokenizer emitting exact and folded forms of every Vietnamese word. It keeps its buffers
/// from text to text, so analyzing does not allocate per word.
#[derive(Debug, Clone)]
pub struct VietnameseTokenizer {
    words: WordAnalyzer,
}

impl Default for VietnameseTokenizer {
    /// With a memo of the words seen (`WordAnalyzer::memoized`): it analyzes whole archives.
    fn default() -> Self {
        VietnameseTokenizer {
            words: WordAnalyzer::memoized(),
        }
    }
}

/// The analyzer as a tantivy [`TextAnalyzer`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(VietnameseTokenizer::default())
}

/// Registers the analyzer with `index` under [`ANALYZER_NAME`], and the pair analyzer
/// ([`super::pair_analyzer`]) under [`super::PAIR_ANALYZER_NAME`].
///
/// ```
/// use tantivy::schema::{Schema, TextFieldIndexing, TextOptions};
/// let mut schema = Schema::builder();
/// let indexing = TextFieldIndexing::default().set_tokenizer(vnsearch::text::ANALYZER_NAME);
/// schema.add_text_field("text", TextOptions::default().set_indexing_options(indexing));
/// let index = tantivy::Index::create_in_ram(schema.build());
/// vnsearch::text::register(&index);
/// assert!(index.tokenizers().get(vnsearch::text::ANALYZER_NAME).is_some());
/// ```
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(ANALYZER_NAME, analyzer());
    index
        .tokenizers()
        .register(super::PAIR_ANALYZER_NAME, super::pair_analyzer());
}

/// Token stream of [`VietnameseTokenizer`]: for each word, first the exact form, then the
/// folded term, with the same position and offsets.
pub struct VietnameseTokenStream<'a> {
    text: &'a str,
    words: Words<'a>,
    analyzer: &'a mut WordAnalyzer,
    token: TantivyToken,
    /// Whether the folded form of the current word is still to come.
    folded_next: bool,
    next_position: usize,
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = VietnameseTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        VietnameseTokenStream {
            text,
            words: Words::new(text),
            analyzer: &mut self.words,
            token: TantivyToken::default(),
            folded_next: false,
            next_position: 0,
        }
    }
}

impl TokenStream for VietnameseTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let token = &mut self.token;
        token.text.clear();
        if self.folded_next {
            self.folded_next = false;
            token.text.push(FOLDED_PREFIX);
            token.text.push_str(self.analyzer.folded());
            return true;
        }
        let Some((start, end)) = self.words.next() else {
            return false;
        };
        self.analyzer.analyze(&self.text[start..end]);
        token.text.push_str(self.analyzer.exact());
        token.offset_from = start;
        token.offset_to = end;
        token.position = self.next_position;
        token.position_length = 1;
        self.next_position += 1;
        self.folded_next = true;
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

    fn terms(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = VietnameseTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn both_forms_always_at_the_same_position() {
        assert_eq!(
            terms("ty Việt"),
            [
                ("ti".into(), 0, 0, 2),
                ("\u{1}ti".into(), 0, 0, 2),
                ("việt".into(), 1, 3, 9),
                ("\u{1}viet".into(), 1, 3, 9),
            ]
        );
    }

    #[test]
    fn stream_agrees_with_tokens() {
        let text = "Ngày 29/5, Bộ KH&CN (Việt Nam-Lào) họp về COVID-19 tại https://a.vn.";
        let expected: Vec<_> = super::super::tokens(text)
            .into_iter()
            .flat_map(|t| {
                [
                    (t.exact.clone(), t.position, t.start, t.end),
                    (
                        super::super::folded_term(&t.folded),
                        t.position,
                        t.start,
                        t.end,
                    ),
                ]
            })
            .collect();
        assert_eq!(terms(text), expected);
    }

    #[test]
    fn the_tokenizer_is_reusable() {
        let mut tokenizer = VietnameseTokenizer::default();
        for text in ["một", "hai ba", ""] {
            let mut stream = tokenizer.token_stream(text);
            let mut n = 0;
            while stream.advance() {
                n += 1;
            }
            assert_eq!(n, 2 * text.split_whitespace().count());
        }
    }
}
