#!/usr/bin/env python3
"""Writes tests/fixtures/chrf/cases.jsonl: generated Vietnamese (NFC and NFD, both tone-mark
styles, mixed case) and English pairs (punctuation, every kind of whitespace) with 1-3
references, and per case sacreBLEU's sentence chrF and chrF++ (F = score / 100, and the
averaged precision and recall behind it), plus corpus.json with corpus_chrf of all cases.

Usage: scripts/gen_chrf_fixtures.py   (needs `pip install sacrebleu`; prints its version)"""
import json
import pathlib
import random
import re
import unicodedata

import sacrebleu
from sacrebleu.metrics import CHRF

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "chrf"
ARTICLES = ROOT / "datasets" / "vi-news-ukraine-2022" / "articles"

ENGLISH = ("The talks in Geneva ended without a breakthrough, officials said on Monday. "
           "\"We remain hopeful,\" a spokesman added; prices (of oil) rose 3.5% - again! "
           "U.S. sanctions, e.g. on banks, were extended... Why? Nobody knows.").split()
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0", "\u2028", "\u3000", "\x1c", "\u200b", "\n"]
OLD_NEW = [("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"),
           ("òe", "oè"), ("óe", "oé"), ("ỏe", "oẻ"), ("õe", "oẽ"), ("ọe", "oẹ"),
           ("ùy", "uỳ"), ("úy", "uý"), ("ủy", "uỷ"), ("ũy", "uỹ"), ("ụy", "uỵ")]


def vietnamese_words():
    words = []
    for path in sorted(ARTICLES.glob("*.txt")):
        words += re.findall(r"\S+", path.read_text(encoding="utf-8"))
    return words


def tone_style(text, new):
    for old, modern in OLD_NEW:
        text = text.replace(old, modern) if new else text.replace(modern, old)
    return text


def variant(rng, text, vietnamese):
    if vietnamese:
        text = tone_style(text, rng.random() < 0.5)
        if rng.random() < 0.3:
            text = unicodedata.normalize("NFD", text)
        if rng.random() < 0.2:
            text = text.upper()
    elif rng.random() < 0.2:
        text = text.lower()
    return text


def sentence(rng, vocab, n):
    start = rng.randrange(max(1, len(vocab) - n))
    words = vocab[start:start + n]
    if rng.random() < 0.3:
        words = [w for w in words if rng.random() < 0.8]
    out = ""
    for i, w in enumerate(words):
        out += (rng.choice(SPACES) if rng.random() < 0.15 else " ") if i else ""
        out += w
    return out


def prf(metric, hyp, refs):
    stats = metric._extract_corpus_statistics([hyp], [[r] for r in refs])[0]
    p = r = 0.0
    k = 0
    for i in range(metric.order):
        n_hyp, n_ref, n_match = stats[3 * i: 3 * i + 3]
        if n_hyp > 0 and n_ref > 0:
            p += n_match / n_hyp
            r += n_match / n_ref
            k += 1
    return (p / k, r / k) if k else (0.0, 0.0)


def main():
    rng = random.Random(2026)
    vi = vietnamese_words()
    chrf, chrfpp = CHRF(), CHRF(word_order=2)
    OUT.mkdir(parents=True, exist_ok=True)
    cases = []
    for i in range(600):
        vietnamese = i % 3 != 0
        vocab = vi if vietnamese else ENGLISH
        base = sentence(rng, vocab, rng.randint(1, 30))
        if i % 50 == 7:
            hyp = ""
        elif rng.random() < 0.5:
            hyp = variant(rng, base, vietnamese)
        else:
            hyp = variant(rng, sentence(rng, vocab, rng.randint(1, 30)), vietnamese)
        refs = [variant(rng, base if k == 0 else sentence(rng, vocab, rng.randint(0, 25)), vietnamese)
                for k in range(rng.randint(1, 3))]
        if i % 61 == 5:
            refs[0] = ""
        case = {"id": f"c{i}", "candidate": hyp, "references": refs}
        for name, metric in (("chrF", chrf), ("chrF++", chrfpp)):
            f = metric.sentence_score(hyp, refs).score / 100
            p, r = prf(metric, hyp, refs)
            case[name] = [p, r, f]
        cases.append(case)
    with open(OUT / "cases.jsonl", "w", encoding="utf-8") as out:
        for c in cases:
            out.write(json.dumps(c, ensure_ascii=False) + "\n")
    width = max(len(c["references"]) for c in cases)
    streams = [[c["references"][k] if k < len(c["references"]) else None for c in cases]
               for k in range(width)]
    hyps = [c["candidate"] for c in cases]
    corpus = {name: metric.corpus_score(hyps, streams).score / 100
              for name, metric in (("chrF", CHRF()), ("chrF++", CHRF(word_order=2)))}
    (OUT / "corpus.json").write_text(json.dumps(corpus, indent=1) + "\n")
    print("sacrebleu", sacrebleu.__version__)


main()
