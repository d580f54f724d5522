//! Input files: finding them, reading them, and turning every problem into a [`Warning`]
//! (one bad file never stops the others).
//!
//! A file is looked at (metadata) before it is opened: FIFOs, sockets and devices are skipped
//! unopened, and a `.txt` file over the size cap is never read. JSON-lines files are streamed
//! line by line, so a file of any size costs the memory of its longest line, and every
//! article is handed over as soon as it is read (the index writer can commit inside a file).

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::encoding::{decode, is_binary};
use super::warning::{Warning, WarningKind};
use super::{clean_article, jsonl, Article};

/// Default cap on one input (a `.txt` file, or one line of a JSON-lines file): 64 MiB is
/// about 20,000 pages of text, hundreds of times the longest real article, and small enough
/// that a runaway file (a log, a dump) cannot exhaust memory.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 << 20;

/// Bytes of a JSON-lines file checked for binary content before streaming it: enough to
/// tell a binary file from text without reading it all.
const BINARY_PROBE_BYTES: usize = 8 << 10;

/// The articles of one input file, the problems met, and how many bytes were read.
#[derive(Debug, Clone, Default)]
pub struct FileArticles {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
    pub bytes: u64,
}

/// One thing found while reading a file, in file order.
#[derive(Debug, Clone)]
pub enum Item {
    /// A cleaned article with at least one passage.
    Article(Article),
    /// A problem; the article or file it concerns yields nothing, unless the kind says
    /// the problem was worked around (a decoded encoding, a field ignored).
    Warning(Warning),
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

/// Reads one input file into cleaned articles, with the default size cap. Never panics;
/// problems become warnings.
pub fn read_file(path: &Path) -> FileArticles {
    let mut out = FileArticles::default();
    let each = |item, _bytes| {
        match item {
            Item::Article(article) => out.articles.push(article),
            Item::Warning(warning) => out.warnings.push(warning),
        }
        Ok::<(), std::convert::Infallible>(())
    };
    let Ok(bytes) = read_file_each(path, DEFAULT_MAX_INPUT_BYTES, each);
    out.bytes = bytes;
    out
}

/// Reads one input file, handing every article and warning to `each` as soon as it is found,
/// with the input bytes consumed since the previous call. `max_input_bytes` caps one `.txt`
/// file and one JSON line. Returns the bytes read; only `each` can fail.
pub fn read_file_each<E>(
    path: &Path,
    max_input_bytes: u64,
    mut each: impl FnMut(Item, u64) -> Result<(), E>,
) -> Result<u64, E> {
    let mut warn = |kind: WarningKind, line: Option<usize>, bytes: u64| {
        let warning = Warning {
            kind,
            path: path.to_path_buf(),
            line,
        };
        each(Item::Warning(warning), bytes)
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => return warn(unreadable(e), None, 0).map(|()| 0),
    };
    if !meta.is_file() {
        let file_type = file_type_name(&meta);
        return warn(WarningKind::NotRegularFile { file_type }, None, 0).map(|()| 0);
    }
    let kind = InputKind::of(path).unwrap_or(InputKind::Text);
    if kind == InputKind::Text && meta.len() > max_input_bytes {
        let too_large = WarningKind::TooLarge {
            bytes: meta.len(),
            limit: max_input_bytes,
        };
        return warn(too_large, None, 0).map(|()| 0);
    }
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => return warn(unreadable(e), None, 0).map(|()| 0),
    };
    match kind {
        InputKind::Text => read_text(file, path, max_input_bytes, &mut each),
        InputKind::JsonLines => read_json_lines(file, path, max_input_bytes, &mut each),
    }
}

