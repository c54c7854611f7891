//! Tag a text file with the bundled model, `passes` times (a rough CPU-time probe for a busy
//! machine, where the criterion bench's wall clock is noisy):
//! `cargo run --release -p sanad-ner --example tag_file -- demo/karabakh-history.fa.txt 20`

use sanad_ner::Tagger;
use sanad_text::{split_sentences, tokenize, NormalizeOptions, Normalizer};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "demo/karabakh-history.fa.txt".into());
    let passes: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(1);
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let normalized = Normalizer::new(NormalizeOptions::for_extraction()).normalize(&text).text;
    let tokens = tokenize(&normalized);
    let sentences: Vec<Vec<&str>> = split_sentences(&normalized, &tokens)
        .iter()
        .map(|s| {
            tokens
                .iter()
                .filter(|t| t.span.start >= s.start && t.span.end <= s.end)
                .map(|t| &normalized[t.span.range()])
                .collect()
        })
        .collect();
    let tagger = Tagger::bundled();
    let _ = tagger.chunks(&["warm"]);
    let started = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..passes {
        for s in &sentences {
            n += tagger.chunks(s).len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mb = normalized.len() as f64 * passes as f64 / 1e6;
    eprintln!("{n} chunks; {mb:.2} MB in {secs:.3}s wall = {:.2} MB/s", mb / secs);
    if passes == 1 {
        for s in &sentences {
            for c in tagger.chunks(s) {
                println!("{:?}\t{:.2}\t{}", c.ty, c.score, s[c.words.clone()].join(" "));
            }
        }
    }
}
