#!/usr/bin/env bash
# Throughput of sanad's text layer beside hazm's and parsivar's, measured in the same run.
#
#   bash scripts/bench-text.sh [SIZE_MB]      (default 20)
#
# Builds a corpus of SIZE_MB from the essay in /tmp (paragraphs reshuffled, some with Arabic
# letters/digits, spaced or glued half-spaces, odd spaces: a varied, deterministic mix), runs
# sanad's release bench (examples/bench_text.rs, one core) and the Python peers
# (../shared/peers/peer.py normalize-bench), and prints the ratios.
# On a busy machine wall times wait for the CPU; the peers wait alike, so the ratio stays fair,
# and sanad's MB per CPU-second is printed beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-20}
CORPUS=/tmp/sanad-text-corpus-${SIZE_MB}MB.txt
PY=${SANAD_PEERS_PY:-$HOME/.cache/sanad-peers/bin/python}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}

python3 - "$CORPUS" "$SIZE_MB" <<'PYEOF'
import random, sys
out, size_mb = sys.argv[1], int(sys.argv[2])
paras = [p for p in open("demo/karabakh-history.fa.txt", encoding="utf-8").read().split("\n") if p.strip()]
rng = random.Random(1399)
ar = str.maketrans({"ی": "ي", "ک": "ك"})
digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩")
def vary(p):
    r = rng.random()
    if r < 0.15: return p.translate(ar)
    if r < 0.25: return p.translate(digits)
    if r < 0.35: return p.replace(" ", "\u00a0", 3).replace("، ", " ، ")
    if r < 0.45: return p.replace("\u200c", "").replace("می ", "می")
    return p
target, parts, total = size_mb * 1_000_000, [], 0
while total < target:
    p = vary(rng.choice(paras))
    parts.append(p)
    total += len(p.encode("utf-8")) + 1
open(out, "w", encoding="utf-8").write("\n".join(parts) + "\n")
print(f"corpus: {out} ({total/1e6:.1f} MB, {len(parts)} paragraphs)", file=sys.stderr)
PYEOF

cargo build -q --release -p sanad-text --example bench_text
RESULTS=$(mktemp)
echo "== sanad (release, one thread, best of 5 wall; MB_per_cpu_s = bytes / CPU time per run)"
"$CARGO_TARGET_DIR/release/examples/bench_text" "$CORPUS" | tee -a "$RESULTS"
echo "== peers (same corpus, same run)"
if [ -x "$PY" ]; then
  "$PY" ../shared/peers/peer.py normalize-bench "$CORPUS" --tools hazm,parsivar,hazm-tokenize | tee -a "$RESULTS"
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
        d = json.loads(line); r[d["tool"]] = d["MB_per_s"]
cpu = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{") and "MB_per_cpu_s" in line:
        d = json.loads(line); cpu[d["tool"]] = d["MB_per_cpu_s"]
def ratio(a, b, target=None):
    if a in r and b in r:
        t = f"  (target {target} MB/s: {'met' if r[a] >= target else 'NOT met'} on wall time" if target else ""
        if target and a in cpu:
            t += f"; {cpu[a]:.0f} MB per CPU-second: {'met' if cpu[a] >= target else 'NOT met'}"
        t += ")" if target else ""
        print(f"{a} {r[a]:.1f} MB/s / {b} {r[b]:.2f} MB/s = {r[a]/r[b]:.0f}x{t}")
ratio("sanad-normalize", "hazm", 250)
ratio("sanad-normalize", "parsivar")
ratio("sanad-normalize-latin", "hazm")
ratio("sanad-tokenize+split", "hazm-tokenize", 100)
PYEOF
rm -f "$RESULTS"
