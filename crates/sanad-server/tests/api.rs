//! The API as a browser or client calls it: through the router, no network needed.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sanad_store::{prepare, Format, Store};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

const HOSTILE: &str = "قره باغ <script>alert(1)</script> <img src=x onerror=alert(2)> \"'&";

fn app(token: Option<&str>) -> (tempfile::TempDir, axum::Router, String) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let x = sanad_core::Extractor::new();
    let p = prepare(&x, "hostile.txt", HOSTILE.as_bytes(), Format::Txt, false).unwrap();
    let id = p.id.clone();
    store.write(p).unwrap();
    store.commit().unwrap();
    let options = sanad_server::Options { ingest_token: token.map(str::to_string), locate: None };
    (dir, sanad_server::router(Arc::new(store), options), id)
}

async fn call(app: &axum::Router, req: Request<Body>) -> (StatusCode, String, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, ct, String::from_utf8_lossy(&body).into_owned())
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, ct, body) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert!(ct.starts_with("application/json"), "{uri}: {ct}");
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}")))
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn every_endpoint_answers_json() {
    let (_dir, app, id) = app(None);
    let (s, v) = get(&app, "/api/documents").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 1);
    let (s, v) = get(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    // Hostile text is returned as data, byte for byte; JSON carries it, the page escapes it.
    assert_eq!(v["text"], HOSTILE);
    let (s, v) = get(&app, &format!("/api/search?q={}", enc("قرهباغ"))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 1);
    let html = v["hits"][0]["snippet_html"].as_str().unwrap();
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>") && !html.contains("<img"),
        "{html}"
    );
    for uri in [
        "/api/timeline",
        "/api/claims?disputed=true",
        "/api/places",
        "/api/stats",
        "/api/entities",
        "/api/openapi.json",
    ] {
        let (s, _) = get(&app, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
    }
    let (_, v) = get(&app, "/api/places").await;
    assert_eq!(v["type"], "FeatureCollection");
    let (_, v) = get(&app, "/api/openapi.json").await;
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
}

#[tokio::test]
async fn bad_requests_are_refused_with_a_message() {
    let (_dir, app, _) = app(None);
    let (s, v) = get(&app, "/api/documents/0000000000000000").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["error"].is_string());
    let (s, _) = get(&app, "/api/search?q=x&from=someday").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = get(&app, "/api/claims?disputed=maybe").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = get(&app, "/api/nothing").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let long = format!("/api/search?q={}", "a".repeat(5000));
    let (s, _) = get(&app, &long).await;
    assert_eq!(s, StatusCode::URI_TOO_LONG);
    // Read-only without a token.
    let (s, _, _) = call(&app, Request::post("/api/documents").body(Body::from("x")).unwrap()).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn static_files_come_only_from_the_bundle() {
    let (_dir, app, _) = app(None);
    let (s, ct, body) = call(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/html"));
    assert!(body.contains("sanad"));
    for uri in
        ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fCargo.toml", "/x/../../Cargo.toml.txt"]
    {
        let (_, _, body) = call(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert!(!body.contains("root:") && !body.contains("[package]"), "{uri}");
    }
}

#[tokio::test]
async fn ingest_needs_the_token() {
    let (_dir, app, _) = app(Some("s3cret"));
    let post = |auth: Option<&str>| {
        let mut b = Request::post("/api/documents?source=new.txt");
        if let Some(a) = auth {
            b = b.header("authorization", a);
        }
        b.body(Body::from("سندی تازه دربارهٔ قره‌باغ")).unwrap()
    };
    let (s, _, _) = call(&app, post(None)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = call(&app, post(Some("Bearer wrong"))).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, body) = call(&app, post(Some("Bearer s3cret"))).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "new");
    let (_, _, body) = call(&app, post(Some("Bearer s3cret"))).await;
    assert!(body.contains("unchanged"));
    let (_, v) = get(&app, &format!("/api/search?q={}", enc("تازه"))).await;
    assert_eq!(v["total"], 1);
}

/// Search answers are cached per index generation: asked twice, the second comes from the
/// cache; after an ingest commits, the same question sees the new document.
#[tokio::test]
async fn a_cached_search_answer_never_outlives_the_index() {
    let (_dir, app, _) = app(Some("s3cret"));
    let uri = format!("/api/search?q={}", enc("قرهباغ"));
    let cache_of = |res: &axum::response::Response| {
        res.headers().get("x-sanad-cache").map(|v| v.to_str().unwrap().to_string())
    };
    let first = app.clone().oneshot(Request::get(&uri).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(cache_of(&first).as_deref(), Some("miss"));
    let again = app.clone().oneshot(Request::get(&uri).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(cache_of(&again).as_deref(), Some("hit"));
    let body = again.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap()["total"], 1);
    let post = Request::post("/api/documents?source=new.txt")
        .header("authorization", "Bearer s3cret")
        .body(Body::from("سندی تازه دربارهٔ قره‌باغ"))
        .unwrap();
    let (s, _, body) = call(&app, post).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (_, v) = get(&app, &uri).await;
    assert_eq!(v["total"], 2, "a cached answer survived the ingest");
}
