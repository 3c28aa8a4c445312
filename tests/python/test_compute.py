"""tomtat.rouge.compute: evaluate's call and result shape; with profile="rouge-score" the
values of evaluate's own code path (rouge_score, mirrored here without installing evaluate)."""

import statistics

import pytest
from rouge_score import rouge_scorer, scoring

import tomtat
from conftest import make_pairs


def evaluate_rouge(predictions, references, rouge_types, use_aggregator, use_stemmer):
    """evaluate/metrics/rouge/rouge.py's _compute, as published."""
    multi_ref = isinstance(references[0], list)
    scorer = rouge_scorer.RougeScorer(rouge_types=rouge_types, use_stemmer=use_stemmer)
    aggregator = scoring.BootstrapAggregator() if use_aggregator else None
    scores = []
    for ref, pred in zip(references, predictions):
        score = scorer.score_multi(ref, pred) if multi_ref else scorer.score(ref, pred)
        if use_aggregator:
            aggregator.add_scores(score)
        else:
            scores.append(score)
    if use_aggregator:
        result = aggregator.aggregate()
        return {key: result[key].mid.fmeasure for key in result}
    return {key: [s[key].fmeasure for s in scores] for key in scores[0]}


TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


@pytest.mark.parametrize("multi", [False, True])
@pytest.mark.parametrize("stem", [False, True])
def test_per_example_values_equal_evaluate(multi, stem):
    pairs = make_pairs(200, seed=30 + stem, max_refs=3 if multi else 1)
    preds = [p for p, _ in pairs]
    refs = [r if multi else r[0] for _, r in pairs]
    want = evaluate_rouge(preds, refs, TYPES, False, stem)
    got = tomtat.rouge.compute(
        predictions=preds, references=refs, use_aggregator=False, use_stemmer=stem,
        profile="rouge-score",
    )
    assert list(got) == TYPES
    for t in TYPES:
        assert len(got[t]) == len(preds)
        assert max(abs(a - b) for a, b in zip(want[t], got[t])) <= 1e-12


def test_aggregated_is_the_plain_mean_and_close_to_evaluates_median():
    pairs = make_pairs(300, seed=40, max_refs=1)
    preds = [p for p, _ in pairs]
    refs = [r[0] for _, r in pairs]
    per = tomtat.rouge.compute(preds, refs, use_aggregator=False, profile="rouge-score")
    agg = tomtat.rouge.compute(preds, refs, profile="rouge-score")
    boot = evaluate_rouge(preds, refs, TYPES, True, False)
    for t in TYPES:
        assert abs(agg[t] - statistics.fmean(per[t])) <= 1e-12
        # evaluate's value is the median of an unseeded bootstrap of the same mean.
        assert abs(agg[t] - boot[t]) < 0.02


def test_acceptance_example():
    got = tomtat.rouge.compute(predictions=["hoà bình"], references=["hòa bình"])
    assert got["rouge1"] == 1.0


def test_auto_picks_vi_for_vietnamese_and_rouge_score_tears_it():
    preds = ["tôi đi học"]
    refs = ["tồi đi học"]
    vi = tomtat.rouge.compute(preds, refs, rouge_types=["rouge1"])
    rs = tomtat.rouge.compute(preds, refs, rouge_types=["rouge1"], profile="rouge-score")
    assert vi["rouge1"] == pytest.approx(2 / 3)
    assert rs["rouge1"] == 1.0  # rouge-score keeps only a-z0-9: "tôi" and "tồi" both "t i"


def test_use_stemmer_with_auto_on_vietnamese_is_not_an_error():
    got = tomtat.rouge.compute(["hoà bình"], ["hòa bình"], use_stemmer=True)
    assert got["rouge1"] == 1.0


def test_empty_input():
    assert tomtat.rouge.compute([], [], use_aggregator=False) == {t: [] for t in TYPES}
    with pytest.raises(ValueError, match="nothing to score"):
        tomtat.rouge.compute([], [])


def test_rouge_score_profile_on_vietnamese_warns_like_the_cli():
    with pytest.warns(UserWarning, match="keeps only a-z and 0-9"):
        tomtat.rouge.compute(["tôi đi học"], ["tồi đi học"], profile="rouge-score")
    with pytest.warns(UserWarning, match="keeps only a-z and 0-9"):
        tomtat.score(["tôi đi học"], ["tồi đi học"], profile="rouge-score")
