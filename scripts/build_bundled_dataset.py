#!/usr/bin/env python3
"""Builds datasets/vi-news-ukraine-2022/ from the five seed articles in ../shared/seeds/.

The cleaning keeps the articles' own lines as published (same tone style, same dotted words
such as "t.iền") and drops what is not body text: the lines not listed per article below
(navigation, bylines, related-news lists, "Hình N" image labels, photo captions, share/feedback
widgets, a004's truncated teaser that repeats its fourth line), outlet prefixes at the start of
a line (EDITS), the "./." end mark (made "."), and no-break spaces (made spaces); then it
NFC-normalizes (the seeds already are). Line numbers are 1-based in the seed file. Run from the
repository root.
"""
import csv, os, sys, unicodedata

SEEDS = os.path.join("..", "shared", "seeds")
OUT = os.path.join("datasets", "vi-news-ukraine-2022")

ARTICLES = [
    # (article id, seed file, outlet, source_url, published, lines to keep)
    ("a000", "000_1e1f9afb0f381ea9.txt", "VOV",
     "https://vov.vn/the-gioi/nga-my-khong-dat-duoc-dot-pha-trong-dam-phan-ve-khung-hoang-bien-gioi-ukraine-post917507.vov",
     "", [1, 3, 5, 11, 13, 15, 17]),            # drops 2 copies of a photo caption, byline, source line
    ("a001", "001_5c22a0dbaf1aea73.txt", "VGT", "", "",
     [1, 5, 13, 15, 17, 19, 21, 23, 27, 33, 35, 37, 43, 45, 47, 49, 51, 53, 55, 57, 59, 61,
      63, 65, 67, 69, 71, 73, 78, 80, 82, 84, 86, 88]),  # drops "Theo dõi", Hình N labels, captions, related link, widgets, trending lists
    ("a002", "002_04c02c50d0d2f858.txt", "", "", "",
     [1, 5, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]),  # drops author/comment counter, font-size widget, repeated title, caption, footer
    ("a003", "003_a2d0dab5a1a8f592.txt", "Thể thao & Văn hóa (Thethaovanhoa.vn)", "", "2022-01-11",
     [1, 5, 13, 15, 20, 22, 24, 26, 28]),       # drops date line, related-news box, caption, byline, footer
    ("a004", "004_be9bdd126f5ced08.txt", "VOV", "", "",
     [1, 5, 7, 9, 11, 13, 15, 17]),             # drops the truncated teaser, "follow us" line, related-news list
]

# Outlet prefixes that open a body line (the outlet and wire-service attribution, not text).
EDITS = {
    "a003": [("(Thethaovanhoa.vn) - Theo phóng viên TTXVN tại Mỹ, ngày", "Ngày")],
    "a004": [("VOV.VN - ", "")],
}


def clean_line(aid, line):
    for old, new in EDITS.get(aid, []):
        if line.startswith(old):
            line = new + line[len(old):]
    line = line.replace("\u00a0", " ")
    if line.endswith("./."):
        line = line[:-2]
    return line
CLUSTER = "c-ukraine-talks"

def main():
    if not os.path.isdir(SEEDS):
        sys.exit("seed articles not found at %s" % SEEDS)
    os.makedirs(os.path.join(OUT, "articles"), exist_ok=True)
    rows = []
    for aid, seed, outlet, url, published, keep in ARTICLES:
        with open(os.path.join(SEEDS, seed), encoding="utf-8") as f:
            lines = f.read().split("\n")
        kept = [clean_line(aid, lines[n - 1].rstrip()) for n in keep]
        assert all(kept), (aid, [n for n, l in zip(keep, kept) if not l])
        text = unicodedata.normalize("NFC", "\n".join(kept) + "\n")
        rel = os.path.join("articles", aid + ".vi.txt")
        with open(os.path.join(OUT, rel), "w", encoding="utf-8") as f:
            f.write(text)
        rows.append([aid, CLUSTER, "vi", kept[0], outlet, url, published, rel])
    with open(os.path.join(OUT, "manifest.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["article_id", "cluster_id", "lang", "title", "outlet", "source_url", "published", "file"])
        w.writerows(rows)
    print("wrote", len(rows), "articles to", OUT)

main()
