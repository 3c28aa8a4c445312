"""tomtat: ROUGE that is correct for Vietnamese, from Python.

Every number comes from the tomtat Rust library (the same code as the ``tomtat`` command):

- ``tomtat.rouge.compute(...)``: the call and return shape of ``evaluate.load("rouge").compute``.
- ``tomtat.RougeScorer``: the interface of ``rouge_score.rouge_scorer.RougeScorer``, plus
  ``score_batch`` (parallel, GIL released).
- ``tomtat.score(...)`` → ``Report``: the CLI's JSON report (signature, fingerprint, bootstrap
  intervals) for examples held in memory; ``Report.save`` writes a run file for
  ``tomtat compare``/``merge``; ``tomtat.compare``, ``tomtat.merge``, ``tomtat.load_run``.
- ``tomtat.tokenize(text, ...)``.
- Beyond one machine: ``tomtat.spark.score(df, ...)`` (PySpark), ``tomtat.ray.score(ds, ...)``
  (Ray Data), and ``tomtat.engine`` (``score_arrow``/``merge_states``/``report``) for any engine
  that moves Arrow batches. Their reports equal the CLI's byte for byte for any partitioning.
"""

import os
import json
from os import PathLike
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _columns, _options, _tomtat
from ._scorer import RougeScorer, Score

__version__: str = _tomtat.__version__

__all__ = [
    "Comparison",
    "Correlation",
    "Report",
    "RougeScorer",
    "Run",
    "Score",
    "compare",
    "leaderboard",
    "Leaderboard",
    "correlate",
    "load_run",
    "merge",
    "rouge",
    "score",
    "tokenize",
]

Path = Union[str, "PathLike[str]"]


def tokenize(
    text: str,
    profile: str = "vi-v1",
    tone_style: Optional[str] = None,
    fold_diacritics: bool = False,
    units: Optional[str] = None,
    stem: Union[bool, str] = False,
    stopwords: Optional[Path] = None,
    aliases: Optional[Path] = None,
    xlsum_lang: Optional[str] = None,
) -> List[str]:
    """The tokens of ``text`` under ``profile`` (``vi-v1``, ``en-v1``, ``unicode-v1``,
    ``rouge-score``, ``xlsum``), exactly as ``tomtat tokenize`` prints them."""
    if not isinstance(text, str):
        raise TypeError(f"text: expected str, got {type(text).__name__}")
    options = _options.tokenizer(
        tone_style=tone_style,
        fold_diacritics=fold_diacritics,
        units=units,
        stem=stem,
        stopwords=stopwords,
        aliases=aliases,
        xlsum_lang=xlsum_lang,
    )
    return _tomtat.tokenize(text, profile, options)


class Run:
    """A saved run: from ``tomtat score --save``, ``load_run``, ``Report.to_run`` or ``merge``."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def name(self) -> str:
        return self._native.name

    @property
    def signature(self) -> str:
        return self._native.signature

    @property
    def metrics(self) -> List[str]:
        return self._native.metrics

    def __len__(self) -> int:
        return len(self._native)

    def report(self) -> Dict[str, Any]:
        """The run's JSON report as a dict."""
        return json.loads(self._native.report_json())

    def to_dict(self) -> Dict[str, Any]:
        """The whole run file as a dict."""
        return json.loads(self._native.to_json())

    def save(self, path: Path) -> None:
        """Writes the run file to ``path`` atomically."""
        self._native.save(str(path))

    def __repr__(self) -> str:
        return f"<tomtat.Run {self.name!r}: {len(self)} examples, {self.signature}>"


class Report:
    """The result of ``tomtat.score``: the CLI's report for the same examples and options."""

    def __init__(self, native: Any) -> None:
        self._native = native

    def to_json(self) -> str:
        """The JSON report, byte for byte what ``tomtat score --format json`` prints."""
        return self._native.render("json")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def render(self, format: str = "table") -> str:
        """The report as ``table``, ``json``, ``csv`` or ``md`` (as ``tomtat score --format``)."""
        return self._native.render(format)

    @property
    def signature(self) -> str:
        return self.to_dict()["signature"]

    @property
    def metrics(self) -> Dict[str, Any]:
        """Per metric: precision, recall and fmeasure, each ``{"mean", "low", "high"}``."""
        return self.to_dict()["metrics"]

    @property
    def profile(self) -> str:
        return self._native.profile[0]

    @property
    def warnings(self) -> List[str]:
        return self._native.warnings

    def per_example(self) -> Dict[str, Any]:
        """``{"id": [...], metric: {"precision": [...], "recall": [...], "fmeasure": [...]}}``
        in input order."""
        ids, columns = self._native.per_example()
        out: Dict[str, Any] = {"id": ids}
        for name, p, r, f in columns:
            out[name] = {"precision": p, "recall": r, "fmeasure": f}
        return out

    def save(self, path: Path) -> None:
        """Writes the run file (``tomtat score --save``) for ``tomtat compare``/``merge``."""
        self._native.save(str(path))

    def to_run(self) -> Run:
        return Run(self._native.to_run())

    def __repr__(self) -> str:
        d = self.to_dict()
        means = ", ".join(f"{k}={v['fmeasure']['mean']:.4f}" for k, v in d["metrics"].items())
        return f"<tomtat.Report {d['count']} examples: {means}>"


