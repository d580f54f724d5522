//! Built evaluation indexes, kept between runs under `data_dir/<fingerprint>/<engine>`, so a
//! second `vnsearch eval` on the same corpus and the same pipeline only searches.
//!
//! The fingerprint covers the cleaned corpus (every article's content hash, which also covers
//! the index's `PIPELINE_VERSION`), the index schema, the analyzer's output on a probe
//! text, and `EVAL_INDEX_VERSION`: a change to cleaning, schema or analysis builds new
//! indexes without anyone remembering to bump a number. Ranking changes do not touch the
//! indexes, so they are measured in seconds.
//!
//! Computing the fingerprint means cleaning the whole corpus. A [`Manifest`] remembers the
//! fingerprint under a quick key (the running executable's size and modification time, and
//! every corpus file's path, size and modification time): a run of the same binary on
//! unchanged files skips loading altogether; a rebuilt binary cleans again, and reuses the
//! indexes when the cleaned corpus is the same.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::index::{build_schema, content_hash};
use crate::ingest::fnv::Fnv1a;
use crate::ingest::Article;
use crate::{Error, Result};

/// Bumped when what an evaluation engine writes changes without the schema, the analyzer or
/// the articles changing (the baselines' whole-article documents, the FTS5 table).
pub const EVAL_INDEX_VERSION: u64 = 1;

/// Words that exercise the analyzer (case, tone placement, i/y, `đ`, NFD, punctuation inside
/// words, other scripts): when their analysis changes, the index would too.
const PROBE: &str = "KHOẺ hoà Thuỷ kỹ quí Đà Nẵng ÐẢNG Nhà\u{0300} TP.HCM COVID-19 29/5 \
                     Việt Nam (Ảnh: TTXVN) naïve Москва 北京 x\u{200b}y";

/// Marker file written next to an engine's directory once its index is complete.
const DONE_SUFFIX: &str = ".done";

/// The fingerprint of `articles` under this build of vnsearch, as 16 hex digits.
pub fn fingerprint(articles: &[Article]) -> Result<String> {
    let mut hash = Fnv1a::new();
    hash.write(&EVAL_INDEX_VERSION.to_le_bytes());
    let (schema, _) = build_schema();
    hash.write_field(serde_json::to_string(&schema)?.as_bytes());
    for token in crate::text::tokens(PROBE) {
        hash.write_field(token.exact.as_bytes());
        hash.write_field(token.folded.as_bytes());
    }
    hash.write(&(articles.len() as u64).to_le_bytes());
    for article in articles {
        hash.write(&content_hash(article).to_le_bytes());
    }
    Ok(format!("{:016x}", hash.finish()))
}

/// Name of the manifest file in the data directory.
const MANIFEST_FILE: &str = "manifest.json";

/// What the last run of `vnsearch eval` learnt about its corpus: enough to search the cached
/// indexes without loading the corpus again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`quick_key`] of the executable and the corpus files.
    pub quick_key: String,
    /// The cleaned corpus's [`fingerprint`].
    pub fingerprint: String,
    /// Articles in the corpus.
    pub articles: usize,
}

impl Manifest {
    /// The manifest in `data_dir`, if there is a readable one.
    pub fn read(data_dir: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(data_dir.join(MANIFEST_FILE)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the manifest into `data_dir`.
    pub fn write(&self, data_dir: &Path) -> Result<()> {
        std::fs::create_dir_all(data_dir).map_err(|e| Error::io(data_dir, e))?;
        let path = data_dir.join(MANIFEST_FILE);
        std::fs::write(&path, serde_json::to_string_pretty(self)?).map_err(|e| Error::io(&path, e))
    }
}

/// A key that changes when the running executable or any corpus file (added, removed,
/// resized, touched) changes, from metadata only; `None` when some metadata is unreadable.
pub fn quick_key(corpus: &Path) -> Option<String> {
    let stamp = |path: &Path| -> Option<(u64, u128)> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some((meta.len(), modified.as_nanos()))
    };
    let mut hash = Fnv1a::new();
    let exe = std::env::current_exe().ok()?;
    let (len, modified) = stamp(&exe)?;
    hash.write_field(exe.to_string_lossy().as_bytes());
    hash.write(&len.to_le_bytes());
    hash.write(&modified.to_le_bytes());
    let (files, warnings) = crate::ingest::discover(&[corpus.to_path_buf()]);
    if !warnings.is_empty() {
        return None;
    }
    hash.write(&(files.len() as u64).to_le_bytes());
    for file in &files {
        let (len, modified) = stamp(file)?;
        hash.write_field(file.to_string_lossy().as_bytes());
        hash.write(&len.to_le_bytes());
        hash.write(&modified.to_le_bytes());
    }
    Some(format!("{:016x}", hash.finish()))
}

/// The indexes of one fingerprint.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    /// The cache of `fingerprint` under `data_dir`.
    pub fn new(data_dir: &Path, fingerprint: &str) -> Cache {
        Cache {
            root: data_dir.join(fingerprint),
        }
    }

