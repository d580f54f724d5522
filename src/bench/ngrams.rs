//! What the query mix is drawn from: the corpus's own frequent word pairs and triples, names
//! and title phrases, so that phrase and conjunction queries have the statistics of real
//! text (on a real archive) rather than of random word soup.
//!
//! Counted on a deterministic sample of passages (every k-th, at most [`SAMPLED_PASSAGES`]),
//! within clauses: an n-gram never spans punctuation, and has letters only.

use std::collections::HashMap;

use crate::ingest::Article;

/// Passages read for the statistics: enough for stable top lists, cheap on 800 MB.
pub const SAMPLED_PASSAGES: usize = 20_000;
/// Size of each top list drawn from.
const TOP: usize = 300;
/// Words this frequent (rank) are function words: an n-gram made only of them (`của các`) is
/// not a query anybody types.
const FUNCTION_WORDS: usize = 30;
/// Fewest occurrences of a name in the sample.
const MIN_NAME_COUNT: usize = 3;

/// The n-gram statistics of a corpus.
#[derive(Debug, Default)]
pub struct Ngrams {
    /// Frequent adjacent word pairs (lowercase, with accents), most frequent first.
    pub bigrams: Vec<Vec<String>>,
    /// Frequent adjacent word triples.
    pub trigrams: Vec<Vec<String>>,
    /// Runs of 2–3 capitalized words inside a sentence (people, places, bodies), lowercase.
    pub names: Vec<Vec<String>>,
    /// The articles' titles, as lowercase words per clause.
    pub titles: Vec<Vec<String>>,
}

impl Ngrams {
    /// Counts the n-grams of `articles`.
    pub fn of(articles: &[Article]) -> Ngrams {
        let passages: Vec<&str> = articles
            .iter()
            .flat_map(|a| a.passages.iter().map(String::as_str))
            .collect();
        let step = (passages.len() / SAMPLED_PASSAGES).max(1);
        let mut words: HashMap<String, usize> = HashMap::new();
        let mut pairs: HashMap<Vec<String>, usize> = HashMap::new();
        let mut triples: HashMap<Vec<String>, usize> = HashMap::new();
        let mut names: HashMap<Vec<String>, usize> = HashMap::new();
        for passage in passages.iter().step_by(step) {
            for clause in clauses(passage) {
                let lower: Vec<String> = clause.iter().map(|w| w.to_lowercase()).collect();
                for word in &lower {
                    *words.entry(word.clone()).or_default() += 1;
                }
                for n in [2, 3] {
                    let counts = if n == 2 { &mut pairs } else { &mut triples };
                    for window in lower.windows(n) {
                        *counts.entry(window.to_vec()).or_default() += 1;
                    }
                }
                // A capital at the start of a clause says nothing: names start later.
                let mut run: Vec<String> = Vec::new();
                for (i, word) in clause.iter().enumerate() {
                    let capital = i > 0 && word.chars().next().is_some_and(char::is_uppercase);
                    if capital {
                        run.push(word.to_lowercase());
                    }
                    if !capital || i + 1 == clause.len() {
                        if (2..=3).contains(&run.len()) {
                            *names.entry(run.clone()).or_default() += 1;
                        }
                        run.clear();
                    }
                }
            }
        }
        let mut ranked: Vec<(&String, &usize)> = words.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        // In a small corpus the most frequent words are content words too.
        let function_words = if ranked.len() > 20 * FUNCTION_WORDS {
            FUNCTION_WORDS
        } else {
            0
        };
        let function: std::collections::HashSet<&str> = ranked
            .iter()
            .take(function_words)
            .map(|(w, _)| w.as_str())
            .collect();
        let content = |gram: &Vec<String>| gram.iter().any(|w| !function.contains(w.as_str()));
        Ngrams {
            bigrams: top(pairs, 2, content),
            trigrams: top(triples, 2, content),
            names: top(names, MIN_NAME_COUNT, |_| true),
            titles: articles
                .iter()
                .flat_map(|a| clauses(&a.title))
                .map(|c| c.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>())
                .filter(|c| c.len() >= 2)
                .collect(),
        }
    }
}

/// The [`TOP`] most frequent of `counts` seen at least `min` times and accepted by `keep`,
/// most frequent first (ties in alphabetical order, so the list is deterministic).
fn top(
    counts: HashMap<Vec<String>, usize>,
    min: usize,
    keep: impl Fn(&Vec<String>) -> bool,
) -> Vec<Vec<String>> {
    let mut ranked: Vec<(Vec<String>, usize)> = counts
        .into_iter()
        .filter(|(gram, n)| *n >= min && keep(gram))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(TOP).map(|(gram, _)| gram).collect()
}

/// The clauses of `text` (split at punctuation and at any word that is not letters only), as
/// their words in their original case.
fn clauses(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    for part in text.split(|c: char| !c.is_alphanumeric() && !c.is_whitespace()) {
        let mut clause = Vec::new();
        for word in part.split_whitespace() {
            if word.chars().all(char::is_alphabetic) {
                clause.push(word);
            } else if !clause.is_empty() {
                out.push(std::mem::take(&mut clause));
            }
        }
        if !clause.is_empty() {
            out.push(clause);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, passages: &[&str]) -> Article {
        Article {
            id: "a".into(),
            title: title.into(),
            date: None,
            source: None,
            url: None,
            passages: passages.iter().map(|p| p.to_string()).collect(),
            raw: String::new(),
            origin: "a.txt".into(),
        }
    }

    #[test]
    fn counts_pairs_within_clauses_and_names_after_the_first_word() {
        let passage =
            "Sáng nay, Thủ tướng Phạm Minh Chính làm việc với Bộ Y tế về biến đổi khí hậu. \
                       Ông Phạm Minh Chính nói biến đổi khí hậu là thách thức; Bộ Y tế đồng ý.";
        let articles = [article("Ứng phó biến đổi khí hậu", &[passage; 3])];
        let grams = Ngrams::of(&articles);
        let has = |list: &[Vec<String>], words: &[&str]| list.iter().any(|g| g == words);
        assert!(has(&grams.bigrams, &["biến", "đổi"]));
        assert!(has(&grams.trigrams, &["đổi", "khí", "hậu"]));
        // Punctuation ends a clause: no pair across the comma.
        assert!(!has(&grams.bigrams, &["nay", "thủ"]));
        assert!(has(&grams.names, &["phạm", "minh", "chính"]));
        // `Sáng` opens the clause: not part of a name.
        assert!(!grams
            .names
            .iter()
            .any(|n| n.first().is_some_and(|w| w == "sáng")));
        assert!(has(
            &grams.titles,
            &["ứng", "phó", "biến", "đổi", "khí", "hậu"]
        ));
    }
}
