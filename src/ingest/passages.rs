//! Passages: the cleaned paragraphs of an article, with paragraphs longer than
//! [`MAX_PASSAGE_CHARS`] split into pieces of at most that size, at sentence boundaries
//! where there are some, else at clause and word boundaries.
//!
//! Splitting never loses or repeats text: the pieces of a paragraph, put back together with a
//! space, are the paragraph (except inside a single word longer than the limit, which is cut
//! where the limit falls).

use super::lines::is_closing;

/// A paragraph longer than this (in characters) is split at sentence boundaries, then at
/// clause boundaries, then at word boundaries: no passage is ever longer (a passage is what a
/// search hit shows and re-analyses for highlights, so its size bounds the cost of a hit).
pub const MAX_PASSAGE_CHARS: usize = 1000;

/// Paragraphs are scanned for sentences in blocks of at most this many characters, cut at a
/// space: sentence scanning keeps a table of the block's characters, and a paragraph with
/// no line break can be megabytes long. 64 passages' worth: real paragraphs never reach it.
const SCAN_BLOCK_CHARS: usize = 64 * MAX_PASSAGE_CHARS;

/// Abbreviations that end with a period without ending a sentence (`TS. Nguyễn Văn A`).
const ABBREVIATIONS: &[&str] = &[
    "tp", "ts", "ths", "pgs", "gs", "bs", "ks", "ls", "nxb", "st", "mr", "mrs", "ms", "dr", "no",
    "tr", "q", "p", "vs", "v.v",
];

/// Splits each paragraph into passages.
pub fn passages<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    paragraphs.into_iter().flat_map(split_paragraph).collect()
}

