"""The scoring keywords shared by every entry point, as the dict the native module reads."""

from os import PathLike
from typing import Any, Dict, Optional, Sequence, Union

DEFAULT_METRICS = ("rouge1", "rouge2", "rougeL", "rougeLsum")


def metric_list(metrics: Union[str, Sequence[str], None]) -> list:
    if metrics is None:
        return list(DEFAULT_METRICS)
    if isinstance(metrics, str):
        return [m.strip() for m in metrics.split(",")]
    return [str(m) for m in metrics]


def scoring(
    *,
    profile: str = "auto",
    metrics: Union[str, Sequence[str], None] = None,
    refs: str = "max",
    alpha: float = 0.5,
    perl_compat: bool = False,
    limit_words: Optional[int] = None,
    limit_bytes: Optional[int] = None,
    split_sentences: bool = False,
    bootstrap: int = 1000,
    confidence: float = 0.95,
    seed: int = 12345,
    target_lang: Optional[str] = None,
    chrf_normalize: bool = False,
    score_fields: Sequence[str] = (),
    lower_is_better: Sequence[str] = (),
    **tokenizer_options: Any,
) -> Dict[str, Any]:
    """Every scoring keyword; ``tokenizer_options`` are those of :func:`tokenizer`;
    ``target_lang`` (``--target-lang``) is the language candidates are expected in for the
    ``langmatch`` metric where an example has no language of its own; ``chrf_normalize``
    (``--chrf-normalize``) makes chrF/chrF++ read the texts after Vietnamese normalization;
    ``score_fields`` (``--score-field``) name supplied per-example scores, each a metric
    ``extra:NAME``, and ``lower_is_better`` (``--lower-is-better``) those where lower is
    better."""
    for name, names in (("score_fields", score_fields), ("lower_is_better", lower_is_better)):
        if isinstance(names, str) or not all(isinstance(n, str) for n in names):
            raise TypeError(f"{name}: expected a list of names, got {names!r}")
    if not isinstance(bootstrap, int) or bootstrap < 0:
        raise ValueError(f"--bootstrap must be a whole number, 0 or more, got {bootstrap!r}")
    if not isinstance(seed, int) or not 0 <= seed < 2**64:
        raise ValueError(f"--seed must be a whole number in [0, 2^64), got {seed!r}")
    for name, value in (("limit_words", limit_words), ("limit_bytes", limit_bytes)):
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValueError(f"--{name.replace('_', '-')} must be a whole number, 1 or more, got {value!r}")
    if limit_words is not None and limit_bytes is not None:
        raise ValueError("give limit_words or limit_bytes, not both")
    return {
        "profile": profile,
        "metrics": metric_list(metrics),
        "refs": refs,
        "alpha": float(alpha),
        "perl_compat": bool(perl_compat),
        "limit_words": limit_words,
        "limit_bytes": limit_bytes,
        "split_sentences": bool(split_sentences),
        "bootstrap": bootstrap,
        "confidence": float(confidence),
        "seed": seed,
        "target_lang": target_lang,
        "chrf_normalize": bool(chrf_normalize),
        "score_fields": list(score_fields),
        "lower_is_better": list(lower_is_better),
        "tokenizer": tokenizer(**tokenizer_options),
    }


def tokenizer(
    *,
    tone_style: Optional[str] = None,
    fold_diacritics: bool = False,
    units: Optional[str] = None,
    stem: Union[bool, str] = False,
    stopwords: Union[str, "PathLike[str]", None] = None,
    aliases: Union[str, "PathLike[str]", None] = None,
    xlsum_lang: Optional[str] = None,
) -> Dict[str, Any]:
    """``stem`` is ``True`` (NLTK's Porter, as ``--stem``) or a stemmer name, ``"porter"`` or
    ``"rouge155"`` (as ``--stemmer``); ``xlsum_lang`` is the XL-Sum scorer's ``lang`` (profile
    ``"xlsum"``, as ``--xlsum-lang``)."""
    if xlsum_lang is not None and not isinstance(xlsum_lang, str):
        raise TypeError(f"xlsum_lang: expected str, got {type(xlsum_lang).__name__}")
    stemmer = stem if isinstance(stem, str) else "porter"
    return {
        "tone_style": tone_style,
        "fold_diacritics": bool(fold_diacritics),
        "units": units,
        "stem": bool(stem),
        "stemmer": stemmer,
        "stopwords": None if stopwords is None else str(stopwords),
        "aliases": None if aliases is None else str(aliases),
        "xlsum_lang": xlsum_lang,
    }
