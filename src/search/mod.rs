//! Query parsing, ranking, highlights and snippets.
//!
//! [`Searcher::search`] parses the query (`query`: lexer and parser of the query language),
//! turns it into a tantivy query for the accent mode (`plan`, made of `leaf` units; phrases
//! with slop are `sloppy`), scores it
//! with the statistics of the live passages (`stats`), orders (`order`), groups and pages
//! passages (`collect`), then reads only the stored documents of the page to compute exact
//! highlights (`highlight`) and snippets ([`Excerpt`]).

mod article_passages;
mod articles;
mod collect;
mod conjunction;
mod duplicates;
mod gather;
mod highlight;
mod leaf;
mod order;
mod pair_phrase;
#[cfg(test)]
mod pair_tests;
mod pattern;
mod phrase_postings;
mod plan;
#[cfg(test)]
mod prune_tests;
mod query;
mod rank;
mod results;
mod sloppy;
mod snippet;
mod stats;
mod suggest;
mod topic;

use std::time::Instant;

use serde::Serialize;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::index::Fields;
use crate::{Error, Result};
use pattern::Pattern;
use stats::{LengthTotals, Stats};

pub use results::{ArticleView, Hit, IndexStats, PassageView, SearchResults};
pub use snippet::{escape_html_into, Excerpt, SNIPPET_CHARS};

/// How diacritics in the query are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccentMode {
    /// A word typed with marks matches only that accented word; one typed without marks
    /// matches every accent variant. Falls back to `fold` when nothing matches.
    #[default]
    Auto,
    /// Every word matches only its own accents (an unmarked word matches only unmarked text).
    Exact,
    /// Marks are ignored everywhere.
    Fold,
}

/// Order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest article first (undated last), then best match.
    Date,
}

impl AccentMode {
    /// Every mode, in the order they are documented.
    pub const ALL: [AccentMode; 3] = [AccentMode::Auto, AccentMode::Exact, AccentMode::Fold];

    /// The mode's name: `auto`, `exact` or `fold` (as parsed by [`str::parse`]).
    pub fn name(self) -> &'static str {
        match self {
            AccentMode::Auto => "auto",
            AccentMode::Exact => "exact",
            AccentMode::Fold => "fold",
        }
    }
}

impl std::str::FromStr for AccentMode {
    type Err = Error;

    /// Parses `auto`, `exact` or `fold` (case-insensitive).
    fn from_str(value: &str) -> Result<Self> {
        AccentMode::ALL
            .into_iter()
            .find(|mode| mode.name().eq_ignore_ascii_case(value.trim()))
            .ok_or_else(|| {
                Error::InvalidOption(format!(
                    "accent mode {value:?} is not one of auto, exact, fold"
                ))
            })
    }
}

impl SortOrder {
    /// Every order, in the order they are documented.
    pub const ALL: [SortOrder; 2] = [SortOrder::Relevance, SortOrder::Date];

    /// The order's name: `relevance` or `date` (as parsed by [`str::parse`]).
    pub fn name(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Date => "date",
        }
    }
}

impl std::str::FromStr for SortOrder {
    type Err = Error;

    /// Parses `relevance` or `date` (case-insensitive).
    fn from_str(value: &str) -> Result<Self> {
        SortOrder::ALL
            .into_iter()
            .find(|order| order.name().eq_ignore_ascii_case(value.trim()))
            .ok_or_else(|| {
                Error::InvalidOption(format!(
                    "sort order {value:?} is not one of relevance, date"
                ))
            })
    }
}

/// What to search for and which page of results to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    pub query: String,
    pub accents: AccentMode,
    /// Passages per page (10).
    pub limit: usize,
    /// Passages skipped before the page (0).
    pub offset: usize,
    /// Most passages of one article (2); 0 for no limit.
    pub per_article: usize,
    pub sort: SortOrder,
    /// Only articles dated on or after this day.
    pub from: Option<time::Date>,
    /// Only articles dated on or before this day.
    pub to: Option<time::Date>,
    /// Only articles whose source contains these words (accents ignored).
    pub source: Option<String>,
    /// Show one copy of a story (the best-ranked) and list the others in its
    /// [`Hit::duplicates`] (true); false shows every copy where it ranks.
    pub collapse: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            query: String::new(),
            accents: AccentMode::Auto,
            limit: 10,
            offset: 0,
            per_article: 2,
            sort: SortOrder::Relevance,
            from: None,
            to: None,
            source: None,
            collapse: true,
        }
    }
}

