#!/usr/bin/env bash
# Throughput of sanad's date finder beside dateparser and parstdex, measured in the same run.
#
#   bash scripts/bench-dates.sh [SIZE_MB]      (default 20)
#
# Builds a corpus of SIZE_MB from the essay's paragraphs (reshuffled, deterministic) in /tmp,
# runs sanad's release bench (crates/sanad-dates/examples/bench_dates.rs, one core: dates/s,
# MB/s, and one document of 1, 10, 100 MB to show time linear in size), then the Python peers
# (../shared/peers/peer.py dates-dateparser / dates-parstdex) on the first PEER_KB kilobytes of
# the same corpus (the same paragraphs: they run at ~0.1 and ~0.02 MB/s, so the whole corpus
# would take hours), and prints the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-20}
PEER_KB=${PEER_KB:-200}
CORPUS=/tmp/sanad-dates-corpus-${SIZE_MB}MB.txt
SAMPLE=/tmp/sanad-dates-corpus-${PEER_KB}KB.txt
PY=${SANAD_PEERS_PY:-$HOME/.cache/sanad-peers/bin/python}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}

python3 - "$CORPUS" "$SIZE_MB" "$SAMPLE" "$PEER_KB" <<'PYEOF'
import random, sys
out, size_mb, sample, peer_kb = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
paras = [p for p in open("demo/karabakh-history.fa.txt", encoding="utf-8").read().split("\n") if p.strip()]
rng = random.Random(1399)
target, parts, total = size_mb * 1_000_000, [], 0
while total < target:
    p = rng.choice(paras)
    parts.append(p)
    total += len(p.encode("utf-8")) + 1
open(out, "w", encoding="utf-8").write("\n".join(parts) + "\n")
head, size = [], 0
for p in parts:
    if size >= peer_kb * 1000:
        break
    head.append(p)
    size += len(p.encode("utf-8")) + 1
open(sample, "w", encoding="utf-8").write("\n".join(head) + "\n")
print(f"corpus: {out} ({total/1e6:.1f} MB, {len(parts)} paragraphs); peers' sample: {sample} ({size/1e3:.0f} KB)", file=sys.stderr)
PYEOF

cargo build -q --release -p sanad-dates --example bench_dates
RESULTS=$(mktemp)
echo "== sanad-dates (release, one core, best of 3; normalization not included)"
taskset -c 0 "$CARGO_TARGET_DIR/release/examples/bench_dates" "$CORPUS" | tee -a "$RESULTS"
echo "== peers (same paragraphs, same run)"
if [ -x "$PY" ]; then
  for tool in dateparser parstdex; do
    "$PY" ../shared/peers/peer.py "dates-$tool" "$SAMPLE" 2>&1 >/tmp/sanad-dates-peer-$tool.jsonl \
      | grep '^{' | tee -a "$RESULTS"
  done
else
  echo "peers venv not found at $PY (bash ../shared/peers/setup.sh); ratios skipped"
fi
echo "== ratios"
python3 - "$RESULTS" <<'PYEOF'
import json, sys
r = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{"):
        d = json.loads(line)
        mbs = d.get("MB_per_s") or d["bytes"] / max(d["seconds"], 1e-9) / 1e6
        r[d["tool"]] = mbs
ours = r.get("sanad-dates")
print(f"sanad-dates: {ours:.2f} MB/s (target 100 MB/s: {'met' if ours >= 100 else 'NOT met'})")
for peer in ("dateparser.search_dates", "parstdex.extract_span"):
    if peer in r:
        print(f"{peer}: {r[peer]:.3f} MB/s; sanad-dates is {ours / r[peer]:.0f}x faster")
PYEOF
