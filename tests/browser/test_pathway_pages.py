"""A stacked registry's site in headless Chromium: pathway SVGs render and their links navigate, the evidence page
shows the later-revocation warning and what recruiters ask first, its live verification still works, and no
page logs an error or asks anything of another origin."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pathways_support import REVOKED_REASON, Stacked, stacked_site
from serve_support import serving, watch
from support import CHROMIUM, NO_CHROMIUM, SITE_URL

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Stacked]]:
    made, site = stacked_site(tmp_path_factory.mktemp("stacked-browser"))
    with serving(site) as port:
        yield f"http://localhost:{port}/", made


@pytest.fixture
def page(browser: Any, served: tuple[str, Stacked], tmp_path: Path) -> Iterator[Any]:
    base, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    # Only the serving origin; and the registry's own host, which in production is that origin (so it is served
    # from here): the verify page shows a credential's image from the URL signed into it.
    problems = watch(page, (base, SITE_URL))
    site = served[1].root.parent / "site"
    page.route(SITE_URL + "**", lambda route: route.fulfill(path=site / route.request.url[len(SITE_URL):]))
    yield page
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)  # kept out of git, for debugging
    context.close()
    assert problems == []


def _boxes(page: Any) -> dict[str, Any]:
    """Each drawn badge class's on-screen box, by badge key."""
    return page.eval_on_selector_all(
        "svg.credreg-pathway-svg a.credreg-pathway-node",
        "els => Object.fromEntries(els.map(a => { const r = a.getBoundingClientRect();"
        " return [a.dataset.badge, {w: r.width, h: r.height, x: r.x, y: r.y}]; }))")


def test_badge_page_pathway_renders_and_links_navigate(page: Any, served: tuple[str, Stacked]) -> None:
    base, _ = served
    page.goto(base + "badges/acme/python-developer/")
    svg = page.locator("svg.credreg-pathway-svg")
    assert svg.is_visible() and svg.get_attribute("role") == "img"
    boxes = _boxes(page)
    assert set(boxes) == {"acme/intro-python", "acme/testing-basics", "acme/git-basics", "acme/python-developer",
                          "acme/python-engineer"}
    assert all(b["w"] > 100 and b["h"] > 30 for b in boxes.values())
    assert boxes["acme/intro-python"]["x"] < boxes["acme/python-developer"]["x"] < boxes["acme/python-engineer"]["x"]
    assert page.locator("svg.credreg-pathway-svg text", has_text="any 1 of 2").is_visible()
    assert page.locator(".credreg-pathway-list", has_text="requires all of: Intro to Python").is_visible()
    page.locator('svg.credreg-pathway-svg a[data-badge="acme/python-engineer"]').click()
    page.wait_for_url(base + "badges/acme/python-engineer/")
    assert page.locator("h1").first.inner_text() == "Python Engineer"
    assert page.locator('svg.credreg-pathway-svg a[aria-current="page"]').get_attribute("data-badge") == \
        "acme/python-engineer"


def test_pathways_overview_from_the_nav(page: Any, served: tuple[str, Stacked]) -> None:
    base, _ = served
    page.goto(base)
    page.locator(".md-nav__link", has_text="Pathways").first.click()
    page.wait_for_url(base + "pathways/")
    assert page.locator("svg.credreg-pathway-svg").count() == 1 and len(_boxes(page)) == 5
    page.locator('svg.credreg-pathway-svg a[data-badge="acme/git-basics"]').click()
    page.wait_for_url(base + "badges/acme/git-basics/")


def test_evidence_page_warns_and_answers_recruiters(page: Any, served: tuple[str, Stacked]) -> None:
    base, made = served
    page.goto(base + f"credentials/{made.ids['ada-developer']}/")
    warning = page.locator("#credreg-stack-warning")
    assert warning.is_visible()
    assert f"Testing Basics was revoked on 2026-05-01: {REVOKED_REASON}" in warning.inner_text()
    assert "Acme Training decided on 2026-05-03 to keep this credential" in page.locator("#credreg-kept").inner_text()
    facts = page.locator("#credreg-facts")
    assert facts.is_visible()
    text = facts.inner_text()
    for line in ("Assessment\tproject, interview", "Proctored\tno", "Identity checked\tyes",
                 "Label on the award date\tIn-house for rubric version 1",
                 "Not accredited by Skills Council on the award date: it began on 2026-03-01, after the award"):
        assert line in text
    assert page.locator("svg.credreg-pathway-svg").is_visible() and len(_boxes(page)) == 5  # its compact pathway
    page.locator(".credreg-components a", has_text="Testing Basics").click()
    page.wait_for_url(base + f"credentials/{made.ids['ada-testing']}/")
    assert page.locator("#credreg-status").get_attribute("data-kind") == "revoked"
    assert page.locator("#credreg-counts-towards").is_visible()


def test_live_verification_still_works_on_a_stacked_award(page: Any, served: tuple[str, Stacked]) -> None:
    base, made = served
    page.goto(base + f"credentials/{made.ids['bob-developer']}/")
    assert page.locator("#credreg-facts").get_by_text("Accredited by Skills Council on the award date").is_visible()
    assert "has recorded no decision" in page.locator("#credreg-kept").inner_text()
    assert page.locator(".credreg-log li").count() >= 5
    page.click("text=Verify live in your browser")
    page.wait_for_selector("#verify-result[data-verdict]", timeout=20_000)
    assert page.get_attribute("#verify-result", "data-verdict") == "VALID"
