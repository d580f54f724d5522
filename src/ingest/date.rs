//! Dates in Vietnamese press text: `15/07/2022`, `8.7.2022`, `2022-07-15`,
//! `ngày 8 tháng 7 năm 2022`, and bare time-stamp lines such as `06:58 | 15/07/2022 GMT+7`.
//!
//! Only FULL dates count: `29/5` (no year) says nothing about the publication year.

use time::{Date, Month};

/// The first full date stated in a text, if any.
pub fn find_full_date(text: &str) -> Option<Date> {
    let numeric = find_numeric_date(text);
    let spelled = find_spelled_date(text);
    match (numeric, spelled) {
        (Some((a, da)), Some((b, db))) => Some(if a <= b { da } else { db }),
        (Some((_, d)), None) | (None, Some((_, d))) => Some(d),
        (None, None) => None,
    }
}

/// Parses a date given as a field value: `YYYY-MM-DD`, an ISO timestamp, or `dd/mm/yyyy`.
pub fn parse_date_value(value: &str) -> Option<Date> {
    let value = value.trim();
    let head = value.get(..10).unwrap_or(value);
    match find_numeric_date(head) {
        Some((0, date)) => Some(date),
        _ => None,
    }
}

/// Parses a day given by a user (a search filter such as `--from` or `from=`): exactly
/// `YYYY-MM-DD`, and a day that exists. The error says which of the two is wrong.
pub fn parse_day(value: &str) -> crate::Result<Date> {
    let value = value.trim();
    let parts: Vec<&str> = value.split('-').collect();
    let shaped = matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len())
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())));
    let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    match (shaped, number(0), number(1), number(2)) {
        (true, Some(y), Some(m), Some(d)) => u8::try_from(m)
            .ok()
            .and_then(|m| Month::try_from(m).ok())
            .zip(u8::try_from(d).ok())
            .and_then(|(m, d)| Date::from_calendar_date(i32::try_from(y).ok()?, m, d).ok())
            .ok_or_else(|| {
                crate::Error::InvalidOption(format!("{value} is not a day of the calendar"))
            }),
        _ => Err(crate::Error::InvalidOption(format!(
            "{value:?} is not a date of the form YYYY-MM-DD"
        ))),
    }
}

/// A day as the start of that day (UTC), the form dates are indexed and filtered in.
pub fn day_start(day: Date) -> tantivy::DateTime {
    tantivy::DateTime::from_timestamp_secs(day.midnight().assume_utc().unix_timestamp())
}

/// Whether a whole line is only a time stamp (site chrome such as `06:58 | 15/07/2022 GMT+7`
/// or `Thứ Sáu, 15/07/2022 - 06:58`), as opposed to a sentence that mentions a date.
pub fn is_bare_timestamp(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "thứ", "hai", "ba", "tư", "năm", "sáu", "bảy", "chủ", "nhật", "cn", "ngày", "lúc", "cập",
        "đăng", "gmt", "utc", "am", "pm", "sa", "ch",
    ];
    if line.chars().count() > 60 {
        return false;
    }
    let mut stamps = 0;
    for token in line
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '(' | ')' | '–' | '—'))
        .filter(|t| !t.is_empty() && *t != "-")
    {
        let is_stamp = !token.is_empty()
            && token.chars().any(|c| c.is_ascii_digit())
            && token
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '/' | ':' | '.' | '-' | 'h'));
        let is_zone =
            token.starts_with("gmt") || token.starts_with("utc") || token.starts_with('+');
        if is_stamp {
            stamps += 1;
        } else if !is_zone && !WORDS.contains(&token) {
            return false;
        }
    }
    stamps > 0
}

/// Byte position and value of the first `d/m/yyyy` (also `-` or `.`) or `yyyy-mm-dd` date.
fn find_numeric_date(text: &str) -> Option<(usize, Date)> {
    let bytes = text.as_bytes();
    let runs = digit_runs(bytes);
    for window in runs.windows(3) {
        let [(s1, e1), (s2, e2), (s3, e3)] = [window[0], window[1], window[2]];
        // Exactly one separator between runs, the same one twice.
        if s2 != e1 + 1 || s3 != e2 + 1 || bytes[e1] != bytes[e2] {
            continue;
        }
        let sep = bytes[e1];
        if !matches!(sep, b'/' | b'-' | b'.') {
            continue;
        }
        // Not part of a longer numeric chain such as `1/2/3/2024` or a version `1.2.3.4`.
        let before_ok = s1 == 0
            || !(bytes[s1 - 1].is_ascii_digit()
                || (matches!(bytes[s1 - 1], b'/' | b'-' | b'.')
                    && s1 >= 2
                    && bytes[s1 - 2].is_ascii_digit()));
        let after_ok = e3 == bytes.len()
            || !(matches!(bytes[e3], b'/' | b'-' | b'.')
                && bytes.get(e3 + 1).is_some_and(u8::is_ascii_digit));
        if !before_ok || !after_ok {
            continue;
        }
        let num = |s: usize, e: usize| text[s..e].parse::<u32>().ok();
        let (l1, l2, l3) = (e1 - s1, e2 - s2, e3 - s3);
        let date = if l1 <= 2 && l2 <= 2 && l3 == 4 {
            ymd(num(s3, e3)?, num(s2, e2)?, num(s1, e1)?)
        } else if l1 == 4 && l2 <= 2 && l3 <= 2 && sep == b'-' {
            ymd(num(s1, e1)?, num(s2, e2)?, num(s3, e3)?)
        } else {
            None
        };
        if let Some(date) = date {
            return Some((s1, date));
        }
    }
    None
}

