"""Bad input raises ValueError/TypeError/OSError with the CLI's message, never a crash."""

import json

import pytest

import tomtat
from conftest import write_jsonl


def cli_error(cli, args):
    proc = cli(args, check=False)
    assert proc.returncode == 2
    line = proc.stderr.decode().strip().splitlines()[-1]
    assert line.startswith("tomtat: error: ")
    return line[len("tomtat: error: "):]


@pytest.mark.parametrize(
    "kwargs,flags",
    [
        ({"metrics": "rouge1,rougeX"}, ["--metrics", "rouge1,rougeX"]),
        ({"alpha": 1.5}, ["--alpha", "1.5"]),
        ({"confidence": 1.0}, ["--confidence", "1"]),
        ({"profile": "en-v1", "tone_style": "old"}, ["--profile", "en-v1", "--tone-style", "old"]),
        ({"profile": "vi-v1", "stem": True}, ["--profile", "vi-v1", "--stem"]),
        ({"profile": "en-v1", "fold_diacritics": True},
         ["--profile", "en-v1", "--fold-diacritics"]),
        ({"stopwords": "/nonexistent/stop.txt"}, ["--stopwords", "/nonexistent/stop.txt"]),
    ],
)
def test_option_errors_carry_the_cli_message(tmp_path, cli, kwargs, flags):
    path = write_jsonl(tmp_path / "p.jsonl", [("a b", ["a c"])])
    message = cli_error(cli, ["score", "--pairs", path, *flags])
    with pytest.raises((ValueError, OSError)) as e:
        tomtat.score(["a b"], [["a c"]], **kwargs)
    assert str(e.value) == message


def test_duplicate_id_names_the_elements(tmp_path, cli):
    pairs = [("a", ["a"]), ("b", ["b"]), ("c", ["c"])]
    path = write_jsonl(tmp_path / "p.jsonl", pairs, ids=["x", "y", "x"])
    message = cli_error(cli, ["score", "--pairs", path])
    with pytest.raises(ValueError) as e:
        tomtat.score(["a", "b", "c"], [["a"], ["b"], ["c"]], ids=["x", "y", "x"])
    # The CLI names the file, Python the input; the rest is the same message.
    assert message == f"{path}:3: duplicate id 'x' (first seen at line 1)"
    assert str(e.value) == "input:3: duplicate id 'x' (first seen at line 1)"


def test_type_errors_name_the_element():
    with pytest.raises(TypeError, match=r"predictions\[1\]: expected str, got int"):
        tomtat.score(["a", 3], ["a", "b"])
    with pytest.raises(TypeError, match=r"references\[0\]: expected str or a sequence of str"):
        tomtat.rouge.compute(["a"], [3])
    with pytest.raises(TypeError, match="got one str"):
        tomtat.rouge.compute("abc", ["abc"])
    with pytest.raises(ValueError, match="2 predictions but 1 references"):
        tomtat.score(["a", "b"], ["a"])
    with pytest.raises(ValueError, match=r"references\[0\]: no reference"):
        tomtat.score(["a"], [[]])
    with pytest.raises(ValueError, match=r"ids\[0\]: field 'id' is empty"):
        tomtat.score(["a"], ["a"], ids=[" "])
    with pytest.raises(TypeError):
        tomtat.tokenize(None)


def test_a_python_none_is_a_null_value_error_like_an_arrow_null():
    with pytest.raises(ValueError, match=r"predictions\[1\]: is null \(expected str\)"):
        tomtat.score(["a", None], ["a", "b"])
    with pytest.raises(ValueError, match=r"references\[0\]: is null"):
        tomtat.rouge.compute(["a"], [None])
    with pytest.raises(ValueError, match=r"references\[0\]\[1\]: is null \(expected str\)"):
        tomtat.score(["a"], [["a", None]])


def test_a_lone_surrogate_is_a_value_error_naming_the_element():
    # tomtat.score encodes the caller's strings a chunk at a time as it scores them: a str
    # that cannot be UTF-8 still fails the call, naming where it is.
    with pytest.raises(ValueError, match=r"^predictions\[1\]: .*surrogates not allowed"):
        tomtat.score(["a", "b\ud800"], ["a", "b"])
    with pytest.raises(ValueError, match=r"^references\[1\]: .*surrogates not allowed"):
        tomtat.score(["a", "b"], ["a", ["b", "c\udc00"]])


def test_saving_into_a_missing_directory_is_file_not_found(tmp_path):
    report = tomtat.score(["a"], ["a"], bootstrap=0)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        report.save(str(tmp_path / "no" / "run.json"))
    with pytest.raises(IsADirectoryError):
        report.save(str(tmp_path))


def test_unknown_names_are_value_errors():
    with pytest.raises(ValueError, match="unknown profile 'xx'"):
        tomtat.tokenize("a", profile="xx")
    with pytest.raises(ValueError, match="unknown refs"):
        tomtat.score(["a"], ["a"], refs="mean")
    with pytest.raises(ValueError, match="unknown tone_style"):
        tomtat.tokenize("a", tone_style="middle")
    with pytest.raises(ValueError, match="unknown metric"):
        tomtat.RougeScorer(["rouge0"])
    with pytest.raises(ValueError, match="threads must be between"):
        tomtat.RougeScorer(["rouge1"]).score_batch(["a"], ["a"], threads=100000)


