"""Supplied scores (issue 23, part 2) from Python: ``tomtat.score(extra_scores=...)`` gives the
CLI's report for the same pairs and ``--score-field``; bad values name the name and row; a
compare gates them in their direction and units."""

import json
import math
import random

import pytest

from conftest import make_pairs

import tomtat


def _rows(n, seed, shift=0.0):
    pairs = make_pairs(n, seed=seed)
    rng = random.Random(seed)
    judge = [rng.randint(1, 10) + shift for _ in pairs]
    bert = [rng.randint(-200, 1000) / 1024 for _ in pairs]
    return pairs, judge, bert


def _write(path, pairs, judge, bert):
    with open(path, "w", encoding="utf-8") as f:
        for i, ((p, r), j, b) in enumerate(zip(pairs, judge, bert)):
            row = {"id": f"x-{i}", "candidate": p, "references": r, "judge": j, "bert": b}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def test_extra_scores_give_the_cli_report(tmp_path, cli):
    pairs, judge, bert = _rows(120, 3)
    path = _write(tmp_path / "run.jsonl", pairs, judge, bert)
    expected = cli(["score", "--pairs", path, "--profile", "vi-v1", "--format", "json",
                    "--score-field", "judge", "--score-field", "bert",
                    "--lower-is-better", "bert"]).stdout.decode()
    ids = [f"x-{i}" for i in range(len(pairs))]
    report = tomtat.score([p for p, _ in pairs], [r for _, r in pairs], ids, profile="vi-v1",
                          extra_scores={"judge": judge, "bert": bert},
                          lower_is_better=["bert"])
    assert report.to_json() == expected
    got = report.to_dict()["metrics"]["extra:judge"]["fmeasure"]["mean"]
    assert got == sum(judge) / len(judge)


def test_numpy_pandas_and_arrow_columns_are_read_as_numbers():
    pa = pytest.importorskip("pyarrow")
    np = pytest.importorskip("numpy")
    preds, refs = ["hòa bình", "đàm phán"], ["hòa bình", "phán"]
    plain = tomtat.score(preds, refs, extra_scores={"j": [2, 3]}).to_json()
    for column in (np.array([2.0, 3.0]), pa.array([2, 3]), np.array([2, 3], dtype=np.int32)):
        assert tomtat.score(preds, refs, extra_scores={"j": column}).to_json() == plain


@pytest.mark.parametrize("values,message", [
    ([1.0], r"extra_scores\['j'\]: 1 values but 2 predictions"),
    ([1.0, float("nan")], r"extra_scores\['j'\]\[1\] is NaN, not a number"),
    ([1.0, math.inf], r"extra_scores\['j'\]\[1\] is inf, not a finite number"),
    ([1.0, 2e9], r"extra_scores\['j'\]\[1\] is 2000000000: supplied scores must lie within"),
    ([1.0, None], r"extra_scores\['j'\]\[1\]: expected a number, got None"),
    ([1.0, "4"], r"extra_scores\['j'\]\[1\]: expected a number, got '4'"),
])
def test_bad_extra_scores_name_the_score_and_the_row(values, message):
    with pytest.raises(ValueError, match=message):
        tomtat.score(["a b", "c"], ["a", "c"], extra_scores={"j": values})


def test_bad_names_and_directions_are_refused():
    with pytest.raises(ValueError, match="score field name 'a b'"):
        tomtat.score(["a"], ["a"], extra_scores={"a b": [1]})
    with pytest.raises(ValueError, match="--lower-is-better wer names no --score-field"):
        tomtat.score(["a"], ["a"], extra_scores={"j": [1]}, lower_is_better=["wer"])
    with pytest.raises(TypeError, match="extra_scores: expected a dict"):
        tomtat.score(["a"], ["a"], extra_scores=[1])


def test_compare_gates_a_judge_as_the_cli_does(tmp_path, cli):
    pairs, judge, bert = _rows(150, 5)
    worse = [j - 0.5 for j in judge]
    ids = [f"x-{i}" for i in range(len(pairs))]
    preds, refs = [p for p, _ in pairs], [r for _, r in pairs]
    runs = []
    for name, grades in (("base", judge), ("new", worse)):
        report = tomtat.score(preds, refs, ids, profile="vi-v1", extra_scores={"judge": grades})
        report.save(tmp_path / f"{name}.json")
        runs.append(report)
    c = tomtat.compare(*runs, trials=2000)
    assert c.failed and c.regressions == ["extra:judge"]
    cli_out = cli(["compare", tmp_path / "base.json", tmp_path / "new.json", "--trials", "2000",
                   "--format", "json"], check=False)
    assert cli_out.returncode == 1
    assert json.loads(cli_out.stdout)["metrics"] == c.to_dict()["metrics"]
    assert not tomtat.compare(*runs, trials=2000, extra_tolerance=0.6).failed
    with pytest.raises(ValueError, match="extra-tolerance"):
        tomtat.compare(*runs, extra_tolerance=-1.0)
