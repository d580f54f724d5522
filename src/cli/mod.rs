//! The command line: arguments, printing and progress only; all logic lives in the library.
//!
//! Stdout carries results only; progress, warnings, notes and timings go to stderr.
//! Exit codes: 0 success, 1 failure, 2 usage error (bad arguments or query).

mod args;
mod progress;
pub(crate) mod render;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Parser;

use args::{BenchArgs, Cli, ColorChoice, Command, IndexArgs, SearchArgs, ShowArgs};
use vnsearch::{update_index, BuildOptions, Error, SearchOptions, Searcher};

/// Where `search` and `show` build the index from when it does not exist yet.
const DEFAULT_SEEDS: &str = "seeds";

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return e.exit_code();
        }
    };
    match run(&cli) {
        Ok(()) => 0,
        Err(e) => {
            let usage = e.downcast_ref::<Error>().is_some_and(Error::is_usage);
            eprintln!("vnsearch: error: {e:#}");
            if usage {
                2
            } else {
                1
            }
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    let color = use_color(cli.color);
    match &cli.command {
        Command::Index(args) => run_index(&cli.index, args),
        Command::Search(args) => run_search(&cli.index, args, color),
        Command::Show(args) => run_show(&cli.index, args, color),
        #[cfg(feature = "bench")]
        Command::Bench(args) => run_bench(args),
        #[cfg(feature = "bench")]
        Command::Eval(args) => run_eval(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => run_serve(&cli.index, args),
    }
}

/// Colour on stdout: asked for, or `auto` on a terminal without `NO_COLOR`.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn run_index(index_dir: &Path, args: &IndexArgs) -> anyhow::Result<()> {
    let mut options = BuildOptions::new(index_dir, args.paths.clone());
    options.rebuild = args.rebuild;
    options.heap_bytes = usize::try_from(args.heap_mb << 20).unwrap_or(usize::MAX);
    options.commit_every_bytes = args.commit_every_mb << 20;
    if let Some(threads) = args.threads {
        options.threads = usize::try_from(threads).unwrap_or(1);
    }
    let summary = update_index(&options, &mut progress::StderrProgress::new())
        .with_context(|| format!("indexing into {}", index_dir.display()))?;
    eprintln!("indexed: {summary}");
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    }
    Ok(())
}

fn run_search(index_dir: &Path, args: &SearchArgs, color: bool) -> anyhow::Result<()> {
    ensure_index(index_dir)?;
    let searcher = open_searcher(index_dir)?;
    let options = SearchOptions {
        query: args.query.join(" "),
        accents: args.accents.into(),
        limit: args.limit,
        offset: args.offset,
        per_article: args.per_article,
        sort: args.sort.into(),
        from: args.from,
        to: args.to,
        source: args.source.clone(),
    };
    let results = searcher.search(&options)?;
    if results.accent_fallback {
        eprintln!(
            "note: nothing matched the accented words exactly; showing accent-insensitive matches"
        );
    }
    eprintln!("{}", render::render_summary(&results));
    print(args.json, &results, || {
        render::render_hits(&results, render::Style { color })
    })
}

fn run_show(index_dir: &Path, args: &ShowArgs, color: bool) -> anyhow::Result<()> {
    ensure_index(index_dir)?;
    let searcher = open_searcher(index_dir)?;
    let view = searcher.article(&args.id, args.query.as_deref(), args.accents.into())?;
    if args.raw {
        std::io::stdout().lock().write_all(view.raw.as_bytes())?;
        return Ok(());
    }
    print(args.json, &view, || {
        render::render_article(&view, render::Style { color })
    })
}

/// Prints a result on stdout: one JSON object (`--json`), or its rendering for people.
fn print(
    json: bool,
    value: &impl serde::Serialize,
    render: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, value)?;
        writeln!(out)?;
    } else {
        out.write_all(render().as_bytes())?;
    }
    Ok(())
}

fn open_searcher(index_dir: &Path) -> anyhow::Result<Searcher> {
    Ok(Searcher::open(index_dir)?)
}

#[cfg(feature = "bench")]
fn run_bench(args: &BenchArgs) -> anyhow::Result<()> {
    let options = vnsearch::bench::BenchOptions {
        mb: args.mb,
        corpus: args.corpus.clone(),
        queries: args.queries,
        json: args.json,
        data_dir: args.data_dir.clone(),
        seed: args.seed,
    };
    let report = vnsearch::bench::run(&options, &mut std::io::stderr())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", report.to_json())?;
    } else {
        write!(out, "{}", report.to_table())?;
    }
    Ok(())
}

#[cfg(feature = "bench")]
fn run_eval(args: &args::EvalArgs) -> anyhow::Result<()> {
    use vnsearch::bench::eval;
    let options = eval::EvalOptions {
        engines: args.engines.iter().map(|&e| e.into()).collect(),
        data_dir: args.data_dir.clone(),
        ..eval::EvalOptions::new(&args.corpus, &args.judgments)
    };
    let mut out = std::io::stdout().lock();
    if args.pool {
        let pool = eval::pool(&options, &mut std::io::stderr())?;
        eprintln!(
            "pool: {} articles to judge in {} queries",
            pool.len(),
            pool.queries.len()
        );
        if args.json {
            writeln!(out, "{}", pool.to_json())?;
        } else {
            write!(out, "{}", pool.to_text())?;
        }
        return Ok(());
    }
    let report = eval::evaluate(&options, &mut std::io::stderr())?;
    if args.json {
        writeln!(out, "{}", report.to_json())?;
    } else {
        write!(out, "{}", report.to_table(args.per_query))?;
    }
    Ok(())
}

#[cfg(feature = "serve")]
fn run_serve(index_dir: &Path, args: &args::ServeArgs) -> anyhow::Result<()> {
    let config = crate::serve::Config {
        index_dir: index_dir.to_path_buf(),
        addr: args.addr,
        api_key: args.api_key.clone().filter(|k| !k.is_empty()),
        uid: args.uid.clone(),
        cors_origins: args.cors_origins.clone(),
        max_body_bytes: usize::try_from(args.max_body_mb << 20).unwrap_or(usize::MAX),
        timeout: std::time::Duration::from_secs(args.timeout_secs),
        search_threads: args
            .search_threads
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
        heap_bytes: usize::try_from(args.heap_mb << 20).unwrap_or(usize::MAX),
    };
    // Refused before anything is built or bound: a public address without a key.
    crate::serve::check_exposure(&config)?;
    ensure_index(index_dir)?;
    crate::serve::run(config)
}

/// Builds the index from `./seeds` when it is missing, so a newcomer's first search works.
fn ensure_index(index_dir: &Path) -> anyhow::Result<()> {
    if index_dir.join("meta.json").exists() || !Path::new(DEFAULT_SEEDS).is_dir() {
        return Ok(());
    }
    eprintln!(
        "note: no index at {} yet; building it from ./{DEFAULT_SEEDS} first",
        index_dir.display()
    );
    let options = BuildOptions::new(index_dir, vec![PathBuf::from(DEFAULT_SEEDS)]);
    let summary = update_index(&options, &mut progress::StderrProgress::new())
        .with_context(|| format!("building {} from ./{DEFAULT_SEEDS}", index_dir.display()))?;
    eprintln!("indexed: {summary}");
    Ok(())
}
