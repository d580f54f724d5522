//! The Meilisearch-compatible API (version 1.x, read path and document additions), so that
//! Meilisearch's clients and InstantSearch front-ends work against vnsearch unchanged. The
//! index is exposed under one uid (`articles` by default). See the README's compatibility
//! table for what is mapped and what is refused.

mod filter;
mod format;
mod request;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use vnsearch::AccentMode;

use super::errors::{ApiError, Flavor};
use super::params::Params;
use super::state::{rfc3339, AppState};
use super::tasks::{index_not_found, json_body, path_param};
use request::MeiliSearch;

/// Most queries in one `/multi-search`.
const MAX_MULTI_QUERIES: usize = 100;

fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(Flavor::Meili, code, message)
}

fn respond(result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => e.into_response(),
    }
}

fn check_uid(state: &AppState, uid: &str) -> Result<(), ApiError> {
    if uid == state.uid {
        Ok(())
    } else {
        Err(index_not_found(uid))
    }
}

/// `POST /indexes/{uid}/search`.
pub async fn search_post(
    State(state): State<AppState>,
    uid: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let uid = path_param(uid)?;
        check_uid(&state, &uid)?;
        let object = match json_body(&headers, body)? {
            Value::Object(object) => object,
            _ => return Err(bad("bad_request", "the search body must be a JSON object")),
        };
        let search = request::parse(&object, &[])?;
        run_search(&state, search).await
    };
    respond(run.await)
}

/// `GET /indexes/{uid}/search?q=…` (lists comma-separated, as Meilisearch reads them).
pub async fn search_get(
    State(state): State<AppState>,
    uid: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let run = async {
        let uid = path_param(uid)?;
        check_uid(&state, &uid)?;
        let params = Params::parse(raw.as_deref()).map_err(|e| bad("bad_request", e))?;
        params
            .only(&request::known_names())
            .map_err(|e| bad("bad_request", e))?;
        let search = request::parse(&request::object_from_params(&params, &[]), &[])?;
        run_search(&state, search).await
    };
    respond(run.await)
}

/// `POST /multi-search` with `{"queries": [{"indexUid", …search parameters}]}`.
pub async fn multi_search(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let run = async {
        let body = json_body(&headers, body)?;
        let Some(object) = body.as_object() else {
            return Err(bad("bad_request", "the body must be a JSON object"));
        };
        if object.contains_key("federation") {
            return Err(bad(
                "invalid_multi_search_federation",
                "federated search is not supported by vnsearch",
            ));
        }
        if let Some(key) = object.keys().find(|k| *k != "queries") {
            return Err(bad(
                "bad_request",
                format!("Unknown field `{key}`: expected `queries`"),
            ));
        }
        let Some(queries) = object.get("queries").and_then(Value::as_array) else {
            return Err(bad(
                "missing_multi_search_queries",
                "`queries` must be an array",
            ));
        };
        if queries.len() > MAX_MULTI_QUERIES {
            return Err(bad(
                "bad_request",
                format!("at most {MAX_MULTI_QUERIES} queries in one multi-search"),
            ));
        }
        let mut results = Vec::with_capacity(queries.len());
        for (i, query) in queries.iter().enumerate() {
            let in_query = |e: ApiError| ApiError {
                message: format!("Inside `.queries[{i}]`: {}", e.message),
                ..e
            };
            let Some(query) = query.as_object() else {
                return Err(bad(
                    "bad_request",
                    format!("Inside `.queries[{i}]`: not an object"),
                ));
            };
            let uid = match query.get("indexUid") {
                Some(Value::String(uid)) => uid.clone(),
                _ => {
                    return Err(bad(
                        "missing_index_uid",
                        format!("Inside `.queries[{i}]`: missing `indexUid`"),
                    ))
                }
            };
            check_uid(&state, &uid).map_err(in_query)?;
            let search = request::parse(query, &["indexUid"]).map_err(in_query)?;
            let mut result = run_search(&state, search).await.map_err(in_query)?;
            if let Value::Object(fields) = &mut result {
                fields.insert("indexUid".into(), Value::String(uid));
            }
            results.push(result);
        }
        Ok(json!({"results": results}))
    };
    respond(run.await)
}

