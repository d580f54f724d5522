//! The one model of the Vietnamese syllable: onset, vowel nucleus, coda and tone.
//!
//! A syllable is split into
//! - an **onset** (initial consonants, [`ONSETS`]; `qu` and `gi` count as onsets only before
//!   another vowel: `gìn` is g + i + n),
//! - a **nucleus** of one to three vowels that Vietnamese allows together ([`NUCLEI`], glides
//!   included),
//! - a **coda** (`c ch m n ng nh p t`, or none),
//! - one **tone** (at most one letter carries a tone mark).
//!
//! Every part of vnsearch that needs to know what a syllable is asks this module: canonical
//! tone placement ([`super::tone`]), the i/y spelling rule ([`super::spelling`]), the
//! search planner (is a typed word one syllable, or several run together?) and the benchmark's
//! syllable generator.

use std::ops::Range;
use std::sync::OnceLock;

use super::letters::{has_quality_mark, vowel_letter, Tone, I, VOWELS, Y};

/// Onsets (initial consonants) of Vietnamese syllables, longest first.
pub const ONSETS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "kh", "ph", "th", "tr", "qu", "gi", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Vowel nuclei of Vietnamese (glides included), by vowel quality.
pub const NUCLEI: [&str; 53] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", //
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi",
    "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", //
    "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
];

/// Consonant codas (the empty coda included).
pub const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Longest syllable: `nghiêng` has 7 letters.
const MAX_LETTERS: usize = 7;

/// One letter of a syllable: its toneless lowercase form, and for vowels the vowel row and
/// tone.
#[derive(Debug, Clone, Copy)]
struct Letter {
    plain: char,
    vowel: Option<u8>,
    tone: Tone,
}

const NO_LETTER: Letter = Letter {
    plain: ' ',
    vowel: None,
    tone: Tone::Level,
};

/// A lowercase word taken apart as a Vietnamese syllable.
#[derive(Debug, Clone)]
pub struct Syllable {
    letters: [Letter; MAX_LETTERS],
    onset: Range<usize>,
    nucleus: Range<usize>,
    coda: Range<usize>,
    tone: Tone,
}

impl Syllable {
    /// Parses one lowercase NFC word. `None` when it is not a Vietnamese syllable: foreign
    /// words, uppercase letters, digits, two tone marks, an onset, nucleus or coda that
    /// Vietnamese does not have.
    pub fn parse(word: &str) -> Option<Syllable> {
        let mut letters = [NO_LETTER; MAX_LETTERS];
        let mut n = 0;
        for c in word.chars() {
            let slot = letters.get_mut(n)?;
            *slot = match vowel_letter(c) {
                Some(v) if !v.upper => Letter {
                    plain: v.with_tone(Tone::Level),
                    vowel: Some(v.vowel),
                    tone: v.tone,
                },
                Some(_) => return None,
                None if c.is_ascii_lowercase() || c == 'đ' => Letter {
                    plain: c,
                    vowel: None,
                    tone: Tone::Level,
                },
                None => return None,
            };
            n += 1;
        }
        let used = &letters[..n];
        let mut tone = Tone::Level;
        for l in used.iter().filter(|l| l.tone != Tone::Level) {
            if tone != Tone::Level {
                return None; // two tone marks: not a syllable
            }
            tone = l.tone;
        }
        let onset = onset_len(used, |i| used.get(i).is_some_and(|l| l.vowel.is_some()))?;
        let nucleus_end = onset
            + used[onset..]
                .iter()
                .take_while(|l| l.vowel.is_some())
                .count();
        let nucleus = &used[onset..nucleus_end];
        if nucleus.len() > 3 || nucleus_keys().binary_search(&nucleus_key(nucleus)).is_err() {
            return None;
        }
        if !is_coda(used[nucleus_end..].iter().map(|l| l.plain)) {
            return None;
        }
        Some(Syllable {
            letters,
            onset: 0..onset,
            nucleus: onset..nucleus_end,
            coda: nucleus_end..n,
            tone,
        })
    }

    /// The syllable's tone.
    pub fn tone(&self) -> Tone {
        self.tone
    }

    /// Writes the syllable into `out` (cleared first) with `tone` on the canonical vowel;
    /// with `canonical_y`, a lone final `y` after an onset is written `i` (see
    /// [`super::spelling`]), otherwise the letters stay as they are.
    pub fn spell(&self, tone: Tone, canonical_y: bool, out: &mut String) {
        out.clear();
        let letters = &self.letters;
        let nucleus = &letters[self.nucleus.clone()];
        let target = tone_position(nucleus, !self.coda.is_empty());
        out.extend(letters[self.onset.clone()].iter().map(|l| l.plain));
        // `out` holds exactly the onset here: no allocation on this hot path (every word of
        // every indexed and highlighted text passes through it).
        let lone_y = nucleus.len() == 1 && nucleus[0].vowel == Some(Y) && self.coda.is_empty();
        let y_to_i = canonical_y && lone_y && y_becomes_i(out);
        for (k, l) in nucleus.iter().enumerate() {
            let mut vowel = l.vowel.unwrap_or(0);
            if y_to_i {
                vowel = I;
            }
            out.push(VOWELS[vowel as usize][if k == target { tone as usize } else { 0 }]);
        }
        out.extend(letters[self.coda.clone()].iter().map(|l| l.plain));
    }
}

