"""A recruiter's first look at the built example site in headless Chromium: evidence pages in the site's own frame
(header, tabs, column width, favicon), the theme's scripts running under the evidence page's policy, visible form
fields, and titles that say each thing once."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from serve_support import serving, watched_page
from support import CHROMIUM, NO_CHROMIUM, REPO

from registry.model import Registry
from registry.publish.build import build_site

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
NOW = datetime(2026, 12, 3, tzinfo=timezone.utc)
SITE_NAME = "credreg demo registry"
BADGE_PAGE = "badges/sprintwise/sprint-ready-frontend/"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(REPO, tmp_path_factory.mktemp("frame") / "site", now=NOW)
    with serving(site) as port:
        yield f"http://localhost:{port}/"


@pytest.fixture(scope="module")
def evidence(registry: Registry) -> str:
    """The evidence page of an award of the badge class on BADGE_PAGE."""
    award = next(a for a in registry.awards.values() if a.badge_key == "sprintwise/sprint-ready-frontend")
    return f"credentials/{award.id}/"


@pytest.fixture
def page(browser: Any, served: str, tmp_path: Path) -> Iterator[Any]:
    with watched_page(browser, (served,), tmp_path / "page.png") as page:
        yield page


LOOK = """() => {
  const box = e => e ? Math.round(e.getBoundingClientRect().width) : null;
  const font = e => e ? getComputedStyle(e).fontSize : null;
  return {header: !!document.querySelector('header.md-header'), tabs: !!document.querySelector('nav.md-tabs'),
          search: !!document.querySelector('.md-search__input'), column: box(document.querySelector('.md-content')),
          tab: font(document.querySelector('.md-tabs__link')), text: font(document.querySelector('article.md-typeset')),
          footer: !!document.querySelector('footer.md-footer')};
}"""


def search(page: Any, query: str) -> list[str]:
    """The theme's search results for `query`, typed as a reader types it once the page (and the search
    worker's index) has loaded."""
    page.wait_for_load_state("networkidle")
    page.click("input.md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return list(page.locator(".md-search-result__item").all_inner_texts())


def test_an_evidence_page_has_the_site_frame(page: Any, served: str, evidence: str) -> None:
    page.goto(served + BADGE_PAGE)
    badge = page.evaluate(LOOK)
    page.goto(served + evidence)
    assert page.evaluate(LOOK) == badge
    assert badge["header"] and badge["tabs"] and badge["footer"] and badge["column"] < 1000
    assert page.title() == f"Sprint-Ready Front-end Developer · Sprintwise - {SITE_NAME}"
    assert page.locator(".md-header__topic").last.inner_text() == "Sprint-Ready Front-end Developer · Sprintwise"
    page.get_by_role("link", name="Pathways").first.click()  # the theme's tabs lead on, as on any page
    page.wait_for_url(served + "pathways/")


def test_the_theme_search_works_on_an_evidence_page(page: Any, served: str, evidence: str) -> None:
    """The theme's inline scripts run under the page's Content-Security-Policy (by their hashes) and its search
    worker starts: a recruiter can search from an evidence page."""
    page.goto(served + evidence)
    assert any("Accessible UI Engineering" in r for r in search(page, "accessibility"))


@pytest.mark.parametrize("path", ["", BADGE_PAGE, "verify/", "evidence"])
def test_every_page_has_the_registry_favicon(page: Any, served: str, evidence: str, path: str) -> None:
    page.goto(served + (evidence if path == "evidence" else path))
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href.endswith("assets/credreg/favicon.svg")
    response = page.request.get(page.evaluate("h => new URL(h, location.href).href", href))
    assert response.status == 200 and response.body().startswith(b"<svg")


@pytest.mark.parametrize("path, field", [("badges/", "input[name=skill]"), ("verify/", "#recipient-email")])
def test_form_fields_have_visible_borders(page: Any, served: str, path: str, field: str) -> None:
    page.goto(served + path)
    style = page.locator(field).evaluate("e => { const s = getComputedStyle(e); return [s.borderTopWidth, "
                                         "s.borderTopStyle, s.borderTopColor]; }")
    assert style[0] == "1px" and style[1] == "solid" and style[2] not in ("rgba(0, 0, 0, 0)", "transparent")


def test_titles_say_each_thing_once(page: Any, served: str) -> None:
    page.goto(served)
    assert page.title() == SITE_NAME
    page.goto(served + "badges/sprintwise/accessible-ui/")
    meta = page.locator(".credreg-profile .credreg-card__meta").first.inner_text()
    assert meta.startswith("Badge · issued by") and "(Badge)" not in meta


def test_search_results_keep_words_apart(page: Any, served: str) -> None:
    """Table cells and rubric levels are indexed as separate words: a search for a rubric level finds it, and
    the shown text has a space where the page has a cell boundary."""
    page.goto(served + "issuers/")
    shown = " ".join(search(page, "Credentials"))
    assert "KindCredentials" not in shown and "sCredentials" not in shown
