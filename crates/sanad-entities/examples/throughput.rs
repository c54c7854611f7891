//! Entity-extraction throughput on a corpus of at least `--min-mb` megabytes (default 20), one
//! core, automaton built once: `cargo run --release -p sanad-entities --example throughput --
//! FILE… [--min-mb 20] [--doc-kb 100] [--gazetteer-only]`. The files are repeated until the corpus
//! is large enough and cut at line ends into documents of about `--doc-kb` kilobytes. Prints MB/s of the gazetteer matcher alone and of the full `find` (gazetteer +
//! tagger), over the ORIGINAL bytes; text analysis (normalization) is timed apart.

use sanad_entities::EntityFinder;
use sanad_text::{Analyzed, NormalizeOptions, Normalizer};
use std::time::Instant;

/// CPU seconds this thread has used (Linux `/proc`; the machine may be shared, so wall time
/// alone would measure the neighbours too). `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Run `f`, return its result with wall and CPU seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, Option<f64>) {
    let cpu = thread_cpu_seconds();
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed().as_secs_f64();
    (out, wall, cpu.zip(thread_cpu_seconds()).map(|(a, b)| b - a))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let min_mb: f64 = args
        .iter()
        .position(|a| a == "--min-mb")
        .and_then(|i| args.get(i + 1))
        .map_or(20.0, |v| v.parse().expect("--min-mb N"));
    let files: Vec<String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--") && (*i == 0 || !matches!(args[i - 1].as_str(), "--min-mb" | "--doc-kb"))
        })
        .map(|(_, a)| std::fs::read_to_string(a).unwrap_or_else(|e| panic!("{a}: {e}")))
        .collect();
    assert!(!files.is_empty(), "usage: throughput FILE… [--min-mb 20]");
    let doc_bytes: usize = args
        .iter()
        .position(|a| a == "--doc-kb")
        .and_then(|i| args.get(i + 1))
        .map_or(100, |v| v.parse::<usize>().expect("--doc-kb N"))
        * 1000;
    let mut docs: Vec<&str> = Vec::new();
    let mut total = 0usize;
    while (total as f64) < min_mb * 1e6 {
        for f in &files {
            let mut rest = f.as_str();
            while !rest.is_empty() {
                let mut cut = doc_bytes.min(rest.len());
                while !rest.is_char_boundary(cut) {
                    cut += 1;
                }
                let cut = rest[cut..].find('\n').map_or(rest.len(), |i| cut + i + 1);
                docs.push(&rest[..cut]);
                total += cut;
                rest = &rest[cut..];
            }
        }
    }
    let t = Instant::now();
    let finder = EntityFinder::new();
    let build = t.elapsed().as_secs_f64();

    let normalizer = Normalizer::new(NormalizeOptions::for_extraction());
    let (analyzed, analyze, analyze_cpu) =
        timed(|| docs.iter().map(|d| Analyzed::with_normalizer(d, &normalizer)).collect::<Vec<_>>());
    let (linked, gazetteer, gazetteer_cpu) =
        timed(|| analyzed.iter().map(|doc| finder.find_in_gazetteer(doc, &[]).len()).sum::<usize>());
    let full_run = !args.iter().any(|a| a == "--gazetteer-only");
    let (all, full, full_cpu) = timed(|| {
        if full_run {
            analyzed.iter().map(|doc| finder.find(doc, &[]).len()).sum::<usize>()
        } else {
            0
        }
    });
    let mb = total as f64 / 1e6;
    let rate = |wall: f64, cpu: Option<f64>| match cpu {
        Some(c) if c > 0.0 => format!("{:.1} MB/s CPU time ({:.1} MB/s wall)", mb / c, mb / wall),
        _ => format!("{:.1} MB/s wall", mb / wall),
    };
    println!("corpus            {mb:.1} MB in {} documents", docs.len());
    println!("build (once)      {:.1} ms ({} entries)", build * 1e3, finder.entries().len());
    println!("analyze (text)    {}", rate(analyze, analyze_cpu));
    println!("gazetteer match   {}  ({linked} mentions)", rate(gazetteer, gazetteer_cpu));
    if full_run {
        println!("find (+ tagger)   {}  ({all} mentions)", rate(full, full_cpu));
    }
}
