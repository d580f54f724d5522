//! Stage 2: the exact form of a word — invisible characters removed, look-alike letters
//! replaced, NFC, lowercase, canonical tone placement and i/y spelling.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::letters::{is_apostrophe, is_d_stroke, is_invisible, vowel_letter, Tone};
use super::tone::respell;

/// Reusable buffers for [`exact_into`], so the tokenizer does not allocate per word.
#[derive(Debug, Clone, Default)]
pub struct WordBuffers {
    /// The word without invisible characters; then reused for the re-spelled word.
    cleaned: String,
    /// The NFC composition of `cleaned`, when it was not composed already.
    pub(super) composed: String,
}

/// Writes the exact form of one word into `out`.
///
/// ASCII words only need lowercasing (and the i/y rule); other words are cleaned, composed
/// (NFC, skipped when the quick check says the word already is), lowercased and re-spelled.
pub fn exact_into(word: &str, out: &mut String, buffers: &mut WordBuffers) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        if out.ends_with('y') && respell(out, &mut buffers.cleaned) {
            std::mem::swap(out, &mut buffers.cleaned);
        }
        return;
    }
    let simple = simple_lowercase_into(word, out);
    if simple == Some(false) && !out.ends_with('y') {
        // No tone mark to place and no final `y` to respell: the word is canonical as is.
        return;
    }
    if simple.is_none() {
        // Combining marks or other letters: clean, compose, then lowercase.
        let cleaned = &mut buffers.cleaned;
        cleaned.clear();
        cleaned.extend(word.chars().filter(|&c| !is_invisible(c)).map(clean_char));
        let composed: &str = if is_nfc_quick(cleaned.chars()) == IsNormalized::Yes {
            cleaned
        } else {
            buffers.composed.clear();
            buffers.composed.extend(cleaned.nfc());
            &buffers.composed
        };
        out.clear();
        lowercase_into(composed, out);
    }
    if respell(out, &mut buffers.cleaned) {
        std::mem::swap(out, &mut buffers.cleaned);
    }
}

/// The fast path for words of ASCII and precomposed Vietnamese letters (already NFC):
/// cleans and lowercases them by table into `out`. Returns whether a letter carries a tone
/// mark, or `None` on any other character.
#[inline]
fn simple_lowercase_into(word: &str, out: &mut String) -> Option<bool> {
    let mut toned = false;
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(v) = vowel_letter(c) {
            toned |= v.tone != Tone::Level;
            out.push(v.with_tone(v.tone));
        } else if is_d_stroke(c) {
            out.push('đ');
        } else if is_apostrophe(c) {
            out.push('\'');
        } else if !is_invisible(c) {
            return None;
        }
    }
    Some(toned)
}

/// Replaces look-alike characters: Icelandic `Ð`/`ð` by `Đ`/`đ`, `’` by `'`.
#[inline]
pub fn clean_char(c: char) -> char {
    match c {
        'ð' => 'đ',
        'Ð' => 'Đ',
        c if is_apostrophe(c) => '\'',
        c => c,
    }
}

/// Full Unicode lowercase of `text` appended to `out` (`Đ` → `đ`, `Ầ` → `ầ`).
#[inline]
pub fn lowercase_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Normalizes a whole text: every word gets its exact form, and the text between words is
/// composed (NFC), lowercased and cleaned of invisible characters the same way.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buffers = WordBuffers::default();
    let mut word_out = String::new();
    let mut gap = String::new();
    let mut last = 0;
    let mut push_gap = |out: &mut String, between: &str| {
        gap.clear();
        gap.extend(
            between
                .chars()
                .filter(|&c| !is_invisible(c))
                .map(clean_char),
        );
        lowercase_into(&gap.nfc().collect::<String>(), out);
    };
    for (start, end) in super::segment::Words::new(text) {
        push_gap(&mut out, &text[last..start]);
        exact_into(&text[start..end], &mut word_out, &mut buffers);
        out.push_str(&word_out);
        last = end;
    }
    push_gap(&mut out, &text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(word: &str) -> String {
        let mut out = String::new();
        exact_into(word, &mut out, &mut WordBuffers::default());
        out
    }

    #[test]
    fn nfc_and_nfd_give_the_same_exact_form() {
        assert_eq!(exact("Vie\u{0302}\u{0323}t"), "việt");
        assert_eq!(exact("Việt"), "việt");
        // Marks in non-canonical order compose the same.
        assert_eq!(exact("Vie\u{0323}\u{0302}t"), "việt");
    }

    #[test]
    fn invisible_characters_and_look_alikes_go() {
        assert_eq!(exact("Vi\u{200B}ệt\u{00AD}\u{FEFF}"), "việt");
        assert_eq!(exact("ÐÔNG"), "đông");
        assert_eq!(exact("ðổi"), "đổi");
        assert_eq!(exact("o’clock"), "o'clock");
        // An invisible character between a letter and its mark must not block composition.
        assert_eq!(exact("hoa\u{200B}\u{0300}"), "hòa");
    }

    #[test]
    fn lowercase_is_unicode_aware() {
        assert_eq!(exact("ĐẦU"), "đầu");
        assert_eq!(exact("HOÀ"), "hòa");
        assert_eq!(exact("KỸ"), "kĩ");
        assert_eq!(exact("COVID"), "covid");
        assert_eq!(exact("CÔNG"), "công");
    }

    #[test]
    fn words_without_a_tone_keep_their_letters_but_a_final_y() {
        assert_eq!(exact("NĂM"), "năm");
        assert_eq!(exact("Đêm"), "đêm");
        assert_eq!(exact("thuyên"), "thuyên");
        assert_eq!(exact("đy"), "đi");
        assert_eq!(exact("ĐY"), "đi");
    }

    #[test]
    fn ascii_words_get_the_i_y_rule_only() {
        assert_eq!(exact("TY"), "ti");
        assert_eq!(exact("Hay"), "hay");
        assert_eq!(exact("y"), "y");
        assert_eq!(exact("Quy"), "qui");
    }

    #[test]
    fn normalize_text_keeps_the_gaps() {
        assert_eq!(
            normalize_text("Hoà bình, KHOẺ\u{200B} mạnh!  Kỹ thuật"),
            "hòa bình, khỏe mạnh!  kĩ thuật"
        );
        assert_eq!(normalize_text(""), "");
    }
}
