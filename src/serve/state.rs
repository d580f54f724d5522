//! What every request shares: the live searcher, the configuration, the task queue.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tokio::sync::Semaphore;
use vnsearch::{IndexStats, Searcher};

use super::errors::{ApiError, Flavor};
use super::tasks::Tasks;

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    /// Follows the index's commits (see `Searcher::open_live`).
    pub searcher: Searcher,
    pub index_dir: PathBuf,
    /// The index's name on the Meilisearch routes.
    pub uid: String,
    pub api_key: Option<String>,
    /// Searches are CPU work: at most this many run at once on the blocking pool, the others
    /// wait here without holding a thread.
    permits: Semaphore,
    pub tasks: Tasks,
    /// When the server started (the Meilisearch `createdAt` of the index).
    pub started: SystemTime,
    /// Counting articles reads a fast field of every document: done once per commit.
    stats: Mutex<Option<(Option<SystemTime>, IndexStats)>>,
}

/// The index on disk: size and last commit.
pub struct DiskInfo {
    pub bytes: u64,
    pub last_commit: Option<SystemTime>,
}

impl AppState {
    pub fn new(
        searcher: Searcher,
        index_dir: PathBuf,
        uid: String,
        api_key: Option<String>,
        search_threads: usize,
        tasks: Tasks,
    ) -> Self {
        AppState(Arc::new(Shared {
            searcher,
            index_dir,
            uid,
            api_key,
            permits: Semaphore::new(search_threads.max(1)),
            tasks,
            started: SystemTime::now(),
            stats: Mutex::new(None),
        }))
    }

    /// Runs `work` on the blocking pool once a search permit is free, so the reactor never
    /// waits on CPU work. A library error becomes the error answer of `flavor`.
    pub async fn blocking<T, F>(&self, flavor: Flavor, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Searcher) -> vnsearch::Result<T> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| unavailable(flavor))?;
        let state = self.clone();
        match tokio::task::spawn_blocking(move || work(&state.searcher)).await {
            Ok(result) => result.map_err(|e| ApiError::from_library(flavor, &e)),
            Err(join) => {
                eprintln!("vnsearch serve: a search failed: {join}");
                Err(ApiError::new(
                    flavor,
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error",
                ))
            }
        }
    }

    /// Size of the index directory and time of its last commit (`meta.json`'s mtime).
    pub fn disk_info(&self) -> DiskInfo {
        let bytes = std::fs::read_dir(&self.index_dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0);
        let last_commit = std::fs::metadata(self.index_dir.join("meta.json"))
            .and_then(|m| m.modified())
            .ok();
        DiskInfo { bytes, last_commit }
    }

    /// Articles and passages, recounted only after a new commit.
    pub async fn stats(&self, flavor: Flavor) -> Result<(IndexStats, DiskInfo), ApiError> {
        let disk = self.disk_info();
        if let Ok(cache) = self.stats.lock() {
            if let Some((stamp, stats)) = *cache {
                if stamp == disk.last_commit {
                    return Ok((stats, disk));
                }
            }
        }
        let stats = self.blocking(flavor, |searcher| searcher.stats()).await?;
        if let Ok(mut cache) = self.stats.lock() {
            *cache = Some((disk.last_commit, stats));
        }
        Ok((stats, disk))
    }
}

fn unavailable(flavor: Flavor) -> ApiError {
    ApiError::new(
        flavor,
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "the server is shutting down",
    )
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` (RFC 3339, UTC), the form Meilisearch gives times in.
pub fn rfc3339(at: SystemTime) -> String {
    let at = time::OffsetDateTime::from(at);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_times_as_rfc3339_utc() {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(1_718_900_000_123);
        assert_eq!(rfc3339(at), "2024-06-20T16:13:20.123Z");
    }
}
