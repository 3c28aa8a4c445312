"""tomtat in Daft: a batch UDF that scores a column of candidates against a column of
references, one Rust call per batch, on Daft's local runner or on Ray.

    import daft, tomtat.daft
    df = df.with_column("r2", tomtat.daft.rouge(df["candidate"], df["reference"], "rouge2", profile="vi-v1"))

Needs Daft: ``pip install 'tomtat[daft]'`` (for Ray, ``daft.context.set_runner_ray()`` with
tomtat installed on the workers)."""

import functools
import json
from typing import Any

try:
    import daft
except ImportError as e:
    raise ImportError("tomtat.daft needs daft: pip install 'tomtat[daft]'") from e

from ._batch import Batches

__all__ = ["rouge", "signature"]


@functools.lru_cache(maxsize=16)
def _batches(settings: str) -> Batches:
    s = json.loads(settings)
    return Batches(s["profile"], s["options"])


def rouge(candidate: Any, reference: Any, metric: str = "rougeL", *, profile: str = "vi-v1",
          measure: str = "fmeasure", **options: Any) -> Any:
    """A float64 expression: per row, ``measure`` (``fmeasure``, ``precision`` or ``recall``)
    of ``metric`` for ``candidate`` against ``reference`` (expressions: a string column, or a
    list of strings for several references), with ``RougeScorer``'s keywords; null where an
    input is null. The values are ``RougeScorer.score_batch``'s."""
    settings = json.dumps({"profile": profile, "options": options}, sort_keys=True)
    _batches(settings).scorer(metric)  # reject an unknown metric or option now, not at collect()

    # The function travels to Daft's workers: it holds the settings, each worker its scorers.
    @daft.func.batch(return_dtype=daft.DataType.float64())
    def score(candidates: daft.Series, references: daft.Series) -> list:
        return _batches(settings).score(candidates.to_pylist(), references.to_pylist(), metric, measure)

    return score(candidate, reference).alias(metric)


def signature(metric: str = "rougeL", *, profile: str = "vi-v1", **options: Any) -> str:
    """The signature of the numbers ``rouge(..., metric, profile=..., **options)`` gives, to log
    beside them (the frame keeps no metadata)."""
    return Batches(profile, options).scorer(metric).signature or ""
