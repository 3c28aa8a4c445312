"""Scoring on any engine that moves Arrow record batches (Spark, Ray Data, Dask, your own).

One function does the work on a worker, one on the driver:

- ``score_arrow(batch, ...)`` scores an Arrow ``RecordBatch``/``Table`` of (id, candidate,
  references[, lang]) and returns ``(scores, state)``: the per-example scores as a
  ``RecordBatch`` and the batch's *partial state* as ``bytes`` (sums and bootstrap sums of a
  size that does not grow with the batch, and a multiset fingerprint).
- ``merge_states(states)`` merges partial states (associative and commutative: reduce them in
  any order or tree), and ``report(state)`` turns the merged state into a ``Report``.

The report of the merged states is byte for byte what ``tomtat score --pairs`` prints for all the
examples in one file, with the same options, however the examples were partitioned. Every number
comes from the Rust library; the profile must be explicit (``detect_profile`` picks it once, on
a sample, as the CLI does). Keys (id, or id and lang) must be unique across all partitions:
``tomtat.spark`` and ``tomtat.ray`` check that with the engine; a custom engine must too.
"""

from typing import Any, Iterable, Optional, Sequence, Tuple

from . import _columns, _options, _tomtat

STATE_COLUMN = "_tomtat_state"
"""The binary column the adapters carry partial states in."""

STATS = ("precision", "recall", "fmeasure")


def scoring_options(profile: str, **options: Any) -> dict:
    """The validated scoring keywords (those of ``tomtat.score``) for partitions; ``profile``
    must be a profile name, not ``"auto"``."""
    if profile == "auto":
        raise ValueError(
            "a partition needs an explicit profile: pick one with tomtat.engine.detect_profile "
            "on a sample (the adapters do this on the driver)"
        )
    threads = options.pop("threads", None)
    if threads is not None:
        raise ValueError("threads is an argument of score_arrow, not a scoring option")
    scoring = _options.scoring(profile=profile, **options)
    # Every check a partition would make (metrics, profile options, stop-word files), made
    # here on the driver before any job starts: no example is scored.
    _tomtat.check_options(scoring)
    return scoring


def check_gate(alpha: float, tolerance: float, resamples: int, trials: int,
               extra_tolerance: float = 0.0) -> None:
    """The check ``tomtat compare`` makes of a regression gate's settings: ``alpha`` in
    (0, 1], ``tolerance`` and ``extra_tolerance`` finite and ≥ 0, at least one resample and
    one trial."""
    _tomtat.check_gate(
        float(alpha), float(tolerance), int(resamples), int(trials), float(extra_tolerance)
    )


def sample_for_detection(rows: Sequence[Any], id_col: str, candidate_col: str,
                         references_col: str) -> Tuple[list, list]:
    """The candidates and reference sets of sampled rows (dicts or Rows) for
    :func:`detect_profile`; a null cell is an error naming the example's id."""
    candidates, references = [], []
    for r in rows:
        for col in (candidate_col, references_col):
            if r[col] is None:
                raise ValueError(f"column '{col}' is null for id {r[id_col]!r}")
        refs = r[references_col]
        candidates.append(r[candidate_col])
        references.append(refs if isinstance(refs, str) else list(refs))
    return candidates, references


def detect_profile(candidates: Any, references: Any) -> str:
    """The profile ``tomtat score`` detects for these examples (pass the first thousand)."""
    return _tomtat.detect_profile_of(
        _columns.texts(candidates, "candidates"),
        _columns.reference_sets(references, "references"),
    )