def score(
    predictions: Any,
    references: Any,
    ids: Optional[Sequence[str]] = None,
    *,
    sources: Any = None,
    metrics: Union[str, Sequence[str], None] = None,
    profile: str = "auto",
    refs: str = "max",
    bootstrap: int = 1000,
    confidence: float = 0.95,
    seed: int = 12345,
    alpha: float = 0.5,
    perl_compat: bool = False,
    limit_words: Optional[int] = None,
    limit_bytes: Optional[int] = None,
    split_sentences: bool = False,
    tone_style: Optional[str] = None,
    fold_diacritics: bool = False,
    units: Optional[str] = None,
    stem: Union[bool, str] = False,
    stopwords: Optional[Path] = None,
    aliases: Optional[Path] = None,
    xlsum_lang: Optional[str] = None,
    target_lang: Optional[str] = None,
    chrf_normalize: bool = False,
    extra_scores: Optional[Mapping[str, Any]] = None,
    lower_is_better: Sequence[str] = (),
    threads: Optional[int] = None,
) -> Report:
    """Scores ``predictions`` against ``references`` (one str, or a list of str, each) as
    ``tomtat score --pairs`` scores a file of the same examples with the same options, and
    returns its ``Report``. ``ids`` default to the positions ``"0"``, ``"1"``, …; ``profile``
    ``"auto"`` detects vi-v1/en-v1 from the text as the CLI does; ``sources`` (one text per
    prediction: what it summarizes) feed the ``copysource`` metric. Keywords mirror the CLI's
    flags (``stem="rouge155"`` is ``--stemmer rouge155``, ``xlsum_lang`` is ``--xlsum-lang``);
    ``extra_scores`` maps a name to one number per prediction (an LLM judge's grade, a
    BERTScore) and makes each a metric ``extra:NAME`` on its own scale, as ``--score-field``;
    ``lower_is_better`` names those where lower is better. ``threads`` (default: every core)
    never changes a number."""
    if extra_scores is not None and not isinstance(extra_scores, Mapping):
        raise TypeError(
            f"extra_scores: expected a dict of name -> numbers, got {type(extra_scores).__name__}"
        )
    extra = dict(extra_scores or {})
    options = _options.scoring(
        profile=profile,
        metrics=metrics,
        refs=refs,
        alpha=alpha,
        perl_compat=perl_compat,
        limit_words=limit_words,
        limit_bytes=limit_bytes,
        split_sentences=split_sentences,
        bootstrap=bootstrap,
        confidence=confidence,
        seed=seed,
        tone_style=tone_style,
        fold_diacritics=fold_diacritics,
        units=units,
        stem=stem,
        stopwords=stopwords,
        aliases=aliases,
        xlsum_lang=xlsum_lang,
        target_lang=target_lang,
        chrf_normalize=chrf_normalize,
        score_fields=[str(k) for k in extra],
        lower_is_better=lower_is_better,
    )
    native = _tomtat.score(
        _columns.texts(predictions, "predictions"),
        _columns.reference_sets(references, "references"),
        None if ids is None else _columns.texts(ids, "ids"),
        options,
        threads,
        None if sources is None else _columns.texts(sources, "sources"),
        [_columns.numbers(v, f"extra_scores['{k}']") for k, v in extra.items()],
    )
    return Report(native)


def load_run(path: Path) -> Run:
    """Reads a run file (``tomtat score --save``)."""
    return Run(_tomtat.load_run(str(path)))


def _as_run(x: Union[Run, Report, Path], name: str) -> Any:
    if isinstance(x, Run):
        return x._native
    if isinstance(x, Report):
        return x._native.to_run()
    if isinstance(x, (str, PathLike)):
        return _tomtat.load_run(str(x))
    raise TypeError(f"{name}: expected a Run, a Report or a path, got {type(x).__name__}")


