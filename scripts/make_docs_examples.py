"""Writes the small input files the guide's examples use (docs/examples/): pairs.jsonl,
base.jsonl / today.jsonl for the regression-gate example, and vietnamese_test.jsonl, three
made-up rows in XL-Sum's released layout (one a re-post of another) for the importer example,
and languages.jsonl (summaries expected in Vietnamese or English, two in the wrong language) for
the language-fidelity example, judged-base.jsonl / judged-today.jsonl (the regression-gate rows
with an LLM judge's grade per row) for the supplied-scores example, and rated/ (four systems'
summaries of 12 inputs with ratings made by a rule) for the `tomtat correlate` example, and
board/ (twelve checkpoints of one model on the 40 regression-gate references, each keeping a
larger share of the reference's words) for the `tomtat leaderboard` example.
Sentences come from the bundled articles, so the files are deterministic:
`python3 scripts/make_docs_examples.py`."""

import json
import pathlib
import random
import re
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "datasets" / "vi-news-ukraine-2022" / "articles"
OUT = ROOT / "docs" / "examples"


def sentences():
    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n")[1:]
        for para in body:
            out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if len(s.split()) >= 12]
    return out


def drop_words(text, rng, share):
    words = text.split()
    return " ".join(w for w in words if rng.random() >= share)


