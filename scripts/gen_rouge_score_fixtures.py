#!/usr/bin/env python3
"""Regenerates tests/fixtures/rouge_score_tokens.jsonl and tests/fixtures/porter_nltk.tsv.

Needs `pip install rouge-score==0.1.2 nltk` (fixtures were made with nltk 3.10.4). The expected
values come from the real Python packages; the inputs are deterministic (seeded) mixes of
English prose (Python's own docstrings), the seed articles' Vietnamese text when present,
digits, punctuation and awkward Unicode (İ, the Kelvin sign, ß, Greek, NFD, emoji).
"""
import json, pydoc, random, re, sys, os, importlib
from rouge_score import tokenize
from nltk.stem import porter

rng = random.Random(20261122)
stemmer = porter.PorterStemmer()

# English vocabulary from docstrings of stdlib modules.
texts = []
for name in ["os", "re", "json", "random", "collections", "itertools", "functools", "string",
             "textwrap", "argparse", "logging", "subprocess", "pathlib", "datetime", "decimal",
             "fractions", "statistics", "unittest", "email", "http.client", "urllib.parse",
             "csv", "sqlite3", "threading", "asyncio", "typing", "inspect", "pydoc", "zipfile",
             "tarfile", "shutil", "tempfile", "socket", "ssl", "codecs", "unicodedata", "difflib"]:
    try:
        mod = importlib.import_module(name)
        texts.append(pydoc.render_doc(mod, renderer=pydoc.plaintext))
    except Exception:
        pass
prose = "\n".join(texts)
words = sorted(set(w.lower() for w in re.findall(r"[A-Za-z]+", prose)))
extra = ["sky", "skies", "dying", "lying", "tying", "news", "innings", "outings", "cannings",
         "howe", "proceed", "exceed", "succeed", "generously", "conditional", "happily",
         "ies", "dies", "ied", "tied", "spied", "feed", "agreed", "bled", "sing", "yyyy", "syzygy",
         "analogi", "analogies", "fulli", "hopefulli", "electrical", "formalize", "radicalli",
         "controlling", "rolling", "allied", "biology", "biologies", "y", "ys", "by", "eyes"]
words = sorted(set(words + extra))
with open("tests/fixtures/porter_nltk.tsv", "w", encoding="utf-8") as f:
    f.write("# word<TAB>NLTK PorterStemmer() (NLTK_EXTENSIONS) stem; nltk %s\n" % __import__("nltk").__version__)
    for w in words:
        f.write("%s\t%s\n" % (w, stemmer.stem(w)))

lines = [l for l in prose.splitlines() if l.strip()]
seeds_dir = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "seeds")
vi_lines = []
if os.path.isdir(seeds_dir):
    for fn in sorted(os.listdir(seeds_dir)):
        with open(os.path.join(seeds_dir, fn), encoding="utf-8") as f:
            vi_lines += [l for l in f.read().splitlines() if l.strip()]
odd = ["İstanbul", "KELVIN \u212a 5\u212a", "Straße", "ΑΒΓ αβγ", "e\u0301te\u0301", "naïve café",
       "😀 emoji 👍🏽", "ﬁle ligature", "x²+y²", "１２３ fullwidth", "tab\tsep", "nbsp\u00a0here",
       "line\u2028sep", "under_score", "hyphen-ated", "O'Neil's", "3.14159", "1,000,000", "A1B2c3",
       "ǅemal", "ΣΊΣΥΦΟΣ", "İİ ıı", "Ǆ ǆ", "\u1e9e capital sharp s"]
cases = []
for _ in range(800):
    kind = rng.random()
    if kind < 0.45 or not vi_lines:
        n = rng.randint(1, 4)
        text = " ".join(rng.choice(lines) for _ in range(n))
    elif kind < 0.75:
        text = rng.choice(vi_lines)
    else:
        parts = [rng.choice(odd + lines[:200] + vi_lines[:50]) for _ in range(rng.randint(1, 5))]
        text = rng.choice([" ", "\n", "", "--", ", "]).join(parts)
    if rng.random() < 0.1:
        text = text.upper()
    cases.append(text)
cases += odd
with open("tests/fixtures/rouge_score_tokens.jsonl", "w", encoding="utf-8") as f:
    for text in cases:
        f.write(json.dumps({"text": text,
                            "tokens": tokenize.tokenize(text, None),
                            "stemmed": tokenize.tokenize(text, stemmer)}, ensure_ascii=False) + "\n")
print(len(words), "stems;", len(cases), "texts")
