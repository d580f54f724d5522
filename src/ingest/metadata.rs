//! Article metadata found in the text: title, publication date, source and URL.
//!
//! Title, source and URL lines are taken out of the paragraphs (they are not prose; the index
//! has fields for them). The date is read, not taken: a time-stamp line is already chrome, and
//! a date in the lead is part of a sentence.

use time::Date;

use super::chrome::Chrome;
use super::date::find_full_date;
use super::dedup::same_text;
use super::lines::{is_closing, Line};
use super::passages::sentences;

/// Longest title accepted as a title line (characters).
const MAX_TITLE_CHARS: usize = 200;
/// Length a fallback title is cut to (characters).
const FALLBACK_TITLE_CHARS: usize = 100;
/// How many paragraphs at the end of the text are searched for source and URL lines.
const SOURCE_ZONE: usize = 3;
/// Longest source or URL line, in words: a source name and a URL take a dozen at most
/// (`Nguồn: Cổng thông tin điện tử Bộ Khoa học và Công nghệ`); a longer line that starts
/// with `Nguồn ảnh:` or `Theo` is a caption credit glued to prose (crawled pages join them),
/// and taking it away would lose the prose.
const MAX_ATTRIBUTION_WORDS: usize = 20;

/// Source and URL stated by the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// The publication the text comes from (`Nhân Dân`, `Báo Tin Tức/TTXVN`).
    pub source: Option<String>,
    /// The address of the original.
    pub url: Option<String>,
}

/// Takes the title line off the front of the paragraphs, if the first one is a title: short,
/// not ending a sentence with a period, and followed by more text. A first paragraph that
/// repeats the title is dropped too.
pub fn take_title(paragraphs: &mut Vec<Line>) -> Option<String> {
    let first = paragraphs.first()?;
    if paragraphs.len() < 2 || !looks_like_title(&first.text) {
        return None;
    }
    let title = paragraphs.remove(0).text;
    if paragraphs
        .first()
        .is_some_and(|p| same_text(&p.text, &title))
    {
        paragraphs.remove(0);
    }
    Some(title)
}

fn looks_like_title(text: &str) -> bool {
    let end = text.trim_end_matches(is_closing).chars().last();
    text.chars().count() <= MAX_TITLE_CHARS
        && text.split(' ').count() >= 2
        && !matches!(end, Some('.' | ':' | ';' | ',' | '…'))
        && parse_attribution(text).is_none()
}

/// A title for an article without a title line: its first sentence, cut at a word boundary
/// to about [`FALLBACK_TITLE_CHARS`] characters, without opening quotes.
pub fn fallback_title(paragraphs: &[Line]) -> Option<String> {
    let first = paragraphs.first()?;
    let sentence = sentences(&first.text).into_iter().next()?;
    let sentence = sentence.trim_start_matches(['“', '"', '‘', '\'', '(', '-', '–', ' ']);
    if !sentence.chars().any(char::is_alphanumeric) {
        return None;
    }
    if sentence.chars().count() <= FALLBACK_TITLE_CHARS {
        return Some(sentence.to_string());
    }
    let mut title = String::new();
    for word in sentence.split(' ') {
        if title.chars().count() + word.chars().count() + 1 > FALLBACK_TITLE_CHARS {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    let title = title.trim_end_matches([',', ';', ':', ' ']);
    Some(format!("{title}…"))
}

/// Takes source and URL lines (`Nguồn: …`, `Theo …`, a bare URL) off the end of the text.
pub fn take_attribution(paragraphs: &mut Vec<Line>) -> Attribution {
    let mut found = Attribution::default();
    let zone = paragraphs.len().saturating_sub(SOURCE_ZONE);
    let mut index = paragraphs.len();
    while index > zone {
        index -= 1;
        if let Some(line) = parse_attribution(&paragraphs[index].text) {
            paragraphs.remove(index);
            // Scanning backwards: the line nearest the story wins for each field.
            found.source = line.source.or(found.source);
            found.url = line.url.or(found.url);
        }
    }
    found
}

/// Reads a source or URL line: `Nguồn: X`, `Nguồn X: https://…`, `Theo X`, `(Theo X)`,
/// `Link bài gốc: https://…`, or a bare URL. `Nguồn:` alone is a source line with no source.
pub fn parse_attribution(text: &str) -> Option<Attribution> {
    let text = text.trim();
    let text = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text);
    // Counted only as far as the limit: a paragraph can run to thousands of words.
    let words = text.split(' ').take(MAX_ATTRIBUTION_WORDS + 1).count();
    if words > MAX_ATTRIBUTION_WORDS {
        return None;
    }
    let rest = if let Some(rest) = strip_word(text, "nguồn") {
        let rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(':') {
            after
        } else if let Some((name, after)) = rest.split_once(':') {
            // `Nguồn Nhân Dân: https://…` names the source before the colon;
            // `Nguồn tin: X` / `Nguồn bài: X` names it after.
            let name_is_source = name.chars().next().is_some_and(char::is_uppercase);
            if name.split(' ').count() > 6 {
                return None;
            }
            return Some(with_url(if name_is_source { name } else { after }, after));
        } else if words <= 8 && rest.chars().next().is_some_and(char::is_uppercase) {
            rest
        } else {
            return None;
        }
    } else if let Some(rest) = strip_word(text, "theo") {
        let rest = rest.trim_start();
        let proper = rest.chars().next().is_some_and(char::is_uppercase);
        if !proper || words > 10 || rest.contains(',') {
            return None;
        }
        rest
    } else if let Some((label, after)) = text.split_once(':') {
        let label = label.to_lowercase();
        if !matches!(label.trim(), "link bài gốc" | "bài gốc" | "link" | "url") {
            return bare_url(text);
        }
        return Some(with_url("", after));
    } else {
        return bare_url(text);
    };
    Some(with_url(rest, rest))
}

/// `text` without its first word, if the first word is `word` (lowercase, case-insensitive).
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    let boundary = rest
        .chars()
        .next()
        .is_none_or(|c| c == ':' || c.is_whitespace());
    (head.to_lowercase() == word && boundary).then_some(rest)
}

