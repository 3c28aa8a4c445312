"""The engine-agnostic path (tomtat.engine): partial states of any partitioning, merged in any
order, give the CLI's report byte for byte; damaged states and missing profiles are errors."""

import random

import pyarrow as pa
import pytest

import tomtat
from tomtat import engine
from conftest import compared_runs, make_pairs, write_jsonl


def _batch(pairs, ids):
    return pa.RecordBatch.from_pydict(
        {
            "id": ids,
            "candidate": [p for p, _ in pairs],
            "references": pa.array([r for _, r in pairs], pa.list_(pa.string())),
        }
    )


@pytest.mark.parametrize("parts", [1, 2, 7, 40])
def test_any_partitioning_in_any_order_gives_the_cli_report(tmp_path, cli, parts):
    pairs = make_pairs(150, seed=5)
    ids = [f"ex-{i}" for i in range(len(pairs))]
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs, ids)
    expected = cli(["score", "--pairs", path, "--profile", "vi-v1", "--format", "json"]).stdout
    batch = _batch(pairs, ids)
    rng = random.Random(parts)
    order = list(range(len(pairs)))
    rng.shuffle(order)
    shuffled = batch.take(pa.array(order))
    cuts = sorted(rng.sample(range(1, len(pairs)), parts - 1))
    bounds = list(zip([0] + cuts, cuts + [len(pairs)]))
    opts = engine.scoring_options("vi-v1")
    states = [engine.score_arrow(shuffled.slice(a, b - a), opts)[1] for a, b in bounds]
    rng.shuffle(states)
    left_fold = states[0]
    for s in states[1:]:
        left_fold = engine.merge_states([s, left_fold])
    assert engine.report(engine.merge_states(states)).to_json().encode() == expected
    assert engine.report(left_fold).to_json().encode() == expected


def test_per_example_scores_are_the_scores_of_tomtat_score():
    pairs = make_pairs(40, seed=8)
    ids = [f"x{i}" for i in range(len(pairs))]
    scores, _ = engine.score_arrow(_batch(pairs, ids), engine.scoring_options("vi-v1"))
    whole = tomtat.score([p for p, _ in pairs], [r for _, r in pairs], ids, profile="vi-v1")
    per = whole.per_example()
    assert scores.column("id").to_pylist() == per["id"]
    for metric in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
        for stat in ("precision", "recall", "fmeasure"):
            assert scores.column(f"{metric}_{stat}").to_pylist() == per[metric][stat]


def test_integer_ids_and_a_lang_column_are_keys():
    batch = pa.RecordBatch.from_pydict(
        {"id": [1, 1], "lang": ["vi", "en"], "candidate": ["hòa bình", "peace"],
         "references": ["hoà bình", "peace now"]}
    )
    scores, state = engine.score_arrow(batch, engine.scoring_options("vi-v1"), lang_col="lang")
    assert scores.column("id").to_pylist() == ["1", "1"]
    assert scores.column("lang").to_pylist() == ["vi", "en"]
    assert engine.report(state).to_dict()["count"] == 2


def test_a_profile_must_be_explicit_and_options_are_validated():
    with pytest.raises(ValueError, match="explicit profile"):
        engine.scoring_options("auto")
    with pytest.raises(ValueError, match="bootstrap"):
        engine.scoring_options("vi-v1", bootstrap=-1)
    assert engine.detect_profile(["hòa bình"], ["hoà bình"]) == "vi-v1"


def test_damaged_or_mismatched_states_are_value_errors():
    pairs = make_pairs(5, seed=1)
    batch = _batch(pairs, [str(i) for i in range(5)])
    _, a = engine.score_arrow(batch, engine.scoring_options("vi-v1"))
    _, b = engine.score_arrow(batch, engine.scoring_options("vi-v1", bootstrap=10))
    with pytest.raises(ValueError, match="different options"):
        engine.merge_states([a, b])
    with pytest.raises(ValueError, match="truncated"):
        engine.report(a[: len(a) // 2])
    with pytest.raises(ValueError, match="not a tomtat partial state"):
        engine.report(b"garbage")
    with pytest.raises(ValueError, match="column 'candidate' not found"):
        engine.score_arrow(batch.drop_columns(["candidate"]), engine.scoring_options("vi-v1"))
    with pytest.raises(ValueError, match="no per-example scores"):
        engine.report(a).save("never-written.json")


def test_paired_states_of_any_partitioning_give_the_cli_comparison(tmp_path, cli):
    metrics = ["rouge1", "rouge2", "rougeL"]
    ids, runs, expected = compared_runs(
        tmp_path, cli, 160, 31, "c", score_flags=["--metrics", ",".join(metrics)],
        compare_flags=["--trials", "3000", "--seed", "9"],
    )
    opts = engine.scoring_options("vi-v1", metrics=",".join(metrics))
    base, new = (engine.score_arrow(_batch(data, ids), opts)[0] for data in runs)
    joined = {"id": base.column("id")}
    for m in metrics:
        joined[f"base_{m}"] = base.column(f"{m}_fmeasure")
        joined[f"new_{m}"] = new.column(f"{m}_fmeasure")
    batch = pa.RecordBatch.from_pydict(joined)
    rng = random.Random(4)
    order = list(range(batch.num_rows))
    rng.shuffle(order)
    shuffled = batch.take(pa.array(order))
    for parts in (1, 3, 11):
        cuts = sorted(rng.sample(range(1, batch.num_rows), parts - 1))
        bounds = list(zip([0] + cuts, cuts + [batch.num_rows]))
        states = [engine.paired_arrow(shuffled.slice(a, b - a), metrics, trials=3000, seed=9)
                  for a, b in bounds]
        rng.shuffle(states)
        got = engine.paired_results(engine.merge_paired(states))
        assert got == expected["metrics"], parts


def test_paired_states_of_other_settings_do_not_merge():
    batch = pa.RecordBatch.from_pydict({"id": ["a"], "base_rouge1": [0.5], "new_rouge1": [0.7]})
    a = engine.paired_arrow(batch, ["rouge1"], seed=1)
    b = engine.paired_arrow(batch, ["rouge1"], seed=2)
    with pytest.raises(ValueError, match="different metrics or settings"):
        engine.merge_paired([a, b])
    with pytest.raises(ValueError, match="truncated"):
        engine.paired_results(a[:-5])


def test_compared_metrics_and_example_sets_are_checked_like_the_cli():
    cols = ["id", "rouge1_fmeasure", "rouge2_fmeasure", "rouge2_recall"]
    assert engine.compared_metrics(cols, ["id", "rouge2_fmeasure"]) == ["rouge2"]
    with pytest.raises(ValueError, match="metric 'rouge1' is not in the new scores"):
        engine.compared_metrics(cols, ["id", "rouge2_fmeasure"], ["rouge1"])
    with pytest.raises(ValueError, match="share no metric"):
        engine.compared_metrics(["id"], ["id"])
    engine.check_joined(5, 5, 5, allow_subset=False)
    with pytest.raises(ValueError, match="5 in base, 4 in new, 4 in both .use allow_subset"):
        engine.check_joined(5, 4, 4, allow_subset=False)
    engine.check_joined(5, 4, 4, allow_subset=True)
    with pytest.raises(ValueError, match="0 in both"):
        engine.check_joined(5, 4, 0, allow_subset=True)
