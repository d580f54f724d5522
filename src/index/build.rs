//! `vnsearch index`: bringing the index up to date with a set of input files.
//!
//! The run is incremental: an article whose content hash is already in the index is skipped,
//! a changed one is replaced (delete by id + add), and articles whose file disappeared from an
//! indexed directory are deleted. Writes are committed every [`BuildOptions::commit_every_bytes`]
//! so a killed run loses at most that much work; the next run skips what was committed.
//! `--rebuild` deletes everything and commits once at the end, so the old index stays whole
//! until the new one is complete.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::directory::error::LockError;
use tantivy::{Index, IndexWriter, TantivyError, Term};

use super::files::{collect_garbage, disk_full_or, recover_from_failure};
use super::schema::Fields;
use super::state::{indexed_articles, IndexedArticle};
use super::store::{damaged_or, open_or_create, passage_documents};
use crate::ingest::fnv::Fnv1a;
use crate::ingest::{self, Article, Warning};
use crate::{Error, Result};

/// Bumped whenever cleaning or analysis changes what gets indexed, so that unchanged input
/// files are re-indexed by the next run.
pub const PIPELINE_VERSION: u64 = 1;

/// What to index, where, and with how much memory.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Index directory (created when missing).
    pub index_dir: PathBuf,
    /// Files and directories to read.
    pub inputs: Vec<PathBuf>,
    /// Delete everything first and rebuild from the inputs.
    pub rebuild: bool,
    /// Total memory budget of the tantivy writer, in bytes.
    pub heap_bytes: usize,
    /// Indexing threads (tantivy segment writers).
    pub threads: usize,
    /// Commit after this many input bytes (not with `rebuild`).
    pub commit_every_bytes: u64,
}

impl BuildOptions {
    /// Options with the defaults of `vnsearch index`: 256 MiB heap, all cores (up to 8),
    /// a commit every 256 MiB of input.
    pub fn new(index_dir: impl Into<PathBuf>, inputs: Vec<PathBuf>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        BuildOptions {
            index_dir: index_dir.into(),
            inputs,
            rebuild: false,
            heap_bytes: 256 << 20,
            threads: cores.clamp(1, 8),
            commit_every_bytes: 256 << 20,
        }
    }
}

/// What a run did; its `Display` is the one-line summary printed at the end.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct BuildSummary {
    pub files: usize,
    pub articles_added: usize,
    pub articles_replaced: usize,
    pub articles_unchanged: usize,
    pub articles_deleted: usize,
    pub passages_written: usize,
    pub bytes_read: u64,
    pub seconds: f64,
    /// Files that yielded no article because of a problem (each has a warning).
    pub files_skipped: usize,
    #[serde(serialize_with = "serialize_warnings")]
    pub warnings: Vec<Warning>,
}

fn serialize_warnings<S: serde::Serializer>(w: &[Warning], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(w.iter().map(ToString::to_string))
}

impl BuildSummary {
    /// Input throughput in MB/s (10^6 bytes).
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes_read as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let articles = self.articles_added + self.articles_replaced + self.articles_unchanged;
        write!(
            f,
            "{articles} articles ({} new, {} changed, {} unchanged, {} deleted), \
             {} passages written, {:.2} MB read in {:.2} s ({:.1} MB/s), {} files, \
             {} skipped, {} warnings",
            self.articles_added,
            self.articles_replaced,
            self.articles_unchanged,
            self.articles_deleted,
            self.passages_written,
            self.bytes_read as f64 / 1e6,
            self.seconds,
            self.mb_per_s(),
            self.files,
            self.files_skipped,
            self.warnings.len(),
        )
    }
}

/// Receives progress while the index is built (the CLI draws a bar; tests stay silent).
pub trait Progress {
    /// Called once with the total size of the input files.
    fn start(&mut self, _total_bytes: u64) {}
    /// Called after each file with the bytes it held.
    fn advance(&mut self, _bytes: u64) {}
    /// Called for each problem as soon as it is found.
    fn warn(&mut self, _warning: &Warning) {}
    /// Called once at the end.
    fn finish(&mut self) {}
}

/// A [`Progress`] that reports nothing.
pub struct Silent;
impl Progress for Silent {}