/// An attribution whose source is `name` without any URL in it, and whose URL is the first
/// one in `text`.
fn with_url(name: &str, text: &str) -> Attribution {
    let url = find_url(text);
    let name = match find_url(name) {
        Some(u) => name.replace(&u, ""),
        None => name.to_string(),
    };
    let name =
        name.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '.' | ','));
    Attribution {
        source: (!name.is_empty()).then(|| name.to_string()),
        url,
    }
}

/// The first `http://` or `https://` address in a text.
fn find_url(text: &str) -> Option<String> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let url = text[start..]
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '<' | '>'))
        .next()?
        .trim_end_matches(['.', ',', ')', ';']);
    Some(url.to_string())
}

/// A line that is only a URL.
fn bare_url(text: &str) -> Option<Attribution> {
    let url = find_url(text)?;
    (url.len() + 2 >= text.len()).then_some(Attribution {
        source: None,
        url: Some(url),
    })
}

/// Paragraphs at each end of the text where a dateline may stand.
const DATELINE_ZONE: usize = 2;
/// Longest dateline, in words: a place and a date (`Hà Nội, ngày 2 tháng 9 năm 2025`).
const MAX_DATELINE_WORDS: usize = 10;

/// The publication date: the first time-stamp line (a line that is only a date and time),
/// else a dateline (a short paragraph that is a place and a full date, not a sentence) among
/// the first or last [`DATELINE_ZONE`] paragraphs; else none. A date inside the lead is not
/// taken: in a real archive it is usually a date in the story (a decree, a meeting, an
/// accident), not the day of publication, and a wrong date is worse than none (`--from`,
/// `--to` and `--sort date` trust it).
pub fn publication_date(chrome: &[(Line, Chrome)], paragraphs: &[Line]) -> Option<Date> {
    let stamp = chrome
        .iter()
        .filter(|(_, kind)| *kind == Chrome::Timestamp)
        .find_map(|(line, _)| find_full_date(&line.text));
    let tail = paragraphs.len().saturating_sub(DATELINE_ZONE);
    let ends = paragraphs
        .iter()
        .take(DATELINE_ZONE)
        .chain(paragraphs.iter().skip(tail.max(DATELINE_ZONE)));
    stamp.or_else(|| {
        ends.filter(|p| is_dateline(&p.text))
            .find_map(|p| find_full_date(&p.text))
    })
}

