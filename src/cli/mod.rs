//! The command line: arguments, printing and progress only; all logic lives in the library.
//!
//! Stdout carries results only; progress, warnings, notes and timings go to stderr.
//! Exit codes: 0 success (also when the reader of stdout closes it early), 1 failure, 2 usage
//! error (bad arguments or query, an `--index` that holds no index).

mod args;
mod argv;
mod first_use;
mod progress;
pub(crate) mod render;
mod terminal;

use std::io::IsTerminal;
use std::path::Path;

use clap::{CommandFactory, FromArgMatches};

use args::{BenchArgs, Cli, ColorChoice, Command, IndexArgs, SearchArgs, ShowArgs};
use first_use::{ready_index, IndexLocation};
use terminal::{eprint_line, eprint_lines, stderr_is_terminal, write_stdout, StdoutClosed};
use vnsearch::{update_index, BuildOptions, Error, SearchOptions, Searcher};

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match run(&cli) {
        Ok(()) => 0,
        Err(e) if e.is::<StdoutClosed>() => 0,
        Err(e) => {
            let usage = e.downcast_ref::<Error>().is_some_and(Error::is_usage);
            eprint_line(&format!("vnsearch: error: {}", error_text(&e)));
            if usage {
                2
            } else {
                1
            }
        }
    }
}

/// Parses the command line, or prints why it cannot (help and version on stdout, exit 0;
/// usage errors on stderr, exit 2) and returns the exit code.
fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, i32> {
    let mut command = Cli::command();
    command.build();
    let args = match argv::query_words_after_dashes(args, &command) {
        Ok(args) => args,
        Err(message) => {
            eprint_line(&format!("vnsearch: error: {message}"));
            return Err(2);
        }
    };
    let parsed = command
        .try_get_matches_from(args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    parsed.map_err(|e| {
        let code = e.exit_code();
        if e.use_stderr() && stderr_is_terminal() {
            // Plain text through the terminal filter: the message quotes the user's input.
            eprint_lines(&e.render().to_string());
        } else {
            // Help and version (stdout), or an error into a pipe; a closed pipe is fine.
            let _ = e.print();
        }
        code
    })
}

/// The error and its causes on one line, each said once: a cause whose text the line
/// already holds (an I/O error inside a message that quotes it) is not repeated.
fn error_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    let location = |command: Option<&std::path::PathBuf>| {
        IndexLocation::from_options(cli.index.as_ref(), command)
    };
    let color = |command: Option<ColorChoice>| use_color(command.or(cli.color));
    match &cli.command {
        Command::Index(args) => run_index(location(args.location.index.as_ref()).dir(), args),
        Command::Search(args) => run_search(
            &location(args.location.index.as_ref()),
            args,
            color(args.color.color),
        ),
        Command::Show(args) => run_show(
            &location(args.location.index.as_ref()),
            args,
            color(args.color.color),
        ),
        #[cfg(feature = "bench")]
        Command::Bench(args) => run_bench(args),
        #[cfg(feature = "bench")]
        Command::Eval(args) => run_eval(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => run_serve(&location(args.location.index.as_ref()), args),
    }
}

/// How stdout is written for people: colours, and whether input text must be made safe
/// for a terminal (a terminal, or `--color always`, whose output is meant for one).
#[derive(Debug, Clone, Copy)]
struct Output {
    color: bool,
    terminal: bool,
}

/// Colour on stdout: asked for, or `auto` on a terminal without `NO_COLOR`.
fn use_color(choice: Option<ColorChoice>) -> Output {
    let terminal = std::io::stdout().is_terminal();
    let color = match choice.unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
    };
    Output {
        color,
        terminal: terminal || choice == Some(ColorChoice::Always),
    }
}

