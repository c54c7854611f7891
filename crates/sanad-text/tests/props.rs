//! Property tests: the normalizer is idempotent, never panics, and its offset map always lands
//! on original char boundaries, inside the original, monotone.

use proptest::prelude::*;
use sanad_text::{Analyzed, NormalizeOptions, Normalizer};

/// Persian-looking soup: letters, Arabic forms, digits, diacritics, ZWNJ, bidi and zero-width
/// controls, odd spaces, punctuation, affixes that the ZWNJ repair looks at.
fn soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "می",
        "نمی",
        "ها",
        "های",
        "هایی",
        "تر",
        "ترین",
        "ای",
        "اند",
        "ه",
        "شود",
        "کردند",
        "قره",
        "باغ",
        "میز",
        "ارمنی",
        "تبار",
        "ان",
        "ي",
        "ك",
        "ى",
        "ة",
        "ﻗ",
        "ﻻ",
        "ﷲ",
        "۱",
        "٢",
        "3",
        ".",
        "،",
        "؛",
        "؟",
        "!",
        "«",
        "»",
        "(",
        ")",
        "[",
        "]",
        "[۳]",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        "\u{200C}",
        "\u{200D}",
        "\u{200B}",
        "\u{200E}",
        "\u{200F}",
        "\u{202B}",
        "\u{2067}",
        "\u{FEFF}",
        "\u{00A0}",
        "\u{064E}",
        "\u{0651}",
        "ـ",
        "a",
        "Z",
        "é",
        "\u{0301}",
        "😀",
        "ق.م",
        "۱٬۰۰۰",
        "\u{2028}",
        "\0",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check_map(input: &str, options: &NormalizeOptions) -> Result<(), TestCaseError> {
    let n = Normalizer::new(options.clone()).normalize(input);
    let norm = &n.text;
    let bounds: Vec<usize> = norm.char_indices().map(|(i, _)| i).chain([norm.len()]).collect();
    let mut prev = (0, 0);
    for (k, &s) in bounds.iter().enumerate() {
        for &e in &bounds[k..bounds.len().min(k + 4)] {
            let (os, oe) = n.map.to_original(s, e);
            prop_assert!(os <= oe && oe <= input.len(), "{s}..{e} -> {os}..{oe} (len {})", input.len());
            prop_assert!(input.is_char_boundary(os) && input.is_char_boundary(oe));
        }
        let (os, oe) = n.map.to_original(s, (s + 1).min(norm.len()));
        prop_assert!(os >= prev.0 && oe >= prev.1.min(oe), "monotone");
        prev = (os, oe);
    }
    // Analyzed widens offsets that are not char boundaries.
    let doc = Analyzed::new(input, options);
    for i in 0..=doc.normalized().len() + 2 {
        let span = doc.to_original(i..i + 3);
        prop_assert!(
            input.is_char_boundary(span.start) && input.is_char_boundary(span.end) && span.end <= input.len()
        );
    }
    for t in doc.tokens() {
        let span = doc.to_original(t.span.range());
        prop_assert!(span.end <= input.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn idempotent_on_soup(s in soup()) {
        for options in [NormalizeOptions::default(), NormalizeOptions::for_extraction()] {
            let n = Normalizer::new(options);
            let once = n.normalize(&s).text;
            prop_assert_eq!(n.normalize(&once).text, once.clone(), "input {:?}", s);
        }
    }

    #[test]
    fn offsets_are_sound_on_soup(s in soup()) {
        check_map(&s, &NormalizeOptions::for_extraction())?;
        check_map(&s, &NormalizeOptions::default())?;
        check_map(&s, &NormalizeOptions { clean_spaces: false, ..NormalizeOptions::default() })?;
    }

    #[test]
    fn never_panics_on_any_string(s in any::<String>()) {
        check_map(&s, &NormalizeOptions::for_extraction())?;
        let n = Normalizer::new(NormalizeOptions::default());
        let once = n.normalize(&s).text;
        prop_assert_eq!(n.normalize(&once).text, once);
    }

    #[test]
    fn never_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let s = String::from_utf8_lossy(&bytes);
        check_map(&s, &NormalizeOptions::for_extraction())?;
    }
}
