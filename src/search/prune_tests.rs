//! Gathering only the articles that can rank ([`super::gather::Walk::best`]) changes nothing a
//! page shows: the best articles are the same, with the same evidence, and the count is exact.

use std::collections::HashSet;

use crate::index::index_in_ram;
use crate::search::articles::{best_first, RankedArticle};
use crate::search::collect::tests::article;
use crate::search::gather::{gather, Walk};
use crate::search::stats::{LengthTotals, Stats};
use crate::search::{plan, query, AccentMode};
use crate::{SearchOptions, Searcher};

/// What ranks an article, for comparing gathers: key, matches, score bits, and the number and
/// score bits of each kept passage.
type View = (u64, u32, u32, Vec<(u64, u32)>);

fn view(articles: &[RankedArticle]) -> Vec<View> {
    articles
        .iter()
        .map(|a| {
            let kept = a
                .evidence
                .best()
                .iter()
                .map(|p| (p.passage, p.score.to_bits()))
                .collect();
            (
                a.evidence.key(),
                a.evidence.matches,
                a.score.to_bits(),
                kept,
            )
        })
        .collect()
}

#[test]
fn a_pruned_gather_keeps_the_best_articles_exactly() {
    // Articles with one to five passages on the subject among others, in an order where the
    // best come late (the floor rises as the walk goes) and early.
    let articles: Vec<_> = (0..40)
        .map(|n| {
            let on_subject = 1 + (n * 7) % 5;
            let mut passages: Vec<String> = (0..on_subject)
                .map(|p| {
                    format!(
                        "Đoạn {p}: hai tỉnh bàn chuyện hợp tác nghề cá{}.",
                        " và hợp tác du lịch".repeat((n + p) % 3)
                    )
                })
                .collect();
            passages.insert(n % 2, "Thời tiết hôm nay nắng ráo, gió nhẹ.".to_string());
            let passages: Vec<&str> = passages.iter().map(String::as_str).collect();
            article(n, "Tin địa phương", &passages)
        })
        .collect();
    let (index, fields) = index_in_ram(&articles).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let lengths = LengthTotals::default();
    let mut stats = Stats::new(&searcher, &lengths);
    let typed = "hop tac";
    let options = SearchOptions::new(typed);
    let parsed = query::parse(typed).unwrap();
    let planned = plan::plan(&parsed, AccentMode::Auto, &options, &mut stats, &fields).unwrap();
    let weight = planned.core.weight(stats.scoring()).unwrap();
    let none = HashSet::new();
    let mut every = gather(&searcher, weight.as_ref(), &Walk::every(&none, true)).unwrap();
    assert!(!every.pruned);
    for best in [1, 5, 12] {
        let walk = Walk {
            best: Some(best),
            ..Walk::every(&none, true)
        };
        let mut pruned = gather(&searcher, weight.as_ref(), &walk).unwrap();
        assert_eq!(pruned.total, every.total);
        assert!(pruned.pruned, "{best}");
        assert!(pruned.articles.len() < every.articles.len(), "{best}");
        best_first(&mut every.articles, best);
        best_first(&mut pruned.articles, best);
        assert_eq!(
            view(&pruned.articles[..best]),
            view(&every.articles[..best]),
            "{best}"
        );
    }
}

/// A story carried by more papers than the margin of gathered articles: its copies all fold
/// into one hit, and the rest of the page comes from the articles after them, which a walk
/// that kept only the margin would have left out.
#[test]
fn copies_beyond_the_margin_are_gathered_again() {
    let story = "Hợp tác, hợp tác và hợp tác: Bộ Nông nghiệp cho biết chương trình hợp tác nghề cá giữa hai tỉnh ven biển sẽ \
                 được mở rộng trong năm tới, với thêm nhiều tàu thuyền, cảng cá và các lớp tập \
                 huấn cho ngư dân về an toàn khi đánh bắt xa bờ.";
    let mut articles: Vec<_> = (0..230)
        .map(|n| article(n, "Tin thủy sản", &[story]))
        .collect();
    articles.extend((230..245).map(|n| {
        let text = format!(
            "Bài số {n} nhắc đến hợp tác một lần giữa nhiều chuyện khác của địa phương, \
             như đường sá, trường học, chợ búa và giá cả trong mùa mưa bão năm nay."
        );
        article(n, "Tin địa phương", &[text.as_str()])
    }));
    // Articles without the words, so that they are not in every article (and score).
    articles.extend((245..545).map(|n| article(n, "Tin thời tiết", &["Trời nắng, gió nhẹ."])));
    let searcher = Searcher::in_memory(&articles).unwrap();
    let results = searcher.search(&SearchOptions::new("hop tac")).unwrap();
    assert_eq!(results.total_hits, 245);
    assert_eq!(results.hits.len(), 10);
    assert_eq!(results.hits[0].duplicates.len(), 229);
    let shown: HashSet<&str> = results.hits.iter().map(|h| h.article_id.as_str()).collect();
    assert_eq!(shown.len(), 10);
}
