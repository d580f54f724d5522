//! A memo of analyzed words: the exact and folded forms of the words already seen.
//!
//! Press text repeats a small vocabulary: in 3,000 articles of the shared archive (1.8 million
//! words, 19,200 distinct spellings) the 4,096 most frequent spellings are 97% of the running
//! words, the 8,192 most frequent 99%. Every stage of [`super::WordAnalyzer`] is a pure
//! function of the word as it stands in the text, so a word seen before needs one lookup
//! instead of the lowercasing, composition, tone re-placement and folding. The analyzers of
//! whole texts keep one ([`super::WordAnalyzer::memoized`]).
//!
//! The memo is a fixed table of [`SLOTS`] cache-line slots, each holding a word and both its
//! forms inline, so a lookup touches one line (a map of boxed strings, with the word, its
//! forms and the table in three places, missed the cache three times per word while indexing,
//! and indexing got slower). A word goes to one of [`PROBES`] slots after its hash; when they
//! are taken it is not kept, and is analyzed as before each time (the frequent words come
//! early and take the slots). With so short a probe, text made to collide costs at most
//! [`PROBES`] comparisons per word, so the hash needs no secret seed.

/// Slots of the table: 8,192 of 64 bytes (512 KB, half the L2 cache of this machine's cores)
/// hold the words that are 99% of running text.
const SLOTS: usize = 1 << 13;

/// Slots a word may take, from the one its hash names.
const PROBES: usize = 4;

/// Longest word kept, in bytes: 99.99% of running words are at most 12 bytes (a Vietnamese
/// syllable is at most 7 letters, some of 2 or 3 bytes).
const MAX_WORD_BYTES: usize = 16;

/// Room for both forms of a word, in bytes.
const FORM_BYTES: usize = 44;

/// One word and its forms. `word_len == 0`: empty (the segmenter never yields an empty word).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    /// The word's bytes, zero-padded.
    word: [u8; MAX_WORD_BYTES],
    word_len: u8,
    exact_len: u8,
    folded_len: u8,
    /// The exact form, then the folded form.
    forms: [u8; FORM_BYTES],
}

const EMPTY: Slot = Slot {
    word: [0; MAX_WORD_BYTES],
    word_len: 0,
    exact_len: 0,
    folded_len: 0,
    forms: [0; FORM_BYTES],
};

/// The forms of the words seen; see the module documentation. Allocated on first use, so an
/// analyzer that is cloned before it analyzes (tantivy clones its tokenizers) costs nothing.
#[derive(Clone, Default)]
pub struct Memo {
    slots: Vec<Slot>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let used = self.slots.iter().filter(|s| s.word_len > 0).count();
        f.debug_struct("Memo").field("words", &used).finish()
    }
}

/// `word` zero-padded, if it is short enough to keep.
#[inline]
fn padded(word: &str) -> Option<[u8; MAX_WORD_BYTES]> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_WORD_BYTES {
        return None;
    }
    let mut padded = [0u8; MAX_WORD_BYTES];
    padded[..bytes.len()].copy_from_slice(bytes);
    Some(padded)
}

/// The first slot of a padded word: a multiply-xor mix of its two halves (rustc's FxHasher
/// constant), the top bits naming the slot.
#[inline]
fn first_slot(padded: &[u8; MAX_WORD_BYTES], len: usize) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut low = [0u8; 8];
    let mut high = [0u8; 8];
    low.copy_from_slice(&padded[..8]);
    high.copy_from_slice(&padded[8..]);
    let mut h = (u64::from_le_bytes(low) ^ len as u64).wrapping_mul(K);
    h = (h.rotate_left(23) ^ u64::from_le_bytes(high)).wrapping_mul(K);
    (h >> (64 - SLOTS.trailing_zeros())) as usize
}

impl Memo {
    /// The exact and folded forms of `word`, if it was kept.
    #[inline]
    pub fn get(&self, word: &str) -> Option<(&str, &str)> {
        if self.slots.is_empty() {
            return None;
        }
        let key = padded(word)?;
        let first = first_slot(&key, word.len());
        for probe in 0..PROBES {
            let slot = &self.slots[(first + probe) % SLOTS];
            if slot.word_len == 0 {
                return None;
            }
            if usize::from(slot.word_len) == word.len() && slot.word == key {
                let exact = usize::from(slot.exact_len);
                let folded = usize::from(slot.folded_len);
                // Both were `&str`s when kept, cut at their own ends: always valid.
                let exact = std::str::from_utf8(&slot.forms[..exact]).ok()?;
                let folded = std::str::from_utf8(&slot.forms[exact.len()..][..folded]).ok()?;
                return Some((exact, folded));
            }
        }
        None
    }

    /// Keeps the forms of `word`, if it is short and one of its slots is free.
    pub fn insert(&mut self, word: &str, exact: &str, folded: &str) {
        let Some(key) = padded(word) else {
            return;
        };
        if exact.len() + folded.len() > FORM_BYTES {
            return;
        }
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; SLOTS];
        }
        let first = first_slot(&key, word.len());
        for probe in 0..PROBES {
            let slot = &mut self.slots[(first + probe) % SLOTS];
            if slot.word_len == 0 {
                // Lengths are at most 16 and 44: they fit a byte.
                slot.word = key;
                slot.word_len = word.len() as u8;
                slot.exact_len = exact.len() as u8;
                slot.folded_len = folded.len() as u8;
                slot.forms[..exact.len()].copy_from_slice(exact.as_bytes());
                slot.forms[exact.len()..][..folded.len()].copy_from_slice(folded.as_bytes());
                return;
            }
            if usize::from(slot.word_len) == word.len() && slot.word == key {
                return;
            }
        }
    }

    /// How many words it holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.word_len > 0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_both_forms_of_short_words() {
        let mut memo = Memo::default();
        assert_eq!(memo.get("Hoà"), None);
        memo.insert("Hoà", "hòa", "hoa");
        assert_eq!(memo.get("Hoà"), Some(("hòa", "hoa")));
        assert_eq!(memo.get("hoà"), None);
        assert_eq!(memo.get("Hoà\u{0}"), None);
        // Nothing for the empty word, words over 16 bytes, forms over 44.
        memo.insert("", "", "");
        assert_eq!(memo.get(""), None);
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        memo.insert(&long, &long, &long);
        assert_eq!(memo.get(&long), None);
        let wide = "y".repeat(FORM_BYTES);
        memo.insert("wide", &wide, "z");
        assert_eq!(memo.get("wide"), None);
        assert_eq!(memo.len(), 1);
    }

    #[test]
    fn a_full_table_keeps_what_it_has_and_answers_the_rest_with_none() {
        let mut memo = Memo::default();
        let words: Vec<String> = (0..SLOTS * 2).map(|n| format!("w{n}")).collect();
        for word in &words {
            memo.insert(word, word, &word.to_uppercase());
        }
        let kept = memo.len();
        assert!(kept > SLOTS / 2 && kept <= SLOTS, "{kept}");
        let mut found = 0;
        for word in &words {
            if let Some((exact, folded)) = memo.get(word) {
                assert_eq!(
                    (exact, folded),
                    (word.as_str(), word.to_uppercase().as_str())
                );
                found += 1;
            }
        }
        assert_eq!(found, kept);
    }
}
