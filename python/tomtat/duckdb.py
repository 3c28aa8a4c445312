"""tomtat in DuckDB: vectorized (Arrow) scalar functions for per-row scores, and the CLI's
report for a query's rows.

    import duckdb, tomtat.duckdb
    con = duckdb.connect()
    tomtat.duckdb.register(con, profile="vi-v1")
    con.sql("SELECT id, tomtat_rouge(candidate, reference, 'rouge2') AS r2 FROM preds")
    report = tomtat.duckdb.score(con, "SELECT id, candidate, reference FROM preds", profile="vi-v1")

Needs DuckDB and pyarrow: ``pip install 'tomtat[duckdb]'``."""

from typing import Any

try:
    import duckdb
    import pyarrow as pa
except ImportError as e:
    raise ImportError("tomtat.duckdb needs duckdb and pyarrow: pip install 'tomtat[duckdb]'") from e

from . import Report
from . import score as _score
from ._batch import Batches

__all__ = ["register", "score"]


def register(con: "duckdb.DuckDBPyConnection", profile: str = "vi-v1", *, name: str = "tomtat_rouge",
             **options: Any) -> "duckdb.DuckDBPyConnection":
    """Registers on ``con`` three DOUBLE functions, NULL where an input is NULL:
    ``NAME(candidate, reference, metric)`` (F), ``NAME_refs(candidate, references, metric)``
    (several references, a VARCHAR[]; combined as ``refs`` says) and
    ``NAME_score(candidate, reference, metric, measure)`` (``'precision'``, ``'recall'`` or
    ``'fmeasure'``); and ``NAME_signature(metric)``, the signature of those numbers' options.
    ``options``: ``RougeScorer``'s keywords (``refs``, ``use_stemmer``, ``tone_style``, …). The
    values are ``RougeScorer.score_batch``'s."""
    batches = Batches(profile, options)

    def run(candidates: Any, references: Any, metrics: Any, measures: Any = None) -> Any:
        cands = candidates.to_pylist()
        refs = references.to_pylist()
        names = metrics.to_pylist()
        wanted = ["fmeasure"] * len(cands) if measures is None else measures.to_pylist()
        out = [None] * len(cands)
        groups: dict = {}
        for i, key in enumerate(zip(names, wanted)):
            groups.setdefault(key, []).append(i)
        for (metric, measure), rows in groups.items():
            if metric is None or measure is None:
                continue
            values = batches.score([cands[i] for i in rows], [refs[i] for i in rows], metric, measure)
            for i, v in zip(rows, values):
                out[i] = v
        return pa.array(out, type=pa.float64())

    def f(c: Any, r: Any, m: Any) -> Any:
        return run(c, r, m)

    def g(c: Any, r: Any, m: Any, k: Any) -> Any:
        return run(c, r, m, k)

    special = _null_handling().SPECIAL
    # DuckDB has no overloading of Python functions: one name per signature.
    for suffix, fn, parameters in (
        ("", f, ["VARCHAR", "VARCHAR", "VARCHAR"]),
        ("_refs", f, ["VARCHAR", "VARCHAR[]", "VARCHAR"]),
        ("_score", g, ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR"]),
    ):
        con.create_function(name + suffix, fn, parameters, "DOUBLE", type="arrow", null_handling=special)

    def signature(metric: str) -> str:
        return batches.scorer(metric).signature or ""

    # NAME_signature('rouge2'): the options behind the numbers, to keep beside them in a table.
    con.create_function(f"{name}_signature", signature, ["VARCHAR"], "VARCHAR")
    return con


def _null_handling() -> Any:
    # DuckDB 1.x names the module `functional`, 2.x `func`.
    try:
        from duckdb.func import FunctionNullHandling
    except ImportError:
        from duckdb.functional import FunctionNullHandling
    return FunctionNullHandling


def score(con: "duckdb.DuckDBPyConnection", query: str, *, id_column: str = "id",
          candidate_column: str = "candidate", reference_column: str = "reference", **options: Any) -> Report:
    """The ``Report`` of the rows ``query`` returns, as ``tomtat score --pairs`` reports the same
    rows: ``options`` are ``tomtat.score``'s keywords; ids come from ``id_column`` when the
    query has it (else the row positions)."""
    relation = con.sql(query)
    # DuckDB 2 names it to_arrow_table; 1.x arrow().
    table = relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()
    for column in (candidate_column, reference_column):
        if column not in table.column_names:
            raise ValueError(f"the query has no column '{column}' (it has: {', '.join(table.column_names)})")
    ids = table[id_column].cast(pa.string()) if id_column in table.column_names else None
    return _score(table[candidate_column], table[reference_column], ids, **options)
