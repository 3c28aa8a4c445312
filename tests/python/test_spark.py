"""tomtat.spark in local mode (local[2]): the same pairs give the CLI's report byte for byte
with 1, 3 and 17 partitions; per-example scores; duplicate ids are refused."""

import os
import subprocess
import sys

import pytest

from conftest import compared_runs, make_pairs, write_jsonl
from engines import require

pyspark = require("pyspark")

import tomtat  # noqa: E402
import tomtat.spark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def data(tmp_path_factory, cli, spark):
    pairs = make_pairs(300, seed=14)
    ids = [f"s-{i}" for i in range(len(pairs))]
    path = write_jsonl(tmp_path_factory.mktemp("spark") / "pairs.jsonl", pairs, ids)
    expected = cli(["score", "--pairs", path, "--format", "json"]).stdout.decode()
    df = spark.createDataFrame(
        [(i, p, r) for i, (p, r) in zip(ids, pairs)],
        "id string, candidate string, references array<string>",
    )
    return pairs, ids, df, expected


@pytest.mark.parametrize("partitions", [1, 3, 17])
def test_spark_report_is_the_cli_report_for_any_partitioning(data, partitions):
    _, _, df, expected = data
    report = tomtat.spark.score(df.repartition(partitions))
    assert report.to_json() == expected


def test_spark_per_example_scores(data):
    pairs, ids, df, expected = data
    report, scores = tomtat.spark.score(df.repartition(3), profile="vi-v1", per_example=True)
    assert report.to_json() == expected
    got = {r["id"]: r["rougeL_fmeasure"] for r in scores.collect()}
    whole = tomtat.score([p for p, _ in pairs], [r for _, r in pairs], ids, profile="vi-v1")
    per = whole.per_example()
    assert got == dict(zip(per["id"], per["rougeL"]["fmeasure"]))
    scores.unpersist()


def test_spark_refuses_duplicate_ids_and_empty_frames(spark):
    df = spark.createDataFrame(
        [("a", "hòa bình", "hoà bình"), ("a", "x", "y")],
        "id string, candidate string, references string",
    )
    with pytest.raises(ValueError, match="duplicate id: id='a' appears 2 times"):
        tomtat.spark.score(df, profile="vi-v1")
    with pytest.raises(ValueError, match="nothing to score"):
        tomtat.spark.score(df.limit(0), profile="vi-v1")


@pytest.mark.parametrize("partitions", [1, 5])
def test_spark_compare_is_the_cli_comparison(tmp_path, cli, spark, partitions):
    ids, runs, expected = compared_runs(tmp_path, cli, 200, 41, "k",
                                        compare_flags=["--trials", "2000"])
    frames = []
    for data in runs:
        df = spark.createDataFrame(
            [(i, p, r) for i, (p, r) in zip(ids, data)],
            "id string, candidate string, references array<string>",
        )
        frames.append(tomtat.spark.score(df, profile="vi-v1", per_example=True)[1])
    base, new = frames
    got = tomtat.spark.compare(base.repartition(partitions), new, trials=2000)
    assert got == expected["metrics"]
    with pytest.raises(ValueError, match="different examples"):
        tomtat.spark.compare(base.limit(150), new)
    assert len(tomtat.spark.compare(base.limit(150), new, allow_subset=True)) == 4
    for f in frames:
        f.unpersist()


WORKERLESS_SCRIPT = """
import sys
from pyspark.sql import SparkSession
import tomtat.spark

spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("OFF")
df = spark.createDataFrame([("1", "hoà bình", ["hòa bình"])], "id string, candidate string, references array<string>")
try:
    tomtat.spark.score(df, profile="vi-v1", check_unique=False)
except tomtat.spark.WorkerEnvironmentError as e:
    print("ERROR:", e)
    sys.exit(3)
"""


