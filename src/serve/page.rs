//! The search page at `/`: plain HTML, CSS and JavaScript compiled into the binary with
//! `include_str!`. No build step and no CDN: nothing to install, it works offline and behind
//! firewalls, and the three files weigh a few kilobytes. The page calls the native API and
//! builds its DOM with `textContent` only (see `app.js`); the Content-Security-Policy below
//! forbids inline scripts and foreign origins as a second line of defence.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");
const FAVICON_SVG: &str = include_str!("page/favicon.svg");

/// Scripts, styles and requests from this server only; no inline script, no frames.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn file(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

pub async fn index() -> Response {
    file(INDEX_HTML, "text/html; charset=utf-8")
}

pub async fn script() -> Response {
    file(APP_JS, "text/javascript; charset=utf-8")
}

pub async fn style() -> Response {
    file(STYLE_CSS, "text/css; charset=utf-8")
}

pub async fn favicon() -> Response {
    file(FAVICON_SVG, "image/svg+xml")
}
