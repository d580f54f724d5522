//! Error answers in the two shapes the server speaks:
//!
//! - native routes (`/api/…`): `{"error": {"code", "message"}}`;
//! - Meilisearch routes (`/indexes/…`, `/multi-search`, `/tasks…`, `/version`, `/keys`):
//!   Meilisearch's own `{"message", "code", "type", "link"}`, so its clients report them.
//!
//! Errors raised by tower and axum themselves (unknown route, wrong method, body over the
//! limit, timeout, a caught panic) come out as plain text; [`json_errors`] rewrites them into
//! the shape of the route, so a client always gets JSON.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Which error shape a route answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Native,
    Meili,
}

impl Flavor {
    /// The shape of the route at `path`.
    pub fn of_path(path: &str) -> Flavor {
        let meili = [
            "/indexes",
            "/multi-search",
            "/tasks",
            "/version",
            "/keys",
            "/stats",
        ]
        .iter()
        .any(|prefix| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        });
        if meili {
            Flavor::Meili
        } else {
            Flavor::Native
        }
    }
}

/// An error answer: status, a stable machine-readable code, a message for people.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Meilisearch's error `type` (`invalid_request`, `auth`, `internal`, `system`).
    pub kind: &'static str,
    pub flavor: Flavor,
}

impl ApiError {
    /// A 400 for something the client sent.
    pub fn bad_request(flavor: Flavor, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(flavor, StatusCode::BAD_REQUEST, code, message)
    }

    pub fn new(
        flavor: Flavor,
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let kind = match status.as_u16() {
            401 | 403 => "auth",
            500..=599 => "internal",
            _ => "invalid_request",
        };
        ApiError {
            status,
            code,
            message: message.into(),
            kind,
            flavor,
        }
    }

    /// Sets Meilisearch's error `type`.
    pub fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    /// The error for a library error: the client's doing (bad query, option, document) is a
    /// 400 with the library's message (the CLI prints the same), an unknown article a 404;
    /// anything else is the server's problem.
    pub fn from_library(flavor: Flavor, error: &vnsearch::Error) -> Self {
        use vnsearch::Error;
        let (status, code) = match (error, flavor) {
            (Error::Query { .. }, Flavor::Native) => (StatusCode::BAD_REQUEST, "bad_query"),
            (Error::Query { .. }, Flavor::Meili) => (StatusCode::BAD_REQUEST, "invalid_search_q"),
            (Error::InvalidOption(_), Flavor::Native) => (StatusCode::BAD_REQUEST, "bad_parameter"),
            (Error::InvalidOption(_), Flavor::Meili) => (StatusCode::BAD_REQUEST, "bad_request"),
            (Error::InvalidDocument { .. }, _) => {
                (StatusCode::BAD_REQUEST, "invalid_document_fields")
            }
            (Error::NoArticle(_), Flavor::Native) => (StatusCode::NOT_FOUND, "not_found"),
            (Error::NoArticle(_), Flavor::Meili) => (StatusCode::NOT_FOUND, "document_not_found"),
            (Error::Locked(_), _) => (StatusCode::SERVICE_UNAVAILABLE, "index_locked"),
            (Error::NoIndex(_), _) => (StatusCode::SERVICE_UNAVAILABLE, "index_unavailable"),
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        let error = ApiError::new(flavor, status, code, error.to_string());
        if status == StatusCode::SERVICE_UNAVAILABLE {
            error.kind("system")
        } else {
            error
        }
    }

    /// The JSON body of this error.
    pub fn body(&self) -> serde_json::Value {
        match self.flavor {
            Flavor::Native => json!({"error": {"code": self.code, "message": self.message}}),
            Flavor::Meili => json!({
                "message": self.message,
                "code": self.code,
                "type": self.kind,
                "link": format!("https://docs.meilisearch.com/errors#{}", self.code),
            }),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if matches!(self.status, StatusCode::UNAUTHORIZED) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Middleware: an error answer that is not JSON (from axum's router or a tower-http layer)
/// becomes one, in the shape of the route.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let flavor = Flavor::of_path(request.uri().path());
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("not_found", format!("no route for {method} {path}")),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            format!("{method} is not allowed on {path}"),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "payload_too_large",
            "the request body is larger than the server accepts (--max-body-mb)".to_string(),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "timeout",
            "the request took longer than the server allows (--timeout-secs)".to_string(),
        ),
        s if s.is_server_error() => ("internal", "internal error".to_string()),
        s => (
            "bad_request",
            s.canonical_reason().unwrap_or("bad request").to_string(),
        ),
    };
    let mut rewritten = ApiError::new(flavor, status, code, message).into_response();
    // Keep headers the layers set for a reason (Allow on 405, CORS), not the old length.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rewritten.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rewritten
}

/// The answer of CatchPanicLayer: a handler panicked (a bug). The process stays up.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    eprintln!("vnsearch serve: a request handler panicked (a bug); the server goes on");
    let mut response = Response::new(Body::from(
        json!({"error": {"code": "internal", "message": "internal error"}}).to_string(),
    ));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_pick_their_error_shape() {
        assert_eq!(Flavor::of_path("/indexes/articles/search"), Flavor::Meili);
        assert_eq!(Flavor::of_path("/tasks/3"), Flavor::Meili);
        assert_eq!(Flavor::of_path("/multi-search"), Flavor::Meili);
        assert_eq!(Flavor::of_path("/api/search"), Flavor::Native);
        assert_eq!(Flavor::of_path("/indexesx"), Flavor::Native);
        assert_eq!(Flavor::of_path("/"), Flavor::Native);
    }

    #[test]
    fn meili_errors_carry_type_and_link() {
        let error = ApiError::bad_request(Flavor::Meili, "invalid_search_limit", "bad limit");
        let body = error.body();
        assert_eq!(body["code"], "invalid_search_limit");
        assert_eq!(body["type"], "invalid_request");
        assert_eq!(
            body["link"],
            "https://docs.meilisearch.com/errors#invalid_search_limit"
        );
        let native = ApiError::bad_request(Flavor::Native, "bad_parameter", "bad limit");
        assert_eq!(native.body()["error"]["message"], "bad limit");
    }
}
