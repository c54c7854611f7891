#!/usr/bin/env bash
# Full-extraction throughput (all kinds together, one core) on a ≥ 20 MB VARIED corpus, release
# build, through `sanad-core`'s extract example (JSON out, as `sanad extract` writes it).
#   scripts/bench-extract.sh [MB] [DOC_KB]      (defaults 20 and 100)
# The corpus: documents of about DOC_KB kilobytes, each a random mix of the founding essay's
# paragraphs and of sentences of the public corpora in ../shared/data (PEYMA: news; ParsTwiNER:
# tweets and news; both MIT, see their SOURCE.md), ≈ 4.8 MB of distinct text, so the tagger and
# the automata see a realistic spread of words rather than one essay's, which would sit in the
# cache. The essay is weighted up to about a tenth of the bytes. Deterministic (seed 7).
# Without ../shared/data it falls back to the essay alone (and says so).
# `SANAD_BENCH_DIR=dir` keeps the corpus in dir. `SANAD_BENCH_ONE_DOC=1` writes the corpus as one document instead (the old set-up).
# Prints MB/s against wall time and against the process's own CPU time (user + system), which
# stays meaningful on a busy machine. Target (issue 4): ≥ 20 MB/s on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-20}
DOC_KB=${2:-100}
ESSAY=demo/karabakh-history.fa.txt
SHARED=${SANAD_SHARED:-../shared}
if [ -n "${SANAD_BENCH_DIR:-}" ]; then   # keep the corpus there (for profiling)
  WORK=$SANAD_BENCH_DIR; mkdir -p "$WORK"; rm -f "$WORK"/doc*.txt
else
  WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
fi
python3 - "$ESSAY" "$SHARED/data" "$WORK" "$MB" "$DOC_KB" "${SANAD_BENCH_ONE_DOC:-0}" <<'PY'
import os, random, sys
essay_path, data, work, mb, doc_kb, one_doc = sys.argv[1:7]
rng = random.Random(7)
essay = [p for p in open(essay_path, encoding="utf-8").read().split("\n") if p.strip()]

def conll(path, sep):
    sentences, words = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if words:
                sentences.append(" ".join(words))
            words = []
            continue
        words.append(line.split(sep)[0])
    if words:
        sentences.append(" ".join(words))
    return sentences

sentences = []
for name, sep in [("peyma/%s.txt" % s, "|") for s in ("train", "dev", "test")] + \
                 [("parstwiner/%s.txt" % s, "\t") for s in ("train", "dev", "test")]:
    path = os.path.join(data, name)
    if os.path.exists(path):
        sentences += conll(path, sep)
if not sentences:
    print(f"note: no corpora under {data}; the corpus is the essay alone", file=sys.stderr)
# Paragraphs of 3–8 corpus sentences, and the essay's paragraphs weighted to ≈ 1/10 of the bytes.
units = []
i = 0
while i < len(sentences):
    k = rng.randint(3, 8)
    units.append(" ".join(sentences[i:i + k]))
    i += k
corpus_bytes = sum(len(u.encode()) for u in units)
essay_bytes = sum(len(p.encode()) for p in essay)
units += essay * max(1, round(corpus_bytes / 9 / essay_bytes))
target, doc_bytes = int(mb) * 1_000_000, int(doc_kb) * 1000
docs, doc, size, total = [], [], 0, 0
while total < target:
    rng.shuffle(units)
    for u in units:
        doc.append(u)
        size += len(u.encode()) + 1
        if size >= doc_bytes:
            docs.append("\n".join(doc))
            total += size
            doc, size = [], 0
            if total >= target:
                break
if doc:
    docs.append("\n".join(doc))
if one_doc == "1":
    docs = ["\n".join(docs)]
for k, d in enumerate(docs):
    with open(os.path.join(work, f"doc{k:05}.txt"), "w", encoding="utf-8") as f:
        f.write(d)
PY
cargo build -q --release -p sanad-core --example extract
BIN="${CARGO_TARGET_DIR:-target}/release/examples/extract"
python3 - "$BIN" "$WORK" "$ESSAY" <<'PY'
import glob, os, subprocess, sys, time
binary, work, essay = sys.argv[1:4]
docs = sorted(glob.glob(os.path.join(work, "doc*.txt")))
size = sum(os.path.getsize(d) for d in docs)
pin = ["taskset", "-c", "0"] if subprocess.run(["which", "taskset"], capture_output=True).returncode == 0 else []
subprocess.run(pin + [binary, essay], stdout=subprocess.DEVNULL, check=True)  # warm-up
t = time.perf_counter()
p = subprocess.Popen(pin + [binary] + docs, stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t
assert status == 0, f"extract failed: {status}"
cpu = ru.ru_utime + ru.ru_stime
mb = size / 1e6
print(f"full extraction, {len(docs)} documents, {mb:.1f} MB (varied: essay + PEYMA + ParsTwiNER), "
      f"all kinds, JSON out, one core (start-up incl.):")
print(f"  wall {wall:.2f} s = {mb / wall:.1f} MB/s;  cpu {cpu:.2f} s = {mb / cpu:.1f} MB/s"
      f"  (target 20 MB/s: {'met' if mb / cpu >= 20 else 'NOT met'} on cpu time)")
PY
