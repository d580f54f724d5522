//! Problems with inputs, typed: what went wrong ([`WarningKind`]), in which file and line, and
//! the underlying error where there is one. One bad input never stops the others; the CLI
//! prints each warning as one line (`path:line: message`) and programs match on the kind.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A problem with one input: a file, or one line of a JSON-lines file.
#[derive(Debug, Clone)]
pub struct Warning {
    /// What went wrong and what was done about it.
    pub kind: WarningKind,
    /// The file (or directory, or named input) concerned.
    pub path: PathBuf,
    /// The line, from 1, for a problem with one line of a JSON-lines file.
    pub line: Option<usize>,
}

/// What went wrong with an input. The `Display` of a kind is the message after `path:line: `.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum WarningKind {
    /// The path could not be read (missing, no permission, an I/O error).
    Unreadable { source: Arc<std::io::Error> },
    /// A file named on the command line that is not `.txt`, `.jsonl` or `.ndjson`.
    NotAnInput,
    /// A FIFO, socket, device or directory where a file was expected: skipped without
    /// opening it (reading a FIFO blocks, a device never ends).
    NotRegularFile { file_type: &'static str },
    /// An input (a `.txt` file, or one line of a JSON-lines file) over the size cap.
    TooLarge { bytes: u64, limit: u64 },
    /// The file holds nothing but whitespace: whatever it held before leaves the index.
    Empty,
    /// The file is binary (NUL bytes, control characters, or noise after a UTF-16 BOM).
    Binary,
    /// Not UTF-8, and not a Vietnamese encoding that can be recognised.
    NotUtf8,
    /// Looks like a legacy Vietnamese 8-bit encoding (TCVN3, VNI) that is not decoded.
    LegacyEncoding,
    /// Not UTF-8 but read in another encoding (`Windows-1258`, `UTF-16`).
    Decoded { encoding: &'static str },
    /// Mostly UTF-8: `count` invalid bytes were replaced by U+FFFD.
    ReplacedBytes { count: usize },
    /// Nothing is left once site chrome is removed: whatever the input held before leaves
    /// the index.
    CleanedToNothing,
    /// A JSON line that does not parse.
    MalformedJson { source: Arc<serde_json::Error> },
    /// A JSON line that is not an object.
    NotAnObject,
    /// A JSON object without a `body` or `text` string.
    NoBody,
    /// A JSON `id` that is not a non-empty string or an integer (`found` says what it is).
    BadId { found: &'static str },
    /// A JSON `id` longer than [`MAX_ID_BYTES`].
    IdTooLong { bytes: usize },
    /// A JSON field that should be a string and is not (`found` says what it is); ignored.
    BadField {
        field: &'static str,
        found: &'static str,
    },
    /// A JSON `date` string that is not a date; ignored.
    BadDate { value: String },
    /// The article id is already used by another input (`other`: its file, or `path:line`).
    /// `renamed_to`: the id this input got instead; `None`: this input was skipped.
    IdClash {
        id: String,
        other: String,
        renamed_to: Option<String>,
    },
}

/// Longest article id accepted, in bytes: ids are shown, typed and stored as index terms.
pub const MAX_ID_BYTES: usize = 512;

impl Warning {
    /// A warning about a whole file (or directory).
    pub fn new(kind: WarningKind, path: impl Into<PathBuf>) -> Self {
        Warning {
            kind,
            path: path.into(),
            line: None,
        }
    }

    /// A warning about one line of a file.
    pub fn at_line(kind: WarningKind, path: impl Into<PathBuf>, line: usize) -> Self {
        Warning {
            kind,
            path: path.into(),
            line: Some(line),
        }
    }

    /// A warning about an article, from its origin (`path`, or `path:line` for JSON lines).
    pub(crate) fn at_origin(kind: WarningKind, origin: &str) -> Self {
        let (path, line) = split_origin(origin);
        Warning {
            kind,
            path: path.to_path_buf(),
            line,
        }
    }

    /// An I/O failure on `path`.
    pub(crate) fn unreadable(path: &Path, source: std::io::Error) -> Self {
        Warning::new(
            WarningKind::Unreadable {
                source: Arc::new(source),
            },
            path,
        )
    }
}

impl WarningKind {
    /// Whether the input could not be read whole, so that what it put into the index before
    /// must be kept (as opposed to an input that was read and holds no article any more).
    pub(crate) fn keeps_indexed(&self) -> bool {
        !matches!(
            self,
            WarningKind::Empty
                | WarningKind::CleanedToNothing
                | WarningKind::Decoded { .. }
                | WarningKind::ReplacedBytes { .. }
                | WarningKind::BadField { .. }
                | WarningKind::BadDate { .. }
                | WarningKind::IdClash {
                    renamed_to: Some(_),
                    ..
                }
        )
    }
}

/// The file part and line of an origin (`path` or `path:line`).
pub(crate) fn split_origin(origin: &str) -> (&Path, Option<usize>) {
    match origin.rsplit_once(':') {
        Some((path, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => {
            (Path::new(path), line.parse().ok())
        }
        _ => (Path::new(origin), None),
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use WarningKind::*;
        match self {
            Unreadable { source } => write!(f, "cannot read: {source}"),
            NotAnInput => f.write_str("not a .txt, .jsonl or .ndjson file, skipped"),
            NotRegularFile { file_type } => {
                write!(f, "not a regular file ({file_type}), skipped")
            }
            TooLarge { bytes, limit } => write!(
                f,
                "{:.1} MB, over the limit of {:.1} MB for one input, skipped",
                mb(*bytes),
                mb(*limit)
            ),
            Empty => f.write_str("empty: nothing to index (an article it held is removed)"),
            Binary => f.write_str("binary data (not text), skipped"),
            NotUtf8 => f.write_str(
                "not UTF-8 and not a Vietnamese encoding vnsearch reads: convert it to UTF-8; \
                 skipped",
            ),
            LegacyEncoding => f.write_str(
                "looks like a legacy Vietnamese encoding (TCVN3 or VNI), which vnsearch does not \
                 decode: convert it to UTF-8; skipped",
            ),
            Decoded { encoding } => write!(f, "not UTF-8: decoded as {encoding}"),
            ReplacedBytes { count } => write!(
                f,
                "{count} invalid UTF-8 byte{} replaced by U+FFFD",
                if *count == 1 { "" } else { "s" }
            ),
            CleanedToNothing => f.write_str(
                "no text left after cleaning: nothing to index (an article it held is removed)",
            ),
            MalformedJson { source } => write!(f, "malformed JSON line, skipped: {source}"),
            NotAnObject => f.write_str("not a JSON object, skipped"),
            NoBody => f.write_str("no `body` or `text` string, skipped"),
            BadId { found } => write!(
                f,
                "`id` is {found}, not a non-empty string or an integer: line skipped"
            ),
            IdTooLong { bytes } => write!(
                f,
                "`id` is {bytes} bytes long (at most {MAX_ID_BYTES}): line skipped"
            ),
            BadField { field, found } => write!(f, "`{field}` is {found}, not a string: ignored"),
            BadDate { value } => {
                write!(f, "unreadable date {value:?} ignored (expected YYYY-MM-DD)")
            }
            IdClash {
                id,
                other,
                renamed_to: Some(new_id),
            } => write!(
                f,
                "article id {id:?} is already used by {other}: this one is indexed as {new_id:?}"
            ),
            IdClash {
                id,
                other,
                renamed_to: None,
            } => write!(f, "article id {id:?} is already used by {other}: skipped"),
        }
    }
}

impl std::error::Error for Warning {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            WarningKind::Unreadable { source } => Some(source.as_ref()),
            WarningKind::MalformedJson { source } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// Bytes in MB (2^20, the unit of the size options).
fn mb(bytes: u64) -> f64 {
    bytes as f64 / f64::from(1u32 << 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_file_and_line_first() {
        let w = Warning::at_line(WarningKind::NotAnObject, "in.jsonl", 7);
        assert_eq!(w.to_string(), "in.jsonl:7: not a JSON object, skipped");
        let w = Warning::new(WarningKind::ReplacedBytes { count: 3 }, "/a/b.txt");
        assert_eq!(
            w.to_string(),
            "/a/b.txt: 3 invalid UTF-8 bytes replaced by U+FFFD"
        );
    }

    #[test]
    fn origins_split_into_file_and_line() {
        assert_eq!(
            split_origin("/a/b.jsonl:12"),
            (Path::new("/a/b.jsonl"), Some(12))
        );
        assert_eq!(split_origin("/a/c:d.txt"), (Path::new("/a/c:d.txt"), None));
        let w = Warning::at_origin(WarningKind::CleanedToNothing, "/a/b.jsonl:3");
        assert_eq!(
            (w.path.as_path(), w.line),
            (Path::new("/a/b.jsonl"), Some(3))
        );
    }

    #[test]
    fn io_errors_are_kept_as_the_source() {
        let w = Warning::unreadable(
            Path::new("x.txt"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        let source = std::error::Error::source(&w).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("permission denied"));
    }
}
