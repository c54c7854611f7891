//! Properties that hold for any input: no panic, `low <= high` whenever both exist, spans on
//! char boundaries inside the text, source/cue texts equal to their spans.

use proptest::prelude::*;
use sanad_figures::{parse_number, FigureFinder};
use sanad_text::{Analyzed, NormalizeOptions};

/// Persian-looking text: number words, digits of three scripts, separators, cue words, marks,
/// ZWNJ, bidi controls and stray bytes of other scripts.
fn persianish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "۱۲۶",
        "1,200",
        "۱.۲۰۰.۰۰۰",
        "۱۷٬۰۰۰",
        "۲.۵",
        "٣٤",
        "99999999999999999999999",
        "۱۹۰۵",
        "بین",
        "تا",
        "الی",
        "–",
        "-",
        "حدود",
        "بیش از",
        "کمتر از",
        "دست کم",
        "ده ها",
        "دهها",
        "صدها",
        "هزاران",
        "چند",
        "سه",
        "هزار",
        "میلیون",
        "میلیارد",
        "بیست",
        "و",
        "پنج",
        "دو",
        "سوم",
        "نفر",
        "نفری",
        "تن",
        "روستای",
        "ارمنی",
        "آذری",
        "کشته",
        "زخمی",
        "شدند",
        "درصد",
        "سال",
        "فوریه",
        "م",
        "[",
        "]",
        "«",
        "»",
        ":",
        "،",
        ".",
        "؛",
        "\n",
        "به گفتۀ",
        "می‌نویسد",
        "مینویسد",
        "به نقل از",
        "گفته است",
        "بنابر گزارش ها",
        "او",
        "وی",
        "مانند",
        "به نام",
        "\u{200c}",
        "\u{200f}",
        "\u{202e}",
        "\u{feff}",
        "a",
        "é",
        "😀",
        "ي",
        "ك",
        "ۀ",
        "ً",
        " ",
        "  ",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.join(" "))
}

fn check(text: &str) {
    let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
    let finder = FigureFinder::new();
    for q in finder.quantities(&doc, &[]) {
        assert!(q.span.start <= q.span.end && q.span.end <= text.len());
        assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        if let (Some(l), Some(h)) = (q.value.low, q.value.high) {
            assert!(l <= h, "{:?} in {text:?}", q.value);
        }
    }
    for a in finder.attributions(&doc, &[]) {
        for (s, e) in [
            (a.span.start, a.span.end),
            (a.value.source.start, a.value.source.end),
            (a.value.cue.start, a.value.cue.end),
            (a.value.claim.start, a.value.claim.end),
        ] {
            assert!(s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
        }
        assert_eq!(&text[a.value.source.start..a.value.source.end], a.value.source.text);
        assert_eq!(&text[a.value.cue.start..a.value.cue.end], a.value.cue.text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn figures_hold_on_persianish_text(text in persianish()) {
        check(&text);
    }

    #[test]
    fn figures_hold_on_any_string(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn parse_number_never_panics_and_orders(text in persianish()) {
        if let Some(p) = parse_number(&text) {
            if let (Some(l), Some(h)) = (p.low, p.high) {
                prop_assert!(l <= h);
            }
            prop_assert!(p.overflow == p.low.is_none());
        }
    }

    #[test]
    fn digits_round_trip(n in any::<u64>()) {
        prop_assert_eq!(parse_number(&n.to_string()).and_then(|p| p.low), Some(n));
        let persian: String = n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '۰' as u32).unwrap()).collect();
        prop_assert_eq!(parse_number(&persian).and_then(|p| p.low), Some(n));
    }
}

#[test]
fn regression_large_numbers_report_overflow() {
    let doc = Analyzed::new("۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹ نفر کشته شدند", &NormalizeOptions::for_extraction());
    let q = FigureFinder::new().quantities(&doc, &[]);
    assert_eq!(q.len(), 1);
    assert!(q[0].value.overflow);
    assert_eq!((q[0].value.low, q[0].value.high), (None, None));
}
