//! JSON lines input: one article per line, keys `id`, `title`, `body` or `text`, optional
//! `date`, `source`, `url`; unknown keys are ignored. The body goes through the same cleaning
//! as a `.txt` article; fields given in the JSON win over what the text states.
//!
//! Values are read from the raw JSON text ([`RawValue`]), so an integer `id` keeps exactly
//! the digits it was written with (never through `f64`, which would round ids past 2^53).
//! Every value the line cannot use is a warning naming the file and line.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::value::RawValue;

use super::clean::clean_text;
use super::date::parse_date_value;
use super::fnv::Fnv1a;
use super::warning::{Warning, WarningKind, MAX_ID_BYTES};
use super::Article;

/// Reads one JSON line (`line_no` from 1) into an article, with warnings about what it had
/// to ignore; `None` when the line is skipped (its warning says why).
pub fn parse_line(line: &str, path: &Path, line_no: usize) -> (Option<Article>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut warn = |kind| warnings.push(Warning::at_line(kind, path, line_no));
    let object: HashMap<String, &RawValue> = match serde_json::from_str(line) {
        Ok(object) => object,
        Err(_) => {
            // Valid JSON of another type is "not an object"; anything else is malformed.
            match serde_json::from_str::<&RawValue>(line) {
                Ok(_) => warn(WarningKind::NotAnObject),
                Err(error) => warn(WarningKind::MalformedJson {
                    source: Arc::new(error),
                }),
            }
            return (None, warnings);
        }
    };
    let id = match read_id(object.get("id").copied()) {
        Ok(id) => id,
        Err(kind) => {
            warn(kind);
            return (None, warnings);
        }
    };
    let mut field = |key: &'static str| string_field(&object, key, &mut warn);
    let body = field("body").or_else(|| field("text"));
    let title = field("title").filter(|t| !t.trim().is_empty());
    let date_value = field("date");
    let source = field("source");
    let url = field("url");
    let Some(body) = body else {
        warn(WarningKind::NoBody);
        return (None, warnings);
    };
    let id = id.unwrap_or_else(|| {
        format!(
            "{:016x}",
            fnv1a64(url.as_deref().unwrap_or(&body).as_bytes())
        )
    });
    let cleaned = clean_text(&body, title.as_deref());
    if cleaned.passages.is_empty() {
        warn(WarningKind::CleanedToNothing);
        return (None, warnings);
    }
    let date = match date_value {
        Some(raw) => parse_date_value(&raw).or_else(|| {
            warn(WarningKind::BadDate { value: raw });
            cleaned.date
        }),
        None => cleaned.date,
    };
    let title = title
        .map(|t| t.trim().to_string())
        .or(cleaned.title)
        .or(cleaned.fallback_title)
        .unwrap_or_else(|| id.clone());
    let article = Article {
        id,
        title,
        date,
        source: source.or(cleaned.source),
        url: url.or(cleaned.url),
        passages: cleaned.passages,
        raw: line.to_string(),
        origin: format!("{}:{line_no}", path.display()),
    };
    (Some(article), warnings)
}

/// The article id of a JSON `id` value: a non-empty string (trimmed) or an integer written
/// as it is; `None` when there is no id (absent or `null`: the caller derives one).
fn read_id(value: Option<&RawValue>) -> Result<Option<String>, WarningKind> {
    let Some(value) = value else {
        return Ok(None);
    };
    let text = value.get().trim();
    let id = match text.as_bytes().first() {
        Some(b'n') => return Ok(None),
        Some(b'"') => {
            let string: String = serde_json::from_str(text).map_err(|_| WarningKind::BadId {
                found: "unreadable",
            })?;
            let trimmed = string.trim();
            if trimmed.is_empty() {
                let found = if string.is_empty() {
                    "an empty string"
                } else {
                    "a blank string"
                };
                return Err(WarningKind::BadId { found });
            }
            trimmed.to_string()
        }
        Some(b'-' | b'0'..=b'9') => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(WarningKind::BadId {
                    found: "a number that is not an integer",
                });
            }
            text.to_string()
        }
        _ => {
            return Err(WarningKind::BadId {
                found: json_type(text),
            })
        }
    };
    if id.len() > MAX_ID_BYTES {
        return Err(WarningKind::IdTooLong { bytes: id.len() });
    }
    Ok(Some(id))
}

