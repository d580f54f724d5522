//! Tests of the corrections and of the counts they rest on.

use super::*;

/// The pairs' bound and the ceiling of a word's context are never below the context
/// counted: they may stop a count early only where the outcome is already decided.
#[test]
fn the_pair_bound_of_a_context_is_at_least_the_context() {
    use crate::search::collect::tests::article;
    let articles = [
        article(
            0,
            "Tin",
            &["Miền nam bộ có mưa, nam bộ nắng.", "Nam bỏ đi."],
        ),
        article(1, "Tin", &["Bộ nam, nam bố và nam bộ.", "Có bộ có nam."]),
        article(2, "Tin", &["Nam bộ có bộ bò nam bộ."]),
    ];
    let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let lengths = super::super::stats::LengthTotals::default();
    let stats = Stats::new(&searcher, &lengths);
    let exact = |w: &str| Term::from_field_text(fields.text, w);
    let slot = Slot {
        clause: 0,
        word: 1,
        before: Some(exact("nam")),
        after: Some(exact("có")),
    };
    let mut phrases = Phrases::new(fields.pairs);
    let mut bounded = 0;
    for word in ["bộ", "bỏ", "bố", "bò", "có"] {
        let term = exact(word);
        let context = phrases.context(&stats, &slot, &term, u64::MAX).unwrap();
        let bound = phrases.bound(&stats, &slot, &term).expect("common pairs");
        assert!(bound >= context, "{word}: {bound} < {context}");
        let freq = stats.live_doc_freq(&term).unwrap();
        let ceiling = phrases.ceiling(&stats, &slot, &term, freq);
        assert!(ceiling >= context, "{word}: ceiling {ceiling} < {context}");
        assert!(ceiling <= bound.min(2 * freq), "{word}: {ceiling}");
        bounded += usize::from(bound > 0);
    }
    // `nam bộ` in 3 passages and `bộ có` in 3: the bound counts every spelling of the
    // pairs `nam bo` and `bo co` (`nam bỏ`, `bộ bò`, …) too.
    assert_eq!(
        phrases
            .context(&stats, &slot, &exact("bộ"), u64::MAX)
            .unwrap(),
        6
    );
    assert!(bounded >= 4);
    // The winner found with counts cut short is the one full counts give, whatever the
    // support needed and the candidates' order.
    let word = |text: &str| Word {
        exact: text.to_string(),
        folded: crate::text::fold(text),
        marked: true,
        prefix: false,
    };
    let spellings = ["bộ", "bỏ", "bố", "bò", "có"];
    let mut decided = 0;
    for order in [[0, 1, 2, 3, 4], [3, 2, 1, 0, 4], [1, 4, 0, 3, 2]] {
        let candidates: Vec<(u64, Word, Term)> = order
            .iter()
            .map(|&i| {
                let term = exact(spellings[i]);
                (
                    stats.live_doc_freq(&term).unwrap(),
                    word(spellings[i]),
                    term,
                )
            })
            .collect();
        for needed in 1..=8 {
            let mut full = Phrases::new(fields.pairs);
            let mut best: Option<(u64, usize)> = None;
            for (i, (_, _, term)) in candidates.iter().enumerate() {
                let support = full.context(&stats, &slot, term, u64::MAX).unwrap();
                if support >= needed && best.is_none_or(|(b, _)| support > b) {
                    best = Some((support, i));
                }
            }
            let got = most_supported(&candidates, needed, &slot, &stats, &mut phrases);
            assert_eq!(got.unwrap(), best.map(|(_, i)| i), "{order:?} {needed}");
            decided += usize::from(best.is_some());
        }
    }
    assert!(decided >= 6, "{decided}");
    // Without a pair field there is no bound.
    let mut unpaired = Phrases::new(None);
    assert_eq!(unpaired.bound(&stats, &slot, &exact("bộ")), None);
}

#[test]
fn rewrite_keeps_the_rest_and_the_capitals() {
    let fixed = rewrite(
        "Nguyễn Xuân Phục thăm Nhật",
        &[("phục".to_string(), "phúc".to_string())],
    );
    assert_eq!(fixed, "Nguyễn Xuân Phúc thăm Nhật");
    let fixed = rewrite(
        "bien doi khí hâu",
        &[("hâu".to_string(), "hậu".to_string())],
    );
    assert_eq!(fixed, "bien doi khí hậu");
}
