//! kill -9 in the middle of `sanad ingest`, then ingest again: every finished document is whole,
//! none is half-written, the index catches up, and a third run changes nothing.

use sanad_store::{Access, SearchRequest, Store};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sanad");

/// A text unique to file `i`, with a marker word that only it contains.
fn text(i: usize) -> String {
    let marker = format!("نشان{}", to_letters(i));
    let mut t = format!("سند شمارهٔ {i} دربارهٔ قره‌باغ. {marker} در این متن است.\n");
    for j in 0..60 {
        t.push_str(&format!(
            "جملهٔ {j} از سند {i}: در سال ۱۸{:02} م جنگی رخ داد و {} نفر کشته شدند.\n",
            (i + j) % 100,
            100 + i * j
        ));
    }
    t
}

/// A number as letters, so each marker is one distinct word.
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

fn stored(dir: &Path) -> usize {
    // Not before the child has created the store (two processes creating one index would race).
    if !dir.join("index/meta.json").exists() {
        return 0;
    }
    match Store::open_with(dir, Access::ReadOnly) {
        Ok(s) => s.stats().map(|v| v["versions"].as_u64().unwrap_or(0) as usize).unwrap_or(0),
        Err(_) => 0,
    }
}

#[test]
fn kill_9_mid_ingest_then_reingest() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let n = 1500;
    for i in 0..n {
        std::fs::write(corpus.join(format!("{i:05}.txt")), text(i)).unwrap();
    }
    let store_dir = tmp.path().join("store");

    let mut child = Command::new(BIN)
        .args(["ingest", "--quiet", "--commit-every", "50", "--store"])
        .arg(&store_dir)
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut killed_mid_run = false;
    loop {
        if let Some(_status) = child.try_wait().unwrap() {
            break;
        }
        if stored(&store_dir) >= 60 {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            killed_mid_run = true;
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "ingest never got going");
        std::thread::sleep(Duration::from_millis(5));
    }
    let finished = stored(&store_dir);
    if !killed_mid_run || finished >= n {
        eprintln!("warning: ingest finished before it could be killed ({finished} of {n})");
    }

    // Every finished document is whole: its text is its file's, its sentences all there.
    {
        let store = Store::open_with(&store_dir, Access::ReadOnly).unwrap();
        let list =
            store.documents(&sanad_store::ListRequest { limit: Some(1000), ..Default::default() }).unwrap();
        let extractor = sanad_core::Extractor::new();
        for d in list["documents"].as_array().unwrap() {
            let source = d["source"].as_str().unwrap();
            let bytes = std::fs::read(source).unwrap();
            let doc = store.document(d["id"].as_str().unwrap()).unwrap().unwrap();
            assert_eq!(doc["text"].as_str().unwrap().as_bytes(), &bytes[..], "{source}");
            let fresh =
                sanad_store::prepare(&extractor, source, &bytes, sanad_store::Format::Txt, false).unwrap();
            let count = doc["annotations"].as_array().unwrap().len();
            assert_eq!(count, fresh.annotations.len() + fresh.sentences.len(), "{source}: half a document");
        }
    }

    // Again: picks up where it stopped.
    let out = Command::new(BIN)
        .args(["ingest", "--quiet", "--store"])
        .arg(&store_dir)
        .arg(&corpus)
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{summary}");
    assert!(summary.contains(&format!("{} new", n - finished)), "{summary}");
    assert!(summary.contains(&format!("{finished} unchanged")), "{summary}");
    assert_eq!(stored(&store_dir), n);

    // The index caught up: every document is found by its own marker word, once.
    let store = Store::open(&store_dir).unwrap();
    for i in (0..n).step_by(37).chain([0, n - 1]) {
        let r = store.search(&SearchRequest::query(&format!("نشان{}", to_letters(i)))).unwrap();
        assert_eq!(r["total"], 1, "document {i}: {r}");
    }
    drop(store);

    // A third run changes nothing.
    let out = Command::new(BIN)
        .args(["ingest", "--quiet", "--store"])
        .arg(&store_dir)
        .arg(&corpus)
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(summary.contains(&format!("0 new, 0 new versions, {n} unchanged, 0 failed")), "{summary}");
}
