//! Stage 3a: one canonical tone placement per syllable (and the i/y spelling rule).
//!
//! Vietnamese has two accepted conventions for where the tone mark goes in the open rimes
//! `oa`, `oe`, `uy`: `hoà, khoẻ, thuỷ` (new style) and `hòa, khỏe, thủy` (old style). The
//! canonical form here is the old style, the one most of the press uses. It is produced by a
//! general re-placement, so misplaced marks (`gìa`, `qúa`, `hoà`) are fixed too:
//!
//! 1. split the syllable into onset (including `qu` and `gi` before a vowel), vowel nucleus
//!    (one to three vowels, a known Vietnamese cluster) and coda (`c ch m n ng nh p t`);
//! 2. the tone goes on the last vowel with a quality mark (ă â ê ô ơ ư) if there is one,
//!    else on the middle of three vowels, else on the second of two when there is a coda,
//!    else on the first vowel.
//!
//! Anything that is not a plain Vietnamese syllable (foreign words, two tone marks, digits,
//! other letters) is left untouched.

use super::letters::{has_quality_mark, vowel_letter, Tone, VOWELS, Y};
use super::spelling::{y_becomes_i, ONSETS};

use std::ops::Range;
use std::sync::OnceLock;

/// Longest syllable: `nghiêng` has 7 letters.
const MAX_LETTERS: usize = 7;

/// Vowel nuclei of Vietnamese (glides included), by vowel quality.
const NUCLEI: [&str; 53] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", //
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi",
    "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", //
    "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
];

/// Consonant codas.
const CODAS: [&[u8]; 9] = [b"", b"c", b"ch", b"m", b"n", b"ng", b"nh", b"p", b"t"];

/// One letter of a syllable: its toneless lowercase form, and for vowels the vowel row and
/// tone.
#[derive(Clone, Copy)]
struct Letter {
    plain: char,
    vowel: Option<u8>,
    tone: Tone,
}

/// Rewrites one lowercase NFC word with its canonical tone placement and i/y spelling into
/// `out`. Returns `false` (and leaves `out` empty) when the word is not a Vietnamese
/// syllable, which then stays as it is.
pub fn respell(word: &str, out: &mut String) -> bool {
    out.clear();
    let mut letters = [Letter {
        plain: ' ',
        vowel: None,
        tone: Tone::Level,
    }; MAX_LETTERS];
    let mut n = 0;
    for c in word.chars() {
        if n == MAX_LETTERS {
            return false;
        }
        letters[n] = match vowel_letter(c) {
            Some(v) if !v.upper => Letter {
                plain: v.with_tone(Tone::Level),
                vowel: Some(v.vowel),
                tone: v.tone,
            },
            Some(_) => return false,
            None if c.is_ascii_lowercase() || c == 'đ' => Letter {
                plain: c,
                vowel: None,
                tone: Tone::Level,
            },
            None => return false,
        };
        n += 1;
    }
    let letters = &letters[..n];
    let Some(Parts {
        onset,
        nucleus,
        coda,
        y_to_i,
    }) = split(letters)
    else {
        return false;
    };
    let mut tone = Tone::Level;
    for l in letters.iter().filter(|l| l.tone != Tone::Level) {
        if tone != Tone::Level {
            return false; // two tone marks: not a syllable
        }
        tone = l.tone;
    }
    let target = tone_position(&letters[nucleus.clone()], !coda.is_empty());
    let lone_y = nucleus.len() == 1 && letters[nucleus.start].vowel == Some(Y) && coda.is_empty();
    out.extend(letters[onset].iter().map(|l| l.plain));
    for (k, l) in letters[nucleus].iter().enumerate() {
        let mut vowel = l.vowel.unwrap_or(0);
        if lone_y && y_to_i {
            vowel = super::letters::I;
        }
        out.push(VOWELS[vowel as usize][if k == target { tone as usize } else { 0 }]);
    }
    out.extend(letters[coda].iter().map(|l| l.plain));
    true
}

/// A syllable taken apart.
struct Parts {
    onset: Range<usize>,
    nucleus: Range<usize>,
    coda: Range<usize>,
    /// Whether a lone final `y` after this onset is written `i`.
    y_to_i: bool,
}

/// Splits letters into onset, nucleus and coda, if they form a Vietnamese syllable.
fn split(letters: &[Letter]) -> Option<Parts> {
    let is_vowel = |i: usize| letters.get(i).is_some_and(|l| l.vowel.is_some());
    let plain = |i: usize| letters.get(i).map_or(' ', |l| l.plain);
    let consonants = letters.iter().take_while(|l| l.vowel.is_none()).count();
    let onset_len = match (consonants, plain(0), plain(1)) {
        // `qu` and `gi` are onsets only before another vowel (`gìn` is g + i + n).
        (1, 'q', 'u') if is_vowel(2) => 2,
        (1, 'g', 'i') if is_vowel(2) => 2,
        (0..=3, _, _) => consonants,
        _ => return None,
    };
    let mut onset = ArrayStr([0; 8], 0);
    for l in &letters[..onset_len] {
        onset.push(l.plain);
    }
    let onset_str = onset.as_str();
    if onset_len > 0 && !ONSETS.contains(&onset_str) {
        return None;
    }
    let mut nucleus_end = onset_len;
    let mut key = 0u16;
    while is_vowel(nucleus_end) {
        if nucleus_end - onset_len == 3 {
            return None;
        }
        key = key << 4 | u16::from(letters[nucleus_end].vowel.unwrap_or(0) + 1);
        nucleus_end += 1;
    }
    if nucleus_keys().binary_search(&key).is_err() {
        return None;
    }
    let mut coda = [0u8; 2];
    let coda_letters = &letters[nucleus_end..];
    if coda_letters.len() > coda.len() {
        return None;
    }
    for (slot, l) in coda.iter_mut().zip(coda_letters) {
        if !l.plain.is_ascii() || l.vowel.is_some() {
            return None;
        }
        *slot = l.plain as u8;
    }
    if !CODAS.contains(&&coda[..coda_letters.len()]) {
        return None;
    }
    Some(Parts {
        onset: 0..onset_len,
        nucleus: onset_len..nucleus_end,
        coda: nucleus_end..letters.len(),
        y_to_i: y_becomes_i(onset_str),
    })
}

/// A short string on the stack (an onset has at most 3 letters, 2 bytes each).
struct ArrayStr([u8; 8], usize);

impl ArrayStr {
    fn push(&mut self, c: char) {
        if let Some(slot) = self.0.get_mut(self.1..self.1 + c.len_utf8()) {
            self.1 += c.encode_utf8(slot).len();
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0[..self.1]).unwrap_or("")
    }
}

/// The nuclei of [`NUCLEI`] as sorted keys: one nibble (vowel row + 1) per vowel.
fn nucleus_keys() -> &'static [u16] {
    static KEYS: OnceLock<Vec<u16>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<u16> = NUCLEI
            .iter()
            .map(|nucleus| {
                nucleus.chars().fold(0, |key, c| {
                    let row = vowel_letter(c).map_or(0, |v| v.vowel);
                    key << 4 | u16::from(row + 1)
                })
            })
            .collect();
        keys.sort_unstable();
        keys
    })
}

/// Index in the nucleus of the vowel that carries the tone.
fn tone_position(nucleus: &[Letter], has_coda: bool) -> usize {
    if let Some(k) = nucleus
        .iter()
        .rposition(|l| l.vowel.is_some_and(has_quality_mark))
    {
        return k;
    }
    match nucleus.len() {
        3 => 1,
        2 if has_coda => 1,
        _ => 0,
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
