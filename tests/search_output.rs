//! Output contracts: JSON shape, highlights as word byte ranges, HTML-escaped snippets,
//! `show` (article view, raw text). The terminal rendering is tested with the binary
//! (`src/cli/render.rs`).

#[path = "search_support.rs"]
mod support;

use support::{article, marked, search, searcher};
use vnsearch::search::{AccentMode, Searcher};
use vnsearch::Error;

fn corpus() -> Searcher {
    let long = format!(
        "{} Cuối cùng, hai bên nhất trí đẩy mạnh hợp tác về khoa học và công nghệ. {}",
        "Buổi làm việc diễn ra trong không khí cởi mở và thân tình. ".repeat(8),
        "Các đại biểu cũng trao đổi nhiều vấn đề khác của hai ngành. ".repeat(8)
    );
    searcher(&[
        article(
            "xss",
            "Tiêu đề <b>đậm</b> & nhạt",
            Some("2024-12-10"),
            Some("Báo KH&CN"),
            &[
                "Đoạn mở đầu không có từ cần tìm.",
                "Mã <script>alert('hợp tác')</script> & \"hợp tác\" quốc tế.",
            ],
        ),
        article("long", "Hợp tác Việt – Lào", None, None, &[&long]),
    ])
}

#[test]
fn json_contract() {
    let s = corpus();
    let results = search(&s, "hợp tác quốc tế");
    let json = serde_json::to_value(&results).unwrap();
    for key in ["query", "total_hits", "accent_fallback", "took_ms", "hits"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["query"], "hợp tác quốc tế");
    assert_eq!(json["total_hits"], 1);
    let hit = &json["hits"][0];
    assert_eq!(hit["article_id"], "xss");
    assert_eq!(hit["passage"], 1);
    assert_eq!(hit["title"], "Tiêu đề <b>đậm</b> & nhạt");
    assert_eq!(hit["date"], "2024-12-10");
    assert_eq!(hit["source"], "Báo KH&CN");
    assert_eq!(hit["url"], "https://bao.example.vn/xss.html");
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        hit["text"],
        "Mã <script>alert('hợp tác')</script> & \"hợp tác\" quốc tế."
    );
    let [start, end] =
        [&hit["highlights"][0][0], &hit["highlights"][0][1]].map(|v| v.as_u64().unwrap() as usize);
    assert_eq!(&results.hits[0].text[start..end], "hợp");
    let missing = serde_json::to_value(search(&s, "nhất trí")).unwrap();
    assert_eq!(missing["hits"][0]["date"], serde_json::Value::Null);
    assert_eq!(missing["hits"][0]["source"], serde_json::Value::Null);
}

#[test]
fn every_word_of_every_match_is_highlighted() {
    let s = corpus();
    let results = search(&s, "hợp tác quốc tế");
    // Both occurrences of hợp tác, and quốc tế: one range per word.
    assert_eq!(
        marked(&results, "xss#1"),
        ["hợp", "tác", "hợp", "tác", "quốc", "tế"]
    );
}

#[test]
fn snippet_is_escaped_html_with_marks() {
    let s = corpus();
    let hit = &search(&s, "hop tac").hits[0];
    assert_eq!(
        hit.snippet,
        "Mã &lt;script&gt;alert(&#39;<mark>hợp tác</mark>&#39;)&lt;/script&gt; &amp; \
         &quot;<mark>hợp tác</mark>&quot; quốc tế."
    );
}

#[test]
fn long_passage_snippet_is_cropped_around_the_match() {
    let s = corpus();
    let hit = &search(&s, "nhất trí").hits[0];
    assert!(hit.text.chars().count() > 600);
    assert!(
        hit.snippet.starts_with('…') && hit.snippet.ends_with('…'),
        "{}",
        hit.snippet
    );
    assert!(hit.snippet.contains("<mark>nhất trí</mark>"));
    let visible = hit.snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(
        visible.chars().count() <= 302,
        "{}",
        visible.chars().count()
    );
    // Cut at word boundaries: the excerpt (without `…`) is a substring of the passage
    // starting and ending with whole words.
    let inner = visible.trim_matches('…');
    let at = hit.text.find(inner).unwrap();
    assert!(hit.text[..at].ends_with(' '));
    assert!(hit.text[at + inner.len()..].starts_with(' '));
}

#[test]
fn show_article_with_highlights_and_raw() {
    let s = corpus();
    let view = s.article("xss", Some("hợp tác"), AccentMode::Auto).unwrap();
    assert_eq!(view.title, "Tiêu đề <b>đậm</b> & nhạt");
    assert_eq!(view.passages.len(), 2);
    assert_eq!(view.passages[0].number, 0);
    assert!(view.passages[0].highlights.is_empty());
    assert_eq!(view.passages[1].highlights.len(), 4);
    assert!(view
        .raw
        .starts_with("Tiêu đề <b>đậm</b> & nhạt\n\nĐoạn mở đầu"));
    assert!(matches!(
        s.article("nope", None, AccentMode::Auto),
        Err(Error::NoArticle(_))
    ));
    assert!(matches!(
        s.article("xss", Some("!!!"), AccentMode::Auto),
        Err(Error::Query { .. })
    ));
}