/// Brings the index at `options.index_dir` up to date with `options.inputs`.
pub fn update_index(options: &BuildOptions, progress: &mut dyn Progress) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut summary = BuildSummary::default();
    let mut input_warnings = Vec::new();
    let inputs = canonical_inputs(&options.inputs, &mut input_warnings);
    if inputs.is_empty() && !options.inputs.is_empty() {
        let problems: Vec<String> = input_warnings.iter().map(ToString::to_string).collect();
        return Err(Error::InvalidOption(format!(
            "nothing to index: {}",
            problems.join("; ")
        )));
    }
    let (files, discover_warnings) = ingest::discover(&inputs);
    for warning in input_warnings.into_iter().chain(discover_warnings) {
        warn(progress, &mut summary, warning);
    }
    summary.files = files.len();
    let total_bytes = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();

    let dir = &options.index_dir;
    let (index, fields) =
        open_for_build(dir, options.rebuild).map_err(|e| disk_full_or(e, dir, total_bytes))?;
    let mut writer = open_writer(&index, options).map_err(|e| disk_full_or(e, dir, total_bytes))?;
    // What a killed or failed run left behind would otherwise stay forever (and can fill
    // the disk): the writer lock is ours, so every uncommitted file is garbage.
    collect_garbage(&writer, dir)?;
    let existing = if options.rebuild {
        writer.delete_all_documents()?;
        HashMap::new()
    } else {
        indexed_articles(&index).map_err(|e| match e {
            Error::Tantivy(e) => damaged_or(dir, Some(&index), e),
            other => other,
        })?
    };
    progress.start(total_bytes);
    // A write that fails rolls back to the last commit and removes its files; `committed`
    // (input bytes whose articles are committed) tells how much input is left to index.
    let mut committed = 0u64;
    let failed = |writer: &mut IndexWriter, error, committed: u64| {
        recover_from_failure(writer, error, dir, total_bytes.saturating_sub(committed))
    };

    let mut seen: HashMap<String, String> = HashMap::new();
    let mut troubled_files: HashSet<PathBuf> = HashSet::new();
    let mut bytes_since_commit = 0u64;
    for file in &files {
        let read = ingest::read_file(file);
        summary.bytes_read += read.bytes;
        bytes_since_commit += read.bytes;
        if !read.warnings.is_empty() {
            // Never delete what a file held because this run could not read it whole.
            troubled_files.insert(file.clone());
            if read.articles.is_empty() {
                summary.files_skipped += 1;
            }
        }
        for warning in read.warnings {
            warn(progress, &mut summary, warning);
        }
        for article in read.articles {
            if let Some(problem) = write_article(
                &writer,
                &fields,
                &article,
                &existing,
                &mut seen,
                &mut summary,
            )
            .map_err(|e| failed(&mut writer, e, committed))?
            {
                warn(progress, &mut summary, problem);
            }
        }
        progress.advance(read.bytes);
        if !options.rebuild && bytes_since_commit >= options.commit_every_bytes {
            writer
                .commit()
                .map_err(|e| failed(&mut writer, e.into(), committed))?;
            committed = summary.bytes_read;
            bytes_since_commit = 0;
        }
    }

    for (id, state) in &existing {
        if !seen.contains_key(id) && removed_from_inputs(state, &inputs, &troubled_files) {
            writer.delete_term(Term::from_field_text(fields.article_id, id));
            summary.articles_deleted += 1;
        }
    }
    writer
        .commit()
        .map_err(|e| failed(&mut writer, e.into(), committed))?;
    if let Err(error) = writer.wait_merging_threads() {
        // Everything is committed, but a merge failed (out of room?): its files are garbage.
        let mut writer = open_writer(&index, options)?;
        return Err(recover_from_failure(&mut writer, error.into(), dir, 0));
    }
    progress.finish();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Reports a warning now and keeps it for the summary.
fn warn(progress: &mut dyn Progress, summary: &mut BuildSummary, warning: Warning) {
    progress.warn(&warning);
    summary.warnings.push(warning);
}

/// Writes one article unless it is unchanged; returns a warning for a duplicate id.
pub(super) fn write_article(
    writer: &IndexWriter,
    fields: &Fields,
    article: &Article,
    existing: &HashMap<String, IndexedArticle>,
    seen: &mut HashMap<String, String>,
    summary: &mut BuildSummary,
) -> Result<Option<Warning>> {
    if article.passages.is_empty() {
        return Ok(Some(Warning {
            origin: article.origin.clone(),
            message: format!("article {:?} has no text after cleaning", article.id),
        }));
    }
    if let Some(first) = seen.get(&article.id) {
        return Ok(Some(Warning {
            origin: article.origin.clone(),
            message: format!(
                "duplicate article id {:?} (first seen in {first}); kept the first",
                article.id
            ),
        }));
    }
    seen.insert(article.id.clone(), article.origin.clone());
    let hash = content_hash(article);
    match existing.get(&article.id) {
        Some(state) if state.hash == hash => {
            summary.articles_unchanged += 1;
            return Ok(None);
        }
        Some(_) => {
            writer.delete_term(Term::from_field_text(fields.article_id, &article.id));
            summary.articles_replaced += 1;
        }
        None => summary.articles_added += 1,
    }
    for document in passage_documents(fields, article, hash) {
        writer.add_document(document)?;
    }
    summary.passages_written += article.passages.len();
    Ok(None)
}