/// Whether `text` is a dateline: short and not a sentence (a sentence ends with a period).
fn is_dateline(text: &str) -> bool {
    let text = text.trim();
    text.split(' ').take(MAX_DATELINE_WORDS + 1).count() <= MAX_DATELINE_WORDS
        && !text.ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::lines::split_lines;

    fn attribution(text: &str) -> (Option<String>, Option<String>) {
        let a = parse_attribution(text).unwrap_or_default();
        (a.source, a.url)
    }

    #[test]
    fn reads_source_lines() {
        assert_eq!(
            attribution("Nguồn Nhân Dân: https://nhandan.vn/bai-viet-post1.html"),
            (
                Some("Nhân Dân".into()),
                Some("https://nhandan.vn/bai-viet-post1.html".into())
            )
        );
        assert_eq!(
            attribution("Nguồn: Bộ Khoa học và Công nghệ (MOST)."),
            (Some("Bộ Khoa học và Công nghệ (MOST)".into()), None)
        );
        assert_eq!(
            attribution("Theo Báo Tin Tức/TTXVN"),
            (Some("Báo Tin Tức/TTXVN".into()), None)
        );
        assert_eq!(
            attribution("(Theo VnExpress)"),
            (Some("VnExpress".into()), None)
        );
        assert_eq!(
            attribution("Nguồn tin: Báo Lao Động"),
            (Some("Báo Lao Động".into()), None)
        );
        assert_eq!(
            attribution("https://vnexpress.net/a-b-123.html"),
            (None, Some("https://vnexpress.net/a-b-123.html".into()))
        );
        assert_eq!(parse_attribution("Nguồn:"), Some(Attribution::default()));
    }

    #[test]
    fn sentences_that_start_like_source_lines_are_not_source_lines() {
        assert_eq!(
            parse_attribution("Theo đó, hai bên thống nhất phương hướng hợp tác."),
            None
        );
        assert_eq!(
            parse_attribution("Theo Bộ trưởng Huỳnh Thành Đạt, Chiến lược phát triển đã xác định rõ vai trò then chốt."),
            None
        );
        assert_eq!(
            parse_attribution("Nguồn lực đầu tư cho khoa học tăng mạnh trong năm nay."),
            None
        );
        assert_eq!(
            parse_attribution("Xem chi tiết tại https://a.vn và các trang khác."),
            None
        );
    }

    #[test]
    fn a_credit_glued_to_prose_is_prose() {
        let prose = "Nguồn ảnh: Reuters Ông cho biết các con mình chưa bao giờ được đưa tới \
                     những nhà hàng sang trọng, kể cả những nhà hàng do chính ông sở hữu.";
        assert_eq!(parse_attribution(prose), None);
        let mut p = split_lines(&format!("Tiêu đề\n\n{prose}\n\n{prose}"));
        assert_eq!(take_attribution(&mut p), Attribution::default());
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn takes_attribution_lines_off_the_end_only() {
        let mut p = split_lines(
            "Tiêu đề\n\nNguồn: Báo A\n\nĐoạn một.\n\nĐoạn hai.\n\nĐoạn ba.\n\nTheo Báo B\n\nNguồn:",
        );
        let found = take_attribution(&mut p);
        assert_eq!(found.source.as_deref(), Some("Báo B"));
        assert_eq!(p.len(), 5);
    }

    #[test]
    fn title_is_a_short_first_line_and_its_repeat_goes() {
        let mut p = split_lines(
            "Hà Nội mở rộng không gian đi bộ\n\nHà Nội mở rộng không gian đi bộ\n\nNội dung bài.",
        );
        assert_eq!(
            take_title(&mut p).as_deref(),
            Some("Hà Nội mở rộng không gian đi bộ")
        );
        assert_eq!(p.len(), 1);
        let mut p = split_lines("Sáng nay trời mưa.\n\nNội dung bài.");
        assert_eq!(take_title(&mut p), None);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn fallback_title_is_the_first_sentence_cut_short() {
        let p = split_lines("“Hợp tác quốc tế về khoa học, công nghệ và đổi mới sáng tạo cần hướng đến mục tiêu thu hút vốn nước ngoài, công nghệ cao và nguồn chất xám”.Thông tin được chia sẻ.");
        let title = fallback_title(&p).unwrap_or_default();
        assert!(title.starts_with("Hợp tác quốc tế về khoa học"), "{title}");
        assert!(title.ends_with('…'));
        assert!(title.chars().count() <= FALLBACK_TITLE_CHARS + 1);
        assert_eq!(fallback_title(&split_lines("“ -")), None);
        let p = split_lines("Mưa lớn ở Hà Nội. Nhiều tuyến phố ngập.");
        assert_eq!(fallback_title(&p).as_deref(), Some("Mưa lớn ở Hà Nội."));
    }

    #[test]
    fn date_comes_from_a_time_stamp_never_from_the_story() {
        let stamp = (
            Line::new("06:58 | 15/07/2022 GMT+7", 0, 1),
            Chrome::Timestamp,
        );
        let lead = split_lines("Ngày 8/7/2022, tại Paris.\n\nĐoạn hai.");
        let header = publication_date(&[stamp], &lead).map(|d| d.to_string());
        assert_eq!(header.as_deref(), Some("2022-07-15"));
        // A lead that opens on a date in the story gives no publication date...
        assert_eq!(publication_date(&[], &lead), None);
        // ...a dateline at either end does.
        let signed = split_lines("Đoạn một.\n\nĐoạn hai.\n\nĐoạn ba.\n\nTP.HCM, 12/3/2021");
        let footer = publication_date(&[], &signed).map(|d| d.to_string());
        assert_eq!(footer.as_deref(), Some("2021-03-12"));
    }
}
