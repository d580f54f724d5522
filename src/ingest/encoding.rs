//! Decoding input bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, and Windows-1258,
//! the legacy Vietnamese code page of old archives. Empty and binary files are refused.
//!
//! Windows-1258 writes most tones as separate combining bytes after the vowel (`a` + 0xEC for
//! `á`); that pattern is what identifies it, and the decoded text is composed (NFC) so that it
//! compares equal to the same words typed in UTF-8.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

use super::warning::WarningKind;

/// Decoded text, with a note when the input was not plain UTF-8.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// What was done to get it, worth a warning ([`WarningKind::Decoded`],
    /// [`WarningKind::ReplacedBytes`]).
    pub note: Option<WarningKind>,
}

/// Valid multi-byte UTF-8 characters needed per invalid sequence for a file to count as
/// damaged UTF-8 rather than another encoding. Vietnamese UTF-8 has hundreds of multi-byte
/// characters per kilobyte; 8-bit legacy text has almost none (its high bytes rarely form
/// valid UTF-8 sequences), so a factor of 4 leaves a wide margin on both sides.
const UTF8_CHARS_PER_INVALID: usize = 4;
/// Share of invalid bytes (1 in this many) below which text without multi-byte characters
/// (mostly ASCII) is still read as UTF-8 with replacements: a stray byte in English text.
const BYTES_PER_INVALID: usize = 100;

/// Decodes the bytes of an input file, or says why it cannot be read as text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, WarningKind> {
    if let Some(text) = decode_utf16_bom(bytes) {
        if is_noise(&text) {
            return Err(WarningKind::Binary);
        }
        return non_empty(text, Some(WarningKind::Decoded { encoding: "UTF-16" }));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if is_binary(bytes) {
        return Err(WarningKind::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return non_empty(text.to_string(), None);
    }
    let scan = scan_utf8(bytes);
    let damaged_utf8 = scan.multibyte >= UTF8_CHARS_PER_INVALID * scan.invalid_sequences
        || scan.invalid_bytes * BYTES_PER_INVALID <= bytes.len();
    if damaged_utf8 {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let note = WarningKind::ReplacedBytes {
            count: scan.invalid_bytes,
        };
        return non_empty(text, Some(note));
    }
    if looks_like_windows_1258(bytes) {
        let (text, _, _) = WINDOWS_1258.decode(bytes);
        let text: String = text.nfc().collect();
        let note = WarningKind::Decoded {
            encoding: "Windows-1258",
        };
        return non_empty(text, Some(note));
    }
    if looks_like_legacy_vietnamese(bytes) {
        return Err(WarningKind::LegacyEncoding);
    }
    Err(WarningKind::NotUtf8)
}

fn non_empty(text: String, note: Option<WarningKind>) -> Result<Decoded, WarningKind> {
    if text.trim().is_empty() {
        Err(WarningKind::Empty)
    } else {
        Ok(Decoded { text, note })
    }
}

fn decode_utf16_bom(bytes: &[u8]) -> Option<String> {
    let encoding = match bytes {
        [0xFF, 0xFE, ..] => UTF_16LE,
        [0xFE, 0xFF, ..] => UTF_16BE,
        _ => return None,
    };
    let (text, _, _) = encoding.decode(bytes);
    Some(text.into_owned())
}

/// NUL bytes, or many control characters: not a text file in any encoding we read.
pub fn is_binary(bytes: &[u8]) -> bool {
    let control = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    bytes.contains(&0) || control * 20 > bytes.len()
}

/// Characters that text never holds but random 16-bit units often decode to: replacement
/// characters (unpaired surrogates, 3% of random units), private-use characters (10%),
/// noncharacters and controls. Real UTF-16 text has none; one in 100 means noise.
fn is_noise(text: &str) -> bool {
    let mut chars = 0usize;
    let mut noise = 0usize;
    for c in text.chars() {
        chars += 1;
        let suspicious = matches!(
            c,
            '\u{FFFD}' | '\u{E000}'..='\u{F8FF}' | '\u{FFFE}' | '\u{FFFF}'
        ) || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'));
        noise += usize::from(suspicious);
    }
    noise * 100 > chars
}

/// What a UTF-8 scan of invalid text finds.
struct Utf8Scan {
    /// Maximal invalid sequences (each becomes one U+FFFD).
    invalid_sequences: usize,
    /// Bytes in those sequences.
    invalid_bytes: usize,
    /// Valid characters of two bytes or more.
    multibyte: usize,
}

fn scan_utf8(mut bytes: &[u8]) -> Utf8Scan {
    let mut scan = Utf8Scan {
        invalid_sequences: 0,
        invalid_bytes: 0,
        multibyte: 0,
    };
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => {
                scan.multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                return scan;
            }
            Err(error) => {
                let valid_up_to = error.valid_up_to();
                let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
                scan.multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                let bad = error.error_len().unwrap_or(bytes.len() - valid_up_to);
                scan.invalid_sequences += 1;
                scan.invalid_bytes += bad;
                bytes = &bytes[(valid_up_to + bad).min(bytes.len())..];
            }
        }
    }
}

