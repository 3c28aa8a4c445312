"""The example explorer driven as a person would (issue 24), in the system Chromium through
Playwright: sort a column, filter to regressions, search, page, open a row and check that the
marked words are the shared ones, switch the metric, and open pages full of hostile text without
anything running. Every page must load without a console error or a request leaving the file.
Screenshots go to target/html-check/*.explorer.png.

Run after `scripts/html_render_check.sh` (`.ci/run` does), which writes the pages."""

import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = ROOT / "target" / "html-check"

pytest.importorskip("playwright.sync_api")


class Opened:
    """A page opened from target/html-check, recording console errors, requests, dialogs."""

    def __init__(self, browser, name):
        path = PAGES / f"{name}.html"
        if not path.exists():
            pytest.skip(f"{path} is missing: run scripts/html_render_check.sh first")
        self.name = name
        self.page = browser.new_page(viewport={"width": 1300, "height": 1000})
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("#explorer[data-ready=true]", timeout=30000)

    def rows(self):
        return self.page.locator("#x-table tbody tr[data-id]")

    def column(self, index):
        return [
            float(t.replace("+", ""))
            for t in self.page.locator(f"#x-table tbody tr[data-id] td:nth-child({index})").all_text_contents()
        ]

    def close(self, shot):
        self.page.screenshot(path=str(PAGES / f"{shot}.explorer.png"), full_page=True)
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert all(u.startswith(("file:", "data:")) for u in self.requests), self.requests
        self.page.close()


def words(text):
    return set(re.findall(r"\w+", text.lower()))


def test_score_explorer_sorts_searches_opens_and_marks_shared_words(browser):
    o = Opened(browser, "score")
    page = o.page
    ids = o.rows().evaluate_all("rs => rs.map(r => r.dataset.id)")
    assert len(ids) == 6 and "c-ukraine-talks" in ids
    # Sort by rouge1 F (the third column, after id and language): ascending, then descending.
    header = page.locator("#x-table th", has_text="rouge1")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    up = o.column(3)
    assert up == sorted(up)
    header.click()
    assert o.column(3) == sorted(up, reverse=True)
    # Search narrows the table to the examples whose id or texts contain the words.
    page.fill("#x-search", "c-ukraine")
    assert o.rows().count() == 1
    assert page.locator("#x-count").inner_text() == "1 of 6 examples"
    page.fill("#x-search", "")
    assert o.rows().count() == 6
    # Open a row: the candidate's unigram marks are words the references have, and the
    # references' marks words the candidate has.
    o.rows().first.click()
    detail = page.locator("#x-detail")
    first = o.rows().first.get_attribute("data-id")
    assert detail.get_attribute("data-id") == first
    # The texts open right below their row.
    assert page.locator(f"#x-table tr[data-id='{first}'] + tr.x-detail-row #x-detail").count() == 1
    cand = detail.locator(".candidate .text")
    refs = detail.locator(".reference .text")
    ref_words = set().union(*(words(t) for t in refs.all_inner_texts()))
    cand_words = words(cand.inner_text())
    m1 = cand.locator("mark.m1").all_inner_texts()
    assert len(m1) >= 10
    for w in m1:
        assert words(w) & ref_words, w
    for w in refs.locator("mark.m1").all_inner_texts():
        assert words(w) & cand_words, w
    # The shown kind follows the metric: rouge2 shows bigram marks and hides unigram ones.
    marked_bg = "getComputedStyle(e).backgroundColor"
    only_m1 = cand.locator("mark.m1:not(.m2)").first
    page.select_option("#x-metric", label="rouge2")
    assert "show-m2" in page.locator("#explorer").get_attribute("class")
    assert only_m1.evaluate(f"e => {marked_bg}") == "rgba(0, 0, 0, 0)"
    assert cand.locator("mark.m2").first.evaluate(f"e => {marked_bg}") != "rgba(0, 0, 0, 0)"
    page.select_option("#x-metric", label="rougeL")
    assert page.locator("#x-legend input[data-kind=lcs]").is_checked()
    # Novel words: the references' words that the article lacks (lead-3 copies the article).
    assert detail.locator(".reference mark.novel").count() > 0
    assert detail.locator(".candidate mark.novel").count() == 0
    # A second click closes the example.
    o.rows().first.click()
    assert page.locator("#x-detail").count() == 0
    o.close("score")


