//! Command-line arguments (clap derive). `--help` is the user's manual: keep it worth reading.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use vnsearch::{AccentMode, SortOrder};

/// Full-text search for Vietnamese press articles, with or without diacritics.
///
/// Type queries the way you write: `hợp tác` finds exactly that word pair, `hop tac` finds
/// every accent variant (hợp tác, họp tác, …), `"đổi mới sáng tạo"` is a phrase.
#[derive(Debug, Parser)]
#[command(name = "vnsearch", version, about, long_about = None)]
pub struct Cli {
    /// Index directory [default: ./index, built from ./seeds on first use]. Any other
    /// directory (also through VNSEARCH_INDEX) must already hold an index, except for `index`.
    #[arg(long, env = "VNSEARCH_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to colour the output of `search` and `show`: auto (a terminal and no NO_COLOR),
    /// always, never [default: auto].
    #[arg(long, value_enum)]
    pub color: Option<ColorChoice>,

    #[command(subcommand)]
    pub command: Command,
}

/// `--index`, also accepted after the command name (`vnsearch search … --index DIR`).
#[derive(Debug, Args)]
pub struct IndexOption {
    /// Index directory [default: ./index, or VNSEARCH_INDEX].
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// `--color`, also accepted after the command name.
#[derive(Debug, Args)]
pub struct ColorOption {
    /// When to colour the output: auto (a terminal and no NO_COLOR), always, never
    /// [default: auto].
    #[arg(long, value_enum)]
    pub color: Option<ColorChoice>,
}

/// How diacritics in the query count (the library's [`AccentMode`], as a command-line value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccentArg {
    /// A word typed with marks matches only that accented word; one typed without marks
    /// matches every accent variant. Falls back to `fold` when nothing matches.
    Auto,
    /// Every word matches only its own accents (an unmarked word matches only unmarked text).
    Exact,
    /// Marks are ignored everywhere.
    Fold,
}

impl From<AccentArg> for AccentMode {
    fn from(arg: AccentArg) -> Self {
        match arg {
            AccentArg::Auto => AccentMode::Auto,
            AccentArg::Exact => AccentMode::Exact,
            AccentArg::Fold => AccentMode::Fold,
        }
    }
}

/// Order of the hits (the library's [`SortOrder`], as a command-line value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest article first (undated last), then best match.
    Date,
}

impl From<SortArg> for SortOrder {
    fn from(arg: SortArg) -> Self {
        match arg {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date,
        }
    }
}

