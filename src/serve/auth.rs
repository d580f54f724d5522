//! `Authorization: Bearer KEY` checking, with the key compared in constant time.

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::{ApiError, Flavor};
use super::state::AppState;

/// Routes anyone may call even when the server has a key: the health check and the search
/// page's own files (the page asks for the key before it calls the API).
fn is_public(method: &Method, path: &str) -> bool {
    (method == Method::GET || method == Method::HEAD)
        && matches!(
            path,
            "/health" | "/" | "/app.js" | "/style.css" | "/favicon.svg"
        )
}

/// Middleware: without a key configured everything passes (the server is on loopback, see
/// `check_exposure`); with one, every route but the public ones needs it. CORS preflights
/// pass so that browsers can ask before sending the key.
pub async fn require_key(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(expected) = state.api_key.as_deref() else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    if is_public(request.method(), path) || request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let flavor = Flavor::of_path(path);
    // Bytes, not `to_str`: a key may hold any UTF-8 (header values are bytes).
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
        .map(<[u8]>::trim_ascii);
    match given {
        None => {
            let code = match flavor {
                Flavor::Meili => "missing_authorization_header",
                Flavor::Native => "missing_api_key",
            };
            ApiError::new(
                flavor,
                StatusCode::UNAUTHORIZED,
                code,
                "the server needs an API key: send `Authorization: Bearer KEY`",
            )
            .into_response()
        }
        Some(key) if same_key(key, expected.as_bytes()) => next.run(request).await,
        Some(_) => ApiError::new(
            flavor,
            StatusCode::FORBIDDEN,
            "invalid_api_key",
            "the API key is not valid",
        )
        .into_response(),
    }
}

/// Compares two keys in time that depends only on the expected key's length, so response
/// times reveal nothing about how much of a guess was right.
pub fn same_key(given: &[u8], expected: &[u8]) -> bool {
    let mut difference = u8::from(given.len() != expected.len());
    for (i, &byte) in expected.iter().enumerate() {
        let other = given.get(i).copied().unwrap_or(!byte);
        difference |= std::hint::black_box(byte ^ other);
    }
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_only_when_equal() {
        assert!(same_key(b"s3cret-key", b"s3cret-key"));
        assert!(!same_key(b"s3cret-kez", b"s3cret-key"));
        assert!(!same_key(b"s3cret", b"s3cret-key"));
        assert!(!same_key(b"s3cret-key-and-more", b"s3cret-key"));
        assert!(!same_key(b"", b"k"));
    }

    #[test]
    fn only_health_and_page_files_are_public() {
        assert!(is_public(&Method::GET, "/health"));
        assert!(is_public(&Method::GET, "/app.js"));
        assert!(!is_public(&Method::POST, "/health"));
        assert!(!is_public(&Method::GET, "/api/search"));
        assert!(!is_public(&Method::GET, "/indexes"));
    }
}
