//! The index's files on disk: tantivy's memory-mapped directory with two repairs.
//!
//! - **Permissions.** tantivy writes `meta.json` and `.managed.json` through the `tempfile`
//!   crate, which creates files 0600 whatever the umask, so an index built by one user could
//!   not be searched by another (a service account, a shared machine). [`IndexDirectory`]
//!   writes them itself, with a plain `create` that the kernel filters through the process
//!   umask like every other file, then renames them into place (still atomic).
//! - **Garbage.** A run that is killed or fails (a full disk) leaves segment files no commit
//!   refers to. [`collect_garbage`] deletes them, with tantivy's own collector (its list of
//!   managed files) and then a sweep for what that list cannot know of: segment-named files
//!   outside it and temporary files of atomic writes cut short. After a failed write,
//!   [`recover_from_failure`] rolls back, collects and tells a full disk from other errors.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tantivy::directory::error::OpenWriteError;
use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::{Index, IndexWriter};

use crate::Error;

/// Prefix of the temporary files of [`IndexDirectory`]'s atomic writes. It starts with a dot
/// so tantivy never takes such a file for one of its own (it manages no dot-file).
const TEMP_PREFIX: &str = ".vnsearch-tmp-";

/// Distinguishes the temporary files of concurrent atomic writes within one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// tantivy's `MmapDirectory`, except that atomic writes create files with the umask's
/// permissions (see the module documentation).
#[derive(Debug, Clone)]
pub struct IndexDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl IndexDirectory {
    /// Opens the existing directory `root`.
    pub fn open(root: &Path) -> Result<Self, OpenDirectoryError> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.inner.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        atomic_write(&self.root.join(path), data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// Replaces `path` with `data` so that no reader ever sees a partial file: write a temporary
/// file beside it (same file system), flush it to disk, rename it over `path`. The file is
/// created with the default mode (0666 filtered by the umask); the temporary file is removed
/// when any step fails.
pub(super) fn atomic_write(path: &Path, data: &[u8]) -> io::Result<()> {
    let parent = path.parent().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} has no parent directory", path.display()),
        )
    })?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |name| name.to_string_lossy().into_owned());
    let temp = parent.join(format!(
        "{TEMP_PREFIX}{name}-{}-{}",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(data)?;
        file.sync_data()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Deletes the files of the index at `dir` that no commit refers to: what a killed or
/// failed run left behind. `writer` must be a writer with nothing in flight (just opened,
/// or rolled back): it holds the writer lock, so no other process is creating files, and
/// every segment file it does not list as committed is garbage. Returns how many files went.
pub fn collect_garbage(writer: &IndexWriter, dir: &Path) -> tantivy::Result<usize> {
    // tantivy's collector also rewrites its list of managed files.
    let mut removed = writer.garbage_collect_files().wait()?.deleted_files.len();
    let living = living_files(writer.index())?;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(removed);
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let garbage =
            is_temp_file(&name) || (is_segment_file(&name) && !living.contains(Path::new(&name)));
        if garbage && entry.file_type().is_ok_and(|t| t.is_file()) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(removed)
}

/// Cleans up after a write to the index at `dir` failed: the uncommitted work is rolled back
/// (the last commit stays as it was) and its files deleted, so that the next run finds the
/// index as the last commit left it, and the room the failed run took. Returns the error to
/// report: [`Error::DiskFull`] for a full disk, with the `pending_input_bytes` still to index.
pub fn recover_from_failure(
    writer: &mut IndexWriter,
    error: Error,
    dir: &Path,
    pending_input_bytes: u64,
) -> Error {
    // A failed indexing thread only says "killed" to `add_document`; joining the threads
    // (which is what preparing a commit does) returns what actually went wrong.
    let error = match error {
        Error::Tantivy(tantivy::TantivyError::ErrorInThread(_)) => match writer.prepare_commit() {
            Err(cause) => Error::Tantivy(cause),
            Ok(prepared) => {
                let _ = prepared.abort();
                error
            }
        },
        other => other,
    };
    let _ = writer.rollback();
    let _ = collect_garbage(writer, dir);
    disk_full_or(error, dir, pending_input_bytes)
}

/// `error` as [`Error::DiskFull`] when it reports a full disk (or quota), else as it is.
pub fn disk_full_or(error: Error, dir: &Path, pending_input_bytes: u64) -> Error {
    if error_is_disk_full(&error) {
        Error::DiskFull {
            dir: dir.to_path_buf(),
            pending_input_bytes,
            free_bytes: fs4::available_space(dir).ok(),
        }
    } else {
        error
    }
}

/// The files the last commit of `index` refers to.
fn living_files(index: &Index) -> tantivy::Result<std::collections::HashSet<PathBuf>> {
    Ok(index.load_metas()?.list_segment_files())
}

/// Whether `name` is a segment file: a 32-hex-digit segment id, a dot, an extension
/// (`.idx`, `.store`, `.store.temp`, `<opstamp>.del`, …).
pub fn is_segment_file(name: &str) -> bool {
    let (id, extension) = name.split_at(name.find('.').unwrap_or(name.len()));
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) && extension.len() > 1
}

/// Whether `name` is the temporary file of an atomic write: ours, or one of the `tempfile`
/// crate (`.tmp` + 6 characters) that indexes written before [`IndexDirectory`] may hold, or
/// the file stamps being written (`vnsearch-files.json.tmp`).
fn is_temp_file(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
        || name
            .strip_prefix(super::stamps::STAMPS_FILE)
            .is_some_and(|rest| rest == ".tmp")
        || name
            .strip_prefix(".tmp")
            .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether an I/O error means the file system is full (or the user's quota is used up).
pub fn io_is_disk_full(error: &io::Error) -> bool {
    /// `ENOSPC` and `EDQUOT` on Linux; `ErrorKind` names the first one only on newer Rusts.
    const NO_SPACE: i32 = 28;
    const QUOTA: i32 = 122;
    if matches!(error.raw_os_error(), Some(NO_SPACE | QUOTA)) {
        return true;
    }
    match error.get_ref() {
        Some(inner) => error_is_disk_full(inner),
        None => false,
    }
}

/// Whether `error` (a tantivy error, an I/O error, or anything wrapping one) reports a full
/// disk. tantivy passes some I/O errors on only as text (a failed indexing thread, a
/// failed merge), so the text is read too, as a last resort.
pub fn error_is_disk_full(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if io_is_disk_full(io) {
                return true;
            }
        }
        if let Some(tantivy) = e.downcast_ref::<tantivy::TantivyError>() {
            if tantivy_io_error(tantivy).is_some_and(io_is_disk_full) {
                return true;
            }
        }
        let text = format!("{e} {e:?}");
        if [
            "No space left on device",
            "os error 28",
            "StorageFull",
            "os error 122",
        ]
        .iter()
        .any(|needle| text.contains(needle))
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// The I/O error inside a tantivy error, when it holds one.
fn tantivy_io_error(error: &tantivy::TantivyError) -> Option<&io::Error> {
    use tantivy::TantivyError as T;
    match error {
        T::IoError(io) => Some(io.as_ref()),
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. })
        | T::OpenReadError(OpenReadError::IoError { io_error, .. }) => Some(io_error.as_ref()),
        T::LockFailure(LockError::IoError(io), _) => Some(io.as_ref()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_and_temp_names_are_told_apart_from_everything_else() {
        assert!(is_segment_file("cc254c74bab644cba11a5886b679604b.idx"));
        assert!(is_segment_file("cc254c74bab644cba11a5886b679604b.12.del"));
        assert!(is_segment_file(
            "cc254c74bab644cba11a5886b679604b.store.temp"
        ));
        for name in [
            "meta.json",
            ".managed.json",
            ".tantivy-writer.lock",
            "cc254c74bab644cba11a5886b679604b",
            "cc254c74bab644cba11a5886b679604b.",
            "notes-about-this-index-1234567.txt",
        ] {
            assert!(!is_segment_file(name), "{name}");
        }
        assert!(is_temp_file(".vnsearch-tmp-meta.json-12-0"));
        assert!(is_temp_file(".tmpA1b2C3"));
        assert!(!is_temp_file(".tmp"));
        assert!(!is_temp_file(".tantivy-meta.lock"));
    }

    #[test]
    fn disk_full_is_recognised_through_wrappers() {
        let enospc = io::Error::from_raw_os_error(28);
        assert!(io_is_disk_full(&enospc));
        let wrapped = io::Error::other(io::Error::from_raw_os_error(28));
        assert!(io_is_disk_full(&wrapped));
        let tantivy = tantivy::TantivyError::IoError(Arc::new(enospc));
        assert!(error_is_disk_full(&tantivy));
        let in_thread = tantivy::TantivyError::ErrorInThread(
            "Os { code: 28, kind: StorageFull, message: \"No space left on device\" }".into(),
        );
        assert!(error_is_disk_full(&in_thread));
        let other = tantivy::TantivyError::IoError(Arc::new(io::Error::from_raw_os_error(13)));
        assert!(!error_is_disk_full(&other));
    }
}
