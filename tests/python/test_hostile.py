"""Reliability of the Python API (issue 22): no setting disables the regression gate,
``tokenizer=`` never truncates, Ctrl-C stops long calls, dictionary-encoded and sliced Arrow
columns score like plain ones, and messages name what is wrong."""

import math
import os
import signal
import threading

import pytest

import tomtat
import tomtat.engine as engine
from conftest import make_pairs

pa = pytest.importorskip("pyarrow")


def paired_batch(base, new):
    return pa.table({
        "id": [str(i) for i in range(len(base))],
        "base_rouge1": base,
        "new_rouge1": new,
    })


@pytest.mark.parametrize(
    "alpha,tolerance,trials,resamples,words",
    [
        (math.nan, 0.5, 100, 100, "alpha=nan"),
        (0.0, 0.5, 100, 100, "alpha=0"),
        (0.05, math.nan, 100, 100, "tolerance=nan"),
        (0.05, math.inf, 100, 100, "tolerance=inf"),
        (0.05, 0.5, 0, 100, "trials=0"),
        (0.05, 0.5, 100, 0, "resamples=0"),
    ],
)
def test_no_engine_setting_turns_a_regression_into_no_regression(
        alpha, tolerance, trials, resamples, words):
    # A real 5-point drop on 200 examples; each setting used to report "no regression".
    batch = paired_batch([0.55] * 200, [0.50] * 200)
    with pytest.raises(ValueError, match=words.split("=")[0]):
        state = engine.paired_arrow(batch, ["rouge1"], trials=trials, resamples=resamples)
        engine.paired_results(state, alpha=alpha, tolerance=tolerance)
    with pytest.raises(ValueError):
        engine.check_gate(alpha, tolerance, resamples, trials)


def test_the_gate_still_fires_with_valid_settings():
    state = engine.paired_arrow(paired_batch([0.55] * 200, [0.50] * 200), ["rouge1"])
    (entry,) = engine.paired_results(state)
    assert entry["regression"] and entry["losses"] == 200


def test_scores_on_a_0_100_scale_are_refused_not_clamped():
    # Clamped to 1, both runs compared equal: Δ 0 with 200 losses.
    with pytest.raises(ValueError, match=r"F scores are in \[0, 1\].*divide .* by 100"):
        engine.paired_arrow(paired_batch([55.0] * 200, [50.0] * 200), ["rouge1"])


def test_tokenizer_keyword_refuses_unequal_lengths_like_the_default_path():
    # zip() used to score 1 pair of 3 predictions against 1 reference.
    for tokenizer in (None, str.split):
        with pytest.raises(ValueError, match="3 predictions but 1 references"):
            tomtat.rouge.compute(["a b", "c d", "e"], ["a b"], tokenizer=tokenizer)
        with pytest.raises(ValueError, match="3 predictions but 1 references"):
            tomtat.RougeScorer(["rouge1"], tokenizer=tokenizer).score_batch(
                ["a b"], ["a b", "c d", "e"])


def test_ctrl_c_stops_a_long_score_call():
    # SIGINT ends a call long before it would finish: the stop is checked between chunks of
    # bounded work. The call scores 40,000 long pairs (minutes on one thread); the interrupt
    # comes 0.2 s in and must surface from inside the call, not after it returned. (How soon
    # it stops is measured in benches/python_bench.py, not asserted.)
    pairs = make_pairs(400, seed=3)
    preds = [p * 40 for p, _ in pairs] * 100
    refs = [r[0] * 40 if isinstance(r, list) else r * 40 for _, r in pairs] * 100
    finished = []
    timer = threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        tomtat.score(preds, refs, profile="vi-v1", threads=1, bootstrap=0)
        finished.append(True)
        timer.join()
        signal.pause()  # the interrupt has not come yet: wait for it
    assert finished == [], "the call ran to its end instead of stopping"


def test_ctrl_c_stops_a_long_score_batch():
    # score_batch reads, scores and converts in blocks (python::batch): SIGINT must still end
    # it from inside the call, while the workers score and this thread waits or reads.
    pairs = make_pairs(400, seed=3)
    preds = [p * 40 for p, _ in pairs] * 100
    refs = [r[0] * 40 for _, r in pairs] * 100
    scorer = tomtat.RougeScorer(["rouge1", "rougeLsum"], profile="vi-v1")
    finished = []
    timer = threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        scorer.score_batch(refs, preds, threads=1)
        finished.append(True)
        timer.join()
        signal.pause()  # the interrupt has not come yet: wait for it
    assert finished == [], "the call ran to its end instead of stopping"