def test_compare_explorer_filters_regressions_and_shows_both_candidates(browser):
    o = Opened(browser, "compare")
    page = o.page
    total = o.rows().count()
    assert total == 6
    # Δ is the fifth column (id, language, base, new, Δ); the worst comes first by default.
    deltas = o.column(5)
    assert deltas == sorted(deltas)
    page.check("#x-worse")
    worse = o.column(5)
    assert 0 < len(worse) <= total and all(d < 0 for d in worse)
    assert all("worse" in (c or "") for c in page.locator("#x-table tbody tr[data-id] td:nth-child(5)").evaluate_all("cs => cs.map(c => c.className)"))
    page.select_option("#x-metric", label="rouge2")
    assert all(d < 0 for d in o.column(5))
    assert page.locator("#x-table th", has_text="Δ rouge2").count() == 1
    o.rows().first.click()
    detail = page.locator("#x-detail")
    assert detail.locator(".candidate.base").count() == 1
    assert detail.locator(".candidate.new").count() == 1
    # lead-1 (new) keeps a prefix of lead-3 (base): it loses matches and gains none.
    assert detail.locator(".reference mark.loss").count() > 0
    assert detail.locator(".reference mark.gain").count() == 0
    o.close("compare")


@pytest.mark.parametrize("name", ["hostile-score-a", "hostile-compare"])
def test_hostile_text_stays_text(browser, name):
    o = Opened(browser, name)
    page = o.page
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2
    for i in range(o.rows().count()):
        o.rows().nth(i).click()
        assert "<img src=x onerror=alert(2)>" in page.locator("#x-detail").inner_text()
    ids = o.rows().evaluate_all("rs => rs.map(r => r.dataset.id)")
    assert all(i.startswith("</script><script>alert(1)</script><img") for i in ids)
    o.close(name)


def test_many_examples_page_and_filter_by_language(browser):
    o = Opened(browser, "many")
    page = o.page
    assert page.locator("#x-count").inner_text() == "1200 examples"
    assert o.rows().count() == 50
    assert page.locator("#x-page").inner_text().strip() == "page 1 of 24"
    assert page.locator("#x-prev").is_disabled()
    page.click("#x-next")
    ids = o.rows().evaluate_all("rs => rs.map(r => r.dataset.id)")
    assert ids[0] == "m0050" and ids[-1] == "m0099"
    # The last block of the data (rows 1000-1199) arrived too.
    page.fill("#x-search", "m1199")
    assert o.rows().evaluate_all("rs => rs.map(r => r.dataset.id)") == ["m1199"]
    page.fill("#x-search", "")
    page.select_option("#x-lang", "en")
    assert page.locator("#x-count").inner_text() == "300 of 1200 examples"
    langs = set(page.locator("#x-table tbody tr[data-id] td:nth-child(2)").all_text_contents())
    assert langs == {"en"}
    o.close("many")


def test_sentences_sent_once_show_whole_in_every_example(browser):
    o = Opened(browser, "repeats")
    page = o.page
    inputs = {}
    for line in (PAGES / "repeats.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        inputs[row["id"]] = row
    assert page.locator("#x-count").inner_text() == "1100 examples"
    # Rows of the first, second and last blocks of the data.
    for rid in ["r0000", "r0007", "r0499", "r0500", "r0777", "r1099"]:
        page.fill("#x-search", rid)
        o.rows().first.click()
        detail = page.locator("#x-detail")
        assert detail.get_attribute("data-id") == rid
        assert detail.locator(".candidate .text").text_content() == inputs[rid]["candidate"]
        assert detail.locator(".reference .text").text_content() == inputs[rid]["reference"]
    o.close("repeats")


def test_dataset_stats_explorer_marks_words_the_article_lacks(browser):
    o = Opened(browser, "stats")
    page = o.page
    assert page.locator("#x-count").inner_text() == "18 references"
    assert page.locator("#x-metric").count() == 0
    header = page.locator("#x-table th", has_text="novel 1-grams")
    header.click()
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    o.rows().first.click()
    rid = page.locator("#x-detail").get_attribute("data-id")
    target = rid.split(".")[0]
    article = (ROOT / "datasets" / "vi-news-ukraine-2022" / "articles" / f"{target}.vi.txt").read_text(encoding="utf-8")
    novel = page.locator("#x-detail mark.novel").all_inner_texts()
    assert novel, rid
    for w in novel:
        assert not (words(w) <= words(article)), w
    o.close("stats")
