"""The HTML reports in a real browser (issue 24): every page that scripts/html_render_check.sh
wrote into target/html-check/ is opened in the system Chromium through Playwright (no browser
download) and must load without a console error or a request leaving the file, label at least
three ticks on each axis of every chart, and show a value on hover for its marks. Screenshots of
the full pages are kept beside them for people to look at.

Run after `scripts/html_render_check.sh` (`.ci/run` does); skipped with a message when the
pages or Chromium are missing."""

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = ROOT / "target" / "html-check"
NAMES = ["stats", "stats-side", "score", "compare", "correlate"]

pytest.importorskip("playwright.sync_api")


@pytest.mark.parametrize("name", NAMES)
def test_page_loads_offline_and_every_chart_has_real_axes(browser, name):
    path = PAGES / f"{name}.html"
    if not path.exists():
        pytest.skip(f"{path} is missing: run scripts/html_render_check.sh first")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert errors == []
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    charts = page.locator("figure svg")
    assert charts.count() >= 1
    for i in range(charts.count()):
        svg = charts.nth(i)
        label = svg.get_attribute("aria-label")
        for axis in ("tick-x", "tick-y"):
            ticks = svg.locator(f"text.{axis}")
            assert ticks.count() >= 3, f"{name}: chart '{label}' has {ticks.count()} {axis}"
            assert all(t.strip() for t in ticks.all_text_contents()), label
    marks = page.locator("svg rect.bar, svg circle.point, svg rect.cell")
    if marks.count():
        assert marks.first.locator("title").count() == 1, f"{name}: no hover value"
    page.screenshot(path=str(PAGES / f"{name}.full.png"), full_page=True)
    page.close()
