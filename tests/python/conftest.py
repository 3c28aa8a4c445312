"""Shared fixtures: deterministic generated pairs (English prose and the bundled Vietnamese
articles) and the built `tomtat` binary, for comparing the Python package with the CLI."""

import json
import os
import pathlib
import random
import re
import subprocess
import unicodedata

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "datasets" / "vi-news-ukraine-2022" / "articles"

ENGLISH = (
    "the cats were running quickly across gardens while dogs barked at flying birds and "
    "children played happily near the river generously sharing apples oranges conditional "
    "agreements were signed by leaders meeting in capitals discussing wars peace talks "
    "sanctions economies growing slowly prices rising markets fell sharply yesterday"
).split()


def _vietnamese_words():
    words = []
    for path in sorted(ARTICLES.glob("*.txt")):
        words += re.findall(r"\w+", path.read_text(encoding="utf-8"))
    return words or ["hoà", "bình", "đàm", "phán", "tiền", "Nga", "Ukraine"]


VIETNAMESE = _vietnamese_words()


def _text(rng, vocab, lines_max=3):
    lines = []
    for _ in range(rng.randint(1, lines_max)):
        n = rng.randint(0, 25)
        lines.append(" ".join(rng.choice(vocab) for _ in range(n)))
    text = "\n".join(lines)
    if rng.random() < 0.1:
        text = text.upper()
    if rng.random() < 0.2:
        text += rng.choice([" 7,5%", " 100.000", ".", "!", " (AP)", " 10/1"])
    return text


def make_pairs(n, seed, vocab=None, max_refs=4):
    """`n` (prediction, [references]) pairs with 1..max_refs references."""
    rng = random.Random(seed)
    vocab = vocab or ENGLISH + VIETNAMESE[:2000]
    out = []
    for _ in range(n):
        pred = _text(rng, vocab)
        refs = [_text(rng, vocab) for _ in range(rng.randint(1, max_refs))]
        if rng.random() < 0.3:  # overlap, so scores are not all near zero
            refs[0] = pred + " " + refs[0]
        out.append((pred, refs))
    return out


def nfd(text):
    return unicodedata.normalize("NFD", text)


def _find_binary():
    env = os.environ.get("TOMTAT_BIN")
    if env:
        return pathlib.Path(env)
    for profile in ("debug", "release"):
        candidate = ROOT / "target" / profile / "tomtat"
        if candidate.exists():
            return candidate
    subprocess.run(["cargo", "build", "--quiet", "--bin", "tomtat"], cwd=ROOT, check=True)
    return ROOT / "target" / "debug" / "tomtat"


@pytest.fixture(scope="session")
def cli():
    """Runs the built `tomtat` binary: cli(args, stdin=None) -> CompletedProcess."""
    binary = _find_binary()

    def run(args, stdin=None, check=True):
        return subprocess.run(
            [str(binary), *map(str, args)],
            input=stdin,
            capture_output=True,
            check=check,
        )

    return run


def write_jsonl(path, pairs, ids=None):
    with open(path, "w", encoding="utf-8") as f:
        for i, (pred, refs) in enumerate(pairs):
            row = {"id": ids[i] if ids else str(i), "candidate": pred, "references": refs}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def compared_runs(tmp_path, cli, n, seed, prefix, score_flags=(), compare_flags=()):
    """Two runs of the same `n` examples, saved by the CLI (in the new one about half the
    candidates lose their last word), and the CLI's `compare --format json` of them:
    `(ids, (base pairs, new pairs), comparison)`."""
    pairs = make_pairs(n, seed=seed)
    ids = [f"{prefix}-{i}" for i in range(n)]
    rng = random.Random(seed)
    changed = [(p if rng.random() < 0.5 else " ".join(p.split()[:-1]), r) for p, r in pairs]
    runs = []
    for name, data in (("base", pairs), ("new", changed)):
        path = write_jsonl(tmp_path / f"{name}.jsonl", data, ids)
        run = tmp_path / f"{name}.run.json"
        cli(["score", "--pairs", path, "--profile", "vi-v1", *score_flags, "--save", run,
             "--format", "json"])
        runs.append(run)
    out = cli(["compare", *runs, "--format", "json", *compare_flags], check=False)
    return ids, (pairs, changed), json.loads(out.stdout)
