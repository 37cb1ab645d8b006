"""Labels in headless Chromium on the example site served statically: the catalog's label filter shows only the
cards of that label (and reads ?label= from the address), and the evidence page of an award made before its
badge class was accredited shows no accredited pill."""
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
from registry.publish.endorsements import badge_label

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
LABELS = {"accredited": {"northlight-design-school/product-design-certificate", "sprintwise/vetted-frontend-developer"},
          "co-branded": {"northlight-design-school/ux-research-basics"}}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(REPO, tmp_path_factory.mktemp("labels") / "site", now=NOW)
    with serving(site) as port:
        yield f"http://localhost:{port}/"


@pytest.fixture
def page(browser: Any, served: str, tmp_path: Path) -> Iterator[Any]:
    with watched_page(browser, (served,), tmp_path / "page.png") as page:
        yield page


def visible_cards(page: Any) -> set[str]:
    """The badge keys of the catalog cards a reader sees."""
    hrefs = page.eval_on_selector_all(".credreg-card", "cards => cards.filter(c => c.offsetParent !== null)"
                                      ".map(c => c.getAttribute('href'))")
    return {h.strip("/") for h in hrefs}


def test_catalog_label_filter_shows_only_that_label(page: Any, served: str, registry: Registry) -> None:
    expected = {**LABELS, "in-house": set(registry.badges) - LABELS["accredited"] - LABELS["co-branded"]}
    assert {k for k, b in registry.badges.items() if badge_label(registry, b, NOW).value == "in-house"} == \
        expected["in-house"]
    page.goto(served + "badges/")
    assert visible_cards(page) == set(registry.badges)
    for label, keys in expected.items():
        page.select_option("select[name=label]", label)
        assert visible_cards(page) == keys, label
        count = len(keys)
        assert page.locator("#credreg-count").inner_text() == f"{count} badge class{'es' if count != 1 else ''}"
        for card in page.locator(".credreg-card:visible").all():
            assert card.locator(f".credreg-label--{label}").is_visible()
    page.select_option("select[name=level]", "badge")  # with another filter: both must hold
    page.select_option("select[name=label]", "accredited")
    assert visible_cards(page) == set() and page.locator("#credreg-count").inner_text() == "0 badge classes"
    page.select_option("select[name=level]", "micro-credential")
    assert visible_cards(page) == {"sprintwise/vetted-frontend-developer"}
    page.select_option("select[name=level]", "full-credential")
    assert visible_cards(page) == {"northlight-design-school/product-design-certificate"}
    page.select_option("select[name=level]", "")
    page.select_option("select[name=label]", "")
    assert visible_cards(page) == set(registry.badges)
    page.goto(served + "badges/?label=co-branded")
    assert visible_cards(page) == LABELS["co-branded"]


def test_award_before_its_accreditation_shows_no_accredited_pill(page: Any, served: str, registry: Registry) -> None:
    (award, *_) = sorted((a for a in registry.awards.values()
                          if a.badge_key == "northlight-design-school/product-design-certificate"), key=lambda a: a.id)
    assert award.awarded.date().isoformat().startswith("2026-03")
    page.goto(served + f"credentials/{award.id}/")
    row = page.locator("#credreg-award-label")
    assert row.locator(".credreg-label").inner_text() == "In-house"
    assert page.locator(".credreg-label--accredited").count() == 0
    assert page.locator(".credreg-tag--ok").count() == 0  # nor the old green "Accredited by" tag
    assert row.locator(".credreg-endorsement-line").inner_text() == (
        "Not accredited by Open Skills Accreditation Council on the award date: it began on 2026-04-01, after the award")
    page.click("#credreg-award-label a.credreg-label")  # the pill explains itself
    page.wait_for_url("**/insights/labels/#in-house")
    assert page.locator("h2#in-house").is_visible()
    page.goto(served + "badges/northlight-design-school/product-design-certificate/")
    assert page.locator("#credreg-label").inner_text() == "Label: Accredited"  # as of the build, it is
