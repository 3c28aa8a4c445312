"""Per-example parity with the real rouge-score 0.1.2 package: profile="rouge-score" must
give the same precision, recall and F for every type, with and without stemming, with one to
four references (score_multi: best F per type)."""

import pytest
from rouge_score import rouge_scorer

import tomtat
from conftest import make_pairs

TYPES = ["rouge1", "rouge2", "rouge3", "rougeL", "rougeLsum"]


@pytest.mark.parametrize("stem", [False, True])
def test_score_and_score_multi_match_rouge_score(stem):
    theirs = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
    ours = tomtat.RougeScorer(TYPES, use_stemmer=stem, profile="rouge-score")
    pairs = make_pairs(400, seed=1 + stem)
    worst = 0.0
    for pred, refs in pairs:
        if len(refs) == 1:
            a, b = theirs.score(refs[0], pred), ours.score(refs[0], pred)
        else:
            a, b = theirs.score_multi(refs, pred), ours.score_multi(refs, pred)
        assert list(a) == list(b)
        for t in TYPES:
            assert type(b[t]).__name__ == "Score"
            for x, y in zip(a[t], b[t]):
                worst = max(worst, abs(x - y))
    assert worst <= 1e-12, worst


@pytest.mark.parametrize("stem", [False, True])
def test_score_batch_matches_rouge_score(stem):
    theirs = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
    ours = tomtat.RougeScorer(TYPES, use_stemmer=stem, profile="rouge-score")
    pairs = make_pairs(300, seed=11 + stem)
    batch = ours.score_batch([r for _, r in pairs], [p for p, _ in pairs])
    assert len(batch) == len(pairs)
    for (pred, refs), got in zip(pairs, batch):
        want = theirs.score_multi(refs, pred)
        for t in TYPES:
            assert max(abs(x - y) for x, y in zip(want[t], got[t])) <= 1e-12


def test_score_has_rouge_scores_fields():
    s = tomtat.RougeScorer(["rouge1"]).score("hòa bình", "hoà bình")["rouge1"]
    assert s.precision == s.recall == s.fmeasure == 1.0
    assert tuple(s) == (1.0, 1.0, 1.0)


def test_custom_tokenizer_is_used():
    class Whitespace:
        def tokenize(self, text):
            return text.split()

    ours = tomtat.RougeScorer(["rouge1", "rougeL"], tokenizer=Whitespace())
    theirs = rouge_scorer.RougeScorer(["rouge1", "rougeL"], tokenizer=Whitespace())
    for pred, refs in make_pairs(50, seed=5):
        want, got = theirs.score(refs[0], pred), ours.score(refs[0], pred)
        for t in ("rouge1", "rougeL"):
            assert max(abs(x - y) for x, y in zip(want[t], got[t])) <= 1e-12


def test_scores_are_whole_named_tuples_like_rouge_scores():
    # Score tuples are allocated and filled in Rust: they must be complete named tuples,
    # equal to rouge-score's, and behave as tuples made in Python do.
    import copy
    import gc
    import pickle

    from rouge_score.scoring import Score as TheirScore

    ours = tomtat.RougeScorer(["rouge1", "rougeL"], profile="rouge-score")
    theirs = rouge_scorer.RougeScorer(["rouge1", "rougeL"])
    for got in [ours.score("a b c d", "a b x"), *ours.score_batch(["a b c d"] * 3, ["a b x"] * 3)]:
        want = theirs.score("a b c d", "a b x")
        for t in ("rouge1", "rougeL"):
            s = got[t]
            assert isinstance(s, tomtat.Score) and isinstance(s, tuple) and len(s) == 3
            assert s == want[t] and s == TheirScore(*want[t]) and hash(s) == hash(tuple(want[t]))
            assert s._asdict() == {"precision": s[0], "recall": s[1], "fmeasure": s[2]}
            assert pickle.loads(pickle.dumps(s)) == s and copy.deepcopy(s) == s
            assert s._replace(recall=0.0).recall == 0.0
    gc.collect()
