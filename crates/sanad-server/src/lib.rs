//! sanad's HTTP server: the read-only JSON API over a [`Store`] (see `API.md`) and the web page
//! embedded at build time. Binds loopback unless told otherwise; every answer is JSON data (the
//! page escapes what it shows); request bodies and query strings are bounded; static files come
//! only from the embedded table, so no path can reach the file system.

use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sanad_store::{ClaimsRequest, ListRequest, SearchRequest, Store, TimelineRequest};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

mod assets {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// The hand-written OpenAPI 3 description, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");
const FALLBACK_PAGE: &str = include_str!("fallback.html");

/// Longest query string accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Largest request body accepted (ingest only), in bytes.
pub const MAX_BODY_BYTES: usize = 16 << 20;

/// Entity id → `[lon, lat]`, for the map.
pub type Locate = dyn Fn(&str) -> Option<[f64; 2]> + Send + Sync;

/// What the server needs besides the store.
#[derive(Clone, Default)]
pub struct Options {
    /// With a token, `POST /api/documents` ingests (Bearer auth); without, the API is read-only.
    pub ingest_token: Option<String>,
    /// Coordinates of places; `None` leaves every geometry null.
    pub locate: Option<Arc<Locate>>,
}

#[derive(Clone)]
struct App {
    store: Arc<Store>,
    options: Options,
    extractor: Arc<OnceLock<sanad_core::Extractor>>,
    searches: Arc<Mutex<SearchCache>>,
}

/// Most search answers kept; the cache is emptied when it is full.
const SEARCH_CACHE_ENTRIES: usize = 4096;

/// Search answers already given, as the JSON bytes sent, for the index generation they were
/// computed on. A page that searches as the user types, or many readers following one link,
/// asks the same question again and again; building its snippets (tokenizing every hit's text)
/// is most of a search's cost. Any commit to the index (an ingest here or by another process)
/// changes the generation and so empties the cache: an answer is never older than the index.
#[derive(Default)]
struct SearchCache {
    generation: u64,
    answers: HashMap<String, axum::body::Bytes>,
}

impl SearchCache {
    fn get(&mut self, generation: u64, key: &str) -> Option<axum::body::Bytes> {
        if self.generation != generation {
            self.generation = generation;
            self.answers.clear();
        }
        self.answers.get(key).cloned()
    }

    fn put(&mut self, generation: u64, key: String, answer: axum::body::Bytes) {
        if self.generation != generation {
            return;
        }
        if self.answers.len() >= SEARCH_CACHE_ENTRIES {
            self.answers.clear();
        }
        self.answers.insert(key, answer);
    }
}

fn json_bytes(bytes: axum::body::Bytes, cache: &'static str) -> Response {
    let mut r = Response::new(axum::body::Body::from(bytes));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r.headers_mut().insert("x-sanad-cache", HeaderValue::from_static(cache));
    r
}

/// Whether the binary carries the built web page (else a small built-in page is served).
pub fn has_web_bundle() -> bool {
    assets::ASSETS.iter().any(|(p, _)| *p == "index.html")
}

type Params = Query<HashMap<String, String>>;

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({"error": message.into()}))).into_response()
}