class Comparison:
    """The result of ``tomtat.compare``: what ``tomtat compare`` prints, and its verdict."""

    def __init__(self, json_text: str, table: str, markdown: str, junit: str, failed: bool):
        self._json, self._table, self._md, self._junit = json_text, table, markdown, junit
        self.failed: bool = failed
        """True when ``tomtat compare`` would exit 1 (a significant regression, or any change
        with ``fail_on_change``)."""

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self._json)

    @property
    def regressions(self) -> List[str]:
        return self.to_dict()["regressions"]

    def render(self, format: str = "table") -> str:
        """``json``, ``table``, ``md`` or ``junit``, as ``tomtat compare --format`` prints it."""
        texts = {"json": self._json, "table": self._table, "md": self._md, "junit": self._junit}
        if format not in texts:
            raise ValueError(f"unknown format '{format}' (expected json, table, md or junit)")
        return texts[format]

    def __repr__(self) -> str:
        verdict = "FAILED: " + ", ".join(self.regressions) if self.failed else "passed"
        return f"<tomtat.Comparison {verdict}>"


def compare(
    base: Union[Run, Report, Path],
    new: Union[Run, Report, Path],
    *,
    metrics: Optional[Sequence[str]] = None,
    alpha: float = 0.05,
    tolerance: float = 0.5,
    extra_tolerance: float = 0.0,
    trials: int = 10_000,
    resamples: int = 1000,
    seed: int = 12345,
    allow_subset: bool = False,
    fail_on_change: bool = False,
    threads: Optional[int] = None,
) -> Comparison:
    """Paired significance tests of two runs of the same examples, as ``tomtat compare``:
    the same Δ, intervals, p-values and verdict (``Comparison.failed``). ``tolerance`` is in
    points; ``extra_tolerance`` (``--extra-tolerance``) is that of supplied scores, in their
    own units."""
    settings = {
        "metrics": [] if metrics is None else _options.metric_list(metrics),
        "alpha": float(alpha),
        "tolerance": float(tolerance),
        "extra_tolerance": float(extra_tolerance),
        "trials": trials,
        "resamples": resamples,
        "seed": seed,
        "allow_subset": bool(allow_subset),
        "fail_on_change": bool(fail_on_change),
    }
    for name in ("trials", "resamples", "seed"):
        if not isinstance(settings[name], int) or settings[name] < 0:
            raise ValueError(f"--{name} must be a whole number, got {settings[name]!r}")
    out = _tomtat.compare(_as_run(base, "base"), _as_run(new, "new"), settings, threads)
    return Comparison(*out)


class Leaderboard:
    """The result of ``tomtat.leaderboard``: what ``tomtat leaderboard`` prints."""

    def __init__(self, json_text: str, table: str, markdown: str, csv: str, html: str):
        self._texts = {"json": json_text, "table": table, "md": markdown, "csv": csv, "html": html}

    def to_dict(self) -> Dict[str, Any]:
        """The JSON contract: ``systems`` in rank order, ``pairs``, ``languages``."""
        return json.loads(self._texts["json"])

    def render(self, format: str = "table") -> str:
        """``json``, ``table``, ``md``, ``csv`` or ``html``, as ``tomtat leaderboard --format``."""
        if format not in self._texts:
            raise ValueError(f"unknown format '{format}' (expected json, table, md, csv or html)")
        return self._texts[format]

    def __repr__(self) -> str:
        d = self.to_dict()
        return f"<tomtat.Leaderboard {len(d['systems'])} systems, best {d['systems'][0]['name']!r}>"


def leaderboard(
    runs: Union[Sequence[Union[Run, Report, Path]], Dict[str, Union[Run, Report, Path]]],
    *,
    metrics: Optional[Sequence[str]] = None,
    baseline: Optional[Union[Run, Report, Path]] = None,
    level: float = 0.05,
    trials: int = 10_000,
    resamples: int = 1000,
    seed: int = 12345,
    threads: Optional[int] = None,
) -> Leaderboard:
    """Ranks runs of the same examples as ``tomtat leaderboard``: every pair (or every run
    against ``baseline``) tested as ``compare`` tests it, Holm across the pairs of a metric,
    significance clusters. ``runs`` is a list of Runs, Reports or paths (named as the CLI
    names them: by file name, by path where two file names are the same, ``run1``… for runs in
    memory) or a dict from name to run."""
    items = list(runs.items()) if isinstance(runs, dict) else [(None, r) for r in runs]
    index = None
    if baseline is not None:
        same = [i for i, (_, r) in enumerate(items) if r is baseline or (
            isinstance(r, (str, PathLike)) and isinstance(baseline, (str, PathLike))
            and os.path.realpath(r) == os.path.realpath(baseline))]
        if same:
            index = same[0]
        else:
            items.insert(0, (None, baseline))
            index = 0
    settings = {
        "metrics": [] if metrics is None else _options.metric_list(metrics),
        "level": float(level),
        "trials": trials,
        "resamples": resamples,
        "seed": seed,
        "baseline": index,
    }
    for name in ("trials", "resamples", "seed"):
        if not isinstance(settings[name], int) or settings[name] < 0:
            raise ValueError(f"--{name} must be a whole number, got {settings[name]!r}")
    natives = [_as_run(r, name or f"runs[{i}]") for i, (name, r) in enumerate(items)]
    names = [name for name, _ in items]
    return Leaderboard(*_tomtat.leaderboard(natives, names, settings, threads))


