"""tomtat in Polars: an expression namespace that scores a column of candidates against a
column of references, one Rust call per batch.

    import polars as pl, tomtat.polars
    df.with_columns(r2=pl.col("candidate").tomtat.rouge(pl.col("reference"), "rouge2", profile="vi-v1"))

Importing ``tomtat.polars`` registers the ``tomtat`` namespace. Needs Polars and pyarrow:
``pip install 'tomtat[polars]'``. (A compiled Polars plugin would skip the hand-over through
Python lists, but builds for about 6 minutes against Polars' crates: see
docs/integrations.md.)"""

from typing import Any

try:
    import polars as pl
except ImportError as e:
    raise ImportError("tomtat.polars needs polars and pyarrow: pip install 'tomtat[polars]'") from e

from ._batch import Batches

__all__ = ["TomtatExpr", "signature"]


@pl.api.register_expr_namespace("tomtat")
class TomtatExpr:
    """``pl.col("candidate").tomtat.rouge(pl.col("reference"), "rougeL")``."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def rouge(self, reference: Any, metric: str = "rougeL", *, profile: str = "vi-v1",
              measure: str = "fmeasure", **options: Any) -> pl.Expr:
        """Per row, ``measure`` (``fmeasure``, ``precision`` or ``recall``) of ``metric`` for this
        expression's candidates against ``reference`` (an expression or column name: a string,
        or a list of strings for several references), with ``RougeScorer``'s keywords
        (``refs``, ``use_stemmer``, ``tone_style``, …); null where an input is null. The values
        are ``RougeScorer.score_batch``'s."""
        batches = Batches(profile, options)
        batches.scorer(metric)  # reject an unknown metric or option now, not at collect()
        if isinstance(reference, str):
            reference = pl.col(reference)

        def run(s: pl.Series) -> pl.Series:
            frame = s.struct.unnest()
            values = batches.score(frame[:, 0].to_list(), frame[:, 1].to_list(), metric, measure)
            return pl.Series(values, dtype=pl.Float64)

        pair = pl.struct([self._expr.alias("candidate"), reference.alias("reference")])
        return pair.map_batches(run, return_dtype=pl.Float64, is_elementwise=True).alias(metric)


def signature(metric: str = "rougeL", *, profile: str = "vi-v1", **options: Any) -> str:
    """The signature of the numbers ``rouge(..., metric, profile=..., **options)`` gives, to log
    beside them (the frame keeps no metadata)."""
    return Batches(profile, options).scorer(metric).signature or ""
