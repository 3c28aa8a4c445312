"""The framework integrations (issue 25), each through the framework's own entry point with the
real framework installed, and the CLI's numbers for the same pairs as the expected values:
Hugging Face ``compute_metrics`` (with ``transformers.EvalPrediction`` and a tokenizer built
with ``tokenizers``), DuckDB functions and query reports, the Polars namespace, an Inspect AI
``eval`` with its mock model, MLflow's ``genai.evaluate`` and ``models.evaluate``, an
lm-evaluation-harness task YAML run by ``simple_evaluate``, and Daft (local and on Ray).

`.ci/run` installs every framework (TOMTAT_REQUIRE_ENGINES=1 turns a missing one into a
failure); elsewhere a missing framework skips its tests."""

import json
import subprocess
import sys

import pytest

from conftest import write_jsonl
from engines import require

# Vietnamese pairs, single-spaced, with sentence ends (for rougeLsum's splitter) and repeats.
PAIRS = [
    ("Nga và Mỹ đàm phán về Ukraine. Hai bên chưa đạt đột phá.", "Nga-Mỹ đàm phán về khủng hoảng Ukraine. Không có đột phá nào."),
    ("Hai bên không đạt được đột phá.", "Hai bên đã không đạt được đột phá nào."),
    ("Hoà bình ở châu Âu.", "Hòa bình cho châu Âu. Châu Âu cần hoà bình."),
    ("Thứ trưởng Ngoại giao Mỹ gặp Thứ trưởng Ngoại giao Nga tại Geneva.", "Thứ trưởng Ngoại giao hai nước gặp nhau ở Geneva ngày 10/1."),
    ("NATO họp ở Brussels. Mỹ muốn Nga rút quân.", "Mỹ yêu cầu Nga rút quân khỏi biên giới. NATO họp ở Brussels ngày 12/1."),
    ("Giá dầu tăng mạnh.", "Giá dầu thế giới tăng mạnh vì căng thẳng Nga Ukraine."),
]
IDS = [f"s{i}" for i in range(len(PAIRS))]
METRICS = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def _cli(tmp, cli, ids):
    path = write_jsonl(tmp / "pairs.jsonl", [(c, [r]) for c, r in PAIRS], ids)
    out = cli(["score", "--pairs", path, "--profile", "vi-v1", "--metrics", ",".join(METRICS),
               "--split-sentences", "--format", "json", "--per-example", tmp / "per.jsonl"])
    report = json.loads(out.stdout)
    per = [json.loads(line) for line in (tmp / "per.jsonl").read_text(encoding="utf-8").splitlines()]
    return report, per, path


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory, cli):
    """The CLI's report and per-example lines for PAIRS with ids IDS (vi-v1, tomtat's sentence
    splitter)."""
    return _cli(tmp_path_factory.mktemp("cli"), cli, IDS)


@pytest.fixture(scope="module")
def cli_positional(tmp_path_factory, cli):
    """The same with ids "0", "1", …: frameworks that have no ids (the bootstrap is keyed by
    id, so the interval depends on them)."""
    return _cli(tmp_path_factory.mktemp("cli0"), cli, [str(i) for i in range(len(PAIRS))])


def cli_f(per, metric):
    return [row[metric]["fmeasure"] for row in per]


# --- Hugging Face ------------------------------------------------------------------------


def _hf_tokenizer():
    require("transformers")
    tokenizers = require("tokenizers")
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit
    from transformers import PreTrainedTokenizerFast

    words = sorted({w for pair in PAIRS for text in pair for w in text.split()})
    vocab = {"[PAD]": 0, "[UNK]": 1, **{w: i + 2 for i, w in enumerate(words)}}
    tok = tokenizers.Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = WhitespaceSplit()
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]")


def _ids(tokenizer, texts, pad):
    import numpy as np

    rows = [tokenizer(t)["input_ids"] for t in texts]
    width = max(len(r) for r in rows) + 2
    return np.array([r + [pad] * (width - len(r)) for r in rows])


