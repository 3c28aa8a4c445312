"""pyarrow arrays, chunked arrays and pandas Series score like lists of str (read from Arrow
buffers without a Python call per element); nulls are errors naming the element."""

import pandas as pd
import pyarrow as pa
import pytest

import tomtat
from conftest import make_pairs

PAIRS = make_pairs(200, seed=70)
PREDS = [p for p, _ in PAIRS]
MULTI = [r for _, r in PAIRS]
SINGLE = [r[0] for _, r in PAIRS]
SCORER = tomtat.RougeScorer(["rouge1", "rougeL"])
WANT_SINGLE = SCORER.score_batch(SINGLE, PREDS)
WANT_MULTI = SCORER.score_batch(MULTI, PREDS)


@pytest.mark.parametrize(
    "make",
    [
        lambda xs: pa.array(xs),
        lambda xs: pa.array(xs, type=pa.large_string()),
        lambda xs: pa.chunked_array([xs[:70], xs[70:150], xs[150:]]),
        lambda xs: pa.array(["pad"] + xs)[1:],  # a sliced array (non-zero offset)
        lambda xs: pd.Series(xs),
        lambda xs: pd.Series(xs, dtype="string[pyarrow]"),
        lambda xs: tuple(xs),
    ],
)
def test_string_columns(make):
    assert SCORER.score_batch(make(SINGLE), make(PREDS)) == WANT_SINGLE


@pytest.mark.parametrize(
    "make",
    [
        lambda xs: pa.array(xs, type=pa.list_(pa.string())),
        lambda xs: pa.array(xs, type=pa.large_list(pa.large_string())),
        lambda xs: pa.chunked_array([pa.array(xs[:100]), pa.array(xs[100:])]),
        lambda xs: pa.array([["pad"]] + xs)[1:],
        lambda xs: pd.Series(xs),
    ],
)
def test_list_columns(make):
    assert SCORER.score_batch(make(MULTI), PREDS) == WANT_MULTI


def test_compute_and_score_take_columns():
    table = pa.table({"prediction": PREDS, "references": MULTI})
    a = tomtat.rouge.compute(table["prediction"], table["references"])
    b = tomtat.rouge.compute(PREDS, MULTI)
    assert a == b
    df = table.to_pandas()
    assert tomtat.score(df["prediction"], df["references"]).to_json() == tomtat.score(
        PREDS, MULTI
    ).to_json()


def test_nulls_are_errors():
    with pytest.raises(ValueError, match=r"predictions\[1\]: is null"):
        SCORER.score_batch(pa.array(["a", "b"]), pa.array(["a", None]))
    with pytest.raises(ValueError, match=r"references\[2\]: is null"):
        SCORER.score_batch(pa.array(["a", "b", None]), ["a", "b", "c"])
    with pytest.raises(TypeError, match="expected an Arrow string column"):
        SCORER.score_batch(pa.array([1, 2]), ["a", "b"])


def test_malformed_arrow_buffers_are_value_errors_not_crashes():
    from tomtat import _tomtat

    with pytest.raises(ValueError, match="offsets shorter"):
        _tomtat.ArrowText("x", b"\0" * 8, b"", 2**63, 5, False)
    with pytest.raises(ValueError, match="out of range"):
        _tomtat.ArrowText("x", (0).to_bytes(4, "little") + (99).to_bytes(4, "little"), b"ab", 0, 1, False)
    with pytest.raises(ValueError, match="invalid UTF-8"):
        _tomtat.ArrowText("x", (0).to_bytes(4, "little") + (1).to_bytes(4, "little"), b"\xff", 0, 1, False)


def test_tomtat_score_leaves_the_callers_strings_as_they_were():
    # tomtat.score copies its texts (the report keeps them), so it must not also make CPython
    # keep a UTF-8 copy inside every caller's str (score_batch reads that copy in place, and
    # docs/python.md says so): that cost 1.3 KB an example of python_memory.py's pairs.
    import sys

    preds = [("hoà bình " + p)[:-1] for p in PREDS[:20]]
    refs = [("đàm phán " + r)[:-1] for r in SINGLE[:20]]
    sizes = [sys.getsizeof(s) for s in preds + refs]
    tomtat.score(preds, refs, profile="vi-v1")
    assert [sys.getsizeof(s) for s in preds + refs] == sizes
    SCORER.score_batch(refs, preds)
    assert [sys.getsizeof(s) for s in preds + refs] != sizes, "sizeof no longer shows the UTF-8"