/// A `.txt` file: one article, named after the file.
fn read_text<E>(
    file: File,
    path: &Path,
    max_input_bytes: u64,
    each: &mut impl FnMut(Item, u64) -> Result<(), E>,
) -> Result<u64, E> {
    let mut warn = |kind, bytes| each(Item::Warning(Warning::new(kind, path)), bytes);
    let (bytes, too_large) = match read_capped(file, max_input_bytes) {
        Ok(read) => read,
        Err(e) => return warn(unreadable(e), 0).map(|()| 0),
    };
    let size = bytes.len() as u64;
    if too_large {
        // The file grew past the cap after it was looked at.
        let kind = WarningKind::TooLarge {
            bytes: size,
            limit: max_input_bytes,
        };
        return warn(kind, size).map(|()| size);
    }
    let decoded = match decode(&bytes) {
        Ok(decoded) => decoded,
        Err(kind) => return warn(kind, size).map(|()| size),
    };
    drop(bytes);
    if let Some(note) = decoded.note {
        warn(note, 0)?;
    }
    let origin = path.display().to_string();
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.clone());
    let article = clean_article(&id, &decoded.text, &origin);
    if article.passages.is_empty() {
        return warn(WarningKind::CleanedToNothing, size).map(|()| size);
    }
    each(Item::Article(article), size)?;
    Ok(size)
}

/// A JSON-lines file, streamed: one article per line, blank lines ignored.
fn read_json_lines<E>(
    file: File,
    path: &Path,
    max_input_bytes: u64,
    each: &mut impl FnMut(Item, u64) -> Result<(), E>,
) -> Result<u64, E> {
    let mut reader = BufReader::with_capacity(64 << 10, file);
    let head = match reader.fill_buf() {
        Ok(head) => head,
        Err(e) => return each(warning(path, None, unreadable(e)), 0).map(|()| 0),
    };
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        // UTF-16 cannot be split at newline bytes: read it whole, within the cap.
        return read_json_lines_whole(reader, path, max_input_bytes, each);
    }
    if is_binary(&head[..head.len().min(BINARY_PROBE_BYTES)]) {
        let size = head.len() as u64;
        return each(warning(path, None, WarningKind::Binary), size).map(|()| size);
    }
    let mut total = 0u64;
    // Bytes of blank lines, counted with the next item.
    let mut pending = 0u64;
    let mut line_no = 0;
    let mut articles_or_lines = false;
    let mut buffer = Vec::new();
    loop {
        let (consumed, too_long) = match read_line_capped(&mut reader, &mut buffer, max_input_bytes)
        {
            Ok(read) => read,
            Err(e) => {
                each(warning(path, Some(line_no + 1), unreadable(e)), pending)?;
                return Ok(total);
            }
        };
        if consumed == 0 {
            break;
        }
        total += consumed;
        pending += consumed;
        line_no += 1;
        if too_long {
            articles_or_lines = true;
            let kind = WarningKind::TooLarge {
                bytes: consumed,
                limit: max_input_bytes,
            };
            each(
                warning(path, Some(line_no), kind),
                std::mem::take(&mut pending),
            )?;
            continue;
        }
        let mut line = buffer.as_slice();
        if line_no == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        articles_or_lines = true;
        let text = match std::str::from_utf8(line) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => match decode(line) {
                Ok(decoded) => {
                    if let Some(note) = decoded.note {
                        each(warning(path, Some(line_no), note), 0)?;
                    }
                    std::borrow::Cow::Owned(decoded.text)
                }
                Err(kind) => {
                    each(
                        warning(path, Some(line_no), kind),
                        std::mem::take(&mut pending),
                    )?;
                    continue;
                }
            },
        };
        emit_line(&text, path, line_no, std::mem::take(&mut pending), each)?;
    }
    if !articles_or_lines {
        each(warning(path, None, WarningKind::Empty), pending)?;
    }
    Ok(total)
}

