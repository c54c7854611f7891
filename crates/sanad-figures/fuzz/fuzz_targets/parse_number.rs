//! The number parser on any string: no panic; `low <= high`; overflow exactly when the value
//! does not fit 64 bits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Some(p) = sanad_figures::parse_number(s) {
        if let (Some(l), Some(h)) = (p.low, p.high) {
            assert!(l <= h);
        }
        assert_eq!(p.overflow, p.low.is_none());
    }
    let _ = sanad_figures::parse_digits(s);
});
