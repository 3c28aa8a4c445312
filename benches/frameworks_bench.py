#!/usr/bin/env python3
"""Throughput of each framework path (issue 25), in one run on one workload: pairs/s through
the framework's own entry point with tomtat, against the same framework's ROUGE where it has
one, or else the usual way to get ROUGE there (a row-at-a-time Python function around
rouge-score). Medians of --repeat runs. The workload: Vietnamese summaries drawn (seeded) from
the bundled articles, as benches/python_bench.py draws them.

    python3 -m venv v && v/bin/pip install ".[frameworks]" rouge-score==0.1.2
    v/bin/python benches/frameworks_bench.py [--pairs 10000] [--repeat 3] [--samples 1000]

Inspect AI runs a task per sample and MLflow's genai.evaluate a trace per row: they are timed
on --samples and --genai-rows rows, against the same evaluation with a trivial scorer."""

import argparse
import logging
import os
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from python_bench import median_time, workload  # noqa: E402

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def rouge_score_scorer(types):
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(types, use_stemmer=False)


def hf(preds, refs, repeat):
    import numpy as np
    import tokenizers
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit
    from transformers import EvalPrediction, PreTrainedTokenizerFast

    import tomtat.hf

    words = sorted({w for t in preds + refs for w in t.split()})
    tok = tokenizers.Tokenizer(WordLevel({"[PAD]": 0, "[UNK]": 1, **{w: i + 2 for i, w in enumerate(words)}}, unk_token="[UNK]"))
    tok.pre_tokenizer = WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]")

    def ids(texts, pad):
        rows = tokenizer(texts)["input_ids"]
        width = max(map(len, rows))
        return np.array([r + [pad] * (width - len(r)) for r in rows])

    p, l = ids(preds, 0), ids(refs, -100)
    ours = tomtat.hf.compute_metrics(tokenizer, metrics=TYPES, profile="vi-v1")
    scorer = rouge_score_scorer(TYPES)

    def peer():  # the compute_metrics of transformers' summarization example, with rouge-score
        dp = [t.strip() for t in tokenizer.batch_decode(p, skip_special_tokens=True)]
        dl = [t.strip() for t in tokenizer.batch_decode(np.where(l != -100, l, 0), skip_special_tokens=True)]
        scores = [scorer.score(r, c) for c, r in zip(dp, dl)]
        return {t: sum(s[t].fmeasure for s in scores) / len(scores) for t in TYPES}

    pred = EvalPrediction(predictions=p, label_ids=l)
    return [("HF compute_metrics: tomtat.hf", median_time(lambda: ours(pred), repeat)),
            ("HF compute_metrics: rouge-score (transformers' example)", median_time(peer, repeat))]


def duck(preds, refs, repeat):
    import duckdb
    import pyarrow as pa

    import tomtat.duckdb

    con = duckdb.connect()
    con.register("t", pa.table({"c": preds, "r": refs}))
    tomtat.duckdb.register(con, profile="vi-v1")
    scorer = rouge_score_scorer(["rougeL"])
    con.create_function("rs_rougeL", lambda c, r: scorer.score(r, c)["rougeL"].fmeasure, ["VARCHAR", "VARCHAR"], "DOUBLE")
    return [("DuckDB: tomtat_rouge (Arrow UDF), rougeL", median_time(lambda: con.sql("SELECT tomtat_rouge(c, r, 'rougeL') FROM t").fetchall(), repeat)),
            ("DuckDB: row-at-a-time UDF around rouge-score, rougeL", median_time(lambda: con.sql("SELECT rs_rougeL(c, r) FROM t").fetchall(), repeat))]


def polars(preds, refs, repeat):
    import polars as pl

    import tomtat.polars  # noqa: F401

    df = pl.DataFrame({"c": preds, "r": refs})
    scorer = rouge_score_scorer(["rougeL"])
    ours = lambda: df.select(pl.col("c").tomtat.rouge(pl.col("r"), "rougeL", profile="vi-v1"))  # noqa: E731
    peer = lambda: df.select(pl.struct("c", "r").map_elements(  # noqa: E731
        lambda x: scorer.score(x["r"], x["c"])["rougeL"].fmeasure, return_dtype=pl.Float64))
    return [("Polars: .tomtat.rouge expression, rougeL", median_time(ours, repeat)),
            ("Polars: map_elements around rouge-score, rougeL", median_time(peer, repeat))]


def lm_eval(preds, refs, repeat):
    import tomtat.lm_eval

    _, aggregate = tomtat.lm_eval.register("rougeL", profile="vi-v1", name="tomtat_rougeL_bench")
    items = list(zip(refs, preds))  # what lm-eval hands the aggregation: (target, generation)
    scorer = rouge_score_scorer(["rougeL"])

    def peer():  # a task's utils.py scoring each document with rouge-score, then lm-eval's mean
        values = [scorer.score(t, g)["rougeL"].fmeasure for t, g in items]
        return sum(values) / len(values)

    return [("lm-eval: tomtat_rougeL aggregation", median_time(lambda: aggregate(items), repeat)),
            ("lm-eval: rouge-score per document + mean (tasks' utils.py)", median_time(peer, repeat))]


def daft_udf(preds, refs, repeat):
    import daft

    import tomtat.daft

    df = daft.from_pydict({"c": preds, "r": refs})
    scorer = rouge_score_scorer(["rougeL"])

    @daft.func(return_dtype=daft.DataType.float64())
    def rs_rouge(c: str, r: str) -> float:
        return scorer.score(r, c)["rougeL"].fmeasure

    return [("Daft (local runner): tomtat.daft.rouge batch UDF, rougeL",
             median_time(lambda: df.select(tomtat.daft.rouge(df["c"], df["r"], "rougeL", profile="vi-v1")).to_pydict(), repeat)),
            ("Daft (local runner): row-wise @daft.func around rouge-score",
             median_time(lambda: df.select(rs_rouge(df["c"], df["r"])).to_pydict(), repeat))]


