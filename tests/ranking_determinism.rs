//! The same articles give the same ranking however the index was built: one thread, two
//! threads with a small heap and frequent commits (many segments, merges), incrementally in
//! three batches, and incrementally with replaced and deleted articles (deleted passages
//! lingering in their segments). Every query of a set rich in score ties (typo, prefix,
//! run-together, phrase and plain words over passages written from the same few templates)
//! must return the same (article, passage) list with bit-identical scores on every build.

use std::path::{Path, PathBuf};

use vnsearch::{BuildOptions, SearchOptions, Searcher, Silent, SortOrder};

/// A tiny deterministic generator (64-bit LCG, Knuth's constants), so the corpus is the same
/// on every run and platform.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

const ORGS: &[&str] = &["Formosa", "Vinamilk", "Viettel", "Petrolimex", "Vingroup"];
/// Misspellings found in real archives: they make typo queries expand to several words.
const MISSPELT: &[&str] = &["Formosaa", "Vinamik", "Vietel", "Petrolimec"];
const PEOPLE: &[&str] = &[
    "Nguyễn Xuân Phúc",
    "Donald Trump",
    "Phạm Minh Chính",
    "Sonexay Siphandone",
];
const PLACES: &[&str] = &["Hà Nội", "Hà Tĩnh", "Đà Nẵng", "Quảng Ninh", "Cần Thơ"];
const NOUNS: &[&str] = &[
    "kinh tế",
    "nông nghiệp",
    "du lịch",
    "giáo dục",
    "xuất khẩu",
    "hạ tầng",
    "môi trường",
    "năng lượng",
];
const VERBS: &[&str] = &["phát triển", "hỗ trợ", "đầu tư", "mở rộng", "cải thiện"];
/// Whole passages repeated word for word by many articles: their scores tie exactly.
const STOCK: &[&str] = &[
    "Formosa bồi thường cho ngư dân Hà Tĩnh.",
    "Vinamilk mở rộng thị trường xuất khẩu.",
    "Ông Donald Trump phát biểu tại hội nghị.",
    "Thủ tướng Nguyễn Xuân Phúc làm việc với tỉnh Quảng Ninh.",
    "Việt Nam thúc đẩy phát triển kinh tế số.",
];

/// Article `n` in the `.txt` shape of the archive; `version` 1 is an older text of the same
/// article (for replacement).
fn article_text(n: usize, version: u64) -> String {
    let mut dice = Dice(n as u64 * 7919 + version * 104_729);
    let title = format!(
        "{} {} {} tại {}",
        dice.pick(ORGS),
        dice.pick(VERBS),
        dice.pick(NOUNS),
        dice.pick(PLACES)
    );
    let mut paragraphs = Vec::new();
    // Two of three articles are dated, on one of a few days: date order has ties too.
    if n % 3 != 0 {
        paragraphs.push(format!(
            "Ngày {:02}/0{}/2023, tại {}, {} tổ chức hội thảo về {}.",
            10 + n % 4,
            1 + n % 3,
            dice.pick(PLACES),
            dice.pick(ORGS),
            dice.pick(NOUNS)
        ));
    }
    for _ in 0..2 + dice.next() % 4 {
        let paragraph = match dice.next() % 6 {
            0 | 1 => dice.pick(STOCK).to_string(),
            2 => format!(
                "Ông {} cho biết {} của {} tăng mạnh, {} cam kết {} {}.",
                dice.pick(PEOPLE),
                dice.pick(NOUNS),
                dice.pick(PLACES),
                dice.pick(ORGS),
                dice.pick(VERBS),
                dice.pick(NOUNS)
            ),
            3 => format!(
                "Công ty {} {} {} ở {}; {} nói {} là ưu tiên.",
                dice.pick(MISSPELT),
                dice.pick(VERBS),
                dice.pick(NOUNS),
                dice.pick(PLACES),
                dice.pick(PEOPLE),
                dice.pick(NOUNS)
            ),
            _ => format!(
                "{} {} {} {}, {} {} {}.",
                dice.pick(PLACES),
                dice.pick(VERBS),
                dice.pick(NOUNS),
                dice.pick(NOUNS),
                dice.pick(ORGS),
                dice.pick(VERBS),
                dice.pick(PLACES)
            ),
        };
        paragraphs.push(paragraph);
    }
    format!("{title}\n\n{}\n", paragraphs.join("\n\n"))
}

const ARTICLES: usize = 300;

fn write_articles(dir: &Path, range: std::ops::Range<usize>, version: impl Fn(usize) -> u64) {
    std::fs::create_dir_all(dir).unwrap();
    for n in range {
        std::fs::write(
            dir.join(format!("a{n:03}.txt")),
            article_text(n, version(n)),
        )
        .unwrap();
    }
}

fn build(index: &Path, input: &Path, threads: usize, heap_mb: usize, commit_every: u64) {
    let mut options = BuildOptions::new(index, vec![input.to_path_buf()]);
    options.threads = threads;
    options.heap_bytes = heap_mb << 20;
    options.commit_every_bytes = commit_every;
    let summary = vnsearch::update_index(&options, &mut Silent).unwrap();
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
}

