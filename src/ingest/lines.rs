//! The line model every cleaning stage works on.
//!
//! Raw text becomes a list of non-blank [`Line`]s; blank (or whitespace-only) lines are not
//! kept as lines but counted in [`Line::gap`], because the number of blank lines before a line
//! is what separates paragraphs, and whitespace noise (trailing spaces, non-breaking spaces,
//! zero-width characters) is what PDF and HTML extraction leave behind.

use crate::text::is_invisible;

/// One non-blank line (or, after hard-wrap joining, one paragraph) of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text, trimmed, with runs of whitespace collapsed to one space.
    pub text: String,
    /// How many blank lines stood before it (0: glued to the previous line).
    pub gap: usize,
    /// Line number in the input, from 1 (the first physical line of a joined paragraph).
    pub number: usize,
    /// Whether the line was printed twice on one line (`X X`) and collapsed to `X`.
    pub doubled: bool,
}

impl Line {
    /// A line with the given text, gap and number.
    pub fn new(text: impl Into<String>, gap: usize, number: usize) -> Self {
        Line {
            text: text.into(),
            gap,
            number,
            doubled: false,
        }
    }

    /// Length of the text in characters (not bytes).
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

/// Splits raw text into non-blank lines with their gaps.
pub fn split_lines(raw: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut gap = 0;
    for (index, physical) in raw.lines().enumerate() {
        let text = tidy(physical);
        if text.is_empty() {
            gap += 1;
        } else {
            out.push(Line::new(text, gap, index + 1));
            gap = 0;
        }
    }
    out
}

/// Trims a line and collapses whitespace; invisible characters count as whitespace.
pub fn tidy(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line
        .split(|c: char| c.is_whitespace() || is_invisible(c))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether the text ends a sentence (or a clause that a line may end on: `:` `;`).
///
/// Closing quotes and brackets after the mark are looked through: `…Lào”.` ends a sentence.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| is_closing(c) || c.is_whitespace());
    matches!(
        trimmed.chars().last(),
        Some('.' | '!' | '?' | '…' | ':' | ';')
    )
}

/// Closing quotes and brackets (the one definition: sentence ends, titles and passage
/// splitting all look through the same characters).
pub fn is_closing(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

/// Whether the text starts with a lowercase letter (a continued sentence).
pub fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_blank_and_whitespace_only_lines_as_gaps() {
        let lines = split_lines("\n\nTiêu đề  \n \n\u{a0}\nĐoạn một.\nĐoạn hai.");
        assert_eq!(lines.len(), 3);
        assert_eq!((lines[0].text.as_str(), lines[0].gap), ("Tiêu đề", 2));
        assert_eq!((lines[1].text.as_str(), lines[1].gap), ("Đoạn một.", 2));
        assert_eq!((lines[2].number, lines[2].gap), (7, 0));
    }

    #[test]
    fn tidies_invisible_characters_and_inner_runs() {
        assert_eq!(tidy("\u{feff}Hà\u{200b}  Nội\t "), "Hà Nội");
    }

    #[test]
    fn sentence_ends_look_through_closing_quotes() {
        assert!(ends_sentence("Hội thảo “Việt Nam - Lào”.  "));
        assert!(ends_sentence("gồm:"));
        assert!(!ends_sentence("có trách"));
        assert!(!ends_sentence("hợp tác,"));
    }
}
