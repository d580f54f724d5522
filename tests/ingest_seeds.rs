//! Cleaning results on the five seed articles (real, messy press pages).

use std::path::Path;

use vnsearch::ingest::{read_file, Article};

fn seed(prefix: &str) -> Article {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let path = std::fs::read_dir(&dir)
        .expect("seeds directory")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .expect("seed file");
    let read = read_file(&path);
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(read.articles.len(), 1);
    assert_eq!(
        read.bytes,
        std::fs::metadata(&path).expect("metadata").len()
    );
    read.articles.into_iter().next().expect("one article")
}

fn date(article: &Article) -> Option<String> {
    article.date.map(|d| d.to_string())
}

fn count_containing(article: &Article, needle: &str) -> usize {
    article
        .passages
        .iter()
        .filter(|p| p.contains(needle))
        .count()
}

/// Invariants every cleaned article must satisfy.
fn assert_clean(article: &Article) {
    assert!(!article.title.is_empty());
    for (i, passage) in article.passages.iter().enumerate() {
        assert!(!passage.trim().is_empty(), "passage {i} is empty");
        assert!(passage.chars().count() <= 1000, "passage {i} too long");
        assert!(!passage.contains("  "), "passage {i} has a double space");
        let repeats = article.passages.iter().filter(|p| *p == passage).count();
        assert_eq!(repeats, 1, "passage {i} is duplicated: {passage}");
        assert_ne!(passage, &article.title, "the title is not a passage");
    }
    assert!(!article.raw.is_empty());
}

/// Every long prose line of the raw text is found, whole, in one passage (nothing lost).
fn assert_prose_kept(article: &Article) {
    for line in article
        .raw
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() > 300)
    {
        let start: String = line.chars().take(120).collect();
        assert!(
            article.passages.iter().any(|p| p.contains(&start)),
            "lost: {start}"
        );
    }
}

const CHROME: &[&str] = &[
    "Trang chủ",
    "GMT+7",
    "Chú thích ảnh",
    "Tin bài liên quan",
    "Tin liên quan",
    "Tin bài khác",
    "Các tin bài khác",
    "Đọc nhiều",
    "Xem thêm",
    "[Video]",
    "Xin chờ trong giây lát",
    "Phiên bản di động",
    "infographic",
    "Nguồn",
    "https://",
];

fn assert_no_chrome(article: &Article) {
    for passage in &article.passages {
        for chrome in CHROME {
            assert!(
                !passage.contains(chrome),
                "chrome {chrome:?} in passage: {passage}"
            );
        }
        assert_ne!(passage, "aa");
    }
}