def write(name, rows):
    with open(OUT / name, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main():
    rng = random.Random(7)
    sents = sentences()
    OUT.mkdir(parents=True, exist_ok=True)
    write(
        "pairs.jsonl",
        [
            {"id": "1", "candidate": "Nga và Mỹ đàm phán về Ukraine", "reference": "Nga-Mỹ đàm phán về khủng hoảng Ukraine"},
            {"id": "2", "candidate": "Hoà bình ở châu Âu", "references": ["Hòa bình cho châu Âu", "Châu Âu cần hoà bình"]},
            {"id": "3", "candidate": "Hai bên không đạt được đột phá", "reference": "Hai bên đã không đạt được đột phá nào"},
        ],
    )
    base, today = [], []
    for i, ref in enumerate(sents[:40]):
        key = f"s{i:02d}"
        base.append({"id": key, "candidate": drop_words(ref, rng, 0.2), "reference": ref})
        today.append({"id": key, "candidate": drop_words(ref, rng, 0.6), "reference": ref})
    write("base.jsonl", base)
    write("today.jsonl", today)
    geneva = ("Ngoại trưởng hai nước gặp nhau tại Geneva hôm thứ Hai. Cuộc gặp kéo dài bảy tiếng. "
              "Hai bên không đạt được đột phá nào nhưng đồng ý tiếp tục đối thoại.")
    bbc = "https://www.bbc.com/vietnamese/"
    write(
        "vietnamese_test.jsonl",
        [
            {"id": "world-1", "url": bbc + "world-1", "title": "Nga và Mỹ đàm phán ở Geneva",
             "summary": "Hai bên không đạt đột phá ở Geneva.", "text": geneva},
            {"id": "business-2", "url": bbc + "business-2", "title": "Giá xăng tăng",
             "summary": "Giá xăng tăng lần thứ ba liên tiếp.",
             "text": "Giá xăng trong nước tăng lần thứ ba liên tiếp. Mức tăng lớn nhất là 500 đồng mỗi lít."},
            {"id": "world-3", "url": bbc + "world-3", "title": "Nga và Mỹ đàm phán",
             "summary": "Bản đăng lại.", "text": geneva.replace(". ", ".  ", 1)},
        ],
    )


def write_languages():
    write(
        "languages.jsonl",
        [
            {"id": "1", "lang": "vi", "candidate": "Hai bên không đạt được đột phá nào ở Geneva",
             "reference": "Hai bên đã không đạt được đột phá"},
            {"id": "2", "lang": "vi", "candidate": "The two sides made no breakthrough in Geneva",
             "reference": "Hai bên đã không đạt được đột phá"},
            {"id": "3", "lang": "en", "candidate": "Prime Minister Phạm Minh Chính met investors in Hà Nội",
             "reference": "The prime minister met investors"},
            {"id": "4", "lang": "en", "candidate": "Thủ tướng gặp các nhà đầu tư ở Hà Nội",
             "reference": "The prime minister met investors"},
        ],
    )


def write_judged():
    """Grades 6-10 for the base rows; today's are lower on about half of them (by 1 or 2)."""
    rng = random.Random(23)
    for name in ("base", "today"):
        rows = [json.loads(l) for l in open(OUT / f"{name}.jsonl", encoding="utf-8")]
        if name == "base":
            grades = [rng.choice([6, 7, 7, 8, 8, 8, 9, 9, 10]) for _ in rows]
        else:
            grades = [g - rng.choice([0, 0, 1, 1, 2]) if rng.random() < 0.7 else g for g in grades]
        write(f"judged-{name}.jsonl",
              [dict(r, judge=g) for r, g in zip(rows, grades)])


# Tone marks swapped pairwise (grave/acute, hook/tilde, dot below/acute): the word changes
# meaning (tôi "I" / tồi "bad") while its letters a-z stay the same.
RETONE = {"\u0300": "\u0301", "\u0301": "\u0300", "\u0309": "\u0303", "\u0303": "\u0309",
          "\u0323": "\u0301"}


def retone(word):
    """The word with each tone mark swapped, placed after the vowel's other marks (ô, ơ, ă) so
    that the result composes to one letter."""
    out, held = [], None
    for c in unicodedata.normalize("NFD", word):
        if c in RETONE:
            held = RETONE[c]
            continue
        if held and not unicodedata.combining(c):
            out.append(held)
            held = None
        out.append(c)
    if held:
        out.append(held)
    return unicodedata.normalize("NFC", "".join(out))


def write_rated():
    """Four systems' summaries of 12 inputs, and an adequacy rating (1-5) of each made by a
    stated rule, standing in for what a reader sees: `tight` drops a fifth of the words (5 minus
    2 per share dropped); `nfd` is `tight` in decomposed Unicode (the same to a reader, so the
    same rating); `retoned` is `tight` with the tone mark of every other marked word swapped,
    which changes those words' meaning (rating 1.5); `lead` keeps the first eight words
    (2 plus 2 per share kept)."""
    rng = random.Random(11)
    refs = sentences()[40:52]
    (OUT / "rated").mkdir(exist_ok=True)
    systems = {"tight": [], "nfd": [], "retoned": [], "lead": []}
    ratings = []
    for i, ref in enumerate(refs):
        key = f"r{i:02d}"
        words = ref.split()
        kept = [w for w in words if rng.random() >= 0.2]
        tight = " ".join(kept)
        marked = 0
        garbled = []
        for w in kept:
            if retone(w) != w:
                marked += 1
                if marked % 2 == 1:
                    w = retone(w)
            garbled.append(w)
        outputs = {
            "tight": (tight, 5 - 2 * (1 - len(kept) / len(words))),
            "nfd": (unicodedata.normalize("NFD", tight), 5 - 2 * (1 - len(kept) / len(words))),
            "retoned": (" ".join(garbled), 1.5),
            "lead": (" ".join(words[:8]), 2 + 2 * min(8, len(words)) / len(words)),
        }
        for name, (text, rating) in outputs.items():
            systems[name].append({"id": key, "candidate": text, "reference": ref})
            ratings.append({"system": name, "id": key, "adequacy": round(rating * 2) / 2})
    for name, rows in systems.items():
        write(f"rated/{name}.jsonl", rows)
    write("rated/ratings.jsonl", ratings)


def write_board():
    refs = [json.loads(line) for line in (OUT / "base.jsonl").read_text(encoding="utf-8").splitlines()]
    (OUT / "board").mkdir(exist_ok=True)
    # The share of each reference's words a checkpoint drops: later ones are better, the last
    # two are alike (a tie a leaderboard must not split).
    shares = [0.70, 0.62, 0.55, 0.48, 0.42, 0.36, 0.30, 0.25, 0.20, 0.16, 0.12, 0.12]
    for k, share in enumerate(shares):
        rng = random.Random(100 + k)
        rows = [
            {"id": r["id"], "candidate": drop_words(r["reference"], rng, share), "reference": r["reference"]}
            for r in refs
        ]
        write(f"board/step-{(k + 1) * 1000:05d}.jsonl", rows)


if __name__ == "__main__":
    write_languages()
    main()
    write_judged()
    write_rated()
    write_board()
