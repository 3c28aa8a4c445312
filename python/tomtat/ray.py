"""tomtat on Ray Data: ``tomtat.ray.score(ds, ...)`` scores a Dataset with
``map_batches(batch_format="pyarrow")`` (one Rust call per batch) and folds the batches'
partial states on the driver into the ``Report`` that ``tomtat score --pairs`` prints for the
same examples, byte for byte, for any number of blocks and any batch size.

    report = tomtat.ray.score(ds, profile="vi-v1")
    report, scores = tomtat.ray.score(ds, profile="vi-v1", per_example=True)
"""

from typing import Any, Optional, Tuple, Union

from . import engine


def _resolve_profile(ds: Any, id_col: str, candidate_col: str, references_col: str,
                     profile: str) -> str:
    if profile != "auto":
        return profile
    rows = ds.select_columns([id_col, candidate_col, references_col]).take(1000)
    return engine.detect_profile(
        *engine.sample_for_detection(rows, id_col, candidate_col, references_col)
    )


def _check_unique(ds: Any, keys: list, what: str = "") -> None:
    import pyarrow.compute as pc

    counts = ds.groupby(keys if len(keys) > 1 else keys[0]).count()
    dup = counts.map_batches(
        lambda t: t.filter(pc.greater(t["count()"], 1)), batch_format="pyarrow"
    ).take(1)
    if dup:
        key = ", ".join(f"{k}={dup[0][k]!r}" for k in keys)
        raise ValueError(f"duplicate id{what}: {key} appears {dup[0]['count()']} times")


def score(
    ds: Any,
    *,
    id_col: str = "id",
    candidate_col: str = "candidate",
    references_col: str = "references",
    lang_col: Optional[str] = None,
    profile: str = "auto",
    per_example: bool = False,
    check_unique: bool = True,
    batch_size: int = 4096,
    threads: int = 1,
    **options: Any,
) -> Union[Any, Tuple[Any, Any]]:
    """Scores the Ray ``Dataset`` ``ds`` (columns as in ``tomtat.spark.score``) with the
    keywords of ``tomtat.score``. Returns the ``Report``; with ``per_example=True``,
    ``(report, scores)`` where ``scores`` is a materialized Dataset of ``id``[, ``lang``] and
    ``<metric>_<stat>`` columns. ``profile="auto"`` detects the profile once on the driver from
    the first 1,000 rows. ``check_unique`` refuses duplicate keys with a Ray groupby."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if ds.count() == 0:
        raise ValueError("nothing to score: the Dataset has no rows")
    if profile != "auto":
        engine.scoring_options(profile, **dict(options))
    profile = _resolve_profile(ds, id_col, candidate_col, references_col, profile)
    opts = engine.scoring_options(profile, **options)
    keys = [id_col] + ([lang_col] if lang_col else [])
    if check_unique:
        _check_unique(ds, keys)
    lang = lang_col is not None
    score_fields = list(engine.scores_schema(opts, lang)) if per_example else []
    schema = pa.schema(score_fields + [pa.field(engine.STATE_COLUMN, pa.binary())])

    def run(table: Any) -> Any:
        scores, state = engine.score_arrow(
            table,
            opts,
            id_col=id_col,
            candidate_col=candidate_col,
            references_col=references_col,
            lang_col=lang_col,
            threads=threads,
        )
        state_row = [pa.nulls(1, f.type) for f in score_fields] + [pa.array([state], pa.binary())]
        rows = [pa.RecordBatch.from_arrays(state_row, schema=schema)]
        if per_example:
            cols = list(scores.columns) + [pa.nulls(scores.num_rows, pa.binary())]
            rows.insert(0, pa.RecordBatch.from_arrays(cols, schema=schema))
        return pa.Table.from_batches(rows, schema=schema)

    out = ds.map_batches(run, batch_format="pyarrow", batch_size=batch_size).materialize()
    merged = None
    for batch in out.select_columns([engine.STATE_COLUMN]).iter_batches(batch_format="pyarrow"):
        states = [s for s in batch.column(engine.STATE_COLUMN).to_pylist() if s is not None]
        if states:
            merged = engine.merge_states(states + ([merged] if merged is not None else []))
    report = engine.report(merged)
    if not per_example:
        return report
    scores = out.map_batches(
        lambda t: t.filter(pc.is_null(t[engine.STATE_COLUMN])).drop_columns([engine.STATE_COLUMN]),
        batch_format="pyarrow",
    ).materialize()
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
    batch_size: int = 4096,
    num_partitions: int = 8,
) -> list:
    """Compares two runs' per-example scores (the Datasets ``score(..., per_example=True)``
    returns, scored with the same options) as ``tomtat compare`` compares their saved runs:
    the examples are joined by key with ``Dataset.join``, each batch adds its examples to a
    paired state, and the states folded on the driver give, per metric F, the entry
    ``tomtat compare --format json`` prints under ``metrics``. Different example sets are an
    error unless ``allow_subset``. ``num_partitions`` is the join's (it changes no number)."""
    import pyarrow as pa

    engine.check_gate(alpha, tolerance, resamples, trials, extra_tolerance)
    keys = [id_col] + ([lang_col] if lang_col else [])
    metrics = engine.compared_metrics(base.columns(), new.columns(), metrics)
    for what, run in ((" in the base run", base), (" in the new run", new)):
        if run.count():
            _check_unique(run, keys, what)

    def renamed(ds: Any, prefix: str) -> Any:
        def rename(t: Any) -> Any:
            cols = {k: t[k] for k in keys}
            cols.update({f"{prefix}{m}": t[f"{m}_fmeasure"] for m in metrics})
            return pa.table(cols)

        return ds.map_batches(rename, batch_format="pyarrow")

    b, n = renamed(base, "base_"), renamed(new, "new_")
    joined = b.join(n, join_type="inner", num_partitions=num_partitions, on=tuple(keys))
    engine.check_joined(base.count(), new.count(), joined.count(), allow_subset)

    settings = dict(id_col=id_col, lang_col=lang_col, resamples=resamples, trials=trials, seed=seed)

    def run(table: Any) -> Any:
        state = engine.paired_of([table], metrics, **settings)
        return pa.table({engine.STATE_COLUMN: pa.array([state], pa.binary())})

    states = joined.map_batches(run, batch_format="pyarrow", batch_size=batch_size)
    merged = None
    for batch in states.iter_batches(batch_format="pyarrow"):
        parts = [p for p in batch.column(engine.STATE_COLUMN).to_pylist() if p is not None]
        if parts:
            merged = engine.merge_paired(parts + ([merged] if merged is not None else []))
    return engine.paired_results(merged, alpha, tolerance, extra_tolerance)
