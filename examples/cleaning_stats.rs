//! Counts what cleaning makes of a real archive: articles with a title, a date and a source,
//! passages under 40 characters, titles that look like photo captions, sources longer than a
//! line, and articles whose cleaned text lost more than 30% of the raw text.
//!
//! `cargo run --release --example cleaning_stats -- /path/to/archive` (`.txt` files; the
//! numbers for issue 10's closing note come from the shared archive).

use std::path::Path;

/// A passage shorter than this (characters) is suspect: a credit, a caption, a byline.
const SHORT_PASSAGE: usize = 40;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: cleaning_stats DIR");
        std::process::exit(2);
    };
    let mut files: Vec<_> = match std::fs::read_dir(Path::new(&dir)) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("cleaning_stats: {dir}: {e}");
            std::process::exit(1);
        }
    };
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let (mut articles, mut titled, mut dated, mut sourced) = (0, 0, 0, 0);
    let (mut passages, mut short, mut caption_titles, mut long_sources, mut lossy) =
        (0, 0, 0, 0, 0);
    for path in &files {
        let Ok(raw) = std::fs::read_to_string(path) else {
            continue;
        };
        let id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let article = vnsearch::clean_article(&id.unwrap_or_default(), &raw, "");
        articles += 1;
        if article.passages.is_empty() {
            eprintln!("no passages: {}", path.display());
        }
        titled += usize::from(!article.title.trim().is_empty());
        dated += usize::from(article.date.is_some());
        sourced += usize::from(article.source.is_some());
        passages += article.passages.len();
        short += article
            .passages
            .iter()
            .filter(|p| p.chars().count() < SHORT_PASSAGE)
            .count();
        caption_titles +=
            usize::from(article.title.contains("(Ảnh") || article.title.contains("Ảnh:"));
        long_sources += usize::from(
            article
                .source
                .as_ref()
                .is_some_and(|s| s.chars().count() > 100),
        );
        let kept: usize =
            article.passages.iter().map(|p| p.len()).sum::<usize>() + article.title.len();
        lossy += usize::from(kept * 10 < raw.trim().len() * 7);
    }
    println!("articles                     {articles}");
    println!("with a title                 {titled}");
    println!("with a date                  {dated}");
    println!("with a source                {sourced}");
    println!("passages                     {passages}");
    println!("passages under {SHORT_PASSAGE} chars       {short}");
    println!("titles like a photo caption  {caption_titles}");
    println!("sources over 100 chars       {long_sources}");
    println!("lost over 30% of the text    {lossy}");
}
