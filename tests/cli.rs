//! The binary end to end on the seeds: the quick start, the JSON contract, `show`, exit codes,
//! and what goes to stdout versus stderr.

use std::path::Path;
use std::process::{Command, Output};

#[path = "common/checkout.rs"]
mod checkout;
use checkout::checkout;

fn vnsearch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .current_dir(dir)
        .env_remove("VNSEARCH_INDEX")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn first_search_builds_the_index_from_seeds_and_finds_hits() {
    let dir = checkout();
    let out = vnsearch(dir.path(), &["search", "hop tac"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stderr.contains("building it from ./seeds"), "{stderr}");
    assert!(stderr.contains("matching passages"), "{stderr}");
    // Plain output marks matches visibly; notes and timings stay off stdout.
    assert!(stdout.contains("[hợp tác]"), "{stdout}");
    assert!(!stdout.contains("matching passages") && !stdout.contains("\u{1b}["));
    assert!(dir.path().join("index/meta.json").exists());
    // The second run uses the index as it is.
    let again = vnsearch(dir.path(), &["search", "hop tac"]);
    assert!(!text(&again.stderr).contains("building"));
}

#[test]
fn json_output_follows_the_documented_contract() {
    let dir = checkout();
    let out = vnsearch(
        dir.path(),
        &["search", "--json", "-n", "3", "\"đổi mới sáng tạo\""],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "query",
        "total_hits",
        "total_hits_exact",
        "accent_fallback",
        "took_ms",
        "hits",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert!(json["total_hits"].as_u64().unwrap() >= 3);
    for hit in hits {
        let passage = hit["text"].as_str().unwrap();
        let highlights = hit["highlights"].as_array().unwrap();
        // Each phrase occurrence highlights its four words, and each one is a phrase word.
        assert!(highlights.len() >= 4 && highlights.len() % 4 == 0, "{hit}");
        for range in highlights {
            let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
            let word = &passage[start as usize..end as usize];
            assert!(
                ["đổi", "mới", "sáng", "tạo"].contains(&word.to_lowercase().as_str()),
                "{word}"
            );
        }
        assert!(hit["snippet"].as_str().unwrap().contains("<mark>"));
        assert!(hit["article_id"].is_string() && hit["passage"].is_u64());
        assert!(hit["date"].is_null() || hit["date"].as_str().unwrap().len() == 10);
    }
}

#[test]
fn show_prints_the_cleaned_article_and_the_raw_input() {
    let dir = checkout();
    let id = "004_66575911aa327aa9";
    let raw = vnsearch(dir.path(), &["show", id, "--raw"]);
    assert!(raw.status.success(), "{}", text(&raw.stderr));
    let original = std::fs::read(dir.path().join(format!("seeds/{id}.txt"))).unwrap();
    assert_eq!(raw.stdout, original);
    let shown = text(&vnsearch(dir.path(), &["show", id, "--query", "ngoại giao"]).stdout);
    assert!(shown.contains("Đẩy mạnh ngoại giao kinh tế"), "{shown}");
    assert!(shown.contains("[ngoại giao]"), "{shown}");
    assert!(
        !shown.contains("Nguồn:"),
        "source line is metadata, not a passage"
    );
}

#[test]
fn bad_queries_and_arguments_exit_with_code_2_and_one_line() {
    let dir = checkout();
    vnsearch(dir.path(), &["index"]);
    for args in [
        vec!["search", "OR -"],
        vec!["search", "..."],
        vec!["search", "--from", "2024-13-01", "hợp tác"],
        vec![
            "search",
            "--from",
            "2024-06-01",
            "--to",
            "2024-01-01",
            "hợp tác",
        ],
        vec!["frobnicate"],
    ] {
        let out = vnsearch(dir.path(), &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // An unbalanced quote is forgiven, never a crash.
    let out = vnsearch(dir.path(), &["search", "\"hợp tác"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let missing = vnsearch(dir.path(), &["show", "no-such-article"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("no-such-article"));
}
