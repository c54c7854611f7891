//! Print the gazetteer mentions of files, most frequent first, to review a new gazetteer entry
//! against real text: `cargo run -p sanad-entities --example mentions -- FILE…`.

use sanad_entities::EntityFinder;
use sanad_text::{Analyzed, NormalizeOptions};
use std::collections::HashMap;

fn main() {
    let finder = EntityFinder::new();
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let doc = Analyzed::new(&text, &NormalizeOptions::for_extraction());
        for m in finder.find_in_gazetteer(&doc, &[]) {
            let id = m.value.id.unwrap_or_default();
            *counts.entry((text[m.span.range()].to_string(), id)).or_default() += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((surface, id), n) in rows {
        println!("{n}\t{surface}\t{id}");
    }
}