/// When to use colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles (.txt, .jsonl, .ndjson; directories recursively) into the index.
    ///
    /// Incremental: unchanged articles are skipped, changed ones replaced, and articles whose
    /// files were removed from an indexed directory are deleted.
    Index(IndexArgs),
    /// Search the index and print the best passages.
    ///
    /// Query language: words must all match; `a OR b`; `-word` excludes; `"a phrase"`;
    /// `"a phrase"~2` allows 2 words in between; `title:word`, `title:"a phrase"`; `word*`
    /// is a prefix. A word typed without diacritics matches every accent variant, one typed
    /// with diacritics matches only itself (see --accents).
    Search(SearchArgs),
    /// Print one article (title, date, source, url, numbered passages).
    Show(ShowArgs),
    /// Benchmark vnsearch against plain tantivy and SQLite FTS5 on the same corpus.
    #[cfg(feature = "bench")]
    Bench(BenchArgs),
    /// Score relevance on a judged query set: vnsearch vs plain tantivy vs SQLite FTS5.
    ///
    /// Prints, per category and overall, for each engine: nDCG@10 (gain 2^grade − 1,
    /// discount log2(rank + 1), the ideal ranking made of all the query's judged grades),
    /// P@10 (relevant = grade >= 1, divided by 10) and R@10 (relevant articles in the top 10
    /// / all judged relevant), and how many top-10 results nobody judged (they count as not
    /// relevant). vnsearch ranks articles by their best passage (its real index and search);
    /// the baselines index whole articles (title + text). Indexes are cached under
    /// --data-dir, keyed by the cleaned corpus and the pipeline, so a second run only
    /// searches.
    #[cfg(feature = "bench")]
    Eval(EvalArgs),
    /// Serve the index over HTTP: a JSON search API (the `--json` contract), a
    /// Meilisearch-compatible API and a search page at `/`.
    ///
    /// Keeps the index open and follows commits made by `vnsearch index` in another process.
    /// Binds to 127.0.0.1 unless told otherwise; a non-loopback address needs --api-key.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: IndexOption,
    /// Address to listen on (port 0: any free port; the chosen address is printed on stderr).
    #[arg(long, env = "VNSEARCH_ADDR", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
    /// Key that clients must send as `Authorization: Bearer KEY` (every route but /health
    /// and the page's files). Required to bind a non-loopback address, and to write.
    #[arg(long, env = "VNSEARCH_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Name of the index on the Meilisearch-compatible routes (`/indexes/{uid}/…`).
    #[arg(long, default_value = "articles")]
    pub uid: String,
    /// Allow browser pages from this origin to call the API (repeatable; `*` for any).
    /// Without it, cross-origin requests get no CORS headers.
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Largest request body accepted, in MB (document batches).
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_body_mb: u64,
    /// Seconds after which a request is answered 408 (documents are indexed in the
    /// background and are not limited by this).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout_secs: u64,
    /// Searches run at once (default: one per core); more requests wait their turn.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
    pub search_threads: Option<u64>,
    /// Memory budget of the index writer for document batches, in MB.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(16..=65536))]
    pub heap_mb: u64,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or directories to index.
    #[arg(default_value = "seeds")]
    pub paths: Vec<PathBuf>,
    /// Delete the index contents and rebuild from the inputs (atomic: the old index stays
    /// searchable until the new one is committed).
    #[arg(long)]
    pub rebuild: bool,
    /// Memory budget of the index writer, in MB.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(16..=65536))]
    pub heap_mb: u64,
    /// Indexing threads (default: all cores, at most 8).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub threads: Option<u64>,
    /// Commit after this many MB of input, so an interrupted run keeps its work (ignored
    /// with --rebuild, which commits once).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every_mb: u64,
    /// Largest input read, in MB: a .txt file, or one line of a .jsonl file. Larger ones
    /// are skipped with a warning naming them.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
    pub max_file_mb: u64,
    /// Leave the segments as written: by default a run that builds the whole index (a new
    /// one, or --rebuild) merges them into one, which searches faster (about a fifth more
    /// indexing time, and room for a second copy of the index while it merges).
    #[arg(long)]
    pub no_merge: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub location: IndexOption,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several words are joined with spaces). After its first word, words that
    /// start with `-` are query words (`hợp tác -họp`); a query that starts with one goes
    /// after `--`: `vnsearch search -- -họp hợp tác`.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// How diacritics in the query count: auto (marked words exact, unmarked words match
    /// every variant), exact (every word exact), fold (ignore all marks).
    #[arg(long, value_enum, default_value_t = AccentArg::Auto)]
    pub accents: AccentArg,
    /// Number of hits to print.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// At most this many passages per article (0: no limit).
    #[arg(long, default_value_t = 2)]
    pub per_article: usize,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Only articles published on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<time::Date>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<time::Date>,
    /// Only articles whose source contains these words, in order (accents and case ignored).
    #[arg(long)]
    pub source: Option<String>,
    /// Show every copy of a story. By default, articles that carry the same story as a
    /// better-ranked one (near-duplicate text under another headline or paper) are left out
    /// and listed under it ("also in").
    #[arg(long)]
    pub no_collapse: bool,
    /// Print one JSON object (the documented contract in README.md).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub location: IndexOption,
    #[command(flatten)]
    pub color: ColorOption,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Article id (the .txt file name without extension, or the JSON `id`).
    pub id: String,
    /// Highlight the matches of this query.
    #[arg(long, short = 'q')]
    pub query: Option<String>,
    /// How diacritics in --query count.
    #[arg(long, value_enum, default_value_t = AccentArg::Auto)]
    pub accents: AccentArg,
    /// Print the original input text, unchanged (on a terminal, control characters are
    /// shown as symbols).
    #[arg(long)]
    pub raw: bool,
    /// Print the article as JSON (its `raw` field is the original input, also with --raw).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub location: IndexOption,
    #[command(flatten)]
    pub color: ColorOption,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Size of the generated corpus in MB.
    #[arg(long, default_value_t = vnsearch::bench::DEFAULT_MB, conflicts_with = "corpus")]
    pub mb: u64,
    /// Benchmark a real corpus directory instead of a generated one.
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Number of distinct queries (each is run 3 times).
    #[arg(long, default_value_t = 240)]
    pub queries: usize,
    /// Where generated corpora and benchmark indexes live.
    #[arg(long, default_value = "bench-data")]
    pub data_dir: PathBuf,
    /// Seed of the corpus generator.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Only generate the corpus (or find it in --data-dir), print its directory and stop.
    #[arg(long, conflicts_with = "corpus")]
    pub generate_only: bool,
    /// Print the query mix (class, a tab, the query as vnsearch is given it; one a line) and
    /// stop: to profile an index with the benchmark's own queries.
    #[arg(long)]
    pub print_queries: bool,
    /// Runs per engine (each indexes and queries afresh, in a process of its own); the
    /// report gives the median of each figure and its range.
    #[arg(long, default_value_t = vnsearch::bench::DEFAULT_RUNS as u64, value_parser = clap::value_parser!(u64).range(1..=20))]
    pub runs: u64,
    /// Run all engines in this process instead of one child process per engine run (peak
    /// RSS is then shared: an engine's peak can include what an earlier one left).
    #[arg(long)]
    pub in_process: bool,
    /// Internal: measure one run of this engine in this process and print it as JSON (how
    /// `vnsearch bench` runs each engine in a process of its own).
    #[arg(long, hide = true)]
    pub child_engine: Option<String>,
}