fn store_error(e: sanad_store::Error) -> Response {
    if e.is_bad_request() {
        error(StatusCode::BAD_REQUEST, e.to_string())
    } else {
        error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

async fn blocking<F>(app: &App, f: F) -> Response
where
    F: FnOnce(&Store) -> Result<Option<Value>, sanad_store::Error> + Send + 'static,
{
    let store = app.store.clone();
    match tokio::task::spawn_blocking(move || f(&store)).await {
        Ok(Ok(Some(v))) => Json(v).into_response(),
        Ok(Ok(None)) => error(StatusCode::NOT_FOUND, "no such document"),
        Ok(Err(e)) => store_error(e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error: {e}")),
    }
}

fn get_str(p: &HashMap<String, String>, k: &str) -> Option<String> {
    p.get(k).filter(|s| !s.is_empty()).cloned()
}

/// A bad parameter's message; the handler answers it with 400.
type BadParam = String;

fn get_usize(p: &HashMap<String, String>, k: &str) -> Result<Option<usize>, BadParam> {
    match p.get(k).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| format!("{k}: not a number: {s}")),
    }
}

fn get_bool(p: &HashMap<String, String>, k: &str) -> Result<Option<bool>, BadParam> {
    match p.get(k).map(String::as_str) {
        None | Some("") => Ok(None),
        Some("true" | "1" | "yes") => Ok(Some(true)),
        Some("false" | "0" | "no") => Ok(Some(false)),
        Some(s) => Err(format!("{k}: expected true or false, got {s}")),
    }
}

macro_rules! tryp {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(message) => return error(StatusCode::BAD_REQUEST, message),
        }
    };
}

async fn stats(State(app): State<App>) -> Response {
    blocking(&app, |s| s.stats().map(Some)).await
}

async fn documents(State(app): State<App>, Query(p): Params) -> Response {
    let req = ListRequest {
        limit: tryp!(get_usize(&p, "limit")),
        offset: tryp!(get_usize(&p, "offset")),
        source: get_str(&p, "source"),
    };
    blocking(&app, move |s| s.documents(&req).map(Some)).await
}

async fn document(State(app): State<App>, Path(id): Path<String>) -> Response {
    blocking(&app, move |s| s.document(&id)).await
}

async fn search(State(app): State<App>, Query(p): Params) -> Response {
    let req = SearchRequest {
        q: p.get("q").cloned().unwrap_or_default(),
        from: get_str(&p, "from"),
        to: get_str(&p, "to"),
        entity: get_str(&p, "entity"),
        kind: get_str(&p, "kind"),
        source: get_str(&p, "source"),
        doc: get_str(&p, "doc"),
        limit: tryp!(get_usize(&p, "limit")),
        offset: tryp!(get_usize(&p, "offset")),
    };
    let key = format!("{req:?}");
    let generation = app.store.search_generation();
    if let Some(answer) = app.searches.lock().expect("search cache").get(generation, &key) {
        return json_bytes(answer, "hit");
    }
    let store = app.store.clone();
    match tokio::task::spawn_blocking(move || store.search(&req)).await {
        Ok(Ok(v)) => match serde_json::to_vec(&v) {
            Ok(bytes) => {
                let bytes = axum::body::Bytes::from(bytes);
                app.searches.lock().expect("search cache").put(generation, key, bytes.clone());
                json_bytes(bytes, "miss")
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error: {e}")),
        },
        Ok(Err(e)) => store_error(e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error: {e}")),
    }
}

async fn timeline(State(app): State<App>, Query(p): Params) -> Response {
    let req = TimelineRequest {
        from: get_str(&p, "from"),
        to: get_str(&p, "to"),
        entity: get_str(&p, "entity"),
        doc: get_str(&p, "doc"),
        limit: tryp!(get_usize(&p, "limit")),
    };
    blocking(&app, move |s| s.timeline(&req).map(Some)).await
}

async fn claims(State(app): State<App>, Query(p): Params) -> Response {
    let req = ClaimsRequest {
        disputed: tryp!(get_bool(&p, "disputed")),
        doc: get_str(&p, "doc"),
        limit: tryp!(get_usize(&p, "limit")),
        offset: tryp!(get_usize(&p, "offset")),
    };
    blocking(&app, move |s| s.claims(&req).map(Some)).await
}

async fn places(State(app): State<App>) -> Response {
    let locate = app.options.locate.clone();
    blocking(&app, move |s| match locate {
        Some(l) => s.places_with(&*l).map(Some),
        None => s.places().map(Some),
    })
    .await
}

async fn entities(State(app): State<App>, Query(p): Params) -> Response {
    let kind = get_str(&p, "type");
    let limit = tryp!(get_usize(&p, "limit"));
    let offset = tryp!(get_usize(&p, "offset"));
    blocking(&app, move |s| s.entities(kind.as_deref(), limit, offset).map(Some)).await
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], OPENAPI).into_response()
}