/// Whether non-UTF-8 bytes read like Vietnamese in an 8-bit code page that puts marked
/// letters in the high half (TCVN3) or writes marks as high bytes after ASCII vowels (VNI):
/// many words mix ASCII letters with high bytes. Vietnamese marks more than a third of its
/// syllables; French or German in Latin-1 marks far fewer of its words, and double-byte
/// scripts (GBK, Shift-JIS) have high bytes without ASCII letters around them.
fn looks_like_legacy_vietnamese(bytes: &[u8]) -> bool {
    /// Fewer words than this say too little to name an encoding.
    const MIN_WORDS: usize = 8;
    let mut words = 0;
    let mut high_words = 0;
    let mut mixed_words = 0;
    for word in bytes.split(|b| b.is_ascii_whitespace()) {
        let ascii_letters = word.iter().any(u8::is_ascii_alphabetic);
        let high = word.iter().any(|&b| b >= 0x80);
        if !ascii_letters && !high {
            continue;
        }
        words += 1;
        high_words += usize::from(high);
        mixed_words += usize::from(high && ascii_letters);
    }
    words >= MIN_WORDS && mixed_words * 3 >= words && mixed_words * 10 >= high_words * 7
}

/// Windows-1258 combining tone bytes: grave, hook, tilde, acute, dot below.
const TONE_BYTES: [u8; 5] = [0xCC, 0xD2, 0xDE, 0xEC, 0xF2];
/// Windows-1258 letters of the Vietnamese alphabet: ă â ê ô ơ ư đ, both cases.
const VIETNAMESE_LETTERS: [u8; 14] = [
    0xC3, 0xE3, 0xC2, 0xE2, 0xCA, 0xEA, 0xD4, 0xF4, 0xD5, 0xF5, 0xDD, 0xFD, 0xD0, 0xF0,
];

/// Whether non-UTF-8 bytes read as Vietnamese in Windows-1258: most high bytes are
/// Vietnamese letters or tone marks, and tone marks follow vowels.
pub fn looks_like_windows_1258(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let mut tones_after_vowels = 0;
    let mut vietnamese = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if VIETNAMESE_LETTERS.contains(&b) {
            vietnamese += 1;
        } else if TONE_BYTES.contains(&b) {
            vietnamese += 1;
            let previous = i.checked_sub(1).map(|p| bytes[p]);
            if previous.is_some_and(is_vowel_byte) {
                tones_after_vowels += 1;
            }
        }
    }
    high > 0 && vietnamese * 10 >= high * 6 && tones_after_vowels * 5 >= high.min(50)
}

