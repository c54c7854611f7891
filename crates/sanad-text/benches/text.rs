//! Criterion benches of the text layer on the founding essay (92 KB, a typical document):
//! normalize with and without ZWNJ repair, tokenize + sentence split, and the whole `Analyzed`.
//! Throughput is in bytes of input. `cargo bench -p sanad-text --bench text`
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use sanad_text::{split_sentences, tokenize, Analyzed, NormalizeOptions, Normalizer};

const ESSAY: &str = include_str!("../../../demo/karabakh-history.fa.txt");

fn normalize(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(ESSAY.len() as u64));
    for (name, options) in [
        ("zwnj-repair", NormalizeOptions::default()),
        ("for-extraction", NormalizeOptions::for_extraction()),
        ("no-zwnj-repair", NormalizeOptions { repair_zwnj: false, ..NormalizeOptions::default() }),
    ] {
        let n = Normalizer::new(options);
        g.bench_function(name, |b| b.iter(|| n.normalize(black_box(ESSAY))));
    }
    g.finish();
}

fn tokenize_and_split(c: &mut Criterion) {
    let normalized = Normalizer::new(NormalizeOptions::for_extraction()).normalize(ESSAY).text;
    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Bytes(normalized.len() as u64));
    g.bench_function("tokenize", |b| b.iter(|| tokenize(black_box(&normalized))));
    g.bench_function("tokenize+split", |b| {
        b.iter(|| {
            let t = tokenize(black_box(&normalized));
            split_sentences(&normalized, &t)
        })
    });
    g.finish();
    let mut g = c.benchmark_group("analyzed");
    g.throughput(Throughput::Bytes(ESSAY.len() as u64));
    let options = NormalizeOptions::for_extraction();
    g.bench_function("essay", |b| b.iter(|| Analyzed::new(black_box(ESSAY), &options).sentences().len()));
    g.finish();
}

criterion_group!(benches, normalize, tokenize_and_split);
criterion_main!(benches);
