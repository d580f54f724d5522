//! Vietnamese syllables from onset × rime × tone tables, spelled by the real rules.
//!
//! Rules applied: `k`/`gh`/`ngh` only before front vowels (`i e ê y`) and `c`/`g`/`ng` never
//! before them; rimes closed by `p t c ch` take only the sắc and nặng tones; the tone mark sits
//! on the vowel carrying a quality mark (`ơ` of `ươ`), else on the last vowel before a final
//! consonant, else on the middle of three vowels or the first of two (`hóa`, `thủy`) — the
//! placement of the one syllable model, [`crate::text::Syllable`].

use crate::text::{Syllable, Tone, ONSETS};

/// Initial consonants: the syllable model's, and the empty onset, in alphabetical order
/// (the generator's output order, hence its corpus, depends on it).
fn onsets() -> Vec<&'static str> {
    let mut onsets: Vec<&str> = ONSETS.to_vec();
    onsets.push("");
    onsets.sort_unstable();
    onsets
}

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

/// Every spellable syllable, lowercase NFC, in table order (deterministic).
pub fn all_syllables() -> Vec<String> {
    let mut out = Vec::new();
    let mut spelled = String::new();
    for onset in onsets() {
        for rime in RIMES {
            if !onset_fits(onset, rime) {
                continue;
            }
            let Some(syllable) = Syllable::parse(&format!("{onset}{rime}")) else {
                continue;
            };
            for tone in Tone::ALL {
                // A checked rime takes only sắc or nặng (`at` is always `át`/`ạt`).
                if is_checked(rime) && !matches!(tone, Tone::Acute | Tone::Dot) {
                    continue;
                }
                syllable.spell(tone, false, &mut spelled);
                out.push(spelled.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

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
