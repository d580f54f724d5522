//! The query language: a small lexer and parser turning what the user typed into an AST.
//!
//! ```text
//! query   := item*
//! item    := '-' unit            (exclusion)
//!          | unit ('OR' unit)*   (alternatives; items are ANDed)
//! unit    := ['title:'] (word | '"' words '"' ['~' N])
//! word    := letters, a trailing '*' makes it a prefix
//! ```
//!
//! The parser is forgiving: stray operators (`OR` at an end, a lone `-`), unclosed quotes and
//! punctuation-only chunks are ignored or closed. It only fails (with [`crate::Error::Query`]
//! naming the query and the character position) when nothing searchable is left, when the query
//! is too long, or when a `~` is not followed by a number.

mod lexer;
mod parser;

pub use parser::parse;

/// Longest query accepted, in bytes: a pasted paragraph fits, a pasted book does not.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most words a query may hold (each becomes at least one term query).
pub const MAX_WORDS: usize = 64;
/// Largest slop accepted after `"phrase"~`.
pub const MAX_SLOP: u32 = 64;

/// Which field a unit searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The passage text (default).
    Text,
    /// The article title (`title:`).
    Title,
}

/// One word of the query, analyzed like indexed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Normalized form with marks.
    pub exact: String,
    /// Accent-insensitive form.
    pub folded: String,
    /// Whether the user typed it with diacritics.
    pub marked: bool,
    /// Whether it ended with `*` (matches every word starting with it).
    pub prefix: bool,
}

impl Word {
    /// The query word of an analyzer token.
    pub fn from_token(token: &crate::text::Token) -> Word {
        Word {
            marked: token.has_marks(),
            exact: token.exact.clone(),
            folded: token.folded.clone(),
            prefix: false,
        }
    }
}

/// A word or a phrase, in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub scope: Scope,
    /// At least one word; several words must stand in order (a phrase).
    pub words: Vec<Word>,
    /// Extra words allowed between phrase words (`"…"~N`), 0 for adjacent.
    pub slop: u32,
    /// Whether the user quoted it (quoted words get no typo or concatenation tolerance).
    pub quoted: bool,
}

/// One item of the query: alternatives joined by `OR`, or an exclusion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// `-word`: passages matching any alternative are dropped.
    pub negated: bool,
    /// At least one unit; a passage must match one of them.
    pub alternatives: Vec<Unit>,
}

/// A parsed query: every non-negated clause must match, no negated clause may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

impl Query {
    /// Clauses a passage must match.
    pub fn positive(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| !c.negated)
    }

    /// Whether any word the user wants to find was typed with diacritics.
    pub fn has_marked_words(&self) -> bool {
        self.positive()
            .flat_map(|c| &c.alternatives)
            .flat_map(|u| &u.words)
            .any(|w| w.marked)
    }
}
