#!/usr/bin/env python3
"""Writes tests/fixtures/torchmetrics_refs.jsonl: generated English pairs with 2-4 references
and, per example, the precision/recall/F of rouge1, rouge2, rougeL and rougeLsum under
torchmetrics' two reference modes, computed the way torchmetrics' own tests compute them
(tests/unittests/text/test_rouge.py): Google's rouge-score per reference, then
  best: the reference with the highest F of the first rouge key (rouge1), first on ties
        (torch.argmax), scores every key: the rule of torchmetrics up to 1.5.2 (its
        functional/text/rouge.py; from 1.6.0 on, `best` picks per rouge key, which is
        rouge-score's score_multi, tomtat's `--refs max`, already pinned by the rouge-score
        fixtures);
  avg:  precision, recall and F each averaged over the references (torchmetrics averages;
        its test takes the median of rouge-score's bootstrap of that mean).
Usage: scripts/gen_torchmetrics_refs_fixtures.py   (needs `pip install rouge-score`)"""
import json
import pathlib
import random

from rouge_score import rouge_scorer

ROOT = pathlib.Path(__file__).resolve().parents[1]
KEYS = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
WORDS = ("the a cat dog sat ran on mat rug quickly slowly talks in geneva ended without "
         "breakthrough officials said monday prices rose again sanctions banks").split()


def text(rng):
    lines = []
    for _ in range(rng.randint(1, 3)):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))))
    return "\n".join(lines)


def main():
    rng = random.Random(23)
    scorer = rouge_scorer.RougeScorer(KEYS, use_stemmer=False)
    with open(ROOT / "tests" / "fixtures" / "torchmetrics_refs.jsonl", "w") as out:
        for i in range(300):
            cand = text(rng)
            refs = [text(rng) for _ in range(rng.randint(2, 4))]
            if i % 25 == 3:
                refs[1] = refs[0]  # a tie: the first wins
            per_ref = [scorer.score(r, cand) for r in refs]
            f1 = [s["rouge1"].fmeasure for s in per_ref]
            best = f1.index(max(f1))
            row = {"id": f"t{i}", "candidate": cand, "references": refs, "best": {}, "avg": {}}
            for k in KEYS:
                s = per_ref[best][k]
                row["best"][k] = [s.precision, s.recall, s.fmeasure]
                row["avg"][k] = [sum(getattr(p[k], a) for p in per_ref) / len(per_ref)
                                 for a in ("precision", "recall", "fmeasure")]
            out.write(json.dumps(row) + "\n")


main()
