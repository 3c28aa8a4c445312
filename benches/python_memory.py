"""Memory of `tomtat.score` beyond its input strings: peak resident memory after scoring N
short Vietnamese pairs (3 sentences each side, from the bundled articles) minus the peak
before the call, per example.

    python benches/python_memory.py [--pairs 100000] [--limit BYTES]

With --limit, exits 1 when the figure is above BYTES per example (`.ci/run` guards the
promise of docs/performance.md at twice its measured figure, as it guards the speed ratios).
"""

import argparse
import gc
import pathlib
import resource
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import python_bench  # noqa: E402
import tomtat  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=100000)
    ap.add_argument("--limit", type=float, default=None, help="fail above this many bytes")
    args = ap.parse_args()
    n = args.pairs
    preds, refs = python_bench.workload(n)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = tomtat.score(preds, refs)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = sum(len(p.encode()) + len(r.encode()) for p, r in zip(preds, refs)) / n
    per_example = (after - before) * 1024 / n
    print(
        f"{n} pairs ({text:.0f} bytes of UTF-8 text each): peak {before / 1024:.0f} MB before "
        f"tomtat.score, {after / 1024:.0f} MB after: {per_example:.0f} bytes "
        f"per example beyond the inputs ({len(report.render('json'))} bytes of report)"
    )
    if args.limit is not None and per_example > args.limit:
        print(f"above the limit of {args.limit:.0f} bytes per example", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
