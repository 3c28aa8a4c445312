#!/usr/bin/env python3
"""Measures the HTML report's example explorer on 10,000 real Vietnamese examples (issue 24):
page size, whole-process time of `tomtat score --format html` against `--format json` on the
same pairs, and in the system Chromium the time until the table is shown, to sort a column, to
search, and to open a row. Medians of --repeat runs.

    scripts/measure_explorer.py target/release/tomtat [--repeat 5] [--examples 10000]

The pairs are built from VLSP 2022 AbMuSu in ../shared/data/abmusu (train and validation):
example i takes three sentences of one of its cluster's articles as the candidate and the
cluster's human summary, its sentences rotated, as the reference (with --short: one sentence of
each, single-document news lengths). Without that data the script says so and exits 2.
Needs Playwright for Python (the system `chromium` is used, no download)."""

import argparse
import json
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "abmusu"


def pairs(n, short=False):
    clusters = []
    for name in ("train.jsonl", "validation.jsonl"):
        path = DATA / name
        if not path.exists():
            print(f"measure_explorer: {path} is missing; this measurement needs AbMuSu", file=sys.stderr)
            sys.exit(2)
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            docs = [re.split(r"(?<=[.!?])\s+", d["raw_text"].strip()) for d in row["single_documents"]]
            clusters.append((docs, re.split(r"(?<=[.!?])\s+", row["summary"].strip())))
    out = []
    for i in range(n):
        docs, summary = clusters[i % len(clusters)]
        sentences = docs[(i // len(clusters)) % len(docs)]
        start = (i // len(clusters)) * 3 % max(1, len(sentences) - 3)
        # The summary's sentences rotated, so that no two examples share a reference text.
        turn = (i // len(clusters)) % len(summary)
        rotated = summary[turn:] + summary[:turn]
        take = 1 if short else 3
        reference = " ".join(rotated[:1] if short else rotated)
        out.append({"id": f"ex{i:05d}", "candidate": " ".join(sentences[start:start + take]), "reference": reference})
    return out


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def browser_times(page_path, repeat):
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("measure_explorer: no chromium on PATH")
    times = {"shown": [], "sort": [], "search": [], "open": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            t = time.perf_counter()
            page.goto(page_path.as_uri())
            page.wait_for_selector("#explorer[data-ready=true]", timeout=120000)
            times["shown"].append(time.perf_counter() - t)
            t = time.perf_counter()
            page.locator("#x-table th", has_text="rouge2").click()
            page.wait_for_selector("#x-table th[aria-sort=ascending]")
            times["sort"].append(time.perf_counter() - t)
            t = time.perf_counter()
            page.fill("#x-search", "hà nội")
            page.wait_for_function("document.getElementById('x-count').textContent.includes(' of ')")
            times["search"].append(time.perf_counter() - t)
            t = time.perf_counter()
            page.locator("#x-table tbody tr").first.click()
            page.wait_for_selector("#x-detail mark")
            times["open"].append(time.perf_counter() - t)
            page.close()
        browser.close()
    return {k: statistics.median(v) for k, v in times.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--examples", type=int, default=10000)
    ap.add_argument("--short", action="store_true", help="one sentence each (single-document news lengths)")
    a = ap.parse_args()
    rows = pairs(a.examples, a.short)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        src = tmp / "pairs.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        base = [a.binary, "score", "--pairs", str(src), "--profile", "vi-v1"]
        html, bare = tmp / "page.html", tmp / "bare.html"
        runs = {"html": [], "json": []}
        for _ in range(a.repeat):
            runs["json"].append(timed(base + ["--format", "json", "-o", str(tmp / "r.json")]))
            runs["html"].append(timed(base + ["--format", "html", "-o", str(html)]))
        subprocess.run(base + ["--format", "html", "--no-texts", "-o", str(bare)], check=True, stderr=subprocess.DEVNULL)
        inputs = src.stat().st_size
        words = sum(len(r["candidate"].split()) + len(r["reference"].split()) for r in rows) / len(rows)
        print(f"{a.examples} examples from AbMuSu ({words:.0f} words of text each); pairs file {inputs / 1e6:.2f} MB")
        print(f"page: {html.stat().st_size / 1e6:.2f} MB (with --no-texts: {bare.stat().st_size / 1e6:.2f} MB)")
        jm, hm = statistics.median(runs["json"]), statistics.median(runs["html"])
        print(f"tomtat score, median of {a.repeat}: --format json {jm:.2f} s, --format html {hm:.2f} s ({hm / jm:.2f}x)")
        t = browser_times(html, a.repeat)
        print(
            f"chromium, median of {a.repeat}: table shown {t['shown']:.2f} s after navigation; "
            f"sort {t['sort'] * 1000:.0f} ms; search {t['search'] * 1000:.0f} ms; open a row {t['open'] * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
