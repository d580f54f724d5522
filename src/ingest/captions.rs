//! Photo captions, credits and bylines that stand as paragraphs of their own.
//!
//! Crawled pages keep an article's photos as text: a caption ending on its credit
//! (`Tỷ phú Warren Buffett (Ảnh: Flickr).`, `Giá cổ phiếu giảm sâu (ảnh minh họa).`) or a
//! bare credit (`Ảnh: TTXVN`). Such a paragraph is not the headline (in the shared archive a
//! caption opened and became the title of about one article in ten of the daily), and not a
//! passage of the story: it is dropped from the text (the raw input keeps it, for `show
//! --raw`).

use super::lines::Line;

/// Longest caption, in words: a photo caption is a sentence or two, never a paragraph of the
/// story (a story paragraph that ends on a credit is kept).
const MAX_CAPTION_WORDS: usize = 40;
/// Longest bare credit (`Ảnh: Nguyễn Văn A/TTXVN`), in words.
const MAX_CREDIT_WORDS: usize = 8;
/// What a credit in parentheses starts with (lowercase).
const CREDIT_WORDS: [&str; 6] = ["ảnh", "nguồn ảnh", "photo", "đồ họa", "đồ hoạ", "video"];

/// Longest byline, in words (`Nguyễn Thị Minh Phương`).
const MAX_BYLINE_WORDS: usize = 5;

/// Drops the last paragraph while it is a byline: a person's name alone (`Phương Nga`), as
/// crawled pages print it under the story (call it once the source and URL lines are gone).
/// At most two are dropped (two authors), never the only paragraph.
pub fn drop_bylines(paragraphs: &mut Vec<Line>) {
    for _ in 0..2 {
        match paragraphs.last() {
            Some(last) if paragraphs.len() > 1 && is_byline(&last.text) => {
                paragraphs.pop();
            }
            _ => break,
        }
    }
}

/// Whether `text` is a name alone: 2 to [`MAX_BYLINE_WORDS`] words, each a capitalized word
/// of letters (an initial with a period allowed: `V. Hà`), nothing else.
pub fn is_byline(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=MAX_BYLINE_WORDS).contains(&words.len())
        && words.iter().all(|w| {
            let w = w.strip_suffix('.').unwrap_or(w);
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(char::is_alphabetic)
                && w.chars().skip(1).all(char::is_lowercase)
        })
}

/// Drops caption and credit paragraphs, unless they are most of the text: a photo story
/// (every paragraph under its photo, each ending on a credit) is told in its captions.
pub fn drop_captions(paragraphs: &mut Vec<Line>) {
    let captions: Vec<bool> = paragraphs.iter().map(|p| is_caption(&p.text)).collect();
    if captions.iter().filter(|&&c| c).count() * 2 > paragraphs.len() {
        return;
    }
    let mut caption = captions.into_iter();
    paragraphs.retain(|_| !caption.next().unwrap_or(false));
}

/// Whether `text` is a photo caption ending on its credit, or a bare credit.
pub fn is_caption(text: &str) -> bool {
    let text = text.trim().trim_end_matches(['.', ' ']);
    // Counted only as far as the longest caption: paragraphs run to thousands of words.
    let longest = MAX_CREDIT_WORDS.max(MAX_CAPTION_WORDS);
    let words = text.split(' ').take(longest + 1).count();
    if words > longest {
        return false;
    }
    let lower = text.to_lowercase();
    let credit = |s: &str| CREDIT_WORDS.iter().any(|w| s.starts_with(w));
    if words <= MAX_CREDIT_WORDS && lower.starts_with("ảnh:") {
        return true;
    }
    if words > MAX_CAPTION_WORDS || !lower.ends_with(')') {
        return false;
    }
    lower
        .rfind('(')
        .is_some_and(|open| credit(lower[open + 1..].trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::lines::split_lines;

    #[test]
    fn captions_end_on_a_credit_in_parentheses() {
        assert!(is_caption("Tỷ phú Warren Buffett (Ảnh: Flickr)."));
        assert!(is_caption(
            "Nhà đầu tư theo dõi bảng điện tại một công ty chứng khoán (ảnh minh họa)."
        ));
        assert!(is_caption("Cầu mới bắc qua sông (Ảnh: Xinhua)"));
        assert!(is_caption("Ảnh: TTXVN"));
        // Prose that mentions a photo, or ends on another parenthesis, is not a caption.
        assert!(!is_caption(
            "Ảnh chụp vệ tinh cho thấy cơn bão đang mạnh lên."
        ));
        assert!(!is_caption(
            "Doanh thu quý I đạt 120 tỷ đồng (tăng 8% so với cùng kỳ)."
        ));
        let long = format!("{} (Ảnh: AP).", "Đoạn văn dài của bài viết ".repeat(9));
        assert!(!is_caption(&long));
    }

    #[test]
    fn a_name_alone_at_the_end_is_a_byline() {
        assert!(is_byline("Phương Nga"));
        assert!(is_byline("V. Hà"));
        assert!(!is_byline("Hà Nội"[..0].trim()));
        // A sentence, a heading in capitals, a name with a number are not.
        assert!(!is_byline("Mức giảm từ 300 đồng."));
        assert!(!is_byline("TIN LIÊN QUAN"));
        assert!(!is_byline("Ông Nguyễn Văn An"[..0].trim()));
        let mut p = split_lines("Giá xăng giảm.\n\nMức giảm 300 đồng.\n\nPhương Nga");
        drop_bylines(&mut p);
        assert_eq!(p.len(), 2);
        let mut only = split_lines("Phương Nga");
        drop_bylines(&mut only);
        assert_eq!(only.len(), 1);
    }

    #[test]
    fn caption_paragraphs_leave_the_text_unless_they_tell_the_story() {
        let mut p = split_lines(
            "Tàu hàng mắc cạn gần cảng (Ảnh: Reuters).\n\nSáng nay, một tàu hàng mắc cạn.\n\nẢnh: TTXVN\n\nLực lượng cứu hộ đã có mặt.",
        );
        drop_captions(&mut p);
        let texts: Vec<&str> = p.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Sáng nay, một tàu hàng mắc cạn.",
                "Lực lượng cứu hộ đã có mặt."
            ]
        );
        // A photo story: most paragraphs are captions, and they are its text.
        let mut story = split_lines(
            "Khói bốc lên từ tòa nhà (Ảnh: Reuters).\n\nLính cứu hỏa dập lửa suốt đêm (Ảnh: AP).\n\nNgười dân được sơ tán.",
        );
        drop_captions(&mut story);
        assert_eq!(story.len(), 3);
    }
}
