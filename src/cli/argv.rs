//! Query words that start with `-`.
//!
//! In `vnsearch search hợp tác -họp`, `-họp` excludes a word; to an argument parser it looks
//! like the short flag `-h` (help) with `ọp` attached, and `-nhà` like `-n hà`. So before clap
//! sees the arguments of `search`, [`query_words_after_dashes`] sorts them: once the query has
//! started (after its first word), a token is an option only when it is a long option
//! (`--json`, `--limit=5`, `--limit 5`) or exactly a short one (`-n 5`, `-h`); every other
//! token is a query word. Options go first and the query words after `--`, in their order, so
//! clap reads them as the query whatever they look like. A query that *starts* with `-word`
//! is refused with a message that shows how to write it (after `--`), because there the
//! word could as well be a mistyped option.

use std::ffi::OsString;

use clap::Command;

/// The name of the subcommand whose trailing words form a query.
const SEARCH: &str = "search";

/// `args` (the whole command line, program name first) with the arguments of `search`
/// reordered as described in the module documentation; other commands are left as they are.
/// `command` is the fully built clap definition (for which options take a value).
/// Errors: the message for a query that starts with `-word`.
pub fn query_words_after_dashes(
    args: Vec<OsString>,
    command: &Command,
) -> Result<Vec<OsString>, String> {
    let Some(position) = subcommand_position(&args, command) else {
        return Ok(args);
    };
    let Some(search) = command.find_subcommand(SEARCH) else {
        return Ok(args);
    };
    if args[position] != SEARCH {
        return Ok(args);
    }
    let mut rewritten: Vec<OsString> = args[..=position].to_vec();
    let mut query: Vec<OsString> = Vec::new();
    let mut rest = args[position + 1..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            query.extend(rest.by_ref().cloned());
            break;
        }
        match option_kind(&text, search, !query.is_empty()) {
            Some(takes_value) => {
                rewritten.push(arg.clone());
                if takes_value {
                    rewritten.extend(rest.next().cloned());
                }
            }
            None if text.starts_with('-') && text.len() > 1 && query.is_empty() => {
                return Err(format!(
                    "`{text}` is not an option of `vnsearch search`; a query that starts with \
                     an excluded word goes after `--`: vnsearch search -- {text} …"
                ));
            }
            None => query.push(arg.clone()),
        }
    }
    if !query.is_empty() {
        rewritten.push("--".into());
        rewritten.extend(query);
    }
    Ok(rewritten)
}

/// Where the subcommand name is in `args`: the first token that is neither a root option
/// nor the value of one.
fn subcommand_position(args: &[OsString], command: &Command) -> Option<usize> {
    let mut i = 1;
    while i < args.len() {
        let text = args[i].to_string_lossy();
        if text == "--" || !text.starts_with('-') {
            return (text != "--").then_some(i);
        }
        i += match option_kind(&text, command, false) {
            Some(true) => 2,
            _ => 1,
        };
    }
    None
}

/// Whether `token` is an option of `command`: `Some(takes_a_separate_value)`, or `None` for a
/// word. An unknown `--long` counts as an option (clap will say it is unknown). Once
/// `query_started`, single-dash tokens are options only when they are exactly a short option;
/// before, a short option with its value attached (`-n5`) is one too.
fn option_kind(token: &str, command: &Command, query_started: bool) -> Option<bool> {
    if let Some(long) = token.strip_prefix("--") {
        if long.is_empty() {
            return None;
        }
        let (name, inline_value) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        let takes_value = command
            .get_arguments()
            .find(|a| {
                a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|v| v.contains(&name))
            })
            .is_some_and(|a| a.get_action().takes_values());
        return Some(takes_value && !inline_value);
    }
    let short = token.strip_prefix('-')?;
    let mut chars = short.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let arg = command
        .get_arguments()
        .find(|a| a.get_short() == Some(first))?;
    let takes_value = arg.get_action().takes_values();
    if rest.is_empty() {
        Some(takes_value)
    } else if !query_started && takes_value && rest.bytes().all(|b| b.is_ascii_digit()) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn rewrite(line: &str) -> Result<Vec<String>, String> {
        let mut command = crate::cli::args::Cli::command();
        command.build();
        let args = std::iter::once("vnsearch")
            .chain(line.split(' '))
            .map(OsString::from)
            .collect();
        query_words_after_dashes(args, &command).map(|args| {
            args.into_iter()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect()
        })
    }

    #[test]
    fn dash_words_after_the_first_query_word_are_query_words() {
        assert_eq!(
            rewrite("search hợp tác -họp").unwrap(),
            ["search", "--", "hợp", "tác", "-họp"]
        );
        assert_eq!(
            rewrite("--index ix search Việt -Lào --json -nhà -n 3").unwrap(),
            ["--index", "ix", "search", "--json", "-n", "3", "--", "Việt", "-Lào", "-nhà"]
        );
        assert_eq!(
            rewrite("search -n5 --from 2024-01-01 hop -- -x").unwrap(),
            ["search", "-n5", "--from", "2024-01-01", "--", "hop", "-x"]
        );
        assert_eq!(
            rewrite("search -- -họp hợp").unwrap(),
            ["search", "--", "-họp", "hợp"]
        );
        // Other commands are not touched.
        assert_eq!(rewrite("show -x").unwrap(), ["show", "-x"]);
    }

    #[test]
    fn a_leading_dash_word_asks_for_double_dash() {
        for line in ["search -họp hợp tác", "search --json -nhà", "search -5"] {
            let message = rewrite(line).unwrap_err();
            assert!(
                message.contains("vnsearch search -- -"),
                "{line}: {message}"
            );
        }
        // Real flags still work before the query.
        assert_eq!(rewrite("search -h").unwrap(), ["search", "-h"]);
    }
}
