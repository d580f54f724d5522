//! Vietnamese text analysis: the pipeline every indexed and every queried word goes through.
//!
//! ```text
//! segment ─▶ exact form ──────────────────────────────▶ fold
//! (words,    (invisible chars out, Ð→Đ, ’→', NFC,        (no tone/vowel marks, đ→d,
//!  original   lowercase, canonical tone placement,        deunicode for other scripts,
//!  offsets)   i/y spelling)                               i/y on the ASCII result)
//! ```
//!
//! # Decisions
//!
//! - **Two forms per word, one field.** Every word yields its **exact** form (with marks)
//!   and its **folded** form. The tantivy tokenizer emits both at the SAME position of one
//!   field, always (even when they are equal); the folded form goes behind
//!   [`FOLDED_PREFIX`] so it never collides with an exact word. A query word typed with
//!   marks looks up the exact term (it finds only that accented word), one typed without
//!   marks the folded term (it finds every accent variant), and both kinds mix in one
//!   phrase query because the positions agree. The price: about twice the postings of a
//!   single form. Scoring stays sane because each query word hits exactly one of the two
//!   terms of a position, with its own document frequency (a folded term is more common,
//!   hence weighs a little less).
//! - **Canonical tone placement** is the `hòa / khỏe / thủy` style (mark on the first vowel
//!   of an open `oa`, `oe`, `uy` rime), done by a general re-placement per syllable; see
//!   `tone`. Words that are not plain Vietnamese syllables are left alone.
//! - **i/y**: a lone final `y` after an onset is written `i` (`kỹ` → `kĩ`, `quý` → `quí`,
//!   `công ty` → `công ti`), in exact and folded forms; `y tế`, `tuy`, `hay`, `yêu` keep it.
//! - **Segmentation** splits at every punctuation mark, each part a word at consecutive
//!   positions: `KH&CN` → `kh cn`, `29/5` → `29 5`, `COVID-19` → `covid 19`,
//!   `Việt Nam-Lào` → `việt nam lào`, URLs and e-mail addresses → their word parts. Numbers
//!   keep inner `.`/`,` (`16.745`, `3,5`) and words keep inner apostrophes (`o'clock`).
//!   Queries go through the same code, so typing any of these finds them (as a phrase).
//!   Letters of other scripts follow UAX #29 (see [`Words`]).
//! - **Offsets** are byte ranges of the ORIGINAL text, also for NFD input and text with
//!   zero-width characters, so highlights land on the accented words.
//! - **Long words**: both forms are cut after [`MAX_WORD_CHARS`] characters (at a char
//!   boundary), so tantivy's term length limit can never be hit; offsets still cover the
//!   whole word.
//!
//! # Example
//!
//! ```
//! use vnsearch::text::{fold, normalize, tokens};
//!
//! assert_eq!(normalize("Hoà bình KHOẺ"), "hòa bình khỏe");
//! assert_eq!(fold("Việt Nam, Đổi mới, kỹ thuật"), "viet nam, doi moi, ki thuat");
//! let t = tokens("Thuỷ điện");
//! assert_eq!((t[0].exact.as_str(), t[0].folded.as_str()), ("thủy", "thuy"));
//! assert_eq!((t[1].start, t[1].end, t[1].position), (7, 14, 1));
//! ```

mod analyzer;
mod fold;
mod letters;
mod memo;
mod normalize;
mod pairs;
mod segment;
mod spelling;
mod syllable;
mod tone;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use analyzer::{analyzer, register, VietnameseTokenStream, VietnameseTokenizer, ANALYZER_NAME};
pub use fold::first_folded_letter;
pub(crate) use letters::is_invisible;
pub use pairs::{
    is_common, pair_analyzer, pair_of_terms, pair_text, PairTokenStream, PairTokenizer,
    PAIR_ANALYZER_NAME,
};
pub use segment::Words;
pub(crate) use syllable::{is_folded_syllable, spellings_like};
#[cfg(feature = "bench")]
pub(crate) use {
    letters::Tone,
    syllable::{Syllable, ONSETS},
};