def test_compare_rejects_settings_that_would_wave_a_regression_through(tmp_path, cli):
    r = tomtat.score(["a b"], ["a b"])
    r.save(tmp_path / "a.json")
    for flags, kwargs in [(["--trials", "0"], {"trials": 0}),
                          (["--tolerance", "NaN"], {"tolerance": float("nan")})]:
        message = cli_error(cli, ["compare", tmp_path / "a.json", tmp_path / "a.json", *flags])
        with pytest.raises(ValueError) as e:
            tomtat.compare(r, r, **kwargs)
        assert str(e.value) == message


def test_bad_run_file_is_a_value_error(tmp_path, cli):
    bad = tmp_path / "bad.json"
    bad.write_text('{"tool": "tomtat"}')
    message = cli_error(cli, ["merge", bad, "-o", tmp_path / "m.json"])
    with pytest.raises(ValueError) as e:
        tomtat.load_run(bad)
    assert str(e.value) == message
    with pytest.raises(OSError):
        tomtat.load_run(tmp_path / "missing.json")


def test_candidates_in_another_language_are_warned_about_as_the_cli_does():
    with pytest.warns(UserWarning, match="another language than their references"):
        tomtat.score(["Ministers met in Geneva without a breakthrough"],
                     ["Ngoại trưởng hai nước gặp nhau tại Geneva"], bootstrap=0)


def test_langmatch_needs_an_expected_language_and_equals_the_cli(cli, tmp_path):
    preds = ["Hai bên không đạt được đột phá", "The two sides made no breakthrough"]
    refs = ["Hai bên đã không đạt được đột phá nào", "Hai bên đã không đạt được đột phá nào"]
    with pytest.raises(ValueError, match="langmatch needs the language"):
        tomtat.score(preds, refs, metrics="langmatch", bootstrap=0)
    report = tomtat.score(preds, refs, metrics="rouge1,langmatch", target_lang="vi",
                          profile="vi-v1", bootstrap=0)
    assert report.to_dict()["metrics"]["langmatch"]["fmeasure"]["mean"] == 0.5
    path = tmp_path / "p.jsonl"
    path.write_text("".join(
        json.dumps({"id": str(i), "candidate": p, "reference": r}, ensure_ascii=False) + "\n"
        for i, (p, r) in enumerate(zip(preds, refs))), encoding="utf-8")
    out = cli(["score", "--pairs", path, "--metrics", "rouge1,langmatch", "--target-lang", "vi",
               "--profile", "vi-v1", "--bootstrap", "0", "--format", "json"]).stdout.decode()
    assert report.to_json() == out


def test_copysource_reads_sources_and_equals_the_cli(cli, tmp_path):
    article = "Hai bên đã không đạt được đột phá nào trong cuộc đàm phán kéo dài bảy tiếng ở Geneva hôm thứ Hai"
    preds = ["hai bên đã không đạt được đột phá nào trong cuộc đàm phán kéo dài", "Hai bên gặp nhau"]
    refs = ["Không có đột phá", "Không có đột phá"]
    with pytest.raises(ValueError, match="sources= in Python"):
        tomtat.score(preds, refs, metrics="copysource", bootstrap=0)
    report = tomtat.score(preds, refs, metrics="rouge1,copysource", profile="vi-v1",
                          bootstrap=0, sources=[article, article])
    assert report.to_dict()["metrics"]["copysource"]["fmeasure"]["mean"] == 0.5
    path = tmp_path / "p.jsonl"
    path.write_text("".join(
        json.dumps({"id": str(i), "candidate": p, "reference": r, "source": article},
                   ensure_ascii=False) + "\n"
        for i, (p, r) in enumerate(zip(preds, refs))), encoding="utf-8")
    out = cli(["score", "--pairs", path, "--metrics", "rouge1,copysource", "--profile", "vi-v1",
               "--bootstrap", "0", "--format", "json"]).stdout.decode()
    assert report.to_json() == out


def test_columns_of_another_length_are_value_errors_naming_the_column():
    # tomtat.score and the engines' partitions share one check of the columns' lengths.
    with pytest.raises(ValueError, match=r"^1 ids but 2 predictions$"):
        tomtat.score(["a", "b"], ["a", "b"], ids=["x"])
    with pytest.raises(ValueError, match=r"^3 sources but 2 predictions$"):
        tomtat.score(["a", "b"], ["a", "b"], sources=["s", "t", "u"])
    from tomtat import _tomtat, engine

    options = engine.scoring_options("vi-v1")
    with pytest.raises(ValueError, match=r"^1 langs but 2 predictions$"):
        _tomtat.score_partition(["x", "y"], ["a", "b"], ["a", "b"], ["vi"], options, 1, [])
    with pytest.raises(ValueError, match=r"^1 ids but 2 predictions$"):
        _tomtat.score_partition(["x"], ["a", "b"], ["a", "b"], None, options, 1, [])
    with pytest.raises(ValueError, match=r"^ids\[1\]: field 'id' is empty$"):
        _tomtat.score_partition(["x", " "], ["a", "b"], ["a", "b"], None, options, 1, [])
