//! Accent rules: unmarked words match every accent variant, marked words only their own
//! (after normalization), modes `exact` and `fold`, and the accent fallback.

#[path = "search_support.rs"]
mod support;

use support::{article, ids, marked, search, searcher, with};
use vnsearch::search::{AccentMode, SearchOptions, Searcher};

fn corpus() -> Searcher {
    searcher(&[
        article(
            "hop-tac",
            "Việt Nam và Lào tăng cường hợp tác khoa học",
            Some("2024-05-29"),
            Some("Báo Khoa học và Phát triển"),
            &["Hai nước tăng cường hợp tác trong lĩnh vực khoa học và công nghệ."],
        ),
        article(
            "hop-bao",
            "Cuộc họp báo thường kỳ của Bộ Ngoại giao",
            Some("2023-03-02"),
            Some("Báo Thế giới và Việt Nam"),
            &["Bộ Ngoại giao tổ chức cuộc họp báo chiều thứ Năm."],
        ),
        article(
            "hoa-cu",
            "Chính sách hoà bình",
            None,
            None,
            &["Nhà trường mở khoá học mùa hè về hoà bình và thuỷ lợi."],
        ),
        article(
            "hoa-moi",
            "Chính sách hòa bình",
            None,
            None,
            &["Nhà trường mở khóa học tiếng Anh về hòa bình và thủy lợi."],
        ),
        article(
            "nfd",
            "Tin nha\u{300}y",
            None,
            None,
            // "Hợp đồng" written decomposed (NFD), as some CMSs do.
            &["Ho\u{31b}\u{323}p đo\u{302}\u{300}ng được ký hôm qua."],
        ),
    ])
}

#[test]
fn unmarked_word_matches_every_accent_variant() {
    let s = corpus();
    let results = search(&s, "hop");
    assert_eq!(marked(&results, "hop-tac#0"), ["hợp"]);
    assert_eq!(marked(&results, "hop-bao#0"), ["họp"]);
    assert_eq!(results.total_hits, 3, "{:?}", ids(&results));
    assert!(!results.accent_fallback);
}

#[test]
fn marked_word_matches_only_that_word() {
    let s = corpus();
    assert_eq!(ids(&search(&s, "họp")), ["hop-bao#0"]);
    let hop = search(&s, "hợp");
    assert!(ids(&hop).contains(&"hop-tac#0".to_string()));
    assert!(!ids(&hop).contains(&"hop-bao#0".to_string()));
}

#[test]
fn capitals_do_not_matter() {
    let s = corpus();
    assert_eq!(ids(&search(&s, "HỌP BÁO")), ["hop-bao#0"]);
    assert_eq!(ids(&search(&s, "Họp Báo")), ["hop-bao#0"]);
    assert_eq!(marked(&search(&s, "HOP BAO"), "hop-bao#0"), ["họp", "báo"]);
}

#[test]
fn mixed_marked_and_unmarked_words() {
    let s = corpus();
    // `hợp` is exact, `cong` is folded: công in the first article.
    assert_eq!(ids(&search(&s, "hợp cong")), ["hop-tac#0"]);
    // `họp` + công stand in no passage: only the accent-insensitive retry finds hợp … công.
    let retried = search(&s, "họp cong");
    assert!(retried.accent_fallback);
    assert_eq!(ids(&retried), ["hop-tac#0"]);
}

#[test]
fn phrases_with_and_without_accents() {
    let s = corpus();
    assert_eq!(ids(&search(&s, "\"hợp tác\"")), ["hop-tac#0"]);
    assert_eq!(ids(&search(&s, "\"hop tac\"")), ["hop-tac#0"]);
    assert_eq!(
        marked(&search(&s, "\"hop tac\""), "hop-tac#0"),
        ["hợp", "tác"]
    );
    // Per word inside the phrase too: `họp` is not `hợp`, so only the fallback finds it.
    let wrong = search(&s, "\"họp tác\"");
    assert!(wrong.accent_fallback);
    assert_eq!(ids(&wrong), ["hop-tac#0"]);
}

#[test]
fn old_style_tone_placement_matches_new_style() {
    let s = corpus();
    for query in [
        "hoà bình",
        "hòa bình",
        "khoá học",
        "khóa học",
        "thuỷ lợi",
        "thủy lợi",
    ] {
        let results = search(&s, query);
        let mut found = ids(&results);
        found.sort();
        assert_eq!(found, ["hoa-cu#0", "hoa-moi#0"], "{query}");
        assert!(!results.accent_fallback, "{query}");
    }
}

#[test]
fn decomposed_text_and_queries_match_composed() {
    let s = corpus();
    // Composed query, decomposed text.
    assert!(ids(&search(&s, "hợp đồng")).contains(&"nfd#0".to_string()));
    // Decomposed query, composed text.
    let nfd_query = "ho\u{31b}\u{323}p ta\u{301}c";
    assert_eq!(ids(&search(&s, nfd_query)), ["hop-tac#0"]);
}

#[test]
fn exact_mode_makes_unmarked_words_exact() {
    let s = corpus();
    let options = |q: &str, accents| SearchOptions {
        accents,
        ..SearchOptions::new(q)
    };
    let exact = with(&s, options("hop", AccentMode::Exact));
    assert_eq!(exact.total_hits, 0);
    assert!(!exact.accent_fallback);
    assert_eq!(
        ids(&with(&s, options("họp", AccentMode::Exact))),
        ["hop-bao#0"]
    );
}

#[test]
fn fold_mode_ignores_all_marks() {
    let s = corpus();
    let fold = with(
        &s,
        SearchOptions {
            accents: AccentMode::Fold,
            ..SearchOptions::new("họp")
        },
    );
    let mut found = ids(&fold);
    found.sort();
    assert_eq!(found, ["hop-bao#0", "hop-tac#0", "nfd#0"]);
    assert!(!fold.accent_fallback);
}

#[test]
fn accented_query_without_exact_match_falls_back() {
    let s = corpus();
    let results = search(&s, "hộp báo");
    assert!(results.accent_fallback);
    assert_eq!(ids(&results), ["hop-bao#0"]);
    let json = serde_json::to_value(&results).unwrap();
    assert_eq!(json["accent_fallback"], true);
    // No marks typed: nothing to fall back from.
    let none = search(&s, "xyzabc");
    assert!(!none.accent_fallback);
    assert_eq!(none.total_hits, 0);
}