impl SearchOptions {
    /// Default options for `query`.
    pub fn new(query: impl Into<String>) -> Self {
        SearchOptions {
            query: query.into(),
            ..SearchOptions::default()
        }
    }
}

/// Searches one index. Cheap to query many times: it keeps the reader open.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    /// The index directory (none in memory): names the index in [`Error::Damaged`].
    dir: Option<std::path::PathBuf>,
    /// Field lengths of the live passages per segment, computed once (BM25's average).
    lengths: LengthTotals,
    /// Whether the reader's segments have every article grouped (see
    /// `index::searcher_grouped`), for the reader generation it was read for.
    grouped: std::sync::Mutex<Option<(u64, bool)>>,
}

impl Searcher {
    /// Opens the index in directory `dir` (built by [`crate::update_index`]).
    /// Errors: [`Error::NoIndex`] when there is none, [`Error::IncompatibleIndex`] when another
    /// version of vnsearch built it, [`Error::Damaged`] when a file of it is missing or
    /// corrupted.
    pub fn open(dir: &std::path::Path) -> Result<Self> {
        let (index, fields) = crate::index::open_index_with_fields(dir)?;
        let mut searcher = Searcher::new(&index, fields).map_err(|e| match e {
            Error::Tantivy(e) => crate::index::damaged_or(dir, Some(&index), e),
            other => other,
        })?;
        searcher.lengths = LengthTotals::saved(dir, &searcher.reader.searcher());
        searcher.dir = Some(dir.to_path_buf());
        Ok(searcher)
    }

    /// `error` as [`Error::Damaged`] when it says that a file of the index is missing or
    /// corrupted (tantivy opens some files only when a query first needs them).
    fn damaged(&self, error: Error) -> Error {
        match (error, &self.dir) {
            (Error::Tantivy(e), Some(dir)) => {
                crate::index::damaged_or(dir, Some(self.reader.searcher().index()), e)
            }
            (other, _) => other,
        }
    }

    /// Opens the index in `dir` and keeps following it: commits made later by another
    /// process (a `vnsearch index` run) or by this one become visible within about a second,
    /// without reopening. tantivy polls `meta.json` (every 500 ms) and swaps in a new reader;
    /// searches already running keep the segments they started with, so none fails while
    /// segments are merged or deleted. Call [`Searcher::reload`] to see a commit at once.
    /// Errors: those of [`Searcher::open`].
    pub fn open_live(dir: &std::path::Path) -> Result<Self> {
        let (index, fields) = crate::index::open_index_with_fields(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Searcher {
            lengths: LengthTotals::saved(dir, &reader.searcher()),
            reader,
            fields,
            dir: Some(dir.to_path_buf()),
            grouped: std::sync::Mutex::new(None),
        })
    }

    /// Makes the latest commit visible now (a searcher from [`Searcher::open`] never reloads
    /// on its own; one from [`Searcher::open_live`] does within about a second).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// The `[start, end]` byte ranges of `text` that `query` matches, as [`Hit::highlights`]
    /// marks them in passages: for highlighting other strings (a title) with the same rules.
    /// Errors: [`Error::Query`] for a query with nothing to search.
    pub fn highlight_text(
        &self,
        query: &str,
        accents: AccentMode,
        text: &str,
    ) -> Result<Vec<[usize; 2]>> {
        let searcher = self.reader.searcher();
        let mut stats = Stats::new(&searcher, &self.lengths);
        let patterns =
            plan::text_patterns(&query::parse(query)?, accents, &mut stats, &self.fields)?;
        Ok(highlight::highlights(text, &patterns))
    }

