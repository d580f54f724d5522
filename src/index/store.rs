//! Opening and creating indexes, and turning an [`Article`] into passage documents.

use std::path::Path;

use tantivy::schema::Schema;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{doc, Index, IndexSettings, TantivyDocument, TantivyError};

use super::files::IndexDirectory;
use super::schema::{article_key, build_schema, pair_tokenizer, Fields};
use crate::ingest::date::day_start;
use crate::ingest::{Article, Fingerprint};
use crate::{text, Error, Result};

/// Opens the index at `path`, creating it (and the directory) when there is none.
pub fn open_or_create(path: &Path) -> Result<(Index, Fields)> {
    if path.join("meta.json").exists() {
        return open(path);
    }
    if path.exists() && !path.is_dir() {
        return Err(not_a_directory(path));
    }
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
    let (schema, fields) = build_schema();
    let index = Index::create(directory(path)?, schema, settings())?;
    text::register(&index);
    Ok((index, fields))
}

/// Doc-store compression: zstd at this level, over blocks of [`DOC_STORE_BLOCK_BYTES`]. The
/// store (passages, titles, the raw articles) was over half the index with tantivy's default
/// (lz4, 16 KB blocks). On the shared archive, zstd 3 over 32 KB blocks stored it in 70 MB
/// instead of 117 (the whole index 171 MB instead of 218); 64 KB blocks store it in 62 MB but
/// cost 0.6 ms a page; level 9 gains 4% for slower indexing.
const ZSTD_LEVEL: i32 = 3;
/// See [`ZSTD_LEVEL`]. Every hit shown decompresses the whole block that holds its passage
/// (unless a long-running searcher still has it cached): with 32 KB blocks that was a sixth
/// of an accented-word query in `perf`. 16 KB blocks store the shared archive's passages in 83
/// MB instead of 69 (the index 1.22× plain tantivy's instead of 1.14×) for in-process
/// queries 3-4% faster (p50 1.23-1.25 → 1.18-1.21 ms, accented words 1.09-1.10 →
/// 1.01-1.09, 3 alternated rounds of `query_latency`).
const DOC_STORE_BLOCK_BYTES: usize = 16 * 1024;

/// The settings of a new index (an index keeps those it was created with).
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(ZSTD_LEVEL),
        }),
        docstore_blocksize: DOC_STORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// Opens an existing index at `path`.
/// Errors: [`Error::NoIndex`], [`Error::IncompatibleIndex`], [`Error::Damaged`].
pub fn open(path: &Path) -> Result<(Index, Fields)> {
    if path.exists() && !path.is_dir() {
        return Err(not_a_directory(path));
    }
    if !path.join("meta.json").exists() {
        return Err(Error::NoIndex(path.to_path_buf()));
    }
    let index = Index::open(directory(path)?).map_err(|e| damaged_or(path, None, e))?;
    text::register(&index);
    let schema = index.schema();
    let fields = Fields::from_schema(&schema)?;
    // A pair field built with another list of common words is neither searched nor written
    // (`fields.pairs` is `None`), but tantivy wants a tokenizer for it to open a writer.
    if let Some(other) = pair_tokenizer(&schema).filter(|_| fields.pairs.is_none()) {
        index.tokenizers().register(other, text::pair_analyzer());
    }
    Ok((index, fields))
}

fn not_a_directory(path: &Path) -> Error {
    Error::InvalidOption(format!(
        "{} is a file, not an index directory",
        path.display()
    ))
}

/// The directory of the index at `path` (see [`IndexDirectory`]).
fn directory(path: &Path) -> Result<IndexDirectory> {
    IndexDirectory::open(path).map_err(|e| match e {
        tantivy::directory::error::OpenDirectoryError::IoError { io_error, .. } => Error::io(
            path,
            std::io::Error::new(io_error.kind(), io_error.to_string()),
        ),
        other => Error::io(path, std::io::Error::other(other.to_string())),
    })
}

