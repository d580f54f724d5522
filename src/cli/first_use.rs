//! Which index `search` and `show` read, and building it from `./seeds` on first use.
//!
//! Only the default location (`./index`, neither `--index` nor `VNSEARCH_INDEX` given) is
//! built automatically: a mistyped `--index` must be an error, not a fresh seeds index that
//! answers in place of the real one.
//!
//! Several commands may start at once in a fresh checkout. The first-use build is therefore
//! serialised by an advisory lock ([`LOCK_FILE`], held for the check and the build), and a
//! marker file ([`BUILDING_FILE`]) says that a build started and has not finished, so that a
//! build that was killed is finished by the next command instead of leaving an empty index
//! whose "0 matching passages" would look like a real answer.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use anyhow::Context;
use fs4::fs_std::FileExt;

use super::progress::StderrProgress;
use super::terminal::eprint_line;
use vnsearch::{update_index, BuildOptions, Error};

/// Where `search` and `show` look for the index when not told.
pub const DEFAULT_INDEX: &str = "index";
/// Where the default index is built from when it does not exist yet.
pub const DEFAULT_SEEDS: &str = "seeds";
/// Held (exclusively) while a command checks for the default index and builds it.
const LOCK_FILE: &str = ".vnsearch-first-use.lock";
/// Present while the seeds build runs; left behind by a build that was killed.
const BUILDING_FILE: &str = ".vnsearch-seeds-build";

/// The index a command reads: the default location, or one the user named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexLocation {
    /// `./index`: built from `./seeds` when missing.
    Default,
    /// `--index DIR` or `VNSEARCH_INDEX=DIR`: must hold an index already.
    Explicit(PathBuf),
}

impl IndexLocation {
    /// The location from the options (the one after the command name wins).
    pub fn from_options(root: Option<&PathBuf>, command: Option<&PathBuf>) -> Self {
        match command.or(root) {
            Some(dir) => IndexLocation::Explicit(dir.clone()),
            None => IndexLocation::Default,
        }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        match self {
            IndexLocation::Default => Path::new(DEFAULT_INDEX),
            IndexLocation::Explicit(dir) => dir,
        }
    }
}

/// Makes sure an index can be opened at `location` and returns its directory: an explicit
/// location must hold one; the default one is built from `./seeds` when it has none (or a
/// first-use build was interrupted), while other commands wait for that build.
pub fn ready_index(location: &IndexLocation) -> anyhow::Result<PathBuf> {
    let dir = location.dir().to_path_buf();
    if dir.exists() && !dir.is_dir() {
        return Err(Error::InvalidOption(format!(
            "{} is a file, not an index directory",
            dir.display()
        ))
        .into());
    }
    let has_index = |dir: &Path| dir.join("meta.json").is_file();
    match location {
        IndexLocation::Explicit(_) if has_index(&dir) => Ok(dir),
        IndexLocation::Explicit(_) => Err(Error::InvalidOption(format!(
            "no index at {}{}: check the path (only the default ./{DEFAULT_INDEX} is built \
             automatically), or build one with `vnsearch index --index {} PATHS…`",
            dir.display(),
            if dir.exists() {
                ""
            } else {
                " (no such directory)"
            },
            dir.display()
        ))
        .into()),
        IndexLocation::Default if !Path::new(DEFAULT_SEEDS).is_dir() => {
            if has_index(&dir) {
                Ok(dir)
            } else {
                Err(Error::NoIndex(dir).into())
            }
        }
        IndexLocation::Default => {
            build_seeds_once(&dir)?;
            Ok(dir)
        }
    }
}

/// Builds the default index from the seeds unless it is complete, holding the first-use lock.
fn build_seeds_once(dir: &Path) -> anyhow::Result<()> {
    let Some(_lock) = first_use_lock(dir)? else {
        // A directory this user cannot write to: an index someone else built, to read only.
        return Ok(());
    };
    let building = dir.join(BUILDING_FILE);
    if dir.join("meta.json").is_file() && !building.exists() {
        return Ok(());
    }
    eprint_line(&format!(
        "note: no index at {} yet; building it from ./{DEFAULT_SEEDS} first",
        dir.display()
    ));
    File::create(&building).with_context(|| format!("creating {}", building.display()))?;
    let options = BuildOptions::new(dir, vec![PathBuf::from(DEFAULT_SEEDS)]);
    let summary = update_index(&options, &mut StderrProgress::new())
        .with_context(|| format!("building {} from ./{DEFAULT_SEEDS}", dir.display()))?;
    std::fs::remove_file(&building).with_context(|| format!("removing {}", building.display()))?;
    eprint_line(&format!("indexed: {summary}"));
    Ok(())
}

/// Takes the first-use lock of `dir` (creating both), waiting for another command that holds
/// it. `None` when the directory holds an index but the lock cannot be created there (the
/// index belongs to another user and is only read).
fn first_use_lock(dir: &Path) -> anyhow::Result<Option<File>> {
    let path = dir.join(LOCK_FILE);
    let opened = std::fs::create_dir_all(dir).and_then(|()| {
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
    });
    let file = match opened {
        Ok(file) => file,
        Err(_) if dir.join("meta.json").is_file() && !dir.join(BUILDING_FILE).exists() => {
            return Ok(None)
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("creating {}", path.display()))),
    };
    if !file.try_lock_exclusive().unwrap_or(false) {
        eprint_line(&format!(
            "note: waiting for another vnsearch that is building {} from ./{DEFAULT_SEEDS}",
            dir.display()
        ));
        file.lock_exclusive()
            .with_context(|| format!("locking {}", path.display()))?;
    }
    Ok(Some(file))
}