def test_workers_that_cannot_import_pyarrow_get_one_error_naming_the_fix(tmp_path):
    """The usual first failure: PYSPARK_PYTHON points at (or defaults to) a Python without
    pyarrow and tomtat; the driver gets one error that names PYSPARK_PYTHON and this
    interpreter, not a worker traceback ending in ModuleNotFoundError."""
    require("pyspark")
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    env = dict(os.environ, PYSPARK_PYTHON=str(bare / "bin" / "python"))
    out = subprocess.run(
        [sys.executable, "-c", WORKERLESS_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 3, out.stdout + out.stderr
    message = out.stdout.strip()
    assert message.startswith("ERROR: Spark's Python workers cannot import pyarrow"), message
    assert f"Set PYSPARK_PYTHON={sys.executable}" in message
    assert message.count("\n") == 0


@pytest.mark.parametrize("partitions", [1, 5])
def test_spark_language_fidelity_is_the_cli_figure(data, cli, tmp_path, partitions):
    """langmatch (output-language fidelity) merges across partitions like every metric."""
    pairs, ids, df, _ = data
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs, ids)
    flags = ["--profile", "vi-v1", "--metrics", "rouge1,langmatch", "--target-lang", "vi"]
    expected = cli(["score", "--pairs", path, "--format", "json", *flags]).stdout.decode()
    report = tomtat.spark.score(df.repartition(partitions), profile="vi-v1",
                                metrics="rouge1,langmatch", target_lang="vi")
    assert report.to_json() == expected


def scores_frame(spark, rows):
    return spark.createDataFrame(rows, "id string, rouge1_fmeasure double")


def test_spark_validates_options_and_gate_settings_before_any_job(spark):
    # Issue 22, class 11: options used to be checked inside executor tasks, after the
    # duplicate-id job; gate settings not at all.
    df = spark.createDataFrame([("a", "x", "y")], "id string, candidate string, references string")
    with pytest.raises(ValueError, match="rougeX"):
        tomtat.spark.score(df, profile="vi-v1", metrics=["rougeX"])
    runs = scores_frame(spark, [("a", 0.5), ("b", 0.4)])
    for bad in ({"alpha": float("nan")}, {"tolerance": float("inf")}, {"trials": 0}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            tomtat.spark.compare(runs, runs, **bad)


def test_spark_auto_profile_with_a_null_reference_names_the_row(spark):
    df = spark.createDataFrame([("a", "x", None)], "id string, candidate string, references string")
    with pytest.raises(ValueError, match="column 'references' is null for id 'a'"):
        tomtat.spark.score(df)


def test_spark_compare_names_empty_runs_and_duplicate_ids(spark):
    runs = scores_frame(spark, [("a", 0.5), ("b", 0.4)])
    with pytest.raises(ValueError, match="the base run has no examples"):
        tomtat.spark.compare(runs.limit(0), runs)
    twice = scores_frame(spark, [("a", 0.5), ("a", 0.4)])
    with pytest.raises(ValueError, match="duplicate id in the new run: id='a' appears 2 times"):
        tomtat.spark.compare(runs, twice)


@pytest.mark.parametrize("partitions", [1, 4])
def test_spark_chrf_report_is_the_cli_report(data, cli, tmp_path, partitions):
    # chrF is read from the texts (sacreBLEU's rules), and merges exactly like ROUGE.
    pairs, ids, df, _ = data
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs, ids)
    expected = cli(["score", "--pairs", path, "--format", "json", "--profile", "vi-v1",
                    "--metrics", "rouge1,chrF,chrF++"]).stdout.decode()
    report = tomtat.spark.score(df.repartition(partitions), profile="vi-v1",
                                metrics=["rouge1", "chrF", "chrF++"])
    assert report.to_json() == expected


def _judged(pairs, ids, shift=0.0):
    """A judge's grade per example (multiples of 1/4) and the CLI pairs file with them."""
    return [((i * 7) % 10) + (i % 4) / 4 + shift for i in range(len(ids))]


@pytest.mark.parametrize("partitions", [1, 7])
def test_spark_supplied_scores_give_the_cli_report_and_comparison(data, cli, tmp_path, spark,
                                                                  partitions):
    import json

    pairs, ids, _, _ = data
    frames, runs = [], []
    for name, shift in (("base", 0.0), ("new", -0.5)):
        judge = _judged(pairs, ids, shift)
        path = tmp_path / f"{name}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for i, ((p, r), j) in enumerate(zip(pairs, judge)):
                f.write(json.dumps({"id": ids[i], "candidate": p, "references": r, "judge": j},
                                   ensure_ascii=False) + "\n")
        run = tmp_path / f"{name}.run.json"
        expected = cli(["score", "--pairs", path, "--format", "json", "--profile", "vi-v1",
                        "--score-field", "judge", "--save", run]).stdout.decode()
        runs.append(run)
        df = spark.createDataFrame(
            [(i, p, r, j) for i, (p, r), j in zip(ids, pairs, judge)],
            "id string, candidate string, references array<string>, judge double",
        )
        report, scores = tomtat.spark.score(df.repartition(partitions), profile="vi-v1",
                                            score_fields=["judge"], per_example=True)
        assert report.to_json() == expected
        frames.append(scores)
    expected = json.loads(cli(["compare", *runs, "--format", "json", "--trials", "2000"],
                              check=False).stdout)
    got = tomtat.spark.compare(frames[0], frames[1].repartition(partitions), trials=2000)
    assert got == expected["metrics"]
    assert [m["metric"] for m in got if m["regression"]] == ["extra:judge"]
    renamed = frames[1].withColumnRenamed("extra:judge_fmeasure", "extra:grade_fmeasure")
    with pytest.raises(ValueError, match="supplied scores differ"):
        tomtat.spark.compare(frames[0], renamed)
    for f in frames:
        f.unpersist()
