//! Tag a text file with the bundled model, `passes` times (a rough CPU-time probe for a busy
//! machine, where the criterion bench's wall clock is noisy; prints wall and CPU MB/s of the
//! tagging alone, normalized bytes; with one pass it prints every chunk, its score exact):
//! `cargo run --release -p sanad-ner --example tag_file -- demo/karabakh-history.fa.txt 20`
//! (several files are tagged one after the other, as one corpus:
//! `cargo run --release -p sanad-ner --example tag_file -- /tmp/bx/doc*.txt`)

use sanad_ner::Tagger;
use sanad_text::{split_sentences, tokenize, NormalizeOptions, Normalizer};

/// CPU seconds this thread has used (Linux `/proc`, 10 ms ticks); `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    // Files to tag, then optionally the number of passes (a last argument that is a number).
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let passes: usize = match args.last().and_then(|p| p.parse().ok()) {
        Some(p) => {
            args.pop();
            p
        }
        None => 1,
    };
    if args.is_empty() {
        args.push("demo/karabakh-history.fa.txt".into());
    }
    let normalizer = Normalizer::new(NormalizeOptions::for_extraction());
    let texts: Vec<String> = args
        .iter()
        .map(|path| normalizer.normalize(&std::fs::read_to_string(path).expect("readable UTF-8 file")).text)
        .collect();
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    for normalized in &texts {
        let tokens = tokenize(normalized);
        // Tokens and sentences are both in text order: one pass (a filter over all tokens per
        // sentence would be quadratic on a long file).
        let mut rest = &tokens[..];
        sentences.extend(split_sentences(normalized, &tokens).iter().map(|s| {
            let skip = rest.iter().take_while(|t| t.span.start < s.start).count();
            rest = &rest[skip..];
            let n = rest.iter().take_while(|t| t.span.end <= s.end).count();
            let (inside, after) = rest.split_at(n);
            rest = after;
            inside.iter().map(|t| &normalized[t.span.range()]).collect::<Vec<&str>>()
        }));
    }
    let tagger = Tagger::bundled();
    let _ = tagger.chunks(&["warm"]);
    let cpu_started = thread_cpu_seconds();
    let started = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..passes {
        for s in &sentences {
            n += tagger.chunks(s).len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_started.zip(thread_cpu_seconds()).map(|(a, b)| b - a);
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 * passes as f64 / 1e6;
    eprint!("{n} chunks; {mb:.2} MB in {secs:.3}s wall = {:.2} MB/s", mb / secs);
    match cpu {
        Some(cpu) => eprintln!("; {cpu:.2}s cpu = {:.2} MB/s", mb / cpu),
        None => eprintln!(),
    }
    if passes == 1 {
        for s in &sentences {
            for c in tagger.chunks(s) {
                println!("{:?}\t{}\t{}", c.ty, c.score, s[c.words.clone()].join(" "));
            }
        }
    }
}
