//! JSON lines input: one article per line, keys `id`, `title`, `body` or `text`, optional
//! `date`, `source`, `url`; unknown keys are ignored. The body goes through the same cleaning
//! as a `.txt` article; fields given in the JSON win over what the text states.

use super::fnv::Fnv1a;
use serde_json::{Map, Value};

use super::clean::clean_text;
use super::date::parse_date_value;
use super::read::Warning;
use super::Article;

/// Reads the articles of a JSON-lines text; `path` names the file in origins and warnings.
pub fn parse(text: &str, path: &str) -> (Vec<Article>, Vec<Warning>) {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = format!("{path}:{}", index + 1);
        match parse_line(line, &origin) {
            Ok((article, line_warnings)) => {
                articles.push(article);
                warnings.extend(line_warnings);
            }
            Err(message) => warnings.push(Warning { origin, message }),
        }
    }
    (articles, warnings)
}

/// Reads one JSON line into an article, with warnings about fields it had to ignore.
pub fn parse_line(line: &str, origin: &str) -> Result<(Article, Vec<Warning>), String> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| format!("malformed JSON line, skipped: {e}"))?;
    let Value::Object(object) = value else {
        return Err("not a JSON object, skipped".to_string());
    };
    let body = text_field(&object, "body")
        .or_else(|| text_field(&object, "text"))
        .filter(|b| !b.trim().is_empty())
        .ok_or("no `body` or `text`, skipped")?;
    let url = text_field(&object, "url");
    let id = match object.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => format!("{:016x}", fnv1a64(url.unwrap_or(body).as_bytes())),
    };
    let title = text_field(&object, "title").filter(|t| !t.trim().is_empty());
    let cleaned = clean_text(body, title);
    let mut warnings = Vec::new();
    let date = match text_field(&object, "date") {
        Some(raw) => parse_date_value(raw).or_else(|| {
            warnings.push(Warning {
                origin: origin.to_string(),
                message: format!("unreadable date {raw:?} ignored (expected YYYY-MM-DD)"),
            });
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
        source: text_field(&object, "source")
            .map(str::to_string)
            .or(cleaned.source),
        url: url.map(str::to_string).or(cleaned.url),
        passages: cleaned.passages,
        raw: line.to_string(),
        origin: origin.to_string(),
    };
    Ok((article, warnings))
}

/// A string field of a JSON object.
fn text_field<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
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

    #[test]
    fn fnv1a64_matches_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn reads_fields_and_cleans_the_body() {
        let line = r#"{"id":"a1","title":"Mưa lớn ở Hà Nội","body":"Mưa lớn ở Hà Nội\n\nSáng nay mưa lớn kéo dài, nhiều\n\ntuyến phố ngập.\n\nĐọc nhiều\n\nBài khác","date":"2024-09-08","source":"VnExpress","extra":1}"#;
        let (article, warnings) = parse_line(line, "f.jsonl:3").expect("parses");
        assert!(warnings.is_empty());
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
    fn missing_id_is_a_stable_hash_of_the_url_else_the_body() {
        let with_url = r#"{"text":"Nội dung.","url":"https://a.vn/x"}"#;
        let (a, _) = parse_line(with_url, "o").expect("parses");
        assert_eq!(a.id, format!("{:016x}", fnv1a64(b"https://a.vn/x")));
        let without = r#"{"text":"Nội dung."}"#;
        let (b, _) = parse_line(without, "o").expect("parses");
        assert_eq!(b.id, format!("{:016x}", fnv1a64("Nội dung.".as_bytes())));
        assert_eq!(b.title, "Nội dung.");
    }

    #[test]
    fn bad_lines_become_warnings_and_the_rest_is_read() {
        let text = "{\"id\":1,\"body\":\"Một.\"}\n{broken\n\n[1,2]\n{\"id\":\"x\"}\n{\"id\":2,\"text\":\"Hai.\",\"date\":\"hôm qua\"}\n";
        let (articles, warnings) = parse(text, "in.jsonl");
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        let origins: Vec<&str> = warnings.iter().map(|w| w.origin.as_str()).collect();
        assert_eq!(
            origins,
            ["in.jsonl:2", "in.jsonl:4", "in.jsonl:5", "in.jsonl:6"]
        );
        assert!(warnings[0].message.contains("malformed JSON"));
    }
}
