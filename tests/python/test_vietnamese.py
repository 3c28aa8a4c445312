"""Vietnamese through Python equals the CLI: tokens under every tone style, NFC and NFD,
and scores that do not depend on the Unicode form or the tone-mark placement."""

import pytest

import tomtat
from conftest import VIETNAMESE, make_pairs, nfd

SAMPLES = [
    "Hòa bình và thủy lợi",
    "hoà bình, thuỷ lợi",
    "Kết quả t.iền ở TP.HCM: 7,5% và 100.000 đồng",
    "ÐẠI HỌC Ðà Nẵng",
    "sinh_viên khoẻ mạnh",
    "zero\u200bwidth ngư\u00adời",
]


@pytest.mark.parametrize("tone", [None, "old", "new", "keep"])
def test_tokens_equal_cli(cli, tone):
    flags = ["--tone-style", tone] if tone else []
    text = "\n".join(SAMPLES + [nfd(s) for s in SAMPLES]) + "\n"
    out = cli(["tokenize", *flags], stdin=text.encode()).stdout.decode().splitlines()
    for line, want in zip(text.splitlines(), out):
        assert " ".join(tomtat.tokenize(line, tone_style=tone)) == want


def test_other_profiles_equal_cli(cli):
    for profile, flags in [("en-v1", ["--stem"]), ("unicode-v1", []), ("rouge-score", ["--stem"])]:
        text = "\n".join(SAMPLES + ["The cats were running"]) + "\n"
        out = cli(["tokenize", "--profile", profile, *flags], stdin=text.encode())
        lines = out.stdout.decode().splitlines()
        for line, want in zip(text.splitlines(), lines):
            got = tomtat.tokenize(line, profile=profile, stem=bool(flags))
            assert " ".join(got) == want


def test_nfd_and_tone_placement_do_not_change_scores():
    vocab = [w for w in VIETNAMESE if not w.isascii()][:3000] or ["hoà"]
    pairs = make_pairs(100, seed=50, vocab=vocab)
    preds = [p for p, _ in pairs]
    refs = [r for _, r in pairs]
    base = tomtat.rouge.compute(preds, refs, use_aggregator=False)
    decomposed = tomtat.rouge.compute([nfd(p) for p in preds], [[nfd(x) for x in r] for r in refs],
                                      use_aggregator=False)
    assert base == decomposed
    got = tomtat.RougeScorer(["rouge1"]).score("Thủy lợi hòa bình", "thuỷ lợi hoà bình")
    assert got["rouge1"].fmeasure == 1.0


def test_vietnamese_report_equals_cli(tmp_path, cli):
    from conftest import write_jsonl

    pairs = [(nfd("Hòa bình"), ["hoà bình"]), ("tôi đi học", ["tồi đi học", "tôi học"])]
    path = write_jsonl(tmp_path / "p.jsonl", pairs)
    out = cli(["score", "--pairs", path, "--format", "json"]).stdout.decode()
    report = tomtat.score([p for p, _ in pairs], [r for _, r in pairs])
    assert report.to_json() == out
    assert report.profile == "vi-v1"
