//! Query parsing, ranking, highlights and snippets.
//!
//! STUB: filled in by the search work (issue 4).
