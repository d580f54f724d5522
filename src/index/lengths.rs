//! Field-length totals: per segment and field, the sum of the live passages' lengths as
//! tantivy stores them (BM25's average length, see `search::stats`), saved beside the index
//! when a run ends so that a search process does not count them again.
//!
//! Counting is one pass over a byte per passage and field, but a `vnsearch search` process
//! did it for every field it scores at every start: 184,000 passages × 4 fields of the shared
//! archive, read from pages not yet mapped, took about 0.3 ms of a 5–6 ms process. The
//! sidecar ([`LENGTHS_FILE`]) holds the totals of the segments the last run left, each keyed
//! by the segment's id and its number of deleted documents (deletions change the live total;
//! a segment's deletions only grow). A search takes a saved total only for a segment and
//! deletion count it has, and counts whatever the file does not cover (segments merged or
//! written since, a missing or unreadable file): a stale file is never wrong, only slower.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::{HasLen, Index, ReloadPolicy, SegmentReader};

use super::files::atomic_write;
use crate::{Error, Result};

/// The sidecar file, in the index directory.
pub const LENGTHS_FILE: &str = "vnsearch-lengths.json";

/// A field-length total of one field of one segment, with what it holds for.
pub(crate) type LengthKey = (SegmentId, u32, Field);

/// The sidecar's content.
#[derive(Serialize, Deserialize)]
struct Sidecar {
    segments: Vec<SavedSegment>,
}

#[derive(Serialize, Deserialize)]
struct SavedSegment {
    /// tantivy's segment id (`SegmentId::uuid_string`).
    id: String,
    /// Its deleted documents when the totals were counted.
    deleted: u32,
    /// The totals by field name.
    fields: BTreeMap<String, u64>,
}

/// Counts the totals of every field with lengths in every segment of the last commit of
/// `index` (in directory `dir`) and saves them, replacing the file atomically.
pub(crate) fn save_length_totals(index: &Index, dir: &Path) -> Result<()> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let schema = index.schema();
    let mut segments = Vec::new();
    for segment in searcher.segment_readers() {
        let mut fields = BTreeMap::new();
        for (field, entry) in schema.fields() {
            if entry.is_indexed() && entry.has_fieldnorms() {
                fields.insert(entry.name().to_string(), live_length_total(segment, field)?);
            }
        }
        segments.push(SavedSegment {
            id: segment.segment_id().uuid_string(),
            deleted: segment.num_deleted_docs(),
            fields,
        });
    }
    let path = dir.join(LENGTHS_FILE);
    let json = serde_json::to_vec(&Sidecar { segments })
        .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
    atomic_write(&path, &json).map_err(|e| Error::io(&path, e))
}

