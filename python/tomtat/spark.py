"""tomtat on PySpark: ``tomtat.spark.score(df, ...)`` scores a DataFrame with ``mapInArrow``
(one Rust call per Arrow batch, no Python call per row) and reduces the partitions' partial
states into the ``Report`` that ``tomtat score --pairs`` prints for the same examples, byte for
byte, for any number of partitions.

    report = tomtat.spark.score(df, profile="vi-v1")
    report, scores = tomtat.spark.score(df, profile="vi-v1", per_example=True)
"""

import contextlib
import os
import re
import sys
from typing import Any, Iterator, Optional, Tuple, Union

from . import engine


class WorkerEnvironmentError(RuntimeError):
    """Spark's Python workers cannot import what tomtat runs on them (tomtat or pyarrow)."""


_MISSING = re.compile(r"No module named '([A-Za-z0-9_.]+)'|(PyArrow) >= [0-9.]+ must be installed")


def _missing_module(message: str) -> Optional[str]:
    for m in _MISSING.finditer(message):
        name = (m.group(1) or m.group(2) or "").split(".")[0].lower()
        if name in ("tomtat", "pyarrow", "pandas"):
            return name
    return None


@contextlib.contextmanager
def _worker_environment() -> Iterator[None]:
    """Turns a worker's failure to import tomtat or pyarrow (usually ``PYSPARK_PYTHON`` unset
    while the driver runs in a virtual environment) into one error that names the fix, instead
    of a long worker traceback."""
    try:
        yield
    except Exception as e:
        missing = _missing_module(str(e))
        if missing is None:
            raise
        workers = os.environ.get("PYSPARK_PYTHON")
        raise WorkerEnvironmentError(
            f"Spark's Python workers cannot import {missing}: they run "
            f"{workers if workers else 'the default python3 (PYSPARK_PYTHON is unset)'}, not the "
            f"interpreter that has tomtat ({sys.executable}). Set PYSPARK_PYTHON={sys.executable} "
            "before the SparkSession is created (or the spark.pyspark.python setting), or install "
            "tomtat and pyarrow where the workers' Python can import them."
        ) from None


def _state_schema(options: dict, lang: bool, per_example: bool) -> Any:
    import pyarrow as pa

    fields = list(engine.scores_schema(options, lang)) if per_example else []
    return pa.schema(fields + [pa.field(engine.STATE_COLUMN, pa.binary())])


def _spark_schema(schema: Any) -> str:
    def kind(t: Any) -> str:
        import pyarrow as pa

        return "double" if pa.types.is_floating(t) else "binary" if pa.types.is_binary(t) else "string"

    return ", ".join(f"`{f.name}` {kind(f.type)}" for f in schema)


def _resolve_profile(df: Any, id_col: str, candidate_col: str, references_col: str,
                     profile: str) -> str:
    if profile != "auto":
        return profile
    rows = df.select(id_col, candidate_col, references_col).limit(1000).collect()
    return engine.detect_profile(
        *engine.sample_for_detection(rows, id_col, candidate_col, references_col)
    )


def _check_unique(df: Any, keys: list, what: str = "") -> None:
    from pyspark.sql import functions as F

    dup = df.groupBy(*keys).count().where(F.col("count") > 1).limit(1).collect()
    if dup:
        key = ", ".join(f"{k}={dup[0][k]!r}" for k in keys)
        raise ValueError(f"duplicate id{what}: {key} appears {dup[0]['count']} times")


