"""tomtat in MLflow evaluations: a scorer for ``mlflow.genai.evaluate``, a metric for the
older ``mlflow.models.evaluate`` (``make_metric``), and ``log_report`` to log a report's means,
intervals and signature to the active run.

    import mlflow, tomtat.mlflow
    mlflow.genai.evaluate(data=rows, scorers=[tomtat.mlflow.scorer("rouge2", profile="vi-v1")])
    mlflow.models.evaluate(data=df, predictions="pred", targets="ref",
                           extra_metrics=[tomtat.mlflow.metric("rouge2", profile="vi-v1")])

Needs MLflow 3: ``pip install 'tomtat[mlflow]'``."""

from typing import Any, Dict, Optional

try:
    import mlflow
    from mlflow.genai.scorers import scorer as _genai_scorer
    from mlflow.metrics import MetricValue, make_metric
except ImportError as e:
    raise ImportError("tomtat.mlflow needs mlflow 3: pip install 'tomtat[mlflow]'") from e

from . import Report
from . import score as _score

__all__ = ["scorer", "metric", "log_report"]


def _settings(metric: str, profile: str, options: Dict[str, Any]) -> Dict[str, Any]:
    if profile == "auto":
        raise ValueError("profile='auto' would detect the language row by row; name the profile")
    settings = {"metrics": [metric], "profile": profile, **options}
    _score(["x"], ["x"], **{**settings, "bootstrap": 0})  # rejects a bad option now
    return settings


def scorer(metric: str = "rougeL", profile: str = "vi-v1", *, reference_key: str = "reference",
           name: Optional[str] = None, **options: Any) -> Any:
    """A ``mlflow.genai.evaluate`` scorer named ``name`` (default ``tomtat_METRIC``): per row,
    F of ``outputs`` (a string) against ``expectations[reference_key]`` (a string or a list of
    strings) with ``tomtat.score``'s options. MLflow aggregates the rows itself
    (``NAME/mean``); for tomtat's exact mean and interval use ``log_report``."""
    settings = {**_settings(metric, profile, options), "bootstrap": 0}

    def fn(outputs: Any, expectations: Dict[str, Any]) -> float:
        if reference_key not in (expectations or {}):
            raise KeyError(f"the row's expectations have no '{reference_key}'")
        report = _score([str(outputs)], [expectations[reference_key]], **settings)
        return float(report.per_example()[metric]["fmeasure"][0])

    fn.__name__ = name or f"tomtat_{metric}"
    return _genai_scorer(fn, name=name or f"tomtat_{metric}")


def metric(metric: str = "rougeL", profile: str = "vi-v1", *, name: Optional[str] = None,
           **options: Any) -> Any:
    """An ``mlflow.models.evaluate`` metric (``extra_metrics=[...]``): per row F, and as
    aggregates tomtat's ``mean``, ``low`` and ``high`` (the bootstrap interval) of the
    report ``tomtat.score`` gives for the same predictions and targets."""
    settings = _settings(metric, profile, options)

    def eval_fn(predictions: Any, targets: Any) -> MetricValue:
        report = _score(list(predictions), list(targets), **settings)
        f = report.metrics[metric]["fmeasure"]
        aggregates = {k: float(f[k]) for k in ("mean", "low", "high") if k in f}
        per_row = report.per_example()[metric]["fmeasure"]
        return MetricValue(scores=per_row, aggregate_results=aggregates)

    return make_metric(eval_fn=eval_fn, greater_is_better=True, name=name or f"tomtat_{metric}")


def log_report(report: Report, prefix: str = "tomtat") -> Dict[str, float]:
    """Logs to the active MLflow run every metric's mean F and interval
    (``PREFIX/METRIC/mean``, ``/low``, ``/high``) and the signature as the parameter
    ``PREFIX.signature``; returns the metrics logged."""
    logged: Dict[str, float] = {}
    for name, m in report.metrics.items():
        for k in ("mean", "low", "high"):
            if k in m["fmeasure"]:
                logged[f"{prefix}/{name}/{k}"] = float(m["fmeasure"][k])
    mlflow.log_metrics(logged)
    mlflow.log_param(f"{prefix}.signature", report.signature)
    return logged
