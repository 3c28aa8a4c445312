"""tomtat in a Hugging Face ``Trainer``/``Seq2SeqTrainer``: ``compute_metrics=`` scored by the
CLI's engine, with the rougeLsum sentence step done right.

    trainer = Seq2SeqTrainer(..., compute_metrics=tomtat.hf.compute_metrics(tokenizer))

The function decodes the predictions and labels (``-100`` replaced by the pad id, special
tokens skipped, whitespace stripped), splits sentences for rougeLsum with tomtat's splitter
(``split_sentences=True``; never by joining characters), and returns the flat dict of mean F
the Trainer logs (it adds the ``eval_`` prefix itself). Needs ``numpy`` (``pip install
'tomtat[hf]'`` brings ``transformers`` too)."""

import os
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from . import Report, score

try:
    import numpy as np
except ImportError as e:  # pragma: no cover - numpy comes with every Trainer
    raise ImportError("tomtat.hf needs numpy: pip install 'tomtat[hf]'") from e

__all__ = ["compute_metrics", "decode"]


def decode(tokenizer: Any, ids: Any) -> List[str]:
    """Token ids (predictions or labels; a 2-D array, or logits, which are arg-maxed) as texts:
    ``-100`` (the ignored label) becomes the pad id, special tokens are skipped and each text is
    stripped."""
    if isinstance(ids, tuple):  # (logits, past key values, ...): the first is the output
        ids = ids[0]
    ids = np.asarray(ids)
    if ids.ndim == 3:
        ids = ids.argmax(axis=-1)
    if ids.ndim != 2:
        raise ValueError(f"expected token ids of shape (examples, tokens), got shape {ids.shape}")
    pad = getattr(tokenizer, "pad_token_id", None)
    ids = np.where(ids < 0, 0 if pad is None else pad, ids)
    texts = tokenizer.batch_decode(ids.tolist(), skip_special_tokens=True)
    return [t.strip() for t in texts]


class _ComputeMetrics:
    """The callable ``compute_metrics`` returns; ``report`` is the last evaluation's Report and
    ``signature`` its signature (the Trainer logs numbers only)."""

    def __init__(
        self,
        tokenizer: Any,
        metrics: Union[str, Sequence[str], None],
        profile: str,
        intervals: bool,
        save_dir: Optional[Union[str, "os.PathLike[str]"]],
        options: Dict[str, Any],
    ) -> None:
        self.tokenizer = tokenizer
        self.metrics = metrics
        self.profile = profile
        self.intervals = intervals
        self.save_dir = save_dir
        self.options = dict(options)
        self.options.setdefault("split_sentences", True)
        if not intervals:
            self.options.setdefault("bootstrap", 0)
        self.report: Optional[Report] = None
        self.evaluations = 0
        self._pending: List[tuple] = []

    @property
    def signature(self) -> Optional[str]:
        return None if self.report is None else self.report.signature

    def __call__(self, eval_pred: Any, compute_result: Optional[bool] = None) -> Dict[str, float]:
        if isinstance(eval_pred, tuple):
            predictions, labels = eval_pred[0], eval_pred[1]
        else:
            predictions, labels = eval_pred.predictions, eval_pred.label_ids
        preds = decode(self.tokenizer, predictions)
        refs = decode(self.tokenizer, labels)
        if len(preds) != len(refs):
            raise ValueError(f"{len(preds)} predictions but {len(refs)} labels")
        # batch_eval_metrics=True: the Trainer calls once per batch, then with compute_result.
        if compute_result is not None:
            self._pending.append((preds, refs))
            if not compute_result:
                return {}
            preds = [p for batch, _ in self._pending for p in batch]
            refs = [r for _, batch in self._pending for r in batch]
            self._pending = []
        report = score(preds, refs, metrics=self.metrics, profile=self.profile, **self.options)
        self.report = report
        self.evaluations += 1
        if self.save_dir is not None:
            os.makedirs(self.save_dir, exist_ok=True)
            report.save(os.path.join(os.fspath(self.save_dir), f"eval-{self.evaluations:04d}.json"))
        out: Dict[str, float] = {}
        for name, m in report.metrics.items():
            f = m["fmeasure"]
            out[name] = float(f["mean"])
            if self.intervals and "low" in f:
                out[f"{name}_low"] = float(f["low"])
                out[f"{name}_high"] = float(f["high"])
        return out


def compute_metrics(
    tokenizer: Any,
    metrics: Union[str, Sequence[str], None] = None,
    profile: str = "auto",
    *,
    intervals: bool = False,
    save_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    **score_options: Any,
) -> Callable[..., Dict[str, float]]:
    """A ``compute_metrics`` for ``Trainer``/``Seq2SeqTrainer`` (with
    ``predict_with_generate=True``): mean F of each metric (default rouge1, rouge2, rougeL,
    rougeLsum) as ``tomtat.score`` computes it with ``profile`` and ``score_options`` (any
    keyword of ``tomtat.score``). ``intervals=True`` adds ``NAME_low``/``NAME_high`` (the
    bootstrap interval); ``save_dir`` writes a run file per evaluation
    (``eval-0001.json``, …) for ``tomtat compare``. Works with ``batch_eval_metrics=True``
    too. The returned callable keeps the last ``report`` and its ``signature``."""
    return _ComputeMetrics(tokenizer, metrics, profile, intervals, save_dir, score_options)
