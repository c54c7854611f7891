//! Throughput of this crate's extractors, one core:
//! `cargo run --release -p sanad-figures --example throughput -- FILE...`.
//! Each file is one document, analyzed first (not timed); then the figures run over every
//! document as the pipeline calls them: the document is cut once ([`FigureFinder::read`]), then
//! its quantities and its attributions are read from that cut, best of 3. Prints MB/s of the
//! figures alone (and of each part), and of the text analysis for comparison. Times are this thread's CPU time (Linux; wall time elsewhere), which stays
//! meaningful on a busy machine.

use sanad_figures::FigureFinder;
use sanad_text::{Analyzed, NormalizeOptions, Normalizer};
use std::time::Instant;

/// Seconds of CPU this thread has used (`/proc/thread-self/schedstat`), else wall seconds.
fn cpu_seconds(start: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(|| start.elapsed().as_secs_f64(), |ns| ns as f64 / 1e9)
}

fn main() {
    let origin = Instant::now();
    let now = || cpu_seconds(origin);
    let paths: Vec<String> = std::env::args().skip(1).collect();
    assert!(!paths.is_empty(), "usage: throughput FILE...");
    let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).expect("read")).collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let normalizer = Normalizer::new(NormalizeOptions::for_extraction());
    let finder = FigureFinder::new();
    let t = now();
    let docs: Vec<Analyzed> = texts.iter().map(|t| Analyzed::with_normalizer(t, &normalizer)).collect();
    let t_an = now() - t;
    // the whole, with no clock read per document (a read of the clock is a system call)
    let mut best = f64::MAX;
    let (mut nq, mut na) = (0, 0);
    for _ in 0..3 {
        let t = now();
        (nq, na) = (0, 0);
        for doc in &docs {
            let text = finder.read(doc);
            nq += text.quantities(&[]).len();
            na += text.attributions(&[]).len();
        }
        best = best.min(now() - t);
    }
    // each part, timed per document
    let (mut best_c, mut best_q, mut best_a) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..3 {
        let (mut tc, mut tq, mut ta) = (0.0, 0.0, 0.0);
        for doc in &docs {
            let t0 = now();
            let text = finder.read(doc);
            let t1 = now();
            let q = text.quantities(&[]);
            let t2 = now();
            let a = text.attributions(&[]);
            let t3 = now();
            (tc, tq, ta) = (tc + t1 - t0, tq + t2 - t1, ta + t3 - t2);
            drop((q, a, text));
        }
        best_c = best_c.min(tc);
        best_q = best_q.min(tq);
        best_a = best_a.min(ta);
    }
    println!(
        "{mb:.1} MB in {} documents: figures {:.1} MB/s (cut {:.1} MB/s; quantities {:.1} MB/s, {nq} found; attributions {:.1} MB/s, {na} found); analysis {:.1} MB/s",
        docs.len(),
        mb / best,
        mb / best_c,
        mb / best_q,
        mb / best_a,
        mb / t_an
    );
}
