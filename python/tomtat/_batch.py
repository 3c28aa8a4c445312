"""Per-example scores of one column batch, shared by the table engines' adapters (DuckDB,
Polars): a scorer per metric name, the profile named (not detected per batch), and a NULL
wherever a candidate or reference is NULL."""

from typing import Any, Dict, List, Optional

from ._scorer import RougeScorer

MEASURES = ("precision", "recall", "fmeasure")


class Batches:
    """Scores batches of (candidate, reference) columns with ``RougeScorer(..., **options)``:
    the numbers ``RougeScorer.score_batch`` returns for the same pairs."""

    def __init__(self, profile: str, options: Dict[str, Any]) -> None:
        if profile == "auto":
            raise ValueError(
                "profile='auto' would detect the language batch by batch; name the profile "
                "(vi-v1, en-v1, unicode-v1, rouge-score or xlsum)"
            )
        self.profile = profile
        self.options = dict(options)
        self._scorers: Dict[str, RougeScorer] = {}

    def scorer(self, metric: str) -> RougeScorer:
        if metric not in self._scorers:
            self._scorers[metric] = RougeScorer([metric], profile=self.profile, **self.options)
        return self._scorers[metric]

    def score(self, candidates: List[Optional[str]], references: List[Any], metric: str,
              measure: str = "fmeasure") -> List[Optional[float]]:
        """One value per row: ``measure`` of ``metric``; ``None`` where an input is ``None``."""
        if measure not in MEASURES:
            raise ValueError(f"measure: expected one of {', '.join(MEASURES)}, got {measure!r}")
        keep = [i for i, (c, r) in enumerate(zip(candidates, references)) if c is not None and r is not None]
        out: List[Optional[float]] = [None] * len(candidates)
        if not keep:
            return out
        native = self.scorer(metric)._native
        columns = native.score_columns(
            [candidates[i] for i in keep], [references[i] for i in keep], None
        )
        _, p, r, f = columns[0]
        values = {"precision": p, "recall": r, "fmeasure": f}[measure]
        for i, v in zip(keep, values):
            out[i] = v
        return out
