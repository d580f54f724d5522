//! Cleaning rules on small crafted articles: one test per phenomenon, written against the
//! general rule (any site, any wording), not against the seeds.

use vnsearch::ingest::clean_article;

fn passages(raw: &str) -> Vec<String> {
    clean_article("x", raw, "x.txt").passages
}

#[test]
fn pdf_hard_wraps_with_blank_lines_and_trailing_spaces_are_joined() {
    let raw = "Hà Nội đẩy mạnh chuyển đổi số trong quản lý đô thị \n\n\
        Sáng nay, Ủy ban nhân dân thành phố Hà Nội đã tổ chức hội nghị về chuyển \n\n\
        đổi số trong quản lý đô thị với sự tham dự của lãnh đạo các sở, ngành và \n\n\n\
        Chủ tịch Ủy ban nhân dân các quận, huyện trên địa bàn thành phố. \n\n\
        Toàn cảnh hội nghị. \n\n\
        Theo kế hoạch, đến năm 2025 toàn bộ hồ sơ xây dựng sẽ được số hóa và quản \n\n\
        lý tập trung trên nền tảng dữ liệu dùng chung của thành phố Hà Nội. \n";
    let a = clean_article("x", raw, "x.txt");
    assert_eq!(
        a.title,
        "Hà Nội đẩy mạnh chuyển đổi số trong quản lý đô thị"
    );
    assert_eq!(a.passages.len(), 3, "{:#?}", a.passages);
    assert!(a.passages[0].contains("về chuyển đổi số trong quản lý"));
    assert!(a.passages[0].contains("ngành và Chủ tịch Ủy ban"));
    assert_eq!(a.passages[1], "Toàn cảnh hội nghị.");
    assert!(a.passages[2].contains("số hóa và quản lý tập trung"));
}

#[test]
fn a_sentence_broken_mid_word_pair_in_ordinary_text_is_joined() {
    let p = passages("Tiêu đề bài viết\n\nViệt Nam đã tham gia đầy đủ, có trách\n\nnhiệm với cộng đồng quốc tế.\n\nĐoạn tiếp theo.");
    assert_eq!(
        p,
        [
            "Việt Nam đã tham gia đầy đủ, có trách nhiệm với cộng đồng quốc tế.",
            "Đoạn tiếp theo."
        ]
    );
}

#[test]
fn paragraphs_glued_without_blank_lines_stay_separate() {
    let p = passages("Tiêu đề\nĐoạn một kết thúc.\nĐoạn hai kết thúc.\nChú thích một bức ảnh.");
    assert_eq!(p.len(), 3);
}

#[test]
fn a_caption_printed_twice_appears_once() {
    let raw = "Tiêu đề bài\n\nĐoạn một.\n\nẢnh: Quang cảnh buổi lễ ký kết hợp tác.\n\nẢnh: Quang cảnh buổi lễ ký kết hợp tác.\n\nĐoạn hai.";
    assert_eq!(
        passages(raw),
        [
            "Đoạn một.",
            "Ảnh: Quang cảnh buổi lễ ký kết hợp tác.",
            "Đoạn hai."
        ]
    );
}

#[test]
fn a_title_repeated_twice_on_one_line_appears_once() {
    let a = clean_article(
        "x",
        "Giá xăng giảm mạnh từ chiều nay Giá xăng giảm mạnh từ chiều nay\n\nLiên Bộ Công Thương - Tài chính điều chỉnh giá xăng dầu.",
        "x.txt",
    );
    assert_eq!(a.title, "Giá xăng giảm mạnh từ chiều nay");
    assert_eq!(
        a.passages,
        ["Liên Bộ Công Thương - Tài chính điều chỉnh giá xăng dầu."]
    );
}

#[test]
fn header_chrome_is_out_of_the_passages_but_kept_in_raw() {
    let raw = "Trang chủ Kinh tế - Tài chính\n08:15 | 03/01/2023 GMT+7\n\nGiá vàng tăng phiên đầu năm\n\nA A\nGiá vàng miếng sáng nay tăng 200.000 đồng mỗi lượng.\n\nChú thích ảnh\nKhách mua vàng tại một cửa hàng.";
    let a = clean_article("x", raw, "x.txt");
    assert_eq!(a.title, "Giá vàng tăng phiên đầu năm");
    assert_eq!(
        a.passages,
        [
            "Giá vàng miếng sáng nay tăng 200.000 đồng mỗi lượng.",
            "Khách mua vàng tại một cửa hàng."
        ]
    );
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-01-03"));
    assert_eq!(a.raw, raw);
}

#[test]
fn every_kind_of_related_block_after_the_story_is_left_out() {
    for heading in [
        "Tin bài liên quan",
        "Tin liên quan",
        "Tin bài khác",
        "Các tin bài khác",
        "Đọc nhiều",
        "Xem thêm",
        "Tin liên quan:",
        "XEM THÊM",
    ] {
        let raw = format!(
            "Tiêu đề bài chính\n\nNội dung bài chính.\n\n{heading}\n\nMột bài khác hoàn toàn\n\nMột bài khác hoàn toàn\n\nĐoạn dẫn của bài khác, dài và có dấu chấm."
        );
        let p = passages(&raw);
        assert_eq!(p, ["Nội dung bài chính."], "{heading}");
    }
}

