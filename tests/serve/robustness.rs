//! Keys, exposure, limits, malformed input, reloading and shutdown.

use std::process::Command;
use std::time::{Duration, Instant};

use super::support::{crafted_index, index_files, Server, KEY};

#[test]
fn a_key_guards_everything_but_health_and_the_page() {
    let dir = crafted_index();
    let server = Server::start(&dir.path().join("index"), &["--api-key", KEY]);
    let missing = server.get("/api/search?q=lua");
    assert_eq!(
        (missing.status, missing.code()),
        (401, "missing_api_key".to_string())
    );
    assert_eq!(missing.header("www-authenticate"), Some("Bearer"));
    let wrong = server.get_with_key("/api/search?q=lua", "kiểm-thử-khóa-bí-mật-43");
    assert_eq!(
        (wrong.status, wrong.code()),
        (403, "invalid_api_key".to_string())
    );
    let short = server.get_with_key("/api/search?q=lua", "k");
    assert_eq!(short.status, 403);
    assert_eq!(server.get_with_key("/api/search?q=lua", KEY).status, 200);
    let meili = server.post_json("/indexes/articles/search", r#"{"q":"lua"}"#, None);
    assert_eq!(
        (meili.status, meili.code()),
        (401, "missing_authorization_header".to_string())
    );
    assert_eq!(meili.json()["type"], "auth");
    assert_eq!(server.get("/tasks").status, 401);
    for public in ["/health", "/", "/app.js", "/style.css"] {
        assert_eq!(server.get(public).status, 200, "{public}");
    }
}

#[test]
fn refuses_a_public_address_without_a_key() {
    let dir = crafted_index();
    let out = Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .arg("--index")
        .arg(dir.path().join("index"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .env_remove("VNSEARCH_API_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refusing to serve on 0.0.0.0:0 without an API key"),
        "{stderr}"
    );
    let bad_uid = Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .arg("--index")
        .arg(dir.path().join("index"))
        .args(["serve", "--addr", "127.0.0.1:0", "--uid", "bài/báo"])
        .output()
        .unwrap();
    assert_eq!(bad_uid.status.code(), Some(2));
}

#[test]
fn malformed_requests_get_4xx_and_the_server_stays_up() {
    let dir = crafted_index();
    let server = Server::start(
        &dir.path().join("index"),
        &["--api-key", KEY, "--max-body-mb", "1"],
    );
    let auth = format!("Bearer {KEY}");
    let json_auth = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let huge = format!("[{}]", vec![r#"{"id":"x","body":"chữ"}"#; 60_000].join(","));
    let requests: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        ("GET", b"/api/search?q=%FF%FE".to_vec(), vec![]),
        ("GET", b"/api/search?q=%E1%BB".to_vec(), vec![]),
        ("GET", b"/api/search?q=%zz".to_vec(), vec![]),
        (
            "GET",
            b"/api/search?q=a&limit=18446744073709551616".to_vec(),
            vec![],
        ),
        ("GET", b"/api/search?q=a&offset=1e9".to_vec(), vec![]),
        ("GET", b"/api/search?q=\xff\xfe".to_vec(), vec![]),
        ("GET", b"/api/articles/%FF%FE".to_vec(), vec![]),
        ("GET", b"/api/articles/\xc3\x28".to_vec(), vec![]),
        ("GET", b"/api/articles/x?accents=%C0".to_vec(), vec![]),
        ("GET", b"/indexes/%FF/search?q=a".to_vec(), vec![]),
        (
            "GET",
            b"/indexes/articles/search?limit=%FF".to_vec(),
            vec![],
        ),
        (
            "GET",
            b"/indexes/articles/search?q=a&limit=99999999999999999999999".to_vec(),
            vec![],
        ),
        ("GET", b"/tasks/%FF".to_vec(), vec![]),
        ("GET", b"/tasks/99999999999999999999999999".to_vec(), vec![]),
        ("GET", b"/tasks?limit=-5".to_vec(), vec![]),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            b"{\"q\": ".to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            b"{\"q\": \"\xff\"}".to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            br#"{"q": ["a"]}"#.to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            br#"{"q": "a", "offset": 1e400}"#.to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            br#"{"q": "a", "limit": 3.5}"#.to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            br#"{"q": "a", "cropLength": -1}"#.to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            br#"{"q": "a", "filter": {"date": 1}}"#.to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            br#"{"q": "a", "attributesToCrop": ["text:x"]}"#.to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            br#"{"q": "a", "filter": "date >= 99999-01-01"}"#.to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/search".to_vec(),
            b"null".to_vec(),
        ),
        (
            "POST",
            b"/multi-search".to_vec(),
            br#"{"queries": {}}"#.to_vec(),
        ),
        (
            "POST",
            b"/multi-search".to_vec(),
            br#"{"queries": [42]}"#.to_vec(),
        ),
        (
            "POST",
            b"/indexes/articles/documents".to_vec(),
            huge.into_bytes(),
        ),
        ("DELETE", b"/indexes/articles".to_vec(), vec![]),
        ("POST", b"/api/search".to_vec(), vec![]),
        ("GET", b"/khong-co".to_vec(), vec![]),
    ];
    for (method, target, body) in &requests {
        let reply = server.raw(method, target, &json_auth, body);
        let shown = String::from_utf8_lossy(target);
        assert!(
            (400..500).contains(&reply.status),
            "{method} {shown}: {} {:?}",
            reply.status,
            String::from_utf8_lossy(&reply.body)
        );
        // Raw bytes outside ASCII in the request line are refused by the HTTP parser
        // itself (hyper), before any route: a bare 400.
        if !target.is_ascii() {
            assert_eq!(reply.status, 400);
            continue;
        }
        // Always JSON, in one of the two error shapes.
        let value: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or_else(|e| {
            panic!(
                "{method} {shown}: {e}: {:?}",
                String::from_utf8_lossy(&reply.body)
            )
        });
        assert!(
            value["error"]["code"].is_string() || value["code"].is_string(),
            "{value}"
        );
    }
    // The oversized batch is a 413; a body that lies about its length is refused too.
    let big = server.raw(
        "POST",
        b"/indexes/articles/documents",
        &json_auth,
        &vec![b' '; 1 << 21],
    );
    assert_eq!(
        (big.status, big.code()),
        (413, "payload_too_large".to_string())
    );
    let lying = server.raw(
        "POST",
        b"/indexes/articles/search",
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
            ("Content-Length", "999999999"),
        ],
        b"{}",
    );
    assert_eq!(lying.status, 413);
    assert!(server.alive());
    assert_eq!(server.get_with_key("/api/search?q=lua", KEY).status, 200);
    assert!(server
        .stderr
        .lock()
        .unwrap()
        .iter()
        .all(|l| !l.contains("panicked")));
}

#[test]
fn sees_commits_of_another_process_and_shuts_down_cleanly() {
    let dir = crafted_index();
    let index = dir.path().join("index");
    let server = Server::start(&index, &[]);
    assert_eq!(
        server.get("/api/search?q=le+hoi+hoa+dang").json()["total_hits"],
        0
    );
    let extra = dir.path().join("more.jsonl");
    std::fs::write(
        &extra,
        r#"{"id":"le-hoi-9","title":"Lễ hội hoa đăng bên sông","body":"Hàng nghìn người thả đèn trong lễ hội hoa đăng tối qua.","date":"2024-02-24"}"#,
    )
    .unwrap();
    // Searches keep working while the other process writes and commits.
    let searching = {
        let addr = server.addr;
        std::thread::spawn(move || {
            let mut failures = 0;
            for _ in 0..200 {
                let reply = super::support::status_at(addr, "/api/search?q=hop+tac");
                failures += usize::from(reply != 200);
            }
            failures
        })
    };
    index_files(&index, &[&extra]);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = server.get("/api/search?q=le+hoi+hoa+dang").json();
        if found["total_hits"] == 1 {
            assert_eq!(found["hits"][0]["article_id"], "le-hoi-9");
            break;
        }
        assert!(Instant::now() < deadline, "the new commit was never seen");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        searching.join().unwrap(),
        0,
        "searches failed while segments changed"
    );
    let status = server.stop();
    assert!(status.success(), "{status:?}");
}
