"""tomtat.score / compare / merge give what the CLI gives for the same examples and options:
the same JSON bytes (signature, fingerprint, bootstrap intervals), the same run files."""

import json

import pytest

import tomtat
from conftest import make_pairs, write_jsonl

OPTION_SETS = [
    ({}, []),
    (
        {"metrics": "rouge1,rouge2,rougeL", "bootstrap": 200, "seed": 7, "profile": "vi-v1"},
        ["--metrics", "rouge1,rouge2,rougeL", "--bootstrap", "200", "--seed", "7",
         "--profile", "vi-v1"],
    ),
    (
        {"profile": "rouge-score", "stem": True, "refs": "pool", "confidence": 0.9},
        ["--profile", "rouge-score", "--stem", "--refs", "pool", "--confidence", "0.9"],
    ),
    (
        {"metrics": ["rougeLsum", "rougeW", "rougeSU4"], "split_sentences": True,
         "perl_compat": True, "alpha": 0.3, "tone_style": "old", "profile": "vi"},
        ["--metrics", "rougeLsum,rougeW,rougeSU4", "--split-sentences", "--perl-compat",
         "--alpha", "0.3", "--tone-style", "old", "--profile", "vi"],
    ),
    ({"refs": "jackknife", "bootstrap": 0, "profile": "en-v1"},
     ["--refs", "jackknife", "--bootstrap", "0", "--profile", "en-v1"]),
    (
        {"profile": "rouge-score", "stem": "rouge155", "perl_compat": True, "limit_bytes": 75,
         "refs": "pool", "metrics": "rouge1,rougeLsum,rougeW"},
        ["--profile", "rouge-score", "--stemmer", "rouge155", "--perl-compat",
         "--limit-bytes", "75", "--refs", "pool", "--metrics", "rouge1,rougeLsum,rougeW"],
    ),
    ({"profile": "en", "limit_words": 10}, ["--profile", "en", "--limit-words", "10"]),
]


@pytest.mark.parametrize("kwargs,flags", OPTION_SETS)
def test_report_json_is_the_cli_json(tmp_path, cli, kwargs, flags):
    pairs = make_pairs(120, seed=21)
    if kwargs.get("refs") == "jackknife":
        pairs = [(p, r + ["một câu khác"]) for p, r in pairs]
    ids = [f"ex-{i}" for i in range(len(pairs))]
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs, ids)
    out = cli(["score", "--pairs", path, "--format", "json", *flags]).stdout.decode()
    report = tomtat.score([p for p, _ in pairs], [r for _, r in pairs], ids, **kwargs)
    assert report.to_json() == out
    assert report.to_dict() == json.loads(out)


def test_table_markdown_csv_equal_cli(tmp_path, cli):
    pairs = make_pairs(30, seed=3)
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs)
    report = tomtat.score([p for p, _ in pairs], [r for _, r in pairs])
    for fmt in ("table", "md", "csv"):
        out = cli(["score", "--pairs", path, "--format", fmt]).stdout.decode()
        assert report.render(fmt) == out, fmt


SAVED_RUN_SETS = [
    *OPTION_SETS,
    (
        {"metrics": "rouge1,chrF,rougeW,chrF++,rougeL", "refs": "avg", "profile": "vi-v1"},
        ["--metrics", "rouge1,chrF,rougeW,chrF++,rougeL", "--refs", "avg", "--profile", "vi-v1"],
    ),
]


@pytest.mark.parametrize("kwargs,flags", SAVED_RUN_SETS)
def test_saved_run_is_the_cli_run_file(tmp_path, cli, kwargs, flags):
    # The report keeps each example's scores compactly and reads its texts again from the
    # caller's strings when it saves: the file is still the CLI's, byte for byte.
    pairs = make_pairs(80, seed=4)
    if kwargs.get("refs") == "jackknife":
        pairs = [(p, r + ["một câu khác"]) for p, r in pairs]
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs)
    cli(["score", "--pairs", path, "--save", tmp_path / "cli.json", "-o", tmp_path / "r.json",
         *flags])
    tomtat.score([p for p, _ in pairs], [r for _, r in pairs], **kwargs).save(tmp_path / "py.json")
    assert (tmp_path / "py.json").read_bytes() == (tmp_path / "cli.json").read_bytes()


