//! Criterion benches of the figure finder on the founding essay (92 KB, a typical document):
//! quantities and attributions as the pipeline calls them (one after the other on the same
//! document, so they share one cut of the text), and each alone. Every call sees another
//! document than the call before (two copies of the essay take turns), so each pays for its
//! cut as on a real stream of documents. Throughput is in bytes of input.
//! `cargo bench -p sanad-figures --bench figures`
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use sanad_figures::FigureFinder;
use sanad_text::{Analyzed, NormalizeOptions};

const ESSAY: &str = include_str!("../../../demo/karabakh-history.fa.txt");

fn figures(c: &mut Criterion) {
    let options = NormalizeOptions::for_extraction();
    let doc = Analyzed::new(ESSAY, &options);
    // a second text, so each call of the fresh-document benches cuts its text anew
    let other_text = format!("{ESSAY}\n");
    let other = Analyzed::new(&other_text, &options);
    let finder = FigureFinder::new();
    let mut g = c.benchmark_group("figures");
    g.throughput(Throughput::Bytes(ESSAY.len() as u64));
    g.bench_function("quantities+attributions", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            let d = black_box(if flip { &doc } else { &other });
            (finder.quantities(d, &[]).len(), finder.attributions(d, &[]).len())
        })
    });
    g.bench_function("quantities alone", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            finder.quantities(black_box(if flip { &doc } else { &other }), &[]).len()
        })
    });
    g.bench_function("attributions alone", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            finder.attributions(black_box(if flip { &doc } else { &other }), &[]).len()
        })
    });
    g.finish();
}

fn numbers(c: &mut Criterion) {
    let words = ["سه هزار دویست و دوازده", "۱.۲۰۰.۰۰۰", "۴ میلیون", "بیست و پنج", "دو سوم"];
    let mut g = c.benchmark_group("parse_number");
    g.throughput(Throughput::Elements(words.len() as u64));
    g.bench_function("mixed", |b| {
        b.iter(|| words.iter().filter_map(|w| sanad_figures::parse_number(black_box(w))).count())
    });
    g.finish();
}

criterion_group!(benches, figures, numbers);
criterion_main!(benches);
