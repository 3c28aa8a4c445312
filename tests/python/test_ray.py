"""tomtat.ray with ray.init(num_cpus=2): the CLI's report byte for byte with 1 and 5 blocks
and any batch size; per-example scores; duplicate ids are refused."""

import pytest

from conftest import compared_runs, make_pairs, write_jsonl
from engines import require

ray = require("ray")

import tomtat  # noqa: E402
import tomtat.ray  # noqa: E402


@pytest.fixture(scope="module")
def ray_started():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def data(tmp_path_factory, cli, ray_started):
    pairs = make_pairs(300, seed=15)
    ids = [f"r-{i}" for i in range(len(pairs))]
    path = write_jsonl(tmp_path_factory.mktemp("ray") / "pairs.jsonl", pairs, ids)
    expected = cli(["score", "--pairs", path, "--format", "json"]).stdout.decode()
    rows = [{"id": i, "candidate": p, "references": r} for i, (p, r) in zip(ids, pairs)]
    return pairs, ids, rows, expected


@pytest.mark.parametrize("blocks,batch_size", [(1, 4096), (5, 4096), (5, 37)])
def test_ray_report_is_the_cli_report_for_any_blocks(data, blocks, batch_size):
    _, _, rows, expected = data
    ds = ray.data.from_items(rows, override_num_blocks=blocks)
    assert tomtat.ray.score(ds, batch_size=batch_size).to_json() == expected


def test_ray_per_example_scores(data):
    pairs, ids, rows, expected = data
    ds = ray.data.from_items(rows, override_num_blocks=5)
    report, scores = tomtat.ray.score(ds, profile="vi-v1", per_example=True)
    assert report.to_json() == expected
    got = {r["id"]: r["rouge1_fmeasure"] for r in scores.iter_rows()}
    whole = tomtat.score([p for p, _ in pairs], [r for _, r in pairs], ids, profile="vi-v1")
    per = whole.per_example()
    assert got == dict(zip(per["id"], per["rouge1"]["fmeasure"]))


def test_ray_refuses_duplicate_ids(ray_started):
    ds = ray.data.from_items(
        [{"id": "a", "candidate": "hòa bình", "references": "hoà bình"},
         {"id": "a", "candidate": "x", "references": "y"}]
    )
    with pytest.raises(ValueError, match="duplicate id: id='a' appears 2 times"):
        tomtat.ray.score(ds, profile="vi-v1")


@pytest.mark.parametrize("partitions", [1, 3])
def test_ray_compare_is_the_cli_comparison(tmp_path, cli, ray_started, partitions):
    ids, runs, expected = compared_runs(tmp_path, cli, 150, 43, "q",
                                        compare_flags=["--trials", "2000"])
    frames = []
    for data in runs:
        rows = [{"id": i, "candidate": p, "references": r} for i, (p, r) in zip(ids, data)]
        ds = ray.data.from_items(rows, override_num_blocks=3)
        frames.append(tomtat.ray.score(ds, profile="vi-v1", per_example=True)[1])
    got = tomtat.ray.compare(frames[0], frames[1], trials=2000, num_partitions=partitions,
                             batch_size=40)
    assert got == expected["metrics"]


def test_ray_validates_options_gate_and_null_rows_before_any_job(ray_started):
    # Issue 22, class 11.
    ds = ray.data.from_items([{"id": "a", "candidate": "x", "references": "y"}])
    with pytest.raises(ValueError, match="rougeX"):
        tomtat.ray.score(ds, profile="vi-v1", metrics=["rougeX"])
    runs = ray.data.from_items([{"id": "a", "rouge1_fmeasure": 0.5}])
    with pytest.raises(ValueError, match="alpha"):
        tomtat.ray.compare(runs, runs, alpha=float("nan"))
    null = ray.data.from_items([{"id": "a", "candidate": "x", "references": None}])
    with pytest.raises(ValueError, match="column 'references' is null for id 'a'"):
        tomtat.ray.score(null)
    twice = ray.data.from_items([{"id": "a", "rouge1_fmeasure": 0.5},
                                 {"id": "a", "rouge1_fmeasure": 0.4}])
    with pytest.raises(ValueError, match="duplicate id in the new run"):
        tomtat.ray.compare(runs, twice)


def test_ray_chrf_report_is_the_cli_report(data, cli, tmp_path):
    pairs, ids, rows, _ = data
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs, ids)
    ds = ray.data.from_items(rows)
    expected = cli(["score", "--pairs", path, "--format", "json", "--profile", "vi-v1",
                    "--metrics", "chrF,chrF++", "--chrf-normalize"]).stdout.decode()
    report = tomtat.ray.score(ds.repartition(3), profile="vi-v1", metrics=["chrF", "chrF++"],
                              chrf_normalize=True)
    assert report.to_json() == expected


@pytest.mark.parametrize("blocks", [1, 4])
def test_ray_supplied_scores_give_the_cli_report(data, cli, tmp_path, blocks):
    import json

    pairs, ids, rows, _ = data
    judge = [((i * 7) % 10) + (i % 4) / 4 for i in range(len(ids))]
    path = tmp_path / "judged.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i, ((p, r), j) in enumerate(zip(pairs, judge)):
            f.write(json.dumps({"id": ids[i], "candidate": p, "references": r, "judge": j},
                               ensure_ascii=False) + "\n")
    expected = cli(["score", "--pairs", path, "--format", "json", "--profile", "vi-v1",
                    "--score-field", "judge"]).stdout.decode()
    judged = [dict(row, judge=j) for row, j in zip(rows, judge)]
    ds = ray.data.from_items(judged, override_num_blocks=blocks)
    report = tomtat.ray.score(ds, profile="vi-v1", score_fields=["judge"])
    assert report.to_json() == expected
    missing = ray.data.from_items([dict(judged[0], judge=None)])
    # Raised on the worker: Ray wraps it, with the message.
    with pytest.raises(Exception, match="column 'judge' is null for id 'r-0'"):
        tomtat.ray.score(missing, profile="vi-v1", score_fields=["judge"])
