//! Document writes and their tasks (Meilisearch's asynchronous write model).
//!
//! `POST /indexes/{uid}/documents` checks the body is a JSON array (or one object) and
//! answers 202 with an enqueued task at once; one worker runs the tasks in order through
//! [`vnsearch::add_documents`], holding the index writer only while a task runs, so a
//! `vnsearch index` in another process works between tasks (and a task that meets its lock
//! fails with that reason). Tasks are kept in memory only: a restart forgets them, and only
//! the newest [`KEPT_TASKS`] are remembered.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use vnsearch::BuildOptions;

use super::errors::{ApiError, Flavor};
use super::params::Params;
use super::state::{rfc3339, AppState};

/// Finished tasks remembered for `GET /tasks` (older ones are forgotten).
pub const KEPT_TASKS: usize = 10_000;
/// Tasks waiting at once: each holds its documents in memory until it runs, so the queue is
/// bounded (a full queue answers 503 and the client retries).
const QUEUE: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Enqueued,
    Processing,
    Succeeded,
    Failed,
}

impl Status {
    fn name(self) -> &'static str {
        match self {
            Status::Enqueued => "enqueued",
            Status::Processing => "processing",
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone)]
struct Task {
    uid: u64,
    index_uid: String,
    status: Status,
    received: usize,
    indexed: Option<usize>,
    error: Option<Value>,
    enqueued_at: SystemTime,
    started_at: Option<SystemTime>,
    finished_at: Option<SystemTime>,
}

impl Task {
    /// Meilisearch's task object.
    fn to_json(&self) -> Value {
        let duration = self
            .started_at
            .zip(self.finished_at)
            .and_then(|(s, f)| f.duration_since(s).ok())
            .map(|d| format!("PT{:.3}S", d.as_secs_f64()));
        json!({
            "uid": self.uid,
            "batchUid": self.uid,
            "indexUid": self.index_uid,
            "status": self.status.name(),
            "type": "documentAdditionOrUpdate",
            "canceledBy": null,
            "details": {"receivedDocuments": self.received, "indexedDocuments": self.indexed},
            "error": self.error,
            "duration": duration,
            "enqueuedAt": rfc3339(self.enqueued_at),
            "startedAt": self.started_at.map(rfc3339),
            "finishedAt": self.finished_at.map(rfc3339),
        })
    }
}

struct Job {
    uid: u64,
    documents: Vec<Value>,
}

#[derive(Default)]
struct Store {
    next_uid: u64,
    tasks: BTreeMap<u64, Task>,
}

/// The task list and the queue to the worker.
#[derive(Clone)]
pub struct Tasks {
    store: Arc<Mutex<Store>>,
    queue: mpsc::Sender<Job>,
}

/// The receiving end, handed to [`run_worker`].
pub struct Worker(mpsc::Receiver<Job>);

impl Tasks {
    pub fn new() -> (Tasks, Worker) {
        let (queue, receiver) = mpsc::channel(QUEUE);
        let tasks = Tasks {
            store: Arc::new(Mutex::new(Store::default())),
            queue,
        };
        (tasks, Worker(receiver))
    }

    fn update(&self, uid: u64, change: impl FnOnce(&mut Task)) {
        if let Ok(mut store) = self.store.lock() {
            if let Some(task) = store.tasks.get_mut(&uid) {
                change(task);
            }
        }
    }

    /// Whether a task is waiting or running.
    pub fn is_indexing(&self) -> bool {
        self.store.lock().is_ok_and(|store| {
            store
                .tasks
                .values()
                .any(|t| matches!(t.status, Status::Enqueued | Status::Processing))
        })
    }

    fn get(&self, uid: u64) -> Option<Value> {
        let store = self.store.lock().ok()?;
        store.tasks.get(&uid).map(Task::to_json)
    }
}

/// Runs the tasks one after another until the server stops.
pub async fn run_worker(state: AppState, mut worker: Worker, heap_bytes: usize) {
    while let Some(job) = worker.0.recv().await {
        state.tasks.update(job.uid, |t| {
            t.status = Status::Processing;
            t.started_at = Some(SystemTime::now());
        });
        let mut options = BuildOptions::new(&state.index_dir, Vec::new());
        options.heap_bytes = heap_bytes;
        let writer_state = state.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let summary = vnsearch::add_documents(&options, &job.documents)?;
            // Visible to the next search at once, not after the reload delay.
            writer_state.searcher.reload()?;
            Ok::<_, vnsearch::Error>(summary)
        })
        .await;
        let (status, indexed, error) = match outcome {
            Ok(Ok(summary)) => {
                for warning in &summary.warnings {
                    eprintln!("task {}: warning: {warning}", job.uid);
                }
                let indexed =
                    summary.articles_added + summary.articles_replaced + summary.articles_unchanged;
                (Status::Succeeded, Some(indexed), None)
            }
            Ok(Err(e)) => {
                eprintln!("task {} failed: {e}", job.uid);
                let error = ApiError::from_library(Flavor::Meili, &e);
                (Status::Failed, Some(0), Some(error.body()))
            }
            Err(join) => {
                eprintln!("task {} failed: {join}", job.uid);
                let error = ApiError::new(
                    Flavor::Meili,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error while indexing",
                );
                (Status::Failed, Some(0), Some(error.body()))
            }
        };
        state.tasks.update(job.uid, |t| {
            t.status = status;
            t.indexed = indexed;
            t.error = error;
            t.finished_at = Some(SystemTime::now());
        });
    }
}

fn meili_bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(Flavor::Meili, code, message)
}

/// The 404 of a uid other than the served index's.
pub fn index_not_found(uid: &str) -> ApiError {
    ApiError::new(
        Flavor::Meili,
        StatusCode::NOT_FOUND,
        "index_not_found",
        format!("Index `{uid}` not found."),
    )
}

