#!/usr/bin/env python3
"""Make a varied corpus of documents as JSON lines {"id", "text", "source"} for scale tests.

    python3 spark/make_corpus.py --docs 10000 --out corpus.jsonl [--shared ../shared] [--seed 7]

Documents are built from the essay's paragraphs and, where ../shared/data is present, from the
sentences of the public NER corpora (PEYMA, ParsTwiNER), mixed at random lengths so that no two
documents are the same. A few lines are deliberately bad (not JSON, no text) so the stream's
error handling is exercised too. Deterministic for a given seed.
"""
import argparse
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def essay_paragraphs(repo):
    with open(os.path.join(repo, "demo", "karabakh-history.fa.txt"), encoding="utf-8") as f:
        return [p for p in f.read().split("\n") if len(p.strip()) > 20]


def conll_sentences(path, sep):
    """Sentences of a one-token-per-line corpus (blank line between sentences)."""
    sentences, words = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "shared"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bad-every", type=int, default=997, help="every Nth line is malformed (0: none)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    repo = os.path.join(HERE, "..")
    paragraphs = essay_paragraphs(repo)
    sentences = []
    for name, sep in (("peyma/train.txt", "|"), ("parstwiner/train.txt", "\t")):
        path = os.path.join(a.shared, "data", name)
        if os.path.exists(path):
            sentences += conll_sentences(path, sep)
    with open(a.out, "w", encoding="utf-8") as out:
        for i in range(a.docs):
            if a.bad_every and i % a.bad_every == a.bad_every - 1:
                out.write("{not json: %d\n" % i if i % 2 else json.dumps({"id": f"doc-{i}"}) + "\n")
                continue
            parts = rng.sample(paragraphs, k=rng.randint(1, 3))
            if sentences:
                parts += rng.sample(sentences, k=rng.randint(0, 8))
            rng.shuffle(parts)
            doc = {"id": f"doc-{i}", "text": "\n".join(parts), "source": rng.choice(["essay", "news", "archive"])}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
