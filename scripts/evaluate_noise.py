#!/usr/bin/env python3
"""How far Hugging Face evaluate's aggregated ROUGE moves from the plain mean on a real set.

evaluate's rouge returns, per type, the median of an unseeded 1,000-sample bootstrap of the
mean F (rouge_score.scoring.BootstrapAggregator), so the same predictions give a slightly
different number on every call; tomtat.rouge.compute returns the plain mean. This scores the
lead paragraph of each VLSP 2022 AbMuSu validation cluster's first article against its gold
summary, runs evaluate's aggregation (mirrored from its code, with rouge-score 0.1.2) --runs
times, and prints the spread next to the plain mean and tomtat's vi-v1 mean.

Needs ../shared/data/abmusu/validation.jsonl (not in the repository) and
`pip install . rouge-score==0.1.2`:
    v/bin/python scripts/evaluate_noise.py [--runs 20]
"""

import argparse
import json
import pathlib
import statistics
import sys

import tomtat

DATA = pathlib.Path(__file__).resolve().parents[2] / "shared" / "data" / "abmusu" / "validation.jsonl"
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    if not DATA.exists():
        print(f"evaluate_noise: {DATA} is missing; this script needs the shared AbMuSu data "
              "(see ../shared/data/README.md). Nothing was measured.", file=sys.stderr)
        return 2
    from rouge_score import rouge_scorer, scoring

    preds, refs = [], []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        preds.append(row["single_documents"][0]["anchor_text"])
        refs.append(row["summary"])
    scorer = rouge_scorer.RougeScorer(TYPES)
    per_example = [scorer.score(r, p) for r, p in zip(refs, preds)]
    runs = {t: [] for t in TYPES}
    for _ in range(args.runs):
        agg = scoring.BootstrapAggregator()
        for s in per_example:
            agg.add_scores(s)
        result = agg.aggregate()
        for t in TYPES:
            runs[t].append(result[t].mid.fmeasure)
    plain = tomtat.rouge.compute(preds, refs, profile="rouge-score")
    vi = tomtat.rouge.compute(preds, refs)
    print(f"AbMuSu validation, lead paragraph vs gold summary, {len(preds)} clusters; "
          f"evaluate's aggregate over {args.runs} calls")
    print(f"{'type':10} {'plain mean':>10} {'evaluate min':>12} {'max':>8} {'max |Δ|':>8} "
          f"{'tomtat vi-v1':>12}")
    for t in TYPES:
        lo, hi = min(runs[t]), max(runs[t])
        worst = max(abs(x - plain[t]) for x in runs[t])
        print(f"{t:10} {plain[t] * 100:10.2f} {lo * 100:12.2f} {hi * 100:8.2f} "
              f"{worst * 100:8.2f} {vi[t] * 100:12.2f}")
    print("(points; plain mean and evaluate with the rouge-score tokenizer; "
          f"stdev of evaluate's rouge2: {statistics.stdev(runs['rouge2']) * 100:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
