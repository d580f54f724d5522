//! Stage 1: finding the words of a text, as byte ranges of the ORIGINAL text.
//!
//! A word is a run of letters and digits together with the combining marks that follow them
//! (so NFD text is never split inside a word) and the invisible characters inside it
//! (zero-width space/joiners, BOM, soft hyphen, which never split a word). Inside a run, an
//! apostrophe between two letters or digits stays (`o'clock`), and `.`/`,` between two digits
//! stays (`16.745`, `3,5`), as in UAX #29. Every other character (space, punctuation, symbol,
//! emoji) separates words, so `KH&CN` → `KH`, `CN`; `29/5` → `29`, `5`;
//! `COVID-19` → `COVID`, `19`; `vnexpress.net` → `vnexpress`, `net`.
//!
//! Runs made only of Latin, Greek, Cyrillic and Vietnamese letters, digits and marks are one
//! word in UAX #29 as well, so they are taken as they are (the fast path for Vietnamese).
//! Runs with letters of other scripts are split by the UAX #29 word boundaries of
//! `unicode-segmentation` (every CJK ideograph is a word, Katakana stays together, …), with
//! invisible characters removed first so they cannot split there either.

use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

use super::letters::{is_apostrophe, is_invisible};

/// Iterator over the words of a text, as `(start, end)` byte ranges of the text.
///
/// ```
/// use vnsearch::text::Words;
/// let text = "Hội nghị KH&CN, ngày 29/5";
/// let words: Vec<&str> = Words::new(text).map(|(s, e)| &text[s..e]).collect();
/// assert_eq!(words, ["Hội", "nghị", "KH", "CN", "ngày", "29", "5"]);
/// ```
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    /// Where scanning continues.
    pos: usize,
    /// Words of a run that UAX #29 split, still to be returned.
    pending: Vec<(usize, usize)>,
    next_pending: usize,
}

impl<'a> Words<'a> {
    /// Words of `text`.
    pub fn new(text: &'a str) -> Self {
        Words {
            text,
            pos: 0,
            pending: Vec::new(),
            next_pending: 0,
        }
    }

    /// Starts over on another text, keeping the allocated buffer.
    pub fn reset(&mut self, text: &'a str) {
        self.text = text;
        self.pos = 0;
        self.pending.clear();
        self.next_pending = 0;
    }

    /// The next run: `(start, end, complex)`, where complex runs need UAX #29.
    fn next_run(&mut self) -> Option<(usize, usize, bool)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.pos;
        // Skip to the first letter or digit.
        loop {
            let (c, len) = char_at(text, i)?;
            if c.is_alphanumeric() {
                break;
            }
            i += len;
        }
        let start = i;
        let mut end = i;
        let mut complex = false;
        let mut last_numeric = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                i += 1;
                end = i;
                last_numeric = b.is_ascii_digit();
                continue;
            }
            if b.is_ascii() && !matches!(b, b'\'' | b'.' | b',') {
                // Space or ASCII punctuation: the end of the word (no table to consult).
                break;
            }
            let Some((c, len)) = char_at(text, i) else {
                break;
            };
            if is_word_char(c) {
                complex |= is_complex(c);
                last_numeric = is_numeric_word_char(c);
                i += len;
                end = i;
            } else if is_combining_mark(c) {
                i += len;
                end = i;
            } else if is_invisible(c)
                || (is_apostrophe(c) && next_is(text, i + len, char::is_alphanumeric))
                || (matches!(c, '.' | ',') && last_numeric && next_is(text, i + len, is_numeric))
            {
                // Part of the word only if a letter or digit follows: `end` moves on then.
                i += len;
            } else {
                break;
            }
        }
        self.pos = i.max(end);
        Some((start, end, complex))
    }

    /// Splits a run with letters of other scripts at its UAX #29 word boundaries.
    fn split_complex(&mut self, start: usize, end: usize) {
        self.pending.clear();
        self.next_pending = 0;
        let run = &self.text[start..end];
        if !run.chars().any(is_invisible) {
            for (s, word) in run.split_word_bound_indices() {
                if word.chars().any(char::is_alphanumeric) {
                    self.pending.push((start + s, start + s + word.len()));
                }
            }
            return;
        }
        // Segment the run without its invisible characters, then map back: `origin[k]` is
        // the offset in the text of byte k of `visible`.
        let mut visible = String::with_capacity(run.len());
        let mut origin = Vec::with_capacity(run.len());
        for (k, c) in run.char_indices() {
            if !is_invisible(c) {
                visible.push(c);
                origin.extend((0..c.len_utf8()).map(|b| start + k + b));
            }
        }
        for (s, word) in visible.split_word_bound_indices() {
            if word.chars().any(char::is_alphanumeric) {
                let last = s + word.len() - 1;
                self.pending.push((origin[s], origin[last] + 1));
            }
        }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            if let Some(&range) = self.pending.get(self.next_pending) {
                self.next_pending += 1;
                return Some(range);
            }
            let (start, end, complex) = self.next_run()?;
            if !complex {
                return Some((start, end));
            }
            self.split_complex(start, end);
        }
    }
}

