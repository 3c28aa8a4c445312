"""``RougeScorer``: the interface of ``rouge_score.rouge_scorer.RougeScorer`` over tomtat."""

import collections
from os import PathLike
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from . import _columns, _options, _tomtat

Score = collections.namedtuple("Score", ["precision", "recall", "fmeasure"])
"""Precision, recall and F of one metric: the same named tuple as ``rouge_score.scoring.Score``."""


def _xlsum_lang(xlsum_lang: Optional[str], lang: Optional[str]) -> Optional[str]:
    if xlsum_lang is not None and lang is not None and xlsum_lang != lang:
        raise ValueError(f"give xlsum_lang or lang, not both ({xlsum_lang!r} and {lang!r})")
    return xlsum_lang if xlsum_lang is not None else lang


def _as_list(values: Any, name: str) -> list:
    """A Python list of a column (list, pyarrow array, pandas Series, any iterable)."""
    if isinstance(values, str):
        raise TypeError(f"{name}: expected a list of str, got one str")
    if hasattr(values, "to_pylist"):
        return values.to_pylist()
    if hasattr(values, "tolist"):
        return values.tolist()
    return list(values)


def _tokenize_fn(tokenizer: Any) -> Optional[Callable[[str], List[str]]]:
    if tokenizer is None:
        return None
    if hasattr(tokenizer, "tokenize"):
        return tokenizer.tokenize
    if callable(tokenizer):
        return tokenizer
    raise TypeError(
        "tokenizer: expected an object with .tokenize(text) or a callable, "
        f"got {type(tokenizer).__name__}"
    )


class RougeScorer:
    """Drop-in for ``rouge_score.rouge_scorer.RougeScorer`` with tomtat's tokenizers.

    ``profile`` is ``"auto"`` (vi-v1 for Vietnamese text, en-v1 otherwise: per call in
    ``score``/``score_multi``, once per batch in ``score_batch``), ``"vi-v1"``, ``"en-v1"``,
    ``"unicode-v1"``, ``"rouge-score"`` (bit-identical to rouge-score 0.1.2) or ``"xlsum"``
    (bit-identical to the XL-Sum scorer, csebuetnlp's multilingual_rouge_scoring; its ``lang``
    is ``xlsum_lang``, or ``lang`` as that scorer spells it). With ``"auto"``,
    ``use_stemmer`` (Porter, English) applies only when en-v1 is picked. ``split_summaries``
    uses tomtat's rule-based sentence splitter for rougeLsum (not NLTK's punkt). A
    ``tokenizer`` (an object with ``.tokenize(text)`` or a callable) replaces the profile's
    tokenizer; its tokens are scored by tomtat. ``rouge_types`` may include ``"chrF"`` and
    ``"chrF++"`` (sacreBLEU's, read from the texts; ``chrf_normalize=True`` normalizes
    Vietnamese first)."""

    def __init__(
        self,
        rouge_types: Sequence[str],
        use_stemmer: bool = False,
        split_summaries: bool = False,
        tokenizer: Any = None,
        *,
        profile: str = "auto",
        refs: str = "max",
        alpha: float = 0.5,
        perl_compat: bool = False,
        tone_style: Optional[str] = None,
        fold_diacritics: bool = False,
        units: Optional[str] = None,
        stopwords: Union[str, "PathLike[str]", None] = None,
        aliases: Union[str, "PathLike[str]", None] = None,
        xlsum_lang: Optional[str] = None,
        lang: Optional[str] = None,
        chrf_normalize: bool = False,
    ) -> None:
        if isinstance(rouge_types, str):
            raise TypeError("rouge_types: expected a list of names, got one str")
        self.rouge_types = list(rouge_types)
        self._tokenize = _tokenize_fn(tokenizer)
        self._split = bool(split_summaries)
        options = _options.scoring(
            profile=profile,
            metrics=self.rouge_types,
            refs=refs,
            alpha=alpha,
            perl_compat=perl_compat,
            split_sentences=split_summaries,
            bootstrap=0,
            tone_style=tone_style,
            fold_diacritics=fold_diacritics,
            units=units,
            stem=use_stemmer,
            stopwords=stopwords,
            aliases=aliases,
            xlsum_lang=_xlsum_lang(xlsum_lang, lang),
            chrf_normalize=chrf_normalize,
        )
        if self._tokenize is not None:
            # The Python tokenizer replaces the profile's: only the score options are used.
            options["profile"] = "unicode-v1"
            options["tokenizer"] = _options.tokenizer()
        self._native = _tomtat.Scorer(options, Score)

    @property
    def profile(self) -> str:
        """The profile given, or ``"auto"``."""
        return self._native.profile

    @property
    def signature(self) -> Optional[str]:
        """The signature of the scorer's options (``nrefs:var``, no bootstrap), for logs and
        tables of per-pair scores; ``None`` with ``profile="auto"`` (chosen per call) or a
        Python ``tokenizer``."""
        if self._tokenize is not None:
            return None
        return self._native.signature

    def _sentences(self, text: str) -> List[List[str]]:
        assert self._tokenize is not None
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        return [list(self._tokenize(line)) for line in text.split("\n")]

    def score(self, target: str, prediction: str) -> Dict[str, Score]:
        """``{rouge_type: Score}`` of ``prediction`` against ``target``."""
        if self._tokenize is not None:
            return self._native.score_tokens([self._sentences(target)], self._sentences(prediction))
        return self._native.score([target], prediction)

    def score_multi(self, targets: Sequence[str], prediction: str) -> Dict[str, Score]:
        """Per type, the ``Score`` of the target with the best F (as rouge-score)."""
        if isinstance(targets, str):
            raise TypeError("targets: expected a list of str, got one str")
        if self._tokenize is not None:
            return self._native.score_tokens(
                [self._sentences(t) for t in targets], self._sentences(prediction)
            )
        return self._native.score(list(targets), prediction)

    def score_batch(
        self, targets: Any, predictions: Any, threads: Optional[int] = None
    ) -> List[Dict[str, Score]]:
        """``score`` (or ``score_multi`` where an element of ``targets`` is a list) for every
        pair, in parallel in Rust with the GIL released. ``targets``/``predictions``: lists of
        str, pyarrow arrays or pandas Series. ``threads`` (default: every core) never changes a
        number."""
        if self._tokenize is not None:
            targets, predictions = _as_list(targets, "targets"), _as_list(predictions, "predictions")
            if len(predictions) != len(targets):
                # As without tokenizer=: zip() would score only the shorter side's pairs.
                raise ValueError(f"{len(predictions)} predictions but {len(targets)} references")
            return [
                self.score_multi(t, p) if isinstance(t, (list, tuple)) else self.score(t, p)
                for t, p in zip(targets, predictions)
            ]
        return self._native.score_batch(
            _columns.texts(predictions, "predictions"),
            _columns.reference_sets(targets, "references"),
            threads,
        )
