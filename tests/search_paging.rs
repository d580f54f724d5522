//! Stable paging: the pages of one query are disjoint slices of one ordering, for any offset,
//! with and without grouping by article, by relevance and by date, well past the rescoring
//! pool (256 passages).

#[path = "search_support.rs"]
mod support;

use std::collections::HashSet;

use support::{article, searcher, with};
use vnsearch::{Article, SearchOptions, Searcher, SortOrder};

/// 150 articles of 3 passages that all mention "hợp tác", in ways that score differently
/// (the two words adjacent or apart, once or twice, short or long passages, in the title or
/// not) and often the same (the same sentence in many articles). The first article's weak
/// passage ranks last of all, far from its strong one.
fn corpus() -> Vec<Article> {
    let shapes = [
        "Hai bên ký kết thỏa thuận hợp tác về khoa học.",
        "Tác giả cuốn sách dự cuộc họp của hội nhà văn.",
        "Hợp tác quốc tế giúp doanh nghiệp mở rộng thị trường, và hợp tác vùng giúp các tỉnh chia sẻ kinh nghiệm.",
        "Cuộc họp bàn về tác động của thời tiết đến mùa màng trong năm nay.",
        "Các trường đại học đẩy mạnh hợp tác đào tạo.",
    ];
    let days = ["2023-01-05", "2023-01-06", "2023-02-01"];
    let mut articles: Vec<Article> = (0..150)
        .map(|n| {
            let passages: Vec<&str> = (0..3).map(|p| shapes[(n * 3 + p) % 5]).collect();
            let title = if n % 4 == 0 {
                "Thúc đẩy hợp tác"
            } else {
                "Tin trong ngày"
            };
            let date = (n % 5 != 0).then(|| days[n % 3]);
            article(&format!("a{n:03}"), title, date, None, &passages)
        })
        .collect();
    articles[0].passages = vec![
        "Hợp tác, hợp tác và hợp tác: hợp tác là con đường duy nhất.".to_string(),
        format!(
            "Một bài rất dài về {} và cuối cùng mới nhắc đến tác phẩm cùng cuộc họp.",
            "thời tiết, mùa màng, giá cả, chợ búa, ".repeat(20)
        ),
        "Không liên quan.".to_string(),
    ];
    // More matching passages than an article's score counts (3): the others are read by
    // the article key when a page shows them.
    let long: Vec<String> = (0..6)
        .map(|n| format!("Lần thứ {n}, hai bên bàn chuyện hợp tác trong ngành thủy sản."))
        .collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    articles.push(article("a150", "Tin trong ngày", None, None, &long));
    articles
}

fn options(per_article: usize, sort: SortOrder, offset: usize, limit: usize) -> SearchOptions {
    let mut options = SearchOptions::new("hop tac");
    // Most articles here repeat the same passages: they are copies of one another, which
    // collapsing would fold together (see `collapsed_pages_are_slices_of_one_ordering`).
    options.collapse = false;
    options.per_article = per_article;
    options.sort = sort;
    options.offset = offset;
    options.limit = limit;
    options
}

/// `id#passage` and passage score of every hit.
fn hits(s: &Searcher, options: SearchOptions) -> Vec<(String, u32)> {
    with(s, options)
        .hits
        .iter()
        .map(|h| {
            let id = format!("{}#{}", h.article_id, h.passage);
            (id, h.passage_score.to_bits())
        })
        .collect()
}

#[test]
fn pages_are_slices_of_one_ordering() {
    let s = searcher(&corpus());
    for per_article in [0, 1, 2] {
        for sort in [SortOrder::Relevance, SortOrder::Date] {
            let whole = hits(&s, options(per_article, sort, 0, 10_000));
            if per_article == 0 {
                assert!(whole.len() > 400, "{} passages", whole.len());
            }
            let mut walked = Vec::new();
            for page_size in [7, 50] {
                walked.clear();
                loop {
                    let page = hits(&s, options(per_article, sort, walked.len(), page_size));
                    assert!(page.len() <= page_size);
                    if page.is_empty() {
                        break;
                    }
                    walked.extend(page);
                }
                assert_eq!(walked, whole, "per_article {per_article}, {sort:?}");
            }
            let distinct: HashSet<&String> = whole.iter().map(|(id, _)| id).collect();
            assert_eq!(distinct.len(), whole.len(), "a passage repeats");
        }
    }
}

/// With copies folded into the best-ranked one, paging still walks one ordering: no copy
/// shows up on a later page, and every article is either shown or listed under one shown.
#[test]
fn collapsed_pages_are_slices_of_one_ordering() {
    let s = searcher(&corpus());
    let collapsed = |per_article, sort, offset, limit| SearchOptions {
        collapse: true,
        ..options(per_article, sort, offset, limit)
    };
    for sort in [SortOrder::Relevance, SortOrder::Date] {
        let whole = with(&s, collapsed(1, sort, 0, 10_000));
        let shown: Vec<&str> = whole.hits.iter().map(|h| h.article_id.as_str()).collect();
        let listed: HashSet<&str> = whole
            .hits
            .iter()
            .flat_map(|h| h.duplicates.iter().map(String::as_str))
            .collect();
        assert!(
            !listed.is_empty() && shown.len() < 151,
            "{} shown",
            shown.len()
        );
        assert!(
            shown.iter().all(|id| !listed.contains(id)),
            "a copy is shown too"
        );
        assert_eq!(
            shown.len() + listed.len(),
            151,
            "every article shown or listed once"
        );
        let mut walked = Vec::new();
        loop {
            let page = with(&s, collapsed(1, sort, walked.len(), 7));
            if page.hits.is_empty() {
                break;
            }
            walked.extend(page.hits.into_iter().map(|h| (h.article_id, h.duplicates)));
        }
        let whole: Vec<(String, Vec<String>)> = whole
            .hits
            .into_iter()
            .map(|h| (h.article_id, h.duplicates))
            .collect();
        assert_eq!(walked, whole, "{sort:?}");
    }
}

#[test]
fn an_article_gathers_its_passages_from_anywhere_in_the_ordering() {
    let s = searcher(&corpus());
    let everything = hits(&s, options(0, SortOrder::Relevance, 0, 10_000));
    // The long passage of a000 scores below a hundred others...
    let score = |bits: u32| f32::from_bits(bits);
    let weak = everything.iter().find(|(id, _)| id == "a000#1").unwrap().1;
    let better = everything
        .iter()
        .filter(|(_, s)| score(*s) > score(weak))
        .count();
    assert!(better > 100, "{better} passages score above a000#1");
    // ...yet with grouping it stands next to the article's best passage.
    let grouped: Vec<String> = hits(&s, options(2, SortOrder::Relevance, 0, 10_000))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let best = grouped.iter().position(|id| id == "a000#0").unwrap();
    assert_eq!(grouped[best + 1], "a000#1", "{grouped:?}");
    // Every passage of an article with more matches than its score counts is shown once.
    let a150: Vec<&String> = everything
        .iter()
        .map(|(id, _)| id)
        .filter(|id| id.starts_with("a150#"))
        .collect();
    assert_eq!(a150.len(), 6, "{a150:?}");
}
