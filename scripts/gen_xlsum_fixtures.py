"""Fixtures for the xlsum profile: per-example rouge1/2/L/Lsum from the real XL-Sum scorer
(csebuetnlp's multilingual_rouge_scoring, which installs as `rouge_score`) on generated
Vietnamese and English pairs full of what its tokenizer treats specially.

Run it where that package imports, e.g.

    python3 -m venv xv && xv/bin/pip install pyonmttok==1.38.1 nltk==3.10.4 absl-py six numpy
    git clone https://github.com/csebuetnlp/xl-sum && mkdir -p src/rouge_score
    cp xl-sum/multilingual_rouge_scoring/*.py src/rouge_score/
    PYTHONPATH=src xv/bin/python scripts/gen_xlsum_fixtures.py

(these fixtures: xl-sum commit afcd803c8d7c, Python 3.11.7, pyonmttok 1.38.1, nltk 3.10.4).
Writes tests/fixtures/xlsum/pairs_{vi,en}.jsonl (id, candidate, reference), scores_CONFIG.jsonl
(one file per configuration: per pair, [p, r, f] per metric) and tokens.jsonl (both tokenization paths for the
first texts).

`--release-only` writes just the release-format fixture: release_vietnamese_test.jsonl (rows as
XL-Sum releases them: id, url, title, summary, text; summaries and texts with NFD, Ð for Đ,
U+200B and stray spaces), release_candidates.jsonl (id, lang, summary) and release_scores.jsonl (the
scorer on the raw summary and candidate, per id). `tests/xlsum_cli.rs` imports the file with
`tomtat dataset import xlsum` and checks `score --dataset … --profile xlsum` against them."""

import json
import pathlib
import random
import re
import sys
import unicodedata
import warnings

from rouge_score import rouge_scorer, tokenization_wrapper

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "xlsum"
ARTICLES = ROOT / "datasets" / "vi-news-ukraine-2022" / "articles"
METRICS = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
PAIRS = 2000

# (name, language of the pairs, scorer keywords)
CONFIGS = [
    ("vi", "vi", {}),
    ("vi-porter", "vi", {"use_stemmer": True}),
    ("vi-lang", "vi", {"lang": "vietnamese", "use_stemmer": True}),
    ("en", "en", {}),
    ("en-porter", "en", {"use_stemmer": True}),
]

ENGLISH = (
    "the cats were running quickly across gardens while dogs barked at flying birds and "
    "children played happily near the river generously sharing apples oranges conditional "
    "agreements were signed by leaders meeting in capitals discussing wars peace talks "
    "sanctions economies growing slowly prices rising markets fell sharply yesterday "
    "Russia's Ukraine NATO officials said on Monday that negotiations continued"
).split()

SPECIAL = [
    "3,5", "7.5%", "100.000", "10/1", "10:30", "2022-01-10", "https://vnexpress.net/the-gioi-123.html",
    "www.bbc.com/vietnamese", "email@vov.vn", "Nga-Mỹ", "“Hòa bình”", "‘quote’", "(AP)", "—", "…",
    "😀", "👍🏽", "🇻🇳", "❤\ufe0f", "日本語", "中国abc", "한국어", "€100", "₫5.000", "°C", "x²", "½",
    "▁", "￭", "￨", "a\u0301", ".\u0301b", "\u0301", "ǅ", "İstanbul", "ΣΟΦΙΑ", "straße", "ﬁnance",
    "\u200bzero", "soft\u00adhyphen", "nb\u00a0sp", "tab\there", "ctl\x07x", "\ufeffbom",
    "١٢٣", "ⅻ12", "abc123def", "__init__", "#hashtag", "@user", "$5", "a&b", "<tag>", "~x",
    "can't", "Mỹ's", "U.S.", "TP.HCM", "t.iền", "v.v.", "e.g.", "x\u2028y", "a\u3000b",
]


def vietnamese_words():
    words = []
    for path in sorted(ARTICLES.glob("*.txt")):
        words += re.findall(r"\S+", path.read_text(encoding="utf-8"))
    return words


def variant(word, rng):
    r = rng.random()
    if r < 0.06:
        return unicodedata.normalize("NFD", word)
    if r < 0.10:
        return word.upper()
    if r < 0.13:
        return word.replace("oà", "òa").replace("uỷ", "ủy").replace("oạ", "ọa")
    if r < 0.16:
        return word.capitalize()
    return word