/// The saved totals (see the module documentation) that hold for the segments of
/// `searcher`: none when the file is missing or unreadable.
pub(crate) fn saved_length_totals(
    dir: &Path,
    searcher: &tantivy::Searcher,
) -> HashMap<LengthKey, u64> {
    let mut totals = HashMap::new();
    let Some(sidecar) = std::fs::read(dir.join(LENGTHS_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Sidecar>(&bytes).ok())
    else {
        return totals;
    };
    let schema = searcher.schema();
    for segment in searcher.segment_readers() {
        let (id, deleted) = (segment.segment_id(), segment.num_deleted_docs());
        let id_string = id.uuid_string();
        let Some(saved) = sidecar
            .segments
            .iter()
            .find(|s| s.id == id_string && s.deleted == deleted)
        else {
            continue;
        };
        for (name, &total) in &saved.fields {
            if let Ok(field) = schema.get_field(name) {
                totals.insert((id, deleted, field), total);
            }
        }
    }
    totals
}

/// Sum over the live documents of the length tantivy stores for `field` (1 per document when
/// the field keeps no lengths, as tantivy's own scorer assumes).
pub(crate) fn live_length_total(segment: &SegmentReader, field: Field) -> tantivy::Result<u64> {
    let Some(lengths) = segment.fieldnorms_readers().get_field(field)? else {
        return Ok(u64::from(segment.num_docs()));
    };
    // One byte per document: count the codes, then decode 256 values instead of every doc.
    let mut counts = [0u64; 256];
    match segment.alive_bitset() {
        Some(alive) => {
            for doc in alive.iter_alive() {
                counts[usize::from(lengths.fieldnorm_id(doc))] += 1;
            }
        }
        // Without deletions, a plain pass over the codes as stored, one byte per document (a
        // tenth of the cost of reading them one document at a time).
        None => match segment
            .fieldnorms_readers()
            .get_inner_file()
            .open_read(field)
        {
            Some(file) if file.len() == segment.max_doc() as usize => {
                count_bytes(file.read_bytes()?.as_slice(), &mut counts);
            }
            _ => {
                for doc in 0..segment.max_doc() {
                    counts[usize::from(lengths.fieldnorm_id(doc))] += 1;
                }
            }
        },
    }
    Ok((0..=u8::MAX)
        .zip(counts)
        .map(|(id, n)| n * u64::from(tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(id)))
        .sum())
}

/// Adds the number of times each byte value occurs in `bytes` to `counts`. Four tables, so
/// that runs of one value do not wait on their own increments.
fn count_bytes(bytes: &[u8], counts: &mut [u64; 256]) {
    let mut tables = [[0u32; 256]; 4];
    let mut chunks = bytes.chunks_exact(4);
    for chunk in &mut chunks {
        for (table, &byte) in tables.iter_mut().zip(chunk) {
            table[usize::from(byte)] += 1;
        }
    }
    for &byte in chunks.remainder() {
        tables[0][usize::from(byte)] += 1;
    }
    for table in &tables {
        for (count, &n) in counts.iter_mut().zip(table) {
            *count += u64::from(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_byte_value() {
        let bytes: Vec<u8> = (0..1003u32).map(|n| (n * 7 % 11) as u8).collect();
        let mut counts = [0u64; 256];
        count_bytes(&bytes, &mut counts);
        for value in 0..=u8::MAX {
            let expected = bytes.iter().filter(|&&b| b == value).count() as u64;
            assert_eq!(counts[usize::from(value)], expected, "value {value}");
        }
    }

    fn article(n: usize, text: &str) -> crate::ingest::Article {
        crate::ingest::Article {
            id: format!("a{n}"),
            title: format!("Bài số {n}"),
            date: None,
            source: None,
            url: None,
            passages: vec![text.to_string(), format!("{text} {text}")],
            raw: text.to_string(),
            origin: format!("a{n}.txt"),
        }
    }

    fn articles() -> Vec<crate::ingest::Article> {
        (0..30)
            .map(|n| article(n, &"hợp tác kinh tế ".repeat(n % 7 + 1)))
            .collect()
    }

    /// The pass over the stored codes sums what reading them document by document sums.
    #[test]
    fn length_total_reads_the_stored_codes() {
        let (index, fields) = crate::index::index_in_ram(&articles()).unwrap();
        let searcher = index.reader().unwrap().searcher();
        for segment in searcher.segment_readers() {
            let lengths = segment
                .fieldnorms_readers()
                .get_field(fields.text)
                .unwrap()
                .unwrap();
            let by_doc: u64 = (0..segment.max_doc())
                .map(|doc| u64::from(lengths.fieldnorm(doc)))
                .sum();
            assert!(by_doc > 0);
            assert_eq!(live_length_total(segment, fields.text).unwrap(), by_doc);
        }
    }

    /// Saved totals are the counted ones, for every field a search scores; they hold only
    /// for the segments and deletions they were counted for.
    #[test]
    fn saved_totals_hold_only_for_what_they_were_counted_on() {
        let dir = tempfile::tempdir().unwrap();
        let (index, fields) = crate::index::open_or_create(dir.path()).unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for article in articles() {
            for document in crate::index::passage_documents(&fields, &article, 0) {
                writer.add_document(document).unwrap();
            }
        }
        writer.commit().unwrap();
        save_length_totals(&index, dir.path()).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let saved = saved_length_totals(dir.path(), &searcher);
        let scored = [fields.text, fields.title];
        for segment in searcher.segment_readers() {
            for field in scored {
                let key = (segment.segment_id(), segment.num_deleted_docs(), field);
                let counted = live_length_total(segment, field).unwrap();
                assert!(counted > 0);
                assert_eq!(saved.get(&key), Some(&counted));
            }
        }
        // Deleting an article changes the live totals: the saved ones no longer hold.
        writer.delete_term(tantivy::Term::from_field_text(fields.article_id, "a3"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(saved_length_totals(dir.path(), &searcher).is_empty());
        // An unreadable file is no totals, not an error.
        std::fs::write(dir.path().join(LENGTHS_FILE), b"{\"segments\": 7").unwrap();
        assert!(saved_length_totals(dir.path(), &searcher).is_empty());
    }
}