/// Whether an indexed article came from the inputs of this run (so its absence now means
/// it was removed) and not from a file this run failed to read.
fn removed_from_inputs(
    state: &IndexedArticle,
    inputs: &[PathBuf],
    troubled_files: &HashSet<PathBuf>,
) -> bool {
    let path = origin_path(&state.origin);
    !troubled_files.contains(path) && inputs.iter().any(|input| path.starts_with(input))
}

/// The file part of an origin (`path` or `path:line` for JSON lines).
fn origin_path(origin: &str) -> &Path {
    match origin.rsplit_once(':') {
        Some((path, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => {
            Path::new(path)
        }
        _ => Path::new(origin),
    }
}

/// Absolute input paths, so that origins stored in the index compare across working dirs.
fn canonical_inputs(inputs: &[PathBuf], warnings: &mut Vec<Warning>) -> Vec<PathBuf> {
    inputs
        .iter()
        .filter_map(|p| match std::fs::canonicalize(p) {
            Ok(path) => Some(path),
            Err(e) => {
                warnings.push(Warning {
                    origin: p.display().to_string(),
                    message: format!("cannot read input: {e}"),
                });
                None
            }
        })
        .collect()
}

fn open_for_build(dir: &Path, rebuild: bool) -> Result<(Index, Fields)> {
    match open_or_create(dir) {
        // An index of an older layout cannot be updated in place, but it can be replaced.
        Err(Error::IncompatibleIndex(_) | Error::Damaged { .. }) if rebuild => {
            remove_index_files(dir)?;
            open_or_create(dir)
        }
        other => other,
    }
}

/// Removes the files of a tantivy index (and nothing else) from `dir`.
fn remove_index_files(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name.ends_with(".lock")
            || [
                ".idx",
                ".pos",
                ".term",
                ".store",
                ".fast",
                ".fieldnorm",
                ".del",
            ]
            .iter()
            .any(|ext| name.ends_with(ext));
        if ours && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

pub(super) fn open_writer(index: &Index, options: &BuildOptions) -> Result<IndexWriter> {
    // tantivy wants at least 15 MB per thread; fewer threads beat a failed run.
    let min_per_thread = 15_000_000;
    let threads = options
        .threads
        .clamp(1, (options.heap_bytes / min_per_thread).max(1));
    let heap = options.heap_bytes.max(min_per_thread * threads);
    index
        .writer_with_num_threads(threads, heap)
        .map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => {
                Error::Locked(options.index_dir.clone())
            }
            other => Error::Tantivy(other),
        })
}

/// Hash of everything an article puts into the index (FNV-1a, 64 bits): stable across runs
/// and platforms, unlike `std`'s hasher.
pub fn content_hash(article: &Article) -> u64 {
    let mut hash = Fnv1a::new();
    hash.write(&PIPELINE_VERSION.to_le_bytes());
    for part in [&article.id, &article.title, &article.raw, &article.origin] {
        hash.write_field(part.as_bytes());
    }
    let date = article.date.map(|d| d.to_string()).unwrap_or_default();
    for part in [&date, opt(&article.source), opt(&article.url)] {
        hash.write_field(part.as_bytes());
    }
    for passage in &article.passages {
        hash.write_field(passage.as_bytes());
    }
    hash.finish()
}

fn opt(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_path_strips_line_numbers_only() {
        assert_eq!(origin_path("/a/b.jsonl:12"), Path::new("/a/b.jsonl"));
        assert_eq!(origin_path("/a/b.txt"), Path::new("/a/b.txt"));
        assert_eq!(origin_path("/a/c:d.txt"), Path::new("/a/c:d.txt"));
    }

    #[test]
    fn content_hash_changes_with_any_field() {
        let article = crate::ingest::clean_article("a1", "Tiêu đề\n\nĐoạn một.", "/x/a1.txt");
        let base = content_hash(&article);
        let mut changed = article.clone();
        changed.passages[0].push('!');
        assert_ne!(base, content_hash(&changed));
        let mut moved = article.clone();
        moved.origin = "/y/a1.txt".into();
        assert_ne!(base, content_hash(&moved));
        assert_eq!(base, content_hash(&article.clone()));
    }
}
