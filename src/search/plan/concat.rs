//! Syllables typed without spaces: `hanoi` → `ha noi`, `vietnam` → `viet nam`, when the
//! index holds those syllables and the typed word cannot be one syllable itself.

use tantivy::schema::Field;

use super::{Builder, MAX_SPLITS};
use crate::search::pattern::Form;
use crate::Result;

impl Builder<'_, '_> {
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
