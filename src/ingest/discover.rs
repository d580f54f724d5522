//! Finding input files: named files, and directories walked recursively for `.txt`,
//! `.jsonl` and `.ndjson` files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::warning::{Warning, WarningKind};

/// The kinds of input file, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// `.txt`: one article per file.
    Text,
    /// `.jsonl` / `.ndjson`: one article per line.
    JsonLines,
}

impl InputKind {
    /// The kind of a path, by its extension (case-insensitive).
    pub fn of(path: &Path) -> Option<InputKind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" => Some(InputKind::Text),
            "jsonl" | "ndjson" => Some(InputKind::JsonLines),
            _ => None,
        }
    }
}

/// Expands files and directories (recursively, sorted, following .txt/.jsonl/.ndjson by
/// extension, case-insensitive; other files in directories are ignored silently; a missing
/// path, or a named file of another kind, is a Warning).
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Warning>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => warnings.push(Warning::unreadable(path, e)),
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut warnings, &mut visited),
            Ok(_) if InputKind::of(path).is_some() => files.push(path.clone()),
            Ok(_) => warnings.push(Warning::new(WarningKind::NotAnInput, path)),
        }
    }
    files.sort();
    files.dedup();
    (files, warnings)
}

/// Collects the input files under `dir`; `visited` stops symlink loops.
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
    visited: &mut HashSet<PathBuf>,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return warnings.push(Warning::unreadable(dir, e)),
    };
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                warnings.push(Warning::unreadable(dir, e));
                continue;
            }
        };
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, files, warnings, visited),
            Ok(_) if InputKind::of(&path).is_some() => files.push(path),
            Ok(_) => {}
            Err(e) => warnings.push(Warning::unreadable(&path, e)),
        }
    }
}
