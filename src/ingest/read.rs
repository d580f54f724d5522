//! Input files: finding them, reading them, and turning every problem into a [`Warning`]
//! (one bad file never stops the others).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use super::encoding::decode;
use super::{clean_article, jsonl, Article};

/// A problem with one input (a file, or one line of a JSON-lines file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `path` or `path:line`.
    pub origin: String,
    /// What went wrong and what was done about it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// The articles of one input file, the problems met, and how many bytes were read.
#[derive(Debug, Clone, Default)]
pub struct FileArticles {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
    pub bytes: u64,
}

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
            Err(e) => warnings.push(warning(path, format!("cannot read: {e}"))),
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut warnings, &mut visited),
            Ok(_) if InputKind::of(path).is_some() => files.push(path.clone()),
            Ok(_) => warnings.push(warning(
                path,
                "not a .txt, .jsonl or .ndjson file, skipped".to_string(),
            )),
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
        Err(e) => return warnings.push(warning(dir, format!("cannot read directory: {e}"))),
    };
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                warnings.push(warning(dir, format!("cannot read directory entry: {e}")));
                continue;
            }
        };
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, files, warnings, visited),
            Ok(_) if InputKind::of(&path).is_some() => files.push(path),
            Ok(_) => {}
            Err(e) => warnings.push(warning(&path, format!("cannot read: {e}"))),
        }
    }
}

/// Reads one input file into cleaned articles. Never panics; problems become warnings.
pub fn read_file(path: &Path) -> FileArticles {
    let mut out = FileArticles::default();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            out.warnings
                .push(warning(path, format!("cannot read: {e}")));
            return out;
        }
    };
    out.bytes = bytes.len() as u64;
    let decoded = match decode(&bytes) {
        Ok(decoded) => decoded,
        Err(reason) => {
            out.warnings.push(warning(path, reason));
            return out;
        }
    };
    if let Some(note) = decoded.note {
        out.warnings.push(warning(path, note));
    }
    let origin = path.display().to_string();
    match InputKind::of(path) {
        Some(InputKind::JsonLines) => {
            let (articles, warnings) = jsonl::parse(&decoded.text, &origin);
            out.articles = articles;
            out.warnings.extend(warnings);
        }
        // A file named explicitly with another extension is read as text.
        Some(InputKind::Text) | None => {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| origin.clone());
            out.articles
                .push(clean_article(&id, &decoded.text, &origin));
        }
    }
    out
}

fn warning(path: &Path, message: String) -> Warning {
    Warning {
        origin: path.display().to_string(),
        message,
    }
}
