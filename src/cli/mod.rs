//! Command-line arguments and printing only; all logic lives in the library modules.
//!
//! Stdout carries results only; progress, warnings, notes and timings go to stderr.
//! Exit codes: 0 success, 1 failure, 2 usage error (bad arguments or query).

pub mod args;
pub mod progress;
pub mod render;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Parser;

use crate::index::{self, BuildOptions};
use crate::Error;
use args::{Cli, ColorChoice, Command, IndexArgs};

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
        Command::Search(_) | Command::Show(_) => {
            let _ = color;
            Ok(())
        }
        Command::Bench(_) => Ok(()),
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
    let summary = index::build(&options, &mut progress::StderrProgress::new())
        .with_context(|| format!("indexing into {}", index_dir.display()))?;
    eprintln!("indexed: {summary}");
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    }
    Ok(())
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
    let summary = index::build(&options, &mut progress::StderrProgress::new())
        .with_context(|| format!("building {} from ./{DEFAULT_SEEDS}", index_dir.display()))?;
    eprintln!("indexed: {summary}");
    Ok(())
}
