//! Decoding input bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, and Windows-1258,
//! the legacy Vietnamese code page of old archives. Empty and binary files are refused.
//!
//! Windows-1258 writes most tones as separate combining bytes after the vowel (`a` + 0xEC for
//! `á`); that pattern is what identifies it, and the decoded text is composed (NFC) so that it
//! compares equal to the same words typed in UTF-8.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

/// Decoded text, with a note when the input was not plain UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// What was done to get it, worth a warning (`decoded as Windows-1258`).
    pub note: Option<String>,
}

/// Invalid UTF-8 sequences tolerated (replaced by U+FFFD) in otherwise UTF-8 text.
const MAX_INVALID_SEQUENCES: usize = 3;

/// Decodes the bytes of an input file, or says why it cannot be read as text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(text) = decode_utf16_bom(bytes) {
        return non_empty(text, Some("decoded as UTF-16".to_string()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if is_binary(bytes) {
        return Err("binary file (not text), skipped".to_string());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return non_empty(text.to_string(), None);
    }
    let invalid = invalid_utf8_sequences(bytes);
    if invalid <= MAX_INVALID_SEQUENCES && invalid * 1000 < bytes.len() {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let note = format!("{invalid} invalid UTF-8 sequence(s) replaced by U+FFFD");
        return non_empty(text, Some(note));
    }
    if looks_like_windows_1258(bytes) {
        let (text, _, _) = WINDOWS_1258.decode(bytes);
        let text: String = text.nfc().collect();
        return non_empty(text, Some("not UTF-8: decoded as Windows-1258".to_string()));
    }
    Err(
        "not UTF-8 and not Windows-1258 (another legacy encoding such as TCVN3 or VNI?): \
         convert it to UTF-8; skipped"
            .to_string(),
    )
}

fn non_empty(text: String, note: Option<String>) -> Result<Decoded, String> {
    if text.trim().is_empty() {
        Err("empty file, skipped".to_string())
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
fn is_binary(bytes: &[u8]) -> bool {
    let control = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    bytes.contains(&0) || control * 20 > bytes.len()
}

fn invalid_utf8_sequences(mut bytes: &[u8]) -> usize {
    let mut count = 0;
    while let Err(error) = std::str::from_utf8(bytes) {
        count += 1;
        let skip = error.valid_up_to()
            + error
                .error_len()
                .unwrap_or(bytes.len() - error.valid_up_to());
        bytes = &bytes[skip.min(bytes.len())..];
        if count > MAX_INVALID_SEQUENCES {
            break;
        }
    }
    count
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
            decode(text.as_bytes()).map(|d| d.text),
            Ok(text.to_string())
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(
            decode(&with_bom).map(|d| (d.text, d.note)),
            Ok((text.to_string(), None))
        );
    }

    #[test]
    fn windows_1258_is_detected_decoded_and_composed() {
        let text = "Bộ trưởng Khoa học và Công nghệ tiếp kiến Thủ tướng Lào.";
        let decoded = decode(&windows_1258(text)).expect("decodes");
        assert_eq!(decoded.text, text);
        assert!(decoded.note.is_some_and(|n| n.contains("Windows-1258")));
    }

    #[test]
    fn other_legacy_text_is_refused_with_a_clear_reason() {
        // Latin-1 French: high bytes, but no Vietnamese letters or tone marks after vowels.
        let (latin1, _, _) =
            encoding_rs::WINDOWS_1252.encode("Élève à l'école, très réussi, déjà vu.");
        let error = decode(&latin1).expect_err("refused");
        assert!(error.contains("not UTF-8"), "{error}");
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert!(decode(b"").is_err());
        assert!(decode(b" \n\n \t").expect_err("empty").contains("empty"));
        assert!(decode(b"PK\x03\x04\x00\x00binary")
            .expect_err("binary")
            .contains("binary"));
    }

    #[test]
    fn a_stray_invalid_byte_in_utf8_is_replaced_with_a_note() {
        let mut bytes = "Hà Nội mưa lớn kéo dài suốt đêm qua và sáng nay. "
            .repeat(30)
            .into_bytes();
        bytes.push(0xFF);
        let decoded = decode(&bytes).expect("decodes");
        assert!(decoded.text.contains('\u{FFFD}'));
        assert!(decoded.note.is_some());
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Đà Nẵng".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).map(|d| d.text), Ok("Đà Nẵng".to_string()));
    }
}
