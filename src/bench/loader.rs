//! Loading a corpus directory into cleaned articles, once and untimed, before any engine runs.
//!
//! TEMPORARY: a minimal reader of the generator's layout (`.txt` seed-shaped files, `.jsonl`
//! lines) until the project's ingest code (`crate::ingest::discover` / `read_file`) lands; then
//! [`load_articles`] delegates to it and the helpers below go.

use std::fs;
use std::path::{Path, PathBuf};

use time::{Date, Month};

use crate::ingest::Article;
use crate::{Error, Result};

/// Every article under `dir` (recursively, `.txt` and `.jsonl`, in path order).
pub fn load_articles(dir: &Path) -> Result<Vec<Article>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut articles = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let origin = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => {
                let id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                articles.push(from_txt(id.unwrap_or_default(), &text, origin));
            }
            Some("jsonl") => {
                for (number, line) in text.lines().enumerate() {
                    if let Some(article) = from_json(line, format!("{origin}:{}", number + 1)) {
                        articles.push(article);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(articles)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "jsonl")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// Title = first non-empty line; passages = blank-line separated blocks; `Nguồn…` = source.
fn from_txt(id: String, text: &str, origin: String) -> Article {
    let mut blocks = text
        .split("\n\n")
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|b| !b.is_empty());
    let title = blocks.next().unwrap_or_else(|| id.clone());
    let mut source = None;
    let mut passages = Vec::new();
    for block in blocks {
        match block.strip_prefix("Nguồn") {
            Some(rest) => {
                let name = rest
                    .trim_start_matches(':')
                    .split(": http")
                    .next()
                    .unwrap_or("");
                source = Some(name.trim().to_string()).filter(|s| !s.is_empty());
            }
            None => passages.push(block),
        }
    }
    let date = passages.first().and_then(|lead| find_date(lead));
    Article {
        id,
        title,
        date,
        source,
        url: None,
        passages,
        raw: text.to_string(),
        origin,
    }
}

fn from_json(line: &str, origin: String) -> Option<Article> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_string);
    let passages = field("text")?
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    let date = field("date").and_then(|d| {
        let mut parts = d.split('-').map(|p| p.parse::<i32>().ok());
        let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
        make_date(y, m, d)
    });
    Some(Article {
        id: field("id")?,
        title: field("title").unwrap_or_default(),
        date,
        source: field("source"),
        url: field("url"),
        passages,
        raw: line.to_string(),
        origin,
    })
}

/// The first `d/m/yyyy` in `text`.
fn find_date(text: &str) -> Option<Date> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '/'))
        .find_map(|candidate| {
            let parts: Vec<i32> = candidate
                .split('/')
                .filter_map(|p| p.parse().ok())
                .collect();
            match parts[..] {
                [d, m, y] if y > 1900 => make_date(y, m, d),
                _ => None,
            }
        })
}

fn make_date(year: i32, month: i32, day: i32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_article_is_split_into_title_passages_source_and_date() {
        let text = "Tiêu đề bài\n\nSáng 11/12/2023, tại Hà Nội, hội thảo.\n\nĐoạn hai.\n\nNguồn Nhân Dân: https://nhandan.vn/x.html\n";
        let article = from_txt("a1".into(), text, "a1.txt".into());
        assert_eq!(article.title, "Tiêu đề bài");
        assert_eq!(article.passages.len(), 2);
        assert_eq!(article.source.as_deref(), Some("Nhân Dân"));
        assert_eq!(article.date, make_date(2023, 12, 11));
    }

    #[test]
    fn json_line_is_read_and_garbage_skipped() {
        let line = r#"{"id":"7","title":"T","date":"2010-02-03","text":"Một.\n\nHai."}"#;
        let article = from_json(line, "x:1".into());
        assert_eq!(article.as_ref().map(|a| a.passages.len()), Some(2));
        assert_eq!(article.and_then(|a| a.date), make_date(2010, 2, 3));
        assert!(from_json("{not json", "x:2".into()).is_none());
    }
}
