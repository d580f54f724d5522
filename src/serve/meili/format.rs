//! Meilisearch hits from our hits: a hit is one passage, `id` is `article_id#passage`;
//! `_formatted` and `_matchesPosition` come from the engine's exact highlights (the same
//! words the native API marks). Like Meilisearch, `_formatted` is the raw text with the
//! highlight tags inserted, not HTML-escaped: escape it before inserting it into a page.

use serde_json::{json, Map, Value};
use vnsearch::Hit;

/// Every attribute of a hit, in display order.
pub const ATTRIBUTES: [&str; 8] = [
    "id",
    "article_id",
    "passage",
    "title",
    "text",
    "date",
    "source",
    "url",
];

/// How hits are shaped (the display parameters of a search).
#[derive(Debug, Clone)]
pub struct Format {
    /// Attributes returned (all by default).
    pub retrieve: Vec<String>,
    /// Attributes highlighted in `_formatted`.
    pub highlight: Vec<String>,
    /// Attributes cropped in `_formatted`, with their crop length in words.
    pub crop: Vec<(String, usize)>,
    pub crop_marker: String,
    pub pre_tag: String,
    pub post_tag: String,
    pub show_matches_position: bool,
}

impl Default for Format {
    fn default() -> Self {
        Format {
            retrieve: ATTRIBUTES.iter().map(|a| a.to_string()).collect(),
            highlight: Vec::new(),
            crop: Vec::new(),
            crop_marker: "…".into(),
            pre_tag: "<em>".into(),
            post_tag: "</em>".into(),
            show_matches_position: false,
        }
    }
}

impl Format {
    fn wants_formatted(&self) -> bool {
        !self.highlight.is_empty() || !self.crop.is_empty()
    }
}

/// One hit as Meilisearch returns it. `title_highlights` are the matches in the title.
pub fn hit(hit: &Hit, title_highlights: &[[usize; 2]], format: &Format) -> Value {
    let values: [(&str, Value); 8] = [
        ("id", json!(format!("{}#{}", hit.article_id, hit.passage))),
        ("article_id", json!(hit.article_id)),
        ("passage", json!(hit.passage)),
        ("title", json!(hit.title)),
        ("text", json!(hit.text)),
        ("date", json!(hit.date)),
        ("source", json!(hit.source)),
        ("url", json!(hit.url)),
    ];
    let matches_of = |name: &str| -> Option<(&str, &[[usize; 2]])> {
        match name {
            "title" => Some((hit.title.as_str(), title_highlights)),
            "text" => Some((hit.text.as_str(), hit.highlights.as_slice())),
            _ => None,
        }
    };
    let mut object = Map::new();
    let mut formatted = Map::new();
    for (name, value) in &values {
        if !format.retrieve.iter().any(|r| r == name) {
            continue;
        }
        object.insert(name.to_string(), value.clone());
        if !format.wants_formatted() {
            continue;
        }
        let shown = match matches_of(name) {
            Some((text, matches)) => {
                let marks: &[[usize; 2]] = if format.highlight.iter().any(|h| h == name) {
                    matches
                } else {
                    &[]
                };
                let crop = format.crop.iter().find(|(c, _)| c == name).map(|(_, n)| *n);
                json!(render(text, marks, matches, crop, format))
            }
            // Numbers and nulls are shown as they are; other strings have no matches.
            None => value.clone(),
        };
        formatted.insert(name.to_string(), shown);
    }
    if format.wants_formatted() {
        object.insert("_formatted".into(), Value::Object(formatted));
    }
    if format.show_matches_position {
        let mut positions = Map::new();
        for name in ["title", "text"] {
            if let Some((_, matches)) = matches_of(name).filter(|(_, m)| !m.is_empty()) {
                let list = matches
                    .iter()
                    .map(|[s, e]| json!({"start": s, "length": e - s}))
                    .collect();
                positions.insert(name.to_string(), Value::Array(list));
            }
        }
        object.insert("_matchesPosition".into(), Value::Object(positions));
    }
    Value::Object(object)
}