def _ids(column: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_integer(column.type):
        return pc.cast(column, pa.string())
    return column


def score_arrow(
    batch: Any,
    options: dict,
    *,
    id_col: str = "id",
    candidate_col: str = "candidate",
    references_col: str = "references",
    lang_col: Optional[str] = None,
    threads: Optional[int] = 1,
) -> Tuple[Any, bytes]:
    """Scores one Arrow batch (``RecordBatch`` or ``Table``) with ``options`` from
    :func:`scoring_options`. ``references_col`` holds one string or a list of strings per
    example; integer ids are read as their decimal text; the columns named by the options'
    ``score_fields`` hold the supplied scores. Returns the per-example scores
    (``id``, ``lang`` when given, then ``<metric>_<stat>`` float columns) and the partial
    state. ``threads`` defaults to 1: engines run one task per core already."""
    import pyarrow as pa

    def column(name: str) -> Any:
        if name not in batch.schema.names:
            raise ValueError(
                f"column '{name}' not found (the batch has: {', '.join(batch.schema.names)})"
            )
        return batch.column(name)

    ids = _columns.texts(_ids(column(id_col)), id_col)
    langs = None if lang_col is None else _columns.texts(column(lang_col), lang_col)

    def numbers(name: str) -> list:
        values = column(name)
        if values.null_count:
            row = next(i for i, v in enumerate(values.is_valid().to_pylist()) if not v)
            raise ValueError(
                f"column '{name}' is null for id {_ids(column(id_col))[row].as_py()!r} "
                "(every example needs its supplied score)"
            )
        return _columns.numbers(values, f"column '{name}'")

    out_ids, columns, state = _tomtat.score_partition(
        ids,
        _columns.texts(column(candidate_col), candidate_col),
        _columns.reference_sets(column(references_col), references_col),
        langs,
        options,
        threads,
        [numbers(name) for name in options.get("score_fields", [])],
    )
    data = {"id": pa.array(out_ids, pa.string())}
    if lang_col is not None:
        lang = column(lang_col)
        data["lang"] = lang.combine_chunks() if isinstance(lang, pa.ChunkedArray) else lang
    for name, *values in columns:
        for stat, vals in zip(STATS, values):
            data[f"{name}_{stat}"] = pa.array(vals, pa.float64())
    return pa.RecordBatch.from_pydict(data), state


def scores_schema(options: dict, lang: bool) -> Any:
    """The Arrow schema of ``score_arrow``'s scores for ``options``."""
    import pyarrow as pa

    fields = [pa.field("id", pa.string())]
    if lang:
        fields.append(pa.field("lang", pa.string()))
    for name in _tomtat.metric_names(options):
        for stat in STATS:
            fields.append(pa.field(f"{name}_{stat}", pa.float64()))
    return pa.schema(fields)


def merge_states(states: Iterable[bytes]) -> bytes:
    """One partial state from several (of disjoint examples scored with the same options)."""
    return _tomtat.merge_states([bytes(s) for s in states])


def report(state: bytes) -> Any:
    """The ``Report`` of a merged partial state: the CLI's report for all its examples. It
    renders and converts like ``tomtat.score``'s, but holds no per-example scores (the engine
    does), so ``save``/``to_run``/``per_example`` raise ``ValueError``."""
    from . import Report

    return Report(_tomtat.state_report(bytes(state)))


def paired_arrow(
    batch: Any,
    metrics: Sequence[str],
    *,
    id_col: str = "id",
    lang_col: Optional[str] = None,
    base_prefix: str = "base_",
    new_prefix: str = "new_",
    resamples: int = 1000,
    trials: int = 10_000,
    seed: int = 12345,
) -> bytes:
    """The partial *paired* state of one Arrow batch of examples joined by key: for each
    metric, the F of the baseline in ``base_prefix + metric`` and of the new run in
    ``new_prefix + metric``. Merge states with :func:`merge_paired` and finish with
    :func:`paired_results`: the numbers are those ``tomtat compare`` prints for the two saved
    runs with the same ``--resamples``, ``--trials`` and ``--seed``, for any partitioning."""

    def column(name: str) -> Any:
        if name not in batch.schema.names:
            raise ValueError(
                f"column '{name}' not found (the batch has: {', '.join(batch.schema.names)})"
            )
        return batch.column(name)

    def floats(name: str) -> list:
        values = column(name)
        if values.null_count:
            raise ValueError(f"column '{name}' has nulls: join the runs on their keys first")
        return values.to_pylist()

    ids = _columns.texts(_ids(column(id_col)), id_col)
    langs = None if lang_col is None else _columns.texts(column(lang_col), lang_col)
    return _tomtat.paired_partition(
        ids,
        langs,
        [floats(base_prefix + m) for m in metrics],
        [floats(new_prefix + m) for m in metrics],
        list(metrics),
        resamples,
        trials,
        seed,
    )


def compared_metrics(base_columns: Sequence[str], new_columns: Sequence[str],
                     metrics: Optional[Sequence[str]] = None) -> list:
    """The metrics two runs' per-example score tables are compared on: ``metrics``, or every
    ``<metric>_fmeasure`` column both have; a metric missing from either is an error."""
    if metrics is None:
        metrics = [
            c[: -len("_fmeasure")]
            for c in base_columns
            if c.endswith("_fmeasure") and c in new_columns
        ]
    if not metrics:
        raise ValueError("the runs share no metric (no <metric>_fmeasure column in both)")
    supplied = [
        sorted(c[: -len("_fmeasure")] for c in cols
               if c.startswith("extra:") and c.endswith("_fmeasure"))
        for cols in (base_columns, new_columns)
    ]
    if supplied[0] != supplied[1]:
        raise ValueError(
            f"the runs' supplied scores differ: {', '.join(supplied[0]) or 'none'} in base, "
            f"{', '.join(supplied[1]) or 'none'} in new"
        )
    for m in metrics:
        for name, cols in (("base", base_columns), ("new", new_columns)):
            if f"{m}_fmeasure" not in cols:
                raise ValueError(f"metric '{m}' is not in the {name} scores")
    return list(metrics)


def check_joined(base: int, new: int, both: int, allow_subset: bool) -> None:
    """Refuses runs with different examples (as ``tomtat compare`` does) unless
    ``allow_subset`` and they share some."""
    for name, n in (("base", base), ("new", new)):
        if n == 0:
            raise ValueError(f"nothing to compare: the {name} run has no examples")
    if base != both or new != both:
        message = f"the runs have different examples: {base} in base, {new} in new, {both} in both"
        if not allow_subset or both == 0:
            raise ValueError(message + ("" if allow_subset else " (use allow_subset=True)"))


def paired_of(batches: Iterable[Any], metrics: Sequence[str], **settings: Any) -> Optional[bytes]:
    """The merged paired state of the non-empty ``batches`` (keywords of :func:`paired_arrow`),
    or ``None`` when there are none: what one engine task ships."""
    state = None
    for batch in batches:
        if batch.num_rows:
            part = paired_arrow(batch, metrics, **settings)
            state = part if state is None else merge_paired([state, part])
    return state


def merge_paired(states: Iterable[bytes]) -> bytes:
    """One paired state from several (of disjoint examples, same metrics and settings)."""
    return _tomtat.merge_paired([bytes(s) for s in states])


def paired_results(state: bytes, alpha: float = 0.05, tolerance: float = 0.5,
                   extra_tolerance: float = 0.0) -> list:
    """Per metric, the entry ``tomtat compare --format json`` prints under ``metrics``:
    means, Δ, its bootstrap interval, both p-values, wins/ties/losses, the Holm-adjusted
    randomization p across the metrics, and whether it is a regression (worse by more than
    ``tolerance`` points, or ``extra_tolerance`` for a supplied score, with adjusted p <
    ``alpha``)."""
    return _tomtat.paired_results(bytes(state), alpha, tolerance, extra_tolerance)
