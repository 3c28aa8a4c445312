"""The documentation is a test: every ```python and ```pycon block of README.md and docs/*.md
runs here. The blocks of one page share a namespace and run in order, in a fresh folder that
holds the files of docs/examples/ (the pages' example inputs); ```pycon blocks are doctests
(their shown output must match, `...` matching anything); ```python blocks must run without
an error. A block that imports pyspark, ray or a framework (transformers, duckdb, polars,
inspect_ai, mlflow, lm_eval, daft) runs where it is installed (always under .ci/run, which sets
TOMTAT_REQUIRE_ENGINES=1)."""

import doctest
import os
import pathlib
import re
import shutil
import sys

import pytest

from engines import require

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
FENCE = re.compile(r"^```(python|pycon)\n(.*?)^```$", re.M | re.S)
ENGINES = {"pyspark": re.compile(r"^\s*(from|import) pyspark", re.M),
           "ray": re.compile(r"^\s*import ray", re.M)}
# The framework integrations' recipes run where the framework is installed (always under .ci/run).
ENGINES.update({name: re.compile(rf"^\s*(from|import) (tomtat\.)?{name}\b", re.M)
                for name in ("transformers", "duckdb", "polars", "inspect_ai", "mlflow", "lm_eval", "daft")})


def blocks(page):
    text = page.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 2
        yield m.group(1), m.group(2), line


def test_the_docs_have_python_examples():
    found = [b for page in PAGES for b in blocks(page)]
    assert len(found) >= 8, found


def stop_engines():
    """Engines a page started, stopped so that the engine tests start their own."""
    if "ray" in sys.modules and sys.modules["ray"].is_initialized():
        sys.modules["ray"].shutdown()
    if "pyspark.sql" in sys.modules:
        session = sys.modules["pyspark.sql"].SparkSession.getActiveSession()
        if session is not None:
            session.stop()


@pytest.mark.parametrize(
    "page", [p for p in PAGES if any(blocks(p))], ids=lambda p: str(p.relative_to(ROOT))
)
def test_python_examples_run_as_shown(page, tmp_path, monkeypatch):
    examples = list(blocks(page))
    try:
        run_page(page, examples, tmp_path, monkeypatch)
    finally:
        stop_engines()


def run_page(page, examples, tmp_path, monkeypatch):
    for f in (ROOT / "docs" / "examples").iterdir():
        if f.is_dir():
            shutil.copytree(f, tmp_path / f.name)
        else:
            shutil.copy(f, tmp_path / f.name)
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for kind, code, line in examples:
        for engine, pattern in ENGINES.items():
            if pattern.search(code):
                require(engine)
        where = f"{page.relative_to(ROOT)}:{line}"
        if kind == "python":
            exec(compile(code, where, "exec"), namespace)
            continue
        test = parser.get_doctest(code, namespace, where, str(page), line)
        runner = doctest.DocTestRunner(optionflags=flags)
        out = []
        result = runner.run(test, out=out.append, clear_globs=False)
        namespace.update(test.globs)  # DocTest runs on a copy; later blocks see its names
        assert result.failed == 0, f"{where}: a pycon example drifted:\n" + "".join(out)


def test_a_drifted_pycon_example_fails(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```pycon\n>>> 1 + 1\n3\n```\n", encoding="utf-8")
    (kind, code, line), = blocks(page)
    test = doctest.DocTestParser().get_doctest(code, {}, "page", str(page), line)
    runner = doctest.DocTestRunner()
    assert runner.run(test, out=lambda s: None).failed == 1
