//! Site chrome: the text of a web page that is not the article (breadcrumbs, time stamps,
//! font-size and share widgets, caption labels, teasers of other articles, the lists of
//! related or most-read stories after the story, video lists, URL slugs, loading notices).
//!
//! Chrome is taken out of the lines that become passages, and kept aside with its kind so
//! that metadata can still use it (a header time stamp is the publication date). The raw text
//! is never altered: it stays in [`super::Article::raw`].

use super::date::is_bare_timestamp;
use super::lines::{ends_sentence, Line};

/// What kind of chrome a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chrome {
    /// Navigation path at the top (`Trang chủ Chính trị - Xã hội`, `Thế giới > Châu Á`).
    Breadcrumb,
    /// A line that is only a time stamp (`06:58 | 15/07/2022 GMT+7`).
    Timestamp,
    /// Widgets and notices: font size (`aa`, `A- A+`), share buttons, loading text, labels.
    Widget,
    /// Another article's headline (written twice on one line) and the lead glued to it.
    Teaser,
    /// A video link (`[Video] …`).
    Video,
    /// A URL slug or image name (`infographic dau hieu nhan biet lu quet`).
    Slug,
    /// Everything from a related / most-read heading (`Tin liên quan`, `Đọc nhiều`) on.
    Tail,
}

/// Lines split into article content and chrome.
#[derive(Debug, Clone, Default)]
pub struct Stripped {
    /// Article lines, in order.
    pub content: Vec<Line>,
    /// Chrome lines, in order, with their kind.
    pub chrome: Vec<(Line, Chrome)>,
}

/// Headings of the blocks of other articles that follow a story (compared lowercase, without
/// a trailing colon).
const TAIL_HEADINGS: &[&str] = &[
    "tin bài liên quan",
    "tin liên quan",
    "bài liên quan",
    "bài viết liên quan",
    "tin bài khác",
    "các tin bài khác",
    "tin khác",
    "các tin khác",
    "bài viết khác",
    "các bài viết khác",
    "tin cùng chuyên mục",
    "tin bài cùng chuyên mục",
    "cùng chuyên mục",
    "đọc nhiều",
    "đọc nhiều nhất",
    "tin đọc nhiều",
    "bài đọc nhiều",
    "xem nhiều",
    "xem nhiều nhất",
    "xem thêm",
    "có thể bạn quan tâm",
    "bạn có thể quan tâm",
    "tin mới",
    "tin mới nhất",
    "mới nhất",
    "tin nổi bật",
    "video",
    "video nổi bật",
    "video liên quan",
    "ý kiến bạn đọc",
    "bình luận",
];

/// Whole lines that are widgets or notices, never article text (compared lowercase, without
/// a trailing colon or ellipsis).
const WIDGET_LINES: &[&str] = &[
    "chú thích ảnh",
    "cỡ chữ",
    "chia sẻ",
    "in bài",
    "in bài viết",
    "gửi bài viết",
    "lưu bài",
    "lưu bài viết",
    "facebook",
    "twitter",
    "zalo",
    "email",
    "theo dõi",
    "quay lại",
    "trở lại",
    "về đầu trang",
    "lên đầu trang",
    "phiên bản di động",
    "xin chờ trong giây lát",
    "đang tải",
    "loading",
];

/// Separates article lines from chrome lines.
pub fn strip(lines: Vec<Line>) -> Stripped {
    let blank_separated = is_blank_separated(&lines);
    let vietnamese = lines.iter().any(|l| has_vietnamese_marks(&l.text));
    let mut out = Stripped::default();
    let mut in_tail = false;
    let mut after_teaser = false;
    for mut line in lines {
        let started = !out.content.is_empty();
        let kind = if in_tail {
            Some(Chrome::Tail)
        } else if started && is_tail_heading(&line.text) {
            in_tail = true;
            Some(Chrome::Tail)
        } else if started && line.doubled && is_headline_like(&line.text) {
            Some(Chrome::Teaser)
        } else if after_teaser && line.gap == 0 && blank_separated {
            // The lead printed right under a teaser headline belongs to the teaser.
            Some(Chrome::Teaser)
        } else {
            line_kind(&line.text, started, vietnamese)
        };
        after_teaser = kind == Some(Chrome::Teaser) && line.doubled;
        match kind {
            Some(kind) => out.chrome.push((line, kind)),
            None => {
                // Chrome between two lines never sits inside a sentence: keep the break.
                if out
                    .chrome
                    .last()
                    .is_some_and(|(c, _)| c.number > last_number(&out.content))
                {
                    line.gap = line.gap.max(1);
                }
                out.content.push(line);
            }
        }
    }
    out
}

/// The chrome kind of a single line judged on its own, if it is chrome.
fn line_kind(text: &str, started: bool, vietnamese: bool) -> Option<Chrome> {
    if is_bare_timestamp(text) {
        Some(Chrome::Timestamp)
    } else if is_widget(text) || is_inline_related(text) {
        Some(Chrome::Widget)
    } else if is_video_link(text) {
        Some(Chrome::Video)
    } else if vietnamese && is_slug(text) {
        Some(Chrome::Slug)
    } else if !started && is_breadcrumb(text) {
        Some(Chrome::Breadcrumb)
    } else {
        None
    }
}

