//! Stage 4: the accent-insensitive (folded) form: lowercase, no tone or vowel marks, `đ` →
//! `d`, other scripts transliterated by `deunicode` (`Zürich` → `zurich`, `中` → `zhong`),
//! then the i/y rule on the ASCII result (`ky` → `ki`), so that every spelling of a word
//! typed without marks folds alike.
//!
//! A letter stays one piece of a word: from what `deunicode` gives only ASCII letters and
//! digits are kept (it may add spaces or punctuation), and a letter it cannot transliterate
//! is kept, lowercased. Characters that are not letters or digits are kept as they are,
//! except combining marks and invisible characters, which are dropped. The result is a fixed
//! point: folding it again changes nothing.

use unicode_normalization::char::is_combining_mark;

use super::letters::{is_d_stroke, is_invisible, vowel_letter};
use super::normalize::clean_char;
use super::spelling::ascii_i_for_y;

/// Appends the folded form of `text` (NFC or not) to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    let from = out.len();
    if text.is_ascii() {
        out.push_str(text);
        out[from..].make_ascii_lowercase();
    } else {
        for c in text.chars() {
            fold_char(c, out);
        }
    }
    if out[from..].contains('y') {
        let mut tail = out.split_off(from);
        ascii_i_for_y(&mut tail);
        out.push_str(&tail);
    }
}

/// The first letter of `word`'s folded form, `y` counted as `i` (folding may spell one as the
/// other), read from its first character alone: `Some` only when that character is an ASCII
/// letter or digit, a Vietnamese vowel letter or `đ`, whose folded letter is certain. Words
/// whose first letters differ cannot have the same folded form, or one be a prefix of the
/// other.
///
/// ```
/// use vnsearch::text::first_folded_letter;
/// assert_eq!(first_folded_letter("Ấn"), Some('a'));
/// assert_eq!(first_folded_letter("Đà"), Some('d'));
/// assert_eq!(first_folded_letter("Yên"), Some('i'));
/// assert_eq!(first_folded_letter("\u{200B}hoa"), None);
/// ```
pub fn first_folded_letter(word: &str) -> Option<char> {
    let c = word.chars().next()?;
    let letter = if c.is_ascii_alphanumeric() {
        c.to_ascii_lowercase()
    } else if let Some(v) = vowel_letter(c) {
        v.base()
    } else if is_d_stroke(c) {
        'd'
    } else {
        return None;
    };
    Some(if letter == 'y' { 'i' } else { letter })
}

#[inline]
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if let Some(v) = vowel_letter(c) {
        out.push(v.base());
    } else if is_d_stroke(c) {
        out.push('d');
    } else if is_invisible(c) {
        // Dropped: never part of a word.
    } else if c.is_alphanumeric() {
        for lower in c.to_lowercase() {
            fold_letter(lower, out);
        }
    } else if is_combining_mark(c) {
        // Dropped: marks are what folding removes.
    } else {
        out.push(clean_char(c));
    }
}

/// Folds one lowercase character of a letter (its lowercase may be several characters).
fn fold_letter(c: char, out: &mut String) {
    if !c.is_alphanumeric() || c.is_ascii() || vowel_letter(c).is_some() || is_d_stroke(c) {
        // Never back to this function: `c` is lowercase, or not a letter at all.
        fold_char(c, out);
        return;
    }
    let before = out.len();
    if let Some(ascii) = deunicode::deunicode_char(c) {
        out.extend(
            ascii
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|a| a.to_ascii_lowercase()),
        );
    }
    if out.len() == before {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(text: &str) -> String {
        let mut out = String::new();
        fold_into(text, &mut out);
        out
    }

    #[test]
    fn vietnamese_marks_and_d_go() {
        assert_eq!(fold("Việt"), "viet");
        assert_eq!(fold("Đổi"), "doi");
        assert_eq!(fold("Nguyễn"), "nguyen");
        assert_eq!(fold("ĐẶNG ƯỚC ƠN"), "dang uoc on");
        assert_eq!(fold("ðời"), "doi");
        assert_eq!(fold("Vie\u{302}\u{323}t"), "viet");
    }

    #[test]
    fn other_scripts_are_transliterated_into_one_word() {
        assert_eq!(fold("Zürich"), "zurich");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("中文"), "zhongwen");
        assert_eq!(fold("Москва"), "moskva");
        assert_eq!(fold("ǅ"), "dz");
    }

    #[test]
    fn digits_punctuation_and_emoji_stay() {
        assert_eq!(fold("29/5, 16.745"), "29/5, 16.745");
        assert_eq!(fold("a 🎉 b’c"), "a 🎉 b'c");
    }

    #[test]
    fn i_y_variants_fold_alike() {
        assert_eq!(fold("kỹ thuật"), "ki thuat");
        assert_eq!(fold("Mỹ, lý, công ty"), "mi, li, cong ti");
        assert_eq!(
            fold("y tế, tuy, hay, yêu, khuya"),
            "y te, tuy, hay, yeu, khuya"
        );
    }

    #[test]
    fn folding_is_idempotent() {
        for text in ["Việt Nam", "Zürich 中文 ǅ", "kỹ", "ンy", "İstanbul", "ℌ"] {
            assert_eq!(fold(&fold(text)), fold(text), "{text}");
        }
    }
}