/// Prefix of folded terms in the index: `việt` is indexed as `việt` and `\u{1}viet`.
pub const FOLDED_PREFIX: char = '\u{1}';

/// Longest word form kept, in characters; longer words are cut (offsets stay whole).
pub const MAX_WORD_CHARS: usize = 100;

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
    ///
    /// ```
    /// let t = vnsearch::text::tokens("Hà Noi");
    /// assert!(t[0].has_marks());
    /// assert!(!t[1].has_marks());
    /// ```
    pub fn has_marks(&self) -> bool {
        self.exact != self.folded
    }
}

/// The index term of a folded form (the folded form behind [`FOLDED_PREFIX`]).
///
/// ```
/// assert_eq!(vnsearch::text::folded_term("viet"), "\u{1}viet");
/// ```
pub fn folded_term(folded: &str) -> String {
    let mut term = String::with_capacity(folded.len() + 1);
    term.push(FOLDED_PREFIX);
    term.push_str(folded);
    term
}

/// Turns raw words into their two forms, reusing its buffers from word to word: the one
/// per-word code path of [`tokens`], [`normalize_word`] and the tantivy tokenizer.
#[derive(Debug, Clone, Default)]
pub struct WordAnalyzer {
    exact: String,
    folded: String,
    buffers: normalize::WordBuffers,
    /// The words analyzed so far, for analyzers of whole texts ([`Self::memoized`]).
    memo: Option<memo::Memo>,
}

impl WordAnalyzer {
    /// Analyzes one word (as found by [`Words`]); read the result with [`Self::exact`] and
    /// [`Self::folded`].
    pub fn analyze(&mut self, word: &str) {
        if let Some(memo) = &self.memo {
            if let Some((exact, folded)) = memo.get(word) {
                self.exact.clear();
                self.exact.push_str(exact);
                self.folded.clear();
                self.folded.push_str(folded);
                return;
            }
        }
        self.analyze_unseen(word);
        if let Some(memo) = &mut self.memo {
            memo.insert(word, &self.exact, &self.folded);
        }
    }

    /// An analyzer that remembers the words it analyzed (up to 8,192 of them, see
    /// `memo`): for the tokenizers and stages that analyze whole texts, where most words
    /// were seen before and a lookup is several times cheaper than the analysis.
    pub fn memoized() -> Self {
        WordAnalyzer {
            memo: Some(memo::Memo::default()),
            ..WordAnalyzer::default()
        }
    }

    /// [`Self::analyze`] without the memo.
    fn analyze_unseen(&mut self, word: &str) {
        normalize::exact_into(word, &mut self.exact, &mut self.buffers);
        truncate_chars(&mut self.exact, MAX_WORD_CHARS);
        self.folded.clear();
        fold::fold_into(&self.exact, &mut self.folded);
        truncate_chars(&mut self.folded, MAX_WORD_CHARS);
    }

    /// Gives one word its folded form only (read it with [`Self::folded`]; [`Self::exact`] is
    /// left as it was, unless the analyzer is [`Self::memoized`]): the same folded form as
    /// [`Self::analyze`], without the exact form's tone placement, which folding erases
    /// anyway. For what only compares folded words (the near-duplicate fingerprint, the pair
    /// field), at a fraction of the cost; a memoized analyzer looks the word up instead.
    pub fn analyze_folded(&mut self, word: &str) {
        if self.memo.is_some() {
            // Remembered words cost a lookup; the others are remembered for next time.
            self.analyze(word);
            return;
        }
        self.folded.clear();
        if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes {
            fold::fold_into(word, &mut self.folded);
        } else {
            let composed = &mut self.buffers.composed;
            composed.clear();
            composed.extend(word.nfc());
            fold::fold_into(composed, &mut self.folded);
        }
        truncate_chars(&mut self.folded, MAX_WORD_CHARS);
    }

    /// Exact form of the last word analyzed.
    pub fn exact(&self) -> &str {
        &self.exact
    }

    /// Folded form of the last word analyzed.
    pub fn folded(&self) -> &str {
        &self.folded
    }
}