fn last_number(content: &[Line]) -> usize {
    content.last().map_or(0, |l| l.number)
}

/// Whether `text`, lowercased and without a trailing colon, ellipsis or spaces, is one of
/// `list` (lowercase entries). Every line of every article is looked up: a line longer than
/// three times the longest entry (lowercasing shrinks no letter to less than a third of its
/// bytes) is not lowercased at all.
fn in_list(list: &[&str], text: &str) -> bool {
    let text = text.trim_end_matches([':', '.', '…', ' ']);
    let longest = list.iter().map(|entry| entry.len()).max().unwrap_or(0);
    text.len() <= 3 * longest && list.contains(&text.to_lowercase().as_str())
}

/// Whether the line is a related / most-read heading.
pub fn is_tail_heading(text: &str) -> bool {
    in_list(TAIL_HEADINGS, text)
}

/// Whether a text reads like a headline: short and not closed like a sentence. A doubled
/// line of story prose (sentences printed twice) is collapsed, never dropped as a teaser.
fn is_headline_like(text: &str) -> bool {
    const MAX_HEADLINE_CHARS: usize = 200;
    text.chars().count() <= MAX_HEADLINE_CHARS
        && !text.trim_end().ends_with(['.', '!', '?', ';', '…'])
}

/// `Xem thêm: <headline>`: a one-line link to another article inside the story.
fn is_inline_related(text: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(head, rest)| !rest.trim().is_empty() && is_tail_heading(head))
}

/// Font-size widgets (`aa`, `A A`, `A- A+`) and known notices.
fn is_widget(text: &str) -> bool {
    let font = text.chars().count() <= 10
        && text.chars().any(|c| c == 'a' || c == 'A')
        && text
            .chars()
            .all(|c| matches!(c, 'a' | 'A' | '+' | '-' | '−' | ' '));
    font || in_list(WIDGET_LINES, text)
}

/// `[Video] …` or `(Video) …` links.
fn is_video_link(text: &str) -> bool {
    // No letter outside ASCII lowercases to one of `video`: an ASCII comparison is the same.
    text.get(..7).is_some_and(|head| {
        head.eq_ignore_ascii_case("[video]") || head.eq_ignore_ascii_case("(video)")
    })
}

/// A line of lowercase ASCII words only, in a Vietnamese text: a URL slug or an image file
/// name that lost its dashes (`infographic dau hieu nhan biet lu quet`).
fn is_slug(text: &str) -> bool {
    text.split(' ').take(4).count() >= 4
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ' || c == '-')
}

/// A navigation path before the title, told from a headline by its shape: `Trang chủ …`, or
/// a run of short section names (at most five words each, without digits or colons) joined
/// by `>`, `»`, `›` or a spaced ` / `. Headlines with dates, prices, rates or scores
/// (`Giá vàng 29/5: SJC tăng mạnh`, `Tỷ giá USD/VND hôm nay`) use unspaced slashes between
/// numbers and codes, and are kept.
fn is_breadcrumb(text: &str) -> bool {
    if text.chars().count() > 100 || ends_sentence(text) {
        return false;
    }
    let lower = text.to_lowercase();
    if starts_with_word(&lower, "trang chủ") || starts_with_word(&lower, "home") {
        return true;
    }
    let segments: Vec<&str> = text
        .split(" / ")
        .flat_map(|part| part.split(['>', '»', '›']))
        .collect();
    segments.len() >= 2 && segments.iter().all(|s| is_section_name(s))
}

/// A section name of a breadcrumb: one to five words, no digits, no colon.
fn is_section_name(segment: &str) -> bool {
    let words = segment.split_whitespace().count();
    (1..=5).contains(&words) && !segment.chars().any(|c| c.is_ascii_digit() || c == ':')
}

