//! The query language: AND, OR, exclusion, phrases with slop, `title:`, filters, and
//! malformed queries (results or a one-line `Error::Query`, never a panic).

#[path = "search_support.rs"]
mod support;

use support::{article, day, ids, marked, search, searcher, with};
use vnsearch::search::{SearchOptions, Searcher};
use vnsearch::Error;

fn corpus() -> Searcher {
    searcher(&[
        article(
            "lao",
            "Việt Nam và Lào tăng cường hợp tác khoa học",
            Some("2024-05-29"),
            Some("Báo Khoa học và Phát triển"),
            &[
                "Hai nước tăng cường hợp tác trong lĩnh vực khoa học và công nghệ.",
                "Thủ tướng Lào Sonexay Siphandone tiếp đoàn đại biểu Việt Nam tại Vientiane.",
            ],
        ),
        article(
            "phap",
            "Đoàn công tác thăm Cộng hòa Pháp",
            Some("2022-07-15"),
            Some("Tạp chí Tuyên giáo"),
            &["Bộ trưởng dẫn đầu đoàn công tác sang Pháp để thúc đẩy hợp tác khoa học cơ bản."],
        ),
        article(
            "hop-bao",
            "Cuộc họp báo thường kỳ",
            Some("2023-03-02"),
            Some("Báo Thế giới và Việt Nam"),
            &["Bộ Ngoại giao tổ chức cuộc họp báo chiều thứ Năm."],
        ),
    ])
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn every_word_must_match() {
    let s = corpus();
    assert_eq!(
        sorted(ids(&search(&s, "hợp tác khoa học"))),
        ["lao#0", "phap#0"]
    );
    assert_eq!(ids(&search(&s, "hợp tác Vientiane")), Vec::<String>::new());
}

#[test]
fn or_between_words() {
    let s = corpus();
    let results = search(&s, "Siphandone OR Ngoại");
    assert_eq!(sorted(ids(&results)), ["hop-bao#0", "lao#1"]);
    assert_eq!(marked(&results, "hop-bao#0"), ["Ngoại"]);
    // OR binds the two words next to it; the rest is still ANDed.
    assert_eq!(ids(&search(&s, "Pháp OR Lào Vientiane")), ["lao#1"]);
}

#[test]
fn minus_excludes() {
    let s = corpus();
    assert_eq!(ids(&search(&s, "hop tac -Pháp")), ["lao#0"]);
    assert_eq!(ids(&search(&s, "hop tac -\"cơ bản\"")), ["lao#0"]);
    // Excluded words are not highlighted.
    assert_eq!(marked(&search(&s, "hợp -Pháp"), "lao#0"), ["hợp"]);
}

#[test]
fn phrases_and_slop() {
    let s = corpus();
    assert_eq!(ids(&search(&s, "\"tăng cường hợp tác\"")), ["lao#0"]);
    assert_eq!(ids(&search(&s, "\"tăng hợp\"")), Vec::<String>::new());
    assert_eq!(ids(&search(&s, "\"tăng hợp\"~1")), ["lao#0"]);
    assert_eq!(
        marked(&search(&s, "\"tăng hợp\"~1"), "lao#0"),
        ["tăng", "hợp"]
    );
    // As in tantivy (and Lucene), swapping two words costs a slop of 2.
    assert_eq!(ids(&search(&s, "\"tác hợp\"~1")), Vec::<String>::new());
    assert_eq!(
        sorted(ids(&search(&s, "\"tác hợp\"~2"))),
        ["lao#0", "phap#0"]
    );
    assert_eq!(
        marked(&search(&s, "\"tác hợp\"~2"), "lao#0"),
        ["hợp", "tác"]
    );
}

#[test]
fn title_scope() {
    let s = corpus();
    assert_eq!(ids(&search(&s, "title:họp")), ["hop-bao#0"]);
    assert_eq!(ids(&search(&s, "title:\"cong hoa\"")), ["phap#0"]);
    // The passage must still match the other words.
    assert_eq!(ids(&search(&s, "title:Lào Siphandone")), ["lao#1"]);
    // Title words are not highlighted in the passage text.
    assert!(marked(&search(&s, "title:Lào Siphandone"), "lao#1") == ["Siphandone"]);
}

#[test]
fn date_filters() {
    let s = corpus();
    let dated = |from: Option<&str>, to: Option<&str>| {
        let options = SearchOptions {
            from: from.map(day),
            to: to.map(day),
            ..SearchOptions::new("hop")
        };
        sorted(ids(&with(&s, options)))
    };
    assert_eq!(dated(Some("2023-01-01"), None), ["hop-bao#0", "lao#0"]);
    assert_eq!(dated(None, Some("2023-03-02")), ["hop-bao#0", "phap#0"]);
    assert_eq!(dated(Some("2023-03-02"), Some("2023-03-02")), ["hop-bao#0"]);
    assert_eq!(dated(Some("2025-01-01"), None), Vec::<String>::new());
    let backwards = SearchOptions {
        from: Some(day("2024-01-01")),
        to: Some(day("2023-01-01")),
        ..SearchOptions::new("hop")
    };
    assert!(matches!(s.search(&backwards), Err(Error::InvalidOption(_))));
}

#[test]
fn source_filter_with_or_without_accents() {
    let s = corpus();
    for source in ["Tuyên giáo", "tuyen giao", "TUYÊN GIÁO"] {
        let options = SearchOptions {
            source: Some(source.into()),
            ..SearchOptions::new("hợp tác")
        };
        assert_eq!(ids(&with(&s, options)), ["phap#0"], "{source}");
    }
    let nowhere = SearchOptions {
        source: Some("Tuổi Trẻ".into()),
        ..SearchOptions::new("hợp tác")
    };
    assert_eq!(with(&s, nowhere).total_hits, 0);
}

#[test]
fn malformed_queries_never_crash() {
    let s = corpus();
    let huge = "hợp tác ".repeat(13_000);
    let long_word = "a".repeat(100_000);
    let cases = [
        "",
        " ",
        "\"",
        "\"\"",
        "\"hợp tác",
        "hợp tác\"",
        "((hợp",
        "OR",
        "OR OR",
        "hợp OR",
        "OR hợp",
        "-",
        "--hợp",
        "- hợp",
        "-hợp",
        "*",
        "***",
        "hợp*tác",
        "title:",
        "title:\"",
        "~",
        "\"a\"~",
        "\"hợp tác\"~x",
        "\"hợp tác\"~999999999999",
        "!!!",
        "…",
        "&&||",
        "\u{0}\u{1}",
        "\u{200b}",
        "hợp\u{0}tác",
        "🙂",
        &huge,
        &long_word,
    ];
    for query in cases {
        match s.search(&SearchOptions::new(query)) {
            Ok(results) => assert!(results.total_hits >= results.hits.len()),
            Err(error) => {
                assert!(matches!(error, Error::Query { .. }), "{query:.40}: {error}");
                let message = error.to_string();
                assert!(!message.contains('\n') && message.len() < 300, "{message}");
                assert!(error.is_usage());
            }
        }
    }
    // Lenient parses still find things.
    assert_eq!(ids(&search(&s, "\"hợp tác trong")), ["lao#0"]);
    assert_eq!(ids(&search(&s, "OR Siphandone OR")), ["lao#1"]);
    // Errors say where.
    let err = s.search(&SearchOptions::new("\"hợp tác\"~x")).unwrap_err();
    assert!(err.to_string().contains("at character 10"), "{err}");
}