/// A path parameter, or the 400 for one that cannot be decoded (invalid UTF-8).
pub fn path_param(param: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    param
        .map(|Path(p)| p)
        .map_err(|e| meili_bad("bad_request", e.body_text()))
}

/// A JSON request body: `application/json` (or no content type) and valid JSON.
pub fn json_body(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("").to_ascii_lowercase());
    if let Some(ct) = content_type.filter(|ct| !ct.starts_with("application/json")) {
        return Err(ApiError::new(
            Flavor::Meili,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_content_type",
            format!("The Content-Type `{ct}` is invalid. Accepted value: `application/json`"),
        ));
    }
    let bytes = body.map_err(|e| {
        let code = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "payload_too_large"
        } else {
            "bad_request"
        };
        ApiError::new(Flavor::Meili, e.status(), code, e.body_text())
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(meili_bad("missing_payload", "A JSON payload is missing."));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        meili_bad(
            "malformed_payload",
            format!("The JSON payload is malformed: {e}"),
        )
    })
}

/// `POST|PUT /indexes/{uid}/documents`.
pub async fn add_documents(
    State(state): State<AppState>,
    uid: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let run = || -> Result<Response, ApiError> {
        let uid = path_param(uid)?;
        if state.api_key.is_none() {
            return Err(ApiError::new(
                Flavor::Meili,
                StatusCode::FORBIDDEN,
                "writes_disabled",
                "writes need an API key: start the server with --api-key (or VNSEARCH_API_KEY)",
            ));
        }
        if uid != state.uid {
            return Err(index_not_found(&uid));
        }
        let documents = match json_body(&headers, body)? {
            Value::Array(documents) => documents,
            object @ Value::Object(_) => vec![object],
            _ => {
                return Err(meili_bad(
                    "malformed_payload",
                    "The payload must be a JSON array of documents (or one document).",
                ))
            }
        };
        let enqueued_at = SystemTime::now();
        let mut store = state.tasks.store.lock().map_err(|_| internal())?;
        let uid_number = store.next_uid;
        let job = Job {
            uid: uid_number,
            documents,
        };
        let received = job.documents.len();
        // Reserve the uid only once the job is queued: a full queue leaves no phantom task.
        if state.tasks.queue.try_send(job).is_err() {
            return Err(ApiError::new(
                Flavor::Meili,
                StatusCode::SERVICE_UNAVAILABLE,
                "too_many_tasks",
                format!("{QUEUE} tasks are already waiting; retry later"),
            )
            .kind("system"));
        }
        store.next_uid += 1;
        store.tasks.insert(
            uid_number,
            Task {
                uid: uid_number,
                index_uid: uid.clone(),
                status: Status::Enqueued,
                received,
                indexed: None,
                error: None,
                enqueued_at,
                started_at: None,
                finished_at: None,
            },
        );
        while store.tasks.len() > KEPT_TASKS {
            store.tasks.pop_first();
        }
        let summary = json!({
            "taskUid": uid_number,
            "indexUid": uid,
            "status": "enqueued",
            "type": "documentAdditionOrUpdate",
            "enqueuedAt": rfc3339(enqueued_at),
        });
        Ok((StatusCode::ACCEPTED, Json(summary)).into_response())
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

fn internal() -> ApiError {
    ApiError::new(
        Flavor::Meili,
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "internal error",
    )
}

/// `GET /tasks/{uid}`.
pub async fn task(
    State(state): State<AppState>,
    uid: Result<Path<String>, PathRejection>,
) -> Response {
    let run = || -> Result<Value, ApiError> {
        let raw = path_param(uid)?;
        let uid = super::params::parse_number(&raw, usize::MAX).ok_or_else(|| {
            meili_bad(
                "invalid_task_uid",
                format!("Invalid task uid `{raw}`: a task uid is a whole number."),
            )
        })?;
        state.tasks.get(uid as u64).ok_or_else(|| {
            ApiError::new(
                Flavor::Meili,
                StatusCode::NOT_FOUND,
                "task_not_found",
                format!("Task `{uid}` not found."),
            )
        })
    };
    match run() {
        Ok(task) => Json(task).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /tasks?limit&from`: newest first, Meilisearch's paging (`from` = highest uid shown).
pub async fn list(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Result<Value, ApiError> {
        let params = Params::parse(raw.as_deref()).map_err(|e| meili_bad("bad_request", e))?;
        params
            .only(&["limit", "from"])
            .map_err(|e| meili_bad("bad_request", e))?;
        let limit = params
            .number("limit", 20, 1000)
            .map_err(|e| meili_bad("invalid_task_limit", e))?;
        let from = params
            .get("from")
            .map(|f| {
                super::params::parse_number(f, usize::MAX)
                    .map(|n| n as u64)
                    .ok_or_else(|| meili_bad("invalid_task_from", "from must be a whole number"))
            })
            .transpose()?;
        let store = state.tasks.store.lock().map_err(|_| internal())?;
        let mut newest_first = store
            .tasks
            .values()
            .rev()
            .filter(|t| from.is_none_or(|f| t.uid <= f));
        let results: Vec<Value> = newest_first
            .by_ref()
            .take(limit)
            .map(Task::to_json)
            .collect();
        let next = newest_first.next().map(|t| t.uid);
        Ok(json!({
            "results": results,
            "total": store.tasks.len(),
            "limit": limit,
            "from": results.first().and_then(|t| t["uid"].as_u64()),
            "next": next,
        }))
    };
    match run() {
        Ok(list) => Json(list).into_response(),
        Err(e) => e.into_response(),
    }
}
