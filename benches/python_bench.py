#!/usr/bin/env python3
"""Python throughput, in one run on one workload: tomtat's RougeScorer.score_batch and
rouge.compute against rouge-score (a loop over RougeScorer.score, as evaluate does) and
rouge_score_rs (the Python package of the rougers crate) when installed; plus the per-call
cost of RougeScorer.score on one short pair. Prints pairs/s, medians of --repeat runs, and
ratios. The workload: Vietnamese summaries drawn (seeded) from the bundled articles.

    python3 -m venv v && v/bin/pip install . rouge-score==0.1.2 rouge-score-rs
    v/bin/python benches/python_bench.py [--pairs 2000] [--repeat 5] [--ratio-only]

--ratio-only measures only the two score_batch rows (tomtat vi-v1 and rouge_score_rs) and
prints their ratio line, as benches/whole_process.sh --python reads it (exit 2 without
rouge_score_rs).
"""

import argparse
import os
import pathlib
import random
import re
import statistics
import sys
import time

import tomtat

ROOT = pathlib.Path(__file__).resolve().parents[1]
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def workload(n, seed=1):
    sentences = []
    for path in sorted((ROOT / "datasets" / "vi-news-ukraine-2022" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 4]
    rng = random.Random(seed)
    preds, refs = [], []
    for _ in range(n):
        preds.append("\n".join(rng.sample(sentences, 3)))
        refs.append("\n".join(rng.sample(sentences, 3)))
    return preds, refs


def median_time(fn, repeat):
    fn()  # warm-up (thread pools, caches), not timed
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def median_time_fresh(fn, preds, refs, repeat):
    """``median_time`` with new ``str`` objects for every run (made before the clock starts):
    CPython keeps a string's UTF-8 once asked for it, so a batch of strings seen before
    converts faster than a new one."""
    copies = [([(t + " ")[:-1] for t in preds], [(t + " ")[:-1] for t in refs])
              for _ in range(repeat + 1)]
    fn(*copies[0])
    times = []
    for p, r in copies[1:]:
        t = time.perf_counter()
        fn(p, r)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def ratio_only(preds, refs, repeat):
    try:
        import rouge_score_rs
    except ImportError:
        print("rouge_score_rs is not installed (pip install rouge-score-rs)", file=sys.stderr)
        return 2
    vi = tomtat.RougeScorer(TYPES, profile="vi-v1")
    rsr = rouge_score_rs.RougeScorer(TYPES)
    ours, theirs = [], []
    vi.score_batch(refs, preds)  # warm-up (thread pools, caches), not timed
    rsr.score_batch(refs, preds)
    for _ in range(repeat):  # alternating, so that a slow spell of the machine falls on both
        for scorer, times in ((vi, ours), (rsr, theirs)):
            t = time.perf_counter()
            scorer.score_batch(refs, preds)
            times.append(time.perf_counter() - t)
    print(f"tomtat score_batch (vi-v1) vs rouge_score_rs score_batch: "
          f"{statistics.median(theirs) / statistics.median(ours):.2f}x")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--ratio-only", action="store_true")
    args = ap.parse_args()
    preds, refs = workload(args.pairs)
    n = len(preds)
    if args.ratio_only:
        return ratio_only(preds, refs, args.repeat)
    rows = []  # (name, seconds per run)

    vi = tomtat.RougeScorer(TYPES, profile="vi-v1")
    rs_profile = tomtat.RougeScorer(TYPES, profile="rouge-score")
    rows.append(("tomtat score_batch (vi-v1)", median_time(lambda: vi.score_batch(refs, preds), args.repeat)))
    rows.append(("tomtat score_batch (vi-v1, new str objects)",
                 median_time_fresh(lambda p, r: vi.score_batch(r, p), preds, refs, args.repeat)))
    rows.append(("tomtat score_batch (rouge-score profile)",
                 median_time(lambda: rs_profile.score_batch(refs, preds), args.repeat)))
    rows.append(("tomtat score_batch (vi-v1, threads=1)",
                 median_time(lambda: vi.score_batch(refs, preds, threads=1), args.repeat)))
    rows.append(("tomtat rouge.compute (auto → vi-v1)",
                 median_time(lambda: tomtat.rouge.compute(preds, refs), args.repeat)))
    try:
        from rouge_score import rouge_scorer

        google = rouge_scorer.RougeScorer(TYPES)
        rows.append(("rouge-score loop over score()",
                     median_time(lambda: [google.score(r, p) for r, p in zip(refs, preds)],
                                 max(1, args.repeat // 2))))
    except ImportError:
        google = None
    try:
        import rouge_score_rs

        rsr = rouge_score_rs.RougeScorer(TYPES)
        rows.append(("rouge_score_rs score_batch",
                     median_time(lambda: rsr.score_batch(refs, preds), args.repeat)))
        rows.append(("rouge_score_rs score_batch (new str objects)",
                     median_time_fresh(lambda p, r: rsr.score_batch(r, p), preds, refs, args.repeat)))
    except ImportError:
        rsr = None

    print(f"{n} Vietnamese pairs (3 sentences each side), types {','.join(TYPES)}, "
          f"{os.cpu_count()} cores, median of {args.repeat}")
    print(f"{'':44} {'pairs/s':>10}")
    for name, secs in rows:
        print(f"{name:44} {n / secs:>10,.0f}")
    by = dict(rows)
    base = by["tomtat score_batch (vi-v1)"]
    if google is not None:
        print(f"tomtat score_batch (vi-v1) vs rouge-score loop: "
              f"{by['rouge-score loop over score()'] / base:.1f}x")
    if rsr is not None:
        theirs = by["rouge_score_rs score_batch"]
        print(f"tomtat score_batch (vi-v1) vs rouge_score_rs score_batch: {theirs / base:.2f}x")
        fresh = by["rouge_score_rs score_batch (new str objects)"]
        print(f"the same with new str objects every run: "
              f"{fresh / by['tomtat score_batch (vi-v1, new str objects)']:.2f}x")
        print(f"tomtat score_batch (rouge-score profile) vs rouge_score_rs score_batch: "
              f"{theirs / by['tomtat score_batch (rouge-score profile)']:.2f}x")

    # Per-call cost of score() on one short pair.
    short_ref, short_pred = "Nga và Ukraine đàm phán hoà bình.", "Hai bên đàm phán hòa bình."
    calls = 20000

    def per_call(score):
        return median_time(lambda: [score(short_ref, short_pred) for _ in range(calls)],
                           args.repeat) / calls * 1e6

    ours = per_call(vi.score)
    ours_rs = per_call(rs_profile.score)
    print(f"score() on one short pair: tomtat vi-v1 {ours:.2f} µs, "
          f"tomtat rouge-score profile {ours_rs:.2f} µs", end="")
    if rsr is not None:
        theirs = per_call(rsr.score)
        print(f", rouge_score_rs {theirs:.2f} µs (tomtat/rsr {ours / theirs:.2f}x, "
              f"{ours_rs / theirs:.2f}x)", end="")
    if google is not None:
        print(f", rouge-score {per_call(google.score):.2f} µs", end="")
    print()

    # Two Python threads scoring at once against one after the other (the GIL is released
    # around the Rust work, so on two cores the pair takes about the time of one).
    import threading

    once = lambda: vi.score_batch(refs, preds, threads=1)

    def two_threads():
        threads = [threading.Thread(target=once) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    sequential = median_time(lambda: (once(), once()), args.repeat)
    concurrent = median_time(two_threads, args.repeat)
    print(f"two Python threads, score_batch each: {concurrent:.3f} s together, "
          f"{sequential:.3f} s one after the other ({sequential / concurrent:.2f}x)")

    # Ctrl-C: the time from SIGINT to KeyboardInterrupt in a long tomtat.score call (long
    # pairs, one thread), medians of --repeat tries.
    import signal

    long_preds = [p * 40 for p in preds[:400]] * 20
    long_refs = [r * 40 for r in refs[:400]] * 20
    stops = []
    for _ in range(args.repeat):
        sent = []
        timer = threading.Timer(0.3, lambda: (sent.append(time.perf_counter()),
                                              os.kill(os.getpid(), signal.SIGINT)))
        timer.start()
        try:
            tomtat.score(long_preds, long_refs, profile="vi-v1", threads=1, bootstrap=0)
            timer.cancel()
        except KeyboardInterrupt:
            stops.append(time.perf_counter() - sent[0])
    if stops:
        print(f"Ctrl-C in a long tomtat.score: stopped {statistics.median(stops) * 1000:.0f} ms "
              f"after SIGINT (median of {len(stops)}; load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    sys.exit(main())
