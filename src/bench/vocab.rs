//! The generator's vocabulary: real words and phrases harvested from the seed articles, every
//! spellable syllable, transliterated foreign names, and the tables of names, places, sources
//! and abbreviations a press article mentions.

use std::collections::{HashMap, HashSet};

use super::rng::{Rng, Zipf};
use super::syllables::all_syllables;

/// The seed articles, compiled in so the generator works anywhere.
pub const SEEDS: &[&str] = &[
    include_str!("../../seeds/000_c88c3577a02e23b8.txt"),
    include_str!("../../seeds/001_c712ea2e573209b7.txt"),
    include_str!("../../seeds/002_a8c3726514f1b35f.txt"),
    include_str!("../../seeds/003_ab0894d5af346402.txt"),
    include_str!("../../seeds/004_66575911aa327aa9.txt"),
];

/// Fewest distinct word forms the lexicon holds (foreign names fill up to it).
pub const MIN_FORMS: usize = 24_000;

pub const FAMILY_NAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương",
];
pub const MIDDLE_NAMES: &[&str] = &[
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thành", "Xuân", "Hồng", "Anh",
];
pub const PLACES: &[&str] = &[
    "Hà Nội",
    "TP.HCM",
    "Đà Nẵng",
    "Hải Phòng",
    "Cần Thơ",
    "Huế",
    "Nghệ An",
    "Quảng Ninh",
    "Bình Dương",
    "Đồng Nai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Thanh Hóa",
    "Bắc Ninh",
    "Gia Lai",
    "Vientiane",
    "Geneva",
    "Tokyo",
    "Seoul",
    "Paris",
    "Washington",
    "Bắc Kinh",
    "Singapore",
];
pub const SOURCES: &[(&str, &str)] = &[
    ("VnExpress", "vnexpress.net"),
    ("Tuổi Trẻ", "tuoitre.vn"),
    ("Thanh Niên", "thanhnien.vn"),
    ("Nhân Dân", "nhandan.vn"),
    ("VietnamPlus", "vietnamplus.vn"),
    ("Dân Trí", "dantri.com.vn"),
    ("Báo Chính phủ", "baochinhphu.vn"),
    ("Tiền Phong", "tienphong.vn"),
    ("Lao Động", "laodong.vn"),
    ("Người Lao Động", "nld.com.vn"),
    ("Sài Gòn Giải Phóng", "sggp.org.vn"),
    ("Quân đội Nhân dân", "qdnd.vn"),
    ("Bộ Khoa học và Công nghệ", "most.gov.vn"),
    ("Thời báo Tài chính", "thoibaotaichinh.vn"),
];
pub const ABBREVIATIONS: &[&str] = &[
    "KH&CN",
    "KH,CN&ĐMST",
    "UBND",
    "HĐND",
    "GDP",
    "FDI",
    "ASEAN",
    "WTO",
    "UNESCO",
    "WIPO",
    "COVID-19",
    "CNTT",
    "ĐBSCL",
    "THPT",
    "BHXH",
    "NQ-CP",
    "CT/TW",
    "TS.",
    "PGS.",
    "GS.",
    "ThS.",
    "AI",
    "4.0",
    "5G",
    "VNĐ",
    "USD",
    "km",
    "ha",
];
/// Real foreign words that Vietnamese press uses as they are.
pub const FOREIGN: &[&str] = &[
    "startup",
    "smartphone",
    "online",
    "marketing",
    "logistics",
    "blockchain",
    "internet",
    "website",
    "fintech",
    "e-commerce",
    "Google",
    "Facebook",
    "Samsung",
    "Intel",
    "Apple",
    "Toyota",
    "Microsoft",
    "Boeing",
    "Netflix",
    "TikTok",
    "Zalo",
    "Grab",
    "Vingroup",
];

/// Ranked word forms (Zipf rank 0 = most frequent) and seed phrases to mix in.
pub struct Lexicon {
    /// Word forms in rank order; Vietnamese syllables lowercase unless the seeds mostly
    /// capitalize them, foreign names capitalized.
    pub words: Vec<String>,
    /// Real runs of 2–6 words from the seeds ("khoa học và công nghệ").
    pub phrases: Vec<Vec<String>>,
    zipf: Zipf,
}

