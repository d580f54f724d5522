//! Splits a query into lexemes: text chunks (bare or quoted, maybe negated or field-scoped)
//! and `OR` operators. Positions are 1-based character numbers, for error messages.

use super::{Scope, MAX_SLOP};

/// What a text lexeme holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A whitespace-delimited chunk, without its `-` / `title:` prefix.
    Bare(String),
    /// The inside of quotes, with the slop written after them.
    Quoted { text: String, slop: u32 },
}

/// One lexeme of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lexeme {
    Or,
    Text {
        negated: bool,
        scope: Scope,
        body: Body,
        /// 1-based character position where the lexeme starts.
        position: usize,
    },
}

/// Opening or closing quote: ASCII and the typographic quotes common in pasted Vietnamese text.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

const TITLE_PREFIX: &str = "title:";

/// Cuts `query` into lexemes. Fails only on a `~` not followed by a number within bounds.
pub fn lex(query: &str) -> Result<Vec<Lexeme>, (usize, String)> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let position = i + 1;
        let mut negated = false;
        if chars[i] == '-' || chars[i] == '+' {
            negated = chars[i] == '-';
            i += 1;
            // A lone operator (followed by space or end) is stray: ignore it.
            if i >= chars.len() || chars[i].is_whitespace() {
                continue;
            }
        }
        let mut scope = Scope::Text;
        if starts_with_ignore_case(&chars[i..], TITLE_PREFIX) {
            scope = Scope::Title;
            i += TITLE_PREFIX.len();
        }
        if i < chars.len() && is_quote(chars[i]) {
            i += 1;
            let start = i;
            while i < chars.len() && !is_quote(chars[i]) {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            // An unclosed quote runs to the end of the query.
            if i < chars.len() {
                i += 1;
            }
            let mut slop = 0;
            if i < chars.len() && chars[i] == '~' {
                let tilde = i + 1;
                i += 1;
                let digits_start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let digits: String = chars[digits_start..i].iter().collect();
                slop = digits
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n <= MAX_SLOP)
                    .ok_or_else(|| {
                        (
                            tilde,
                            format!("expected a number from 0 to {MAX_SLOP} after `~`"),
                        )
                    })?;
            }
            out.push(Lexeme::Text {
                negated,
                scope,
                body: Body::Quoted { text, slop },
                position,
            });
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !is_quote(chars[i]) {
            i += 1;
        }
        let text: String = chars[start..i].iter().collect();
        if text == "OR" && !negated && scope == Scope::Text {
            out.push(Lexeme::Or);
        } else if text == "AND" && !negated && scope == Scope::Text {
            // AND is the default between words: accept it and move on.
        } else if !text.is_empty() {
            out.push(Lexeme::Text {
                negated,
                scope,
                body: Body::Bare(text),
                position,
            });
        }
    }
    Ok(out)
}

fn starts_with_ignore_case(chars: &[char], prefix: &str) -> bool {
    chars.len() >= prefix.len()
        && chars
            .iter()
            .zip(prefix.chars())
            .all(|(a, b)| a.to_ascii_lowercase() == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare(text: &str, negated: bool, scope: Scope, position: usize) -> Lexeme {
        Lexeme::Text {
            negated,
            scope,
            body: Body::Bare(text.into()),
            position,
        }
    }

    #[test]
    fn words_operators_and_scopes() {
        let lexed = lex("hợp OR họp -Lào title:Việt").unwrap();
        assert_eq!(
            lexed,
            vec![
                bare("hợp", false, Scope::Text, 1),
                Lexeme::Or,
                bare("họp", false, Scope::Text, 8),
                bare("Lào", true, Scope::Text, 12),
                bare("Việt", false, Scope::Title, 17),
            ]
        );
    }

    #[test]
    fn quoted_phrases_with_slop_and_typographic_quotes() {
        let lexed = lex("“khoa học”~2 title:\"đổi mới").unwrap();
        assert_eq!(
            lexed,
            vec![
                Lexeme::Text {
                    negated: false,
                    scope: Scope::Text,
                    body: Body::Quoted {
                        text: "khoa học".into(),
                        slop: 2
                    },
                    position: 1,
                },
                Lexeme::Text {
                    negated: false,
                    scope: Scope::Title,
                    body: Body::Quoted {
                        text: "đổi mới".into(),
                        slop: 0
                    },
                    position: 14,
                },
            ]
        );
    }

    #[test]
    fn bad_slop_names_its_position() {
        assert_eq!(lex("\"a b\"~x").unwrap_err().0, 6);
        assert!(lex("\"a b\"~99999999999").is_err());
    }

    #[test]
    fn stray_operators_vanish() {
        assert_eq!(lex(" - + AND ").unwrap(), vec![]);
    }
}
