//! Terminal and plain-text rendering of search hits and articles.
//!
//! With colour (a terminal without `NO_COLOR`), titles are bold, metadata dim and matched
//! words bold yellow. Without colour (pipes, `NO_COLOR`), matched runs are wrapped in square
//! brackets — `[hợp tác]` — so they stay visible in plain text; adjacent matched words share
//! one pair of brackets. Control characters and bidi overrides of the stored text are shown
//! as spaces so an article cannot drive the terminal (or reverse what it shows).

use std::fmt::Write;

use vnsearch::search::{Excerpt, SNIPPET_CHARS};
use vnsearch::{ArticleView, Hit, SearchResults};

/// How to print: `color: false` gives plain text with visible markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const MARK: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn mark(&self, text: &str) -> String {
        if self.color {
            format!("{MARK}{text}{RESET}")
        } else {
            format!("[{text}]")
        }
    }

    /// `text` with the byte ranges `highlights` marked, all of it (no cropping).
    fn highlighted(&self, text: &str, highlights: &[[usize; 2]]) -> String {
        self.excerpt(&Excerpt::new(text, highlights, usize::MAX))
    }

    fn excerpt(&self, excerpt: &Excerpt) -> String {
        let mut out = String::new();
        if excerpt.cut_start {
            out.push('…');
        }
        for (piece, marked) in excerpt.pieces() {
            let piece = printable(piece);
            if marked {
                out.push_str(&self.mark(&piece));
            } else {
                out.push_str(&piece);
            }
        }
        if excerpt.cut_end {
            out.push('…');
        }
        out
    }
}

/// Control characters (escape sequences, tabs, newlines) and bidi overrides and isolates
/// become spaces: a hit is one block of lines, and nothing in it may drive the terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if super::terminal::is_unsafe(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// `date · source · id#passage`, leaving out what is unknown.
fn meta_line(date: Option<&str>, source: Option<&str>, id: &str, passage: Option<u64>) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(date.map(str::to_string));
    parts.extend(source.map(printable));
    parts.push(match passage {
        Some(n) => format!("{}#{n}", printable(id)),
        None => printable(id),
    });
    parts.join(" · ")
}

/// The body printed on stdout: one block per hit (title, metadata, snippet), blank line
/// between blocks; empty when there is no hit.
pub fn render_hits(results: &SearchResults, style: Style) -> String {
    let mut out = String::new();
    for (i, hit) in results.hits.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // The other copies of a story are listed once, under its first passage shown.
        let first_of_article = i == 0 || results.hits[i - 1].article_id != hit.article_id;
        render_hit(&mut out, hit, first_of_article, style);
    }
    out
}

/// Ids listed on an "also in" line before the rest is counted.
const LISTED_DUPLICATES: usize = 4;

fn render_hit(out: &mut String, hit: &Hit, list_duplicates: bool, style: Style) {
    let meta = meta_line(
        hit.date.as_deref(),
        hit.source.as_deref(),
        &hit.article_id,
        Some(hit.passage),
    );
    let snippet = style.excerpt(&Excerpt::new(&hit.text, &hit.highlights, SNIPPET_CHARS));
    let _ = writeln!(out, "{}", style.paint(BOLD, &printable(&hit.title)));
    let _ = writeln!(out, "{}", style.paint(DIM, &meta));
    if list_duplicates && !hit.duplicates.is_empty() {
        let mut line = String::from("also in: ");
        let listed: Vec<String> = hit
            .duplicates
            .iter()
            .take(LISTED_DUPLICATES)
            .map(|id| printable(id))
            .collect();
        line.push_str(&listed.join(", "));
        if hit.duplicates.len() > LISTED_DUPLICATES {
            let _ = write!(
                line,
                " and {} more",
                hit.duplicates.len() - LISTED_DUPLICATES
            );
        }
        let _ = writeln!(out, "{}", style.paint(DIM, &line));
    }
    let _ = writeln!(out, "{snippet}");
}

/// The header line for stderr: how many passages matched, how many are shown, how long it
/// took, and whether accents were ignored after the accented query found nothing.
pub fn render_summary(results: &SearchResults) -> String {
    let noun = if results.total_hits == 1 {
        "passage"
    } else {
        "passages"
    };
    let mut line = format!(
        "{} matching {noun}, {} shown ({:.1} ms)",
        results.total_hits,
        results.hits.len(),
        results.took_ms
    );
    if results.accent_fallback {
        line.push_str(" — nothing matched the accents as typed; showing matches ignoring accents");
    }
    if let Some(suggestion) = &results.did_you_mean {
        let _ = write!(
            line,
            " — did you mean \"{}\"? showing matches of both",
            printable(suggestion)
        );
    }
    line
}

