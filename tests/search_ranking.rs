//! Forgiving input (typos, words typed without spaces, prefixes) and ranking: proximity,
//! title lift, exact above typo, grouping by article, paging and date order.

#[path = "search_support.rs"]
mod support;

use support::{article, ids, marked, search, searcher, with};
use vnsearch::search::{SearchOptions, SortOrder};

#[test]
fn one_typo_in_a_long_word_matches_below_exact() {
    let s = searcher(&[
        article(
            "typo",
            "Tin Lào",
            None,
            None,
            &["Ông Siphandon phát biểu tại hội nghị."],
        ),
        article(
            "exact",
            "Tin Lào",
            None,
            None,
            &["Ông Siphandone phát biểu tại hội nghị."],
        ),
        article(
            "far",
            "Tin Lào",
            None,
            None,
            &["Ông Sipahndoon phát biểu tại hội nghị."],
        ),
    ]);
    let results = search(&s, "Siphandone");
    assert_eq!(ids(&results), ["exact#0", "typo#0"]);
    assert!(results.hits[0].score > results.hits[1].score);
    assert_eq!(marked(&results, "typo#0"), ["Siphandon"]);
    // One edit away from both spellings; a cut-off word is more than one edit away.
    assert_eq!(search(&s, "Siphandonx").total_hits, 2);
    assert_eq!(search(&s, "Sipha").total_hits, 0);
}

#[test]
fn a_corrected_word_scores_by_how_often_and_where_it_occurs() {
    // "Formossa" is not in the index: every match is its neighbour "Formosa" (or a rarer one).
    let once = "Công ty Formosa công bố kết quả kinh doanh quý ba, lãi tăng mạnh so với cùng kỳ.";
    let s = searcher(&[
        article("once", "Tin kinh tế", None, None, &[once]),
        article(
            "thrice",
            "Tin kinh tế",
            None,
            None,
            &["Formosa nói Formosa sẽ đền bù thiệt hại, Formosa cam kết làm sạch bờ biển."],
        ),
        article("titled", "Formosa công bố lãi", None, None, &[once]),
        article(
            "rare",
            "Tin kinh tế",
            None,
            None,
            &["Công ty Formosaa công bố kết quả kinh doanh quý ba, lãi tăng mạnh so với cùng kỳ."],
        ),
    ]);
    let results = search(&s, "Formossa");
    let found = ids(&results);
    let rank = |id: &str| found.iter().position(|f| f == id).unwrap();
    assert!(rank("thrice#0") < rank("once#0"), "{found:?}");
    assert!(rank("titled#0") < rank("once#0"), "{found:?}");
    let score = |id: &str| results.hits[rank(id)].score;
    assert!(score("thrice#0") > score("once#0"));
    assert!(score("titled#0") > score("once#0"));
    // A rare neighbour (a misspelling in the archive) shares the idf of the common one: the
    // same passage around it scores the same, not higher.
    assert_eq!(score("rare#0"), score("once#0"));
    assert_eq!(
        marked(&results, "thrice#0"),
        ["Formosa", "Formosa", "Formosa"]
    );
}

#[test]
fn a_prefix_scores_by_the_words_it_matched() {
    let s = searcher(&[
        article(
            "once",
            "Tin",
            None,
            None,
            &["Sữa Vinamilk có mặt ở nhiều chợ và siêu thị trong tỉnh."],
        ),
        article(
            "thrice",
            "Tin",
            None,
            None,
            &["Vinamilk, Vinamilk và Vinacafe có mặt ở nhiều chợ trong tỉnh."],
        ),
    ]);
    let results = search(&s, "vina*");
    assert_eq!(ids(&results), ["thrice#0", "once#0"]);
    assert!(results.hits[0].score > results.hits[1].score);
}

#[test]
fn syllables_typed_without_spaces_match_the_spaced_form() {
    let s = searcher(&[
        article(
            "vn",
            "Tin",
            None,
            None,
            &["Việt Nam và Lào ký kết hợp tác tại Hà Nội."],
        ),
        article(
            "other",
            "Tin",
            None,
            None,
            &["Nam Định mở hội chợ Việt hóa."],
        ),
    ]);
    let results = search(&s, "vietnam");
    assert_eq!(ids(&results), ["vn#0"]);
    assert_eq!(marked(&results, "vn#0"), ["Việt", "Nam"]);
    assert_eq!(marked(&search(&s, "hanoi"), "vn#0"), ["Hà", "Nội"]);
    assert_eq!(ids(&search(&s, "vietnam hanoi")), ["vn#0"]);
    assert_eq!(ids(&search(&s, "HaNoi")), ["vn#0"]);
}

