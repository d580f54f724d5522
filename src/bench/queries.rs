//! The fixed query mix, drawn deterministically from the loaded corpus.
//!
//! Kinds: single frequent words (the expensive, long posting lists), single rare words, 2–4
//! word AND queries of content words taken from one passage (so each has at least one hit),
//! the corpus's frequent word pairs and triples typed as words, names typed as words, and
//! phrases (frequent pairs and triples, title phrases, runs of a passage). Pairs, triples,
//! names and titles come from the corpus's own statistics ([`super::ngrams`]): on a real
//! archive they are what its readers search. Every other query is typed without accents
//! (`cong nghe`), the others with them (`công nghệ`), as users do both.

use std::collections::HashMap;

use serde::Serialize;

use super::ngrams::Ngrams;
use super::rng::Rng;
use crate::ingest::Article;
use crate::text::fold;

/// What a query exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryKind {
    FrequentWord,
    RareWord,
    AllWords,
    /// A frequent pair or triple of adjacent words, typed unquoted.
    AdjacentWords,
    /// A name (2–3 capitalized words), typed unquoted.
    Name,
    Phrase,
}

/// The latency classes reported apart: vnsearch reads the smaller exact-form postings for
/// accented words while the peers read folded ones, and phrases read positions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum QueryClass {
    /// Words typed without diacritics (one or several, not quoted).
    UnaccentedWords,
    /// Words typed with diacritics (not quoted).
    AccentedWords,
    /// Quoted phrases, with or without diacritics.
    Phrases,
}

impl QueryClass {
    /// Every class, in report order.
    pub const ALL: [QueryClass; 3] = [
        QueryClass::UnaccentedWords,
        QueryClass::AccentedWords,
        QueryClass::Phrases,
    ];

    /// The class's name in the table and the JSON.
    pub fn name(self) -> &'static str {
        match self {
            QueryClass::UnaccentedWords => "unaccented_words",
            QueryClass::AccentedWords => "accented_words",
            QueryClass::Phrases => "phrases",
        }
    }
}

/// One benchmark query: words as the user typed them, lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchQuery {
    pub kind: QueryKind,
    pub words: Vec<String>,
    /// Whether the words keep their diacritics.
    pub accented: bool,
}

impl BenchQuery {
    /// The query in the common syntax of vnsearch and tantivy's parser: words (all required)
    /// or one quoted phrase.
    pub fn text(&self) -> String {
        let joined = self.words.join(" ");
        if self.kind == QueryKind::Phrase {
            format!("\"{joined}\"")
        } else {
            joined
        }
    }

    /// The query's latency class.
    pub fn class(&self) -> QueryClass {
        match (self.kind, self.accented) {
            (QueryKind::Phrase, _) => QueryClass::Phrases,
            (_, true) => QueryClass::AccentedWords,
            (_, false) => QueryClass::UnaccentedWords,
        }
    }

    /// Whether this query is a keyword query typed without accents, on which every engine
    /// must find the same passages.
    pub fn is_unaccented_keywords(&self) -> bool {
        !self.accented && self.kind != QueryKind::Phrase
    }
}