def test_saved_run_of_many_chunks_is_the_cli_run_file(tmp_path, cli):
    # Enough text that the scoring reads the caller's strings in several chunks.
    pairs = make_pairs(3000, seed=8)
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs)
    cli(["score", "--pairs", path, "--save", tmp_path / "cli.json", "-o", tmp_path / "r.json"])
    tomtat.score([p for p, _ in pairs], [r for _, r in pairs]).save(tmp_path / "py.json")
    assert (tmp_path / "py.json").read_bytes() == (tmp_path / "cli.json").read_bytes()


def test_the_run_file_holds_the_texts_scored_when_the_lists_change_afterwards():
    # The report holds the strings it scored, not the caller's lists.
    preds = ["hòa bình ở geneva", "quân đội nga"]
    refs = [["đàm phán hòa bình ở geneva"], "quân đội nga không rút"]
    report = tomtat.score(preds, refs)
    before = report.to_run().to_dict()
    preds[0] = "một câu khác hẳn"
    refs[0].append("thêm một bản tham chiếu")
    refs[1] = "đổi rồi"
    assert report.to_run().to_dict() == before
    texts = [e["texts"] for e in before["examples"]]
    assert texts == [
        {"candidate": "hòa bình ở geneva", "references": ["đàm phán hòa bình ở geneva"]},
        {"candidate": "quân đội nga", "references": ["quân đội nga không rút"]},
    ]


