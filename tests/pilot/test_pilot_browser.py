"""The HTML pilot report in headless Chromium: its SVG charts render, hostile candidate ids stay text, and the page
logs no error and asks nothing of any origin (it is one self-contained file)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pilot_support import EXAMPLE, run_cli, write_csv
from serve_support import serving
from support import CHROMIUM, NO_CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("pilot-browser")
    reports = [str(p) for p in sorted(EXAMPLE.glob("verify-*.json"))]
    assert run_cli(["pilot", str(EXAMPLE / "outcomes.csv"), "--format", "html", "--out", str(work / "example"),
                    "--verifications", *reports])[0] == 0
    csv = write_csv(work, ['"' + HOSTILE.replace('"', '""') + '",badged,2026-09-01,yes,2026-09-09,4,id-1',
                           "c1,control,2026-09-01,yes,2026-09-19,3,"])
    report = work / "report.json"
    report.write_text(json.dumps({"version": 1, "valid": False, "results": [
        {"source": HOSTILE, "id": "https://r.example/credentials/id-1.json", "verdict": "revoked", "valid": False,
         "steps": []}]}), encoding="utf-8")
    assert run_cli(["pilot", str(csv), "--format", "html", "--out", str(work / "hostile"),
                    "--verifications", str(report)])[0] == 0
    with serving(work) as port:
        yield f"http://localhost:{port}/"


@pytest.fixture
def page(browser: Any, served: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("response", lambda res: problems.append(f"{res.status}: {res.url}") if res.status >= 400 else None)
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.requests = requests  # type: ignore[attr-defined]
    yield page
    context.close()
    assert problems == []


def test_charts_render(page: Any, served: str) -> None:
    page.goto(served + "example/index.html")
    assert page.locator("h1").inner_text() == "Pilot report"
    figures = page.locator("figure.credreg-chart")
    assert figures.count() == 6
    for index in range(6):
        figure = figures.nth(index)
        box = figure.locator("svg").bounding_box()
        assert figure.is_visible() and box["width"] > 300 and box["height"] > 80, figure.get_attribute("aria-label")
        assert figure.locator("svg path").count() > 10  # drawn: axes, glyphs as paths, bars or points
    assert page.locator("table.credreg-pilot-groups td", has_text="49").count() >= 1
    assert page.locator("table.credreg-pilot-failed tr").count() == 14  # a header and 13 failed verifications
    assert page.requests == [served + "example/index.html"]  # type: ignore[attr-defined]


def test_hostile_candidate_ids_are_text(page: Any, served: str) -> None:
    page.goto(served + "hostile/index.html")
    cell = page.locator("table.credreg-pilot-failed td").first
    assert cell.inner_text() == HOSTILE
    assert page.locator("main img").count() == 0 and page.locator("script").count() == 0
    assert page.requests == [served + "hostile/index.html"]  # type: ignore[attr-defined]
