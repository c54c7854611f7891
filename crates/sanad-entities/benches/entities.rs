//! Criterion bench: entity extraction on the founding essay, automaton built once.
//! `cargo bench -p sanad-entities`. For the ≥ 20 MB corpus figure use scripts/bench-entities.sh.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sanad_entities::EntityFinder;
use sanad_text::{Analyzed, NormalizeOptions};
use std::hint::black_box;

const ESSAY: &str = include_str!("../../../demo/karabakh-history.fa.txt");

fn bench(c: &mut Criterion) {
    let finder = EntityFinder::new();
    let doc = Analyzed::new(ESSAY, &NormalizeOptions::for_extraction());
    let mut group = c.benchmark_group("entities");
    group.throughput(Throughput::Bytes(ESSAY.len() as u64));
    group.bench_function("gazetteer/essay", |b| {
        b.iter(|| black_box(finder.find_in_gazetteer(black_box(&doc), &[])))
    });
    group.bench_function("find/essay", |b| b.iter(|| black_box(finder.find(black_box(&doc), &[]))));
    group.finish();
    c.bench_function("build/gazetteer+automaton", |b| b.iter(|| black_box(EntityFinder::new())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