/// `error`, met while reading the index at `dir`, as [`Error::Damaged`] when it says that a
/// file of the index is missing, truncated or corrupted, else as it is. `index` (when it could
/// be opened) helps name the damaged file when tantivy's error does not.
pub fn damaged_or(dir: &Path, index: Option<&Index>, error: TantivyError) -> Error {
    use tantivy::directory::error::OpenReadError;
    let file = match &error {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            Some(path.display().to_string())
        }
        TantivyError::OpenReadError(OpenReadError::IoError { filepath, .. }) => {
            Some(filepath.display().to_string())
        }
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(_)) => {
            return Error::IncompatibleIndex(format!("{error}"));
        }
        TantivyError::DataCorruption(corruption) => Some(
            corrupted_file_named(&format!("{corruption:?}"))
                .or_else(|| index.and_then(missing_segment_file))
                .unwrap_or_else(|| "a segment file".to_string()),
        ),
        _ => None,
    };
    match file {
        Some(file) => Error::Damaged {
            dir: dir.to_path_buf(),
            file,
            detail: error.to_string(),
        },
        None => Error::Tantivy(error),
    }
}

/// The file a tantivy `DataCorruption` names in its debug text (`(in file `"meta.json"`)`);
/// its fields are private.
fn corrupted_file_named(debug: &str) -> Option<String> {
    let start = debug.find("in file `\"")? + "in file `\"".len();
    let end = start + debug[start..].find("\"`")?;
    Some(debug[start..end].to_string())
}

/// The first file of the committed segments of `index` that is not there.
fn missing_segment_file(index: &Index) -> Option<String> {
    let metas = index.load_metas().ok()?;
    let mut files: Vec<_> = metas.list_segment_files().into_iter().collect();
    files.sort();
    files
        .into_iter()
        // `.del` files exist only for segments with deletes; other components always exist.
        .filter(|f| f.extension().is_some_and(|e| e != "del"))
        .find(|f| tantivy::Directory::exists(index.directory(), f).is_ok_and(|exists| !exists))
        .map(|f| f.display().to_string())
}

/// Creates an empty index in memory (tests, benchmarks).
pub fn create_in_ram() -> (Index, Fields) {
    let (schema, fields): (Schema, Fields) = build_schema();
    // Same settings as on disk, so tests read the doc store the way searches do.
    let index = Index::builder()
        .schema(schema)
        .settings(settings())
        .create_in_ram()
        .unwrap_or_else(|_| unreachable!("creating an index in memory has no I/O to fail"));
    text::register(&index);
    (index, fields)
}

/// An in-memory index of `articles`, committed once (see [`crate::Searcher::in_memory`]).
pub fn index_in_ram(articles: &[Article]) -> Result<(Index, Fields)> {
    let (index, fields) = create_in_ram();
    // One thread and the smallest heap tantivy accepts: in-memory indexes are small.
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
    for article in articles {
        let documents = passage_documents(&fields, article, super::content_hash(article));
        super::grouping::add_article(&writer, documents)?;
    }
    super::grouping::commit_grouped(&mut writer)?;
    Ok((index, fields))
}

