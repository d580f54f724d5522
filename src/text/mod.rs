//! Vietnamese text analysis: the pipeline every indexed and every queried word goes through.
//!
//! segment (UAX #29 words, byte offsets into the original) → normalize (NFC, zero-width
//! characters, look-alike letters, one canonical tone placement, i/y spelling variants,
//! lowercase) → fold (no tone or vowel marks, `đ` → `d`).
//!
//! Each word yields two forms: the **exact** form (normalized, with its marks) and the
//! **folded** form. The index holds both at the same position of one field; the folded form is
//! stored behind [`FOLDED_PREFIX`] so it can never collide with an exact word.
//!
//! STUB: the naive implementation below is replaced by the text-analysis work (issue 2).

pub mod analyzer;

pub use analyzer::{analyzer, register, VietnameseTokenizer, ANALYZER_NAME};

/// Prefix of folded terms in the index: `việt` is indexed as `việt` and `\u{1}viet`.
pub const FOLDED_PREFIX: char = '\u{1}';

/// One word of a text, with both of its forms and where it stands in the ORIGINAL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte of the word in the original text.
    pub start: usize,
    /// Byte offset one past the last byte of the word in the original text.
    pub end: usize,
    /// Word number, counted from 0.
    pub position: usize,
    /// Normalized form with marks: NFC, canonical tone placement, lowercase.
    pub exact: String,
    /// Accent-insensitive form: no tone or vowel marks, `đ` → `d`.
    pub folded: String,
}

impl Token {
    /// Whether the word carries any Vietnamese (or other) diacritic.
    pub fn has_marks(&self) -> bool {
        self.exact != self.folded
    }
}

/// The index term of a folded form (the folded form behind [`FOLDED_PREFIX`]).
pub fn folded_term(folded: &str) -> String {
    let mut term = String::with_capacity(folded.len() + 1);
    term.push(FOLDED_PREFIX);
    term.push_str(folded);
    term
}

/// Splits `text` into words with both forms and original byte offsets.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let word_char = c.is_alphanumeric();
        match (start, word_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word = &text[s..i];
                let exact = normalize_word(word);
                let folded = fold(&exact);
                out.push(Token {
                    start: s,
                    end: i,
                    position: out.len(),
                    exact,
                    folded,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Normalizes one word to its exact form (STUB: lowercase only).
pub fn normalize_word(word: &str) -> String {
    word.to_lowercase()
}

/// Normalizes a text for display and comparison (STUB: identity).
pub fn normalize(text: &str) -> String {
    text.to_string()
}

/// Folds a text to its accent-insensitive form (STUB: deunicode + lowercase).
pub fn fold(text: &str) -> String {
    deunicode::deunicode(&text.replace(['đ', 'Đ'], "d")).to_lowercase()
}