/// The character at byte `i` and its length, if any.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

#[inline]
fn next_is(text: &str, i: usize, pred: fn(char) -> bool) -> bool {
    char_at(text, i).is_some_and(|(c, _)| pred(c))
}

fn is_numeric(c: char) -> bool {
    c.is_numeric()
}

/// `c.is_alphanumeric()`, with the Latin ranges of Vietnamese answered without a table
/// search (the hot path of segmentation).
#[inline]
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0xC0..=0x24F => !matches!(c, '×' | '÷'),
        0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// `c.is_numeric()` for a word character: the Latin letters of Vietnamese answered without
/// a table search (they are letters, and the table search was a tenth of segmentation).
#[inline]
fn is_numeric_word_char(c: char) -> bool {
    match c as u32 {
        0xC0..=0x24F | 0x1E00..=0x1EFF => false,
        _ => c.is_numeric(),
    }
}

/// Letters outside Latin, Greek, Cyrillic and Armenian (and their extensions): scripts where
/// UAX #29 may break between two letters (ideographs, kana, Hebrew, Thai, …).
#[inline]
fn is_complex(c: char) -> bool {
    let u = c as u32;
    u >= 0x0590 && !(0x1E00..0x2000).contains(&u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        Words::new(text).map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn splits_at_spaces_and_punctuation() {
        assert_eq!(
            words("Việt Nam-Lào, (KH,CN&ĐMST)!"),
            ["Việt", "Nam", "Lào", "KH", "CN", "ĐMST"]
        );
        assert_eq!(
            words("15-CT/TW 2024-2026"),
            ["15", "CT", "TW", "2024", "2026"]
        );
        assert_eq!(words("COVID-19"), ["COVID", "19"]);
    }

    #[test]
    fn numbers_keep_inner_separators() {
        assert_eq!(words("16.745 người, 3,5%."), ["16.745", "người", "3,5"]);
        assert_eq!(words("ngày 1.5."), ["ngày", "1.5"]);
        assert_eq!(words("a.b 7.x"), ["a", "b", "7", "x"]);
    }

    #[test]
    fn urls_and_emails_give_their_parts() {
        assert_eq!(
            words("https://vnexpress.net/a-b.html"),
            ["https", "vnexpress", "net", "a", "b", "html"]
        );
        assert_eq!(words("ban.bt@gmail.com"), ["ban", "bt", "gmail", "com"]);
    }

    #[test]
    fn apostrophes_only_inside_words() {
        assert_eq!(
            words("o'clock K’Ho 'tis Jones' "),
            ["o'clock", "K’Ho", "tis", "Jones"]
        );
    }

    #[test]
    fn nfd_marks_stay_in_the_word() {
        let nfd = "Vie\u{302}\u{323}t Nam";
        assert_eq!(words(nfd), ["Vie\u{302}\u{323}t", "Nam"]);
        // A mark with no letter before it is not a word.
        assert_eq!(words(" \u{301} a"), ["a"]);
    }

    #[test]
    fn invisible_characters_never_split_and_are_trimmed_at_the_edges() {
        assert_eq!(
            words("\u{200B}Vi\u{200B}ệt\u{00AD}Nam\u{FEFF} x"),
            ["Vi\u{200B}ệt\u{00AD}Nam", "x"]
        );
        assert_eq!(words("中\u{200B}文"), ["中", "文"]);
        assert_eq!(words("ｶﾀ\u{200B}ｶﾅ"), ["ｶﾀ\u{200B}ｶﾅ"]);
    }

    #[test]
    fn other_scripts_follow_uax29() {
        assert_eq!(words("中文abc"), ["中", "文", "abc"]);
        assert_eq!(words("Zürich Москва Αθήνα"), ["Zürich", "Москва", "Αθήνα"]);
        assert_eq!(
            words("カタカナ ひらがな"),
            ["カタカナ", "ひ", "ら", "が", "な"]
        );
    }

    #[test]
    fn emoji_symbols_and_empty_text_give_nothing() {
        assert!(words("").is_empty());
        assert!(words("🎉 — … ✓ ©").is_empty());
        assert_eq!(words("👍🏻ok"), ["ok"]);
    }

    #[test]
    fn fast_word_char_check_agrees_with_std() {
        for c in ('\u{80}'..='\u{2000}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn reset_reuses_the_iterator() {
        let mut w = Words::new("a b");
        assert_eq!(w.by_ref().count(), 2);
        w.reset("c");
        assert_eq!(w.next(), Some((0, 1)));
        assert_eq!(w.next(), None);
    }
}