#[test]
fn inline_teasers_video_lists_slugs_and_notices_are_left_out() {
    let raw = "Tiêu đề bài chính\n\nĐoạn mở đầu của bài.\nBão số 3 đổ bộ vào Quảng Ninh Bão số 3 đổ bộ vào Quảng Ninh\n\nĐoạn thứ hai của bài.\n\nTheo Báo Lao Động\n\n[Video] Lũ lụt ở miền Trung\nbao so 3 do bo vao quang ninh\nXin chờ trong giây lát...\nPhiên bản di động";
    let a = clean_article("x", raw, "x.txt");
    assert_eq!(
        a.passages,
        ["Đoạn mở đầu của bài.", "Đoạn thứ hai của bài."]
    );
    assert_eq!(a.source.as_deref(), Some("Báo Lao Động"));
}

#[test]
fn a_title_wrapped_over_two_lines_is_one_title() {
    let a = clean_article("x", "Hai nước thúc đẩy hợp tác về khoa học\ncông nghệ và đổi mới sáng tạo\n\nNội dung bài viết.", "x.txt");
    assert_eq!(
        a.title,
        "Hai nước thúc đẩy hợp tác về khoa học công nghệ và đổi mới sáng tạo"
    );
    assert_eq!(a.passages, ["Nội dung bài viết."]);
}

#[test]
fn an_article_without_a_title_line_gets_a_short_fallback() {
    let first = "“Chúng ta phải đặt người dân ở vị trí trung tâm của mọi chính sách phát triển kinh tế - xã hội, bảo đảm không ai bị bỏ lại phía sau trong quá trình chuyển đổi số”, Thủ tướng nhấn mạnh tại hội nghị.";
    let a = clean_article(
        "x",
        &format!("{first}\nHội nghị diễn ra trong một ngày."),
        "x.txt",
    );
    assert!(
        a.title.starts_with("Chúng ta phải đặt người dân"),
        "{}",
        a.title
    );
    assert!(a.title.chars().count() <= 101);
    assert_ne!(a.title, first);
    assert_eq!(
        a.passages[0], first,
        "the first paragraph is still a passage"
    );
    let empty = clean_article("bai-42", "\n \n", "x.txt");
    assert_eq!(empty.title, "bai-42");
    assert!(empty.passages.is_empty());
}

#[test]
fn dates_come_from_a_time_stamp_or_a_dateline_never_from_the_story() {
    let date = |raw: &str| clean_article("x", raw, "x").date.map(|d| d.to_string());
    // A full date in the lead is a date in the story (here, a meeting), not the day the
    // article appeared.
    assert_eq!(
        date("Tiêu đề\n\nSáng 5/9, hội nghị khai mạc.\n\nNgày 8/7/2022, tại Paris."),
        None
    );
    assert_eq!(
        date("Quy định mới về học phí\n\nNghị định số 81/2021 ban hành ngày 27/8/2021 quy định mức thu.\n\nCác trường áp dụng từ năm học tới."),
        None
    );
    assert_eq!(
        date("Tiêu đề\n\nChiều 29/5, hai bên hội đàm.\n\nSáng 30/5 ký kết."),
        None
    );
    assert_eq!(
        date("Thứ Hai, 03/06/2024 07:15\n\nTiêu đề\n\nNgày 1/1/2020 là mốc."),
        Some("2024-06-03".into())
    );
    assert_eq!(
        date("Tiêu đề\n\nHà Nội, ngày 2 tháng 9 năm 2025\n\nNội dung."),
        Some("2025-09-02".into())
    );
}

#[test]
fn source_and_url_lines_become_metadata() {
    let a = clean_article(
        "x",
        "Tiêu đề\n\nNội dung.\n\nNguồn VnExpress: https://vnexpress.net/bai-viet-123.html",
        "x",
    );
    assert_eq!(a.source.as_deref(), Some("VnExpress"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://vnexpress.net/bai-viet-123.html")
    );
    assert_eq!(a.passages, ["Nội dung."]);
    let b = clean_article("x", "Tiêu đề\n\nNội dung.\n\nTheo TTXVN\nNguồn:", "x");
    assert_eq!(b.source.as_deref(), Some("TTXVN"));
    assert_eq!(b.passages, ["Nội dung."]);
    let c = clean_article(
        "x",
        "Tiêu đề\n\nNội dung.\n\nTheo đó, hai bên sẽ tiếp tục hợp tác.",
        "x",
    );
    assert_eq!(c.source, None);
    assert_eq!(c.passages.len(), 2);
}

#[test]
fn long_paragraphs_are_split_at_sentences_in_order_without_loss() {
    let sentences: Vec<String> = (1..=30)
        .map(|i| {
            format!(
                "Câu số {i} nói về hợp tác khoa học công nghệ giữa hai nước trong nhiều năm qua."
            )
        })
        .collect();
    let paragraph = sentences.join(" ");
    let p = passages(&format!("Tiêu đề\n\n{paragraph}\n\nĐoạn cuối."));
    assert!(p.len() >= 4, "{}", p.len());
    assert!(p.iter().all(|x| x.chars().count() <= 1000));
    assert_eq!(p[..p.len() - 1].join(" "), paragraph);
    assert_eq!(p.last().map(String::as_str), Some("Đoạn cuối."));
}

mod properties {
    use proptest::prelude::*;
    use vnsearch::ingest::clean_article;

    proptest! {
        /// Any text, however odd, is cleaned without panicking into a non-empty title.
        #[test]
        fn cleaning_never_panics(raw in "(?s)[a-zA-Zà-ỹĐđ0-9 .,:;!?“”\"()\\[\\]|/+\\-\n\u{a0}\u{200b}]{0,400}") {
            let a = clean_article("id", &raw, "o");
            prop_assert!(!a.title.is_empty());
            prop_assert_eq!(a.raw, raw);
        }
    }
}