    /// Indexes `articles` in memory and opens a searcher on them: for tests, examples and
    /// small collections that need no directory.
    pub fn in_memory(articles: &[crate::Article]) -> Result<Self> {
        let (index, fields) = crate::index::index_in_ram(articles)?;
        Searcher::new(&index, fields)
    }

    /// Opens a reader on `index`, whose schema is described by `fields`.
    pub(crate) fn new(index: &tantivy::Index, fields: Fields) -> Result<Self> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Searcher {
            reader,
            fields,
            dir: None,
            lengths: LengthTotals::default(),
            grouped: std::sync::Mutex::new(None),
        })
    }

    /// Whether every article of `searcher`'s segments is grouped (read from the commit once
    /// per reader generation).
    fn grouped(&self, searcher: &tantivy::Searcher) -> Result<bool> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.grouped.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, grouped)) = *cached {
            if seen == generation {
                return Ok(grouped);
            }
        }
        let grouped = crate::index::searcher_grouped(searcher)?;
        *cached = Some((generation, grouped));
        Ok(grouped)
    }

    /// Runs a search. Errors: [`Error::Query`] for a query with nothing to search,
    /// [`Error::InvalidOption`] for contradictory options.
    pub fn search(&self, options: &SearchOptions) -> Result<SearchResults> {
        self.search_page(options).map_err(|e| self.damaged(e))
    }

    fn search_page(&self, options: &SearchOptions) -> Result<SearchResults> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let typed = query::parse(&options.query)?;
        let grouped = self.grouped(&searcher)?;
        // Typos that are real words: only where the typed words may be read loosely (exact
        // mode means every word as typed).
        let correction = if options.accents == AccentMode::Exact {
            None
        } else {
            let stats = Stats::new(&searcher, &self.lengths);
            suggest::correct(
                &typed,
                &options.query,
                &stats,
                self.fields.text,
                self.fields.pairs,
            )?
        };
        let parsed = correction.as_ref().map_or(&typed, |c| &c.query);
        let run = |mode| -> Result<(collect::Page, Vec<Pattern>)> {
            let mut stats = Stats::new(&searcher, &self.lengths);
            for pair in correction.iter().flat_map(|c| &c.blends) {
                stats.blend(pair)?;
            }
            let plan = plan::plan(parsed, mode, options, &mut stats, &self.fields)?;
            let page = collect::collect(&stats, &plan, options, &self.fields, grouped)?;
            Ok((page, plan.text_patterns))
        };
        let (mut page, mut patterns) = run(options.accents)?;
        let mut accent_fallback = false;
        if page.total == 0 && options.accents == AccentMode::Auto && parsed.has_marked_words() {
            let (folded, folded_patterns) = run(AccentMode::Fold)?;
            // A retry that finds nothing either is not a fallback worth reporting.
            if folded.total > 0 {
                (page, patterns) = (folded, folded_patterns);
                accent_fallback = true;
            }
        }
        let hits = page
            .hits
            .iter()
            .map(|hit| self.hit(&searcher, hit, &patterns))
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            query: options.query.clone(),
            total_hits: page.total,
            total_hits_exact: true,
            accent_fallback,
            did_you_mean: correction.map(|c| c.text),
            // Microseconds: finer digits are noise (timer and scheduling jitter).
            took_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1000.0,
            hits,
        })
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        hit: &collect::PageHit,
        patterns: &[Pattern],
    ) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(hit.passage.address)?;
        let meta = Stored(&doc);
        let text = meta.string(self.fields.text);
        let highlights = highlight::highlights(&text, patterns);
        let snippet = Excerpt::new(&text, &highlights, SNIPPET_CHARS).to_html();
        Ok(Hit {
            article_id: meta.string(self.fields.article_id),
            passage: meta.passage(self.fields.passage),
            title: meta.string(self.fields.title),
            date: meta.date(self.fields.date),
            source: meta.optional(self.fields.source),
            url: meta.optional(self.fields.url),
            score: hit.article_score,
            passage_score: hit.passage.score,
            text,
            highlights,
            snippet,
            duplicates: hit
                .duplicates
                .iter()
                .map(|&address| {
                    let doc: TantivyDocument = searcher.doc(address)?;
                    Ok(Stored(&doc).string(self.fields.article_id))
                })
                .collect::<Result<_>>()?,
        })
    }

    /// How many articles and passages the index holds (as of the last reload).
    pub fn stats(&self) -> Result<IndexStats> {
        let searcher = self.reader.searcher();
        Ok(IndexStats {
            articles: crate::index::indexed_articles_in(&searcher)?.len(),
            passages: usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX),
        })
    }

    /// The ids of every article in the index, sorted.
    pub fn article_ids(&self) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut ids: Vec<String> = crate::index::indexed_articles_in(&searcher)?
            .into_keys()
            .collect();
        ids.sort_unstable();
        Ok(ids)
    }

    /// The whole article `id`, with the matches of `query` (if any) highlighted.
    /// Errors: [`Error::NoArticle`] when the index has no such article, [`Error::Query`] for
    /// a query with nothing to search.
    pub fn article(
        &self,
        id: &str,
        query: Option<&str>,
        accents: AccentMode,
    ) -> Result<ArticleView> {
        self.read_article(id, query, accents)
            .map_err(|e| self.damaged(e))
    }

    fn read_article(
        &self,
        id: &str,
        query: Option<&str>,
        accents: AccentMode,
    ) -> Result<ArticleView> {
        let searcher = self.reader.searcher();
        let patterns = match query {
            Some(q) => {
                let mut stats = Stats::new(&searcher, &self.lengths);
                plan::text_patterns(&query::parse(q)?, accents, &mut stats, &self.fields)?
            }
            None => Vec::new(),
        };
        let by_id = TermQuery::new(
            Term::from_field_text(self.fields.article_id, id),
            IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&by_id, &tantivy::collector::DocSetCollector)?;
        let mut docs = addresses
            .into_iter()
            .map(|address| searcher.doc::<TantivyDocument>(address))
            .collect::<tantivy::Result<Vec<_>>>()?;
        docs.sort_by_key(|d| Stored(d).passage(self.fields.passage));
        let Some(first) = docs.first().map(Stored) else {
            return Err(Error::NoArticle(id.to_string()));
        };
        let passages = docs
            .iter()
            .map(|doc| {
                let stored = Stored(doc);
                let text = stored.string(self.fields.text);
                PassageView {
                    number: stored.passage(self.fields.passage),
                    highlights: highlight::highlights(&text, &patterns),
                    text,
                }
            })
            .collect();
        Ok(ArticleView {
            id: id.to_string(),
            title: first.string(self.fields.title),
            date: first.date(self.fields.date),
            source: first.optional(self.fields.source),
            url: first.optional(self.fields.url),
            passages,
            raw: docs
                .iter()
                .find_map(|d| Stored(d).optional(self.fields.raw))
                .unwrap_or_default(),
        })
    }
}

/// Typed access to a stored passage document.
struct Stored<'a>(&'a TantivyDocument);

impl Stored<'_> {
    fn optional(&self, field: tantivy::schema::Field) -> Option<String> {
        self.0
            .get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    }

    fn string(&self, field: tantivy::schema::Field) -> String {
        self.optional(field).unwrap_or_default()
    }

    fn passage(&self, field: tantivy::schema::Field) -> u64 {
        self.0
            .get_first(field)
            .and_then(|v| v.as_u64())
            .unwrap_or(0)
    }

    /// The stored day as `YYYY-MM-DD`.
    fn date(&self, field: tantivy::schema::Field) -> Option<String> {
        let stamp = self.0.get_first(field).and_then(|v| v.as_datetime())?;
        let day = time::OffsetDateTime::from_unix_timestamp(stamp.into_timestamp_secs()).ok()?;
        // `time` displays a date as ISO 8601 `YYYY-MM-DD`.
        Some(day.date().to_string())
    }
}