/// Byte position and value of the first `ngày D tháng M năm YYYY` (the `ngày` is optional).
fn find_spelled_date(text: &str) -> Option<(usize, Date)> {
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    for window in words.windows(5) {
        let [(start, day), (_, thang), (_, month), (_, nam), (_, year)] =
            [window[0], window[1], window[2], window[3], window[4]];
        let year = year.trim_end_matches(|c: char| !c.is_ascii_digit());
        if thang.to_lowercase() != "tháng" || nam.to_lowercase() != "năm" || year.len() != 4 {
            continue;
        }
        let parsed = (
            day.parse::<u32>(),
            month.parse::<u32>(),
            year.parse::<u32>(),
        );
        if let (Ok(d), Ok(m), Ok(y)) = parsed {
            if let Some(date) = ymd(y, m, d) {
                return Some((start, date));
            }
        }
    }
    None
}

/// Start and end byte offsets of each run of ASCII digits.
fn digit_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, b) in bytes.iter().enumerate() {
        match (start, b.is_ascii_digit()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, bytes.len()));
    }
    runs
}

/// A calendar date, if the numbers make one (years 1900–2199: press archives).
fn ymd(year: u32, month: u32, day: u32) -> Option<Date> {
    if !(1900..2200).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    #[test]
    fn finds_full_dates_in_running_text() {
        assert_eq!(
            find_full_date("Sáng 11/12/2023, tại trụ sở Bộ"),
            Some(date(2023, 12, 11))
        );
        assert_eq!(
            find_full_date("Ngày 8/7/2022, Bộ trưởng"),
            Some(date(2022, 7, 8))
        );
        assert_eq!(find_full_date("ngày 21.6.2024"), Some(date(2024, 6, 21)));
        assert_eq!(
            find_full_date("Hà Nội, ngày 2 tháng 9 năm 1945."),
            Some(date(1945, 9, 2))
        );
        assert_eq!(
            find_full_date("lúc 2024-03-05T10:00"),
            Some(date(2024, 3, 5))
        );
    }

    #[test]
    fn dates_without_a_year_or_impossible_dates_are_not_dates() {
        assert_eq!(
            find_full_date("Trong các ngày 28 và 29/5, chiều 29/5"),
            None
        );
        assert_eq!(find_full_date("từ 7-14/7 và 31/2/2023"), None);
        assert_eq!(find_full_date("Chỉ thị số 15-CT/TW"), None);
        assert_eq!(find_full_date("phiên bản 1.2.3.2024"), None);
    }

    #[test]
    fn the_earliest_date_in_the_text_wins() {
        assert_eq!(
            find_full_date("ngày 2 tháng 9 năm 1945 và 19/8/1945"),
            Some(date(1945, 9, 2))
        );
    }

    #[test]
    fn parses_field_values() {
        assert_eq!(parse_date_value("2022-07-15"), Some(date(2022, 7, 15)));
        assert_eq!(
            parse_date_value("2022-07-15T06:58:00+07:00"),
            Some(date(2022, 7, 15))
        );
        assert_eq!(parse_date_value("15/07/2022"), Some(date(2022, 7, 15)));
        assert_eq!(parse_date_value("hôm qua"), None);
        assert_eq!(parse_date_value("x 15/07/2022"), None);
    }

    #[test]
    fn recognises_bare_time_stamp_lines_only() {
        assert!(is_bare_timestamp("06:58 | 15/07/2022 GMT+7"));
        assert!(is_bare_timestamp("Thứ Sáu, 15/07/2022 - 06:58 (GMT+7)"));
        assert!(is_bare_timestamp("Cập nhật lúc 10h30 ngày 3/9/2024"));
        assert!(!is_bare_timestamp("Ngày 6/7/2022, tại London"));
        assert!(!is_bare_timestamp("Thứ hai"));
    }

    #[test]
    fn user_days_parse_strictly_and_say_what_is_wrong() {
        assert_eq!(
            parse_day("2024-06-21")
                .map(|d| d.to_string())
                .ok()
                .as_deref(),
            Some("2024-06-21")
        );
        let impossible = parse_day("2024-02-30").map_err(|e| e.to_string());
        assert_eq!(
            impossible,
            Err("2024-02-30 is not a day of the calendar".to_string())
        );
        for bad in [
            "21/6/2024",
            "",
            "2024-6",
            "20240621",
            "2024-06-21x",
            "-2024-06-21",
        ] {
            let message = parse_day(bad).map_err(|e| e.to_string());
            assert!(
                message
                    .as_ref()
                    .is_err_and(|m| m.contains("not a date of the form YYYY-MM-DD")),
                "{bad:?}: {message:?}"
            );
        }
    }
}
