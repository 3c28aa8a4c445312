#!/usr/bin/env python3
"""Writes tests/fixtures/correlation.jsonl: generated score vectors (continuous, with ties,
on few rating levels, constant edge cases) and scipy.stats' Pearson, Spearman and Kendall
tau-b and tau-c of each pair, for `tomtat correlate`'s coefficients.
Usage: scripts/gen_correlation_fixtures.py   (needs `pip install scipy numpy`)"""
import json
import warnings
import math
import pathlib
import random

import scipy
from scipy import stats

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "correlation.jsonl"


def finite(v):
    return None if v is None or math.isnan(v) else float(v)


def main():
    warnings.simplefilter("ignore")  # constant inputs: scipy warns and returns NaN
    rng = random.Random(2021)
    rows = []
    for i in range(120):
        n = rng.choice([2, 3, 5, 8, 16, 30, 100])
        kind = i % 4
        x = [rng.random() for _ in range(n)]
        if kind == 1:  # ROUGE-like scores with ties
            x = [round(v, 2) for v in x]
        noise = [rng.gauss(0, 0.3) for _ in range(n)]
        y = [a + b for a, b in zip(x, noise)]
        if kind >= 2:  # human ratings on a 1-5 scale
            y = [min(5, max(1, round(3 + 2 * v))) for v in y]
        if kind == 3:
            x = [round(v * 4) / 4 for v in x]
        if i % 40 == 39:
            y = [3] * n  # constant: undefined
        rows.append({
            "x": x,
            "y": y,
            "pearson": finite(stats.pearsonr(x, y).statistic) if n > 1 and len(set(y)) > 1 and len(set(x)) > 1 else None,
            "spearman": finite(stats.spearmanr(x, y).statistic),
            "kendall_b": finite(stats.kendalltau(x, y, variant="b").statistic),
            "kendall_c": finite(stats.kendalltau(x, y, variant="c").statistic),
        })
    with open(OUT, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print("scipy", scipy.__version__)


main()
