//! Regression (quality bug 4): spurious sources such as «می توان», «می کند», «بار دیـگر»,
//! «نظام جدید دوپاره شده», «خبرگزاری ایرنا می آوریم». A source is a noun phrase; every row of
//! `data/figures/source-examples.tsv` is checked exactly, negatives included.

use sanad_figures::FigureFinder;
use sanad_text::{Analyzed, NormalizeOptions};

const EXAMPLES: &str = include_str!("../../../data/figures/source-examples.tsv");

#[test]
fn regression_sources_are_noun_phrases() {
    let finder = FigureFinder::new();
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in EXAMPLES.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        rows += 1;
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "three columns: {line}");
        let (text, expected, banned) = (f[0], f[1], f[2]);
        let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
        let sources: Vec<String> = finder
            .attributions(&doc, &[])
            .into_iter()
            .map(|a| a.value.source.text.trim().to_string())
            .collect();
        match expected {
            "*" => {}
            "-" if !sources.is_empty() => {
                failures.push(format!("{text}\n   expected no source, found {sources:?}"))
            }
            "-" => {}
            list => {
                for want in list.split('|') {
                    if !sources.iter().any(|s| s == want) {
                        failures.push(format!(
                            "{text}\n   source «{want}» not found exactly (found {sources:?})"
                        ));
                    }
                }
            }
        }
        if banned != "-" {
            for bad in banned.split('|') {
                if let Some(s) = sources.iter().find(|s| s.contains(bad)) {
                    failures.push(format!("{text}\n   source «{s}» contains «{bad}»"));
                }
            }
        }
    }
    assert!(rows >= 10);
    assert!(failures.is_empty(), "{} of {rows} rows failed:\n{}", failures.len(), failures.join("\n"));
}
