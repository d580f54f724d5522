//! Repeated blocks: web pages print some text twice (an image caption as both `alt` text and
//! caption, a headline as both link text and `title` attribute). Extraction then yields a line
//! written twice on one line (`X X`) or the same paragraph twice in a row.

use super::lines::Line;

/// Words a half must have at least for `X X` to count as a repetition (`Hà Nội Hà Nội` is
/// not collapsed: short phrases legitimately repeat).
const MIN_HALF_WORDS: usize = 3;

/// Collapses lines written twice on one line (`X X` → `X`) and marks them [`Line::doubled`].
pub fn collapse_doubled(lines: &mut [Line]) {
    for line in lines {
        if let Some(half) = doubled_half(&line.text) {
            line.text = half;
            line.doubled = true;
        }
    }
}

/// The first half of a text that is the same run of words twice, if it is. Compared in
/// place, without splitting the text into words: a line can be megabytes long.
pub fn doubled_half(text: &str) -> Option<String> {
    let middle = text.len() / 2;
    if text.len() % 2 == 0 || text.as_bytes()[middle] != b' ' {
        return None;
    }
    // The byte at `middle` is a space, so both halves are whole characters.
    let (first, second) = (&text[..middle], &text[middle + 1..]);
    let long_enough = || first.split(' ').take(MIN_HALF_WORDS).count() >= MIN_HALF_WORDS;
    (first == second && long_enough()).then(|| first.to_string())
}

/// Drops a paragraph that repeats the one just before it (a caption printed twice).
pub fn drop_consecutive_duplicates(paragraphs: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        if out
            .last()
            .is_some_and(|last| same_text(&last.text, &paragraph.text))
        {
            continue;
        }
        out.push(paragraph);
    }
    out
}

/// Whether two texts are the same up to case and a final period.
pub fn same_text(a: &str, b: &str) -> bool {
    // Compared letter by letter, stopping at the first difference: every paragraph is
    // compared with the one before it, and most differ at once.
    fn key(s: &str) -> impl Iterator<Item = char> + '_ {
        s.trim_end_matches(['.', ' '])
            .chars()
            .flat_map(char::to_lowercase)
    }
    key(a).eq(key(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::lines::split_lines;

    #[test]
    fn collapses_a_headline_written_twice_on_one_line() {
        let mut lines = split_lines(
            "Hợp tác giữa Đà Nẵng và Nhật Bản Hợp tác giữa Đà Nẵng và Nhật Bản\nHà Nội Hà Nội",
        );
        collapse_doubled(&mut lines);
        assert_eq!(lines[0].text, "Hợp tác giữa Đà Nẵng và Nhật Bản");
        assert!(lines[0].doubled);
        assert_eq!(lines[1].text, "Hà Nội Hà Nội");
        assert!(!lines[1].doubled);
    }

    #[test]
    fn odd_or_unequal_halves_are_left_alone() {
        assert_eq!(doubled_half("một hai ba một hai bốn"), None);
        assert_eq!(doubled_half("một hai ba một hai ba bốn"), None);
        assert_eq!(
            doubled_half("một hai ba một hai ba").as_deref(),
            Some("một hai ba")
        );
    }

    #[test]
    fn drops_a_caption_printed_twice_but_keeps_later_repeats_of_other_text() {
        let lines = split_lines(
            "Ảnh: Toàn cảnh hội nghị.\n\nẢnh: Toàn cảnh hội nghị.\n\nĐoạn văn.\n\nẢnh: Toàn cảnh hội nghị.",
        );
        let kept: Vec<String> = drop_consecutive_duplicates(lines)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(
            kept,
            [
                "Ảnh: Toàn cảnh hội nghị.",
                "Đoạn văn.",
                "Ảnh: Toàn cảnh hội nghị."
            ]
        );
    }
}
