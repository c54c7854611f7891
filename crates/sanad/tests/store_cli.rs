//! `sanad ingest`, `search`, `export`, `serve` and `demo` as a user runs them.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sanad");

fn sanad(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ingest_folders_reports_bad_files_and_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::create_dir_all(src.join("skip")).unwrap();
    std::fs::write(src.join("a.txt"), "تاریخ قره باغ در ۱۸۱۳ م").unwrap();
    std::fs::write(src.join("sub/b.md"), "# عنوان\nمتن دوم").unwrap();
    std::fs::write(
        src.join("sub/c.html"),
        "<title>صفحه</title><p>قره&zwnj;باغ &amp; گنجه</p><script>x()</script>",
    )
    .unwrap();
    std::fs::write(src.join("skip/d.txt"), "نباید خوانده شود").unwrap();
    std::fs::write(src.join("image.png"), [0u8, 1, 2]).unwrap();
    std::fs::write(src.join("bad.txt"), [b'a', 0xff, b'b']).unwrap();
    let store = tmp.path().join("store");
    let store_s = store.to_str().unwrap();
    let src_s = src.to_str().unwrap();

    let (ok, _, err) = sanad(&["ingest", "--store", store_s, "--exclude", "skip", src_s]);
    assert!(!ok, "a bad file makes the exit code say so");
    assert!(err.contains("3 new") && err.contains("1 failed") && err.contains("bad.txt"), "{err}");
    let (ok, _, err) =
        sanad(&["ingest", "--store", store_s, "--exclude", "skip", "--exclude", "bad.txt", src_s]);
    assert!(ok, "{err}");
    assert!(err.contains("0 new") && err.contains("3 unchanged"), "{err}");

    let (ok, out, _) = sanad(&["search", "--store", store_s, "قرهباغ"]);
    assert!(ok);
    assert!(out.starts_with("2 documents match"), "{out}");
    let (ok, out, _) = sanad(&["search", "--store", store_s, "--json", "نباید"]);
    assert!(ok);
    assert!(out.contains("\"total\": 0"), "{out}");

    for format in ["json", "csv", "geojson", "tei", "timelinejs"] {
        let (ok, out, err) = sanad(&["export", "--store", store_s, "--format", format]);
        assert!(ok, "{format}: {err}");
        assert!(!out.is_empty());
    }
    let (ok, _, err) = sanad(&["search", "--store", tmp.path().join("none").to_str().unwrap(), "x"]);
    assert!(!ok && err.contains("no store here"), "{err}");
}

#[test]
fn stdin_is_one_document() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    let mut child = Command::new(BIN)
        .args(["ingest", "--store", store.to_str().unwrap(), "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("متنی از ورودی".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 new"));
}

#[test]
fn demo_then_serve_on_loopback() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("demo");
    let (ok, out, err) = sanad(&["demo", "--no-serve", "--store", store.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("demo"), "{out}");

    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0", "--store", store.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches(|c| c != '/')
        .trim_end_matches('/')
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    let get = |path: &str| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut body = String::new();
        s.read_to_string(&mut body).unwrap();
        body
    };
    let docs = get("/api/documents");
    assert!(docs.starts_with("HTTP/1.1 200"), "{docs}");
    assert!(docs.contains("karabakh-history"), "{docs}");
    assert!(get("/").contains("sanad"));
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Regression: `sanad export --format geojson` wrote every place with `"geometry": null` (the
/// CLI passed no coordinates), so the file drew nothing in a GIS.
#[test]
fn geojson_export_places_carry_coordinates() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    let doc = tmp.path().join("k.txt");
    std::fs::write(&doc, "قرهباغ و گنجه در ۱۸۰۴ م").unwrap();
    let store_s = store.to_str().unwrap();
    let (ok, _, err) = sanad(&["ingest", "--store", store_s, doc.to_str().unwrap()]);
    assert!(ok, "{err}");
    let (ok, out, err) = sanad(&["export", "--store", store_s, "--format", "geojson"]);
    assert!(ok, "{err}");
    let places: serde_json::Value = serde_json::from_str(&out).unwrap();
    let karabakh = places["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "karabakh")
        .unwrap_or_else(|| panic!("no karabakh in {out}"));
    let lon_lat = karabakh["geometry"]["coordinates"].as_array().expect("a Point");
    let (lon, lat) = (lon_lat[0].as_f64().unwrap(), lon_lat[1].as_f64().unwrap());
    assert!((44.0..50.0).contains(&lon) && (38.0..42.0).contains(&lat), "{lon_lat:?}");
}
