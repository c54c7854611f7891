//! hazm's own normalizer, tokenizer and sentence-splitter cases (`../shared/peers/hazm-cases.jsonl`,
//! MIT, see hazm-cases.SOURCE.md there) run against sanad. Prints the pass rate and every miss;
//! passes while the rate stays above a threshold. Where sanad differs on purpose, see
//! `data/text/hazm-differences.md`.
//!
//! Mapping: every `Normalizer.*` case (hazm's sub-steps too) → sanad's whole default normalizer
//! (the case input is small, so the other steps rarely matter); `WordTokenizer.tokenize` and
//! `word_tokenize` without placeholder options → `tokenize`; `sent_tokenize` and
//! `SentenceTokenizer.tokenize` → `split_sentences`. Not applicable (counted apart): hazm's
//! placeholder options (LINK, NUMF, ID), `join_verb_parts`, `TokenSplitter`, `InformalNormalizer`.

use sanad_text::{split_sentences, tokenize, NormalizeOptions, Normalizer};
use serde_json::Value;

/// The pass rate this suite must keep (measured 2026-11-24; see the report it prints).
const THRESHOLD: f64 = 0.72;

fn cases_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peers/hazm-cases.jsonl")
}

fn as_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_str().map(str::to_string)).collect(),
        Value::String(s) => Some(s.split(' ').filter(|t| !t.is_empty()).map(str::to_string).collect()),
        _ => None,
    }
}

#[test]
fn hazm_cases_pass_rate() {
    let path = cases_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("hazm cases: {} not found; skipped", path.display());
        return;
    };
    let normalizer = Normalizer::new(NormalizeOptions::default());
    let (mut pass, mut total, mut not_applicable) = (0, 0, 0);
    let mut misses = vec![];
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("hazm-cases.jsonl: one JSON object a line");
        let function = case["function"].as_str().unwrap_or("");
        let constructor = case["constructor"].as_str().unwrap_or("");
        let input = case["input"].as_str();
        let expected = &case["expected"];
        let got: Option<Value> = match (function, input) {
            (f, Some(input)) if f.starts_with("Normalizer.") => {
                Some(Value::from(normalizer.normalize(input).text))
            }
            ("WordTokenizer.tokenize" | "word_tokenize", Some(input))
                if !constructor.contains("replace_") =>
            {
                let toks: Vec<String> =
                    tokenize(input).iter().map(|t| input[t.span.range()].to_string()).collect();
                Some(Value::from(toks))
            }
            ("sent_tokenize" | "SentenceTokenizer.tokenize", Some(input)) => {
                let s: Vec<String> = split_sentences(input, &tokenize(input))
                    .iter()
                    .map(|s| input[s.range()].to_string())
                    .collect();
                Some(Value::from(s))
            }
            _ => None,
        };
        let Some(got) = got else {
            not_applicable += 1;
            continue;
        };
        total += 1;
        let ok = match (&got, expected) {
            (Value::String(g), Value::String(e)) => g == e,
            (g, e) => as_list(g).is_some() && as_list(g) == as_list(e),
        };
        if ok {
            pass += 1;
        } else {
            misses.push(format!(
                "  {function} {:?}\n    hazm:  {expected}\n    sanad: {got}",
                input.unwrap_or("")
            ));
        }
    }
    let rate = pass as f64 / total.max(1) as f64;
    eprintln!("hazm cases: {pass}/{total} pass ({:.1}%), {not_applicable} not applicable", rate * 100.0);
    for m in &misses {
        eprintln!("{m}");
    }
    assert!(rate >= THRESHOLD, "hazm cases pass rate {rate:.3} fell below {THRESHOLD}");
}
