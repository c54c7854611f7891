#!/usr/bin/env bash
# Throughput of sanad's entity finder (gazetteer automaton, then with the tagger) on a corpus of
# SIZE_MB (default 20), one core, automaton built once; beside a Python peer measured in the same
# run: one `re` alternation of every Persian gazetteer form (longest first), the usual quick way.
#
#   bash scripts/bench-entities.sh [SIZE_MB]
#
# The corpus mixes the essay's paragraphs with the sentences of the PEYMA and ParsTwiNER files in
# data/ner (detokenized), reshuffled deterministically, in documents of ~100 KB. MB/s are given in
# CPU time of the measuring thread (the machine may be shared) and in wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-20}
PEER_KB=${PEER_KB:-2000}
CORPUS=/tmp/sanad-entities-corpus-${SIZE_MB}MB.txt
SAMPLE=/tmp/sanad-entities-corpus-${PEER_KB}KB.txt
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}

python3 - "$CORPUS" "$SIZE_MB" "$SAMPLE" "$PEER_KB" <<'PYEOF'
import glob, random, sys
out, size_mb, sample, peer_kb = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
paras = [p for p in open("demo/karabakh-history.fa.txt", encoding="utf-8").read().split("\n") if p.strip()]
for path in sorted(glob.glob("data/ner/*/*.txt")):
    words = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line:
            if words:
                paras.append(" ".join(words))
            words = []
            continue
        words.append(line.replace("|", "\t").split("\t")[0])
rng = random.Random(1399)
target, parts, total = size_mb * 1_000_000, [], 0
while total < target:
    p = rng.choice(paras)
    parts.append(p)
    total += len(p.encode("utf-8")) + 1
text = "\n".join(parts) + "\n"
open(out, "w", encoding="utf-8").write(text)
open(sample, "w", encoding="utf-8").write(text.encode("utf-8")[: peer_kb * 1000].decode("utf-8", "ignore"))
PYEOF

cargo build -q --release -p sanad-entities --example throughput
echo "== sanad-entities (release, one core)"
OUT=$("$CARGO_TARGET_DIR/release/examples/throughput" "$CORPUS" --min-mb "$SIZE_MB" --doc-kb 100)
echo "$OUT"

echo "== peer: Python re alternation of the gazetteer's Persian forms (first ${PEER_KB} KB)"
PEER=$(python3 - "$SAMPLE" <<'PYEOF'
import glob, json, re, sys, time
forms = set()
for path in glob.glob("data/gazetteer/*.jsonl"):
    for line in open(path, encoding="utf-8"):
        if line.strip():
            e = json.loads(line)
            forms.update(e.get("fa", []))
            forms.update(n["text"] for n in e.get("names", []) if n.get("lang", "fa") == "fa")
rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")
text = open(sys.argv[1], encoding="utf-8").read()
t = time.process_time()
n = sum(1 for _ in rx.finditer(text))
dt = time.process_time() - t
mb = len(text.encode("utf-8")) / 1e6
print(f"{mb / dt:.2f} MB/s CPU time ({n} matches on {mb:.1f} MB)")
PYEOF
)
echo "python re        $PEER"
OURS=$(echo "$OUT" | sed -n 's/^gazetteer match *\([0-9.]*\) MB\/s CPU.*/\1/p')
THEIRS=$(echo "$PEER" | sed -n 's/^\([0-9.]*\) MB\/s.*/\1/p')
if [ -n "$OURS" ] && [ -n "$THEIRS" ]; then
  python3 -c "print(f'ratio: sanad gazetteer matching is {float($OURS)/float($THEIRS):.1f}x the Python re peer (target: >= 20 MB/s one core)')"
fi
