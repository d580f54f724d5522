//! File stamps: the size and modification time of every input file whose articles the
//! committed index holds exactly, so that a re-run skips those files without reading them.
//!
//! They live in a small sidecar file in the index directory ([`STAMPS_FILE`]), replaced
//! atomically (written aside, then renamed) after each commit, and tied to that commit: the
//! commit carries a random generation as its payload (in tantivy's `meta.json`) and the
//! sidecar names the same generation. A sidecar that does not match the last commit (a run
//! killed between commit and rename, another program that committed, an index rebuilt
//! beside an old sidecar) is ignored, and every file is read and compared by content hash:
//! slower, never wrong. The sidecar keeps searches fast (tantivy parses `meta.json` at every
//! open; the stamps of 40,000 files would add 2 MB to it) and needs no schema change (per
//! article fields would not fit a JSON-lines file, whose articles change one by one).
//!
//! A stamp is recorded only for a file read without any warning, and whose modification
//! time is not within [`RACY_SECONDS`] of the run: a file written during the run in the same
//! clock tick as its stamp would otherwise look unchanged with content never indexed.

use std::collections::{BTreeMap, HashMap};
use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use super::build::PIPELINE_VERSION;
use crate::ingest::fnv::Fnv1a;
use crate::{Error, Result};

/// The sidecar file, in the index directory.
pub const STAMPS_FILE: &str = "vnsearch-files.json";

/// Files modified this close to the start of a run are not stamped (file systems with a
/// coarse clock store modification times in whole seconds, some in two).
const RACY_SECONDS: u64 = 2;

/// The size and modification time of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    seconds: u64,
    nanos: u32,
}

impl Stamp {
    /// The stamp of a regular file (none for a time before 1970 or an unknown one).
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        let since_epoch = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        meta.is_file().then_some(Stamp {
            size: meta.len(),
            seconds: since_epoch.as_secs(),
            nanos: since_epoch.subsec_nanos(),
        })
    }

    /// The file size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether the file was modified too close to `run_start` for its stamp to be trusted.
    pub fn is_racy(&self, run_start: SystemTime) -> bool {
        let modified = UNIX_EPOCH + Duration::new(self.seconds, self.nanos);
        modified + Duration::from_secs(RACY_SECONDS) >= run_start
    }
}

/// Stamps of files, by absolute path.
#[derive(Debug, Default)]
pub struct Stamps {
    files: HashMap<PathBuf, Stamp>,
}

/// The sidecar's content.
#[derive(Serialize, Deserialize)]
struct Sidecar {
    /// [`PIPELINE_VERSION`] of the run that wrote it: a new pipeline re-reads everything.
    pipeline: u64,
    /// The payload of the commit it belongs to.
    generation: String,
    files: BTreeMap<String, Stamp>,
}

impl Stamps {
    /// The stamps recorded with the last commit of `index` in `dir`; none when there is no
    /// sidecar or it does not belong to that commit.
    pub fn load(dir: &Path, index: &Index) -> Stamps {
        let committed = index.load_metas().ok().and_then(|metas| metas.payload);
        let sidecar = std::fs::read(dir.join(STAMPS_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Sidecar>(&bytes).ok());
        match (sidecar, committed) {
            (Some(sidecar), Some(generation))
                if sidecar.pipeline == PIPELINE_VERSION && sidecar.generation == generation =>
            {
                let files = sidecar
                    .files
                    .into_iter()
                    .map(|(path, stamp)| (PathBuf::from(path), stamp))
                    .collect();
                Stamps { files }
            }
            _ => Stamps::default(),
        }
    }

    /// The stamp recorded for `file`.
    pub fn get(&self, file: &Path) -> Option<&Stamp> {
        self.files.get(file)
    }

    /// Records the stamp of `file`.
    pub fn insert(&mut self, file: &Path, stamp: Stamp) {
        self.files.insert(file.to_path_buf(), stamp);
    }

    /// Writes the sidecar for the commit whose payload is `generation`: aside, synced, then
    /// renamed over the old one, so a reader sees the old sidecar or the new one, whole.
    pub fn save(&self, dir: &Path, generation: &str) -> Result<()> {
        let files = self
            .files
            .iter()
            // A path that is not UTF-8 cannot be a JSON key: that file is simply re-read.
            .filter_map(|(path, stamp)| Some((path.to_str()?.to_string(), *stamp)))
            .collect();
        let sidecar = Sidecar {
            pipeline: PIPELINE_VERSION,
            generation: generation.to_string(),
            files,
        };
        let path = dir.join(STAMPS_FILE);
        // Named like the index's other temporary files, so that the garbage collection of
        // the next run removes it if this run is killed before the rename.
        let aside = dir.join(format!(".vnsearch-tmp-{STAMPS_FILE}"));
        let write = || -> std::io::Result<()> {
            let mut file = std::io::BufWriter::new(std::fs::File::create(&aside)?);
            serde_json::to_writer(&mut file, &sidecar)?;
            file.flush()?;
            file.get_ref().sync_all()?;
            std::fs::rename(&aside, &path)
        };
        write().map_err(|e| {
            // A failed write (a full disk) must leave no partial file behind.
            let _ = std::fs::remove_file(&aside);
            Error::io(&path, e)
        })
    }
}

/// A new commit generation: unique per commit (time, process and a counter), so a sidecar
/// can never match a commit it was not written for.
pub fn new_generation() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let mut hash = Fnv1a::new();
    hash.write(&now.as_nanos().to_le_bytes());
    hash.write(&std::process::id().to_le_bytes());
    hash.write(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    format!("vnsearch-{:016x}-{:x}", hash.finish(), now.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_differ() {
        assert_ne!(new_generation(), new_generation());
    }

    #[test]
    fn a_stamp_from_the_last_seconds_is_racy() {
        let stamp = |seconds| Stamp {
            size: 1,
            seconds,
            nanos: 0,
        };
        let start = UNIX_EPOCH + Duration::from_secs(1_000);
        assert!(stamp(999).is_racy(start));
        assert!(!stamp(990).is_racy(start));
    }
}
