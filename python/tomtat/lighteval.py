"""tomtat's metrics in lighteval: a corpus-level metric whose aggregation scores all of a
task's generations at once with ``tomtat.score`` (the mean F the CLI reports for the same
pairs), for a task's ``metrics=[...]``.

    # custom_tasks.py, given to lighteval with --custom-tasks
    import tomtat.lighteval
    from lighteval.tasks.lighteval_task import LightevalTaskConfig

    TASKS_TABLE = [LightevalTaskConfig(name="vi_summaries", prompt_function=prompt,
                                       hf_repo="data/", hf_subset="default",
                                       metrics=[tomtat.lighteval.metric("rouge2")], ...)]

Needs lighteval: ``pip install lighteval``."""

import json
from typing import Any, Dict, List

try:
    from lighteval.metrics.sample_preparator import GenerativePreparator
    from lighteval.metrics.utils.metric_utils import CorpusLevelMetric
    from lighteval.tasks.requests import SamplingMethod
except ImportError as e:
    raise ImportError("tomtat.lighteval needs lighteval: pip install lighteval") from e

from . import score as _score

__all__ = ["metric"]


class _Aggregate:
    """The corpus-level score of a task: its (gold, generation) pairs scored at once. A class,
    not a closure, so lighteval can pickle the metric for its worker processes."""

    def __init__(self, name: str, settings: Dict[str, Any]) -> None:
        self.name, self.settings = name, settings
        self.__name__ = f"tomtat_{name}"
        self.__doc__ = f"tomtat {name} F ({json.dumps(settings, sort_keys=True)})"

    def __call__(self, items: List[Any]) -> float:
        if not items:
            return float("nan")
        golds = [list(i.golds) for i in items]
        preds = [i.preds[0] if i.preds else "" for i in items]
        report = _score(preds, golds, **self.settings)
        return float(report.metrics[self.name]["fmeasure"]["mean"])


def metric(name: str = "rouge2", profile: str = "vi-v1", **options: Any) -> CorpusLevelMetric:
    """A lighteval metric ``tomtat_NAME``: the mean F of ``name`` over a task's (gold,
    generation) pairs, every gold a reference, scored by ``tomtat.score`` with ``profile`` and
    ``options`` (no bootstrap)."""
    if profile == "auto":
        raise ValueError("profile='auto' would detect the language per task; name the profile")
    settings = {"metrics": [name], "profile": profile, "bootstrap": 0, **options}
    _score(["x"], ["x"], **settings)  # rejects a bad option now

    aggregate = _Aggregate(name, settings)
    return CorpusLevelMetric(
        metric_name=f"tomtat_{name}",
        higher_is_better=True,
        category=SamplingMethod.GENERATIVE,
        sample_level_fn=GenerativePreparator(),
        corpus_level_fn=aggregate,
    )
