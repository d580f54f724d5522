//! The Meilisearch-compatible routes: search (POST, GET, multi), index metadata, document
//! additions through tasks.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::support::{crafted_index, index_files, Server, KEY};

#[test]
fn search_maps_parameters_and_formats_hits_from_our_highlights() {
    let dir = crafted_index();
    let server = Server::start(&dir.path().join("index"), &[]);
    let body = json!({
        "q": "lua chiu man",
        "attributesToHighlight": ["*"],
        "attributesToCrop": ["text"],
        "cropLength": 6,
        "highlightPreTag": "[",
        "highlightPostTag": "]",
        "showMatchesPosition": true,
        "attributesToRetrieve": ["id", "title", "date"],
    });
    let reply = server.post_json("/indexes/articles/search", &body.to_string(), None);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let answer = reply.json();
    assert_eq!(answer["query"], "lua chiu man");
    assert_eq!(
        (answer["limit"].as_u64(), answer["offset"].as_u64()),
        (Some(20), Some(0))
    );
    // Both passages of the rice article (the title line is not a passage).
    assert_eq!(answer["estimatedTotalHits"], 2);
    let hit = &answer["hits"][0];
    assert!(
        hit["id"].as_str().unwrap().starts_with("nong-nghiep-1#"),
        "{hit}"
    );
    assert!(hit.get("text").is_none(), "not retrieved: {hit}");
    assert_eq!(
        hit["_formatted"]["title"],
        "Nông dân miền Tây chuyển sang trồng [lúa] [chịu] [mặn]"
    );
    let title_positions = &hit["_matchesPosition"]["title"];
    let title = hit["title"].as_str().unwrap();
    let start = title.find("lúa").unwrap();
    assert_eq!(
        title_positions[0],
        json!({"start": start, "length": "lúa".len()})
    );
    // Cropped text: six words around the first match, markers where cut.
    let second = &answer["hits"][1]["_formatted"];
    assert!(second.get("text").is_none(), "text was not retrieved");

    let crop = server.post_json(
        "/indexes/articles/search",
        r#"{"q":"xe buyt dien","attributesToCrop":["text:5"],"attributesToHighlight":["text"],"filter":"date >= \"2023-01-01\" AND source = \"do thi\""}"#,
        None,
    );
    let answer = crop.json();
    assert_eq!(answer["estimatedTotalHits"], 1, "{answer}");
    assert_eq!(
        answer["hits"][0]["_formatted"]["text"],
        "Tuyến <em>xe</em> <em>buýt</em> <em>điện</em> mới…"
    );

    // Page mode, date sort, distinct articles, GET with comma lists.
    let paged = server.post_json(
        "/indexes/articles/search",
        r#"{"q":"nam","hitsPerPage":1,"page":2,"sort":["date:desc"],"distinct":"article_id"}"#,
        None,
    );
    let answer = paged.json();
    assert_eq!(answer["page"], 2);
    assert_eq!(answer["hitsPerPage"], 1);
    assert!(answer["totalPages"].as_u64().unwrap() >= 2, "{answer}");
    assert!(answer.get("estimatedTotalHits").is_none());
    let got =
        server.get("/indexes/articles/search?q=hop%20tac&attributesToRetrieve=id,date&limit=1");
    let answer = got.json();
    assert_eq!(
        answer["hits"][0],
        json!({"id": "hop-tac-3#0", "date": "2024-06-20"})
    );

    // Unaccented and accented queries, like the native API.
    let accented = server
        .post_json("/indexes/articles/search", r#"{"q":"hợp tác"}"#, None)
        .json();
    assert_eq!(accented["estimatedTotalHits"], 2);

    for (body, status, code) in [
        (
            r#"{"q":"x","filter":"date >= 2024-01-01 OR source = a"}"#,
            400,
            "invalid_search_filter",
        ),
        (
            r#"{"q":"x","sort":["title:asc"]}"#,
            400,
            "invalid_search_sort",
        ),
        (
            r#"{"q":"x","facets":["source"]}"#,
            400,
            "invalid_search_facets",
        ),
        (
            r#"{"q":"x","hybrid":{"semanticRatio":0.5}}"#,
            400,
            "invalid_search_vector",
        ),
        (r#"{"q":"x","limit":"ten"}"#, 400, "invalid_search_limit"),
        (r#"{"q":"x","unknown":1}"#, 400, "bad_request"),
        (r#"{"q":"x""#, 400, "malformed_payload"),
        (r#"[1,2]"#, 400, "bad_request"),
        ("", 400, "missing_payload"),
    ] {
        let reply = server.post_json("/indexes/articles/search", body, None);
        assert_eq!(
            (reply.status, reply.code()),
            (status, code.to_string()),
            "{body}"
        );
        let error = reply.json();
        assert_eq!(error["type"], "invalid_request");
        assert!(error["link"].as_str().unwrap().ends_with(code));
    }
    let other = server.post_json("/indexes/other/search", r#"{"q":"x"}"#, None);
    assert_eq!(
        (other.status, other.code()),
        (404, "index_not_found".to_string())
    );
    let form = server.raw(
        "POST",
        b"/indexes/articles/search",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"q=x",
    );
    assert_eq!(
        (form.status, form.code()),
        (415, "invalid_content_type".to_string())
    );
    // An empty query (Meilisearch's placeholder search) answers no hits, not an error.
    let empty = server
        .post_json("/indexes/articles/search", "{}", None)
        .json();
    assert_eq!(empty["hits"], json!([]));
}

#[test]
fn index_metadata_multi_search_and_version() {
    let dir = crafted_index();
    let server = Server::start(&dir.path().join("index"), &["--uid", "bao-chi"]);
    let list = server.get("/indexes").json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["results"][0]["uid"], "bao-chi");
    assert_eq!(list["results"][0]["primaryKey"], "id");
    assert_eq!(server.get("/indexes/bao-chi").json()["uid"], "bao-chi");
    assert_eq!(server.get("/indexes/articles").status, 404);
    let stats = server.get("/indexes/bao-chi/stats").json();
    assert_eq!(stats["numberOfDocuments"], 8);
    assert_eq!(stats["isIndexing"], false);
    assert_eq!(server.get("/version").json()["engine"], "vnsearch");

    let multi = server.post_json(
        "/multi-search",
        r#"{"queries":[{"indexUid":"bao-chi","q":"xe buyt","limit":1},{"indexUid":"bao-chi","q":"lúa"}]}"#,
        None,
    );
    let answer = multi.json();
    assert_eq!(answer["results"][0]["indexUid"], "bao-chi");
    assert_eq!(
        answer["results"][0]["hits"][0]["article_id"],
        "giao-thong-2"
    );
    assert_eq!(
        answer["results"][1]["hits"][0]["article_id"],
        "nong-nghiep-1"
    );
    let bad = server.post_json(
        "/multi-search",
        r#"{"queries":[{"indexUid":"bao-chi","q":"x","limit":-3}]}"#,
        None,
    );
    assert_eq!(bad.code(), "invalid_search_limit");
    assert!(bad.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("Inside `.queries[0]`"));
    let federated = server.post_json("/multi-search", r#"{"queries":[],"federation":{}}"#, None);
    assert_eq!(federated.code(), "invalid_multi_search_federation");
}

fn wait_for_task(server: &Server, uid: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let task = server.get_with_key(&format!("/tasks/{uid}"), KEY).json();
        if task["status"] == "succeeded" || task["status"] == "failed" {
            return task;
        }
        assert!(
            Instant::now() < deadline,
            "task {uid} never finished: {task}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn documents_are_indexed_through_tasks_and_the_writer_is_released() {
    let dir = crafted_index();
    let index = dir.path().join("index");
    let open = Server::start(&index, &[]);
    let refused = open.post_json("/indexes/articles/documents", "[]", None);
    assert_eq!(
        (refused.status, refused.code()),
        (403, "writes_disabled".to_string())
    );
    drop(open);

    let server = Server::start(&index, &["--api-key", KEY]);
    let documents = json!([
        {"id": "moi-5", "title": "Khánh thành cầu vượt sông Hậu",
         "body": "Cây cầu dây văng mới rút ngắn thời gian qua sông Hậu còn mười phút.\n\nNgười dân hai bờ mong chờ công trình suốt nhiều năm.",
         "date": "2024-09-02", "source": "Báo Cần Thơ"},
        {"id": 6, "body": "Bài không tiêu đề nói về cầu vượt sông Hậu và giao thông đường thủy."}
    ]);
    let reply = server.post_json(
        "/indexes/articles/documents",
        &documents.to_string(),
        Some(KEY),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let enqueued = reply.json();
    assert_eq!(enqueued["status"], "enqueued");
    assert_eq!(enqueued["type"], "documentAdditionOrUpdate");
    let task = wait_for_task(&server, enqueued["taskUid"].as_u64().unwrap());
    assert_eq!(task["status"], "succeeded", "{task}");
    assert_eq!(
        task["details"],
        json!({"receivedDocuments": 2, "indexedDocuments": 2})
    );
    assert!(task["finishedAt"].as_str().unwrap().ends_with('Z'));

    // Visible at once, cleaned like a file (a title was derived for the untitled one).
    let found = server
        .get_with_key("/api/search?q=cau+song+hau&per_article=1", KEY)
        .json();
    let ids: Vec<&str> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["article_id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["6", "moi-5"]);
    let moi = server.get_with_key("/api/articles/moi-5", KEY).json();
    assert_eq!(moi["source"], "Báo Cần Thơ");
    assert_eq!(moi["date"], "2024-09-02");

    // A bad batch fails as a whole, with the reason.
    let reply = server.post_json(
        "/indexes/articles/documents",
        r#"[{"id":"ok-7","body":"Nội dung hợp lệ."},{"title":"thiếu mã"}]"#,
        Some(KEY),
    );
    let task = wait_for_task(&server, reply.json()["taskUid"].as_u64().unwrap());
    assert_eq!(task["status"], "failed");
    assert_eq!(task["error"]["code"], "invalid_document_fields");
    assert!(task["error"]["message"]
        .as_str()
        .unwrap()
        .contains("document 1: no `id`"));
    assert_eq!(server.get_with_key("/api/articles/ok-7", KEY).status, 404);

    let list = server.get_with_key("/tasks?limit=1", KEY).json();
    assert_eq!(list["results"][0]["uid"], 1);
    assert_eq!(list["next"], 0);
    assert_eq!(
        server.get_with_key("/tasks/99", KEY).code(),
        "task_not_found"
    );
    assert_eq!(
        server.get_with_key("/tasks/abc", KEY).code(),
        "invalid_task_uid"
    );
    for bad in ["{\"id\":", "42", ""] {
        let reply = server.post_json("/indexes/articles/documents", bad, Some(KEY));
        assert_eq!(reply.status, 400, "{bad}");
    }

    // Between tasks the server holds no writer: another process can index.
    let extra = dir.path().join("extra.jsonl");
    std::fs::write(&extra, r#"{"id":"ngoai-8","title":"Tin từ tiến trình khác","body":"Một tiến trình khác ghi thêm bài viết về lễ hội hoa."}"#).unwrap();
    index_files(&index, &[&extra]);
    // The API's articles survive a file run (their origin is not a path of that run).
    assert_eq!(server.get_with_key("/api/articles/moi-5", KEY).status, 200);
}