def test_compare_matches_cli(tmp_path, cli):
    pairs = make_pairs(150, seed=5)
    preds = [p for p, _ in pairs]
    refs = [r for _, r in pairs]
    worse = [" ".join(p.split()[: len(p.split()) // 2]) for p in preds]
    base = tomtat.score(preds, refs)
    new = tomtat.score(worse, refs)
    base.save(tmp_path / "base.json")
    new.save(tmp_path / "new.json")
    for flags, kwargs in [([], {}), (["--tolerance", "100"], {"tolerance": 100.0})]:
        proc = cli(["compare", tmp_path / "base.json", tmp_path / "new.json", "--format",
                    "json", "--trials", "2000", *flags], check=False)
        c = tomtat.compare(tmp_path / "base.json", tmp_path / "new.json", trials=2000, **kwargs)
        assert c.render("json") == proc.stdout.decode()
        assert c.failed == (proc.returncode == 1)
        assert proc.returncode in (0, 1)
    assert tomtat.compare(base, new, trials=2000).failed
    assert tomtat.compare(base, new, trials=2000).regressions
    assert not tomtat.compare(base, base, trials=2000).failed


def test_merge_matches_cli_and_unsplit_means(tmp_path, cli):
    pairs = make_pairs(90, seed=6)
    ids = [str(i) for i in range(90)]
    shards = []
    for k, (a, b) in enumerate([(0, 30), (30, 60), (60, 90)]):
        r = tomtat.score([p for p, _ in pairs[a:b]], [r for _, r in pairs[a:b]], ids[a:b])
        r.save(tmp_path / f"s{k}.json")
        shards.append(tmp_path / f"s{k}.json")
    cli(["merge", *shards, "-o", tmp_path / "cli.json"])
    merged = tomtat.merge(shards)
    merged.save(tmp_path / "py.json")
    assert (tmp_path / "py.json").read_bytes() == (tmp_path / "cli.json").read_bytes()
    whole = tomtat.score([p for p, _ in pairs], [r for _, r in pairs], ids)
    for name, m in whole.metrics.items():
        got = merged.report()["metrics"][name]["fmeasure"]["mean"]
        assert abs(got - m["fmeasure"]["mean"]) <= 1e-12
    loaded = tomtat.load_run(tmp_path / "cli.json")
    assert len(loaded) == 90 and loaded.signature == merged.signature


def test_per_example_scores_match_cli(tmp_path, cli):
    pairs = make_pairs(40, seed=8)
    path = write_jsonl(tmp_path / "pairs.jsonl", pairs)
    cli(["score", "--pairs", path, "--per-example", tmp_path / "pe.jsonl", "-o",
         tmp_path / "r.json"])
    lines = [json.loads(l) for l in (tmp_path / "pe.jsonl").read_text().splitlines()]
    per = tomtat.score([p for p, _ in pairs], [r for _, r in pairs]).per_example()
    assert per["id"] == [l["id"] for l in lines]
    for name in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
        for k in ("precision", "recall", "fmeasure"):
            assert per[name][k] == [l[name][k] for l in lines]


def test_leaderboard_matches_cli_in_every_format(tmp_path, cli):
    pairs = make_pairs(120, seed=8)
    preds = [p for p, _ in pairs]
    refs = [r for _, r in pairs]
    systems = {
        "full": preds,
        "half": [" ".join(p.split()[: len(p.split()) // 2]) for p in preds],
        "third": [" ".join(p.split()[: len(p.split()) // 3]) for p in preds],
    }
    paths = []
    for name, cands in systems.items():
        tomtat.score(cands, refs).save(tmp_path / f"{name}.json")
        paths.append(tmp_path / f"{name}.json")
    board = tomtat.leaderboard(paths, trials=2000)
    for fmt in ("json", "table", "md", "csv", "html"):
        out = cli(["leaderboard", *paths, "--trials", "2000", "--format", fmt]).stdout.decode()
        assert board.render(fmt) == out, fmt
    d = board.to_dict()
    assert [s["name"] for s in d["systems"]][0] == "full"
    assert len(d["pairs"]) == 3 * 4
    # A dict names the runs; a baseline outside the list joins the board first.
    named = tomtat.leaderboard({"a": paths[0], "b": paths[1]}, baseline=paths[2], trials=500,
                               metrics=["rouge2"])
    out = cli(["leaderboard", paths[0], paths[1], "--name", "a", "--name", "b", "--baseline",
               paths[2], "--trials", "500", "--metric", "rouge2", "--format", "json"]).stdout.decode()
    assert named.render("json") == out
    assert {p["a"] for p in named.to_dict()["pairs"]} == {"third"}


def test_leaderboard_refuses_what_the_cli_refuses(tmp_path):
    pairs = make_pairs(40, seed=9)
    a = tomtat.score([p for p, _ in pairs], [r for _, r in pairs])
    b = tomtat.score([p for p, _ in pairs[:30]], [r for _, r in pairs[:30]])
    with pytest.raises(ValueError, match="run 'run2' does not compare with 'run1'"):
        tomtat.leaderboard([a, b])
    a.save(tmp_path / "a.json")
    (tmp_path / "sub").mkdir()
    a.save(tmp_path / "sub" / "a.json")
    # Two files of one name are named by their paths, as the CLI names them.
    paths = [tmp_path / "a.json", tmp_path / "sub" / "a.json"]
    both = tomtat.leaderboard(paths, trials=200)
    assert {s["name"] for s in both.to_dict()["systems"]} == {str(p) for p in paths}
    with pytest.raises(ValueError, match="two runs are named"):
        tomtat.leaderboard([paths[0], paths[0]], trials=200)
    with pytest.raises(ValueError, match="level"):
        tomtat.leaderboard([a, a], level=2.0)


def test_a_sliced_arrow_list_column_scores_and_saves_its_own_references():
    # The report reads a list column's references again when it saves: a slice of a pyarrow
    # list array must give each example its own references, not those before the slice.
    pa = pytest.importorskip("pyarrow")
    refs = pa.array([["a b"], ["x y"], ["c d", "e"]]).slice(1)
    report = tomtat.score(pa.array(["a b", "c d"]), refs, bootstrap=0)
    assert report.per_example()["rouge1"]["fmeasure"] == [0.0, 1.0]
    texts = [e["texts"]["references"] for e in report.to_run().to_dict()["examples"]]
    assert texts == [["x y"], ["c d", "e"]]
