//! Shared helpers of the search tests: small in-memory indexes of crafted Vietnamese articles.
//! (Included by the `search_*` tests with `#[path]`; as a test target of its own it is empty.)
#![allow(dead_code)]

use vnsearch::text;
use vnsearch::{Article, SearchOptions, SearchResults, Searcher};

/// An article with the given metadata and passages.
pub fn article(
    id: &str,
    title: &str,
    date: Option<&str>,
    source: Option<&str>,
    passages: &[&str],
) -> Article {
    Article {
        id: id.to_string(),
        title: title.to_string(),
        date: date.map(day),
        source: source.map(str::to_string),
        url: Some(format!("https://bao.example.vn/{id}.html")),
        passages: passages.iter().map(|p| p.to_string()).collect(),
        raw: format!("{title}\n\n{}", passages.join("\n\n")),
        origin: format!("{id}.txt"),
    }
}

/// `YYYY-MM-DD` as a date.
pub fn day(text: &str) -> time::Date {
    let parts: Vec<i32> = text.split('-').map(|p| p.parse().unwrap()).collect();
    let month = time::Month::try_from(parts[1] as u8).unwrap();
    time::Date::from_calendar_date(parts[0], month, parts[2] as u8).unwrap()
}

/// A searcher over an in-memory index of `articles` (one commit).
pub fn searcher(articles: &[Article]) -> Searcher {
    Searcher::in_memory(articles).unwrap()
}

/// Searches with default options.
pub fn search(searcher: &Searcher, query: &str) -> SearchResults {
    with(searcher, SearchOptions::new(query))
}

/// Searches with `options`, checking the highlight invariant on every hit.
pub fn with(searcher: &Searcher, options: SearchOptions) -> SearchResults {
    let results = searcher
        .search(&options)
        .unwrap_or_else(|e| panic!("{:?}: {e}", options.query));
    for hit in &results.hits {
        assert_highlights_are_words(&hit.text, &hit.highlights);
    }
    results
}

/// `id#passage` of every hit, in order.
pub fn ids(results: &SearchResults) -> Vec<String> {
    results
        .hits
        .iter()
        .map(|h| format!("{}#{}", h.article_id, h.passage))
        .collect()
}

/// The highlighted words of the first hit of `id#passage`.
pub fn marked<'a>(results: &'a SearchResults, id: &str) -> Vec<&'a str> {
    let hit = results
        .hits
        .iter()
        .find(|h| format!("{}#{}", h.article_id, h.passage) == id)
        .unwrap_or_else(|| panic!("{id} not in {:?}", ids(results)));
    hit.highlights
        .iter()
        .map(|[s, e]| &hit.text[*s..*e])
        .collect()
}

/// Every highlight is exactly one word of the text (as the analyzer cuts it), sorted.
pub fn assert_highlights_are_words(text: &str, highlights: &[[usize; 2]]) {
    let words: Vec<[usize; 2]> = text::tokens(text)
        .iter()
        .map(|t| [t.start, t.end])
        .collect();
    for range in highlights {
        assert!(words.contains(range), "{range:?} is not a word of {text:?}");
    }
    assert!(
        highlights.windows(2).all(|w| w[0][1] <= w[1][0]),
        "unsorted {highlights:?}"
    );
}
