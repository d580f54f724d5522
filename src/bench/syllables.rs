//! Vietnamese syllables from onset × rime × tone tables, spelled by the real rules.
//!
//! Rules applied: `k`/`gh`/`ngh` only before front vowels (`i e ê y`) and `c`/`g`/`ng` never
//! before them; rimes closed by `p t c ch` take only the sắc and nặng tones; the tone mark sits
//! on the vowel carrying a quality mark (`ơ` of `ươ`), else on the last vowel before a final
//! consonant, else on the middle of three vowels or the first of two (`hóa`, `thủy`).

use unicode_normalization::UnicodeNormalization;

/// Initial consonants (the empty onset included).
const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

/// Rimes (medial + nucleus + coda), without tone.
const RIMES: &[&str] = &[
    "a", "ai", "ao", "au", "ay", "an", "ang", "anh", "am", "at", "ac", "ach", "ap", "ă", "ăn",
    "ăng", "ăm", "ăt", "ăc", "ăp", "âu", "ây", "ân", "âng", "âm", "ât", "âc", "âp", "e", "eo",
    "en", "eng", "em", "et", "ec", "ep", "ê", "êu", "ên", "ênh", "êm", "êt", "êch", "êp", "i",
    "ia", "iu", "in", "inh", "im", "it", "ich", "ip", "iêu", "iên", "iêng", "iêm", "iêt", "iêc",
    "iêp", "o", "oa", "oai", "oay", "oan", "oang", "oanh", "oat", "oac", "oach", "oe", "oen",
    "oet", "oi", "on", "ong", "om", "ot", "oc", "op", "ô", "ôi", "ôn", "ông", "ôm", "ôt", "ôc",
    "ôp", "ơ", "ơi", "ơn", "ơm", "ơt", "ơp", "u", "ua", "uân", "uât", "uâng", "uê", "uêch", "uênh",
    "ui", "un", "ung", "um", "ut", "uc", "up", "uy", "uya", "uyên", "uyêt", "uynh", "uych", "uôi",
    "uôn", "uông", "uôm", "uôt", "uôc", "ư", "ưa", "ưi", "ưu", "ưng", "ưt", "ưc", "ươi", "ươu",
    "ươn", "ương", "ươm", "ươt", "ươc", "ươp", "y", "yêu", "yên", "yêt",
];

/// Combining marks of the six tones (ngang has none): huyền, sắc, hỏi, ngã, nặng.
const TONES: &[Option<char>] = &[
    None,
    Some('\u{300}'),
    Some('\u{301}'),
    Some('\u{309}'),
    Some('\u{303}'),
    Some('\u{323}'),
];

const VOWELS: &str = "aăâeêioôơuưy";
const MARKED_VOWELS: &str = "ăâêôơư";

/// Every spellable syllable, lowercase NFC, in table order (deterministic).
pub fn all_syllables() -> Vec<String> {
    let mut out = Vec::new();
    for onset in ONSETS {
        for rime in RIMES {
            if !onset_fits(onset, rime) {
                continue;
            }
            for tone in TONES {
                if is_checked(rime) && !matches!(tone, None | Some('\u{301}') | Some('\u{323}')) {
                    continue;
                }
                // A checked rime with no tone does not exist either (`at` is always `át`/`ạt`).
                if is_checked(rime) && tone.is_none() {
                    continue;
                }
                out.push(format!("{onset}{}", with_tone(rime, *tone)));
            }
        }
    }
    out
}

/// Whether the onset may precede the rime (k/c, g/gh, ng/ngh, gi, qu spelling rules).
fn onset_fits(onset: &str, rime: &str) -> bool {
    let first = rime.chars().next().unwrap_or('a');
    let front = matches!(first, 'i' | 'e' | 'ê' | 'y');
    match onset {
        "k" | "gh" | "ngh" => front,
        "c" | "g" | "ng" => !front,
        "gi" => first != 'i' && first != 'y',
        "qu" => !matches!(first, 'u' | 'o'),
        _ => true,
    }
}

/// Rimes closed by a stop (`p t c ch`), which only take sắc or nặng.
fn is_checked(rime: &str) -> bool {
    rime.ends_with('p') || rime.ends_with('t') || rime.ends_with('c') || rime.ends_with("ch")
}

/// Puts the tone mark of `tone` on the right vowel of `rime`.
pub fn with_tone(rime: &str, tone: Option<char>) -> String {
    let Some(mark) = tone else {
        return rime.to_string();
    };
    let chars: Vec<char> = rime.chars().collect();
    let vowels: Vec<usize> = (0..chars.len())
        .filter(|&i| VOWELS.contains(chars[i]))
        .collect();
    let has_coda = chars.last().is_some_and(|c| !VOWELS.contains(*c));
    let target = if let Some(i) = vowels.iter().rev().find(|&&i| chars[i] == 'ơ') {
        *i
    } else if let Some(i) = vowels
        .iter()
        .rev()
        .find(|&&i| MARKED_VOWELS.contains(chars[i]))
    {
        *i
    } else {
        match (vowels.len(), has_coda) {
            (0, _) => return rime.to_string(),
            (_, true) => vowels[vowels.len() - 1],
            (3, false) => vowels[1],
            (_, false) => vowels[0],
        }
    };
    let mut out = String::with_capacity(rime.len() + 3);
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        if i == target {
            out.push(mark);
        }
    }
    out.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_goes_on_the_right_vowel() {
        assert_eq!(with_tone("ươi", Some('\u{300}')), "ười"); // người
        assert_eq!(with_tone("oa", Some('\u{301}')), "óa"); // hóa (press style)
        assert_eq!(with_tone("oan", Some('\u{300}')), "oàn"); // toàn
        assert_eq!(with_tone("uyên", Some('\u{303}')), "uyễn"); // Nguyễn
        assert_eq!(with_tone("ong", Some('\u{323}')), "ọng"); // trọng
        assert_eq!(with_tone("oai", Some('\u{309}')), "oải");
        assert_eq!(with_tone("ac", None), "ac");
    }

    #[test]
    fn real_words_are_spelled_and_impossible_ones_are_not() {
        let all = all_syllables();
        for word in [
            "người", "nghiên", "quốc", "khoa", "học", "đổi", "mới", "giữa", "kiến",
        ] {
            assert!(all.iter().any(|s| s == word), "{word} missing");
        }
        for word in ["ki", "ka", "nghe", "ngha", "at", "àt", "quu"] {
            let present = all.iter().any(|s| s == word);
            // "ki" and "nghe" are real; "ka", "ngha", "at", "àt", "quu" are not.
            assert_eq!(present, matches!(word, "ki" | "nghe"), "{word}");
        }
    }

    #[test]
    fn syllables_are_distinct_and_numerous() {
        let all = all_syllables();
        let distinct: std::collections::HashSet<&String> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
        assert!(all.len() > 9_000, "{}", all.len());
    }
}