fn is_vowel_byte(b: u8) -> bool {
    matches!(
        b.to_ascii_lowercase(),
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
    ) || matches!(
        b,
        0xC3 | 0xE3 | 0xC2 | 0xE2 | 0xCA | 0xEA | 0xD4 | 0xF4 | 0xD5 | 0xF5 | 0xDD | 0xFD
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes text the way Windows-1258 writers do: letters with their vowel marks
    /// precomposed where the code page has them, tones as separate combining bytes.
    fn windows_1258(text: &str) -> Vec<u8> {
        const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
        let mut prepared = String::new();
        for c in text.chars() {
            let decomposed: String = c.to_string().nfd().collect();
            let base: String = decomposed.chars().filter(|m| !TONES.contains(m)).collect();
            prepared.extend(base.nfc());
            prepared.extend(decomposed.chars().filter(|m| TONES.contains(m)));
        }
        let (bytes, _, unmappable) = WINDOWS_1258.encode(&prepared);
        assert!(!unmappable, "test text must be encodable");
        bytes.into_owned()
    }

    #[test]
    fn utf8_with_or_without_bom_is_read_as_is() {
        let text = "Việt Nam và Lào hợp tác.";
        assert_eq!(
            decode(text.as_bytes()).map(|d| d.text).ok().as_deref(),
            Some(text)
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let decoded = decode(&with_bom).expect("decodes");
        assert_eq!(decoded.text, text);
        assert!(decoded.note.is_none());
    }

    #[test]
    fn windows_1258_is_detected_decoded_and_composed() {
        let text = "Bộ trưởng Khoa học và Công nghệ tiếp kiến Thủ tướng Lào.";
        let decoded = decode(&windows_1258(text)).expect("decodes");
        assert_eq!(decoded.text, text);
        assert!(matches!(
            decoded.note,
            Some(WarningKind::Decoded {
                encoding: "Windows-1258"
            })
        ));
    }

    #[test]
    fn other_legacy_text_is_refused_with_a_clear_reason() {
        // Latin-1 French: high bytes, but no Vietnamese letters or tone marks after vowels,
        // and far fewer marked words than Vietnamese.
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(
            "Le gouvernement a annoncé mercredi une série de mesures pour soutenir \
             les entreprises exportatrices pendant la saison des pluies.",
        );
        assert!(matches!(decode(&latin1), Err(WarningKind::NotUtf8)));
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert!(matches!(decode(b""), Err(WarningKind::Empty)));
        assert!(matches!(decode(b" \n\n \t"), Err(WarningKind::Empty)));
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00binary"),
            Err(WarningKind::Binary)
        ));
    }

    #[test]
    fn a_stray_invalid_byte_in_utf8_is_replaced_with_a_note() {
        let mut bytes = "Hà Nội mưa lớn kéo dài suốt đêm qua và sáng nay. "
            .repeat(30)
            .into_bytes();
        bytes.push(0xFF);
        let decoded = decode(&bytes).expect("decodes");
        assert!(decoded.text.contains('\u{FFFD}'));
        assert!(matches!(
            decoded.note,
            Some(WarningKind::ReplacedBytes { count: 1 })
        ));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Đà Nẵng".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes).map(|d| d.text).ok().as_deref(),
            Some("Đà Nẵng")
        );
    }

    /// A pseudo-random byte sequence (xorshift), the same on every run.
    fn noise(len: usize) -> Vec<u8> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn utf8_with_a_dozen_damaged_bytes_is_read_and_the_bytes_counted() {
        let paragraph = "Giá vàng trong nước hôm nay tăng mạnh theo đà thế giới. ".repeat(60);
        let mut bytes = paragraph.into_bytes();
        // Twelve damaged spots, each one lone continuation byte or a cut sequence.
        for spot in 0..12 {
            let at = 100 + spot * 250;
            let at = (at..).find(|&i| bytes[i].is_ascii()).unwrap_or(at);
            bytes[at] = 0x80 | (spot as u8);
        }
        let decoded = decode(&bytes).expect("read as UTF-8");
        assert!(matches!(
            decoded.note,
            Some(WarningKind::ReplacedBytes { count: 12 })
        ));
        assert_eq!(decoded.text.matches('\u{FFFD}').count(), 12);
        assert!(decoded.text.contains("Giá vàng trong nước"));
    }

    /// TCVN3 (ABC), the pre-Unicode Vietnamese standard: marked lowercase letters are single
    /// high bytes. A partial table, enough for the test sentence.
    fn tcvn3(text: &str) -> Vec<u8> {
        let table: &[(char, u8)] = &[
            ('ă', 0xA8),
            ('â', 0xA9),
            ('ê', 0xAA),
            ('ô', 0xAB),
            ('ơ', 0xAC),
            ('ư', 0xAD),
            ('đ', 0xAE),
            ('à', 0xB5),
            ('ả', 0xB6),
            ('á', 0xB8),
            ('ạ', 0xB9),
            ('ầ', 0xC7),
            ('ấ', 0xCA),
            ('ậ', 0xCB),
            ('ế', 0xD5),
            ('ệ', 0xD6),
            ('ì', 0xD7),
            ('í', 0xDD),
            ('ị', 0xDE),
            ('ó', 0xE3),
            ('ọ', 0xE4),
            ('ố', 0xE8),
            ('ộ', 0xE9),
            ('ờ', 0xEA),
            ('ở', 0xEB),
            ('ớ', 0xED),
            ('ợ', 0xEE),
            ('ú', 0xF3),
            ('ụ', 0xF4),
            ('ừ', 0xF5),
            ('ử', 0xF6),
            ('ữ', 0xF7),
            ('ứ', 0xF8),
            ('ự', 0xF9),
            ('ý', 0xFD),
            ('ã', 0xB7),
            ('ề', 0xD2),
            ('ể', 0xD3),
        ];
        let mut out = Vec::new();
        for c in text.chars() {
            match table.iter().find(|(k, _)| *k == c) {
                Some((_, b)) => out.push(*b),
                None if c.is_ascii() => out.push(c as u8),
                None => panic!("not in the test table: {c}"),
            }
        }
        out
    }

    #[test]
    fn tcvn3_text_is_refused_as_a_legacy_encoding() {
        let bytes = tcvn3(
            "Hội nghị đã thống nhất nhiều nội dung hợp tác về khoa học và công nghệ giữa \
             hai nước trong thời gian tới, tập trung vào đào tạo và chuyển giao.",
        );
        assert!(matches!(decode(&bytes), Err(WarningKind::LegacyEncoding)));
    }

    #[test]
    fn noise_after_a_utf16_bom_is_binary() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(noise(4096));
        assert!(matches!(decode(&bytes), Err(WarningKind::Binary)));
        let mut big_endian = vec![0xFE, 0xFF];
        big_endian.extend(noise(4096));
        assert!(matches!(decode(&big_endian), Err(WarningKind::Binary)));
    }
}
