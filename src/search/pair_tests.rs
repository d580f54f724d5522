//! Pairs only choose where phrases are looked for: every phrase query finds the same
//! passages with the same scores and highlights with the index's pair field as without it.

use crate::index::{index_in_ram, Fields};
use crate::search::collect::tests::article;
use crate::{SearchOptions, Searcher};

#[test]
fn phrases_find_the_same_with_and_without_pairs() {
    let articles = [
        article(
            0,
            "Hợp tác phát triển",
            &[
                "Hai nước ký thỏa thuận hợp tác phát triển kinh tế biển.",
                "Hợp đồng đã ký, tác giả của dự án có mặt tại buổi họp.",
            ],
        ),
        article(
            1,
            "Hợp tấc",
            &[
                "Người bán hàng nói hợp tấc vải này là đủ; hợp tác xã mua lại.",
                "Tác hợp hai bên là việc của người làm mối.",
            ],
        ),
        article(
            2,
            "Nông thôn mới",
            &[
                "Xã đạt chuẩn nông thôn mới sau năm năm, người dân cùng làm.",
                "Trong năm nay, các xã sẽ cùng ở lại họp bàn về nông thôn mới.",
                "Nông thôn, mới đây, đã có đường bê tông.",
            ],
        ),
    ];
    let (index, fields) = index_in_ram(&articles).unwrap();
    let pairs = fields.pairs.expect("a new index has a pair field");
    let with = Searcher::new(&index, fields).unwrap();
    let without = Searcher::new(
        &index,
        Fields {
            pairs: None,
            ..fields
        },
    )
    .unwrap();
    // The pair field holds the pairs of common words, whatever their accents.
    let reader = index.reader().unwrap().searcher();
    let hop_tac = tantivy::Term::from_field_text(pairs, "hop tac");
    assert_eq!(reader.doc_freq(&hop_tac).unwrap(), 2);
    for query in [
        "\"hợp tác\"",
        "\"hop tac\"",
        "\"hợp tấc\"",
        "\"tác hợp\"",
        "\"hợp tác phát triển\"",
        "\"nông thôn mới\"",
        "\"nong thon moi\"",
        "\"cùng ở lại\"",
        "\"ký tác\"",
        "hợp tác \"nông thôn\"",
        "\"hợp tác\" -\"kinh tế\"",
        "hop tac",
        "hợp tác kinh tế",
        "\"xã mua\"",
        "\"tác hợp\"~2",
    ] {
        let options = SearchOptions::new(query);
        let a = with.search(&options).unwrap();
        let b = without.search(&options).unwrap();
        assert_eq!(a.total_hits, b.total_hits, "{query}");
        let view = |hits: &[crate::Hit]| -> Vec<_> {
            hits.iter()
                .map(|h| {
                    (
                        h.article_id.clone(),
                        h.passage,
                        h.score,
                        h.highlights.clone(),
                    )
                })
                .collect()
        };
        assert_eq!(view(&a.hits), view(&b.hits), "{query}");
    }
    let exact = with.search(&SearchOptions::new("\"hợp tác\"")).unwrap();
    let found: Vec<_> = exact.hits.iter().map(|h| h.article_id.as_str()).collect();
    assert_eq!(found, ["a0", "a1"], "hợp tấc is another phrase");
}
