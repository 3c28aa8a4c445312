"""The GIL is released around Rust work: two Python threads scoring at once overlap, and
results never depend on the thread count."""

import threading
import time

import tomtat
from conftest import make_pairs

PAIRS = make_pairs(3000, seed=60)
PREDS = [p for p, _ in PAIRS]
REFS = [r for _, r in PAIRS]


def test_results_identical_for_any_thread_count():
    scorer = tomtat.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"])
    one = scorer.score_batch(REFS, PREDS, threads=1)
    assert scorer.score_batch(REFS, PREDS, threads=2) == one
    assert scorer.score_batch(REFS, PREDS, threads=7) == one
    assert scorer.score_batch(REFS, PREDS) == one
    a = tomtat.score(PREDS, REFS, threads=1).to_json()
    assert tomtat.score(PREDS, REFS, threads=3).to_json() == a


def test_batch_results_come_back_in_input_order():
    # score_batch turns finished blocks of pairs into dicts while later blocks are scored:
    # every result must still be its own pair's, for any thread count and block remainder.
    scorer = tomtat.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"])
    n = 201
    refs = [rs if i % 3 else rs[0] for i, rs in enumerate(REFS[:n])]
    expected = [
        scorer.score_multi(r, p) if isinstance(r, list) else scorer.score(r, p)
        for r, p in zip(refs, PREDS[:n])
    ]
    for threads in (1, 2, None):
        assert scorer.score_batch(refs, PREDS[:n], threads=threads) == expected


def test_an_empty_batch_scores_to_an_empty_list():
    # The pipeline reads no block of an empty batch; the profile is still chosen (auto).
    for profile in ("auto", "vi-v1"):
        scorer = tomtat.RougeScorer(["rouge1", "rougeLsum"], profile=profile)
        assert scorer.score_batch([], []) == []


def test_a_second_python_thread_runs_while_score_batch_works():
    # The GIL is released around the Rust work: a thread that sleeps 1 ms a round (and needs
    # the GIL to wake) completes rounds while score_batch runs. Holding the GIL, it would
    # complete at most one, whatever the machine's speed or load. (The speed-up of two
    # scoring threads is measured in benches/python_bench.py, not asserted.)
    scorer = tomtat.RougeScorer(["rouge1", "rouge2", "rougeL"], profile="vi-v1")
    work = (REFS * 4, PREDS * 4)
    rounds = 0
    stop = threading.Event()

    def other():
        nonlocal rounds
        while not stop.is_set():
            rounds += 1
            time.sleep(0.001)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        inside = []
        for _ in range(20):
            before = rounds
            scorer.score_batch(*work, threads=1)
            inside.append(rounds - before)
            if inside[-1] >= 3:
                break
        assert max(inside) >= 3, inside
    finally:
        stop.set()
        thread.join()


def _score_in_a_child():
    return tomtat.score(["hoà bình ở châu Âu"], ["hòa bình ở châu Âu"], bootstrap=100).metrics["rouge1"]["fmeasure"]["mean"]


def test_scoring_in_a_forked_worker_after_the_parent_scored_does_not_hang():
    # lighteval's bootstrap of a corpus metric calls it in a forked multiprocessing pool: the
    # parent's worker threads do not exist in the child, so tomtat scores there on a pool of
    # its own (it hung waiting for the parent's before).
    import multiprocessing

    assert _score_in_a_child() == 1.0
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(_score_in_a_child).get(timeout=120) == 1.0
