#!/usr/bin/env python3
"""tomtat on Dask: score a Parquet data set partition by partition with the engine-agnostic
``tomtat.engine`` functions, merge the partial states, print the report.

The printed JSON report is byte for byte what ``tomtat score --pairs`` prints for the same rows
and options, for any number of Dask partitions (tests/python/test_dask.py checks it).

    pip install . "dask[dataframe]"
    python examples/dask_score.py pairs.parquet --profile vi-v1 --references-col reference
"""

import argparse
import sys

import dask
import dask.dataframe as dd
import pyarrow as pa

from tomtat import engine


def partition_state(frame, options, columns):
    """One partition's partial state (the per-example scores are dropped here)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if table.num_rows == 0:
        return None
    _, state = engine.score_arrow(table, options, **columns)
    return state


def merge(states):
    return engine.merge_states([s for s in states if s is not None])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("parquet", help="a Parquet file or folder")
    p.add_argument("--profile", default="vi-v1")
    p.add_argument("--id-col", default="id")
    p.add_argument("--candidate-col", default="candidate")
    p.add_argument("--references-col", default="references")
    p.add_argument("--partitions", type=int, default=None, help="repartition to this many")
    p.add_argument("--format", default="json", choices=["json", "table", "md", "csv"])
    args = p.parse_args()

    columns = {
        "id_col": args.id_col,
        "candidate_col": args.candidate_col,
        "references_col": args.references_col,
    }
    frame = dd.read_parquet(args.parquet, columns=list(columns.values()))
    if args.partitions:
        frame = frame.repartition(npartitions=args.partitions)
    # A partial state cannot see across partitions: refuse duplicate ids with Dask itself.
    counts = frame.groupby(args.id_col).size()
    duplicates = counts[counts > 1].head(1)
    if len(duplicates):
        print(f"duplicate id: {duplicates.index[0]!r}", file=sys.stderr)
        return 2
    options = engine.scoring_options(args.profile)
    states = [dask.delayed(partition_state)(part, options, columns) for part in frame.to_delayed()]
    merged = dask.delayed(merge)(states).compute()
    sys.stdout.write(engine.report(merged).render(args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
