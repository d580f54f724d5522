//! Indexing a batch of articles that arrive as JSON objects rather than files (the HTTP
//! server's `POST /indexes/{uid}/documents`), through the same cleaning as a JSON-lines input
//! and the same incremental writer as [`super::update_index`]: an unchanged article is
//! skipped, a changed one replaced, and nothing else in the index is touched.

use std::collections::HashMap;
use std::time::Instant;

use serde_json::Value;

use super::build::{open_writer, write_article, BuildOptions, BuildSummary};
use super::grouping;
use super::lengths::save_length_totals;
use super::stamps::new_generation;
use super::state::indexed_articles;
use super::store::open_or_create;
use crate::ingest::jsonl;
use crate::{Error, Result};

/// The origin stored with articles indexed from JSON documents. It is not a path, so a
/// later `vnsearch index DIR` run never deletes them as "removed from DIR"; it is the same
/// for every batch, so posting an unchanged article again is a no-op (the content hash
/// covers the origin).
pub const DOCUMENTS_ORIGIN: &str = "api";

/// Indexes `documents` into the index at `options.index_dir` (created when missing) and
/// commits once. Each document is a JSON object with `id` (a non-empty string or an
/// integer), `title`, `body` (or `text`), and optional `date` (`YYYY-MM-DD`), `source`,
/// `url`; unknown keys are ignored. The whole batch is checked before anything is written,
/// so a bad document leaves the index unchanged.
///
/// Uses `options.heap_bytes` and `options.threads`; `inputs`, `rebuild` and
/// `commit_every_bytes` do not apply. Errors: [`Error::InvalidDocument`] for a document
/// that is not an article, [`Error::Locked`] when another process holds the writer.
pub fn add_documents(options: &BuildOptions, documents: &[Value]) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut summary = BuildSummary::default();
    let mut articles = Vec::with_capacity(documents.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (position, document) in documents.iter().enumerate() {
        let invalid = |reason: String| Error::InvalidDocument { position, reason };
        let Value::Object(object) = document else {
            return Err(invalid("not a JSON object".to_string()));
        };
        match object.get("id") {
            Some(Value::String(id)) if !id.trim().is_empty() => {}
            Some(Value::Number(id)) if id.is_u64() || id.is_i64() => {}
            Some(_) => {
                return Err(invalid(
                    "`id` must be a non-empty string or an integer".to_string(),
                ))
            }
            None => return Err(invalid("no `id`".to_string())),
        }
        let line = document.to_string();
        summary.bytes_read += line.len() as u64;
        let origin = std::path::Path::new(DOCUMENTS_ORIGIN);
        let (article, warnings) = jsonl::parse_line(&line, origin, position + 1);
        let Some(mut article) = article else {
            let reason = warnings
                .first()
                .map_or_else(|| "not an article".to_string(), |w| w.kind.to_string());
            return Err(invalid(reason));
        };
        if let Some(earlier) = seen.insert(article.id.clone(), position) {
            return Err(invalid(format!(
                "id {:?} is also the id of document {earlier}",
                article.id
            )));
        }
        // Not a path: a later `vnsearch index DIR` never deletes these articles.
        article.origin = DOCUMENTS_ORIGIN.to_string();
        summary.warnings.extend(warnings);
        articles.push((position, article));
    }

    let (index, fields) = open_or_create(&options.index_dir)?;
    let mut writer = open_writer(&index, options)?;
    let existing = indexed_articles(&index)?;
    let grouped = grouping::committed_grouped(&index)?;
    for (_, article) in &articles {
        write_article(&writer, &fields, article, &existing, &mut summary)?;
    }
    // A new generation: the file stamps of `vnsearch index` runs no longer describe the index.
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&grouping::payload(&new_generation(), grouped));
    prepared.commit()?;
    writer.wait_merging_threads()?;
    save_length_totals(&index, &options.index_dir)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn options(dir: &std::path::Path) -> BuildOptions {
        let mut options = BuildOptions::new(dir, Vec::new());
        options.heap_bytes = 15_000_000;
        options.threads = 1;
        options
    }

    #[test]
    fn adds_replaces_and_skips_unchanged_articles() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = json!({"id": "tin-1", "title": "Mở rộng hợp tác nghề cá",
            "body": "Hai tỉnh ven biển thống nhất mở rộng hợp tác nghề cá trong năm tới.",
            "date": "2024-03-02", "source": "Báo Biển Đông"});
        let summary =
            add_documents(&options(dir.path()), std::slice::from_ref(&first)).expect("indexes");
        assert_eq!((summary.articles_added, summary.passages_written), (1, 1));

        let again = add_documents(&options(dir.path()), &[first]).expect("indexes");
        assert_eq!((again.articles_added, again.articles_unchanged), (0, 1));

        let changed = json!({"id": "tin-1", "title": "Mở rộng hợp tác nghề cá",
            "body": "Hai tỉnh ven biển thống nhất mở rộng hợp tác nghề cá xa bờ."});
        let replaced = add_documents(&options(dir.path()), &[changed]).expect("indexes");
        assert_eq!(replaced.articles_replaced, 1);
        let searcher = crate::Searcher::open(dir.path()).expect("opens");
        let results = searcher
            .search(&crate::SearchOptions::new("xa bo"))
            .expect("searches");
        assert_eq!(results.total_hits, 1);
    }

    #[test]
    fn a_bad_document_rejects_the_whole_batch() {
        let dir = tempfile::tempdir().expect("temp dir");
        let good = json!({"id": 7, "body": "Một bài viết hợp lệ về thời tiết miền Bắc."});
        for (bad, reason) in [
            (json!({"title": "Không có mã"}), "no `id`"),
            (json!({"id": "", "body": "x"}), "`id` must be"),
            (json!({"id": 1.5, "body": "x"}), "`id` must be"),
            (json!({"id": "a"}), "no `body` or `text`"),
            (json!(["not", "an", "object"]), "not a JSON object"),
        ] {
            let error =
                add_documents(&options(dir.path()), &[good.clone(), bad]).expect_err("rejects");
            let Error::InvalidDocument {
                position,
                reason: got,
            } = &error
            else {
                panic!("unexpected error {error:?}");
            };
            assert_eq!(*position, 1);
            assert!(got.starts_with(reason), "{got}");
        }
        assert!(
            !dir.path().join("meta.json").exists(),
            "nothing was written"
        );
    }
}
