"""``tomtat.correlate`` (issue 23, part 4) gives what ``tomtat correlate`` prints for the same runs
and ratings, whether the ratings come as a file, rows or a DataFrame, and the runs as paths or
Run objects."""

import json
import shutil
from pathlib import Path

import pytest

import tomtat

ROOT = Path(__file__).resolve().parents[2]
RATED = ROOT / "docs" / "examples" / "rated"
SYSTEMS = ("lead", "nfd", "retoned", "tight")


@pytest.fixture(scope="module")
def rated(tmp_path_factory, cli):
    out = tmp_path_factory.mktemp("rated")
    runs = []
    for s in SYSTEMS:
        run = out / f"{s}.json"
        cli(["score", "--pairs", RATED / f"{s}.jsonl", "--profile", "vi-v1", "--metrics",
             "rouge1,rouge2", "--bootstrap", "0", "--save", run, "-o", "/dev/null"])
        runs.append(run)
    shutil.copy(RATED / "ratings.jsonl", out / "ratings.jsonl")
    return out, runs


def test_correlate_is_the_cli_report(rated, cli):
    out, runs = rated
    for fmt in ("json", "table", "md", "html"):
        expected = cli(["correlate", "--ratings", out / "ratings.jsonl", "--rating-field",
                        "adequacy", "--resamples", "300", "--format", fmt, *runs]).stdout.decode()
        got = tomtat.correlate([str(r) for r in runs], out / "ratings.jsonl",
                               rating_field="adequacy", resamples=300)
        assert got.render(fmt) == expected, fmt


def test_ratings_as_rows_or_a_dataframe_and_runs_as_objects(rated):
    out, runs = rated
    whole = tomtat.correlate([str(r) for r in runs], out / "ratings.jsonl",
                             rating_field="adequacy", resamples=50).to_dict()
    rows = [json.loads(l) for l in open(out / "ratings.jsonl", encoding="utf-8")]
    by_name = {Path(r).stem: tomtat.load_run(r) for r in runs}
    got = tomtat.correlate(by_name, rows, rating_field="adequacy", resamples=50).to_dict()
    assert got == whole
    pd = pytest.importorskip("pandas")
    got = tomtat.correlate(by_name, pd.DataFrame(rows), rating_field="adequacy", resamples=50)
    assert got.to_dict() == whole


def test_bad_input_is_a_value_error_naming_it(rated):
    out, runs = rated
    paths = [str(r) for r in runs]
    with pytest.raises(ValueError, match="--confidence must be between 0 and 1"):
        tomtat.correlate(paths, out / "ratings.jsonl", rating_field="adequacy", confidence=2.0)
    with pytest.raises(ValueError, match="unknown resample 'rows'"):
        tomtat.correlate(paths, out / "ratings.jsonl", rating_field="adequacy", resample="rows")
    with pytest.raises(ValueError, match=r"ratings\[0\]: field 'adequacy' must be a number"):
        tomtat.correlate(paths, [{"system": "lead", "id": "r00", "adequacy": "good"}],
                         rating_field="adequacy")
    with pytest.raises(ValueError, match="missing field 'quality'"):
        tomtat.correlate(paths, out / "ratings.jsonl", rating_field="quality")
    with pytest.raises(TypeError, match="pass a dict of system name to run"):
        tomtat.correlate([tomtat.load_run(r) for r in paths], out / "ratings.jsonl",
                         rating_field="adequacy")
