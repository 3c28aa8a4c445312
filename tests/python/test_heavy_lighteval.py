"""tomtat's metric registered in lighteval and run by lighteval's own Pipeline over a local
file: a custom task whose documents are a JSON Lines file on disk, and a custom model that
answers each document with a summary read from another local file (no download, no network).
The task's score must be the CLI's mean F for the same pairs. Run by
scripts/test_trainer_lighteval.sh in a venv of its own (lighteval, torch); skipped elsewhere."""

import json
import textwrap

import pytest

from conftest import write_jsonl
from engines import heavy

heavy("lighteval")

PAIRS = [
    ("Nga và Mỹ đàm phán về Ukraine. Hai bên chưa đạt đột phá.", "Nga-Mỹ đàm phán về khủng hoảng Ukraine. Không có đột phá nào."),
    ("Hai bên không đạt được đột phá.", "Hai bên đã không đạt được đột phá nào."),
    ("Hoà bình ở châu Âu.", "Hòa bình cho châu Âu. Châu Âu cần hoà bình."),
    ("Giá dầu tăng mạnh.", "Giá dầu thế giới tăng mạnh vì căng thẳng Nga Ukraine."),
]

TASKS = textwrap.dedent('''
    import tomtat.lighteval
    from lighteval.tasks.lighteval_task import LightevalTaskConfig
    from lighteval.tasks.requests import Doc

    def prompt(line, task_name=None):
        return Doc(task_name=task_name, query=line["article"], choices=[line["summary"]], gold_index=0)

    TASKS_TABLE = [
        LightevalTaskConfig(
            name="vi_summaries",
            prompt_function=prompt,
            hf_repo=DATA,
            hf_subset="default",
            hf_avail_splits=["validation"],
            evaluation_splits=["validation"],
            generation_size=64,
            metrics=[tomtat.lighteval.metric("rouge2", profile="vi-v1"),
                     tomtat.lighteval.metric("rougeL", profile="vi-v1")],
        )
    ]
''')

MODEL = textwrap.dedent('''
    import json
    import os

    from lighteval.models.abstract_model import LightevalModel
    from lighteval.models.model_output import ModelResponse
    from lighteval.utils.cache_management import SampleCache

    class FileModel(LightevalModel):
        """Answers each document with the summary a local file holds for its article."""

        def __init__(self, config):
            self.config = config
            self._cache = SampleCache(config)
            with open(os.environ["TOMTAT_PREDICTIONS"], encoding="utf-8") as f:
                self.answers = json.load(f)

        @property
        def tokenizer(self):
            return None

        @property
        def add_special_tokens(self):
            return False

        @property
        def max_length(self):
            return 2048

        def greedy_until(self, docs):
            return [ModelResponse(text=[self.answers[d.query]]) for d in docs]

        def loglikelihood(self, docs):
            raise NotImplementedError

        def loglikelihood_rolling(self, docs):
            raise NotImplementedError
''')


def test_a_lighteval_task_over_a_local_file_scores_as_the_cli(tmp_path, cli, monkeypatch):
    from lighteval.logging.evaluation_tracker import EvaluationTracker
    from lighteval.models.custom.custom_model import CustomModelConfig
    from lighteval.pipeline import ParallelismManager, Pipeline, PipelineParameters

    data = tmp_path / "data"
    data.mkdir()
    with open(data / "validation.jsonl", "w", encoding="utf-8") as f:
        for i, (pred, ref) in enumerate(PAIRS):
            f.write(json.dumps({"article": f"bài {i}: {ref}", "summary": ref}, ensure_ascii=False) + "\n")
    answers = {f"bài {i}: {ref}": pred for i, (pred, ref) in enumerate(PAIRS)}
    (tmp_path / "answers.json").write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("TOMTAT_PREDICTIONS", str(tmp_path / "answers.json"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    (tmp_path / "custom_tasks.py").write_text(f"DATA = {str(data)!r}\n" + TASKS, encoding="utf-8")
    (tmp_path / "file_model.py").write_text(MODEL, encoding="utf-8")

    # A pipeline imports every built-in task of lighteval first; two of them reach the network
    # at import (tinyBenchmarks downloads a file, mt_bench asks the Hub for its judge model),
    # which this machine has not. Only the built-in tasks are skipped: the custom task is
    # loaded, prompted, run and scored by lighteval's own code.
    from lighteval.tasks.registry import Registry

    monkeypatch.setattr(Registry, "_load_from_files", staticmethod(lambda files, prefix: {}))
    monkeypatch.setattr(Registry, "_load_from_subdirs", staticmethod(lambda subdirs: {}))
    pipeline = Pipeline(
        tasks="vi_summaries|0",
        pipeline_parameters=PipelineParameters(
            launcher_type=ParallelismManager.CUSTOM,
            custom_tasks_directory=str(tmp_path / "custom_tasks.py"),
        ),
        evaluation_tracker=EvaluationTracker(output_dir=str(tmp_path / "out")),
        model_config=CustomModelConfig(model_name="file-model",
                                       model_definition_file_path=str(tmp_path / "file_model.py")),
    )
    pipeline.evaluate()
    results = pipeline.get_results()["results"]
    task = next(v for k, v in results.items() if k.startswith("vi_summaries"))

    pairs = write_jsonl(tmp_path / "pairs.jsonl", [(p, [r]) for p, r in PAIRS])
    out = cli(["score", "--pairs", pairs, "--profile", "vi-v1", "--metrics", "rouge2,rougeL",
               "--bootstrap", "0", "--format", "json"])
    report = json.loads(out.stdout)
    assert task["tomtat_rouge2"] == report["metrics"]["rouge2"]["fmeasure"]["mean"]
    assert task["tomtat_rougeL"] == report["metrics"]["rougeL"]["fmeasure"]["mean"]
    assert 0 < task["tomtat_rouge2"] < 1