/// The whole article: title, metadata, URL, then every passage numbered, matches marked.
pub fn render_article(view: &ArticleView, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint(BOLD, &printable(&view.title)));
    let meta = meta_line(view.date.as_deref(), view.source.as_deref(), &view.id, None);
    let _ = writeln!(out, "{}", style.paint(DIM, &meta));
    if let Some(url) = &view.url {
        let _ = writeln!(out, "{}", style.paint(DIM, &printable(url)));
    }
    for passage in &view.passages {
        let _ = write!(out, "\n[{}] ", passage.number);
        let _ = writeln!(
            out,
            "{}",
            style.highlighted(&passage.text, &passage.highlights)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vnsearch::{AccentMode, Article, PassageView, SearchOptions, Searcher};

    /// An index of one article whose title and text carry HTML and a match.
    fn searcher() -> Searcher {
        let article = Article {
            id: "xss".into(),
            title: "Tiêu đề <b>đậm</b> & nhạt".into(),
            date: vnsearch::parse_day("2024-12-10").ok(),
            source: Some("Báo KH&CN".into()),
            url: None,
            passages: vec![
                "Đoạn mở đầu không có từ cần tìm.".into(),
                "Mã <script>alert('hợp tác')</script> & \"hợp tác\" quốc tế.".into(),
            ],
            raw: String::new(),
            origin: "xss.txt".into(),
        };
        Searcher::in_memory(&[article]).expect("in-memory index")
    }

    #[test]
    fn search_results_render_as_text_with_visible_marks() {
        let s = searcher();
        let results = s
            .search(&SearchOptions::new("hợp tác quốc tế"))
            .expect("search");
        let plain = render_hits(&results, Style { color: false });
        assert!(
            plain.starts_with("Tiêu đề <b>đậm</b> & nhạt\n2024-12-10 · Báo KH&CN · xss#1\n"),
            "{plain}"
        );
        assert!(plain.contains("& \"[hợp tác]\" [quốc tế]."), "{plain}");
        assert!(!plain.contains('\x1b'));
        let colored = render_hits(&results, Style { color: true });
        assert!(colored.contains("\x1b[1;33mhợp tác\x1b[0m"));
        assert!(render_summary(&results).starts_with("1 matching passage, 1 shown"));
        let view = s
            .article("xss", Some("hợp tác"), AccentMode::Auto)
            .expect("article");
        let plain = render_article(&view, Style { color: false });
        assert!(
            plain.contains("[1] Mã <script>alert('[hợp tác]')</script>"),
            "{plain}"
        );
    }

    fn hit(text: &str, words: &[&str]) -> Hit {
        let highlights = words
            .iter()
            .map(|w| {
                let s = text.find(w).unwrap();
                [s, s + w.len()]
            })
            .collect();
        Hit {
            article_id: "a1".into(),
            passage: 3,
            title: "Việt Nam – Lào".into(),
            date: Some("2024-06-21".into()),
            source: None,
            url: None,
            score: 1.0,
            passage_score: 1.0,
            text: text.into(),
            highlights,
            snippet: String::new(),
            duplicates: Vec::new(),
        }
    }

    #[test]
    fn plain_hits_bracket_matched_runs() {
        let results = SearchResults {
            query: "hop tac".into(),
            total_hits: 1,
            total_hits_exact: true,
            accent_fallback: false,
            did_you_mean: None,
            took_ms: 0.4,
            hits: vec![hit("Tăng cường hợp tác\x1b[31m với Lào", &["hợp", "tác"])],
        };
        let plain = render_hits(&results, Style { color: false });
        assert_eq!(
            plain,
            "Việt Nam – Lào\n2024-06-21 · a1#3\nTăng cường [hợp tác] [31m với Lào\n"
        );
        let colored = render_hits(&results, Style { color: true });
        assert!(colored.contains("\x1b[1;33mhợp tác\x1b[0m"));
        assert!(!colored.contains("\x1b[31m"));
    }

    #[test]
    fn summary_mentions_fallback() {
        let mut results = SearchResults {
            query: "hợp".into(),
            total_hits: 1,
            total_hits_exact: true,
            accent_fallback: false,
            did_you_mean: None,
            took_ms: 1.25,
            hits: vec![],
        };
        assert_eq!(
            render_summary(&results),
            "1 matching passage, 0 shown (1.2 ms)"
        );
        results.accent_fallback = true;
        assert!(render_summary(&results).contains("ignoring accents"));
    }

    #[test]
    fn article_numbers_passages() {
        let view = ArticleView {
            id: "a1".into(),
            title: "Tiêu đề".into(),
            date: None,
            source: Some("Báo Nhân Dân".into()),
            url: Some("https://example.vn/a".into()),
            passages: vec![PassageView {
                number: 0,
                text: "Đổi mới sáng tạo".into(),
                highlights: vec![[0, 6]],
            }],
            raw: String::new(),
        };
        assert_eq!(
            render_article(&view, Style { color: false }),
            "Tiêu đề\nBáo Nhân Dân · a1\nhttps://example.vn/a\n\n[0] [Đổi] mới sáng tạo\n"
        );
    }
}
