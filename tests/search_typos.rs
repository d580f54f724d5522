//! "Did you mean": typos that are real words, corrected from the index's own statistics, and
//! the words that must never be corrected.

#[path = "search_support.rs"]
mod support;

use support::{article, search, searcher};
use vnsearch::{AccentMode, Article, SearchOptions};

/// A small archive: climate articles (`biến đổi khí hậu` many times, the tone typo `khí hâu`
/// once), press conferences (`họp báo`) beside cooperation (`hợp tác`), a place named Chiềng
/// beside many articles on war (`chiến`), and a foreign name with a misspelling in one article.
fn archive() -> Vec<Article> {
    let mut articles = Vec::new();
    for n in 0..30 {
        articles.push(article(
            &format!("kh{n:02}"),
            "Thích ứng với thời tiết cực đoan",
            None,
            None,
            &[&format!(
                "Tỉnh ven biển số {n} lập kế hoạch ứng phó biến đổi khí hậu cho mùa mưa bão."
            )],
        ));
        articles.push(article(
            &format!("hb{n:02}"),
            "Thông tin báo chí",
            None,
            None,
            &[&format!(
                "Buổi họp báo thứ {n} công bố kết quả hợp tác giữa hai tỉnh."
            )],
        ));
        articles.push(article(
            &format!("ck{n:02}"),
            "Ký ức người lính",
            None,
            None,
            &[&format!(
                "Cựu binh kể lại trận chiến năm {n} bên dòng sông."
            )],
        ));
    }
    for n in 0..60 {
        articles.push(article(
            &format!("dt{n:02}"),
            "Thời sự quốc tế",
            None,
            None,
            &[&format!(
                "Ông Donald Trump phát biểu tại cuộc mít tinh thứ {n}."
            )],
        ));
    }
    articles.push(article(
        "typo1",
        "Bài viết vội",
        None,
        None,
        &["Bài này gõ nhầm: biến đổi khí hâu làm nước biển dâng."],
    ));
    articles.push(article(
        "typo2",
        "Bài viết vội khác",
        None,
        None,
        &["Ông Donnald Trump được nhắc đến trong bản tin sáng."],
    ));
    // A name-like pair seen a few times (a character's name) beside the same letters under
    // another tone in a common phrase: `táo môi trường` 6 times, `tạo môi trường` 150 times.
    for n in 0..150 {
        articles.push(article(
            &format!("mt{n:03}"),
            "Thu hút đầu tư",
            None,
            None,
            &[&format!(
                "Tỉnh cam kết tạo môi trường kinh doanh thuận lợi, lần thứ {n}."
            )],
        ));
    }
    for n in 0..6 {
        articles.push(article(
            &format!("tq{n}"),
            "Táo quân cuối năm",
            None,
            None,
            &[&format!(
                "Nhân vật Táo Môi trường gây cười trong tiểu phẩm số {n}."
            )],
        ));
    }
    articles.push(article(
        "chieng",
        "Bản Chiềng mùa lúa chín",
        None,
        None,
        &["Người dân bản Chiềng gặt lúa trên ruộng bậc thang."],
    ));
    articles
}

#[test]
fn a_tone_typo_rare_in_its_context_is_searched_as_the_common_word_too() {
    let s = searcher(&archive());
    let results = search(&s, "biến đổi khí hâu");
    assert_eq!(results.did_you_mean.as_deref(), Some("biến đổi khí hậu"));
    // The climate articles are found, and the article with the typo is still found.
    let articles: Vec<&str> = results.hits.iter().map(|h| h.article_id.as_str()).collect();
    assert!(
        articles.iter().filter(|a| a.starts_with("kh")).count() >= 9,
        "{articles:?}"
    );
    let mut all = SearchOptions::new("biến đổi khí hâu");
    all.limit = 100;
    let everything = s.search(&all).unwrap();
    assert!(everything.hits.iter().any(|h| h.article_id == "typo1"));
    assert!(!results.accent_fallback);
}

#[test]
fn a_wording_seen_several_times_is_not_a_typo_of_a_more_common_one() {
    let s = searcher(&archive());
    let results = search(&s, "Táo Môi trường");
    assert_eq!(results.did_you_mean, None);
    let mut articles: Vec<&str> = results.hits.iter().map(|h| h.article_id.as_str()).collect();
    articles.sort_unstable();
    articles.dedup();
    assert!(
        articles.iter().all(|id| id.starts_with("tq")),
        "{articles:?}"
    );
}

#[test]
fn a_misspelled_name_that_the_index_holds_is_still_corrected() {
    let s = searcher(&archive());
    let results = search(&s, "Donnald Trump");
    assert_eq!(results.did_you_mean.as_deref(), Some("Donald Trump"));
    assert!(results.total_hits > 50, "{}", results.total_hits);
}

#[test]
fn common_words_and_marked_syllables_alone_are_left_as_typed() {
    let s = searcher(&archive());
    // `họp báo` is common in its own right: no correction to `hợp báo`.
    let results = search(&s, "họp báo");
    assert_eq!(results.did_you_mean, None);
    assert!(results
        .hits
        .iter()
        .all(|h| h.text.to_lowercase().contains("họp báo")));
    // A well-formed accented syllable typed alone is never edited into another syllable,
    // however much more frequent (`chiến` is in 30 articles, `Chiềng` in 1).
    let results = search(&s, "Chiềng");
    assert_eq!(results.did_you_mean, None);
    let articles: Vec<&str> = results.hits.iter().map(|h| h.article_id.as_str()).collect();
    assert_eq!(articles, ["chieng"]);
    // Words in capitals are abbreviations, meant as typed.
    let results = search(&s, "DONNALD");
    assert_eq!(results.did_you_mean, None);
    // Exact mode means every word as typed.
    let mut exact = SearchOptions::new("biến đổi khí hâu");
    exact.accents = AccentMode::Exact;
    let results = s.search(&exact).unwrap();
    assert_eq!(results.did_you_mean, None);
    assert_eq!(results.total_hits, 1);
}
