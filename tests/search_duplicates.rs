//! The same story, once: an agency dispatch carried by several papers (retitled, with their
//! own chrome, one with a paragraph cut) is shown once, with the other copies listed; a
//! different story on the same event is not a copy. Texts written for these tests, in the
//! shapes of an aggregator's files.

use std::path::Path;
use std::process::{Command, Output};

use vnsearch::{clean_article, Article, SearchOptions, Searcher};

/// The dispatch as the agency wrote it.
const DISPATCH: [&str; 5] = [
    "Sáng 14/8, tại thành phố Cần Thơ, Bộ Nông nghiệp và Phát triển nông thôn phối hợp với các tỉnh đồng bằng sông Cửu Long tổ chức hội nghị bàn giải pháp ứng phó với xâm nhập mặn trong mùa khô sắp tới.",
    "Theo báo cáo của Tổng cục Thủy lợi, độ mặn tại nhiều cửa sông đã xuất hiện sớm hơn trung bình nhiều năm khoảng một tháng, đe dọa hàng chục nghìn héc-ta lúa đông xuân ở các tỉnh ven biển.",
    "Thứ trưởng đề nghị các địa phương rà soát hệ thống cống ngăn mặn, chủ động tích trữ nước ngọt trong kênh rạch và hướng dẫn nông dân xuống giống theo lịch thời vụ an toàn.",
    "Đại diện các tỉnh kiến nghị Trung ương hỗ trợ kinh phí nạo vét kênh mương và xây thêm hồ chứa nước ngọt cho các vùng thường xuyên thiếu nước sinh hoạt.",
    "Hội nghị cũng thống nhất tăng cường quan trắc độ mặn hằng ngày và thông tin kịp thời cho người dân qua loa phát thanh, tin nhắn điện thoại.",
];

/// The raw file of one paper's copy: its own headline, chrome and byline around the body.
fn copy(headline: &str, lead: &str, body: &[&str], footer: &str) -> String {
    format!(
        "{headline}\n\n{lead}\n\n{}\n\n{footer}\n",
        body.join("\n\n")
    )
}

fn corpus() -> Vec<(String, String)> {
    let follow_up = [
        "Một tuần sau hội nghị ở Cần Thơ, nhiều huyện ven biển tỉnh Sóc Trăng đã đóng cống ngăn xâm nhập mặn và bơm nước ngọt vào kênh nội đồng để cứu lúa đông xuân.",
        "Ông Lâm Văn Tư, nông dân xã An Thạnh, cho biết gia đình phải mua nước ngọt chở bằng ghe với giá gấp ba lần năm ngoái để tưới cho hai héc-ta lúa.",
        "Ngành nông nghiệp tỉnh khuyến cáo bà con không xuống giống vụ mới khi độ mặn ngoài sông còn cao, đồng thời chuyển một phần diện tích sang trồng màu chịu hạn.",
    ];
    vec![
        (
            "bao-a-101".to_string(),
            copy(
                "Các tỉnh miền Tây họp bàn chống xâm nhập mặn",
                "(Báo A) - Mặn xuất hiện sớm, các tỉnh đồng bằng lo thiếu nước cho lúa đông xuân.",
                &DISPATCH,
                "Theo TTXVN",
            ),
        ),
        (
            "bao-b-202".to_string(),
            copy(
                "Xâm nhập mặn đến sớm một tháng, đồng bằng chủ động trữ nước ngọt",
                "Nguồn: Báo B điện tử",
                &DISPATCH[..4],
                "Minh Tâm",
            ),
        ),
        (
            "bao-c-303".to_string(),
            copy(
                "Hội nghị ứng phó mặn tại Cần Thơ",
                "Cập nhật lúc 10:32, 14/08",
                &DISPATCH,
                "Chia sẻ bài viết",
            ),
        ),
        (
            "bao-d-404".to_string(),
            copy(
                "Nông dân Sóc Trăng mua nước ngọt cứu lúa",
                "Mặn vào sâu, nhiều hộ phải chở nước bằng ghe.",
                &follow_up,
                "Hoàng Nam",
            ),
        ),
    ]
}

fn articles() -> Vec<Article> {
    corpus()
        .iter()
        .map(|(id, raw)| clean_article(id, raw, &format!("{id}.txt")))
        .collect()
}

fn search(searcher: &Searcher, collapse: bool) -> Vec<(String, Vec<String>)> {
    let mut options = SearchOptions::new("xam nhap man");
    options.per_article = 1;
    options.collapse = collapse;
    searcher
        .search(&options)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.article_id, h.duplicates))
        .collect()
}

#[test]
fn copies_of_one_story_are_shown_once_with_the_others_listed() {
    let searcher = Searcher::in_memory(&articles()).unwrap();
    let hits = search(&searcher, true);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let (shown, others) = hits
        .iter()
        .find(|(id, _)| id != "bao-d-404")
        .expect("one copy of the dispatch");
    let mut story: Vec<&str> = others.iter().map(String::as_str).collect();
    story.push(shown);
    story.sort_unstable();
    assert_eq!(story, ["bao-a-101", "bao-b-202", "bao-c-303"]);
    // The follow-up is another story on the same event: shown, with no copies.
    assert!(
        hits.contains(&("bao-d-404".to_string(), Vec::new())),
        "{hits:?}"
    );
}

#[test]
fn without_collapsing_every_copy_is_shown_where_it_ranks() {
    let searcher = Searcher::in_memory(&articles()).unwrap();
    let collapsed = search(&searcher, true);
    let all = search(&searcher, false);
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(all.iter().all(|(_, duplicates)| duplicates.is_empty()));
    // The copy shown collapsed is the best-ranked one.
    assert_eq!(all[0].0, collapsed[0].0);
}

fn vnsearch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .current_dir(dir)
        .env_remove("VNSEARCH_INDEX")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_cli_lists_copies_and_shows_them_all_with_no_collapse() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("archive");
    std::fs::create_dir(&input).unwrap();
    for (id, raw) in corpus() {
        std::fs::write(input.join(format!("{id}.txt")), raw).unwrap();
    }
    let index = vnsearch(dir.path(), &["--index", "ix", "index", "archive"]);
    assert!(
        index.status.success(),
        "{}",
        String::from_utf8_lossy(&index.stderr)
    );

    let out = vnsearch(
        dir.path(),
        &["--index", "ix", "search", "-n", "5", "xam nhap man"],
    );
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let also: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("also in: "))
        .collect();
    assert_eq!(also.len(), 1, "{stdout}");
    assert_eq!(also[0].matches("bao-").count(), 2, "{}", also[0]);

    let out = vnsearch(
        dir.path(),
        &[
            "--index",
            "ix",
            "search",
            "--json",
            "--no-collapse",
            "xam nhap man",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = json["hits"].as_array().unwrap();
    let mut ids: Vec<&str> = hits
        .iter()
        .filter_map(|h| h["article_id"].as_str())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(hits
        .iter()
        .all(|h| h["duplicates"] == serde_json::json!([])));
}
