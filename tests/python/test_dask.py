"""examples/dask_score.py, the documented Dask recipe: its report is the CLI's byte for byte
with 1 and 7 Dask partitions, and it refuses duplicate ids."""

import pathlib
import subprocess
import sys

import pytest

from conftest import make_pairs, write_jsonl
from engines import require

require("dask.dataframe")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "dask_score.py"


def run_example(parquet, *args):
    return subprocess.run(
        [sys.executable, str(EXAMPLE), str(parquet), "--profile", "vi-v1", *args],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory, cli):
    work = tmp_path_factory.mktemp("dask")
    pairs = make_pairs(200, seed=16)
    ids = [f"d-{i}" for i in range(len(pairs))]
    expected = cli(
        ["score", "--pairs", write_jsonl(work / "pairs.jsonl", pairs, ids), "--profile", "vi-v1",
         "--format", "json"]
    ).stdout.decode()
    table = pa.table(
        {"id": ids, "candidate": [p for p, _ in pairs], "references": [r for _, r in pairs]}
    )
    pq.write_table(table, work / "pairs.parquet")
    return work / "pairs.parquet", expected


@pytest.mark.parametrize("partitions", ["1", "7"])
def test_dask_example_report_is_the_cli_report(data, partitions):
    parquet, expected = data
    out = run_example(parquet, "--partitions", partitions)
    assert out.returncode == 0, out.stderr
    assert out.stdout == expected


def test_dask_example_refuses_duplicate_ids(tmp_path):
    path = tmp_path / "dup.parquet"
    pq.write_table(
        pa.table({"id": ["a", "a"], "candidate": ["x", "y"], "references": [["x"], ["y"]]}), path
    )
    out = run_example(path)
    assert out.returncode == 2
    assert "duplicate id: 'a'" in out.stderr
