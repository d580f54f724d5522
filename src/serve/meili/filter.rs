//! Meilisearch `filter` expressions mapped onto the engine's filters: a date range and a
//! source. Supported: `date >= "2024-01-01"` (and `>`, `<=`, `<`, `=`), `date A TO B`,
//! `source = "…"` (the source contains these words, accents ignored), joined with `AND`;
//! the array form (`["a", "b"]` = a AND b). Anything else (`OR`, `NOT`, `!=`, `IN`,
//! parentheses, other attributes) is refused with a message saying so, never ignored.

use serde_json::Value;

/// What a filter asks for, in engine terms.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<time::Date>,
    pub to: Option<time::Date>,
    pub source: Option<String>,
}

impl Filter {
    /// Parses the `filter` value of a search: a string, or an array of strings (AND) whose
    /// nested arrays (OR) may hold only one condition.
    pub fn parse(value: &Value) -> Result<Filter, String> {
        let mut filter = Filter::default();
        match value {
            Value::Null => {}
            Value::String(s) => filter.add_expression(s)?,
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::String(s) => filter.add_expression(s)?,
                        Value::Array(any) if any.len() == 1 => match &any[0] {
                            Value::String(s) => filter.add_expression(s)?,
                            _ => return Err("a filter array holds strings".into()),
                        },
                        Value::Array(_) => {
                            return Err("OR (a nested filter array) is not supported by \
                                 vnsearch; only conditions joined with AND"
                                .into())
                        }
                        _ => return Err("a filter array holds strings".into()),
                    }
                }
            }
            _ => return Err("a filter is a string or an array of strings".into()),
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from > to {
                return Err(format!("the date range is empty ({from} is after {to})"));
            }
        }
        Ok(filter)
    }

    fn add_expression(&mut self, expression: &str) -> Result<(), String> {
        let tokens = tokenize(expression)?;
        if tokens.is_empty() {
            return Ok(());
        }
        for condition in tokens.split(|t| t.is_word("AND")) {
            self.add_condition(condition)?;
        }
        Ok(())
    }

    fn add_condition(&mut self, tokens: &[Token]) -> Result<(), String> {
        let text = || tokens.iter().map(Token::text).collect::<Vec<_>>().join(" ");
        if let Some(word) = tokens.iter().find(|t| {
            ["OR", "NOT", "IN", "EXISTS", "IS"]
                .iter()
                .any(|w| t.is_word(w))
        }) {
            return Err(format!(
                "`{}` is not supported by vnsearch filters; use conditions on date and source \
                 joined with AND",
                word.text()
            ));
        }
        match tokens {
            [Token::Bare(attr), Token::Op(op), value] => {
                let value = value
                    .value()
                    .ok_or_else(|| format!("bad condition `{}`", text()))?;
                match (attr.as_str(), op.as_str()) {
                    ("date", op) => self.date_condition(op, value),
                    ("source", "=") => {
                        if self.source.is_some() {
                            return Err("only one source condition is supported".into());
                        }
                        self.source = Some(value.to_string());
                        Ok(())
                    }
                    ("source", op) => Err(format!(
                        "`source {op}` is not supported; use `source = \"…\"`"
                    )),
                    (other, _) => Err(unknown_attribute(other)),
                }
            }
            [Token::Bare(attr), low, Token::Bare(to), high] if to.eq_ignore_ascii_case("TO") => {
                if attr != "date" {
                    return Err(unknown_attribute(attr));
                }
                let (low, high) = low.value().zip(high.value()).ok_or("bad `TO` range")?;
                self.date_condition(">=", low)?;
                self.date_condition("<=", high)
            }
            [] => Err("an empty condition (AND at the start or end?)".into()),
            _ => Err(format!(
                "cannot read the condition `{}`: expected `date >= \"YYYY-MM-DD\"`, \
                 `date A TO B` or `source = \"…\"`",
                text()
            )),
        }
    }

    fn date_condition(&mut self, op: &str, value: &str) -> Result<(), String> {
        let day = vnsearch::parse_day(value).map_err(|e| format!("date filter: {e}"))?;
        let (from, to) = match op {
            ">=" => (Some(day), None),
            ">" => (day.next_day(), None),
            "<=" => (None, Some(day)),
            "<" => (None, day.previous_day()),
            "=" => (Some(day), Some(day)),
            other => return Err(format!("`date {other}` is not supported")),
        };
        if let Some(from) = from {
            self.from = Some(self.from.map_or(from, |f| f.max(from)));
        }
        if let Some(to) = to {
            self.to = Some(self.to.map_or(to, |t| t.min(to)));
        }
        Ok(())
    }
}