def test_dictionary_encoded_columns_score_like_plain_ones():
    pairs = make_pairs(40, seed=5)
    preds = pa.array([p for p, _ in pairs])
    refs = pa.array([r if isinstance(r, str) else r[0] for _, r in pairs])
    plain = tomtat.score(preds, refs, profile="vi-v1").to_json()
    coded = tomtat.score(preds.dictionary_encode(), refs.dictionary_encode(), profile="vi-v1")
    assert coded.to_json() == plain
    listed = pa.array([[r] for r in refs.to_pylist()], pa.list_(pa.dictionary(pa.int32(), pa.string())))
    assert tomtat.score(preds, listed, profile="vi-v1").to_json() == plain
    table = pa.table({"id": [str(i) for i in range(40)], "candidate": preds.dictionary_encode(),
                      "references": refs.dictionary_encode()})
    options = engine.scoring_options("vi-v1")
    _, state = engine.score_arrow(table, options)
    assert engine.report(state).to_json() == plain


def test_a_slice_scores_like_its_compacted_copy_and_ignores_nulls_outside_it():
    pairs = make_pairs(60, seed=6)
    preds = pa.array([p for p, _ in pairs] + [None])
    refs = pa.array([[r if isinstance(r, str) else r[0]] for _, r in pairs] + [None])
    sliced_p, sliced_r = preds.slice(10, 30), refs.slice(10, 30)
    expected = tomtat.RougeScorer(["rouge1", "rougeL"], profile="vi-v1").score_batch(
        sliced_r.to_pylist(), sliced_p.to_pylist())
    got = tomtat.RougeScorer(["rouge1", "rougeL"], profile="vi-v1").score_batch(sliced_r, sliced_p)
    assert got == expected


def test_merge_of_one_path_is_a_type_error_not_a_walk_over_its_characters():
    with pytest.raises(TypeError, match="expected a list of runs or paths"):
        tomtat.merge("one.json")


def test_saving_into_a_missing_directory_is_an_os_error(tmp_path):
    report = tomtat.score(["xin chào"], ["xin chào bạn"], profile="vi-v1")
    with pytest.raises(OSError, match="does not exist"):
        report.save(tmp_path / "missing" / "r.json")


def test_options_are_checked_on_the_driver_before_any_job():
    with pytest.raises(ValueError, match="rougeX"):
        engine.scoring_options("vi-v1", metrics=["rougeX"])
    with pytest.raises(ValueError, match="tone"):
        engine.scoring_options("en-v1", tone_style="old")


def test_chrf_from_python_is_the_cli_figure(cli, tmp_path):
    from conftest import write_jsonl
    pairs = make_pairs(30, seed=9)
    path = write_jsonl(tmp_path / "p.jsonl", pairs, [str(i) for i in range(30)])
    expected = cli(["score", "--pairs", path, "--format", "json", "--profile", "vi-v1",
                    "--metrics", "chrF,chrF++"]).stdout.decode()
    report = tomtat.score([p for p, _ in pairs], [r for _, r in pairs],
                          [str(i) for i in range(30)], profile="vi-v1", metrics=["chrF", "chrF++"])
    assert report.to_json() == expected


def test_rouge_scorer_and_compute_give_sacrebleu_chrf():
    # sacrebleu.sentence_chrf("Hôm nay trời đẹp quá.", [...]).score / 100 (sacrebleu 2.6.0).
    pred, refs = "Hôm nay trời đẹp quá.", ["Hôm nay trời rất đẹp.", "trời đẹp"]
    scorer = tomtat.RougeScorer(["chrF", "chrF++"], profile="vi-v1")
    got = scorer.score_multi(refs, pred)
    assert got["chrF"].fmeasure == pytest.approx(0.6823768988038452, abs=1e-12)
    assert got["chrF++"].fmeasure == pytest.approx(0.6735090547958308, abs=1e-12)
    assert tomtat.rouge.compute([pred], [refs], rouge_types=["chrF"])["chrF"] == pytest.approx(
        0.6823768988038452, abs=1e-12)
    nfd = tomtat.RougeScorer(["chrF"], profile="vi-v1", chrf_normalize=True)
    assert nfd.score("hoà bình", "Ho\u0300a bi\u0300nh")["chrF"].fmeasure == 1.0
