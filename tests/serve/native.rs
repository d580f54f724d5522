//! The native API: the `--json` contract over HTTP, stats, health, the page's files.

use std::process::Command;

use serde_json::Value;

use super::support::{crafted_index, enc, Server};

#[path = "../common/checkout.rs"]
mod checkout;
use checkout::checkout;

fn cli_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .current_dir(dir)
        .env_remove("VNSEARCH_INDEX")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn builds_the_seeds_index_and_answers_exactly_like_the_cli() {
    let dir = checkout();
    let server = Server::start_in(dir.path(), None, &[]);
    assert!(server
        .stderr
        .lock()
        .unwrap()
        .iter()
        .any(|l| l.contains("building it from ./seeds")));

    for (query, extra) in [
        ("hop tac", vec![]),
        (
            "\"đổi mới sáng tạo\"",
            vec!["--per-article", "0", "--offset", "2"],
        ),
        ("Lào", vec!["--accents", "exact", "--sort", "date"]),
        ("hòa", vec!["--accents", "fold", "-n", "4"]),
    ] {
        let mut args = vec!["search", "--json"];
        args.extend(&extra);
        args.push(query);
        let mut cli = cli_json(dir.path(), &args);
        let mut target = format!("/api/search?q={}", enc(query));
        for pair in extra.chunks(2) {
            let name = match pair[0] {
                "-n" => "limit",
                flag => flag.trim_start_matches("--"),
            };
            target.push_str(&format!("&{}={}", name.replace('-', "_"), pair[1]));
        }
        let reply = server.get(&target);
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert!(reply
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        let mut http = reply.json();
        assert!(http["took_ms"].as_f64().unwrap() >= 0.0);
        for value in [&mut cli, &mut http] {
            value.as_object_mut().unwrap().remove("took_ms");
        }
        assert_eq!(http, cli, "{target}");
        assert!(!http["hits"].as_array().unwrap().is_empty(), "{target}");
    }

    let cli = cli_json(
        dir.path(),
        &["show", "--json", "-q", "hop tac", "002_a8c3726514f1b35f"],
    );
    let http = server
        .get("/api/articles/002_a8c3726514f1b35f?q=hop+tac")
        .json();
    assert_eq!(http, cli);
    assert!(!http["passages"][0]["text"].as_str().unwrap().is_empty());
}

#[test]
fn filters_sorting_accents_and_errors_on_crafted_articles() {
    let dir = crafted_index();
    let server = Server::start(&dir.path().join("index"), &[]);
    let ids = |target: &str| -> Vec<String> {
        let reply = server.get(target);
        assert_eq!(reply.status, 200, "{target}: {}", reply.text());
        reply.json()["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["article_id"].as_str().unwrap().to_string())
            .collect()
    };
    // Unaccented finds the accented words; dates and source narrow; date sorts newest first.
    assert_eq!(ids("/api/search?q=hop+tac"), ["hop-tac-3", "nong-nghiep-1"]);
    assert_eq!(ids("/api/search?q=hop+tac&from=2024-05-01"), ["hop-tac-3"]);
    assert_eq!(
        ids("/api/search?q=hop+tac&to=2024-04-01"),
        ["nong-nghiep-1"]
    );
    assert_eq!(
        ids("/api/search?q=hop+tac&source=dong+bang"),
        ["nong-nghiep-1"]
    );
    assert_eq!(
        ids("/api/search?q=nam&sort=date&per_article=1"),
        ["hop-tac-3", "nong-nghiep-1"]
    );
    // Exact accents: `hop` typed bare matches only bare text.
    assert!(ids("/api/search?q=hop+tac&accents=exact").is_empty());
    // Accent fallback is reported like the CLI does.
    let fallback = server
        .get(&format!("/api/search?q={}", enc("hộp tắc")))
        .json();
    assert_eq!(fallback["accent_fallback"], true);

    // The HTML inside an article comes back escaped in snippets, raw in `text` and `title`.
    let reply = server.get("/api/search?q=lua+dao").json();
    let hit = &reply["hits"][0];
    assert_eq!(hit["article_id"], "html-4");
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("&lt;img src=x onerror=alert(2)&gt;") && !snippet.contains("<img"),
        "{snippet}"
    );
    assert!(hit["text"].as_str().unwrap().contains("<img src=x"));
    assert!(hit["title"].as_str().unwrap().contains("<script>"));

    for (target, code, message) in [
        (
            "/api/search?q=a&limit=1001",
            "bad_parameter",
            "limit must be a whole number from 0 to 1000",
        ),
        ("/api/search?q=a&limit=-1", "bad_parameter", "limit"),
        (
            "/api/search?q=a&offset=99999999999999999999999999",
            "bad_parameter",
            "offset",
        ),
        (
            "/api/search?q=a&per_article=x",
            "bad_parameter",
            "per_article",
        ),
        (
            "/api/search?q=a&accents=loose",
            "bad_parameter",
            "accent mode \"loose\"",
        ),
        ("/api/search?q=a&sort=oldest", "bad_parameter", "sort"),
        (
            "/api/search?q=a&from=2024-02-30",
            "bad_parameter",
            "2024-02-30 is not a day of the calendar",
        ),
        (
            "/api/search?q=a&from=30/01/2024",
            "bad_parameter",
            "YYYY-MM-DD",
        ),
        (
            "/api/search?q=a&from=2024-05-01&to=2024-01-01",
            "bad_parameter",
            "",
        ),
        (
            "/api/search?q=a&limt=5",
            "bad_parameter",
            "unknown parameter \"limt\"",
        ),
        ("/api/search?q=%22", "bad_query", "invalid query"),
        ("/api/search", "bad_query", "invalid query"),
        ("/api/search?q=---", "bad_query", "invalid query"),
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 400, "{target}: {}", reply.text());
        assert_eq!(reply.code(), code, "{target}");
        let got = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(got.contains(message), "{target}: {got}");
    }
    let long = format!("/api/search?q={}", "a+".repeat(1001));
    assert_eq!(server.get(&long).code(), "bad_query");

    let missing = server.get("/api/articles/khong-co");
    assert_eq!(
        (missing.status, missing.code()),
        (404, "not_found".to_string())
    );
    let article = server
        .get(&format!("/api/articles/html-4?q={}", enc("mật khẩu")))
        .json();
    assert_eq!(article["source"], "An Ninh <b>Mạng</b>");
    let marked: Vec<&Value> = article["passages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["highlights"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(marked.len(), 1);

    let stats = server.get("/api/stats").json();
    assert_eq!(
        (stats["articles"].as_u64(), stats["passages"].as_u64()),
        (Some(4), Some(8))
    );
    assert!(stats["index_bytes"].as_u64().unwrap() > 1000);
    assert!(stats["last_commit"].as_str().unwrap().ends_with('Z'));
    assert_eq!(server.get("/health").json()["status"], "available");
}

#[test]
fn serves_the_page_with_a_strict_content_security_policy() {
    let dir = crafted_index();
    let server = Server::start(&dir.path().join("index"), &[]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let html = page.text();
    assert!(html.contains("lang=\"vi\"") && html.contains("src=\"/app.js\""));
    let script = server.get("/app.js");
    assert!(script
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    // The page never hands API text to the HTML parser.
    assert!(!script.text().contains("innerHTML"));
    assert_eq!(server.get("/style.css").status, 200);
    // Gzip when asked.
    let gz = server.raw("GET", b"/app.js", &[("Accept-Encoding", "gzip")], b"");
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
}