def score(
    df: Any,
    *,
    id_col: str = "id",
    candidate_col: str = "candidate",
    references_col: str = "references",
    lang_col: Optional[str] = None,
    profile: str = "auto",
    per_example: bool = False,
    check_unique: bool = True,
    threads: int = 1,
    **options: Any,
) -> Union[Any, Tuple[Any, Any]]:
    """Scores ``df`` (columns ``id_col``, ``candidate_col``, ``references_col`` as a string or
    an array of strings, optional ``lang_col``) with the keywords of ``tomtat.score``.

    Returns the ``Report``; with ``per_example=True``, ``(report, scores)`` where ``scores`` is
    a DataFrame of ``id``[, ``lang``] and ``<metric>_<stat>`` columns (cached: unpersist it when
    done). ``profile="auto"`` detects the profile once on the driver from the first 1,000 rows,
    as the CLI does from the first 1,000 lines. ``check_unique`` runs a Spark aggregation that
    refuses duplicate keys (a partial state cannot see across partitions). ``threads`` is per
    Spark task (Spark already runs one task per core)."""
    from pyspark.sql import functions as F

    if df.isEmpty():
        raise ValueError("nothing to score: the DataFrame has no rows")
    if profile != "auto":
        engine.scoring_options(profile, **dict(options))
    profile = _resolve_profile(df, id_col, candidate_col, references_col, profile)
    opts = engine.scoring_options(profile, **options)
    keys = [id_col] + ([lang_col] if lang_col else [])
    if check_unique:
        _check_unique(df, keys)
    schema = _state_schema(opts, lang_col is not None, per_example)
    columns = [id_col, candidate_col, references_col] + ([lang_col] if lang_col else [])
    columns += opts["score_fields"]

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        state = None
        for batch in batches:
            if batch.num_rows == 0:
                continue
            scores, part = engine.score_arrow(
                batch,
                opts,
                id_col=id_col,
                candidate_col=candidate_col,
                references_col=references_col,
                lang_col=lang_col,
                threads=threads,
            )
            state = part if state is None else engine.merge_states([state, part])
            if per_example:
                nulls = pa.nulls(scores.num_rows, pa.binary())
                yield pa.RecordBatch.from_arrays(
                    list(scores.columns) + [nulls], schema=schema
                )
        if state is not None:
            arrays = [pa.nulls(1, f.type) for f in schema][:-1]
            yield pa.RecordBatch.from_arrays(
                arrays + [pa.array([state], pa.binary())], schema=schema
            )

    out = df.select(*columns).mapInArrow(run, _spark_schema(schema))
    if per_example:
        out = out.cache()
    states = out.where(F.col(engine.STATE_COLUMN).isNotNull()).select(engine.STATE_COLUMN)
    with _worker_environment():
        merged = states.rdd.map(lambda row: bytes(row[0])).treeReduce(
            lambda a, b: engine.merge_states([a, b])
        )
    report = engine.report(merged)
    if not per_example:
        return report
    scores = out.where(F.col(engine.STATE_COLUMN).isNull()).drop(engine.STATE_COLUMN)
    return report, scores


def compare(
    base: Any,
    new: Any,
    *,
    metrics: Optional[list] = None,
    id_col: str = "id",
    lang_col: Optional[str] = None,
    resamples: int = 1000,
    trials: int = 10_000,
    seed: int = 12345,
    alpha: float = 0.05,
    tolerance: float = 0.5,
    extra_tolerance: float = 0.0,
    allow_subset: bool = False,
) -> list:
    """Compares two runs' per-example scores (the DataFrames ``score(..., per_example=True)``
    returns, scored with the same options) as ``tomtat compare`` compares their saved runs:
    the examples are joined by key in Spark, each partition adds its examples to a paired
    state (mergeable sums of the paired bootstrap of Δ and of the sign-flip randomization),
    and the merged state gives, per metric F, the entry ``tomtat compare --format json``
    prints under ``metrics``, for any partitioning. Different example sets are an error unless
    ``allow_subset``, which compares the shared ones."""
    from pyspark.sql import functions as F

    engine.check_gate(alpha, tolerance, resamples, trials, extra_tolerance)
    keys = [id_col] + ([lang_col] if lang_col else [])
    metrics = engine.compared_metrics(base.columns, new.columns, metrics)
    for what, run in ((" in the base run", base), (" in the new run", new)):
        _check_unique(run, keys, what)
    b = base.select(*keys, *[F.col(f"{m}_fmeasure").alias(f"base_{m}") for m in metrics])
    n = new.select(*keys, *[F.col(f"{m}_fmeasure").alias(f"new_{m}") for m in metrics])
    joined = b.join(n, on=keys, how="inner")
    engine.check_joined(base.count(), new.count(), joined.count(), allow_subset)

    settings = dict(id_col=id_col, lang_col=lang_col, resamples=resamples, trials=trials, seed=seed)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        state = engine.paired_of(batches, metrics, **settings)
        if state is not None:
            yield pa.RecordBatch.from_pydict({engine.STATE_COLUMN: pa.array([state], pa.binary())})

    states = joined.mapInArrow(run, f"`{engine.STATE_COLUMN}` binary")
    with _worker_environment():
        merged = states.rdd.map(lambda row: bytes(row[0])).treeReduce(
            lambda x, y: engine.merge_paired([x, y])
        )
    return engine.paired_results(merged, alpha, tolerance, extra_tolerance)
