//! `vnsearch serve`: the index over HTTP (axum on tokio, tower-http for limits, CORS,
//! compression, timeouts and panics).
//!
//! - `native`: the `--json` contract over HTTP (`/api/…`, `/health`);
//! - `meili`: the Meilisearch-compatible routes (`/indexes/…`, `/multi-search`, `/version`);
//! - `tasks`: document additions and their tasks (`/indexes/{uid}/documents`, `/tasks`);
//! - `page`: the search page at `/`;
//! - `auth`, `errors`, `params`, `state`: keys, error shapes, strict query strings, and
//!   what every request shares.
//!
//! One process keeps the index open (`Searcher::open_live` follows commits made by other
//! processes); searches run on tokio's blocking pool, at most `search_threads` at once.

mod auth;
mod errors;
mod meili;
mod native;
mod page;
mod params;
mod state;
mod tasks;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use state::AppState;
use tasks::Tasks;

/// Everything `vnsearch serve` is told on its command line.
#[derive(Debug, Clone)]
pub struct Config {
    pub index_dir: PathBuf,
    pub addr: SocketAddr,
    pub api_key: Option<String>,
    pub uid: String,
    pub cors_origins: Vec<String>,
    pub max_body_bytes: usize,
    pub timeout: Duration,
    pub search_threads: usize,
    pub heap_bytes: usize,
}

/// Refuses to expose the index beyond this machine without a key, and names that are not
/// valid index uids (Meilisearch's rule: ASCII letters, digits, `-` and `_`).
pub fn check_exposure(config: &Config) -> Result<(), vnsearch::Error> {
    if !config.addr.ip().is_loopback() && config.api_key.is_none() {
        return Err(vnsearch::Error::InvalidOption(format!(
            "refusing to serve on {} without an API key: anyone who can reach that address \
             could read the index. Give --api-key KEY (or VNSEARCH_API_KEY), or bind to \
             127.0.0.1",
            config.addr
        )));
    }
    let valid_uid = !config.uid.is_empty()
        && config.uid.len() <= 400
        && config
            .uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid_uid {
        return Err(vnsearch::Error::InvalidOption(format!(
            "index uid {:?} may only hold ASCII letters, digits, - and _",
            config.uid
        )));
    }
    Ok(())
}

/// Opens the index, binds, prints `listening on http://ADDR` on stderr and serves until
/// Ctrl-C or SIGTERM; requests under way are finished, and a running document task is
/// committed, before it returns.
pub fn run(config: Config) -> anyhow::Result<()> {
    let searcher = vnsearch::Searcher::open_live(&config.index_dir)
        .with_context(|| format!("opening {}", config.index_dir.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("vnsearch-serve")
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let (tasks, worker) = Tasks::new();
        let state = AppState::new(
            searcher,
            config.index_dir.clone(),
            config.uid.clone(),
            config.api_key.clone(),
            config.search_threads,
            tasks,
        );
        tokio::spawn(tasks::run_worker(state.clone(), worker, config.heap_bytes));
        let app = router(state, &config)?;
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let local = listener.local_addr()?;
        eprintln!("listening on http://{local}");
        if config.api_key.is_none() {
            eprintln!("note: no API key: reads are open to this machine, writes are disabled");
        }
        serve(listener, app).await
    })
}

async fn serve(listener: tokio::net::TcpListener, app: Router) -> anyhow::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut stopped_for_server = stopped.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = stopped_for_server.changed().await;
    });
    // Connections that stay busy are not waited for forever.
    const GRACE: Duration = Duration::from_secs(10);
    let signal = async {
        shutdown_signal().await;
        eprintln!("shutting down: finishing requests under way");
        let _ = stop.send(true);
        tokio::time::sleep(GRACE).await;
    };
    drop(stopped);
    tokio::select! {
        result = server => result.context("serving")?,
        () = signal => eprintln!("shutdown: gave up on connections still open after {GRACE:?}"),
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM on Unix (what `docker stop` and systemd send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Every route, and the layers around them (outermost last).
fn router(state: AppState, config: &Config) -> anyhow::Result<Router> {
    let documents = post(tasks::add_documents).put(tasks::add_documents);
    let mut app = Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/favicon.svg", get(page::favicon))
        .route("/health", get(native::health))
        .route("/api/search", get(native::search))
        .route("/api/articles/{id}", get(native::article))
        .route("/api/stats", get(native::stats))
        .route("/indexes", get(meili::indexes))
        .route("/indexes/{uid}", get(meili::index))
        .route("/indexes/{uid}/stats", get(meili::index_stats))
        .route(
            "/indexes/{uid}/search",
            get(meili::search_get).post(meili::search_post),
        )
        .route("/indexes/{uid}/documents", documents)
        .route("/multi-search", post(meili::multi_search))
        .route("/tasks", get(tasks::list))
        .route("/tasks/{uid}", get(tasks::task))
        .route("/version", get(meili::version))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_key,
        ))
        .with_state(state)
        // Bodies: checked by Content-Length up front, and again while a body streams in.
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.timeout,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(errors::json_errors))
        .layer(CatchPanicLayer::custom(errors::panic_response));
    if !config.cors_origins.is_empty() {
        app = app.layer(cors(&config.cors_origins)?);
    }
    Ok(app)
}

/// CORS for the configured origins only (`*`: any origin).
fn cors(origins: &[String]) -> anyhow::Result<CorsLayer> {
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        let values = origins
            .iter()
            .map(|o| HeaderValue::from_str(o).with_context(|| format!("bad --cors-origin {o:?}")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        AllowOrigin::list(values)
    };
    Ok(CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::HeaderName::from_static("x-meilisearch-client"),
        ])
        .max_age(Duration::from_secs(3600)))
}
