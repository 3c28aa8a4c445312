#!/usr/bin/env python3
"""Scale figures for distributed scoring: end-to-end time of the CLI, Spark local[2] and Ray
(2 CPUs) on the same generated Vietnamese pairs (checking that all three print the same report
bytes), the size of a partial state, and the cost of merging states.

Usage (a venv with `pip install . pyspark ray[data]`, Java 17+ for Spark, a release build):
    cargo build --release
    v/bin/python benches/scale_bench.py --pairs 1000000 [--files 8] [--skip-spark] [--skip-ray]

The pairs come from scripts/make_bench_pairs.py (3 vs 3 sentences of the bundled articles,
seeded); they are written once as JSON Lines (for the CLI) and as Parquet files (for the
engines) under --work (default /tmp/tomtat-scale).
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def prepare(n: int, files: int, work: pathlib.Path):
    import pyarrow as pa
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    work.mkdir(parents=True, exist_ok=True)
    jsonl = work / f"pairs-{n}.jsonl"
    parquet = work / f"pairs-{n}-{files}"
    if not jsonl.exists():
        subprocess.run(
            [sys.executable, ROOT / "scripts" / "make_bench_pairs.py", str(n), str(jsonl)],
            check=True,
        )
    if not parquet.exists():
        table = pj.read_json(jsonl)
        parquet.mkdir()
        step = -(-table.num_rows // files)
        for k in range(files):
            pq.write_table(table.slice(k * step, step), parquet / f"part-{k:03}.parquet")
    return jsonl, parquet


def timed(f):
    t = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t


def run_cli(jsonl):
    binary = ROOT / "target" / "release" / "tomtat"
    if not binary.exists():
        sys.exit("build the CLI first: cargo build --release")
    args = [binary, "score", "--pairs", jsonl, "--profile", "vi-v1", "--format", "json"]
    proc, secs = timed(lambda: subprocess.run(args, capture_output=True, check=True))
    return proc.stdout.decode(), secs


def run_spark(parquet):
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    import tomtat.spark

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(str(parquet))
    partitions = df.rdd.getNumPartitions()
    report, secs = timed(
        lambda: tomtat.spark.score(df, references_col="reference", profile="vi-v1")
    )
    _, unchecked = timed(
        lambda: tomtat.spark.score(
            df, references_col="reference", profile="vi-v1", check_unique=False
        )
    )
    spark.stop()
    return report.to_json(), secs, unchecked, partitions


def run_ray(parquet):
    import ray

    import tomtat.ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    ds = ray.data.read_parquet(str(parquet))
    report, secs = timed(
        lambda: tomtat.ray.score(ds, references_col="reference", profile="vi-v1")
    )
    _, unchecked = timed(
        lambda: tomtat.ray.score(
            ds, references_col="reference", profile="vi-v1", check_unique=False
        )
    )
    ray.shutdown()
    return report.to_json(), secs, unchecked


def state_figures():
    """Size of a default state, and merge/report costs (timing only: merging a state with
    copies of itself is arithmetic like any other merge)."""
    import pyarrow as pa

    from tomtat import engine

    batch = pa.RecordBatch.from_pydict(
        {"id": [str(i) for i in range(1000)], "candidate": ["hòa bình"] * 1000,
         "references": ["hoà bình ở Ukraine"] * 1000}
    )
    _, state = engine.score_arrow(batch, engine.scoring_options("vi-v1"))
    pair = statistics.median(timed(lambda: engine.merge_states([state, state]))[1] for _ in range(200))
    _, many = timed(lambda: engine.merge_states([state] * 200))
    _, report = timed(lambda: engine.report(state))
    return len(state), pair, many, report


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--pairs", type=int, default=1_000_000)
    p.add_argument("--files", type=int, default=8, help="Parquet files (engine partitions)")
    p.add_argument("--work", type=pathlib.Path, default=pathlib.Path("/tmp/tomtat-scale"))
    p.add_argument("--skip-spark", action="store_true")
    p.add_argument("--skip-ray", action="store_true")
    args = p.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} (1-minute average; figures need an idle machine)")
    jsonl, parquet = prepare(args.pairs, args.files, args.work)
    size, pair, many, report = state_figures()
    print(f"partial state (4 metrics x 1000 resamples): {size:,} bytes")
    print(f"merge of two states: {pair * 1e3:.2f} ms (median of 200); of 200 states: "
          f"{many * 1e3:.0f} ms; report from a state: {report * 1e3:.1f} ms")
    expected, cli_secs = run_cli(jsonl)
    rows = [("CLI (tomtat score, 2 threads)", cli_secs, None, True)]
    if not args.skip_spark:
        got, secs, unchecked, parts = run_spark(parquet)
        rows.append((f"Spark local[2], {parts} partitions", secs, unchecked, got == expected))
    if not args.skip_ray:
        got, secs, unchecked = run_ray(parquet)
        rows.append(("Ray Data, 2 CPUs", secs, unchecked, got == expected))
    print(f"\n{args.pairs:,} pairs, rouge1/2/L/Lsum, 1000 bootstrap resamples\n")
    print("| run | seconds | pairs/s | without the duplicate-id check | report = CLI's bytes |")
    print("|---|---|---|---|---|")
    for name, secs, unchecked, same in rows:
        extra = "" if unchecked is None else f"{unchecked:.1f} s ({args.pairs / unchecked:,.0f}/s)"
        print(f"| {name} | {secs:.1f} | {args.pairs / secs:,.0f} | {extra} | {same} |")
    if not all(same for *_, same in rows):
        sys.exit("a report differs from the CLI's")


if __name__ == "__main__":
    main()