fn truncate_chars(s: &mut String, max_chars: usize) {
    if s.len() > max_chars {
        if let Some((cut, _)) = s.char_indices().nth(max_chars) {
            s.truncate(cut);
        }
    }
}

/// Splits `text` into words with both forms and original byte offsets.
///
/// ```
/// use vnsearch::text::tokens;
/// let t = tokens("KH&CN năm 2024-2026");
/// let exact: Vec<&str> = t.iter().map(|t| t.exact.as_str()).collect();
/// assert_eq!(exact, ["kh", "cn", "năm", "2024", "2026"]);
/// assert_eq!(t[2].folded, "nam");
/// assert!(tokens("").is_empty());
/// ```
pub fn tokens(text: &str) -> Vec<Token> {
    let mut analyzer = WordAnalyzer::default();
    Words::new(text)
        .enumerate()
        .map(|(position, (start, end))| {
            analyzer.analyze(&text[start..end]);
            Token {
                start,
                end,
                position,
                exact: analyzer.exact.clone(),
                folded: analyzer.folded.clone(),
            }
        })
        .collect()
}

/// [`tokens`], analyzing only the words whose [`first_folded_letter`] is one of `firsts` (or
/// unknown): the others keep their offsets and positions but get empty forms, which match no
/// query word. For highlighting, where most words of a passage cannot match, and analysis is
/// most of the cost. A fresh analyzer, not the thread's memo (`with_memoized`): a page
/// analyzes a few hundred words, and filling the memo's 512 KB table for them cost a search
/// process 110 page faults, 0.3 ms of its 4.8 (in a warm process the two take the same time).
///
/// ```
/// use vnsearch::text::tokens_starting_with;
/// let t = tokens_starting_with("Hợp tác với Hà Nội", &['h']);
/// let exact: Vec<&str> = t.iter().map(|t| t.exact.as_str()).collect();
/// assert_eq!(exact, ["hợp", "", "", "hà", ""]);
/// assert_eq!(t[3].position, 3);
/// ```
pub fn tokens_starting_with(text: &str, firsts: &[char]) -> Vec<Token> {
    let mut analyzer = WordAnalyzer::default();
    Words::new(text)
        .enumerate()
        .map(|(position, (start, end))| {
            let word = &text[start..end];
            let wanted = first_folded_letter(word).is_none_or(|c| firsts.contains(&c));
            let (exact, folded) = if wanted {
                analyzer.analyze(word);
                (analyzer.exact.clone(), analyzer.folded.clone())
            } else {
                (String::new(), String::new())
            };
            Token {
                start,
                end,
                position,
                exact,
                folded,
            }
        })
        .collect()
}

thread_local! {
    /// The memoized analyzer of this thread, for an analysis of stored text that runs once per
    /// call (fingerprinting an article while indexing): a fresh analyzer per call would start
    /// with an empty memo every time.
    static MEMOIZED: std::cell::RefCell<WordAnalyzer> =
        std::cell::RefCell::new(WordAnalyzer::memoized());
}

/// Runs `analyze` with this thread's memoized analyzer (taken out for the call, so a nested
/// call gets a fresh analyzer instead of a borrow error).
pub(crate) fn with_memoized<R>(analyze: impl FnOnce(&mut WordAnalyzer) -> R) -> R {
    let mut analyzer = MEMOIZED.with(|cell| cell.take());
    let result = analyze(&mut analyzer);
    MEMOIZED.with(|cell| cell.replace(analyzer));
    result
}

/// The exact form of ONE word, as [`tokens`] gives it (and as the index holds it).
///
/// ```
/// use vnsearch::text::normalize_word;
/// assert_eq!(normalize_word("KHOẺ"), "khỏe");
/// assert_eq!(normalize_word("Kỹ"), "kĩ");
/// assert_eq!(normalize_word("Ðà"), "đà");
/// ```
pub fn normalize_word(word: &str) -> String {
    let mut analyzer = WordAnalyzer::default();
    analyzer.analyze(word);
    analyzer.exact
}