class Correlation:
    """The result of ``tomtat.correlate``: what ``tomtat correlate`` prints."""

    def __init__(self, json_text: str, table: str, markdown: str, html: str):
        self._texts = {"json": json_text, "table": table, "md": markdown, "html": html}

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self._texts["json"])

    def render(self, format: str = "table") -> str:
        """``json``, ``table``, ``md`` or ``html``, as ``tomtat correlate --format`` prints it."""
        if format not in self._texts:
            raise ValueError(f"unknown format '{format}' (expected json, table, md or html)")
        return self._texts[format]

    def __repr__(self) -> str:
        d = self.to_dict()
        return f"<tomtat.Correlation {len(d['systems'])} systems × {d['inputs']} inputs>"


def _ratings_rows(ratings: Any, system_field: str, id_field: str, rating_field: str) -> list:
    if isinstance(ratings, (str, PathLike)):
        return _tomtat.read_ratings_file(str(ratings), system_field, id_field, rating_field)
    if type(ratings).__module__.split(".")[0] == "pandas":
        ratings = ratings.to_dict("records")
    rows = []
    for i, r in enumerate(ratings):
        try:
            system, key, value = r[system_field], r[id_field], r[rating_field]
        except (KeyError, TypeError, IndexError):
            raise ValueError(
                f"ratings[{i}]: expected a mapping with '{system_field}', '{id_field}' and "
                f"'{rating_field}'"
            ) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"ratings[{i}]: field '{rating_field}' must be a number, not {value!r}")
        rows.append((str(system), str(key), float(value)))
    return rows


def correlate(
    runs: Union[Mapping[str, Union[Run, Report, Path]], Sequence[Path]],
    ratings: Any,
    *,
    rating_field: str,
    system_field: str = "system",
    id_field: str = "id",
    resample: str = "both",
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 12345,
) -> Correlation:
    """Correlates every metric of ``runs`` (one saved run per system: a dict of system name to
    run, report or path, or a list of paths named by their stems) with human ``ratings`` (a
    ratings file, a list of dicts, or a pandas DataFrame with the system, id and rating
    fields), as ``tomtat correlate``: the same coefficients, intervals and tests."""
    if isinstance(runs, Mapping):
        named = [(str(k), _as_run(v, f"runs[{k!r}]")) for k, v in runs.items()]
    else:
        if isinstance(runs, (str, bytes, PathLike)):
            raise TypeError("runs: expected a dict or a list of runs, got one path")
        named = []
        for i, p in enumerate(runs):
            if not isinstance(p, (str, PathLike)):
                raise TypeError(
                    f"runs[{i}]: a list names its systems by file stem, so it holds paths; "
                    "pass a dict of system name to run"
                )
            stem = os.path.splitext(os.path.basename(os.fspath(p)))[0]
            named.append((stem, _as_run(p, f"runs[{i}]")))
    for name in ("resamples", "seed"):
        value = {"resamples": resamples, "seed": seed}[name]
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"--{name} must be a whole number, got {value!r}")
    rows = _ratings_rows(ratings, system_field, id_field, rating_field)
    out = _tomtat.correlate(named, rows, rating_field, resample, resamples, float(confidence), seed)
    return Correlation(*out)


def merge(runs: Sequence[Union[Run, Report, Path]]) -> Run:
    """One run from runs of disjoint shards, as ``tomtat merge``."""
    if isinstance(runs, (str, bytes, os.PathLike, Run, Report)):
        raise TypeError("runs: expected a list of runs or paths, got one; pass [run]")
    return Run(_tomtat.merge([_as_run(r, f"runs[{i}]") for i, r in enumerate(runs)]))


from . import rouge  # noqa: E402  (needs the names above)