fn unknown_attribute(name: &str) -> String {
    format!("attribute `{name}` is not filterable; vnsearch filters on `date` and `source`")
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Bare(String),
    Quoted(String),
    Op(String),
}

impl Token {
    fn is_word(&self, word: &str) -> bool {
        matches!(self, Token::Bare(w) if w.eq_ignore_ascii_case(word))
    }
    fn text(&self) -> String {
        match self {
            Token::Bare(s) | Token::Op(s) => s.clone(),
            Token::Quoted(s) => format!("{s:?}"),
        }
    }
    fn value(&self) -> Option<&str> {
        match self {
            Token::Bare(s) | Token::Quoted(s) => Some(s),
            Token::Op(_) => None,
        }
    }
}

fn tokenize(expression: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = expression.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '\'' {
            chars.next();
            let mut value = String::new();
            loop {
                match chars.next() {
                    Some('\\') => value.extend(chars.next()),
                    Some(q) if q == c => break,
                    Some(other) => value.push(other),
                    None => return Err(format!("unclosed quote in filter `{expression}`")),
                }
            }
            tokens.push(Token::Quoted(value));
        } else if "<>=!".contains(c) {
            let mut op = String::new();
            while let Some(&o) = chars.peek().filter(|o| "<>=!".contains(**o)) {
                op.push(o);
                chars.next();
            }
            if !["=", ">=", ">", "<=", "<"].contains(&op.as_str()) {
                return Err(format!(
                    "operator `{op}` is not supported by vnsearch filters"
                ));
            }
            tokens.push(Token::Op(op));
        } else if c == '(' || c == ')' {
            return Err("parentheses are not supported by vnsearch filters".into());
        } else {
            let mut word = String::new();
            while let Some(&w) = chars
                .peek()
                .filter(|w| !w.is_whitespace() && !"<>=!\"'()".contains(**w))
            {
                word.push(w);
                chars.next();
            }
            tokens.push(Token::Bare(word));
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(s: &str) -> Option<time::Date> {
        vnsearch::parse_day(s).ok()
    }

    #[test]
    fn dates_and_source_combine_with_and() {
        let f = Filter::parse(&json!(
            "date >= \"2024-01-01\" AND date < '2024-07-01' AND source = \"Tuổi Trẻ\""
        ))
        .expect("parses");
        assert_eq!(f.from, day("2024-01-01"));
        assert_eq!(f.to, day("2024-06-30"));
        assert_eq!(f.source.as_deref(), Some("Tuổi Trẻ"));
        let f = Filter::parse(&json!([
            "date 2023-01-01 TO 2023-12-31",
            ["date > 2023-03-01"]
        ]))
        .expect("parses");
        assert_eq!((f.from, f.to), (day("2023-03-02"), day("2023-12-31")));
        let f = Filter::parse(&json!("date = 2022-07-15")).expect("parses");
        assert_eq!((f.from, f.to), (day("2022-07-15"), day("2022-07-15")));
    }

    #[test]
    fn unsupported_forms_are_refused_with_a_reason() {
        for (filter, reason) in [
            (
                json!("date >= 2024-01-01 OR source = x"),
                "`OR` is not supported",
            ),
            (json!("NOT source = x"), "`NOT` is not supported"),
            (json!("source != x"), "operator `!=`"),
            (json!("title = x"), "not filterable"),
            (json!("(date >= 2024-01-01)"), "parentheses"),
            (json!([["date >= 2024-01-01", "date <= 2023-01-01"]]), "OR"),
            (json!("date >= 2024-13-01"), "date filter"),
            (json!("date >= 2024-02-01 AND date <= 2024-01-01"), "empty"),
            (json!("source = \"open"), "unclosed quote"),
            (json!(42), "a filter is a string"),
            (json!("date >="), "cannot read"),
        ] {
            let error = Filter::parse(&filter).expect_err("refused");
            assert!(error.contains(reason), "{filter}: {error}");
        }
    }
}
