//! Quantities and attributions on any string: no panic, spans on char boundaries, low <= high.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanad_text::{Analyzed, NormalizeOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let doc = Analyzed::new(s, &NormalizeOptions::for_extraction());
    let finder = sanad_figures::FigureFinder::new();
    let (qs, attrs) = finder.find_all(&doc, &[], &[]);
    for q in qs {
        assert!(s.is_char_boundary(q.span.start) && s.is_char_boundary(q.span.end));
        if let (Some(l), Some(h)) = (q.value.low, q.value.high) {
            assert!(l <= h);
        }
    }
    for a in attrs {
        assert!(s.is_char_boundary(a.span.start) && s.is_char_boundary(a.span.end));
        assert!(s.is_char_boundary(a.value.claim.start) && s.is_char_boundary(a.value.claim.end));
    }
});
