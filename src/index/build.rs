//! `vnsearch index`: bringing the index up to date with a set of input files.
//!
//! The run is incremental: a file whose size and modification time are those recorded with
//! the last commit is not read at all (`stamps`); in a file that is read, an article whose
//! content hash is already in the index is skipped, a changed one is replaced (delete by id +
//! add), and articles whose file disappeared from an indexed directory, or now holds no text,
//! are deleted. Ids are unique within the index (`ids`). Writes are committed every
//! [`BuildOptions::commit_every_bytes`], inside a file too (JSON lines are streamed), so a
//! killed run loses at most that much work; the next run skips what was committed.
//! `--rebuild` deletes everything and commits once at the end, so the old index stays whole
//! until the new one is complete.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use tantivy::directory::error::LockError;
use tantivy::index::SegmentId;
use tantivy::{Index, IndexWriter, TantivyError, Term};

use super::files::{collect_garbage, disk_full_or, recover_from_failure};
use super::grouping;
use super::ids::{root_of, IdRegistry};
use super::lengths::save_length_totals;
use super::schema::Fields;
use super::stamps::{new_generation, Stamp, Stamps};
use super::state::{indexed_articles, IndexedArticle};
use super::store::{damaged_or, open_or_create, passage_documents};
use crate::ingest::fnv::Fnv1a;
use crate::ingest::{self, split_origin, Article, InputKind, Item, Warning, WarningKind};
use crate::{Error, Result};

/// Bumped whenever cleaning or analysis changes what gets indexed, so that unchanged input
/// files are re-indexed by the next run.
pub const PIPELINE_VERSION: u64 = 2;

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
    /// Commit after this many input bytes (not with `rebuild`), inside a file too.
    pub commit_every_bytes: u64,
    /// Largest input read: a `.txt` file, or one line of a JSON-lines file. Larger ones are
    /// skipped with a warning, so one runaway file cannot exhaust memory.
    pub max_file_bytes: u64,
    /// After a run that built the whole index (a new one, or `rebuild`), merge its segments
    /// into one (what Lucene's `forceMerge(1)` does for an archive that is mostly read).
    pub merge: bool,
}

impl BuildOptions {
    /// Options with the defaults of `vnsearch index`: 256 MiB heap, all cores (up to 8),
    /// a commit every 256 MiB of input, inputs of at most 64 MiB.
    pub fn new(index_dir: impl Into<PathBuf>, inputs: Vec<PathBuf>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        BuildOptions {
            index_dir: index_dir.into(),
            inputs,
            rebuild: false,
            heap_bytes: 256 << 20,
            threads: cores.clamp(1, 8),
            commit_every_bytes: 256 << 20,
            max_file_bytes: ingest::DEFAULT_MAX_INPUT_BYTES,
            merge: true,
        }
    }
}

