//! The native API: the `--json` contract of the CLI over HTTP.
//!
//! - `GET /api/search?q=…&limit&offset&per_article&accents&sort&from&to&source&collapse` →
//!   the JSON of `vnsearch search --json` (`collapse=false`: every copy of a story);
//! - `GET /api/articles/{id}?q=…&accents=…` → the JSON of `vnsearch show --json`;
//! - `GET /api/stats` → articles, passages, index bytes, last commit;
//! - `GET /health` → 200 `{"status": "available"}` while the index is readable (also
//!   Meilisearch's health route, same shape).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use vnsearch::{AccentMode, SearchOptions, SortOrder};

use super::errors::{ApiError, Flavor};
use super::params::Params;
use super::state::{rfc3339, AppState};

/// Longest query accepted, in characters: far above any typed query, low enough that a
/// pasted article cannot become a search of thousands of terms.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most hits in one page (the limit; Meilisearch's default `maxTotalHits` too).
pub const MAX_LIMIT: usize = 1000;
/// Deepest page start: ranking keeps `offset + limit` candidates in memory, so deep paging
/// is bounded like Elasticsearch's `max_result_window`.
pub const MAX_OFFSET: usize = 10_000;
/// Longest source filter, in characters.
const MAX_SOURCE_CHARS: usize = 200;

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(Flavor::Native, "bad_parameter", message)
}

/// A query within the length limit. Shared by the Meilisearch routes.
pub fn check_query_length(query: &str, flavor: Flavor) -> Result<(), ApiError> {
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        let code = match flavor {
            Flavor::Native => "bad_query",
            Flavor::Meili => "invalid_search_q",
        };
        return Err(ApiError::bad_request(
            flavor,
            code,
            format!("the query is {chars} characters long; the limit is {MAX_QUERY_CHARS}"),
        ));
    }
    Ok(())
}

/// The search options of a native query string.
pub fn search_options(params: &Params) -> Result<SearchOptions, ApiError> {
    params
        .only(&[
            "q",
            "limit",
            "offset",
            "per_article",
            "accents",
            "sort",
            "from",
            "to",
            "source",
            "collapse",
        ])
        .map_err(bad)?;
    let query = params.get("q").unwrap_or_default().to_string();
    check_query_length(&query, Flavor::Native)?;
    let source = params.get("source").filter(|s| !s.trim().is_empty());
    if source.is_some_and(|s| s.chars().count() > MAX_SOURCE_CHARS) {
        return Err(bad(format!(
            "source is longer than {MAX_SOURCE_CHARS} characters"
        )));
    }
    let day = |name: &str| -> Result<Option<time::Date>, ApiError> {
        params
            .get(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| vnsearch::parse_day(v).map_err(|e| bad(format!("{name}: {e}"))))
            .transpose()
    };
    Ok(SearchOptions {
        query,
        accents: params
            .parsed::<AccentMode>("accents")
            .map_err(bad)?
            .unwrap_or_default(),
        limit: params.number("limit", 10, MAX_LIMIT).map_err(bad)?,
        offset: params.number("offset", 0, MAX_OFFSET).map_err(bad)?,
        per_article: params.number("per_article", 2, MAX_LIMIT).map_err(bad)?,
        sort: params
            .parsed::<SortOrder>("sort")
            .map_err(bad)?
            .unwrap_or_default(),
        from: day("from")?,
        to: day("to")?,
        source: source.map(str::to_string),
        collapse: params
            .parsed::<bool>("collapse")
            .map_err(bad)?
            .unwrap_or(true),
    })
}

/// `GET /api/search`.
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = async {
        let params = Params::parse(raw.as_deref()).map_err(bad)?;
        let options = search_options(&params)?;
        let results = state
            .blocking(Flavor::Native, move |searcher| searcher.search(&options))
            .await?;
        Ok::<_, ApiError>(Json(results))
    };
    run.await.into_response()
}

/// `GET /api/articles/{id}`.
pub async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let run = async {
        let Path(id) = id.map_err(|e| bad(format!("article id: {}", e.body_text())))?;
        let params = Params::parse(raw.as_deref()).map_err(bad)?;
        params.only(&["q", "accents"]).map_err(bad)?;
        let query = params
            .get("q")
            .filter(|q| !q.trim().is_empty())
            .map(str::to_string);
        if let Some(q) = &query {
            check_query_length(q, Flavor::Native)?;
        }
        let accents = params
            .parsed::<AccentMode>("accents")
            .map_err(bad)?
            .unwrap_or_default();
        let view = state
            .blocking(Flavor::Native, move |searcher| {
                searcher.article(&id, query.as_deref(), accents)
            })
            .await?;
        Ok::<_, ApiError>(Json(view))
    };
    run.await.into_response()
}

/// `GET /api/stats`.
pub async fn stats(State(state): State<AppState>) -> Response {
    match state.stats(Flavor::Native).await {
        Ok((stats, disk)) => Json(json!({
            "articles": stats.articles,
            "passages": stats.passages,
            "index_bytes": disk.bytes,
            "last_commit": disk.last_commit.map(rfc3339),
        }))
        .into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /health`: reads the index's `meta.json` (cheap) to prove the index is readable.
pub async fn health(State(state): State<AppState>) -> Response {
    let meta = state.index_dir.join("meta.json");
    let readable = tokio::task::spawn_blocking(move || {
        std::fs::read(&meta)
            .ok()
            .is_some_and(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).is_ok())
    })
    .await
    .unwrap_or(false);
    if readable {
        Json(json!({"status": "available"})).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({
                "status": "unavailable",
                "error": {"code": "index_unavailable", "message": "the index cannot be read"},
            })),
        )
            .into_response()
    }
}