def test_hf_compute_metrics_equals_the_cli(cli_positional, tmp_path, cli):
    import numpy as np
    from transformers import EvalPrediction

    import tomtat.hf

    report, per, _ = cli_positional
    tok = _hf_tokenizer()
    preds = _ids(tok, [c for c, _ in PAIRS], tok.pad_token_id)
    labels = _ids(tok, [r for _, r in PAIRS], -100)  # the Trainer pads labels with -100
    assert tomtat.hf.decode(tok, labels) == [r for _, r in PAIRS]
    fn = tomtat.hf.compute_metrics(tok, metrics=METRICS, profile="vi-v1", intervals=True,
                                   save_dir=tmp_path / "runs")
    got = fn(EvalPrediction(predictions=preds, label_ids=labels))
    for m in METRICS:
        f = report["metrics"][m]["fmeasure"]
        assert got[m] == f["mean"]
        assert (got[f"{m}_low"], got[f"{m}_high"]) == (f["low"], f["high"])
    assert "sent:split-v2" in fn.signature
    # Logits (arg-maxed) and a (predictions, labels) tuple give the same numbers.
    logits = np.eye(len(tok))[preds]
    assert fn((logits, labels)) == got
    # batch_eval_metrics=True: one call per batch, the numbers at compute_result=True.
    assert fn(EvalPrediction(predictions=preds[:4], label_ids=labels[:4]), compute_result=False) == {}
    assert fn(EvalPrediction(predictions=preds[4:], label_ids=labels[4:]), compute_result=True) == got
    # A run file per evaluation, for tomtat compare.
    runs = sorted((tmp_path / "runs").iterdir())
    assert [r.name for r in runs] == ["eval-0001.json", "eval-0002.json", "eval-0003.json"]
    out = cli(["compare", runs[0], runs[2], "--format", "json", "--fail-on-change"])
    assert json.loads(out.stdout)["regressions"] == []


def test_hf_without_intervals_logs_only_means():
    from transformers import EvalPrediction

    import tomtat.hf

    tok = _hf_tokenizer()
    preds = _ids(tok, [c for c, _ in PAIRS], tok.pad_token_id)
    got = tomtat.hf.compute_metrics(tok, profile="vi-v1")(EvalPrediction(predictions=preds, label_ids=preds))
    assert got == {m: 1.0 for m in METRICS}


# --- DuckDB ------------------------------------------------------------------------------


def test_duckdb_functions_and_query_report_equal_the_cli(cli_run):
    duckdb = require("duckdb")
    pa = require("pyarrow")
    import tomtat
    import tomtat.duckdb

    report, per, _ = cli_run
    con = duckdb.connect()
    preds = pa.table({"id": IDS, "candidate": [c for c, _ in PAIRS], "reference": [r for _, r in PAIRS]})
    con.register("preds", preds)
    tomtat.duckdb.register(con, profile="vi-v1", split_summaries=True)
    for m in METRICS:
        rows = con.sql(f"SELECT tomtat_rouge(candidate, reference, '{m}') FROM preds ORDER BY id").fetchall()
        assert [r[0] for r in rows] == cli_f(per, m)
    batch = tomtat.RougeScorer(["rouge2"], profile="vi-v1").score_batch(preds["reference"], preds["candidate"])
    recall = con.sql("SELECT tomtat_rouge_score(candidate, reference, 'rouge2', 'recall') FROM preds ORDER BY id")
    assert [r[0] for r in recall.fetchall()] == [s["rouge2"].recall for s in batch]
    several = con.sql("SELECT tomtat_rouge_refs(candidate, [reference, 'Nga'], 'rouge1') FROM preds ORDER BY id")
    best = tomtat.RougeScorer(["rouge1"], profile="vi-v1").score_batch([[r, "Nga"] for _, r in PAIRS], [c for c, _ in PAIRS])
    assert [r[0] for r in several.fetchall()] == [s["rouge1"].fmeasure for s in best]
    assert con.sql("SELECT tomtat_rouge(NULL, 'a', 'rouge1')").fetchall() == [(None,)]
    ((sig,),) = con.sql("SELECT tomtat_rouge_signature('rouge2')").fetchall()
    assert sig.startswith("profile:vi-v1|") and "metrics:rouge2|" in sig and "sent:split-v2" in sig
    got = tomtat.duckdb.score(con, "SELECT id, candidate, reference FROM preds", profile="vi-v1",
                              metrics=METRICS, split_sentences=True)
    assert got.to_dict()["metrics"] == report["metrics"]
    assert got.signature == report["signature"]
    with pytest.raises(ValueError, match="name the profile"):
        tomtat.duckdb.register(duckdb.connect(), profile="auto")


