//! Tagging throughput of the bundled model, in bytes of normalized text per second on one core
//! (sentences already normalized and tokenized, as sanad-entities hands them over):
//! `cargo bench -p sanad-ner`. Two inputs: the founding essay (small: its features stay in the
//! caches) and every sentence of the PEYMA and ParsTwiNER copies in data/ner (≈ 4.7 MB of
//! varied news and tweets, whose features do not; the figure to trust for long inputs).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use sanad_ner::corpus::{read, Format};
use sanad_ner::Tagger;
use sanad_text::{split_sentences, tokenize, NormalizeOptions, Normalizer};

fn bench_tagger(c: &mut Criterion) {
    let essay = include_str!("../../../demo/karabakh-history.fa.txt");
    let normalized = Normalizer::new(NormalizeOptions::for_extraction()).normalize(essay).text;
    let tokens = tokenize(&normalized);
    // Tokens and sentences are both in text order: one pass (a filter over all tokens per
    // sentence would be quadratic on a long file).
    let mut rest = &tokens[..];
    let sentences: Vec<Vec<&str>> = split_sentences(&normalized, &tokens)
        .iter()
        .map(|s| {
            let skip = rest.iter().take_while(|t| t.span.start < s.start).count();
            rest = &rest[skip..];
            let n = rest.iter().take_while(|t| t.span.end <= s.end).count();
            let (inside, after) = rest.split_at(n);
            rest = after;
            inside.iter().map(|t| &normalized[t.span.range()]).collect()
        })
        .collect();
    let tagger = Tagger::bundled();
    let _ = tagger.chunks(&["warm", "up"]);
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Bytes(normalized.len() as u64));
    group.bench_function("chunks/essay", |b| {
        b.iter(|| {
            let mut n = 0;
            for s in &sentences {
                n += tagger.chunks(black_box(s)).len();
            }
            n
        })
    });
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/ner");
    let mut corpus = Vec::new();
    for (dir, format) in [("peyma", Format::Peyma), ("parstwiner", Format::ParsTwiNer)] {
        for split in ["train", "dev", "test"] {
            corpus.extend(read(&root.join(dir).join(format!("{split}.txt")), format).unwrap_or_default());
        }
    }
    if !corpus.is_empty() {
        let words: Vec<Vec<&str>> = corpus.iter().map(|s| s.word_refs()).collect();
        let bytes: usize = words.iter().map(|s| s.iter().map(|w| w.len() + 1).sum::<usize>()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        group.bench_function("chunks/peyma+parstwiner", |b| {
            b.iter(|| {
                let mut n = 0;
                for s in &words {
                    n += tagger.chunks(black_box(s)).len();
                }
                n
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_tagger);
criterion_main!(benches);
