//! Article ids within one index: unique, and stable from one run to the next.
//!
//! An id in the index belongs to the file it came from for as long as that file exists. A
//! `.txt` article is named after its file: the id it already has, else the file stem (the
//! seeds keep theirs), else, when another file holds the stem, the path relative to the
//! parent of the indexed directory (`b/005` for `b/005.txt`), with a warning naming both
//! files. A JSON id is the data's own and is never rewritten: a line whose id another input
//! holds is skipped with a warning. Within one run, files are read in path order and the
//! first one to claim an id keeps it, as a clean build of the same inputs would.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::state::IndexedArticle;
use crate::ingest::fnv::Fnv1a;
use crate::ingest::{split_origin, InputKind, MAX_ID_BYTES};

/// Who holds which id, in the index and in the current run.
pub struct IdRegistry<'a> {
    /// What the committed index holds: id → state.
    existing: &'a HashMap<String, IndexedArticle>,
    /// The ids the index holds for each file.
    by_file: HashMap<PathBuf, Vec<String>>,
    /// The files of this run and their position in reading order.
    run_files: HashMap<&'a Path, usize>,
    /// Ids claimed in this run → the origin that claimed them.
    claims: HashMap<String, String>,
    /// Whether a file named by an origin still exists (asked once per file).
    exists: HashMap<PathBuf, bool>,
}

impl<'a> IdRegistry<'a> {
    /// A registry for a run that reads `files` (in this order) into an index holding `existing`.
    pub fn new(existing: &'a HashMap<String, IndexedArticle>, files: &'a [PathBuf]) -> Self {
        let mut by_file: HashMap<PathBuf, Vec<String>> = HashMap::new();
        for (id, state) in existing {
            let (path, _) = split_origin(&state.origin);
            by_file
                .entry(path.to_path_buf())
                .or_default()
                .push(id.clone());
        }
        IdRegistry {
            existing,
            by_file,
            run_files: files
                .iter()
                .enumerate()
                .map(|(n, f)| (f.as_path(), n))
                .collect(),
            claims: HashMap::new(),
            exists: HashMap::new(),
        }
    }

    /// Claims every id the index holds for `file` that is not claimed yet (the file is
    /// unchanged, or could not be read whole): they stay as they are. Returns how many.
    pub fn keep_file(&mut self, file: &Path) -> usize {
        let Some(ids) = self.by_file.get(file) else {
            return 0;
        };
        let mut kept = 0;
        for id in ids {
            if !self.claims.contains_key(id) {
                let origin = self.existing[id].origin.clone();
                self.claims.insert(id.clone(), origin);
                kept += 1;
            }
        }
        kept
    }

    /// Whether an id was claimed in this run.
    pub fn is_claimed(&self, id: &str) -> bool {
        self.claims.contains_key(id)
    }

    /// Claims a JSON id for the article at `origin` (in `file`, at `position` in the run), or
    /// returns the origin that holds it.
    pub fn claim_json(
        &mut self,
        id: &str,
        origin: &str,
        file: &Path,
        position: usize,
    ) -> Result<(), String> {
        if let Some(holder) = self.holder(id, file, position) {
            return Err(holder);
        }
        self.claims.insert(id.to_string(), origin.to_string());
        Ok(())
    }

    /// The id of the `.txt` file `file` (at `position` in the run, found under the input
    /// `root`) whose stem is `stem`. With a new id, also the origin that holds the stem.
    pub fn claim_text(
        &mut self,
        file: &Path,
        position: usize,
        root: &Path,
        stem: &str,
    ) -> (String, Option<String>) {
        let origin = file.display().to_string();
        let current = self.by_file.get(file).and_then(|ids| ids.first()).cloned();
        if let Some(id) = current.filter(|id| self.holder(id, file, position).is_none()) {
            self.claims.insert(id.clone(), origin);
            return (id, None);
        }
        let Some(stem_holder) = self.holder(stem, file, position) else {
            self.claims.insert(stem.to_string(), origin);
            return (stem.to_string(), None);
        };
        let hashed = {
            let mut hash = Fnv1a::new();
            hash.write(file.as_os_str().as_encoded_bytes());
            format!("{stem}~{:016x}", hash.finish())
        };
        let candidates = [relative_id(file, root), Some(hashed.clone())];
        let mut chosen = candidates
            .into_iter()
            .flatten()
            .filter(|id| id.len() <= MAX_ID_BYTES && id != stem)
            .find(|id| self.holder(id, file, position).is_none());
        // Only another file hashing the same way could hold the hashed id: count on.
        let mut n = 2;
        while chosen.is_none() {
            let id = format!("{hashed}~{n}");
            if self.holder(&id, file, position).is_none() {
                chosen = Some(id);
            }
            n += 1;
        }
        let id = chosen.unwrap_or(hashed);
        self.claims.insert(id.clone(), origin);
        (id, Some(stem_holder))
    }

    /// The origin that holds `id` against `file` (at `position` in this run), if any: a claim
    /// of this run, or an indexed article whose file exists and is not settled by this run.
    fn holder(&mut self, id: &str, file: &Path, position: usize) -> Option<String> {
        if let Some(origin) = self.claims.get(id) {
            return Some(origin.clone());
        }
        let state = self.existing.get(id)?;
        let (owner, _) = split_origin(&state.origin);
        if owner == file {
            return None;
        }
        let exists = *self
            .exists
            .entry(owner.to_path_buf())
            .or_insert_with(|| owner.exists());
        if !exists {
            // Its file is gone: the article is an orphan, and its id is free.
            return None;
        }
        match self.run_files.get(owner) {
            // Read earlier in this run without claiming it: the id is free.
            Some(&owner_position) if owner_position < position => None,
            // A JSON-lines file read later in this run: first come, first served.
            Some(_) if InputKind::of(owner) == Some(InputKind::JsonLines) => None,
            // A `.txt` file read later claims its id again; a file outside the run keeps it.
            _ => Some(state.origin.clone()),
        }
    }
}

/// The input that `file` was found under: the longest input path it starts with.
pub fn root_of<'p>(file: &'p Path, inputs: &'p [PathBuf]) -> &'p Path {
    inputs
        .iter()
        .filter(|input| file.starts_with(input))
        .max_by_key(|input| input.components().count())
        .map_or(file, PathBuf::as_path)
}

/// `file` relative to the parent of the directory it was indexed from, without extension,
/// with `/` separators: `b/005` for `b/005.txt` indexed from `b` (or named alone).
fn relative_id(file: &Path, root: &Path) -> Option<String> {
    let directory = if root == file { file.parent()? } else { root };
    let base = directory.parent().unwrap_or(directory);
    let relative = file.strip_prefix(base).ok()?.with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/")).filter(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_ids_start_at_the_indexed_directory() {
        let root = Path::new("/data/b");
        assert_eq!(
            relative_id(Path::new("/data/b/x/005.txt"), root).as_deref(),
            Some("b/x/005")
        );
        let named = Path::new("/data/b/005.txt");
        assert_eq!(relative_id(named, named).as_deref(), Some("b/005"));
        assert_eq!(
            root_of(named, &[PathBuf::from("/data"), PathBuf::from("/data/b")]),
            Path::new("/data/b")
        );
    }
}
