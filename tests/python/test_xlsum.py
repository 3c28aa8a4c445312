"""profile="xlsum" from Python: the same per-example values as the real XL-Sum scorer
(fixtures from scripts/gen_xlsum_fixtures.py, as tests/xlsum_compat.rs checks the library) and
the same report bytes as `tomtat score --profile xlsum`."""

import json
import pathlib

import pytest

import tomtat

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "xlsum"
METRICS = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
CONFIGS = {
    "vi": ("vi", {}),
    "vi-porter": ("vi", {"use_stemmer": True}),
    "vi-lang": ("vi", {"use_stemmer": True, "lang": "vietnamese"}),
    "en": ("en", {}),
    "en-porter": ("en", {"use_stemmer": True}),
}


def rows(name):
    with open(FIXTURES / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


PAIRS = {lang: rows(f"pairs_{lang}.jsonl") for lang in ("vi", "en")}
EXPECTED = {}
for config in CONFIGS:
    for row in rows(f"scores_{config}.jsonl"):
        EXPECTED.setdefault(config, {})[row["id"]] = row


@pytest.mark.parametrize("config", list(CONFIGS))
def test_score_batch_equals_the_xlsum_scorer(config):
    lang, kwargs = CONFIGS[config]
    scorer = tomtat.RougeScorer(METRICS, profile="xlsum", **kwargs)
    pairs = PAIRS[lang]
    got = scorer.score_batch([p["reference"] for p in pairs], [p["candidate"] for p in pairs])
    assert len(got) == 2000
    for p, scores in zip(pairs, got):
        want = EXPECTED[config][p["id"]]
        for m in METRICS:
            assert list(scores[m]) == pytest.approx(want[m], abs=1e-12), (config, p["id"], m)


def test_score_equals_the_xlsum_scorer_call_by_call():
    scorer = tomtat.RougeScorer(METRICS, use_stemmer=True, profile="xlsum")
    for p in PAIRS["vi"][:200]:
        scores = scorer.score(p["reference"], p["candidate"])
        want = EXPECTED["vi-porter"][p["id"]]
        for m in METRICS:
            assert list(scores[m]) == pytest.approx(want[m], abs=1e-12)


def test_report_equals_the_cli(cli, tmp_path):
    pairs = PAIRS["vi"][:100]
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    out = cli(["score", "--pairs", path, "--profile", "xlsum", "--xlsum-lang", "bangla",
               "--format", "json"]).stdout.decode()
    report = tomtat.score(
        [p["candidate"] for p in pairs], [p["reference"] for p in pairs],
        ids=[p["id"] for p in pairs], profile="xlsum", xlsum_lang="bangla",
    )
    assert report.to_json() == out


def test_languages_it_cannot_reproduce_are_value_errors():
    with pytest.raises(ValueError, match="jieba"):
        tomtat.RougeScorer(["rouge1"], profile="xlsum", lang="chinese")
    with pytest.raises(ValueError, match="stop-word corpus"):
        tomtat.RougeScorer(["rouge1"], profile="xlsum", use_stemmer=True, xlsum_lang="english")
    with pytest.raises(ValueError, match="only to the xlsum profile"):
        tomtat.score(["a"], ["a"], profile="vi-v1", xlsum_lang="vietnamese")
    assert tomtat.tokenize("Giá 7,5% abc123", profile="xlsum") == ["giá", "7", "5", "abc", "123"]


def test_warnings_match_the_clis():
    with pytest.warns(UserWarning, match="no stemmer for vietnamese"):
        tomtat.RougeScorer(["rouge1"], profile="xlsum", use_stemmer=True, lang="vietnamese")
    scorer = tomtat.RougeScorer(["rouge1"], profile="xlsum")
    with pytest.warns(UserWarning, match="does not normalize Unicode"):
        scorer.score_batch(["hoa\u0300 bi\u0300nh"], ["hoà bình"])
    with pytest.warns(UserWarning, match="does not normalize Unicode"):
        tomtat.score(["hoa\u0300"], ["hoà"], profile="xlsum", bootstrap=0)
