//! CPU time of each stage sanad-text and the gazetteer matcher own, on the documents given (one
//! file = one document, as `sanad extract` reads them), best of `--rounds` (default 3):
//!
//!     cargo run --release -p sanad-entities --example stages -- FILE… [--rounds N] [--only analyze|gazetteer]
//!
//! Prints the one-off start-up costs (lexicon, gazetteer trie, tagger) and MB per CPU-second of
//! `Analyzed::with_normalizer`, of `KeyedText::build` and of `find_in_gazetteer` (keyed text
//! included), over the ORIGINAL bytes. `--only gazetteer` times the analysis once and the other
//! two `--rounds` times (the kernel's run time has a few milliseconds' resolution: use 15–20
//! rounds to compare two builds of the gazetteer stage on a shared machine).

use sanad_entities::key::KeyedText;
use sanad_entities::EntityFinder;
use sanad_text::{Analyzed, NormalizeOptions, Normalizer};
use std::hint::black_box;
use std::time::Instant;

/// CPU seconds this thread has used (Linux `/proc`: the scheduler's nanoseconds, not the
/// 10 ms ticks of `stat`, which at 0.05 s a stage were a fifth of the reading).
fn thread_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").expect("/proc/thread-self/schedstat");
    stat.split_whitespace().next().expect("run time").parse::<f64>().expect("nanoseconds") / 1e9
}

/// Best CPU seconds of `rounds` runs of `f` (the machine may be shared).
fn best(rounds: usize, mut f: impl FnMut()) -> f64 {
    (0..rounds)
        .map(|_| {
            let c = thread_cpu_seconds();
            f();
            thread_cpu_seconds() - c
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds = args.iter().position(|a| a == "--rounds").map_or(3, |i| args[i + 1].parse().expect("N"));
    // `--only analyze` stops after that stage, `--only gazetteer` times only the keyed text
    // and the gazetteer (for perf, and for more rounds of those).
    let only = args.iter().position(|a| a == "--only").map(|i| args[i + 1].as_str());
    let only_analyze = only == Some("analyze");
    let texts: Vec<String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--") && (*i == 0 || !matches!(args[i - 1].as_str(), "--rounds" | "--only"))
        })
        .map(|(_, a)| std::fs::read_to_string(a).unwrap_or_else(|e| panic!("{a}: {e}")))
        .collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;

    let t = Instant::now();
    let normalizer = Normalizer::new(NormalizeOptions::for_extraction());
    println!("lexicon (once)    {:.1} ms wall", t.elapsed().as_secs_f64() * 1e3);
    let cpu = best(if only == Some("gazetteer") { 1 } else { rounds }, || {
        for d in &texts {
            black_box(Analyzed::with_normalizer(d, &normalizer).tokens().len());
        }
    });
    println!("analyze           {:.1} MB/CPU-s ({mb:.1} MB)", mb / cpu);
    if only_analyze {
        return;
    }
    let t = Instant::now();
    let finder = EntityFinder::new();
    println!("finder (once)     {:.1} ms wall (tagger included)", t.elapsed().as_secs_f64() * 1e3);
    let docs: Vec<Analyzed> = texts.iter().map(|d| Analyzed::with_normalizer(d, &normalizer)).collect();
    let mut keyed = KeyedText::default();
    let cpu = best(rounds, || {
        for d in &docs {
            keyed.build(d.normalized());
            black_box(keyed.key.len());
        }
    });
    println!("keyed text        {:.1} MB/CPU-s", mb / cpu);
    let mut n = 0;
    let cpu = best(rounds, || {
        n = docs.iter().map(|d| finder.find_in_gazetteer(d, &[]).len()).sum::<usize>();
    });
    println!("gazetteer         {:.1} MB/CPU-s ({n} mentions)", mb / cpu);
}