    /// Where engine `name` keeps its index.
    pub fn engine_dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn marker(&self, name: &str) -> PathBuf {
        self.root.join(format!("{name}{DONE_SUFFIX}"))
    }

    /// Whether engine `name` finished building its index here.
    pub fn is_built(&self, name: &str) -> bool {
        self.marker(name).is_file()
    }

    /// Removes whatever a previous (interrupted or unusable) build of `name` left.
    pub fn clear(&self, name: &str) -> Result<()> {
        let _ = std::fs::remove_file(self.marker(name));
        let dir = self.engine_dir(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        Ok(())
    }

    /// Records that engine `name` finished building its index.
    pub fn mark_built(&self, name: &str) -> Result<()> {
        let marker = self.marker(name);
        std::fs::write(&marker, b"").map_err(|e| Error::io(&marker, e))
    }

    /// Removes the caches of other fingerprints in `data_dir` (other corpora, or this corpus
    /// cleaned or analyzed differently), so old indexes do not pile up; returns them.
    pub fn remove_stale(&self, data_dir: &Path) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(data_dir) else {
            return Vec::new();
        };
        let mut removed = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let is_cache = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.len() == 16 && n.bytes().all(|b| b.is_ascii_hexdigit()));
            if is_cache
                && path != self.root
                && path.is_dir()
                && std::fs::remove_dir_all(&path).is_ok()
            {
                removed.push(path);
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_follows_the_cleaned_articles() -> Result<()> {
        let a = crate::clean_article("a", "Tiêu đề\n\nNội dung bài báo.", "a.txt");
        let b = crate::clean_article("b", "Tiêu đề khác\n\nMột nội dung khác.", "b.txt");
        let ab = fingerprint(&[a.clone(), b.clone()])?;
        assert_eq!(ab.len(), 16);
        assert_eq!(ab, fingerprint(&[a.clone(), b.clone()])?);
        assert_ne!(ab, fingerprint(&[b.clone(), a.clone()])?);
        assert_ne!(ab, fingerprint(std::slice::from_ref(&a))?);
        let mut changed = b.clone();
        changed.passages[0].push_str(" Thêm.");
        assert_ne!(ab, fingerprint(&[a, changed])?);
        Ok(())
    }

    #[test]
    fn quick_key_follows_the_corpus_files_and_the_manifest_round_trips() -> Result<()> {
        let io = |e| Error::io("tmp", e);
        let corpus = tempfile::tempdir().map_err(io)?;
        std::fs::write(corpus.path().join("a.txt"), "Tiêu đề\n\nNội dung.").map_err(io)?;
        let key = quick_key(corpus.path());
        assert!(key.is_some());
        assert_eq!(key, quick_key(corpus.path()));
        std::fs::write(corpus.path().join("b.txt"), "Tiêu đề\n\nNội dung.").map_err(io)?;
        assert_ne!(key, quick_key(corpus.path()));
        assert_eq!(quick_key(&corpus.path().join("missing")), None);
        let data = tempfile::tempdir().map_err(io)?;
        assert_eq!(Manifest::read(data.path()), None);
        let manifest = Manifest {
            quick_key: "k".into(),
            fingerprint: "f".into(),
            articles: 2,
        };
        manifest.write(data.path())?;
        assert_eq!(Manifest::read(data.path()), Some(manifest));
        Ok(())
    }

    #[test]
    fn markers_and_stale_caches() -> Result<()> {
        let data = tempfile::tempdir().map_err(|e| Error::io("tmp", e))?;
        let old = Cache::new(data.path(), "00000000000000aa");
        std::fs::create_dir_all(old.engine_dir("fts5")).map_err(|e| Error::io("tmp", e))?;
        let unrelated = data.path().join("notes");
        std::fs::create_dir_all(&unrelated).map_err(|e| Error::io("tmp", e))?;
        let cache = Cache::new(data.path(), "00000000000000bb");
        std::fs::create_dir_all(cache.engine_dir("fts5")).map_err(|e| Error::io("tmp", e))?;
        assert!(!cache.is_built("fts5"));
        cache.mark_built("fts5")?;
        assert!(cache.is_built("fts5") && !cache.is_built("tantivy"));
        assert_eq!(
            cache.remove_stale(data.path()),
            [data.path().join("00000000000000aa")]
        );
        assert!(unrelated.is_dir() && cache.engine_dir("fts5").is_dir());
        cache.clear("fts5")?;
        assert!(!cache.is_built("fts5") && !cache.engine_dir("fts5").exists());
        Ok(())
    }
}
