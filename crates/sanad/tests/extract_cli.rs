//! `sanad extract` and `sanad normalize` as a user runs them: the output contract, bad input,
//! the JSONL stream.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;

const ESSAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/karabakh-history.fa.txt");

fn sanad() -> Command {
    Command::cargo_bin("sanad").unwrap()
}

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

#[test]
fn essay_output_follows_the_contract_and_every_span_is_the_original_text() {
    let original = std::fs::read(ESSAY).unwrap();
    let out = sanad().args(["extract", "--tokens", ESSAY]).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["bytes"].as_u64().unwrap() as usize, original.len());
    assert_eq!(doc["sha256"].as_str().unwrap().len(), 64);
    let annotations = doc["annotations"].as_array().unwrap();
    assert!(annotations.iter().any(|a| a["kind"] == "token"));
    assert!(annotations.iter().any(|a| a["kind"] == "sentence"));
    for a in annotations {
        let (s, e) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
        assert_eq!(std::str::from_utf8(&original[s..e]).unwrap(), a["text"].as_str().unwrap(), "{a}");
    }
}

#[test]
fn stdin_is_one_document() {
    let out = sanad()
        .args(["extract", "-"])
        .write_stdin("در سال ۱۷۹۵م")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let docs = lines(&out);
    assert_eq!(docs[0]["source"], "-");
    assert_eq!(docs[0]["bytes"], "در سال ۱۷۹۵م".len());
}

#[test]
fn binary_invalid_and_missing_files_are_named_and_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, b"GIF89a\x00\x01").unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9 au lait").unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "سلام").unwrap();
    let missing = dir.path().join("missing.txt");
    let assert = sanad().arg("extract").args([&binary, &latin1, &good, &missing]).assert().code(1);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("image.txt") && stderr.contains("binary"), "{stderr}");
    assert!(stderr.contains("latin1.txt") && stderr.contains("offset 3"), "{stderr}");
    assert!(stderr.contains("missing.txt") && stderr.contains("no such file"), "{stderr}");
    let docs = lines(&output.stdout);
    assert_eq!(docs.len(), 1);
    assert!(docs[0]["source"].as_str().unwrap().ends_with("good.txt"));
}

#[test]
fn lossy_goes_on_past_invalid_utf8() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(b"abc\xffdef").unwrap();
    let out =
        sanad().arg("extract").arg("--lossy").arg(file.path()).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["lossy"], true, "a lossily decoded document says so");
}

#[test]
fn jsonl_stream_echoes_ids_and_survives_bad_lines() {
    let input = concat!(
        "{\"id\": 7, \"text\": \"در سال ۱۸۱۳ م\"}\n",
        "this is not json\n",
        "\n",
        "{\"id\": \"no-text\"}\n",
        "{\"id\": \"last\", \"text\": \"\"}\n",
    );
    let out = sanad()
        .args(["extract", "--jsonl"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let docs = lines(&out);
    assert_eq!(docs.len(), 4, "one output line per non-empty input line");
    assert_eq!(docs[0]["source"], 7);
    assert!(docs[0]["annotations"].is_array());
    assert!(docs[1]["error"].as_str().unwrap().contains("not JSON"));
    assert_eq!(docs[2]["source"], "no-text");
    assert!(docs[2]["error"].is_string());
    assert_eq!(docs[3]["source"], "last");
}

#[test]
fn jsonl_line_over_the_limit_is_an_error_object_and_the_stream_goes_on() {
    let long = format!("{{\"id\": 1, \"text\": \"{}\"}}\n{{\"id\": 2, \"text\": \"x\"}}\n", "ا".repeat(5000));
    let out = sanad()
        .args(["extract", "--jsonl", "--max-line-bytes", "1000"])
        .write_stdin(long)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let docs = lines(&out);
    assert_eq!(docs.len(), 2);
    assert!(docs[0]["error"].as_str().unwrap().contains("max-line-bytes"));
    assert_eq!(docs[1]["source"], 2);
}

#[test]
fn jsonl_output_is_deterministic() {
    let input: String =
        (0..200).map(|i| format!("{{\"id\": {i}, \"text\": \"سال {i} و قره باغ\"}}\n")).collect();
    let run = || {
        sanad()
            .args(["extract", "--jsonl"])
            .write_stdin(input.clone())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let first = run();
    assert_eq!(first, run());
    let docs = lines(&first);
    assert!(docs.iter().enumerate().all(|(i, d)| d["source"] == i));
}

#[test]
fn normalize_is_a_filter() {
    let out = sanad()
        .args(["normalize", "-"])
        .write_stdin("كتاب ۱۲ 34")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("کتاب"), "{text}");
    assert!(text.contains("۳۴"), "{text}");
}