/// Normalizes a text for display and comparison: every word in its exact form (NFC,
/// canonical tone placement and spelling, lowercase), the text between words composed and
/// lowercased, invisible characters removed. Words are not cut to [`MAX_WORD_CHARS`].
///
/// ```
/// use vnsearch::text::normalize;
/// assert_eq!(normalize("Thuỷ lợi – Công ty"), "thủy lợi – công ti");
/// assert_eq!(normalize("Vie\u{302}\u{323}t"), "việt");
/// ```
pub fn normalize(text: &str) -> String {
    normalize::normalize_text(text)
}

/// Folds a text to its accent-insensitive form: lowercase, no tone or vowel marks, `đ` → `d`,
/// other scripts transliterated, the i/y rule applied; everything else is kept. For every
/// word `w`, `fold(w)` is the folded form [`tokens`] gives (up to [`MAX_WORD_CHARS`]), and
/// `fold(fold(x)) == fold(x)`.
///
/// ```
/// use vnsearch::text::fold;
/// assert_eq!(fold("Việt"), "viet");
/// assert_eq!(fold("Đổi mới"), "doi moi");
/// assert_eq!(fold("Nguyễn, Zürich"), "nguyen, zurich");
/// assert_eq!(fold("Mỹ"), fold("Mĩ"));
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        fold::fold_into(text, &mut out);
    } else {
        fold::fold_into(&text.nfc().collect::<String>(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folded form alone is the folded form of the full analysis (checked on all 22.7
    /// million words of the shared archive too): capitals, decomposed and misplaced marks,
    /// invisible characters, look-alikes, `y`/`i`, other scripts, over-long words.
    #[test]
    fn folded_only_analysis_folds_as_the_full_one() {
        let long = "Ệ".repeat(150);
        let words = [
            "Thuỷ",
            "thủy",
            "HOÀ",
            "Vie\u{0323}\u{0302}t",
            "hoa\u{200B}\u{0300}",
            "ÐÔNG",
            "ðổi",
            "KỸ",
            "Quy",
            "TY",
            "y",
            "Ý",
            "o’clock",
            "café",
            "Straße",
            "한국",
            "\u{1100}\u{1161}",
            "Ǆemal",
            "ﬁnal",
            "２０２１",
            "COVID-19",
            &long,
        ];
        let (mut full, mut folded) = (WordAnalyzer::default(), WordAnalyzer::default());
        for word in words {
            full.analyze(word);
            folded.analyze_folded(word);
            assert_eq!(full.folded(), folded.folded(), "{word:?}");
        }
    }

    #[test]
    fn tokens_carry_both_forms_and_original_offsets() {
        let text = "Bộ KH&CN: Thuỷ điện";
        let t = tokens(text);
        let got: Vec<(&str, &str, &str, usize)> = t
            .iter()
            .map(|t| (&text[t.start..t.end], &*t.exact, &*t.folded, t.position))
            .collect();
        assert_eq!(
            got,
            [
                ("Bộ", "bộ", "bo", 0),
                ("KH", "kh", "kh", 1),
                ("CN", "cn", "cn", 2),
                ("Thuỷ", "thủy", "thuy", 3),
                ("điện", "điện", "dien", 4),
            ]
        );
    }

    #[test]
    fn long_words_are_cut_but_keep_their_offsets() {
        let word = "ệ".repeat(70_000);
        let t = tokens(&word);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].start, t[0].end), (0, word.len()));
        assert_eq!(t[0].exact.chars().count(), MAX_WORD_CHARS);
        assert_eq!(t[0].folded, "e".repeat(MAX_WORD_CHARS));
    }

    #[test]
    fn fold_of_a_word_is_its_token_folded_form() {
        for word in ["Kỹ", "THUỶ", "Ðời", "Zürich", "中", "o’clock", "16.745"] {
            let t = tokens(word);
            assert_eq!(t.len(), 1, "{word}");
            assert_eq!(fold(word), t[0].folded, "{word}");
            assert_eq!(normalize_word(word), t[0].exact, "{word}");
        }
    }
}
