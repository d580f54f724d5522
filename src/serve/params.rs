//! Strict query-string parsing. Form decoders usually replace invalid UTF-8 with U+FFFD and
//! ignore broken `%` escapes; a search for mangled text would then quietly search for
//! something else. Here both are a 400 that says what is wrong, and values are typed with
//! messages that name the parameter.

use std::collections::HashMap;

/// The parameters of one query string: name → value (the last one wins).
#[derive(Debug, Default)]
pub struct Params {
    values: HashMap<String, String>,
}

impl Params {
    /// Parses `a=1&b=x+y&c=%C3%A1`. Errors: a broken `%` escape, or bytes that are not UTF-8
    /// once decoded.
    pub fn parse(query: Option<&str>) -> Result<Params, String> {
        let mut values = HashMap::new();
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name)?;
            let value = decode(value).map_err(|e| format!("parameter {name:?}: {e}"))?;
            values.insert(name, value);
        }
        Ok(Params { values })
    }

    /// Fails on a parameter outside `known`, so a typo (`limt=5`) is not silently ignored.
    pub fn only(&self, known: &[&str]) -> Result<(), String> {
        let mut unknown: Vec<&str> = self
            .values
            .keys()
            .map(String::as_str)
            .filter(|k| !known.contains(k))
            .collect();
        unknown.sort_unstable();
        match unknown.first() {
            None => Ok(()),
            Some(name) => Err(format!(
                "unknown parameter {name:?} (expected one of: {})",
                known.join(", ")
            )),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// A whole number in `0..=max`, or `default` when absent.
    pub fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, String> {
        match self.get(name) {
            None => Ok(default),
            Some(value) => parse_number(value, max)
                .ok_or_else(|| format!("{name} must be a whole number from 0 to {max}")),
        }
    }

    /// A value parsed with `FromStr`, whose error message is kept.
    pub fn parsed<T>(&self, name: &str) -> Result<Option<T>, String>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        self.get(name)
            .map(|v| v.parse::<T>().map_err(|e| format!("{name}: {e}")))
            .transpose()
    }
}

/// A decimal integer in `0..=max` (no sign, no fraction, no overflow).
pub fn parse_number(value: &str, max: usize) -> Option<usize> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse::<usize>().ok().filter(|n| *n <= max)
}

/// Decodes one form-encoded component: `+` is a space, `%XX` a byte; the bytes must be UTF-8.
fn decode(component: &str) -> Result<String, String> {
    let bytes = component.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or("broken %-escape (expected % and two hex digits)")?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "not valid UTF-8 once %-decoded".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_vietnamese_and_plus() {
        let params = Params::parse(Some("q=h%E1%BB%A3p+t%C3%A1c&limit=5&flag")).expect("parses");
        assert_eq!(params.get("q"), Some("hợp tác"));
        assert_eq!(params.number("limit", 10, 1000), Ok(5));
        assert_eq!(params.get("flag"), Some(""));
        assert_eq!(params.number("offset", 0, 10), Ok(0));
    }

    #[test]
    fn rejects_broken_escapes_and_invalid_utf8() {
        assert!(Params::parse(Some("q=%ZZ")).is_err());
        assert!(Params::parse(Some("q=%E1%BB")).is_err());
        assert!(Params::parse(Some("q=%")).is_err());
        assert!(Params::parse(Some("%FF=1")).is_err());
    }

    #[test]
    fn numbers_are_bounded_whole_numbers() {
        let params = Params::parse(Some("a=-1&b=1.5&c=99999999999999999999999&d=1001&e=1000"))
            .expect("parses");
        for name in ["a", "b", "c", "d"] {
            assert!(params.number(name, 0, 1000).is_err(), "{name}");
        }
        assert_eq!(params.number("e", 0, 1000), Ok(1000));
        assert!(params.only(&["a", "b", "c", "d"]).is_err());
    }
}
