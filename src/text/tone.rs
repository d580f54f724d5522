//! Stage 3a: one canonical tone placement per syllable (and the i/y spelling rule).
//!
//! Vietnamese has two accepted conventions for where the tone mark goes in the open rimes
//! `oa`, `oe`, `uy`: `hoà, khoẻ, thuỷ` (new style) and `hòa, khỏe, thủy` (old style). The
//! canonical form here is the old style, the one most of the press uses. It is produced by a
//! general re-placement, so misplaced marks (`gìa`, `qúa`, `hoà`) are fixed too:
//!
//! 1. take the syllable apart ([`super::syllable`]: onset, nucleus, coda, tone);
//! 2. the tone goes on the last vowel with a quality mark (ă â ê ô ơ ư) if there is one,
//!    else on the middle of three vowels, else on the second of two when there is a coda,
//!    else on the first vowel.
//!
//! Anything that is not a plain Vietnamese syllable (foreign words, two tone marks, digits,
//! other letters) is left untouched.

use super::syllable::Syllable;

/// Rewrites one lowercase NFC word with its canonical tone placement and i/y spelling into
/// `out`. Returns `false` (and leaves `out` empty) when the word is not a Vietnamese
/// syllable, which then stays as it is.
pub fn respell(word: &str, out: &mut String) -> bool {
    match Syllable::parse(word) {
        Some(syllable) => {
            syllable.spell(syllable.tone(), true, out);
            true
        }
        None => {
            out.clear();
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(word: &str) -> Option<String> {
        let mut out = String::new();
        respell(word, &mut out).then_some(out)
    }

    #[test]
    fn new_style_open_rimes_move_to_the_first_vowel() {
        for (new, old) in [
            ("hoà", "hòa"),
            ("hoá", "hóa"),
            ("thoả", "thỏa"),
            ("khoẻ", "khỏe"),
            ("thuỷ", "thủy"),
            ("uỷ", "ủy"),
            ("loẹ", "lọe"),
            ("tuý", "túy"),
        ] {
            assert_eq!(canon(new).as_deref(), Some(old), "{new}");
            assert_eq!(canon(old).as_deref(), Some(old), "{old}");
        }
    }

    #[test]
    fn words_where_the_rule_does_not_apply_keep_their_mark() {
        for word in [
            "quả", "giờ", "hoàng", "khuya", "toán", "hoạt", "thuyền", "người", "nước", "thuở",
            "giữa", "hoài", "khuỷu", "huỳnh", "quỳnh", "tuổi", "hoặc", "mùa", "kìa", "máy",
            "chuyện", "xoáy", "ngoẻo", "gìn", "việt",
        ] {
            assert_eq!(canon(word).as_deref(), Some(word), "{word}");
        }
    }

    #[test]
    fn misplaced_marks_are_fixed() {
        assert_eq!(canon("gìa").as_deref(), Some("già"));
        assert_eq!(canon("qúa").as_deref(), Some("quá"));
        assert_eq!(canon("hoàng").as_deref(), Some("hoàng"));
        assert_eq!(canon("hòang").as_deref(), Some("hoàng"));
        assert_eq!(canon("ngừơi").as_deref(), Some("người"));
    }

    #[test]
    fn lone_final_y_after_an_onset_becomes_i() {
        for (y, i) in [
            ("kỹ", "kĩ"),
            ("lý", "lí"),
            ("mỹ", "mĩ"),
            ("quý", "quí"),
            ("ty", "ti"),
            ("hy", "hi"),
        ] {
            assert_eq!(canon(y).as_deref(), Some(i), "{y}");
        }
        for word in [
            "y", "ý", "tuy", "hay", "yêu", "khuya", "quyết", "quỳnh", "thủy",
        ] {
            assert_eq!(canon(word).as_deref(), Some(word), "{word}");
        }
    }

    #[test]
    fn non_syllables_are_left_alone() {
        for word in [
            "café",
            "josé",
            "née",
            "pelé",
            "zürich",
            "ábá",
            "hóà",
            "x2",
            "nghiêngg",
            "hoàà",
            "Hoà",
            "đđ",
            "bcd",
        ] {
            assert_eq!(canon(word), None, "{word}");
        }
    }
}