impl Lexicon {
    /// Builds the lexicon; deterministic for a given `seed`.
    pub fn build(seed: u64) -> Lexicon {
        let mut rng = Rng::new(seed ^ 0x5EED_1E71_C0DE);
        let (seed_words, phrases) = harvest_seeds();
        let mut seen: HashSet<String> = seed_words.iter().map(|w| w.to_lowercase()).collect();
        let mut syllables: Vec<String> = all_syllables()
            .into_iter()
            .filter(|s| seen.insert(s.clone()))
            .collect();
        rng.shuffle(&mut syllables);
        let mut foreign: Vec<String> = FOREIGN
            .iter()
            .map(|w| w.to_string())
            .filter(|w| seen.insert(w.to_lowercase()))
            .collect();
        let have = seed_words.len() + syllables.len();
        while have + foreign.len() < MIN_FORMS {
            let name = foreign_name(&mut rng);
            if seen.insert(name.to_lowercase()) {
                foreign.push(name);
            }
        }
        // The seeds' words take the head; the tail interleaves syllables and foreign names
        // (one foreign form in eight) so both kinds span frequent and rare ranks.
        let mut words = seed_words;
        let (mut s, mut f) = (syllables.into_iter(), foreign.into_iter());
        loop {
            let next = if words.len() % 8 == 7 {
                f.next().or_else(|| s.next())
            } else {
                s.next().or_else(|| f.next())
            };
            match next {
                Some(w) => words.push(w),
                None => break,
            }
        }
        let zipf = Zipf::new(words.len(), 1.0, 2.7);
        Lexicon {
            words,
            phrases,
            zipf,
        }
    }

    /// One word, Zipf-distributed.
    pub fn word(&self, rng: &mut Rng) -> &str {
        &self.words[self.zipf.sample(rng)]
    }

    /// Number of distinct word forms (case-insensitive).
    pub fn distinct_forms(&self) -> usize {
        let forms: HashSet<String> = self.words.iter().map(|w| w.to_lowercase()).collect();
        forms.len()
    }
}

/// Words of the seeds by decreasing frequency (each in its most frequent casing), and the
/// seeds' runs of words between punctuation.
fn harvest_seeds() -> (Vec<String>, Vec<Vec<String>>) {
    let mut counts: HashMap<String, (usize, HashMap<String, usize>)> = HashMap::new();
    let mut phrases = Vec::new();
    for seed in SEEDS {
        for fragment in seed.split(|c: char| !(c.is_alphanumeric() || c.is_whitespace())) {
            let words: Vec<&str> = fragment.split_whitespace().collect();
            for word in &words {
                if word.chars().all(char::is_alphabetic) {
                    let entry = counts.entry(word.to_lowercase()).or_default();
                    entry.0 += 1;
                    *entry.1.entry(word.to_string()).or_default() += 1;
                }
            }
            if (2..=6).contains(&words.len())
                && words.iter().all(|w| w.chars().all(char::is_alphabetic))
            {
                phrases.push(words.iter().map(|w| w.to_string()).collect());
            }
        }
    }
    let mut ranked: Vec<(String, usize, String)> = counts
        .into_iter()
        .map(|(lower, (n, casings))| {
            let surface = casings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(s, _)| s)
                .unwrap_or_else(|| lower.clone());
            (lower, n, surface)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (ranked.into_iter().map(|(_, _, s)| s).collect(), phrases)
}

/// A transliterated foreign name (`Siphandone`, `Vongdara`-like): 2–3 Latin syllables.
fn foreign_name(rng: &mut Rng) -> String {
    const ONSETS: &[&str] = &[
        "b", "d", "k", "l", "m", "n", "p", "s", "t", "v", "ph", "th", "kh", "ch", "r", "w", "j",
        "st", "br", "gr", "",
    ];
    const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "ou", "ie", "ai", "ee", "oo", "y"];
    const CODAS: &[&str] = &["", "", "n", "ng", "m", "s", "r", "k", "l", "x"];
    let mut name = String::new();
    for _ in 0..rng.range(2, 3) {
        for table in [ONSETS, NUCLEI, CODAS] {
            name.push_str(rng.pick(table).copied().unwrap_or(""));
        }
    }
    capitalize(&name)
}

/// The text with its first letter upper-cased.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_has_enough_forms_with_seed_words_first() {
        let lexicon = Lexicon::build(1);
        assert!(
            lexicon.distinct_forms() >= 20_000,
            "{}",
            lexicon.distinct_forms()
        );
        let head: Vec<&str> = lexicon.words[..30].iter().map(String::as_str).collect();
        for frequent in ["và", "công", "hợp"] {
            assert!(head.contains(&frequent), "{frequent} not in {head:?}");
        }
        assert!(
            lexicon.words.iter().any(|w| w == "Huỳnh"),
            "names keep capitals"
        );
        assert!(lexicon
            .phrases
            .iter()
            .any(|p| p.join(" ") == "đổi mới sáng tạo"));
    }

    #[test]
    fn lexicon_is_deterministic() {
        assert_eq!(Lexicon::build(3).words, Lexicon::build(3).words);
        assert_ne!(Lexicon::build(3).words, Lexicon::build(4).words);
    }

    #[test]
    fn capitalize_handles_vietnamese_and_empty() {
        assert_eq!(capitalize("đổi mới"), "Đổi mới");
        assert_eq!(capitalize(""), "");
    }
}