/// Splits one paragraph into pieces of at most [`MAX_PASSAGE_CHARS`] characters, at
/// sentence boundaries; a single longer sentence is split at `;` then `,` clause boundaries,
/// then between words.
pub fn split_paragraph(paragraph: &str) -> Vec<String> {
    let paragraph = paragraph.trim();
    if paragraph.is_empty() {
        return Vec::new();
    }
    if paragraph.chars().count() <= MAX_PASSAGE_CHARS {
        return vec![paragraph.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    let pieces = word_pieces(paragraph, SCAN_BLOCK_CHARS)
        .into_iter()
        .flat_map(sentences)
        .flat_map(|s| clauses(s, &["; ", ", "]))
        .flat_map(|s| word_pieces(s, MAX_PASSAGE_CHARS));
    for sentence in pieces {
        let chars = sentence.chars().count();
        if current_chars > 0 && current_chars + 1 + chars > MAX_PASSAGE_CHARS {
            out.push(std::mem::take(&mut current));
            current_chars = 0;
        }
        if current_chars > 0 {
            current.push(' ');
            current_chars += 1;
        }
        current.push_str(sentence);
        current_chars += chars;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The sentences of a text, trimmed, in order; together they hold every non-space character.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') || (c == '.' && is_abbreviation(&text[..chars[i].0]))
        {
            i += 1;
            continue;
        }
        // Look through repeated marks and closing quotes: `…!”`.
        let mut j = i + 1;
        let mut closed = i > 0 && is_closing(chars[i - 1].1);
        while j < chars.len()
            && (matches!(chars[j].1, '.' | '!' | '?' | '…') || is_closing(chars[j].1))
        {
            closed |= is_closing(chars[j].1);
            j += 1;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let spaced = k > j;
        let starts_sentence = chars.get(k).is_some_and(|&(_, n)| {
            n.is_uppercase()
                || n.is_ascii_digit()
                || matches!(n, '“' | '"' | '‘' | '(' | '[' | '-' | '–')
        });
        // `”.Thông tin…`: a missing space after a closed quote still ends the sentence.
        let glued = !spaced && chars.get(k).is_some_and(|&(_, n)| n.is_uppercase()) && closed;
        if k < chars.len() && starts_sentence && (spaced || glued) {
            let end = chars[j].0;
            out.push(text[start..end].trim());
            start = chars[k].0;
        }
        i = k.max(i + 1);
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out.retain(|s| !s.is_empty());
    out
}

/// A sentence cut after the first separator that makes pieces short enough, recursively:
/// pieces over the limit are cut at the next separator in `separators`.
fn clauses<'a>(sentence: &'a str, separators: &[&str]) -> Vec<&'a str> {
    let Some((separator, rest)) = separators.split_first() else {
        return vec![sentence];
    };
    if sentence.chars().count() <= MAX_PASSAGE_CHARS {
        return vec![sentence];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, _) in sentence.match_indices(separator) {
        // Keep the separator's mark with the piece before it, the space goes.
        pieces.push(&sentence[start..at + separator.len() - 1]);
        start = at + separator.len();
    }
    pieces.push(&sentence[start..]);
    pieces.into_iter().flat_map(|p| clauses(p, rest)).collect()
}

/// Cuts a text into pieces of at most `limit` characters between words (at single spaces:
/// paragraphs are tidied); a word longer than `limit` is cut into pieces of `limit`.
fn word_pieces(text: &str, limit: usize) -> Vec<&str> {
    if text.len() <= limit || text.chars().count() <= limit {
        return vec![text];
    }
    let mut out = Vec::new();
    // The piece being built: byte range and length in characters.
    let (mut start, mut end, mut chars) = (0, 0, 0);
    for word in text.split(' ') {
        let offset = word.as_ptr() as usize - text.as_ptr() as usize;
        let length = word.chars().count();
        if chars > 0 && chars + 1 + length > limit {
            out.push(&text[start..end]);
            chars = 0;
        }
        if length > limit {
            // Full pieces of the word; its tail starts the next piece.
            let (mut piece_start, mut count) = (0, 0);
            for (i, _) in word.char_indices() {
                if count == limit {
                    out.push(&word[piece_start..i]);
                    (piece_start, count) = (i, 0);
                }
                count += 1;
            }
            (start, end, chars) = (offset + piece_start, offset + word.len(), count);
            continue;
        }
        if chars == 0 {
            (start, chars) = (offset, length);
        } else {
            chars += 1 + length;
        }
        end = offset + word.len();
    }
    if chars > 0 {
        out.push(&text[start..end]);
    }
    out.retain(|piece| !piece.trim().is_empty());
    out
}

/// Whether the word just before a period is an abbreviation or an initial (`Nguyễn V. A`).
/// Only the last characters are looked at: abbreviations are short, and a text of periods
/// without spaces must not be rescanned from its start at every period.
fn is_abbreviation(before: &str) -> bool {
    const LOOK_BACK_CHARS: usize = 16;
    let from = before
        .char_indices()
        .rev()
        .take(LOOK_BACK_CHARS)
        .last()
        .map_or(0, |(i, _)| i);
    let word = before[from..]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_at_marks_followed_by_a_capital() {
        let s =
            sentences("Bộ trưởng phát biểu. Hội nghị kết thúc lúc 16.30 giờ! “Rất tốt”, ông nói.");
        assert_eq!(
            s,
            [
                "Bộ trưởng phát biểu.",
                "Hội nghị kết thúc lúc 16.30 giờ!",
                "“Rất tốt”, ông nói."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not_end_sentences() {
        let s = sentences("TS. Nguyễn V. An đến TP. Hồ Chí Minh. Doanh thu 16.745 tỷ đồng.");
        assert_eq!(
            s,
            [
                "TS. Nguyễn V. An đến TP. Hồ Chí Minh.",
                "Doanh thu 16.745 tỷ đồng."
            ]
        );
    }

    #[test]
    fn a_closed_quote_glued_to_the_next_sentence_still_ends_it() {
        let s = sentences("“Hợp tác là then chốt”.Thông tin được chia sẻ tại hội thảo.");
        assert_eq!(
            s,
            [
                "“Hợp tác là then chốt”.",
                "Thông tin được chia sẻ tại hội thảo."
            ]
        );
    }

    #[test]
    fn long_paragraphs_split_into_pieces_of_about_the_limit_and_nothing_is_lost() {
        let sentence =
            "Hai bên thống nhất đẩy mạnh hợp tác về khoa học và công nghệ trong thời gian tới. ";
        let paragraph = sentence.repeat(40);
        let pieces = split_paragraph(&paragraph);
        assert!(pieces.len() >= 3, "{}", pieces.len());
        assert!(pieces
            .iter()
            .all(|p| p.chars().count() <= MAX_PASSAGE_CHARS));
        assert_eq!(pieces.join(" "), paragraph.trim());
    }

    #[test]
    fn a_single_overlong_sentence_is_cut_at_clauses_without_loss() {
        let clause = "thống nhất được một số hành động cụ thể trong thời gian tới để kết nối các khu công nghệ cao";
        let sentence = format!("{}.", vec![clause; 25].join("; "));
        let pieces = split_paragraph(&sentence);
        assert!(pieces.len() >= 2);
        assert!(pieces
            .iter()
            .all(|p| p.chars().count() <= MAX_PASSAGE_CHARS));
        assert_eq!(pieces.join(" "), sentence);
    }

    #[test]
    fn short_paragraphs_stay_whole_and_empty_ones_vanish() {
        assert_eq!(
            passages(["Một đoạn ngắn. Hai câu.", "  "]),
            ["Một đoạn ngắn. Hai câu."]
        );
    }

    #[test]
    fn a_paragraph_without_sentence_ends_is_cut_between_words_at_the_limit() {
        let words = "giá vàng tăng mạnh trong phiên sáng nay theo đà thế giới ";
        let paragraph = words.repeat(2_000);
        let paragraph = paragraph.trim();
        let pieces = split_paragraph(paragraph);
        assert!(pieces.len() >= paragraph.chars().count() / MAX_PASSAGE_CHARS);
        assert!(pieces
            .iter()
            .all(|p| p.chars().count() <= MAX_PASSAGE_CHARS && !p.starts_with(' ')));
        assert_eq!(pieces.join(" "), paragraph);
    }

    #[test]
    fn a_word_longer_than_the_limit_is_cut_at_the_limit() {
        let word = "ă".repeat(2 * MAX_PASSAGE_CHARS + 10);
        let paragraph = format!("Mở đầu {word} kết thúc");
        let pieces = split_paragraph(&paragraph);
        assert!(pieces
            .iter()
            .all(|p| p.chars().count() <= MAX_PASSAGE_CHARS));
        assert_eq!(pieces.concat().replace(' ', ""), paragraph.replace(' ', ""));
    }

    mod properties {
        use super::super::split_paragraph;
        use proptest::prelude::*;

        fn non_space(s: &str) -> String {
            s.chars().filter(|c| !c.is_whitespace()).collect()
        }

        proptest! {
            /// Splitting a paragraph loses and repeats nothing.
            #[test]
            fn splitting_keeps_every_character(words in proptest::collection::vec("[a-zà-ỹ]{1,8}[.;,!?]? ?[A-ZĐ]?", 0..600)) {
                let paragraph = words.join(" ");
                let pieces = split_paragraph(&paragraph);
                prop_assert_eq!(non_space(&pieces.concat()), non_space(&paragraph));
            }

            /// No passage is longer than the limit, whatever the punctuation.
            #[test]
            fn no_passage_is_over_the_limit(words in proptest::collection::vec("[a-zà-ỹ]{1,30}[.;,]?", 0..900)) {
                let paragraph = words.join(" ");
                for piece in split_paragraph(&paragraph) {
                    prop_assert!(piece.chars().count() <= super::super::MAX_PASSAGE_CHARS);
                }
            }
        }
    }
}
