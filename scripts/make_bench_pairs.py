#!/usr/bin/env python3
"""Writes N short Vietnamese pairs (3 vs 3 sentences drawn from the bundled articles, seeded)
as JSON Lines with id, reference, candidate: the whole-process benchmark input.
Usage: scripts/make_bench_pairs.py N OUT.jsonl [CAND_SENTENCES REF_SENTENCES]"""
import glob, json, os, random, re, sys

n, out = int(sys.argv[1]), sys.argv[2]
kc = int(sys.argv[3]) if len(sys.argv) > 3 else 3
kr = int(sys.argv[4]) if len(sys.argv) > 4 else 3
root = os.path.join(os.path.dirname(__file__), "..", "datasets", "vi-news-ukraine-2022", "articles")
sents = []
for path in sorted(glob.glob(os.path.join(root, "*.txt"))):
    text = open(path, encoding="utf-8").read()
    sents += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 5]
rng = random.Random(42)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        pick = lambda k: " ".join(rng.choice(sents) for _ in range(k))
        f.write(json.dumps({"id": str(i), "reference": pick(kr), "candidate": pick(kc)}, ensure_ascii=False) + "\n")