def test_p11_udfs_refuse_metrics_a_pair_cannot_give():
    # Reliability round 4, P11: tomtat_rouge(c, r, 'langmatch'|'copysource'|'extra:NAME') and
    # the Polars expression returned 0.0 for every row; they raise as for an unknown metric.
    duckdb = require("duckdb")
    pl = require("polars")
    import tomtat
    import tomtat.duckdb
    import tomtat.polars  # registers the namespace

    con = duckdb.connect()
    tomtat.duckdb.register(con, profile="vi-v1")
    for metric in ["langmatch", "copysource", "extra:judge"]:
        with pytest.raises(Exception, match="is not scored from a candidate and its references"):
            con.sql(f"SELECT tomtat_rouge('Nga và Mỹ', 'Mỹ và Nga', '{metric}')").fetchall()
        with pytest.raises(ValueError, match="is not scored from a candidate and its references"):
            tomtat.RougeScorer([metric], profile="vi-v1")
        with pytest.raises(ValueError, match="is not scored from a candidate and its references"):
            pl.col("c").tomtat.rouge("r", metric)


# --- Polars ------------------------------------------------------------------------------


def test_polars_namespace_equals_the_cli(cli_run):
    pl = require("polars")
    require("pyarrow")
    import tomtat.polars  # registers the namespace

    _, per, _ = cli_run
    df = pl.DataFrame({"id": IDS, "candidate": [c for c, _ in PAIRS], "reference": [r for _, r in PAIRS]})
    out = df.lazy().select(
        *[pl.col("candidate").tomtat.rouge(pl.col("reference"), m, profile="vi-v1", split_summaries=True) for m in METRICS]
    ).collect()
    assert out.columns == METRICS
    for m in METRICS:
        assert out[m].to_list() == cli_f(per, m)
    import tomtat

    assert tomtat.RougeScorer(["rouge1"]).signature is None  # profile "auto": chosen per call
    sig = tomtat.polars.signature("rougeL", profile="vi-v1", split_summaries=True)
    assert "metrics:rougeL|" in sig and "sent:split-v2" in sig
    nulls = pl.DataFrame({"c": ["a", None], "r": [None, "b"]}).select(pl.col("c").tomtat.rouge("r", "rouge1"))
    assert nulls["rouge1"].to_list() == [None, None]
    with pytest.raises(ValueError, match="unknown metric"):
        pl.col("c").tomtat.rouge("r", "rougeX")


# --- Inspect AI --------------------------------------------------------------------------


def test_inspect_eval_metrics_equal_the_cli(cli_run, tmp_path):
    require("inspect_ai")
    from inspect_ai import Task, eval
    from inspect_ai.dataset import Sample
    from inspect_ai.model import ModelOutput, get_model
    from inspect_ai.model._providers.mockllm import MockLLM
    from inspect_ai.solver import generate

    import tomtat.inspect

    report, per, _ = cli_run

    # Inspect counts tokens with tiktoken's o200k_base, which it downloads on first use; CI has
    # no network, so the mock model counts words.
    async def words(self, text):
        return max(1, len(text.split()))

    MockLLM.count_text_tokens = words
    model = get_model("mockllm/model", custom_outputs=[
        ModelOutput.from_content(model="mockllm/model", content=c) for c, _ in PAIRS])
    task = Task(
        dataset=[Sample(input="Tóm tắt bài báo.", target=r, id=i) for i, (_, r) in zip(IDS, PAIRS)],
        solver=generate(),
        scorer=tomtat.inspect.rouge("rouge2", profile="vi-v1", split_sentences=True),
    )
    (log,) = eval(task, model=model, log_dir=str(tmp_path / "logs"), display="none")
    assert log.status == "success", log.error
    (scores,) = log.results.scores
    metrics = {k: v.value for k, v in scores.metrics.items()}
    f = report["metrics"]["rouge2"]["fmeasure"]
    assert metrics == {"mean": f["mean"], "ci_low": f["low"], "ci_high": f["high"]}
    values = {s.id: s.scores["rouge"].value for s in log.samples}
    assert [values[i] for i in IDS] == cli_f(per, "rouge2")
    assert "metrics:rouge2" in log.samples[0].scores["rouge"].metadata["signature"]