/// Length of the onset of `letters`, or `None` when the consonants before the first vowel are
/// not an onset. `is_vowel(i)` says whether letter `i` is a vowel.
fn onset_len<T>(letters: &[T], is_vowel: impl Fn(usize) -> bool) -> Option<usize>
where
    T: PlainLetter,
{
    let consonants = (0..letters.len()).take_while(|&i| !is_vowel(i)).count();
    let plain = |i: usize| letters.get(i).map_or(' ', PlainLetter::plain);
    let len = match (consonants, plain(0), plain(1)) {
        // `qu` and `gi` are onsets only before another vowel (`gìn` is g + i + n).
        (1, 'q', 'u') if is_vowel(2) => 2,
        (1, 'g', 'i') if is_vowel(2) => 2,
        (0..=3, _, _) => consonants,
        _ => return None,
    };
    let mut onset = [0u8; 8];
    let mut bytes = 0;
    for letter in &letters[..len] {
        let c = letter.plain();
        let slot = onset.get_mut(bytes..bytes + c.len_utf8())?;
        bytes += c.encode_utf8(slot).len();
    }
    let onset = std::str::from_utf8(&onset[..bytes]).ok()?;
    (len == 0 || ONSETS.contains(&onset)).then_some(len)
}

/// A letter seen without its marks (a [`Letter`] of an accented word, or an ASCII byte of a
/// folded one).
trait PlainLetter {
    fn plain(&self) -> char;
}

impl PlainLetter for Letter {
    fn plain(&self) -> char {
        self.plain
    }
}

impl PlainLetter for u8 {
    fn plain(&self) -> char {
        char::from(*self)
    }
}

/// Whether the letters are one of [`CODAS`].
fn is_coda(letters: impl Iterator<Item = char>) -> bool {
    let mut coda = [0u8; 2];
    let mut n = 0;
    for c in letters {
        match coda.get_mut(n) {
            Some(slot) if c.is_ascii_lowercase() => *slot = c as u8,
            _ => return false,
        }
        n += 1;
    }
    CODAS.iter().any(|k| k.as_bytes() == &coda[..n])
}

/// Whether a lone final `y` after `onset` is written `i` canonically (`kỹ` → `kĩ`): after any
/// consonant onset but `gi` (`giy` is not a syllable; `y tế` has no onset).
pub fn y_becomes_i(onset: &str) -> bool {
    !onset.is_empty() && onset != "gi" && ONSETS.contains(&onset)
}

/// Codas a typist confuses by one letter: a letter too many or too few at the end
/// (`khoáng` for `khoán`, `chứng` for `chứn`).
const CODA_SLIPS: [(&str, &str); 3] = [("ng", "n"), ("nh", "n"), ("ch", "c")];

/// The syllables a typist may have meant by the syllable `word` (lowercase NFC): the same
/// letters with every other tone (`hâu` → `hậu`, `hầu`, …), and the same with the coda one
/// letter longer or shorter ([`CODA_SLIPS`]), in canonical spelling, `word` itself left out.
/// Empty when `word` is not a syllable.
pub fn spellings_like(word: &str) -> Vec<String> {
    let Some(typed) = Syllable::parse(word) else {
        return Vec::new();
    };
    let mut toneless = String::new();
    typed.spell(Tone::Level, false, &mut toneless);
    let mut bases = vec![toneless.clone()];
    for (long, short) in CODA_SLIPS {
        if let Some(stem) = toneless.strip_suffix(long) {
            bases.push(format!("{stem}{short}"));
        } else if let Some(stem) = toneless.strip_suffix(short) {
            bases.push(format!("{stem}{long}"));
        }
    }
    let mut out = Vec::new();
    let mut spelled = String::new();
    for base in bases {
        let Some(syllable) = Syllable::parse(&base) else {
            continue;
        };
        for tone in Tone::ALL {
            syllable.spell(tone, true, &mut spelled);
            if spelled != word && !out.contains(&spelled) {
                out.push(spelled.clone());
            }
        }
    }
    out
}

