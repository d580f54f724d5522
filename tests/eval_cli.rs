#![cfg(all(feature = "bench", feature = "cli"))]
//! `vnsearch eval` end to end on a tiny corpus written here (articles in our own words, in the
//! press shape): the table and JSON shapes, a metric value, the index cache, the judging pool,
//! and a malformed judgments file.

use std::path::Path;
use std::process::{Command, Output};

fn vnsearch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Seven short articles: two about storms (`bão`), one about the press (`báo`), one about
/// insurance (`bảo`), two about the gold price (one left unjudged), one about petrol.
const ARTICLES: &[(&str, &str)] = &[
    (
        "a_bao",
        "Bão số 3 đổ bộ vào Quảng Ninh\n\nCơn bão số 3 mang gió mạnh cấp 10 đã vào đất liền \
         Quảng Ninh chiều qua, làm tốc mái hàng trăm ngôi nhà.\n\nChính quyền đã sơ tán người \
         dân vùng ven biển trước khi bão đến.",
    ),
    (
        "b_bao",
        "Bão suy yếu thành áp thấp nhiệt đới\n\nSau khi vào đất liền, bão đã suy yếu nhanh. \
         Các tỉnh miền núi vẫn có mưa to trong hai ngày tới.",
    ),
    (
        "c_baochi",
        "Kỷ niệm ngày báo chí cách mạng\n\nNgày 21/6, nhiều cơ quan báo chí tổ chức gặp mặt. \
         Các nhà báo có thành tích được khen thưởng.",
    ),
    (
        "d_baohiem",
        "Học sinh được hỗ trợ bảo hiểm y tế\n\nTỉnh sẽ chi thêm tiền để mọi học sinh có thẻ \
         bảo hiểm y tế trong năm học mới.",
    ),
    (
        "e_vang",
        "Giá vàng tăng mạnh đầu tuần\n\nGiá vàng miếng trong nước tăng gần nửa triệu đồng mỗi \
         lượng, theo đà tăng của giá vàng thế giới.",
    ),
    (
        "g_vang",
        "Thị trường vàng đi ngang\n\nSau nhiều phiên biến động, giá vàng hôm nay gần như \
         không đổi so với hôm qua.",
    ),
    (
        "f_xang",
        "Giá xăng giảm nhẹ từ chiều nay\n\nLiên bộ điều chỉnh giảm giá xăng khoảng hai trăm \
         đồng mỗi lít.",
    ),
];

const JUDGMENTS: &str = r#"{
  "description": "tiny test set",
  "queries": [
    {"id": "storm", "category": "accent-sensitive", "query": "bão",
     "judgments": {"a_bao": 2, "b_bao": 2, "c_baochi": 0, "d_baohiem": 0}},
    {"id": "gold", "category": "unaccented", "query": "gia vang",
     "judgments": {"e_vang": 2, "f_xang": 0}},
    {"id": "nothing", "category": "unaccented", "query": "xăng", "judgments": {"f_xang": 0}}
  ]
}"#;

/// A working directory with `corpus/` and `judgments.json`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (id, body) in ARTICLES {
        std::fs::write(corpus.join(format!("{id}.txt")), body).unwrap();
    }
    std::fs::write(dir.path().join("judgments.json"), JUDGMENTS).unwrap();
    dir
}

const EVAL: &[&str] = &[
    "eval",
    "--corpus",
    "corpus",
    "--judgments",
    "judgments.json",
    "--data-dir",
    "data",
];

fn eval(dir: &Path, extra: &[&str]) -> Output {
    let args: Vec<&str> = EVAL.iter().chain(extra).copied().collect();
    vnsearch(dir, &args)
}

#[test]
fn eval_scores_every_engine_per_category_and_caches_the_indexes() {
    let dir = workspace();
    let out = eval(dir.path(), &["--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("vnsearch: building index"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["articles"], 7);
    assert_eq!(report["queries"], 2);
    assert_eq!(report["judgments"], 7);
    assert_eq!(report["unevaluated"], serde_json::json!(["nothing"]));
    assert_eq!(
        report["engines"],
        serde_json::json!(["vnsearch", "tantivy", "fts5"])
    );
    let rows = report["categories"].as_array().unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["category"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["accent-sensitive", "unaccented", "overall"]);
    // `bão` typed with its accent: vnsearch finds exactly the two storm articles, first.
    let storm = &rows[0]["engines"]["vnsearch"];
    assert_eq!(storm["ndcg_at_10"], 1.0);
    assert_eq!(storm["precision_at_10"], 0.2);
    assert_eq!(storm["recall_at_10"], 1.0);
    assert_eq!(storm["returned_at_10"], 2);
    // FTS5 folds every mark: `bao` also finds the press and insurance articles.
    assert_eq!(rows[0]["engines"]["fts5"]["returned_at_10"], 4);
    // The unjudged gold article counts as not relevant, and is counted.
    assert_eq!(rows[1]["engines"]["vnsearch"]["unjudged_at_10"], 1);
    let gold = report["per_query"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "gold")
        .unwrap();
    let top = gold["engines"]["vnsearch"]["top"].as_array().unwrap();
    assert_eq!(top.len(), 2);
    assert!(top.contains(&serde_json::json!("g_vang")));

    // Second run: same executable, same files, so nothing is loaded or built.
    let again = eval(dir.path(), &["--per-query"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    let stderr = text(&again.stderr);
    assert!(stderr.contains("unchanged since the last run"), "{stderr}");
    assert!(!stderr.contains("building"), "{stderr}");
    let table = text(&again.stdout);
    assert!(table.contains("nDCG@10 (gain 2^grade-1)"), "{table}");
    assert!(table.contains("accent-sensitive (1)"), "{table}");
    assert!(table.contains("overall (2)"), "{table}");
    assert!(table.contains("unjudged in top 10"), "{table}");
    assert!(
        table.contains("not evaluated (no relevant judgment): nothing"),
        "{table}"
    );
    assert!(table.contains("\nstorm     1.000 "), "{table}");
}

#[test]
fn eval_pool_lists_unjudged_results_and_engine_choice_is_honoured() {
    let dir = workspace();
    let pool = eval(dir.path(), &["--pool", "--engine", "vnsearch"]);
    assert!(pool.status.success(), "{}", text(&pool.stderr));
    let stdout = text(&pool.stdout);
    assert!(
        stdout.starts_with("=== gold [unaccented] gia vang  (1 to judge, 2 judged)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("g_vang | Thị trường vàng đi ngang\n"),
        "{stdout}"
    );
    assert!(stdout.contains("giá vàng hôm nay"), "{stdout}");
    assert!(!stdout.contains("=== storm"), "{stdout}");
    let only = eval(dir.path(), &["--engine", "fts5", "--json"]);
    assert!(only.status.success(), "{}", text(&only.stderr));
    let report: serde_json::Value = serde_json::from_slice(&only.stdout).unwrap();
    assert_eq!(report["engines"], serde_json::json!(["fts5"]));
}

#[test]
fn a_malformed_judgments_file_is_named_with_the_bad_entry() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("judgments.json"),
        r#"{"queries": [{"id": "storm", "category": "c", "query": "bão", "judgments": {"a_bao": 5}}]}"#,
    )
    .unwrap();
    let out = eval(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(r#"judgments.json: query #1 ("storm"): grade 5 of article "a_bao""#),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