/// The documents of one article: one per passage, passage 0 also carrying the raw text.
/// `hash` must be [`super::build::content_hash`] of the article: it makes re-indexing
/// incremental. Every document also carries the [`article_key`] of the id and the article's
/// near-duplicate [`Fingerprint`] (of its passages, so a retitled copy has the same one).
pub fn passage_documents(fields: &Fields, article: &Article, hash: u64) -> Vec<TantivyDocument> {
    let date = article.date.map(day_start);
    let key = article_key(&article.id);
    // Only for a schema that stores them (the benchmark's plain-tantivy baseline does not).
    let fingerprint = match fields.fingerprint {
        Some(_) => Fingerprint::of_passages(&article.passages).map_or([0, 0], |f| f.to_words()),
        None => [0, 0],
    };
    article
        .passages
        .iter()
        .enumerate()
        .map(|(number, passage)| {
            let mut document = doc!(
                fields.article_id => article.id.as_str(),
                fields.article_key => key,
                fields.passage => number as u64,
                fields.title => article.title.as_str(),
                fields.text => passage.as_str(),
                fields.hash => hash,
                fields.origin => article.origin.as_str(),
            );
            if let Some(date) = date {
                document.add_date(fields.date, date);
            }
            if let Some(source) = &article.source {
                document.add_text(fields.source, source);
            }
            if let Some(url) = &article.url {
                document.add_text(fields.url, url);
            }
            if number == 0 {
                document.add_text(fields.raw, &article.raw);
            }
            if let Some(pairs) = fields.pairs {
                document.add_text(pairs, passage.as_str());
            }
            for (field, word) in fields.fingerprint.iter().flatten().zip(fingerprint) {
                document.add_u64(*field, word);
            }
            document
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::names;
    use tantivy::schema::{FieldEntry, Value};

    #[test]
    fn every_passage_carries_the_key_of_its_article_id() {
        // FNV-1a of the id's bytes: pinned, since a change would reorder every tie.
        assert_eq!(article_key(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(article_key("a"), 0xaf63_dc4c_8601_ec8c);
        let article = crate::ingest::clean_article("a1", "Tiêu đề\n\nMột.\n\nHai.", "a1.txt");
        let (_, fields) = create_in_ram();
        let documents = passage_documents(&fields, &article, 7);
        assert_eq!(documents.len(), 2);
        for document in &documents {
            let key = document
                .get_first(fields.article_key)
                .and_then(|v| v.as_u64());
            assert_eq!(key, Some(article_key("a1")));
            assert_ne!(key, Some(7), "the key is not the content hash");
        }
    }

    /// The current schema with each field entry changed (or left out) by `change`: the
    /// schema of an index an earlier vnsearch built.
    fn older_schema(change: impl Fn(&FieldEntry) -> Option<FieldEntry>) -> Schema {
        let (current, _) = build_schema();
        let mut older = Schema::builder();
        for (_, entry) in current.fields() {
            if let Some(entry) = change(entry) {
                older.add_field(entry);
            }
        }
        older.build()
    }

    #[test]
    fn an_index_without_the_article_key_is_incompatible() {
        let dir = tempfile::tempdir().unwrap();
        let older =
            older_schema(|entry| (entry.name() != names::ARTICLE_KEY).then(|| entry.clone()));
        Index::create_in_dir(dir.path(), older).unwrap();
        match open(dir.path()) {
            Err(Error::IncompatibleIndex(why)) => assert!(why.contains("article_key"), "{why}"),
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("an index without article keys opened"),
        }
    }

    #[test]
    fn pairs_of_another_word_list_are_neither_searched_nor_written() {
        use tantivy::schema::{TextFieldIndexing, TextOptions};
        let dir = tempfile::tempdir().unwrap();
        let older = older_schema(|entry| {
            if entry.name() != names::PAIRS {
                return Some(entry.clone());
            }
            let indexing = TextFieldIndexing::default().set_tokenizer("vietnamese_pairs_0");
            let options = TextOptions::default().set_indexing_options(indexing);
            Some(FieldEntry::new_text(names::PAIRS.to_string(), options))
        });
        Index::create_in_dir(dir.path(), older).unwrap();
        let (index, fields) = open(dir.path()).unwrap();
        assert!(fields.pairs.is_none());
        // A writer opens (tantivy wants a tokenizer for every text field) and adds passages.
        let article = crate::clean_article("a1", "Hợp tác\n\nHai bên cùng hợp tác.", "a1.txt");
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for document in passage_documents(&fields, &article, 7) {
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        let searcher = crate::Searcher::open(dir.path()).unwrap();
        let results = searcher
            .search(&crate::SearchOptions::new("\"hợp tác\""))
            .unwrap();
        assert_eq!(results.total_hits, 1);
    }
}
