//! Search latency over a store: `search_latency STORE QUERIES_FILE [N]` runs N queries (default
//! 1000, cycling through the file's lines) one after another and prints p50 / p99 / max.

use sanad_store::{Access, SearchRequest, Store};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: search_latency STORE QUERIES_FILE [N]");
        std::process::exit(2);
    }
    let store = Store::open_with(std::path::Path::new(&args[1]), Access::ReadOnly).expect("open store");
    let queries: Vec<String> = std::fs::read_to_string(&args[2])
        .expect("read queries")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let docs = store.stats().expect("stats")["documents"].clone();
    // Warm up the caches once.
    for q in queries.iter().take(20) {
        let _ = store.search(&SearchRequest::query(q));
    }
    let mut times = Vec::with_capacity(n);
    let mut hits = 0u64;
    for i in 0..n {
        let q = &queries[i % queries.len()];
        let t = Instant::now();
        let r = store.search(&SearchRequest::query(q)).expect("search");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        hits += r["total"].as_u64().unwrap_or(0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "search latency over {n} queries on {docs} documents (10 hits + snippets each): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean hits {:.0}",
        pct(0.50),
        pct(0.99),
        times[times.len() - 1],
        hits as f64 / n as f64
    );
}
