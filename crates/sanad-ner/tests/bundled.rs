//! The committed model: it loads, tags a historical sentence sensibly, and never panics.

use sanad_ner::{NerType, Tagger};

#[test]
fn bundled_model_loads() {
    let tagger = Tagger::bundled();
    let model = tagger.model().expect("data/ner/model.bin parses");
    assert!(model.n_rows() > 1000);
    assert!(model.types().iter().any(|t| t == "PER"));
}

#[test]
fn general_sisianov_went_to_tiflis() {
    let words = ["ژنرال", "سیسیانف", "به", "تفلیس", "رفت"];
    let chunks = Tagger::bundled().chunks(&words);
    let has =
        |range: std::ops::Range<usize>, ty: NerType| chunks.iter().any(|c| c.words == range && c.ty == ty);
    assert!(has(1..2, NerType::Person), "{chunks:?}");
    assert!(has(3..4, NerType::Location), "{chunks:?}");
    assert!(chunks.iter().all(|c| c.score > 0.0 && c.score <= 1.0));
}

#[test]
fn chunks_never_panic_on_odd_input() {
    let t = Tagger::bundled();
    assert!(t.chunks(&[]).is_empty());
    let long: Vec<&str> = std::iter::repeat_n("تهران", 5000).collect();
    let odd: [&[&str]; 8] = [
        &[""],
        &["", "", ""],
        &["."],
        &["\u{200C}", "\u{200C}\u{200C}", "\u{200D}"],
        &["a\u{0}b", "\u{FFFD}", "🙂", "\u{202E}abc"],
        &["1234567890123456789012345678901234567890"],
        &["قره‌باغ", "،", "(", ")", "؛", "«", "»"],
        &long,
    ];
    for words in odd {
        for c in t.chunks(words) {
            assert!(c.words.start < c.words.end && c.words.end <= words.len());
            assert!((0.0..=1.0).contains(&c.score), "{c:?}");
        }
    }
    // Every single word of a small mixed vocabulary, alone and in pairs.
    let vocab = ["آقای", "ژنرال", "شهر", "استان", "حزب", "1813", "م", "x", "", "\u{200C}"];
    for a in vocab {
        let _ = t.chunks(&[a]);
        for b in vocab {
            let _ = t.chunks(&[a, b]);
        }
    }
}
