#!/usr/bin/env bash
# Full-extraction throughput (all kinds together, one core): builds a ≥ 20 MB corpus from the
# founding essay and prints MB/s of `sanad-core`'s extract example over it, release build.
#   scripts/bench-extract.sh [MB]        (default 20)
# Target (issue 4): ≥ 20 MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-20}
ESSAY=demo/karabakh-history.fa.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CORPUS="$WORK/corpus.txt"
need=$((MB * 1000 * 1000))
size=0
: > "$CORPUS"
while [ "$size" -lt "$need" ]; do
  cat "$ESSAY" >> "$CORPUS"
  printf '\n' >> "$CORPUS"
  size=$(stat -c %s "$CORPUS")
done
cargo build -q --release -p sanad-core --example extract
BIN="${CARGO_TARGET_DIR:-target}/release/examples/extract"
# warm-up on the essay alone (data files, page cache)
taskset -c 0 "$BIN" "$ESSAY" > /dev/null 2>&1 || "$BIN" "$ESSAY" > /dev/null
run() {
  local start end
  start=$(date +%s.%N)
  if command -v taskset > /dev/null; then taskset -c 0 "$BIN" "$@" > /dev/null; else "$BIN" "$@" > /dev/null; fi
  end=$(date +%s.%N)
  echo "$start $end"
}
read -r s e < <(run "$CORPUS")
python3 - "$size" "$s" "$e" <<'PY'
import sys
size, s, e = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
mbs = size / 1e6 / (e - s)
print(f"full extraction (one core, incl. JSON output): {size/1e6:.1f} MB in {e-s:.2f} s = {mbs:.1f} MB/s  (target 20 MB/s: {'met' if mbs >= 20 else 'NOT met'}, ratio {mbs/20:.2f})")
PY
