//! Whether every article's passages are one run of consecutive documents in one segment.
//!
//! The writer hands tantivy each article's passages as one batch ([`add_article`]), and
//! tantivy indexes a batch into one segment, in order; merges concatenate segments, and an
//! article is only ever deleted whole. So in an index written this way, a search meets an
//! article's matching passages one after the other, and can gather its evidence without
//! looking it up in a map (the main cost of a broad query). Indexes written before, one
//! passage at a time, may have an article split across the segments of two indexing threads.
//!
//! Each commit says which it is: its payload (tantivy's `meta.json`) ends with
//! [`GROUPED_SUFFIX`] when every segment of it was written by batches. A run marks its commits
//! only when it started from a marked or empty index or rebuilt it; an older vnsearch writes
//! no mark, so its commits read as ungrouped, which is always correct (only slower).

use tantivy::indexer::UserOperation;
use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexWriter};

use crate::Result;

/// The end of the payload of a commit whose articles are all grouped.
const GROUPED_SUFFIX: &str = "+grouped";

/// Adds the documents of one article as one batch (one segment, consecutive documents).
pub fn add_article(writer: &IndexWriter, documents: Vec<TantivyDocument>) -> Result<()> {
    writer.run(documents.into_iter().map(UserOperation::Add))?;
    Ok(())
}

/// Commits a writer that has written every article of its (new or rebuilt) index with
/// [`add_article`], marking the commit grouped (in-memory and benchmark indexes, which keep
/// no file stamps).
pub fn commit_grouped(writer: &mut IndexWriter) -> Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload(&super::stamps::new_generation(), true));
    prepared.commit()?;
    Ok(())
}

/// The payload of a commit of generation `generation` (see `stamps`), marked when `grouped`.
pub fn payload(generation: &str, grouped: bool) -> String {
    if grouped {
        format!("{generation}{GROUPED_SUFFIX}")
    } else {
        generation.to_string()
    }
}

/// Whether a commit with this payload is marked grouped.
fn is_marked(payload: Option<&str>) -> bool {
    payload.is_some_and(|p| p.ends_with(GROUPED_SUFFIX))
}

/// Whether the last commit of `index` has every article grouped: marked, or empty (so that
/// a run writing into it may mark its commits).
pub fn committed_grouped(index: &Index) -> Result<bool> {
    let metas = index.load_metas()?;
    Ok(is_marked(metas.payload.as_deref()) || metas.segments.iter().all(|s| s.num_docs() == 0))
}

/// Whether the segments `searcher` reads have every article grouped: they must be exactly
/// those of a marked commit (a searcher opened before a rebuild reads older segments).
pub fn searcher_grouped(searcher: &tantivy::Searcher) -> Result<bool> {
    let metas = searcher.index().load_metas()?;
    if !is_marked(metas.payload.as_deref()) {
        return Ok(false);
    }
    let mut committed: Vec<_> = metas.segments.iter().map(|s| s.id()).collect();
    let mut read: Vec<_> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.segment_id())
        .collect();
    committed.sort_unstable();
    read.sort_unstable();
    Ok(committed == read)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::index::{update_index, BuildOptions, Silent};

    fn searcher_of(dir: &std::path::Path) -> tantivy::Searcher {
        let (index, _) = crate::index::open(dir).unwrap();
        index.reader().unwrap().searcher()
    }

    fn build(index: &std::path::Path, input: &std::path::Path, rebuild: bool) {
        let mut options = BuildOptions::new(index, vec![input.to_path_buf()]);
        (options.heap_bytes, options.threads, options.rebuild) = (30_000_000, 2, rebuild);
        update_index(&options, &mut Silent).unwrap();
    }

    /// A new index is marked; an index whose last commit is not (written by an older
    /// vnsearch) stays unmarked through updates, until it is rebuilt.
    #[test]
    fn marks_only_indexes_written_by_batches() {
        let dir = tempfile::tempdir().unwrap();
        let (input, index) = (dir.path().join("in"), dir.path().join("index"));
        std::fs::create_dir(&input).unwrap();
        let write = |name: &str| {
            let body = "Hai tỉnh ký kết hợp tác nghề cá.\n\nNgư dân được hỗ trợ tàu thuyền.";
            std::fs::write(input.join(name), format!("Tin {name}\n\n{body}")).unwrap();
        };
        write("a.txt");
        build(&index, &input, false);
        assert!(searcher_grouped(&searcher_of(&index)).unwrap());

        // What an older vnsearch leaves: a commit with an unmarked payload.
        let (old, _) = crate::index::open(&index).unwrap();
        let mut writer: IndexWriter = old.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload("vnsearch-older");
        prepared.commit().unwrap();
        drop(writer);
        assert!(!searcher_grouped(&searcher_of(&index)).unwrap());

        write("b.txt");
        build(&index, &input, false);
        assert!(!searcher_grouped(&searcher_of(&index)).unwrap());
        build(&index, &input, true);
        assert!(searcher_grouped(&searcher_of(&index)).unwrap());
    }

    #[test]
    fn only_marked_payloads_are_grouped() {
        assert!(is_marked(Some(&payload("vnsearch-1", true))));
        assert!(!is_marked(Some(&payload("vnsearch-1", false))));
        assert!(!is_marked(None));
    }
}
