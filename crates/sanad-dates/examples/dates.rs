//! Prints the dates of a file as one `sanad extract` JSON line (annotations of kind `date` only), for scoring
//! with `../shared/eval/score.py` without building the whole pipeline.
//!
//! `cargo run -q -p sanad-dates --example dates -- FILE`

use sanad_dates::DateFinder;
use sanad_text::{Analyzed, NormalizeOptions};

fn main() {
    let path = std::env::args().nth(1).expect("usage: dates FILE");
    let text = std::fs::read_to_string(&path).expect("read the file");
    let doc = Analyzed::new(&text, &NormalizeOptions::for_extraction());
    let mut annotations = Vec::new();
    for m in DateFinder::new().find(&doc) {
        annotations.push(serde_json::json!({
            "kind": "date",
            "start": m.span.start,
            "end": m.span.end,
            "text": &text[m.span.range()],
            "value": m.value,
        }));
    }
    println!("{}", serde_json::json!({ "annotations": annotations }));
}
