"""The built example site in headless Chromium: home, issuer, badge, evidence pages, catalog and verify page."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from serve_support import serving
from support import CHROMIUM, NO_CHROMIUM, REPO

from registry.check import check_registry
from registry.publish.build import build_site

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site = build_site(REPO, tmp_path_factory.mktemp("example") / "site", now=NOW)
    with serving(site) as port:
        yield f"http://localhost:{port}/", site


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)  # kept out of git, for debugging
    context.close()
    assert errors == []


def awards_by_status() -> dict[str, str]:
    """One credential id of each status as of NOW."""
    registry = check_registry(REPO).registry
    assert registry is not None
    found: dict[str, str] = {}
    for award in registry.awards.values():
        until = award.valid_until
        kind = ("revoked" if award.id in registry.revocations else
                "expired" if until and until < NOW else "valid")
        found.setdefault(kind, award.id)
    return found


AWARDS = awards_by_status()


def test_home_page(page: Any, served: tuple[str, Path]) -> None:
    base, _ = served
    page.goto(base)
    assert page.title().startswith("credreg demo registry")
    assert page.locator(".credreg-card").count() == 6
    assert page.get_by_text("How to check a credential").is_visible()


def test_issuer_page(page: Any, served: tuple[str, Path]) -> None:
    base, _ = served
    page.goto(base + "issuers/sprintwise/")
    assert page.locator("h1").first.inner_text() == "Sprintwise"
    keys = page.locator("table").filter(has_text="Public key").inner_text()
    assert "key-2024" in keys and "retired" in keys and "key-2025" in keys and "current" in keys
    assert page.get_by_text("accredited by").first.is_visible()


def test_badge_page(page: Any, served: tuple[str, Path]) -> None:
    base, _ = served
    page.goto(base + "badges/northlight-design-school/typography-essentials/")
    assert page.locator("h1").first.inner_text() == "Typography Essentials"
    assert page.get_by_text("Rubric (version 2").is_visible()
    page.get_by_text("Version 1, published").click()  # past rubric versions stay reachable
    assert page.locator("#rubric-v1").get_attribute("open") is not None
    assert page.get_by_text("Leads to:").is_visible()


@pytest.mark.parametrize("status, title", [("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")])
def test_evidence_pages(page: Any, served: tuple[str, Path], status: str, title: str) -> None:
    base, _ = served
    page.goto(base + f"credentials/{AWARDS[status]}/")
    banner = page.locator("#credreg-status")
    assert banner.get_attribute("data-kind") == status
    assert banner.locator("strong").inner_text() == title
    assert page.get_by_text("Assessment results").is_visible()
    assert page.locator(".credreg-log li").count() >= 5
    href = page.get_attribute("a:has-text('Open Badges 3.0 credential')", "href")
    assert href == f"../../credentials/{AWARDS[status]}.json"


def test_catalog_filters(page: Any, served: tuple[str, Path]) -> None:
    base, _ = served
    page.goto(base + "badges/")
    page.select_option("select[name=level]", "micro-credential")
    assert page.locator(".credreg-card:visible").count() == 2
    page.select_option("select[name=level]", "")
    page.fill("input[name=skill]", "accessibility")
    assert page.locator(".credreg-card:visible").count() == 2
    assert page.locator("#credreg-count").inner_text() == "2 badge classes"


def _verdict(page: Any) -> str:
    page.wait_for_selector("#verify-result[data-verdict]", timeout=20_000)
    return str(page.get_attribute("#verify-result", "data-verdict"))


@pytest.mark.parametrize("status, verdict", [("valid", "VALID"), ("revoked", "REVOKED"), ("expired", "EXPIRED")])
def test_verify_page_by_url(page: Any, served: tuple[str, Path], status: str, verdict: str) -> None:
    base, _ = served
    page.goto(base + f"credentials/{AWARDS[status]}/")
    page.click("text=Verify live in your browser")  # the evidence page's link, with the registry's own URL
    assert _verdict(page) == verdict


def test_verify_page_rejects_a_tampered_credential(page: Any, served: tuple[str, Path]) -> None:
    base, site = served
    credential = json.loads((site / "credentials" / f"{AWARDS['valid']}.json").read_text())
    page.goto(base + "verify/")
    page.fill("#credential-input", json.dumps(credential))
    page.click("#verify-button")
    assert _verdict(page) == "VALID"
    credential["credentialSubject"]["achievement"]["name"] = "Something Else Entirely"
    page.fill("#credential-input", json.dumps(credential))
    page.click("#verify-button")
    assert _verdict(page) == "INVALID"


def test_copy_link_button(browser: Any, served: tuple[str, Path]) -> None:
    base, _ = served
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    page.goto(base + f"credentials/{AWARDS['valid']}/")
    page.click("#credreg-copy")
    page.wait_for_selector("#credreg-copy:has-text('Link copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"https://demo.credreg.example/credentials/{AWARDS['valid']}/"
    context.close()
