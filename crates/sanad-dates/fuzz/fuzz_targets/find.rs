//! Any bytes: the date finder never panics, and every span it reports is a char-aligned
//! range of the original text with an interval whose start is not after its end.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanad_dates::DateFinder;
use sanad_text::{Analyzed, NormalizeOptions};
use std::sync::LazyLock;

static FINDER: LazyLock<DateFinder> = LazyLock::new(DateFinder::new);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = Analyzed::new(&text, &NormalizeOptions::for_extraction());
    for m in FINDER.find(&doc) {
        assert!(m.span.start <= m.span.end && m.span.end <= text.len());
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        assert!(m.value.start <= m.value.end || m.value.start.starts_with('-'));
    }
    for (range, _) in FINDER.find_normalized(&text) {
        assert!(text.get(range).is_some());
    }
});
