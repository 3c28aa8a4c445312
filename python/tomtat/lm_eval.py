"""tomtat's metrics in lm-evaluation-harness: registered under names a task YAML can use, each
a passthrough per document and an aggregation that scores all of a task's generations at once
with ``tomtat.score`` (the mean F the CLI reports for the same pairs).

    # utils.py beside the task YAML
    import tomtat.lm_eval
    tomtat.lm_eval.register("rouge2", profile="vi-v1")        # the metric "tomtat_rouge2"

    # task.yaml
    metric_list:
      - metric: tomtat_rouge2
        aggregation: tomtat_rouge2
        higher_is_better: true

Registering a name again with the same settings (lm-eval may import ``utils.py`` more than
once) returns the first registration; with other settings it is an error. Needs lm-evaluation-harness: ``pip install 'tomtat[lm-eval]'``."""

import json
from typing import Any, Callable, Dict, List, Optional, Tuple

try:
    from lm_eval.api.registry import register_aggregation, register_metric
except ImportError as e:
    raise ImportError("tomtat.lm_eval needs lm-evaluation-harness: pip install 'tomtat[lm-eval]'") from e

from . import score as _score

__all__ = ["register"]

_registered: Dict[str, Tuple[str, Tuple[Callable, Callable]]] = {}


def register(metric: str = "rouge2", profile: str = "vi-v1", *, name: Optional[str] = None,
             **options: Any) -> Tuple[Callable, Callable]:
    """Registers ``name`` (default ``tomtat_METRIC``) as a ``generate_until`` metric and as its
    aggregation: the mean F of ``metric`` over the task's (target, generation) pairs, scored
    by ``tomtat.score`` with ``profile`` and ``options``. Returns (metric, aggregation), which
    a task YAML can also name with ``!function``."""
    if profile == "auto":
        raise ValueError("profile='auto' would detect the language per task; name the profile")
    name = name or f"tomtat_{metric}"
    settings = {"metrics": [metric], "profile": profile, "bootstrap": 0, **options}
    key = json.dumps(settings, sort_keys=True, default=str)
    if name in _registered:
        if _registered[name][0] != key:
            raise ValueError(f"{name} is already registered with other options; give another name=")
        return _registered[name][1]
    _score(["x"], ["x"], **settings)  # rejects a bad option now

    def per_document(items: Any) -> Any:  # the (target, generation) pair, kept for the aggregation
        return items

    def aggregate(items: List[Any]) -> float:
        if not items:
            return float("nan")
        targets = [t if isinstance(t, (list, tuple)) else [t] for t, _ in items]
        generations = [g for _, g in items]
        report = _score(generations, targets, **settings)
        return float(report.metrics[metric]["fmeasure"]["mean"])

    per_document.__name__ = aggregate.__name__ = name
    register_aggregation(name)(aggregate)
    register_metric(metric=name, higher_is_better=True, output_type="generate_until", aggregation=name)(per_document)
    _registered[name] = (key, (per_document, aggregate))
    return per_document, aggregate