/// Compare without leaking where the first difference is.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn ingest(
    State(app): State<App>,
    Query(p): Params,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(token) = app.options.ingest_token.clone() else {
        return error(
            StatusCode::METHOD_NOT_ALLOWED,
            "the API is read-only (start the server with --ingest-token)",
        );
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(given.as_bytes(), token.as_bytes()) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong ingest token");
    }
    let source = get_str(&p, "source").unwrap_or_else(|| "api".to_string());
    let format = match p.get("format").map(String::as_str) {
        None | Some("") => sanad_store::Format::Txt,
        Some(f) => match sanad_store::Format::parse(f) {
            Some(f) => f,
            None => {
                return error(StatusCode::BAD_REQUEST, format!("format: expected txt, md or html, got {f}"))
            }
        },
    };
    let extractor = app.extractor.clone();
    blocking(&app, move |s| {
        let extractor = extractor.get_or_init(sanad_core::Extractor::new);
        let prepared = sanad_store::prepare(extractor, &source, &body, format, false)
            .map_err(|e| sanad_store::Error::bad_request(e.to_string()))?;
        let id = prepared.id.clone();
        let n = prepared.annotations.len();
        let outcome = s.write(prepared)?;
        s.commit()?;
        Ok(Some(json!({"id": id, "status": outcome.as_str(), "annotations": n})))
    })
    .await
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "geojson" => "application/geo+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn asset(path: &str) -> Option<&'static [u8]> {
    assets::ASSETS.binary_search_by(|(p, _)| (*p).cmp(path)).ok().map(|i| assets::ASSETS[i].1)
}

async fn static_file(request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/');
    if path.starts_with("api/") || path == "api" {
        return error(StatusCode::NOT_FOUND, format!("no API endpoint /{path}"));
    }
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(bytes) = asset(path) {
        return ([(header::CONTENT_TYPE, content_type(path))], bytes).into_response();
    }
    // Page routes (no extension) get the page; anything else is missing.
    let last = path.rsplit('/').next().unwrap_or("");
    if !last.contains('.') || path == "index.html" {
        return match asset("index.html") {
            Some(bytes) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response(),
            None => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], FALLBACK_PAGE).into_response(),
        };
    }
    (StatusCode::NOT_FOUND, "not found").into_response()
}

async fn limit_query(request: Request, next: Next) -> Response {
    if request.uri().query().is_some_and(|q| q.len() > MAX_QUERY_BYTES) {
        return error(StatusCode::URI_TOO_LONG, format!("query string longer than {MAX_QUERY_BYTES} bytes"));
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
        ),
    );
    response
}

/// The whole application: API routes, the page, the limits.
pub fn router(store: Arc<Store>, options: Options) -> Router {
    let app = App { store, options, extractor: Arc::new(OnceLock::new()), searches: Arc::default() };
    Router::new()
        .route("/api/stats", get(stats))
        .route("/api/documents", get(documents).post(ingest))
        .route("/api/documents/{id}", get(document))
        .route("/api/search", get(search))
        .route("/api/timeline", get(timeline))
        .route("/api/claims", get(claims))
        .route("/api/places", get(places))
        .route("/api/entities", get(entities))
        .route("/api/openapi.json", get(openapi))
        .fallback(static_file)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(limit_query))
        .with_state(app)
}

/// Serve until interrupted (Ctrl-C). `ready` is called with the bound address before serving.
pub fn serve(
    store: Arc<Store>,
    options: Options,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        ready(bound);
        axum::serve(listener, router(store, options))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("server: {e}"))
    })
}