/// A UTF-16 JSON-lines file, decoded whole (within the cap) and then read line by line.
fn read_json_lines_whole<E>(
    reader: BufReader<File>,
    path: &Path,
    max_input_bytes: u64,
    each: &mut impl FnMut(Item, u64) -> Result<(), E>,
) -> Result<u64, E> {
    let (bytes, too_large) = match read_capped(reader, max_input_bytes) {
        Ok(read) => read,
        Err(e) => return each(warning(path, None, unreadable(e)), 0).map(|()| 0),
    };
    let size = bytes.len() as u64;
    let kind = if too_large {
        Err(WarningKind::TooLarge {
            bytes: size,
            limit: max_input_bytes,
        })
    } else {
        decode(&bytes)
    };
    let decoded = match kind {
        Ok(decoded) => decoded,
        Err(kind) => return each(warning(path, None, kind), size).map(|()| size),
    };
    if let Some(note) = decoded.note {
        each(warning(path, None, note), 0)?;
    }
    let mut pending = size;
    for (index, line) in decoded.text.lines().enumerate() {
        if !line.trim().is_empty() {
            emit_line(line, path, index + 1, std::mem::take(&mut pending), each)?;
        }
    }
    Ok(size)
}

/// Parses one JSON line and hands over its warnings, then its article.
fn emit_line<E>(
    text: &str,
    path: &Path,
    line_no: usize,
    bytes: u64,
    each: &mut impl FnMut(Item, u64) -> Result<(), E>,
) -> Result<(), E> {
    let (article, warnings) = jsonl::parse_line(text, path, line_no);
    // The line's bytes go with its article, or with the last warning of a skipped line.
    let mut bytes = bytes;
    let count = warnings.len();
    for (index, warning) in warnings.into_iter().enumerate() {
        let carried = if article.is_none() && index + 1 == count {
            std::mem::take(&mut bytes)
        } else {
            0
        };
        each(Item::Warning(warning), carried)?;
    }
    match article {
        Some(article) => each(Item::Article(article), bytes),
        None => Ok(()),
    }
}

/// Reads at most `cap` bytes (and one more, to tell that there was more).
fn read_capped(reader: impl Read, cap: u64) -> std::io::Result<(Vec<u8>, bool)> {
    let mut bytes = Vec::new();
    reader.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    let too_large = bytes.len() as u64 > cap;
    Ok((bytes, too_large))
}

/// Reads one line (with its `\n`) into `buffer`, keeping at most `cap` bytes of it: a longer
/// line is consumed to its end but not kept. Returns the bytes consumed (0 at the end of the
/// input) and whether the line was over the cap.
fn read_line_capped(
    reader: &mut impl BufRead,
    buffer: &mut Vec<u8>,
    cap: u64,
) -> std::io::Result<(u64, bool)> {
    buffer.clear();
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, too_long));
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..=end], true),
            None => (available, false),
        };
        if !too_long {
            if (buffer.len() + chunk.len()) as u64 > cap {
                too_long = true;
                *buffer = Vec::new();
            } else {
                buffer.extend_from_slice(chunk);
            }
        }
        let length = chunk.len();
        reader.consume(length);
        consumed += length as u64;
        if done {
            return Ok((consumed, too_long));
        }
    }
}

fn warning(path: &Path, line: Option<usize>, kind: WarningKind) -> Item {
    Item::Warning(Warning {
        kind,
        path: path.to_path_buf(),
        line,
    })
}

fn unreadable(source: std::io::Error) -> WarningKind {
    WarningKind::Unreadable {
        source: std::sync::Arc::new(source),
    }
}

/// What a path that is not a regular file is, for the warning.
fn file_type_name(meta: &std::fs::Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines_are_consumed_whole_but_not_kept() {
        let input = format!("short\n{}\nlast", "x".repeat(100));
        let mut reader = BufReader::with_capacity(16, input.as_bytes());
        let mut buffer = Vec::new();
        let mut lines = Vec::new();
        loop {
            let (consumed, too_long) =
                read_line_capped(&mut reader, &mut buffer, 50).expect("in memory");
            if consumed == 0 {
                break;
            }
            lines.push((
                consumed,
                too_long,
                String::from_utf8_lossy(&buffer).into_owned(),
            ));
        }
        assert_eq!(
            lines,
            [
                (6, false, "short\n".to_string()),
                (101, true, String::new()),
                (4, false, "last".to_string()),
            ]
        );
    }
}