/// Runs a search and shapes Meilisearch's answer.
async fn run_search(state: &AppState, search: MeiliSearch) -> Result<Value, ApiError> {
    let MeiliSearch {
        options,
        page,
        format,
    } = search;
    let started = std::time::Instant::now();
    let query = options.query.clone();
    let (limit, offset) = (options.limit, options.offset);
    // Meilisearch's placeholder search (no `q`) lists every document; vnsearch ranks only
    // matches, so an empty query answers no hits rather than an error.
    let (total, hits) = if query.trim().is_empty() || limit == 0 {
        (0, Vec::new())
    } else {
        let highlight_titles =
            format.show_matches_position || format.highlight.iter().any(|a| a == "title");
        state
            .blocking(Flavor::Meili, move |searcher| {
                let results = searcher.search(&options)?;
                let accents = if results.accent_fallback {
                    AccentMode::Fold
                } else {
                    options.accents
                };
                let mut hits = Vec::with_capacity(results.hits.len());
                for hit in &results.hits {
                    let title_marks = if highlight_titles {
                        searcher.highlight_text(&options.query, accents, &hit.title)?
                    } else {
                        Vec::new()
                    };
                    hits.push(format::hit(hit, &title_marks, &format));
                }
                Ok((results.total_hits, hits))
            })
            .await?
    };
    let processing = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let mut answer = Map::new();
    answer.insert("hits".into(), Value::Array(hits));
    answer.insert("query".into(), Value::String(query));
    answer.insert("processingTimeMs".into(), json!(processing));
    match page {
        Some((page, per_page)) => {
            answer.insert("hitsPerPage".into(), json!(per_page));
            answer.insert("page".into(), json!(page));
            answer.insert("totalPages".into(), json!(total.div_ceil(per_page.max(1))));
            answer.insert("totalHits".into(), json!(total));
        }
        None => {
            answer.insert("limit".into(), json!(limit));
            answer.insert("offset".into(), json!(offset));
            answer.insert("estimatedTotalHits".into(), json!(total));
        }
    }
    Ok(Value::Object(answer))
}

fn index_object(state: &AppState) -> Value {
    let updated = state.disk_info().last_commit.unwrap_or(state.started);
    json!({
        "uid": state.uid,
        "primaryKey": "id",
        "createdAt": rfc3339(state.started),
        "updatedAt": rfc3339(updated),
    })
}

/// `GET /indexes`.
pub async fn indexes(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = || {
        let params = Params::parse(raw.as_deref()).map_err(|e| bad("bad_request", e))?;
        params
            .only(&["offset", "limit"])
            .map_err(|e| bad("bad_request", e))?;
        let offset = params
            .number("offset", 0, usize::MAX)
            .map_err(|e| bad("invalid_index_offset", e))?;
        let limit = params
            .number("limit", 20, usize::MAX)
            .map_err(|e| bad("invalid_index_limit", e))?;
        let results: Vec<Value> = std::iter::once(index_object(&state))
            .skip(offset)
            .take(limit)
            .collect();
        Ok(json!({"results": results, "offset": offset, "limit": limit, "total": 1}))
    };
    respond(run())
}

/// `GET /indexes/{uid}`.
pub async fn index(
    State(state): State<AppState>,
    uid: Result<Path<String>, PathRejection>,
) -> Response {
    respond(path_param(uid).and_then(|uid| {
        check_uid(&state, &uid)?;
        Ok(index_object(&state))
    }))
}

/// `GET /indexes/{uid}/stats` (a document is a passage).
pub async fn index_stats(
    State(state): State<AppState>,
    uid: Result<Path<String>, PathRejection>,
) -> Response {
    let run = async {
        let uid = path_param(uid)?;
        check_uid(&state, &uid)?;
        let (stats, disk) = state.stats(Flavor::Meili).await?;
        Ok(json!({
            "numberOfDocuments": stats.passages,
            "rawDocumentDbSize": disk.bytes,
            "isIndexing": state.tasks.is_indexing(),
            "fieldDistribution": {},
        }))
    };
    respond(run.await)
}

/// `GET /version`.
pub async fn version() -> Response {
    Json(json!({
        "pkgVersion": env!("CARGO_PKG_VERSION"),
        "commitSha": "unknown",
        "commitDate": "unknown",
        "engine": "vnsearch",
    }))
    .into_response()
}