/// Words of a text as the benchmark sees them: alphanumeric runs, lowercase.
pub fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// `count` queries, deterministic for the corpus and `seed`.
pub fn generate(articles: &[Article], count: usize, seed: u64) -> Vec<BenchQuery> {
    let passages: Vec<&str> = articles
        .iter()
        .flat_map(|a| a.passages.iter().map(String::as_str))
        .collect();
    let mut frequency: HashMap<String, usize> = HashMap::new();
    for passage in &passages {
        for word in words_of(passage) {
            *frequency.entry(word).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = frequency
        .into_iter()
        .filter(|(w, _)| w.chars().all(char::is_alphabetic))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if ranked.is_empty() || passages.is_empty() {
        return Vec::new();
    }
    let frequent: Vec<&str> = ranked.iter().take(100).map(|(w, _)| w.as_str()).collect();
    let mut rare: Vec<&str> = ranked
        .iter()
        .filter(|(_, n)| (2..=10).contains(n))
        .map(|(w, _)| w.as_str())
        .collect();
    if rare.is_empty() {
        rare = ranked
            .iter()
            .rev()
            .take(100)
            .map(|(w, _)| w.as_str())
            .collect();
    }
    // AND queries skip the 50 most frequent words (function words), unless the corpus is too
    // small to have anything else.
    let skip = if ranked.len() > 500 { 50 } else { 0 };
    let common: std::collections::HashSet<&str> = frequent.iter().take(skip).copied().collect();
    let grams = Ngrams::of(articles);
    let mut rng = Rng::new(seed ^ 0x0051_E7C4);
    let mut out = Vec::with_capacity(count);
    let mut attempts = 0;
    while out.len() < count && attempts < count * 20 {
        attempts += 1;
        // Slots of 20, interleaved so that a short mix has every kind: 2 frequent words, 2
        // rare words, 3 AND queries, 3 adjacent pairs or triples, 3 names, 7 phrases (pairs,
        // triples, titles, passage runs).
        let slot = out.len() % 20;
        let (kind, words) = match slot {
            0 | 7 => (QueryKind::FrequentWord, pick_word(&mut rng, &frequent)),
            1 | 8 => (QueryKind::RareWord, pick_word(&mut rng, &rare)),
            2 | 9 | 14 => (QueryKind::AllWords, all_words(&mut rng, &passages, &common)),
            4 | 16 => (QueryKind::AdjacentWords, rng.pick(&grams.bigrams).cloned()),
            11 => (QueryKind::AdjacentWords, rng.pick(&grams.trigrams).cloned()),
            5 | 12 | 17 => (QueryKind::Name, rng.pick(&grams.names).cloned()),
            3 | 15 => (QueryKind::Phrase, rng.pick(&grams.bigrams).cloned()),
            10 => (QueryKind::Phrase, rng.pick(&grams.trigrams).cloned()),
            6 | 18 => (QueryKind::Phrase, title_phrase(&mut rng, &grams.titles)),
            _ => (QueryKind::Phrase, phrase(&mut rng, &passages)),
        };
        // A corpus too small for n-gram statistics falls back to runs of a passage.
        let words = match words {
            Some(words) => Some(words),
            None if matches!(
                kind,
                QueryKind::AdjacentWords | QueryKind::Name | QueryKind::Phrase
            ) =>
            {
                phrase(&mut rng, &passages)
            }
            None => None,
        };
        let Some(words) = words else { continue };
        let accented = out.len() % 2 == 1;
        let words = if accented {
            words
        } else {
            words.iter().map(|w| fold(w)).collect()
        };
        out.push(BenchQuery {
            kind,
            words,
            accented,
        });
    }
    out
}

/// 2–3 consecutive words of a title.
fn title_phrase(rng: &mut Rng, titles: &[Vec<String>]) -> Option<Vec<String>> {
    let title = rng.pick(titles)?;
    let length = rng.range(2, 3).min(title.len());
    if length < 2 {
        return None;
    }
    let start = rng.below(title.len() - length + 1);
    Some(title[start..start + length].to_vec())
}

fn pick_word(rng: &mut Rng, words: &[&str]) -> Option<Vec<String>> {
    rng.pick(words).map(|w| vec![w.to_string()])
}

/// 2–4 distinct content words of one passage.
fn all_words(
    rng: &mut Rng,
    passages: &[&str],
    common: &std::collections::HashSet<&str>,
) -> Option<Vec<String>> {
    let passage = rng.pick(passages)?;
    let mut candidates: Vec<String> = words_of(passage)
        .filter(|w| w.chars().all(char::is_alphabetic) && !common.contains(w.as_str()))
        .collect();
    candidates.sort();
    candidates.dedup();
    rng.shuffle(&mut candidates);
    let wanted = rng.range(2, 4);
    (candidates.len() >= wanted).then(|| candidates.into_iter().take(wanted).collect())
}

/// 2–3 consecutive words of one passage.
fn phrase(rng: &mut Rng, passages: &[&str]) -> Option<Vec<String>> {
    let words: Vec<String> = words_of(rng.pick(passages)?).collect();
    let length = rng.range(2, 3);
    if words.len() < length {
        return None;
    }
    let start = rng.below(words.len() - length + 1);
    let run = &words[start..start + length];
    run.iter()
        .all(|w| w.chars().all(char::is_alphabetic))
        .then(|| run.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(passages: &[&str]) -> Article {
        Article {
            id: "a".into(),
            title: "t".into(),
            date: None,
            source: None,
            url: None,
            passages: passages.iter().map(|p| p.to_string()).collect(),
            raw: String::new(),
            origin: "a.txt".into(),
        }
    }

    #[test]
    fn mix_covers_every_kind_both_accent_forms_and_is_deterministic() {
        let articles = [article(&[
            "Bộ trưởng Huỳnh Thành Đạt nhấn mạnh vai trò của khoa học và công nghệ.",
            "Hợp tác về đổi mới sáng tạo giữa hai nước, khoa học và công nghệ.",
            "Đổi mới sáng tạo là động lực phát triển của Việt Nam.",
        ])];
        let queries = generate(&articles, 40, 1);
        assert_eq!(queries.len(), 40);
        assert_eq!(queries, generate(&articles, 40, 1));
        for kind in [
            QueryKind::FrequentWord,
            QueryKind::RareWord,
            QueryKind::AllWords,
            QueryKind::AdjacentWords,
            QueryKind::Name,
            QueryKind::Phrase,
        ] {
            assert!(queries.iter().any(|q| q.kind == kind), "{kind:?}");
        }
        assert!(queries
            .iter()
            .any(|q| !q.accented && q.words.iter().any(|w| w == "cong" || w == "doi")));
        assert!(queries
            .iter()
            .filter(|q| !q.accented)
            .all(|q| q.words.iter().all(|w| w.is_ascii())));
        let phrase = queries.iter().find(|q| q.kind == QueryKind::Phrase);
        assert!(phrase.is_some_and(|q| q.text().starts_with('"') && !q.is_unaccented_keywords()));
    }

    #[test]
    fn empty_corpus_gives_no_queries() {
        assert!(generate(&[], 10, 1).is_empty());
    }
}