#[test]
fn trailing_star_is_a_prefix() {
    let s = searcher(&[
        article(
            "a",
            "Tin",
            None,
            None,
            &["Đổi mới sáng tạo là động lực phát triển."],
        ),
        article("b", "Tin", None, None, &["Buổi sáng tác giả ra mắt sách."]),
        article("c", "Tin", None, None, &["Sáng tạ ơn thần linh."]),
    ]);
    let results = search(&s, "sáng tạ*");
    let mut found = ids(&results);
    found.sort();
    assert_eq!(found, ["a#0", "c#0"]);
    assert_eq!(marked(&results, "a#0"), ["sáng", "tạo"]);
    // Unmarked prefix matches every accent variant.
    let mut plain = ids(&search(&s, "sang ta*"));
    plain.sort();
    assert_eq!(plain, ["a#0", "b#0", "c#0"]);
}

#[test]
fn adjacent_query_words_rank_above_scattered_ones() {
    let s = searcher(&[
        article(
            "scattered",
            "Tin",
            None,
            None,
            &["Nhà khoa bảng xưa nay vẫn học tập chăm chỉ, đổi thay và sáng suốt mới tạo nên."],
        ),
        article(
            "together",
            "Tin",
            None,
            None,
            &["Nhà nước khuyến khích khoa học và đổi mới sáng tạo trong doanh nghiệp hôm nay."],
        ),
    ]);
    assert_eq!(ids(&search(&s, "khoa học")), ["together#0", "scattered#0"]);
    assert_eq!(
        ids(&search(&s, "đổi mới sáng tạo")),
        ["together#0", "scattered#0"]
    );
}

#[test]
fn title_match_lifts_the_article() {
    let body = "Hội nghị bàn về chuyển đổi số trong các cơ quan nhà nước.";
    let s = searcher(&[
        article("plain", "Tin trong nước", None, None, &[body]),
        article("titled", "Chuyển đổi số là ưu tiên", None, None, &[body]),
    ]);
    assert_eq!(ids(&search(&s, "chuyển đổi số")), ["titled#0", "plain#0"]);
}

fn many_passages() -> Vec<vnsearch::ingest::Article> {
    let passage = |n: usize| format!("Đoạn {n}: hợp tác quốc tế về khoa học.");
    let long: Vec<String> = (0..5).map(passage).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    vec![
        article("long", "Hợp tác quốc tế", Some("2021-01-01"), None, &long),
        article(
            "mid",
            "Tin",
            Some("2024-06-01"),
            None,
            &["Hợp tác khoa học."],
        ),
        article(
            "new",
            "Tin",
            Some("2025-02-03"),
            None,
            &["Hợp tác với Lào, hợp tác với Pháp."],
        ),
        article("undated", "Tin", None, None, &["Hợp tác nói chung."]),
    ]
}

#[test]
fn one_article_cannot_flood_the_page() {
    let s = searcher(&many_passages());
    let results = search(&s, "hợp tác");
    assert_eq!(results.total_hits, 8);
    let from_long = results
        .hits
        .iter()
        .filter(|h| h.article_id == "long")
        .count();
    assert_eq!(from_long, 2);
    assert_eq!(results.hits.len(), 5);
    // An article's passages are gathered after its best one.
    let articles: Vec<&str> = results.hits.iter().map(|h| h.article_id.as_str()).collect();
    let first_long = articles.iter().position(|a| *a == "long").unwrap();
    assert_eq!(articles[first_long + 1], "long");

    let all = with(
        &s,
        SearchOptions {
            per_article: 0,
            ..SearchOptions::new("hợp tác")
        },
    );
    assert_eq!(all.hits.len(), 8);
    let one = with(
        &s,
        SearchOptions {
            per_article: 1,
            ..SearchOptions::new("hợp tác")
        },
    );
    assert_eq!(one.hits.len(), 4);
}

#[test]
fn paging_walks_the_grouped_list() {
    let s = searcher(&many_passages());
    let page = |offset, limit| {
        let options = SearchOptions {
            offset,
            limit,
            per_article: 0,
            ..SearchOptions::new("hop tac")
        };
        ids(&with(&s, options))
    };
    let whole = page(0, 100);
    assert_eq!(whole.len(), 8);
    let stitched: Vec<String> = [page(0, 3), page(3, 3), page(6, 3)].concat();
    assert_eq!(stitched, whole);
    assert_eq!(page(8, 3), Vec::<String>::new());
    assert_eq!(page(0, 0), Vec::<String>::new());
    assert_eq!(page(usize::MAX, usize::MAX), Vec::<String>::new());
    assert_eq!(page(7, usize::MAX), whole[7..]);
    assert_eq!(
        with(
            &s,
            SearchOptions {
                limit: 0,
                ..SearchOptions::new("hop tac")
            }
        )
        .total_hits,
        8
    );
}

#[test]
fn date_sort_puts_newest_first_and_undated_last() {
    let s = searcher(&many_passages());
    let options = SearchOptions {
        sort: SortOrder::Date,
        per_article: 1,
        ..SearchOptions::new("hợp tác")
    };
    let articles: Vec<String> = with(&s, options)
        .hits
        .into_iter()
        .map(|h| h.article_id)
        .collect();
    assert_eq!(articles, ["new", "mid", "long", "undated"]);
}
