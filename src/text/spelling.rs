//! Stage 3b: spelling variants. The i/y variants (`kỹ`/`kĩ`, `lý`/`lí`, `công ty`/`công ti`,
//! `quý`/`quí`) are one word; the canonical spelling is `i`.
//!
//! The rule applies only to a lone final `y` right after a consonant onset (or `qu`): the
//! whole rime is that `y`. `y tế` (no onset), `tuy`, `hay`, `khuya`, `yêu`, `quyết` keep
//! their `y`. The rule is applied to the exact form of a syllable (see [`super::tone`]) and,
//! on ASCII letters, to folded forms, so `ky` typed without marks finds `kỹ` and `kĩ`.

use super::syllable::y_becomes_i;

/// Applies the i/y rule to every run of ASCII letters and digits of `text`, in place:
/// `ky thuat` → `ki thuat`, `cong ty` → `cong ti`, `quy` → `qui`; `y te`, `tuy`, `hay` stay.
pub fn ascii_i_for_y(text: &mut String) {
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            run_start = i + 1;
            continue;
        }
        // `run_start` follows an ASCII byte, so it is a char boundary.
        let run_ends = bytes.get(i + 1).is_none_or(|n| !n.is_ascii_alphanumeric());
        if b == b'y' && run_ends && y_becomes_i(&text[run_start..i]) {
            hits.push(i);
        }
    }
    for i in hits {
        text.replace_range(i..i + 1, "i");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        let mut s = s.to_string();
        ascii_i_for_y(&mut s);
        s
    }

    #[test]
    fn lone_final_y_after_an_onset_becomes_i() {
        assert_eq!(fixed("ky thuat"), "ki thuat");
        assert_eq!(
            fixed("ly my quy cong ty hy vong"),
            "li mi qui cong ti hi vong"
        );
        assert_eq!(fixed("nghy"), "nghi");
    }

    #[test]
    fn other_y_stay() {
        for word in [
            "y", "y te", "tuy", "hay", "khuya", "yeu", "quyet", "thuy", "giy", "zy",
        ] {
            assert_eq!(fixed(word), word);
        }
        assert_eq!(fixed("2y ky2"), "2y ky2");
    }
}