/// `text` cropped to `crop` words around the matches (if asked), with `marks` wrapped in the
/// highlight tags. `matches` place the crop window even when nothing is highlighted.
fn render(
    text: &str,
    marks: &[[usize; 2]],
    matches: &[[usize; 2]],
    crop: Option<usize>,
    format: &Format,
) -> String {
    let (start, end) = match crop {
        Some(words) => crop_window(text, matches, words),
        None => (0, text.len()),
    };
    let mut out = String::new();
    if start > 0 {
        out.push_str(&format.crop_marker);
    }
    let mut at = start;
    for &[s, e] in marks {
        let (s, e) = (s.max(start), e.min(end));
        if s >= e || s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&format.pre_tag);
        out.push_str(&text[s..e]);
        out.push_str(&format.post_tag);
        at = e;
    }
    out.push_str(&text[at..end]);
    if end < text.len() {
        out.push_str(&format.crop_marker);
    }
    out
}

/// Byte range of a window of at most `words` whitespace-separated words: starting a little
/// before the first match (so it shows context on both sides), or at the start of the text
/// when nothing matched.
fn crop_window(text: &str, matches: &[[usize; 2]], words: usize) -> (usize, usize) {
    let mut spans = Vec::new();
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), word_start) {
            (false, None) => word_start = Some(i),
            (true, Some(s)) => {
                spans.push((s, i));
                word_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = word_start {
        spans.push((s, text.len()));
    }
    if words == 0 || spans.len() <= words {
        return match (spans.first(), spans.last()) {
            (Some(first), Some(last)) if words > 0 => (first.0, last.1),
            _ => (0, if words == 0 { 0 } else { text.len() }),
        };
    }
    let first_match = matches
        .first()
        .and_then(|[s, _]| spans.iter().position(|&(_, e)| e > *s))
        .unwrap_or(0);
    let first = first_match
        .saturating_sub(words / 3)
        .min(spans.len() - words);
    (spans[first].0, spans[first + words - 1].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_hit() -> Hit {
        let text =
            "Sáng nay hai bên ký kết bản ghi nhớ hợp tác về nghề cá xa bờ và cứu hộ trên biển";
        let start = text.find("hợp tác").unwrap_or(0);
        Hit {
            article_id: "tin-7".into(),
            passage: 3,
            title: "Hợp tác nghề cá".into(),
            date: Some("2024-05-02".into()),
            source: None,
            url: None,
            score: 1.0,
            passage_score: 1.0,
            text: text.into(),
            highlights: vec![
                [start, start + "hợp".len()],
                [start + "hợp ".len(), start + "hợp tác".len()],
            ],
            snippet: String::new(),
            duplicates: Vec::new(),
        }
    }

    #[test]
    fn formatted_marks_the_engine_highlights_and_crops_in_words() {
        let format = Format {
            highlight: vec!["title".into(), "text".into()],
            crop: vec![("text".into(), 6)],
            ..Format::default()
        };
        let title = [[0, "Hợp".len()]];
        let value = hit(&sample_hit(), &title, &format);
        assert_eq!(value["id"], "tin-7#3");
        assert_eq!(value["_formatted"]["title"], "<em>Hợp</em> tác nghề cá");
        assert_eq!(
            value["_formatted"]["text"],
            "…ghi nhớ <em>hợp</em> <em>tác</em> về nghề…"
        );
        assert_eq!(value["_formatted"]["passage"], 3);
        assert!(value.get("_matchesPosition").is_none());
    }

    #[test]
    fn retrieve_and_matches_position() {
        let format = Format {
            retrieve: vec!["id".into(), "title".into()],
            show_matches_position: true,
            ..Format::default()
        };
        let sample = sample_hit();
        let value = hit(&sample, &[], &format);
        let object = value.as_object().map(|o| o.len());
        assert_eq!(object, Some(3), "{value}");
        let start = sample.text.find("hợp").unwrap_or(0);
        assert_eq!(value["_matchesPosition"]["text"][0]["start"], start);
        assert_eq!(value["_matchesPosition"]["text"][0]["length"], "hợp".len());
        assert!(value.get("_formatted").is_none());
    }
}