/// The four builds of the same final corpus, as (name, index directory).
fn builds(tmp: &Path) -> Vec<(&'static str, PathBuf)> {
    let all = tmp.join("all");
    write_articles(&all, 0..ARTICLES, |_| 0);
    let one = tmp.join("one-thread");
    build(&one, &all, 1, 64, u64::MAX);
    let many = tmp.join("two-threads");
    // 30 MB is tantivy's minimum for two threads; a commit every 4 kB makes dozens of
    // segments, which the merge policy merges while the build goes on.
    build(&many, &all, 2, 30, 4096);

    let batches = tmp.join("batches-in");
    let incremental = tmp.join("three-batches");
    for batch in 0..3 {
        let range = batch * ARTICLES / 3..(batch + 1) * ARTICLES / 3;
        write_articles(&batches, range, |_| 0);
        build(&incremental, &batches, 2, 64, u64::MAX);
    }

    // First an older text of every third article and an article that is later deleted, then
    // the final texts: replacements leave deleted passages in the older segment.
    let edits = tmp.join("edits-in");
    let replaced = tmp.join("replaced");
    write_articles(&edits, 0..ARTICLES, |n| u64::from(n % 3 == 0));
    write_articles(&edits, ARTICLES..ARTICLES + 5, |_| 0);
    build(&replaced, &edits, 1, 64, u64::MAX);
    write_articles(&edits, 0..ARTICLES, |_| 0);
    for n in ARTICLES..ARTICLES + 5 {
        std::fs::remove_file(edits.join(format!("a{n:03}.txt"))).unwrap();
    }
    build(&replaced, &edits, 1, 64, u64::MAX);
    assert!(
        deleted_passages(&replaced) > 0,
        "the replacements should leave deleted passages"
    );
    vec![
        ("1 thread", one),
        ("2 threads, many segments", many),
        ("3 batches", incremental),
        ("replaced and deleted articles", replaced),
    ]
}

/// Deleted passages still held by the segments of the index in `dir`.
fn deleted_passages(dir: &Path) -> u32 {
    let index = vnsearch::open_index(dir).unwrap();
    let searcher = index.reader().unwrap().searcher();
    searcher
        .segment_readers()
        .iter()
        .map(|s| s.num_deleted_docs())
        .sum()
}

const QUERIES: &[&str] = &[
    "Formossa",
    "Vinamillk",
    "Donnald Trump",
    "Siphandon",
    "Petrolimexx",
    "Vina*",
    "phát tri*",
    "ha*",
    "hanoi",
    "hatinh",
    "vietnam",
    "\"phat trien kinh te\"",
    "\"Hà Tĩnh\"",
    "\"phat trien kinh te\"~4",
    "\"du lich ho tro\"~3",
    "nguyen xuan phuc",
    "kinh te",
    "hỗ trợ du lịch",
    "Formosa Hà Tĩnh",
    "Viettel OR Petrolimex -Formosa",
];

/// (article id, passage number, score bits) of one hit.
type Ranked = (String, u64, u32);

/// The ordered hits of every query, in several modes, labelled by query, mode and hit count.
fn rankings(searcher: &Searcher) -> Vec<(String, Vec<Ranked>)> {
    let mut out = Vec::new();
    for query in QUERIES {
        for (mode, per_article, sort) in [
            ("grouped", 2, SortOrder::Relevance),
            ("all passages", 0, SortOrder::Relevance),
            ("by date", 1, SortOrder::Date),
        ] {
            let mut options = SearchOptions::new(*query);
            options.limit = 60;
            options.per_article = per_article;
            options.sort = sort;
            let results = searcher.search(&options).unwrap();
            let hits = results
                .hits
                .iter()
                .map(|h| (h.article_id.clone(), h.passage, h.score.to_bits()))
                .collect();
            out.push((
                format!("{query} ({mode}, {} hits)", results.total_hits),
                hits,
            ));
        }
    }
    out
}

#[test]
fn every_build_of_the_same_articles_ranks_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let builds = builds(tmp.path());
    let reference = rankings(&Searcher::open(&builds[0].1).unwrap());
    // The query set must really find things and really tie: otherwise it proves nothing.
    for (query, hits) in &reference {
        assert!(!hits.is_empty(), "{query} finds nothing");
    }
    let ties = reference
        .iter()
        .flat_map(|(_, hits)| hits.windows(2))
        .filter(|pair| pair[0].2 == pair[1].2)
        .count();
    assert!(ties > 100, "only {ties} tied neighbours");
    for (name, dir) in &builds[1..] {
        let other = rankings(&Searcher::open(dir).unwrap());
        for ((query, expected), (label, got)) in reference.iter().zip(&other) {
            let first = (0..expected.len().max(got.len())).find(|&i| expected.get(i) != got.get(i));
            assert!(
                label == query && first.is_none(),
                "{query}: {name} gives {label}, first difference at {first:?}: {:?} vs {:?}",
                first.and_then(|i| got.get(i)),
                first.and_then(|i| expected.get(i)),
            );
        }
    }
}