/// A string field of the object; `null` counts as absent, another type is a warning.
fn string_field(
    object: &HashMap<String, &RawValue>,
    key: &'static str,
    warn: &mut impl FnMut(WarningKind),
) -> Option<String> {
    let text = object.get(key)?.get().trim();
    if text == "null" {
        return None;
    }
    match serde_json::from_str::<String>(text) {
        Ok(value) => Some(value),
        Err(_) => {
            warn(WarningKind::BadField {
                field: key,
                found: json_type(text),
            });
            None
        }
    }
}

/// What a JSON value is, for messages, from its first character.
fn json_type(text: &str) -> &'static str {
    match text.as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// FNV-1a, 64 bits: a stable id for articles that come without one.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash = Fnv1a::new();
    hash.write(bytes);
    hash.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> (Option<Article>, Vec<WarningKind>) {
        let (article, warnings) = parse_line(line, Path::new("f.jsonl"), 3);
        assert!(warnings
            .iter()
            .all(|w| w.line == Some(3) && w.path == Path::new("f.jsonl")));
        (article, warnings.into_iter().map(|w| w.kind).collect())
    }

    #[test]
    fn fnv1a64_matches_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn reads_fields_and_cleans_the_body() {
        let line = r#"{"id":"a1","title":"Mưa lớn ở Hà Nội","body":"Mưa lớn ở Hà Nội\n\nSáng nay mưa lớn kéo dài, nhiều\n\ntuyến phố ngập.\n\nĐọc nhiều\n\nBài khác","date":"2024-09-08","source":"VnExpress","extra":1}"#;
        let (article, warnings) = parse(line);
        assert!(warnings.is_empty());
        let article = article.expect("parses");
        assert_eq!(article.id, "a1");
        assert_eq!(article.title, "Mưa lớn ở Hà Nội");
        assert_eq!(
            article.date.map(|d| d.to_string()).as_deref(),
            Some("2024-09-08")
        );
        assert_eq!(article.source.as_deref(), Some("VnExpress"));
        assert_eq!(
            article.passages,
            ["Sáng nay mưa lớn kéo dài, nhiều tuyến phố ngập."]
        );
        assert_eq!(article.raw, line);
        assert_eq!(article.origin, "f.jsonl:3");
    }

    #[test]
    fn missing_or_null_id_is_a_stable_hash_of_the_url_else_the_body() {
        let with_url = r#"{"text":"Nội dung.","url":"https://a.vn/x"}"#;
        let a = parse(with_url).0.expect("parses");
        assert_eq!(a.id, format!("{:016x}", fnv1a64(b"https://a.vn/x")));
        let without = r#"{"id":null,"text":"Nội dung."}"#;
        let b = parse(without).0.expect("parses");
        assert_eq!(b.id, format!("{:016x}", fnv1a64("Nội dung.".as_bytes())));
        assert_eq!(b.title, "Nội dung.");
    }

    #[test]
    fn ids_that_are_not_strings_or_integers_skip_the_line() {
        for (id, expected) in [
            ("true", "a boolean"),
            ("[1]", "an array"),
            ("{\"a\":1}", "an object"),
            ("\"\"", "an empty string"),
            ("\"  \"", "a blank string"),
            ("1.5", "a number that is not an integer"),
            ("1e3", "a number that is not an integer"),
        ] {
            let line = format!(r#"{{"id":{id},"body":"Nội dung bài báo."}}"#);
            let (article, warnings) = parse(&line);
            assert!(article.is_none(), "{id}");
            assert!(
                matches!(warnings.as_slice(), [WarningKind::BadId { found }] if *found == expected),
                "{id}: {warnings:?}"
            );
        }
    }

    #[test]
    fn big_integer_ids_keep_every_digit() {
        let line = r#"{"id": 123456789012345678901234567890, "body":"Nội dung."}"#;
        assert_eq!(
            parse(line).0.map(|a| a.id).as_deref(),
            Some("123456789012345678901234567890")
        );
        let line = r#"{"id":-9007199254740993,"body":"Nội dung."}"#;
        assert_eq!(
            parse(line).0.map(|a| a.id).as_deref(),
            Some("-9007199254740993")
        );
    }

    #[test]
    fn overlong_ids_are_refused() {
        let line = format!(r#"{{"id":"{}","body":"Nội dung."}}"#, "x".repeat(70_000));
        let (article, warnings) = parse(&line);
        assert!(article.is_none());
        assert!(matches!(
            warnings.as_slice(),
            [WarningKind::IdTooLong { bytes: 70_000 }]
        ));
        let line = format!(
            r#"{{"id":"{}","body":"Nội dung."}}"#,
            "x".repeat(MAX_ID_BYTES)
        );
        assert!(parse(&line).0.is_some());
    }

    #[test]
    fn non_string_fields_are_warned_about_and_ignored() {
        let line = r#"{"id":"a","title":["x"],"date":20240102,"source":{"n":1},"url":true,"body":"Tiêu đề trong bài\n\nNội dung của bài."}"#;
        let (article, warnings) = parse(line);
        let article = article.expect("kept");
        assert_eq!(article.title, "Tiêu đề trong bài");
        assert_eq!(
            (article.date, article.source, article.url),
            (None, None, None)
        );
        let fields: Vec<&str> = warnings
            .iter()
            .filter_map(|w| match w {
                WarningKind::BadField { field, .. } => Some(*field),
                _ => None,
            })
            .collect();
        assert_eq!(fields, ["title", "date", "source", "url"]);
    }

    #[test]
    fn bad_lines_become_typed_warnings() {
        assert!(matches!(
            parse("{broken").1.as_slice(),
            [WarningKind::MalformedJson { .. }]
        ));
        assert!(matches!(
            parse("[1,2]").1.as_slice(),
            [WarningKind::NotAnObject]
        ));
        assert!(matches!(
            parse(r#"{"id":"x"}"#).1.as_slice(),
            [WarningKind::NoBody]
        ));
        assert!(matches!(
            parse(r#"{"id":"x","body":7}"#).1.as_slice(),
            [
                WarningKind::BadField { field: "body", .. },
                WarningKind::NoBody
            ]
        ));
        let (article, warnings) = parse(r#"{"id":2,"text":"Hai.","date":"hôm qua"}"#);
        assert_eq!(article.map(|a| a.id).as_deref(), Some("2"));
        assert!(matches!(warnings.as_slice(), [WarningKind::BadDate { .. }]));
    }

    #[test]
    fn a_one_line_headline_body_with_numbers_is_kept() {
        for body in ["Giá vàng 29/5: SJC tăng mạnh", "Tỷ giá USD/VND hôm nay"] {
            let line = format!(r#"{{"id":"g","body":"{body}"}}"#);
            let (article, warnings) = parse(&line);
            assert!(warnings.is_empty(), "{body}: {warnings:?}");
            assert_eq!(article.map(|a| a.passages), Some(vec![body.to_string()]));
        }
    }

    #[test]
    fn a_body_that_cleans_to_nothing_is_a_warning() {
        let (article, warnings) = parse(r#"{"id":"x","body":"Chia sẻ\n\nFacebook"}"#);
        assert!(article.is_none());
        assert!(matches!(
            warnings.as_slice(),
            [WarningKind::CleanedToNothing]
        ));
    }
}