/// Whether a FOLDED word (ASCII, marks stripped, `đ` → `d`) has the shape of one Vietnamese
/// syllable: `duong`, `nghieng`, `khuya` do; `vietnam`, `hanoi`, `hcm` do not.
pub fn is_folded_syllable(folded: &str) -> bool {
    let bytes = folded.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let is_vowel = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
    };
    let Some(onset) = onset_len(bytes, is_vowel) else {
        return false;
    };
    let nucleus_end = onset + (onset..bytes.len()).take_while(|&i| is_vowel(i)).count();
    let nucleus = &folded[onset..nucleus_end];
    !nucleus.is_empty()
        && folded_nuclei().iter().any(|n| n == nucleus)
        && is_coda(folded[nucleus_end..].chars())
}

/// Index in the nucleus of the vowel that carries the tone: the last vowel with a quality
/// mark (ă â ê ô ơ ư) if there is one, else the middle of three vowels, else the second of two
/// when there is a coda, else the first vowel (`hòa`, `khỏe`, `thủy`: the canonical style).
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

/// One nibble (vowel row + 1) per vowel of a nucleus.
fn nucleus_key(nucleus: &[Letter]) -> u16 {
    nucleus.iter().fold(0, |key, l| {
        key << 4 | u16::from(l.vowel.map_or(0, |v| v + 1))
    })
}

/// The nuclei of [`NUCLEI`] as sorted keys (see [`nucleus_key`]).
fn nucleus_keys() -> &'static [u16] {
    static KEYS: OnceLock<Vec<u16>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<u16> = NUCLEI
            .iter()
            .map(|nucleus| {
                nucleus.chars().fold(0, |key, c| {
                    key << 4 | u16::from(vowel_letter(c).map_or(0, |v| v.vowel + 1))
                })
            })
            .collect();
        keys.sort_unstable();
        keys
    })
}

/// The nuclei of [`NUCLEI`] without marks (`ươ` → `uo`), for folded words.
fn folded_nuclei() -> &'static [String] {
    static FOLDED: OnceLock<Vec<String>> = OnceLock::new();
    FOLDED.get_or_init(|| {
        let mut folded: Vec<String> = NUCLEI
            .iter()
            .map(|n| {
                n.chars()
                    .map(|c| vowel_letter(c).map_or(c, |v| v.base()))
                    .collect()
            })
            .collect();
        folded.sort_unstable();
        folded.dedup();
        folded
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Option<(String, String, String)> {
        let s = Syllable::parse(word)?;
        let text = |r: Range<usize>| s.letters[r].iter().map(|l| l.plain).collect::<String>();
        Some((
            text(s.onset.clone()),
            text(s.nucleus.clone()),
            text(s.coda.clone()),
        ))
    }

    #[test]
    fn syllables_split_into_onset_nucleus_and_coda() {
        let expect = |o: &str, n: &str, c: &str| Some((o.into(), n.into(), c.into()));
        assert_eq!(parts("nghiêng"), expect("ngh", "iê", "ng"));
        assert_eq!(parts("quốc"), expect("qu", "ô", "c"));
        assert_eq!(parts("gìn"), expect("g", "i", "n"));
        assert_eq!(parts("giữa"), expect("gi", "ưa", ""));
        assert_eq!(parts("người"), expect("ng", "ươi", ""));
        assert_eq!(parts("ý"), expect("", "y", ""));
        assert_eq!(parts("khuya"), expect("kh", "uya", ""));
    }

    #[test]
    fn non_syllables_are_refused() {
        for word in [
            "café",
            "zürich",
            "ábá",
            "hóà",
            "x2",
            "nghiêngg",
            "Hoà",
            "đđ",
            "bcd",
            "",
        ] {
            assert!(Syllable::parse(word).is_none(), "{word}");
        }
    }

    #[test]
    fn folded_syllable_shapes() {
        for word in [
            "duong", "nhieu", "nghieng", "khuya", "toan", "quy", "a", "giua", "uyen",
        ] {
            assert!(is_folded_syllable(word), "{word}");
        }
        for word in [
            "vietnam",
            "hanoi",
            "khoahoc",
            "siphandone",
            "sapa",
            "hcm",
            "",
            "trump",
        ] {
            assert!(!is_folded_syllable(word), "{word}");
        }
    }

    #[test]
    fn tone_goes_where_the_canonical_style_puts_it() {
        let spelled = |word: &str, tone: Tone| {
            let mut out = String::new();
            Syllable::parse(word).map(|s| {
                s.spell(tone, true, &mut out);
                out
            })
        };
        assert_eq!(spelled("nguoi", Tone::Grave), None); // folded: not a marked syllable
        assert_eq!(spelled("người", Tone::Grave).as_deref(), Some("người"));
        assert_eq!(spelled("hoa", Tone::Acute).as_deref(), Some("hóa"));
        assert_eq!(spelled("toan", Tone::Grave).as_deref(), Some("toàn"));
        assert_eq!(spelled("nguyên", Tone::Tilde).as_deref(), Some("nguyễn"));
        assert_eq!(spelled("ky", Tone::Tilde).as_deref(), Some("kĩ"));
    }
}
