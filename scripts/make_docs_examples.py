"""Writes the small input files the guide's examples use (docs/examples/): pairs.jsonl,
base.jsonl / today.jsonl for the regression-gate example, and vietnamese_test.jsonl, three
made-up rows in XL-Sum's released layout (one a re-post of another) for the importer example,
and languages.jsonl (summaries expected in Vietnamese or English, two in the wrong language) for
the language-fidelity example. Sentences come from the bundled
articles, so the files are deterministic: `python3 scripts/make_docs_examples.py`."""

import json
import pathlib
import random
import re

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


if __name__ == "__main__":
    write_languages()
    main()
