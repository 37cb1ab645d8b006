"""/insights/ of a real built site in headless Chromium: reached from the nav, its charts render, its tables give the
numbers /api/insights.json gives, nothing is logged as an error and nothing is asked of another origin."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pathways_support import NOW, Stacked, stacked_site
from serve_support import serving, watched_page
from support import CHROMIUM, NO_CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Stacked]]:
    made, site = stacked_site(tmp_path_factory.mktemp("insights-browser"))
    with serving(site) as port:
        yield f"http://localhost:{port}/", made


@pytest.fixture
def page(browser: Any, served: tuple[str, Stacked], tmp_path: Path) -> Iterator[Any]:
    with watched_page(browser, (served[0],), tmp_path / "insights.png") as page:
        yield page


def test_insights_from_the_nav_with_charts_drawn(page: Any, served: tuple[str, Stacked]) -> None:
    base, _ = served
    page.goto(base)
    page.get_by_role("link", name="Insights").first.click()
    page.wait_for_url(base + "insights/")
    assert page.locator("h1").first.inner_text() == "Insights"
    charts = page.locator("svg.credreg-chart-svg")
    assert charts.count() == 5
    for n in range(5):
        chart = charts.nth(n)
        box = chart.bounding_box()
        assert chart.is_visible() and box["width"] > 300 and box["height"] > 100, box
        assert chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-label").startswith("Chart: ")
        # drawn: the bars and the glyphs of the labels are there, each with a size on screen
        assert chart.evaluate("s => [...s.querySelectorAll('path')].filter(p => p.getBBox().width > 0).length") > 10
    figure_ids = page.eval_on_selector_all("figure.credreg-chart", "fs => fs.map(f => f.getAttribute('aria-describedby'))")
    assert all(page.locator(f"#{i}").count() == 1 for i in figure_ids)  # every chart points at its table


def test_tables_give_the_numbers_of_the_json(page: Any, served: tuple[str, Stacked]) -> None:
    base, made = served
    page.goto(base + "insights/")
    doc = page.evaluate("fetch('../api/insights.json').then(r => r.json())")
    assert (doc["asOf"], doc["asOfSource"]) == ("2026-11-28T00:00:00Z", "--now")
    totals = {k: int(page.locator(f'[data-insight="{k}"]').inner_text()) for k in ("awards", "revoked", "expired")}
    assert totals == {k: doc["totals"][k] for k in totals} == {"awards": len(made.ids), "revoked": 2, "expired": 0}
    rows = page.eval_on_selector_all("#credreg-insights-badges-table tbody tr",
                                     "rs => rs.map(r => [r.dataset.key, +r.cells[2].innerText])")
    assert rows == [[b["badge"], b["awards"]] for b in doc["issuance"]["byBadge"] if b["awards"]]
    months = page.eval_on_selector_all("#credreg-insights-months-table tbody tr",
                                       "rs => rs.map(r => [r.cells[0].innerText, +r.cells[4].innerText])")
    assert months == [[m["month"], m["awards"]] for m in doc["issuance"]["byMonth"]]
    rates = page.eval_on_selector_all("#credreg-insights-rates-table tbody tr",
                                      "rs => rs.map(r => [r.dataset.key, r.cells[3].innerText])")
    assert rates == [[i["issuer"], f"{i['revocationRate'] * 100:.1f} %"] for i in doc["issuance"]["byIssuer"]
                     if i["awards"]]
    page.locator("#credreg-insights-badges-table a", has_text="Python Developer").click()
    page.wait_for_url(base + "badges/acme/python-developer/")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from datetime import datetime, timezone

    from insights_support import write_hostile
    from support import award_for

    from registry.publish.build import build_site
    work = tmp_path_factory.mktemp("insights-hostile-browser")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDREG_CACHE_DIR", str(work / "cache"))
        root = write_hostile(work / "registry")
        award_for(root, datetime(2026, 3, 1, tzinfo=timezone.utc), results={"quality": "good"})
        site = build_site(root, work / "site", now=NOW)
    with serving(site) as port:
        yield f"http://localhost:{port}/"


def test_hostile_names_run_nothing(browser: Any, hostile: str) -> None:
    from insights_support import HOSTILE_BADGE, HOSTILE_ISSUER
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile + "insights/")
    page.locator("svg.credreg-chart-svg").first.wait_for()
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.locator("#credreg-insights-badges-table tbody tr th").first.inner_text() == HOSTILE_BADGE
    assert page.locator("#credreg-insights-issuers-table tbody tr th").first.inner_text() == HOSTILE_ISSUER
    assert page.locator("svg.credreg-chart-svg script, svg.credreg-chart-svg foreignObject, .credreg-page img").count() == 0
    context.close()
