//! What a search returns: the JSON contract of `vnsearch search --json` and `show --json`.

use serde::Serialize;

/// The results of a search — the JSON contract of `vnsearch search --json`:
///
/// ```json
/// {"query": "hợp tác", "total_hits": 42, "total_hits_exact": true, "accent_fallback": false,
///  "did_you_mean": null,
///  "took_ms": 1.2,
///  "hits": [ Hit, ... ]}
/// ```
///
/// - `query`: the query as typed;
/// - `total_hits`: number of matching passages, before grouping by article and paging;
/// - `total_hits_exact`: whether `total_hits` is the exact count rather than a lower bound.
///   Always `true` here: ranking visits every match anyway (what the walk skips is the
///   per-article work of articles that cannot reach the page), so counting them costs one
///   addition each. The field is there so that clients written for engines that cap the count
///   (Elasticsearch's `track_total_hits`) need not guess;
/// - `accent_fallback`: `true` when the query had diacritics, nothing matched them exactly
///   (`--accents auto`), and the hits are those of the accent-insensitive retry;
/// - `did_you_mean`: the query with its likely typos corrected (`"biến đổi khí hậu"` for
///   `biến đổi khí hâu`), or `null`: a typed word that is rare next to its neighbours in the
///   query, where a word one edit away is far more frequent, is searched as both, and this
///   says so;
/// - `took_ms`: wall time of the search in milliseconds, rounded to microseconds;
/// - `hits`: the requested page, best first (or newest first with `sort: date`), with at most
///   `per_article` passages of one article, gathered after that article's best passage.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub total_hits: usize,
    pub total_hits_exact: bool,
    pub accent_fallback: bool,
    pub did_you_mean: Option<String>,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
}

/// One passage in the results:
///
/// - `article_id` (string), `passage` (0-based number in the article);
/// - `title`, `date` (`"YYYY-MM-DD"` or `null`), `source` (or `null`), `url` (or `null`);
/// - `score`: the relevance of the passage's article (higher is better; only comparable
///   within one search): articles are ranked, and every passage shown of one article carries
///   its article's score;
/// - `passage_score`: the relevance of the passage itself, which orders the passages of one
///   article;
/// - `text`: the whole passage, with its original accents;
/// - `highlights`: `[start, end]` UTF-8 byte offsets into `text`, sorted, one per matched word
///   (each word of a matched phrase, the word a typo or prefix matched);
/// - `snippet`: at most ~300 characters of `text` cropped at word boundaries around the
///   matches, `…` where cut, HTML-escaped, matches wrapped in `<mark>`…`</mark>` (adjacent
///   matched words share one `<mark>`);
/// - `duplicates`: the ids of the other articles that carry the same story (near-duplicate
///   text under another headline or paper), best-ranked first; they are left out of the
///   ranking (`[]` when there are none, or with collapsing off).
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub article_id: String,
    pub passage: u64,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub score: f32,
    pub passage_score: f32,
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
    pub snippet: String,
    pub duplicates: Vec<String>,
}

/// A whole article, for `vnsearch show`.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Passages in reading order.
    pub passages: Vec<PassageView>,
    /// The original input text (`--raw`).
    pub raw: String,
}

/// One passage of an [`ArticleView`], with the query's matches.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    pub number: u64,
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

/// Size of an index, in articles and passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    pub articles: usize,
    pub passages: usize,
}
