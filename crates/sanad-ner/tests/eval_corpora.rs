//! The full evaluation on the test splits (slow in debug builds, so ignored by default):
//! `cargo test --release -p sanad-ner --test eval_corpora -- --ignored`

use sanad_ner::corpus::{read, Format, TYPES};
use sanad_ner::train::{evaluate, EvalSet};
use sanad_ner::Tagger;
use std::path::Path;

#[test]
#[ignore = "scores the bundled model on the PEYMA and ParsTwiNER test splits; run in release"]
fn bundled_model_scores_on_test_splits() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/ner");
    let model = Tagger::bundled().model().expect("bundled model");
    let idx = |n: &str| TYPES.iter().position(|t| *t == n);
    let peyma = read(&data.join("peyma/test.txt"), Format::Peyma).unwrap();
    let map_peyma = |t: usize| match TYPES[t] {
        "POG" => idx("ORG"),
        "EVE" | "NAT" => None,
        _ => Some(t),
    };
    let set = EvalSet { name: "PEYMA".into(), sentences: &peyma, map_pred: &map_peyma };
    let f1 = evaluate(model, &set, &TYPES).total.f1();
    assert!(f1 >= 0.80, "PEYMA test F1 {f1:.4}");
    let twiner = read(&data.join("parstwiner/test.txt"), Format::ParsTwiNer).unwrap();
    let map_twiner = |t: usize| match TYPES[t] {
        "DAT" | "TIM" | "MON" | "PCT" => None,
        _ => Some(t),
    };
    let set = EvalSet { name: "ParsTwiNER".into(), sentences: &twiner, map_pred: &map_twiner };
    let f1 = evaluate(model, &set, &TYPES).total.f1();
    assert!(f1 >= 0.65, "ParsTwiNER test F1 {f1:.4}");
}
