//! Writing to the terminal safely, and to pipes that may close.
//!
//! **Terminal safety.** Text from the input (articles, titles, file names, the query echoed in
//! an error) can carry control characters: `ESC ] 0 ; … BEL` retitles the window, `ESC [ 31 m`
//! recolours it, U+202E (right-to-left override) shows a file name backwards. On a terminal,
//! [`for_terminal`] replaces every C0 and C1 control character and every bidi override or
//! isolate by a visible stand-in; `--json` output and output into a pipe or file stay exact.
//!
//! **Closed pipes.** `vnsearch search … | head -1` closes stdout early. That is a normal end:
//! [`write_stdout`] turns the broken pipe into [`StdoutClosed`], which `main` ends on with
//! exit code 0 and no message. Lines for stderr go through [`eprint_line`], which never
//! fails (a closed stderr must not turn a result into a crash).

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// stdout was closed by its reader: the run ends quietly, with success.
#[derive(Debug)]
pub struct StdoutClosed;

impl std::fmt::Display for StdoutClosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stdout was closed")
    }
}

impl std::error::Error for StdoutClosed {}

/// Writes `bytes` to stdout and flushes them. A reader that went away is [`StdoutClosed`].
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("writing to stdout")),
    }
}

/// Whether stderr is a terminal (asked once).
pub fn stderr_is_terminal() -> bool {
    static TERMINAL: OnceLock<bool> = OnceLock::new();
    *TERMINAL.get_or_init(|| std::io::stderr().is_terminal())
}

/// Prints one line on stderr, made safe when stderr is a terminal. Errors are ignored: there
/// is nowhere left to report them.
pub fn eprint_line(line: &str) {
    let line = if stderr_is_terminal() {
        for_terminal(line, false)
    } else {
        Cow::Borrowed(line)
    };
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Prints `text` on stderr line by line, each made safe as by [`eprint_line`] (a message of
/// several lines, such as clap's).
pub fn eprint_lines(text: &str) {
    for line in text.trim_end().lines() {
        eprint_line(line);
    }
}

/// Whether `c` can drive a terminal or reorder what it shows: C0 and C1 controls, DEL, and
/// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every unsafe character (see [`is_unsafe`]) replaced by a visible stand-in:
/// a C0 control by its Control Pictures symbol (ESC → `␛`), DEL by `␡`, the others (C1
/// controls, bidi controls) by U+FFFD. With `keep_lines`, newlines and tabs stay (a whole
/// article); a carriage return before a newline is dropped (it could only move the cursor).
pub fn for_terminal(text: &str, keep_lines: bool) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' if keep_lines => out.push(c),
            '\r' if keep_lines && chars.peek() == Some(&'\n') => {}
            c if !is_unsafe(c) => out.push(c),
            // U+2400..U+241F are the pictures of U+0000..U+001F.
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'))
            }
            '\u{7F}' => out.push('\u{2421}'),
            _ => out.push('\u{FFFD}'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_become_visible_stand_ins() {
        let hostile =
            "Tin\x1b]0;owned\x07 nóng\x1b[31m đỏ\u{9b}31m \u{202E}txt.exe\u{2066}x\u{2069}\x7f";
        assert_eq!(
            for_terminal(hostile, false),
            "Tin␛]0;owned␇ nóng␛[31m đỏ\u{FFFD}31m \u{FFFD}txt.exe\u{FFFD}x\u{FFFD}␡"
        );
        assert_eq!(for_terminal("a\r\nb\tc\rd\n", true), "a\nb\tc␍d\n");
        assert_eq!(for_terminal("a\nb\tc", false), "a␊b␉c");
        // Vietnamese text, combining marks and ordinary punctuation pass untouched.
        let plain = "Hợp tác – \"đổi mới\" (KH&CN) hoa\u{300} · 29/5";
        assert!(matches!(for_terminal(plain, false), Cow::Borrowed(_)));
    }
}
