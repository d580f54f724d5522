//! The Vietnamese alphabet as data: the 12 vowels with their six tones, `đ`, and the
//! invisible characters that may hide inside words.
//!
//! Every precomposed Vietnamese vowel letter is described by a vowel (one of the 12 vowel
//! qualities `a ă â e ê i o ô ơ u ư y`) and a tone (one of six). Looking a letter up is a
//! direct table index, which keeps the hot path free of NFD round-trips.

/// The six tones, in the order of the columns of [`VOWELS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Tone {
    /// Ngang (no mark).
    Level = 0,
    /// Huyền (grave).
    Grave = 1,
    /// Sắc (acute).
    Acute = 2,
    /// Hỏi (hook above).
    Hook = 3,
    /// Ngã (tilde).
    Tilde = 4,
    /// Nặng (dot below).
    Dot = 5,
}

impl Tone {
    /// The six tones, in column order.
    pub const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];
}

/// Lowercase vowel letters: one row per vowel quality, one column per [`Tone`].
pub const VOWELS: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// Uppercase counterparts of [`VOWELS`].
pub const VOWELS_UPPER: [[char; 6]; 12] = [
    ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
];

/// The base Latin letter of each vowel quality (what folding keeps).
const VOWEL_BASE: [u8; 12] = *b"aaaeeiooouuy";

/// Index of `i` and `y` in [`VOWELS`].
pub const I: u8 = 5;
pub const Y: u8 = 11;

/// Whether the vowel quality carries a quality mark (ă â ê ô ơ ư): the tone goes there.
pub fn has_quality_mark(vowel: u8) -> bool {
    matches!(vowel, 1 | 2 | 4 | 7 | 8 | 10)
}

/// A Vietnamese vowel letter taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VowelLetter {
    /// Row in [`VOWELS`].
    pub vowel: u8,
    /// Column in [`VOWELS`].
    pub tone: Tone,
    /// Whether the letter was uppercase.
    pub upper: bool,
}

impl VowelLetter {
    /// The lowercase letter with another tone.
    pub fn with_tone(self, tone: Tone) -> char {
        VOWELS[self.vowel as usize][tone as usize]
    }

    /// The base Latin letter (`ặ` → `a`), lowercase.
    pub fn base(self) -> char {
        VOWEL_BASE[self.vowel as usize] as char
    }
}

// Lookup tables: entry = 0 for "not a Vietnamese vowel letter", else
// 1 + vowel + 16 * tone + 128 * upper. Two dense ranges cover every letter.
const LOW_START: u32 = 0x41;
const LOW_END: u32 = 0x1B1;
const EXT_START: u32 = 0x1EA0;
const EXT_END: u32 = 0x1EFA;

const TABLE_LEN: usize = (LOW_END - LOW_START + EXT_END - EXT_START) as usize;

const fn build() -> [u8; TABLE_LEN] {
    let mut table = [0u8; TABLE_LEN];
    let mut case = 0;
    while case < 2 {
        let rows = if case == 0 { &VOWELS } else { &VOWELS_UPPER };
        let mut v = 0;
        while v < 12 {
            let mut t = 0;
            while t < 6 {
                let c = rows[v][t] as u32;
                let code = (1 + v + 16 * t + 128 * case) as u8;
                if c >= LOW_START && c < LOW_END {
                    table[(c - LOW_START) as usize] = code;
                } else if c >= EXT_START && c < EXT_END {
                    table[(LOW_END - LOW_START + c - EXT_START) as usize] = code;
                }
                t += 1;
            }
            v += 1;
        }
        case += 1;
    }
    table
}

static TABLE: [u8; TABLE_LEN] = build();

/// Takes a Vietnamese vowel letter apart (`ặ` → vowel `ă`, tone dot), upper or lower case.
#[inline]
pub fn vowel_letter(c: char) -> Option<VowelLetter> {
    let u = c as u32;
    let code = if (LOW_START..LOW_END).contains(&u) {
        TABLE[(u - LOW_START) as usize]
    } else if (EXT_START..EXT_END).contains(&u) {
        TABLE[(LOW_END - LOW_START + u - EXT_START) as usize]
    } else {
        0
    };
    if code == 0 {
        return None;
    }
    let code = code - 1;
    Some(VowelLetter {
        vowel: code & 15,
        tone: Tone::ALL[((code >> 4) & 7) as usize],
        upper: code & 128 != 0,
    })
}

/// Whether `c` is `đ` or one of its look-alikes (`Đ`, and the Icelandic `Ð`/`ð`).
#[inline]
pub fn is_d_stroke(c: char) -> bool {
    matches!(c, 'đ' | 'Đ' | 'ð' | 'Ð')
}

/// Characters that are invisible and must never split or change a word: zero-width space,
/// non-joiner and joiner, word joiner, byte-order mark, soft hyphen.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Apostrophes that stay inside a word (`o'clock`); `’` is normalized to `'`.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vowel_letter_round_trips_in_both_cases() {
        for (v, (lower, upper)) in VOWELS.iter().zip(VOWELS_UPPER.iter()).enumerate() {
            for t in 0..6 {
                let l = vowel_letter(lower[t]).unwrap();
                assert_eq!((l.vowel as usize, l.tone as usize, l.upper), (v, t, false));
                let u = vowel_letter(upper[t]).unwrap();
                assert_eq!((u.vowel as usize, u.tone as usize, u.upper), (v, t, true));
                assert_eq!(l.with_tone(Tone::ALL[t]), lower[t]);
                assert_eq!(upper[t].to_lowercase().next(), Some(lower[t]));
            }
        }
    }

    #[test]
    fn other_letters_are_not_vowels() {
        for c in [
            'b', 'đ', 'Đ', 'ç', 'ñ', 'ö', 'ü', 'ÿ', 'ő', 'ǎ', 'z', '1', ' ', '中',
        ] {
            assert_eq!(vowel_letter(c), None, "{c}");
        }
    }

    #[test]
    fn bases_and_quality_marks() {
        let bases: String = VOWELS
            .iter()
            .map(|row| vowel_letter(row[3]).unwrap().base())
            .collect();
        assert_eq!(bases, "aaaeeiooouuy");
        let marked: String = (0..12u8)
            .filter(|&v| has_quality_mark(v))
            .map(|v| VOWELS[v as usize][0])
            .collect();
        assert_eq!(marked, "ăâêôơư");
    }
}
