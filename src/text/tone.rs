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

/// Longest syllable: `nghiêng` has 7 letters.
const MAX_LETTERS: usize = 7;

/// Vowel nuclei of Vietnamese (glides included), by vowel quality.
const NUCLEI: [&str; 53] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", //
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi",
    "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", //
    "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
];

/// Consonant codas.
const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

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
    let Some((onset, nucleus, coda)) = split(letters) else {
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
    let onset_text: String = letters[onset].iter().map(|l| l.plain).collect();
    out.push_str(&onset_text);
    for (k, l) in letters[nucleus].iter().enumerate() {
        let mut vowel = l.vowel.unwrap_or(0);
        if lone_y && y_becomes_i(&onset_text) {
            vowel = super::letters::I;
        }
        out.push(VOWELS[vowel as usize][if k == target { tone as usize } else { 0 }]);
    }
    out.extend(letters[coda].iter().map(|l| l.plain));
    true
}

/// Splits letters into onset, nucleus and coda ranges, if they form a Vietnamese syllable.
fn split(
    letters: &[Letter],
) -> Option<(
    std::ops::Range<usize>,
    std::ops::Range<usize>,
    std::ops::Range<usize>,
)> {
    let is_vowel = |i: usize| letters.get(i).is_some_and(|l| l.vowel.is_some());
    let onset_len = ONSETS
        .iter()
        .find(|onset| {
            let len = onset.chars().count();
            letters.len() >= len
                && onset.chars().zip(letters).all(|(c, l)| c == l.plain)
                // `qu` and `gi` are onsets only before another vowel (`gìn` is g + i + n).
                && (!matches!(**onset, "qu" | "gi") || is_vowel(len))
        })
        .map_or(0, |onset| onset.chars().count());
    let mut nucleus_end = onset_len;
    while is_vowel(nucleus_end) {
        nucleus_end += 1;
    }
    let mut cluster = [0u8; 12];
    let mut len = 0;
    for l in &letters[onset_len..nucleus_end] {
        if len + 2 > cluster.len() {
            return None;
        }
        len += l.plain.encode_utf8(&mut cluster[len..]).len();
    }
    let cluster = std::str::from_utf8(&cluster[..len]).ok()?;
    if !NUCLEI.contains(&cluster) {
        return None;
    }
    let mut coda = [0u8; 4];
    let mut coda_len = 0;
    for l in &letters[nucleus_end..] {
        if l.vowel.is_some() || !l.plain.is_ascii() || coda_len == coda.len() {
            return None;
        }
        coda[coda_len] = l.plain as u8;
        coda_len += 1;
    }
    if !CODAS.contains(&std::str::from_utf8(&coda[..coda_len]).ok()?) {
        return None;
    }
    Some((
        0..onset_len,
        onset_len..nucleus_end,
        nucleus_end..letters.len(),
    ))
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
        for word in ["y", "ý", "tuy", "hay", "yêu", "khuya", "quyết", "quỳnh", "thủy"] {
            assert_eq!(canon(word).as_deref(), Some(word), "{word}");
        }
    }

    #[test]
    fn non_syllables_are_left_alone() {
        for word in [
            "café", "josé", "née", "pelé", "zürich", "ábá", "hóà", "x2", "nghiêngg", "hoàà", "Hoà",
            "đđ", "bcd",
        ] {
            assert_eq!(canon(word), None, "{word}");
        }
    }
}
