#!/usr/bin/env bash
# Store, search and API benchmarks (issue 6). Bounded in time; loopback only.
#   bash scripts/bench-store.sh [DOCS]     (default 100000 documents, ≈ 210 MB)
# Prints: ingest documents/s, MB/s, peak RSS (2 cores); search p50/p99 over 1,000 queries;
# /api/search requests/s with wrk on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS="${1:-100000}"
WORK="${BENCH_DIR:-/tmp/sanad-bench-store}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
[ -x /usr/bin/time ] || need time time

# Two builds: a target selection such as --example restricts a build to that target, and the
# sanad binary must be built too.
cargo build --release --locked -q -p sanad
cargo build --release --locked -q -p sanad-store --example search_latency
BIN="$CARGO_TARGET_DIR/release/sanad"
LAT="$CARGO_TARGET_DIR/release/examples/search_latency"

rm -rf "$WORK" && mkdir -p "$WORK/corpus"
echo "== building a varied corpus of $DOCS documents in $WORK/corpus"
python3 - "$DOCS" "$WORK" <<'PY'
import os, random, sys, glob
docs, work = int(sys.argv[1]), sys.argv[2]
rng = random.Random(6)
pool = []
essay = open("demo/karabakh-history.fa.txt", encoding="utf-8").read()
pool += [p.strip() for p in essay.split("\n") if p.strip()]
# Sentences rebuilt from the token-per-line corpora in ../shared/data (see their SOURCE.md).
for path in sorted(glob.glob("../shared/data/arman/*.txt") + glob.glob("../shared/data/peyma/*.txt") + glob.glob("../shared/data/parstwiner/*.txt")):
    words = []
    for line in open(path, encoding="utf-8", errors="replace"):
        parts = line.split()
        if not parts:
            if len(words) > 3: pool.append(" ".join(words))
            words = []
        else:
            words.append(parts[0])
    if len(words) > 3: pool.append(" ".join(words))
queries = set()
for p in pool[:5000]:
    w = p.split()
    if len(w) > 4:
        i = rng.randrange(len(w) - 1)
        queries.add(w[i] if rng.random() < 0.6 else w[i] + " " + w[i + 1])
queries = [q for q in queries if not any(c in q for c in '"-')][:1000]
queries += ["قرهباغ", "قره باغ", "\"جنگ های ایران و روسیه\"", "ترکمانچای", "۱۸۱۳"]
open(os.path.join(work, "queries.txt"), "w", encoding="utf-8").write("\n".join(queries) + "\n")
total = 0
for d in range(docs):
    sub = os.path.join(work, "corpus", f"{d // 1000:03d}")
    if d % 1000 == 0: os.makedirs(sub, exist_ok=True)
    n = rng.choice([2, 4, 6, 8, 12, 20, 40])
    body = f"سند {d}\n" + "\n".join(rng.choice(pool) for _ in range(n)) + "\n"
    ext = "html" if d % 10 == 0 else "txt"
    if ext == "html":
        body = "<html><head><title>سند %d</title><script>var x=1;</script></head><body><p>%s</p></body></html>" % (d, body.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "</p><p>"))
    data = body.encode("utf-8")
    total += len(data)
    open(os.path.join(sub, f"{d:06d}.{ext}"), "wb").write(data)
print(f"corpus: {docs} documents, {total/1e6:.1f} MB, {len(queries)} queries")
PY
BYTES=$(du -sb "$WORK/corpus" | cut -f1)

echo "== ingest on 2 cores"
/usr/bin/time -v taskset -c 0,1 "$BIN" ingest --quiet --store "$WORK/store" "$WORK/corpus" 2> "$WORK/ingest.log" || true
grep -E "new,|annotations:" "$WORK/ingest.log"
SECS=$(grep "Elapsed (wall clock)" "$WORK/ingest.log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
RSS=$(grep "Maximum resident set size" "$WORK/ingest.log" | awk '{print $NF}')
python3 -c "d=$DOCS; b=$BYTES; s=$SECS; r=$RSS; print(f'ingest: {d} docs, {b/1e6:.1f} MB in {s:.1f} s = {d/s:.0f} docs/s, {b/1e6/s:.1f} MB/s, peak RSS {r/1024:.0f} MiB (target >= 10 MB/s at < 1 GiB)')"

echo "== search latency"
taskset -c 0,1 "$LAT" "$WORK/store" "$WORK/queries.txt" 1000

echo "== /api/search throughput (wrk, loopback, 10 s)"
PORT=18737
"$BIN" serve --store "$WORK/store" --port $PORT > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/stats" >/dev/null 2>&1 && break; sleep 0.2; done
Q=$(python3 -c "import urllib.parse;print(urllib.parse.quote('قرهباغ'))")
wrk -t2 -c32 -d10s "http://127.0.0.1:$PORT/api/search?q=$Q&limit=10" | tee "$WORK/wrk.log" | grep -E "Requests/sec|Latency"
Q2=$(python3 -c "import urllib.parse;print(urllib.parse.quote('ترکمانچای'))")
wrk -t2 -c32 -d10s "http://127.0.0.1:$PORT/api/search?q=$Q2&limit=10" | grep -E "Requests/sec|Latency"
# The two runs above ask one question again and again, so after the first request they measure
# the server's answer cache. This one never repeats a request (the 1,000 queries × 20 pages,
# more than 10 s of requests), so every answer is computed: the uncached figure.
python3 - "$WORK/queries.txt" "$WORK/distinct.lua" <<'PY'
import sys, urllib.parse
queries = [q.strip() for q in open(sys.argv[1], encoding="utf-8") if q.strip()]
paths = [f"/api/search?q={urllib.parse.quote(q)}&limit=10&offset={page * 10}"
         for page in range(20) for q in queries]
with open(sys.argv[2], "w") as f:
    f.write("paths = {" + ",".join('"%s"' % p for p in paths) + "}\n")
    f.write("counter = 0\n")
    f.write("function setup(thread) thread:set('offset', counter) counter = counter + 1 end\n")
    f.write("function init(args) i = offset * %d end\n" % (len(paths) // 2))
    f.write("request = function() i = i %% %d + 1 return wrk.format('GET', paths[i]) end\n" % len(paths))
PY
echo "distinct requests (no answer repeated, cache never hit):"
wrk -t2 -c32 -d10s -s "$WORK/distinct.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Latency"
kill $SERVER
