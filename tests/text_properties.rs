//! Property tests of the analysis on arbitrary and on Vietnamese-like input.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use vnsearch::text::{fold, normalize_word, tokens, WordAnalyzer, Words, MAX_WORD_CHARS};

/// Text made mostly of Vietnamese letters (NFC and decomposed), with punctuation, digits,
/// zero-width characters and other scripts mixed in.
fn vietnamese_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Việt",
        "Nam",
        "hoà",
        "hòa",
        "khoẻ",
        "THUỶ",
        "quý",
        "kỹ",
        "công ty",
        "Đổi",
        "ðời",
        "người",
        "giữa",
        "Nguyễn",
        "e\u{0302}\u{0301}",
        "\u{200B}",
        "\u{00AD}",
        "\u{FEFF}",
        " ",
        " ",
        ", ",
        "-",
        "/",
        "&",
        ".",
        "'",
        "’",
        "29",
        "16.745",
        "3,5",
        "COVID",
        "中文",
        "Zürich",
        "🎉",
        "\u{0301}",
        "\u{0323}",
        "İ",
        "ß",
        "ǅ",
        "x",
        "y",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

/// Offsets are char boundaries, in order, non-overlapping and inside the text; positions
/// count up from 0; no form is empty or longer than the limit.
fn check_tokens(text: &str) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for (i, t) in tokens(text).iter().enumerate() {
        prop_assert_eq!(t.position, i);
        prop_assert!(last_end <= t.start && t.start < t.end && t.end <= text.len());
        prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        prop_assert!(!t.exact.is_empty() && !t.folded.is_empty());
        prop_assert!(t.exact.chars().count() <= MAX_WORD_CHARS);
        prop_assert!(t.folded.chars().count() <= MAX_WORD_CHARS);
        last_end = t.end;
    }
    Ok(())
}

/// Tokens without their offsets, which differ between NFC and NFD by design.
fn forms(text: &str) -> Vec<(usize, String, String)> {
    tokens(text)
        .into_iter()
        .map(|t| (t.position, t.exact, t.folded))
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_gives_sane_tokens(text in any::<String>()) {
        check_tokens(&text)?;
    }

    #[test]
    fn vietnamese_like_text_gives_sane_tokens(text in vietnamese_like()) {
        check_tokens(&text)?;
    }

    #[test]
    fn fold_is_idempotent(text in any::<String>()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn fold_is_idempotent_on_vietnamese(text in vietnamese_like()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn nfc_and_nfd_give_the_same_tokens(text in any::<String>()) {
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(forms(&nfc), forms(&nfd));
    }

    #[test]
    fn nfc_and_nfd_give_the_same_tokens_on_vietnamese(text in vietnamese_like()) {
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(forms(&nfc), forms(&nfd));
    }

    #[test]
    fn each_token_is_its_own_word(text in vietnamese_like()) {
        // Re-analyzing a token's original slice gives the same forms: documents and
        // queries agree.
        for t in tokens(&text) {
            let again = tokens(&text[t.start..t.end]);
            prop_assert_eq!(again.len(), 1);
            prop_assert_eq!(&again[0].exact, &t.exact);
            prop_assert_eq!(&again[0].folded, &t.folded);
            prop_assert_eq!(normalize_word(&text[t.start..t.end]), t.exact.clone());
        }
    }

    #[test]
    fn exact_forms_are_stable(text in vietnamese_like()) {
        for t in tokens(&text) {
            prop_assert_eq!(normalize_word(&t.exact), t.exact.clone());
            prop_assert_eq!(fold(&t.folded), t.folded.clone());
        }
    }

    #[test]
    fn a_memoized_analyzer_gives_the_forms_of_a_fresh_one(text in vietnamese_like()) {
        // Twice through the same memo: the first pass fills it, the second reads it (the
        // text's words recur in it, too), and a fresh analyzer per word is the reference.
        let mut memoized = WordAnalyzer::memoized();
        for _ in 0..2 {
            for (start, end) in Words::new(&text) {
                let word = &text[start..end];
                let mut fresh = WordAnalyzer::default();
                fresh.analyze(word);
                memoized.analyze(word);
                prop_assert_eq!(memoized.exact(), fresh.exact(), "{:?}", word);
                prop_assert_eq!(memoized.folded(), fresh.folded(), "{:?}", word);
                memoized.analyze_folded(word);
                prop_assert_eq!(memoized.folded(), fresh.folded(), "{:?}", word);
            }
        }
    }
}
