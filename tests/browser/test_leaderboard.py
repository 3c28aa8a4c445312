"""The leaderboard page driven as a reader would (issue 33), in the system Chromium through
Playwright: sort the systems table, read the Δ matrix, pick two systems from the menus or from
a matrix cell and open their differing examples with the marks. The page must load without a
console error, a dialog or a request leaving the file.

Run after `scripts/html_render_check.sh` (`.ci/run` does): it writes leaderboard.html from the
four built-in baselines on the bundled set (at --level 0.25: six examples) and a page of hostile
system names."""

import pytest

from test_explorer import Opened

pytest.importorskip("playwright.sync_api")


def board_column(page, index):
    return page.locator(f"#board tbody tr td:nth-child({index})").all_text_contents()


def test_the_table_sorts_the_matrix_shows_and_two_systems_open(browser):
    o = Opened(browser, "leaderboard")
    page = o.page
    # Rank order first: oracle, the lead baselines, random-3.
    names = board_column(page, 4)
    assert names[0] == "oracle" and names[-1] == "random-3" and len(names) == 4
    # Sorting by rouge1 (the fifth column) ascending, then descending.
    header = page.locator("#board th", has_text="rouge1")
    header.click()
    means = [float(t.split()[0]) for t in board_column(page, 5)]
    assert means == sorted(means)
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    means = [float(t.split()[0]) for t in board_column(page, 5)]
    assert means == sorted(means, reverse=True)
    # The first matrix: 4 × 3 tested cells, antisymmetric, coloured by significance.
    cells = page.locator("table.matrix").first.locator("td[data-a]")
    assert cells.count() == 12
    classes = cells.evaluate_all("cs => cs.map(c => c.className)")
    assert set(classes) <= {"better", "worse", "same"}
    assert classes.count("better") == classes.count("worse") > 0
    # The page opens on the two best; the menus pick any two.
    rows = o.rows()
    assert rows.count() == 6
    page.select_option("#pick-a", label="lead-3")
    page.select_option("#pick-b", label="lead-1")
    page.click("#pick-show")
    assert page.locator("#explorer").get_attribute("data-pair") is not None
    assert page.locator("#x-table th", has_text="Δ rouge1").count() == 1
    deltas = o.column(5)
    assert deltas == sorted(deltas) and deltas[0] < 0
    rows.first.click()
    detail = page.locator("#x-detail")
    assert "lead-3" in detail.locator(".candidate.base h4").inner_text()
    assert "lead-1" in detail.locator(".candidate.new h4").inner_text()
    # lead-1 keeps a prefix of lead-3: against it, it loses matches and gains none.
    assert detail.locator(".reference mark.loss").count() > 0
    assert detail.locator(".reference mark.gain").count() == 0
    assert detail.locator(".candidate mark.m1").count() > 0
    # A matrix cell opens its pair: the column's system is the base, the row's the new one.
    cell = page.locator("table.matrix").first.locator("tbody tr").first.locator("td[data-a]").first
    cell.click()
    a, b = cell.get_attribute("data-a"), cell.get_attribute("data-b")
    assert page.locator("#explorer").get_attribute("data-pair") == f"{a},{b}"
    assert page.locator("#pick-b option:checked").inner_text() == "oracle"
    o.close("leaderboard")


def test_hostile_system_names_stay_text(browser):
    o = Opened(browser, "hostile-leaderboard")
    page = o.page
    assert page.locator("img").count() == 0
    names = board_column(page, 4)
    assert all("<img" in n for n in names)
    assert page.locator("#pick-a option").first.inner_text().startswith("<img")
    o.close("hostile-leaderboard")