/// Whether `text` starts with `word` followed by the end or a non-letter (`home` is not the
/// start of `homestay`).
fn starts_with_word(text: &str, word: &str) -> bool {
    text.strip_prefix(word)
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

/// Whether most lines of the text are separated by blank lines (web extraction) rather than
/// glued together: in such text, a line glued to a teaser headline is the teaser's lead.
fn is_blank_separated(lines: &[Line]) -> bool {
    let separated = lines.iter().skip(1).filter(|l| l.gap > 0).count();
    separated * 2 >= lines.len().saturating_sub(1) && separated > 0
}

/// Whether a text contains non-ASCII letters (Vietnamese marks, `đ`), so it is not a slug.
pub fn has_vietnamese_marks(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::dedup::collapse_doubled;
    use crate::ingest::lines::split_lines;

    fn run(text: &str) -> Stripped {
        let mut lines = split_lines(text);
        collapse_doubled(&mut lines);
        strip(lines)
    }

    fn content(s: &Stripped) -> Vec<&str> {
        s.content.iter().map(|l| l.text.as_str()).collect()
    }

    fn kinds(s: &Stripped) -> Vec<Chrome> {
        s.chrome.iter().map(|(_, k)| *k).collect()
    }

    #[test]
    fn header_chrome_goes_title_stays() {
        let s = run("Thời sự > Xã hội\nThứ Hai, 03/06/2024 07:15 (GMT+7)\n\nĐà Nẵng mở tuyến buýt mới\n\nA- A+\nSáng nay, thành phố đã khai trương tuyến buýt.");
        assert_eq!(
            content(&s),
            [
                "Đà Nẵng mở tuyến buýt mới",
                "Sáng nay, thành phố đã khai trương tuyến buýt."
            ]
        );
        assert_eq!(
            kinds(&s),
            [Chrome::Breadcrumb, Chrome::Timestamp, Chrome::Widget]
        );
    }

    #[test]
    fn everything_after_a_related_heading_is_tail() {
        let s = run("Tiêu đề bài\n\nĐoạn một của bài.\n\nĐọc nhiều:\n\nMột bài khác về giao thông\n\nMột đoạn dẫn của bài khác.");
        assert_eq!(content(&s), ["Tiêu đề bài", "Đoạn một của bài."]);
        assert_eq!(kinds(&s), [Chrome::Tail; 3]);
    }

    #[test]
    fn a_related_heading_word_inside_a_sentence_is_not_a_heading() {
        let s = run("Tiêu đề\n\nTin liên quan đến vụ việc đã được xác minh.");
        assert_eq!(s.content.len(), 2);
    }

    #[test]
    fn inline_teasers_and_their_glued_lead_are_dropped() {
        let s = run("Tiêu đề bài viết\n\nĐoạn đầu của bài viết.\nBài khác về kinh tế số Bài khác về kinh tế số\nĐoạn dẫn của bài khác.\n\nĐoạn hai của bài viết.");
        assert_eq!(
            content(&s),
            [
                "Tiêu đề bài viết",
                "Đoạn đầu của bài viết.",
                "Đoạn hai của bài viết."
            ]
        );
        assert_eq!(kinds(&s), [Chrome::Teaser, Chrome::Teaser]);
    }

    #[test]
    fn prose_written_twice_on_one_line_is_kept_once() {
        let sentence = "Hai bên thống nhất tăng cường hợp tác nghiên cứu khoa học.";
        let text = format!("Tiêu đề bài báo\n\nĐoạn mở đầu của bài.\n\n{sentence} {sentence}\n");
        let mut lines = split_lines(&text);
        collapse_doubled(&mut lines);
        let stripped = strip(lines);
        let kept: Vec<&str> = stripped.content.iter().map(|l| l.text.as_str()).collect();
        assert!(kept.contains(&sentence), "{kept:?}");
    }

    #[test]
    fn a_title_written_twice_is_the_title_not_a_teaser() {
        let s = run("Hội nghị về chuyển đổi số Hội nghị về chuyển đổi số\n\nNội dung.");
        assert_eq!(content(&s), ["Hội nghị về chuyển đổi số", "Nội dung."]);
    }

    #[test]
    fn labels_videos_slugs_and_notices_are_chrome() {
        let s = run("Tiêu đề có dấu\n\nChú thích ảnh\nẢnh chụp hội nghị.\n[Video] Lũ lụt ở miền Trung\ninfographic canh bao lua dao mua cao diem\nXin chờ trong giây lát...\nXem thêm: Bài khác\nPhiên bản di động");
        assert_eq!(content(&s), ["Tiêu đề có dấu", "Ảnh chụp hội nghị."]);
        assert_eq!(s.content[1].gap, 1);
    }

    #[test]
    fn ascii_lines_are_not_slugs_in_an_ascii_text() {
        let s = run("plain ascii title here\n\nsome lowercase words in a line");
        assert_eq!(s.content.len(), 2);
    }

    #[test]
    fn headlines_with_dates_prices_and_rates_are_not_breadcrumbs() {
        for title in [
            "Giá vàng 29/5: SJC tăng mạnh",
            "Tỷ giá USD/VND hôm nay",
            "Giá xăng giảm 500 đồng/lít từ 15h chiều nay",
            "Bảng giá xe máy tháng 2/2024 tại Việt Nam",
            "Homestay ở Đà Lạt hút khách dịp nghỉ lễ",
        ] {
            let s = run(&format!("{title}\n\nNội dung của bài báo về chủ đề này."));
            assert_eq!(content(&s)[0], title, "{title}");
            assert!(s.chrome.is_empty(), "{title}: {:?}", kinds(&s));
        }
    }

    #[test]
    fn breadcrumbs_are_runs_of_short_section_names() {
        for crumb in [
            "Thế giới > Châu Á",
            "Kinh doanh / Tài chính / Ngân hàng",
            "Thời sự » Chính trị",
            "Trang chủ Chính trị - Xã hội",
            "Home > Tin tức",
        ] {
            let s = run(&format!("{crumb}\n\nTiêu đề bài\n\nNội dung."));
            assert_eq!(kinds(&s), [Chrome::Breadcrumb], "{crumb}");
        }
    }
}
