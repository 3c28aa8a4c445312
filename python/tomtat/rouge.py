"""``tomtat.rouge.compute``: the call and the result shape of Hugging Face
``evaluate.load("rouge").compute``, scored by tomtat.

One difference on purpose: the aggregated value is the plain mean F over examples (what a
paper reports), where ``evaluate`` returns the median of an unseeded 1,000-sample bootstrap of
that mean, which moves from run to run by sampling noise (see the README's Python section).
"""

from typing import Any, Dict, List, Optional, Sequence, Union

from . import _columns, _tomtat
from ._scorer import RougeScorer

__all__ = ["compute"]


def compute(
    predictions: Any,
    references: Any,
    rouge_types: Optional[Sequence[str]] = None,
    use_aggregator: bool = True,
    use_stemmer: bool = False,
    tokenizer: Any = None,
    profile: str = "auto",
    threads: Optional[int] = None,
    **options: Any,
) -> Dict[str, Union[float, List[float]]]:
    """ROUGE F of ``predictions`` against ``references`` (one str, or a list of str, each;
    with several, per type the best F as ``evaluate``). Aggregated: ``{type: mean F}``; not
    aggregated: ``{type: [F per example]}``. ``profile="auto"`` picks vi-v1 for Vietnamese
    text and en-v1 otherwise, as ``tomtat score`` does; ``profile="rouge-score"`` reproduces
    ``evaluate``/``rouge-score`` per-example values bit for bit. Other keywords (``refs``,
    ``alpha``, ``tone_style``, ``fold_diacritics``, ``units``, ``stopwords``, ``aliases``,
    ``split_summaries``, ``perl_compat``) as for ``RougeScorer``."""
    if rouge_types is None:
        rouge_types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    scorer = RougeScorer(
        rouge_types,
        use_stemmer=use_stemmer,
        tokenizer=tokenizer,
        profile=profile,
        **options,
    )
    names = scorer._native.metrics
    if tokenizer is not None:
        scores = scorer.score_batch(references, predictions)
        if not use_aggregator:
            return {n: [s[n].fmeasure for s in scores] for n in names}
        if not scores:
            raise ValueError("nothing to score: no predictions")
        rows = [v for s in scores for n in names for v in s[n]]
        return {name: f for name, _, _, f in _tomtat.aggregate(names, rows)}
    preds = _columns.texts(predictions, "predictions")
    refs = _columns.reference_sets(references, "references")
    if not use_aggregator:
        columns = scorer._native.score_columns(preds, refs, threads)
        return {name: f for name, _, _, f in columns}
    if len(preds) == 0:
        raise ValueError("nothing to score: no predictions")
    return {name: f for name, _, _, f in scorer._native.mean_batch(preds, refs, threads)}