#[test]
fn seed_000_captions_printed_twice_and_a_source_line_with_url() {
    let a = seed("000_");
    assert_clean(&a);
    assert_no_chrome(&a);
    assert_prose_kept(&a);
    assert_eq!(
        a.title,
        "Việt Nam và Lào tăng cường hợp tác trong lĩnh vực khoa học công nghệ và đổi mới sáng tạo"
    );
    // Only `28 và 29/5`: no year, so no date.
    assert_eq!(date(&a), None);
    assert_eq!(a.source.as_deref(), Some("Nhân Dân"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://nhandan.vn/viet-nam-va-lao-tang-cuong-hop-tac-trong-linh-vuc-khoa-hoc-cong-nghe-va-doi-moi-sang-tao-post811730.html")
    );
    assert!(
        (15..=19).contains(&a.passages.len()),
        "{}",
        a.passages.len()
    );
    assert_eq!(
        count_containing(
            &a,
            "tiếp kiến Thủ tướng Lào Sonexay Siphandone. Ảnh: Hải Tiến"
        ),
        1
    );
    assert_eq!(
        count_containing(
            &a,
            "hội đàm cùng Đoàn đại biểu Bộ Giáo dục và Thể thao Lào."
        ),
        1
    );
    let caption = "Khóa họp lần thứ 1 Ủy ban hợp tác công nghệ và đổi mới sáng tạo Việt Nam-Lào.";
    assert_eq!(a.passages.iter().filter(|p| *p == caption).count(), 1);
    assert!(a.passages[0].starts_with("Trong các ngày 28 và 29/5"));
}

#[test]
fn seed_001_pdf_hard_wraps_are_joined_and_real_breaks_stay() {
    let a = seed("001_");
    assert_clean(&a);
    assert_no_chrome(&a);
    assert_eq!(
        a.title,
        "Việt - Lào: Ưu tiên nguồn lực thúc đẩy hợp tác KH,CN&ĐMST phát triển nền kinh tế số"
    );
    // The lead opens on the day of the event (2023-12-11); with no time stamp or dateline the
    // publication date is unknown, and a story date is not taken for it.
    assert_eq!(date(&a), None);
    assert_eq!(a.source.as_deref(), Some("Bộ Khoa học và Công nghệ (MOST)"));
    assert_eq!(a.url, None);
    assert!(
        (18..=26).contains(&a.passages.len()),
        "{}",
        a.passages.len()
    );
    // Phrases that spanned a line break (with blank lines between the halves).
    for phrase in [
        "Hội thảo “Thúc đẩy hợp tác về công nghệ và đổi mới sáng tạo phục vụ phát triển kinh tế số Việt Nam - Lào”.",
        "chào mừng Bộ trưởng Boviengkham Vongdara cùng đoàn đại biểu",
        "Thứ trưởng Santisouk Simmalavong",
        "Nghiên cứu và phát triển phục vụ chuyển đổi số Việt Nam.",
        "Bộ KH&CN Việt Nam và Bộ Công nghệ và Truyền thông Lào đã ký Bản ghi nhớ",
    ] {
        assert_eq!(count_containing(&a, phrase), 1, "{phrase}");
    }
    // A wrapped caption is one passage of its own; a short caption stays its own paragraph.
    assert!(a.passages.iter().any(|p| p
        == "Lễ trao Bản ghi nhớ hợp tác giữa Cục Ứng dụng và Phát triển công nghệ Việt Nam và Trung tâm Xúc tiến và Chuyển giao công nghệ Lào."));
    assert!(a.passages.iter().any(|p| p == "Toàn cảnh Hội thảo."));
    // Every paragraph of this article ends a sentence: no half-sentence is left alone.
    for p in &a.passages {
        assert!(p.ends_with('.'), "unjoined wrap: {p}");
    }
}

#[test]
fn seed_002_site_chrome_teasers_and_related_blocks_are_left_out() {
    let a = seed("002_");
    assert_clean(&a);
    assert_no_chrome(&a);
    assert_prose_kept_before_chrome(&a);
    assert_eq!(
        a.title,
        "Việt Nam thúc đẩy hợp tác về khoa học, công nghệ và đổi mới sáng tạo"
    );
    assert_eq!(date(&a).as_deref(), Some("2022-07-15"));
    assert_eq!(a.source.as_deref(), Some("Báo Tin Tức/TTXVN"));
    assert_eq!(a.url, None);
    assert!(
        (13..=17).contains(&a.passages.len()),
        "{}",
        a.passages.len()
    );
    assert!(a.passages[0].starts_with("Trong các ngày từ 7-14/7"));
    // Other articles' teasers (inline, doubled on one line, and in the related blocks).
    for teaser in [
        "Thúc đẩy hợp tác thực chất giữa các địa phương của Đức",
        "Đà Nẵng và các đối tác Nhật Bản",
        "Venezuela",
        "Vinamilk",
        "Bhutan",
        "Pickleball",
    ] {
        assert_eq!(count_containing(&a, teaser), 0, "{teaser}");
    }
    // The photo caption, a paragraph of its own ending on its credit, is not a passage; the
    // raw text keeps it.
    let caption = "tham dự lễ Khai mạc Năm quốc tế về khoa học cơ bản";
    assert_eq!(count_containing(&a, caption), 0);
    assert!(a.raw.contains(caption));
    // The raw text keeps everything.
    assert!(a.raw.contains("Tin bài liên quan") && a.raw.contains("Phiên bản di động"));
}

/// Seed 002's story (everything before its related blocks) keeps its prose.
fn assert_prose_kept_before_chrome(article: &Article) {
    let story = article
        .raw
        .split("Tin bài liên quan")
        .next()
        .unwrap_or_default();
    for line in story
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() > 300)
    {
        let start: String = line.chars().take(120).collect();
        assert!(
            article.passages.iter().any(|p| p.contains(&start)),
            "lost: {start}"
        );
    }
}

#[test]
fn seed_003_no_title_line_and_no_blank_lines() {
    let a = seed("003_");
    assert_clean(&a);
    assert_no_chrome(&a);
    assert_prose_kept(&a);
    assert!(
        a.title.starts_with("Hợp tác quốc tế (HTQT) về khoa học"),
        "{}",
        a.title
    );
    assert!(a.title.chars().count() <= 101, "{}", a.title);
    assert!(!a.passages.contains(&a.title));
    // The lead opens on the day of the event (2024-12-10); with no time stamp or dateline the
    // publication date is unknown, and a story date is not taken for it.
    assert_eq!(date(&a), None);
    assert_eq!(
        a.source.as_deref(),
        Some("Trung tâm Nghiên cứu và Phát triển truyền thông KH&CN")
    );
    assert!(
        (17..=21).contains(&a.passages.len()),
        "{}",
        a.passages.len()
    );
    // The first paragraph (which the fallback title comes from) is still a passage.
    assert!(a.passages[0].starts_with("“Hợp tác quốc tế (HTQT)"));
    assert!(a.passages.iter().any(|p| p == "Toàn cảnh Hội thảo."));
}

#[test]
fn seed_004_leading_blank_lines_a_stray_wrap_and_a_source_line() {
    let a = seed("004_");
    assert_clean(&a);
    assert_no_chrome(&a);
    assert_eq!(
        a.title,
        "Đẩy mạnh ngoại giao kinh tế góp phần phát triển khoa học, công nghệ và đổi mới sáng tạo"
    );
    // The lead opens on the day of the event (2024-06-21); with no time stamp or dateline the
    // publication date is unknown, and a story date is not taken for it.
    assert_eq!(date(&a), None);
    assert_eq!(a.source.as_deref(), Some("Bộ Khoa học và Công nghệ (MOST)"));
    assert!(
        (10..=12).contains(&a.passages.len()),
        "{}",
        a.passages.len()
    );
    assert_eq!(
        count_containing(&a, "có trách nhiệm và đóng góp tích cực"),
        1
    );
}
