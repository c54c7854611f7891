#!/usr/bin/env bash
# Full-extraction throughput (all kinds together, one core): builds a ≥ 20 MB corpus from the
# founding essay and prints MB/s of `sanad-core`'s extract example over it, release build.
#   scripts/bench-extract.sh [MB]        (default 20)
# Prints MB/s against wall time and against the process's own CPU time (user + system), which
# stays meaningful on a busy machine. Target (issue 4): ≥ 20 MB/s on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-20}
ESSAY=demo/karabakh-history.fa.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CORPUS="$WORK/corpus.txt"
python3 - "$ESSAY" "$CORPUS" "$MB" <<'PY'
import sys
essay, out, mb = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], int(sys.argv[3])
n = -(-mb * 1_000_000 // len(essay.encode()))
open(out, "w", encoding="utf-8").write("\n".join([essay] * n))
PY
cargo build -q --release -p sanad-core --example extract
BIN="${CARGO_TARGET_DIR:-target}/release/examples/extract"
python3 - "$BIN" "$CORPUS" "$ESSAY" <<'PY'
import os, subprocess, sys, time
binary, corpus, essay = sys.argv[1:4]
size = os.path.getsize(corpus)
pin = ["taskset", "-c", "0"] if subprocess.run(["which", "taskset"], capture_output=True).returncode == 0 else []
subprocess.run(pin + [binary, essay], stdout=subprocess.DEVNULL, check=True)  # warm-up
t = time.perf_counter()
p = subprocess.Popen(pin + [binary, corpus], stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t
assert status == 0, f"extract failed: {status}"
cpu = ru.ru_utime + ru.ru_stime
mb = size / 1e6
print(f"full extraction, one document of {mb:.1f} MB, all kinds, JSON out, one core:")
print(f"  wall {wall:.2f} s = {mb / wall:.1f} MB/s;  cpu {cpu:.2f} s = {mb / cpu:.1f} MB/s"
      f"  (target 20 MB/s: {'met' if mb / cpu >= 20 else 'NOT met'} on cpu time)")
PY
