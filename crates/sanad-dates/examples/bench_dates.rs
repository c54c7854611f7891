//! Throughput of the date finder on one core: `bench_dates CORPUS`.
//!
//! The corpus is cut into documents of about 100 KB (as a user would call sanad per
//! article) and normalized first (sanad-text's cost is measured by its own bench); then
//! `DateFinder::find` runs over all of them, best of 3. A second figure runs the finder on
//! one document of 1, 10 and 100 MB to show that time is linear in input size. Prints JSON
//! lines {"tool", "bytes", "seconds", "MB_per_s", "dates", "dates_per_s"}. Seconds are this
//! thread's CPU time (Linux; wall time elsewhere), which stays meaningful on a busy machine.

use std::time::Instant;

use sanad_dates::DateFinder;
use sanad_text::{Analyzed, NormalizeOptions};

/// Seconds of CPU this thread has used (`/proc/thread-self/schedstat`), else wall seconds.
fn cpu_seconds(origin: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(|| origin.elapsed().as_secs_f64(), |ns| ns as f64 / 1e9)
}

fn main() {
    let origin = Instant::now();
    let now = || cpu_seconds(origin);
    let path = std::env::args().nth(1).expect("usage: bench_dates CORPUS");
    let text = std::fs::read_to_string(&path).expect("read the corpus");
    let mut docs = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + 100_000).min(text.len());
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        docs.push(&text[start..end]);
        start = end;
    }
    let options = NormalizeOptions::for_extraction();
    let analyzed: Vec<Analyzed> = docs.iter().map(|d| Analyzed::new(d, &options)).collect();
    let finder = DateFinder::new();
    let mut best = f64::MAX;
    let mut dates = 0;
    for _ in 0..3 {
        let t0 = now();
        dates = analyzed.iter().map(|d| finder.find(d).len()).sum::<usize>();
        best = best.min(now() - t0);
    }
    let bytes = text.len();
    println!(
        "{{\"tool\": \"sanad-dates\", \"bytes\": {bytes}, \"seconds\": {best:.4}, \"MB_per_s\": {:.2}, \"dates\": {dates}, \"dates_per_s\": {:.0}}}",
        bytes as f64 / best / 1e6,
        dates as f64 / best
    );

    // Linearity: one document of 1, 10, 100 MB of normalized text.
    let normalized: String = analyzed.iter().map(|d| d.normalized()).collect();
    for mb in [1usize, 10, 100] {
        let want = mb * 1_000_000;
        let mut big = String::with_capacity(want + 200_000);
        while big.len() < want {
            let take = (want - big.len()).min(normalized.len());
            let mut cut = take;
            while !normalized.is_char_boundary(cut) {
                cut -= 1;
            }
            big.push_str(&normalized[..cut]);
            big.push('\n');
            if cut == 0 {
                break;
            }
        }
        let t0 = now();
        let n = finder.find_normalized(&big).len();
        let s = now() - t0;
        println!(
            "{{\"tool\": \"sanad-dates one document {mb} MB\", \"bytes\": {}, \"seconds\": {s:.4}, \"MB_per_s\": {:.2}, \"dates\": {n}, \"dates_per_s\": {:.0}}}",
            big.len(),
            big.len() as f64 / s / 1e6,
            n as f64 / s
        );
    }
}
