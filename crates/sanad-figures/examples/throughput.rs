//! Throughput of this crate's extractors on a file, one core:
//! `cargo run --release -p sanad-figures --example throughput -- FILE`.
//! Prints MB/s for the text analysis (normalizer, tokens, sentences), quantities and
//! attributions separately.

use sanad_figures::FigureFinder;
use sanad_text::{Analyzed, NormalizeOptions, Normalizer};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let text = std::fs::read_to_string(&path).expect("read");
    let mb = text.len() as f64 / 1e6;
    let normalizer = Normalizer::new(NormalizeOptions::for_extraction());
    let finder = FigureFinder::new();
    // documents of paragraph-sized groups, as a store would feed them: one per essay copy
    let t = Instant::now();
    let doc = Analyzed::with_normalizer(&text, &normalizer);
    let t_an = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let q = finder.quantities(&doc, &[]);
    let t_q = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let a = finder.attributions(&doc, &[]);
    let t_a = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (q2, a2) = finder.find_all(&doc, &[], &[]);
    let t_all = t.elapsed().as_secs_f64();
    assert_eq!((q2.len(), a2.len()), (q.len(), a.len()));
    println!("find_all (one cut, what the pipeline needs): {:.1} MB/s", mb / t_all);
    println!("{mb:.1} MB: analysis {:.1} MB/s, quantities {:.1} MB/s ({} found), attributions {:.1} MB/s ({} found); figures together {:.1} MB/s",
        mb / t_an, mb / t_q, q.len(), mb / t_a, a.len(), mb / (t_q + t_a));
}
