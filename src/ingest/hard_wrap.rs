//! Hard-wrap joining: text extracted from PDF (or mailed, or copied from a fixed-width page)
//! breaks sentences across lines, often with blank lines between the halves. Phrase search
//! must find words that span such a break, so the halves are joined back into paragraphs.
//!
//! A line is continued by the next one when it does not end a sentence and either
//! - the next line starts with a lowercase letter (a sentence never starts lowercase), or
//! - the text is hard-wrapped at a measurable width and the line reaches that width
//!   (a shorter line ended its paragraph on purpose: a title, a caption, a last line).

use super::lines::{ends_sentence, starts_lowercase, Line};

/// Wrapped texts have lines of at most this many characters; longer lines are paragraphs.
const MAX_WRAP_WIDTH: usize = 250;
/// A line at least this fraction of the wrap width was filled up to the width (proportional
/// fonts make wrapped lines vary by a word or two).
const FULL_LINE: f64 = 0.75;

/// Joins the lines of hard-wrapped sentences into paragraphs.
pub fn join_wrapped_lines(lines: Vec<Line>) -> Vec<Line> {
    let width = wrap_width(&lines);
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // Length of the last physical line of the paragraph being built.
    let mut last_len = 0;
    for line in lines {
        let len = line.chars();
        match out.last_mut() {
            Some(previous) if continues(&previous.text, last_len, &line.text, width) => {
                previous.text.push(' ');
                previous.text.push_str(&line.text);
            }
            _ => out.push(line),
        }
        last_len = len;
    }
    out
}

/// Whether `next` continues the sentence of `previous` (whose last line is `last_len` long).
fn continues(previous: &str, last_len: usize, next: &str, width: Option<usize>) -> bool {
    if ends_sentence(previous) {
        return false;
    }
    starts_lowercase(next) || width.is_some_and(|w| last_len as f64 >= FULL_LINE * w as f64)
}

/// The width a text is hard-wrapped at, or `None` if it is not hard-wrapped.
///
/// The width is the 90th percentile of line lengths; the text counts as wrapped when it is
/// narrow enough and at least a quarter of its lines (and three or more) fill that width
/// without ending a sentence.
pub fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut lengths: Vec<usize> = lines.iter().map(Line::chars).collect();
    if lengths.len() < 3 {
        return None;
    }
    lengths.sort_unstable();
    let width = lengths[(lengths.len() - 1) * 9 / 10];
    if width > MAX_WRAP_WIDTH {
        return None;
    }
    let filled = lines
        .iter()
        .filter(|l| l.chars() as f64 >= FULL_LINE * width as f64 && !ends_sentence(&l.text))
        .count();
    (filled >= 3 && filled * 4 >= lines.len()).then_some(width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::lines::split_lines;

    fn texts(text: &str) -> Vec<String> {
        join_wrapped_lines(split_lines(text))
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn lowercase_continuation_is_joined_across_blank_lines() {
        let got = texts(
            "Việt Nam đã tham gia đầy đủ, có trách\n\nnhiệm và đóng góp tích cực.\n\nĐoạn sau.",
        );
        assert_eq!(
            got,
            [
                "Việt Nam đã tham gia đầy đủ, có trách nhiệm và đóng góp tích cực.",
                "Đoạn sau."
            ]
        );
    }

    #[test]
    fn a_line_ending_a_sentence_is_never_joined() {
        let got = texts("Câu thứ nhất kết thúc ở đây.\n\nnhưng dòng này viết thường.");
        assert_eq!(got.len(), 2);
    }

    /// A narrow, hard-wrapped text: full lines continue even before a capital letter (a name),
    /// short lines (a title, a caption) end their paragraph.
    #[test]
    fn full_lines_of_a_wrapped_text_continue_before_capitals() {
        let text = "Hội thảo hợp tác Việt - Lào\n\n\
            Bộ trưởng Huỳnh Thành Đạt chào mừng Bộ trưởng Boviengkham \n\n\
            Vongdara cùng đoàn đại biểu Bộ Công nghệ và Truyền thông \n\n\
            Lào đã đến thăm Việt Nam và làm việc tại Bộ Khoa học. \n\n\
            Toàn cảnh Hội thảo \n\n\
            Hai bên đã ký kết bản ghi nhớ về hợp tác giữa hai Bộ trong \n\n\
            lĩnh vực công nghệ và đổi mới sáng tạo trong thời gian tới.";
        let got = texts(text);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert_eq!(got[0], "Hội thảo hợp tác Việt - Lào");
        assert!(got[1].contains("Boviengkham Vongdara cùng"));
        assert!(got[1].contains("Truyền thông Lào đã"));
        assert_eq!(got[2], "Toàn cảnh Hội thảo");
        assert!(got[3].contains("trong lĩnh vực"));
    }

    #[test]
    fn long_unwrapped_paragraphs_are_not_a_wrapped_text() {
        let long = "Một đoạn văn rất dài không có dấu chấm cuối ".repeat(10);
        let lines = split_lines(&format!("{long}\n\nTiêu đề\n\n{long}\n\n{long}"));
        assert_eq!(wrap_width(&lines), None);
        assert_eq!(join_wrapped_lines(lines).len(), 4);
    }
}