/// An engine of `vnsearch eval`.
#[cfg(feature = "bench")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// vnsearch's index and search, one passage per article.
    Vnsearch,
    /// Plain tantivy over whole articles.
    Tantivy,
    /// SQLite FTS5 over whole articles.
    Fts5,
}

#[cfg(feature = "bench")]
impl From<EngineArg> for vnsearch::bench::eval::EvalEngine {
    fn from(arg: EngineArg) -> Self {
        use vnsearch::bench::eval::EvalEngine;
        match arg {
            EngineArg::Vnsearch => EvalEngine::Vnsearch,
            EngineArg::Tantivy => EvalEngine::Tantivy,
            EngineArg::Fts5 => EvalEngine::Fts5,
        }
    }
}

#[cfg(feature = "bench")]
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The corpus directory the judgments were made on (.txt, .jsonl).
    #[arg(long)]
    pub corpus: PathBuf,
    /// The judged query set (format in README.md).
    #[arg(long, default_value = "eval/judgments.json")]
    pub judgments: PathBuf,
    /// Engines to compare, in this order (repeat the flag; default: all three).
    #[arg(long = "engine", value_enum)]
    pub engines: Vec<EngineArg>,
    /// Where the built indexes are cached.
    #[arg(long, default_value = "bench-data/eval")]
    pub data_dir: PathBuf,
    /// Also print each query's nDCG@10 per engine.
    #[arg(long)]
    pub per_query: bool,
    /// Print, per query, the top-10 articles of every engine that are not judged yet (title
    /// and start of the text), for a judge to read, instead of the scores.
    #[arg(long)]
    pub pool: bool,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Parses `YYYY-MM-DD` (the library's one date parser, which says what is wrong).
fn parse_date(value: &str) -> Result<time::Date, String> {
    vnsearch::parse_day(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
