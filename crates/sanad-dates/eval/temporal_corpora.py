#!/usr/bin/env python3
"""Span F1 of sanad-dates and of the peer parstdex on two public Persian temporal corpora.

    python3 crates/sanad-dates/eval/temporal_corpora.py [--peers]

Hengam's gold (200 sentences, IOB2 DAT/TIM; scored on DAT spans and on DAT+TIM spans) and the
ParsTDex test set (305 sentences, date/time spans). Each corpus is written one sentence a line
to /tmp, sanad's `dates` example runs on it (`sanad extract` JSON: byte spans), and with
--peers `peer.py dates-parstdex` runs on the same file. A prediction matches a gold span on any
overlap, one to one (as ../shared/eval/score.py does). Both corpora are mostly modern,
colloquial times, durations and weekdays, which sanad does not annotate as dates (its gold
conventions: durations and deictic words are not dates): the figures say how much of that
sanad leaves alone, and that nothing breaks.
"""
import json, os, subprocess, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
SHARED = os.path.join(ROOT, "..", "shared")
PY = os.environ.get("SANAD_PEERS_PY", os.path.expanduser("~/.cache/sanad-peers/bin/python"))


def hengam():
    sents, toks, tags = [], [], []
    for line in open(os.path.join(SHARED, "data/hengam/Gold.txt"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        t, _, tag = line.rpartition("\t")
        toks.append(t)
        tags.append(tag)
    if toks:
        sents.append((toks, tags))
    out = []
    for toks, tags in sents:
        text, spans, pos, cur = "", [], 0, None
        for t, tag in zip(toks, tags):
            if text:
                text += " "
            s = len(text)
            text += t
            kind = tag[2:] if tag != "O" else None
            if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != kind)):
                if cur:
                    spans.append(cur)
                cur = [s, len(text), kind]
            elif tag.startswith("I-"):
                cur[1] = len(text)
            else:
                if cur:
                    spans.append(cur)
                cur = None
        if cur:
            spans.append(cur)
        out.append((text, spans))
    return out


def parstdex():
    d = json.load(open(os.path.join(SHARED, "data/parstdex-tests/data.json"), encoding="utf-8-sig"))
    return [(r["test_input"].replace("\n", " "), [[s, e, "DT"] for s, e in json.loads(r["expected"])]) for r in d]


def byte_to_char_spans(lines, anns):
    """Byte spans of the whole file -> (line index, char start, char end)."""
    starts, pos = [], 0
    for l in lines:
        starts.append(pos)
        pos += len(l.encode("utf-8")) + 1
    out = []
    for a in anns:
        i = max(k for k, s in enumerate(starts) if s <= a["start"])
        raw = lines[i].encode("utf-8")
        cs = len(raw[: a["start"] - starts[i]].decode("utf-8", "ignore"))
        ce = len(raw[: a["end"] - starts[i]].decode("utf-8", "ignore"))
        out.append((i, cs, ce))
    return out


def f1(gold, pred):
    """gold: {line: [(s, e)]}, pred: [(line, s, e)] -> P, R, F1 (overlap, one to one)."""
    matched, used = 0, set()
    for i, s, e in pred:
        for k, (gs, ge) in enumerate(gold.get(i, [])):
            if (i, k) not in used and min(e, ge) > max(s, gs):
                used.add((i, k))
                matched += 1
                break
    n_gold = sum(len(v) for v in gold.values())
    p = matched / len(pred) if pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), n_gold, len(pred)


def run(name, data, kinds, peers):
    path = f"/tmp/sanad-dates-{name}.txt"
    lines = [t for t, _ in data]
    open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    gold = {i: [(s, e) for s, e, k in spans if k in kinds] for i, (_, spans) in enumerate(data)}
    env = dict(os.environ, CARGO_TARGET_DIR=os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")))
    out = subprocess.run(["cargo", "run", "-q", "--release", "-p", "sanad-dates", "--example", "dates", "--", path],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    sanad = byte_to_char_spans(lines, json.loads(out.splitlines()[0])["annotations"])
    rows = [("sanad-dates", f1(gold, sanad))]
    if peers and os.path.exists(PY):
        out = subprocess.run([PY, os.path.join(SHARED, "peers/peer.py"), "dates-parstdex", path],
                             capture_output=True, text=True, check=True).stdout
        px = byte_to_char_spans(lines, json.loads(out.splitlines()[0])["annotations"])
        rows.append(("parstdex", f1(gold, px)))
    for tool, (p, r, f, ng, npred) in rows:
        print(f"{name:22} {'+'.join(sorted(kinds)):7} {tool:12} P {p:.3f} R {r:.3f} F1 {f:.3f}  gold {ng} pred {npred}")


if __name__ == "__main__":
    peers = "--peers" in sys.argv
    h = hengam()
    run("hengam-gold", h, {"DAT"}, peers)
    run("hengam-gold", h, {"DAT", "TIM"}, peers)
    run("parstdex-tests", parstdex(), {"DT"}, peers)