/// What a run did; its `Display` is the one-line summary printed at the end.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct BuildSummary {
    pub files: usize,
    /// Files skipped without reading: same size and modification time as when their
    /// articles were last committed.
    pub files_unchanged: usize,
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
    /// Called as input is read, with the bytes read (or skipped as unchanged) since the last
    /// call.
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
    let run_start = SystemTime::now();
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
    // Never delete what sits under a directory this run could not list.
    let unlisted: Vec<PathBuf> = discover_warnings
        .iter()
        .filter(|w| matches!(w.kind, WarningKind::Unreadable { .. }))
        .map(|w| w.path.clone())
        .collect();
    for warning in input_warnings.into_iter().chain(discover_warnings) {
        warn(progress, &mut summary, warning);
    }
    summary.files = files.len();
    let metas: Vec<Option<std::fs::Metadata>> =
        files.iter().map(|f| std::fs::metadata(f).ok()).collect();
    let total_bytes: u64 = metas.iter().flatten().map(|m| m.len()).sum();

    let dir = &options.index_dir;
    let (index, fields) =
        open_for_build(dir, options.rebuild).map_err(|e| disk_full_or(e, dir, total_bytes))?;
    let mut writer = open_writer(&index, options).map_err(|e| disk_full_or(e, dir, total_bytes))?;
    // What a killed or failed run left behind would otherwise stay forever (and can fill
    // the disk): the writer lock is ours, so every uncommitted file is garbage.
    collect_garbage(&writer, dir)?;
    // Checked before this run commits anything (see `grouping`).
    let grouped = options.rebuild || grouping::committed_grouped(&index)?;
    let (existing, old_stamps) = if options.rebuild {
        writer.delete_all_documents()?;
        (HashMap::new(), Stamps::default())
    } else {
        let existing = indexed_articles(&index).map_err(|e| match e {
            Error::Tantivy(e) => damaged_or(dir, Some(&index), e),
            other => other,
        })?;
        (existing, Stamps::load(dir, &index))
    };
    progress.start(total_bytes);
    // A write that fails rolls back to the last commit and removes its files; `committed`
    // (input bytes whose articles are committed) tells how much input is left to index.
    let (mut consumed, mut committed) = (0u64, 0u64);
    let failed = |writer: &mut IndexWriter, error, committed: u64| {
        recover_from_failure(writer, error, dir, total_bytes.saturating_sub(committed))
    };

    let mut ids = IdRegistry::new(&existing, &files);
    let mut stamps = Stamps::default();
    let mut bytes_since_commit = 0u64;
    for (position, file) in files.iter().enumerate() {
        let stamp = metas[position].as_ref().and_then(Stamp::of);
        if let Some(stamp) = stamp.filter(|s| old_stamps.get(file) == Some(s)) {
            summary.files_unchanged += 1;
            summary.articles_unchanged += ids.keep_file(file);
            stamps.insert(file, stamp);
            progress.advance(stamp.size());
            consumed += stamp.size();
            continue;
        }
        let kind = InputKind::of(file).unwrap_or(InputKind::Text);
        let root = root_of(file, &inputs);
        let (mut warnings, mut troubled, mut articles, mut advanced) = (0, false, 0, 0u64);
        let read = ingest::read_file_each(file, options.max_file_bytes, |item, bytes| {
            match item {
                Item::Warning(warning) => {
                    warnings += 1;
                    troubled |= warning.kind.keeps_indexed();
                    warn(progress, &mut summary, warning);
                }
                Item::Article(mut article) => {
                    let clash = ids.claim(&mut article, kind, file, position, root);
                    // A renamed article is written; a JSON line whose id is held is not.
                    let accepted = !matches!(
                        clash,
                        Some(WarningKind::IdClash {
                            renamed_to: None,
                            ..
                        })
                    );
                    if let Some(clash) = clash {
                        warnings += 1;
                        troubled |= clash.keeps_indexed();
                        let warning = Warning::at_origin(clash, &article.origin);
                        warn(progress, &mut summary, warning);
                    }
                    if accepted {
                        articles += 1;
                        write_article(&writer, &fields, &article, &existing, &mut summary)
                            .map_err(|e| failed(&mut writer, e, committed))?;
                    }
                }
            }
            progress.advance(bytes);
            advanced += bytes;
            consumed += bytes;
            bytes_since_commit += bytes;
            if !options.rebuild && bytes_since_commit >= options.commit_every_bytes {
                commit(&mut writer, dir, &stamps, grouped)
                    .map_err(|e| failed(&mut writer, e, committed))?;
                committed = consumed;
                bytes_since_commit = 0;
            }
            Ok::<(), Error>(())
        })?;
        let rest = read.saturating_sub(advanced);
        summary.bytes_read += read;
        progress.advance(rest);
        consumed += rest;
        bytes_since_commit += rest;
        if troubled {
            // Never delete what a file held because this run could not read it whole.
            ids.keep_file(file);
        }
        if warnings > 0 && articles == 0 {
            summary.files_skipped += 1;
        }
        if let Some(stamp) = stamp.filter(|s| warnings == 0 && !s.is_racy(run_start)) {
            stamps.insert(file, stamp);
        }
    }

    for (id, state) in &existing {
        let (path, _) = split_origin(&state.origin);
        let listed = !unlisted.iter().any(|dir| path.starts_with(dir));
        if !ids.is_claimed(id) && listed && inputs.iter().any(|input| path.starts_with(input)) {
            writer.delete_term(Term::from_field_text(fields.article_id, id));
            summary.articles_deleted += 1;
        }
    }
    commit(&mut writer, dir, &stamps, grouped).map_err(|e| failed(&mut writer, e, committed))?;
    if let Err(error) = writer.wait_merging_threads() {
        // Everything is committed, but a merge failed (out of room?): its files are garbage.
        let mut writer = open_writer(&index, options)?;
        return Err(recover_from_failure(&mut writer, error.into(), dir, 0));
    }
    if options.merge && (options.rebuild || existing.is_empty()) {
        merge_into_one(&index, options)?;
    }
    save_length_totals(&index, dir)?;
    progress.finish();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Commits, tagging the commit with a new generation (marked when every article of the
/// index is grouped, see `grouping`), then records the file stamps that belong to it (see
/// `stamps`).
fn commit(writer: &mut IndexWriter, dir: &Path, stamps: &Stamps, grouped: bool) -> Result<()> {
    let payload = grouping::payload(&new_generation(), grouped);
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    stamps.save(dir, &payload)
}

/// Reports a warning now and keeps it for the summary.
fn warn(progress: &mut dyn Progress, summary: &mut BuildSummary, warning: Warning) {
    progress.warn(&warning);
    summary.warnings.push(warning);
}

/// Writes one article unless it is unchanged (same content hash, from the same origin file).
pub(super) fn write_article(
    writer: &IndexWriter,
    fields: &Fields,
    article: &Article,
    existing: &HashMap<String, IndexedArticle>,
    summary: &mut BuildSummary,
) -> Result<()> {
    let hash = content_hash(article);
    match existing.get(&article.id) {
        Some(state)
            if state.hash == hash
                && split_origin(&state.origin).0 == split_origin(&article.origin).0 =>
        {
            summary.articles_unchanged += 1;
            return Ok(());
        }
        Some(_) => {
            writer.delete_term(Term::from_field_text(fields.article_id, &article.id));
            summary.articles_replaced += 1;
        }
        None => summary.articles_added += 1,
    }
    grouping::add_article(writer, passage_documents(fields, article, hash))?;
    summary.passages_written += article.passages.len();
    Ok(())
}

/// Absolute input paths, so that origins stored in the index compare across working dirs.
fn canonical_inputs(inputs: &[PathBuf], warnings: &mut Vec<Warning>) -> Vec<PathBuf> {
    inputs
        .iter()
        .filter_map(|p| match std::fs::canonicalize(p) {
            Ok(path) => Some(path),
            Err(e) => {
                warnings.push(Warning::unreadable(p, e));
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

/// Merges the committed segments of `index` into one. A search opens and reads every
/// segment's dictionaries, columns and norms: on the shared archive, one segment instead of
/// the four a 2-thread build leaves made the in-process p50 10% lower and a whole `vnsearch
/// search` process 0.8 ms shorter, for 2.3 s of merging (a fifth of the build). Segments
/// are concatenated in order, so every article stays whole in one segment (`grouping`). A
/// failed merge (out of room?) leaves the committed index as it was and its files as garbage.
fn merge_into_one(index: &Index, options: &BuildOptions) -> Result<()> {
    let segments = index.searchable_segment_ids()?;
    if segments.len() < 2 {
        return Ok(());
    }
    let writer = open_writer(index, options)?;
    if let Err(error) = merge_segments(writer, &segments) {
        let mut writer = open_writer(index, options)?;
        return Err(recover_from_failure(
            &mut writer,
            error.into(),
            &options.index_dir,
            0,
        ));
    }
    Ok(())
}

/// Merges the committed `segments` into one with `writer` (nothing else written meanwhile)
/// and waits for it. The commit's payload stays.
pub(crate) fn merge_segments(
    mut writer: IndexWriter,
    segments: &[SegmentId],
) -> tantivy::Result<()> {
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    writer.merge(segments).wait()?;
    writer.wait_merging_threads()
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

/// Hash of the content an article puts into the index (FNV-1a, 64 bits): stable across runs
/// and platforms, unlike `std`'s hasher. It depends on the id and the content only, not on
/// where the article was read (a JSON line that moves down a file is unchanged); a move to
/// another file is noticed by comparing origins.
pub fn content_hash(article: &Article) -> u64 {
    let mut hash = Fnv1a::new();
    hash.write(&PIPELINE_VERSION.to_le_bytes());
    for part in [&article.id, &article.title, &article.raw] {
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
    fn content_hash_changes_with_any_field() {
        let article = crate::ingest::clean_article("a1", "Tiêu đề\n\nĐoạn một.", "/x/a1.txt");
        let base = content_hash(&article);
        let mut changed = article.clone();
        changed.passages[0].push('!');
        assert_ne!(base, content_hash(&changed));
        let mut retitled = article.clone();
        retitled.title.push('!');
        assert_ne!(base, content_hash(&retitled));
        assert_eq!(base, content_hash(&article.clone()));
    }

    #[test]
    fn content_hash_ignores_where_the_article_was_read() {
        let mut article = crate::ingest::clean_article("a1", "Nội dung.", "/x/a.jsonl:1");
        let first = content_hash(&article);
        article.origin = "/x/a.jsonl:40".into();
        assert_eq!(first, content_hash(&article));
    }
}
