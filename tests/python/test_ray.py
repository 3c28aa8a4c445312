"""tomtat.ray with ray.init(num_cpus=2): the CLI's report byte for byte with 1 and 5 blocks
and any batch size; per-example scores; duplicate ids are refused."""

import pytest

from conftest import make_pairs, write_jsonl
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
    import json
    import random

    from conftest import make_pairs as pairs_of

    pairs = pairs_of(150, seed=43)
    ids = [f"q-{i}" for i in range(len(pairs))]
    rng = random.Random(6)
    changed = [(p if rng.random() < 0.5 else " ".join(p.split()[1:]), r) for p, r in pairs]
    runs, frames = [], []
    for name, data in (("base", pairs), ("new", changed)):
        path = write_jsonl(tmp_path / f"{name}.jsonl", data, ids)
        run = tmp_path / f"{name}.run.json"
        cli(["score", "--pairs", path, "--profile", "vi-v1", "--save", run, "--format", "json"])
        runs.append(run)
        rows = [{"id": i, "candidate": p, "references": r} for i, (p, r) in zip(ids, data)]
        ds = ray.data.from_items(rows, override_num_blocks=3)
        frames.append(tomtat.ray.score(ds, profile="vi-v1", per_example=True)[1])
    expected = json.loads(
        cli(["compare", runs[0], runs[1], "--format", "json", "--trials", "2000"],
            check=False).stdout
    )
    got = tomtat.ray.compare(frames[0], frames[1], trials=2000, num_partitions=partitions,
                             batch_size=40)
    assert got == expected["metrics"]
