//! Throughput of the text layer on a corpus, per ~100 KB document as a user calls it (the same
//! split as `../shared/peers/peer.py normalize-bench`). Prints JSON lines like peer.py's:
//! `{"tool", "bytes", "seconds", "MB_per_s"}`; best of `--rounds` (default 5) runs, one core.
//!
//!     cargo run --release -p sanad-text --example bench_text -- CORPUS [--rounds N] [--only TOOL]
use sanad_text::{split_sentences, tokenize, NormalizeOptions, Normalizer};
use std::hint::black_box;
use std::time::Instant;

fn docs(text: &str) -> Vec<&str> {
    let mut out = vec![];
    let (mut start, mut size) = (0, 0);
    for (i, line) in text.split_inclusive('\n').scan(0, |pos, l| {
        let at = *pos;
        *pos += l.len();
        Some((at, l))
    }) {
        size += line.len();
        if size >= 100_000 {
            out.push(text[start..i + line.len()].trim_end_matches('\n'));
            start = i + line.len();
            size = 0;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// CPU seconds this process has used (user + system), from /proc; None elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Best wall time of `rounds` runs, and the mean CPU time per run (what one core would take
/// on an idle machine: on a loaded one the wall time waits for the CPU).
fn best<F: FnMut()>(rounds: usize, mut f: F) -> (f64, Option<f64>) {
    let cpu0 = cpu_seconds();
    let wall = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => Some((b - a) / rounds as f64),
        _ => None,
    };
    (wall, cpu)
}

fn report(tool: &str, bytes: usize, (seconds, cpu): (f64, Option<f64>)) {
    let cpu = cpu.map_or(String::new(), |c| {
        format!(", \"cpu_seconds\": {c:.4}, \"MB_per_cpu_s\": {:.1}", bytes as f64 / c / 1e6)
    });
    println!(
        "{{\"tool\": \"{tool}\", \"bytes\": {bytes}, \"seconds\": {seconds:.4}, \"MB_per_s\": {:.1}{cpu}}}",
        bytes as f64 / seconds / 1e6
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: bench_text CORPUS [--rounds N] [--only TOOL]");
    let (mut rounds, mut only) = (5, None);
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--rounds" => rounds = args.next().and_then(|n| n.parse().ok()).expect("--rounds N"),
            "--only" => only = args.next(),
            other => panic!("unknown flag {other}"),
        }
    }
    let wanted = |tool: &str| only.as_deref().map_or(true, |o| tool == o);
    let text = std::fs::read_to_string(&path).expect("read CORPUS");
    let docs = docs(&text);
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    for (tool, options) in [
        ("sanad-normalize", NormalizeOptions::default()),
        ("sanad-normalize-latin", NormalizeOptions::for_extraction()),
        ("sanad-normalize-no-zwnj", NormalizeOptions { repair_zwnj: false, ..NormalizeOptions::default() }),
    ] {
        if !wanted(tool) {
            continue;
        }
        let n = Normalizer::new(options);
        let s = best(rounds, || {
            for d in &docs {
                black_box(n.normalize(d));
            }
        });
        report(tool, bytes, s);
    }
    if !wanted("sanad-tokenize+split") {
        return;
    }
    let n = Normalizer::new(NormalizeOptions::for_extraction());
    let normalized: Vec<String> = docs.iter().map(|d| n.normalize(d).text).collect();
    let nbytes: usize = normalized.iter().map(String::len).sum();
    let s = best(rounds, || {
        for d in &normalized {
            let t = tokenize(d);
            black_box(split_sentences(d, &t));
        }
    });
    report("sanad-tokenize+split", nbytes, s);
    let s = best(rounds, || {
        for d in &docs {
            let t = tokenize(d);
            black_box(split_sentences(d, &t));
        }
    });
    report("sanad-tokenize+split-raw", bytes, s);
}