def text(rng, vocab):
    lines = []
    for _ in range(rng.randint(1, 4)):
        n = rng.randint(0, 30)
        words = []
        for _ in range(n):
            if rng.random() < 0.12:
                words.append(rng.choice(SPECIAL))
            else:
                words.append(variant(rng.choice(vocab), rng))
        sep = rng.choice([" ", " ", " ", "  ", "\t"])
        lines.append(sep.join(words))
    if rng.random() < 0.1:
        lines.insert(rng.randint(0, len(lines)), rng.choice(["", "   ", "\t"]))
    joiner = "\r\n" if rng.random() < 0.05 else "\n"
    return joiner.join(lines)


def pairs(lang, seed):
    rng = random.Random(seed)
    vocab = vietnamese_words() if lang == "vi" else ENGLISH
    out = []
    for i in range(PAIRS):
        cand = text(rng, vocab)
        ref = text(rng, vocab)
        if rng.random() < 0.4:  # overlap, so scores are not all near zero
            ref = cand + rng.choice([" ", "\n"]) + ref
        if rng.random() < 0.02:
            cand = rng.choice(["", " ", "...", "😀"])
        out.append({"id": f"{lang}{i:04d}", "candidate": cand, "reference": ref})
    return out


QUIRKS = ["nfd", "eth", "zwsp", "spaces"]


def quirk(text, kind):
    if kind == "nfd":
        return unicodedata.normalize("NFD", text)
    if kind == "eth":
        return "Ðà Nẵng: " + text.replace("Đ", "Ð").replace("đ", "ð")
    if kind == "zwsp":
        return text.replace(" ", " \u200b", 3) + "\u200b"
    return "  " + text + " \t "


def release(rows=120):
    """Release-format rows with the quirks real XL-Sum text has, candidates, and the scores
    of the real scorer on the raw texts."""
    rng = random.Random(23)
    vocab = vietnamese_words()
    scorer = rouge_scorer.RougeScorer(METRICS)
    data, candidates, scores = [], [], []
    for i in range(rows):
        words = lambda n: " ".join(variant(rng.choice(vocab), rng) for _ in range(n))
        summary = "Đà Nẵng " + words(rng.randint(8, 25))
        body = "\n".join(words(rng.randint(10, 40)) for _ in range(rng.randint(2, 5)))
        candidate = " ".join(summary.split()[: rng.randint(3, 12)]) + " " + words(rng.randint(0, 10))
        kind = QUIRKS[i % len(QUIRKS)]
        summary, body = quirk(summary, kind), quirk(body, QUIRKS[(i // 4) % len(QUIRKS)])
        rid = f"vietnamese-{60000000 + i * 7919}"
        data.append({"id": rid, "url": f"https://www.bbc.com/vietnamese/{rid}",
                     "title": words(6), "summary": summary, "text": body})
        candidates.append({"id": rid, "lang": "vi", "summary": candidate})
        s = scorer.score(summary, candidate)
        scores.append({"id": rid, "quirk": kind,
                       **{m: [s[m].precision, s[m].recall, s[m].fmeasure] for m in METRICS}})
    for name, items in [("release_vietnamese_test", data), ("release_candidates", candidates),
                        ("release_scores", scores)]:
        with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for row in items:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main():
    warnings.simplefilter("ignore")
    OUT.mkdir(parents=True, exist_ok=True)
    if "--release-only" in sys.argv:
        release()
        print(f"wrote the release fixtures in {OUT} ({sys.version.split()[0]})")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    data = {"vi": pairs("vi", 21), "en": pairs("en", 22)}
    for lang, rows in data.items():
        with open(OUT / f"pairs_{lang}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for name, lang, kwargs in CONFIGS:
        scorer = rouge_scorer.RougeScorer(METRICS, **kwargs)
        with open(OUT / f"scores_{name}.jsonl", "w", encoding="utf-8") as f:
            for row in data[lang]:
                s = scorer.score(row["reference"], row["candidate"])
                f.write(json.dumps({
                    "config": name,
                    "id": row["id"],
                    **{m: [s[m].precision, s[m].recall, s[m].fmeasure] for m in METRICS},
                }) + "\n")
    with open(OUT / "tokens.jsonl", "w", encoding="utf-8") as f:
        scorer = rouge_scorer.RougeScorer(METRICS)
        for row in data["vi"][:300] + data["en"][:100]:
            t = row["reference"]
            full = tokenization_wrapper.tokenize(t, None, scorer._tokenizer)
            lines = [tokenization_wrapper.tokenize(s, None) for s in t.split("\n") if len(s)]
            f.write(json.dumps({"text": t, "full": full, "lines": lines}, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({sys.version.split()[0]})")


if __name__ == "__main__":
    main()