def inspect_eval(preds, refs, repeat):
    from inspect_ai import Task, eval
    from inspect_ai.dataset import Sample
    from inspect_ai.model import ModelOutput, get_model
    from inspect_ai.model._providers.mockllm import MockLLM
    from inspect_ai.scorer import match
    from inspect_ai.solver import generate

    import tomtat.inspect

    async def words(self, text):  # offline: no tiktoken download
        return max(1, len(text.split()))

    MockLLM.count_text_tokens = words
    logs = tempfile.mkdtemp()

    def run(scorer):
        model = get_model("mockllm/model", custom_outputs=[ModelOutput.from_content(model="mockllm/model", content=c) for c in preds])
        task = Task(dataset=[Sample(input="Tóm tắt.", target=r, id=i) for i, r in enumerate(refs)], solver=generate(), scorer=scorer)
        eval(task, model=model, log_dir=logs, display="none")

    return [("Inspect AI eval: tomtat.inspect.rouge, rouge2", median_time(lambda: run(tomtat.inspect.rouge("rouge2", profile="vi-v1")), repeat)),
            ("Inspect AI eval: built-in match() scorer (no ROUGE built in)", median_time(lambda: run(match()), repeat))]


def mlflow_eval(preds, refs, repeat, samples):
    import mlflow
    import pandas as pd

    import tomtat.mlflow

    logging.getLogger("mlflow").setLevel(logging.ERROR)
    store = tempfile.mkdtemp()
    os.chdir(store)  # a SQLite store keeps its artifacts in ./mlruns: not in the checkout
    mlflow.set_tracking_uri(f"sqlite:///{store}/mlflow.db")
    df = pd.DataFrame({"pred": preds, "ref": refs})

    def legacy(metric):
        with mlflow.start_run():
            result = mlflow.models.evaluate(data=df, predictions="pred", targets="ref", extra_metrics=[metric], evaluators="default")
        # MLflow skips a metric that fails to load (the built-in rouge offline) and logs nothing.
        if not result.metrics:
            raise RuntimeError("the metric logged nothing (MLflow skipped it)")

    rows = [("MLflow models.evaluate: tomtat.mlflow.metric, rougeL", median_time(lambda: legacy(tomtat.mlflow.metric("rougeL", profile="vi-v1")), repeat))]
    try:  # mlflow.metrics.rougeL() loads evaluate's rouge, a script fetched from the Hub
        rows.append(("MLflow models.evaluate: built-in mlflow.metrics.rougeL()", median_time(lambda: legacy(mlflow.metrics.rougeL()), repeat)))
    except Exception as e:  # noqa: BLE001  (offline: no Hub)
        print(f"MLflow models.evaluate: built-in mlflow.metrics.rougeL() not measured: {type(e).__name__}: {str(e)[:160]}")
    few = [{"inputs": {"i": i}, "outputs": c, "expectations": {"reference": r}} for i, (c, r) in enumerate(zip(preds[:samples], refs[:samples]))]

    @mlflow.genai.scorers.scorer
    def constant(outputs, expectations):
        return 1.0

    def genai(scorer):
        with mlflow.start_run():
            mlflow.genai.evaluate(data=few, scorers=[scorer])

    rows.append((f"MLflow genai.evaluate: tomtat.mlflow.scorer, rougeL ({samples} rows)",
                 median_time(lambda: genai(tomtat.mlflow.scorer("rougeL", profile="vi-v1")), repeat), samples))
    rows.append((f"MLflow genai.evaluate: a scorer returning 1.0 ({samples} rows)",
                 median_time(lambda: genai(constant), repeat), samples))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=10000)
    ap.add_argument("--samples", type=int, default=1000, help="Inspect AI samples")
    ap.add_argument("--genai-rows", type=int, default=20, help="MLflow genai.evaluate rows")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    preds, refs = workload(args.pairs)
    # Single-spaced one-line texts: what a decoded model output looks like.
    preds = [" ".join(p.split()) for p in preds]
    refs = [" ".join(r.split()) for r in refs]
    few = (preds[: args.samples], refs[: args.samples])
    print(f"{len(preds)} pairs (Inspect: {args.samples}); {os.cpu_count()} cores; medians of {args.repeat}")
    sections = [("hf", lambda: hf(preds, refs, args.repeat)), ("duckdb", lambda: duck(preds, refs, args.repeat)),
                ("polars", lambda: polars(preds, refs, args.repeat)),
                ("lm_eval", lambda: lm_eval(preds, refs, args.repeat)),
                ("daft", lambda: daft_udf(preds, refs, args.repeat)),
                ("inspect", lambda: inspect_eval(*few, args.repeat)),
                ("mlflow", lambda: mlflow_eval(preds, refs, args.repeat, args.genai_rows))]
    for name, run in sections:
        try:
            rows = run()
        except ImportError as e:
            print(f"{name}: skipped ({e})")
            continue
        for row in rows:
            label, seconds = row[0], row[1]
            n = row[2] if len(row) > 2 else (args.samples if name == "inspect" else len(preds))
            print(f"{label:62s} {n / seconds:10.0f} pairs/s  ({seconds:.2f} s)")


if __name__ == "__main__":
    main()