# --- MLflow ------------------------------------------------------------------------------


@pytest.fixture()
def mlflow_store(tmp_path, monkeypatch):
    mlflow = require("mlflow")
    # A SQLite store keeps its artifacts in ./mlruns: run in the test's folder, not the checkout.
    monkeypatch.chdir(tmp_path)
    mlflow.set_tracking_uri(f"sqlite:///{tmp_path}/mlflow.db")
    yield mlflow
    mlflow.set_tracking_uri(None)


def test_mlflow_genai_scorer_and_log_report_equal_the_cli(cli_run, mlflow_store):
    mlflow = mlflow_store
    import tomtat
    import tomtat.mlflow

    report, per, _ = cli_run
    rows = [{"inputs": {"id": i}, "outputs": c, "expectations": {"reference": r}} for i, (c, r) in zip(IDS, PAIRS)]
    with mlflow.start_run() as run:
        result = mlflow.genai.evaluate(data=rows, scorers=[tomtat.mlflow.scorer("rouge2", profile="vi-v1")])
        ours = tomtat.score([c for c, _ in PAIRS], [r for _, r in PAIRS], IDS, profile="vi-v1",
                            metrics=METRICS, split_sentences=True)
        logged = tomtat.mlflow.log_report(ours)
    per_row = sorted(cli_f(per, "rouge2"))
    assert result.metrics["tomtat_rouge2/mean"] == pytest.approx(sum(per_row) / len(per_row), abs=1e-12)
    stored = mlflow.get_run(run.info.run_id).data
    assert stored.params["tomtat.signature"] == report["signature"]
    for m in METRICS:
        f = report["metrics"][m]["fmeasure"]
        assert logged[f"tomtat/{m}/mean"] == f["mean"] == stored.metrics[f"tomtat/{m}/mean"]
        assert stored.metrics[f"tomtat/{m}/low"] == f["low"]


def test_mlflow_models_evaluate_metric_equals_the_cli(cli_positional, mlflow_store):
    mlflow = mlflow_store
    pd = require("pandas")
    import tomtat.mlflow

    report, _, _ = cli_positional
    df = pd.DataFrame({"pred": [c for c, _ in PAIRS], "ref": [r for _, r in PAIRS]})
    metric = tomtat.mlflow.metric("rougeL", profile="vi-v1", split_sentences=True)
    with mlflow.start_run():
        result = mlflow.models.evaluate(data=df, predictions="pred", targets="ref", extra_metrics=[metric])
    f = report["metrics"]["rougeL"]["fmeasure"]
    assert {k: result.metrics[f"tomtat_rougeL/{k}"] for k in ("mean", "low", "high")} == {
        "mean": f["mean"], "low": f["low"], "high": f["high"]}


# --- lm-evaluation-harness ---------------------------------------------------------------


