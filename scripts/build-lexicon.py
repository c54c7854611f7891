#!/usr/bin/env python3
"""Build sanad's Persian lexicon (data/text/) from hazm's word and verb lists.

Reproducible: the same hazm data gives byte-identical output (sorted, no timestamps).

    python3 scripts/build-lexicon.py [--hazm-data DIR] [--out data/text]

DIR defaults to the hazm package installed in the peers venv (~/.cache/sanad-peers, see
../shared/peers/setup.sh). hazm is MIT-licensed; see data/text/SOURCE.md.

Outputs
  lexicon.txt     `word<TAB>weight`, one whole word a line (may contain ZWNJ, U+200C). A word
                  in this list is never split by the normalizer; weight says how sure the list is
                  of it: 0 = no frequency and no tag in hazm (often a fragment), 1 = tagged but
                  no frequency, 2+ = 2 + floor(log10(frequency)). Where two readings compete
                  («مقالهای»: «مقال»+«های» or «مقاله»+«ای»), the heavier one wins; a word WITH a ZWNJ also tells the normalizer
                  where the half-space goes when it was stripped («قرهباغ» → «قره‌باغ»).
  verb-stems.txt  `past<TAB>present` stems, one verb a line, for «می»/«نمی» + verb repairs.
  compound-heads.txt  second parts of ZWNJ compounds that recur in many compounds («تبار»,
                  «نشین», «نگار» ...): a glued word = whole word + one of these is split.

Why filter: hazm's words.dat also lists glued forms with no frequency and no tag («میشود»,
«میگیری»), exactly the misspellings the normalizer must repair; those are dropped when they
are «می»/«نمی» + a verb form, or a word + a plural/comparative suffix.
"""
import argparse
import os
import re
import sys
from collections import Counter

ZWNJ = "\u200c"
DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
PERSIAN_WORD = re.compile("^[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0\u0654\u200c]+$")
# Personal endings (see crates/sanad-text/src/lexicon.rs, which builds the same forms).
PAST_ENDINGS = ["", "م", "ی", "یم", "ید", "ند", "ه"]
PRESENT_ENDINGS = ["م", "ی", "د", "یم", "ید", "ند"]
GLUED_SUFFIXES = ["هایی", "های", "ها", "ترین", "تر"]
# After a stem in «ه» («کرده»+«اند»).
GLUED_AFTER_HEH = ["اند", "ای", "ام", "اش", "ایم", "اید", "است"]


def clean(word):
    word = word.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace("ة", "ه")
    return DIACRITICS.sub("", word)


def weight(freq, tagged):
    if freq > 0:
        return 2 + len(str(freq)) - 1
    return 1 if tagged else 0


def verb_forms(stems):
    forms = set()
    for past, present in stems:
        if past:
            forms.update(past + e for e in PAST_ENDINGS)
        if present:
            forms.update(present + e for e in PRESENT_ENDINGS)
            if present[-1] in "اوآ":
                forms.update(present + "ی" + e for e in PRESENT_ENDINGS)
    return forms


def main():
    default = os.path.expanduser("~/.cache/sanad-peers/lib/python3.11/site-packages/hazm/data")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hazm-data", default=default)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "text"))
    args = ap.parse_args()

    stems = set()
    with open(os.path.join(args.hazm_data, "verbs.dat"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or "#" not in line:
                continue
            past, present = (clean(p) for p in line.split("#", 1))
            stems.add((past, present))
    forms = verb_forms(stems)

    entries = {}
    with open(os.path.join(args.hazm_data, "words.dat"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            word = clean(parts[0]).strip(ZWNJ)
            if len(word) < 2 or not PERSIAN_WORD.match(word) or ZWNJ + ZWNJ in word:
                continue
            freq = int(parts[1]) if parts[1].isdigit() else 0
            tagged = parts[2] != "0"
            old = entries.get(word)
            entries[word] = (max(freq, old[0]) if old else freq, tagged or (old[1] if old else False))

    def known(word):
        e = entries.get(word)
        return e is not None and (e[1] or e[0] > 0)

    dropped = Counter()
    keep = []
    for word, (freq, tagged) in entries.items():
        untagged = not tagged and freq == 0
        if untagged and ZWNJ not in word:
            rest = word[3:] if word.startswith("نمی") else word[2:] if word.startswith("می") else None
            if rest and rest in forms:
                dropped["glued verb"] += 1
                continue
            if any(word.endswith(s) and known(word[: -len(s)]) and len(word) - len(s) >= 2 for s in GLUED_SUFFIXES) or any(
                word.endswith(s) and word[: -len(s)].endswith("ه") and known(word[: -len(s)]) for s in GLUED_AFTER_HEH
            ):
                dropped["glued suffix"] += 1
                continue
            if any(known(word[:i]) and known(word[i:]) and (word[:i] + ZWNJ + word[i:]) in entries for i in range(2, len(word) - 1)):
                dropped["glued compound"] += 1
                continue
        keep.append(word)
    keep.sort()

    heads = Counter()
    for word in keep:
        if word.count(ZWNJ) == 1:
            head = word.split(ZWNJ)[1]
            if len(head) >= 3 and not head.startswith("ها") and not head.startswith("تر"):
                heads[head] += 1
    compound_heads = sorted(h for h, n in heads.items() if n >= 8)

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "lexicon.txt"), "w", encoding="utf-8") as f:
        f.write("".join(f"{w}\t{weight(*entries[w])}\n" for w in keep))
    with open(os.path.join(args.out, "verb-stems.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(f"{p}\t{q}" for p, q in sorted(stems)) + "\n")
    with open(os.path.join(args.out, "compound-heads.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(compound_heads) + "\n")
    print(f"lexicon: {len(keep)} words kept, dropped {dict(dropped)}; "
          f"{len(stems)} verbs; {len(compound_heads)} compound heads", file=sys.stderr)


if __name__ == "__main__":
    main()
