//! Syllables typed without spaces: `hanoi` → `ha noi`, `vietnam` → `viet nam`, when the
//! index holds those syllables and the typed word cannot be one syllable itself.

use tantivy::schema::Field;

use super::{Builder, MAX_SPLITS};
use crate::search::pattern::Form;
use crate::Result;

impl Builder<'_> {
    /// Ways to cut `form` into 2 or 3 syllables that all exist in `field`, fewest cuts first.
    pub(super) fn splits(&mut self, field: Field, form: &Form) -> Result<Vec<Vec<Form>>> {
        let word = form.word();
        let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(1).collect();
        let mut found = Vec::new();
        for &a in &cuts {
            let (left, right) = (&word[..a], &word[a..]);
            if self.exists(field, &form.with_word(left))?
                && self.exists(field, &form.with_word(right))?
            {
                found.push(vec![form.with_word(left), form.with_word(right)]);
            }
        }
        for (i, &a) in cuts.iter().enumerate() {
            if found.len() >= MAX_SPLITS || !self.exists(field, &form.with_word(&word[..a]))? {
                continue;
            }
            for &b in &cuts[i + 1..] {
                let parts = [&word[..a], &word[a..b], &word[b..]];
                let mut all = true;
                for part in parts {
                    all = all && self.exists(field, &form.with_word(part))?;
                }
                if all {
                    found.push(parts.iter().map(|p| form.with_word(p)).collect());
                }
            }
        }
        found.truncate(MAX_SPLITS);
        Ok(found)
    }
}

/// Whether a folded word has the shape of one Vietnamese syllable: consonants, one run of
/// vowels, and a coda that Vietnamese allows.
pub(super) fn syllable_shaped(folded: &str) -> bool {
    const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let Some(first_vowel) = folded.find(is_vowel) else {
        return false;
    };
    let rest = &folded[first_vowel..];
    let coda_start = rest.find(|c| !is_vowel(c)).unwrap_or(rest.len());
    CODAS.contains(&&rest[coda_start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_shapes() {
        for word in ["duong", "nhieu", "nghieng", "khuya", "toan", "quy", "a"] {
            assert!(syllable_shaped(word), "{word}");
        }
        for word in ["vietnam", "hanoi", "khoahoc", "siphandone", "sapa", "hcm"] {
            assert!(!syllable_shaped(word), "{word}");
        }
    }
}