fn run_index(index_dir: &Path, args: &IndexArgs) -> anyhow::Result<()> {
    let mut options = BuildOptions::new(index_dir, args.paths.clone());
    options.rebuild = args.rebuild;
    options.heap_bytes = usize::try_from(args.heap_mb << 20).unwrap_or(usize::MAX);
    options.commit_every_bytes = args.commit_every_mb << 20;
    options.max_file_bytes = args.max_file_mb << 20;
    options.merge = !args.no_merge;
    if let Some(threads) = args.threads {
        options.threads = usize::try_from(threads).unwrap_or(1);
    }
    let summary = update_index(&options, &mut progress::StderrProgress::new()).map_err(|e| {
        // Most errors name the index already; the others get it as context.
        if e.to_string().contains(&index_dir.display().to_string()) {
            anyhow::Error::new(e)
        } else {
            anyhow::Error::new(e).context(format!("indexing into {}", index_dir.display()))
        }
    })?;
    eprint_line(&format!("indexed: {summary}"));
    if args.json {
        let mut json = serde_json::to_vec_pretty(&summary)?;
        json.push(b'\n');
        write_stdout(&json)?;
    }
    if summary.files > 0 && summary.files_skipped == summary.files {
        anyhow::bail!(
            "nothing indexed: {} (see the warning{} above)",
            if summary.files == 1 {
                "the input file could not be read".to_string()
            } else {
                format!("none of the {} input files could be read", summary.files)
            },
            if summary.files == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

fn run_search(location: &IndexLocation, args: &SearchArgs, output: Output) -> anyhow::Result<()> {
    let searcher = open_searcher(location)?;
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
        collapse: !args.no_collapse,
    };
    let results = searcher.search(&options)?;
    // The summary line also says when the hits come from the accent-insensitive retry.
    eprint_line(&render::render_summary(&results));
    print(args.json, &results, || {
        render::render_hits(
            &results,
            render::Style {
                color: output.color,
            },
        )
    })
}

fn run_show(location: &IndexLocation, args: &ShowArgs, output: Output) -> anyhow::Result<()> {
    let searcher = open_searcher(location)?;
    let view = searcher.article(&args.id, args.query.as_deref(), args.accents.into())?;
    if args.raw && !args.json {
        let raw = if output.terminal {
            terminal::for_terminal(&view.raw, true)
        } else {
            std::borrow::Cow::Borrowed(view.raw.as_str())
        };
        return write_stdout(raw.as_bytes());
    }
    print(args.json, &view, || {
        render::render_article(
            &view,
            render::Style {
                color: output.color,
            },
        )
    })
}

/// Prints a result on stdout: one JSON object (`--json`, exact), or its rendering for people
/// (whose input text the renderer has made safe).
fn print(
    json: bool,
    value: &impl serde::Serialize,
    render: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    if json {
        let mut bytes = serde_json::to_vec(value)?;
        bytes.push(b'\n');
        write_stdout(&bytes)
    } else {
        write_stdout(render().as_bytes())
    }
}

/// Opens the searcher of `location`, building the default index on first use.
/// The searcher of a one-shot command, left to the operating system when the process ends:
/// dropping it unmaps the index's files one by one and frees every cache, which took a tenth
/// of a one-query `vnsearch search` process for nothing.
fn open_searcher(location: &IndexLocation) -> anyhow::Result<&'static Searcher> {
    let dir = ready_index(location)?;
    Ok(Box::leak(Box::new(Searcher::open(&dir)?)))
}

#[cfg(feature = "bench")]
fn run_bench(args: &BenchArgs) -> anyhow::Result<()> {
    if args.generate_only {
        let dir = vnsearch::bench::corpus_dir(&args.data_dir, args.mb, args.seed);
        eprint_line(&format!(
            "corpus: generating {} MB in {} (reused if there)",
            args.mb,
            dir.display()
        ));
        let info = vnsearch::bench::generate(
            &dir,
            args.mb,
            args.seed,
            vnsearch::bench::CorpusFormat::Txt,
        )?;
        eprint_line(&format!("corpus: {} articles", info.articles));
        return write_stdout(format!("{}\n", dir.display()).as_bytes());
    }
    let isolate = if args.in_process || args.child_engine.is_some() {
        None
    } else {
        Some(anyhow::Context::context(
            std::env::current_exe(),
            "finding this executable to run the engines",
        )?)
    };
    let options = vnsearch::bench::BenchOptions {
        mb: args.corpus.is_none().then_some(args.mb),
        corpus: args.corpus.clone(),
        queries: args.queries,
        json: args.json,
        data_dir: args.data_dir.clone(),
        seed: args.seed,
        runs: usize::try_from(args.runs).unwrap_or(1),
        isolate,
    };
    if args.print_queries {
        let mut out = String::new();
        for (class, query) in vnsearch::bench::query_mix(&options, &mut std::io::stderr())? {
            out.push_str(class.name());
            out.push('\t');
            out.push_str(&query);
            out.push('\n');
        }
        return write_stdout(out.as_bytes());
    }
    if let Some(engine) = &args.child_engine {
        let run = vnsearch::bench::run_engine(&options, engine, &mut std::io::stderr())?;
        let line =
            anyhow::Context::context(serde_json::to_string(&run), "writing the engine's figures")?;
        return write_stdout(format!("{line}\n").as_bytes());
    }
    let report = vnsearch::bench::run(&options, &mut std::io::stderr())?;
    if args.json {
        write_stdout(format!("{}\n", report.to_json()).as_bytes())
    } else {
        write_stdout(report.to_table().as_bytes())
    }
}

#[cfg(feature = "bench")]
fn run_eval(args: &args::EvalArgs) -> anyhow::Result<()> {
    use vnsearch::bench::eval;
    let options = eval::EvalOptions {
        engines: args.engines.iter().map(|&e| e.into()).collect(),
        data_dir: args.data_dir.clone(),
        ..eval::EvalOptions::new(&args.corpus, &args.judgments)
    };
    if args.pool {
        let pool = eval::pool(&options, &mut std::io::stderr())?;
        eprint_line(&format!(
            "pool: {} articles to judge in {} queries",
            pool.len(),
            pool.queries.len()
        ));
        return if args.json {
            write_stdout(format!("{}\n", pool.to_json()).as_bytes())
        } else {
            // Titles and text of articles: made safe when they go to a terminal.
            let text = pool.to_text();
            match std::io::stdout().is_terminal() {
                true => write_stdout(terminal::for_terminal(&text, true).as_bytes()),
                false => write_stdout(text.as_bytes()),
            }
        };
    }
    let report = eval::evaluate(&options, &mut std::io::stderr())?;
    if args.json {
        write_stdout(format!("{}\n", report.to_json()).as_bytes())
    } else {
        write_stdout(report.to_table(args.per_query).as_bytes())
    }
}

#[cfg(feature = "serve")]
fn run_serve(location: &IndexLocation, args: &args::ServeArgs) -> anyhow::Result<()> {
    let config = crate::serve::Config {
        index_dir: location.dir().to_path_buf(),
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
    ready_index(location)?;
    crate::serve::run(config)
}
