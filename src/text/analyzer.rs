//! The tantivy side of the analysis: a tokenizer that emits, per word, the exact form and the
//! folded form (behind [`super::FOLDED_PREFIX`]) at the same position.

use tantivy::tokenizer::{TextAnalyzer, Token as TantivyToken, TokenStream, Tokenizer};

/// Name under which [`register`] puts the analyzer into an index's tokenizer manager.
pub const ANALYZER_NAME: &str = "vietnamese";

/// Tokenizer emitting exact and folded forms of every Vietnamese word.
#[derive(Clone, Default)]
pub struct VietnameseTokenizer;

/// The analyzer as a tantivy [`TextAnalyzer`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(VietnameseTokenizer)
}

/// Registers the analyzer with `index` under [`ANALYZER_NAME`].
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(ANALYZER_NAME, analyzer());
}

/// Token stream of [`VietnameseTokenizer`].
pub struct VietnameseTokenStream {
    tokens: Vec<TantivyToken>,
    next: usize,
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = VietnameseTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let mut tokens = Vec::new();
        for t in super::tokens(text) {
            tokens.push(TantivyToken {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: t.exact.clone(),
                position_length: 1,
            });
            tokens.push(TantivyToken {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: super::folded_term(&t.folded),
                position_length: 1,
            });
        }
        VietnameseTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for VietnameseTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &TantivyToken {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.tokens[self.next - 1]
    }
}