def test_lm_eval_task_yaml_names_the_metric_and_gets_the_cli_mean(cli_run, tmp_path, monkeypatch):
    require("lm_eval")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from lm_eval import simple_evaluate
    from lm_eval.api.model import LM
    from lm_eval.tasks import TaskManager

    report, _, _ = cli_run
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps({"document": f"Bài {i}", "summary": r}, ensure_ascii=False) + "\n"
                            for i, (_, r) in zip(IDS, PAIRS)), encoding="utf-8")
    (tmp_path / "utils.py").write_text(
        "import tomtat.lm_eval\n"
        "tomtat.lm_eval.register('rouge2', profile='vi-v1', split_sentences=True)\n\n"
        "def doc_to_text(doc):\n    return doc['document']\n", encoding="utf-8")
    (tmp_path / "vi_summaries.yaml").write_text(f"""task: vi_summaries
dataset_path: json
dataset_kwargs:
  data_files:
    test: {data}
test_split: test
output_type: generate_until
doc_to_text: !function utils.doc_to_text
doc_to_target: summary
generation_kwargs:
  until: ["\\n\\n"]
metric_list:
  - metric: tomtat_rouge2
    aggregation: tomtat_rouge2
    higher_is_better: true
""", encoding="utf-8")
    answers = {f"Bài {i}": c for i, (c, _) in zip(IDS, PAIRS)}

    class Replay(LM):
        """Answers each document with the candidate of its pair."""

        def loglikelihood(self, requests):
            raise NotImplementedError

        def loglikelihood_rolling(self, requests):
            raise NotImplementedError

        def generate_until(self, requests):
            return [answers[r.args[0].strip()] for r in requests]

    monkeypatch.syspath_prepend(str(tmp_path))
    result = simple_evaluate(model=Replay(), tasks=["vi_summaries"], log_samples=False, bootstrap_iters=0,
                             task_manager=TaskManager(include_path=str(tmp_path)))
    got = result["results"]["vi_summaries"]["tomtat_rouge2,none"]
    assert got == report["metrics"]["rouge2"]["fmeasure"]["mean"]
    import tomtat.lm_eval

    with pytest.raises(ValueError, match="already registered with other options"):
        tomtat.lm_eval.register("rouge2", profile="en-v1")


# --- Daft --------------------------------------------------------------------------------


def test_daft_batch_udf_equals_the_cli(cli_run):
    daft = require("daft")
    import tomtat.daft

    _, per, _ = cli_run
    df = daft.from_pydict({"id": IDS, "c": [c for c, _ in PAIRS], "r": [r for _, r in PAIRS]})
    out = df.select(df["id"], *[tomtat.daft.rouge(df["c"], df["r"], m, profile="vi-v1", split_summaries=True)
                                for m in METRICS]).sort("id").to_pydict()
    for m in METRICS:
        assert out[m] == cli_f(per, m)
    assert tomtat.daft.signature("rouge2", profile="vi-v1").startswith("profile:vi-v1|")
    nulls = daft.from_pydict({"c": ["a", None], "r": [None, "b"]})
    assert nulls.select(tomtat.daft.rouge(nulls["c"], nulls["r"], "rouge1")).to_pydict() == {"rouge1": [None, None]}


DAFT_ON_RAY = """
import json, sys, daft, tomtat.daft
daft.set_runner_ray()
rows = json.loads(sys.argv[1])
df = daft.from_pydict(rows).repartition(3)
out = df.select(df["id"], tomtat.daft.rouge(df["c"], df["r"], "rouge2", profile="vi-v1", split_summaries=True)).sort("id")
print("RESULT " + json.dumps(out.to_pydict()["rouge2"]))
"""


def test_daft_on_ray_equals_the_cli(cli_run):
    require("daft")
    require("ray")
    _, per, _ = cli_run
    rows = {"id": IDS * 20, "c": [c for c, _ in PAIRS] * 20, "r": [r for _, r in PAIRS] * 20}
    rows["id"] = [f"{i}-{k:02d}" for k, i in enumerate(rows["id"])]
    # Its own process: Daft's runner is chosen once per process.
    out = subprocess.run([sys.executable, "-c", DAFT_ON_RAY, json.dumps(rows)], capture_output=True, text=True, timeout=300)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, out.stderr[-3000:]
    got = json.loads(lines[0][len("RESULT "):])
    expected = dict(zip(rows["id"], cli_f(per, "rouge2") * 20))
    assert got == [expected[i] for i in sorted(rows["id"])]


# --- Extras ------------------------------------------------------------------------------


@pytest.mark.parametrize("module,framework,extra", [
    ("tomtat.duckdb", "duckdb", "duckdb"),
    ("tomtat.polars", "polars", "polars"),
    ("tomtat.inspect", "inspect_ai", "inspect"),
    ("tomtat.mlflow", "mlflow", "mlflow"),
    ("tomtat.hf", "numpy", "hf"),
    ("tomtat.lm_eval", "lm_eval", "lm-eval"),
    ("tomtat.daft", "daft", "daft"),
])
def test_a_missing_framework_names_the_extra_to_install(module, framework, extra):
    code = f"import sys; sys.modules[{framework!r}] = None; import {module}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode != 0
    assert f"pip install 'tomtat[{extra}]'" in out.stderr, out.stderr
