"""tomtat as an Inspect AI scorer: ROUGE (or chrF) of each sample's completion against its
target(s), and over the samples the mean with tomtat's bootstrap interval.

    from inspect_ai import Task
    import tomtat.inspect
    Task(dataset=..., solver=generate(), scorer=tomtat.inspect.rouge("rouge2", profile="vi-v1"))

The per-sample value is the example's F; the metrics ``mean``, ``ci_low`` and ``ci_high``
are those of the report ``tomtat.score`` gives for the same completions, targets, sample ids
and options (what ``tomtat score --pairs`` prints). Each sample's score keeps the signature in
its metadata. Needs Inspect AI: ``pip install 'tomtat[inspect]'``."""

import json
from typing import Any, Dict, List, Tuple

try:
    from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
    from inspect_ai.solver import TaskState
except ImportError as e:
    raise ImportError("tomtat.inspect needs inspect_ai: pip install 'tomtat[inspect]'") from e

from . import score as _score

__all__ = ["rouge", "mean", "ci_low", "ci_high"]

_reports: Dict[Tuple, Any] = {}


def _report(scores: List[SampleScore]) -> Any:
    """The tomtat report of the scored samples (computed once for the three metrics)."""
    metadata = [s.score.metadata or {} for s in scores]
    options = metadata[0].get("tomtat_options", "{}") if metadata else "{}"
    ids = [str(i if s.sample_id is None else s.sample_id) for i, s in enumerate(scores)]
    answers = [s.score.answer or "" for s in scores]
    references = [m.get("references", []) for m in metadata]
    key = (options, tuple(ids), tuple(answers), json.dumps(references, ensure_ascii=False))
    if key not in _reports:
        if len(_reports) > 16:
            _reports.clear()
        _reports[key] = _score(answers, references, ids, **json.loads(options))
    return _reports[key]


def _figure(scores: List[SampleScore], field: str) -> float:
    if not scores:
        return float("nan")
    report = _report(scores)
    (name,) = report.metrics
    return float(report.metrics[name]["fmeasure"].get(field, float("nan")))


@metric
def mean() -> Metric:
    """tomtat's mean F over the samples (exact: fixed-point sums, as the CLI)."""

    def compute(scores: List[SampleScore]) -> float:
        return _figure(scores, "mean")

    return compute


@metric
def ci_low() -> Metric:
    """The low end of tomtat's bootstrap interval of the mean F."""

    def compute(scores: List[SampleScore]) -> float:
        return _figure(scores, "low")

    return compute


@metric
def ci_high() -> Metric:
    """The high end of tomtat's bootstrap interval of the mean F."""

    def compute(scores: List[SampleScore]) -> float:
        return _figure(scores, "high")

    return compute


@scorer(metrics=[mean(), ci_low(), ci_high()])
def rouge(metric: str = "rougeL", profile: str = "vi-v1", **options: Any) -> Scorer:
    """Scores a sample's completion against its target (one or several texts) with ``metric``
    (any of tomtat's: ``rouge1``, ``rouge2``, ``rougeL``, ``rougeLsum``, ``chrF``, …),
    ``profile`` and ``options`` (``tomtat.score``'s keywords: ``bootstrap``, ``seed``,
    ``tone_style``, ``stem``, …)."""
    if profile == "auto":
        raise ValueError("profile='auto' would detect the language sample by sample; name the profile")
    settings = {"metrics": [metric], "profile": profile, **options}
    encoded = json.dumps(settings, sort_keys=True)
    one = {**settings, "bootstrap": 0}
    signature = _score(["x"], ["x"], **one).signature  # rejects a bad option now, not per sample

    async def run(state: TaskState, target: Target) -> Score:
        completion = state.output.completion
        references = list(target.target)
        report = _score([completion], [references], **one)
        return Score(
            value=report.per_example()[metric]["fmeasure"][0],
            answer=completion,
            metadata={"references": references, "tomtat_options": encoded, "signature": signature},
        )

    return run
