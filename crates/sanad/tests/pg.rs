//! The PostgreSQL store against a real server (scripts/pg-test.sh starts one and sets
//! SANAD_TEST_PG=postgres://user@host:port/db). Without SANAD_TEST_PG every test here prints
//! SKIPPED and passes, so a plain `cargo test` needs no server; pg-test.sh fails on a skip.
//!
//! Each test works in its own database, created fresh next to SANAD_TEST_PG's.

use sanad_store::db::Conn;
use sanad_store::{Access, Location, Store};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sanad");

/// Say a test was skipped where it is seen even when the harness captures test output (it
/// captures only the print macros, not writes to the stderr handle).
fn skipped(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// A fresh database for `name`, or `None` (with a loud SKIPPED) when there is no server.
fn fresh_db(name: &str) -> Option<String> {
    let Ok(url) = std::env::var("SANAD_TEST_PG") else {
        skipped(&format!(
            "SKIPPED {name}: SANAD_TEST_PG is not set (run scripts/pg-test.sh for the PostgreSQL tests)"
        ));
        return None;
    };
    let (base, _) = url.rsplit_once('/').expect("SANAD_TEST_PG is postgres://user@host:port/db");
    let db = format!("sanad_{name}");
    let admin = Conn::open_postgres(&url).expect("connect to SANAD_TEST_PG");
    admin.batch(&format!("DROP DATABASE IF EXISTS {db}")).unwrap();
    admin.batch(&format!("CREATE DATABASE {db}")).unwrap();
    Some(format!("{base}/{db}"))
}

fn sanad(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A text unique to file `i`, with a marker word that only it contains.
fn text(i: usize) -> String {
    let marker = format!("نشان{}", to_letters(i));
    let mut t = format!("سند شمارهٔ {i} دربارهٔ قره‌باغ. {marker} در این متن است.\n");
    for j in 0..20 {
        t.push_str(&format!(
            "جملهٔ {j} از سند {i}: در سال ۱۸{:02} م جنگی در گنجه رخ داد و به گفتهٔ منابع روسی {} نفر کشته شدند.\n",
            (i + j) % 100,
            100 + i * j
        ));
    }
    t
}

fn to_letters(mut i: usize) -> String {
    let letters = ['ا', 'ب', 'پ', 'ت', 'ث', 'ج', 'چ', 'ح', 'خ', 'د'];
    let mut s = String::new();
    loop {
        s.push(letters[i % 10]);
        i /= 10;
        if i == 0 {
            break s;
        }
    }
}

fn write_corpus(dir: &Path, range: std::ops::Range<usize>) {
    std::fs::create_dir_all(dir).unwrap();
    for i in range {
        std::fs::write(dir.join(format!("{i:05}.txt")), text(i)).unwrap();
    }
}

fn one(conn: &Conn, sql: &str) -> i64 {
    conn.query_one(sql, &[], |r| r.get(0)).unwrap()
}

fn open_pg(url: &str, index: &Path) -> Store {
    Store::open_at(&Location::Postgres(url.to_string()), Some(index), Access::ReadOnly).unwrap()
}

#[test]
fn concurrent_ingests_of_overlapping_folders_store_each_document_once() {
    let Some(url) = fresh_db("concurrent") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (shared, a, b) = (tmp.path().join("shared"), tmp.path().join("a"), tmp.path().join("b"));
    write_corpus(&shared, 0..150);
    write_corpus(&a, 150..200);
    write_corpus(&b, 200..250);
    let index = tmp.path().join("index");
    let spawn = |own: &Path| {
        Command::new(BIN)
            .args(["ingest", "--quiet", "--commit-every", "20", "--store", &url, "--index"])
            .arg(&index)
            .arg(&shared)
            .arg(own)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Two processes over the same 150 files (and 50 of their own each), at the same time, on
    // one index folder: one holds its writer, the other leaves indexing to it.
    let first = spawn(&a);
    let second = spawn(&b);
    let mut reports = Vec::new();
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        reports.push(err);
    }
    let new: usize = reports
        .iter()
        .map(|r| r.split(" new,").next().unwrap().rsplit(|c: char| !c.is_ascii_digit()).next().unwrap())
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(new, 250, "each document is new to exactly one process: {reports:?}");

    let conn = Conn::open_postgres(&url).unwrap();
    assert_eq!(one(&conn, "SELECT COUNT(*) FROM documents"), 250);
    assert_eq!(one(&conn, "SELECT COUNT(DISTINCT source) FROM documents"), 250);
    assert_eq!(
        one(&conn, "SELECT COUNT(*) FROM documents WHERE version <> 1 OR superseded_by IS NOT NULL"),
        0
    );
    // Every document whole: the same number of annotations as a lone writer gives it.
    let extractor = sanad_core::Extractor::new();
    for i in [0usize, 149, 150, 249] {
        let dir = if i < 150 {
            &shared
        } else if i < 200 {
            &a
        } else {
            &b
        };
        let bytes = std::fs::read(dir.join(format!("{i:05}.txt"))).unwrap();
        let p = sanad_store::prepare(&extractor, "x", &bytes, sanad_store::Format::Txt, false).unwrap();
        let n: i64 = conn
            .query_one(
                "SELECT COUNT(*) FROM annotations WHERE doc = ?1",
                &[&p.id as &dyn sanad_store::db::ToParam],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n as usize, p.annotations.len() + p.sentences.len(), "document {i}");
    }
    // The index caught up with what the process without the writer stored.
    let store = open_pg(&url, &index);
    for i in [0usize, 170, 230] {
        let hits =
            store.search(&sanad_store::SearchRequest::query(&format!("نشان{}", to_letters(i)))).unwrap();
        assert_eq!(hits["total"], 1, "document {i}: {hits}");
    }
    let all = store.search(&sanad_store::SearchRequest::query("قره‌باغ")).unwrap();
    assert_eq!(all["total"], 250);

    // A third run over both changes nothing.
    let (ok, _, err) = sanad(&[
        "ingest",
        "--quiet",
        "--store",
        &url,
        "--index",
        index.to_str().unwrap(),
        shared.to_str().unwrap(),
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    assert!(ok && err.contains("0 new") && err.contains("250 unchanged"), "{err}");
}

#[test]
fn kill_9_mid_ingest_loses_no_committed_document() {
    let Some(url) = fresh_db("kill9") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let n = 600;
    write_corpus(&corpus, 0..n);
    let index = tmp.path().join("index");
    let mut child = Command::new(BIN)
        .args(["ingest", "--quiet", "--commit-every", "50", "--store", &url, "--index"])
        .arg(&index)
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut killed = false;
    let mut conn: Option<Conn> = None;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if conn.is_none() {
            conn = Conn::open_postgres(&url).ok();
        }
        let stored = conn
            .as_ref()
            .and_then(|c| c.query_one("SELECT COUNT(*) FROM documents", &[], |r| r.get::<i64>(0)).ok())
            .unwrap_or(0);
        if stored >= 60 {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            killed = true;
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "ingest never got going");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(killed, "the ingest finished before it could be killed; make the corpus bigger");
    let conn = Conn::open_postgres(&url).unwrap();
    let after_kill = one(&conn, "SELECT COUNT(*) FROM documents");
    assert!(after_kill >= 60 && after_kill < n as i64, "{after_kill}");
    // Every committed document is whole: as many annotations as extraction gives it.
    let extractor = sanad_core::Extractor::new();
    let stored: Vec<(String, String, i64)> = conn
        .query_map(
            "SELECT d.id, d.source, (SELECT COUNT(*) FROM annotations a WHERE a.doc = d.id) FROM documents d ORDER BY d.id",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    for (id, source, count) in stored.iter().take(40) {
        let bytes = std::fs::read(source).unwrap();
        let p = sanad_store::prepare(&extractor, source, &bytes, sanad_store::Format::Txt, false).unwrap();
        assert_eq!(&p.id, id);
        assert_eq!(*count as usize, p.annotations.len() + p.sentences.len(), "{source}");
    }

    // Again: the rest is added, what was there is kept, and the index holds them all.
    let (ok, _, err) = sanad(&[
        "ingest",
        "--quiet",
        "--store",
        &url,
        "--index",
        index.to_str().unwrap(),
        corpus.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains(&format!("{} new", n as i64 - after_kill)), "{err}");
    assert_eq!(one(&conn, "SELECT COUNT(*) FROM documents"), n as i64);
    let store = open_pg(&url, &index);
    assert_eq!(store.search(&sanad_store::SearchRequest::query("قره‌باغ")).unwrap()["total"], n);
    for (_, source, _) in stored.iter().take(5) {
        let i: usize = Path::new(source).file_stem().unwrap().to_str().unwrap().parse().unwrap();
        let hits =
            store.search(&sanad_store::SearchRequest::query(&format!("نشان{}", to_letters(i)))).unwrap();
        assert_eq!(hits["total"], 1, "{source}");
    }
    // And once more: nothing changes.
    let (ok, _, err) = sanad(&[
        "ingest",
        "--quiet",
        "--store",
        &url,
        "--index",
        index.to_str().unwrap(),
        corpus.to_str().unwrap(),
    ]);
    assert!(ok && err.contains("0 new") && err.contains(&format!("{n} unchanged")), "{err}");
    assert_eq!(one(&conn, "SELECT COUNT(*) FROM documents"), n as i64);
}

/// `GET path` from a server at `addr`: (status line, body).
fn get(addr: &str, path: &str) -> (String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    let (head, body) = all.split_once("\r\n\r\n").unwrap_or((&all, ""));
    (head.lines().next().unwrap_or("").to_string(), body.to_string())
}

struct Server(std::process::Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(store: &str, index: Option<&Path>) -> Server {
    let mut cmd = Command::new(BIN);
    cmd.args(["serve", "--port", "0", "--store", store]);
    if let Some(i) = index {
        cmd.arg("--index").arg(i);
    }
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).unwrap_or_else(|| panic!("{line}")).trim().trim_end_matches('/');
    let addr = addr.split('/').next().unwrap().to_string();
    Server(child, addr)
}

/// JSON without what differs between two stores of the same documents (times, paths).
fn comparable(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for k in ["ingested_at", "took_ms", "source", "score"] {
                    m.remove(k);
                }
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

#[test]
fn serve_search_export_and_reindex_from_postgres_equal_sqlite() {
    let Some(url) = fresh_db("serve") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    write_corpus(&corpus, 0..20);
    let essay = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/karabakh-history.fa.txt");
    std::fs::copy(essay, corpus.join("essay.txt")).unwrap();
    let sqlite = tmp.path().join("sqlite");
    let (sqlite_s, corpus_s) = (sqlite.to_str().unwrap(), corpus.to_str().unwrap());
    let index = tmp.path().join("pg-index");
    let index_s = index.to_str().unwrap();
    let (ok, _, err) = sanad(&["ingest", "--quiet", "--store", sqlite_s, corpus_s]);
    assert!(ok, "{err}");
    let (ok, _, err) = sanad(&["ingest", "--quiet", "--store", &url, "--index", index_s, corpus_s]);
    assert!(ok, "{err}");

    // Every export format gives the same from both (times and paths aside).
    for format in ["json", "csv", "geojson", "tei", "timelinejs"] {
        let (ok, from_sqlite, err) = sanad(&["export", "--store", sqlite_s, "--format", format]);
        assert!(ok, "{err}");
        let (ok, from_pg, err) = sanad(&["export", "--store", &url, "--index", index_s, "--format", format]);
        assert!(ok, "{format}: {err}");
        if format == "json" {
            let parse = |s: &str| -> Vec<Value> {
                s.lines().map(|l| comparable(serde_json::from_str(l).unwrap())).collect()
            };
            assert_eq!(parse(&from_sqlite), parse(&from_pg), "export json");
        } else {
            let clean = |s: &str| s.replace(&format!("{corpus_s}/"), "");
            assert_eq!(clean(&from_sqlite).len(), clean(&from_pg).len(), "export {format}");
        }
    }

    // Search from the CLI.
    let (ok, out, err) = sanad(&["search", "--store", &url, "--index", index_s, "--json", "قره باغ"]);
    assert!(ok, "{err}");
    let hits: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(hits["total"], 21, "{out}");

    // The API: the same answers from PostgreSQL as from SQLite.
    let from_sqlite = serve(sqlite_s, None);
    let from_pg = serve(&url, Some(&index));
    for path in [
        "/api/stats",
        "/api/documents",
        "/api/documents?source=0001&limit=5&offset=2",
        "/api/timeline?from=1800&to=1900",
        "/api/claims",
        "/api/claims?disputed=true",
        "/api/places",
        "/api/entities",
        "/api/search?q=%D9%82%D8%B1%D9%87%20%D8%A8%D8%A7%D8%BA&limit=50",
        "/api/search?q=%DA%AF%D9%86%D8%AC%D9%87&from=1850&to=1860",
    ] {
        let (status_a, a) = get(&from_sqlite.1, path);
        let (status_b, b) = get(&from_pg.1, path);
        assert!(status_b.contains(" 200"), "{path}: {status_b} {b}");
        assert_eq!(status_a, status_b, "{path}");
        let (a, b): (Value, Value) = (serde_json::from_str(&a).unwrap(), serde_json::from_str(&b).unwrap());
        let (a, mut b) = (comparable(a), comparable(b));
        if path.starts_with("/api/search") {
            // Scores and ranks among equal scores may differ between two indexes; compare sets.
            let ids = |v: &Value| -> BTreeSet<String> {
                v["hits"].as_array().unwrap().iter().map(|h| h["doc"].as_str().unwrap().to_string()).collect()
            };
            assert_eq!(a["total"], b["total"], "{path}");
            assert_eq!(ids(&a), ids(&b), "{path}");
            continue;
        }
        if let Some(s) = b.get_mut("schema_version") {
            *s = a["schema_version"].clone();
        }
        assert_eq!(a, b, "{path}");
    }
    let id = {
        let (_, docs) = get(&from_pg.1, "/api/documents?limit=1");
        let v: Value = serde_json::from_str(&docs).unwrap();
        v["documents"][0]["id"].as_str().unwrap().to_string()
    };
    let (_, a) = get(&from_sqlite.1, &format!("/api/documents/{id}"));
    let (_, b) = get(&from_pg.1, &format!("/api/documents/{}", &id[..12]));
    assert_eq!(comparable(serde_json::from_str(&a).unwrap()), comparable(serde_json::from_str(&b).unwrap()));
    drop(from_pg);

    // reindex: a new index folder rebuilt from PostgreSQL finds the same; so does SQLite's.
    let rebuilt = tmp.path().join("rebuilt");
    let (ok, _, err) = sanad(&["reindex", "--quiet", "--store", &url, "--index", rebuilt.to_str().unwrap()]);
    assert!(ok && err.contains("21 documents indexed"), "{err}");
    let (ok, out, _) =
        sanad(&["search", "--store", &url, "--index", rebuilt.to_str().unwrap(), "--json", "قره باغ"]);
    assert!(ok);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["total"], 21);
    drop(from_sqlite);
    let (ok, _, err) = sanad(&["reindex", "--quiet", "--store", sqlite_s]);
    assert!(ok && err.contains("21 documents indexed"), "{err}");
    let (ok, out, _) = sanad(&["search", "--store", sqlite_s, "--json", "قره باغ"]);
    assert!(ok);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["total"], 21);
}

/// A document's annotations and claim groups, as the store gives them.
fn doc_content(store: &Store, id: &str) -> (Value, Value, Value, Value) {
    let d = store.document(id).unwrap().unwrap();
    (
        d["title"].clone(),
        d["text"].clone(),
        comparable(d["annotations"].clone()),
        comparable(d["claims"].clone()),
    )
}

#[test]
fn load_of_the_spark_output_equals_ingest() {
    let Some(url) = fresh_db("load") else { return };
    let (Ok(out), Ok(corpus)) =
        (std::env::var("SANAD_TEST_SPARK_OUT"), std::env::var("SANAD_TEST_SPARK_CORPUS"))
    else {
        skipped("SKIPPED load_of_the_spark_output_equals_ingest: SANAD_TEST_SPARK_OUT / SANAD_TEST_SPARK_CORPUS not set (scripts/pg-test.sh makes them with the Spark job)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // The same documents as files, ingested the ordinary way.
    let files = tmp.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut texts = BTreeMap::new();
    let mut good = 0;
    for (n, line) in std::fs::read_to_string(&corpus).unwrap().lines().enumerate() {
        let Ok(doc) = serde_json::from_str::<Value>(line) else { continue };
        let Some(text) = doc["text"].as_str() else { continue };
        std::fs::write(files.join(format!("{n:05}.txt")), text).unwrap();
        texts.insert(sanad_store::sha256_hex(text.as_bytes()), n);
        good += 1;
    }
    let ingested = tmp.path().join("ingested");
    let (ok, _, err) =
        sanad(&["ingest", "--quiet", "--store", ingested.to_str().unwrap(), files.to_str().unwrap()]);
    assert!(ok, "{err}");

    let index = tmp.path().join("index");
    let (ok, _, err) = sanad(&["load", "--quiet", "--store", &url, "--index", index.to_str().unwrap(), &out]);
    eprintln!("{err}");
    // The corpus has deliberately bad lines: the job answered them with error rows, which the
    // load reports (and its exit code says so); every good document is loaded.
    assert!(!ok && err.contains("could not read it"), "{err}");
    // Documents with the same text (the corpus repeats a few) are one document.
    assert!(
        err.contains(&format!("{} new, 0 new versions, {} unchanged", texts.len(), good - texts.len())),
        "{err}"
    );
    let (ok, _, err) = sanad(&["load", "--quiet", "--store", &url, "--index", index.to_str().unwrap(), &out]);
    assert!(!ok && err.contains("0 new") && err.contains(&format!("{good} unchanged")), "{err}");

    let a = Store::open_with(&ingested, Access::ReadOnly).unwrap();
    let b = open_pg(&url, &index);
    assert_eq!(a.stats().unwrap(), b.stats().unwrap(), "same counts of everything");
    for id in texts.keys() {
        assert_eq!(doc_content(&a, id), doc_content(&b, id), "document {id}");
    }
    let q = sanad_store::SearchRequest::query("قره باغ");
    assert_eq!(a.search(&q).unwrap()["total"], b.search(&q).unwrap()["total"]);

    // In buckets (one pass over the Parquet per 20 kB of it), the same.
    let Some(url) = fresh_db("load_buckets") else { return };
    let c = Store::open_at(&Location::Postgres(url), Some(&tmp.path().join("index-c")), Access::ReadWrite)
        .unwrap();
    let summary =
        sanad_store::load::load_in_buckets(&c, Path::new(&out), 20_000, &sanad_store::ingest::Quiet).unwrap();
    assert_eq!(summary.new, texts.len(), "{}", summary.render());
    assert_eq!(a.stats().unwrap(), c.stats().unwrap());
    for id in texts.keys().take(50) {
        assert_eq!(doc_content(&a, id), doc_content(&c, id), "document {id}");
    }
}

#[test]
fn concurrent_versions_of_one_source_are_numbered_without_gaps_or_twins() {
    let Some(url) = fresh_db("versions") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let extractor = sanad_core::Extractor::new();
    // 2 × 15 different texts, all at the same source, written by two stores (two connections)
    // at once.
    let prepared: Vec<Vec<sanad_store::Prepared>> = (0..2)
        .map(|w| {
            (0..15)
                .map(|i| {
                    let t = format!("نسخهٔ {i} از نویسندهٔ {w}: قره‌باغ در سال ۱۸۱۳ م.");
                    sanad_store::prepare(
                        &extractor,
                        "same.txt",
                        t.as_bytes(),
                        sanad_store::Format::Txt,
                        false,
                    )
                    .unwrap()
                })
                .collect()
        })
        .collect();
    let stores: Vec<Store> = (0..2)
        .map(|w| {
            let index = tmp.path().join(format!("index-{w}"));
            Store::open_at(&Location::Postgres(url.clone()), Some(&index), Access::ReadWrite).unwrap()
        })
        .collect();
    std::thread::scope(|s| {
        for (store, docs) in stores.iter().zip(prepared) {
            s.spawn(move || {
                for p in docs {
                    store.write(p).unwrap();
                }
                store.commit().unwrap();
            });
        }
    });
    let conn = Conn::open_postgres(&url).unwrap();
    let versions: Vec<i64> = conn
        .query_map("SELECT version FROM documents WHERE source = 'same.txt' ORDER BY version", &[], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(versions, (1..=30).collect::<Vec<i64>>());
    assert_eq!(one(&conn, "SELECT COUNT(*) FROM documents WHERE superseded_by IS NULL"), 1);
    // Each version is superseded by the next one.
    assert_eq!(
        one(
            &conn,
            "SELECT COUNT(*) FROM documents a JOIN documents b ON b.id = a.superseded_by WHERE b.version = a.version + 1"
        ),
        29
    );
}
