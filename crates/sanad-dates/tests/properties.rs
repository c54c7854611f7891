//! Property tests: on any text, and on text made of date-like pieces in any order, the finder
//! never panics, its spans are char-aligned ranges of the input, and every interval runs
//! forward.

use proptest::prelude::*;
use sanad_dates::DateFinder;
use sanad_text::{Analyzed, NormalizeOptions};

/// Pieces that date expressions are made of, and some that they are not.
const PIECES: &[&str] = &[
    "۱۳۹۹",
    "1905",
    "۸",
    "۳۲",
    "٢٢",
    "999999",
    "0",
    "۱۲",
    "۱۸۴۰",
    "46",
    "-",
    "ـ",
    "/",
    "(",
    ")",
    "[",
    "]",
    "،",
    ".",
    "٪",
    " ",
    "\u{200c}",
    "\n",
    "سال",
    "سال های",
    "ماه",
    "ماههای",
    "روز",
    "تاریخ",
    "قرن",
    "سدۀ",
    "هزارۀ",
    "دهۀ",
    "اوایل",
    "اواخر",
    "نیمۀ دوم",
    "همان سال",
    "سال بعد",
    "فوریۀ",
    "مه",
    "می",
    "مهر",
    "آبان",
    "اسفند",
    "شوال",
    "ذی الحجه",
    "محرم",
    "حمل",
    "ش",
    "ق",
    "م",
    "ه.ق",
    "هـ",
    "ق.م",
    "میلادی",
    "پیش از میلاد",
    "و",
    "تا",
    "از",
    "نفر",
    "درصد",
    "یکم",
    "بیست و دوم",
    "نوزدهم",
    "هشتاد",
    "بهار",
    "x",
    "😀",
    "\u{202e}",
];

fn check(text: &str) {
    static FINDER: std::sync::LazyLock<DateFinder> = std::sync::LazyLock::new(DateFinder::new);
    let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
    for m in FINDER.find(&doc) {
        assert!(text.get(m.span.range()).is_some(), "span {:?} of {text:?}", m.span);
        let key = |s: &str| {
            let neg = s.starts_with('-');
            let mut p = s.trim_start_matches('-').split('-').map(|x| x.parse::<i64>().unwrap());
            let (y, md) = (p.next().unwrap(), p.next().unwrap() * 100 + p.next().unwrap());
            (if neg { -y } else { y }) * 10_000 + md
        };
        assert!(key(&m.value.start) <= key(&m.value.end), "{:?} in {text:?}", m.value);
    }
    for (range, _) in FINDER.find_normalized(text) {
        assert!(text.get(range).is_some());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string_is_safe(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn date_like_pieces_in_any_order_are_safe(pieces in prop::collection::vec(0..PIECES.len(), 0..25)) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
        check(&text);
        let glued: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check(&glued);
    }
}
